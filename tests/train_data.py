"""Token files like `prepare` writes them, built from a model's own chat template (for train/merge tests).

A toy task the tiny models can learn in a few steps: answer with the user's words reversed.
Rows are rendered by roletune.data.chat.render_with_labels, the function prepare uses, so labels
are -100 exactly where prepare puts -100.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from roletune.config import Config, load_config
from roletune.data.chat import render_with_labels
from roletune.files import write_jsonl

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi".split()


def conversation(rng: random.Random, min_words: int = 3, max_words: int = 30) -> list[dict[str, str]]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(min_words, max_words))]
    return [
        {"role": "system", "content": "You are the coder agent. Reverse the words."},
        {"role": "user", "content": " ".join(words)},
        {"role": "assistant", "content": " ".join(reversed(words))},
    ]


def token_rows(model_dir: Path, n: int, seed: int, prefix: str = "ex") -> list[dict[str, Any]]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rendered = render_with_labels(tokenizer, conversation(rng))
        rows.append({"id": f"{prefix}-{i}", "role": "coder", "copy": 0,
                     "input_ids": rendered.input_ids, "labels": rendered.labels})
    return rows


def write_token_files(run_dir: Path, model_dir: Path, n_train: int = 24, n_val: int = 8, seed: int = 0) -> None:
    write_jsonl(run_dir / "data" / "train.tokens.jsonl", token_rows(model_dir, n_train, seed, "train"))
    write_jsonl(run_dir / "data" / "val.tokens.jsonl", token_rows(model_dir, n_val, seed + 1, "val"))


def train_config(model_dir: Path, run_dir: Path, **train: Any) -> Config:
    """The default recipe on `model_dir`, small enough for a tiny model, with train.* overrides."""
    defaults = {"lr": 5e-3, "epochs": 2, "batch_size": 4, "grad_accum": 2, "threads": 1, "warmup_ratio": 0.0}
    sets = [f"model.base={model_dir}", f"run.dir={run_dir}"]
    sets += [f"train.{k}={v}" for k, v in {**defaults, **train}.items()]
    return load_config(None, sets)
