"""Does verified augmentation of the minority roles help? The same run with and without it, judged on val.

Two real roletune runs of one config (prepare → … → quantize): "without" as configured, "with" adding
`data.augment=true` (augment.roles: researcher and coordinator by default, paraphrased by the base
model itself). Each run's primary candidate (the first of export.quant_types) then answers every val
prompt through llama-server, as `evaluate` answers test prompts, and each answer is judged by its
check in the sandbox: success, graded score and well-formed share per role, side by side, then the
two arms paired on the same examples (flips with McNemar's p, the graded score's difference with a
paired bootstrap interval), as the gate compares a candidate with the base. The test split is not
looked at.

    python experiments/augment_ab.py                                   # examples/demo.yaml, both arms
    python experiments/augment_ab.py --without runs/demo               # reuse a finished run as "without"
    python experiments/augment_ab.py --write docs/results.md           # also rewrite the demo's table there
    python experiments/augment_ab.py --config examples/smollm2-full.yaml --set train.epochs=3   # any overrides

Results land in OUT/ab.json (default runs/augment-ab); a rerun reuses the finished stages of each arm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from roletune.config import load_config
from roletune.context import RunContext
from roletune.evaluate.judges import Judges
from roletune.evaluate.paired import compare
from roletune.evaluate.stages import _answer_candidate, _progress, load_split
from roletune.files import read_json, write_json
from roletune.layout import AUGMENT_REPORT_FILE, EVAL_DIR, JUDGE_CACHE_DIR, MODEL, candidate, gguf_file, split_file
from roletune.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "examples" / "demo.yaml"
sys.path.insert(0, str(ROOT / "scripts"))
from doc_sync import replace_block  # noqa: E402  (scripts/: the markdown block writer the doc scripts use)


def train_arm(config_path: Path, run_dir: Path, overrides: list[str]) -> None:
    run_pipeline(load_config(config_path, overrides), run_dir=run_dir, to_stage="quantize")


def judge_val(config_path: Path, run_dir: Path, overrides: list[str]) -> list[dict[str, Any]]:
    """The primary candidate's answers to every val prompt, judged (one row per example)."""
    config = load_config(config_path, overrides)
    workdir = run_dir / "augment-ab"  # its own root: the partial answers are not the run's own eval/ files
    (workdir / EVAL_DIR).mkdir(parents=True, exist_ok=True)
    ctx = RunContext(config=config, root=workdir, console=Console(stderr=True))
    name = candidate(MODEL, config.export.quant_types[0])
    examples = load_split(run_dir / split_file("val"))
    with _progress(ctx.console) as progress:
        judges = Judges(config, run_dir / JUDGE_CACHE_DIR)
        rows, _ = _answer_candidate(ctx, name, run_dir / gguf_file(name), examples, workdir, progress, judges)
    return rows


EXAMPLE_KEYS = ("id", "role", "judge", "passed", "score", "well_formed")  # what ab.json keeps of each judged answer


