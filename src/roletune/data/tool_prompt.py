"""Tools for a chat template that has no tool support: described in the system turn, Hermes style.

Many small models' templates (SmolLM2's ChatML, Llama 3.0's) ignore `tools`. For them, training
(data/chat.py) and serving (serve/app.py) both render a tool conversation through this one function,
so the fine-tune learns exactly the prompt the server writes: the tools listed in the system turn,
earlier calls written into the assistant turns as `<tool_call>` JSON, results wrapped in
`<tool_response>` and sent as the user turn that follows (one turn for all results of a call
turn, as Hermes and Qwen2.5 do), so templates that insist on user/assistant alternation
(Llama 2, CodeLlama, Mistral) render tool conversations too. The server turns the `<tool_call>`
blocks of an answer back into OpenAI `tool_calls` (serve/tools.py). Whether a template renders
tools is asked of the template itself with PROBE_TOOL (by llama-server's /apply-template when
serving, by transformers when training).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

PROBE_TOOL = {"type": "function", "function": {"name": "roletune_probe_tool", "description": "probe",
                                               "parameters": {"type": "object", "properties": {}}}}

TOOL_INSTRUCTIONS = """# Tools

You can call functions to help with the request. Their signatures, as JSON, are inside <tools></tools>:
<tools>
{tools}
</tools>

To call a function, answer with a JSON object of its name and arguments inside <tool_call></tool_call> tags:
<tool_call>
{{"name": "<function name>", "arguments": {{<arguments as JSON>}}}}
</tool_call>"""


def renders_probe(prompt: str) -> bool:
    """Whether a prompt rendered with `tools=[PROBE_TOOL]` shows the tool: the template renders tools."""
    return PROBE_TOOL["function"]["name"] in prompt


def _arguments(arguments: Any) -> Any:
    if not isinstance(arguments, str):  # already an object (roletune's data parses them)
        return arguments
    try:
        return json.loads(arguments or "{}")
    except json.JSONDecodeError:
        return arguments  # shown to the model as the client sent it


def fallback_messages(messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """For a chat template that ignores `tools`: describe them in the system turn (Hermes format),
    and write earlier tool calls into the assistant turns as the model would have written them.
    The input is not changed."""
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
    merged: list[dict[str, Any]] = []
    for m in out:
        if m["role"] != "tool":
            merged.append(m)
            continue
        response = f"<tool_response>\n{m.get('content', '')}\n</tool_response>"
        if merged and merged[-1].get("from_tools"):
            merged[-1]["content"] += "\n" + response
        else:
            merged.append({"role": "user", "content": response, "from_tools": True})
    for m in merged:
        m.pop("from_tools", None)
    return merged
