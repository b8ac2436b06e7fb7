"""The `smoke` and `evaluate` stages.

smoke:    each candidate answers a sample of val prompts; fine-tuned candidates must give non-empty
          answers that stop before max tokens, don't loop, contain no raw template or thinking
          tokens, and (coder/tester) parse as Python. A failure stops the pipeline with the reasons
          before the slow evaluation. The base model's results are reported, not gated.
evaluate: every candidate answers every test prompt; once the candidate has answered, each answer
          is judged by its example's check in the sandbox, or, for an example without one, by
          eval.judge (evaluate/judges: command, llm or reference). Writes eval/predictions.jsonl
          (one line per candidate and example, `judge` naming who judged it) and eval/metrics.json
          (per candidate and role, with the judges that produced each number).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from roletune.config import Config
from roletune.context import RunContext
from roletune.data.checks import ToolUseCheck
from roletune.data.extract import extract_code
from roletune.data.schema import Example
from roletune.errors import StageFailed
from roletune.evaluate.form import answer_form
from roletune.evaluate.generate import generate_answers
from roletune.evaluate.judges import Judges
from roletune.evaluate.metrics import SCORE_INTERVAL, candidate_metrics
from roletune.families import raw_markers, split_thinking, template_kwargs, thinking_of
from roletune.files import read_json, sha256_file, write_json, write_jsonl
from roletune.gguf_meta import read_chat_template
from roletune.layout import (
    BASE,
    EVAL_DIR,
    EVAL_METRICS_FILE,
    GGUF_DIR,
    JUDGE_CACHE_DIR,
    MODEL,
    PREDICTIONS_FILE,
    SMOKE_FILE,
    candidate,
    candidate_kind,
    evaluated,
    gguf_file,
    partial_answers_file,
    partial_answers_glob,
    split_file,
)
from roletune.runtime.llama_server import eval_spec

# Text that must never appear in an answer: chat-template and reasoning markers of the families we
# ship (families.py). A think block separated from the answer under thinking=on is not in the answer.
RAW_MARKERS = raw_markers()
CODE_ROLES_CHECKS = ("python_tests", "test_suite")


def candidates(root: Path, config: Config) -> dict[str, Path]:
    """Candidate name → GGUF: the base (if evaluated), the fine-tuned F16, then each quantization."""
    gguf = root / GGUF_DIR
    names = evaluated(config.export.outtype, config.export.quant_types, config.eval.include_base)
    found = {n: root / gguf_file(n) for n in names if (root / gguf_file(n)).is_file()}
    missing = [n for n in names if n not in found]
    if missing:
        raise StageFailed(f"missing GGUF file(s) in {gguf}: {', '.join(m + '.gguf' for m in missing)}",
                          hint="run the convert and quantize stages")
    return found


def load_split(path: Path) -> list[Example]:
    return [Example.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _items(examples: Sequence[Example], config: Config, chat_template: str) -> list[dict[str, Any]]:
    """One prompt per example, rendered with the kwargs of its role's thinking policy (as in training)."""
    return [{"id": ex.id, "messages": ex.prompt_messages,
             "template_kwargs": template_kwargs(chat_template, config.thinking_for(ex.role)),
             "max_tokens": config.eval.max_tokens or config.roles[ex.role].max_tokens} for ex in examples]


def _separate_thinking(row: dict[str, Any], chat_template: str, policy: str) -> dict[str, Any]:
    """With thinking on, a leading think block still in the answer goes to `reasoning` (llama-server
    returns it there already, as `reasoning_content`): checks judge the answer alone."""
    thinking = thinking_of(chat_template)
    if policy != "on" or thinking is None:
        return row
    reasoning, answer = split_thinking(row["answer"], thinking)
    if answer == row["answer"]:
        return row
    return {**row, "answer": answer, "reasoning": "\n".join(r for r in (row.get("reasoning"), reasoning) if r)}


def _progress(console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=console, transient=False)


def _answer_candidate(ctx, name: str, gguf: Path, examples: Sequence[Example], workdir: Path,
                      progress: Progress, judges: Judges | None) -> tuple[list[dict[str, Any]], int | None]:
    """Answers of one candidate (and their judgements, with `judges`), in example order.

    Checks run after the candidate's generation, not during it: llama.cpp's threads busy-wait, and
    a sandboxed check taking a core slows decoding many times over (docs/performance.md).
    """
    config: Config = ctx.config
    partial = ctx.path(partial_answers_file(name, sha256_file(gguf)))
    task = progress.add_task(name, total=len(examples))
    chat_template = read_chat_template(gguf)
    plain = [ex for ex in examples if not isinstance(ex.check, ToolUseCheck)]
    answers, peak = generate_answers(eval_spec(gguf, config), _items(plain, config, chat_template), partial,
                                     seed=config.train.seed, on_answer=lambda _: progress.advance(task))
    episodes, tool_peak = _tool_episodes(config, gguf, examples, chat_template, partial, lambda: progress.advance(task))
    answers.update(episodes)
    peak = max(peak or 0, tool_peak or 0) or None
    rows = [_separate_thinking({"candidate": name, "id": ex.id, "role": ex.role, **answers[ex.id]}, chat_template,
                               config.thinking_for(ex.role)) for ex in examples]
    if judges is not None:
        for ex, row, judged in zip(examples, rows, judges.judge_all(examples, [r["answer"] for r in rows])):
            well_formed, form = _form(ex, row)
            row.update(judged.row(), well_formed=well_formed, form=form)
            if row.get("ended", "answer") != "answer":  # an agent episode that never answered
                row.update(passed=False, score=0.0, reason=row["tool_reason"])
    return rows, peak


