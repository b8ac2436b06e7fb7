"""Two autograd functions that keep less for backward than the eager ops they replace.

Activations, not weights, bound LoRA's memory: on SmolLM2 one token keeps ~70 KB per layer and
~650 KB in the loss head; on Qwen3-8B ~0.5 MB per layer and ~2 MB in the head. These functions
compute exactly what the eager code computes (same RNG draws, same sums), keeping less:

DropoutLinear — PEFT's `lora_A(dropout(x))`. Eager dropout on CPU keeps a float noise tensor and
  lora_A keeps the dropped copy of x: 8 bytes per input element per adapted layer, times three
  for q, k and v although they read the same x. Fused, each keeps x itself (one tensor shared by
  the modules that read it) and a 1-byte mask, and recomputes the dropped input in backward.
  Masks are Bernoulli(p) drops from the global RNG (so checkpoints restore them), kept values
  scaled by 1/(1 − p), independent per module: the distribution of PEFT's nn.Dropout, with p
  rounded to a multiple of 2⁻¹⁶ (drop_mask).

linear_cross_entropy — the LM head and the loss, on the labelled positions only, in chunks. The
  eager head computes logits for every position (prompt tokens included, though their labels
  are -100), keeps a vocabulary-wide log-softmax per token and builds as large a gradient in
  backward. Here logits exist one chunk at a time: the loss and the gradient for the hidden
  states are computed together in forward, and backward only scales that gradient.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

IGNORE_INDEX = -100
CE_CHUNK = 256  # rows of logits alive at once: 256 × vocab × 4 bytes (50 MB at 49k, 155 MB at 152k)


def drop_mask(shape: torch.Size, p: float, device: torch.device) -> torch.Tensor:
    """A Bernoulli(p) bool mask from 16 random bits per element (p rounded to a multiple of 2⁻¹⁶).

    One 64-bit draw of the global RNG serves four elements: 3.5× faster on CPU than
    `torch.rand(shape) < p` (eager dropout's RNG took a fifth of a SmolLM2 training step). The
    draw spans the full int64 range, so all four 16-bit lanes are uniform (`random_()` alone
    leaves the sign bit 0, and the lane holding it would never drop).
    """
    n = math.prod(shape)
    words = torch.empty((n + 3) // 4, dtype=torch.int64, device=device).random_(-(2**63), None)
    lanes = words.view(torch.int16)[:n].view(shape)  # uniform on [-32768, 32767]
    return lanes < round(p * 65536) - 32768


class _DropoutLinearFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, weight: torch.Tensor, p: float) -> torch.Tensor:
        drop = drop_mask(x.shape, p, x.device)  # (…, in) bool
        scale = 1.0 / (1.0 - p)
        out = F.linear(x.masked_fill(drop, 0), weight) * scale  # (…, r)
        ctx.save_for_backward(x, drop, weight)
        ctx.scale = scale
        return out

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None, None]:
        x, drop, weight = ctx.saved_tensors
        g = grad * ctx.scale  # (…, r)
        grad_x = grad_w = None
        if ctx.needs_input_grad[0]:
            grad_x = (g @ weight.to(g.dtype)).masked_fill_(drop, 0)  # (…, in)
        if ctx.needs_input_grad[1]:
            dropped = x.masked_fill(drop, 0).reshape(-1, x.shape[-1])  # (N, in)
            grad_w = (g.reshape(-1, g.shape[-1]).t() @ dropped.to(g.dtype)).to(weight.dtype)  # (r, in)
        return grad_x, grad_w, None


class DropoutLinear(nn.Module):
    """LoRA's A projection with the dropout before it fused in; holds the original weight Parameter."""

    def __init__(self, linear: nn.Linear, p: float) -> None:
        super().__init__()
        self.weight = linear.weight  # the same Parameter: state-dict key, optimizer and merge unchanged
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return F.linear(x, self.weight)
        if torch.is_grad_enabled():
            return _DropoutLinearFn.apply(x, self.weight, self.p)
        return F.linear(F.dropout(x, self.p, True), self.weight)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, dropout={self.p}"


def fuse_lora_dropout(model: nn.Module) -> int:
    """Replace every PEFT LoRA Linear's (dropout, lora_A) by a DropoutLinear; return how many.

    Only plain LoRA on nn.Linear with p > 0 (no DoRA or other variant, no bias on A); anything
    else is left to PEFT. Changes `model` in place.
    """
    from peft.tuners.lora.layer import Linear as LoraLinear

    fused = 0
    for module in model.modules():
        if not isinstance(module, LoraLinear):
            continue
        for name, dropout in list(module.lora_dropout.items()):
            lora_a = module.lora_A[name]
            if (isinstance(dropout, nn.Dropout) and dropout.p > 0 and name not in module.lora_variant
                    and type(lora_a) is nn.Linear and lora_a.bias is None):
                module.lora_A[name] = DropoutLinear(lora_a, dropout.p)
                module.lora_dropout[name] = nn.Identity()
                fused += 1
    return fused


class _LinearCrossEntropyFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        # hidden: (N, d) at labelled positions; weight: (V, d) frozen; targets: (N,)
        total = hidden.new_zeros((), dtype=torch.float32)
        grad_hidden = torch.empty_like(hidden)  # (N, d)
        for start in range(0, hidden.shape[0], CE_CHUNK):
            h = hidden[start:start + CE_CHUNK]
            t = targets[start:start + CE_CHUNK]
            # The head's dtype for the product (under bf16 the hidden states may arrive in fp32), then
            # fp32 for the softmax like transformers' loss.
            logits = (h.to(weight.dtype) @ weight.t()).float()  # (c, V)
            lse = torch.logsumexp(logits, dim=-1)  # (c,)
            rows = torch.arange(t.shape[0], device=t.device)
            total += (lse - logits[rows, t]).sum()
            probs = logits.sub_(lse.unsqueeze(-1)).exp_()  # softmax, in place of the logits
            probs[rows, t] -= 1  # d(−log softmax[t]) / d logits
            grad_hidden[start:start + CE_CHUNK] = (probs.to(weight.dtype) @ weight).to(hidden.dtype)
        ctx.save_for_backward(grad_hidden)
        return total

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, None, None]:
        (grad_hidden,) = ctx.saved_tensors
        return grad_hidden * grad.to(grad_hidden.dtype), None, None


