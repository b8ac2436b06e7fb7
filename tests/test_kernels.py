"""The lean training kernels (train/kernels/lean.py) against PEFT and transformers; the training heap (plan/memory)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from train_data import token_rows, train_config

from roletune.train.batching import IGNORE_INDEX, DynamicPadCollator


class _Proj(torch.nn.Module):
    def __init__(self, dtype: torch.dtype = torch.float32) -> None:
        super().__init__()
        self.proj = torch.nn.Linear(40, 24, bias=True, dtype=dtype)

    def forward(self, x):
        return self.proj(x)


def _lora_on_proj(p: float, dtype: torch.dtype = torch.float32):
    """A PEFT LoRA on one Linear, B non-zero (PEFT starts it at 0), routed through kernels.fuse_lora_linears."""
    from peft import LoraConfig, get_peft_model

    from roletune.train.kernels.lean import fuse_lora_linears

    torch.manual_seed(0)
    model = get_peft_model(_Proj(dtype), LoraConfig(r=4, lora_alpha=8, lora_dropout=p, target_modules=["proj"]))
    lora = model.base_model.model.proj
    with torch.no_grad():
        lora.lora_B["default"].weight.normal_()
    assert fuse_lora_linears(model) == 1
    return model, lora


def _grads(module, x, upstream):
    out = module(x)
    (out * upstream).sum().backward()
    grads = (x.grad.clone(), module.lora_A["default"].weight.grad.clone(), module.lora_B["default"].weight.grad.clone())
    x.grad = module.lora_A["default"].weight.grad = module.lora_B["default"].weight.grad = None
    return out.detach(), grads


def test_fused_lora_linear_equals_pefts_forward_and_backward():
    """Without dropout the fused function and PEFT's own LoraLinear.forward give the same output and
    gradients (x, A, B), and the base layer stays frozen."""
    model, lora = _lora_on_proj(0.0)
    x, upstream = torch.randn(3, 7, 40, requires_grad=True), torch.randn(3, 7, 24)
    fused, fused_grads = _grads(lora, x, upstream)
    lora.forward = type(lora).forward.__get__(lora)  # PEFT's own forward again
    eager, eager_grads = _grads(lora, x, upstream)
    assert torch.allclose(fused, eager, atol=1e-5)
    assert all(torch.allclose(a, b, atol=1e-4) for a, b in zip(fused_grads, eager_grads))
    assert lora.base_layer.weight.grad is None


def _eager_dropout(monkeypatch) -> None:
    """Make the fused function take its eager path (drop_mask) instead of the compiled kernel."""
    monkeypatch.setattr("roletune.train.kernels.lean._cpu_kernel", lambda *args: None)


def _the_draw(path: str, p: float, shape: torch.Size) -> torch.Tensor:
    """The drop mask (True = dropped) that the fused function draws next on `path` from the global RNG."""
    from roletune.train.kernels.build import extension
    from roletune.train.kernels.lean import _draw_keys, drop_mask

    if path == "eager":
        return drop_mask(shape, p, torch.device("cpu"))
    return ~extension().keep_mask(shape[0], shape[1], *_draw_keys(p))


@pytest.mark.parametrize("path", ["kernel", "eager"])
def test_fused_lora_dropout_matches_the_reference_on_the_same_mask(path, monkeypatch):
    """With dropout on, the fused function (compiled kernel or eager masks) gives PEFT's formula —
    base(x) + B·A·(dropped x)/(1 − p)·scaling — and its gradients for the mask it draws; in eval, no dropout."""
    if path == "eager":
        _eager_dropout(monkeypatch)
    p = 0.25
    model, lora = _lora_on_proj(p)
    a, b = lora.lora_A["default"].weight, lora.lora_B["default"].weight
    x, upstream = torch.randn(3, 7, 40, requires_grad=True), torch.randn(3, 7, 24)
    torch.manual_seed(7)
    drop = _the_draw(path, p, torch.Size([21, 40])).view(3, 7, 40)
    assert 0 < int(drop.sum()) < drop.numel()
    reference = lora.base_layer(x) + (x.masked_fill(drop, 0) / (1 - p)) @ a.t() @ b.t() * lora.scaling["default"]
    (reference * upstream).sum().backward()
    ref_grads = (x.grad.clone(), a.grad.clone(), b.grad.clone())
    x.grad = a.grad = b.grad = None
    torch.manual_seed(7)
    out, grads = _grads(lora.train(), x, upstream)
    assert torch.allclose(out, reference, atol=1e-5)
    assert all(torch.allclose(g, r, atol=1e-4) for g, r in zip(grads, ref_grads))
    model.eval()  # no dropout in eval: PEFT's forward exactly
    with torch.no_grad():
        assert torch.allclose(lora(x), type(lora).forward(lora, x), atol=1e-5)


def test_eager_drop_mask_drops_p_in_each_of_its_four_lanes():
    from roletune.train.kernels.lean import drop_mask

    many = drop_mask(torch.Size([400, 1000]), 0.1, torch.device("cpu")).view(-1, 4)  # four elements per 64-bit draw
    assert all(abs(float(many[:, lane].float().mean()) - 0.1) < 0.003 for lane in range(4))


def _mix(v: np.ndarray) -> np.ndarray:
    """lowbias32 on uint32 arrays (numpy's uint32 products wrap modulo 2³², as C's do)."""
    v = v.astype(np.uint32)
    v ^= v >> np.uint32(16)
    v *= np.uint32(0x7FEB352D)
    v ^= v >> np.uint32(15)
    v *= np.uint32(0x846CA68B)
    v ^= v >> np.uint32(16)
    return v


def _reference_keep(rows: int, cols: int, key0: int, key1: int, threshold: int) -> np.ndarray:
    """The kernel's mask as lora_dropout.cpp defines it: mix(col(i) ^ row(n)) >= threshold."""
    col = _mix(np.arange(cols, dtype=np.uint32) ^ np.uint32(key0))
    row = _mix(np.arange(rows, dtype=np.uint32) ^ np.uint32(key1))
    return _mix(col[None, :] ^ row[:, None]) >= np.uint32(threshold)


