"""Serving benchmark, side by side in one run, on the same GGUF and the same messages:

(a) 4 concurrent agents through `roletune serve` (role layer + llama-server -np 4) vs llama-server
    -np 4 directly: aggregate tokens/s → target ≥ 0.95×; mean latency → target ≤ 1.05×
(b) one agent: decode tokens/s through `roletune serve` vs llama-server directly → target ≥ 0.95×
(c) time to first token with the role prompt cached vs a cold prompt of the same length → target ≤ 0.2×
(d) a memory-bound model — random weights in a real family's shape (Qwen3-1.7B, its real tokenizer)
    as Q4_K_M, built here once and cached — 4 agents' aggregate tokens/s vs 1 agent (llama-server's)

The two servers run one at a time, alternating, so the machine's noise falls on both.

    python benchmarks/bench_serve.py [--gguf FILE] [--tokens 128] [--rounds 3] [--skip-memory-bound]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from common import CACHE, bench_gguf, print_ratio  # noqa: E402

from roletune.config import load_config  # noqa: E402
from roletune.runtime.chat_client import Answer, stream_chat  # noqa: E402
from roletune.runtime.llama_server import LlamaServer, free_port, serve_spec  # noqa: E402

ROLES = load_config(None).roles
TASKS = ["Write `parse_size(text: str) -> int` that turns '10KB' or '3 MB' into bytes.",
         "Write pytest tests for `slugify(text: str) -> str`.",
         "Summarise the trade-offs of optimistic locking in three points.",
         "Plan the steps to add rate limiting to our API, as JSON."]
AGENTS = ["coder", "tester", "researcher", "coordinator"]
LONG_RULES = " ".join([
    "House rules: target Python 3.11; use type hints on every public function; prefer the standard library;",
    "raise ValueError with a message that names the bad argument; never print, return values instead;",
    "keep functions under 30 lines; no global state; pure functions where possible; docstrings in one line;",
    "handle empty inputs explicitly; treat None as missing, not as zero; use pathlib for paths; f-strings only;",
    "tests use pytest, plain asserts, one behaviour per test, parametrize tables for edge cases;",
] * 4)
# Qwen/Qwen3-1.7B's config.json sizes (2.0 B parameters with its tied 151,936-token embedding).
QWEN3_1_7B = dict(hidden_size=2048, intermediate_size=6144, num_hidden_layers=28, num_attention_heads=16,
                  num_key_value_heads=8, head_dim=128, max_position_embeddings=40960)
# One client for every request, as an agent keeps one.
CLIENT = httpx.Client(timeout=600, limits=httpx.Limits(max_connections=16))


class Target:
    """Where requests go, and how a role's request is written for it."""

    def __init__(self, url: str, via_roles: bool, headers: dict[str, str] | None = None) -> None:
        self.url, self.via_roles, self.headers = url, via_roles, headers or {}

    def ask(self, role: str, task: str, max_tokens: int, system: str | None = None) -> Answer:
        system = system or ROLES[role].system_prompt
        if self.via_roles:  # the role layer adds the role's system prompt
            body = {"model": f"roletune-{role}", "messages": [{"role": "user", "content": task}]}
        else:
            body = {"model": "roletune", "messages": [{"role": "system", "content": system},
                                                      {"role": "user", "content": task}]}
        body.update(max_tokens=max_tokens, temperature=0, seed=1)
        return stream_chat(CLIENT, f"{self.url}/v1/chat/completions", body, headers=self.headers)


@contextmanager
def direct(gguf: Path, parallel: int, n_ctx: int = 2048) -> Iterator[Target]:
    """llama-server with exactly the command line `roletune serve` gives it, without the role layer."""
    config = load_config(None, [f"serve.parallel={parallel}", f"serve.n_ctx={n_ctx}"])
    server = LlamaServer(serve_spec(gguf, config),
                         log_path=Path(tempfile.gettempdir()) / "roletune-bench-llama-server.log")
    with server:
        yield Target(server.url, via_roles=False)


