"""The gate's verdict boundaries, table-driven."""

from __future__ import annotations

import pytest

from roletune.config import load_config
from roletune.gate import ABORT, DEPLOY, ITERATE, decide


def _m(success, latency=5.0, roles=None, size=100e6):
    roles = roles or {"coder": success, "tester": success}
    return {"success": success, "mean_latency_s": latency, "size_bytes": size,
            "roles": {r: {"success": s, "n": 10} for r, s in roles.items()}}


BASE = _m(0.90)

CASES = [
    # (name, candidate metrics, base metrics, overrides, expected verdict, expected text in reasons)
    ("98% exactly deploys", _m(0.98, 11.99), BASE, [], DEPLOY, "98.0% ≥ 98.0%"),
    ("just under 98% iterates", _m(0.9799, 5), BASE, [], ITERATE, "< 98.0%"),
    ("95% exactly iterates", _m(0.95, 5), BASE, [], ITERATE, "95.0% < 98.0%"),
    ("below 95% aborts", _m(0.9499, 5), BASE, [], ABORT, "< 95.0%"),
    ("12 s exactly iterates", _m(0.99, 12.0), BASE, [], ITERATE, "12.00 s ≥ 12 s"),
    ("15 s exactly iterates", _m(0.99, 15.0), BASE, [], ITERATE, "15.00 s ≥ 12 s"),
    ("over 15 s aborts", _m(0.99, 15.01), BASE, [], ABORT, "15.01 s > 15 s"),
    ("one role regressing iterates", _m(0.99, 5, {"coder": 1.0, "tester": 0.85}), BASE, [], ITERATE,
     "tester regressed"),
    ("regression within allowance deploys", _m(0.99, 5, {"coder": 1.0, "tester": 0.88}), BASE,
     ["gate.max_role_regression=0.05"], DEPLOY, "no role regresses"),
    ("missing base iterates", _m(0.99, 5), None, [], ITERATE, "no base model evaluation"),
    ("relative: gain deploys", _m(0.30, 5), _m(0.20), ["gate.relative_to_base=true"], DEPLOY, "+10.0 pt"),
    ("relative: small loss iterates", _m(0.18, 5), _m(0.20), ["gate.relative_to_base=true"], ITERATE, "-2.0 pt"),
    ("relative: big loss aborts", _m(0.10, 5), _m(0.20), ["gate.relative_to_base=true"], ABORT, "-10.0 pt"),
    ("relative: both at zero says the test is at its floor", _m(0.0, 5), _m(0.0), ["gate.relative_to_base=true"],
     ITERATE,
     "neither the base nor the fine-tune passes"),
    ("relative: one pass is off the floor", _m(1 / 31, 5), _m(0.0), ["gate.relative_to_base=true"], DEPLOY, "+3.2 pt"),
]


@pytest.mark.parametrize(("name", "cand", "base", "overrides", "verdict", "text"), CASES, ids=[c[0] for c in CASES])
def test_verdict_boundaries(name, cand, base, overrides, verdict, text):
    config = load_config(None, ["export.quant_types=[Q4_K_M]", *overrides])
    metrics = {"model-Q4_K_M": cand}
    if base is not None:
        metrics["base-Q4_K_M"] = base
    decision = decide(metrics, config)
    assert decision["verdict"] == verdict
    assert decision["candidate"] == "model-Q4_K_M"
    assert any(text in r for r in decision["reasons"]), decision["reasons"]
    if verdict != DEPLOY:
        assert decision["next_actions"], "a verdict other than deploy comes with next actions"


def test_missing_candidate_aborts():
    decision = decide({"base-Q4_K_M": BASE}, load_config(None))
    assert decision["verdict"] == ABORT and decision["candidate"] is None


def test_quantization_loss_falls_back_to_the_next_type():
    config = load_config(None)  # Q4_K_M, Q5_K_M, Q8_0
    metrics = {"base-Q4_K_M": BASE, "model-F16": _m(0.99), "model-Q4_K_M": _m(0.95), "model-Q5_K_M": _m(0.985),
               "model-Q8_0": _m(0.99)}
    decision = decide(metrics, config)
    assert decision["candidate"] == "model-Q5_K_M" and decision["verdict"] == DEPLOY
    all_lossy = decide({**metrics, "model-Q5_K_M": _m(0.95), "model-Q8_0": _m(0.95)}, config)
    assert all_lossy["candidate"] == "model-Q4_K_M" and "try Q5_K_M" in all_lossy["next_actions"]
    q4 = decision["candidates"]["model-Q4_K_M"]
    assert q4["verdict"] == ITERATE and any("Q4_K_M loses 4.0 pt vs model-F16" in r for r in q4["reasons"])


def test_baseline_comparison():
    decision = decide({"base-Q4_K_M": BASE, "model-Q4_K_M": _m(0.99, 2.01, size=1.55e9)},
                      load_config(None, ["export.quant_types=[Q4_K_M]"]))
    b = decision["baseline"]
    assert b["success"]["delta_pt"] == pytest.approx(0.3)
    assert b["mean_latency_s"]["speedup"] == pytest.approx(10.0)
    assert b["size_gb"]["candidate"] == pytest.approx(1.55)


