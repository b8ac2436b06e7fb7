"""Can roletune ship this base model as a GGUF? Asked before training, so a run never trains a model
it cannot convert.

`plan`, `prepare`, `train` and `run` call `check_convertible` on the base model directory. It
needs config.json (architecture, vocabulary size) and reads tokenizer.json when it is there (the
example configs plan models from config.json alone): the architecture must be one export/arch.py
converts and the tokenizer a kind export/vocab.py converts (CONVERTIBLE_TOKENIZERS, from
arch.TOKENIZER_MODELS). The family (families.py) is reported with the answer and supplies a chat
template when the tokenizer has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roletune.errors import UserError
from roletune.export.arch import TOKENIZER_MODELS, supported_architectures
from roletune.families import FAMILIES, Family, read_model_family, tokenizer_kind

# The family table's tokenizer kinds (families.tokenizer_kind) that export/vocab.py converts: one per
# arch.TOKENIZER_MODELS row, which byte_fallback tells apart ("bpe": byte-level, "spm": SentencePiece-style).
CONVERTIBLE_TOKENIZERS: tuple[str, ...] = tuple("spm" if t.byte_fallback else "bpe" for t in TOKENIZER_MODELS)


@dataclass(frozen=True)
class Support:
    architecture: str
    tokenizer: str | None  # the kind; None when neither tokenizer.json nor the family says
    family: Family | None


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def convertible_families() -> list[Family]:
    archs = set(supported_architectures())
    return [f for f in FAMILIES if f.tokenizer in CONVERTIBLE_TOKENIZERS and archs & set(f.hf_architectures)]


def supported_list() -> str:
    families = ", ".join(f"{f.title} ({f.hf_architectures[0]}, {f.tokenizer})" for f in convertible_families())
    return (f"supported: {families}; architectures {', '.join(supported_architectures())}"
            f" with tokenizer kinds {', '.join(CONVERTIBLE_TOKENIZERS)}")


def check_convertible(model_dir: Path) -> Support:
    """What the base model is, or a UserError (exit 2) naming what converts when it does not."""
    config_file = model_dir / "config.json"
    if not config_file.is_file():
        raise UserError(f"{model_dir} is not a HF model directory (no config.json)",
                        hint="point model.base at a directory with config.json (and tokenizer.json, weights to train)")
    config = _read_json(config_file)
    config = {**config.get("text_config", {}), **config}
    archs = list(config.get("architectures") or [])
    arch = next((a for a in archs if a in supported_architectures()), None)
    if arch is None:
        raise UserError(f"{model_dir.name}: architecture {', '.join(archs) or '(none)'} does not convert to GGUF here; "
                        f"{supported_list()}", hint="see docs/supported-models.md; choose a supported base model")
    family = read_model_family(model_dir)
    tok_file = model_dir / "tokenizer.json"
    kind = tokenizer_kind(_read_json(tok_file)) if tok_file.is_file() else (family.tokenizer if family else None)
    if kind is not None and kind not in CONVERTIBLE_TOKENIZERS:
        what = family.title if family else model_dir.name
        raise UserError(f"{what}: its {kind!r} tokenizer does not convert to GGUF; {supported_list()}",
                        hint="see docs/supported-models.md; a new tokenizer kind needs a row in "
                             "roletune.export.arch.TOKENIZER_MODELS")
    return Support(architecture=arch, tokenizer=kind, family=family)
