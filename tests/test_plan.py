"""The resource plan: parameter counts, activation memory traced on meta tensors, time, advice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from rich.console import Console
from train_data import train_config, write_token_files

from roletune.config import load_config
from roletune.errors import UserError
from roletune.train.plan import plan as plan_module
from roletune.train.plan.plan import activation_peak, plan, render_plan, schedule
from roletune.train.plan.shape import model_shape

QWEN3_8B = Path(__file__).resolve().parents[1] / "examples" / "models" / "qwen3-8b"


@pytest.fixture(autouse=True, scope="module")
def _kernels_built():
    """These plans are for a machine whose CPU kernels are built (`make setup` builds them, and so does the
    train stage): the plan only asks (test_roletune_plan_never_builds_the_cpu_kernels)."""
    from roletune.train.kernels.build import extension

    extension()


def _render(p) -> str:
    console = Console(record=True, width=140)
    console.print(render_plan(p))
    return console.export_text()


def test_qwen3_8b_plan_from_config_json_alone(tmp_path):
    assert [f.name for f in QWEN3_8B.iterdir()] == ["config.json"]  # no weights, no tokenizer
    config = load_config(None, [f"model.base={QWEN3_8B}", f"run.dir={tmp_path}"])  # the seed recipe
    lengths = [200 + (i * 53) % 900 for i in range(238)]
    p = plan(config, lengths, val_lengths=lengths[:29])

    # Embeddings and LM head (untied) 2 × 151936 × 4096, 36 layers of attention (32 q / 8 kv heads
    # of 128) + SwiGLU 4096 → 12288, norms: the public Qwen3-8B is 8.19 B parameters.
    assert p.total_params == 8_190_735_360
    # LoRA r=16 on q,k,v,o,gate,up,down: 16 × Σ(in + out) per layer × 36.
    assert p.trainable_params == 16 * ((4096 + 4096) * 2 + (4096 + 1024) * 2 + (4096 + 12288) * 3) * 36
    assert p.dtype == "fp32" and p.device == "cpu"
    m = p.memory
    assert m["weights"] == 4 * p.total_params
    assert m["lora"] == m["gradients"] == 4 * p.trainable_params and m["optimizer"] == 2 * m["lora"]
    assert m["total"] == sum(v for k, v in m.items() if k != "total") == p.peak_bytes
    rows, length = p.longest_batch
    assert rows == 2 and length == max(lengths)
    assert p.memory_other["activations"] < m["activations"] / 4  # checkpointing keeps one layer's worth
    assert p.tokens_per_epoch == sum(lengths) and p.padded_tokens_per_epoch >= sum(lengths)
    assert p.steps_per_epoch == 8 and p.total_steps == 24  # ⌈119 micro-batches of 2 / 16⌉, 3 epochs
    assert "matmul" in p.rate_source and p.seconds_per_epoch > 0
    text = _render(p)
    assert "8.19 B total" in text and "43.65 M trainable" in text and "30.51 GiB" in text  # 4 B × 8.19 B


def test_meta_trace_matches_real_saved_tensors(tiny_llama, tiny_qwen3):
    """Bytes autograd keeps, predicted from meta tensors, vs. the train stage's forward on real CPU tensors."""
    from transformers import AutoModelForCausalLM

    from roletune.train.kernels.lean import head_weight, summed_loss
    from roletune.train.model import apply_lora

    for model_dir in (tiny_llama, tiny_qwen3):
        config = load_config(None, [f"model.base={model_dir}"])
        shape = model_shape(model_dir, config)
        model = apply_lora(AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32), config)
        model.train()
        params = {p.untyped_storage().data_ptr() for p in model.parameters()}
        saved: dict[int, int] = {}

        def pack(t):
            st = t.untyped_storage()
            if st.data_ptr() not in params:
                saved[st.data_ptr()] = st.nbytes()
            return t

        rows, length = 2, 48
        ids = torch.randint(0, shape["vocab"], (rows, length))
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            summed_loss(model, ids, ids, head_weight(model))
        predicted = (shape["n_layers"] * shape["act_layer_fp32"] + shape["act_head_fp32"]) * rows * length
        assert abs(sum(saved.values()) / predicted - 1) < 0.03, model_dir.name


def test_plan_times_real_steps_when_weights_are_here(tiny_llama, tmp_path):
    write_token_files(tmp_path, tiny_llama, n_train=20, n_val=6)
    config = train_config(tiny_llama, tmp_path, epochs=1, batch_size=2, grad_accum=2)
    p = plan(config)  # lengths from the run's data/*.tokens.jsonl
    assert p.train_examples == 20 and p.val_examples == 6 and "prepared" in p.lengths_source
    assert "timed step of this model" in p.rate_source and p.rate_flops > 0 and p.eval_rate_flops > 0
    assert p.train_seconds_per_epoch > 0 and p.eval_seconds_per_epoch > 0
    assert p.total_steps == schedule(20, 2, 2, 1, 1, None, None, 4)["total_steps"] == 5
    assert not p.warnings


