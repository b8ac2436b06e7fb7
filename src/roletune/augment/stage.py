"""The `augment` stage and `roletune data augment`: verified paraphrases of chosen roles' train examples.

For each train example of `augment.roles` (val and test are never paraphrased), the teacher rewrites
every user turn `augment.n` times. A paraphrase is kept only if, in this order:

  1. each turn keeps the original's code, quoted strings, identifiers and numbers, and is a plausible
     rewrite (rules.judge_text: not empty, not unchanged, length ratio, no template markers);
  2. it is not a near-duplicate of any val/test prompt (the leakage check of data/validate.py, at
     data.near_duplicate_threshold), nor of any train prompt or paraphrase kept before it;
  3. the example's answer passes its check (evaluate.checks.run_check, in the sandbox).

With `augment.answers`, the teacher also answers each kept paraphrase; its answer replaces the
reference only when it passes the check (rejection sampling), else the reference stays. A tool
conversation keeps its reference answer (counted as `tool_conversations`).

Outputs (runs/NAME/augment/, or --out of `data augment`):
  train.jsonl   the kept examples, id `<source>.p<k>`, lineage in meta.augment (source id, variant,
                teacher, prompt template sha256, seed, answer: reference|teacher)
  augment.json  counts generated / kept / rejected by reason (overall and per role), requests sent
                and answered from the cache, and one row per paraphrase with its verdict
Every teacher reply is cached (teacher.py), so a rerun sends no request.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from roletune.augment.rules import REASONS, clean, judge_text
from roletune.augment.teacher import Teacher, digest, open_teacher
from roletune.config import Config
from roletune.data.schema import Example
from roletune.data.validate import PromptKey, read_examples
from roletune.errors import DataError, StageFailed, UserError
from roletune.evaluate.checks import run_check
from roletune.evaluate.sandbox import SandboxLimits
from roletune.families import raw_markers
from roletune.files import atomic_dir, write_json, write_jsonl
from roletune.layout import AUGMENT_DIR, AUGMENT_REPORT_FILE, AUGMENTED_FILE, SPLITS_FILE
from roletune.runtime.chat_client import ChatRequestFailed

PROMPT_FILE = Path(__file__).with_name("prompt.md")
REPORT_NAME = Path(AUGMENT_REPORT_FILE).name
EXAMPLES_NAME = Path(AUGMENTED_FILE).name


@dataclass
class Candidate:
    """One paraphrase (variant k) of one source example, and its verdict."""

    source: Example
    variant: int
    turns: list[str] = field(default_factory=list)  # the paraphrased user turns, in order
    reason: str | None = None  # None: kept
    detail: str = ""
    answer: str | None = None  # the final answer (reference, or the teacher's when it passed)
    answer_by: str = "reference"

    @property
    def id(self) -> str:
        return f"{self.source.id}.p{self.variant}"

    def reject(self, reason: str, detail: str = "") -> None:
        assert reason in REASONS, reason
        self.reason, self.detail = reason, detail

    def messages(self) -> list[dict[str, Any]]:
        """The source's messages with the paraphrased user turns (and the final answer, once set)."""
        out, turns = [], iter(self.turns)
        for m in self.source.messages:
            row = m.model_dump()
            if m.role == "user":
                row["content"] = next(turns)
            out.append(row)
        if self.answer is not None and self.answer_by == "teacher":
            out[-1] = {"role": "assistant", "content": self.answer}
        return out

    @property
    def user_text(self) -> str:
        return "\n".join(self.turns)


@dataclass(frozen=True)
class Template:
    text: str
    sha256: str

    @classmethod
    def load(cls, config: Config) -> Template:
        path = config.resolve_path(config.augment.prompt) if config.augment.prompt else PROMPT_FILE
        if not path.is_file():
            raise UserError(f"augment.prompt: no file at {path}")
        text = path.read_text(encoding="utf-8")
        if "{task}" not in text:
            raise UserError(f"{path}: the prompt template has no {{task}} placeholder",
                            hint="write {task} where the user turn to paraphrase goes (and {role} for its role)")
        return cls(text, hashlib.sha256(text.encode()).hexdigest())

    def render(self, task: str, role: str) -> list[dict[str, str]]:
        # str.replace, not str.format: a task's code has braces of its own.
        return [{"role": "user", "content": self.text.replace("{role}", role).replace("{task}", task)}]


# -- reading ----------------------------------------------------------------------------------------


