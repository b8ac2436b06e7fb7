"""The agent loop against `roletune serve` (llama-server with the role layer in front), driven by the
official `openai` client: calls come back as OpenAI `tool_calls`, are validated and run for real."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roletune.data.schema import Example
from roletune.evaluate.agent import Reply, run_agent

openai = pytest.importorskip("openai")

from test_serve import RunningServer  # noqa: E402  (the same server fixture as the serving tests)

READ = {"type": "function", "function": {"name": "read_file"}}
CONVERSATIONS = Path(__file__).resolve().parents[1] / "examples" / "agents" / "tools" / "conversations.jsonl"


@pytest.fixture(scope="module")
def server(tiny_gguf: Path) -> Iterator[RunningServer]:
    s = RunningServer(tiny_gguf, parallel=1, queue=8, max_tokens_cap=256, n_ctx=4096)
    yield s
    s.stop()


def _bounded(tools: list[dict]) -> list[dict]:
    """The tools with short strings (maxLength 24), which the call grammar enforces: a random model
    never closes a string by itself, so within max_tokens the call would not end."""
    out = json.loads(json.dumps(tools))
    for t in out:
        for prop in t["function"]["parameters"]["properties"].values():
            if prop.get("type") == "string":
                prop["maxLength"] = 24
    return out


def _coder_example() -> Example:
    for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines():
        ex = Example.model_validate_json(line)
        if ex.role == "coder":
            return ex
    raise AssertionError("no coder tool-use example shipped")


def test_agent_loop_over_the_server_with_the_openai_client(server: RunningServer):
    """Turn 1 requires a call of read_file (a named tool_choice: the tiny random model's answer is held
    to the call's grammar), so a real call arrives as `tool_calls`; it is validated against the tool's schema and run in
    the sandbox, its result goes back as a `tool` turn; turn 2 allows none and ends the episode."""
    ex = _coder_example()
    client = server.client()
    sent: list[list[dict]] = []

    def chat(messages, tools):
        sent.append(json.loads(json.dumps(messages)))
        r = client.chat.completions.create(model="roletune", messages=messages, tools=_bounded(tools), max_tokens=256,
                                           temperature=0, seed=1, tool_choice=READ if len(sent) == 1 else "none")
        m = r.choices[0].message
        calls = [c.model_dump() for c in m.tool_calls] if m.tool_calls else None
        return Reply(m.content or "", calls, completion_tokens=r.usage.completion_tokens,
                     finish_reason=r.choices[0].finish_reason)

    episode = run_agent(chat, ex)
    assert episode.turns == 2 and episode.ended == "answer"
    first = episode.calls[0]
    assert first.name == "read_file" and first.valid and first.right_tool, first.reason
    assistant = episode.messages[2]
    path = json.loads(assistant["tool_calls"][0]["function"]["arguments"])["path"]
    result = episode.messages[3]
    assert result["role"] == "tool" and result["tool_call_id"] == assistant["tool_calls"][0]["id"]
    # the real tool ran on the model's path: the file's text, or the error reading it raised
    expected = ex.check.files.get(path)
    if expected is not None:
        assert first.ok and result["content"] == expected
    else:
        assert not first.ok and result["content"].startswith(("error: FileNotFoundError", "error: ValueError",
                                                               "error: IsADirectoryError")), result["content"]
    assert sent[1][-1] == result, "the second request carried the tool's result back to the model"
