"""CLI smoke tests: the command table, --help, docs in sync, errors mapped to exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from roletune.cli import COMMANDS, SUBGROUPS, app
from roletune.pipeline import stage_names

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_help_lists_every_command_with_a_description():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    section = result.output.split("Commands:")[1]
    listed = set(re.findall(r"^  (\S+)", section, flags=re.M))
    assert listed == set(COMMANDS) | set(SUBGROUPS)
    for name in listed:
        line = next(text for text in result.output.splitlines() if text.startswith(f"  {name} "))
        assert len(line.split()) > 2, f"{name} has a description"


def test_every_stage_has_a_command():
    assert set(stage_names()) <= set(COMMANDS)


def test_cli_import_does_not_import_torch():
    code = "import sys, roletune.cli; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_command_reference_matches_help():
    """docs/cli.md is --help, generated (tests/test_docs.py checks every generated page)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_config_show_applies_override():
    result = runner.invoke(app, ["config", "show", str(ROOT / "examples" / "demo.yaml"), "--set", "train.lr=1e-4"])
    assert result.exit_code == 0, result.output
    train = re.search(r"^train:\n((?:  .*\n)+)", result.output, flags=re.M).group(1)
    assert "  lr: 0.0001" in train.splitlines()


def test_unknown_key_exits_2_with_suggestion():
    result = runner.invoke(app, ["config", "show", str(ROOT / "examples" / "demo.yaml"), "--set", "train.lrr=1"])
    assert result.exit_code == 2
    assert "train.lrr" in result.output and "train.lr`" in result.output


def test_misspelled_yaml_key_exits_2_with_line(tmp_path: Path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("train:\n  lr: 1.0e-4\n  warmup_ration: 0.1\n")
    result = runner.invoke(app, ["config", "show", str(cfg)])
    assert result.exit_code == 2
    assert f"{cfg}:3: unknown key `train.warmup_ration`; did you mean `train.warmup_ratio`?" in result.output


def test_missing_config_file_exits_2(tmp_path: Path):
    result = runner.invoke(app, ["run", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_config_keys_lists_documented_keys():
    result = runner.invoke(app, ["config", "keys"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "train.early_stopping_patience" in result.output and "gate.baseline.success" in result.output
