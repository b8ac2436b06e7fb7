"""Quantization cost of a GGUF against its F16 reference, with `llama-perplexity --kl-divergence` definitions.

Definitions follow llama.cpp tools/perplexity/perplexity.cpp (kl_divergence, log_softmax,
mean_and_uncertainty, percentile). For every scored position i (the token at i+1 is known):

  KLD_i      = Σ_v p_base(v) · (log p_base(v) − log p_q(v))        KL(base ‖ quant), nats
  same top   = argmax logits_q == argmax logits_base
  Δp_i       = p_q(t) − p_base(t) for the correct next token t
  NLL_i      = −log p(t); PPL = exp(mean NLL); PPL ratio = exp(mean NLL_q − mean NLL_base)

  mean ± uncertainty: mean = Σx/n, uncertainty = sqrt((Σx²/n − mean²) / (n − 1))
  RMS Δp = sqrt(mean Δp²);   percentiles interpolate linearly between sorted values.

Two deliberate differences, both in the direction of exactness: the reference log-probabilities
are kept in float64 rather than llama.cpp's 16-bit compressed form, and no term with
log p_base ≤ −16 is dropped (llama.cpp stores reference log-probs in steps of 16/65535 nats).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """(T, V) logits → (T, V) float64 log-probabilities."""
    x = np.asarray(logits, dtype=np.float64)
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def mean_and_uncertainty(total: float, total2: float, n: int) -> tuple[float, float]:
    """llama.cpp's mean_and_uncertainty: the mean and its standard error (0 for 10 values or fewer)."""
    if n < 1:
        return 0.0, 0.0
    mean = total / n
    var = total2 / n - mean * mean
    return mean, math.sqrt(var / (n - 1)) if var > 0 and n > 10 else 0.0


def percentile(sorted_values: np.ndarray, fraction: float) -> float:
    """llama.cpp's percentile: linear interpolation on sorted values."""
    if fraction <= 0:
        return float(sorted_values[0])
    if fraction >= 1:
        return float(sorted_values[-1])
    p = fraction * (len(sorted_values) - 1)
    ip = int(p)
    p -= ip
    return float((1 - p) * sorted_values[ip] + p * sorted_values[min(ip + 1, len(sorted_values) - 1)])


ROWS_AT_ONCE = 128  # positions per float64 block: 128 × 152k vocabulary × 8 B ≈ 150 MB per array


def per_token(base_logits: np.ndarray, q_logits: np.ndarray, targets: np.ndarray) -> dict[str, np.ndarray]:
    """Per-position statistics of one sequence.

    base_logits, q_logits: (T, V) logits at positions whose next token is known;
    targets: (T,) those next tokens.
    """
    if base_logits.shape != q_logits.shape or len(targets) != len(base_logits):
        raise ValueError(f"shapes differ: {base_logits.shape}, {q_logits.shape}, targets {len(targets)}")
    blocks = [_block(base_logits[i: i + ROWS_AT_ONCE], q_logits[i: i + ROWS_AT_ONCE], targets[i: i + ROWS_AT_ONCE])
              for i in range(0, len(targets), ROWS_AT_ONCE)]
    return {key: np.concatenate([b[key] for b in blocks]) for key in blocks[0]} if blocks else \
        {key: np.zeros(0) for key in ("kld", "same_top", "p_diff", "nll", "nll_base")}


def _block(base_logits: np.ndarray, q_logits: np.ndarray, targets: np.ndarray) -> dict[str, np.ndarray]:
    lp_base = log_softmax(base_logits)  # (t, V)
    lp_q = log_softmax(q_logits)  # (t, V)
    kld = (np.exp(lp_base) * (lp_base - lp_q)).sum(axis=-1)  # (t,)
    rows = np.arange(len(targets))
    nll_base = -lp_base[rows, targets]
    nll_q = -lp_q[rows, targets]
    return {
        "kld": kld,
        "same_top": np.argmax(q_logits, axis=-1) == np.argmax(base_logits, axis=-1),
        "p_diff": np.exp(-nll_q) - np.exp(-nll_base),
        "nll": nll_q,
        "nll_base": nll_base,
    }


@dataclass
class KLDAccumulator:
    """Collects per_token() results over sequences and reduces them like llama-perplexity does."""

    parts: dict[str, list[np.ndarray]] = field(default_factory=lambda: {k: [] for k in
                                                                     ("kld", "same_top", "p_diff", "nll", "nll_base")})

    def add(self, base_logits: np.ndarray, q_logits: np.ndarray, targets: np.ndarray) -> None:
        for key, values in per_token(base_logits, q_logits, targets).items():
            self.parts[key].append(values)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.parts["kld"])

    def result(self) -> dict[str, Any]:
        v = {k: np.concatenate(p) if p else np.zeros(0) for k, p in self.parts.items()}
        return summarize(v["kld"], v["same_top"], v["p_diff"], v["nll"], v["nll_base"])


def summarize(kld: np.ndarray, same_top: np.ndarray, p_diff: np.ndarray, nll: np.ndarray,
              nll_base: np.ndarray) -> dict[str, Any]:
    n = len(kld)
    if n == 0:
        raise ValueError("no scored tokens")
    kld_mean, kld_unc = mean_and_uncertainty(kld.sum(), (kld**2).sum(), n)
    dp_mean, dp_unc = mean_and_uncertainty(p_diff.sum(), (p_diff**2).sum(), n)
    mse, mse_unc = mean_and_uncertainty((p_diff**2).sum(), (p_diff**4).sum(), n)
    rms = math.sqrt(mse)
    log_ppl, log_ppl_unc = mean_and_uncertainty(nll.sum(), (nll**2).sum(), n)
    log_ppl_base, log_ppl_base_unc = mean_and_uncertainty(nll_base.sum(), (nll_base**2).sum(), n)
    # covariance of the two mean log-PPLs, as llama.cpp's covariance() (0 below 10 values)
    cov = ((nll * nll_base).sum() / n - log_ppl * log_ppl_base) / (n - 1) if n >= 10 else 0.0
    ln_ratio = log_ppl - log_ppl_base
    ln_ratio_unc = math.sqrt(max(log_ppl_unc**2 + log_ppl_base_unc**2 - 2 * cov, 0.0))
    same = float(np.mean(same_top))
    ks = np.sort(kld)
    median = float(0.5 * (ks[n // 2] + ks[n // 2 - 1])) if n % 2 == 0 else float(ks[n // 2])
    return {
        "tokens": n,
        "mean_kld": float(kld_mean),
        "mean_kld_unc": float(kld_unc),
        "median_kld": median,
        "p90_kld": percentile(ks, 0.90),
        "p99_kld": percentile(ks, 0.99),
        "max_kld": float(ks[-1]),
        "same_top_p": same,
        "same_top_p_unc": math.sqrt(same * (1 - same) / (n - 1)) if n > 1 else 0.0,
        "mean_delta_p": float(dp_mean),
        "mean_delta_p_unc": float(dp_unc),
        "rms_delta_p": rms,
        "rms_delta_p_unc": 0.5 / rms * mse_unc if rms > 0 else 0.0,
        "max_abs_delta_p": float(np.abs(p_diff).max()),
        "ppl": math.exp(log_ppl),
        "ppl_base": math.exp(log_ppl_base),
        "ln_ppl_ratio": float(ln_ratio),
        "ln_ppl_ratio_unc": ln_ratio_unc,
        "ppl_ratio": math.exp(ln_ratio),
    }