def linear_cross_entropy(hidden: torch.Tensor, weight: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Summed next-token cross-entropy of the labelled positions and their count.

    hidden: (B, T, d) final hidden states; weight: (V, d) output embedding (must not need a
    gradient); labels: (B, T) with IGNORE_INDEX where there is no loss. Position t predicts
    labels[t + 1], as in transformers' ForCausalLMLoss.
    """
    targets = labels[:, 1:]  # (B, T-1)
    keep = targets != IGNORE_INDEX
    picked = hidden[:, :-1][keep]  # (N, d)
    if picked.shape[0] == 0:
        return hidden.sum() * 0.0, 0
    return _LinearCrossEntropyFn.apply(picked, weight, targets[keep]), int(keep.sum())


# Families whose causal-LM forward is exactly `logits = lm_head(hidden)` — no logit scaling or
# soft-capping — so the loss may apply the head itself (transformers 5.24, modeling_<family>.py).
FUSED_HEAD_FAMILIES = ("llama", "qwen2", "qwen3")


class HiddenStatesHead(nn.Module):
    """Stands in for the LM head while training: the model returns its final hidden states as
    "logits", and `summed_loss` applies the real head's weight chunk by chunk."""

    def __init__(self, head: nn.Module) -> None:
        super().__init__()
        self.head = head

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return hidden


def make_lean(model: nn.Module) -> dict[str, Any]:
    """Fuse LoRA dropout and, where the family allows, move the LM head into the loss. In place.

    `model` is a PEFT model. Returns what was done, for the record.
    """
    fused = fuse_lora_dropout(model)
    base = model.get_base_model()
    head = base.get_output_embeddings()
    lean_head = (base.config.model_type in FUSED_HEAD_FAMILIES and isinstance(head, nn.Linear)
                 and head.bias is None and not head.weight.requires_grad)
    if lean_head:
        base.set_output_embeddings(HiddenStatesHead(head))
    return {"fused_dropout_layers": fused, "fused_head": lean_head}


def head_weight(model: nn.Module) -> torch.Tensor | None:
    """The LM head's weight when the model's head is a HiddenStatesHead, else None."""
    inner = getattr(model, "module", model)  # DDP wrapper
    inner = inner.get_base_model() if hasattr(inner, "get_base_model") else inner
    head = inner.get_output_embeddings()
    return head.head.weight if isinstance(head, HiddenStatesHead) else None


def summed_loss(model: nn.Module, input_ids: torch.Tensor, labels: torch.Tensor,
                weight: torch.Tensor | None = None) -> tuple[torch.Tensor, Any]:
    """(Σ next-token cross-entropy over labelled positions, model outputs) for a right-padded batch.

    `weight`: the head weight of a lean model (head_weight); None for an ordinary model, whose
    logits are then used as transformers' ForCausalLMLoss uses them (fp32, shifted labels).
    """
    outputs = model(input_ids=input_ids)
    if weight is not None:
        loss, _ = linear_cross_entropy(outputs.logits, weight, labels)  # outputs.logits: (B, T, d) hidden
        return loss, outputs
    logits = outputs.logits.float()  # (B, T, V)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1),
                           ignore_index=IGNORE_INDEX, reduction="sum")
    return loss, outputs
