"""The checks that judge an answer by its role's contract (docs/data-format.md).

python_tests  the answer's code + the example's tests run clean in the sandbox
test_suite    the answer's tests pass against the reference and fail against every mutant
json_plan     the answer is a plan of the declared shape (JSON Schema), roles known, required steps present
rubric        required points present, forbidden claims absent, length within bounds

A pass needs the harness to reach its end: it prints a per-run random token after every test ran,
so `os._exit(0)` or `sys.exit(0)` in an answer (before or during the tests) is a failure.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import jsonschema
from pydantic import BaseModel, ConfigDict, Field, field_validator

from roletune.data.extract import extract_code, extract_json
from roletune.evaluate.sandbox import SandboxLimits, run_python


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PythonTests(_Check):
    kind: Literal["python_tests"]
    entry_point: str = Field(min_length=1)
    tests: str = Field(min_length=1)
    setup: str = ""


class TestSuite(_Check):
    kind: Literal["test_suite"]
    entry_point: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    mutants: list[str] = Field(min_length=3)


class RequiredStep(_Check):
    role: str
    pattern: str

    _valid = field_validator("pattern")(classmethod(lambda cls, v: _compiles(v)))


class JsonPlan(_Check):
    kind: Literal["json_plan"]
    required_steps: list[RequiredStep] = Field(default_factory=list)
    max_steps: int = Field(8, ge=1)


class Rubric(_Check):
    kind: Literal["rubric"]
    required: list[list[str]] = Field(min_length=1)
    forbidden: list[str] = Field(default_factory=list)
    min_words: int = Field(1, ge=0)
    max_words: int = Field(400, ge=1)

    @field_validator("required")
    @classmethod
    def _required(cls, v: list[list[str]]) -> list[list[str]]:
        for point in v:
            if not point:
                raise ValueError("each required point needs at least one alternative")
            for p in point:
                _compiles(p)
        return v

    @field_validator("forbidden")
    @classmethod
    def _forbidden(cls, v: list[str]) -> list[str]:
        for p in v:
            _compiles(p)
        return v


Check = Annotated[PythonTests | TestSuite | JsonPlan | Rubric, Field(discriminator="kind")]


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    reason: str
    seconds: float


PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["steps"],
    "properties": {
        "goal": {"type": "string"},
        "steps": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "role", "task"],
                "properties": {
                    "id": {"type": "integer"},
                    "role": {"type": "string"},
                    "task": {"type": "string", "minLength": 1},
                    "depends_on": {"type": "array", "items": {"type": "integer"}},
                },
            },
        },
    },
}

# The harness appended after the code: call every test_* function, then print the run's token.
_RUNNER = '''

def __roletune_run_tests(__token):
    import sys as __sys
    __tests = [(__n, __f) for __n, __f in list(globals().items()) if __n.startswith("test_") and callable(__f)]
    for __n, __f in __tests:
        try:
            __f()
        except BaseException as __e:
            __sys.stderr.write(f"{__n} failed: {type(__e).__name__}: {__e}\\n")
            __sys.stderr.flush()
            __sys.stdout.flush()
            import os as __os
            __os._exit(1)
    print(__token, len(__tests), flush=True)

__roletune_run_tests(__TOKEN__)
'''


def _program(parts: Sequence[str], token: str) -> str:
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + _RUNNER.replace("__TOKEN__", repr(token))


def _run(parts: Sequence[str], limits: SandboxLimits) -> tuple[bool, str]:
    token = secrets.token_hex(16)
    result = run_python(_program(parts, token), limits)
    finished = token in result.stdout
    if result.ok and finished:
        return True, ""
    if result.ok:
        return False, "the program exited before its tests ran to the end"
    return False, result.reason + _last_error(result.stderr)


def _last_error(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return f": {lines[-1].strip()[:300]}" if lines else ""


def _python_tests(check: PythonTests, answer: str, limits: SandboxLimits) -> tuple[bool, str]:
    code = extract_code(answer)
    if not code.strip():
        return False, "no Python code in the answer"
    if not re.search(rf"\bdef\s+{re.escape(check.entry_point)}\b|\b{re.escape(check.entry_point)}\s*=|class\s+{re.escape(check.entry_point)}\b", code):
        return False, f"the code does not define {check.entry_point}"
    return _run([check.setup, code, check.tests], limits)


def _has_tests(code: str) -> bool:
    return bool(re.search(r"^\s*(def\s+test_|assert\b)", code, re.M))


def _test_suite(check: TestSuite, answer: str, limits: SandboxLimits) -> tuple[bool, str]:
    tests = extract_code(answer)
    if not tests.strip() or not _has_tests(tests):
        return False, "no tests (test_* functions or asserts) in the answer"
    ok, why = _run([check.reference, tests], limits)
    if not ok:
        return False, f"the tests fail on the correct implementation: {why}"
    survivors = [i + 1 for i, mutant in enumerate(check.mutants) if _run([mutant, tests], limits)[0]]
    if survivors:
        return False, f"{len(survivors)} of {len(check.mutants)} mutants survived: " + ", ".join(f"#{i}" for i in survivors)
    return True, ""


def _json_plan(check: JsonPlan, answer: str, roles: Sequence[str]) -> tuple[bool, str]:
    try:
        plan = extract_json(answer)
    except ValueError as exc:
        return False, str(exc)
    try:
        jsonschema.validate(plan, PLAN_SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        return False, f"plan does not match the schema at {where or 'top level'}: {exc.message}"
    steps = plan["steps"]
    if len(steps) > check.max_steps:
        return False, f"{len(steps)} steps > max {check.max_steps}"
    ids = [s["id"] for s in steps]
    if len(set(ids)) != len(ids):
        return False, "step ids are not unique"
    seen: set[int] = set()
    for s in steps:
        if s["role"] not in roles:
            return False, f"step {s['id']} names unknown role {s['role']!r}"
        bad = [d for d in s.get("depends_on", []) if d not in seen]
        if bad:
            return False, f"step {s['id']} depends on {bad}, which are not earlier steps"
        seen.add(s["id"])
    used: set[int] = set()
    for req in check.required_steps:
        match = next((i for i, s in enumerate(steps) if i not in used and s["role"] == req.role
                      and re.search(req.pattern, s["task"], re.I)), None)
        if match is None:
            return False, f"missing required step: {req.role} /{req.pattern}/"
        used.add(match)
    return True, ""


def _rubric(check: Rubric, answer: str) -> tuple[bool, str]:
    words = len(answer.split())
    if words < check.min_words:
        return False, f"{words} words < {check.min_words}"
    if words > check.max_words:
        return False, f"{words} words > {check.max_words}"
    for point in check.required:
        if not any(re.search(p, answer, re.I) for p in point):
            return False, f"missing required point: {' | '.join(point)}"
    for p in check.forbidden:
        if re.search(p, answer, re.I):
            return False, f"contains a forbidden claim: /{p}/"
    return True, ""


def run_check(check: Any, answer: str, *, roles: Sequence[str], limits: SandboxLimits = SandboxLimits()) -> CheckResult:
    """Judge `answer` by `check`; never raises for a bad answer (that is a failed check)."""
    started = time.perf_counter()
    if check.kind == "python_tests":
        ok, why = _python_tests(check, answer, limits)
    elif check.kind == "test_suite":
        ok, why = _test_suite(check, answer, limits)
    elif check.kind == "json_plan":
        ok, why = _json_plan(check, answer, roles)
    elif check.kind == "rubric":
        ok, why = _rubric(check, answer)
    else:  # pragma: no cover - the schema admits no other kind
        raise ValueError(f"unknown check kind {check.kind!r}")
    return CheckResult(passed=ok, reason=why, seconds=time.perf_counter() - started)


def check_from_dict(data: dict[str, Any]) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Check).validate_python(data)


__all__ = ["Check", "CheckResult", "PLAN_SCHEMA", "SandboxLimits", "check_from_dict", "run_check"]
