"""Tool-use examples answered as agent episodes (evaluate/agent.py) by one candidate GGUF.

The model is asked through the role layer in front of its own llama-server, as `roletune serve`
serves it: a chat template that renders `tools` gets them from llama-server (`--jinja`, which also
parses the calls); one that ignores them (SmolLM2's, the test models') gets them described in the
system turn and its `<tool_call>` blocks turned into OpenAI `tool_calls` (serve/tools.py). So one
path serves every family, and what is measured is what the agents get. Each episode's line is
appended to `out_path` when it ends, so an interrupted evaluation resumes after it.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from roletune.data.schema import Example
from roletune.evaluate.agent import ChatFn, Reply, run_agent
from roletune.evaluate.generate import REQUEST_TIMEOUT_S, _trim_incomplete, read_answers
from roletune.runtime.llama_server import LlamaServer, ServerSpec, Supervisor

MODEL = "roletune"  # the pass-through model id: the example's own system turn is the role's prompt


def http_chat(client: Any, base_url: str, *, max_tokens: int, seed: int,
              template_kwargs: dict[str, Any] | None) -> ChatFn:
    """A ChatFn over an OpenAI-compatible server (greedy, seeded, streamed to time the first token)."""
    from roletune.runtime.chat_client import stream_chat

    def chat(messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> Reply:
        body: dict[str, Any] = {"model": MODEL, "messages": messages, "tools": tools, "max_tokens": max_tokens,
                                "temperature": 0.0, "seed": seed, "cache_prompt": False}
        if template_kwargs:
            body["chat_template_kwargs"] = template_kwargs
        a = stream_chat(client, f"{base_url}/v1/chat/completions", body)
        return Reply(a.text, a.tool_calls, completion_tokens=a.completion_tokens, prompt_tokens=a.prompt_tokens,
                     finish_reason=a.finish_reason, ttft_s=a.ttft_s, latency_s=a.latency_s)

    return chat


def run_episodes(spec: ServerSpec, examples: Sequence[Example], out_path: Path, *, roles: dict[str, Any],
                 max_tokens: Callable[[Example], int], template_kwargs: Callable[[Example], dict[str, Any] | None],
                 seed: int = 0, on_answer: Callable[[dict[str, Any]], None] | None = None,
                 ) -> tuple[dict[str, dict[str, Any]], int | None]:
    """Rows by id (resuming from `out_path`) and the engine's peak RSS (None if nothing was left)."""
    import httpx

    from roletune.serve.app import ServerSettings
    from roletune.serve.local import LocalRoleLayer

    _trim_incomplete(out_path)
    done = read_answers(out_path)
    for row in done.values():
        if on_answer:
            on_answer(row)
    todo = [ex for ex in examples if ex.id not in done]
    if not todo:
        return done, None
    spec = replace(spec, parallel=max(1, min(spec.parallel, len(todo))))
    settings = ServerSettings(roles=roles, parallel=spec.parallel, queue=len(todo),
                              max_tokens_cap=max(max_tokens(ex) for ex in todo))
    lock = threading.Lock()
    # Supervised as `roletune serve` runs it: an engine that exits mid-episode is restarted and the
    # role layer's request waits for it, instead of every later episode failing.
    server = LlamaServer(spec, log_path=out_path.with_suffix(".llama-server.log"))
    engine = Supervisor(server, log=lambda message: print(f"evaluate: {message}", file=sys.stderr))
    with engine, LocalRoleLayer(engine, settings) as layer, httpx.Client(timeout=REQUEST_TIMEOUT_S) as client, \
            open(out_path, "a", encoding="utf-8") as fh:

        def one(ex: Example) -> None:
            chat = http_chat(client, layer.base_url, max_tokens=max_tokens(ex), seed=seed,
                             template_kwargs=template_kwargs(ex))
            episode = run_agent(chat, ex)
            row = {"id": ex.id, **episode.answer_row(), **episode.row()}
            with lock:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
                done[ex.id] = row
            if on_answer:
                on_answer(row)

        with ThreadPoolExecutor(spec.parallel) as pool:
            for future in [pool.submit(one, ex) for ex in todo]:
                future.result()
        peak = server.peak_rss()
    server.log_path.unlink(missing_ok=True)
    return done, peak
