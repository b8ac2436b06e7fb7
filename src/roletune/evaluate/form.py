"""Does an answer keep its role's answer contract? Form only, not correctness.

The success rate asks whether an answer is *right* (tests pass, plan complete, rubric met). A
small model can fail that for every example while a fine-tune still changes what it writes — a
tester that now writes tests instead of re-implementing the function, a coordinator that now
answers with a JSON plan. `answer_form` measures that, per check kind, on the host (nothing is
executed): the evaluation reports it beside success as a diagnostic; the gate never uses it.

Contracts (docs/data-format.md):
  python_tests  one Python block that parses and defines the function the tests call
  test_suite    one Python block that parses, has tests, and does not redefine the function under test
  json_plan     one JSON object that matches the plan schema
  rubric        prose within the example's word limits
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from roletune.data.checks import answer_check
from roletune.data.extract import extract_code, extract_json
from roletune.evaluate import checks as c


def _python_tests(check: c.PythonTestsCheck, answer: str) -> tuple[bool, str]:
    tree, why = _parsed(answer)
    if tree is None:
        return False, why
    if check.entry_point and check.entry_point not in c.top_level_names(tree):
        return False, f"does not define {check.entry_point}"
    return True, "Python that defines the function"


def _test_suite(check: c.TestSuiteCheck, answer: str) -> tuple[bool, str]:
    tree, why = _parsed(answer)
    if tree is None:
        return False, why
    if check.entry_point in c.top_level_names(tree, imports=False):
        return False, f"redefines {check.entry_point}"
    if not c.has_tests(tree):
        return False, "no tests"
    return True, "Python tests of the given function"


def _json_plan(check: c.JsonPlanCheck, answer: str) -> tuple[bool, str]:
    import jsonschema

    try:
        plan = extract_json(answer)
    except ValueError:
        return False, "no JSON object"
    if not jsonschema.Draft202012Validator(c.PLAN_SCHEMA).is_valid(plan):
        return False, "JSON that is not a plan"
    return True, "a JSON plan"


def _rubric(check: c.RubricCheck, answer: str) -> tuple[bool, str]:
    words = len(c.WORD.findall(c.prose(answer)))
    if words < check.min_words or (check.max_words is not None and words > check.max_words):
        return False, f"{words} words (limits {check.min_words}–{check.max_words or '∞'})"
    return True, f"{words} words"


def _parsed(answer: str) -> tuple[ast.Module | None, str]:
    code = extract_code(answer)
    if not code.strip():
        return None, "no Python code"
    try:
        return ast.parse(code), ""
    except SyntaxError:
        return None, "Python that does not parse"


FORMS: dict[type, Callable[[Any, str], tuple[bool, str]]] = {
    c.PythonTestsCheck: _python_tests,
    c.TestSuiteCheck: _test_suite,
    c.JsonPlanCheck: _json_plan,
    c.RubricCheck: _rubric,
}


def answer_form(check: c.Check | Mapping[str, Any], answer: str) -> tuple[bool, str]:
    """(whether `answer` keeps the contract of its check's role, a few words saying how)."""
    if isinstance(check, Mapping):
        check = c.parse_check(check)
    check = answer_check(check)  # an agent episode's final answer keeps its role's contract
    return FORMS[type(check)](check, answer)
