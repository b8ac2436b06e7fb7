"""Answer prompts with a GGUF in a child process, one JSON line per answer as it is produced.

A child process per candidate gives each model its own peak-RSS figure, keeps a llama.cpp crash
from taking the pipeline down, and lets the parent judge answers while the next ones are being
generated. The output file is appended line by line, so an interrupted run resumes after the last
answer it wrote (the file name carries the GGUF's digest, so answers of another file are never reused).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from roletune.errors import RoletuneError


def _answer_all(gguf: str, items: Sequence[dict[str, Any]], out_path: str, n_ctx: int, threads: int | None,
                seed: int) -> int:
    """Runs in the child: answer every item, append a line each, return the peak RSS in bytes."""
    from roletune.proc_memory import peak_rss
    from roletune.runtime.engine import Engine

    with Engine(gguf, n_ctx=n_ctx, threads=threads, seed=seed) as engine, open(out_path, "a", encoding="utf-8") as fh:
        for item in items:
            prompt = engine.render(item["messages"], template_kwargs=item.get("template_kwargs"))
            g = engine.generate(prompt, max_tokens=item["max_tokens"], temperature=0.0, seed=seed)
            row = {"id": item["id"], "answer": g.text, "prompt_tokens": g.prompt_tokens,
                   "completion_tokens": g.completion_tokens, "finish_reason": g.finish_reason,
                   "ttft_s": round(g.ttft_s, 4), "latency_s": round(g.latency_s, 4),
                   "tokens_per_s": round(g.tokens_per_s, 2)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
        return peak_rss()


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
    gguf: Path,
    items: Sequence[dict[str, Any]],
    out_path: Path,
    *,
    n_ctx: int,
    threads: int | None,
    seed: int = 0,
    on_answer: Callable[[dict[str, Any]], None] | None = None,
    poll_s: float = 0.2,
) -> tuple[dict[str, dict[str, Any]], int | None]:
    """Answers by id (resuming from `out_path`) and the child's peak RSS (None if nothing was left to do)."""
    _trim_incomplete(out_path)
    done = read_answers(out_path)
    todo = [it for it in items if it["id"] not in done]
    for row in done.values():
        if on_answer:
            on_answer(row)
    if not todo:
        return done, None
    seen = set(done)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        future = pool.submit(_answer_all, str(gguf), todo, str(out_path), n_ctx, threads, seed)
        while True:
            finished = future.done()
            for key, row in read_answers(out_path).items():
                if key not in seen:
                    seen.add(key)
                    done[key] = row
                    if on_answer:
                        on_answer(row)
            if finished:
                break
            time.sleep(poll_s)
        try:
            peak = future.result()
        except Exception as exc:  # the child died or the engine failed: say which model
            raise RoletuneError(f"generation with {gguf.name} failed: {exc}") from exc
    return done, peak
