"""SwiGLU and RMSNorm through the compiled CPU kernels while training, for the families that define them as Llama does.

Eager, `act_fn(gate_proj(x)) * up_proj(x)` is three passes over a (tokens × intermediate) tensor
forward and three backward, and keeps silu(gate) besides gate and up; Llama's RMSNorm is five
passes forward (square, mean, rsqrt, scale, weight) and more backward, keeping the float copies
between them (timed in docs/performance.md, "Where a step's time goes"); the kernels of
cpu_kernels.cpp take one pass each way and keep only the inputs (and one
rstd per row). The modules stay as they are (names, parameters, saving, merging); only their
forward is routed, per instance, and only while the conditions below hold at call time — fp32 on
the CPU, the kernels built, the norm's weight frozen — else the module's own forward runs.
"""

from __future__ import annotations

import types
from typing import Any

import torch
from torch import nn

from roletune.families import fused_layers_by_model_type
from roletune.train.kernels.loader import kernels_for

# model_type → (the RMSNorm class name, the MLP class name) whose forward is exactly Llama's:
# `weight * (x · rsqrt(mean(x²) + eps))` and `down_proj(act_fn(gate_proj(x)) * up_proj(x))` with
# act_fn SiLU (the family table's `fused` rows, families.py).
LLAMA_LIKE_LAYERS = {model_type: (f.rms_norm, f.mlp) for model_type, f in fused_layers_by_model_type().items()}


class _SiluMulFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, gate: torch.Tensor, up: torch.Tensor, kernels: Any) -> torch.Tensor:
        gate, up = gate.contiguous(), up.contiguous()  # (…, I) each
        ctx.save_for_backward(gate, up)
        ctx.kernels = kernels
        return kernels.silu_mul_forward(gate, up)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        gate, up = ctx.saved_tensors
        grad_gate, grad_up = ctx.kernels.silu_mul_backward(grad.contiguous(), gate, up)
        return grad_gate, grad_up, None


class _RmsNormFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, weight: torch.Tensor, eps: float, kernels: Any) -> torch.Tensor:
        x2 = x.reshape(-1, x.shape[-1]).contiguous()  # (rows, d)
        out, rstd = kernels.rms_norm_forward(x2, weight.contiguous(), eps)
        ctx.save_for_backward(x2, weight, rstd)
        ctx.kernels, ctx.x_shape = kernels, x.shape
        return out.view(x.shape)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        x2, weight, rstd = ctx.saved_tensors
        g = grad.reshape(x2.shape).contiguous()
        return ctx.kernels.rms_norm_backward(g, x2, weight.contiguous(), rstd).view(ctx.x_shape), None, None, None


def _fused_mlp_forward(self: Any, x: torch.Tensor) -> torch.Tensor:
    gate, up = self.gate_proj(x), self.up_proj(x)
    kernels = kernels_for(gate, up) if self.training else None
    if kernels is None:
        return self.down_proj(self.act_fn(gate) * up)
    return self.down_proj(_SiluMulFn.apply(gate, up, kernels))


def _fused_rms_norm_forward(self: Any, x: torch.Tensor) -> torch.Tensor:
    kernels = kernels_for(x, self.weight) if self.training and not self.weight.requires_grad else None
    if kernels is None:
        return type(self).forward(self, x)
    return _RmsNormFn.apply(x, self.weight, float(self.variance_epsilon), kernels)


def fuse_mlps_and_norms(model: nn.Module, model_type: str) -> dict[str, int]:
    """Route the family's RMSNorm and SiLU MLP modules through the kernels; counts of each. In place."""
    from transformers.activations import SiLUActivation

    names = LLAMA_LIKE_LAYERS.get(model_type)
    counts = {"fused_mlps": 0, "fused_norms": 0}
    if names is None:
        return counts
    norm_class, mlp_class = names
    for module in model.modules():
        kind = type(module).__name__
        if kind == norm_class and hasattr(module, "variance_epsilon"):
            module.forward = types.MethodType(_fused_rms_norm_forward, module)
            counts["fused_norms"] += 1
        elif kind == mlp_class and isinstance(getattr(module, "act_fn", None), (nn.SiLU, SiLUActivation)):
            module.forward = types.MethodType(_fused_mlp_forward, module)
            counts["fused_mlps"] += 1
    return counts