@contextmanager
def roletune_serve(gguf: Path, parallel: int, n_ctx: int = 2048, config: Path | None = None) -> Iterator[Target]:
    port = free_port()
    command = [sys.executable, "-m", "roletune.cli", "serve", str(gguf), "--port", str(port),
               "--parallel", str(parallel), "--set", f"serve.n_ctx={n_ctx}"]
    command += ["--config", str(config)] if config else []
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        deadline = time.time() + 180
        while True:
            if process.poll() is not None:
                raise SystemExit(f"roletune serve exited: {process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                raise SystemExit("roletune serve did not become healthy")
            time.sleep(0.2)
        yield Target(f"http://127.0.0.1:{port}", via_roles=True)
    finally:
        process.terminate()
        process.wait(timeout=30)


def agents_round(target: Target, n_agents: int, rounds: int, tokens: int) -> tuple[float, float]:
    """(aggregate completion tokens/s, mean latency) of n agents each sending `rounds` requests."""

    def agent(i: int) -> list[Answer]:
        role = AGENTS[i % len(AGENTS)]
        return [target.ask(role, f"{TASKS[i % len(TASKS)]} (request {r})", tokens) for r in range(rounds)]

    target.ask("coder", "warm up", 4)
    started = time.perf_counter()
    with ThreadPoolExecutor(n_agents) as pool:
        answers = [a for batch in pool.map(agent, range(n_agents)) for a in batch]
    wall = time.perf_counter() - started
    return sum(a.completion_tokens for a in answers) / wall, statistics.mean(a.latency_s for a in answers)


def decode_rate(target: Target, rounds: int, tokens: int) -> float:
    target.ask("coder", "warm up", 4)
    return statistics.median(target.ask("coder", f"{TASKS[0]} ({r})", tokens).tokens_per_s for r in range(rounds))


def alternate(measure: Callable[[Target], object], gguf: Path, parallel: int, repeats: int = 2) -> tuple[list, list]:
    """Run `measure` on llama-server directly and through roletune serve, alternating."""
    ours, reference = [], []
    for _ in range(repeats):
        with direct(gguf, parallel) as t:
            reference.append(measure(t))
        with roletune_serve(gguf, parallel) as t:
            ours.append(measure(t))
    return ours, reference


def ttft_cached_vs_cold(gguf: Path, rounds: int) -> None:
    """The coder's long role prompt cached (every request shares it) vs prompts of the same length
    that the server has never seen (a different first sentence each time)."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "long-prompt.yaml"
        config.write_text(f"roles:\n  coder:\n    system_prompt: {ROLES['coder'].system_prompt + ' ' + LONG_RULES!r}\n"
                          "    check: python_tests\n")
        with roletune_serve(gguf, 1, config=config) as t:
            t.ask("coder", "warm up", 2)
            cached = [t.ask("coder", f"Task {i}: say ok.", 2).ttft_s for i in range(rounds)]
            plain = Target(t.url, via_roles=False)
            cold = [plain.ask("coder", f"Task {i}: say ok.", 2,
                              system=f"Session {i} of agent {i * 7919}. " + ROLES["coder"].system_prompt
                              + " " + LONG_RULES).ttft_s
                    for i in range(rounds)]
    print_ratio("(c) time to first token, role prompt cached / cold",
                statistics.median(cached), statistics.median(cold), target="<= 0.2", unit=" s")


def memory_bound_gguf() -> Path:
    """A random-weight Qwen3-1.7B (real tokenizer, real shape) as Q4_K_M, built once into the bench cache."""
    out = CACHE / "qwen3-1.7b-random-Q4_K_M.gguf"
    if out.exists():
        return out
    from family_models import build_family_model  # tests/family_models.py (real tokenizers from set-up)

    from roletune.export.convert import convert_to_gguf
    from roletune.export.quantize import quantize_gguf

    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        model_dir = build_family_model("qwen3", Path(tmp) / "hf", shape=QWEN3_1_7B)
        f16 = convert_to_gguf(model_dir, Path(tmp) / "f16.gguf", outtype="f16")
        quantize_gguf(f16, out, "Q4_K_M")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gguf", type=Path, help="GGUF to serve (default: the embedded SmolLM2 as Q4_K_M)")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3, help="requests per agent")
    parser.add_argument("--skip-memory-bound", action="store_true", help="skip (d), which builds a 1.7B model once")
    parser.add_argument("--parts", default="abcd", help="which of (a)-(d) to run, e.g. ab")
    args = parser.parse_args()
    gguf = args.gguf or bench_gguf("Q4_K_M")
    print(f"model {gguf.name}; llama-server alone vs behind roletune serve's role layer, alternating")

    if "a" in args.parts:
        four_agents(gguf, args)
    if "b" in args.parts:
        ours, ref = alternate(lambda t: decode_rate(t, args.rounds, args.tokens), gguf, parallel=1)
        print_ratio("(b) 1 agent, decode tokens/s, roletune serve / llama-server", statistics.median(ours),
                    statistics.median(ref), target=">= 0.95")
    if "c" in args.parts:
        ttft_cached_vs_cold(gguf, args.rounds + 2)
    if "d" in args.parts and not args.skip_memory_bound:
        memory_bound(args)
    return 0


def four_agents(gguf: Path, args: argparse.Namespace) -> None:
    ours, ref = alternate(lambda t: agents_round(t, 4, args.rounds, args.tokens), gguf, parallel=4)
    print_ratio("(a) 4 agents, aggregate tokens/s, roletune serve / llama-server -np 4",
                statistics.median(o[0] for o in ours), statistics.median(r[0] for r in ref), target=">= 0.95")
    print_ratio("    4 agents, mean latency, roletune serve / llama-server -np 4",
                statistics.median(o[1] for o in ours), statistics.median(r[1] for r in ref),
                target="<= 1.05", unit=" s")


def memory_bound(args: argparse.Namespace) -> None:
    big = memory_bound_gguf()
    with direct(big, 4) as t:
        one = agents_round(t, 1, args.rounds, args.tokens)[0]
        four = agents_round(t, 4, args.rounds, args.tokens)[0]
    print_ratio(f"(d) {big.name}: aggregate tokens/s, 4 agents / 1 agent (llama-server -np 4)", four, one,
                target="report; > 1 where decoding is memory-bound")


if __name__ == "__main__":
    raise SystemExit(main())
