"""`roletune run`, prepare to report, on each supported family's real tokenizer and chat template.

The models are random weights around the real vocabularies (tests/family_models.py), so their answers
are garbage: the smoke threshold is 0 and the gate's verdict is not the point. The point is that every
stage — the early convertibility check, rendering with the family's template and thinking switch,
training, merge, our converter, quantization, verify's parity against transformers, smoke and
evaluate through llama-server, gate, report — runs on the real tokenizer and template.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from short_run import write_short_run_config

STAGES = ("prepare", "train", "merge", "convert", "quantize", "verify", "smoke", "evaluate", "gate", "report")


def _config(tmp_path: Path, base: Path) -> Path:
    return write_short_run_config(tmp_path / "family-run.yaml", base, test="tests/test_family_runs.py",
                                  what="one short run on a family's real tokenizer and template (random weights).")


@pytest.mark.slow
@pytest.mark.parametrize("family", ["qwen3", "qwen2_5", "llama3", "codellama"])
def test_roletune_run_from_prepare_to_report(family: str, family_model, tmp_path: Path):
    cfg = _config(tmp_path, family_model(family))
    result = subprocess.run([sys.executable, "-m", "roletune.cli", "run", str(cfg)], capture_output=True, text=True,
                            timeout=900, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    root = tmp_path / "run"
    stages = json.loads((root / "manifest.json").read_text())["stages"]
    assert [s for s in STAGES if stages.get(s, {}).get("status") != "done"] == []
    parity = json.loads((root / "verify" / "parity.json").read_text())
    assert "model-F16" in json.dumps(parity)
    rows = [json.loads(line) for line in (root / "eval" / "predictions.jsonl").read_text().splitlines()]
    assert {r["candidate"] for r in rows} == {"base-Q4_K_M", "model-F16", "model-Q4_K_M"} and len(rows) == 6
    assert all(r["completion_tokens"] >= 1 for r in rows)
    assert json.loads((root / "decision.json").read_text())["verdict"] in ("deploy", "iterate", "abort")
    assert (root / "report.html").stat().st_size > 1000
