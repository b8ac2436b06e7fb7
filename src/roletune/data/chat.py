"""Render conversations with the model's own chat template and mark the assistant tokens.

The loss mask is derived from the template itself, for any template: the text the template
renders for the conversation up to an assistant turn (with the generation prompt) must be a
prefix of the text it renders with that turn, and the characters between the two are that
turn's answer, end-of-turn tokens included (so the model learns to stop). No marker such as
`<|im_start|>assistant` is searched for, so renamed or custom templates work. Where the template
writes more after the end-of-turn token (Llama 3's writes the next assistant header after every
conversation), the span stops after the family's end-of-turn token and the newline(s) following it.

The thinking policy (config `model.thinking`, families.py) is applied here for training: the
template's own switch (`template_kwargs`, e.g. Qwen3's enable_thinking=False, which writes the empty
think block into the prompt) and the assistant turns' reasoning (kept as `reasoning_content` with
"on", dropped with "off"), so the trained span under "off" is the answer and the end of turn, and
the prompt part is byte for byte the prompt the runtime renders with the same kwargs.

Tools: a conversation's `tools` go to the template (`apply_chat_template(..., tools=...)`), which
writes them into the prompt in the family's own way, and the assistant's tool calls in the family's
own call format (Qwen's `<tool_call>` JSON, …); they are assistant turns, so they are trained; tool
results are other turns and never are. A template that does not render tools (asked with a probe
tool, as the server asks llama-server) gets the conversation the server gives it: tools described in
the system turn, calls and results written as text (data/tool_prompt.py, the one shared rendering).

Templates that render an earlier turn differently once later turns follow (Qwen3 writes the empty
think block only on the last assistant turn) are not incremental; for them an assistant turn's span
in the whole conversation starts where the rendering of the turns before it plus the generation
prompt stops agreeing with the whole rendering (moved back to the start of the token there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from roletune.data.tool_prompt import PROBE_TOOL, fallback_messages, renders_probe
from roletune.errors import DataError
from roletune.families import Thinking, family_of_template, split_thinking, template_kwargs, thinking_of

IGNORE_INDEX = -100  # label of tokens that get no loss (torch.nn.CrossEntropyLoss default)


@dataclass(frozen=True)
class Rendered:
    text: str
    input_ids: list[int]
    labels: list[int]  # IGNORE_INDEX except on assistant tokens

    @property
    def n_assistant(self) -> int:
        return sum(1 for x in self.labels if x != IGNORE_INDEX)


def chat_template_of(tokenizer: Any) -> str:
    template = getattr(tokenizer, "chat_template", None)
    return template if isinstance(template, str) else ""


def kwargs_for(tokenizer: Any, thinking: str) -> dict[str, Any]:
    """The chat-template kwargs that realise the thinking policy with this tokenizer's template."""
    return template_kwargs(chat_template_of(tokenizer), thinking)


_RENDERS_TOOLS: dict[str, bool] = {}  # chat template → whether it writes `tools` into the prompt


def renders_tools(tokenizer: Any) -> bool:
    """Whether the tokenizer's chat template writes a `tools` list into the prompt (asked once per template)."""
    template = chat_template_of(tokenizer)
    if template not in _RENDERS_TOOLS:
        try:
            probe = tokenizer.apply_chat_template([{"role": "user", "content": "hi"}], tools=[PROBE_TOOL],
                                                  tokenize=False, add_generation_prompt=True)
        except Exception:  # a template that rejects tools outright does not render them
            probe = ""
        _RENDERS_TOOLS[template] = renders_probe(probe if isinstance(probe, str) else "")
    return _RENDERS_TOOLS[template]


def with_tools(tokenizer: Any, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]] | None,
               ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(messages, template kwargs) that render `tools` as the server does with this template: the
    template's own `tools` where it renders them, else the described-tools fallback."""
    if not tools:
        return list(messages), {}
    if renders_tools(tokenizer):
        return list(messages), {"tools": list(tools)}
    return fallback_messages(messages, tools), {}


def apply_thinking(messages: Sequence[dict[str, Any]], thinking: Thinking | None, policy: str) -> list[dict[str, Any]]:
    """Copies of the messages as the policy trains them (the input is not changed).

    off: an assistant turn's reasoning (`reasoning_content`, or a leading think block) is dropped.
    on:  a leading think block becomes `reasoning_content`, which thinking templates render.
    A template without thinking never sees `reasoning_content`; its content stays as written.
    """
    out = []
    for message in messages:
        m = dict(message)
        if m.get("role") == "assistant":
            reasoning = m.pop("reasoning_content", None)
            if thinking is not None:
                leading, answer = split_thinking(m["content"], thinking)
                if policy == "off":
                    m["content"] = answer
                elif reasoning is not None or leading:
                    m["content"], m["reasoning_content"] = answer, reasoning if reasoning is not None else leading
        out.append(m)
    return out


def render_prompt(tokenizer: Any, messages: Sequence[dict[str, Any]],
                  template_kwargs: dict[str, Any] | None = None) -> str:
    """The prompt the model sees before it answers (generation prompt included)."""
    return tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True,
                                         **(template_kwargs or {}))


