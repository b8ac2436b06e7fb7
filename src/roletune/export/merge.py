"""The `merge` stage: the best LoRA adapter merged into its base weights, in fp32, as a HF model.

Reads train/best/ only (its roletune_adapter.json names the base and its fingerprint). Writes
merged/ whole or not at all (files.atomic_dir): safetensors shards, tokenizer with its chat
template, a generation config whose EOS list holds the tokenizer's EOS and the template's
end-of-turn token (so generation stops at the end of an answer), and roletune_lineage.json.

Checks before anything is written: the base on disk is the one the adapter was trained on; every
merged tensor is finite; and the merged model's loss on a few val rows equals the adapter-on-base
loss (MERGE_LOSS_TOLERANCE). A finished merge of a different adapter is never replaced silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from roletune.context import RunContext
from roletune.errors import StageFailed, UserError
from roletune.files import atomic_dir, read_json, sha256_tree, write_json
from roletune.layout import BEST_DIR, LINEAGE_FILE, MERGED_DIR, TOKEN_FILES
from roletune.train.model import AdapterMeta, base_fingerprint, mean_token_loss, now

MAX_SHARD_SIZE = "2GB"  # shards small enough to stream one at a time in conversion
MERGE_LOSS_TOLERANCE = 1e-3  # |loss(merged) - loss(adapter on base)|, nats per token
CHECK_ROWS = 4  # val rows used for that check: enough to catch a wrong merge, cheap on an 8B model
PROBE = "\u2063roletune-probe\u2063"  # an answer text no template contains, to find what follows it


def merge(ctx: RunContext) -> dict[str, Any]:
    """Merge train/best/ into its base model and write merged/; return the stage summary."""
    import torch

    from roletune.hf import load_tokenizer

    best = ctx.path(BEST_DIR)
    meta = AdapterMeta.read(best)
    adapter_sha = sha256_tree(best)
    out = ctx.path(MERGED_DIR)
    done = _finished_lineage(out)
    if done is not None:
        if done["adapter"]["sha256"] == adapter_sha and not ctx.replace:
            ctx.console.print(f"[dim]{out} already holds the merge of this adapter[/dim]")
            return _summary(done)
        if done["adapter"]["sha256"] != adapter_sha and not ctx.replace:
            raise UserError(
                f"{out} holds a finished merge of another adapter (step {done['adapter'].get('step')}, "
                f"val loss {done['adapter'].get('val_loss')}); refusing to overwrite it",
                hint="rerun with `--force merge`, or use a new --run-dir",
            )

    base_dir = Path(meta.base_model)
    _check_base(base_dir, meta)
    check_rows = _check_rows(ctx)

    from peft import PeftModel
    from transformers import AutoModelForCausalLM, GenerationConfig

    base = AutoModelForCausalLM.from_pretrained(str(base_dir), dtype=torch.float32)
    tokenizer = load_tokenizer(base_dir)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)
    # PeftModel.from_pretrained wraps `base` in place; merge_and_unload then returns it, merged.
    model = PeftModel.from_pretrained(base, str(best), is_trainable=False)
    loss_adapter = mean_token_loss(model, check_rows, pad_id=pad_id) if check_rows else None
    try:
        merged = model.merge_and_unload(safe_merge=True)  # safe_merge: PEFT checks each merged layer
    except ValueError as exc:  # PEFT: "NaNs detected in the merged weights. The adapter … seems to be broken"
        raise StageFailed(f"merging {best} failed: {exc}", hint="retrain with a lower train.lr") from None
    bad = non_finite_tensors(merged)
    if bad:
        raise StageFailed(f"merged weights hold NaN or Inf in {len(bad)} tensor(s): {', '.join(bad[:5])}",
                          hint="the adapter is broken; retrain with a lower train.lr")
    loss_merged = mean_token_loss(merged, check_rows, pad_id=pad_id) if check_rows else None
    if loss_adapter is not None and abs(loss_merged - loss_adapter) > MERGE_LOSS_TOLERANCE:
        raise StageFailed(f"merged model's val loss {loss_merged:.6f} differs from the adapter's {loss_adapter:.6f} "
                          f"by more than {MERGE_LOSS_TOLERANCE}")

    eos = eos_token_ids(tokenizer, base_dir)
    generation = _generation_config(GenerationConfig, base_dir, merged)
    generation.eos_token_id = eos if len(eos) > 1 else eos[0]
    generation.pad_token_id = pad_id
    merged.generation_config = generation
    merged.config.use_cache = True  # training turned it off; generation wants it
    merged.config.eos_token_id = eos[0]

    lineage = {
        "base": {"path": str(base_dir), "name": meta.base_name, "fingerprint": meta.base_fingerprint},
        "adapter": {"path": str(best), "sha256": adapter_sha, "val_loss": meta.val_loss, "step": meta.step,
                    "lora": meta.lora, "data_sha256": meta.data_sha256},
        "check": {"val_rows": len(check_rows), "loss_adapter": loss_adapter, "loss_merged": loss_merged,
                  "tolerance": MERGE_LOSS_TOLERANCE},
        "dtype": "float32",
        "eos_token_ids": eos,
        "created": now(),
    }
    with atomic_dir(out) as tmp:
        merged.save_pretrained(str(tmp), max_shard_size=MAX_SHARD_SIZE)
        tokenizer.save_pretrained(str(tmp))
        write_json(tmp / LINEAGE_FILE, lineage)  # last: its presence marks a finished merge
    ctx.console.print(f"merged {best} into {base_dir.name} → {out} (EOS ids {eos})")
    return _summary(lineage)


def _finished_lineage(out: Path) -> dict[str, Any] | None:
    path = out / LINEAGE_FILE
    return read_json(path) if path.is_file() else None


def _summary(lineage: dict[str, Any]) -> dict[str, Any]:
    check = lineage["check"]
    return {"adapter_val_loss": lineage["adapter"]["val_loss"], "adapter_step": lineage["adapter"]["step"],
            "loss_adapter": check["loss_adapter"], "loss_merged": check["loss_merged"],
            "eos_token_ids": lineage["eos_token_ids"]}


def _check_base(base_dir: Path, meta: AdapterMeta) -> None:
    if not (base_dir / "config.json").is_file():
        raise UserError(f"the adapter's base model {base_dir} is not there anymore",
                        hint="restore it, or retrain against the model you have")
    now_fp = base_fingerprint(base_dir)["fingerprint"]
    if now_fp != meta.base_fingerprint.get("fingerprint"):
        raise UserError(f"{base_dir} is not the model the adapter was trained on (fingerprint changed)",
                        hint="merge against the original base, or retrain")


def _check_rows(ctx: RunContext) -> list[dict[str, Any]]:
    """The shortest val rows (none when the run has no prepared val data)."""
    from roletune.train.batching import read_token_rows

    path = ctx.path(TOKEN_FILES["val"])
    if not path.is_file():
        return []
    return sorted(read_token_rows(path), key=lambda r: len(r["input_ids"]))[:CHECK_ROWS]


def non_finite_tensors(model: Any) -> list[str]:
    """Names of parameters and buffers holding NaN or Inf."""
    import torch

    bad = []
    for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            bad.append(name)
    return bad


def end_of_turn_token(tokenizer: Any) -> int | None:
    """The token the chat template writes right after an assistant answer, if it is a special token.

    Derived from the template itself (ChatML's <|im_end|>, Llama 3's <|eot_id|>, Gemma's
    <end_of_turn>, Llama 2's </s>), so a renamed or custom template works too.
    """
    template = getattr(tokenizer, "chat_template", None)
    if not template:
        return None
    messages = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": PROBE}]
    try:
        text = tokenizer.apply_chat_template(messages, tokenize=False)
    except Exception:  # templates raise on anything they don't expect; then there is no answer to find
        return None
    at = text.find(PROBE)
    if at < 0:
        return None
    after = text[at + len(PROBE):].lstrip()
    if not after:
        return None
    ids = tokenizer(after, add_special_tokens=False)["input_ids"]
    special = set(tokenizer.all_special_ids) | {int(i) for i in getattr(tokenizer, "added_tokens_decoder", {})}
    return ids[0] if ids and ids[0] in special else None


def eos_token_ids(tokenizer: Any, base_dir: Path) -> list[int]:
    """EOS ids for generation: the tokenizer's EOS, the template's end of turn, the base's own list."""
    ids: list[int] = []

    def add(value: Any) -> None:
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(v, int) and v not in ids:
                ids.append(v)

    turn_end = end_of_turn_token(tokenizer)
    add(turn_end)  # first: the token a chat answer actually ends with
    add(tokenizer.eos_token_id)
    generation = base_dir / "generation_config.json"
    if generation.is_file():
        add(read_json(generation).get("eos_token_id"))
    if not ids:
        raise UserError(f"{base_dir}: the tokenizer has no EOS token and the chat template no end-of-turn token",
                        hint="generation would never stop; set eos_token in tokenizer_config.json")
    return ids


def _generation_config(cls: Any, base_dir: Path, model: Any) -> Any:
    if (base_dir / "generation_config.json").is_file():
        return cls.from_pretrained(str(base_dir))
    return cls.from_model_config(model.config)