def test_plan_without_prepared_data_counts_tokens_with_the_template(tiny_llama, tmp_path):
    import json
    import random

    from train_data import conversation

    rng = random.Random(0)
    for split, n in (("train", 12), ("val", 4), ("test", 4)):
        with open(tmp_path / f"{split}.jsonl", "w") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"{split}-{i}", "role": "coder", "messages": conversation(rng)}) + "\n")
    config = train_config(tiny_llama, tmp_path / "run")
    config.data.train, config.data.val = tmp_path / "train.jsonl", tmp_path / "val.jsonl"
    p = plan(config, benchmark=False)
    assert p.train_examples == 12 and p.val_examples == 4 and "chat template" in p.lengths_source


def test_plan_warns_with_a_concrete_fix_when_memory_is_short(tmp_path, monkeypatch):
    config = load_config(None, [f"model.base={QWEN3_8B}", "train.batch_size=8"])
    lengths = [2048] * 64
    full = plan(config, lengths, val_lengths=lengths[:8], benchmark=False)
    # Free memory between the checkpointed and the plain plan: checkpointing is the fix to offer.
    monkeypatch.setattr(plan_module, "_free_memory", lambda device: (full.peak_bytes + full.peak_bytes_other) // 2)
    short = plan(config, lengths, val_lengths=lengths[:8], benchmark=False)
    assert len(short.warnings) == 1 and "train.gradient_checkpointing=true" in short.warnings[0]
    assert "lower train.batch_size to" in short.warnings[0] and "train.grad_accum" in short.warnings[0]
    # Not even the weights fit: say so.
    monkeypatch.setattr(plan_module, "_free_memory", lambda device: 16 * 2**30)
    tiny = plan(config, lengths, val_lengths=lengths[:8], benchmark=False)
    assert "weights alone take 30.5 GiB" in tiny.warnings[0]
    assert "warning:" in _render(tiny)


@pytest.mark.parametrize("ckpt", [False, True])
@pytest.mark.parametrize("fused_head", [False, True])
def test_activation_peak_scales_with_tokens(ckpt, fused_head, monkeypatch):
    from roletune.train.kernels import lean as kernels

    monkeypatch.setattr(kernels, "CE_CHUNK", 10**9)  # the chunk never caps here, so all is linear
    shape = {"act_layer_fp32": 1000.0, "act_head_fp32": 300.0, "vocab": 50, "n_layers": 4, "hidden": 16,
             "fused_head": fused_head}
    one = activation_peak(shape, 1, 100, 4, ckpt)
    assert activation_peak(shape, 2, 100, 4, ckpt) == pytest.approx(2 * one, rel=1e-6)
    assert activation_peak(shape, 1, 200, 4, ckpt) == pytest.approx(2 * one, rel=1e-6)


@pytest.mark.parametrize(("name", "params"), [("qwen3-8b", "8.19 B"), ("qwen3-14b", "14.77 B"),
                                              ("qwen2.5-3b", "3.09 B"), ("qwen2.5-7b", "7.62 B"),
                                              ("codellama-7b", "6.74 B")])
def test_plan_of_each_alternative_model_config(name, params):
    """Other models by config alone: `roletune plan` answers from the public config.json (no weights here)."""
    import subprocess
    import sys

    examples = Path(__file__).resolve().parents[1] / "examples"
    result = subprocess.run([sys.executable, "-m", "roletune.cli", "plan", str(examples / f"{name}.yaml"),
                             "--no-benchmark"],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "160"})
    from roletune.export.support import check_convertible

    text = result.stdout + result.stderr
    try:  # the early check reads the same table: a model that won't convert is refused before planning
        cfg = load_config(examples / f"{name}.yaml")
        check_convertible(cfg.resolve_path(Path(cfg.model.base)))
    except UserError as exc:
        assert result.returncode == 2 and "supported: " in text and str(exc)[:40] in text, text[-2000:]
        return
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{params} total" in text and "trainable" in text and "peak" in text and "time / epoch" in text


PLAN_AND_LIST_KERNEL_MODULES = """
import sys
from roletune.cli import main
sys.argv = ["roletune", "plan", sys.argv[1]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print("kernel modules:", sorted(m for m in sys.modules if m.startswith("roletune.train.kernels")))
"""


