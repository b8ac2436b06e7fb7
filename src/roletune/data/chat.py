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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def _assistant_spans(tokenizer: Any, messages: Sequence[dict[str, Any]],
                     kwargs: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    def render(msgs: Sequence[dict[str, Any]], gen: bool = False) -> str:
        return tokenizer.apply_chat_template(list(msgs), tokenize=False, add_generation_prompt=gen, **kwargs)

    family = family_of_template(chat_template_of(tokenizer))
    end_markers = family.end_of_turn if family else ()
    full = render(messages)
    spans = []
    for k, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = render(messages[:k], gen=True)
        upto = render(messages[: k + 1])
        if not (upto.startswith(before) and full.startswith(upto)):
            raise DataError(
                "the chat template does not render conversations incrementally, so the answer tokens can't be located",
                [f"turn {k}: the rendering of turns 0..{k - 1} plus the generation prompt is not a prefix of "
                 f"the rendering with turn {k}"],
                hint="use a template whose rendering of a conversation extends that of its beginning "
                     "(Qwen3's renders earlier answers without their think blocks: "
                     "make one example per assistant turn)",
            )
        spans.append((len(before), _end_of_turn_cut(upto, len(before), len(upto), message["content"], end_markers)))
    return full, spans


def render_with_labels(tokenizer: Any, messages: Sequence[dict[str, Any]],
                       template_kwargs: dict[str, Any] | None = None) -> Rendered:
    """Token ids of the whole conversation and labels that keep only assistant tokens."""
    text, spans = _assistant_spans(tokenizer, messages, template_kwargs or {})
    # Chat templates write their own special tokens (BOS included where the family wants one).
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids: list[int] = enc["input_ids"]
    labels = [IGNORE_INDEX] * len(ids)
    for i, (start, end) in enumerate(enc["offset_mapping"]):
        if end <= start:
            continue
        if any(s <= start and end <= e for s, e in spans):
            labels[i] = ids[i]
    return Rendered(text=text, input_ids=ids, labels=labels)


def render_for_training(tokenizer: Any, messages: Sequence[dict[str, Any]], thinking: str) -> Rendered:
    """render_with_labels under a thinking policy ("off" | "on"): the rendering prepare writes."""
    template = chat_template_of(tokenizer)
    return render_with_labels(tokenizer, apply_thinking(messages, thinking_of(template), thinking),
                              template_kwargs(template, thinking))


def prompt_for(tokenizer: Any, messages: Sequence[dict[str, Any]], thinking: str) -> str:
    """The evaluation prompt for `messages` (no answer) under a thinking policy, as training renders it."""
    template = chat_template_of(tokenizer)
    return render_prompt(tokenizer, apply_thinking(messages, thinking_of(template), thinking),
                         template_kwargs(template, thinking))
