"""The example schema: OpenAI's conversation shape (tool calls and results included), checks optional."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from roletune.data.schema import Example

TOOLS = [{"type": "function", "function": {"name": "read_file", "description": "Read a file.",
                                           "parameters": {"type": "object", "properties": {"path": {"type": "string"}},
                                                          "required": ["path"]}}}]


def call(cid: str | None, name: str = "read_file", args: object = '{"path": "a.py"}') -> dict:
    out = {"type": "function", "function": {"name": name, "arguments": args}}
    return {**out, "id": cid} if cid else out


def example(*turns: dict, tools: list | None = TOOLS, **extra: object) -> dict:
    return {"id": "t-1", "role": "coder", "messages": [{"role": "system", "content": "You code."}, *turns],
            **({"tools": tools} if tools is not None else {}), **extra}


U = {"role": "user", "content": "Fix a.py"}
A = {"role": "assistant", "content": "Done."}


def calls(*c: dict) -> dict:
    return {"role": "assistant", "content": "", "tool_calls": list(c)}


def result(cid: str | None, content: str = "x = 1") -> dict:
    return {"role": "tool", "content": content, **({"tool_call_id": cid} if cid else {})}


GOOD = {
    "plain, no check": example(U, A, tools=None),
    "one call": example(U, calls(call("c1")), result("c1"), A),
    "two calls, results out of order": example(U, calls(call("c1"), call("c2", args={"path": "b.py"})),
                                               result("c2"), result("c1"), A),
    "calls without ids": example(U, calls(call(None), call(None)), result(None), result(None), A),
    "multi-turn with calls": example(U, calls(call("c1")), result("c1"), A, U, calls(call("c2")), result("c2"), A),
}


@pytest.mark.parametrize("name", GOOD)
def test_valid_conversations(name: str):
    ex = Example.model_validate(GOOD[name])
    assert ex.check is None
    assert ex.answer == "Done."
    assert ex.prompt_messages[-1]["role"] in ("user", "tool")
    # what the data file said survives a round trip (arguments become an object, absent fields stay absent)
    again = Example.model_validate(json.loads(ex.model_dump_json()))
    assert again == ex
    assert "check" not in ex.model_dump()


def test_arguments_are_parsed_into_objects_for_the_template():
    ex = Example.model_validate(GOOD["one call"])
    assert ex.prompt_messages[2]["tool_calls"][0]["function"]["arguments"] == {"path": "a.py"}
    assert ex.tool_specs == TOOLS


BAD = {
    "undeclared tool": (example(U, calls(call("c1", name="rm")), result("c1"), A), "not declared in `tools`"),
    "no tools at all": (example(U, calls(call("c1")), result("c1"), A, tools=None), "has no `tools`"),
    "arguments not JSON": (example(U, calls(call("c1", args="{path: a.py}")), result("c1"), A), "not JSON"),
    "arguments not an object": (example(U, calls(call("c1", args="[1]")), result("c1"), A), "JSON object"),
    "call without result": (example(U, calls(call("c1")), A), "have no tool result"),
    "result without call": (example(U, result("c1"), A), "must answer a tool call"),
    "result for another id": (example(U, calls(call("c1")), result("c9"), A), "answers none of the pending"),
    "ends on a call": (example(U, calls(call("c1")), result("c1")), "last turn must be the assistant"),
    "two users in a row": (example(U, U, A), "user turn must follow"),
    "tool_calls on a user turn": (example({**U, "tool_calls": [call("c1")]}, A), "only an assistant turn calls"),
    "empty answer": (example(U, {"role": "assistant", "content": " "}), "empty answer"),
    "bad tool name": (example(U, A, tools=[{"type": "function", "function": {"name": "read file"}}]), "pattern"),
}


@pytest.mark.parametrize("name", BAD)
def test_invalid_conversations_say_why(name: str):
    data, why = BAD[name]
    with pytest.raises(ValidationError) as err:
        Example.model_validate(data)
    assert why in str(err.value), str(err.value)
