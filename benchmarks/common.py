"""Shared helpers of the benchmarks: the model they run on and how they print results."""

from __future__ import annotations

import os
from pathlib import Path

CACHE = Path(os.environ.get("ROLETUNE_HOME", Path.home() / ".cache" / "roletune")) / "bench"


def smollm2_dir() -> Path:
    from roletune.registry import resolve_base_model

    return resolve_base_model("smollm2-135m-instruct")


def bench_gguf(qtype: str = "Q4_K_M") -> Path:
    """The embedded SmolLM2 converted by roletune and quantized to `qtype` (built once, then cached)."""
    from roletune.export.convert import convert_to_gguf
    from roletune.export.quantize import quantize_gguf

    out = CACHE / f"smollm2-{qtype}.gguf"
    if not out.exists():
        f16 = CACHE / "smollm2-F16.gguf"
        if not f16.exists():
            convert_to_gguf(smollm2_dir(), f16, outtype="f16")
        quantize_gguf(f16, out, qtype)
    return out


def print_ratio(label: str, ours: float, reference: float, *, target: str, unit: str = "") -> None:
    ratio = ours / reference if reference else float("inf")
    print(f"{label}: {ours:.3f}{unit} vs {reference:.3f}{unit} → ratio {ratio:.2f}× (target {target})")
