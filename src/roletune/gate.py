"""The `gate` stage: deploy / iterate / abort, with every reason and concrete next actions.

The rules are a data table (RULES). Each rule measures one thing about a candidate and says which
verdict it supports; a candidate's verdict is the worst of its rules. The gate judges every
fine-tuned candidate and picks the best verdict, preferring earlier quantization types in
`export.quant_types` (smaller files first) on a tie. Boundaries follow the seed recipe: deploy at
success ≥ 98% and mean latency < 12 s; iterate at 95–98% or 12–15 s; abort below 95% or above 15 s.

Against the base (issue #17). Base and fine-tune answer the same test examples, so the gate pairs
them by example id (eval/predictions.jsonl) and says which examples flipped each way, overall and
per role, with the exact McNemar p-value and a paired bootstrap of the graded score difference
(evaluate/paired.py). The thresholds still decide; the p-value says how much a gain can be trusted.

Which judges count (docs/judges.md). Success rates come from checks and the command and llm judges
only; an answer judged by reference similarity (chrF) alone is a diagnostic. A role whose examples
are all judged that way is not gated, and the reasons say so; a candidate with no gating judgement
at all cannot be deployed (verdict iterate) whatever its chrF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from roletune.config import Config, GateConfig
from roletune.context import RunContext
from roletune.evaluate.paired import compare, describe
from roletune.layout import BASE, DECISION_FILE, EVAL_METRICS_FILE, MODEL, PREDICTIONS_FILE, candidate, candidate_kind

DEPLOY, ITERATE, ABORT = "deploy", "iterate", "abort"
SEVERITY = {DEPLOY: 0, ITERATE: 1, ABORT: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    verdict: str
    reason: str
    action: str | None = None


Metrics = dict[str, Any]  # one candidate's entry of eval/metrics.json
Paired = dict[str, Any]  # the candidate vs the base on the same examples (evaluate/paired.py), or None


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _success_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> Finding:
    s = m["success"]
    if g.relative_to_base:
        if base is None:
            return Finding("success", ITERATE, "success is judged against the base, which was not evaluated",
                           "set eval.include_base: true")
        gain = s - base["success"]
        text = f"success {_pct(s)} is {100 * gain:+.1f} pt vs base {_pct(base['success'])}"
        test = f"; {describe(paired, g.significance)}" if paired else ""
        if gain >= g.deploy_min_gain:
            return Finding("success", DEPLOY, f"{text} (≥ {100 * g.deploy_min_gain:+.1f} pt){test}")
        if gain >= g.abort_min_gain:
            return Finding("success", ITERATE, f"{text} (< {100 * g.deploy_min_gain:+.1f} pt){test}",
                           "train longer or on more examples of the weakest role")
        return Finding("success", ABORT, f"{text} (< {100 * g.abort_min_gain:+.1f} pt){test}",
                       "check the data and the learning rate: the fine-tune made the model worse")
    if s >= g.deploy_min_success:
        return Finding("success", DEPLOY, f"success {_pct(s)} ≥ {_pct(g.deploy_min_success)}")
    if s >= g.abort_min_success:
        return Finding("success", ITERATE, f"success {_pct(s)} < {_pct(g.deploy_min_success)}",
                       "add examples for the weakest role, or train longer")
    return Finding("success", ABORT, f"success {_pct(s)} < {_pct(g.abort_min_success)}",
                   "the model is far from good enough: more data, a larger base model, or a different recipe")


def _latency_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> Finding:
    lat = m["mean_latency_s"]
    if lat < g.deploy_max_latency_s:
        return Finding("latency", DEPLOY, f"mean latency {lat:.2f} s < {g.deploy_max_latency_s:g} s")
    if lat <= g.abort_max_latency_s:
        return Finding("latency", ITERATE, f"mean latency {lat:.2f} s ≥ {g.deploy_max_latency_s:g} s",
                       "use a smaller quantization type or more threads, or cap max_tokens")
    return Finding("latency", ABORT, f"mean latency {lat:.2f} s > {g.abort_max_latency_s:g} s",
                   "use a smaller base model or quantization type")


def _role_regression_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> list[Finding]:
    if base is None:
        return [Finding("roles", ITERATE, "no base model evaluation: role regressions can't be checked",
                        "set eval.include_base: true")]
    findings = []
    for role, r in sorted(m.get("roles", {}).items()):
        b = base.get("roles", {}).get(role)
        if b is None or not r.get("gated", True) or not b.get("gated", True):
            continue
        drop = b["success"] - r["success"]
        if drop > g.max_role_regression + 1e-12:
            flips = (paired or {}).get("roles", {}).get(role)
            which = "" if not flips else (f"; lost {', '.join(flips['lost']) or 'none'}, gained "
                                          f"{', '.join(flips['gained']) or 'none'}, McNemar p = {flips['p_value']:.2g}")
            findings.append(Finding(
                "roles", ITERATE,
                f"{role} regressed: {_pct(r['success'])} vs base {_pct(b['success'])} (−{100 * drop:.1f} pt{which})",
                f"add {role} examples or set data.balance: upsample"))
    return findings or [Finding("roles", DEPLOY, "no role regresses against the base")]


def _floor_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> list[Finding]:
    """Nothing passes for either model: the test split can't tell them apart, so say that plainly."""
    if base is None or m["success"] > 0 or base["success"] > 0:
        return []
    n = m.get("n", "the")
    return [Finding("floor", ITERATE,
                    f"neither the base nor the fine-tune passes any of {n} test examples: the comparison is at its "
                    "floor and cannot show a gain (the base model is likely too small for these tasks)",
                    "use a larger base model (model.base) — see docs/results.md for what the fine-tune did change")]


