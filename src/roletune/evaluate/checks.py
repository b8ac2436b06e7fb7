"""The checks that judge an answer by its role's contract (docs/data-format.md).

    python_tests  the answer's code (after `setup`) with the example's tests runs clean in the sandbox
    test_suite    the answer's tests pass against the reference and fail against every mutant
    json_plan     the answer is a plan matching PLAN_SCHEMA, with known roles, dependencies on
                  earlier steps only, every required step present and at most max_steps steps
    rubric        every required point matched, no forbidden claim, word count within bounds

How code is run. The host compiles each part (setup, answer, tests; or implementation, tests) on its
own, so errors name the part and its line ("AssertionError at test line 3: assert f(1) == 2 (left:
1, right: 2)"; `assert a == b` is rewritten to report both sides). A small harness (`_HARNESS`)
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
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from roletune.data.extract import extract_code, extract_json
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
            if self.entry_point not in _top_level_names(ast.parse(code)):
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
    if isinstance(check, PythonTestsCheck):
        passed, reason = _python_tests(check, answer, limits)
    elif isinstance(check, TestSuiteCheck):
        passed, reason = _test_suite(check, answer, limits)
    elif isinstance(check, JsonPlanCheck):
        passed, reason = _json_plan(check, answer, roles)
    elif isinstance(check, RubricCheck):
        passed, reason = _rubric(check, answer)
    else:
        raise TypeError(f"not a check: {check!r}")
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
    defined = [n for n in tree.body if check.entry_point in _top_level_names(ast.Module([n], []), imports=False)]
    if defined:
        return False, (f"the tests define {check.entry_point} themselves (test line {defined[0].lineno}); "
                       "the function under test is provided")
    if not _has_tests(tree):
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


def _top_level_names(tree: ast.Module, *, imports: bool = True) -> set[str]:
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
            names |= _top_level_names(ast.Module(inner, []), imports=imports)
    return names


def _has_tests(tree: ast.Module) -> bool:
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
        result = run_python(_HARNESS_HEAD % {"nonce": nonce, "units": self.units, "tests": "test"} + _HARNESS, limits)
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
        explained = message.startswith(_EXPLAIN_MARK)
        message = message[len(_EXPLAIN_MARK) :] if explained else message
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


def _rubric(check: RubricCheck, answer: str) -> tuple[bool, str]:
    # Whitespace collapsed, so a phrase may wrap lines; Markdown emphasis and code marks dropped.
    text = " ".join(answer.replace("*", "").replace("`", "").split())
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


# -- the harness ----------------------------------------------------------------------------------------
# Runs in the sandbox. It reports on a private copy of stdout, one line each, as
# "<nonce> <kind> <repr(payload)>":  at (part,) or (part, test)  |  ok (tests run,)  |
# fail (test or None, exception type, message, [(part, line), ...]).

_EXPLAIN_MARK = "\x00explained:"
_HARNESS_HEAD = "_NONCE = %(nonce)r\n_UNITS = %(units)r\n_TESTS = %(tests)r\n"
_HARNESS = r'''
import builtins as _builtins, marshal as _marshal, os as _os, sys as _sys, types as _types

_out = _os.dup(1)
_write, _exit, _getpid = _os.write, _os._exit, _os.getpid
_PID = _getpid()
_CO_GENERATOR = 0x20


def _say(kind, payload):
    if _getpid() != _PID:  # a process the code forked came back here: only the program speaks
        _exit(0 if kind == "ok" else 1)
    for stream in (_sys.stdout, _sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    _write(_out, ("\n%s %s %r\n" % (_NONCE, kind, payload)).encode("utf-8", "backslashreplace"))


def _fail(exc, test=None):
    frames, tb = [], exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name[:1] == "<" and name[-1:] == ">":
            frames.append((name[1:-1], tb.tb_lineno))
        tb = tb.tb_next
    try:
        message = str(exc)
    except BaseException:
        message = "<unprintable>"
    _say("fail", (test, type(exc).__name__, message[:2000], frames))
    _exit(1)


def _short(value):
    try:
        text = repr(value)
    except BaseException:
        text = "<unprintable %s>" % type(value).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _rt_explain(left, right):
    return "\x00explained:left: %s, right: %s" % (_short(left), _short(right))


# -- a stand-in for the pytest API that tests use most (no site-packages in the sandbox) --
class Skipped(BaseException):
    pass


class Failed(AssertionError):
    pass


def fail(reason="", pytrace=True):
    raise Failed(reason)


def skip(reason="", allow_module_level=False):
    raise Skipped(reason)


fail.Exception, skip.Exception = Failed, Skipped


class RaisesContext:
    def __init__(self, expected, match):
        self.expected, self.match_expr, self.value, self.type = expected, match, None, None

    def __enter__(self):
        return self

    def __exit__(self, etype, value, tb):
        if etype is None:
            raise Failed("DID NOT RAISE %r" % (self.expected,))
        if not issubclass(etype, self.expected):
            return False
        self.value, self.type = value, etype
        if self.match_expr is not None:
            self.match(self.match_expr)
        return True

    def match(self, regexp):
        import re
        if not re.search(regexp, str(self.value)):
            raise Failed("Regex pattern did not match: regex %r, input %r" % (regexp, str(self.value)))
        return True


def raises(expected, *args, match=None, **kwargs):
    context = RaisesContext(expected, match)
    if not args:
        return context
    with context:
        args[0](*args[1:], **kwargs)
    return context


class approx:
    def __init__(self, expected, rel=None, abs=None, nan_ok=False):
        self.expected, self.rel, self.abs, self.nan_ok = expected, rel, abs, nan_ok

    def _close(self, actual, expected):
        if isinstance(expected, dict):
            return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
                self._close(actual[k], expected[k]) for k in expected)
        if isinstance(expected, (list, tuple)):
            return isinstance(actual, (list, tuple)) and len(actual) == len(expected) and all(
                self._close(a, e) for a, e in zip(actual, expected))
        numbers = (int, float, complex)
        if not (isinstance(expected, numbers) and isinstance(actual, numbers)) or isinstance(expected, bool):
            return actual == expected
        if actual == expected:
            return True
        if expected != expected or actual != actual:
            return self.nan_ok and expected != expected and actual != actual
        if _builtins.abs(expected) == float("inf"):
            return False
        tolerance = 1e-12 if self.abs is None else self.abs
        if not (self.rel is None and self.abs is not None):
            tolerance = max(tolerance, (1e-6 if self.rel is None else self.rel) * _builtins.abs(expected))
        return _builtins.abs(actual - expected) <= tolerance

    def __eq__(self, actual):
        return self._close(actual, self.expected)

    __hash__ = None

    def __repr__(self):
        return "approx(%r)" % (self.expected,)


class ParameterSet:
    def __init__(self, values, marks=(), id=None):
        self.values, self.id = values, id
        self.marks = marks if isinstance(marks, (list, tuple)) else (marks,)


def param(*values, marks=(), id=None):
    return ParameterSet(values, marks, id)


class Mark:
    def __init__(self, name, args=(), kwargs=None):
        self.name, self.args, self.kwargs = name, args, kwargs or {}

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and (isinstance(args[0], type) or callable(args[0])) and (
                self.name != "skipif" or self.args):
            target = args[0]
            target._rt_marks = list(getattr(target, "_rt_marks", [])) + [self]
            return target
        return Mark(self.name, args, kwargs)


class _MarkFactory:
    def parametrize(self, argnames, argvalues, indirect=False, ids=None, scope=None):
        names = [n.strip() for n in argnames.split(",") if n.strip()] if isinstance(argnames, str) else list(argnames)
        rows = []
        for row in argvalues:
            marks = ()
            if isinstance(row, ParameterSet):
                marks, row = row.marks, row.values
            elif len(names) == 1:
                row = (row,)
            rows.append((dict(zip(names, row)), tuple(marks)))
        return Mark("parametrize", (rows,))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Mark(name)


mark = _MarkFactory()


def fixture(function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
    def decorate(f):
        f._rt_fixture, f._rt_autouse = name or f.__name__, autouse
        return f
    return decorate(function) if callable(function) else decorate


@fixture
def tmp_path():
    import pathlib, tempfile
    return pathlib.Path(tempfile.mkdtemp(dir=_os.getcwd()))


class _Captured(tuple):
    out = property(lambda self: self[0])
    err = property(lambda self: self[1])


class CaptureFixture:
    def __init__(self):
        import io
        self._saved = _sys.stdout, _sys.stderr
        self._streams = io.StringIO(), io.StringIO()
        _sys.stdout, _sys.stderr = self._streams

    def readouterr(self):
        out, err = (s.getvalue() for s in self._streams)
        for s in self._streams:
            s.seek(0)
            s.truncate()
        return _Captured((out, err))

    def _close(self):
        _sys.stdout, _sys.stderr = self._saved


@fixture
def capsys():
    capture = CaptureFixture()
    yield capture
    capture._close()


class MonkeyPatch:
    _missing = object()

    def __init__(self):
        self._undo = []

    def setattr(self, target, name, value=_missing, raising=True):
        if value is self._missing:  # setattr("module.attr", value)
            import importlib
            path, value = target, name
            module, _, name = path.rpartition(".")
            target = importlib.import_module(module)
        self._undo.append((_builtins.setattr, target, name, getattr(target, name, self._missing)))
        _builtins.setattr(target, name, value)

    def delattr(self, target, name, raising=True):
        if hasattr(target, name):
            self._undo.append((_builtins.setattr, target, name, getattr(target, name)))
            _builtins.delattr(target, name)

    def setitem(self, mapping, key, value):
        self._undo.append(("item", mapping, key, mapping.get(key, self._missing)))
        mapping[key] = value

    def delitem(self, mapping, key, raising=True):
        if key in mapping:
            self._undo.append(("item", mapping, key, mapping[key]))
            del mapping[key]

    def setenv(self, name, value, prepend=None):
        self.setitem(_os.environ, name, str(value))

    def delenv(self, name, raising=True):
        self.delitem(_os.environ, name)

    def chdir(self, path):
        self._undo.append(("cwd", _os.getcwd(), None, None))
        _os.chdir(path)

    def undo(self):
        for how, target, name, old in reversed(self._undo):
            if how == "cwd":
                _os.chdir(target)
            elif how == "item":
                if old is self._missing:
                    target.pop(name, None)
                else:
                    target[name] = old
            elif old is self._missing:
                _builtins.delattr(target, name)
            else:
                _builtins.setattr(target, name, old)
        self._undo = []


@fixture
def monkeypatch():
    patch = MonkeyPatch()
    yield patch
    patch.undo()


_pytest = _types.ModuleType("pytest")
for _name in ("Skipped", "Failed", "fail", "skip", "raises", "approx", "param", "mark", "fixture",
              "MonkeyPatch", "CaptureFixture"):
    setattr(_pytest, _name, globals()[_name])
_BUILTIN_FIXTURES = {"tmp_path": tmp_path, "capsys": capsys, "monkeypatch": monkeypatch}


# -- running the parts, then the tests --
def _marks(obj, name):
    return [m for m in getattr(obj, "_rt_marks", ()) if m.name == name]


def _skipped(obj):
    return bool(_marks(obj, "skip")) or any(m.args and m.args[0] for m in _marks(obj, "skipif"))


def _wanted(function, bound):
    code = function.__code__
    names = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    n_defaults = len(function.__defaults__ or ())
    required = names[: len(names) - n_defaults] if n_defaults else names
    return required[1:] if bound else required


def _call(function, bound, fixtures, given):
    cache, teardown = dict(given), []

    def resolve(name, stack):
        if name in cache:
            return cache[name]
        maker = fixtures.get(name)
        if maker is None or name in stack:
            raise LookupError("fixture %r not found (available: %s)" % (name, ", ".join(sorted(fixtures))))
        value = maker(**{a: resolve(a, stack + (name,)) for a in _wanted(maker, False)})
        if maker.__code__.co_flags & _CO_GENERATOR:
            generator, value = value, next(value)
            teardown.append(generator)
        cache[name] = value
        return value

    try:
        for name, maker in fixtures.items():
            if getattr(maker, "_rt_autouse", False):
                resolve(name, ())
        plain = function.__func__ if bound else function
        function(**{a: resolve(a, ()) for a in _wanted(plain, bound)})
    finally:
        for generator in reversed(teardown):
            for _ in generator:
                pass


def _cases(namespace, part):
    """(name, zero-argument callable, expect failure) for each test the part defines, in order."""
    filename = "<%s>" % part
    fixtures = dict(_BUILTIN_FIXTURES)
    fixtures.update({v._rt_fixture: v for v in namespace.values() if isinstance(getattr(v, "_rt_fixture", None), str)})
    units = []
    for name, obj in list(namespace.items()):
        if isinstance(obj, _types.FunctionType) and name.startswith("test") and obj.__code__.co_filename == filename \
                and not hasattr(obj, "_rt_fixture"):
            units.append((name, obj, None))
        elif isinstance(obj, type) and (name.startswith("Test") or _is_testcase(obj)):
            for attr, member in list(vars(obj).items()):
                if attr.startswith("test") and isinstance(member, _types.FunctionType) \
                        and member.__code__.co_filename == filename:
                    units.append(("%s.%s" % (name, attr), member, obj))
    cases = []
    for name, function, cls in units:
        if _skipped(function) or (cls is not None and _skipped(cls)):
            continue
        xfail = bool(_marks(function, "xfail") or (cls is not None and _marks(cls, "xfail")))
        rows = [({}, ())]
        for m in reversed(_marks(function, "parametrize")):
            rows = [({**a, **b}, ma + mb) for a, ma in rows for b, mb in m.args[0]]
        for i, (given, row_marks) in enumerate(rows):
            if any(m.name == "skip" for m in row_marks):
                continue
            label = name if len(rows) == 1 else "%s[%d]" % (name, i)
            cases.append((label, _runner(function, cls, fixtures, given),
                          xfail or any(m.name == "xfail" for m in row_marks)))
    return cases


def _is_testcase(cls):
    unittest = _sys.modules.get("unittest")
    return unittest is not None and issubclass(cls, unittest.TestCase)


def _runner(function, cls, fixtures, given):
    if cls is None:
        return lambda: _call(function, False, fixtures, given)

    def run():
        if _is_testcase(cls):
            cls.setUpClass()
            try:
                cls(function.__name__).debug()  # setUp, the test, tearDown; exceptions propagate
            finally:
                cls.tearDownClass()
            return
        instance = cls()
        for hook in ("setup_method", "setUp"):
            if hasattr(instance, hook):
                getattr(instance, hook)(*([function] if hook == "setup_method" else []))
        try:
            _call(getattr(instance, function.__name__), True, fixtures, given)
        finally:
            for hook in ("teardown_method", "tearDown"):
                if hasattr(instance, hook):
                    getattr(instance, hook)(*([function] if hook == "teardown_method" else []))
    return run


def _main():
    module = _types.ModuleType("__answer__")
    module.__file__ = _os.path.abspath("main.py")
    module._rt_explain = _rt_explain
    _sys.modules["__answer__"] = module
    _sys.modules.setdefault("pytest", _pytest)
    namespace = module.__dict__
    for part, code in _UNITS:
        _say("at", (part,))
        try:
            exec(_marshal.loads(code), namespace)
        except Skipped:
            break
        except BaseException as exc:
            _fail(exc)
    ran = 0
    try:
        cases = _cases(namespace, _TESTS)
    except BaseException as exc:
        _fail(exc)
    for name, case, xfail in cases:
        _say("at", (_TESTS, name))
        try:
            case()
        except Skipped:
            continue
        except BaseException as exc:
            if not xfail:
                _fail(exc, name)
        ran += 1
    _say("ok", (ran,))
    _exit(0)


_main()
'''
