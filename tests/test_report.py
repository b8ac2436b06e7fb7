"""The report: built from a run directory's artifacts, and checked in a real headless browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import gguf
import numpy as np
import pytest

from roletune.config import load_config
from roletune.context import RunContext
from roletune.gate import decide
from roletune.report.build import report

ROLES = ("coder", "tester", "researcher", "coordinator")


def _metrics(success: float, latency: float) -> dict:
    return {"success": success, "ci95": [max(0, success - 0.15), min(1, success + 0.15)], "passed": round(success * 31),
            "n": 31, "mean_latency_s": latency, "p95_latency_s": latency * 1.4, "mean_ttft_s": 0.05,
            "tokens_per_s": 95.0,
            "size_bytes": 105_000_000, "peak_rss_bytes": 310_000_000, "well_formed": min(1.0, success + 0.5),
            "score": success + 0.1, "score_ci95": [success, success + 0.2],
            "roles": {r: {"success": success, "passed": 3, "n": 8, "ci95": [0.1, 0.7], "well_formed": 0.875,
                          "score": success + 0.05, "score_ci95": [0.1, 0.8]} for r in ROLES}}


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    (root / "eval").mkdir(parents=True)
    (root / "train").mkdir()
    candidates = {"base-Q4_K_M": _metrics(0.16, 1.2), "model-F16": _metrics(0.42, 2.1),
                  "model-Q4_K_M": _metrics(0.42, 1.4)}
    (root / "eval" / "metrics.json").write_text(json.dumps({"examples": 31, "note": "31 examples",
                                                           "candidates": candidates,
                                                           "score_interval": "percentile bootstrap"}))
    config = load_config(None, ["export.quant_types=[Q4_K_M]", "gate.relative_to_base=true"])
    rows = [{"step": s, "train_loss": 2 - s / 50} for s in range(1, 41)]
    rows += [{"step": s, "val_loss": 1.9 - s / 100} for s in (10, 20, 30, 40)]
    (root / "train" / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    predictions = [{"candidate": "model-Q4_K_M", "id": "coder-009", "role": "coder",
                    "answer": "<script>alert(1)</script>",
                    "passed": False, "score": 0.5, "reason": "NameError: name 'slug' is not defined"},
                   {"candidate": "base-Q4_K_M", "id": "coder-009", "role": "coder", "answer": "x", "passed": True,
                    "score": 1.0, "reason": ""}]
    for name in ("base-Q4_K_M", "model-Q4_K_M"):  # the fine-tune gains tester-003 and researcher-001
        predictions += [{"candidate": name, "id": i, "role": i.split("-")[0], "answer": "y", "score": 0.0,
                         "passed": name == "model-Q4_K_M", "reason": ""} for i in ("tester-003", "researcher-001")]
    (root / "eval" / "predictions.jsonl").write_text("".join(json.dumps(p) + "\n" for p in predictions))
    (root / "decision.json").write_text(json.dumps(decide(candidates, config, predictions)))
    (root / "verify").mkdir()
    file_checks = {"tokenizer": {"corpus": {"texts": 110, "mismatches": 0},
                                 "chat_prompts": {"texts": 16, "mismatches": 1}},
                   "chat_template": {"renders": 16, "mismatches": 0},
                   "special_tokens": {"eos": 2, "stop_ids": [2], "problems": []}}
    (root / "verify" / "parity.json").write_text(json.dumps({
        "passed": True, "failures": [], "reference": "model-F16.gguf", "files": {"model-F16.gguf": file_checks},
        "logits": {"positions": 1655, "max_abs_diff": 0.0758, "mean_abs_diff": 0.0072, "top1_agreement": 0.998,
                   "threshold_max_abs_diff": 0.15, "threshold_top1": 0.98}}))
    (root / "verify" / "kld.json").write_text(json.dumps({"reference": "model-F16.gguf", "types": {"Q4_K_M": {
        "mean_kld": 0.05688, "mean_kld_unc": 0.0015, "p99_kld": 0.2805, "same_top_p": 0.896, "rms_delta_p": 0.0606,
        "ppl_ratio": 1.0322, "bytes": 105_455_168, "passed": True}}}))
    (root / "gguf").mkdir()
    writer = gguf.GGUFWriter(str(root / "gguf" / "model-Q4_K_M.gguf"), "llama")
    writer.add_chat_template("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()
    report(RunContext(config=config, root=root))
    return root


def test_report_files_and_summary(run_dir: Path):
    html = (run_dir / "report.html").read_text()
    assert html.count("<svg") == 3, "success, latency/size and loss plots are inlined"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html), "self-contained: no external resources"
    assert "<script>alert(1)</script>" not in html, "answers are escaped"
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["verdict"] == "deploy" and summary["candidate"] == "model-Q4_K_M"
    assert set(summary["candidates"]) == {"base-Q4_K_M", "model-F16", "model-Q4_K_M"}
    assert summary["candidates"]["model-Q4_K_M"]["roles"]["coder"] == pytest.approx(0.42)
    assert summary["kld"] == {"Q4_K_M": pytest.approx(0.05688)}
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "model-F16.gguf 125/126 16/16" in text, "tokenizer and template parity as a table row"
    assert "0.0758 (limit 0.15)" in text and "99.8%" in text
    assert "roletune serve " in text and "llama-server --model " in text and "--jinja" in text
    assert "ollama create roletune-coder -f " in text and "ChatML" in text
    assert "Answers that keep their role's contract" in text and "base-Q4_K_M 87.5% 87.5% 87.5% 87.5% 66.0%" in text
    assert "Q4_K_M 105 MB 0.05688 ± 0.00150 0.2805 89.6% 6.06% 1.0322 ok" in text
    assert summary["candidates"]["model-Q4_K_M"]["score"] == pytest.approx(0.52)
    assert summary["paired"]["model-Q4_K_M"]["gained"] == ["researcher-001", "tester-003"]


def test_report_shows_scores_and_the_examples_that_flipped(run_dir: Path):
    html = (run_dir / "report.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "score (95% CI)" in text and "0.520 [0.420, 0.620]" in text and "score 0.47" in text
    # per role, under each fine-tuned candidate: + passes now, − passed before
    row = text[text.index("model-Q4_K_M 42.0%"):]
    assert row.index("−coder-009") < row.index("+researcher-001") < row.index("+tester-003")  # roles sorted
    assert "model-Q4_K_M vs base-Q4_K_M 3 2 : researcher-001, tester-003 1 : coder-009 1" in text
    decision = json.loads((run_dir / "decision.json").read_text())
    assert "2 gained / 1 lost, McNemar p = 1: not significant at 3 examples" in decision["reasons"][0]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it where it can)")
def test_report_renders_in_chromium(run_dir: Path, tmp_path: Path):
    import matplotlib.image

    url = (run_dir / "report.html").as_uri()
    shot = tmp_path / "shot.png"
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*common, "--window-size=1100,1600", f"--screenshot={shot}", url], check=True, timeout=120,
                   capture_output=True)
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (1600, 1100)
    assert pixels.std() > 0.05, "not a blank page"
    top = pixels[:400]
    assert (np.abs(top[..., 0] - top[..., 1]) > 0.05).any(), "the coloured verdict box is on the first screen"
    dom = subprocess.run([*common, "--dump-dom", url], check=True, timeout=120, capture_output=True, text=True).stdout
    for text in ("deploy", "Success per role", "model-Q4_K_M", "coder-009", "NameError", "Latency and size",
                 "Training"):
        assert text in dom, text


def test_results_table_is_generated_from_summary(run_dir: Path, tmp_path: Path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "results_table.py"
    readme = tmp_path / "README.md"
    readme.write_text("# x\n<!-- results:begin -->\nold\n<!-- results:end -->\ntail\n")
    subprocess.run([sys.executable, str(script), str(run_dir), "--write", str(readme)], check=True, timeout=60)
    text = readme.read_text()
    assert "old" not in text and text.endswith("<!-- results:end -->\ntail\n")
    row = next(line for line in text.splitlines() if line.startswith("| model-Q4_K_M "))
    # counts per role, KLD vs F16
    assert "13/31 = 42.0% (27.0%–57.0%)" in row and "| 92.0% |" in row and "| 3/8 · 0.47 |" in row and "0.0569" in row
    assert "| 0.520 (0.420–0.620) |" in row  # the graded score next to success
    assert ("Paired vs the base, same examples: model-Q4_K_M 2 gained / 1 lost of 3 (McNemar p = 1), "
            "score -0.167.") in text
    assert "Gate: **deploy** (model-Q4_K_M)" in text
    other = tmp_path / "results.md"  # a named block: the other run's table stays
    other.write_text("<!-- results:begin -->\nfull\n<!-- results:end -->\n<!-- results-demo:begin -->\n"
                     "old\n<!-- results-demo:end -->\n")
    subprocess.run([sys.executable, str(script), str(run_dir), "--write", str(other), "--marker", "results-demo"],
                   check=True, timeout=60)
    written = other.read_text()
    assert "\nfull\n" in written and "old" not in written and "Gate: **deploy**" in written
    bad = tmp_path / "no-markers.md"
    bad.write_text("nothing to replace\n")
    failed = subprocess.run([sys.executable, str(script), str(run_dir), "--write", str(bad)],
                            capture_output=True, text=True)
    assert failed.returncode != 0 and "markers" in failed.stderr


def test_the_same_figure_is_the_same_svg_text():
    """No random element ids or date in the report's plots: rerunning the report writes the same file."""
    from roletune.report.plots import loss_curves

    rows = [{"step": s, "train_loss": 2.0 / s} for s in range(1, 6)] + [{"step": 5, "val_loss": 0.9}]
    first, second = loss_curves(rows, best_step=5), loss_curves(rows, best_step=5)
    assert "clip-path" in first and first == second
