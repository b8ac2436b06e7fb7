"""The `quantize` stage: the converted GGUF → llama.cpp quantization types, through llama_model_quantize.

Each configured type is made from gguf/model-<OUTTYPE>.gguf into gguf/model-<TYPE>.gguf, and the
primary (first) type from the base model's GGUF into gguf/base-<TYPE>.gguf, so evaluation can
compare base and fine-tune quantized alike. Before writing, free disk space is checked against an
estimate from the type's bits per weight; outputs appear only when complete (files.atomic_file).
With export.imatrix, an importance matrix is computed from the fine-tune's activations on its
training data (export/imatrix.py) and passed to the quantizer.

llama.cpp's own log of each quantization (a line per tensor, and a warning per tensor whose rows do
not fit a K-quant's 256-wide blocks, 360 lines for SmolLM2-135M) goes to gguf/<name>.quantize.log
beside the output; the terminal gets one line saying how many tensors fell back to which types.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from roletune.context import RunContext
from roletune.errors import RoletuneError, UserError
from roletune.files import atomic_file, write_text
from roletune.layout import (
    BASE,
    IMATRIX_FILE,
    MERGED_DIR,
    MODEL,
    QUANTIZE_LOG_SUFFIX,
    TOKEN_FILES,
    candidate,
    gguf_file,
)

GIB_PER_8B = 2**33 / 8.03e9  # llama.cpp lists sizes in GiB for Llama-3-8B (8.03e9 weights): → bits per weight


@dataclass(frozen=True)
class QuantType:
    name: str  # as llama-quantize spells it
    bits_per_weight: float  # whole-file average on Llama-3-8B (token_embd/output get more bits)
    needs_imatrix: bool = False


# Source: llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS (sizes of Llama-3-8B in GiB, or bpw)
# and src/llama-quant.cpp tensor_requires_imatrix. The ftype is llama_cpp.LLAMA_FTYPE_MOSTLY_<name>.
QUANT_TYPES: dict[str, QuantType] = {q.name: q for q in (
    QuantType("Q8_0", 7.96 * GIB_PER_8B),
    QuantType("Q6_K", 6.14 * GIB_PER_8B),
    QuantType("Q5_K_M", 5.33 * GIB_PER_8B),
    QuantType("Q5_K_S", 5.21 * GIB_PER_8B),
    QuantType("Q5_1", 5.65 * GIB_PER_8B),
    QuantType("Q5_0", 5.21 * GIB_PER_8B),
    QuantType("Q4_K_M", 4.58 * GIB_PER_8B),
    QuantType("Q4_K_S", 4.37 * GIB_PER_8B),
    QuantType("Q4_1", 4.78 * GIB_PER_8B),
    QuantType("Q4_0", 4.34 * GIB_PER_8B),
    QuantType("IQ4_NL", 4.50),
    QuantType("IQ4_XS", 4.25),
    QuantType("Q3_K_L", 4.03 * GIB_PER_8B),
    QuantType("Q3_K_M", 3.74 * GIB_PER_8B),
    QuantType("Q3_K_S", 3.41 * GIB_PER_8B),
    QuantType("IQ3_M", 3.66),
    QuantType("IQ3_S", 3.44),
    QuantType("IQ3_XS", 3.3),
    QuantType("IQ3_XXS", 3.06, needs_imatrix=True),
    QuantType("Q2_K", 2.96 * GIB_PER_8B),
    QuantType("Q2_K_S", 2.96 * GIB_PER_8B, needs_imatrix=True),
    QuantType("IQ2_M", 2.7),
    QuantType("IQ2_S", 2.5, needs_imatrix=True),
    QuantType("IQ2_XS", 2.31, needs_imatrix=True),
    QuantType("IQ2_XXS", 2.06, needs_imatrix=True),
)}
DISK_MARGIN = 1.10  # estimate × margin + 64 MiB must be free


def quant_type(name: str) -> QuantType:
    # No aliases (llama-quantize takes Q4_K for Q4_K_M): the name is also the file name other stages look for.
    key = name.upper()
    if key not in QUANT_TYPES:
        raise UserError(f"unknown quantization type {name!r}; supported: {', '.join(QUANT_TYPES)}")
    return QUANT_TYPES[key]


def estimate_bytes(src: Path, qt: QuantType) -> int:
    """Expected size of `src` quantized to `qt`: its matrices at qt's bits, the rest as it is."""
    from gguf import GGUFReader

    reader = GGUFReader(str(src))
    data_start = min((int(t.data_offset) for t in reader.tensors), default=0)
    total = data_start  # header, metadata (vocabulary) and tensor table
    for t in reader.tensors:
        if len(t.shape) >= 2 and int(t.shape[0]) % 32 == 0:
            # token_embd / output are kept at Q6_K or better by llama.cpp's mixes
            bits = max(qt.bits_per_weight, 6.6) if t.name.startswith(("token_embd", "output.")) else qt.bits_per_weight
            total += int(t.n_elements * bits / 8)
        else:
            total += int(t.n_bytes)
    return total