def per_role(rows: list[dict[str, Any]], roles: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for role in [*roles, "all"]:
        mine = [r for r in rows if role in ("all", r["role"])]
        n = len(mine) or 1
        out[role] = {"n": len(mine), "passed": sum(r["passed"] for r in mine),
                     "graded": round(sum(r["score"] for r in mine) / n, 4),
                     "well_formed": round(sum(r["well_formed"] for r in mine) / n, 4)}
    return out


def table(result: dict[str, Any]) -> str:
    roles = list(result["arms"]["without"]["roles"])
    n_val = result["arms"]["without"]["roles"]["all"]["n"]
    overrides = "".join(f" `--set {o}`" for o in result.get("overrides", []))
    lines = [f"Config `{result['config']}`{overrides}, candidate {result['candidate']}, {n_val} val examples; "
             "graded = mean graded score, form = share well-formed.", "",
             "| role | val n | without: passed | graded | form | with: passed | graded | form |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for role in roles:
        a, b = result["arms"]["without"]["roles"][role], result["arms"]["with"]["roles"][role]
        lines.append(f"| {role} | {a['n']} | {a['passed']} | {a['graded']:.3f} | {a['well_formed']:.0%} "
                     f"| {b['passed']} | {b['graded']:.3f} | {b['well_formed']:.0%} |")
    aug = result["augment"]
    rejected = ", ".join(f"{k} {v}" for k, v in aug["rejected"].items()) or "none"
    lines += ["", f"Augmentation ({aug['teacher']}): {aug['generated']} paraphrases of {aug['sources']} train examples "
                  f"of {', '.join(aug['roles'])}, {aug['kept']} kept; rejected: {rejected}."]
    if result.get("paired"):
        lines += ["", paired_line(result["paired"])]
    return "\n".join(lines)


def paired(result: dict[str, Any]) -> dict[str, Any]:
    """"with" against "without" on the val examples both judged: flips (McNemar) and the graded score's
    paired difference (bootstrap interval), as the gate compares a candidate with the base."""
    rows = [{**row, "candidate": arm} for arm in ("without", "with") for row in result["arms"][arm]["examples"]]
    return compare(rows, "without", "with")


def paired_line(p: dict[str, Any]) -> str:
    text = (f"Paired on the same {p['examples']} val examples, with vs without: {len(p['gained'])} gained / "
            f"{len(p['lost'])} lost (McNemar p = {p['p_value']:.2g})")
    if p["score_diff"] is not None:
        lo, hi = p["score_diff_ci95"]
        text += f"; graded score {p['score_diff']:+.3f} (paired bootstrap 95% CI {lo:+.3f} to {hi:+.3f})"
    return text + "."


def write_section(path: Path, config_name: str, text: str) -> None:
    """Replace `config_name`'s table in `path` (`<!-- augment:NAME:begin -->` …), or append it: other
    configs' tables stay."""
    doc = path.read_text(encoding="utf-8")
    path.write_text(replace_block(doc, f"augment:{config_name}", text, where=path, append=True), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "augment-ab")
    parser.add_argument("--without", type=Path, help="a finished run of the same config to use as the 'without' arm")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        help="extra config override (both arms)")
    parser.add_argument("--write", type=Path, help="rewrite this config's augment section of this markdown file")
    parser.add_argument("--table-only", action="store_true",
                        help="run nothing: print (and --write) OUT/ab.json's table")
    args = parser.parse_args(argv)
    if args.table_only:
        return show(read_json(args.out / "ab.json"), args.write, args.config.stem)
    arms = {"without": (args.without or args.out / "without", list(args.overrides)),
            "with": (args.out / "with", [*args.overrides, "data.augment=true"])}
    config = load_config(args.config, args.overrides)
    result: dict[str, Any] = {"config": str(args.config.relative_to(ROOT) if args.config.is_relative_to(ROOT)
                                            else args.config),
                              "overrides": list(args.overrides),
                              "candidate": candidate(MODEL, config.export.quant_types[0]), "arms": {}}
    for arm, (run_dir, overrides) in arms.items():
        if not (arm == "without" and args.without):
            train_arm(args.config, run_dir, overrides)
        rows = judge_val(args.config, run_dir, overrides)
        result["arms"][arm] = {"run_dir": str(run_dir), "roles": per_role(rows, list(config.roles)),
                               "examples": [{k: row.get(k) for k in EXAMPLE_KEYS} for row in rows]}
    result["paired"] = paired(result)
    report = read_json(arms["with"][0] / AUGMENT_REPORT_FILE)
    result["augment"] = {k: report[k] for k in ("teacher", "roles", "sources", "generated", "kept", "rejected")}
    args.out.mkdir(parents=True, exist_ok=True)
    write_json(args.out / "ab.json", result)
    return show(result, args.write, args.config.stem)


def show(result: dict[str, Any], markdown: Path | None, config_name: str) -> int:
    text = table(result)
    print(text)
    if markdown:
        write_section(markdown, config_name, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
