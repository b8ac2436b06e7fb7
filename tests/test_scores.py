"""Graded scores beside pass/fail (issue #20): each check kind scores known partial answers with the
share of its parts met. python_tests and test_suite run real sandboxed subprocesses, as in test_checks."""

from __future__ import annotations

import json

import pytest

from roletune.evaluate.checks import CheckResult, run_check
from roletune.evaluate.sandbox import SandboxLimits

ROLES = ["coder", "tester", "researcher", "coordinator"]
LIMITS = SandboxLimits(timeout_s=2)
F = "```"


def judge(check: dict, answer: str, limits: SandboxLimits = LIMITS) -> CheckResult:
    return run_check(check, answer, roles=ROLES, limits=limits)


def code(source: str) -> str:
    return f"{F}python\n{source}\n{F}"


# -- python_tests: each top-level assert and each test case is a unit --------------------------------------

ADD = {"kind": "python_tests", "entry_point": "add",
       "tests": "assert add(1, 2) == 3\nassert add(2, 2) == 4\nassert add(0, 5) == 5\nassert add(-1, 1) == 0"}


@pytest.mark.parametrize(("body", "score"), [
    ("return a + b", 1.0),
    ("return a + b if a != 2 else 0", 0.75),  # 3 of 4 asserts
    ("return 3 if a == 1 else 4", 0.5),  # add(1, 2) and add(2, 2) only
    ("return None", 0.0),
])
def test_python_tests_score_counts_each_top_level_assert(body, score):
    result = judge(ADD, code(f"def add(a, b):\n    {body}"))
    assert result.score == score and result.passed is (score == 1.0)


def test_a_failed_assert_does_not_stop_the_later_ones_and_the_first_failure_is_the_reason():
    result = judge(ADD, code("def add(a, b):\n    return 3 if a == 1 else a * b"))  # passes 1 and 2, fails 3 and 4
    assert result.score == 0.5
    assert result.reason == "AssertionError at test line 3: assert add(0, 5) == 5 (left: 0, right: 5)"


def test_test_functions_and_parametrize_rows_are_units():
    check = {"kind": "python_tests", "entry_point": "sign",
             "tests": "import pytest\n\ndef test_zero():\n    assert sign(0) == 0\n\n"
                      "@pytest.mark.parametrize('x, s', [(5, 1), (-5, -1)])\n"
                      "def test_signs(x, s):\n    assert sign(x) == s\n\n"
                      "class TestBig:\n    def test_big(self):\n        assert sign(10**9) == 1\n"}
    result = judge(check, code("def sign(x):\n    return 1 if x > 0 else 0"))  # -5 fails: 3 of 4 cases
    assert (result.passed, result.score) == (False, 0.75)
    assert result.reason.startswith("test_signs[1]: AssertionError")


def test_an_exception_in_a_statement_fails_what_depends_on_it_only():
    check = {"kind": "python_tests", "entry_point": "parse",
             "tests": "x = parse('bad')\nassert x == 0\nassert parse('7') == 7\nassert parse('') == 0"}
    result = judge(check, code("def parse(s):\n    return int(s)"))  # int('bad') raises; x is then unbound
    assert result.score == pytest.approx(1 / 3, abs=1e-4)
    assert result.reason.startswith("ValueError: invalid literal for int() with base 10: 'bad' at test line 1")


def test_a_docstring_and_future_import_stay_first():
    check = {"kind": "python_tests", "entry_point": "f",
             "tests": '"""Tests."""\nfrom __future__ import annotations\nassert f() == 1\nassert f() == 2'}
    result = judge(check, code("def f():\n    return 1"))
    assert (result.passed, result.score) == (False, 0.5)


def test_units_the_run_never_reached_count_as_failed():
    tests = "assert f(1) == 1\nassert f(2) == 2\nassert f(3) == 3\nassert f(4) == 4"
    check = {"kind": "python_tests", "entry_point": "f", "tests": tests}
    result = judge(check, code("def f(x):\n    while x == 3:\n        pass\n    return x"), SandboxLimits(timeout_s=1))
    assert not result.passed and "timed out" in result.reason and result.score == 0.5


def test_a_failure_outside_every_unit_keeps_the_score_below_one():
    check = {"kind": "python_tests", "entry_point": "f", "tests": "assert f() == 1\nimport os\nos._exit(0)"}
    result = judge(check, code("def f():\n    return 1"))
    assert not result.passed and result.score == 0.5  # 1 unit passed, the program's end failed: 1 of 2


