"""extract_code and extract_json on the shapes model answers come in."""

from __future__ import annotations

import pytest

from roletune.data.extract import extract_code, extract_json, fenced_blocks

F = "```"
CODE = "def f(x):\n    return x + 1\n"


@pytest.mark.parametrize("tag", ["python", "py", "Python3", "python3.11", "PY", ""])
def test_one_fenced_block_any_python_tag(tag):
    assert extract_code(f"Here you go:\n{F}{tag}\n{CODE}{F}\nIt adds one.") == CODE


def test_tilde_fences_and_longer_fences():
    assert extract_code(f"~~~python\n{CODE}~~~\n") == CODE
    # a four-backtick fence is not closed by three backticks (a fence inside the code)
    inner = 'DOC = """\n```\nexample\n```\n"""\n'
    assert extract_code(f"````python\n{inner}````\n") == inner


def test_info_string_words_after_the_language_are_ignored():
    assert extract_code(f"{F}python title=solution.py\n{CODE}{F}") == CODE
    assert extract_code(f"{F} {{.python}}\n{CODE}{F}") == CODE


def test_several_python_and_bare_blocks_are_joined_in_order():
    answer = (f"First a helper:\n{F}python\ndef g():\n    return 1\n{F}\n"
              f"then the function:\n{F}\ndef f():\n    return g()\n{F}\nDone.")
    code = extract_code(answer)
    assert code == "def g():\n    return 1\n\ndef f():\n    return g()\n"
    ns: dict = {}
    exec(code, ns)
    assert ns["f"]() == 1


def test_blocks_in_other_languages_are_ignored():
    answer = (f"Install:\n{F}bash\npip install thing\n{F}\n{F}python\n{CODE}{F}\n"
              f"Config:\n{F}json\n{{\"a\": 1}}\n{F}\nOutput:\n{F}text\n2\n{F}")
    assert extract_code(answer) == CODE


def test_only_other_languages_means_no_code():
    assert extract_code(f"{F}bash\nls -la\n{F}\n{F}json\n{{\"a\": 1}}\n{F}") == ""


def test_a_bare_block_of_output_next_to_python_is_left_out():
    answer = f"{F}python\n{CODE}{F}\nRunning it prints:\n{F}\n$ python f.py\n2\n{F}"
    assert extract_code(answer) == CODE


def test_an_interactive_session_is_not_code_to_run():
    answer = f"{F}python\n{CODE}{F}\nFor example:\n{F}python\n>>> f(1)\n2\n{F}\n{F}pycon\n>>> f(2)\n3\n{F}"
    assert extract_code(answer) == CODE


def test_bare_blocks_that_do_not_parse_are_kept_when_they_are_all_there_is():
    # the check should then report the SyntaxError, not "no code"
    assert extract_code(f"{F}\ndef f(:\n    pass\n{F}") == "def f(:\n    pass\n"


def test_unterminated_last_fence_runs_to_the_end():
    answer = f"Sure.\n{F}python\ndef f(x):\n    return x +"
    assert extract_code(answer) == "def f(x):\n    return x +\n"
    answer = f"{F}python\n{CODE}{F}\nand also\n{F}python\ndef g():\n    return 2\n"
    assert extract_code(answer) == CODE + "\ndef g():\n    return 2\n"


def test_a_fence_glued_to_the_last_code_line_closes_the_block():
    assert extract_code(f"{F}python\ndef f(x):\n    return x + 1{F}\nHope this helps!") == CODE


def test_indented_fence_in_a_list_item_is_dedented():
    answer = f"1. Define it:\n\n   {F}python\n   def f(x):\n       return x + 1\n   {F}\n2. Call it."
    assert extract_code(answer) == CODE


def test_no_fence_returns_the_text_only_if_it_is_python():
    assert extract_code(CODE) == CODE
    assert extract_code("    x = 1\n    y = x\n") == "x = 1\ny = x\n"
    assert extract_code("import math\nprint(math.pi)") == "import math\nprint(math.pi)\n"
    assert extract_code("Sure! Here is how you would do it: call the function.") == ""
    assert extract_code("Here is the code:\n\ndef f(x):\n    return x\n") == ""
    assert extract_code("") == "" and extract_code("  \n") == ""


def test_inline_backticks_are_not_fences():
    assert extract_code("Use ``` to fence code; `f(x)` is the call.") == ""
    assert fenced_blocks("Use ```python to start a block") == []


def test_empty_python_block_means_no_code():
    assert extract_code(f"{F}python\n{F}") == ""


PLAN = {"goal": "ship", "steps": [{"id": 1, "role": "coder", "task": "write {x}", "depends_on": []}]}
PLAN_TEXT = '{"goal": "ship", "steps": [{"id": 1, "role": "coder", "task": "write {x}", "depends_on": []}]}'


def test_json_from_a_json_fence():
    assert extract_json(f"Plan:\n{F}json\n{PLAN_TEXT}\n{F}\nThat's it.") == PLAN


def test_json_from_a_bare_fence():
    assert extract_json(f"{F}\n{PLAN_TEXT}\n{F}") == PLAN


def test_json_object_in_prose_with_braces_in_strings_and_prose():
    assert extract_json(f"Here is the plan (fill in {{name}} later): {PLAN_TEXT} -- ok?") == PLAN
    assert extract_json(PLAN_TEXT) == PLAN


def test_json_first_object_wins():
    assert extract_json('{"a": 1} and {"b": 2}') == {"a": 1}


def test_json_fence_may_hold_a_non_object():
    assert extract_json(f"{F}json\n[1, 2]\n{F}") == [1, 2]


def test_json_unterminated_fence_is_taken_to_the_end():
    assert extract_json(f"{F}json\n{PLAN_TEXT}\n") == PLAN


@pytest.mark.parametrize(("answer", "message"), [
    ("I would first research, then code.", "no JSON object in the answer"),
    ('{"goal": "x", "steps": [1, 2,]}', "not valid JSON"),
    ("{'goal': 'x'}", "Expecting property name enclosed in double quotes"),
    ('Plan: {"goal": "x", "steps": [', "never closed"),
    (f"{F}json\n{{\"goal\": }}\n{F}", "json block is not valid JSON"),
])
def test_json_errors_say_why(answer, message):
    with pytest.raises(ValueError, match=message):
        extract_json(answer)
