"""The checks that judge an answer by its role's contract (docs/data-format.md).

    python_tests  the answer's code (after `setup`) with the example's tests runs clean in the sandbox
    test_suite    the answer's tests pass against the reference and fail against every mutant
    json_plan     the answer is a plan matching PLAN_SCHEMA, with known roles, dependencies on
                  earlier steps only, every required step present and at most max_steps steps
    rubric        every required point matched, no forbidden claim, word count within bounds

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
import marshal
import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from roletune.data.extract import extract_code, extract_json
from roletune.evaluate import harness
from roletune.evaluate.sandbox import SandboxLimits, SandboxResult, run_python

# -- the check models -----------------------------------------------------------------------------------


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


def _python(source: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"not valid Python: {exc.msg} (line {exc.lineno})") from None
    return source


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"{name!r} is not a Python identifier")
    return name


Regex = Annotated[str, AfterValidator(_regex)]
PythonSource = Annotated[str, AfterValidator(_python)]
Identifier = Annotated[str, AfterValidator(_identifier)]


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PythonTestsCheck(_Check):
    """coder: the answer's code, with `tests` appended (and `setup` before it), runs clean."""

    kind: Literal["python_tests"]
    entry_point: Identifier
    tests: PythonSource = Field(min_length=1)
    setup: PythonSource = ""


class TestSuiteCheck(_Check):
    """tester: the answer's tests pass against `reference` and fail against every mutant."""

    __test__ = False  # not a pytest test class

    kind: Literal["test_suite"]
    entry_point: Identifier
    reference: PythonSource
    mutants: list[PythonSource] = Field(min_length=3)

    @model_validator(mode="after")
    def _variants(self) -> TestSuiteCheck:
        seen = {ast.dump(ast.parse(self.reference)): "the reference"}
        for i, code in enumerate([self.reference, *self.mutants]):
            where = "reference" if i == 0 else f"mutants[{i - 1}]"
            if self.entry_point not in top_level_names(ast.parse(code)):
                raise ValueError(f"{where} does not define {self.entry_point}")
            if i:
                same = seen.setdefault(ast.dump(ast.parse(code)), where)
                if same != where:
                    raise ValueError(f"{where} is the same code as {same}: no test can tell them apart")
        return self


class RequiredStep(_Check):
    role: str = Field(min_length=1)
    pattern: Regex  # case-insensitive, searched in the step's task


class JsonPlanCheck(_Check):
    """coordinator: a plan of the declared shape with every required step."""

    kind: Literal["json_plan"]
    required_steps: list[RequiredStep] = Field(default_factory=list)
    max_steps: int = Field(ge=1)

    @model_validator(mode="after")
    def _room(self) -> JsonPlanCheck:
        if len(self.required_steps) > self.max_steps:
            raise ValueError(f"{len(self.required_steps)} required steps do not fit in max_steps={self.max_steps}")
        return self


class RubricCheck(_Check):
    """researcher: each required point (alternatives, case-insensitive regexes) matched, none forbidden."""

    kind: Literal["rubric"]
    required: list[Annotated[list[Regex], Field(min_length=1)]] = Field(min_length=1)
    forbidden: list[Regex] = Field(default_factory=list)
    min_words: int = Field(0, ge=0)
    max_words: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _bounds(self) -> RubricCheck:
        if self.max_words is not None and self.max_words < self.min_words:
            raise ValueError(f"max_words={self.max_words} < min_words={self.min_words}")
        return self


Check = Annotated[Union[PythonTestsCheck, TestSuiteCheck, JsonPlanCheck, RubricCheck], Field(discriminator="kind")]
_CHECK = TypeAdapter(Check)


def parse_check(data: Mapping[str, Any]) -> Check:
    """A check from its JSON form (raises pydantic.ValidationError)."""
    return _CHECK.validate_python(data)


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    reason: str  # one short line, for a pass too ("4 tests passed")
    seconds: float


