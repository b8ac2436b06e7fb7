"""The shipped agent-role dataset: counts, role mix, stratified splits, and reproducible build."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

AGENTS = Path(__file__).resolve().parents[1] / "examples" / "agents"
SPLITS = {"train": 238, "val": 29, "test": 31}
MIX = {"coder": 0.58, "tester": 0.26, "researcher": 0.09, "coordinator": 0.07}


def _rows(split: str) -> list[dict]:
    return [json.loads(line) for line in (AGENTS / f"{split}.jsonl").read_text().splitlines()]


def test_splits_are_built_from_the_sources():
    result = subprocess.run([sys.executable, str(AGENTS / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_counts_and_role_mix():
    rows = {s: _rows(s) for s in SPLITS}
    assert {s: len(r) for s, r in rows.items()} == SPLITS
    everything = [r for rs in rows.values() for r in rs]
    counts = Counter(r["role"] for r in everything)
    for role, share in MIX.items():
        assert abs(counts[role] - share * len(everything)) <= 1.0, (role, counts[role])
    for split, rs in rows.items():
        split_counts = Counter(r["role"] for r in rs)
        for role, share in MIX.items():
            assert split_counts[role] >= 1, f"{split} has every role"
            assert abs(split_counts[role] - share * len(rs)) <= 1.0, (split, role, split_counts[role])


def test_ids_unique_across_splits():
    ids = [r["id"] for s in SPLITS for r in _rows(s)]
    assert len(ids) == len(set(ids)) == 298
