"""KL divergence of several llama.cpp quantization types against a run's F16 GGUF, on its val prompts.

    python experiments/quant_types.py runs/smollm2-full Q4_K_M Q5_K_M Q5_0 Q5_1 Q4_0 Q6_K

Quantizes model-F16.gguf of the run to each type (into RUN/experiments/, kept) and prints mean KLD,
same-top-token share and perplexity ratio with the statistics the verify stage uses, plus each
file's weight error (relative RMS vs F16) on a few tensors, to tell a lossy type from a lossy kernel.

    python experiments/quant_types.py runs/smollm2-full Q5_0 Q5_1 --in-f32

With --in-f32 each plain type (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) is also measured with its rounding
only: the merged model's projection weights are quantized and dequantized by gguf-py's reference
code and the result is converted to an F32 GGUF, so llama.cpp runs it with F32 kernels. A type whose
KLD is much larger in its own file than "in F32" loses the difference in llama.cpp's kernels for it
(including the quantized activations they multiply with), not in its weights.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from roletune.layout import MERGED_DIR, MODEL, candidate, gguf_file, split_file

WEIGHT_SAMPLE = ("blk.0.attn_q.weight", "blk.5.ffn_up.weight", "blk.10.ffn_down.weight")
PLAIN_TYPES = ("Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0")  # those gguf-py can quantize itself


def rounded(w: np.ndarray, qtype: str) -> np.ndarray:
    """`w` (float32) quantized to a plain type and back by gguf-py's reference code: its rounding alone."""
    from gguf import GGMLQuantizationType
    from gguf.quants import dequantize, quantize

    kind = GGMLQuantizationType[qtype]
    return dequantize(quantize(w, kind), kind).reshape(w.shape)


def rounded_in_f32(merged: Path, qtype: str, out: Path) -> Path:
    """An F32 GGUF of `merged` whose projection weights carry `qtype`'s rounding (gguf-py's reference)."""
    from safetensors.numpy import load_file, save_file

    from roletune.export.convert import convert_to_gguf

    hf = out.parent / f"{out.stem}-hf"
    shutil.copytree(merged, hf, dirs_exist_ok=True)
    weights = load_file(str(merged / "model.safetensors"))
    for name, w in weights.items():
        if name.endswith("proj.weight"):  # q/k/v/o and the MLP: what the quantized file quantizes as qtype
            weights[name] = rounded(w.astype("float32"), qtype).astype(w.dtype)
    save_file(weights, str(hf / "model.safetensors"), metadata={"format": "pt"})
    convert_to_gguf(hf, out, "f32")
    shutil.rmtree(hf)
    return out


def weight_error(f16: Path, quantized: Path) -> float:
    from gguf import GGUFReader
    from gguf.quants import dequantize

    ref = {t.name: t for t in GGUFReader(str(f16)).tensors}
    errs = []
    for t in GGUFReader(str(quantized)).tensors:
        if t.name in WEIGHT_SAMPLE:
            w = dequantize(t.data, t.tensor_type).reshape(-1)
            f = np.asarray(ref[t.name].data, dtype=np.float32).reshape(-1)
            errs.append(np.sqrt(np.mean((w - f) ** 2) / np.mean(f ** 2)))
    return float(np.mean(errs)) if errs else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("types", nargs="+")
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--in-f32", action="store_true",
                        help="also measure each plain type's rounding alone, run with F32 kernels")
    args = parser.parse_args(argv)

    from roletune.export.quantize import quantize_gguf
    from roletune.hf import load_tokenizer
    from roletune.parity import gguf_logits, open_llama
    from roletune.verify.stage import _n_ctx, kld_run, val_conversations

    run = args.run_dir
    tok = load_tokenizer(run / MERGED_DIR)
    seqs = [tok(tok.apply_chat_template(c, tokenize=False), add_special_tokens=False)["input_ids"]
            for c in val_conversations(run / split_file("val"), args.samples)]
    f16 = run / gguf_file(candidate(MODEL, "F16"))
    out_dir = run / "experiments"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with open_llama(f16, n_ctx=_n_ctx(seqs)) as llm:
            for i, ids in enumerate(seqs):
                np.save(work / f"ref-{i}.npy", gguf_logits(llm, ids))
        print("| type | size | weight error (rel. RMS) | mean KLD | same top token | PPL ratio |\n"
              "|---|---:|---:|---:|---:|---:|")
        for qt in args.types:
            path = out_dir / f"{candidate(MODEL, qt)}.gguf"
            if not path.exists():
                quantize_gguf(f16, path, qt)
            r = kld_run(path, seqs, work)
            print(f"| {qt} | {path.stat().st_size / 1e6:.0f} MB | {weight_error(f16, path):.4f} | {r['mean_kld']:.4f} "
                  f"| {100 * r['same_top_p']:.1f}% | {r['ppl_ratio']:.4f} |", flush=True)
            if args.in_f32 and qt.upper() in PLAIN_TYPES:
                emulated = rounded_in_f32(run / MERGED_DIR, qt.upper(), out_dir / f"{candidate(MODEL, qt)}-in-F32.gguf")
                r = kld_run(emulated, seqs, work)
                print(f"| {qt} in F32 | {emulated.stat().st_size / 1e6:.0f} MB | – | {r['mean_kld']:.4f} "
                      f"| {100 * r['same_top_p']:.1f}% | {r['ppl_ratio']:.4f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
