"""Two autograd functions that do LoRA training's work in fewer passes over memory than the eager ops.

On a CPU, a LoRA step of a small model is bound by memory traffic as much as by its matmuls:
every elementwise pass over a (tokens × width) activation costs about as much as a rank-16
product. Activations, not weights, also bound LoRA's memory: on SmolLM2 one token keeps ~70 KB
per layer and ~650 KB in the loss head; on Qwen3-8B ~0.5 MB per layer and ~2 MB in the head.
These functions compute what the eager code computes (dropout masks of the same distribution,
the same sums up to float rounding), touching and keeping less:

_LoraLinearFn — PEFT's LoRA Linear, `base(x) + lora_B(lora_A(dropout(x))) * scaling`. Eager, that
  is a dropout pass (keeping a float noise tensor and the dropped copy of x: 8 bytes per input
  element, times three for q, k and v although they read the same x), then a scaling pass and
  an add over the output, and their mirror images in backward. Fused, the low-rank product is
  added into the base layer's output by the matmul itself (addmm, both scales folded into its
  alpha), and likewise into the input gradient; each module keeps x itself (one tensor shared by
  the modules that read it), a 1-byte mask (none with the kernel below) and the (tokens × r)
  product, and recomputes the dropped input in backward. Masks are Bernoulli(p) drops, kept
  values scaled by 1/(1 − p), independent per module: the distribution of PEFT's nn.Dropout. On
  the CPU in fp32 the mask comes from the compiled kernel of loader.py: hashed from (row,
  column) and two keys while x is read for the low-rank product, never drawn element by element
  nor stored, and hashed again in backward, where one pass gives A's gradient and the masked
  LoRA part of x's. Elsewhere (GPU, bf16, no compiler) the mask is drawn by drop_mask (p rounded
  to a multiple of 2⁻¹⁶). Either way its randomness comes from the global RNG, so checkpoints
  restore it and gradient checkpointing redraws it. What each saves per step: docs/performance.md,
  "Where a step's time goes".

linear_cross_entropy — the LM head and the loss, on the labelled positions only, in chunks. The
  eager head computes logits for every position (prompt tokens included, though their labels
  are -100), keeps a vocabulary-wide log-softmax per token and builds as large a gradient in
  backward. Here logits exist one chunk at a time: the loss and the gradient for the hidden
  states are computed together in forward, and backward only scales that gradient.
"""

from __future__ import annotations

import math
import types
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from roletune.data.chat import IGNORE_INDEX
from roletune.families import fused_layers_by_model_type

CE_CHUNK = 256  # rows of logits alive at once: 256 × vocab × 4 bytes (50 MB at 49k, 155 MB at 152k)


