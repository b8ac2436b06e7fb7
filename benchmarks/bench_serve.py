"""Serving benchmark, side by side in one run, on the same GGUF (SmolLM2 Q4_K_M by default):

(a) decode tokens/s through the server (HTTP, streaming) vs raw llama-cpp-python  → target ≥ 0.95×
(b) time to first token with the role prompt cached vs cold                      → target ≤ 0.2×
(c) aggregate tokens/s of 4 concurrent agents vs 1                                → target ≥ 1.5× on 2 cores

    python benchmarks/bench_serve.py [--gguf FILE] [--parallel 2] [--tokens 96]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import bench_gguf, print_ratio  # noqa: E402

from roletune.config import load_config  # noqa: E402

PROMPT = "Write `parse_size(text: str) -> int` that turns '10KB' or '3 MB' into bytes."


# One client for every request, as an agent keeps one: a fresh httpx client per request builds an
# SSL context each time (~15 ms here), which is the client's cost, not the server's.
CLIENT = httpx.Client(timeout=300, limits=httpx.Limits(max_connections=16))


def _stream(base: str, model: str, content: str, max_tokens: int) -> tuple[float, float, int]:
    """(time to first token, seconds of decoding after it, completion tokens) of one streamed request."""
    body = {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": max_tokens,
            "temperature": 0, "stream": True, "stream_options": {"include_usage": True}}
    start = time.perf_counter()
    first = None
    tokens = 0
    with CLIENT.stream("POST", f"{base}/v1/chat/completions", json=body) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk["choices"] and chunk["choices"][0]["delta"].get("content") and first is None:
                first = time.perf_counter()
            if chunk.get("usage"):
                tokens = chunk["usage"]["completion_tokens"]
    end = time.perf_counter()
    first = first or end
    return first - start, end - first, tokens


def raw_decode_rate(gguf: Path, threads: int, prompt_messages: list[dict], max_tokens: int) -> float:
    from llama_cpp import Llama

    llm = Llama(model_path=str(gguf), n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)
    try:
        rates = []
        for _ in range(3):
            llm.reset()
            first = None
            n = 0
            for chunk in llm.create_chat_completion(messages=prompt_messages, max_tokens=max_tokens, temperature=0,
                                                    stream=True):
                if chunk["choices"][0]["delta"].get("content"):
                    first = first or time.perf_counter()
                    n += 1
            rates.append((n - 1) / (time.perf_counter() - first))
        return statistics.median(rates)
    finally:
        llm.close()


LONG_RULES = " ".join([
    "House rules: target Python 3.11; use type hints on every public function; prefer the standard library;",
    "raise ValueError with a message that names the bad argument; never print, return values instead;",
    "keep functions under 30 lines; no global state; pure functions where possible; docstrings in one line;",
    "handle empty inputs explicitly; treat None as missing, not as zero; use pathlib for paths; f-strings only;",
    "no wildcard imports; constants in UPPER_CASE at module top; dataclasses for records; enumerate over range(len);",
    "tests use pytest, plain asserts, one behaviour per test, parametrize tables for edge cases;",
    "time is UTC and timezone-aware; money is Decimal; sort results for stable output; no network access.",
] * 3)


def _report_ttft(server, prompt_label: str) -> None:
    """(b): median time to first token of 5 requests with the coder prompt cached, and of 5 cold ones."""
    base, slot = server.base, server.pool.slots[0]
    print(f"    with {prompt_label} {len(server.pool.role_prefixes['coder'])}-token coder prompt:")
    cached, cold = [], []
    for i in range(5):
        cached.append(_stream(base, "roletune-coder", f"Task {i}: say ok.", 2)[0])
    saved, slot.role_states = slot.role_states, {}
    for i in range(5):
        slot.executor.submit(slot.engine.llm.reset).result()
        cold.append(_stream(base, "roletune-coder", f"Task {i}: say ok.", 2)[0])
    slot.role_states = saved
    print_ratio("(b) time to first token, cached role prompt / cold", statistics.median(cached), statistics.median(cold),
                target="<= 0.2", unit="s")


def _raw_in_child(gguf: Path, threads: int, messages: list[dict], max_tokens: int) -> float:
    """Raw llama-cpp-python in a fresh process: llama.cpp's OpenMP teams in the benchmark's own
    process (the server's) would slow it down (see runtime/slots.py) and flatter the server."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(raw_decode_rate, gguf, threads, messages, max_tokens).result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gguf", type=Path, help="GGUF to serve (default: the embedded SmolLM2 as Q4_K_M)")
    parser.add_argument("--parallel", type=int, default=2, help="slots of the server for (c)")
    parser.add_argument("--tokens", type=int, default=96)
    args = parser.parse_args()
    gguf = args.gguf or bench_gguf("Q4_K_M")
    threads = os.cpu_count() or 2
    roles = load_config(None).roles
    system = roles["coder"].system_prompt
    print(f"model {gguf.name}, {threads} threads; (a) and (b) on 1 slot, (c) on {args.parallel} slots")
    raw = _raw_in_child(gguf, threads, [{"role": "system", "content": system}, {"role": "user", "content": PROMPT}],
                        args.tokens)

    from test_serve import RunningServer

    # (b) also with a longer role prompt, as production agents carry (instructions, conventions, tools).
    long_roles = dict(roles)
    long_roles["coder"] = roles["coder"].model_copy(update={"system_prompt": roles["coder"].system_prompt + " " + LONG_RULES})
    server = RunningServer(gguf, parallel=1, queue=16, max_tokens_cap=1024, n_ctx=2048, roles=long_roles)
    try:
        _report_ttft(server, "a")
    finally:
        server.stop()

    server = RunningServer(gguf, parallel=1, queue=16, max_tokens_cap=1024, n_ctx=2048)
    try:
        base = server.base
        _stream(base, "roletune-coder", PROMPT, 8)  # warm-up
        # (a) decode rate, one agent, server vs raw llama-cpp-python (in its own process)
        served = []
        for i in range(3):
            _, decode_s, n = _stream(base, "roletune-coder", f"{PROMPT} ({i})", args.tokens)
            served.append((n - 1) / decode_s)
        print_ratio("(a) decode tokens/s, server / raw llama-cpp-python", statistics.median(served), raw, target=">= 0.95")
        # (b) time to first token: role prompt cached vs cold (context reset, no role states)
        _report_ttft(server, "the shipped")
    finally:
        server.stop()

    server = RunningServer(gguf, parallel=args.parallel, queue=16, max_tokens_cap=1024, n_ctx=2048)
    try:
        base = server.base

        def agent(i: int) -> int:
            return _stream(base, f"roletune-{list(roles)[i % len(roles)]}", f"{PROMPT} Variant {i}.", args.tokens)[2]

        agent(0)  # warm-up
        start = time.perf_counter()
        single = agent(0) / (time.perf_counter() - start)
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            total = sum(pool.map(agent, range(1, 5)))
        concurrent = total / (time.perf_counter() - start)
        print_ratio(f"(c) aggregate tokens/s, 4 concurrent agents / 1 ({args.parallel} slots)", concurrent, single,
                    target=">= 1.5")
        print_ratio("    4 agents on this server / 1 agent alone on the whole machine (raw)", concurrent, raw,
                    target="info")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
