"""Read GGUF metadata with the `gguf` package (numpy only: no torch, no llama.cpp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from roletune.errors import UserError

CHAT_TEMPLATE = "tokenizer.chat_template"


def read_fields(path: Path) -> dict[str, Any]:
    """Scalar and string metadata of a GGUF file (arrays such as the vocabulary are skipped)."""
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path))
    except (OSError, ValueError) as exc:
        raise UserError(f"{path} is not a readable GGUF file: {exc}") from exc
    fields = {}
    for name, field in reader.fields.items():
        if len(field.types) == 1 and field.data:
            value = field.contents()
            fields[name] = value
    return fields


def read_chat_template(path: Path) -> str:
    template = read_fields(path).get(CHAT_TEMPLATE)
    if not template:
        raise UserError(f"{path} has no {CHAT_TEMPLATE}")
    return template
