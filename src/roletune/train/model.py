"""The model being fine-tuned: device and precision, base + LoRA loading, the adapter's metadata.

The adapter in `train/best/` carries an `AdapterMeta` beside PEFT's own files, so the merge stage
needs only that directory: which base (path and fingerprint), which LoRA, which data, how good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from roletune import __version__
from roletune.config import Config
from roletune.errors import UserError
from roletune.files import read_json, sha256_file, write_json
from roletune.layout import ADAPTER_META

DTYPES = ("fp32", "bf16", "fp16")
FINGERPRINT_BLOCK = 1 << 20  # bytes hashed at each end of a weight file


def resolve_device(precision: str) -> tuple[str, str]:
    """(device, dtype name) for train.precision: auto = fp32 on CPU, bf16 on a GPU that has it.

    fp32 on CPU because a bf16 matmul there is far slower than fp32 without AVX-512 BF16
    (docs/performance.md, "Figures behind the code").
    """
    import torch

    cuda = torch.cuda.is_available()
    if precision == "auto":
        if cuda:
            return "cuda", "bf16" if torch.cuda.is_bf16_supported() else "fp32"
        return "cpu", "fp32"
    if precision == "fp16" and not cuda:
        raise UserError("train.precision=fp16 needs a CUDA GPU", hint="use fp32 (or auto) on CPU")
    return ("cuda" if cuda else "cpu"), precision


def torch_dtype(name: str) -> Any:
    import torch

    return {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[name]


def load_lora_model(model_dir: Path, config: Config, device: str, dtype_name: str) -> Any:
    """The base model (frozen) with freshly initialised LoRA adapters of the config, on `device`.

    The LoRA A matrices are drawn from the global RNG after seeding with train.seed, so two runs
    of a config start from the same adapter.
    """
    import torch
    from transformers import AutoModelForCausalLM, set_seed

    base = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch_dtype(dtype_name),
                                                trust_remote_code=config.model.trust_remote_code)
    base.config.use_cache = False  # a KV cache is for generation only
    if config.train.gradient_checkpointing:
        # Non-reentrant checkpointing works with inputs that need no grad (frozen embeddings),
        # so PEFT's enable_input_require_grads hook is not needed.
        base.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    set_seed(config.train.seed)
    try:
        model = apply_lora(base, config)
    except ValueError as exc:  # PEFT: "Target modules {...} not found in the base model"
        names = sorted({n.rsplit(".", 1)[-1] for n, m in base.named_modules() if isinstance(m, torch.nn.Linear)})
        raise UserError(f"lora.target_modules: {exc}",
                        hint=f"linear layers of this model: {', '.join(names)}") from None
    return model.to(device)


def apply_lora(base: Any, config: Config) -> Any:
    """PEFT LoRA of the config on `base`, made lean for training (kernels/lean.py make_lean).

    Changes `base` in place (PEFT wraps its linear layers; the head may become a pass-through):
    callers pass a model that is theirs alone. The adapter's parameters and their state-dict
    names are PEFT's, so saving, resuming and merging are PEFT's own.
    """
    from peft import LoraConfig as PeftLoraConfig
    from peft import get_peft_model

    from roletune.train.kernels.lean import make_lean

    model = get_peft_model(base, PeftLoraConfig(
        r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=config.lora.dropout,
        target_modules=list(config.lora.target_modules), task_type="CAUSAL_LM"))
    make_lean(model)
    return model


def base_fingerprint(model_dir: Path) -> dict[str, Any]:
    """A cheap identity of a model directory: config.json's sha256 and, per weight file, its size and
    the sha256 of its first and last MiB. A full sha256 of 16 GB of weights takes minutes; this
    catches a different model, a re-download of another revision, or a truncated file."""
    h = hashlib.sha256()
    files = sorted(p for p in model_dir.iterdir() if p.is_file() and
                   (p.suffix in (".safetensors", ".bin") or p.name == "config.json"))
    for p in files:
        size = p.stat().st_size
        h.update(f"{p.name}\0{size}\0".encode())
        with open(p, "rb") as fh:
            h.update(fh.read(FINGERPRINT_BLOCK))
            if size > 2 * FINGERPRINT_BLOCK:
                fh.seek(size - FINGERPRINT_BLOCK)
                h.update(fh.read(FINGERPRINT_BLOCK))
    config_json = model_dir / "config.json"
    return {"fingerprint": h.hexdigest(), "files": [p.name for p in files],
            "config_sha256": sha256_file(config_json) if config_json.is_file() else None}


@dataclass
class AdapterMeta:
    """What `train/best/roletune_adapter.json` records about the adapter beside it."""

    base_model: str  # the HF directory the adapter was trained on
    base_name: str  # model.base as configured (registry name or path)
    base_fingerprint: dict[str, Any]
    lora: dict[str, Any]
    precision: str
    val_loss: float  # the Trainer's eval_loss at `step`
    step: int
    epoch: float
    data_sha256: dict[str, str]  # of data/train.tokens.jsonl and data/val.tokens.jsonl
    train: dict[str, Any]  # the train.* config that produced it
    created: str
    roletune: str = __version__
    format: int = 1

    def write(self, directory: Path) -> None:
        write_json(directory / ADAPTER_META, asdict(self))

    @classmethod
    def read(cls, directory: Path) -> "AdapterMeta":
        path = directory / ADAPTER_META
        if not path.is_file():
            raise UserError(f"{directory} has no {ADAPTER_META}: not an adapter written by `roletune train`",
                            hint="run the train stage first")
        try:
            return cls(**read_json(path))
        except (TypeError, json.JSONDecodeError) as exc:
            raise UserError(f"{path} is not a valid adapter record: {exc}") from None


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def mean_token_loss(model: Any, rows: Sequence[dict[str, Any]], batch_size: int = 4, pad_id: int = 0) -> float:
    """Cross-entropy per labelled token over `rows` (token-weighted, not batch-weighted).

    Batches are right-padded and run without an attention mask, and the loss is summed by
    kernels/lean.py summed_loss: exactly as the train stage evaluates. Sums accumulate in float64.
    """
    import torch

    from roletune.data.chat import IGNORE_INDEX
    from roletune.train.batching import DynamicPadCollator
    from roletune.train.kernels.lean import head_weight, summed_loss

    collate = DynamicPadCollator(pad_id)
    ordered = sorted(rows, key=lambda r: len(r["input_ids"]))
    device = next(model.parameters()).device
    weight = head_weight(model)
    total, count = 0.0, 0
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for i in range(0, len(ordered), batch_size):
            batch = collate([{"input_ids": r["input_ids"], "labels": r["labels"]} for r in ordered[i:i + batch_size]])
            labels = batch["labels"].to(device)
            loss, _ = summed_loss(model, batch["input_ids"].to(device), labels, weight)
            total += float(loss.double())
            count += int((labels[:, 1:] != IGNORE_INDEX).sum())
    model.train(was_training)
    return total / max(count, 1)
