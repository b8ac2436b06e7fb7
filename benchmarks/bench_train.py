"""Training throughput: roletune's train path vs a plain Trainer that pads every example to 2048.

Both train the same LoRA recipe on SmolLM2-135M-Instruct (the embedded demo model) over the same
examples, side by side in one process, and we print:

  effective tokens/s  — real (non-pad) tokens trained per second of training, ours vs the seed's
                        set-up (per-device batch 2, every example padded to max_length 2048);
  FLOP/s fraction     — model FLOPs of the real tokens (LoRA: 4·N + 6·N_lora per token, plus
                        causal attention; cost.train_flops) per second of our training, over
                        the rate of a 2048³ fp32 matmul timed in the same run.

It also trains the recipe without dropout and without the compiled CPU kernels, to show what
dropout costs and what the kernels (train/kernels/cpu_kernels.cpp) bring.

    python benchmarks/bench_train.py             # about 6 minutes on 2 cores
    python benchmarks/bench_train.py --quick     # fewer steps, for a smoke run
Targets: effective tokens/s ratio ≥ 10×, FLOP/s fraction ≥ 0.5.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PADDED_LENGTH = 2048  # the seed's max_length, every example padded to it
SEED_BATCH = 2  # the seed's per-device batch


def examples(tokenizer, n: int, data: Path, seed: int = 0) -> list[dict]:
    """Token rows of the agent examples in `data` (as prepare renders them), n of them."""
    from roletune.data.chat import render_with_labels

    files = [data / f"{s}.jsonl" for s in ("train", "val", "test")]
    messages = [json.loads(line)["messages"] for f in files if f.is_file() for line in f.read_text().splitlines()
                if line.strip()]
    if not messages:
        raise SystemExit(f"no examples in {data}/*.jsonl: run `python examples/agents/build.py`")
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rendered = render_with_labels(tokenizer, rng.choice(messages))
        rows.append({"id": f"bench-{i}", "role": "bench", "input_ids": rendered.input_ids, "labels": rendered.labels})
    return rows


def matmul_gflops(threads: int) -> float:
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    a @ b
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(4):
            a @ b
        best = max(best, 4 * 2 * 2048**3 / (time.perf_counter() - t0))
    return best / 1e9


def ours(model_dir: Path, rows: list[dict], val: list[dict], batch: int, accum: int, steps: int,
         threads: int, overrides: tuple[str, ...] = ()) -> dict:
    """The train stage itself (max_steps), on the rows; tokens/s is its training-only figure."""
    from rich.console import Console

    from roletune.config import load_config
    from roletune.context import RunContext
    from roletune.files import write_jsonl
    from roletune.train.sft import train

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_jsonl(root / "data" / "train.tokens.jsonl", rows)
        write_jsonl(root / "data" / "val.tokens.jsonl", val)
        config = load_config(None, [f"model.base={model_dir}", f"train.batch_size={batch}",
                                    f"train.grad_accum={accum}", f"train.max_steps={steps}",
                                    f"train.threads={threads}", "train.lr=2e-4", *overrides])
        summary = train(RunContext(config=config, root=root, console=Console(stderr=True, quiet=True)))
        rows = [json.loads(line) for line in (root / "train" / "metrics.jsonl").read_text().splitlines()]
    per_step = sorted(r["tokens_per_s"] for r in rows if "tokens_per_s" in r)
    # The median step: one step slowed by another process on a shared machine doesn't move it.
    return {"tokens_per_s": per_step[len(per_step) // 2], "mean_tokens_per_s": summary["tokens_per_s"],
            "steps": per_step}


@contextlib.contextmanager
def eager_torch() -> Iterator[None]:
    """Train without roletune's compiled CPU kernels (LoRA dropout, SwiGLU, RMSNorm) inside the block."""
    from roletune.train.kernels import build

    before = os.environ.get(build.ENV_SWITCH)
    os.environ[build.ENV_SWITCH] = "0"
    build.extension.cache_clear()
    try:
        yield
    finally:
        if before is None:
            del os.environ[build.ENV_SWITCH]
        else:
            os.environ[build.ENV_SWITCH] = before
        build.extension.cache_clear()


