"""Builds roletune's CPU training kernels (cpu_kernels.cpp) for this machine: only the train stage and
`python -m roletune.train.kernels.build` (make setup) call it; the planner never does (loader.py finds a build).

It is compiled with the machine's own instruction set (-march=native) by torch's cpp_extension,
which needs a C++ compiler and ninja (a dependency of roletune). The build (its time:
docs/performance.md) lands in $ROLETUNE_HOME/torch_extensions (~/.cache/roletune) under a name that
hashes the source, the flags, torch's version and the CPU's features (loader.build_name), so a
changed source or another CPU builds anew. Concurrent builders queue on an flock of their own
(`build_lock`); torch's own lock is a plain file that a killed build leaves behind, after which every
later `load` would wait for it forever, so the holder of the flock removes a torch lock it finds.
Where it cannot be built, `extension()` warns once, says why and how to fix it, and returns None:
training then takes the eager path, which draws from the same distribution and is only slower.
ROLETUNE_CPU_KERNELS=0 turns the kernels off.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from roletune.train.kernels.loader import CFLAGS, ENV_SWITCH, SOURCE, build_name, cache_root, loaded, remember, unusable


def _ninja_on_path() -> None:
    """torch runs `ninja` by name; the one from PyPI lives beside this interpreter, which may not be on PATH."""
    if shutil.which("ninja"):
        return
    try:
        import ninja

        os.environ["PATH"] = ninja.BIN_DIR + os.pathsep + os.environ.get("PATH", "")
    except ImportError:
        pass


TORCH_BATON = "lock"  # the file torch.utils.cpp_extension's FileBaton creates in the build folder
OUR_LOCK = ".roletune-build.lock"


@contextlib.contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """Hold the build folder's flock (released by the kernel however the holder ends); while held, no
    other roletune process is building, so a torch lock file found there is a killed build's and goes."""
    with open(directory / OUR_LOCK, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"roletune: waiting for another process building the CPU kernels in {directory}",
                  file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        stale = directory / TORCH_BATON
        if stale.exists():
            print(f"roletune: removing {stale}, left by a build that was stopped", file=sys.stderr, flush=True)
            stale.unlink(missing_ok=True)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _build() -> ModuleType:
    from torch.utils.cpp_extension import load

    name = build_name()
    directory = cache_root() / name
    directory.mkdir(parents=True, exist_ok=True)
    if not any(directory.glob(f"{name}*.so")):
        print(f"roletune: building its CPU training kernels once for this machine (~40 s) in {directory}",
              file=sys.stderr, flush=True)
    _ninja_on_path()
    with build_lock(directory):
        return load(name=name, sources=[str(_source_in(directory))], extra_cflags=list(CFLAGS),
                    extra_ldflags=["-fopenmp"], build_directory=str(directory), verbose=False)


def _source_in(directory: Path) -> Path:
    """The source copied into the build folder, compiled from there: torch writes the source's absolute
    path into build.ninja, so building from each checkout's own copy rebuilt the same kernels whenever
    another checkout (a second clone, a CI clone) had built them last."""
    copy = directory / SOURCE.name
    if not copy.is_file() or copy.read_bytes() != SOURCE.read_bytes():
        shutil.copyfile(SOURCE, copy)
    return copy


@functools.cache
def extension() -> ModuleType | None:
    """The compiled kernel module, built now if need be; None (with one warning saying why) where it cannot be had."""
    if unusable() is not None:
        return None
    module = loaded()  # already loaded in this process (by loader.load_built): never import a library twice
    if module is not None:
        return module
    try:
        return remember(_build())
    except Exception as exc:  # a missing compiler, headers or ninja: say so, train on the eager path
        warnings.warn(
            f"roletune could not build its CPU training kernels ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}); training uses eager "
            f"torch for LoRA dropout, SwiGLU and RMSNorm, about 25% slower per step. It needs a C++ compiler "
            f"(g++) with Python's headers and ninja (pip install ninja); set {ENV_SWITCH}=0 to skip it "
            f"without this warning.",
            RuntimeWarning, stacklevel=2)
        return None


def main() -> None:
    """`python -m roletune.train.kernels.build`: build (or find) the kernel now and say which (make setup runs it)."""
    kernel = extension()
    if kernel is not None:
        print(f"roletune: CPU training kernels ready ({kernel.lanes} floats per vector): {kernel.__file__}")


if __name__ == "__main__":
    main()