# -- the paired comparison with the base (issue #17) -------------------------------------------------------


@pytest.mark.parametrize(("b", "c", "p"), [(1, 8, 0.0390625), (8, 1, 0.0390625), (0, 0, 1.0), (3, 1, 0.625),
                                           (0, 5, 0.0625), (5, 5, 1.0), (0, 1, 1.0)])
def test_mcnemar_exact_p_values(b, c, p):
    from roletune.evaluate.paired import mcnemar_exact

    assert mcnemar_exact(b, c) == pytest.approx(p, abs=1e-12)


def _rows(candidate: str, outcomes: dict[str, bool]) -> list[dict]:
    return [{"candidate": candidate, "id": i, "role": i.split("-")[0], "passed": ok, "score": 1.0 if ok else 0.25}
            for i, ok in outcomes.items()]


# 31 examples: the fine-tune gains coder-1, coder-2, researcher-3 and loses tester-2; 27 agree.
BASE_OUT = {f"coder-{i}": False for i in range(1, 9)} | {f"tester-{i}": i == 2 for i in range(1, 9)} \
    | {f"researcher-{i}": i < 3 for i in range(1, 8)} | {f"coordinator-{i}": False for i in range(1, 9)}
MODEL_OUT = BASE_OUT | {"coder-1": True, "coder-2": True, "researcher-3": True, "tester-2": False}
PREDICTIONS = _rows("base-Q4_K_M", BASE_OUT) + _rows("model-Q4_K_M", MODEL_OUT)


def _metrics_of(outcomes: dict[str, bool]) -> dict:
    roles = {}
    for i, ok in outcomes.items():
        roles.setdefault(i.split("-")[0], []).append(ok)
    return _m(sum(outcomes.values()) / len(outcomes), roles={r: sum(v) / len(v) for r, v in roles.items()}) | {"n": 31}


def test_the_gain_over_base_is_tested_paired_and_the_flips_are_named():
    config = load_config(None, ["export.quant_types=[Q4_K_M]", "gate.relative_to_base=true"])
    metrics = {"base-Q4_K_M": _metrics_of(BASE_OUT), "model-Q4_K_M": _metrics_of(MODEL_OUT)}
    decision = decide(metrics, config, PREDICTIONS)
    paired = decision["paired"]["model-Q4_K_M"]
    assert (paired["gained"], paired["lost"]) == (["coder-1", "coder-2", "researcher-3"], ["tester-2"])
    assert paired["examples"] == 31 and paired["p_value"] == 0.625 and paired["unpaired"] == 0
    assert paired["roles"]["coder"] == {"examples": 8, "gained": ["coder-1", "coder-2"], "lost": [], "p_value": 0.5}
    assert paired["roles"]["tester"]["lost"] == ["tester-2"] and paired["roles"]["coordinator"]["p_value"] == 1.0
    assert paired["score_diff"] == pytest.approx(2 * 0.75 / 31, abs=1e-4)  # 3 × +0.75, 1 × −0.75
    lo, hi = paired["score_diff_ci95"]
    assert lo < paired["score_diff"] < hi
    success = next(c["reason"] for c in decision["checks"] if c["rule"] == "success")
    assert success.startswith("success 16.1% is +6.5 pt vs base 9.7% (≥ +0.0 pt); 3 gained / 1 lost, "
                              "McNemar p = 0.62: not significant at 31 examples; graded score +0.048 vs base "
                              "(paired bootstrap 95% CI "), success
    assert decision["verdict"] == ITERATE  # the thresholds still decide: tester regressed by one example
    assert decision["reasons"][0] == success, "a tested gain is among the reasons even when it passes its threshold"
    regressed = next(r for r in decision["reasons"] if r.startswith("tester regressed"))
    assert "lost tester-2, gained none, McNemar p = 1" in regressed


def test_a_significant_paired_gain_says_so():
    base = {f"coder-{i}": i == 0 for i in range(1, 11)}
    model = {f"coder-{i}": i != 10 for i in range(1, 11)}  # 9 gained, 0 lost: p = 2/2^9
    config = load_config(None, ["export.quant_types=[Q4_K_M]", "gate.relative_to_base=true"])
    decision = decide({"base-Q4_K_M": _metrics_of(base), "model-Q4_K_M": _metrics_of(model)}, config,
                      _rows("base-Q4_K_M", base) + _rows("model-Q4_K_M", model))
    assert decision["verdict"] == DEPLOY
    assert "9 gained / 0 lost, McNemar p = 0.0039: significant at α = 0.05" in decision["reasons"][0]


def test_without_predictions_the_gate_decides_as_before():
    config = load_config(None, ["export.quant_types=[Q4_K_M]", "gate.relative_to_base=true"])
    decision = decide({"base-Q4_K_M": _m(0.2), "model-Q4_K_M": _m(0.3)}, config)
    assert decision["paired"] == {} and decision["verdict"] == DEPLOY and "McNemar" not in decision["reasons"][0]
