"""Pipeline mechanics on real stages: manifest, skip when unchanged, refuse stale output, recover."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roletune.config import load_config
from roletune.errors import StaleOutputError, UserError
from roletune.files import TMP_PREFIX
from roletune.pipeline import Manifest, run_pipeline

MINI = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture
def config_file(tmp_path: Path, tiny_qwen3: Path) -> Path:
    cfg = tmp_path / "mini.yaml"
    cfg.write_text(
        "# What: a tiny run for the pipeline tests.\n# Run: pytest tests/test_pipeline.py\n"
        f"run:\n  dir: {tmp_path / 'run'}\n"
        f"data:\n  train: {MINI / 'train.jsonl'}\n  val: {MINI / 'val.jsonl'}\n  test: {MINI / 'test.jsonl'}\n"
        f"  max_length: 1024\nmodel:\n  base: {tiny_qwen3}\n"
    )
    return cfg


def _prepare(cfg: Path, *overrides: str, force=()):
    return run_pipeline(load_config(cfg, overrides), to_stage="prepare", force=force)


def test_prepare_writes_data_and_manifest(config_file: Path):
    manifest = _prepare(config_file)
    root = manifest.path.parent
    record = manifest.stage("prepare")
    assert record["status"] == "done" and record["seconds"] >= 0
    assert set(record["outputs"]) == {"data"} and len(record["outputs"]["data"]) == 64
    assert record["config"]["data"]["max_length"] == 1024
    assert all(len(d) == 64 for d in record["inputs"].values())
    assert {"torch", "transformers", "roletune"} <= set(manifest.data["versions"])
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", "train.tokens.jsonl", "val.tokens.jsonl", "stats.json"):
        assert (root / "data" / name).is_file(), name
    stats = json.loads((root / "data" / "stats.json").read_text())
    assert stats["splits"]["train"]["examples"] == 6
    assert set(stats["overall"]["roles"]) == {"coder", "tester", "researcher", "coordinator"}
    assert (root / "config.yaml").is_file()


def test_second_run_skips_unchanged_stage(config_file: Path):
    first = _prepare(config_file).stage("prepare")
    second = _prepare(config_file).stage("prepare")
    assert second["started"] == first["started"] and second["outputs"] == first["outputs"]


def test_changed_config_is_refused_with_the_difference_and_the_flag(config_file: Path):
    _prepare(config_file)
    with pytest.raises(StaleOutputError) as info:
        _prepare(config_file, "data.max_length=2048")
    assert "1024 → 2048" in str(info.value)
    assert "--force prepare" in info.value.hint
    rerun = _prepare(config_file, "data.max_length=2048", force=["prepare"]).stage("prepare")
    assert rerun["config"]["data"]["max_length"] == 2048


def test_config_keys_a_stage_does_not_read_do_not_rerun_it(config_file: Path):
    first = _prepare(config_file).stage("prepare")
    again = _prepare(config_file, "eval.max_tokens=7").stage("prepare")
    assert again["started"] == first["started"]


def test_damaged_output_is_rebuilt(config_file: Path):
    manifest = _prepare(config_file)
    root = manifest.path.parent
    first = manifest.stage("prepare")
    (root / "data" / "train.tokens.jsonl").unlink()
    rebuilt = _prepare(config_file).stage("prepare")
    assert rebuilt["started"] >= first["started"] and (root / "data" / "train.tokens.jsonl").is_file()
    assert rebuilt["outputs"] == first["outputs"], "same inputs and config give the same bytes"


def test_leftover_temporaries_are_removed_and_never_taken_as_output(config_file: Path):
    root = load_config(config_file).run_dir()
    (root / "data").mkdir(parents=True)
    stray = root / "data" / f"{TMP_PREFIX}train.tokens.jsonl.abc"
    stray.write_text("half-written")
    _prepare(config_file)
    assert not stray.exists()


def test_interrupted_stage_runs_again(config_file: Path):
    manifest = _prepare(config_file)
    record = manifest.stage("prepare")
    manifest.set_stage("prepare", {**record, "status": "running"})
    again = Manifest(manifest.path.parent).stage("prepare")
    assert again["status"] == "running"
    assert _prepare(config_file).stage("prepare")["status"] == "done"


def test_stage_alone_needs_earlier_stages(config_file: Path):
    with pytest.raises(UserError, match="unknown stage"):
        run_pipeline(load_config(config_file), from_stage="nope")


def test_force_train_after_a_config_change_trains_afresh_as_the_refusal_says(config_file: Path):
    """A finished train stage with another lr is refused with `--force train` as the fix; taking that
    fix trains from step 0 under the new config (the old checkpoints are not resumed nor mixed in)."""
    fast = ("train.max_steps=2", "train.batch_size=2", "train.grad_accum=1", "train.threads=1")
    run_pipeline(load_config(config_file, fast), to_stage="train")
    run_dir = config_file.parent / "run"
    marker = run_dir / "train" / "checkpoints" / "left-by-the-first-run"
    marker.write_text("")
    changed = load_config(config_file, (*fast, "train.lr=1e-3"))
    with pytest.raises(StaleOutputError, match="train.lr: 2e-05 → 0.001") as refused:
        run_pipeline(changed, to_stage="train")
    assert "--force train" in refused.value.hint
    manifest = run_pipeline(changed, to_stage="train", force=("train",))
    assert manifest.stage("train")["status"] == "done" and manifest.stage("train")["summary"]["steps"] == 2
    assert not marker.exists()
    assert json.loads((run_dir / "train" / "run.json").read_text())["identity"]["config"]["train.lr"] == 1e-3
