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


TOOL_INSTRUCTIONS = """# Tools

You can call functions to help with the request. Their signatures, as JSON, are inside <tools></tools>:
<tools>
{tools}
</tools>

To call a function, answer with a JSON object of its name and arguments inside <tool_call></tool_call> tags:
<tool_call>
{{"name": "<function name>", "arguments": {{<arguments as JSON>}}}}
</tool_call>"""


def _arguments(text: str | None) -> Any:
    try:
        return json.loads(text or "{}")
    except json.JSONDecodeError:
        return text  # shown to the model as the client sent it


def fallback_messages(messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """For a chat template that ignores `tools`: describe them in the system turn (Hermes format),
    and write earlier tool calls into the assistant turns as the model would have written them."""
    listing = "\n".join(json.dumps(t["function"], ensure_ascii=False) for t in tools)
    instructions = TOOL_INSTRUCTIONS.format(tools=listing)
    out = [dict(m) for m in messages]
    if out and out[0]["role"] == "system":
        out[0]["content"] = f"{out[0]['content']}\n\n{instructions}"
    else:
        out.insert(0, {"role": "system", "content": instructions})
    for m in out:
        calls = m.pop("tool_calls", None)
        if m["role"] == "assistant" and calls:
            written = "\n".join(
                "<tool_call>\n"
                + json.dumps({"name": c["function"]["name"], "arguments": _arguments(c["function"]["arguments"])},
                             ensure_ascii=False)
                + "\n</tool_call>" for c in calls)
            m["content"] = f"{m.get('content') or ''}{written}"
        if m["role"] == "tool":
            m["content"] = f"<tool_response>\n{m.get('content', '')}\n</tool_response>"
    return out


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