def _form(ex: Example, row: dict[str, Any]) -> tuple[bool, str]:
    """Does the answer keep its role's contract (a check's, evaluate/form.py)? Without a check, the
    contract is a complete answer: not empty, not cut off at the token limit."""
    if ex.check is not None:
        return answer_form(ex.check, row["answer"])
    if not row["answer"].strip():
        return False, "empty answer"
    if row.get("finish_reason") == "length":
        return False, "cut off at the token limit"
    return True, "a complete answer"


def _tool_episodes(config: Config, gguf: Path, examples: Sequence[Example], chat_template: str, partial: Path,
                   advance: Callable[[], None]) -> tuple[dict[str, dict[str, Any]], int | None]:
    """The tool_use examples answered as agent episodes through the role layer (evaluate/episodes.py)."""
    tool_examples = [ex for ex in examples if isinstance(ex.check, ToolUseCheck)]
    if not tool_examples:
        return {}, None
    from roletune.evaluate.episodes import run_episodes

    return run_episodes(eval_spec(gguf, config), tool_examples, partial.with_name(partial.stem + "-tools.jsonl"),
                        roles=config.roles, seed=config.train.seed, on_answer=lambda _: advance(),
                        max_tokens=lambda ex: config.eval.max_tokens or config.roles[ex.role].max_tokens,
                        template_kwargs=lambda ex: template_kwargs(chat_template, config.thinking_for(ex.role)))


# -- smoke ----------------------------------------------------------------------------------------------


def _loops(text: str, n: int = 6, repeats: int = 4) -> bool:
    words = text.split()
    grams = Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return any(c >= repeats for c in grams.values())


def smoke_problems(row: dict[str, Any], check_kind: str | None) -> list[str]:
    """Why an answer fails the smoke test (empty list: it passes)."""
    text = row["answer"]
    problems = []
    if not text.strip():
        problems.append("empty answer")
    if row["finish_reason"] == "length":
        problems.append(f"did not stop within {row['completion_tokens']} tokens")
    if _loops(text):
        problems.append("repeats itself (a 6-word phrase 4+ times)")
    raw = [m for m in RAW_MARKERS if m in text]
    if raw:
        problems.append(f"raw template tokens in the answer: {', '.join(raw)}")
    if check_kind in CODE_ROLES_CHECKS and text.strip():
        code = extract_code(text)
        try:
            ast.parse(code)
            if not code.strip():
                problems.append("no Python code")
        except SyntaxError as exc:
            problems.append(f"code does not parse: {exc.msg} (line {exc.lineno})")
    return problems


def smoke(ctx: RunContext) -> dict[str, Any]:
    config: Config = ctx.config
    found = candidates(ctx.root, config)
    val = load_split(ctx.path(split_file("val")))
    # Plain answers only: the smoke test checks the template and stopping; episodes are evaluate's.
    sample = _spread([ex for ex in val if not isinstance(ex.check, ToolUseCheck)], config.eval.smoke_samples)
    workdir = ctx.path(EVAL_DIR)
    workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"samples": [ex.id for ex in sample], "min_pass": config.eval.smoke_min_pass,
                              "candidates": {}}
    with _progress(ctx.console) as progress:
        for name, gguf in found.items():
            rows, _ = _answer_candidate(ctx, f"smoke-{name}", gguf, sample, workdir, progress, judges=None)
            results = []
            for ex, row in zip(sample, rows):
                kind = ex.check.kind if ex.check is not None else None
                results.append({"id": ex.id, "role": ex.role, "problems": smoke_problems(row, kind),
                                "answer": row["answer"][:400]})
            passed = sum(not r["problems"] for r in results)
            report["candidates"][name] = {"passed": passed, "total": len(results),
                                          "gated": candidate_kind(name) != BASE, "results": results}
    write_json(ctx.path(SMOKE_FILE), report)
    failing = {n: c for n, c in report["candidates"].items()
               if c["gated"] and c["total"] and c["passed"] / c["total"] < config.eval.smoke_min_pass}
    for name, c in report["candidates"].items():
        ctx.console.print(f"smoke {name}: {c['passed']}/{c['total']} clean"
                          + ("" if c["gated"] else " (base: not gated)"))
    if failing:
        lines = [f"{n}: {c['passed']}/{c['total']} clean answers (< {config.eval.smoke_min_pass:.0%}); e.g. "
                 + "; ".join(f"{r['id']}: {', '.join(r['problems'])}" for r in c["results"] if r["problems"])[:600]
                 for n, c in failing.items()]
        # The answers stay (their file names carry each GGUF's digest): a rerun, e.g. with another
        # eval.smoke_min_pass, judges them again instead of generating them again.
        raise StageFailed("smoke test failed before the full evaluation:\n  " + "\n  ".join(lines),
                          hint=_smoke_hint(config, report, failing))
    for partial in workdir.glob(partial_answers_glob("smoke-")):
        partial.unlink()
    return {name: f"{c['passed']}/{c['total']}" for name, c in report["candidates"].items()}