def seed_setup(model_dir: Path, rows: list[dict], micro_batches: int, threads: int) -> dict:
    """A plain transformers Trainer: default sampler and loss, every row padded to 2048 with a mask."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

    torch.set_num_threads(threads)
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.1, task_type="CAUSAL_LM",
                                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                             "up_proj", "down_proj"]))

    def pad_to_max_length(features):
        ids = torch.full((len(features), PADDED_LENGTH), 0, dtype=torch.long)
        labels = torch.full((len(features), PADDED_LENGTH), -100, dtype=torch.long)
        mask = torch.zeros((len(features), PADDED_LENGTH), dtype=torch.long)
        for i, f in enumerate(features):
            n = len(f["input_ids"])
            ids[i, :n], labels[i, :n], mask[i, :n] = torch.tensor(f["input_ids"]), torch.tensor(f["labels"]), 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}

    data = [{"input_ids": r["input_ids"], "labels": r["labels"]} for r in rows[:micro_batches * SEED_BATCH]]
    with tempfile.TemporaryDirectory() as tmp:
        args = TrainingArguments(output_dir=tmp, per_device_train_batch_size=SEED_BATCH, gradient_accumulation_steps=1,
                                 max_steps=micro_batches, learning_rate=2e-4, use_cpu=True, report_to="none",
                                 save_strategy="no", logging_steps=1, disable_tqdm=True,
                                 remove_unused_columns=False, include_num_input_tokens_seen="non_padding")
        trainer = Trainer(model=model, args=args, train_dataset=data, data_collator=pad_to_max_length)
        from transformers import PrinterCallback

        trainer.remove_callback(PrinterCallback)
        output = trainer.train()
    real = sum(len(d["input_ids"]) for d in data)
    return {"tokens_per_s": real / output.metrics["train_runtime"], "seconds": output.metrics["train_runtime"],
            "real_tokens": real}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (a smoke run, noisier figures)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores)")
    parser.add_argument("--batch", type=int, default=8, help="our per-device batch")
    parser.add_argument("--data", type=Path, default=ROOT / "examples" / "agents", help="folder of the example splits")
    args = parser.parse_args()

    import torch
    from transformers import AutoTokenizer

    from roletune.config import load_config
    from roletune.hf import base_model_dir
    from roletune.train.plan.cost import train_flops
    from roletune.train.plan.shape import model_shape

    threads = args.threads or os.cpu_count() or 1
    model_dir = base_model_dir(load_config(None))  # the embedded SmolLM2, imported once
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    steps, accum = (2, 2) if args.quick else (4, 2)
    rows = examples(tokenizer, steps * accum * args.batch, args.data)
    val = examples(tokenizer, 8, args.data, seed=1)
    shape = model_shape(model_dir, load_config(None, [f"model.base={model_dir}"]))
    torch.set_num_threads(threads)

    rate_before = matmul_gflops(threads)
    seed = seed_setup(model_dir, rows, micro_batches=1 if args.quick else 2, threads=threads)
    mine = ours(model_dir, rows, val, args.batch, accum, steps, threads)
    # The same run without LoRA dropout: its masks are elementwise passes over every adapted
    # layer's input (no FLOPs credited), so this shows what the recipe's dropout costs.
    undropped = ours(model_dir, rows, val, args.batch, accum, steps, threads, ("lora.dropout=0",))
    with eager_torch():  # and the recipe without the compiled CPU kernels: what they bring
        eager = ours(model_dir, rows, val, args.batch, accum, steps, threads)
    rate_after = matmul_gflops(threads)
    matmul = max(rate_before, rate_after)

    tokens = sum(len(r["input_ids"]) for r in rows)
    mean_len = tokens / len(rows)
    # Model FLOPs of the real tokens only (each row's own attention): padding earns no credit.
    flops_per_token = sum(train_flops(shape, 1, len(r["input_ids"]), ckpt=False) for r in rows) / tokens
    achieved = mine["tokens_per_s"] * flops_per_token / 1e9
    ratio = mine["tokens_per_s"] / seed["tokens_per_s"]
    fraction = achieved / matmul
    print(f"bench_train: SmolLM2-135M LoRA r=16, {threads} threads, examples of {mean_len:.0f} tokens on average")
    print(f"  seed set-up (plain Trainer, batch {SEED_BATCH} padded to {PADDED_LENGTH}): "
          f"{seed['tokens_per_s']:.1f} effective tokens/s")
    print(f"  roletune train (batch {args.batch}, length-grouped, dynamic padding):   "
          f"{mine['tokens_per_s']:.1f} effective tokens/s (median step; mean {mine['mean_tokens_per_s']:.1f})")
    print(f"  fp32 matmul 2048³: {matmul:.1f} GFLOP/s (before {rate_before:.1f}, after {rate_after:.1f})")
    print(f"ratio effective_tokens_per_s roletune/seed = {ratio:.1f}x (target >= 10x)")
    print(f"ratio achieved_flops/matmul_flops = {fraction:.2f} ({achieved:.1f} GFLOP/s; target >= 0.50)")
    undropped_fraction = undropped["tokens_per_s"] * flops_per_token / 1e9 / matmul
    print(f"  the same with lora.dropout=0 (recipe: {load_config(None).lora.dropout}): "
          f"{undropped['tokens_per_s']:.1f} effective tokens/s, FLOP/s fraction {undropped_fraction:.2f}")
    eager_fraction = eager["tokens_per_s"] * flops_per_token / 1e9 / matmul
    print(f"  the recipe on eager torch (ROLETUNE_CPU_KERNELS=0): {eager['tokens_per_s']:.1f} effective tokens/s, "
          f"FLOP/s fraction {eager_fraction:.2f}")
    print(f"ratio effective_tokens_per_s cpu_kernels/eager = {mine['tokens_per_s'] / eager['tokens_per_s']:.2f}x")


if __name__ == "__main__":
    main()