def drop_mask(shape: torch.Size, p: float, device: torch.device) -> torch.Tensor:
    """A Bernoulli(p) bool mask from 16 random bits per element (p rounded to a multiple of 2⁻¹⁶).

    One 64-bit draw of the global RNG serves four elements: faster on CPU than `torch.rand(shape) < p`
    (docs/performance.md, "Figures behind the code"). The
    draw spans the full int64 range, so all four 16-bit lanes are uniform (`random_()` alone
    leaves the sign bit 0, and the lane holding it would never drop).
    """
    n = math.prod(shape)
    words = torch.empty((n + 3) // 4, dtype=torch.int64, device=device).random_(-(2**63), None)
    lanes = words.view(torch.int16)[:n].view(shape)  # uniform on [-32768, 32767]
    return lanes < round(p * 65536) - 32768


class _LoraLinearFn(torch.autograd.Function):
    """y = x·Wᵀ + b + s·(dropout(x)·Aᵀ)·Bᵀ with W and b frozen: PEFT's LoRA Linear in one function.

    Dtypes as PEFT has them: the base product in the base layer's dtype (or autocast's), the
    low-rank product in the adapter's, their sum in the adapter's and cast back to the base's.
    """

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, lora_a: torch.Tensor,
                lora_b: torch.Tensor, scaling: float, p: float) -> torch.Tensor:
        # x: (…, in); weight: (out, in); lora_a: (r, in); lora_b: (out, r)
        x2 = x.reshape(-1, x.shape[-1])  # (N, in)
        out = F.linear(x2.to(weight.dtype), weight, bias)  # (N, out)
        kernel = _cpu_kernel(x2, weight, lora_a, lora_b, p)
        drop = keys = None
        if kernel is not None:  # the mask hashed while x is read, never stored (cpu_kernels.cpp)
            x2, keys = x2.contiguous(), _draw_keys(p)
            h = kernel.forward(x2, lora_a.contiguous(), *keys)  # (N, r), before dropout's 1/(1 − p)
        else:
            drop = drop_mask(x2.shape, p, x.device) if p > 0 else None  # (N, in) bool
            h = (_dropped(x2, drop, lora_a.dtype) @ lora_a.t()).to(lora_b.dtype)  # (N, r), as above
        alpha = scaling / (1 - p)  # dropout's scale and LoRA's, applied once on the small side
        if out.dtype == lora_b.dtype:
            out.addmm_(h, lora_b.t(), alpha=alpha)  # the sum is written where the base output is
        else:
            out = out.to(lora_b.dtype).addmm_(h, lora_b.t(), alpha=alpha).to(out.dtype)
        ctx.save_for_backward(x2, drop, h, weight, lora_a, lora_b)
        ctx.alpha, ctx.x_shape, ctx.kernel, ctx.keys = alpha, x.shape, kernel, keys
        return out.view(*x.shape[:-1], out.shape[-1])

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        x2, drop, h, weight, lora_a, lora_b = ctx.saved_tensors
        g = grad.reshape(-1, grad.shape[-1])  # (N, out)
        g_lora = g.to(lora_b.dtype)
        grad_h = (g_lora @ lora_b).mul_(ctx.alpha)  # (N, r)
        grad_x = grad_a = grad_b = None
        if ctx.needs_input_grad[4]:
            grad_b = (g_lora.t() @ h).mul_(ctx.alpha)  # (out, r)
        if ctx.kernel is not None:  # one pass for A's gradient and the masked LoRA part of x's
            grad_a, lora_part = ctx.kernel.backward(x2, grad_h, lora_a.contiguous(), *ctx.keys)
            grad_x = lora_part.addmm_(g, weight).view(ctx.x_shape) if ctx.needs_input_grad[0] else None
            return grad_x, None, None, grad_a if ctx.needs_input_grad[3] else None, grad_b, None, None
        if ctx.needs_input_grad[3]:  # the dropped input again, as (r, in)
            grad_a = (grad_h.to(lora_a.dtype).t() @ _dropped(x2, drop, lora_a.dtype))
        if ctx.needs_input_grad[0]:
            lora_part = grad_h.to(lora_a.dtype) @ lora_a  # (N, in)
            if drop is not None:
                lora_part.masked_fill_(drop, 0)
            if lora_part.dtype == g.dtype == weight.dtype:
                grad_x = lora_part.addmm_(g, weight)  # + the base layer's g·W, in the same pass
            else:
                grad_x = (g.to(weight.dtype) @ weight).to(lora_part.dtype).add_(lora_part)
            grad_x = grad_x.to(x2.dtype).view(ctx.x_shape)
        return grad_x, None, None, grad_a, grad_b, None, None


def _cpu_kernel(x: torch.Tensor, weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor,
                p: float) -> Any:
    """The compiled dropout kernel where it applies — dropout on, all fp32 on the CPU, no autocast — else None."""
    from roletune.train.kernels.loader import kernels_for

    return kernels_for(x, weight, lora_a, lora_b) if 0 < p < 1 else None


def _draw_keys(p: float) -> tuple[int, int, int]:
    """(key0, key1, threshold) of a kernel mask: the keys from one draw of the global RNG (so that
    checkpoints restore them and gradient checkpointing redraws them), the threshold p · 2³²."""
    word = int(torch.empty((), dtype=torch.int64).random_())  # uniform on [0, 2⁶³)
    return word & 0xFFFFFFFF, word >> 32, min(round(p * 2**32), 2**32 - 1)


def _dropped(x: torch.Tensor, drop: torch.Tensor | None, dtype: torch.dtype) -> torch.Tensor:
    """x in `dtype` with the dropped elements zeroed (one pass: masked_fill would copy x first)."""
    x = x.to(dtype)
    return x if drop is None else torch.where(drop, x.new_zeros(()), x)


