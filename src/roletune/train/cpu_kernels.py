"""roletune's CPU training kernels (cpu_kernels.cpp): built once per machine, then loaded from a cache.

On a CPU, eager LoRA dropout costs about a fifth of a training step: torch's generator draws
the random numbers serially, and the mask is applied in passes of their own over the input,
forward and again backward. The kernel hashes the mask from (row, column) and two keys while it
reads x for the low-rank product, so the mask is neither drawn nor stored nor read back. Two
more kernels do SwiGLU and RMSNorm, forward and backward, in one pass each where eager torch
makes several (cpu_kernels.cpp says what each computes).

It is compiled with the machine's own instruction set (-march=native) by torch's
cpp_extension, which needs a C++ compiler and ninja (a dependency of roletune). The build
(its time: docs/performance.md, "The compiled CPU kernels") lands in $ROLETUNE_HOME/torch_extensions
(~/.cache/roletune) under a name that hashes the source, the
flags, torch's version and the CPU's features, so a changed source or another CPU builds anew
and concurrent processes wait on torch's build lock. Where it cannot be built, `extension()`
warns once, says why and how to fix it, and returns None: training then takes the eager path,
which draws from the same distribution and is only slower. ROLETUNE_CPU_KERNELS=0 turns the
kernels off.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import platform
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

SOURCE = Path(__file__).with_name("cpu_kernels.cpp")
CFLAGS = ("-O3", "-march=native", "-std=c++20", "-fopenmp")
ENV_SWITCH = "ROLETUNE_CPU_KERNELS"


def cache_root() -> Path:
    from roletune.registry import default_home

    return default_home() / "torch_extensions"


def cpu_features() -> str:
    """The CPU's model and feature flags (what -march=native compiles for)."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    wanted = ("model name", "flags", "Features")  # x86 and ARM spellings
    lines = {line.split(":")[0].strip(): line for line in info.splitlines() if line.split(":")[0].strip() in wanted}
    return "\n".join(sorted(lines.values()))


def build_name() -> str:
    import torch

    digest = hashlib.sha256()
    for part in (SOURCE.read_bytes(), " ".join(CFLAGS).encode(), torch.__version__.encode(), cpu_features().encode(),
                 sys.version.encode()):
        digest.update(part)
    return f"roletune_cpu_kernels_{digest.hexdigest()[:16]}"


def _ninja_on_path() -> None:
    """torch runs `ninja` by name; the one from PyPI lives beside this interpreter, which may not be on PATH."""
    if shutil.which("ninja"):
        return
    try:
        import ninja

        os.environ["PATH"] = ninja.BIN_DIR + os.pathsep + os.environ.get("PATH", "")
    except ImportError:
        pass


def _build() -> ModuleType:
    from torch.utils.cpp_extension import load

    name = build_name()
    directory = cache_root() / name
    directory.mkdir(parents=True, exist_ok=True)
    if not any(directory.glob(f"{name}*.so")):
        print(f"roletune: building its CPU training kernels once for this machine (~40 s) in {directory}",
              file=sys.stderr, flush=True)
    _ninja_on_path()
    return load(name=name, sources=[str(SOURCE)], extra_cflags=list(CFLAGS), extra_ldflags=["-fopenmp"],
                build_directory=str(directory), verbose=False)


@functools.cache
def extension() -> ModuleType | None:
    """The compiled kernel module, or None (with one warning saying why) where it cannot be had."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return None
    if platform.system() != "Linux":
        return None  # built and tested on Linux (glibc, GCC) only
    try:
        return _build()
    except Exception as exc:  # a missing compiler, headers or ninja: say so, train on the eager path
        warnings.warn(
            f"roletune could not build its CPU training kernels ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}); training uses eager "
            f"torch for LoRA dropout, SwiGLU and RMSNorm, about 25% slower per step. It needs a C++ compiler "
            f"(g++) with Python's headers and ninja (pip install ninja); set {ENV_SWITCH}=0 to skip it "
            f"without this warning.",
            RuntimeWarning, stacklevel=2)
        return None


class ShapeOnlyKernels:
    """Stands in for the compiled module on meta tensors, so that the plan's trace (shape.py) keeps
    what training on the kernels keeps: outputs of the right shapes, no values."""

    lanes = 0

    @staticmethod
    def forward(x: Any, a: Any, key0: int, key1: int, threshold: int) -> Any:
        return x.new_empty(x.shape[0], a.shape[0])

    @staticmethod
    def silu_mul_forward(gate: Any, up: Any) -> Any:
        return gate.new_empty(gate.shape)

    @staticmethod
    def rms_norm_forward(x: Any, weight: Any, eps: float) -> tuple[Any, Any]:
        return x.new_empty(x.shape), x.new_empty(x.shape[0])


_TRACE_AS_KERNELS: contextvars.ContextVar[bool] = contextvars.ContextVar("roletune_trace_as_kernels", default=False)


@contextlib.contextmanager
def tracing_as_cpu_kernels(on: bool = True) -> Iterator[None]:
    """Within this block, modules on meta tensors take the kernels' path (ShapeOnlyKernels) when `on`."""
    token = _TRACE_AS_KERNELS.set(on)
    try:
        yield
    finally:
        _TRACE_AS_KERNELS.reset(token)


def kernels_for(*tensors: Any) -> Any:
    """The kernels that apply to these tensors: the compiled module when all are fp32 on the CPU and
    autocast is off; ShapeOnlyKernels for fp32 meta tensors inside tracing_as_cpu_kernels; else None."""
    import torch

    if torch.is_autocast_enabled("cpu") or any(t.dtype != torch.float32 for t in tensors):
        return None
    devices = {t.device.type for t in tensors}
    if devices == {"cpu"}:
        return extension()
    return ShapeOnlyKernels if devices == {"meta"} and _TRACE_AS_KERNELS.get() else None


def main() -> None:
    """`python -m roletune.train.cpu_kernels`: build (or find) the kernel now and say which (make setup runs it)."""
    kernel = extension()
    if kernel is not None:
        print(f"roletune: CPU training kernels ready ({kernel.lanes} floats per vector): {kernel.__file__}")


if __name__ == "__main__":
    main()