def _judges_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> list[Finding]:
    """What is not gated: answers judged by reference similarity alone (a diagnostic)."""
    ref = m.get("reference") or {}
    if not ref.get("n"):
        return []
    if not m.get("n"):
        return [Finding("judges", ITERATE,
                        f"not gated: all {ref['n']} test answers are judged by reference similarity only (chrF "
                        f"{ref['chrf']:.1f}), a diagnostic that never decides", ACTION_JUDGE)]
    findings = []
    for role, r in sorted(m.get("roles", {}).items()):
        k = (r.get("reference") or {}).get("n", 0)
        if k and not r.get("gated", True):
            findings.append(Finding("judges", DEPLOY, f"{role} is not gated: its {k} examples are judged by "
                                    f"reference similarity only (chrF {r['reference']['chrf']:.1f})", ACTION_JUDGE))
        elif k:
            findings.append(Finding("judges", DEPLOY, f"{role}: {k} of {k + r['n']} examples are judged by reference "
                                    "similarity only and not counted in its success", ACTION_JUDGE))
    return findings


ACTION_JUDGE = "set eval.judge to command or llm (docs/judges.md), or give those examples checks"
# Rules that need gating judgements; without any (judges rule) only the others run.
NEEDS_GATED = ("success", "floor", "roles")

def _tool_rule(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None) -> list[Finding]:
    """Tool use (agent episodes of tool_use examples): a role whose valid-call rate drops vs the base
    regressed. A model that stopped calling tools has a rate of 0; a base that never called one sets
    no bar."""
    tools = m.get("tools")
    if not tools or base is None or not base.get("tools"):
        return []
    findings = []
    for role, t in sorted(tools["roles"].items()):
        b = base["tools"]["roles"].get(role)
        if not b or b["valid_call_rate"] is None:
            continue
        rate = t["valid_call_rate"] or 0.0
        drop = b["valid_call_rate"] - rate
        if drop > g.max_role_regression + 1e-12:
            findings.append(Finding("tools", ITERATE, f"{role} tool calls regressed: valid-call rate {_pct(rate)} "
                                    f"vs base {_pct(b['valid_call_rate'])} (−{100 * drop:.1f} pt)",
                                    f"add {role} tool-use examples (examples/agents/tools) or check the chat "
                                    "template's tool-call format"))
    return findings or [Finding("tools", DEPLOY, "no role's valid-call rate drops against the base")]


# The rule table: name → function of (candidate metrics, base metrics or None, gate config,
# the paired comparison with the base or None).
RULES: dict[str, Callable[[Metrics, Metrics | None, GateConfig, Paired | None], Finding | list[Finding]]] = {
    "judges": _judges_rule,
    "success": _success_rule,
    "floor": _floor_rule,
    "latency": _latency_rule,
    "roles": _role_regression_rule,
    "tools": _tool_rule,
}


def judge(m: Metrics, base: Metrics | None, g: GateConfig, paired: Paired | None = None) -> tuple[str, list[Finding]]:
    findings: list[Finding] = []
    gated = bool(m.get("n", 1))  # metrics from before the judges have n > 0
    for name, rule in RULES.items():
        if not gated and name in NEEDS_GATED:
            continue
        result = rule(m, base, g, paired)
        findings.extend(result if isinstance(result, list) else [result])
    verdict = max((f.verdict for f in findings), key=SEVERITY.__getitem__)
    return verdict, findings


