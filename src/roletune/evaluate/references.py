"""`roletune data verify`: each example's check run on its own reference answer, in the sandbox; a
tool_use example's reference conversation is first replayed call by call through its real tools.

A reference that fails its own check is a broken example (a wrong test, a mutant the reference
tests don't kill, a rubric the answer doesn't meet), so this runs before anything is trained. It
lives with the runner it drives (evaluate), not with the data format, which needs nothing of it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from roletune.config import Config
from roletune.data.checks import ToolUseCheck
from roletune.data.schema import Example
from roletune.data.validate import read_examples
from roletune.errors import DataError
from roletune.evaluate.agent import Replay, replay_reference
from roletune.evaluate.checks import CheckResult, run_check
from roletune.evaluate.sandbox import SandboxLimits
from roletune.files import write_json


def verify_references(config: Config, files: Sequence[Path], *, workers: int, report_path: Path | None,
                      console: Console) -> dict[str, Any]:
    report = read_examples(files, config.roles, data=config.data)
    if report.problems:
        raise DataError(f"{len(report.problems)} problem(s); run `roletune data check` first", report.problems)
    roles = list(config.roles)
    limits = SandboxLimits(timeout_s=config.eval.check_timeout_s)
    located = report.examples
    started = time.perf_counter()
    results: list[dict[str, Any]] = [{}] * len(located)
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress, ThreadPoolExecutor(workers) as pool:
        task = progress.add_task("verify", total=len(located))
        futures = {pool.submit(_verify_one, loc.example, roles, limits): i for i, loc in enumerate(located)}
        for future, i in futures.items():
            res = future.result()
            ex = located[i].example
            results[i] = {"id": ex.id, "role": ex.role, "file": str(located[i].file), "line": located[i].line,
                          "passed": res.passed, "reason": res.reason, "seconds": round(res.seconds, 3)}
            progress.advance(task)
    seconds = time.perf_counter() - started
    summary = _summary(results, seconds)
    console.print(_table(summary))
    for r in results:
        if not r["passed"]:
            console.print(f"[red]FAIL[/red] {r['file']}:{r['line']} {r['id']}: {r['reason']}", highlight=False)
    console.print(f"{summary['passed']}/{summary['total']} passed in {seconds:.1f} s with {workers} worker(s)")
    if report_path:
        write_json(report_path, {"summary": summary, "examples": results})
    return summary


def _verify_one(example: Example, roles: list[str], limits: SandboxLimits) -> CheckResult | Replay:
    """A tool_use example's reference conversation is replayed through its real tools (each call must
    return what the conversation records); any other example's answer is judged by its check."""
    if isinstance(example.check, ToolUseCheck):
        return replay_reference(example, roles=roles, limits=limits)
    return run_check(example.check, example.answer, roles=roles, limits=limits)


def _summary(results: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    by_role: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_role[r["role"]].append(r["passed"])
    return {
        "total": len(results),
        "passed": sum(r["passed"] for r in results),
        "failed": sum(not r["passed"] for r in results),
        "seconds": round(seconds, 2),
        "roles": {role: {"passed": sum(v), "total": len(v)} for role, v in sorted(by_role.items())},
    }


def _table(summary: dict[str, Any]) -> Table:
    table = Table("role", "passed", "total", title="reference answers judged by their own checks")
    for role, v in summary["roles"].items():
        table.add_row(role, str(v["passed"]), str(v["total"]))
    table.add_row("all", str(summary["passed"]), str(summary["total"]), style="bold")
    return table
