"""Where Q5_1 loses more than Q5_0 on a run's merged model, though their weight errors are alike.

    python experiments/q5_probe.py runs/smollm2-full

Rounds every projection of MERGED/ with gguf-py's reference Q5_0 and Q5_1 and measures, on the
activations of a few val conversations (forward hooks on the transformers model):

- the weight error (relative RMS) of each type over all projections;
- per projection kind, the relative output error |(Wq − W)·x| / |W·x|, and the part of it that is the
  same for every token (the error's mean over tokens), Q5_1 over Q5_0;
- for some layers, how large the steadiest input dimensions are (mean |x| of the top 3 vs the
  median), how small the weights reading them are, and each type's weight error there and elsewhere.

Q5_1's grid (min + d·q) has no exact zero, Q5_0's does; this shows where that matters.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from quant_types import rounded  # experiments/, beside this file

from roletune.layout import MERGED_DIR, split_file

TYPES = ("Q5_0", "Q5_1")
PROBED = ("self_attn.v_proj", "mlp.up_proj")  # the per-column table: one attention and one MLP input
PROBED_LAYERS = (2, 10, 20)


def activations(run: Path, samples: int, max_tokens: int = 512) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each projection's weight and its inputs over `samples` val conversations (tokens × features)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(run / MERGED_DIR)
    model = AutoModelForCausalLM.from_pretrained(run / MERGED_DIR, dtype=torch.float32)
    inputs: dict[str, list[np.ndarray]] = defaultdict(list)
    projections = {n: m for n, m in model.named_modules() if n.endswith("proj")}
    for name, module in projections.items():
        module.register_forward_pre_hook(
            lambda _m, args, name=name: inputs[name].append(args[0].detach().reshape(-1, args[0].shape[-1]).numpy()))
    lines = (run / split_file("val")).read_text(encoding="utf-8").splitlines()[:samples]
    with torch.no_grad():
        for line in lines:
            text = tok.apply_chat_template(json.loads(line)["messages"], tokenize=False)
            model(tok(text, return_tensors="pt", add_special_tokens=False)["input_ids"][:, :max_tokens])
    weights = {n: m.weight.detach().numpy() for n, m in projections.items()}
    return weights, {n: np.concatenate(xs) for n, xs in inputs.items()}


def output_errors(w: np.ndarray, x: np.ndarray, deltas: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """Per type: (relative output error, its token-constant part), both relative to |W·x|."""
    ref = np.linalg.norm(x @ w.T)
    out = {}
    for qtype, delta in deltas.items():
        err = x @ delta.T
        out[qtype] = (float(np.linalg.norm(err) / ref), float(np.linalg.norm(err.mean(0)) * np.sqrt(len(err)) / ref))
    return out


def column_row(name: str, w: np.ndarray, x: np.ndarray, deltas: dict[str, np.ndarray]) -> str:
    col = np.abs(x).mean(0)
    order = np.argsort(col)
    top, rest = order[-3:], order[:-3]
    cells = [name, f"{col[top].mean() / np.median(col):.1f}×",
             f"{np.abs(w[:, top]).mean() / np.abs(w[:, rest]).mean():.2f}"]
    for delta in deltas.values():
        e = np.abs(delta)
        cells.append(f"{e[:, top].mean():.2e} / {e[:, rest].mean():.2e}")
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--samples", type=int, default=4, help="val conversations to take activations from")
    args = parser.parse_args(argv)
    weights, inputs = activations(args.run_dir, args.samples)
    deltas = {name: {t: rounded(w, t) - w for t in TYPES} for name, w in weights.items()}  # each type's error
    by_kind: dict[str, list[dict[str, tuple[float, float]]]] = defaultdict(list)
    for name, w in weights.items():
        by_kind[name.rsplit(".", 1)[-1]].append(output_errors(w, inputs[name], deltas[name]))
    print("| projection | output error Q5_0 | Q5_1 | Q5_1 / Q5_0 | token-constant part Q5_0 | Q5_1 | Q5_1 / Q5_0 |\n"
          "|---|---:|---:|---:|---:|---:|---:|")
    for kind, rows in by_kind.items():
        total = {t: float(np.mean([r[t][0] for r in rows])) for t in TYPES}
        steady = {t: float(np.mean([r[t][1] for r in rows])) for t in TYPES}
        print(f"| {kind} | {total['Q5_0']:.4f} | {total['Q5_1']:.4f} | {total['Q5_1'] / total['Q5_0']:.2f} "
              f"| {steady['Q5_0']:.4f} | {steady['Q5_1']:.4f} | {steady['Q5_1'] / steady['Q5_0']:.2f} |")
    errors = {t: [float(np.sqrt(np.mean(deltas[n][t] ** 2) / np.mean(w ** 2))) for n, w in weights.items()]
              for t in TYPES}
    print(f"\nWeight error (relative RMS), mean over all {len(weights)} projections: "
          + ", ".join(f"{t} {np.mean(e):.4f}" for t, e in errors.items()))
    print("\n| input of | top-3 dims' mean abs(x) vs median | their weights' abs vs others' "
          "| Q5_0 weight error there / elsewhere | Q5_1 weight error there / elsewhere |\n|---|---:|---:|---:|---:|")
    for layer in PROBED_LAYERS:
        for part in PROBED:
            name = f"model.layers.{layer}.{part}"
            if name in weights:
                print(column_row(name, weights[name], inputs[name], deltas[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
