"""The config of one short run of the whole pipeline on the mini data set (6/4/4 examples): two
training steps, one quantization, a couple of prompts per stage. The slow end-to-end tests write it,
each adding what it is about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MINI = Path(__file__).resolve().parent / "data" / "mini"

SHORT_RUN: dict[str, Any] = {
    "data": {"train": str(MINI / "train.jsonl"), "val": str(MINI / "val.jsonl"), "test": str(MINI / "test.jsonl"),
             "max_length": 1024},
    "train": {"lr": 1.0e-3, "max_steps": 2, "batch_size": 2, "grad_accum": 1, "threads": 2},
    "export": {"quant_types": ["Q4_K_M"]},
    "verify": {"samples": 2},
    "eval": {"max_tokens": 8, "smoke_samples": 1, "smoke_min_pass": 0.0, "limit": 2, "parallel": 2},
}


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def write_short_run_config(path: Path, base_model: Path, *, what: str, test: str,
                           extra: dict[str, Any] | None = None) -> Path:
    """Write the short run's config for `base_model` at `path` (its run directory beside it), with `extra`
    merged in section by section."""
    config = _merged({"run": {"dir": str(path.parent / "run")}, **SHORT_RUN, "model": {"base": str(base_model)}},
                     extra or {})
    path.write_text(f"# What: {what}\n# Run: pytest {test}\n" + yaml.safe_dump(config, sort_keys=False),
                    encoding="utf-8")
    return path