def test_the_dropout_kernel_builds_here():
    """CI must exercise the compiled path: on Linux with g++ the kernel builds (a failure would only
    warn in training and fall back to the slower eager masks)."""
    from roletune.train.kernels.build import extension

    if sys.platform != "linux" or shutil.which("g++") is None:
        pytest.skip("the kernel is built on Linux with g++ only")
    assert extension() is not None and extension().lanes in (8, 16)


@pytest.mark.parametrize(("rows", "cols", "key0", "key1", "p"),
                         [(37, 45, 12345, 987654321, 0.1), (100, 576, 0, 0, 0.25), (3, 4100, 2**32 - 1, 7, 0.5)])
def test_kernel_mask_is_the_documented_hash_bit_for_bit(rows, cols, key0, key1, p):
    from roletune.train.kernels.build import extension

    threshold = round(p * 2**32)
    keep = extension().keep_mask(rows, cols, key0, key1, threshold).numpy()
    assert np.array_equal(keep, _reference_keep(rows, cols, key0, key1, threshold))


def test_kernel_masks_drop_p_independently_and_change_with_the_keys():
    """Over 1.2 M elements: each row, column and lane position drops about p; neighbours along rows
    and columns are uncorrelated; two draws of keys agree only as independent masks would."""
    from roletune.train.kernels.build import extension
    from roletune.train.kernels.lean import _draw_keys

    p, rows, cols = 0.1, 600, 2048
    torch.manual_seed(3)
    first, second = (extension().keep_mask(rows, cols, *_draw_keys(p)).numpy() for _ in range(2))
    drop = ~first
    assert abs(drop.mean() - p) < 0.002
    sd_row, sd_col = (p * (1 - p) / cols) ** 0.5, (p * (1 - p) / rows) ** 0.5
    assert np.abs(drop.mean(axis=1) - p).max() < 5 * sd_row and np.abs(drop.mean(axis=0) - p).max() < 5 * sd_col
    assert all(abs(drop[:, lane::16].mean() - p) < 0.004 for lane in range(16))  # each SIMD lane alike
    for a, b in ((drop[:, 1:], drop[:, :-1]), (drop[1:], drop[:-1])):
        assert abs(np.corrcoef(a.ravel(), b.ravel())[0, 1]) < 0.01
    agree = (first == second).mean()
    assert abs(agree - (p * p + (1 - p) * (1 - p))) < 0.003


