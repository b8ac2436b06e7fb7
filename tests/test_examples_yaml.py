"""Every YAML under examples/ loads, validates, and opens with a two-line runbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from roletune.config import load_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CONFIGS = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_example_configs():
    assert any(p.name == "demo.yaml" for p in CONFIGS)


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_example_config_loads_and_is_runnable(path: Path):
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# What:") and lines[1].startswith("# Run:"), "two-line runbook first"
    config = load_config(path)
    for split in ("train", "val", "test"):
        assert config.resolve_path(getattr(config.data, split)).is_file(), f"{split} split exists"
    base = config.model.base
    local = config.resolve_path(Path(base))
    from roletune.registry import REGISTRY

    assert base in REGISTRY or (local / "config.json").is_file(), f"model.base {base!r} resolves"
