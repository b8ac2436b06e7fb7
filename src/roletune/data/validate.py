"""Read and validate example files, collecting every problem as `file:line: field: message`.

Checks: JSON, the format (data/formats.py normalises each line into an Example), the schema, roles
known to the config, the check kind the role expects, unique ids across files, the example renders
through the chat template and fits `data.max_length`, and duplicate or near-duplicate prompts within
and across splits (a test prompt in train is leakage). Nothing is written by this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roletune.config import DataConfig, RoleSpec
from roletune.data.checks import ToolUseCheck, answer_check
from roletune.data.formats import FormatProblem, LineSource, detect_format, get_format
from roletune.data.schema import Example, Message
from roletune.errors import DataError
from roletune.roles import ALL_CHECK_KINDS
from roletune.toolboxes import UnknownToolbox
from roletune.toolboxes import load as load_toolbox


@dataclass(frozen=True)
class Located:
    """An example and where it came from."""

    example: Example
    file: Path
    line: int
    split: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Report:
    examples: list[Located] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    n_tokens: dict[str, int] = field(default_factory=dict)  # example id → rendered length
    formats: dict[Path, str] = field(default_factory=dict)  # file → its format ("openai (detected)")

    def add(self, file: Path, line: int, fld: str, message: str) -> None:
        self.problems.append(f"{file}:{line}: {fld}: {message}")


def split_name(path: Path) -> str:
    """`train.jsonl` → train; anything else keeps its stem."""
    return path.name.split(".")[0]


def _pydantic_problems(report: Report, file: Path, line: int, err: ValidationError) -> None:
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if not (isinstance(p, str) and p in ALL_CHECK_KINDS))
        msg = e["msg"].removeprefix("Value error, ")
        if ":" in msg and msg.split(":", 1)[0].startswith("messages"):
            loc, msg = msg.split(":", 1)
            msg = msg.strip()
        report.add(file, line, loc or "example", msg)


def _parsed_lines(path: Path, report: Report) -> list[tuple[int, str, dict[str, Any]]]:
    """(line number, text, object) of every JSON-object line; other lines go into the report."""
    out = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            report.add(path, lineno, "json", f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            report.add(path, lineno, "json", "each line must be a JSON object")
            continue
        out.append((lineno, raw, obj))
    return out


def _file_format(path: Path, lines: Sequence[tuple[int, str, dict[str, Any]]], data: DataConfig,
                 report: Report, native: bool) -> str | None:
    if native:  # a file roletune wrote (augment/train.jsonl): its own format whatever data.format says
        report.formats[path] = "roletune"
        return "roletune"
    if data.format != "auto":
        report.formats[path] = data.format
        return data.format
    found = detect_format([obj for _, _, obj in lines])
    if found is None and lines:
        keys = ", ".join(sorted(lines[0][2])[:8])
        report.add(path, lines[0][0], "format",
                   f"no known format (keys: {keys}); expected messages (roletune/openai), conversations "
                   "(sharegpt) or instruction+output (alpaca); set data.format to say which")
    elif found is not None:
        report.formats[path] = f"{found} (detected)"
    return found


def with_role_system_prompt(ex: Example, roles: dict[str, RoleSpec]) -> Example:
    """The example with its role's system prompt first when it has no system turn, as `roletune serve`
    puts it first for a `roletune-<role>` request."""
    if ex.messages[0].role == "system" or ex.role not in roles:
        return ex
    return ex.model_copy(update={"messages": [Message(role="system", content=roles[ex.role].system_prompt),
                                              *ex.messages]})


def _toolbox_problem(ex: Example, check: ToolUseCheck) -> tuple[str, str] | None:
    """(field, message) when a tool_use example's tools are not its toolbox's, else None."""
    try:
        toolbox = load_toolbox(check.toolbox)
    except UnknownToolbox as exc:
        return "check.toolbox", exc.args[0]
    if not ex.tools:
        return "tools", f"a tool_use example declares the tools it may call (toolbox {check.toolbox}: " \
                        f"{', '.join(toolbox.names)})"
    for i, tool in enumerate(ex.tools):
        if tool.function.name not in toolbox.names:
            return (f"tools[{i}].function.name", f"{tool.function.name!r} is not a tool of toolbox "
                    f"{check.toolbox} ({', '.join(toolbox.names)})")
    return None


def read_examples(paths: Sequence[Path], roles: dict[str, RoleSpec], report: Report | None = None,
                  data: DataConfig | None = None, native: Collection[Path] = ()) -> Report:
    """Parse every line of every file in its format (data.format; roletune's own for the files in
    `native`, which roletune wrote); every problem goes into the report."""
    report = report or Report()
    data = data or DataConfig()
    native = {p.resolve() for p in native}
    seen_ids: dict[str, str] = {}
    for path in paths:
        if not path.is_file():
            report.add(path, 0, "file", "not found")
            continue
        lines = _parsed_lines(path, report)
        name = _file_format(path, lines, data, report, path.resolve() in native)
        if name is None:
            continue
        fmt = get_format(name)
        for lineno, raw, obj in lines:
            try:
                normalised = fmt.normalise(obj, LineSource(path.name.split(".")[0], raw, data, roles))
                ex = Example.model_validate(normalised)
            except FormatProblem as exc:
                report.add(path, lineno, exc.field, exc.message)
                continue
            except ValidationError as exc:
                _pydantic_problems(report, path, lineno, exc)
                continue
            ok = True
            if ex.role not in roles:
                report.add(path, lineno, "role", f"unknown role {ex.role!r}; known roles: {', '.join(roles)}")
                ok = False
            elif ex.check is not None and answer_check(ex.check).kind != roles[ex.role].check:
                where = "check.check.kind" if isinstance(ex.check, ToolUseCheck) else "check.kind"
                report.add(path, lineno, where, f"role {ex.role} is judged by {roles[ex.role].check!r}, "
                                                f"not {answer_check(ex.check).kind!r}")
                ok = False
            elif isinstance(ex.check, ToolUseCheck) and (problem := _toolbox_problem(ex, ex.check)):
                report.add(path, lineno, *problem)
                ok = False
            if ex.id in seen_ids:
                report.add(path, lineno, "id", f"duplicate id {ex.id!r} (first at {seen_ids[ex.id]})")
                ok = False
            else:
                seen_ids[ex.id] = f"{path}:{lineno}"
            if ok:
                report.examples.append(Located(with_role_system_prompt(ex, roles), path, lineno, split_name(path)))
    return report


# -- duplicates -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _shingles(text: str, n: int = 3) -> frozenset[str]:
    words = text.split()
    if len(words) < n:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class PromptKey:
    """A user prompt as the duplicate check compares it: normalised words and their 3-gram shingles."""

    text: str
    shingles: frozenset[str]

    @classmethod
    def of(cls, user_text: str) -> "PromptKey":
        text = _normalise(user_text)
        return cls(text, _shingles(text))

    def similarity(self, other: "PromptKey") -> float:
        """1.0 for the same normalised prompt, else the Jaccard similarity of the shingles."""
        if self.text == other.text:
            return 1.0
        return len(self.shingles & other.shingles) / max(1, len(self.shingles | other.shingles))


def find_duplicates(report: Report, threshold: float) -> None:
    """Exact and near-duplicate user prompts (Jaccard similarity of word 3-grams ≥ threshold)."""
    keys = [PromptKey.of(loc.example.user_text) for loc in report.examples]
    items = [(loc, key.text) for loc, key in zip(report.examples, keys)]
    flagged: set[int] = set()
    for j in range(len(items)):
        for i in range(j):
            if i in flagged:
                continue
            same = items[i][1] == items[j][1]
            similarity = keys[i].similarity(keys[j])
            if similarity < threshold:
                continue
            first, second = items[i][0], items[j][0]
            kind = "duplicate" if same else f"near-duplicate ({similarity:.0%} similar)"
            if first.split != second.split:
                # Reported on the training copy: that is the line to remove so the held-out score stays honest.
                held_out = first if first.split != "train" else second
                other = second if held_out is first else first
                message = (f"user prompt is a {kind} of {held_out.split} example {held_out.example.id} "
                           f"({held_out.where}): leakage of a held-out prompt")
                report.add(other.file, other.line, "messages", message)
            else:
                report.add(second.file, second.line, "messages",
                           f"user prompt is a {kind} of {first.example.id} ({first.where})")
            flagged.add(j)
            break


# -- rendering ------------------------------------------------------------------------------------


def check_lengths(report: Report, count_tokens: Callable[[Example], int], max_length: int) -> None:
    """Every example renders through the chat template and fits max_length tokens."""
    for loc in report.examples:
        try:
            n = count_tokens(loc.example)
        except Exception as exc:  # a template error names the example; the message says why
            report.add(loc.file, loc.line, "messages", f"does not render with the chat template: {exc}")
            continue
        report.n_tokens[loc.example.id] = n
        if n > max_length:
            report.add(loc.file, loc.line, "messages",
                       f"over-length: {n} tokens > data.max_length {max_length}; shorten it or raise data.max_length")


def validate_files(
    paths: Sequence[Path],
    roles: dict[str, RoleSpec],
    *,
    max_length: int,
    near_duplicate_threshold: float,
    count_tokens: Callable[[Example], int] | None,
    data: DataConfig | None = None,
    native: Collection[Path] = (),
) -> Report:
    """Run every check; raise DataError listing all problems at once."""
    report = read_examples(paths, roles, data=data, native=native)
    find_duplicates(report, near_duplicate_threshold)
    if count_tokens is not None:
        check_lengths(report, count_tokens, max_length)
    if report.problems:
        report.problems.sort(key=_problem_order)
        raise DataError(f"{len(report.problems)} problem(s) in {len(paths)} file(s)", report.problems,
                        hint="fix the lines above; nothing was written")
    return report


def _problem_order(problem: str) -> tuple[str, int]:
    file, line, *_ = problem.split(":", 2) + [""]
    return (file, int(line) if line.isdigit() else 0)
