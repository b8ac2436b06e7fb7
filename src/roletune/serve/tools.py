"""Tool calls in model output → OpenAI `tool_calls`, with arguments validated against the tool's schema.

Formats, one row each in TOOL_CALL_FORMATS:
- hermes: `<tool_call>{"name": …, "arguments": {…}}</tool_call>` (Qwen2.5/Qwen3, Hermes, SmolLM2),
  possibly several, with or without text around them;
- json: the whole answer is one JSON object `{"name": …, "parameters"|"arguments": {…}}`
  (Llama 3.1's JSON tool-calling style).
A call to an unknown tool or with arguments that fail the tool's JSON Schema is not turned into a
tool call: the text is returned as content and the reason logged, so the agent sees what the model said.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema

# The described-tools prompt is shared with training (one rendering): see data/tool_prompt.py.
from roletune.data.tool_prompt import TOOL_INSTRUCTIONS, fallback_messages  # noqa: F401

HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)


@dataclass(frozen=True)
class ParsedCall:
    name: str
    arguments: dict[str, Any]


def _hermes(text: str) -> list[dict[str, Any]] | None:
    blocks = HERMES.findall(text)
    if not blocks:
        return None
    return [json.loads(b) for b in blocks]


def _whole_json(text: str) -> list[dict[str, Any]] | None:
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    obj = json.loads(stripped)
    return [obj] if isinstance(obj, dict) and "name" in obj and ({"arguments", "parameters"} & set(obj)) else None


TOOL_CALL_FORMATS: dict[str, Callable[[str], list[dict[str, Any]] | None]] = {"hermes": _hermes, "json": _whole_json}


def parse_tool_calls(text: str, tools: Sequence[dict[str, Any]]) -> tuple[list[ParsedCall], str | None]:
    """(calls, None) when the text is a valid tool call; ([], reason) when it is not one."""
    schemas = {t["function"]["name"]: t["function"].get("parameters") or {} for t in tools}
    for fmt, parse in TOOL_CALL_FORMATS.items():
        try:
            raw = parse(text)
        except json.JSONDecodeError as exc:
            return [], f"{fmt} tool call is not valid JSON: {exc.msg}"
        if raw is None:
            continue
        calls = []
        for obj in raw:
            if not isinstance(obj, dict) or "name" not in obj:
                return [], f"{fmt} tool call has no name"
            name = obj["name"]
            args = obj.get("arguments", obj.get("parameters", {}))
            if isinstance(args, str):
                try:
                    args = json.loads(args)
                except json.JSONDecodeError:
                    return [], f"arguments of {name} are not JSON"
            if name not in schemas:
                return [], f"unknown tool {name!r}"
            try:
                jsonschema.validate(args, schemas[name])
            except jsonschema.ValidationError as exc:
                return [], f"arguments of {name} do not match its schema: {exc.message}"
            calls.append(ParsedCall(name, args))
        return calls, None
    return [], "no tool call in the answer"


def call_schema(tools: Sequence[dict[str, Any]], only: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one call `{"name": …, "arguments": {…}}` of any of `tools` (or of `only`)."""
    options = [{"type": "object", "additionalProperties": False, "required": ["name", "arguments"],
                "properties": {"name": {"const": t["function"]["name"]},
                               "arguments": t["function"].get("parameters") or {"type": "object"}}}
               for t in tools if only is None or t["function"]["name"] == only]
    return options[0] if len(options) == 1 else {"anyOf": options}


def to_openai(calls: Sequence[ParsedCall]) -> list[dict[str, Any]]:
    return [{"id": f"call_{uuid.uuid4().hex[:24]}", "type": "function",
             "function": {"name": c.name, "arguments": json.dumps(c.arguments, ensure_ascii=False)}} for c in calls]


def may_be_tool_call(text: str) -> bool:
    """Whether a stream's beginning could still become a tool call (so content must be held back)."""
    stripped = text.lstrip()
    return stripped.startswith("<tool_call>"[: len(stripped)]) or stripped.startswith("{")