def check_disk_space(directory: Path, needed: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    want = int(needed * DISK_MARGIN) + (64 << 20)
    if free < want:
        raise UserError(f"not enough free disk space in {directory}: the quantized file needs about "
                        f"{want / 1e9:.2f} GB, {free / 1e9:.2f} GB are free",
                        hint="free some space, or quantize to fewer types (export.quant_types)")


def quantize_gguf(src: Path, dst: Path, qtype: str, *, imatrix: dict[str, Any] | None = None,
                  nthread: int | None = None) -> Path:
    """Quantize `src` (F32/F16/BF16 GGUF) to `qtype` into `dst`; `imatrix` maps tensor names to importances."""
    import llama_cpp
    import numpy as np

    qt = quant_type(qtype)
    if qt.needs_imatrix and not imatrix:
        raise UserError(f"{qt.name} needs an importance matrix", hint="set export.imatrix: true, or pick a K-quant")
    check_disk_space(dst.parent, estimate_bytes(src, qt))
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{qt.name}")
    params.nthread = nthread or os.cpu_count() or 1
    keep: list[Any] = []  # ctypes buffers must outlive the call
    if imatrix:
        entries = (llama_cpp.llama_model_imatrix_data * (len(imatrix) + 1))()  # NULL-name terminated
        for i, (name, values) in enumerate(sorted(imatrix.items())):
            arr = np.ascontiguousarray(values, dtype=np.float32)
            keep.append(arr)
            entries[i].name = name.encode()
            entries[i].data = arr.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
            entries[i].size = arr.size
        keep.append(entries)
        params.imatrix = ctypes.cast(entries, ctypes.POINTER(llama_cpp.llama_model_imatrix_data))
    # llama.cpp logs through llama-cpp-python's callback, which prints to sys.stderr what its logger's
    # level lets through. Its table (llama_cpp/_logger.py, 0.3.36) has ggml's levels in their old order
    # (INFO 1, WARN 2, ERROR 3) where ggml now has DEBUG 1, INFO 2, WARN 3, ERROR 4, so at ERROR
    # warnings show and errors are dropped: let everything through, into the log file.
    logger = logging.getLogger("llama-cpp-python")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with tempfile.TemporaryFile() as sink:
            try:
                with atomic_file(dst) as tmp:
                    with native_stderr_to(sink):
                        rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(), ctypes.byref(params))
                    if rc != 0:
                        raise RoletuneError(f"llama_model_quantize failed (code {rc}) for {src.name} → {qt.name}"
                                            + _tail(_read(sink)),
                                            hint="run with a smaller export.quant_types list to find the failing type")
            finally:
                write_text(quantize_log(dst), _read(sink))
    finally:
        logger.setLevel(level)
    return dst


def quantize_log(dst: Path) -> Path:
    """Where llama.cpp's log of making `dst` is kept: model-Q4_K_M.gguf → model-Q4_K_M.quantize.log."""
    return dst.with_name(f"{dst.stem}{QUANTIZE_LOG_SUFFIX}")


@contextlib.contextmanager
def native_stderr_to(sink: BinaryIO) -> Iterator[None]:
    """Send what is written to stderr inside the block, by C code to file descriptor 2 and by Python
    to sys.stderr (where llama-cpp-python's log callback prints), to the real file `sink`."""
    if sys.stderr is not None:
        sys.stderr.flush()
    saved = os.dup(2)
    stream = open(sink.fileno(), "w", encoding="utf-8", errors="replace", closefd=False)  # shares fd 2's offset
    try:
        os.dup2(sink.fileno(), 2)
        with contextlib.redirect_stderr(stream):
            yield
    finally:
        stream.close()
        os.dup2(saved, 2)
        os.close(saved)


def _read(sink: BinaryIO) -> str:
    sink.flush()
    sink.seek(0)
    return sink.read().decode("utf-8", "replace")


def _tail(log: str, lines: int = 8) -> str:
    kept = [line.rstrip() for line in log.splitlines() if line.strip()][-lines:]
    return ("; llama.cpp's last words:\n  " + "\n  ".join(kept)) if kept else ""


