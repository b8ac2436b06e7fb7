"""A fine-tuned candidate against the base on the same test examples: a paired comparison (issue #17).

Both models answered every example, so what the fine-tune changed is in the examples whose outcome
flipped: `gained` (the base failed, the candidate passes) and `lost` (the reverse). Whether the
flips lean one way by more than chance is the exact McNemar test: under "no difference" each of
the b + c discordant examples is a fair coin, so the two-sided p-value is a binomial test of
min(b, c) in b + c trials at p = 1/2. The secondary line is the graded score (checks.py): a paired
bootstrap (the same resampled examples for both models) of the mean score difference.

Rows are eval/predictions.jsonl lines: {"candidate", "id", "role", "judge", "passed", "score", ...}.
Only rows of gating judges are compared (judges.gating): an answer judged by reference similarity
alone has no pass or fail to flip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from roletune.evaluate.judges import gating
from roletune.evaluate.metrics import bootstrap_mean_interval


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value for b and c discordant pairs (1.0 when there are none)."""
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2**n
    return min(1.0, 2 * tail)


def _flips(pairs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    gained = sorted(c["id"] for b, c in pairs if c["passed"] and not b["passed"])
    lost = sorted(c["id"] for b, c in pairs if b["passed"] and not c["passed"])
    return {"examples": len(pairs), "gained": gained, "lost": lost,
            "p_value": round(mcnemar_exact(len(gained), len(lost)), 6)}


def compare(predictions: Sequence[dict[str, Any]], base: str, candidate: str) -> dict[str, Any]:
    """Flips, McNemar p and the paired score difference of `candidate` vs `base`, overall and per role,
    over the examples both answered (`unpaired`: examples only one of them answered)."""
    rows = {name: {r["id"]: r for r in predictions if r["candidate"] == name and gating(r.get("judge"))}
            for name in (base, candidate)}
    ids = sorted(rows[base].keys() & rows[candidate].keys())
    pairs = [(rows[base][i], rows[candidate][i]) for i in ids]
    result = {"base": base, **_flips(pairs), "unpaired": len(rows[base].keys() ^ rows[candidate].keys()),
              "score_diff": None, "score_diff_ci95": None}
    if pairs and all("score" in b and "score" in c for b, c in pairs):  # runs before issue #20 have no scores
        diffs = [float(c["score"]) - float(b["score"]) for b, c in pairs]
        lo, hi = bootstrap_mean_interval(diffs)
        result |= {"score_diff": round(sum(diffs) / len(diffs), 4), "score_diff_ci95": [round(lo, 4), round(hi, 4)]}
    roles = sorted({c["role"] for _, c in pairs})
    result["roles"] = {role: _flips([(b, c) for b, c in pairs if c["role"] == role]) for role in roles}
    return result


def describe(paired: dict[str, Any], alpha: float) -> str:
    """One line for the gate's reasons: '3 gained / 1 lost, McNemar p = 0.62: not significant at 31 examples'."""
    p, n = paired["p_value"], paired["examples"]
    verdict = f"significant at α = {alpha:g}" if p < alpha else f"not significant at {n} examples"
    text = f"{len(paired['gained'])} gained / {len(paired['lost'])} lost, McNemar p = {p:.2g}: {verdict}"
    if paired["score_diff"] is not None:
        lo, hi = paired["score_diff_ci95"]
        text += f"; graded score {paired['score_diff']:+.3f} vs base (paired bootstrap 95% CI {lo:+.3f} to {hi:+.3f})"
    return text
