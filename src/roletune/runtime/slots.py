"""Conversation slots for parallel agents, with a prompt cache of the role system prompts.

Mechanism (chosen by measurement, see benchmarks/bench_serve.py): each slot is its own llama.cpp
context over the same GGUF (the weights are memory-mapped, so the file's pages are shared), and
all of a slot's computation runs on that slot's own thread — llama.cpp releases the GIL while it
computes. llama-cpp-python's high-level API has no multi-sequence batching. The cores are split
evenly: a slot computes with cores // parallel threads, fixed for its lifetime.

Why fixed, and why one thread per slot: llama.cpp's CPU backend (built with OpenMP) starts a team
of worker threads for every distinct thread that calls it, and libgomp, once it manages more
threads than there are cores, stops spinning at barriers and sleeps on futexes instead — every
team in the process then runs at half speed or worse. Measured here on SmolLM2 Q4_K_M, 2 cores:
a raw context decoded 68 tokens/s, and 35 tokens/s in the same process after a server thread had
used llama.cpp too. Giving slots more threads when they are alone (an earlier design) made that
happen after the first request. With parallel=1 the one slot uses every core; with parallel=N
each agent gets its share, and N agents decode side by side.

Prompt cache, two levels:
- each slot keeps the tokens it last evaluated, and llama.cpp reuses their longest common prefix
  with the next prompt (multi-turn agents that come back to their slot only prefill the new turn);
- at start-up each slot evaluates every role's system prompt once and saves that KV state; a
  request for a role whose prompt begins with it restores the state instead of prefilling it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roletune.runtime.engine import Engine


class QueueFull(Exception):
    """Every slot is busy and the waiting queue is full."""


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


@dataclass
class Slot:
    index: int
    engine: Engine
    role_states: dict[str, tuple[list[int], Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The one thread that runs this slot's llama.cpp calls (see the module docstring).
    executor: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"slot{self.index}")

    @property
    def evaluated(self) -> list[int]:
        """Tokens whose KV state the context holds now."""
        llm = self.engine.llm
        return list(llm._input_ids[: llm.n_tokens])

    def warm(self, role_prefixes: dict[str, list[int]]) -> None:
        """Evaluate each role's system prompt once and keep its state."""
        llm = self.engine.llm
        for role, tokens in role_prefixes.items():
            if not tokens or len(tokens) >= self.engine.n_ctx:
                continue
            llm.reset()
            llm.eval(tokens)
            self.role_states[role] = (list(tokens), llm.save_state())
        llm.reset()

    def prepare(self, prompt: Sequence[int], role: str | None) -> int:
        """Restore the role's cached prefix when it beats what the context holds; tokens reused."""
        reused = common_prefix(self.evaluated, prompt)
        cached = self.role_states.get(role) if role else None
        if cached is not None:
            tokens, state = cached
            if len(tokens) > reused and list(prompt[: len(tokens)]) == tokens:
                self.engine.llm.load_state(state)
                reused = len(tokens)
        return reused


class SlotPool:
    def __init__(self, gguf: Path, *, parallel: int, queue: int, n_ctx: int, threads: int | None,
                 role_prompts: dict[str, str], seed: int = 0) -> None:
        import os

        self.cores = threads or os.cpu_count() or 1
        per_slot = max(1, self.cores // parallel)
        self.slots = [Slot(i, Engine(gguf, n_ctx=n_ctx, threads=per_slot, seed=seed)) for i in range(parallel)]
        self.engine = self.slots[0].engine  # rendering and tokenizing need no slot
        self.role_prefixes = {role: self.engine.tokenize(self.engine.render_prefix(prompt))
                              for role, prompt in role_prompts.items()}
        for future in [slot.executor.submit(slot.warm, self.role_prefixes) for slot in self.slots]:
            future.result()
        self.max_waiting = queue
        self._free = list(self.slots)
        self._waiting = 0
        self._cond: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    @property
    def busy(self) -> int:
        return len(self.slots) - len(self._free)

    @property
    def waiting(self) -> int:
        return self._waiting

    async def acquire(self, prompt: Sequence[int]) -> Slot:
        """The free slot sharing the longest prefix with `prompt`; waits in a bounded queue."""
        cond = self._condition()
        async with cond:
            if not self._free:
                if self._waiting >= self.max_waiting:
                    raise QueueFull
                self._waiting += 1
                try:
                    await cond.wait_for(lambda: bool(self._free))
                finally:
                    self._waiting -= 1
            best = max(self._free, key=lambda s: common_prefix(s.evaluated, prompt))
            self._free.remove(best)
            return best

    async def release(self, slot: Slot) -> None:
        cond = self._condition()
        async with cond:
            self._free.append(slot)
            cond.notify()

    def close(self) -> None:
        for slot in self.slots:
            slot.executor.shutdown(wait=True)
            slot.engine.close()
