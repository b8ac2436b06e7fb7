"""The train stage on tiny models: loss, masking, early stopping, best adapter, resume after kill -9, DDP.

The kernels it trains with (train/kernels/, train/plan/memory.py) are tested in test_kernels.py."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
from rich.console import Console
from safetensors.torch import load_file
from train_data import token_rows, train_config, write_token_files

import roletune
from roletune.context import RunContext
from roletune.errors import UserError
from roletune.files import read_json
from roletune.layout import BEST_DIR, CHECKPOINTS_DIR, PLAN_VS_ACTUAL_FILE, TRAIN_METRICS_FILE, TRAIN_SUMMARY_FILE
from roletune.train.batching import IGNORE_INDEX, DynamicPadCollator, EpochSampler, batch_shapes, epoch_order
from roletune.train.callbacks import EarlyStopping
from roletune.train.checkpoints import complete_checkpoints
from roletune.train.model import AdapterMeta


def _ctx(config, root: Path) -> RunContext:
    return RunContext(config=config, root=root, console=Console(stderr=True, width=120))


def _adapter(path: Path) -> dict[str, torch.Tensor]:
    return load_file(str(path / "adapter_model.safetensors"))


def _max_diff(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    assert a.keys() == b.keys()
    return max(float((a[k] - b[k]).abs().max()) for k in a)


def _metrics(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / TRAIN_METRICS_FILE).read_text().splitlines()]


# -- batching -------------------------------------------------------------------------------------


def test_collated_labels_mask_prompt_and_padding(tiny_llama):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_llama))
    rows = token_rows(tiny_llama, 3, seed=5)
    batch = DynamicPadCollator(pad_id=0)([{"input_ids": r["input_ids"], "labels": r["labels"]} for r in rows])
    longest = max(len(r["input_ids"]) for r in rows)
    assert batch["input_ids"].shape == batch["labels"].shape == (3, longest)  # padded to the batch, not max_length
    for i, row in enumerate(rows):
        n = len(row["input_ids"])
        labels = batch["labels"][i]
        assert (labels[n:] == IGNORE_INDEX).all() and (batch["attention_mask"][i, n:] == 0).all()  # padding
        keep = labels[:n] != IGNORE_INDEX
        assert torch.equal(labels[:n][keep], batch["input_ids"][i, :n][keep])
        # The labelled tokens are exactly the answer and its end-of-turn: no system or user token.
        answer = tokenizer.decode(batch["input_ids"][i, :n][keep])
        prompt = tokenizer.decode(batch["input_ids"][i, :n][~keep])
        assert "Reverse the words" in prompt and "Reverse the words" not in answer
        assert answer.strip().split()[0] in prompt  # the reversed words come from the user's turn
        first = int(keep.nonzero()[0])
        assert (labels[:first] == IGNORE_INDEX).all() and keep[first:].all()  # one contiguous answer at the end


def test_epoch_order_is_seeded_per_epoch_and_groups_lengths():
    lengths = [(i * 37) % 200 + 10 for i in range(256)]
    assert epoch_order(lengths, 8, seed=1, epoch=0) == epoch_order(lengths, 8, seed=1, epoch=0)
    assert epoch_order(lengths, 8, seed=1, epoch=0) != epoch_order(lengths, 8, seed=1, epoch=1)
    assert sorted(epoch_order(lengths, 8, seed=1, epoch=3)) == list(range(256))
    sampler = EpochSampler(lengths, 8, seed=1)
    sampler.set_epoch(2)
    assert list(sampler) == epoch_order(lengths, 8, seed=1, epoch=2)
    grouped = sum(b * t for b, t in batch_shapes(lengths, 4, 16, seed=1))
    shuffled = sum(b * t for b, t in batch_shapes(lengths, 4, None, seed=1))
    assert grouped < 0.8 * shuffled  # grouping cuts the padding


# -- training ---------------------------------------------------------------------------------------


def test_train_lowers_loss_and_changes_only_lora(tiny_llama, tmp_path, monkeypatch):
    from transformers import AutoModelForCausalLM

    import roletune.train.sft as sft

    write_token_files(tmp_path, tiny_llama)
    held = {}
    original = sft.load_lora_model

    def keep(*args, **kwargs):
        held["model"] = original(*args, **kwargs)
        return held["model"]

    monkeypatch.setattr(sft, "load_lora_model", keep)
    summary = sft.train(_ctx(train_config(tiny_llama, tmp_path, epochs=3), tmp_path))

    rows = _metrics(tmp_path)
    train_losses = [r["train_loss"] for r in rows if "train_loss" in r]
    val_losses = [r["val_loss"] for r in rows if "val_loss" in r]
    assert train_losses[-1] < train_losses[0] - 0.5 and min(val_losses) < val_losses[0] - 0.05
    assert all(r["tokens_per_s"] > 0 and r["peak_rss_mb"] > 0 for r in rows if "train_loss" in r)
    assert summary["steps"] == summary["total_steps"] and summary["best_val_loss"] == min(val_losses)

    base = dict(AutoModelForCausalLM.from_pretrained(str(tiny_llama), dtype=torch.float32).named_parameters())
    trained = dict(held["model"].named_parameters())
    lora = {n: p for n, p in trained.items() if "lora_" in n}
    frozen = {n.replace("base_model.model.", "").replace(".base_layer", ""): p for n, p in trained.items()
              if "lora_" not in n}
    assert lora and all(p.requires_grad for p in lora.values())
    assert frozen.keys() == base.keys()
    assert all(torch.equal(frozen[n], base[n]) for n in base)  # bit-identical base weights
    assert any(float(p.abs().max()) > 0 for n, p in lora.items() if "lora_B" in n)  # B starts at zero

    meta = AdapterMeta.read(tmp_path / BEST_DIR)
    assert meta.base_model == str(tiny_llama) and meta.lora["r"] == 16 and meta.val_loss == min(val_losses)
    assert set(meta.data_sha256) == {"train", "val"} and meta.base_fingerprint["fingerprint"]
    pva = read_json(tmp_path / PLAN_VS_ACTUAL_FILE)
    assert pva["predicted"]["peak_bytes"] > 0 and pva["measured"]["seconds_per_epoch"] > 0
    # PEFT writes target_modules in set order (a per-process hash seed); ours are sorted, so two
    # identical runs write identical adapter files.
    saved = [tmp_path / BEST_DIR / "adapter_config.json", *(tmp_path / CHECKPOINTS_DIR).glob("*/adapter_config.json")]
    assert len(saved) >= 2
    for path in saved:
        modules = read_json(path)["target_modules"]
        assert len(modules) > 2 and modules == sorted(modules), path


def test_early_stopping_counts_evaluations_without_improvement():
    early = EarlyStopping(patience=2)
    curve = [3.0, 2.5, 2.6, 2.4, 2.45, 2.41, 2.3]
    stops = [early.observe(loss) for loss in curve]
    assert stops.index(True) == 5  # 2.45 and 2.41 are the two evaluations after the best, 2.4
    early = EarlyStopping(patience=1)
    assert [early.observe(x) for x in (1.0, math.nan)] == [False, True]  # NaN never improves


def test_early_stop_on_a_crafted_curve_keeps_lowest_adapter(tiny_llama, tmp_path, monkeypatch):
    from transformers import Trainer
    from transformers.trainer_utils import EvalLoopOutput

    import roletune.train.sft as sft

    curve = iter([2.0, 1.5, 1.2, 1.3, 1.25, 1.0, 0.9])  # stops at the 5th evaluation (patience 2)

    def evaluation_loop(self, dataloader, *args, metric_key_prefix="eval", **kwargs):
        return EvalLoopOutput(predictions=None, label_ids=None, metrics={f"{metric_key_prefix}_loss": next(curve)},
                              num_samples=len(dataloader.dataset))

    monkeypatch.setattr(Trainer, "evaluation_loop", evaluation_loop)
    write_token_files(tmp_path, tiny_llama, n_train=32)
    config = train_config(tiny_llama, tmp_path, epochs=3, eval_steps=2, keep_checkpoints=10)
    summary = sft.train(_ctx(config, tmp_path))

    assert summary["stopped_early"] and summary["steps"] == 10 < summary["total_steps"]  # 5th eval at step 10
    meta = AdapterMeta.read(tmp_path / BEST_DIR)
    assert (meta.step, meta.val_loss) == (6, 1.2)
    # best/ holds the adapter as it was at step 6, not the last one.
    best = _adapter(tmp_path / BEST_DIR)
    assert _max_diff(best, _adapter(tmp_path / CHECKPOINTS_DIR / "checkpoint-6")) == 0
    assert _max_diff(best, _adapter(tmp_path / CHECKPOINTS_DIR / "checkpoint-10")) > 0


def test_refuses_to_resume_a_different_run(tiny_llama, tmp_path):
    import roletune.train.sft as sft

    write_token_files(tmp_path, tiny_llama, n_train=8, n_val=4)
    sft.train(_ctx(train_config(tiny_llama, tmp_path, epochs=1), tmp_path))
    with pytest.raises(UserError, match=r"train\.lr: 0\.005 → 0\.001"):
        sft.train(_ctx(train_config(tiny_llama, tmp_path, epochs=1, lr=1e-3), tmp_path))


def test_incomplete_checkpoints_are_recognised(tmp_path):
    for step, files in ((2, ("adapter_model.safetensors", "optimizer.pt", "scheduler.pt", "trainer_state.json")),
                        (4, ("adapter_model.safetensors", "optimizer.pt"))):  # killed while saving
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        for name in files:
            (folder / name).write_text("{}")
    complete, incomplete = complete_checkpoints(tmp_path)
    assert [p.name for p in complete] == ["checkpoint-2"] and [p.name for p in incomplete] == ["checkpoint-4"]


KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from rich.console import Console
    from roletune.config import load_config
    from roletune.context import RunContext
    import roletune.train.sft as sft

    kill_at = int(sys.argv[3])
    original = sft.RoletuneTrainer.training_step
    calls = []

    def training_step(self, *args, **kwargs):
        if self.state.global_step == kill_at:
            calls.append(1)
            if len(calls) == 2:  # the second micro-batch of the step: gradients half accumulated
                os.kill(os.getpid(), signal.SIGKILL)
        return original(self, *args, **kwargs)

    sft.RoletuneTrainer.training_step = training_step
    sft.train(RunContext(config=load_config(sys.argv[1]), root=Path(sys.argv[2]), console=Console(stderr=True)))
""")


