"""Each check kind passes a good answer and fails bad ones with the right reason; the check schema
rejects broken checks. python_tests and test_suite run real sandboxed subprocesses."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from roletune.evaluate.checks import (
    JUDGES,
    PLAN_SCHEMA,
    Check,
    CheckResult,
    JsonPlanCheck,
    PythonTestsCheck,
    RubricCheck,
    TestSuiteCheck,
    parse_check,
    run_check,
    run_checks,
)
from roletune.evaluate.sandbox import SandboxLimits

ROLES = ["coder", "tester", "researcher", "coordinator"]
LIMITS = SandboxLimits(timeout_s=2)
F = "```"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agents"


def judge(check: dict, answer: str, limits: SandboxLimits = LIMITS) -> CheckResult:
    return run_check(check, answer, roles=ROLES, limits=limits)


# -- python_tests ---------------------------------------------------------------------------------------

SLUGIFY = {"kind": "python_tests", "entry_point": "slugify",
           "tests": "assert slugify('A b') == 'a-b'\nassert slugify('  x  ') == 'x'"}
GOOD_CODER = (f"Here it is:\n{F}python\ndef slugify(s):\n    return '-'.join(s.lower().split())\n{F}\n"
              "Lowercases, joins words.")


def test_python_tests_pass_a_correct_answer():
    result = judge(SLUGIFY, GOOD_CODER)
    assert result == CheckResult(True, "the top-level asserts passed", result.seconds, 1.0) and result.seconds > 0


def test_python_tests_name_the_failing_assert_and_both_sides():
    result = judge(SLUGIFY, f"{F}python\ndef slugify(s):\n    return s.lower()\n{F}")
    assert not result.passed
    assert result.reason == "AssertionError at test line 1: assert slugify('A b') == 'a-b' (left: 'a b', right: 'a-b')"


def test_a_reason_is_the_same_each_run_without_object_addresses():
    check = {"kind": "python_tests", "entry_point": "Box", "tests": "assert Box(1) == Box(1)"}
    answer = f"{F}python\nclass Box:\n    def __init__(self, v):\n        self.v = v\n{F}"
    first, second = judge(check, answer), judge(check, answer)
    assert first.reason == second.reason == (
        "AssertionError at test line 1: assert Box(1) == Box(1) (left: <__answer__.Box object>, "
        "right: <__answer__.Box object>)")


def test_python_tests_call_every_test_function():
    check = {**SLUGIFY, "tests": "def test_one():\n    assert slugify('A') == 'a'\n\n"
                                 "def test_two():\n    x = 'A b'\n    assert slugify(x) == 'a-b', 'joins words'\n"}
    assert judge(check, GOOD_CODER).reason == "2 tests passed"
    result = judge(check, f"{F}python\ndef slugify(s):\n    return s.lower()\n{F}")
    assert result.reason == ("test_two: AssertionError: joins words at test line 6: "
                             "assert slugify(x) == 'a-b', 'joins words'")


def test_python_tests_point_at_the_answer_line_that_raised():
    result = judge(SLUGIFY, f"{F}python\ndef slugify(s):\n    words = s.split()\n    return words[5]\n{F}")
    assert result.reason == ("IndexError: list index out of range at test line 1: assert slugify('A b') == 'a-b' "
                             "(raised at answer line 3: return words[5])")


@pytest.mark.parametrize(("answer", "reason"), [
    ("I would lowercase the string and join the words with dashes.", "no Python code in the answer"),
    (f"{F}bash\necho slugify\n{F}", "no Python code in the answer"),
    (f"{F}python\ndef slugify(s)\n    return s\n{F}", "SyntaxError at answer line 1: expected ':': def slugify(s)"),
    (f"{F}python\ndef slug(s):\n    return s\n{F}",
     "NameError: name 'slugify' is not defined at test line 1: assert slugify('A b') == 'a-b'; "
     "the code does not define slugify"),
    (f"{F}python\ndef slugify(s):\n    return '-'.join(s.lower().split(",
     "SyntaxError at answer line 2: '(' was never closed"),
])
def test_python_tests_reject_answers_without_working_code(answer, reason):
    result = judge(SLUGIFY, answer)
    assert not result.passed and result.reason.startswith(reason)


def test_python_tests_put_setup_before_the_answer_and_skip_main_blocks():
    check = {"kind": "python_tests", "entry_point": "hyp", "setup": "from math import sqrt",
             "tests": "assert hyp(3, 4) == 5"}
    answer = (f"{F}python\ndef hyp(a, b):\n    return sqrt(a * a + b * b)\n\n"
              f"if __name__ == '__main__':\n    print(hyp(int(input()), 4))\n{F}")
    assert judge(check, answer).passed


def test_python_tests_time_out_and_say_where():
    check = {**SLUGIFY, "tests": "def test_slow():\n    slugify('x')\n"}
    result = judge(check, f"{F}python\ndef slugify(s):\n    while True:\n        pass\n{F}", SandboxLimits(timeout_s=1))
    assert result.reason == "timed out after 1 s (in test_slow)"


def test_pytest_style_tests_run_without_pytest():
    tests = '''
import pytest

@pytest.mark.parametrize("text,want", [("A b", "a-b"), ("x", "x"), pytest.param("Q", "no", marks=pytest.mark.xfail)])
def test_cases(text, want):
    assert slugify(text) == want

def test_raises():
    with pytest.raises(AttributeError, match="lower"):
        slugify(3)

def test_approx():
    assert [0.1 + 0.2] == pytest.approx([0.3])

@pytest.fixture
def title():
    yield "Hello World"

def test_fixtures(title, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("X", "1")
    print(slugify(title))
    assert capsys.readouterr().out == "hello-world\\n"
    (tmp_path / "f.txt").write_text("x")

@pytest.mark.skip(reason="not today")
def test_skipped():
    assert False

class TestClass:
    def test_method(self):
        assert slugify("A") == "a"
'''
    assert judge({**SLUGIFY, "tests": tests}, GOOD_CODER).reason == "7 tests passed"
    result = judge({**SLUGIFY, "tests": "import pytest\ndef test_r():\n    with pytest.raises(ValueError):\n"
                                        "        slugify('x')\n"}, GOOD_CODER)
    assert result.reason == ("test_r: Failed: DID NOT RAISE <class 'ValueError'> at test line 3: "
                             "with pytest.raises(ValueError):")


def test_unittest_style_tests_run():
    tests = ("import unittest\nclass SlugTests(unittest.TestCase):\n    def setUp(self):\n        self.text = 'A b'\n"
             "    def test_join(self):\n        self.assertEqual(slugify(self.text), 'a_b')\n")
    result = judge({**SLUGIFY, "tests": tests}, GOOD_CODER)
    assert result.reason == ("SlugTests.test_join: AssertionError: 'a-b' != 'a_b' … at test line 6: "
                             "self.assertEqual(slugify(self.text), 'a_b')")


# -- test_suite -----------------------------------------------------------------------------------------

CLAMP = {
    "kind": "test_suite", "entry_point": "clamp",
    "reference": "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n",
    "mutants": [
        "def clamp(x, lo, hi):\n    return min(x, hi)\n",  # #1: no lower bound
        "def clamp(x, lo, hi):\n    return max(lo, x)\n",  # #2: no upper bound
        "def clamp(x, lo, hi):\n    return max(lo, min(x, hi - 1))\n",  # #3: off by one at the top
    ],
}
GOOD_TESTER = (f"{F}python\nfrom mymodule import clamp\n\ndef test_inside():\n    assert clamp(5, 0, 10) == 5\n\n"
               f"def test_bounds():\n    assert clamp(-1, 0, 10) == 0\n    assert clamp(11, 0, 10) == 10\n"
               f"    assert clamp(10, 0, 10) == 10\n{F}")


def test_test_suite_passes_tests_that_kill_every_mutant():
    result = judge(CLAMP, GOOD_TESTER)
    assert result.passed and result.reason == "2 tests pass against the reference; all 3 mutants killed"


def test_test_suite_names_the_surviving_mutants():
    answer = f"{F}python\ndef test_lower():\n    assert clamp(-1, 0, 10) == 0\n{F}"  # kills #1 only
    result = judge(CLAMP, answer)
    assert not result.passed and result.reason == "2 of 3 mutants survived: #2, #3"


def test_test_suite_fails_tests_that_fail_the_reference():
    answer = f"{F}python\ndef test_wrong():\n    assert clamp(11, 0, 10) == 11\n{F}"
    result = judge(CLAMP, answer)
    assert result.reason == ("the tests fail against the reference: test_wrong: AssertionError at test line 2: "
                             "assert clamp(11, 0, 10) == 11 (left: 10, right: 11)")


@pytest.mark.parametrize(("answer", "reason"), [
    ("The tests should check both bounds.", "no Python code in the answer"),
    (f"{F}python\nimport math\nprint(clamp(1, 0, 2))\n{F}",
     "no tests in the answer: no test_* functions, test classes or top-level asserts"),
    (f"{F}python\ndef clamp(x, lo, hi):\n    return x\n\ndef test_a():\n    assert clamp(1, 0, 2) == 1\n{F}",
     "the tests define clamp themselves (test line 1); the function under test is provided"),
    (f"{F}python\ndef test_a(:\n    pass\n{F}", "SyntaxError at test line 1"),
])
def test_test_suite_rejects_answers_that_are_not_tests(answer, reason):
    result = judge(CLAMP, answer)
    assert not result.passed and result.reason.startswith(reason)


def test_test_suite_accepts_unittest_classes():
    answer = (f"{F}python\nimport unittest\n\nclass ClampCases(unittest.TestCase):\n    def test_bounds(self):\n"
              f"        self.assertEqual(clamp(-1, 0, 10), 0)\n        self.assertEqual(clamp(11, 0, 10), 10)\n\n"
              f"if __name__ == '__main__':\n    unittest.main()\n{F}")
    result = judge(CLAMP, answer)
    assert result.passed and result.reason == "1 test passes against the reference; all 3 mutants killed"


def test_test_suite_counts_a_mutant_that_hangs_as_killed():
    check = {**CLAMP, "mutants": [*CLAMP["mutants"][:2], "def clamp(x, lo, hi):\n    while True:\n        pass\n"]}
    answer = f"{F}python\nassert clamp(-1, 0, 10) == 0\nassert clamp(11, 0, 10) == 10\n{F}"
    result = judge(check, answer, SandboxLimits(timeout_s=1))
    assert result.passed and result.reason == "the top-level asserts pass against the reference; all 3 mutants killed"


def test_test_suite_sys_exit_in_the_tests_is_not_a_pass():
    answer = f"{F}python\nimport sys\nassert clamp(11, 0, 10) == 10\nsys.exit(0)\n{F}"
    result = judge(CLAMP, answer)
    assert result.reason == "the tests fail against the reference: SystemExit: 0 at test line 3: sys.exit(0)"


# -- json_plan ------------------------------------------------------------------------------------------

PLAN_CHECK = {"kind": "json_plan", "max_steps": 4,
              "required_steps": [{"role": "tester", "pattern": "test|regression"},
                                 {"role": "coder", "pattern": "fix|patch"}]}


def plan(*steps: tuple, goal: str = "fix the bug") -> dict:
    return {"goal": goal, "steps": [{"id": i, "role": r, "task": t, "depends_on": d} for i, r, t, d in steps]}


GOOD_PLAN = plan((1, "tester", "Write a regression test that reproduces the crash", []),
                 (2, "coder", "Fix the off-by-one in the pager", [1]),
                 (3, "tester", "Run the whole suite", [2]))


@pytest.mark.parametrize("wrap", [lambda t: t, lambda t: f"Plan:\n{F}json\n{t}\n{F}", lambda t: f"Here: {t} -- done"])
def test_json_plan_passes_a_good_plan(wrap):
    result = judge(PLAN_CHECK, wrap(json.dumps(GOOD_PLAN, indent=1)))
    assert result.passed and result.reason == "valid plan of 3 steps with all 2 required steps"


@pytest.mark.parametrize(("answer", "reason"), [
    ("First test, then fix.", "no plan: no JSON object in the answer"),
    ('{"goal": "x", "steps": [}', "no plan: the {...} at character 0 is not valid JSON"),
    (json.dumps({"goal": "x", "steps": []}), "plan does not match the schema at steps: [] should be non-empty"),
    (json.dumps({"steps": GOOD_PLAN["steps"]}),
     "plan does not match the schema at top level: 'goal' is a required property"),
    (json.dumps({**GOOD_PLAN, "notes": "x"}), "plan does not match the schema at top level: Additional properties"),
    (json.dumps(plan((1, "coder", "fix", []), (2, "tester", "test", "1"))),
     "plan does not match the schema at steps[1].depends_on: '1' is not of type 'array'"),
    (json.dumps(plan((1, "tester", "test", []), (1, "coder", "fix", []))), "step id 1 is used twice"),
    (json.dumps(plan((1, "tester", "test", [2]), (2, "coder", "fix", []))), "step 1 depends on 2, not an earlier step"),
    (json.dumps(plan((1, "tester", "test", [1]))), "step 1 depends on 1, not an earlier step"),
    (json.dumps(plan((1, "reviewer", "review", []))), "step 1 names unknown role 'reviewer' (roles: coder, tester"),
    (json.dumps(plan(*[(i, "tester", "test", []) for i in range(1, 6)])), "the plan has 5 steps (max 4)"),
    (json.dumps(plan((1, "coder", "fix it", []))), "missing required step: tester /test|regression/"),
    (json.dumps(plan((1, "researcher", "read", []))),
     "missing required steps: tester /test|regression/; coder /fix|patch/"),
])
def test_json_plan_rejects_bad_plans(answer, reason):
    result = judge(PLAN_CHECK, answer)
    assert not result.passed and result.reason.startswith(reason), result.reason


def test_json_plan_needs_a_distinct_step_per_required_step():
    check = {"kind": "json_plan", "max_steps": 4, "required_steps": [{"role": "coder", "pattern": "fix|test"},
                                                                      {"role": "coder", "pattern": "fix"}]}
    one = plan((1, "coder", "Fix and test the pager", []))
    assert judge(check, json.dumps(one)).reason == "missing required step: coder /fix/"
    # first-fit would give "fix" to the first requirement and fail; a matching finds the pairing
    two = plan((1, "coder", "Fix the pager", []), (2, "coder", "Add a test", [1]))
    assert judge(check, json.dumps(two)).passed


def test_json_plan_with_a_role_the_config_lacks_is_a_broken_check():
    result = run_check({**PLAN_CHECK}, json.dumps(GOOD_PLAN), roles=["coder"])
    assert result.reason == "the check requires role(s) tester, which are not configured"


def test_plan_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(PLAN_SCHEMA)
    jsonschema.validate(GOOD_PLAN, PLAN_SCHEMA)


# -- rubric ---------------------------------------------------------------------------------------------

RUBRIC = {"kind": "rubric", "min_words": 10, "max_words": 60,
          "required": [["idempot"], ["retry", "retries"], ["exponential back-?off", "jitter"]],
          "forbidden": ["guarantees? exactly[- ]once delivery"]}
GOOD_RESEARCH = ("Make the handler **idempotent** with a deduplication key, so a retry is harmless. "
                 "Retries should use exponential\nbackoff with jitter to avoid a thundering herd.")


def test_rubric_passes_a_good_answer_across_line_wraps_and_markdown():
    result = judge(RUBRIC, GOOD_RESEARCH)
    assert result.passed and result.reason == "25 words; all 3 required points present"


@pytest.mark.parametrize(("answer", "reason"), [
    ("Use idempotent retries.", "too short: 3 words (min 10)"),
    (GOOD_RESEARCH + " More words." * 20, "too long: 65 words (max 60)"),
    ("Make the handler idempotent with a key and send each request a second time after waiting.",
     "missing required points: #2 /retry/ | /retries/; #3 /exponential back-?off/ | /jitter/"),
    (GOOD_RESEARCH + " Kafka guarantees exactly-once delivery.",
     "forbidden claim: 'guarantees exactly-once delivery' matches /guarantees? exactly[- ]once delivery/"),
])
def test_rubric_rejects_bad_answers(answer, reason):
    result = judge(RUBRIC, answer)
    assert not result.passed and result.reason == reason


# -- the check schema -----------------------------------------------------------------------------------


def test_every_check_kind_has_a_judge():
    union, _ = typing.get_args(Check)  # Annotated[Union[...], Field(discriminator="kind")]
    kinds = {typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in typing.get_args(union)}
    assert set(JUDGES) == kinds


def test_run_check_refuses_what_is_not_a_check():
    with pytest.raises(TypeError, match="not a check"):
        run_check(42, "answer", roles=ROLES)  # type: ignore[arg-type]


def test_parse_check_builds_each_kind():
    assert isinstance(parse_check(SLUGIFY), PythonTestsCheck)
    assert isinstance(parse_check(CLAMP), TestSuiteCheck)
    assert isinstance(parse_check(PLAN_CHECK), JsonPlanCheck)
    assert isinstance(parse_check(RUBRIC), RubricCheck)


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "unit_tests", "entry_point": "f"}, "does not match any of the expected tags"),
    ({**SLUGIFY, "timeout": 3}, "Extra inputs are not permitted"),
    ({**SLUGIFY, "entry_point": "slug ify"}, "is not a Python identifier"),
    ({**SLUGIFY, "tests": "assert slugify('x' == 'x'"}, "not valid Python"),
    ({**CLAMP, "mutants": CLAMP["mutants"][:2]}, "at least 3 items"),
    ({**CLAMP, "mutants": [*CLAMP["mutants"][:2], "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))  # same"]},
     "mutants[2] is the same code as the reference"),
    ({**CLAMP, "mutants": [*CLAMP["mutants"][:2], "def clip(x, lo, hi):\n    return x\n"]},
     "mutants[2] does not define clamp"),
    ({**PLAN_CHECK, "required_steps": [{"role": "coder", "pattern": "fix("}]}, "invalid regular expression 'fix('"),
    ({**PLAN_CHECK, "max_steps": 1}, "2 required steps do not fit in max_steps=1"),
    ({**RUBRIC, "required": [["ok"], ["[unclosed"]]}, "invalid regular expression '[unclosed'"),
    ({**RUBRIC, "forbidden": ["(?<=a+)b"]}, "invalid regular expression"),
    ({**RUBRIC, "required": [["ok"], []]}, "at least 1 item"),
    ({**RUBRIC, "min_words": 50, "max_words": 10}, "max_words=10 < min_words=50"),
])
def test_schema_rejects_broken_checks(data, message):
    with pytest.raises(ValidationError) as info:
        parse_check(data)
    assert message in str(info.value)


def test_schema_error_names_the_bad_regex_location():
    with pytest.raises(ValidationError) as info:
        parse_check({**RUBRIC, "required": [["ok"], ["fine", "(bad"]]})
    assert info.value.errors()[0]["loc"][-3:] == ("required", 1, 1)


# -- many at once, and the shipped examples -------------------------------------------------------------


def test_run_checks_keeps_the_order():
    items = [(SLUGIFY, GOOD_CODER), (RUBRIC, "too short"), (PLAN_CHECK, json.dumps(GOOD_PLAN)),
             (SLUGIFY, "no code"), (CLAMP, GOOD_TESTER)]
    results = run_checks(items, roles=ROLES, limits=LIMITS, workers=2)
    assert [r.passed for r in results] == [True, False, True, False, True]


def test_every_shipped_test_split_reference_passes_its_own_check():
    lines = (EXAMPLES / "test.jsonl").read_text().splitlines()
    examples = [json.loads(line) for line in lines if line.strip()]
    results = run_checks([(ex["check"], ex["messages"][-1]["content"]) for ex in examples], roles=ROLES,
                         limits=SandboxLimits(timeout_s=10), workers=2)
    failures = [f"{ex['id']}: {r.reason}" for ex, r in zip(examples, results) if not r.passed]
    assert failures == []
    assert all(r.score == 1.0 for r in results)
    answer_kinds = {ex["check"]["check"]["kind"] if ex["check"]["kind"] == "tool_use" else ex["check"]["kind"]
                    for ex in examples}
    assert answer_kinds == {"python_tests", "test_suite", "json_plan", "rubric"}
    assert "tool_use" in {ex["check"]["kind"] for ex in examples}  # their final answers, judged by the inner kind


def test_check_kinds_are_the_names_of_roles_check_kinds():
    """roles.CHECK_KINDS spells the kinds once; the models' discriminators and the judges match it."""
    from roletune.data.checks import Check
    from roletune.evaluate.checks import JUDGES
    from roletune.evaluate.stages import CODE_ROLES_CHECKS
    from roletune.roles import ALL_CHECK_KINDS, CHECK_KINDS, ROLE_TABLE, TOOL_USE

    union = typing.get_args(typing.get_args(Check)[0])
    models = [typing.get_args(model.model_fields["kind"].annotation)[0] for model in union]
    assert models == list(ALL_CHECK_KINDS) == [*CHECK_KINDS, TOOL_USE]
    assert list(JUDGES) == list(ALL_CHECK_KINDS)
    assert set(CODE_ROLES_CHECKS) <= set(CHECK_KINDS)
    assert {row.check for row in ROLE_TABLE.values()} == set(CHECK_KINDS)
