"""One file (or several that are not the splits) → train/val/test, role-stratified and deterministic.

Sizes: every split but the last gets ⌊N·ratio⌋ examples and the last (test) the rest, so 80/10/10
of the shipped set's 298 examples is 238/29/31. Per role: each held-out split gets ⌊n_role·ratio⌋,
then the examples its total still lacks go one each to the roles with the largest remainders (ties
by role name); train takes the rest of every role. Which examples: within a role, ordered by the
sha256 of their id, val first, then test. No random state: the same ids give the same split.

The split is recorded in the run (layout.SPLITS_FILE: the ids of each split, the source files'
sha256). A rerun keeps every recorded assignment (a test example never moves into train), places
only new examples, and says what changed since the record.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from roletune.files import read_json, sha256_tree

SPLITS = ("train", "val", "test")
HELD_OUT = ("val", "test")


def _exact(ratio: float) -> Fraction:
    return Fraction(str(ratio))  # 0.1 as one tenth, not the nearest double


def split_sizes(n: int, ratios: Sequence[float]) -> dict[str, int]:
    """Examples per split: ⌊n·ratio⌋ for all but the last split, which gets the rest."""
    sizes = {name: int(n * _exact(r)) for name, r in zip(SPLITS[:-1], ratios[:-1])}
    sizes[SPLITS[-1]] = n - sum(sizes.values())
    return sizes


def allocate(counts: Mapping[str, int], ratios: Sequence[float]) -> dict[str, dict[str, int]]:
    """role → split → examples, meeting split_sizes of the total (see the module doc)."""
    totals = split_sizes(sum(counts.values()), ratios)
    share = dict(zip(SPLITS, (_exact(r) for r in ratios)))
    alloc = {role: {name: int(n * share[name]) for name in HELD_OUT} for role, n in counts.items()}
    for name in HELD_OUT:
        short = totals[name] - sum(a[name] for a in alloc.values())
        order = sorted(counts, key=lambda role: (-((counts[role] * share[name]) % 1), role))
        while short > 0:  # more than one pass only when the split is short by more than there are roles
            given = 0
            for role in order:
                if short > 0 and counts[role] - sum(alloc[role].values()) > 0:  # the role has one to give
                    alloc[role][name] += 1
                    short, given = short - 1, given + 1
            if not given:
                break
    for role, n in counts.items():
        alloc[role]["train"] = n - sum(alloc[role][s] for s in HELD_OUT)
    return {role: {s: alloc[role][s] for s in SPLITS} for role in counts}


def _order(ex_id: str) -> str:
    return hashlib.sha256(ex_id.encode("utf-8")).hexdigest()


@dataclass
class SplitResult:
    assignment: dict[str, str]  # example id → split
    kept: int = 0  # assignments taken from the recorded split
    added: list[str] = field(default_factory=list)  # ids new since the record
    removed: list[str] = field(default_factory=list)  # recorded ids no longer in the data
    changed_files: list[str] = field(default_factory=list)  # sources whose sha256 differs from the record

    def ids(self, split: str) -> list[str]:
        return sorted(i for i, s in self.assignment.items() if s == split)

    def describe(self) -> str:
        sizes = " / ".join(f"{s} {len(self.ids(s))}" for s in SPLITS)
        if not self.kept:
            return f"split (role-stratified): {sizes}"
        change = (f"; changed since the recorded split: {', '.join(self.changed_files)} "
                  f"({len(self.added)} new, {len(self.removed)} gone)") if self.changed_files else ""
        return f"split: {sizes}; {self.kept} assignment(s) kept from the recorded split{change}"


def split_examples(roles_by_id: Mapping[str, str], ratios: Sequence[float],
                   recorded: Mapping[str, str] | None = None) -> SplitResult:
    """Assign every example id (with its role) to a split; `recorded` assignments are kept."""
    recorded = {i: s for i, s in (recorded or {}).items() if i in roles_by_id}
    by_role: dict[str, list[str]] = defaultdict(list)
    for ex_id, role in roles_by_id.items():
        by_role[role].append(ex_id)
    alloc = allocate({role: len(ids) for role, ids in sorted(by_role.items())}, ratios)
    assignment: dict[str, str] = dict(recorded)
    added = []
    for role, ids in sorted(by_role.items()):
        fresh = sorted((i for i in ids if i not in recorded), key=_order)
        room = {s: max(0, alloc[role][s] - sum(1 for i in ids if recorded.get(i) == s)) for s in SPLITS}
        for ex_id in fresh:
            split = next((s for s in ("val", "test", "train") if room[s] > 0), "train")
            room[split] -= 1
            assignment[ex_id] = split
        added += fresh if recorded else []
    return SplitResult(assignment, kept=len(recorded), added=sorted(added))


# -- the record in the run ----------------------------------------------------------------------------


def source_digests(paths: Sequence[Path]) -> dict[str, str]:
    return {str(p): sha256_tree(p) for p in paths}


def split_record(result: SplitResult, ratios: Sequence[float], sources: Mapping[str, str],
                 roles_by_id: Mapping[str, str]) -> dict[str, Any]:
    return {"ratios": list(ratios), "sources": dict(sources),
            "sizes": {s: len(result.ids(s)) for s in SPLITS},
            "ids": {s: [{"id": i, "role": roles_by_id[i]} for i in result.ids(s)] for s in SPLITS}}


def recorded_split(path: Path, ratios: Sequence[float]) -> tuple[dict[str, str], dict[str, str]] | None:
    """(id → split, source → sha256) of a recorded split made with the same ratios, else None."""
    if not path.is_file():
        return None
    record = read_json(path)
    if [float(r) for r in record.get("ratios", [])] != [float(r) for r in ratios]:
        return None
    assignment = {row["id"]: split for split, rows in record["ids"].items() for row in rows}
    return assignment, dict(record.get("sources", {}))


def split_with_record(roles_by_id: Mapping[str, str], ratios: Sequence[float], sources: Mapping[str, str],
                      record_path: Path) -> SplitResult:
    """split_examples, keeping the run's recorded split (same ratios) and saying what changed since."""
    previous = recorded_split(record_path, ratios)
    if previous is None:
        return split_examples(roles_by_id, ratios)
    assignment, old_sources = previous
    result = split_examples(roles_by_id, ratios, assignment)
    result.removed = sorted(set(assignment) - set(roles_by_id))
    result.changed_files = sorted(p for p in set(sources) | set(old_sources) if sources.get(p) != old_sources.get(p))
    return result
