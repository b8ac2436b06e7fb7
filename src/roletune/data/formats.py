"""The example formats teams already have, each turned into roletune's one Example shape.

One row per format in FORMATS: how a line is recognised and how it is normalised into the dict
`schema.Example` validates (docs/data-format.md has the formats side by side):

    roletune   {"id", "role", "messages", "tools"?, "check"?, "meta"?}: taken as written
    openai     {"messages": [...], "tools"?: [...], ...}: OpenAI chat fine-tuning lines; other keys
               (an id, the agent's role, anything else) are kept: `id`, the role field, the rest in meta
    sharegpt   {"conversations": [{"from": "human"|"gpt"|"system"|"function_call"|"observation"|"tool",
               "value": ...}], "system"?, "tools"?}: LLaMA-Factory's ShareGPT, tool turns included
    alpaca     {"instruction", "input"?, "output", "system"?, "history"?: [[user, assistant], ...]}

The agent role of a non-roletune line is its role field (`data.role_field`), else the row of
`data.role_by_system_prompt` its system prompt matches (every role's own system prompt matches it
exactly), else `data.default_role`. A line without an id gets `<file stem>-<10 hex of its text's
sha256>`: stable across reruns and under edits elsewhere in the file, so a recorded split still
means the same examples. (A conversation without a system turn gets its role's system prompt after
validation, in every format: data/validate.py.)

Pure functions of a parsed line: problems are raised as FormatProblem(field, message) and the
reader (data/validate.py) reports them at file:line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from roletune.config import DataConfig, RoleSpec

ROLETUNE_KEYS = frozenset({"id", "role", "messages", "tools", "check", "meta"})


class FormatProblem(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LineSource:
    """What a normaliser may know about a line besides its JSON: where it is, its text, the config."""

    stem: str
    text: str
    data: DataConfig
    roles: Mapping[str, RoleSpec]


# -- detection ------------------------------------------------------------------------------------


def _is_roletune(obj: Mapping[str, Any]) -> bool:
    return "messages" in obj and {"id", "role"} <= obj.keys() and obj.keys() <= ROLETUNE_KEYS


def _is_openai(obj: Mapping[str, Any]) -> bool:
    return "messages" in obj


def _is_sharegpt(obj: Mapping[str, Any]) -> bool:
    return "conversations" in obj


def _is_alpaca(obj: Mapping[str, Any]) -> bool:
    return "instruction" in obj and "output" in obj


# -- shared pieces --------------------------------------------------------------------------------

_ID_CHARS = re.compile(r"[^a-z0-9_.-]+")


def _slug(text: str) -> str:
    return _ID_CHARS.sub("-", text.lower()).lstrip("-_.")


def example_id(obj: Mapping[str, Any], src: LineSource) -> str:
    """The line's own `id` (lower-cased, other characters as '-'), else one derived from file and text."""
    given = obj.get("id")
    if isinstance(given, (str, int)) and not isinstance(given, bool) and _slug(str(given)):
        return _slug(str(given))
    digest = hashlib.sha256(src.text.strip().encode("utf-8")).hexdigest()[:10]
    return f"{_slug(src.stem) or 'example'}-{digest}"


def _system_of(messages: Sequence[Any]) -> str | None:
    first = messages[0] if messages else None
    if isinstance(first, dict) and first.get("role") == "system" and isinstance(first.get("content"), str):
        return first["content"]
    return None


def resolve_role(obj: Mapping[str, Any], messages: Sequence[Any], src: LineSource) -> str:
    """The role field, else the system prompt's row, else data.default_role (FormatProblem when none)."""
    for key in src.data.role_field:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    system = _system_of(messages)
    if system is not None:
        for row in src.data.role_by_system_prompt:
            if (re.search(row.prompt, system) if row.regex else row.prompt.strip() == system.strip()):
                return row.role
        for name, spec in src.roles.items():
            if spec.system_prompt.strip() == system.strip():
                return name
    if src.data.default_role is not None:
        return src.data.default_role
    fields = " or ".join(f"`{k}`" for k in src.data.role_field) or "a role field"
    raise FormatProblem("role", f"no role: give the line {fields}, add its system prompt to "
                                "data.role_by_system_prompt, or set data.default_role")


def _text(value: Any, field: str) -> str:
    """A turn's content: a string, null (a tool-call turn), or OpenAI's list of text parts."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in value):
        return "".join(str(p.get("text", "")) for p in value)
    raise FormatProblem(field, "content must be a string or a list of text parts")


def _tools(value: Any, field: str = "tools") -> list[dict[str, Any]] | None:
    """OpenAI's tool list; LLaMA-Factory writes it as a JSON string of bare function specs."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise FormatProblem(field, f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(value, list):
        raise FormatProblem(field, "expected a list of tools")
    return [t if isinstance(t, dict) and "function" in t else {"type": "function", "function": t} for t in value]


def _assemble(obj: Mapping[str, Any], messages: list[dict[str, Any]], tools: Any, src: LineSource,
              consumed: set[str]) -> dict[str, Any]:
    role = resolve_role(obj, messages, src)
    meta = dict(obj.get("meta") or {}) if isinstance(obj.get("meta"), dict) else {}
    meta |= {k: v for k, v in obj.items() if k not in consumed | {"id", "meta", "check", *src.data.role_field}}
    out: dict[str, Any] = {"id": example_id(obj, src), "role": role, "messages": messages}
    if tools:
        out["tools"] = tools
    if obj.get("check") is not None:
        out["check"] = obj["check"]
    if meta:
        out["meta"] = meta
    return out