def _quant_note(name: str, metrics: dict[str, Metrics], g: GateConfig, quant_types: list[str]) -> Finding | None:
    """A quantized file that loses more than gate.max_quant_loss vs the fine-tuned F16 file."""
    reference = next((k for k in metrics if candidate_kind(k) != BASE and k.upper().endswith(("F16", "F32", "BF16"))),
                     None)
    if reference is None or name == reference:
        return None
    loss = metrics[reference]["success"] - metrics[name]["success"]
    if loss <= g.max_quant_loss:
        return None
    qtype = name.split("-", 1)[-1]
    later = quant_types[quant_types.index(qtype) + 1 :] if qtype in quant_types else []
    action = f"try {later[0]}" if later else "add a larger quantization type (Q5_K_M, Q8_0) to export.quant_types"
    return Finding("quantization", ITERATE, f"{qtype} loses {100 * loss:.1f} pt vs {reference}", action)


def decide(metrics: dict[str, Metrics], config: Config,
           predictions: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The decision for the best fine-tuned candidate in `metrics` (eval/metrics.json's candidates);
    with `predictions` (eval/predictions.jsonl's rows), each candidate is also compared with the
    base example by example."""
    g = config.gate
    base_name = next((k for k in metrics if candidate_kind(k) == BASE), None)
    base = metrics.get(base_name) if base_name else None
    order = [candidate(MODEL, q) for q in config.export.quant_types]
    candidates = sorted((k for k in metrics if candidate_kind(k) != BASE),
                        key=lambda k: order.index(k) if k in order else len(order))
    if not candidates:
        return {"verdict": ABORT, "candidate": None, "reasons": ["no fine-tuned candidate was evaluated"],
                "next_actions": ["run the evaluate stage"], "candidates": {}, "baseline": None}
    paired = {name: compare(predictions, base_name, name) for name in candidates} if predictions and base_name else {}
    paired = {name: p for name, p in paired.items() if p["examples"]}  # a candidate without predictions: no test
    judged = {}
    for name in candidates:
        verdict, findings = judge(metrics[name], base, g, paired.get(name))
        note = _quant_note(name, metrics, g, config.export.quant_types)
        if note:
            findings.append(note)
            verdict = max(verdict, note.verdict, key=SEVERITY.__getitem__)
        judged[name] = (verdict, findings)
    quantized = [c for c in candidates if c in order] or candidates
    best = min(quantized, key=lambda c: (SEVERITY[judged[c][0]], quantized.index(c)))
    verdict, findings = judged[best]
    return {
        "verdict": verdict,
        "candidate": best,
        "reasons": _reasons(findings, g.relative_to_base and bool(paired)) or [f.reason for f in findings],
        "checks": [{"rule": f.rule, "verdict": f.verdict, "reason": f.reason} for f in findings],
        "next_actions": list(dict.fromkeys(f.action for f in findings
                                           if f.action and (f.verdict != DEPLOY or f.rule == "judges"))),
        "candidates": {c: {"verdict": v, "reasons": _reasons(fs, g.relative_to_base and bool(paired))}
                       for c, (v, fs) in judged.items()},
        "baseline": compare_baseline(metrics[best], g),
        "judges": metrics[best].get("judges"),  # which judge produced how many of the numbers above
        "paired": paired,
        "thresholds": g.model_dump(mode="json"),
    }


def _reasons(findings: list[Finding], gain_tested: bool) -> list[str]:
    """Why the verdict is not deploy; with a paired test of the gain over the base, the gain too
    (its p-value says how far a passing gain can be trusted)."""
    return [f.reason for f in findings
            if f.verdict != DEPLOY or (gain_tested and f.rule == "success") or f.rule == "judges"]


def compare_baseline(m: Metrics, g: GateConfig) -> dict[str, Any]:
    b = g.baseline
    size_gb = m.get("size_bytes", 0) / 1e9
    return {
        "name": b.name,
        "success": {"candidate": m["success"], "baseline": b.success,
                    "delta_pt": round(100 * (m["success"] - b.success), 2)},
        "mean_latency_s": {"candidate": m["mean_latency_s"], "baseline": b.mean_latency_s,
                           "speedup": (round(b.mean_latency_s / m["mean_latency_s"], 2)
                                       if m["mean_latency_s"] else None)},
        "size_gb": {"candidate": round(size_gb, 3), "baseline": b.size_gb,
                    "ratio": round(size_gb / b.size_gb, 4) if size_gb else None},
    }


def gate(ctx: RunContext) -> dict[str, Any]:
    from roletune.files import read_json, read_jsonl, write_json

    metrics = read_json(ctx.path(EVAL_METRICS_FILE))["candidates"]
    path = ctx.path(PREDICTIONS_FILE)  # a run from before issue #17 may lack it: no paired test then
    predictions = read_jsonl(path) if path.exists() else None
    decision = decide(metrics, ctx.config, predictions)
    write_json(ctx.path(DECISION_FILE), decision)
    ctx.console.print(f"[bold]verdict: {decision['verdict']}[/bold] ({decision['candidate']})")
    for reason in decision["reasons"]:
        ctx.console.print(f"  - {reason}")
    return {"verdict": decision["verdict"], "candidate": decision["candidate"]}