def run_check(check: Check | Mapping[str, Any], answer: str, *, roles: Sequence[str],
              limits: SandboxLimits = SandboxLimits()) -> CheckResult:
    """Judge `answer` by `check`. A bad answer is a failed result, never an exception."""
    started = time.perf_counter()
    if isinstance(check, Mapping):
        check = parse_check(check)
    judge = JUDGES.get(getattr(check, "kind", None))
    if judge is None or not isinstance(check, _Check):
        raise TypeError(f"not a check: {check!r}")
    passed, reason = judge(check, answer, roles, limits)
    return CheckResult(passed=passed, reason=reason, seconds=time.perf_counter() - started)


def run_checks(items: Iterable[tuple[Check | Mapping[str, Any], str]], *, roles: Sequence[str],
               limits: SandboxLimits = SandboxLimits(), workers: int = 2) -> list[CheckResult]:
    """`run_check` over (check, answer) pairs, `workers` at a time; results in the order given."""
    with ThreadPoolExecutor(max(1, workers)) as pool:
        return list(pool.map(lambda item: run_check(item[0], item[1], roles=roles, limits=limits), items))


# -- python_tests and test_suite ------------------------------------------------------------------------


def _python_tests(check: PythonTestsCheck, answer: str, limits: SandboxLimits) -> tuple[bool, str]:
    code = extract_code(answer)
    if not code.strip():
        return False, "no Python code in the answer"
    program = _Program([("setup", check.setup), ("answer", code), ("test", check.tests)], entry_point=check.entry_point)
    if program.error:
        return False, program.error
    passed, reason, _ = program.run(limits)
    return passed, reason


def _test_suite(check: TestSuiteCheck, answer: str, limits: SandboxLimits) -> tuple[bool, str]:
    code = extract_code(answer)
    if not code.strip():
        return False, "no Python code in the answer"
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return False, _syntax_error("test", code, exc)
    defined = [n for n in tree.body if check.entry_point in top_level_names(ast.Module([n], []), imports=False)]
    if defined:
        return False, (f"the tests define {check.entry_point} themselves (test line {defined[0].lineno}); "
                       "the function under test is provided")
    if not has_tests(tree):
        return False, "no tests in the answer: no test_* functions, test classes or top-level asserts"
    tests = _drop_imports_of(code, tree, check.entry_point)  # `from mymodule import clamp` is provided
    reference = _Program([("reference", check.reference), ("test", tests)], entry_point=check.entry_point)
    if reference.error:
        return False, reference.error
    passed, reason, n_tests = reference.run(limits)
    if not passed:
        return False, f"the tests fail against the reference: {reason}"
    survivors = []
    for i, mutant in enumerate(check.mutants, 1):  # a mutant is killed when the run fails in any way
        if _Program([("mutant", mutant), ("test", tests)], entry_point=check.entry_point).run(limits)[0]:
            survivors.append(f"#{i}")
    if survivors:
        return False, f"{len(survivors)} of {len(check.mutants)} mutants survived: {', '.join(survivors)}"
    verb = "passes" if n_tests == 1 else "pass"
    return True, f"{_tests_text(n_tests)} {verb} against the reference; all {len(check.mutants)} mutants killed"


def top_level_names(tree: ast.Module, *, imports: bool = True) -> set[str]:
    """Names a module binds at top level (also inside top-level if/try/with blocks)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and imports:
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            inner = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", []),
                     *(s for h in getattr(node, "handlers", []) for s in h.body)]
            names |= top_level_names(ast.Module(inner, []), imports=imports)
    return names


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


class _ExplainAsserts(ast.NodeTransformer):
    """`assert a == b` → `assert (_rt_l := a) == (_rt_r := b), _rt_explain(_rt_l, _rt_r)`: the
    failure message shows both sides, as pytest's does. Only single comparisons without a message."""

    def visit_Assert(self, node: ast.Assert) -> ast.Assert:
        test = node.test
        if node.msg is not None or not isinstance(test, ast.Compare) or len(test.ops) != 1:
            return node
        left = ast.NamedExpr(target=ast.Name("_rt_l", ast.Store()), value=test.left)
        right = ast.NamedExpr(target=ast.Name("_rt_r", ast.Store()), value=test.comparators[0])
        sides = [ast.Name("_rt_l", ast.Load()), ast.Name("_rt_r", ast.Load())]
        msg = ast.Call(ast.Name("_rt_explain", ast.Load()), sides, [])
        return ast.copy_location(ast.Assert(test=ast.Compare(left, test.ops, [right]), msg=msg), node)