# -- the formats ----------------------------------------------------------------------------------


def _roletune(obj: Mapping[str, Any], src: LineSource) -> dict[str, Any]:
    return dict(obj)  # the schema is the format


def _openai(obj: Mapping[str, Any], src: LineSource) -> dict[str, Any]:
    raw = obj.get("messages")
    if not isinstance(raw, list) or not raw:
        raise FormatProblem("messages", "expected a non-empty list of turns")
    messages = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict):
            raise FormatProblem(f"messages.{i}", "each turn must be an object")
        turn = {k: v for k, v in m.items() if v is not None}  # OpenAI writes "content": null beside tool_calls
        turn["content"] = _text(m.get("content"), f"messages.{i}.content")
        messages.append(turn)
    return _assemble(obj, messages, _tools(obj.get("tools")), src, {"messages", "tools"})


SHAREGPT_ROLES = {"system": "system", "human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                  "function_call": "assistant", "observation": "tool", "tool": "tool", "function": "tool"}


def _sharegpt_call(value: str, field: str) -> list[dict[str, Any]]:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise FormatProblem(field, f"a function_call turn holds JSON {{\"name\", \"arguments\"}}: "
                                   f"{exc.msg} at column {exc.colno}") from None
    calls = parsed if isinstance(parsed, list) else [parsed]
    out = []
    for c in calls:
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            raise FormatProblem(field, "a function_call turn holds {\"name\": …, \"arguments\": {…}}")
        out.append({"type": "function", "function": {"name": c["name"], "arguments": c.get("arguments", {})}})
    return out


def _sharegpt(obj: Mapping[str, Any], src: LineSource) -> dict[str, Any]:
    raw = obj.get("conversations")
    if not isinstance(raw, list) or not raw:
        raise FormatProblem("conversations", "expected a non-empty list of turns")
    messages: list[dict[str, Any]] = []
    if isinstance(obj.get("system"), str) and obj["system"].strip():
        messages.append({"role": "system", "content": obj["system"]})
    for i, turn in enumerate(raw):
        field = f"conversations.{i}"
        if not isinstance(turn, dict):
            raise FormatProblem(field, "each turn must be an object")
        speaker = turn.get("from", turn.get("role"))
        value = turn.get("value", turn.get("content"))
        if speaker not in SHAREGPT_ROLES:
            raise FormatProblem(f"{field}.from", f"unknown speaker {speaker!r}; one of {', '.join(SHAREGPT_ROLES)}")
        if not isinstance(value, str):
            raise FormatProblem(f"{field}.value", "expected a string")
        if speaker == "function_call":
            messages.append({"role": "assistant", "content": "", "tool_calls": _sharegpt_call(value, f"{field}.value")})
        else:
            messages.append({"role": SHAREGPT_ROLES[speaker], "content": value})
    return _assemble(obj, messages, _tools(obj.get("tools")), src, {"conversations", "system", "tools"})


def _alpaca(obj: Mapping[str, Any], src: LineSource) -> dict[str, Any]:
    for key in ("instruction", "output"):
        if not isinstance(obj.get(key), str):
            raise FormatProblem(key, "expected a string")
    extra = obj.get("input")
    if extra is not None and not isinstance(extra, str):
        raise FormatProblem("input", "expected a string")
    messages: list[dict[str, Any]] = []
    if isinstance(obj.get("system"), str) and obj["system"].strip():
        messages.append({"role": "system", "content": obj["system"]})
    history = obj.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, list) and len(h) == 2 for h in history):
        raise FormatProblem("history", "expected a list of [user, assistant] pairs")
    for user, answer in history:
        messages += [{"role": "user", "content": str(user)}, {"role": "assistant", "content": str(answer)}]
    prompt = obj["instruction"] + (f"\n\n{extra}" if extra and extra.strip() else "")
    messages += [{"role": "user", "content": prompt}, {"role": "assistant", "content": obj["output"]}]
    return _assemble(obj, messages, None, src, {"instruction", "input", "output", "system", "history"})


@dataclass(frozen=True)
class Format:
    name: str
    detect: Callable[[Mapping[str, Any]], bool]
    normalise: Callable[[Mapping[str, Any], LineSource], dict[str, Any]]
    source: str


# Order matters for detection: roletune's lines are OpenAI lines with an id and a role and nothing else.
FORMATS: tuple[Format, ...] = (
    Format("roletune", _is_roletune, _roletune, "docs/data-format.md"),
    Format("openai", _is_openai, _openai,
           "OpenAI chat fine-tuning JSONL (platform.openai.com/docs/guides/fine-tuning)"),
    Format("sharegpt", _is_sharegpt, _sharegpt, "LLaMA-Factory data/README.md, ShareGPT format"),
    Format("alpaca", _is_alpaca, _alpaca, "Stanford Alpaca / LLaMA-Factory data/README.md, Alpaca format"),
)


def get_format(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


def detect_format(objects: Sequence[Mapping[str, Any]]) -> str | None:
    """The format of a file, from its first line that any format recognises (None: none does)."""
    for obj in objects:
        for fmt in FORMATS:
            if fmt.detect(obj):
                return fmt.name
    return None
