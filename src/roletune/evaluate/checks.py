"""The checks that judge an answer by its role's contract (docs/data-format.md). The check models
(what an example's `check` may say) belong to the data format, in roletune.data.checks; this module
runs them.

    python_tests  the answer's code (after `setup`) with the example's tests runs clean in the sandbox
    test_suite    the answer's tests pass against the reference and fail against every mutant
    json_plan     the answer is a plan matching PLAN_SCHEMA, with known roles, dependencies on
                  earlier steps only, every required step present and at most max_steps steps
    rubric        every required point matched, no forbidden claim, word count within bounds

Beside pass/fail, each check gives a graded score in [0, 1], 1.0 exactly when it passes, so that a
change short of a pass shows (issue #20):
    python_tests  share of the tests' units that pass: each top-level statement with an assert and
                  each test case is run and counted, a failure does not stop the others (program.py)
    test_suite    share of the mutants killed, if the tests pass against the reference; else 0
    json_plan     share of the requirements met: the shape (schema, unique ids, dependencies on
                  earlier steps, at most max_steps), known roles, then each required step (these two
                  judged on the steps that have a role and a task even when the shape is wrong); 0
                  without a JSON object
    rubric        share of the points: each required point present, each forbidden claim absent,
                  and the word count within bounds when the check sets bounds

How code is run. The host compiles each part (setup, answer, tests; or implementation, tests) on its
own, so errors name the part and its line ("AssertionError at test line 3: assert f(1) == 2 (left:
1, right: 2)"; `assert a == b` is rewritten to report both sides). A small harness (`harness.py`)
executes the parts in one module namespace in the sandbox, then calls every `test*` function and
`Test*` class method the tests define (with a stand-in for the pytest API that tests use most:
raises, approx, mark.parametrize/skip/xfail, fixture, tmp_path, capsys, monkeypatch). The module is
not `__main__`: an `if __name__ == "__main__":` block does not run, as when a test runner imports it.

A pass needs the harness to reach its end: it writes a per-run random nonce with its verdict after
every test ran, and the check requires that line and exit status 0. So `os._exit(0)` or
`sys.exit(0)` in an answer, before or during the tests, fails (SystemExit in a test is that test
failing). The nonce guards against mistakes, not a program written to read it.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, NamedTuple

from roletune.data.checks import (
    Check,
    CheckModel,
    JsonPlanCheck,
    PythonTestsCheck,
    RequiredStep,
    RubricCheck,
    TestSuiteCheck,
    parse_check,
    top_level_names,
)
from roletune.data.extract import extract_code, extract_json
from roletune.evaluate.program import Program, syntax_error, tests_text
from roletune.evaluate.sandbox import SandboxLimits


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    reason: str  # one short line, for a pass too ("4 tests passed")
    seconds: float
    score: float  # graded, in [0, 1]; 1.0 exactly when passed (module docstring)


class Judged(NamedTuple):
    """What a judge returns."""

    passed: bool
    reason: str
    score: float

    @classmethod
    def of(cls, met: int, total: int, reason: str) -> Judged:
        """Passed when every one of `total` parts is met; the score is the share met."""
        return cls(met == total, reason, met / total if total else 0.0)


def run_check(check: Check | Mapping[str, Any], answer: str, *, roles: Sequence[str],
              limits: SandboxLimits = SandboxLimits()) -> CheckResult:
    """Judge `answer` by `check`. A bad answer is a failed result, never an exception."""
    started = time.perf_counter()
    if isinstance(check, Mapping):
        check = parse_check(check)
    judge = JUDGES.get(getattr(check, "kind", None))
    if judge is None or not isinstance(check, CheckModel):
        raise TypeError(f"not a check: {check!r}")
    passed, reason, score = judge(check, answer, roles, limits)
    score = 1.0 if passed else min(max(score, 0.0), 1.0)
    return CheckResult(passed=passed, reason=_without_addresses(reason), seconds=time.perf_counter() - started,
                       score=round(score, 4))


_OBJECT_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def _without_addresses(reason: str) -> str:
    """`<answer.RingBuffer object at 0x7f51…>` → `<answer.RingBuffer object>`: a default repr's address
    changes from run to run, and the same answer should get the same reason."""
    return _OBJECT_ADDRESS.sub(">", reason)


def run_checks(items: Iterable[tuple[Check | Mapping[str, Any], str]], *, roles: Sequence[str],
               limits: SandboxLimits = SandboxLimits(), workers: int = 2) -> list[CheckResult]:
    """`run_check` over (check, answer) pairs, `workers` at a time; results in the order given."""
    with ThreadPoolExecutor(max(1, workers)) as pool:
        return list(pool.map(lambda item: run_check(item[0], item[1], roles=roles, limits=limits), items))


# -- python_tests and test_suite ------------------------------------------------------------------------


def _python_tests(check: PythonTestsCheck, answer: str, limits: SandboxLimits) -> Judged:
    code = extract_code(answer)
    if not code.strip():
        return Judged(False, "no Python code in the answer", 0.0)
    program = Program([("setup", check.setup), ("answer", code), ("test", check.tests)], entry_point=check.entry_point,
                      keep_going=True)
    if program.error:
        return Judged(False, program.error, 0.0)
    outcome = program.run(limits)
    return Judged(outcome.passed, outcome.reason, outcome.score)


def _test_suite(check: TestSuiteCheck, answer: str, limits: SandboxLimits) -> Judged:
    code = extract_code(answer)
    if not code.strip():
        return Judged(False, "no Python code in the answer", 0.0)
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return Judged(False, syntax_error("test", code, exc), 0.0)
    defined = [n for n in tree.body if check.entry_point in top_level_names(ast.Module([n], []), imports=False)]
    if defined:
        return Judged(False, f"the tests define {check.entry_point} themselves (test line {defined[0].lineno}); "
                             "the function under test is provided", 0.0)
    if not has_tests(tree):
        return Judged(False, "no tests in the answer: no test_* functions, test classes or top-level asserts", 0.0)
    tests = _drop_imports_of(code, tree, check.entry_point)  # `from mymodule import clamp` is provided
    reference = Program([("reference", check.reference), ("test", tests)], entry_point=check.entry_point)
    if reference.error:
        return Judged(False, reference.error, 0.0)
    outcome = reference.run(limits)
    if not outcome.passed:  # tests that fail the reference tell nothing about the mutants: score 0
        return Judged(False, f"the tests fail against the reference: {outcome.reason}", 0.0)
    survivors = []
    for i, mutant in enumerate(check.mutants, 1):  # a mutant is killed when the run fails in any way
        if Program([("mutant", mutant), ("test", tests)], entry_point=check.entry_point).run(limits).passed:
            survivors.append(f"#{i}")
    killed = len(check.mutants) - len(survivors)
    if survivors:
        return Judged.of(killed, len(check.mutants),
                         f"{len(survivors)} of {len(check.mutants)} mutants survived: {', '.join(survivors)}")
    verb = "passes" if outcome.tests_run == 1 else "pass"
    return Judged(True, f"{tests_text(outcome.tests_run)} {verb} against the reference; "
                        f"all {len(check.mutants)} mutants killed", 1.0)


def has_tests(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            return True
        if isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or any(
                ast.unparse(base).endswith("TestCase") for base in node.bases)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and any(
                isinstance(n, ast.Assert) for n in ast.walk(node)):
            return True
    return False


def _drop_imports_of(code: str, tree: ast.Module, name: str) -> str:
    """Blank the top-level `from x import name` statements (keeping line numbers)."""
    lines = code.splitlines()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            first, last = node.lineno - 1, node.end_lineno or node.lineno
            if lines[first][: node.col_offset].strip() == "":
                lines[first:last] = ["pass"] + [""] * (last - first - 1)
    return "\n".join(lines) + "\n"


# -- json_plan and rubric -------------------------------------------------------------------------------

PLAN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "coordinator plan",
    "type": "object",
    "required": ["goal", "steps"],
    "additionalProperties": False,
    "properties": {
        "goal": {"type": "string", "minLength": 1},
        "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
    },
    "$defs": {
        "step": {
            "type": "object",
            "required": ["id", "role", "task", "depends_on"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "integer"},
                "role": {"type": "string", "minLength": 1},
                "task": {"type": "string", "minLength": 1},
                "depends_on": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
            },
        }
    },
}


def _json_plan(check: JsonPlanCheck, answer: str, roles: Sequence[str]) -> Judged:
    import jsonschema  # lazily: it is slow to import (docs/performance.md), and only coordinator checks need it

    unknown = sorted({r.role for r in check.required_steps} - set(roles))
    if unknown:
        return Judged(False, f"the check requires role(s) {', '.join(unknown)}, which are not configured", 0.0)
    try:
        plan = extract_json(answer)
    except ValueError as exc:
        return Judged(False, f"no plan: {exc}", 0.0)
    problems: list[tuple[str, str]] = []  # (requirement, why it is not met), in the order found
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(PLAN_SCHEMA).iter_errors(plan))
    if error is not None:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        problems.append(("shape", f"plan does not match the schema at {path or 'top level'}: {error.message[:200]}"))
    steps = plan["steps"] if error is None else _loose_steps(plan)
    problems += _step_problems(steps, roles, ordered=error is None)
    if len(steps) > check.max_steps:
        problems.append(("shape", f"the plan has {len(steps)} steps (max {check.max_steps})"))
    missing = _unmatched(check.required_steps, steps)
    if missing:
        s = "s" if len(missing) > 1 else ""
        problems.append(("steps", f"missing required step{s}: "
                         + "; ".join(f"{r.role} /{r.pattern}/" for r in missing)))
    if not problems:
        return Judged(True, f"valid plan of {len(steps)} steps with all {len(check.required_steps)} required steps",
                      1.0)
    total = 2 + len(check.required_steps)  # the shape, known roles, each required step
    unmet = len({kind for kind, _ in problems} - {"steps"}) + len(missing)
    return Judged.of(total - unmet, total, problems[0][1])


def _step_problems(steps: Sequence[dict[str, Any]], roles: Sequence[str], *, ordered: bool) -> list[tuple[str, str]]:
    """In step order, the first repeated id or dependency on a later step (a shape problem; only
    when the plan matches the schema) and the first unknown role."""
    problems: list[tuple[str, str]] = []
    earlier: set[int] = set()
    for i, step in enumerate(steps):
        name = step.get("id", f"#{i + 1}")
        if ordered and not any(kind == "shape" for kind, _ in problems):
            later = [d for d in step["depends_on"] if d not in earlier]
            if step["id"] in earlier:
                problems.append(("shape", f"step id {step['id']} is used twice"))
            elif later:
                problems.append(("shape", f"step {step['id']} depends on {', '.join(map(str, later))}, "
                                          "not an earlier step"))
            earlier.add(step["id"])
        if step["role"] not in roles and not any(kind == "roles" for kind, _ in problems):
            problems.append(("roles", f"step {name} names unknown role {step['role']!r} (roles: {', '.join(roles)})"))
    if not steps:
        problems.append(("roles", "the plan has no step with a role and a task"))
    return problems


def _loose_steps(plan: Any) -> list[dict[str, Any]]:
    """The steps of a plan off the schema that still have a role and a task (for partial credit)."""
    steps = plan.get("steps") if isinstance(plan, dict) else None
    return [s for s in steps if isinstance(s, dict) and isinstance(s.get("role"), str)
            and isinstance(s.get("task"), str)] if isinstance(steps, list) else []


def _unmatched(required: Sequence[RequiredStep], steps: Sequence[dict[str, Any]]) -> list[RequiredStep]:
    """Required steps left over by a maximum matching onto distinct plan steps (Kuhn's algorithm:
    greedy first-fit would fail `[coder /fix|test/, coder /fix/]` against `fix; test`)."""
    fits = [[j for j, s in enumerate(steps) if s["role"] == r.role and re.search(r.pattern, s["task"], re.I)]
            for r in required]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    matched = {i for i in range(len(required)) if assign(i, set())}
    return [r for i, r in enumerate(required) if i not in matched]


WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def prose(answer: str) -> str:
    """An answer as the rubric reads it: whitespace collapsed, so a phrase may wrap lines;
    Markdown emphasis and code marks dropped."""
    return " ".join(answer.replace("*", "").replace("`", "").split())


def _rubric(check: RubricCheck, answer: str) -> Judged:
    text = prose(answer)
    words = len(WORD.findall(text))
    problems = []  # the reason is the first, in this order: length, missing points, forbidden claims
    bounded = check.min_words > 0 or check.max_words is not None
    if words < check.min_words:
        problems.append(f"too short: {words} words (min {check.min_words})")
    if check.max_words is not None and words > check.max_words:
        problems.append(f"too long: {words} words (max {check.max_words})")
    missing = [i for i, point in enumerate(check.required, 1) if not any(re.search(p, text, re.I) for p in point)]
    if missing:
        s = "s" if len(missing) > 1 else ""
        problems.append(f"missing required point{s}: " + "; ".join(
            f"#{i} " + " | ".join(f"/{p}/" for p in check.required[i - 1]) for i in missing))
    found = [(m, p) for p in check.forbidden if (m := re.search(p, text, re.I))]
    if found:
        problems.append(f"forbidden claim: {found[0][0].group(0)!r} matches /{found[0][1]}/")
    within = check.min_words <= words and (check.max_words is None or words <= check.max_words)
    points = bounded + len(check.required) + len(check.forbidden)
    unmet = (not within) + len(missing) + len(found)
    if problems:
        return Judged.of(points - unmet, points, problems[0])
    return Judged(True, f"{words} words; all {len(check.required)} required points present", 1.0)


# -- dispatch -------------------------------------------------------------------------------------------
# One judge per check kind, all called as judge(check, answer, roles, limits); each takes what it needs.

Judge = Callable[[Any, str, Sequence[str], SandboxLimits], Judged]
JUDGES: dict[str, Judge] = {
    "python_tests": lambda check, answer, roles, limits: _python_tests(check, answer, limits),
    "test_suite": lambda check, answer, roles, limits: _test_suite(check, answer, limits),
    "json_plan": lambda check, answer, roles, limits: _json_plan(check, answer, roles),
    "rubric": lambda check, answer, roles, limits: _rubric(check, answer),
    # The final answer of an agent episode, judged by the role's own kind (the episode itself, its
    # tool calls, is run and measured by evaluate/agent.py; data verify replays the reference's).
    "tool_use": lambda check, answer, roles, limits: JUDGES[check.check.kind](check.check, answer, roles, limits),
}
