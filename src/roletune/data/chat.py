"""Render conversations with the model's own chat template and mark the assistant tokens.

The loss mask is derived from the template itself, for any template: the text the template
renders for the conversation up to an assistant turn (with the generation prompt) must be a
prefix of the text it renders with that turn, and the characters between the two are that
turn's answer, end-of-turn tokens included (so the model learns to stop). No marker such as
`<|im_start|>assistant` is searched for, so renamed or custom templates work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from roletune.errors import DataError

IGNORE_INDEX = -100  # label of tokens that get no loss (torch.nn.CrossEntropyLoss default)


@dataclass(frozen=True)
class Rendered:
    text: str
    input_ids: list[int]
    labels: list[int]  # IGNORE_INDEX except on assistant tokens

    @property
    def n_assistant(self) -> int:
        return sum(1 for x in self.labels if x != IGNORE_INDEX)


def render_prompt(tokenizer: Any, messages: Sequence[dict[str, str]]) -> str:
    """The prompt the model sees before it answers (generation prompt included)."""
    return tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)


def _assistant_spans(tokenizer: Any, messages: Sequence[dict[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    full = tokenizer.apply_chat_template(list(messages), tokenize=False)
    spans = []
    for k, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = tokenizer.apply_chat_template(list(messages[:k]), tokenize=False, add_generation_prompt=True)
        upto = tokenizer.apply_chat_template(list(messages[: k + 1]), tokenize=False)
        if not (upto.startswith(before) and full.startswith(upto)):
            raise DataError(
                "the chat template does not render conversations incrementally, so the answer tokens can't be located",
                [f"turn {k}: the rendering of turns 0..{k - 1} plus the generation prompt is not a prefix of the rendering with turn {k}"],
                hint="use a template whose rendering of a conversation extends that of its beginning",
            )
        spans.append((len(before), len(upto)))
    return full, spans


def render_with_labels(tokenizer: Any, messages: Sequence[dict[str, str]]) -> Rendered:
    """Token ids of the whole conversation and labels that keep only assistant tokens."""
    text, spans = _assistant_spans(tokenizer, messages)
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
