"""The cost model of a LoRA fine-tune (plan.py adds it up): bytes of memory and FLOPs of a
micro-batch, from the model's shape (shape.py), and the FLOP rate this machine achieves.

Memory (bytes):  runtime + weights + 4 × LoRA (param, grad, 2 AdamW moments)
                 + allocator × peak activations of the longest micro-batch
FLOPs(B, T) = B·T·(4·N + 6·N_lora) + L·B·2·H·d_head·T²·3      (LoRA, fp32/bf16; see plan.py)
All-reduce between machines, per optimizer step: 2·(W−1)/W × 4·N_lora bytes / train.network_gbps
Rate: a few real steps of the real model when its weights are here, otherwise a fp32 matmul on
this machine times MATMUL_EFFICIENCY.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.train.model import load_lora_model, resolve_device
from roletune.train.plan.memory import heap_kept_for_training

# Share of the fp32 matmul rate that a LoRA training step (and a forward-only evaluation) reaches
# end to end, used only when the model's weights are not here to be timed. Measured on
# SmolLM2-135M, 2 threads, this machine: see benchmarks/bench_train.py.
MATMUL_EFFICIENCY = {"train": 0.4, "eval": 0.6}

# Peak RSS over live bytes of the activations on CPU. The train stage keeps freed blocks in glibc's
# heap (memory.heap_kept_for_training), so steps reuse them; what is left is fragmentation between
# micro-batches of different lengths and evaluation's buffers. The CPU figure is measured on the
# demo (/proc VmHWM; docs/performance.md, "Plan against measurement"). On CUDA the caching allocator
# rounds blocks up.
ALLOCATOR_OVERHEAD = {"cpu": 1.25, "cuda": 1.1}

# Where the model runs and in which dtype, from train.precision (DESIGN: fp32 on CPU).
DTYPE_BYTES = {"fp32": 4, "bf16": 2, "fp16": 2}


# -- memory ---------------------------------------------------------------------------------------


def activation_peak(shape: dict[str, Any], rows: int, length: int, dtype_bytes: int, ckpt: bool) -> int:
    """Live bytes at the peak of one micro-batch's forward + backward (before allocator overhead).

    Saved tensors of all layers and of the head, plus what exists only for a moment: with the
    lean head, one chunk of fp32 logits and its softmax (kernels/lean.py CE_CHUNK rows); with the eager
    head, the loss' gradient (two vocabulary-wide fp32 rows per token); and one layer's
    activation gradients in backward. With checkpointing each layer keeps only its input
    (hidden × dtype) and one layer is recomputed at a time.
    """
    from roletune.train.kernels.lean import CE_CHUNK

    tokens = rows * length
    scale = dtype_bytes / 4
    layer = shape["act_layer_fp32"] * scale * tokens
    head = shape["act_head_fp32"] * tokens
    if shape["fused_head"]:
        transient = 2 * min(tokens, CE_CHUNK) * shape["vocab"] * 4
    else:
        transient = 2 * shape["vocab"] * 4 * tokens
    if ckpt:
        kept = shape["n_layers"] * shape["hidden"] * dtype_bytes * tokens + layer
    else:
        kept = shape["n_layers"] * layer
    return int(kept + head + transient + layer)


def eval_peak(shape: dict[str, Any], rows: int, length: int) -> int:
    """Forward without autograd: one layer's activations and the logits (all, or a chunk), fp32."""
    from roletune.train.kernels.lean import CE_CHUNK

    tokens = rows * length
    logits = 2 * shape["vocab"] * 4 * (min(tokens, CE_CHUNK) if shape["fused_head"] else tokens)
    return int(logits + shape["act_layer_fp32"] * tokens)


def memory_rows(shape: dict[str, Any], device: str, dtype_bytes: int, baseline: int,
                longest: tuple[int, int], val_batches: list[tuple[int, int]], ckpt: bool) -> dict[str, int]:
    """Bytes per component (and "total") of training on the `longest` micro-batch, evaluation included."""
    rows, length = longest
    acts = activation_peak(shape, rows, length, dtype_bytes, ckpt)
    if val_batches:
        acts = max(acts, max(eval_peak(shape, b, t) for b, t in val_batches))
    lora = shape["lora_params"] * 4  # PEFT keeps adapter weights in fp32 whatever the base dtype
    memory = {
        "runtime": baseline if device == "cpu" else 0,
        "weights": shape["total_params"] * dtype_bytes,
        "lora": lora,
        "gradients": lora,
        "optimizer": 2 * lora,  # AdamW: exp_avg and exp_avg_sq
        "activations": acts,
        "allocator": int(acts * (ALLOCATOR_OVERHEAD[device] - 1)),
    }
    memory["total"] = sum(memory.values())
    return memory


# -- FLOPs and the measured rate -----------------------------------------------------------------


def train_flops(shape: dict[str, Any], rows: int, length: int, ckpt: bool) -> float:
    forwards = 2 if ckpt else 1  # checkpointing recomputes each layer's forward once
    per_token = 2 * shape["matmul_params"] * (1 + forwards) + 6 * shape["lora_params"]
    attention = shape["n_layers"] * rows * 2 * shape["heads"] * shape["head_dim"] * length**2 * (2 + forwards)
    return float(rows * length * per_token + attention)


def eval_flops_of(shape: dict[str, Any], rows: int, length: int) -> float:
    per_token = 2 * (shape["matmul_params"] + shape["lora_params"])
    attention = shape["n_layers"] * rows * 2 * shape["heads"] * shape["head_dim"] * length**2
    return float(rows * length * per_token + attention)