@pytest.mark.parametrize(("rows", "cols", "rank"),
                         [(37, 45, 16), (64, 130, 20), (50, 64, 7), (33, 1536, 64), (5, 3, 1)])
def test_kernel_products_equal_the_masked_matmuls_on_any_thread_count(rows, cols, rank):
    """forward = (K∘x)·Aᵀ; backward = (grad_hᵀ·(K∘x), K∘(grad_h·A)) for the mask K of the keys,
    for ranks that use every chunk size (16, 8, 4, 2, 1) and widths with a tail past the last
    vector, on 1 and 2 threads; and the same bits again on a rerun (sums run in a fixed order)."""
    from roletune.train.kernels.build import extension

    kernel, keys = extension(), (99, 12, round(0.3 * 2**32))
    keep = kernel.keep_mask(rows, cols, *keys)
    x, a, grad_h = torch.randn(rows, cols), torch.randn(rank, cols), torch.randn(rows, rank)
    dropped = x * keep
    results = []
    threads = torch.get_num_threads()
    try:
        for n in (1, 2, 2):
            torch.set_num_threads(n)
            results.append((kernel.forward(x, a, *keys), *kernel.backward(x, grad_h, a, *keys)))
    finally:
        torch.set_num_threads(threads)
    for h, grad_a, lora_part in results:
        torch.testing.assert_close(h, dropped @ a.t(), rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(grad_a, grad_h.t() @ dropped, rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(lora_part, (grad_h @ a) * keep, rtol=1e-4, atol=1e-4)
    assert all(torch.equal(u, v) for u, v in zip(results[1], results[2]))


def test_kernel_unavailable_warns_once_and_training_takes_the_eager_path(monkeypatch):
    from roletune.train.kernels import build, loader

    def no_compiler():
        raise RuntimeError("error: command 'g++' failed: No such file or directory")

    monkeypatch.setattr(build, "_build", no_compiler)
    monkeypatch.setattr(loader, "_LOADED", {})  # as in a process that has not loaded the kernels yet
    build.extension.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="could not build.*g\\+\\+.*eager"):
            assert build.extension() is None
        model, lora = _lora_on_proj(0.25)  # trains on the eager masks
        x = torch.randn(2, 3, 40, requires_grad=True)
        out, grads = _grads(lora.train(), x, torch.randn(2, 3, 24))
        assert all(torch.isfinite(g).all() for g in grads)
        monkeypatch.setenv(build.ENV_SWITCH, "0")
        build.extension.cache_clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert build.extension() is None  # switched off: no build, and no warning
    finally:
        monkeypatch.undo()
        build.extension.cache_clear()


def test_fused_lora_linear_keeps_pefts_dtypes_and_defers_to_peft_when_adapters_are_off():
    model, lora = _lora_on_proj(0.0, dtype=torch.bfloat16)  # bf16 base, fp32 adapter (PEFT upcasts it)
    assert lora.lora_A["default"].weight.dtype == torch.float32
    x = torch.randn(2, 5, 40, dtype=torch.bfloat16)
    with torch.no_grad():
        fused, eager = lora(x), type(lora).forward(lora, x)
        assert fused.dtype == eager.dtype == torch.bfloat16 and torch.allclose(fused.float(), eager.float(), atol=2e-2)
        with model.disable_adapter():  # PEFT's own path: the base layer alone
            assert torch.equal(lora(x), lora.base_layer(x))


def test_chunked_linear_cross_entropy_equals_eager_loss(monkeypatch):
    from roletune.train.kernels import lean as kernels

    monkeypatch.setattr(kernels, "CE_CHUNK", 5)  # several chunks
    hidden = torch.randn(2, 9, 16, requires_grad=True)
    weight = torch.randn(50, 16)
    labels = torch.randint(0, 50, (2, 9))
    labels[0, :4] = IGNORE_INDEX  # a prompt
    labels[1, 7:] = IGNORE_INDEX  # padding
    logits = hidden @ weight.t()
    reference = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, 50), labels[:, 1:].reshape(-1),
                                                  ignore_index=IGNORE_INDEX, reduction="sum")
    reference.backward()
    ref_grad, hidden.grad = hidden.grad.clone(), None
    loss, count = kernels.linear_cross_entropy(hidden, weight, labels)
    (loss * 0.5).backward()
    assert count == int((labels[:, 1:] != IGNORE_INDEX).sum())
    assert torch.allclose(loss, reference, atol=1e-4) and torch.allclose(hidden.grad, 0.5 * ref_grad, atol=1e-5)


