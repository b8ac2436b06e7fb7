"""The keep-rules of a paraphrase: pure functions of text, no teacher, no sandbox.

A paraphrase of a user turn is kept only if it asks for the same thing. What can be checked without
understanding it: every protected span of the original is still there, verbatim —

    code        fenced blocks and `inline code` (signatures, expressions, file names)
    quoted      "double" or 'single' quoted strings
    identifier  names that are code, not prose: called (`name(`), snake_case, camelCase, dotted.names,
                ACRONYMS
    number      the set of numbers is unchanged (a number lost *or* added changes the task)

and it is plausibly a rewrite, not something else: not empty, not the original again, within a length
ratio, free of chat-template markers, and on topic — it keeps a share of the original's content words
(a small teacher often answers, echoes its instructions or says "The request is sent to the agent",
which keeps every identifier of a prose task that has none).

The similarity rules (near-duplicate of a held-out or another train example) and the reference check
need the other examples and the sandbox; the stage applies them (roletune.augment.stage), with the
reasons named here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Why a paraphrase is rejected: reason → what it means (printed with the counts, kept in augment.json).
REASONS: dict[str, str] = {
    "request_failed": "the teacher returned an error or nothing",
    "empty": "nothing left after removing the teacher's framing",
    "unchanged": "the same prompt as the original, after normalising case and punctuation",
    "length": "word count outside augment.min_length_ratio … max_length_ratio of the original",
    "template_marker": "contains a chat-template or thinking marker",
    "off_topic": "keeps under augment.min_overlap of the original's content words",
    "prompt_echo": "repeats five or more words of the teacher's prompt that the original does not have",
    "lost_code": "a code span or fenced block of the original is missing or altered",
    "lost_quoted": "a quoted string of the original is missing or altered",
    "lost_identifier": "an identifier of the original is missing",
    "changed_number": "the set of numbers differs from the original's",
    "near_duplicate_held_out": "near-duplicate of a val or test prompt (leakage)",
    "near_duplicate_train": "near-duplicate of a train prompt or of a paraphrase kept before it",
    "reference_fails": "the example's reference answer fails its own check",
}

_FENCED = re.compile(r"```[^\n`]*\n(.*?)```", re.S)
_INLINE = re.compile(r"`([^`\n]+)`")
_DOUBLE = re.compile(r'(?<![\w"])"([^"\n]{1,200})"(?![\w"])')
_SINGLE = re.compile(r"(?<![\w'])'([^'\n]{1,200})'(?![\w'])")  # not an apostrophe: user's, don't
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?!\w|\.\d)")  # 429, 3.12, 2.4.1
_IDENTIFIERS = (
    re.compile(r"\b([A-Za-z_]\w*)\("),  # called or declared: split_message(
    re.compile(r"\b([a-z0-9]+(?:_[a-z0-9]+)+)\b", re.I),  # snake_case
    re.compile(r"\b([a-z]+[A-Z]\w*)\b"),  # camelCase
    re.compile(r"\b([A-Z][a-z0-9]+[A-Z]\w*)\b"),  # PascalCase with an inner capital: PostgreSQL, JavaScript
    re.compile(r"\b([A-Za-z_]\w+(?:\.[A-Za-z_]\w+)+)\b"),  # dotted.names, file.py (not e.g. / i.e.)
    re.compile(r"\b([A-Z][A-Z0-9]+)\b"),  # UTC, JSON, HTTP2
    re.compile(r"\b([A-Za-z]+\d\w*)\b"),  # v1, p95, sha256
    re.compile(r"(?<![\w/])(/[\w{}.-]+(?:/[\w{}.-]+)*)"),  # /orders, /api/v1/users
    re.compile(r"(?<![\w-])(--?[a-z][\w-]*)"),  # --json, -v
)
_WORD = re.compile(r"\w+")
# Words that carry no topic: a paraphrase may drop or add them freely. The rest of the words of four
# letters or more are the content words, compared by their first five letters (a crude stem:
# recurring ~ recurrence, checks ~ check).
STOPWORDS = frozenset("""
    about above after again also although another because been before being below between both cannot
    could does doing down during each either else even every from further have having here into itself
    just keep keeps like make many more most much must need needs only other ought over same shall should
    some such than that their them then there these they this those through under until very want wants
    well were what when where whether which while will with within without would your ours yours please
