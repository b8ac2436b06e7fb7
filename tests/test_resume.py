"""A run killed with SIGKILL mid-stage resumes: finished stages skipped, nothing partial taken as
finished, and the final artifacts equal those of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file

MINI = Path(__file__).resolve().parent / "data" / "mini"
STEPS = 48


def _config(tmp_path: Path, base: Path, run_dir: Path) -> Path:
    cfg = tmp_path / f"{run_dir.name}.yaml"
    cfg.write_text(
        "# What: a tiny run for the resume test.\n# Run: pytest tests/test_resume.py\n"
        f"run:\n  dir: {run_dir}\n"
        f"data:\n  train: {MINI / 'train.jsonl'}\n  val: {MINI / 'val.jsonl'}\n  test: {MINI / 'test.jsonl'}\n"
        f"  max_length: 1024\nmodel:\n  base: {base}\n"
        f"train:\n  lr: 1.0e-3\n  max_steps: {STEPS}\n  batch_size: 2\n  grad_accum: 1\n  eval_steps: 8\n"
        "  save_steps: 4\n  threads: 1\n  seed: 7\n"
    )
    return cfg


def _run(cfg: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "roletune.cli", "run", str(cfg), "--to", "merge"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def _stage(run_dir: Path, name: str) -> dict:
    path = run_dir / "manifest.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())["stages"].get(name, {})
    except json.JSONDecodeError:  # never happens: the manifest is written atomically
        raise AssertionError("manifest.json was half-written") from None


def _tensors(directory: Path) -> dict[str, np.ndarray]:
    out = {}
    for f in sorted(directory.glob("*.safetensors")):
        out.update(load_file(str(f)))
    return out


@pytest.mark.slow
def test_sigkill_mid_train_then_resume_matches_uninterrupted(tmp_path: Path, tiny_qwen3: Path):
    killed_dir, clean_dir = tmp_path / "killed", tmp_path / "clean"
    cfg = _config(tmp_path, tiny_qwen3, killed_dir)
    proc = _run(cfg)
    deadline = time.time() + 300
    while time.time() < deadline:  # kill once train is running and has written a checkpoint
        if _stage(killed_dir, "train").get("status") == "running" and \
                any((killed_dir / "train" / "checkpoints").glob("checkpoint-*/trainer_state.json")):
            break
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.05)
    else:
        pytest.fail("train never reached a checkpoint")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    prepare_before = _stage(killed_dir, "prepare")
    assert prepare_before["status"] == "done" and _stage(killed_dir, "train")["status"] == "running"
    assert not (killed_dir / "merged").exists(), "nothing after the killed stage looks finished"
    assert not (killed_dir / "train" / "best" / "roletune_adapter.json").exists() or \
        _stage(killed_dir, "train")["status"] != "done"

    resumed = _run(cfg)
    out, _ = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, out
    assert "prepare: up to date, skipped" in out and "resuming" in out
    assert _stage(killed_dir, "prepare")["started"] == prepare_before["started"]
    assert not list(killed_dir.rglob(".tmp-*")), "no temporaries left"

    clean = _run(_config(tmp_path, tiny_qwen3, clean_dir))
    out, _ = clean.communicate(timeout=600)
    assert clean.returncode == 0, out

    for name in ("train.tokens.jsonl", "val.tokens.jsonl", "stats.json"):
        assert (killed_dir / "data" / name).read_bytes() == (clean_dir / "data" / name).read_bytes(), name
    k_summary = json.loads((killed_dir / "train" / "summary.json").read_text())
    c_summary = json.loads((clean_dir / "train" / "summary.json").read_text())
    assert k_summary["steps"] == c_summary["steps"] == k_summary["total_steps"]
    assert k_summary["resumed_from_step"] and not c_summary["resumed_from_step"]
    # Resuming restores optimizer, scheduler and RNG state, so the adapters agree to float rounding.
    a, b = _tensors(killed_dir / "train" / "best"), _tensors(clean_dir / "train" / "best")
    assert a.keys() == b.keys() and a
    for key in a:
        np.testing.assert_allclose(a[key], b[key], atol=1e-4, err_msg=key)
    merged_a, merged_b = _tensors(killed_dir / "merged"), _tensors(clean_dir / "merged")
    for key in merged_a:
        np.testing.assert_allclose(merged_a[key], merged_b[key], atol=1e-4, err_msg=key)