def test_chunked_loss_takes_fp32_hidden_states_with_a_bf16_head():
    """Under bf16 training the final hidden states can arrive in fp32 while the frozen head is bf16
    (found on a GPU run): the loss must multiply in the head's dtype, not fail on mixed dtypes."""
    from roletune.train.kernels import lean as kernels

    hidden = torch.randn(1, 6, 16, requires_grad=True)
    weight = torch.randn(40, 16).to(torch.bfloat16)
    labels = torch.randint(0, 40, (1, 6))
    loss, count = kernels.linear_cross_entropy(hidden, weight, labels)
    logits = (hidden.detach()[:, :-1].to(torch.bfloat16) @ weight.t()).float()
    reference = torch.nn.functional.cross_entropy(logits.reshape(-1, 40), labels[:, 1:].reshape(-1), reduction="sum")
    loss.backward()
    assert count == 5 and torch.allclose(loss, reference, rtol=1e-3)
    assert hidden.grad.dtype == torch.float32 and torch.isfinite(hidden.grad).all()


def test_lean_model_trains_like_the_plain_peft_model(tiny_qwen3):
    """Same loss and LoRA gradients with the head inside the loss as with transformers' own head and loss."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from roletune.train.kernels.lean import head_weight, summed_loss
    from roletune.train.model import apply_lora

    config = train_config(tiny_qwen3, Path("unused"))
    config.lora.dropout = 0.0  # the eager and fused dropout draw different masks
    rows = token_rows(tiny_qwen3, 3, seed=2)
    batch = DynamicPadCollator(0)([{"input_ids": r["input_ids"], "labels": r["labels"]} for r in rows])
    losses, grads = [], []
    for lean in (False, True):
        torch.manual_seed(0)
        base = AutoModelForCausalLM.from_pretrained(str(tiny_qwen3), dtype=torch.float32)
        if lean:
            model = apply_lora(base, config)
            assert head_weight(model) is not None
        else:
            model = get_peft_model(base, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, task_type="CAUSAL_LM",
                                                    target_modules=list(config.lora.target_modules)))
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "lora_B" in name:
                    p.copy_(torch.linspace(-0.01, 0.01, p.numel()).reshape(p.shape))
        model.train()
        if lean:
            total, _ = summed_loss(model, batch["input_ids"], batch["labels"], head_weight(model))
        else:
            total = model(input_ids=batch["input_ids"], labels=batch["labels"]).loss * int(
                (batch["labels"][:, 1:] != IGNORE_INDEX).sum())
        total.backward()
        losses.append(float(total))
        grads.append({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})
    assert abs(losses[0] - losses[1]) < 1e-3 * abs(losses[0])
    assert grads[0].keys() == grads[1].keys()
    assert max(float((grads[0][k] - grads[1][k]).abs().max()) for k in grads[0]) < 1e-4


HEAP_PROBE = """
import ctypes, json, resource
from roletune.train.plan.memory import heap_kept_for_training

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
size = 24 * 2**20