def read_splits(config: Config, record: Path | None = None) -> tuple[list[Example], list[Example]]:
    """(train examples, val + test examples), read and split as prepare reads and splits them: by file,
    or, for pooled data.files, by data/splits.py (keeping the split recorded in `record`, if any)."""
    from roletune.data.prepare import input_files
    from roletune.data.splits import source_digests, split_examples, split_with_record

    paths, pooled = input_files(config)
    report = read_examples(paths, config.roles, data=config.data)
    if report.problems:
        raise DataError(f"{len(report.problems)} problem(s); run `roletune data check` first", report.problems)
    if pooled:
        roles_by_id = {loc.example.id: loc.example.role for loc in report.examples}
        ratios = config.data.split_ratios
        result = split_with_record(roles_by_id, ratios, source_digests(paths), record) if record \
            else split_examples(roles_by_id, ratios)
        is_train = [result.assignment[loc.example.id] == "train" for loc in report.examples]
    else:
        train_file = paths[0].resolve()
        is_train = [loc.file.resolve() == train_file for loc in report.examples]
    train = [loc.example for loc, t in zip(report.examples, is_train) if t]
    held_out = [loc.example for loc, t in zip(report.examples, is_train) if not t]
    return train, held_out


def _sources(config: Config, train: Sequence[Example]) -> list[Example]:
    unknown = [r for r in config.augment.roles if r not in config.roles]
    if unknown:
        raise UserError(f"augment.roles: unknown role(s) {', '.join(unknown)}; roles: {', '.join(config.roles)}")
    # An example without a check cannot be verified: it is not paraphrased (counted as unverifiable).
    return [ex for ex in train if ex.role in config.augment.roles and ex.check is not None]


# -- asking the teacher -----------------------------------------------------------------------------


def _user_turns(example: Example) -> list[str]:
    return [m.content for m in example.messages if m.role == "user"]


def _ask_paraphrases(config: Config, teacher: Teacher, template: Template, sources: Sequence[Example],
                     console: Console) -> list[Candidate]:
    import httpx

    a = config.augment
    candidates = [Candidate(ex, k) for ex in sources for k in range(1, a.n + 1)]
    jobs = [(c, i, teacher.body(template.render(turn, c.source.role), temperature=a.temperature,
                                max_tokens=a.max_tokens, seed=a.seed + c.variant))
            for c in candidates for i, turn in enumerate(_user_turns(c.source))]
    replies: dict[tuple[int, int], str | None] = {}
    teacher.start_if_needed([body for _, _, body in jobs])

    def one(job: tuple[Candidate, int, dict[str, Any]], client: httpx.Client) -> None:
        c, i, body = job
        try:
            replies[(id(c), i)] = clean(teacher.complete(client, body))
        except (httpx.HTTPError, ValueError, ChatRequestFailed) as exc:  # ValueError: a reply that is not JSON
            replies[(id(c), i)] = None
            c.detail = f"{type(exc).__name__}: {exc}"[:200]
        progress.advance(task)

    with _progress(console) as progress, httpx.Client(timeout=600.0) as client:
        task = progress.add_task("paraphrasing", total=len(jobs))
        _run_all(a.parallel, [lambda job=job: one(job, client) for job in jobs])
    for c in candidates:
        turns = [replies[(id(c), i)] for i in range(len(_user_turns(c.source)))]
        if any(t is None for t in turns):
            c.reject("request_failed", c.detail)
        else:
            c.turns = [t for t in turns if t is not None]
    if candidates and all(c.reason == "request_failed" for c in candidates):
        # Some failures are counted; a teacher that answers nothing is a setup problem, not data.
        raise StageFailed(f"the teacher answered none of {len(jobs)} requests; the first error: {candidates[0].detail}",
                          hint="check augment.url, augment.model and the key in $" + a.api_key_env)
    return candidates


def _run_all(workers: int, calls: Sequence[Callable[[], None]]) -> None:
    """Run `calls`, `workers` at a time; on Ctrl-C (or an error) the ones not started are dropped, not sent."""
    pool = ThreadPoolExecutor(max(1, workers))
    try:
        for future in [pool.submit(call) for call in calls]:
            future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=False)


# -- judging ----------------------------------------------------------------------------------------


