"""Tool-using agents: toolboxes run for real in the sandbox, the replay of the shipped tool-use
conversations, the agent loop's validation and bounds, containment of bad tools, and tool_use data checks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest

from roletune.config import load_config
from roletune.data.schema import Example
from roletune.data.validate import read_examples
from roletune.evaluate.agent import Reply, judge_episode, replay_reference, run_agent
from roletune.evaluate.metrics import tool_metrics
from roletune.evaluate.sandbox import SandboxLimits
from roletune.evaluate.tools import MAX_PRINTED_CHARS, run_tool
from roletune.toolboxes import TOOLBOXES, Toolbox, load

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = ROOT / "examples" / "agents" / "tools" / "conversations.jsonl"
ROLES = list(load_config(None).roles)


def _shipped() -> dict[str, Example]:
    """The first shipped tool-use example of each role."""
    out: dict[str, Example] = {}
    for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines():
        ex = Example.model_validate_json(line)
        out.setdefault(ex.role, ex)
    return out


SHIPPED = _shipped()


def test_every_toolbox_declares_valid_schemas_and_a_description():
    for name in TOOLBOXES:
        box = load(name)
        assert box.names, name
        for spec in box.specs:
            jsonschema.Draft202012Validator.check_schema(spec["function"]["parameters"])
            assert spec["function"]["description"], spec["function"]["name"]


def test_shipped_tool_use_covers_every_role_with_a_quarter_of_its_examples():
    rows = [json.loads(line) for s in ("train", "val", "test")
            for line in (ROOT / "examples" / "agents" / f"{s}.jsonl").read_text().splitlines()]
    for role in ROLES:
        mine = [r for r in rows if r["role"] == role]
        tool_use = [r for r in mine if r.get("check", {}).get("kind") == "tool_use"]
        assert abs(len(tool_use) - len(mine) / 4) <= 1, (role, len(tool_use), len(mine))
        assert all(r["tools"] and any(m.get("role") == "tool" for m in r["messages"]) for r in tool_use)


def test_tool_examples_are_built_from_the_script():
    import subprocess
    import sys

    script = ROOT / "examples" / "agents" / "tools" / "build_tool_examples.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("role", ["coder", "tester", "researcher", "coordinator"])
def test_reference_conversation_replays_through_the_real_tools(role):
    ex = SHIPPED[role]
    replay = replay_reference(ex, roles=ROLES)
    assert replay.passed, replay.reason
    assert replay.calls == sum(len(m.tool_calls or []) for m in ex.messages) >= 1


def test_a_conversation_whose_recorded_result_is_not_the_tools_fails_verify():
    data = json.loads(SHIPPED["coder"].model_dump_json())
    k = next(i for i, m in enumerate(data["messages"]) if m["role"] == "tool")
    data["messages"][k]["content"] = "def made_up(): pass"
    replay = replay_reference(Example.model_validate(data), roles=ROLES)
    assert not replay.passed and replay.reason.startswith(f"messages[{k}]: the tool returned")


def test_coder_tools_keep_state_between_calls_and_run_the_tests():
    box = load("coder")
    files = {"solution.py": "def add(a, b):\n    return a - b\n",
             "test_solution.py": "from solution import add\nassert add(1, 2) == 3\nassert add(0, 0) == 0\n"}
    failing = run_tool(box, files, "run_tests", {"path": "test_solution.py"})
    assert failing.ok and failing.result.startswith("1 passed, 1 failed")
    assert "test_solution.py line 2: assert add(1, 2) == 3" in failing.result
    fixed = run_tool(box, files, "write_file", {"path": "solution.py", "content": "def add(a, b):\n    return a + b\n"})
    assert run_tool(box, fixed.files, "run_tests", {"path": "test_solution.py"}).result == "2 passed"
    escape = run_tool(box, files, "read_file", {"path": "../main.py"})
    assert not escape.ok and "outside the workspace" in escape.result


BAD = Toolbox(name="bad", source='''
import time
def hang():
    while True:
        time.sleep(0.1)
def boom(x):
    raise ValueError(f"bad input {x}")
def spam():
    for _ in range(100_000):
        print("x" * 100)
    return "done"
def huge():
    return "y" * 5_000_000
''', specs=tuple({"type": "function", "function": {"name": n, "description": n, "parameters": {"type": "object"}}}
                 for n in ("hang", "boom", "spam", "huge")))


def test_a_hanging_tool_is_killed_at_its_time_limit_and_fails():
    started = time.perf_counter()
    run = run_tool(BAD, {}, "hang", {}, SandboxLimits(timeout_s=1.0))
    assert time.perf_counter() - started < 10
    assert not run.ok and run.contained and "timed out after 1 s" in run.reason


def test_a_raising_tool_is_a_failed_call_whose_error_the_agent_reads():
    run = run_tool(BAD, {}, "boom", {"x": 3})
    assert not run.ok and not run.contained
    assert run.result == "error: ValueError: bad input 3"


@pytest.mark.parametrize("tool, why", [("spam", f"printed 10100000 characters (limit {MAX_PRINTED_CHARS})"),
                                       ("huge", "returned 5000000 characters")])
def test_a_tool_that_floods_output_is_contained_and_fails(tool, why):
    run = run_tool(BAD, {}, tool, {})
    assert not run.ok and run.contained and why in run.reason
    assert len(run.result) < 1000


def _bad_example(tool: str) -> Example:
    data = json.loads(SHIPPED["coordinator"].model_dump_json())
    data["tools"] = [s for s in BAD.specs if s["function"]["name"] == tool]
    return Example.model_validate({**data, "messages": data["messages"][:2] + [
        {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "function": {"name": tool, "arguments": {}}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "?"}, data["messages"][-1]]})


def test_an_episode_whose_tool_hangs_or_floods_ends_and_is_judged_a_failure(monkeypatch):
    import roletune.evaluate.agent as agent

    monkeypatch.setattr(agent, "load_toolbox", lambda name: BAD)
    for tool in ("hang", "spam"):
        ex = _bad_example(tool)
        script = iter([Reply("", [{"id": "c1", "function": {"name": tool, "arguments": "{}"}}]), Reply("never", None)])
        episode = run_agent(lambda messages, tools: next(script), ex, limits=SandboxLimits(timeout_s=1.0))
        assert episode.ended == "tool_failure" and episode.turns == 1, episode.reason
        result = judge_episode(ex, episode, roles=ROLES)
        assert not result.passed and result.reason == episode.reason
        assert not replay_reference(ex, roles=ROLES).passed


def _replaying(ex: Example):
    """A chat function that answers as the reference conversation does, turn by turn."""
    turns = [m for m in ex.messages if m.role == "assistant"]
    seen = []

    def chat(messages, tools):
        assert tools == ex.tool_specs
        m = turns[len(seen)]
        seen.append(messages)
        calls = [{"id": c.id, "type": "function", "function": {"name": c.function.name,
                                                                "arguments": json.dumps(c.function.arguments)}}
                 for c in m.tool_calls or []] or None
        return Reply(m.content, calls, completion_tokens=10, latency_s=0.1, ttft_s=0.01)

    return chat, seen


@pytest.mark.parametrize("role", ["coder", "coordinator"])
def test_agent_loop_driven_like_the_reference_passes_with_every_call_valid_and_right(role):
    ex = SHIPPED[role]
    chat, seen = _replaying(ex)
    episode = run_agent(chat, ex)
    assert episode.ended == "answer" and judge_episode(ex, episode, roles=ROLES).passed
    n_calls = sum(len(m.tool_calls or []) for m in ex.messages)
    row = episode.row()
    assert row["tool_calls"] == row["valid_calls"] == row["right_tool_calls"] == n_calls
    assert episode.turns == len(seen) == sum(m.role == "assistant" for m in ex.messages)
    # what the model was shown is the reference conversation: same turns, same tool results
    assert [m["content"] for m in episode.messages if m["role"] == "tool"] == [
        m.content for m in ex.messages if m.role == "tool"]


def test_agent_loop_validates_each_call_and_feeds_the_error_back():
    ex = SHIPPED["coordinator"]
    bad = [Reply("", [{"id": "a", "function": {"name": "delegate", "arguments": "{not json"}},
                      {"id": "b", "function": {"name": "deploy", "arguments": "{}"}},
                      {"id": "c", "function": {"name": "delegate", "arguments": '{"role": "manager", "task": "x"}'}},
                      {"id": "d", "function": {"name": "delegate", "arguments": '{"role": "coder", "task": "fix"}'}}]),
           Reply(ex.answer, None)]
    episode = run_agent(lambda messages, tools: bad.pop(0), ex)
    results = [m["content"] for m in episode.messages if m["role"] == "tool"]
    assert results[0].startswith("error: the arguments of delegate are not JSON")
    assert results[1].startswith("error: unknown tool 'deploy'")
    assert results[2].startswith("error: the arguments of delegate do not match its schema: 'manager' is not one of")
    assert results[3] == "step 1 (coder): change ready on branch agent/coder; the existing tests pass"
    row = {**episode.row(), "role": "coordinator", "passed": judge_episode(ex, episode, roles=ROLES).passed}
    assert (row["tool_calls"], row["valid_calls"], row["right_tool_calls"]) == (4, 1, 3)
    m = tool_metrics([row])
    assert m["roles"]["coordinator"]["valid_call_rate"] == 0.25 and m["right_tool_rate"] == 0.75
    assert m["mean_turns"] == 2 and m["success"] == 1.0


def test_agent_loop_is_bounded_by_max_turns():
    ex = SHIPPED["researcher"]
    forever = Reply("", [{"id": "s", "function": {"name": "search_docs", "arguments": '{"query": "retries"}'}}])
    episode = run_agent(lambda messages, tools: forever, ex)
    assert episode.ended == "max_turns" and episode.turns == ex.check.max_turns
    assert not judge_episode(ex, episode, roles=ROLES).passed


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    return path


def test_data_check_names_tool_use_problems_with_file_and_line(tmp_path):
    roles = load_config(None).roles
    good = json.loads(SHIPPED["coder"].model_dump_json())
    assert not read_examples([_write(tmp_path, good)], roles).problems
    wrong_kind = {**good, "check": {**good["check"], "check": {"kind": "rubric", "required": [["x"]]}}}
    assert read_examples([_write(tmp_path, wrong_kind)], roles).problems == [
        f"{tmp_path / 'train.jsonl'}:1: check.check.kind: role coder is judged by 'python_tests', not 'rubric'"]
    other_tool = {**good, "tools": good["tools"] + [load("researcher").specs[0]]}
    (problem,) = read_examples([_write(tmp_path, other_tool)], roles).problems
    assert problem.endswith("tools[3].function.name: 'search_docs' is not a tool of toolbox coder "
                            "(read_file, write_file, run_tests)")
    unknown = {**good, "check": {**good["check"], "toolbox": "wizard"}}
    (problem,) = read_examples([_write(tmp_path, unknown)], roles).problems
    assert ":1: check.toolbox: unknown toolbox 'wizard'" in problem
    escaping = {**good, "check": {**good["check"], "files": {"../etc/passwd": "x"}}}
    (problem,) = read_examples([_write(tmp_path, escaping)], roles).problems
    assert "is not a relative path inside the workspace" in problem


def test_gate_counts_a_drop_of_a_roles_valid_call_rate_as_a_regression():
    from roletune.gate import DEPLOY, ITERATE, _tool_rule

    g = load_config(None).gate

    def m(coder: float | None, tester: float | None) -> dict:
        return {"tools": {"roles": {"coder": {"valid_call_rate": coder}, "tester": {"valid_call_rate": tester}}}}

    (finding,) = _tool_rule(m(0.5, 0.9), m(0.8, None), g, None)
    assert finding.verdict == ITERATE and finding.reason.startswith("coder tool calls regressed: valid-call rate 50.0%")
    (stopped,) = _tool_rule(m(None, 1.0), m(0.4, 0.0), g, None)  # no call at all is a rate of 0
    assert stopped.verdict == ITERATE and "vs base 40.0%" in stopped.reason
    assert [f.verdict for f in _tool_rule(m(0.9, 0.2), m(0.8, None), g, None)] == [DEPLOY]
    assert _tool_rule({}, m(0.8, None), g, None) == []


def test_a_call_the_server_could_not_parse_counts_as_an_invalid_call():
    """The fine-tuned demo model wrote `<tool_call>` blocks with broken JSON; they reach the agent as text."""
    ex = SHIPPED["researcher"]
    broken = '<tool_call>\n{"name": "search_docs", "arguments": {<arguments as JSON>}}\n</tool_call>'
    episode = run_agent(lambda messages, tools: Reply(broken, None), ex)
    row = {**episode.row(), "role": "researcher", "passed": judge_episode(ex, episode, roles=ROLES).passed}
    assert (row["tool_calls"], row["valid_calls"], row["right_tool_calls"]) == (1, 0, 1) and not row["passed"]
    assert tool_metrics([row])["valid_call_rate"] == 0.0
    plain = run_agent(lambda messages, tools: Reply("No tool needed: the answer is 42.", None), ex)
    assert plain.calls == []  # an answer without a call attempt is not a call
