"""The resource plan: memory and time of a LoRA fine-tune, from the model's config.json alone.

`plan(config)` takes parameter counts and activation bytes per token from shape.py (the model
on the meta device: no weights read or allocated) and the token lengths of the data, and adds up,
with the cost model of cost.py:

Memory (bytes):  runtime + weights + 4 × LoRA (param, grad, 2 AdamW moments)
                 + allocator × peak activations of the longest micro-batch
Time per epoch:  Σ over the epoch's micro-batches of FLOPs(B, T) / rate, plus evaluations, where
    FLOPs(B, T) = B·T·(4·N + 6·N_lora) + L·B·2·H·d_head·T²·3      (LoRA, fp32/bf16)
  4·N: forward (2N) and the activation gradients through the frozen weights (2N); frozen
  weights get no weight gradient, which would be another 2N (full fine-tuning: 6N). LoRA's own
  matrices get all three (6·N_lora). Attention: causal QKᵀ and PV (2·H·d·T² forward), backward
  twice that. Gradient checkpointing adds one more forward (2N + attention). The rate is
  measured: a few real steps of the real model when its weights are here, otherwise a fp32
  matmul on this machine times MATMUL_EFFICIENCY.
On train.nnodes machines each computes its share of the epoch (on CPU its train.nproc processes
share its cores; on GPUs each process has its own), plus one all-reduce of the LoRA gradients
(fp32) per optimizer step over the network, at train.network_gbps (assumed, default 10 Gbit/s
Ethernet; cost.allreduce_seconds).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.errors import UserError
from roletune.layout import TOKEN_FILES
from roletune.proc_memory import available_memory, current_rss
from roletune.train.batching import batch_shapes
from roletune.train.model import resolve_device
from roletune.train.plan.cost import (
    ALLOCATOR_OVERHEAD,
    DTYPE_BYTES,
    activation_peak,
    allreduce_seconds,
    eval_flops_of,
    measure_rate,
    memory_rows,
    train_flops,
)
from roletune.train.plan.shape import model_shape

GIB = 1024**3

# Characters per token when the model has no tokenizer here (config-only plans): BPE tokenizers
# of the Qwen/Llama families average 3.5-4 characters per token on English prose and code.
CHARS_PER_TOKEN = 3.6
TEMPLATE_TOKENS_PER_MESSAGE = 5  # role header + end-of-turn of a ChatML-style template


@dataclass
class Lengths:
    """Token counts of the train and val examples and where they came from."""

    train: list[int]
    val: list[int]
    source: str
    exact: bool


@dataclass
class Plan:
    model_dir: str
    architecture: str
    device: str  # "cpu" or "cuda"
    dtype: str  # compute dtype of the base weights: fp32 / bf16 / fp16
    total_params: int
    trainable_params: int
    matmul_params: int  # weights multiplied per token (all linear layers incl. the LM head)
    n_layers: int
    batch_size: int
    grad_accum: int
    world_size: int
    nnodes: int
    gradient_checkpointing: bool
    lengths_source: str
    train_examples: int
    val_examples: int
    tokens_per_epoch: int  # real (non-pad) tokens
    padded_tokens_per_epoch: int  # what the length-grouped batches actually compute on
    longest_batch: tuple[int, int]  # (rows, padded length) of the largest micro-batch
    steps_per_epoch: int
    total_steps: int
    eval_steps: int
    memory: dict[str, int]  # component → bytes, as configured
    memory_other: dict[str, int]  # the same with gradient checkpointing flipped
    peak_bytes: int
    peak_bytes_other: int
    free_bytes: int
    rate_flops: float  # achieved training FLOP/s used for the estimate
    eval_rate_flops: float  # achieved evaluation (forward-only) FLOP/s
    rate_source: str
    flops_per_epoch: float
    train_seconds_per_epoch: float  # computation and, across machines, the gradient all-reduce
    eval_seconds_per_epoch: float
    seconds_per_epoch: float
    network_gbps: float  # assumed bandwidth between machines (train.network_gbps)
    allreduce_seconds_per_epoch: float  # part of train_seconds_per_epoch; 0 on one machine
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- public API -------------------------------------------------------------------------------


def plan(config: Config, data_lengths: Sequence[int] | None = None, *, val_lengths: Sequence[int] | None = None,
         run_dir: Path | None = None, model: Any = None, benchmark: bool = True,
         baseline_rss: int | None = None, world_size: int | None = None) -> Plan:
    """Plan the fine-tune `config` describes: parameters, memory, tokens, time per epoch.

    data_lengths / val_lengths: token counts per example; by default read from the run's
    data/*.tokens.jsonl, else estimated from the configured JSONL files. `model`: the model
    about to be trained (the train stage passes it, so the micro-benchmark needs no second
    copy); otherwise weights found next to config.json are loaded for the benchmark when they
    fit, and a matmul is timed when they don't. `baseline_rss`: the process' RSS before any
    model was loaded (default: now).
    """
    from roletune.train.kernels.loader import prebuilt_only

    with prebuilt_only():  # a plan never compiles the CPU kernels: it uses them only if already built
        return _plan(config, data_lengths, val_lengths, run_dir, model, benchmark, baseline_rss, world_size)


def _plan(config: Config, data_lengths: Sequence[int] | None, val_lengths: Sequence[int] | None,
          run_dir: Path | None, model: Any, benchmark: bool, baseline_rss: int | None,
          world_size: int | None) -> Plan:
    from roletune.hf import base_model_dir

    # Whether the base model converts is checked by the callers (the `plan` command, and the
    # pipeline before prepare/train): export sits above train, so train does not import it.
    model_dir = base_model_dir(config, weights=False)
    tc = config.train
    device, dtype_name = resolve_device(tc.precision)
    world = world_size or tc.nproc * tc.nnodes
    baseline = current_rss() if baseline_rss is None else baseline_rss
    lengths = _lengths(config, model_dir, run_dir, data_lengths, val_lengths)

    shape = model_shape(model_dir, config)
    sched = schedule(len(lengths.train), tc.batch_size, tc.grad_accum, world, tc.epochs, tc.max_steps,
                     tc.eval_steps, tc.min_evals)
    group = tc.batch_size * tc.grad_accum * world if tc.group_by_length else None
    batches = batch_shapes(lengths.train, tc.batch_size, group, tc.seed)
    val_batches = _val_batches(lengths.val, tc.batch_size)
    longest = max(batches, key=lambda b: b[0] * b[1])

    dtype_bytes = DTYPE_BYTES[dtype_name]
    memory = {}
    for ckpt in (tc.gradient_checkpointing, not tc.gradient_checkpointing):
        memory[ckpt] = memory_rows(shape, device, dtype_bytes, baseline, longest, val_batches, ckpt)
    free = _free_memory(device)

    rate, eval_rate, rate_source = measure_rate(config, model_dir, shape, model, benchmark, batches, dtype_name,
                                                device, memory[tc.gradient_checkpointing]["total"], free)
    flops_epoch = sum(train_flops(shape, b, t, tc.gradient_checkpointing) for b, t in batches)
    evals_per_epoch = sched["steps_per_epoch"] / sched["eval_steps"]
    eval_flops = sum(eval_flops_of(shape, b, t) for b, t in val_batches)
    # Processes that compute at once: on GPUs each has its own; on CPU a machine's processes share its cores.
    parallel = world if device == "cuda" else tc.nnodes
    allreduce_s = sched["steps_per_epoch"] * allreduce_seconds(4 * shape["lora_params"], world, tc.nnodes,
                                                               tc.network_gbps)
    train_s = flops_epoch / rate / parallel + allreduce_s
    eval_s = evals_per_epoch * eval_flops / eval_rate / parallel  # the Trainer shards evaluation too
    p = Plan(
        model_dir=str(model_dir), architecture=shape["architecture"], device=device, dtype=dtype_name,
        total_params=shape["total_params"], trainable_params=shape["lora_params"],
        matmul_params=shape["matmul_params"], n_layers=shape["n_layers"],
        batch_size=tc.batch_size, grad_accum=tc.grad_accum, world_size=world, nnodes=tc.nnodes,
        gradient_checkpointing=tc.gradient_checkpointing, lengths_source=lengths.source,
        train_examples=len(lengths.train), val_examples=len(lengths.val),
        tokens_per_epoch=sum(lengths.train), padded_tokens_per_epoch=sum(b * t for b, t in batches),
        longest_batch=longest, steps_per_epoch=sched["steps_per_epoch"], total_steps=sched["total_steps"],
        eval_steps=sched["eval_steps"],
        memory=memory[tc.gradient_checkpointing], memory_other=memory[not tc.gradient_checkpointing],
        peak_bytes=memory[tc.gradient_checkpointing]["total"],
        peak_bytes_other=memory[not tc.gradient_checkpointing]["total"],
        free_bytes=free, rate_flops=rate, eval_rate_flops=eval_rate, rate_source=rate_source,
        flops_per_epoch=flops_epoch,
        train_seconds_per_epoch=train_s, eval_seconds_per_epoch=eval_s, seconds_per_epoch=train_s + eval_s,
        network_gbps=tc.network_gbps, allreduce_seconds_per_epoch=allreduce_s,
    )
    p.warnings = _warnings(p, shape, config, device, dtype_bytes, baseline, val_batches, lengths)
    return p


def schedule(n_train: int, batch_size: int, grad_accum: int, world: int, epochs: float,
             max_steps: int | None, eval_steps: int | None, min_evals: int) -> dict[str, int]:
    """Optimizer steps per epoch and in all, and the evaluation interval, as the Trainer counts them.

    The Trainer counts micro-batches per process (accelerate gives every process the same number)
    and rounds a partial accumulation up to a step. Default evaluation interval: each epoch, and
    often enough for at least `min_evals` evaluations in the run.
    """
    micro = math.ceil(math.ceil(n_train / batch_size) / world)
    per_epoch = max(math.ceil(micro / grad_accum), 1)
    total = max_steps or math.ceil(epochs * per_epoch)
    every = eval_steps or max(1, min(per_epoch, total // min_evals))
    return {"steps_per_epoch": per_epoch, "total_steps": total, "eval_steps": every}


# -- the machine ------------------------------------------------------------------------------


def _free_memory(device: str) -> int:
    if device == "cuda":
        import torch

        return int(torch.cuda.mem_get_info()[0])
    return available_memory() + current_rss()  # what this process holds now is part of the plan


# -- data lengths ---------------------------------------------------------------------------------


def _lengths(config: Config, model_dir: Path, run_dir: Path | None, train: Sequence[int] | None,
             val: Sequence[int] | None) -> Lengths:
    if train is not None:
        return Lengths(list(train), list(val or []), "given", True)
    root = run_dir or config.run_dir()
    token_files = {split: root / rel for split, rel in TOKEN_FILES.items()}
    if token_files["train"].is_file():
        return Lengths(_token_lengths(token_files["train"]),
                       _token_lengths(token_files["val"]) if token_files["val"].is_file() else [],
                       f"{token_files['train'].parent} (prepared)", True)
    return _example_lengths(config, model_dir)


def _example_lengths(config: Config, model_dir: Path) -> Lengths:
    """Lengths of the examples as prepare would render and split them (data.files pooled, or data.train/val),
    in any data.format; lines prepare would reject are left out (prepare reports them)."""
    from roletune.data.prepare import input_files, planned_splits, render_example
    from roletune.data.validate import read_examples

    files, pooled = input_files(config)
    found = [f for f in files if f.is_file()]
    report = read_examples(found, config.roles, data=config.data)
    if not report.examples:
        raise UserError(f"no data to plan with: no readable examples in {', '.join(map(str, files))} "
                        "and the run has no prepared data",
                        hint="set data.files (or data.train/val/test), or run `roletune prepare` first")
    by_split = planned_splits(config, report, files if not pooled else found, pooled)
    tokenizer = _tokenizer_or_none(model_dir, config)
    if tokenizer is not None:
        def count(ex: Any) -> int:
            return len(render_example(tokenizer, ex, config).input_ids)
        how = "the model's chat template"
    else:
        def count(ex: Any) -> int:
            return _count_by_characters([m.model_dump() for m in ex.messages])
        how = f"characters / {CHARS_PER_TOKEN}"
    lengths = {split: [count(loc.example) for loc in by_split[split]] for split in ("train", "val")}
    if not lengths["train"]:
        raise UserError(f"{', '.join(map(str, files))}: no train examples to plan with")
    source = ", ".join(str(f) for f in files)
    return Lengths(lengths["train"], lengths["val"], f"{source} (tokens counted with {how})", tokenizer is not None)


def _token_lengths(path: Path) -> list[int]:
    with open(path, encoding="utf-8") as fh:
        return [len(json.loads(line)["input_ids"]) for line in fh if line.strip()]


def _tokenizer_or_none(model_dir: Path, config: Config) -> Any:
    if not any((model_dir / name).is_file() for name in ("tokenizer.json", "tokenizer.model", "vocab.json")):
        return None
    from roletune.hf import load_tokenizer

    tokenizer = load_tokenizer(model_dir, trust_remote_code=config.model.trust_remote_code)
    return tokenizer if getattr(tokenizer, "chat_template", None) else None


def _count_by_characters(messages: list[dict[str, Any]]) -> int:
    return sum(math.ceil(len(m.get("content") or "") / CHARS_PER_TOKEN) + TEMPLATE_TOKENS_PER_MESSAGE
               for m in messages)


def _val_batches(lengths: Sequence[int], batch_size: int) -> list[tuple[int, int]]:
    ordered = sorted(lengths)  # the train stage evaluates val sorted by length
    return [(len(ordered[i:i + batch_size]), max(ordered[i:i + batch_size]))
            for i in range(0, len(ordered), batch_size)]


# -- advice ---------------------------------------------------------------------------------------


def _warnings(p: Plan, shape: dict[str, Any], config: Config, device: str, dtype_bytes: int, baseline: int,
              val_batches: list[tuple[int, int]], lengths: Lengths) -> list[str]:
    out = []
    if device == "cpu" and p.dtype == "fp32" and not shape["cpu_kernels"]:
        out.append(_no_kernels_note())
    if not lengths.exact:
        out.append(f"token counts are estimates ({lengths.source}); `roletune prepare` makes them exact")
    if p.peak_bytes <= p.free_bytes:
        return out
    need, free = p.peak_bytes / GIB, p.free_bytes / GIB
    fixed = p.memory["runtime"] + p.memory["weights"] + 4 * p.memory["lora"]
    head = f"the plan needs {need:.1f} GiB at its peak but {free:.1f} GiB are free"
    if fixed > p.free_bytes:
        weights = p.memory["weights"] / GIB
        hint = "train on a GPU in bf16 (train.precision=bf16), or on a machine with more memory"
        if p.dtype == "fp32":
            hint = f"fp32 weights alone take {weights:.1f} GiB: " + hint
        out.append(f"{head}; {hint}")
        return out
    tips = []
    if not p.gradient_checkpointing and p.peak_bytes_other <= p.free_bytes:
        tips.append(f"enable gradient checkpointing (--set train.gradient_checkpointing=true): peak "
                    f"{p.peak_bytes_other / GIB:.1f} GiB, about a third more time per step")
    rows, length = p.longest_batch
    for smaller in range(p.batch_size - 1, 0, -1):
        acts = activation_peak(shape, smaller, length, dtype_bytes, p.gradient_checkpointing)
        total = fixed + acts * ALLOCATOR_OVERHEAD[device]
        if total <= p.free_bytes:
            accum = math.ceil(p.batch_size * p.grad_accum / smaller)
            tips.append(f"lower train.batch_size to {smaller} and raise train.grad_accum to {accum} "
                        f"(same global batch): peak {total / GIB:.1f} GiB")
            break
    if device == "cuda" and p.dtype == "fp32":
        tips.append("use bf16 on this GPU (train.precision=auto)")
    if not tips:
        tips.append(f"shorten data.max_length (the longest batch is {rows} × {length} tokens) or use a "
                    "machine with more memory")
    out.append(f"{head}; " + "; or ".join(tips))
    return out


def _no_kernels_note() -> str:
    from roletune.train.kernels.loader import unusable

    reason = unusable()
    if reason is not None:
        return f"the compiled CPU kernels are off ({reason}): the plan is for eager torch, as training will be"
    return ("the compiled CPU kernels are not built on this machine: the plan is for eager torch (more activation "
            "memory, slower steps); the train stage builds them (~40 s) on its first run, or build them now with "
            "`python -m roletune.train.kernels.build` and plan again")


# -- rendering ------------------------------------------------------------------------------------


def _gib(n: int) -> str:
    return f"{n / GIB:.2f} GiB" if n >= 0.1 * GIB else f"{n / 1024**2:.0f} MiB"


def _count(n: float) -> str:
    for unit, size in (("P", 1e15), ("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    return f"{n:.0f}"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _memory_labels(p: Plan) -> list[tuple[str, str]]:
    rows, length = p.longest_batch
    return [
        ("runtime", "runtime (python, torch; measured)" if p.device == "cpu" else "runtime (host)"),
        ("weights", f"base weights ({p.dtype}, frozen)"),
        ("lora", "LoRA parameters (fp32)"),
        ("gradients", "LoRA gradients"),
        ("optimizer", "AdamW moments (2 × LoRA)"),
        ("activations", f"activations, {rows} × {length} tokens"),
        ("allocator", f"allocator slack (× {ALLOCATOR_OVERHEAD[p.device]})"),
    ]


def render_plan(p: Plan) -> Any:
    """The plan as rich renderables: a summary, the memory table, warnings."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    summary = Table(title=f"Plan: {p.architecture} · {p.dtype} on {p.device} · {p.model_dir}",
                    show_header=False, title_justify="left")
    summary.add_column(style="bold")
    summary.add_column()
    summary.add_row("parameters", f"{_count(p.total_params)} total · {_count(p.trainable_params)} trainable "
                                  f"({100 * p.trainable_params / p.total_params:.2f} %, LoRA)")
    summary.add_row("data", f"{p.train_examples} train / {p.val_examples} val examples · {p.lengths_source}")
    pad = 100 * (p.padded_tokens_per_epoch / max(p.tokens_per_epoch, 1) - 1)
    summary.add_row("tokens / epoch", f"{_count(p.tokens_per_epoch)} real · {_count(p.padded_tokens_per_epoch)} "
                                      f"computed ({pad:.1f} % padding, length-grouped)")
    nodes = f" on {p.nnodes} machines" if p.nnodes > 1 else ""
    summary.add_row("batches", f"{p.batch_size} rows × {p.grad_accum} accumulated × {p.world_size} process(es)"
                               f"{nodes}; longest {p.longest_batch[0]} × {p.longest_batch[1]} tokens")
    summary.add_row("steps", f"{p.steps_per_epoch} / epoch · {p.total_steps} in all · eval every {p.eval_steps}")
    summary.add_row("time / epoch", f"{_duration(p.seconds_per_epoch)} (train {_duration(p.train_seconds_per_epoch)}"
                                    f" + eval {_duration(p.eval_seconds_per_epoch)}): "
                                    f"{_count(p.flops_per_epoch).replace('B', 'G')}FLOP"
                                    f" at {p.rate_flops / 1e9:.1f} GFLOP/s, from {p.rate_source}")
    if p.nnodes > 1:
        summary.add_row("across machines", f"{p.nnodes} nodes share each epoch; the gradient all-reduce takes "
                                           f"{_duration(p.allreduce_seconds_per_epoch)} / epoch of the train time at "
                                           f"{p.network_gbps:g} Gbit/s between nodes (assumed: train.network_gbps)")

    configured, other = ("with ckpt", "without") if p.gradient_checkpointing else ("as configured", "with ckpt")
    memory = Table(title="Memory" + (" (host RSS)" if p.device == "cpu" else " (GPU)"), title_justify="left")
    memory.add_column("component")
    memory.add_column(configured, justify="right")
    memory.add_column(other, justify="right")
    for key, label in _memory_labels(p):
        memory.add_row(label, _gib(p.memory[key]), _gib(p.memory_other[key]))
    memory.add_row("[bold]peak[/bold]", f"[bold]{_gib(p.peak_bytes)}[/bold]", _gib(p.peak_bytes_other))
    memory.add_row("free now" + (" (available + ours)" if p.device == "cpu" else ""), _gib(p.free_bytes), "")
    parts: list[Any] = [summary, memory]
    for w in p.warnings:
        parts.append(Text(f"warning: {w}", style="yellow"))
    return Group(*parts)
