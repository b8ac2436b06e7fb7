"""Find the code (or JSON) in a model's answer: the one documented extraction used everywhere.

extract_code: fenced blocks (``` or ~~~, with or without a language tag), several blocks joined in
order (python/py/bare ones; blocks tagged with another language are ignored when a Python one
exists), prose around them ignored, an unterminated last fence taken to the end (the model ran out
of tokens), and no fence at all: the whole text if it parses as Python, else "".
"""

from __future__ import annotations

import ast
import json
import re

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+.-]*)[^\n]*\n(.*?)(?:^[ \t]*\1[ \t]*$|\Z)", re.S | re.M)
PYTHON_TAGS = {"", "python", "py", "python3", "py3", "pycon"}


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(m.group(2).lower(), m.group(3)) for m in FENCE.finditer(text)]


def extract_code(answer: str) -> str:
    blocks = _blocks(answer)
    if blocks:
        python = [body for tag, body in blocks if tag in PYTHON_TAGS]
        chosen = python if python else [body for _, body in blocks]
        return "\n\n".join(b.rstrip("\n") for b in chosen) + "\n"
    try:
        ast.parse(answer)
    except SyntaxError:
        return ""
    return answer


def extract_json(answer: str) -> object:
    """The JSON object of an answer: a ```json fence, else the first balanced top-level {...}."""
    for tag, body in _blocks(answer):
        if tag in ("json", ""):
            try:
                return json.loads(body)
            except json.JSONDecodeError:
                continue
    decoder = json.JSONDecoder()
    for start in (i for i, ch in enumerate(answer) if ch == "{"):
        try:
            obj, _ = decoder.raw_decode(answer[start:])
            return obj
        except json.JSONDecodeError:
            continue
    raise ValueError("no JSON object found in the answer")
