"""roletune's CPU training kernels (cpu_kernels.cpp): where this machine's build lives, loading it, and
which kernels apply to given tensors. Nothing here compiles: build.py does, on the train stage's behalf.

On a CPU, eager LoRA dropout costs about a fifth of a training step: torch's generator draws
the random numbers serially, and the mask is applied in passes of their own over the input,
forward and again backward. The kernel hashes the mask from (row, column) and two keys while it
reads x for the low-rank product, so the mask is neither drawn nor stored nor read back. Two
more kernels do SwiGLU and RMSNorm, forward and backward, in one pass each where eager torch
makes several (cpu_kernels.cpp says what each computes).

A build lives in $ROLETUNE_HOME/torch_extensions (~/.cache/roletune) under a name that hashes the
source, the flags, torch's version and the CPU's features (build_name). `kernels_for` builds it on
first use (build.extension) except inside `prebuilt_only()`, where the planner runs: there it uses
a build only if one is there already (load_built), so `roletune plan` never compiles.
ROLETUNE_CPU_KERNELS=0 turns the kernels off.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import platform
import sys
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


def unusable() -> str | None:
    """Why the compiled kernels cannot be used here whether built or not, or None."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return f"{ENV_SWITCH}=0"
    if platform.system() != "Linux":
        return "built and tested on Linux (glibc, GCC) only"
    return None


def built_library() -> Path | None:
    """This machine's build of the kernels (the shared library), if it is there; never builds it."""
    name = build_name()
    found = sorted((cache_root() / name).glob(f"{name}*.so"))
    return found[0] if found else None


# The kernel module once loaded in this process (by load_built or by build.extension): one import per process.
_LOADED: dict[str, ModuleType] = {}


def loaded() -> ModuleType | None:
    return _LOADED.get(build_name())


def remember(module: ModuleType) -> ModuleType:
    _LOADED[build_name()] = module
    return module


def load_built() -> ModuleType | None:
    """The compiled kernel module if this machine's build is there (loaded as torch's cpp_extension loads
    it), else None; never compiles. A library that fails to load (e.g. half-written by a concurrent
    build) counts as not built."""
    if unusable() is not None:
        return None
    module = loaded()
    if module is not None:
        return module
    library = built_library()
    if library is None:
        return None
    import importlib.util

    import torch  # noqa: F401  (the library links against libtorch, which importing torch loads)

    try:
        spec = importlib.util.spec_from_file_location(build_name(), library)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except (ImportError, OSError):
        return None
    return remember(module)


_MAY_BUILD: contextvars.ContextVar[bool] = contextvars.ContextVar("roletune_may_build_kernels", default=True)


@contextlib.contextmanager
def prebuilt_only() -> Iterator[None]:
    """Within this block, `kernels_for` uses the kernels only when already built (load_built), never building
    them: the planner runs inside one, so `roletune plan` answers without a ~40 s compile."""
    token = _MAY_BUILD.set(False)
    try:
        yield
    finally:
        _MAY_BUILD.reset(token)


def compiled() -> ModuleType | None:
    """The compiled module: built now if need be (build.extension), or only if built already inside prebuilt_only."""
    if not _MAY_BUILD.get():
        return load_built()
    from roletune.train.kernels.build import extension  # deferred: the builder is imported only where it may run

    return extension()


class ShapeOnlyKernels:
    """Stands in for the compiled module on meta tensors, so that the plan's trace (plan/shape.py) keeps
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
        return compiled()
    return ShapeOnlyKernels if devices == {"meta"} and _TRACE_AS_KERNELS.get() else None
