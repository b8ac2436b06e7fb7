"""The `reference` judge: chrF, a graded character n-gram similarity of the answer to the reference.

chrF (Popović 2015) is the character 6-gram F-score with recall weighted twice (β = 2), on a 0–100
scale, as sacrebleu computes it (the implementation WMT reports with; `CHRF()` defaults: char order
6, word order 0, β 2, whitespace dropped). It says how close an answer's wording is to the reference,
not whether it is right: a correct answer in other words scores low and a near copy with one wrong
number scores high. So it is a diagnostic, computed for every answer, and never gates: an example
judged only by it has no pass or fail (docs/judges.md).
"""

from __future__ import annotations

from functools import cache


@cache
def _metric():
    from sacrebleu.metrics import CHRF  # lazily: only the evaluate stage needs it

    return CHRF()


def chrf(answer: str, reference: str) -> float:
    """chrF of `answer` against `reference`, 0–100 (0 when either is empty), rounded to 2 places."""
    if not answer.strip() or not reference.strip():
        return 0.0
    return round(float(_metric().sentence_score(answer, [reference]).score), 2)
