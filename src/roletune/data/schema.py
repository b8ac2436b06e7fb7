"""One example per JSONL line; the format is documented in docs/data-format.md."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from roletune.data.checks import Check

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str
    # An assistant turn's reasoning, trained with model.thinking=on by templates that render it (Qwen3).
    reasoning_content: str | None = None

    @model_serializer(mode="wrap")
    def _without_absent_reasoning(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written only where given: data files and chat-template messages stay as they were without it.
        out = handler(self)
        if out.get("reasoning_content") is None:
            out.pop("reasoning_content", None)
        return out


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    role: str
    messages: list[Message] = Field(min_length=2)
    check: Check
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _turns(self) -> "Example":
        turns = self.messages
        body = turns[1:] if turns[0].role == "system" else turns
        if any(m.role == "system" for m in body):
            raise ValueError("messages: a system turn may only come first")
        if not body or body[-1].role != "assistant":
            raise ValueError("messages: the last turn must be the assistant's reference answer")
        expected = ["user", "assistant"] * (len(body) // 2)
        if [m.role for m in body] != expected:
            raise ValueError("messages: after the system turn, turns must alternate user, assistant, … "
                             "ending with one assistant turn")
        for i, m in enumerate(turns):
            if m.reasoning_content is not None and m.role != "assistant":
                raise ValueError(f"messages[{i}].reasoning_content: only an assistant turn has reasoning")
            if not m.content.strip():
                what = "empty answer" if i == len(turns) - 1 else f"empty {m.role} turn"
                raise ValueError(f"messages[{i}].content: {what}")
        return self

    @property
    def prompt_messages(self) -> list[dict[str, str]]:
        """The conversation up to (not including) the reference answer."""
        return [m.model_dump() for m in self.messages[:-1]]

    @property
    def answer(self) -> str:
        return self.messages[-1].content

    @property
    def user_text(self) -> str:
        return "\n".join(m.content for m in self.messages if m.role == "user")
