"""Tool conversations through every family template in the suite: what is trained and what is not.

The tool call and the answer are trained (in the family's own call format where the template has
one, else as the server writes them for a template without tools); the tool result and the tools
preamble are not; the evaluation prompt is the training rendering's prompt part.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from family_dirs import config_only_dir

from roletune.data import tool_prompt
from roletune.data.chat import IGNORE_INDEX, Rendered, prompt_for, render_for_training, renders_tools
from roletune.errors import DataError

RUN_TESTS = {"type": "function", "function": {
    "name": "run_tests", "description": "Run the tests in a file and report failures",
    "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}
RESULT = "FAILED test_dates.py::test_leap_year - assert is_leap(1900) is False"
ANSWER = "The century rule was missing: 1900 is not a leap year. Fixed and the tests pass."
CHAT = [{"role": "system", "content": "You are the coder agent."},
        {"role": "user", "content": "Make test_dates.py pass."},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "run_tests", "arguments": {"path": "test_dates.py"}}}]},
        {"role": "tool", "tool_call_id": "c1", "content": RESULT},
        {"role": "assistant", "content": ANSWER}]

# family → (renders tools itself, the end of turn its template writes)
FAMILIES = {"qwen3": (True, "<|im_end|>"), "qwen2_5": (True, "<|im_end|>"), "llama3": (False, "<|eot_id|>"),
            "smollm2": (False, "<|im_end|>"), "llama2": (False, "</s>")}


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict[str, Any]:
    from roletune.hf import load_tokenizer

    root = tmp_path_factory.mktemp("tool-render")
    out = {name: load_tokenizer(config_only_dir(name, root / name))
           for name in ("qwen3", "qwen2_5", "llama3", "llama2")}
    out["smollm2"] = load_tokenizer(request.getfixturevalue("smollm2_dir"))
    return out


def _trained_spans(r: Rendered, tokenizer: Any) -> list[str]:
    """The text of each contiguous run of trained tokens."""
    enc = tokenizer(r.text, add_special_tokens=False, return_offsets_mapping=True)
    spans: list[list[int]] = []
    last = -2
    for i, ((start, end), label) in enumerate(zip(enc["offset_mapping"], r.labels)):
        if label == IGNORE_INDEX:
            continue
        if i == last + 1:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        last = i
    return [r.text[a:b] for a, b in spans]


@pytest.mark.parametrize("name", list(FAMILIES))
def test_tool_call_and_answer_are_trained_result_and_tools_preamble_are_not(name: str, tokenizers: dict[str, Any]):
    tok = tokenizers[name]
    native, end = FAMILIES[name]
    assert renders_tools(tok) is native
    rendered = render_for_training(tok, CHAT, "off", [RUN_TESTS])
    call, answer = _trained_spans(rendered, tok)
    assert json.loads(call[call.index("{"):call.rindex("}") + 1]) == {"name": "run_tests",
                                                                      "arguments": {"path": "test_dates.py"}}
    assert call.lstrip().startswith("<tool_call>") and call.rstrip().endswith(end)
    assert answer.strip().removesuffix(end).strip() == ANSWER and answer.rstrip().endswith(end)
    assert RESULT in rendered.text and "Run the tests in a file" in rendered.text  # in the prompt, untrained
    assert all(RESULT not in s and "Run the tests in a file" not in s for s in (call, answer))
    # The evaluation prompt renders the tools the same way: it is the text before the trained answer.
    prompt = prompt_for(tok, CHAT[:-1], "off", [RUN_TESTS])
    assert rendered.text.startswith(prompt) and rendered.text[len(prompt):].strip().startswith(ANSWER)


@pytest.mark.parametrize("name", ["llama3", "smollm2", "llama2"])
def test_a_template_without_tools_gets_exactly_the_servers_described_tools_prompt(name: str,
                                                                                   tokenizers: dict[str, Any]):
    from roletune.serve import app as serve_app

    tok = tokenizers[name]
    # As an OpenAI client sends it: arguments as a JSON string.
    sent = json.loads(json.dumps(CHAT[:-1]))
    sent[2]["tool_calls"][0]["function"]["arguments"] = json.dumps({"path": "test_dates.py"})
    body = {"model": "roletune", "messages": sent, "tools": [RUN_TESTS]}
    served = tok.apply_chat_template(serve_app.with_described_tools(body)["messages"], tokenize=False,
                                     add_generation_prompt=True)
    assert prompt_for(tok, CHAT[:-1], "off", [RUN_TESTS]) == served
    assert tool_prompt.TOOL_INSTRUCTIONS.splitlines()[0] in served


# A template that refuses a system turn (Gemma's does): the described tools cannot be rendered either.
NO_SYSTEM_TEMPLATE = ("{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not "
                      "supported') }}{% endif %}<{{ m['role'] }}>{{ m['content'] }}</s>{% endfor %}"
                      "{% if add_generation_prompt %}<assistant>{% endif %}")


def _refusing_system(tok: Any) -> Any:
    import copy

    tok = copy.deepcopy(tok)
    tok.chat_template = NO_SYSTEM_TEMPLATE
    return tok


def test_a_template_that_renders_no_tools_in_any_form_says_so(tokenizers: dict[str, Any]):
    tok = _refusing_system(tokenizers["llama2"])
    assert not renders_tools(tok)
    with pytest.raises(DataError, match="chat template has no tool support"):
        render_for_training(tok, CHAT[1:], "off", [RUN_TESTS])
    plain = [CHAT[1], {"role": "assistant", "content": ANSWER}]
    assert render_for_training(tok, plain, "off").n_assistant > 0  # without tools it trains as before


def test_qwen3_multi_turn_conversations_train_every_assistant_turn(tokenizers: dict[str, Any]):
    """Qwen3's template is not incremental (the empty think block only on the last turn); the spans are
    found in the whole rendering instead of refusing the example."""
    tok = tokenizers["qwen3"]
    chat = [CHAT[0], {"role": "user", "content": "Which file?"}, {"role": "assistant", "content": "Say which."},
            {"role": "user", "content": "dates.py"}, {"role": "assistant", "content": ANSWER}]
    spans = _trained_spans(render_for_training(tok, chat, "off"), tok)
    assert [s.strip() for s in spans] == ["Say which.<|im_end|>", f"{ANSWER}<|im_end|>"]


def test_data_check_reports_a_tool_example_the_template_cannot_render_at_file_line(tmp_path: Path,
                                                                                   tokenizers: dict[str, Any]):
    from roletune.config import load_config
    from roletune.data.validate import validate_files

    path = tmp_path / "tools.jsonl"
    path.write_text(json.dumps({"id": "t-1", "role": "coder", "messages": CHAT, "tools": [RUN_TESTS]}) + "\n")
    tok = _refusing_system(tokenizers["llama2"])
    with pytest.raises(DataError) as info:
        validate_files([path], load_config(None).roles, max_length=4096, near_duplicate_threshold=0.9,
                       count_tokens=lambda ex: len(render_for_training(tok, ex.prompt_messages + [
                           ex.messages[-1].model_dump()], "off", ex.tool_specs).input_ids))
    assert info.value.problems[0].startswith(f"{path}:1: messages: does not render with the chat template: "
                                             "the chat template has no tool support")
