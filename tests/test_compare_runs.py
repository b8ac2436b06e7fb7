"""scripts/compare_runs.py: two runs match when only timings, timestamps and their own paths differ."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_spec = importlib.util.spec_from_file_location("compare_runs", Path(__file__).resolve().parents[1] / "scripts"
                                               / "compare_runs.py")
compare_runs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_runs)


def _run(root: Path, started: str, seconds: float, loss: float, blob: bytes) -> Path:
    (root / "eval").mkdir(parents=True)
    (root / "manifest.json").write_text(json.dumps({"stages": {"train": {"started": started, "seconds": seconds,
                                                                         "dir": str(root / "train"),
                                                                         "inputs": {str(root / "data"): "ab12"}}}}))
    (root / "eval" / "metrics.jsonl").write_text(json.dumps({"loss": loss, "mean_latency_s": seconds}) + "\n")
    (root / "model.gguf").write_bytes(blob)
    return root


def test_timings_timestamps_and_run_paths_are_masked(tmp_path: Path):
    a = _run(tmp_path / "a", "2026-12-06T03:00:00+00:00", 1.5, 0.25, b"\0\1")
    b = _run(tmp_path / "b", "2026-12-06T04:10:09+00:00", 2.5, 0.25, b"\0\1")
    lines = compare_runs.compare(a, b)
    assert lines == ["normalised: eval/metrics.jsonl (equal once timings, timestamps and paths are masked)",
                     "normalised: manifest.json (equal once timings, timestamps and paths are masked)"]
    assert compare_runs.main([str(a), str(b)]) == 0


def test_a_changed_value_or_byte_is_a_difference(tmp_path: Path):
    a = _run(tmp_path / "a", "2026-12-06T03:00:00+00:00", 1.5, 0.25, b"\0\1")
    b = _run(tmp_path / "b", "2026-12-06T03:00:00+00:00", 1.5, 0.26, b"\0\2")
    (b / "extra.txt").write_text("x")
    assert compare_runs.compare(a, b) == [
        f"only in {b}: extra.txt", "differs: eval/metrics.jsonl: [0].loss: '0.25' vs '0.26'",
        "normalised: manifest.json (equal once timings, timestamps and paths are masked)",  # its own run path
        "differs: model.gguf (bytes)"]
    assert compare_runs.main([str(a), str(b)]) == 1


def test_measurements_under_a_timing_key_are_masked_and_every_differing_path_is_listed(tmp_path: Path):
    def run(root: Path, latency: float, decision: str, steps: int) -> Path:
        root.mkdir()
        (root / "decision.json").write_text(json.dumps({
            "baseline": {"mean_latency_s": {"candidate": latency, "base": 2 * latency}},
            "plan": {"seconds_per_epoch": latency * 100}, "verdict": decision, "steps": steps}))
        return root

    a, b = run(tmp_path / "a", 1.57, "deploy", 15), run(tmp_path / "b", 1.51, "deploy", 15)
    assert compare_runs.compare(a, b) == [
        "normalised: decision.json (equal once timings, timestamps and paths are masked)"]
    c = run(tmp_path / "c", 1.5, "iterate", 16)
    assert compare_runs.compare(a, c) == [
        "differs: decision.json: [0].steps: '15' vs '16'; [0].verdict: 'deploy' vs 'iterate'"]
