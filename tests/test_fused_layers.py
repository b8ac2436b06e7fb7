"""SwiGLU and RMSNorm on the compiled CPU kernels (fused_layers.py, cpu_kernels.cpp) against transformers' modules."""

from __future__ import annotations

import pytest
import torch
from transformers.models.llama.configuration_llama import LlamaConfig
from transformers.models.llama.modeling_llama import LlamaMLP, LlamaRMSNorm

from roletune.train.kernels.fused_layers import fuse_mlps_and_norms


def _grads_of(module: torch.nn.Module, x: torch.Tensor, upstream: torch.Tensor):
    x = x.detach().clone().requires_grad_()
    out = module(x)
    (out * upstream).sum().backward()
    params = {n: p.grad.clone() for n, p in module.named_parameters() if p.grad is not None}
    module.zero_grad(set_to_none=True)
    return out.detach(), x.grad, params


def _fused_and_eager(module: torch.nn.Module, model_type: str, x: torch.Tensor):
    """(fused, eager) results of `module` on x: output, input gradient, parameter gradients."""
    upstream = torch.randn_like(module(x))
    eager = _grads_of(module, x, upstream)
    counts = fuse_mlps_and_norms(module, model_type)
    assert sum(counts.values()) == 1, counts
    return _grads_of(module, x, upstream), eager


@pytest.mark.parametrize("shape", [(2, 9, 64), (3, 5, 16, 33)])
def test_fused_rms_norm_equals_llamas_forward_and_backward(shape):
    """Rows of a multiple of the vector width and with a tail (33), 3-D and 4-D (Qwen3's per-head q/k norms)."""
    torch.manual_seed(0)
    norm = LlamaRMSNorm(shape[-1], eps=1e-6)
    with torch.no_grad():
        norm.weight.normal_()
    norm.weight.requires_grad_(False)  # frozen, as under LoRA
    x = torch.randn(shape) * 3
    (out, grad_x, params), (ref_out, ref_grad_x, ref_params) = _fused_and_eager(norm, "llama", x)
    torch.testing.assert_close(out, ref_out, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(grad_x, ref_grad_x, rtol=1e-4, atol=1e-5)
    assert params == ref_params == {}


def test_fused_rms_norm_defers_to_transformers_when_its_weight_trains():
    torch.manual_seed(0)
    norm = LlamaRMSNorm(40)
    x = torch.randn(4, 40)
    (out, grad_x, params), (ref_out, ref_grad_x, ref_params) = _fused_and_eager(norm, "llama", x)
    assert torch.equal(out, ref_out) and torch.equal(grad_x, ref_grad_x)
    assert params.keys() == {"weight"} and torch.equal(params["weight"], ref_params["weight"])


def test_fused_swiglu_mlp_equals_llamas_forward_and_backward():
    """Gate values far into both tails of the sigmoid (±90) and a width with a tail past the vector."""
    torch.manual_seed(0)
    mlp = LlamaMLP(LlamaConfig(hidden_size=24, num_attention_heads=4, num_key_value_heads=4, intermediate_size=37,
                               hidden_act="silu", mlp_bias=False))
    with torch.no_grad():
        mlp.gate_proj.weight.mul_(40)  # pre-activations of tens
    x = torch.randn(3, 11, 24)
    (out, grad_x, params), (ref_out, ref_grad_x, ref_params) = _fused_and_eager(mlp.train(), "llama", x)
    gate = mlp.gate_proj(x)
    assert float(gate.max()) > 30 and float(gate.min()) < -30
    torch.testing.assert_close(out, ref_out, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(grad_x, ref_grad_x, rtol=1e-4, atol=1e-4)
    assert params.keys() == ref_params.keys() == {"gate_proj.weight", "up_proj.weight", "down_proj.weight"}
    for name in params:
        torch.testing.assert_close(params[name], ref_params[name], rtol=1e-4, atol=1e-4)


def test_silu_kernel_matches_torch_over_the_whole_float_range():
    from roletune.train.kernels.build import extension

    gate = torch.cat([torch.linspace(-200, 200, 40_001), torch.tensor([0.0, -0.0, 1e-30, -1e-30, 87.5, -87.5])])
    up, grad = torch.ones_like(gate), torch.ones_like(gate)
    out = extension().silu_mul_forward(gate, up)
    torch.testing.assert_close(out, torch.nn.functional.silu(gate), rtol=2e-6, atol=1e-30)
    grad_gate, grad_up = extension().silu_mul_backward(grad, gate, up)
    reference = gate.clone().requires_grad_()
    torch.nn.functional.silu(reference).backward(grad)
    torch.testing.assert_close(grad_gate, reference.grad, rtol=2e-6, atol=1e-30)
    torch.testing.assert_close(grad_up, out, rtol=0, atol=0)  # d(silu(g)·u)/du = silu(g)


def test_other_families_and_eval_keep_transformers_forward():
    """An unlisted family is left alone; in eval mode (no autograd) a fused module runs its own forward."""
    norm = LlamaRMSNorm(16)
    assert fuse_mlps_and_norms(norm, "gemma") == {"fused_mlps": 0, "fused_norms": 0}
    assert "forward" not in vars(norm)
    fuse_mlps_and_norms(norm, "llama")
    norm.eval()
    x = torch.randn(2, 16)
    assert torch.equal(norm(x), type(norm).forward(norm, x))
