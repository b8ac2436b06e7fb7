"""Learning-rate / epochs / LoRA-rank sweep on the embedded SmolLM2, judged on the val split.

Each grid point is a real roletune run (prepare → train → merge, early stopping on val loss) in
its own run directory; the merged model then answers every val prompt greedily with transformers
and each answer is judged by its example's check in the sandbox, exactly as `evaluate` judges GGUF
answers. The test split is never looked at here: it is kept for the final table (docs/results.md).

    python experiments/sweep.py                       # train every point, answer, judge, print the table
    python experiments/sweep.py train --grid default  # only train and answer (e.g. on a GPU machine)
    python experiments/sweep.py judge                 # judge answers already written and print the table

Every point's results land in OUT/<point>/sweep.json, so an interrupted sweep resumes where it was.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roletune.layout import MERGED_DIR, TRAIN_SUMMARY_FILE, split_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "examples" / "smollm2-full.yaml"

# name → (learning rates, epochs, LoRA ranks): the product is swept; alpha = 2 × rank as in the seed recipe.
GRIDS: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[int, ...]]] = {
    "default": ((2e-5, 1e-4, 2e-4, 5e-4, 1e-3), (3, 6), (16,)),
    "rank": ((5e-4,), (6,), (8, 32, 64)),
    "quick": ((2e-4,), (1,), (16,)),
}


@dataclass(frozen=True)
class Point:
    lr: float
    epochs: float
    rank: int

    @property
    def name(self) -> str:
        return f"lr{self.lr:g}-ep{self.epochs:g}-r{self.rank}"

    def overrides(self) -> list[str]:
        return [f"train.lr={self.lr}", f"train.epochs={self.epochs}", f"lora.r={self.rank}",
                f"lora.alpha={2 * self.rank}"]


def grid_points(name: str) -> list[Point]:
    lrs, epochs, ranks = GRIDS[name]
    return [Point(lr, ep, r) for lr, ep, r in itertools.product(lrs, epochs, ranks)]


# -- train and answer ---------------------------------------------------------------------------------------


def train_point(config_path: Path, point: Point, out: Path, extra: list[str]) -> Path:
    from roletune.config import load_config
    from roletune.pipeline import run_pipeline

    cfg = load_config(config_path, [*point.overrides(), f"run.name=sweep-{point.name}", *extra])
    run_dir = out / point.name
    start = time.perf_counter()
    run_pipeline(cfg, run_dir=run_dir, to_stage="merge")
    summary = json.loads((run_dir / TRAIN_SUMMARY_FILE).read_text())
    record = {"point": point.__dict__, "name": point.name, "train": summary,
              "train_wall_s": round(time.perf_counter() - start, 1)}
    (run_dir / "sweep.json").write_text(json.dumps(record, indent=2))
    return run_dir


def answer_val(run_dir: Path, config_path: Path, point: Point, extra: list[str], batch: int = 8,
               limit: int | None = None) -> Path:
    """Greedy answers of the merged model to every val prompt (transformers, batched, left-padded)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from roletune.config import load_config
    from roletune.evaluate.stages import load_split

    out_path = run_dir / "val_answers.jsonl"
    if out_path.exists():
        return out_path
    cfg = load_config(config_path, [*point.overrides(), *extra])
    examples = load_split(run_dir / split_file("val"))[:limit]
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tok = AutoTokenizer.from_pretrained(run_dir / MERGED_DIR)
    tok.padding_side = "left"
    model = AutoModelForCausalLM.from_pretrained(run_dir / MERGED_DIR, dtype=torch.float32).to(device).eval()
    rows = []
    start = time.perf_counter()
    for i in range(0, len(examples), batch):
        chunk = examples[i : i + batch]
        prompts = [tok.apply_chat_template(ex.prompt_messages, tokenize=False, add_generation_prompt=True)
                   for ex in chunk]
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(device)
        budget = max(cfg.roles[ex.role].max_tokens for ex in chunk)
        with torch.no_grad():
            gen = model.generate(**enc, max_new_tokens=budget, do_sample=False,
                                 pad_token_id=tok.pad_token_id or tok.eos_token_id)
        for ex, seq in zip(chunk, gen[:, enc["input_ids"].shape[1]:]):
            ids = seq.tolist()[: cfg.roles[ex.role].max_tokens]
            rows.append({"id": ex.id, "role": ex.role, "answer": tok.decode(ids, skip_special_tokens=True).strip()})
    tmp = out_path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    tmp.rename(out_path)
    print(f"{point.name}: {len(rows)} val answers in {time.perf_counter() - start:.0f} s on {device}", flush=True)
    return out_path


