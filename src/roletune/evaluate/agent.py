"""Agent episodes over an example's tools: a model driven through them (`run_agent`), or the
example's own reference conversation replayed through them (`replay_reference`).

The loop, bounded by the check's `max_turns` assistant turns (and the chat function's max_tokens per
turn): ask the model with the example's `tools`; when it answers with `tool_calls`, each call is
validated — the arguments parse as a JSON object, the tool is declared, the arguments hold to the
tool's JSON Schema (jsonschema) — and a valid call runs for real in the sandbox (evaluate/tools.py);
an invalid one gets an error as its result, so the model may correct itself, as with a real API.
A call that a limit ended (hung, printed or returned too much) ends the episode as a failure. When
the model answers without calls, the answer is judged by the example's check.

Per episode, for the tool metrics (evaluate/metrics.py): calls made, valid calls (JSON parses and
the schema holds), right-tool calls (naming a tool the reference conversation calls), turns used.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from roletune.data.checks import ToolUseCheck
from roletune.data.schema import Example
from roletune.evaluate.checks import CheckResult, run_check
from roletune.evaluate.sandbox import SandboxLimits
from roletune.evaluate.tools import TOOL_LIMITS, ToolRun, run_tool
from roletune.toolboxes import load as load_toolbox


@dataclass
class Reply:
    """One assistant turn as an OpenAI-compatible server returns it."""

    content: str
    tool_calls: list[dict[str, Any]] | None  # OpenAI's shape; `arguments` a JSON string
    completion_tokens: int = 0
    prompt_tokens: int = 0
    finish_reason: str = "stop"
    ttft_s: float = 0.0
    latency_s: float = 0.0


# (messages, tools) → the model's next turn
ChatFn = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Reply]


@dataclass
class Call:
    name: str
    valid: bool  # arguments parse as a JSON object, the tool is declared, its schema holds
    right_tool: bool  # the reference conversation calls this tool too
    ok: bool  # it ran and returned (a valid call whose tool raised is not ok)
    reason: str = ""


@dataclass
class Episode:
    answer: str
    turns: int  # assistant turns used
    calls: list[Call] = field(default_factory=list)
    ended: str = "answer"  # answer | max_turns | tool_failure
    reason: str = ""  # why it ended without an answer
    messages: list[dict[str, Any]] = field(default_factory=list)  # the whole conversation
    completion_tokens: int = 0
    prompt_tokens: int = 0
    model_s: float = 0.0  # the model's turns (the tools' time excluded), as `latency_s` of a plain answer
    ttft_s: float = 0.0  # summed over turns, so that latency minus ttft stays decoding time
    episode_s: float = 0.0  # the whole episode, tools included
    finish_reason: str = "stop"

    def answer_row(self) -> dict[str, Any]:
        """The fields a plain answer's prediction row has (generate.py), for the episode."""
        decode = self.model_s - self.ttft_s
        tokens = self.completion_tokens - self.turns  # the first token of each turn is in ttft
        rate = tokens / decode if decode > 0 and tokens > 0 else 0.0
        return {"answer": self.answer, "reasoning": "", "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "finish_reason": self.finish_reason,
                "ttft_s": round(self.ttft_s, 4), "latency_s": round(self.model_s, 4), "tokens_per_s": round(rate, 2),
                "episode_s": round(self.episode_s, 4)}

    def row(self) -> dict[str, Any]:
        """The episode's fields of a prediction row (tool metrics read these)."""
        return {"tool_calls": len(self.calls), "valid_calls": sum(c.valid for c in self.calls),
                "right_tool_calls": sum(c.right_tool for c in self.calls), "turns": self.turns,
                "ended": self.ended, "tool_reason": self.reason,
                "calls": [{"name": c.name, "valid": c.valid, "ok": c.ok, **({"reason": c.reason} if c.reason else {})}
                          for c in self.calls]}


CALL_MARKER = "<tool_call>"  # what a call starts with, native (Qwen) or described (serve/tools.py's Hermes form)
_CALLED_NAME = re.compile(r'"name"\s*:\s*"([^"]*)"')


def attempted_call(content: str | None) -> str | None:
    """The tool name (or "") of a call the model began but the server could not parse, else None: it
    counts as an invalid call, so a model that writes broken calls does not look like one that
    answered without calling."""
    if not content or CALL_MARKER not in content:
        return None
    named = _CALLED_NAME.search(content, content.index(CALL_MARKER))
    return named.group(1) if named else ""


def reference_tools(example: Example) -> set[str]:
    return {c.function.name for m in example.messages for c in m.tool_calls or []}


def validate_call(call: dict[str, Any], tools: Sequence[dict[str, Any]]) -> tuple[str, dict[str, Any] | None, str]:
    """(name, arguments, "") for a valid call; (name, None, why) for an invalid one."""
    import jsonschema  # lazily, as checks.py does

    function = call.get("function") or {}
    name = str(function.get("name") or "")
    raw = function.get("arguments")
    try:
        arguments = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        return name, None, f"the arguments of {name or 'the call'} are not JSON: {exc.msg}"
    if not isinstance(arguments, dict):
        return name, None, f"the arguments of {name or 'the call'} are not a JSON object"
    schemas = {t["function"]["name"]: t["function"].get("parameters") or {} for t in tools}
    if name not in schemas:
        return name, None, f"unknown tool {name!r}; tools: {', '.join(schemas)}"
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schemas[name]).iter_errors(arguments))
    if error is not None:
        return name, None, f"the arguments of {name} do not match its schema: {error.message[:200]}"
    return name, arguments, ""