def judge(config: Config, candidates: Sequence[Candidate], train: Sequence[Example],
          held_out: Sequence[Example], template: Template | None = None) -> None:
    """Apply the keep-rules to `candidates` in order, setting each one's reason (None: kept)."""
    a, threshold = config.augment, config.data.near_duplicate_threshold
    markers = raw_markers()
    template = template or Template.load(config)
    held = [(ex, PromptKey.of(ex.user_text)) for ex in held_out]
    seen = [(ex.id, PromptKey.of(ex.user_text)) for ex in train]
    limits = SandboxLimits(timeout_s=config.eval.check_timeout_s)
    verdicts: dict[str, Any] = {}  # (check, answer) digest → CheckResult: a source's reference runs once
    for c in candidates:
        if c.reason:
            continue
        for original, new in zip(_user_turns(c.source), c.turns):
            broken = judge_text(original, new, markers=markers, min_ratio=a.min_length_ratio,
                                max_ratio=a.max_length_ratio, min_overlap=a.min_overlap,
                                prompt=template.text.replace("{role}", c.source.role))
            if broken:
                c.reject(*broken)
                break
        if c.reason:
            continue
        key = PromptKey.of(c.user_text)
        leak = _nearest(key, held, threshold)
        if leak:
            ex, sim = leak
            c.reject("near_duplicate_held_out", f"{sim:.0%} similar to {ex.id}")
            continue
        twin = _nearest(key, seen, threshold)
        if twin:
            other, sim = twin
            c.reject("near_duplicate_train", f"{sim:.0%} similar to {other}")
            continue
        c.answer = c.source.answer
        result = _checked(verdicts, c.source, c.answer, list(config.roles), limits)
        if not result.passed:
            c.reject("reference_fails", result.reason)
            c.answer = None
            continue
        seen.append((c.id, key))


def _nearest(key: PromptKey, pool: Sequence[tuple[Any, PromptKey]], threshold: float) -> tuple[Any, float] | None:
    best = max(((item, key.similarity(other)) for item, other in pool), key=lambda p: p[1], default=None)
    return best if best is not None and best[1] >= threshold else None


def _checked(verdicts: dict[str, Any], example: Example, answer: str, roles: list[str], limits: SandboxLimits) -> Any:
    assert example.check is not None, "sources have a check (_sources)"
    k = digest({"check": example.check.model_dump(mode="json"), "answer": answer})
    if k not in verdicts:
        verdicts[k] = run_check(example.check, answer, roles=roles, limits=limits)
    return verdicts[k]


def _teacher_answers(config: Config, teacher: Teacher, kept: Sequence[Candidate], console: Console) -> dict[str, int]:
    """Rejection sampling: the teacher answers each kept paraphrase; its answer is used where it passes.

    A tool conversation keeps its reference answer: that answer rests on the calls and results before
    it, which the teacher did not make (answering one anew is an agent episode, evaluate/agent.py)."""
    import httpx

    tool_conversations = [c for c in kept if c.source.tools]
    kept = [c for c in kept if not c.source.tools]
    limits = SandboxLimits(timeout_s=config.eval.check_timeout_s)
    roles = list(config.roles)
    counts: Counter[str] = Counter()
    errors: list[str] = []

    def body(c: Candidate) -> dict[str, Any]:
        role = config.roles[c.source.role]
        return teacher.body(c.messages()[:-1], temperature=role.temperature, max_tokens=role.max_tokens,
                            seed=config.augment.seed + c.variant)

    bodies = [body(c) for c in kept]
    teacher.start_if_needed(bodies)

    def one(c: Candidate, request: dict[str, Any], client: httpx.Client) -> None:
        try:
            reply = teacher.complete(client, request)
        except (httpx.HTTPError, ValueError, ChatRequestFailed) as exc:  # the reference answer stays
            counts["request_failed"] += 1
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            progress.advance(task)
            return
        assert c.source.check is not None, "sources have a check (_sources)"
        result = run_check(c.source.check, reply, roles=roles, limits=limits)
        if result.passed:
            c.answer, c.answer_by = reply, "teacher"
            counts["passed"] += 1
        else:
            counts["failed"] += 1
        progress.advance(task)

    with _progress(console) as progress, httpx.Client(timeout=600.0) as client:
        task = progress.add_task("answering", total=len(kept))
        _run_all(config.augment.parallel, [lambda c=c, b=b: one(c, b, client) for c, b in zip(kept, bodies)])
    return {"asked": len(kept), "passed": counts["passed"], "failed": counts["failed"],
            "request_failed": counts["request_failed"], "tool_conversations": len(tool_conversations),
            "first_error": errors[0] if errors else None}


# -- the whole thing --------------------------------------------------------------------------------


