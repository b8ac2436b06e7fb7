"""Who judges each answer (docs/judges.md).

An example that carries a `check` is judged by it (evaluate/checks.py; the judge is named after the
check kind). An example without one is judged by `eval.judge`:
    command    a program of the user's, in the sandbox (command.py)
    llm        a model behind an OpenAI-compatible API, with a rubric prompt (llm.py)
    reference  chrF similarity to the reference answer (reference.py): graded only, never gating
Every answer also gets its chrF as a diagnostic, whatever judged it.

`Judges.judge_all` returns one `Judgement` per answer; evaluate writes each into predictions.jsonl
(`judge` says which judge produced `passed` and `score`), and metrics, gate and report count only the
gating judges (GATING) in success rates.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.data.schema import Example
from roletune.evaluate.checks import run_check
from roletune.evaluate.judges.reference import chrf
from roletune.evaluate.sandbox import MiB, SandboxLimits

REFERENCE = "reference"
# The judges whose pass/fail counts in success rates and the gate; "reference" is a diagnostic.
NOT_GATING = frozenset({REFERENCE})


def gating(judge: str | None) -> bool:
    """Does a verdict of this judge count in success rates? (None: a row from before the judges: a check.)"""
    return judge not in NOT_GATING


@dataclass(frozen=True)
class Judgement:
    judge: str  # the check kind, or command / llm / reference
    passed: bool | None  # None: graded only (reference)
    score: float
    reason: str
    seconds: float
    chrf: float  # similarity to the reference answer, 0–100: a diagnostic for every answer
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The fields it adds to an answer's line of predictions.jsonl."""
        return {"judge": self.judge, "passed": self.passed, "score": round(self.score, 4), "reason": self.reason,
                "check_s": round(self.seconds, 3), "chrf": self.chrf, **self.extra}


class Judges:
    """The judges of one evaluation, set up (and their config checked) once."""

    def __init__(self, config: Config, cache_dir: Path) -> None:
        self.config = config
        self.kind = config.eval.judge
        self.check_limits = SandboxLimits(timeout_s=config.eval.check_timeout_s)
        self.command = self.llm = None
        if self.kind == "command":
            from roletune.evaluate.judges.command import JudgeCommand

            limits = SandboxLimits(timeout_s=config.eval.judge_timeout_s,
                                   memory_bytes=config.eval.judge_memory_mb * MiB)
            self.command = JudgeCommand.prepare(config.eval.judge_command or [], config.base_dir, limits)
        elif self.kind == "llm":
            from roletune.evaluate.judges.llm import LlmJudge

            self.llm = LlmJudge.from_config(config.eval, config.resolve_path, cache_dir)
            cache_dir.mkdir(parents=True, exist_ok=True)

    def describe(self, examples: Sequence[Example]) -> dict[str, Any]:
        """For metrics.json: the judge of examples without a check, and how many examples each judge had."""
        unchecked = sum(ex.check is None for ex in examples)
        out: dict[str, Any] = {"judge": self.kind, "unchecked_examples": unchecked,
                               "gating": gating(self.kind)}
        if self.command is not None:
            out["command"] = list(self.config.eval.judge_command or [])
        if self.llm is not None:
            out |= self.llm.describe()
        return out

    def judge_all(self, examples: Sequence[Example], answers: Sequence[str]) -> list[Judgement]:
        """One judgement per (example, answer), in order, `eval.workers` at a time."""
        import httpx

        with httpx.Client() as client, ThreadPoolExecutor(self.config.eval.workers) as pool:
            return list(pool.map(lambda pair: self._one(client, *pair), zip(examples, answers)))

    def judge_one(self, example: Example, answer: str) -> Judgement:
        """One answer, outside an evaluation (`data verify`)."""
        return self.judge_all([example], [answer])[0]

    def _one(self, client: Any, example: Example, answer: str) -> Judgement:
        similarity = chrf(answer, example.answer)
        if example.check is not None:
            r = run_check(example.check, answer, roles=list(self.config.roles), limits=self.check_limits)
            return Judgement(example.check.kind, r.passed, r.score, r.reason, r.seconds, similarity)
        if self.command is not None:
            c = self.command.run({"example": example.model_dump(mode="json"), "answer": answer})
            return Judgement("command", c.passed, c.score, c.reason, c.seconds, similarity)
        if self.llm is not None:
            v = self.llm.judge(client, example, answer)
            return Judgement("llm", v.passed, v.score, v.reason, v.seconds, similarity, v.extra)
        started = time.perf_counter()
        return Judgement(REFERENCE, None, similarity / 100, f"chrF {similarity:.1f} vs the reference (not gated)",
                         time.perf_counter() - started, similarity)
