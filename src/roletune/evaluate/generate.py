"""Answer prompts with a GGUF through llama-server, the engine the agents are served by.

Each candidate gets its own llama-server process with `parallel` slots; the prompts go to its
OpenAI-compatible chat endpoint several at a time (greedy, seeded), so the model renders them with
the GGUF's own chat template and the same switches as serving, and the answers judged are the ones
the agents will get. A process per candidate also gives each model its own peak-RSS figure and
keeps a llama.cpp crash from taking the pipeline down. The output file is appended line by line as
answers arrive, so an interrupted run resumes after the last answer it wrote (the file name carries
the GGUF's digest, so answers of another file are never reused).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from roletune.errors import RoletuneError
from roletune.runtime.llama_server import LlamaServer, ServerSpec

REQUEST_TIMEOUT_S = 900.0  # one answer of a slow model on a busy CPU; a hung server still ends


def _answer_all(server: LlamaServer, items: Sequence[dict[str, Any]], out_path: Path, seed: int,
                on_row: Callable[[dict[str, Any]], None]) -> None:
    """Send every item, `parallel` at a time; append each answer's line as soon as it is complete."""
    import httpx

    from roletune.runtime.chat_client import stream_chat

    lock = threading.Lock()
    url = f"{server.url}/v1/chat/completions"
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client, open(out_path, "a", encoding="utf-8") as fh:

        def one(item: dict[str, Any]) -> None:
            # Greedy and without the prompt cache: a prompt resumed from cache prefills its tail in a
            # smaller batch whose float sums differ in the last bits and can flip a greedy choice, so
            # an answer would depend on what was asked before it (and a resumed run would differ).
            body = {"model": server.spec.alias, "messages": item["messages"], "max_tokens": item["max_tokens"],
                    "temperature": 0.0, "seed": seed, "cache_prompt": False}
            answer = stream_chat(client, url, body, headers=server.headers)
            row = {"id": item["id"], **answer.row()}
            with lock:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
            on_row(row)

        with ThreadPoolExecutor(max(1, server.spec.parallel)) as pool:
            for future in [pool.submit(one, item) for item in items]:
                future.result()


def read_answers(path: Path) -> dict[str, dict[str, Any]]:
    """Complete lines only: a line cut by a kill has no newline and is dropped."""
    if not path.exists():
        return {}
    answers = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.endswith("\n"):
                row = json.loads(line)
                answers[row["id"]] = row
    return answers


def _trim_incomplete(path: Path) -> None:
    if path.exists():
        data = path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut != len(data):
            path.write_bytes(data[:cut])


def generate_answers(
    spec: ServerSpec,
    items: Sequence[dict[str, Any]],
    out_path: Path,
    *,
    seed: int = 0,
    on_answer: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[dict[str, dict[str, Any]], int | None]:
    """Answers by id (resuming from `out_path`) and the server's peak RSS (None if nothing was left to do)."""
    _trim_incomplete(out_path)
    done = read_answers(out_path)
    todo = [it for it in items if it["id"] not in done]
    for row in done.values():
        if on_answer:
            on_answer(row)
    if not todo:
        return done, None

    def record(row: dict[str, Any]) -> None:
        done[row["id"]] = row
        if on_answer:
            on_answer(row)

    # A slot per prompt at most: llama-server reserves every slot's context up front.
    spec = replace(spec, parallel=max(1, min(spec.parallel, len(todo))))
    server = LlamaServer(spec, log_path=out_path.with_suffix(".llama-server.log"))
    try:
        with server:
            _answer_all(server, todo, out_path, seed, record)
            peak = server.peak_rss()
    except RoletuneError:
        raise
    except Exception as exc:  # the server died or answered with an error: say which model
        raise RoletuneError(f"generation with {spec.gguf.name} failed: {exc}",
                            hint=f"llama-server's log: {server.log_path}\n{server.log_tail(10)}") from exc
    server.log_path.unlink(missing_ok=True)
    return done, peak