# -- judge and tabulate -------------------------------------------------------------------------------------


def judge_point(run_dir: Path) -> dict[str, Any]:
    from roletune.config import load_config
    from roletune.evaluate.checks import run_check
    from roletune.evaluate.sandbox import SandboxLimits
    from roletune.evaluate.stages import load_split

    record = json.loads((run_dir / "sweep.json").read_text())
    if "val" in record:
        return record
    cfg = load_config(run_dir / "config.yaml", [])
    examples = {ex.id: ex for ex in load_split(run_dir / split_file("val"))}
    answers = [json.loads(line) for line in (run_dir / "val_answers.jsonl").read_text().splitlines()]
    per_role: dict[str, list[int]] = {}
    for row in answers:
        result = run_check(examples[row["id"]].check, row["answer"], roles=list(cfg.roles),
                           limits=SandboxLimits(timeout_s=cfg.eval.check_timeout_s))
        per_role.setdefault(row["role"], []).append(int(result.passed))
    passed = sum(sum(v) for v in per_role.values())
    record["val"] = {"passed": passed, "total": len(answers),
                     "per_role": {role: [sum(v), len(v)] for role, v in sorted(per_role.items())}}
    (run_dir / "sweep.json").write_text(json.dumps(record, indent=2))
    return record


def table(records: list[dict[str, Any]]) -> str:
    roles = sorted({r for rec in records for r in rec.get("val", {}).get("per_role", {})})
    head = ["lr", "epochs", "rank", "best val loss", "at step", "stopped early", "val success", *roles,
            "train s", "device"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rec in sorted(records, key=lambda r: (r["point"]["rank"], r["point"]["epochs"], r["point"]["lr"])):
        p, t, v = rec["point"], rec["train"], rec.get("val", {})
        cells = [f"{p['lr']:g}", f"{p['epochs']:g}", str(p["rank"]), f"{t.get('best_val_loss', float('nan')):.4f}",
                 f"{t['best_step']}/{t['steps']}", "yes" if t.get("stopped_early") else "no",
                 f"{v['passed']}/{v['total']}" if v else "–",
                 *[("{}/{}".format(*v["per_role"][r]) if v and r in v["per_role"] else "–") for r in roles],
                 f"{t.get('seconds', 0):.0f}", f"{t.get('device', '?')} {t.get('precision', '')}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", choices=["all", "train", "judge"], default="all")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--grid", choices=sorted(GRIDS), default="default")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "sweep")
    parser.add_argument("--val-limit", type=int,
                        help="answer only the first N val prompts (a quick check of the script)")
    parser.add_argument("--set", dest="extra", action="append", default=[],
                        help="extra config override for every point")
    args = parser.parse_args(argv)
    points = grid_points(args.grid)
    if args.action in ("all", "train"):
        for point in points:
            run_dir = train_point(args.config, point, args.out, args.extra)
            answer_val(run_dir, args.config, point, args.extra, limit=args.val_limit)
    if args.action in ("all", "judge"):
        records = [judge_point(d) for d in sorted(args.out.iterdir()) if (d / "val_answers.jsonl").exists()]
        text = table(records)
        (args.out / "table.md").write_text(text + "\n")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