def augment_examples(config: Config, out_dir: Path, *, console: Console, cache_dir: Path | None = None,
                     log_dir: Path | None = None, split_record: Path | None = None) -> dict[str, Any]:
    """Paraphrase, judge and write (module docstring); returns the counts written to augment.json."""
    started = time.perf_counter()
    train, held_out = read_splits(config, split_record)
    sources = _sources(config, train)
    template = Template.load(config)
    with open_teacher(config, log_dir or out_dir, cache_dir) as teacher:
        candidates = _ask_paraphrases(config, teacher, template, sources, console)
        judge(config, candidates, train, held_out, template)
        kept = [c for c in candidates if c.reason is None]
        answers = _teacher_answers(config, teacher, kept, console) if config.augment.answers and kept else None
    lineage = {"teacher": teacher.name, "prompt_sha256": template.sha256, "seed": config.augment.seed}
    rows = [_example_row(c, lineage) for c in kept]
    unverifiable = sum(ex.role in config.augment.roles and ex.check is None for ex in train)
    summary = _summary(config, candidates, sources, teacher, template, answers, time.perf_counter() - started,
                       unverifiable)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(out_dir / EXAMPLES_NAME, rows)
    write_json(out_dir / REPORT_NAME, {**summary, "paraphrases": [_verdict_row(c) for c in candidates]})
    console.print(counts_table(summary))
    sent, cached = summary["requests"]["sent"], summary["requests"]["cached"]
    console.print(f"kept {summary['kept']} of {summary['generated']} paraphrases of {summary['sources']} examples; "
                  f"teacher requests: {sent} sent, {cached} from the cache")
    return summary


def _example_row(c: Candidate, lineage: dict[str, Any]) -> dict[str, Any]:
    """The source example (tools, check, … as they were) with the new id, turns and lineage."""
    meta = {**c.source.meta, "augment": {"source": c.source.id, "variant": c.variant, **lineage,
                                         "answer": c.answer_by}}
    row = {**c.source.model_dump(mode="json"), "id": c.id, "messages": c.messages(), "meta": meta}
    return Example.model_validate(row).model_dump(mode="json")


def _verdict_row(c: Candidate) -> dict[str, Any]:
    return {"id": c.id, "source": c.source.id, "role": c.source.role, "kept": c.reason is None,
            "reason": c.reason, "detail": c.detail, "answer": c.answer_by if c.reason is None else None,
            "turns": c.turns}


def _counts(candidates: Sequence[Candidate]) -> dict[str, Any]:
    rejected = Counter(c.reason for c in candidates if c.reason)
    return {"generated": len(candidates), "kept": sum(c.reason is None for c in candidates),
            "rejected": {r: rejected[r] for r in REASONS if rejected[r]}}


def _summary(config: Config, candidates: Sequence[Candidate], sources: Sequence[Example], teacher: Teacher,
             template: Template, answers: dict[str, int] | None, seconds: float, unverifiable: int) -> dict[str, Any]:
    by_role: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_role[c.source.role].append(c)
    return {
        "teacher": teacher.name, "prompt_sha256": template.sha256, "seed": config.augment.seed, "n": config.augment.n,
        "roles": list(config.augment.roles), "sources": len(sources), "unverifiable": unverifiable,
        **_counts(candidates),
        "by_role": {role: {"sources": sum(ex.role == role for ex in sources), **_counts(by_role[role])}
                    for role in config.augment.roles},
        "answers": answers,
        "requests": {"sent": teacher.sent, "cached": teacher.cached},
        "seconds": round(seconds, 2),
    }


def counts_table(summary: dict[str, Any]) -> Table:
    reasons = [r for r in REASONS if summary["rejected"].get(r)]
    table = Table("role", "sources", "generated", "kept", *reasons, title="augmentation: paraphrases kept and rejected")
    for role, row in summary["by_role"].items():
        table.add_row(role, str(row["sources"]), str(row["generated"]), str(row["kept"]),
                      *(str(row["rejected"].get(r, 0)) for r in reasons))
    table.add_row("all", str(summary["sources"]), str(summary["generated"]), str(summary["kept"]),
                  *(str(summary["rejected"].get(r, 0)) for r in reasons), style="bold")
    return table


def augment(ctx: Any) -> dict[str, Any]:
    """The pipeline stage (runs only with data.augment: true): augment/ in the run directory."""
    with atomic_dir(ctx.path(AUGMENT_DIR)) as out:
        summary = augment_examples(ctx.config, out, console=ctx.console, split_record=ctx.path(SPLITS_FILE))
    return {k: summary[k] for k in ("teacher", "sources", "generated", "kept", "rejected", "requests", "answers")}