def _execute(check: ToolUseCheck, files: dict[str, str], name: str, arguments: dict[str, Any],
             limits: SandboxLimits) -> ToolRun:
    return run_tool(load_toolbox(check.toolbox), files, name, arguments, limits)


def run_agent(chat: ChatFn, example: Example, *, limits: SandboxLimits = TOOL_LIMITS) -> Episode:
    """Drive the model through `example`'s tools from its prompt (system and first user turn)."""
    check = example.check
    if not isinstance(check, ToolUseCheck):
        raise TypeError(f"{example.id}: not a tool_use example")
    tools = example.tool_specs or []
    expected = reference_tools(example)
    first_answer = next(i for i, m in enumerate(example.messages) if m.role == "user")
    messages = [m.model_dump() for m in example.messages[: first_answer + 1]]
    files = dict(check.files)
    episode = Episode(answer="", turns=0, messages=messages)
    started = time.perf_counter()
    while True:
        if episode.turns == check.max_turns:
            episode.ended, episode.reason = "max_turns", f"no answer within {check.max_turns} turns"
            break
        reply = chat(messages, tools)
        episode.turns += 1
        episode.completion_tokens += reply.completion_tokens
        episode.prompt_tokens += reply.prompt_tokens
        episode.finish_reason = reply.finish_reason
        episode.model_s += reply.latency_s
        episode.ttft_s += reply.ttft_s
        if not reply.tool_calls:
            attempt = attempted_call(reply.content)
            if attempt is not None:  # a call the server could not parse reaches the agent as text
                episode.calls.append(Call(attempt, valid=False, right_tool=attempt in expected, ok=False,
                                          reason="a tool call that does not parse: returned as text"))
            episode.answer = reply.content
            messages.append({"role": "assistant", "content": reply.content})
            break
        calls = [{**c, "id": c.get("id") or f"call_{episode.turns}_{i}", "type": "function"}
                 for i, c in enumerate(reply.tool_calls)]
        messages.append({"role": "assistant", "content": reply.content or "", "tool_calls": calls})
        failure = None
        for call in calls:
            name, arguments, why = validate_call(call, tools)
            if arguments is None:
                episode.calls.append(Call(name, valid=False, right_tool=name in expected, ok=False, reason=why))
                result = f"error: {why}"
            else:
                run = _execute(check, files, name, arguments, limits)
                files = run.files
                episode.calls.append(Call(name, valid=True, right_tool=name in expected, ok=run.ok, reason=run.reason))
                result = run.result
                failure = failure or (run.reason if run.contained else None)
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": result})
        if failure:
            episode.ended, episode.reason = "tool_failure", failure
            break
    episode.episode_s = time.perf_counter() - started
    return episode


def judge_episode(example: Example, episode: Episode, *, roles: Sequence[str],
                  limits: SandboxLimits = SandboxLimits()) -> CheckResult:
    """The episode's final answer judged by the example's check; no answer is a failure."""
    if episode.ended != "answer":
        return CheckResult(passed=False, reason=episode.reason, seconds=0.0, score=0.0)
    return run_check(example.check, episode.answer, roles=roles, limits=limits)


@dataclass(frozen=True)
class Replay:
    passed: bool
    reason: str
    seconds: float
    calls: int


def replay_reference(example: Example, *, roles: Sequence[str], limits: SandboxLimits = SandboxLimits(),
                     tool_limits: SandboxLimits = TOOL_LIMITS) -> Replay:
    """Run every tool call of the reference conversation for real, in order, and require each to
    succeed and return exactly the result the conversation records; then judge the final answer."""
    started = time.perf_counter()
    check = example.check
    assert isinstance(check, ToolUseCheck)
    tools = example.tool_specs or []
    files = dict(check.files)
    results: dict[str, str] = {}
    n = 0
    assistant_turns = 0
    for i, m in enumerate(example.messages):
        if m.role == "assistant":
            assistant_turns += 1
        if m.role == "tool":
            recorded = m.content
            actual = results.pop(m.tool_call_id or next(iter(results)), None)
            if actual != recorded:
                return Replay(False, f"messages[{i}]: the tool returned {_short(actual)}, the conversation records "
                                     f"{_short(recorded)}", time.perf_counter() - started, n)
        for j, call in enumerate(m.tool_calls or []):
            n += 1
            openai_call = {"function": {"name": call.function.name, "arguments": json.dumps(call.function.arguments)}}
            name, arguments, why = validate_call(openai_call, tools)
            if arguments is None:
                return Replay(False, f"messages[{i}].tool_calls[{j}]: {why}", time.perf_counter() - started, n)
            run = _execute(check, files, name, arguments, tool_limits)
            if not run.ok:
                return Replay(False, f"messages[{i}].tool_calls[{j}]: {run.reason}", time.perf_counter() - started, n)
            files = run.files
            results[call.id or f"#{n}"] = run.result
    if assistant_turns > check.max_turns:
        return Replay(False, f"the conversation takes {assistant_turns} assistant turns (max_turns {check.max_turns})",
                      time.perf_counter() - started, n)
    result = run_check(check, example.answer, roles=roles, limits=limits)
    reason = f"{n} tool call(s) replayed; {result.reason}" if result.passed else f"final answer: {result.reason}"
    return Replay(result.passed, reason, time.perf_counter() - started, n)


def _short(text: str | None) -> str:
    if text is None:
        return "nothing"
    return repr(text if len(text) <= 120 else text[:117] + "...")
