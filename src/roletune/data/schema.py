"""One example per JSONL line; the format is documented in docs/data-format.md.

A conversation is OpenAI's chat shape: an optional system turn, user turns, assistant turns (which
may call tools instead of answering: `tool_calls`) and `tool` turns carrying each call's result. It
ends with the assistant's final answer. `tools` declares the functions the conversation may call
(OpenAI's `{"type": "function", "function": {name, description, parameters}}`). `check` is
optional: an example without one is judged by `eval.judge`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from roletune.data.checks import Check

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
TOOL_NAME_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"  # OpenAI's rule for function names


def _drop_none(out: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in out.items() if v is not None}


class FunctionCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=TOOL_NAME_PATTERN)
    arguments: dict[str, Any]  # OpenAI sends a JSON string: it is parsed here, so a template gets an object

    @field_validator("arguments", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else {}
            except json.JSONDecodeError as exc:
                raise ValueError(f"arguments are not JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(value, dict):
            raise ValueError("arguments must be a JSON object")
        return value


class ToolCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    type: Literal["function"] = "function"
    function: FunctionCall

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_none(handler(self))


class FunctionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=TOOL_NAME_PATTERN)
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})


class Tool(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["function"] = "function"
    function: FunctionSpec


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    # An assistant turn's reasoning, trained with model.thinking=on by templates that render it (Qwen3).
    reasoning_content: str | None = None
    tool_calls: list[ToolCall] | None = Field(None, min_length=1)  # assistant turns only
    tool_call_id: str | None = None  # tool turns: the call this result answers
    name: str | None = None  # tool turns: the function that produced the result

    @model_serializer(mode="wrap")
    def _without_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written only where given: data files and chat-template messages stay as they were without them.
        return _drop_none(handler(self))


def _turn_problems(turns: list[Message]) -> str | None:
    """The first way the turn order breaks the conversation shape, or None.

    After the optional system turn: user, then assistant; an assistant turn that calls tools is
    followed by one tool turn per call (in any order when the calls have ids), then the assistant
    again; an assistant turn that answers may be followed by the next user turn; the last turn is
    an answer.
    """
    start = 1 if turns[0].role == "system" else 0
    prev: Message | None = None
    pending: list[ToolCall] = []  # calls of the last assistant turn still waiting for their result
    for k in range(start, len(turns)):
        m = turns[k]
        if m.role == "system":
            return "messages: a system turn may only come first"
        if m.role == "tool":
            if not pending:
                return f"messages[{k}]: a tool turn must answer a tool call of the assistant turn before it"
            match = next((c for c in pending if m.tool_call_id is not None and c.id == m.tool_call_id), None)
            if m.tool_call_id is not None and any(c.id for c in pending) and match is None:
                ids = [c.id for c in pending]
                return f"messages[{k}].tool_call_id: {m.tool_call_id!r} answers none of the pending calls {ids}"
            pending.remove(match or pending[0])
        elif pending:
            names = ", ".join(c.function.name for c in pending)
            return f"messages[{k}]: the tool call(s) {names} before this turn have no tool result"
        elif m.role == "user" and prev is not None and prev.role != "assistant":
            return f"messages[{k}]: a user turn must follow the assistant's answer"
        elif m.role == "assistant" and (prev is None or prev.role == "assistant"):
            return f"messages[{k}]: an assistant turn must follow a user or tool turn"
        if m.role == "assistant" and m.tool_calls:
            pending = list(m.tool_calls)
        prev = m
    if prev is None or prev.role != "assistant" or prev.tool_calls:
        return "messages: the last turn must be the assistant's reference answer (not a tool call)"
    return None


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    role: str
    messages: list[Message] = Field(min_length=2)
    tools: list[Tool] | None = Field(None, min_length=1)
    check: Check | None = None  # absent: the answer is judged by eval.judge
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_serializer(mode="wrap")
    def _without_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out = handler(self)
        return {k: v for k, v in out.items() if not (k in ("tools", "check") and v is None)}

    @model_validator(mode="after")
    def _turns(self) -> Example:
        turns = self.messages
        problem = _turn_problems(turns)
        if problem:
            raise ValueError(problem)
        declared = {t.function.name for t in self.tools or []}
        for i, m in enumerate(turns):
            if m.reasoning_content is not None and m.role != "assistant":
                raise ValueError(f"messages[{i}].reasoning_content: only an assistant turn has reasoning")
            if m.tool_calls is not None and m.role != "assistant":
                raise ValueError(f"messages[{i}].tool_calls: only an assistant turn calls tools")
            if (m.tool_call_id is not None or m.name is not None) and m.role != "tool":
                raise ValueError(f"messages[{i}]: tool_call_id and name belong to tool turns")
            for j, call in enumerate(m.tool_calls or []):
                if call.function.name not in declared:
                    known = ", ".join(sorted(declared)) or "none: the example has no `tools`"
                    raise ValueError(f"messages[{i}].tool_calls[{j}].function.name: tool {call.function.name!r} "
                                     f"is not declared in `tools` (declared: {known})")
            if m.role in ("system", "user") or (m.role == "assistant" and not m.tool_calls):
                if not m.content.strip():
                    what = "empty answer" if i == len(turns) - 1 else f"empty {m.role} turn"
                    raise ValueError(f"messages[{i}].content: {what}")
        return self

    @property
    def prompt_messages(self) -> list[dict[str, Any]]:
        """The conversation up to (not including) the reference answer, as chat-template messages."""
        return [m.model_dump() for m in self.messages[:-1]]

    @property
    def tool_specs(self) -> list[dict[str, Any]] | None:
        """The declared tools in OpenAI's (and the chat templates') form, or None."""
        return [t.model_dump() for t in self.tools] if self.tools else None

    @property
    def answer(self) -> str:
        return self.messages[-1].content

    @property
    def user_text(self) -> str:
        return "\n".join(m.content for m in self.messages if m.role == "user")
