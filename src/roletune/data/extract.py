"""Find the code, or the JSON plan, in a model's answer: the one extraction every stage uses.

`extract_code(answer)` reads Markdown code fences the way a reader would:

- A fence is a line of three or more backticks or tildes, optionally indented, with an optional
  info string whose first word is the language (```` ```python ````, ```` ```py ````,
  ```` ```Python3 ````, ```` ``` ````, ```` ~~~ ````). It is closed by a line of the same character,
  at least as long. Indentation of the opening fence is removed from the block's lines.
- Python blocks (tags python, py, python3, py3, ipython, ...) and bare blocks are joined in order.
  A bare block that is not valid Python (shell output, a traceback) is left out when another
  selected block is valid; so is an interactive session (a block starting with `>>>`). Blocks
  tagged with another language (bash, json, text, pycon, ...) are ignored.
- An unterminated last fence (the model ran out of tokens) runs to the end of the answer; if a
  line inside it ends with the fence (```` return x``` ````), the block ends there.
- No fence at all: the whole answer if it parses as Python, else "".

`extract_json(answer)` returns the JSON value of a ```` ```json ```` (or bare) fence, else the
first balanced top-level `{...}` object in the text, and raises ValueError saying why otherwise.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from dataclasses import dataclass

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*?)[ \t]*$")
_PYTHON_TAG = re.compile(r"^(python|py|ipython)[0-9.]*$")  # python, py, Python3, python3.11, ipython, ...
_JSON_TAGS = ("json", "jsonc", "json5")


@dataclass(frozen=True)
class Block:
    lang: str  # first word of the info string, lower-cased, without braces or a leading dot
    code: str
    closed: bool


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block of `text`, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _OPEN.match(lines[i])
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            i += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        words = re.split(r"[\s:,]+", opening["info"].strip().strip("{}").lstrip("."))
        lang = words[0].lower()
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closer.match(lines[j]):
            body.append(lines[j])
            j += 1
        closed = j < len(lines)
        if not closed:  # the last fence ran to the end; a line ending in the fence may have closed it
            for k, line in enumerate(body):
                stripped = line.rstrip()
                if stripped.endswith(fence) and stripped.strip(fence[0]):
                    body, j, closed = body[:k] + [stripped[: -len(fence)]], i + 1 + k, True
                    break
        blocks.append(Block(lang, _dedent(body, indent), closed))
        i = j + 1
    return blocks


def _dedent(lines: list[str], indent: int) -> str:
    """Remove the opening fence's indentation (a fence inside a list item), then common indentation."""
    out = [line[min(indent, len(line) - len(line.lstrip(" \t"))):] for line in lines]
    return textwrap.dedent("\n".join(out)).strip("\n")


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):  # ValueError: null bytes
        return False
    return True


def extract_code(answer: str) -> str:
    """The Python code of an answer (see the module docstring); "" if there is none."""
    blocks = fenced_blocks(answer)
    if not blocks:
        text = textwrap.dedent(answer).strip("\n")
        return text + "\n" if text.strip() and _parses(text) else ""
    blocks = [b for b in blocks if not b.code.lstrip().startswith(">>>")]  # a REPL session, not code to run
    tagged = any(_PYTHON_TAG.match(b.lang) for b in blocks)
    valid_bare = any(b.lang == "" and _parses(b.code) for b in blocks)
    # A bare block that does not parse is output or prose next to real code: leave it out, unless
    # bare blocks are all there is (then the check should report their SyntaxError, not "no code").
    chosen = [b.code for b in blocks
              if _PYTHON_TAG.match(b.lang) or (b.lang == "" and (_parses(b.code) or not (tagged or valid_bare)))]
    code = "\n\n".join(c for c in chosen if c.strip())
    return code + "\n" if code.strip() else ""


def extract_json(answer: str) -> object:
    """The JSON value of an answer: a json (or bare) fence, else the first top-level {...} object."""
    errors: list[str] = []
    for block in fenced_blocks(answer):
        if block.lang in _JSON_TAGS or block.lang == "":
            try:
                return json.loads(block.code)
            except json.JSONDecodeError as exc:
                errors.append(f"the ```{block.lang or ''} block is not valid JSON: {_where(exc)}")
    spans, unclosed = _object_spans(answer)
    failed: list[tuple[int, str]] = []
    for start, end in spans:
        try:
            return json.loads(answer[start:end])
        except json.JSONDecodeError as exc:
            failed.append((end - start, f"the {{...}} at character {start} is not valid JSON: {_where(exc)}"))
    if failed:  # the longest one is most likely the plan; prose like "{name}" is short
        errors.append(max(failed)[1])
    if unclosed is not None:
        errors.append(f"the {{ at character {unclosed} is never closed (answer cut off?)")
    raise ValueError(errors[0] if errors else "no JSON object in the answer")


def _where(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} (line {exc.lineno}, column {exc.colno})"


def _object_spans(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """(start, end) of each balanced top-level {...} in `text` (braces in JSON strings ignored),
    and where an unclosed one starts, if any."""
    spans: list[tuple[int, int]] = []
    depth, start, in_string, escaped = 0, -1, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"' and depth > 0:
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans, (start if depth > 0 else None)