@pytest.mark.slow
def test_roletune_plan_never_builds_the_cpu_kernels(tiny_llama, tmp_path):
    """`roletune plan` on a machine without a build (an empty kernel cache and torch extensions dir): it plans for
    eager torch and says how to build, and neither compiles nor imports the builder — even when it times real steps
    of the model, which run through the layers that use the kernels where they are built."""
    import subprocess
    import sys

    write_token_files(tmp_path / "run", tiny_llama, n_train=12, n_val=4)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(train_config(tiny_llama, tmp_path / "run", epochs=1, batch_size=2).to_yaml())
    home, extensions = tmp_path / "home", tmp_path / "torch_extensions"
    env = {**os.environ, "ROLETUNE_HOME": str(home), "TORCH_EXTENSIONS_DIR": str(extensions), "COLUMNS": "200"}
    env.pop("ROLETUNE_CPU_KERNELS", None)
    done = subprocess.run([sys.executable, "-c", PLAN_AND_LIST_KERNEL_MODULES, str(config_file)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = " ".join(done.stdout.split())
    assert "timed step of this model" in out  # real forward/backward passes ran
    assert "CPU kernels are not built on this machine" in out and "roletune.train.kernels.build" in out
    assert "roletune.train.kernels.lean" in out and "'roletune.train.kernels.build'" not in out
    assert not list(tmp_path.rglob("*.so")) and not list(tmp_path.rglob("build.ninja"))
    assert not (home / "torch_extensions").exists() and not extensions.exists()


def test_plan_for_two_nodes_splits_the_epoch_and_adds_the_gradient_all_reduce(monkeypatch):
    """`train.nnodes: 2`: half the optimizer steps per epoch, each machine computing half of them, plus one
    all-reduce of the fp32 LoRA gradients per step at the assumed train.network_gbps."""
    monkeypatch.setattr(plan_module, "measure_rate", lambda *a, **k: (2e11, 3e11, "a fixed rate"))  # no timing noise
    lengths = [200 + (i * 53) % 900 for i in range(238)]
    one = plan(load_config(None, [f"model.base={QWEN3_8B}"]), lengths, val_lengths=lengths[:29], benchmark=False)
    config = load_config(None, [f"model.base={QWEN3_8B}", "train.nnodes=2", "train.rdzv=10.0.0.1:29500"])
    two = plan(config, lengths, val_lengths=lengths[:29], benchmark=False)
    assert (one.world_size, two.world_size, two.nnodes) == (1, 2, 2)
    assert (one.steps_per_epoch, two.steps_per_epoch) == (8, 4)  # ⌈⌈119 / 2⌉ / 16⌉: a global batch twice as large
    step_bytes = 4 * two.trainable_params  # fp32 gradients of the adapter
    allreduce = two.steps_per_epoch * 2 * (2 - 1) / 2 * step_bytes / (10e9 / 8)  # default: 10 Gbit/s
    assert one.allreduce_seconds_per_epoch == 0 and two.allreduce_seconds_per_epoch == pytest.approx(allreduce)
    compute = lambda p: p.train_seconds_per_epoch - p.allreduce_seconds_per_epoch  # noqa: E731
    # The same FLOPs up to the length grouping of a larger global batch, shared by two machines.
    assert compute(two) == pytest.approx(compute(one) / 2, rel=0.05)
    assert two.eval_seconds_per_epoch == pytest.approx(one.eval_seconds_per_epoch / 2)
    assert all(two.memory[k] == one.memory[k] for k in ("weights", "lora", "optimizer"))  # each machine: a whole model
    slow_network = plan(load_config(None, [f"model.base={QWEN3_8B}", "train.nnodes=2", "train.network_gbps=1"]),
                        lengths, val_lengths=lengths[:29], benchmark=False)
    assert slow_network.allreduce_seconds_per_epoch == pytest.approx(10 * allreduce)
    text = " ".join(_render(two).split())
    assert "× 2 process(es) on 2 machines" in text and "2 nodes share each epoch" in text
    assert "10 Gbit/s between nodes" in text and "(assumed: train.network_gbps)" in text


def test_plan_of_one_pooled_file_in_another_format_counts_its_train_split(tiny_llama, tmp_path):
    """data.files in Alpaca form, no checks, no prepared data: the plan splits as prepare would (80/10/10)."""
    import json

    with open(tmp_path / "mine.jsonl", "w") as fh:
        for i in range(20):
            fh.write(json.dumps({"instruction": f"Write a function number {i} that adds {i} to its argument.",
                                 "output": f"def add_{i}(x):\n    return x + {i}\n", "agent": "coder"}) + "\n")
    config = train_config(tiny_llama, tmp_path / "run")
    config.data.files = [tmp_path / "mine.jsonl"]
    p = plan(config, benchmark=False)
    assert (p.train_examples, p.val_examples) == (16, 2), p
    assert "mine.jsonl" in p.lengths_source and "chat template" in p.lengths_source