def allreduce_seconds(grad_bytes: int, world: int, nnodes: int, network_gbps: float) -> float:
    """Seconds of one optimizer step's gradient all-reduce between machines (DDP all-reduces once per optimizer
    step: accumulation steps skip it).

    A ring over all `world` processes sends 2·(W−1)/W of the gradient bytes over every link of the ring, and the
    slowest links are those between machines, at `network_gbps` (train.network_gbps, Gbit/s, an assumption: the
    plan cannot measure a network it is not yet on). Within one machine the exchange is taken as free (shared
    memory or NVLink are far faster than a network), and no overlap with backward is counted (DDP overlaps
    its buckets with backward, so this is an upper bound).
    """
    if nnodes <= 1:
        return 0.0
    return 2 * (world - 1) / world * grad_bytes / (network_gbps * 1e9 / 8)


def _has_weights(model_dir: Path) -> bool:
    return any(model_dir.glob("*.safetensors")) or any(model_dir.glob("pytorch_model*.bin"))


def _bench_length(batches: list[tuple[int, int]], rows: int) -> int:
    """A representative padded length (token-weighted median), capped to keep the benchmark short."""
    ordered = sorted(t for _, t in batches)
    half, acc, median = sum(ordered) / 2, 0, ordered[-1]
    for t in ordered:
        acc += t
        if acc >= half:
            median = t
            break
    return max(8, min(median, max(64, 2048 // max(rows, 1))))


def measure_rate(config: Config, model_dir: Path, shape: dict[str, Any], model: Any, benchmark: bool,
                 batches: list[tuple[int, int]], dtype_name: str, device: str, peak: int,
                 free: int) -> tuple[float, float, str]:
    """(training FLOP/s, evaluation FLOP/s, where they come from): a timed step of the real model
    when it is given, or its weights are here and fit in memory (`peak` < `free`); else a matmul."""
    rows = config.train.batch_size
    length = _bench_length(batches, rows)
    if benchmark and (model is not None or (_has_weights(model_dir) and peak < free)):
        seconds, eval_seconds = benchmark_steps(config, model_dir, model, rows, length, device)
        flops = train_flops(shape, rows, length, config.train.gradient_checkpointing)
        return (flops / seconds, eval_flops_of(shape, rows, length) / eval_seconds,
                f"a timed step of this model ({rows} × {length} tokens)")
    rate = matmul_rate(rows * length, shape["hidden"], device, dtype_name)
    return (rate * MATMUL_EFFICIENCY["train"], rate * MATMUL_EFFICIENCY["eval"],
            f"fp32 matmul {rate / 1e9:.0f} GFLOP/s × {MATMUL_EFFICIENCY['train']} "
            + ("(no weights here to time a step)" if benchmark else "(steps not timed)"))


def benchmark_steps(config: Config, model_dir: Path, model: Any, rows: int, length: int,
                    device: str) -> tuple[float, float]:
    """Seconds of one training step (forward + backward) and of one evaluation forward of the real
    model on (rows, length), after a warm-up step at that shape.

    Gradients are cleared afterwards and no optimizer step is taken, so the model is unchanged.
    Random token ids: the cost of a step does not depend on which tokens they are.
    """
    import torch

    from roletune.train.kernels.lean import head_weight, summed_loss

    owned = model is None
    if owned:
        model = load_lora_model(model_dir, config, device, resolve_device(config.train.precision)[1])
    model.train()
    vocab = model.get_input_embeddings().num_embeddings
    weight = head_weight(model)
    generator = torch.Generator().manual_seed(0)
    dev = next(p for p in model.parameters()).device
    ids = torch.randint(0, vocab, (rows, length), generator=generator).to(dev)

    def step() -> float:
        t0 = time.perf_counter()
        loss, _ = summed_loss(model, ids, ids, weight)  # the train stage's loss path
        loss.backward()
        if dev.type == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - t0

    # The first step at a shape pays one-off costs (first touch of weights and of fresh heap
    # pages, kernel selection) that training amortises: time the next two and keep the faster — one
    # timed step on a shared machine over-predicted a run (docs/performance.md, "Figures behind the code").
    with heap_kept_for_training() if dev.type == "cpu" else contextlib.nullcontext():  # as the train stage runs
        step()
        seconds = min(step(), step())
    model.zero_grad(set_to_none=True)
    model.eval()
    with torch.no_grad():
        t0 = time.perf_counter()
        summed_loss(model, ids, ids, weight)
        eval_seconds = time.perf_counter() - t0
    model.train()
    return seconds, eval_seconds


def matmul_rate(rows: int, hidden: int, device: str, dtype_name: str = "fp32", repeats: int = 3) -> float:
    """FLOP/s of a (rows × hidden) @ (hidden × 4·hidden) matmul — the shape of an MLP projection."""
    import torch

    dtype = torch.float32 if device == "cpu" else {"fp32": torch.float32, "bf16": torch.bfloat16,
                                                     "fp16": torch.float16}[dtype_name]
    # Capped at ~17 GFLOP per product: a rate, not a benchmark of the whole model (~0.1 s on a CPU).
    rows = max(64, min(rows, 512))
    hidden = min(hidden, 2048)
    a = torch.randn(rows, hidden, device=device, dtype=dtype)
    b = torch.randn(hidden, 4 * hidden, device=device, dtype=dtype)
    (a @ b).sum().item()  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeats):
        c = a @ b
    c.sum().item()  # waits for an asynchronous device
    return 2 * rows * hidden * 4 * hidden * repeats / (time.perf_counter() - t0)