# llama.cpp src/llama-quant.cpp, llama_tensor_get_type and llama_model_quantize_impl (0.3.36 vendors):
#   warning: %-36s - ncols %6d not divisible by %3d (required for type %7s) -> falling back to %7s
#   %s: WARNING: %d of %d tensor(s) required fallback quantization
_FALLBACK = re.compile(r"warning: (?P<tensor>\S+)\s+- ncols\s+(?P<ncols>\d+) not divisible by\s+(?P<block>\d+)"
                       r" \(required for type\s+(?P<wanted>\w+)\) -> falling back to\s+(?P<used>\w+)")
_FALLBACK_TOTAL = re.compile(r"WARNING: (?P<fell>\d+) of (?P<total>\d+) tensor\(s\) required fallback quantization")


def fallback_summary(log: str) -> str | None:
    """One line on the tensors llama.cpp could not give the requested type, from its quantize log;
    None when every tensor got its type."""
    fallbacks = list(_FALLBACK.finditer(log))
    total = _FALLBACK_TOTAL.search(log)
    if not fallbacks and total is None:
        return None
    fell = int(total["fell"]) if total else len(fallbacks)
    of = f" of {total['total']}" if total else ""
    shapes = sorted({(int(m["ncols"]), int(m["block"])) for m in fallbacks})
    why = "; ".join(f"rows of {ncols} not divisible by {block}" for ncols, block in shapes)
    used = Counter(m["used"] for m in fallbacks).most_common()
    return (f"{fell}{of} tensors fell back to other types" + (f" ({why})" if why else "")
            + (": " + ", ".join(f"{t} ×{n}" for t, n in used) if used else ""))


def quantize(ctx: RunContext) -> dict[str, Any]:
    """Quantize model-<OUTTYPE>.gguf to every export.quant_types entry, and base-<OUTTYPE>.gguf to the first."""
    config = ctx.config
    outtype = config.export.outtype
    types = [quant_type(t).name for t in config.export.quant_types]
    if not types:
        raise UserError("export.quant_types is empty")
    model_src = ctx.path(gguf_file(candidate(MODEL, outtype)))
    base_src = ctx.path(gguf_file(candidate(BASE, outtype)))
    for src in (model_src, base_src):
        if not src.is_file():
            raise UserError(f"{src} is missing", hint="run the convert stage first")
    imatrix = None
    summary: dict[str, Any] = {"types": types, "files": {}}
    if config.export.imatrix:
        summary["imatrix"] = _imatrix(ctx)
        from roletune.export.imatrix import read_imatrix

        imatrix = read_imatrix(ctx.path(IMATRIX_FILE))
    jobs = [(MODEL, model_src, t) for t in types] + [(BASE, base_src, types[0])]
    for kind, src, qt in jobs:
        dst = ctx.path(gguf_file(candidate(kind, qt)))
        t0 = time.perf_counter()
        # The base gets no imatrix: it is measured as it would ship without our data.
        quantize_gguf(src, dst, qt, imatrix=imatrix if kind == MODEL else None)
        seconds = round(time.perf_counter() - t0, 2)
        size = dst.stat().st_size
        ctx.console.print(f"{src.name} → {dst.name}: {size / 1e6:.0f} MB in {seconds:.1f} s")
        log = quantize_log(dst)
        fallbacks = fallback_summary(log.read_text(encoding="utf-8"))
        if fallbacks:
            ctx.console.print(f"  {fallbacks} — full log: {log.relative_to(ctx.root)}", highlight=False, soft_wrap=True)
        summary["files"][dst.name] = {"bytes": size, "seconds": seconds, "imatrix": bool(imatrix and kind == MODEL),
                                      "fallbacks": fallbacks, "log": str(log.relative_to(ctx.root))}
    return summary


def _imatrix(ctx: RunContext) -> dict[str, Any]:
    from roletune.export.imatrix import compute_imatrix
    from roletune.train.batching import read_token_rows

    train = ctx.path(TOKEN_FILES["train"])
    if not train.is_file():
        raise UserError(f"{train} is missing: the importance matrix is computed from the training tokens",
                        hint="run the prepare stage, or set export.imatrix: false")
    rows = [r["input_ids"] for r in read_token_rows(train) if not r.get("copy")]  # upsampled copies add nothing
    t0 = time.perf_counter()
    info = compute_imatrix(ctx.path(MERGED_DIR), rows, ctx.path(IMATRIX_FILE), dataset=str(train.relative_to(ctx.root)),
                           max_tokens=ctx.config.export.imatrix_tokens)
    info["seconds"] = round(time.perf_counter() - t0, 2)
    ctx.console.print(f"importance matrix from {info['tokens']} training tokens → {IMATRIX_FILE}")
    return info