def _syntax_error(label: str, source: str, exc: SyntaxError) -> str:
    line = _line(source, exc.lineno or 0)
    return f"SyntaxError at {label} line {exc.lineno}: {exc.msg}" + (f": {line}" if line else "")


def _line(source: str, lineno: int) -> str:
    lines = source.splitlines()
    return lines[lineno - 1].strip()[:160] if 0 < lineno <= len(lines) else ""


def _tests_text(n: int) -> str:
    return "the top-level asserts" if n == 0 else f"{n} test{'s' if n != 1 else ''}"


class _Program:
    """The parts compiled here, the harness that runs them in the sandbox, and its verdict."""

    def __init__(self, parts: Sequence[tuple[str, str]], *, entry_point: str) -> None:
        self.sources = {label: source for label, source in parts}
        self.entry_point = entry_point
        self.error: str | None = None
        self.units: list[tuple[str, bytes]] = []
        for label, source in parts:
            if not source.strip():
                continue
            try:
                tree = ast.parse(source, filename=f"<{label}>")
                if label == "test":
                    tree = ast.fix_missing_locations(_ExplainAsserts().visit(tree))
                code = compile(tree, f"<{label}>", "exec", dont_inherit=True)
            except SyntaxError as exc:
                self.error = _syntax_error(label, source, exc)
                return
            except (ValueError, RecursionError, MemoryError) as exc:
                self.error = f"{label} cannot be compiled: {type(exc).__name__}: {exc}"
                return
            self.units.append((label, marshal.dumps(code)))

    def run(self, limits: SandboxLimits) -> tuple[bool, str, int]:
        """(passed, reason, number of test functions run)."""
        nonce = secrets.token_hex(16)
        result = run_python(harness.program(nonce, self.units, "test"), limits)
        return self._verdict(result, nonce)

    def _verdict(self, result: SandboxResult, nonce: str) -> tuple[bool, str, int]:
        events = []
        for line in result.stdout.splitlines():
            if line.startswith(nonce + " "):
                kind, _, payload = line[len(nonce) + 1 :].partition(" ")
                try:
                    events.append((kind, ast.literal_eval(payload)))
                except (ValueError, SyntaxError):
                    continue
        final = next((e for e in reversed(events) if e[0] in ("ok", "fail")), None)
        if final and final[0] == "ok" and result.exit_code == 0 and not result.timed_out:
            return True, f"{_tests_text(final[1][0])} passed", final[1][0]
        if final and final[0] == "fail":
            return False, self._failure(*final[1]), 0
        at = next((e[1] for e in reversed(events) if e[0] == "at"), None)
        during = "" if at is None else f" (in {at[1]})" if len(at) > 1 else f" (while running the {at[0]} code)"
        if result.timed_out or result.limit_hit:
            return False, result.reason + during, 0
        if result.exit_code == 0:
            return False, f"the program exited with status 0 before the tests finished{during}", 0
        return False, result.reason + during, 0

    def _failure(self, test: str | None, etype: str, message: str, frames: list[tuple[str, int]]) -> str:
        frames = [(label, n) for label, n in frames if label in self.sources]
        explained = message.startswith(harness.EXPLAIN_MARK)
        message = message[len(harness.EXPLAIN_MARK) :] if explained else message
        lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
        message = lines[0] + (" …" if len(lines) > 1 else "") if lines else ""  # one line: unittest's diff follows
        text = etype if explained or not message else f"{etype}: {message[:300]}"
        if frames:
            tests = [f for f in frames if f[0] == "test"]
            where = tests[-1] if tests else frames[-1]
            text += f" at {where[0]} line {where[1]}: {_line(self.sources[where[0]], where[1])}"
            if frames[-1] != where:
                raised = frames[-1]
                text += f" (raised at {raised[0]} line {raised[1]}: {_line(self.sources[raised[0]], raised[1])})"
        if explained:
            text += f" ({message[:300]})"
        if etype == "NameError" and f"'{self.entry_point}'" in message:
            text += f"; the code does not define {self.entry_point}"
        return f"{test}: {text}" if test else text


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


