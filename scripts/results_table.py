"""The results table of a run, generated from its summary.json (never typed by hand).

    python scripts/results_table.py runs/smollm2-full                          # print the table
    python scripts/results_table.py runs/smollm2-full --write README.md docs/results.md

--write replaces the text between `<!-- results:begin -->` and `<!-- results:end -->` in each file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from doc_sync import replace_block  # scripts/, beside this file

ROLE_ORDER = ("coder", "tester", "researcher", "coordinator")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _score(c: dict) -> str:
    """The mean graded score with its interval ('–' for a summary from before issue #20)."""
    if c.get("score") is None:
        return "–"
    lo, hi = c.get("score_ci95") or (None, None)
    return f"{c['score']:.3f}" + ("" if lo is None else f" ({lo:.3f}–{hi:.3f})")


def _role_cell(c: dict, role: str) -> str:
    counts = c.get("role_counts", {})
    text = "{}/{}".format(*counts[role]) if role in counts else _pct(c["roles"].get(role))
    score = c.get("roles_score", {}).get(role)
    return text if score is None else f"{text} · {score:.2f}"


def _paired(summary: dict) -> str:
    """Flips vs the base per candidate, from the gate's paired test (issue #17)."""
    parts = [f"{name} {len(p['gained'])} gained / {len(p['lost'])} lost of {p['examples']} "
             f"(McNemar p = {p['p_value']:.2g})"
             + ("" if p.get("score_diff") is None else f", score {p['score_diff']:+.3f}")
             for name, p in summary.get("paired", {}).items()]
    return f"Paired vs the base, same examples: {'; '.join(parts)}.\n\n" if parts else ""


def table(summary: dict) -> str:
    cands = summary["candidates"]
    roles = [r for r in ROLE_ORDER if any(r in c.get("roles", {}) for c in cands.values())]
    roles += sorted({r for c in cands.values() for r in c.get("roles", {})} - set(roles))
    head = ["candidate", "success (95% CI)", "score (95% CI)", *roles, "well-formed", "mean latency", "tokens/s",
            "size", "mean KLD vs F16"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name, c in cands.items():
        lo, hi = c.get("ci95") or (None, None)
        qtype = name.split("-", 1)[1] if name.startswith("model-") else None
        kld = summary.get("kld", {}).get(qtype) if qtype else None
        cells = [name, f"{c['passed']}/{c['n']} = {_pct(c['success'])} ({_pct(lo)}–{_pct(hi)})", _score(c),
                 *[_role_cell(c, r) for r in roles],
                 _pct(c.get("well_formed")),
                 f"{c['mean_latency_s']:.2f} s", f"{c['tokens_per_s']:.1f}", f"{c['size_bytes'] / 1e6:,.0f} MB",
                 "–" if kld is None else f"{kld:.4f}"]
        lines.append("| " + " | ".join(cells) + " |")
    formed = "; ".join(f"{name} " + ", ".join(f"{r} {_pct(c.get('roles_well_formed', {}).get(r))}" for r in roles)
                       for name, c in cands.items() if c.get("roles_well_formed"))
    verdict = (f"Answers that keep their role's contract (form, not correctness), per role: {formed}.\n\n"
               if formed else "") + _paired(summary)
    verdict += f"Gate: **{summary['verdict']}** ({summary['candidate']}): " + "; ".join(summary.get("reasons", []))
    return "\n".join(lines) + "\n\n" + verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--write", type=Path, nargs="*", default=[], help="files whose marked block to replace")
    parser.add_argument("--marker", default="results",
                        help="the block's name: <!-- NAME:begin --> … <!-- NAME:end --> (default: results)")
    args = parser.parse_args(argv)
    summary_path = args.run_dir / "summary.json"
    if not summary_path.exists():
        raise SystemExit(f"{summary_path} not found: run the pipeline to its report stage first")
    summary = json.loads(summary_path.read_text())
    block = f"Run `{summary['run']}`, {summary['examples']} held-out test examples:\n\n" + table(summary)
    for path in args.write:
        path.write_text(replace_block(path.read_text(), args.marker, block, where=path))
    if not args.write:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