# -- test_suite: mutants killed, with the reference passing first -------------------------------------

CLAMP = {
    "kind": "test_suite", "entry_point": "clamp",
    "reference": "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n",
    "mutants": ["def clamp(x, lo, hi):\n    return min(x, hi)\n",
                "def clamp(x, lo, hi):\n    return max(lo, x)\n",
                "def clamp(x, lo, hi):\n    return max(lo, min(x, hi - 1))\n"],
}


@pytest.mark.parametrize(("tests", "score"), [
    ("def test_lower():\n    assert clamp(-1, 0, 10) == 0", 1 / 3),  # kills #1
    ("assert clamp(11, 0, 10) == 10\nassert clamp(5, 0, 10) == 5", 2 / 3),  # kills #2 and #3
    ("assert clamp(-1, 0, 10) == 0\nassert clamp(11, 0, 10) == 10\nassert clamp(10, 0, 10) == 10", 1.0),
    ("assert clamp(-1, 0, 10) == 0\nassert clamp(11, 0, 10) == 11", 0.0),  # fails the reference
])
def test_test_suite_score_is_the_share_of_mutants_killed(tests, score):
    result = judge(CLAMP, code(tests))
    assert result.score == round(score, 4) and result.passed is (score == 1.0)


# -- json_plan: the shape, known roles, each required step --------------------------------------------

PLAN_CHECK = {"kind": "json_plan", "max_steps": 6,
              "required_steps": [{"role": "tester", "pattern": "reproduc"}, {"role": "coder", "pattern": "fix"},
                                 {"role": "tester", "pattern": "suite"},
                                 {"role": "researcher", "pattern": "changelog"}]}


def plan(*steps: tuple, **extra) -> str:
    return json.dumps({"goal": "fix the pager", **extra,
                       "steps": [{"id": i, "role": r, "task": t, "depends_on": d} for i, r, t, d in steps]})


FOUR = [(1, "tester", "Reproduce the crash", []), (2, "coder", "Fix the pager", [1]),
        (3, "tester", "Run the suite", [2]), (4, "researcher", "Write the changelog entry", [2])]


@pytest.mark.parametrize(("answer", "score"), [
    (plan(*FOUR), 1.0),
    (plan(*FOUR[:3]), 5 / 6),  # names 3 of 4 required steps
    (plan(*FOUR[:3], (4, "pilot", "Write the changelog entry", [2])), 4 / 6),  # and an unknown role
    (plan(*FOUR, notes="x"), 5 / 6),  # off the schema; roles and steps still judged
    (plan(*FOUR[:2], (2, "tester", "Run the suite", [1])), 4 / 6),  # id used twice: shape
    ('{"goal": "x", "steps": "reproduce, fix"}', 0.0),
    ("Reproduce, fix, run the suite.", 0.0),
])
def test_json_plan_score_is_the_share_of_requirements_met(answer, score):
    result = judge(PLAN_CHECK, answer)
    assert result.score == round(score, 4) and result.passed is (score == 1.0)


# -- rubric: each required point present, each forbidden claim absent, the length --------------------

RUBRIC = {"kind": "rubric", "required": [["idempot"], ["retr(y|ies)"], ["back-?off"], ["jitter"]],
          "forbidden": ["exactly[- ]once"]}


@pytest.mark.parametrize(("answer", "score"), [
    ("Idempotent handlers; retries with backoff and jitter.", 1.0),
    ("Make the handler idempotent and add retries.", 3 / 5),  # 2 of 4 points, no forbidden claim
    ("Idempotent handlers give exactly-once effects.", 1 / 5),  # 1 point, a forbidden claim
    ("No idea.", 1 / 5),
])
def test_rubric_score_is_the_share_of_points(answer, score):
    result = judge(RUBRIC, answer)
    assert result.score == round(score, 4) and result.passed is (score == 1.0)


def test_rubric_two_of_four_points_score_half():
    result = judge({**RUBRIC, "forbidden": []}, "Make the handler idempotent and add retries.")
    assert (result.passed, result.score) == (False, 0.5)


def test_rubric_word_bounds_are_one_more_point():
    check = {**RUBRIC, "forbidden": [], "min_words": 10}
    result = judge(check, "Make it idempotent, add retries.")  # 2 of 4 points, too short
    assert result.score == pytest.approx(2 / 5, abs=1e-4) and result.reason == "too short: 5 words (min 10)"
