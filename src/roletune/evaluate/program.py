"""The host side of the harness (roletune.evaluate.harness): compile a check's parts, run them in
the sandbox, and read the verdict and the count of test units that passed.

The host compiles each part (setup, answer, tests; or implementation, tests) on its own, so errors
name the part and its line. In the tests part, `assert a == b` is rewritten to report both sides,
and with `keep_going` every top-level statement is wrapped so that a failure is recorded and the
tests go on (see `_KeepGoing`).

Units, for the graded score. A unit is a top-level statement of the tests that contains an assert
(`assert f(1) == 2`, or a `for` loop of asserts: one unit), or one test case (a `test*` function,
one row of a parametrized one, a `Test*` class method). The score is the share of units that passed;
a unit the run never reached (the program crashed or timed out before it) counts as failed. With
`keep_going` off (the tester's generated tests, run against each mutant) the run stops at the first
failure as a test runner with `-x` does: only the verdict matters there.
"""

from __future__ import annotations

import ast
import marshal
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from roletune.evaluate import harness
from roletune.evaluate.sandbox import SandboxLimits, SandboxResult, run_python


def syntax_error(label: str, source: str, exc: SyntaxError) -> str:
    line = _line(source, exc.lineno or 0)
    return f"SyntaxError at {label} line {exc.lineno}: {exc.msg}" + (f": {line}" if line else "")


def _line(source: str, lineno: int) -> str:
    lines = source.splitlines()
    return lines[lineno - 1].strip()[:160] if 0 < lineno <= len(lines) else ""


def tests_text(n: int) -> str:
    return "the top-level asserts" if n == 0 else f"{n} test{'s' if n != 1 else ''}"


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


_NOT_WRAPPED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def _main_guard(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` — never runs (the module is not __main__), so it is no unit."""
    return isinstance(node, ast.If) and any(isinstance(n, ast.Name) and n.id == "__name__" for n in ast.walk(node.test))


def counted(node: ast.stmt) -> bool:
    """Whether a top-level statement of the tests is a unit of the score."""
    return (not isinstance(node, _NOT_WRAPPED) and not _main_guard(node)
            and any(isinstance(n, ast.Assert) for n in ast.walk(node)))


def _wrap_top_level(tree: ast.Module) -> ast.Module:
    """Each top-level statement but definitions and imports (a `from __future__` import must stay
    first) → `try: STMT / except BaseException as _rt_e: _rt_unit(_rt_e, LINE, COUNTED) /
    else: _rt_unit(None, LINE, COUNTED)`: the harness records the outcome and the tests go on."""
    body: list[ast.stmt] = []
    for node in tree.body:
        constant = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)  # a docstring cannot fail
        if isinstance(node, _NOT_WRAPPED) or _main_guard(node) or constant:
            body.append(node)
            continue

        def report(exc: ast.expr, node: ast.stmt = node) -> ast.stmt:
            args = [exc, ast.Constant(node.lineno), ast.Constant(counted(node))]
            return ast.Expr(ast.Call(ast.Name("_rt_unit", ast.Load()), args, []))

        handler = ast.ExceptHandler(type=ast.Name("BaseException", ast.Load()), name="_rt_e",
                                    body=[report(ast.Name("_rt_e", ast.Load()))])
        body.append(ast.copy_location(ast.Try(body=[node], handlers=[handler], orelse=[report(ast.Constant(None))],
                                              finalbody=[]), node))
    return ast.fix_missing_locations(ast.Module(body=body, type_ignores=tree.type_ignores))


def static_cases(tree: ast.Module) -> int:
    """Test functions and methods the tests define, as read from the source (parametrize rows are
    counted by the harness; this is the count when the run ended before it could say)."""
    n = 0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            n += 1
        elif isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or any(
                ast.unparse(base).endswith("TestCase") for base in node.bases)):
            n += sum(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name.startswith("test")
                     for m in node.body)
    return n


@dataclass(frozen=True)
class Outcome:
    """How a program of parts ended: the verdict, and the units of the tests that passed."""

    passed: bool
    reason: str
    tests_run: int  # test functions run (0: top-level asserts only)
    units_passed: int
    units_total: int

    @property
    def score(self) -> float:
        """Share of units passed; 1.0 exactly when the verdict is a pass. A failure outside every
        unit (all units passed, the program then failed) counts as one more unit, failed."""
        if self.passed:
            return 1.0
        if self.units_passed >= self.units_total:
            return self.units_passed / (self.units_total + 1)
        return self.units_passed / self.units_total


class Program:
    """The parts compiled here, the harness that runs them in the sandbox, and its verdict."""

    def __init__(self, parts: Sequence[tuple[str, str]], *, entry_point: str, keep_going: bool = False) -> None:
        self.sources = {label: source for label, source in parts}
        self.entry_point = entry_point
        self.keep_going = keep_going
        self.error: str | None = None
        self.units: list[tuple[str, bytes]] = []
        self.top_units = self.static_cases = 0
        for label, source in parts:
            if not source.strip():
                continue
            try:
                tree = ast.parse(source, filename=f"<{label}>")
                if label == "test":
                    self.top_units = sum(counted(node) for node in tree.body) if keep_going else 0
                    self.static_cases = static_cases(tree)
                    tree = ast.fix_missing_locations(_ExplainAsserts().visit(tree))
                    if keep_going:
                        tree = _wrap_top_level(tree)
                code = compile(tree, f"<{label}>", "exec", dont_inherit=True)
            except SyntaxError as exc:
                self.error = syntax_error(label, source, exc)
                return
            except (ValueError, RecursionError, MemoryError) as exc:
                self.error = f"{label} cannot be compiled: {type(exc).__name__}: {exc}"
                return
            self.units.append((label, marshal.dumps(code)))

    def run(self, limits: SandboxLimits) -> Outcome:
        nonce = secrets.token_hex(16)
        result = run_python(harness.program(nonce, self.units, "test", keep_going=self.keep_going), limits)
        return self._outcome(result, nonce)

    def _outcome(self, result: SandboxResult, nonce: str) -> Outcome:
        events = []
        for line in result.stdout.splitlines():
            if line.startswith(nonce + " "):
                kind, _, payload = line[len(nonce) + 1 :].partition(" ")
                try:
                    events.append((kind, ast.literal_eval(payload)))
                except (ValueError, SyntaxError):
                    continue
        passed, reason, ran = self._verdict(result, events)
        # Each unit event carries running totals (passed, skipped), so the last one that survives
        # the sandbox's bounded output buffer is enough.
        tally = next((e[1] for e in reversed(events) if e[0] == "unit"), (None, None, 0, 0))
        cases = next((e[1][0] for e in events if e[0] == "cases"), self.static_cases)
        total = self.top_units + cases - tally[3]
        return Outcome(passed, reason, ran, units_passed=min(tally[2], total), units_total=total)

    def _verdict(self, result: SandboxResult, events: list[tuple[str, tuple]]) -> tuple[bool, str, int]:
        """(passed, reason, tests run): the first failure the harness reported, else how it ended."""
        failure = next((e[1] for e in events if e[0] == "fail"), None)
        if failure is not None:
            return False, self._failure(*failure), 0
        final = next((e[1] for e in reversed(events) if e[0] == "ok"), None)
        if final and result.exit_code == 0 and not result.timed_out:
            return True, f"{tests_text(final[0])} passed", final[0]
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
