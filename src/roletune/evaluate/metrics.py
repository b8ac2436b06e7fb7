"""Success rates with Wilson intervals, mean graded scores with bootstrap intervals, latency
percentiles, per candidate and per role."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

Z95 = 1.959963984540054  # two-sided 95% normal quantile
BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED = 2000, 0
# How score_ci95 is computed (written into metrics.json beside it). A percentile bootstrap rather
# than a t-interval: scores are bounded and pile up at 0 and 1, and its interval stays in [0, 1].
SCORE_INTERVAL = (f"percentile bootstrap of the mean over examples, {BOOTSTRAP_RESAMPLES} resamples, "
                  f"seed {BOOTSTRAP_SEED}")


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; (0, 1) when there is no data."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_mean_interval(values: Sequence[float], *, level: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES,
                            seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of `values`; (0, 1) when there are none."""
    x = np.asarray(values, dtype=float)  # (n,)
    if x.size == 0:
        return (0.0, 1.0)
    means = x[np.random.default_rng(seed).integers(0, x.size, size=(resamples, x.size))].mean(axis=1)  # (resamples,)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return (float(lo), float(hi))


def _score(scores: Sequence[float]) -> dict[str, Any]:
    lo, hi = bootstrap_mean_interval(scores)
    return {"score": round(float(np.mean(scores)), 4) if scores else 0.0, "score_ci95": [round(lo, 4), round(hi, 4)]}


def _rate(passed: Sequence[bool]) -> dict[str, Any]:
    k, n = sum(passed), len(passed)
    lo, hi = wilson_interval(k, n)
    return {"success": k / n if n else 0.0, "passed": k, "n": n, "ci95": [round(lo, 4), round(hi, 4)]}


def _share(flags: Sequence[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def candidate_metrics(rows: Sequence[dict[str, Any]], *, size_bytes: int, peak_rss_bytes: int) -> dict[str, Any]:
    """rows: one prediction per example (passed, score, role, latency_s, ttft_s, completion_tokens, …)."""
    latencies = np.asarray([r["latency_s"] for r in rows], dtype=float)
    by_role: dict[str, list[bool]] = defaultdict(list)
    formed: dict[str, list[bool]] = defaultdict(list)
    scores: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_role[r["role"]].append(bool(r["passed"]))
        formed[r["role"]].append(bool(r.get("well_formed", r["passed"])))
        scores[r["role"]].append(float(r["score"]))
    tokens = sum(r["completion_tokens"] for r in rows)
    decode_time = sum(max(r["latency_s"] - r["ttft_s"], 0.0) for r in rows)
    decode_tokens = sum(max(r["completion_tokens"] - 1, 0) for r in rows)
    return {
        **_rate([bool(r["passed"]) for r in rows]),
        # Graded, beside success (never gated): the mean share of each check's parts met.
        **_score([float(r["score"]) for r in rows]),
        "roles": {role: _rate(v) | _score(scores[role]) | {"well_formed": _share(formed[role])}
                  for role, v in sorted(by_role.items())},
        # A diagnostic beside success (never gated): answers that keep their role's contract.
        "well_formed": _share([x for v in formed.values() for x in v]),
        "mean_latency_s": round(float(latencies.mean()), 4) if len(rows) else 0.0,
        "p95_latency_s": round(float(np.percentile(latencies, 95)), 4) if len(rows) else 0.0,
        "mean_ttft_s": round(float(np.mean([r["ttft_s"] for r in rows])), 4) if len(rows) else 0.0,
        "completion_tokens": tokens,
        "tokens_per_s": round(decode_tokens / decode_time, 2) if decode_time > 0 else 0.0,
        "stopped_at_max_tokens": sum(r["finish_reason"] == "length" for r in rows),
        "size_bytes": size_bytes,
        "peak_rss_bytes": peak_rss_bytes,
        **({"tools": tool_metrics(rows)} if any("tool_calls" in r for r in rows) else {}),
    }


def _tool_rates(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    calls = sum(r["tool_calls"] for r in rows)
    return {
        "n": len(rows),
        "success": _share([bool(r["passed"]) for r in rows]),
        # Pooled over calls; None where the model made no call (then there is nothing to rate).
        "valid_call_rate": round(sum(r["valid_calls"] for r in rows) / calls, 4) if calls else None,
        "right_tool_rate": round(sum(r["right_tool_calls"] for r in rows) / calls, 4) if calls else None,
        "call_rate": _share([r["tool_calls"] > 0 for r in rows]),  # episodes with at least one call
        "calls": calls,
        "mean_turns": round(float(np.mean([r["turns"] for r in rows])), 3) if rows else 0.0,
        "ended": {e: sum(r["ended"] == e for r in rows) for e in ("answer", "max_turns", "tool_failure")},
    }


def tool_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Agent episodes (tool_use examples) of one candidate, over all and per role: task success,
    valid-call rate (arguments parse as a JSON object of a declared tool and hold to its schema),
    right-tool rate (calls naming a tool the reference conversation calls), call rate, turns used."""
    episodes = [r for r in rows if "tool_calls" in r]
    by_role: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in episodes:
        by_role[r["role"]].append(r)
    return {**_tool_rates(episodes), "roles": {role: _tool_rates(v) for role, v in sorted(by_role.items())}}