""".split())
STEM = 5


@dataclass(frozen=True)
class Protected:
    """What a paraphrase must keep of one user turn."""

    code: tuple[str, ...]
    quoted: tuple[str, ...]
    identifiers: tuple[str, ...]
    numbers: frozenset[str]


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip()))


def protected(text: str) -> Protected:
    """The spans of `text` a paraphrase must keep (module docstring)."""
    code = [m.group(1) for m in _FENCED.finditer(text)]
    prose = _FENCED.sub(" ", text)
    code += _INLINE.findall(prose)
    prose = _INLINE.sub(" ", prose)
    quoted = _DOUBLE.findall(prose) + _SINGLE.findall(prose)
    prose = _SINGLE.sub(" ", _DOUBLE.sub(" ", prose))
    names = [name for pattern in _IDENTIFIERS for name in pattern.findall(prose)]
    return Protected(code=_unique(code), quoted=_unique(quoted), identifiers=_unique(names),
                     numbers=numbers(text))


def numbers(text: str) -> frozenset[str]:
    """Every number written in `text`, code included, as written: 3.10 is not 3.1 when it is a Python
    version, so no normalising (a teacher that writes 2.5 for 2.50 loses a paraphrase, not a meaning)."""
    return frozenset(_NUMBER.findall(text))


def _squash(text: str) -> str:
    """Whitespace runs to one space, for comparing code spans that the teacher re-indented or re-wrapped."""
    return " ".join(text.split())


def lost(original: str, paraphrase: str) -> tuple[str, str] | None:
    """(reason, detail) for the first protected span of `original` missing from `paraphrase`, else None."""
    keep = protected(original)
    flat = _squash(paraphrase)
    for span in keep.code:
        if _squash(span) not in flat:
            return "lost_code", span
    for span in keep.quoted:
        if span not in paraphrase:
            return "lost_quoted", span
    for name in keep.identifiers:
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", paraphrase):
            return "lost_identifier", name
    found = numbers(paraphrase)
    if found != keep.numbers:
        missing, added = sorted(keep.numbers - found), sorted(found - keep.numbers)
        parts = ([f"lost {', '.join(missing)}"] if missing else []) + ([f"added {', '.join(added)}"] if added else [])
        return "changed_number", "; ".join(parts)
    return None


def words(text: str) -> int:
    return len(_WORD.findall(text))


def content_stems(text: str) -> frozenset[str]:
    return frozenset(w[:STEM] for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in STOPWORDS)


def overlap(original: str, paraphrase: str) -> float:
    """Share of the original's content words (by stem) that the paraphrase still has; 1.0 if it has none."""
    keep = content_stems(original)
    return len(keep & content_stems(paraphrase)) / len(keep) if keep else 1.0


def clean(reply: str) -> str:
    """The paraphrase inside the teacher's reply: without a leading "Here is …:" line, surrounding quotes
    or a `Paraphrase:` label (small teachers add them despite the prompt)."""
    text = reply.strip()
    lines = text.splitlines()
    if len(lines) > 1 and lines[0].rstrip().endswith(":") and words(lines[0]) <= 12:  # "Rewritten request:"
        text = "\n".join(lines[1:]).strip()
    text = re.sub(r"^(rewritten|paraphrased?|new) (request|task|version)?\s*:\s*", "", text, flags=re.I)
    text = re.sub(r"^(paraphrase|rewrite)\s*:\s*", "", text, flags=re.I)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" and text.count(text[0]) == 2:
        text = text[1:-1].strip()
    return text


ECHO_WORDS = 5


def _runs(text: str, n: int = ECHO_WORDS) -> set[str]:
    ws = _WORD.findall(text.lower())
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def echo(original: str, paraphrase: str, prompt: str) -> str | None:
    """A run of ECHO_WORDS words of the teacher's prompt (outside the original) that the paraphrase repeats."""
    foreign = _runs(prompt) - _runs(original)
    return next((run for run in sorted(_runs(paraphrase)) if run in foreign), None)


def judge_text(original: str, paraphrase: str, *, markers: Sequence[str], min_ratio: float,
               max_ratio: float, min_overlap: float = 0.0, prompt: str = "") -> tuple[str, str] | None:
    """(reason, detail) when the paraphrase of one user turn breaks a text rule, else None."""
    from roletune.data.validate import PromptKey

    if not paraphrase.strip():
        return "empty", ""
    if PromptKey.of(original).text == PromptKey.of(paraphrase).text:
        return "unchanged", ""
    marker = next((m for m in markers if m in paraphrase), None)
    if marker:
        return "template_marker", marker
    repeated = echo(original, paraphrase, prompt)
    if repeated:
        return "prompt_echo", repeated
    n, m = words(original), words(paraphrase)
    if not min_ratio * n <= m <= max_ratio * n:
        return "length", f"{m} words for {n}"
    shared = overlap(original, paraphrase)
    if shared < min_overlap:
        return "off_topic", f"{shared:.0%} of the content words kept"
    return lost(original, paraphrase)
