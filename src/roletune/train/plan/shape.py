"""The shape of a fine-tune from the model's config.json alone, on the meta device.

Parameter counts come from the module tree (no weights are read or allocated). Activation memory
is measured rather than guessed: one and two decoder layers run on meta tensors with the
configured LoRA applied, under `saved_tensors_hooks`, and every tensor autograd keeps is counted
once (views share a storage). The difference is one layer; the rest is the head and loss. This
counts architecture details — QK-norm, GQA, the MLP's shape, dropout on each adapted input — the
way torch will. Attention is stood in by a function that keeps what torch's fused CPU/GPU kernels
keep (q, k, v, output, log-sum-exp), because on meta tensors SDPA would take its math path and
keep a T×T matrix that real training never materialises. Checked against the same forward on
real CPU tensors in tests/test_plan.py (within 3 %).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.errors import UserError


def _planning_attention() -> Any:
    """Stand-in attention for tracing: keeps what fused SDPA kernels keep for backward."""
    import torch

    class Saved(torch.autograd.Function):
        @staticmethod
        def forward(ctx, q, k, v):  # q: (B, H, T, d), k/v: (B, H_kv, T, d)
            out = torch.empty_like(q)  # (B, H, T, d)
            lse = q.new_empty(q.shape[:-1])  # (B, H, T) log-sum-exp
            ctx.save_for_backward(q, k, v, out, lse)
            return out

        @staticmethod
        def backward(ctx, grad):  # never run: meta tensors only
            raise NotImplementedError

    def attention(module, query, key, value, attention_mask, dropout=0.0, scaling=None, **kwargs):
        return Saved.apply(query, key, value).transpose(1, 2).contiguous(), None

    return attention


PLAN_ATTENTION = "roletune_plan"


def _register_attention() -> None:
    from transformers import AttentionInterface

    AttentionInterface.register(PLAN_ATTENTION, _planning_attention())


def _hf_config(model_dir: Path, trust_remote_code: bool) -> Any:
    from transformers import AutoConfig

    if not (model_dir / "config.json").is_file():
        raise UserError(f"{model_dir} has no config.json",
                        hint="model.base must be a HF model directory or registry name")
    return AutoConfig.from_pretrained(str(model_dir), trust_remote_code=trust_remote_code)


def _meta_model(hf_config: Any, n_layers: int | None = None, attn: str | None = None) -> Any:
    import copy

    import torch
    from transformers import AutoModelForCausalLM

    cfg = copy.deepcopy(hf_config)
    if n_layers is not None:
        cfg.num_hidden_layers = n_layers
        if getattr(cfg, "layer_types", None):
            cfg.layer_types = cfg.layer_types[:n_layers]
    kwargs = {"attn_implementation": attn} if attn else {}
    with torch.device("meta"):
        return AutoModelForCausalLM.from_config(cfg, dtype=torch.float32, **kwargs)


def _is_target(name: str, targets: Sequence[str]) -> bool:
    # PEFT's rule for a list of target_modules: the module's name, or its last dotted parts, match.
    return any(name == t or name.endswith("." + t) for t in targets)


def model_shape(model_dir: Path, config: Config, cpu_kernels: bool | None = None) -> dict[str, Any]:
    """Parameter counts and per-token activation bytes of the configured LoRA on this architecture.

    `cpu_kernels`: whether training will run on the compiled CPU kernels (kernels/loader.py), which
    keep less than eager torch; default: whether it would here (fp32 on this CPU, kernels already built).
    """
    import torch

    hf_config = _hf_config(model_dir, config.model.trust_remote_code)
    model = _meta_model(hf_config)
    targets = config.lora.target_modules
    total = sum(p.numel() for p in model.parameters())  # parameters() yields tied weights once
    linear = lora = 0
    matched = set()
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            linear += module.in_features * module.out_features
            if _is_target(name, targets):
                lora += config.lora.r * (module.in_features + module.out_features)
                matched.update(t for t in targets if name == t or name.endswith("." + t))
    missing = sorted(set(targets) - matched)
    if missing:
        names = sorted({n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)})
        raise UserError(f"lora.target_modules {missing} match no linear layer of {hf_config.model_type}",
                        hint=f"this architecture's linear layers: {', '.join(names)}")
    text = hf_config.get_text_config() if hasattr(hf_config, "get_text_config") else hf_config
    n_layers = text.num_hidden_layers
    heads = text.num_attention_heads
    head_dim = getattr(text, "head_dim", None) or text.hidden_size // heads
    if cpu_kernels is None:
        cpu_kernels = trains_on_cpu_kernels(config)
    per_token = _activation_bytes_per_token(hf_config, config, cpu_kernels)
    del model
    return {
        "architecture": (hf_config.architectures or [hf_config.model_type])[0],
        "model_type": hf_config.model_type,
        "total_params": total,
        "lora_params": lora,
        "matmul_params": linear,
        "n_layers": n_layers,
        "hidden": text.hidden_size,
        "heads": heads,
        "head_dim": head_dim,
        "vocab": text.vocab_size,
        **per_token,
        "cpu_kernels": cpu_kernels,
    }


def trains_on_cpu_kernels(config: Config) -> bool:
    """Whether the train stage would run on the compiled CPU kernels on this machine: fp32 on the CPU and
    the kernels built. Asks, never builds (a first training run builds them; the plan then assumes eager)."""
    from roletune.train.kernels.loader import built_library, unusable
    from roletune.train.model import resolve_device

    return (resolve_device(config.train.precision) == ("cpu", "fp32") and unusable() is None
            and built_library() is not None)


def _activation_bytes_per_token(hf_config: Any, config: Config, cpu_kernels: bool) -> dict[str, Any]:
    """Bytes autograd keeps per token: per decoder layer, and for the rest (embeddings, head, loss).

    Traced at fp32 on meta tensors with the LoRA the train stage applies (model.apply_lora:
    PEFT, then kernels/lean.py make_lean), for 1 and 2 layers: the difference is one layer, the remainder
    the head. The caller scales to the compute dtype. A lean head (the loss applies the head
    weight itself) keeps only the hidden-state gradient per labelled token, counted here for
    every token: an upper bound. With `cpu_kernels` the modules take the compiled kernels' path
    (kernels/loader.py tracing_as_cpu_kernels) and keep what those keep.
    """
    import torch

    from roletune.train.kernels.lean import head_weight, summed_loss
    from roletune.train.kernels.loader import tracing_as_cpu_kernels
    from roletune.train.model import apply_lora

    _register_attention()
    rows, seq = 1, 64
    saved = []
    fused_head = False
    for n_layers in (1, 2):
        model = apply_lora(_meta_model(hf_config, n_layers, attn=PLAN_ATTENTION), config)
        model.train()
        fused_head = head_weight(model) is not None
        params = {p.untyped_storage()._cdata for p in model.parameters()}
        storages: dict[int, int] = {}

        def pack(t: torch.Tensor) -> torch.Tensor:
            st = t.untyped_storage()
            if st._cdata not in params:  # views of one tensor share a storage: count it once
                storages[st._cdata] = st.nbytes()
            return t

        ids = torch.zeros((rows, seq), dtype=torch.long, device="meta")
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), tracing_as_cpu_kernels(cpu_kernels):
            if fused_head:  # the chunked loss can't run on meta tensors (it indexes by a mask)
                model(input_ids=ids)
            else:
                summed_loss(model, ids, ids)
        saved.append(sum(storages.values()))
        del model
    tokens = rows * seq
    layer = (saved[1] - saved[0]) / tokens
    head = (saved[0] - (saved[1] - saved[0])) / tokens
    text = hf_config.get_text_config() if hasattr(hf_config, "get_text_config") else hf_config
    if fused_head:
        head += text.hidden_size * 4 + 1  # hidden-state gradient (fp32) and the label mask, per token
    return {"act_layer_fp32": layer, "act_head_fp32": head, "fused_head": fused_head}
