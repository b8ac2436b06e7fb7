"""`roletune data check`: every problem of every line at once, with file:line, exit 2, nothing written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from roletune.cli import app

BAD = Path(__file__).resolve().parent / "data" / "bad"
MINI = Path(__file__).resolve().parent / "data" / "mini"

# line → what its problem must mention (one fixture line per kind of problem)
EXPECTED = {
    2: "not valid JSON",
    3: "arguments are not JSON",
    4: "unknown role 'pilot'",
    5: "empty answer",
    6: "duplicate id 'ok-1'",
    7: "leakage",
    8: "over-length",
    9: "tests",
    10: "judged by 'python_tests', not 'rubric'",
    11: "last turn must be the assistant",
    12: "id",
    13: "colour",
}


def test_all_problems_reported_at_once(tmp_path: Path, tiny_qwen3: Path):
    files = [tmp_path / "train.jsonl", tmp_path / "test.jsonl"]
    for f in files:
        shutil.copy(BAD / f.name, f)
    config = tmp_path / "c.yaml"
    config.write_text(f"model:\n  base: {tiny_qwen3}\ndata:\n  max_length: 1024\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, ["data", "check", *map(str, files), "--config", str(config)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    reported: dict[int, list[str]] = {}
    for line in result.output.splitlines():
        m = re.match(rf"{re.escape(str(files[0]))}:(\d+): (.*)", line)
        if m:
            reported.setdefault(int(m.group(1)), []).append(m.group(2))
    for lineno, text in EXPECTED.items():
        assert any(text in p for p in reported.get(lineno, [])), (lineno, text, reported.get(lineno))
    assert 1 not in reported, "the good line has no problem"
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written"


def test_clean_files_pass(tiny_qwen3: Path, tmp_path: Path):
    config = tmp_path / "c.yaml"
    config.write_text(f"model:\n  base: {tiny_qwen3}\n")
    files = [str(MINI / f"{s}.jsonl") for s in ("train", "val", "test")]
    result = CliRunner().invoke(app, ["data", "check", *files, "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "ok: 14 examples in 3 file(s)" in result.output