def _end_of_turn_cut(text: str, start: int, end: int, answer: str, end_markers: Sequence[str]) -> int:
    """Where an assistant span ends: after its end-of-turn marker and the newlines right after it."""
    at = text.find(answer.strip(), start, end) if answer.strip() else -1
    search_from = at + len(answer.strip()) if at >= 0 else start
    hits = [(i, m) for m in end_markers if (i := text.find(m, search_from, end)) >= 0]
    if not hits:
        return end
    i, marker = min(hits)
    cut = i + len(marker)
    while cut < end and text[cut] in "\r\n":
        cut += 1
    return cut


Span = tuple[int, int, bool]  # start and end character, and whether a token straddling the start belongs in it


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _not_incremental(k: int, family_known: bool) -> DataError:
    return DataError(
        "the chat template does not render conversations incrementally, so the answer tokens can't be located",
        [f"turn {k}: the rendering of turns 0..{k - 1} is not a prefix of the rendering of the whole conversation"
         + ("" if family_known else ", and the template is of no known family (its end-of-turn marker is unknown)")],
        hint="use a template whose rendering of a conversation extends that of its beginning, or one of the "
             "families in `roletune plan`'s supported list",
    )


def _assistant_spans(tokenizer: Any, messages: Sequence[dict[str, Any]],
                     kwargs: dict[str, Any]) -> tuple[str, list[Span]]:
    def render(msgs: Sequence[dict[str, Any]], gen: bool = False) -> str:
        return tokenizer.apply_chat_template(list(msgs), tokenize=False, add_generation_prompt=gen, **kwargs)

    family = family_of_template(chat_template_of(tokenizer))
    end_markers = family.end_of_turn if family else ()
    full = render(messages)
    spans: list[Span] = []
    for k, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = render(messages[:k], gen=True)
        upto = render(messages[: k + 1])
        content = message.get("content") or ""
        if upto.startswith(before) and full.startswith(upto):
            spans.append((len(before), _end_of_turn_cut(upto, len(before), len(upto), content, end_markers), False))
            continue
        # Not incremental (Qwen3's think block on the last turn only): align with the whole rendering.
        if not end_markers or not full.startswith(render(messages[:k])):
            raise _not_incremental(k, bool(end_markers))
        start = _common_prefix(before, full)
        spans.append((start, _end_of_turn_cut(full, start, len(full), content, end_markers), True))
    return full, spans


def _no_tool_support(tokenizer: Any, exc: Exception) -> DataError:
    family = family_of_template(chat_template_of(tokenizer))
    name = f"{family.title} chat template" if family else "chat template"
    return DataError(
        f"the {name} has no tool support, and the conversation as `roletune serve` would send it (tools described "
        f"in the system turn, results in user turns) does not render either: {exc}; train tool conversations "
        "on a model whose template renders tools (Qwen2.5, Qwen3) or takes a system turn (ChatML, Llama 2/3), "
        "or leave them out", [])


def render_with_labels(tokenizer: Any, messages: Sequence[dict[str, Any]],
                       template_kwargs: dict[str, Any] | None = None,
                       tools: Sequence[dict[str, Any]] | None = None) -> Rendered:
    """Token ids of the whole conversation and labels that keep only assistant tokens (tool calls included)."""
    rendered, tool_kwargs = with_tools(tokenizer, messages, tools)
    try:
        text, spans = _assistant_spans(tokenizer, rendered, (template_kwargs or {}) | tool_kwargs)
    except DataError:
        raise
    except Exception as exc:  # the template's own raise_exception (e.g. roles must alternate)
        if tools and not renders_tools(tokenizer):
            raise _no_tool_support(tokenizer, exc) from exc
        raise
    # Chat templates write their own special tokens (BOS included where the family wants one).
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids: list[int] = enc["input_ids"]
    labels = [IGNORE_INDEX] * len(ids)
    for i, (start, end) in enumerate(enc["offset_mapping"]):
        if end <= start:
            continue
        if any((s <= start or (snap and start < s < end)) and end <= e for s, e, snap in spans):
            labels[i] = ids[i]
    return Rendered(text=text, input_ids=ids, labels=labels)


def render_for_training(tokenizer: Any, messages: Sequence[dict[str, Any]], thinking: str,
                        tools: Sequence[dict[str, Any]] | None = None) -> Rendered:
    """render_with_labels under a thinking policy ("off" | "on"): the rendering prepare writes."""
    template = chat_template_of(tokenizer)
    return render_with_labels(tokenizer, apply_thinking(messages, thinking_of(template), thinking),
                              template_kwargs(template, thinking), tools)


def prompt_for(tokenizer: Any, messages: Sequence[dict[str, Any]], thinking: str,
               tools: Sequence[dict[str, Any]] | None = None) -> str:
    """The evaluation prompt for `messages` (no answer) under a thinking policy, as training renders it."""
    template = chat_template_of(tokenizer)
    messages, tool_kwargs = with_tools(tokenizer, apply_thinking(messages, thinking_of(template), thinking), tools)
    return render_prompt(tokenizer, messages, template_kwargs(template, thinking) | tool_kwargs)
