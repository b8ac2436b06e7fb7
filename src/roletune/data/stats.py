"""Role mix and token-length statistics of the splits."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

PERCENTILES = (50, 90, 95, 99, 100)


def role_mix(roles: Sequence[str]) -> dict[str, dict[str, float]]:
    counts = Counter(roles)
    total = max(1, len(roles))
    return {role: {"count": n, "share": round(n / total, 4)}
            for role, n in sorted(counts.items(), key=lambda kv: -kv[1])}


def length_percentiles(lengths: Sequence[int]) -> dict[str, float]:
    if not lengths:
        return {}
    arr = np.asarray(lengths)
    return {f"p{p}": float(np.percentile(arr, p)) for p in PERCENTILES} | {"mean": round(float(arr.mean()), 1)}


def split_stats(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """rows: {"role", "n_tokens", "n_assistant"} per example."""
    by_role: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        by_role[r["role"]].append(r["n_tokens"])
    total_tokens = sum(r["n_tokens"] for r in rows)
    assistant = sum(r["n_assistant"] for r in rows)
    return {
        "examples": len(rows),
        "roles": role_mix([r["role"] for r in rows]),
        "tokens": total_tokens,
        "assistant_token_share": round(assistant / total_tokens, 4) if total_tokens else 0.0,
        "length": length_percentiles([r["n_tokens"] for r in rows]),
        "length_by_role": {role: length_percentiles(v) for role, v in sorted(by_role.items())},
    }


def dataset_stats(splits: dict[str, Sequence[dict[str, Any]]]) -> dict[str, Any]:
    everything = [r for rows in splits.values() for r in rows]
    return {"splits": {name: split_stats(rows) for name, rows in splits.items()}, "overall": split_stats(everything)}
