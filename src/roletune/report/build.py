"""The `report` stage: report.html (self-contained), summary.json, and a short terminal summary.

The page is ordered for a reader with one minute: the verdict and its reasons, then success per
role per candidate, latency and size, the loss curves with the early-stop point, the parity and
quantization-cost tables, the worst failing examples, and finally lineage and versions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from roletune.context import RunContext
from roletune.evaluate.judges import gating
from roletune.files import read_json, read_jsonl, write_json, write_text
from roletune.layout import (
    ADAPTER_META,
    BASE,
    BEST_DIR,
    DECISION_FILE,
    EVAL_METRICS_FILE,
    KLD_FILE,
    MANIFEST_FILE,
    OLLAMA_DIR,
    PARITY_FILE,
    PREDICTIONS_FILE,
    REPORT_FILE,
    SMOKE_FILE,
    SUMMARY_FILE,
    TRAIN_METRICS_FILE,
    candidate_kind,
    gguf_file,
)
from roletune.report import plots

TEMPLATE = Path(__file__).with_name("report.html.j2")
WORST_SHOWN = 8


def _read(path: Path, default: Any = None) -> Any:
    return read_json(path) if path.exists() else default


def worst_failures(predictions: list[dict[str, Any]], candidate: str, base: str | None) -> list[dict[str, Any]]:
    """Failed answers of the chosen candidate, those the base got right first (regressions)."""
    base_passed = {p["id"] for p in predictions if p["candidate"] == base and p.get("passed")}
    failed = [p for p in predictions if p["candidate"] == candidate and not p.get("passed")
              and gating(p.get("judge"))]  # an answer judged by reference similarity alone did not fail
    failed.sort(key=lambda p: (p["id"] not in base_passed, p["role"], p["id"]))
    return [{**p, "regression": p["id"] in base_passed, "answer": p["answer"][:600]} for p in failed[:WORST_SHOWN]]


def judging(candidates: dict[str, Any]) -> list[dict[str, Any]]:
    """Per role: which judges produced its numbers (examples each), whether it is gated, and the chrF
    diagnostic of each candidate."""
    roles = sorted({r for m in candidates.values() for r in m.get("roles", {})})
    rows = []
    for role in roles:
        first = next(m["roles"][role] for m in candidates.values() if role in m.get("roles", {}))
        rows.append({"role": role, "judges": first.get("judges") or {"check": first.get("n")},
                     "gated": first.get("gated", True),
                     "chrf": {name: m["roles"].get(role, {}).get("chrf") for name, m in candidates.items()}})
    return rows


def collect(root: Path) -> dict[str, Any]:
    """Everything the report shows, from the run directory's artifacts."""
    decision = _read(root / DECISION_FILE, {})
    metrics = _read(root / EVAL_METRICS_FILE, {"candidates": {}})
    manifest = _read(root / MANIFEST_FILE, {})
    train_rows = read_jsonl(root / TRAIN_METRICS_FILE, missing_ok=True)
    best = _read(root / BEST_DIR / ADAPTER_META, {})
    predictions = read_jsonl(root / PREDICTIONS_FILE, missing_ok=True)
    candidates = metrics.get("candidates", {})
    base = next((c for c in candidates if candidate_kind(c) == BASE), None)
    chosen = decision.get("candidate")
    return {
        "run": root.name,
        "created": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "decision": decision,
        "metrics": metrics,
        "candidates": candidates,
        "base": base,
        "roles": sorted({r for m in candidates.values() for r in m.get("roles", {})}),
        "train_rows": train_rows,
        "best": best,
        "parity": _read(root / PARITY_FILE),
        "kld": _read(root / KLD_FILE) or {},
        "smoke": _read(root / SMOKE_FILE),
        "worst": worst_failures(predictions, chosen, base) if chosen else [],
        "paired": decision.get("paired") or {},  # candidate → flips vs the base (gate.py, evaluate/paired.py)
        "judging": judging(candidates),  # which judge produced each number (evaluate/judges)
        "judge": metrics.get("judge") or {},
        "stages": manifest.get("stages", {}),
        "versions": manifest.get("versions", {}),
        "deploy": None,  # filled by report(), which has the config
    }


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """summary.json: the figures a script (or the README's results table) needs."""
    d = data["decision"]
    return {
        "run": data["run"],
        "verdict": d.get("verdict"),
        "candidate": d.get("candidate"),
        "reasons": d.get("reasons", []),
        "next_actions": d.get("next_actions", []),
        "examples": data["metrics"].get("examples"),
        "judge": data["judge"],
        "candidates": {
            name: {k: m.get(k) for k in ("success", "ci95", "passed", "n", "score", "score_ci95", "well_formed",
                                         "mean_latency_s", "p95_latency_s", "tokens_per_s", "size_bytes",
                                         "peak_rss_bytes")}
                  | {"judges": m.get("judges"), "chrf": m.get("chrf"), "reference": m.get("reference"),
                     "roles": {r: v["success"] for r, v in m.get("roles", {}).items()},
                     "roles_gated": {r: v.get("gated", True) for r, v in m.get("roles", {}).items()},
                     "roles_judges": {r: v.get("judges") for r, v in m.get("roles", {}).items()},
                     "roles_score": {r: v.get("score") for r, v in m.get("roles", {}).items()},
                     "role_counts": {r: [v.get("passed"), v.get("n")] for r, v in m.get("roles", {}).items()},
                     "roles_well_formed": {r: v.get("well_formed") for r, v in m.get("roles", {}).items()}}
                  | ({"tools": m["tools"]} if m.get("tools") else {})
            for name, m in data["candidates"].items()
        },
        "paired": {name: {k: p[k] for k in ("base", "examples", "gained", "lost", "p_value", "score_diff",
                                            "score_diff_ci95")}
                   for name, p in data["paired"].items()},
        "kld": {q: v.get("mean_kld") for q, v in data["kld"].get("types", {}).items()},
        "best_val_loss": data["best"].get("val_loss"),
    }