def _json_plan(check: JsonPlanCheck, answer: str, roles: Sequence[str]) -> tuple[bool, str]:
    import jsonschema  # lazily: it takes ~0.1 s to import, and only coordinator checks need it

    unknown = sorted({r.role for r in check.required_steps} - set(roles))
    if unknown:
        return False, f"the check requires role(s) {', '.join(unknown)}, which are not configured"
    try:
        plan = extract_json(answer)
    except ValueError as exc:
        return False, f"no plan: {exc}"
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(PLAN_SCHEMA).iter_errors(plan))
    if error is not None:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        return False, f"plan does not match the schema at {path or 'top level'}: {error.message[:200]}"
    steps = plan["steps"]
    earlier: set[int] = set()
    for step in steps:
        if step["id"] in earlier:
            return False, f"step id {step['id']} is used twice"
        later = [d for d in step["depends_on"] if d not in earlier]
        if later:
            return False, f"step {step['id']} depends on {', '.join(map(str, later))}, not an earlier step"
        if step["role"] not in roles:
            return False, f"step {step['id']} names unknown role {step['role']!r} (roles: {', '.join(roles)})"
        earlier.add(step["id"])
    if len(steps) > check.max_steps:
        return False, f"the plan has {len(steps)} steps (max {check.max_steps})"
    missing = _unmatched(check.required_steps, steps)
    if missing:
        s = "s" if len(missing) > 1 else ""
        return False, f"missing required step{s}: " + "; ".join(f"{r.role} /{r.pattern}/" for r in missing)
    return True, f"valid plan of {len(steps)} steps with all {len(check.required_steps)} required steps"


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


def _rubric(check: RubricCheck, answer: str) -> tuple[bool, str]:
    text = prose(answer)
    words = len(WORD.findall(text))
    if words < check.min_words:
        return False, f"too short: {words} words (min {check.min_words})"
    if check.max_words is not None and words > check.max_words:
        return False, f"too long: {words} words (max {check.max_words})"
    missing = [i for i, point in enumerate(check.required, 1) if not any(re.search(p, text, re.I) for p in point)]
    if missing:
        s = "s" if len(missing) > 1 else ""
        return False, f"missing required point{s}: " + "; ".join(
            f"#{i} " + " | ".join(f"/{p}/" for p in check.required[i - 1]) for i in missing)
    for pattern in check.forbidden:
        found = re.search(pattern, text, re.I)
        if found:
            return False, f"forbidden claim: {found.group(0)!r} matches /{pattern}/"
    return True, f"{words} words; all {len(check.required)} required points present"


# -- dispatch -------------------------------------------------------------------------------------------
# One judge per check kind, all called as judge(check, answer, roles, limits); each takes what it needs.

Judge = Callable[[Any, str, Sequence[str], SandboxLimits], tuple[bool, str]]
JUDGES: dict[str, Judge] = {
    "python_tests": lambda check, answer, roles, limits: _python_tests(check, answer, limits),
    "test_suite": lambda check, answer, roles, limits: _test_suite(check, answer, limits),
    "json_plan": lambda check, answer, roles, limits: _json_plan(check, answer, roles),
    "rubric": lambda check, answer, roles, limits: _rubric(check, answer),
}