def _env() -> dict[str, str]:
    src = str(Path(roletune.__file__).resolve().parents[1])
    tests = str(Path(__file__).resolve().parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, tests, os.environ.get("PYTHONPATH", "")])}


def test_resume_after_kill_matches_uninterrupted_run(tiny_llama, tmp_path):
    import roletune.train.sft as sft

    killed, clean = tmp_path / "killed", tmp_path / "clean"
    for root in (killed, clean):
        write_token_files(root, tiny_llama)
    # 24 rows, 4 × 2 per step: 3 steps per epoch, 9 in all; checkpoints at 2, 4, 6, 8, 9.
    config = train_config(tiny_llama, killed, epochs=3, save_steps=2, eval_steps=2, keep_checkpoints=2)
    (tmp_path / "config.yaml").write_text(config.to_yaml())
    script = tmp_path / "killed_run.py"
    script.write_text(KILLED_RUN)
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "config.yaml"), str(killed), "5"],
                          env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == -9, done.stderr[-2000:]
    assert not (killed / TRAIN_SUMMARY_FILE).exists()
    assert [p.name for p in complete_checkpoints(killed / CHECKPOINTS_DIR)[0]] == ["checkpoint-2", "checkpoint-4"]

    resumed = sft.train(_ctx(config, killed))
    reference = sft.train(_ctx(config.model_copy(update={"run": config.run.model_copy(update={"dir": clean})}), clean))
    assert resumed["resumed_from_step"] == 4 and reference["resumed_from_step"] is None
    assert resumed["steps"] == resumed["total_steps"] == reference["steps"] == 9
    # Same seed, same threads, and the resumed run restores the optimizer, scheduler and RNG and
    # replays the epoch's batch order (seeded per epoch), so the numbers agree exactly here; 1e-4
    # leaves room for BLAS kernels that pick a different blocking in a new process.
    final = _max_diff(_adapter(killed / CHECKPOINTS_DIR / "checkpoint-9"),
                      _adapter(clean / CHECKPOINTS_DIR / "checkpoint-9"))
    assert final <= 1e-4
    assert _max_diff(_adapter(killed / BEST_DIR), _adapter(clean / BEST_DIR)) <= 1e-4
    events = [r for r in _metrics(killed) if r.get("event") == "resume"]
    assert [e["step"] for e in events] == [4]
    assert [r["step"] for r in _metrics(killed) if "train_loss" in r] == list(range(1, 10))  # no step twice