def render_html(data: dict[str, Any]) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: "–" if x is None else f"{100 * x:.1f}%"
    env.filters["num"] = lambda x, nd=2: "–" if x is None else f"{x:,.{nd}f}"
    env.filters["mb"] = lambda x: "–" if not x else f"{x / 1e6:,.0f} MB"
    env.filters["tojson_pretty"] = lambda x: json.dumps(x, indent=2, default=str)
    figures = {}
    if data["candidates"]:
        figures["success"] = plots.success_by_role(data["candidates"])
        figures["latency"] = plots.latency_and_size(data["candidates"])
    if data["train_rows"]:
        figures["loss"] = plots.loss_curves(data["train_rows"], data["best"].get("step"))
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(**data, figures=figures, verify_files=verify_rows(data["parity"]),
                           kld_rows=sorted(data["kld"].get("types", {}).items()))


def verify_rows(parity: dict[str, Any] | None) -> list[dict[str, Any]]:
    """One row per checked GGUF of parity.json: tokenization, template, special tokens."""
    rows = []
    for name, f in ((parity or {}).get("files") or {}).items():
        tok = f.get("tokenizer", {})
        texts = [tok.get("corpus", {}), tok.get("chat_prompts", {})]
        total = sum(t.get("texts", 0) for t in texts)
        tpl = f.get("chat_template", {})
        special = f.get("special_tokens", {})
        rows.append({"name": name, "tok_total": total, "tok_same": total - sum(t.get("mismatches", 0) for t in texts),
                     "tpl_total": tpl.get("renders", 0), "tpl_same": tpl.get("renders", 0) - tpl.get("mismatches", 0),
                     "eos": special.get("eos"), "stops": special.get("stop_ids"),
                     "problems": "; ".join(special.get("problems", []))})
    return rows


def terminal_summary(s: dict[str, Any]) -> list[str]:
    lines = [f"verdict: {str(s['verdict']).upper()} — {s['candidate']}"]
    lines += [f"  - {r}" for r in s["reasons"]]
    for name, m in s["candidates"].items():
        score = "  –  " if m.get("score") is None else f"{m['score']:.3f}"
        lines.append(f"  {name:<16} success {100 * (m['success'] or 0):5.1f}%  score {score}  "
                     f"latency {m['mean_latency_s'] or 0:6.2f} s  {m['tokens_per_s'] or 0:6.1f} tok/s")
    lines += [f"  next: {a}" for a in s["next_actions"]]
    return lines


def deployment(root: Path, config: Any, candidate: str | None) -> dict[str, Any] | None:
    """How to serve the chosen file: roletune serve, llama-server, and Ollama (one model per role)."""
    from roletune.errors import UserError
    from roletune.gguf_meta import read_chat_template
    from roletune.serve.ollama import OLLAMA_FAMILIES, family_of, llama_server_command

    gguf = root / gguf_file(candidate)
    if not candidate or not gguf.is_file():
        return None
    try:
        family = family_of(read_chat_template(gguf) or "")
        ollama = [f"roletune export-ollama {root}"] + [
            f"ollama create roletune-{r} -f {root / OLLAMA_DIR / f'Modelfile.{r}'}" for r in config.roles]
    except UserError as exc:
        family, ollama = None, [f"# {exc}"]
    return {"gguf": str(gguf), "serve": f"roletune serve {root}", "llama_server": llama_server_command(gguf, config),
            "ollama": ollama, "family": family and OLLAMA_FAMILIES[family].source}


def report(ctx: RunContext) -> dict[str, Any]:
    data = collect(ctx.root)
    data["deploy"] = deployment(ctx.root, ctx.config, data["decision"].get("candidate"))
    write_text(ctx.path(REPORT_FILE), render_html(data))
    s = summary(data)
    write_json(ctx.path(SUMMARY_FILE), s)
    for line in terminal_summary(s):
        ctx.console.print(line, markup=False, highlight=False)
    ctx.console.print(f"report: {ctx.path(REPORT_FILE)}")
    return {"verdict": s["verdict"], "report": REPORT_FILE}
