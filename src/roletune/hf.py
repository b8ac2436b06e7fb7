"""Thin helpers over transformers shared by the stages (imported lazily: transformers is heavy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from roletune.config import Config


def base_model_dir(config: Config, *, weights: bool = True) -> Path:
    """The base model as a local HF directory (a registry name is imported once into the cache).

    weights=False accepts a directory with config.json alone (planning a model not downloaded yet).
    """
    from roletune.registry import resolve_base_model

    local = config.resolve_path(Path(config.model.base))  # a directory relative to the config file
    if not weights and (local / "config.json").is_file():
        return local
    return resolve_base_model(str(local) if local.is_dir() else config.model.base)


def load_tokenizer(model_dir: Path, *, trust_remote_code: bool = False) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=trust_remote_code)