def _lean_lora_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """A PEFT LoRA Linear's forward through _LoraLinearFn when it is the plain case — one active,
    unmerged, vanilla adapter without bias on a frozen layer; PEFT's own forward otherwise."""
    base = self.base_layer
    name = self.active_adapters[0] if len(self.active_adapters) == 1 else None
    if (args or kwargs or self.disable_adapters or self.merged or name not in self.lora_A
            or name in self.lora_variant or self.lora_B[name].bias is not None or base.weight.requires_grad
            or (base.bias is not None and base.bias.requires_grad)):
        return type(self).forward(self, x, *args, **kwargs)
    dropout = self.lora_dropout[name]
    p = dropout.p if self.training and isinstance(dropout, nn.Dropout) else 0.0
    return _LoraLinearFn.apply(x, base.weight, base.bias, self.lora_A[name].weight, self.lora_B[name].weight,
                               self.scaling[name], p)


def fuse_lora_linears(model: nn.Module) -> int:
    """Route every PEFT LoRA Linear on an nn.Linear whose A and B are plain nn.Linear through
    _lean_lora_forward; return how many. Parameters, their names and PEFT's modules stay as they
    are (saving, merging and PEFT's other features see no difference). Changes `model` in place.
    """
    from peft.tuners.lora.layer import Linear as LoraLinear

    fused = 0
    for module in model.modules():
        if (isinstance(module, LoraLinear) and type(module.base_layer) is nn.Linear
                and all(type(m) is nn.Linear and m.bias is None for m in module.lora_A.values())
                and all(type(d) in (nn.Dropout, nn.Identity) for d in module.lora_dropout.values())):
            module.forward = types.MethodType(_lean_lora_forward, module)
            fused += 1
    return fused


class _LinearCrossEntropyFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        # hidden: (N, d) at labelled positions; weight: (V, d) frozen; targets: (N,)
        total = hidden.new_zeros((), dtype=torch.float32)
        grad_hidden = torch.empty_like(hidden)  # (N, d)
        # One logits buffer for all chunks: a fresh 50-150 MB block per chunk is a fresh mapping
        # that the kernel zero-fills page by page (over glibc's largest mmap threshold, 32 MiB).
        buffer = torch.empty(min(hidden.shape[0], CE_CHUNK), weight.shape[0], dtype=weight.dtype,
                             device=hidden.device)  # (c, V)
        for start in range(0, hidden.shape[0], CE_CHUNK):
            h = hidden[start:start + CE_CHUNK]
            t = targets[start:start + CE_CHUNK]
            # The head's dtype for the product (under bf16 the hidden states may arrive in fp32), then
            # fp32 for the softmax like transformers' loss.
            logits = torch.mm(h.to(weight.dtype), weight.t(), out=buffer[:h.shape[0]]).float()  # (c, V)
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


# model_types whose causal-LM forward is exactly `logits = lm_head(hidden)` — no logit scaling or
# soft-capping — so the loss may apply the head itself (the family table's `fused.head`, families.py).
FUSED_HEAD_FAMILIES = tuple(t for t, f in fused_layers_by_model_type().items() if f.head)


class HiddenStatesHead(nn.Module):
    """Stands in for the LM head while training: the model returns its final hidden states as
    "logits", and `summed_loss` applies the real head's weight chunk by chunk."""

    def __init__(self, head: nn.Module) -> None:
        super().__init__()
        self.head = head

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return hidden


def make_lean(model: nn.Module) -> dict[str, Any]:
    """Fuse LoRA dropout and, where the family allows, SwiGLU and RMSNorm (fused_layers.py) and
    move the LM head into the loss. In place.

    `model` is a PEFT model. Returns what was done, for the record.
    """
    from roletune.train.kernels.fused_layers import fuse_mlps_and_norms

    fused = fuse_lora_linears(model)
    base = model.get_base_model()
    layers = fuse_mlps_and_norms(base, base.config.model_type)
    head = base.get_output_embeddings()
    lean_head = (base.config.model_type in FUSED_HEAD_FAMILIES and isinstance(head, nn.Linear)
                 and head.bias is None and not head.weight.requires_grad)
    if lean_head:
        base.set_output_embeddings(HiddenStatesHead(head))
    return {"fused_lora_layers": fused, **layers, "fused_head": lean_head}


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