def test_ddp_two_processes_match_one_at_equal_global_batch(tiny_llama, tmp_path):
    import roletune.train.sft as sft

    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        write_token_files(root, tiny_llama, n_train=32)
    # Dropout off: each DDP process draws its own masks, so only then are the runs comparable.
    single = train_config(tiny_llama, one, grad_accum=2, epochs=2)
    single.lora.dropout = 0.0
    double = train_config(tiny_llama, two, grad_accum=1, epochs=2, nproc=2)
    double.lora.dropout = 0.0
    s1 = sft.train(_ctx(single, one))
    s2 = sft.train(_ctx(double, two))
    assert s2["world_size"] == 2 and s1["steps"] == s2["steps"] == 8
    diff = _max_diff(_adapter(one / CHECKPOINTS_DIR / "checkpoint-8"), _adapter(two / CHECKPOINTS_DIR / "checkpoint-8"))
    assert diff <= 1e-4, diff  # same examples per step, loss normalised over the global batch's tokens
    assert abs(s1["best_val_loss"] - s2["best_val_loss"]) <= 1e-4


def test_bf16_training_runs_and_records_its_precision(tiny_qwen3, tmp_path):
    import roletune.train.sft as sft

    write_token_files(tmp_path, tiny_qwen3)
    summary = sft.train(_ctx(train_config(tiny_qwen3, tmp_path, epochs=1, precision="bf16", max_steps=2), tmp_path))
    assert summary["precision"] == "bf16" and summary["steps"] == 2
    assert all(math.isfinite(r["train_loss"]) for r in _metrics(tmp_path) if "train_loss" in r)
    assert AdapterMeta.read(tmp_path / BEST_DIR).precision == "bf16"


def test_a_tracker_that_is_not_installed_is_a_clear_error(tiny_llama, tmp_path, monkeypatch):
    import importlib.util

    import roletune.train.sft as sft

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mlflow" else real(name, *a))
    with pytest.raises(UserError, match="mlflow is not installed"):
        sft.train(_ctx(train_config(tiny_llama, tmp_path, report_to="[mlflow]"), tmp_path))