def _smoke_hint(config: Config, report: dict[str, Any], failing: dict[str, Any]) -> str:
    """What to do about a failed smoke test. When the unquantized fine-tune passes, the GGUF's template
    and EOS are right and it is quantization that breaks the answers (a small model loses most to it):
    say which types pass instead of sending the user to the template."""
    passing = [n for n, c in report["candidates"].items() if c["gated"] and n not in failing]
    unquantized = candidate(MODEL, config.export.outtype)
    if unquantized not in passing:
        return "see eval/smoke.json; check the chat template and EOS of the GGUF, or train longer"
    kept = [t for t in config.export.quant_types if candidate(MODEL, t) in passing]
    fix = (f"keep the types that pass (--set export.quant_types=[{','.join(kept)}]), lower eval.smoke_min_pass"
           if kept else "try a larger type (Q8_0)")
    return (f"see eval/smoke.json; {unquantized} passes, so the template and EOS are right and quantization is "
            f"what breaks these answers: {fix}, or train longer. The answers are kept: a rerun judges them again.")


def _spread(examples: Sequence[Example], k: int) -> list[Example]:
    """Up to k examples taking every role in turn, so each role is smoke-tested."""
    by_role: dict[str, list[Example]] = {}
    for ex in examples:
        by_role.setdefault(ex.role, []).append(ex)
    out: list[Example] = []
    while len(out) < min(k, len(examples)):
        for pool in by_role.values():
            if pool and len(out) < k:
                out.append(pool.pop(0))
    return out


# -- evaluate -------------------------------------------------------------------------------------------


def evaluate(ctx: RunContext) -> dict[str, Any]:
    config: Config = ctx.config
    found = candidates(ctx.root, config)
    test = load_split(ctx.path(split_file("test")))
    if config.eval.limit:
        test = test[: config.eval.limit]
    workdir = ctx.path(EVAL_DIR)
    workdir.mkdir(parents=True, exist_ok=True)
    judges = Judges(config, ctx.path(JUDGE_CACHE_DIR))  # before generating: a bad judge config fails at once
    all_rows: list[dict[str, Any]] = []
    metrics: dict[str, Any] = {}
    with _progress(ctx.console) as progress:
        for name, gguf in found.items():
            rows, peak = _answer_candidate(ctx, name, gguf, test, workdir, progress, judges)
            all_rows.extend(rows)
            metrics[name] = candidate_metrics(rows, size_bytes=gguf.stat().st_size, peak_rss_bytes=peak or 0)
            ctx.console.print(_line(name, metrics[name]))
    write_jsonl(ctx.path(PREDICTIONS_FILE), all_rows)
    gated = next(iter(metrics.values()), {}).get("n", len(test))
    note = (f"The test split has {len(test)} examples, {gated} of them judged by a check or a gating judge: a 95% "
            f"interval spans about ±{_half_width(gated):.0f} points, so differences smaller than that are not "
            "significant.")
    write_json(ctx.path(EVAL_METRICS_FILE), {"examples": len(test), "note": note, "score_interval": SCORE_INTERVAL,
                                               "judge": judges.describe(test), "candidates": metrics})
    for partial in workdir.glob(partial_answers_glob(f"{MODEL}-")):
        partial.unlink()
    for partial in workdir.glob(partial_answers_glob(f"{BASE}-")):
        partial.unlink()
    return {name: round(m["success"], 4) for name, m in metrics.items()}


def _line(name: str, m: dict[str, Any]) -> str:
    judged = ", ".join(f"{k} {v}" for k, v in m["judges"].items())
    text = (f"{name}: {m['passed']}/{m['n']} passed, mean score {m['score']:.3f}, "
            f"mean latency {m['mean_latency_s']:.2f} s, {m['tokens_per_s']:.1f} tokens/s (judged by {judged})")
    if m["reference"]["n"]:
        text += f"; {m['reference']['n']} judged by reference only: chrF {m['reference']['chrf']:.1f}, not gated"
    return text


def _half_width(n: int) -> float:
    from roletune.evaluate.metrics import wilson_interval

    lo, hi = wilson_interval(n // 2, n)
    return 100 * (hi - lo) / 2


def read_metrics(root: Path) -> dict[str, Any]:
    return read_json(root / EVAL_METRICS_FILE)

