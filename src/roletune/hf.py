"""Thin helpers over transformers shared by the stages (imported lazily: transformers is heavy)."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

from roletune.config import Config

# transformers' own output, which the stages' rich lines replace: a "Loading weights" bar per model
# load and a "Writing model shards" bar per save (transformers.utils.logging.tqdm), and its logging
# below ERROR. Set as environment defaults, read when transformers (and huggingface_hub, whose
# switch transformers' bars follow) is imported: nothing heavy is imported to set them, and the
# processes roletune starts (torchrun workers) inherit them. A value the user set wins.
QUIET_ENV = {"TRANSFORMERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
# PEFT 0.21 reads `model.is_gradient_checkpointing` (peft_model.py, PeftModel.__init__) on every model
# it wraps, which transformers 5 deprecated for `is_activation_checkpointing`: not our call to rename.
PEFT_DEPRECATION = r"`is_gradient_checkpointing` is deprecated"


def quiet_transformers() -> None:
    """Turn off transformers' progress bars, its logging below ERROR, and PEFT's deprecation warning."""
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)
    if "transformers" in sys.modules:  # imported already: the variables were read, so say it directly
        from transformers.utils import logging

        if os.environ["TRANSFORMERS_VERBOSITY"] == QUIET_ENV["TRANSFORMERS_VERBOSITY"]:
            logging.set_verbosity_error()
        if os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] == QUIET_ENV["HF_HUB_DISABLE_PROGRESS_BARS"]:
            logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message=PEFT_DEPRECATION, category=FutureWarning)


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
    """The model's tokenizer, as every stage tokenizes (data, training, verify) and as llama.cpp will.

    A SentencePiece-style tokenizer.json that spells sentencepiece's spaces with a normalizer (Prepend("▁") +
    Replace(" ", "▁"): Llama 2, CodeLlama, Mistral as published) is loaded as written. transformers 5's
    LlamaTokenizer would rebuild it with a Metaspace pre-tokenizer that adds no "▁" before text already
    starting with a space (" Hello" → "▁Hello"), where sentencepiece, which pretrained these models, and
    llama.cpp running the GGUF write "▁" "▁Hello": training and serving would then tokenize apart.
    A tokenizer without a chat template gets its family's (below).
    """
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    if spells_sentencepiece_spaces(model_dir):
        # transformers 5: TokenizersBackend, as written
        tokenizer = PreTrainedTokenizerFast.from_pretrained(str(model_dir))
    else:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), trust_remote_code=trust_remote_code)
    return _with_family_template(tokenizer, Path(model_dir))


def _with_family_template(tokenizer: Any, model_dir: Path) -> Any:
    """A tokenizer without a chat template gets its family's (CodeLlama's Llama 2 tokenizer ships
    none; families.py), which merge then saves with the model. In place; returns the tokenizer."""
    from roletune.families import read_model_family

    if not getattr(tokenizer, "chat_template", None):
        family = read_model_family(model_dir)
        if family is not None and family.chat_template:
            tokenizer.chat_template = family.chat_template
    return tokenizer


SPM_SPACE = "\u2581"  # "▁"


def spells_sentencepiece_spaces(model_dir: Path) -> bool:
    """Whether model_dir/tokenizer.json is a byte-fallback BPE whose normalizer prepends "▁"
    (sentencepiece's dummy prefix)."""
    import json

    path = Path(model_dir) / "tokenizer.json"
    if not path.is_file():
        return False
    tok = json.loads(path.read_text(encoding="utf-8"))
    if not (tok.get("model") or {}).get("byte_fallback"):
        return False
    norm = tok.get("normalizer") or {}
    steps = norm.get("normalizers") or [] if norm.get("type") == "Sequence" else [norm]
    return any(step.get("type") == "Prepend" and step.get("prepend") == SPM_SPACE for step in steps)