def faults_of_reallocating():
    libc.free(ctypes.c_void_p(ctypes.memset(libc.malloc(size), 1, size)))  # first touch of the block
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(3):
        libc.free(ctypes.c_void_p(ctypes.memset(libc.malloc(size), 1, size)))
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

with heap_kept_for_training():
    pass  # leaves glibc's defaults set (fixed, so glibc no longer adapts them on its own)
outside = faults_of_reallocating()
with heap_kept_for_training() as kept:
    with heap_kept_for_training():  # nested (the plan's timing inside the train stage): still kept after
        pass
    inside = faults_of_reallocating()
after = faults_of_reallocating()
print(json.dumps({"kept": kept, "outside": outside, "inside": inside, "after": after, "pages": 3 * size // 4096}))
"""


def test_training_heap_reuses_freed_activation_blocks_and_gives_them_back_after():
    """Inside heap_kept_for_training a freed 24 MiB block is reused without new page faults (glibc
    would otherwise map and zero-fill it again on every allocation); after it, glibc's defaults.
    In a fresh process: a long-lived heap with a free hole of that size would serve it either way."""
    done = subprocess.run([sys.executable, "-c", HEAP_PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout)
    assert r["kept"] and r["inside"] < r["pages"] // 20, r
    assert r["outside"] > r["pages"] // 2 and r["after"] > r["pages"] // 2, r  # mapped anew each time


def test_gradient_checkpointing_redraws_the_same_dropout_masks(tiny_qwen3):
    """With dropout on, a checkpointed step recomputes each layer's forward: the fused LoRA function
    must draw the same masks again (checkpoint restores the RNG), so gradients equal the plain step's."""
    from roletune.train.kernels.lean import head_weight, summed_loss
    from roletune.train.model import load_lora_model

    rows = token_rows(tiny_qwen3, 3, seed=4)
    batch = DynamicPadCollator(0)([{"input_ids": r["input_ids"], "labels": r["labels"]} for r in rows])
    grads = []
    for ckpt in (False, True):
        config = train_config(tiny_qwen3, Path("unused"), gradient_checkpointing=ckpt)
        assert config.lora.dropout > 0
        model = load_lora_model(tiny_qwen3, config, "cpu", "fp32")  # same seed: same initial adapter
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "lora_B" in name:
                    p.copy_(torch.linspace(-0.05, 0.05, p.numel()).reshape(p.shape))
        model.train()
        torch.manual_seed(11)
        loss, _ = summed_loss(model, batch["input_ids"], batch["labels"], head_weight(model))
        loss.backward()
        grads.append({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})
    assert grads[0].keys() == grads[1].keys() and len(grads[0]) > 0
    assert max(float((grads[0][k] - grads[1][k]).abs().max()) for k in grads[0]) < 1e-5


def test_a_killed_builds_torch_lock_is_removed_once_no_roletune_build_holds_the_folder(tmp_path: Path):
    """torch's build lock is a plain file: left by a killed build, every later load would wait on it forever."""
    from roletune.train.kernels.build import TORCH_BATON, build_lock

    (tmp_path / TORCH_BATON).write_text("")
    with build_lock(tmp_path):
        assert not (tmp_path / TORCH_BATON).exists()


def test_builders_queue_on_the_build_lock(tmp_path: Path):
    """A second builder waits for the first to finish (and then finds no torch lock of the first's)."""
    from roletune.train.kernels.build import TORCH_BATON, build_lock

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from roletune.train.kernels.build import build_lock\n"
         "d = Path(sys.argv[1])\n"
         "with build_lock(d):\n"
         "    (d / 'lock').write_text(''); print('held', flush=True); time.sleep(1.5)\n"
         "    (d / 'lock').unlink(); (d / 'done').write_text('')\n",
         str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert (tmp_path / TORCH_BATON).exists()  # a live build's lock: not ours to remove
        with build_lock(tmp_path):
            assert (tmp_path / "done").exists()  # we got the folder only after the holder finished
            assert not (tmp_path / TORCH_BATON).exists()
    finally:
        holder.wait(timeout=30)
