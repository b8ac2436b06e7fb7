"""Training memory: the GPU's figures, and glibc's heap kept while training on CPU. (This process's
RSS and the machine's free memory: roletune/proc_memory.py.)"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


def gpu_memory() -> dict[str, int] | None:
    """Peak allocated and total memory of the current CUDA device, or None without one."""
    import torch

    if not torch.cuda.is_available():
        return None
    free, total = torch.cuda.mem_get_info()
    return {"peak_allocated": int(torch.cuda.max_memory_allocated()), "free": int(free), "total": int(total)}


# glibc's mallopt parameters (malloc.h) and its defaults.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
GLIBC_DEFAULT_THRESHOLD = 128 * 1024
# The largest M_MMAP_THRESHOLD glibc accepts on 64-bit (HEAP_MAX_SIZE / 2).
GLIBC_MAX_MMAP_THRESHOLD = 32 * 1024 * 1024


def _glibc() -> Any:
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.gnu_get_libc_version  # only glibc has it (and mallopt with these meanings)
        return libc
    return None


@contextlib.contextmanager
def heap_kept_for_training() -> Iterator[bool]:
    """Keep freed activation memory in the heap while training on CPU; yields whether it could.

    By default glibc gives every block over its (dynamic) mmap threshold its own mapping, and
    trims the heap when its top frees: each training step then maps its activations afresh and
    the kernel zero-fills them page by page (the cost: docs/performance.md, "Where a step's time
    goes"). With the threshold at glibc's maximum (32 MiB) and no trimming, steps reuse the heap's
    blocks. Peak RSS does not grow for it: it fell (docs/performance.md, "Figures behind the code";
    see cost.ALLOCATOR_OVERHEAD). On exit glibc's defaults come back and the heap is trimmed, so the
    stages after training get the memory back.
    """
    global _heap_kept_depth
    libc = _glibc()
    if libc is None:
        yield False
        return
    if _heap_kept_depth == 0:
        libc.mallopt(M_MMAP_THRESHOLD, GLIBC_MAX_MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, 2**31 - 1)  # an int: the largest trim threshold mallopt takes
    _heap_kept_depth += 1
    try:
        yield True
    finally:
        _heap_kept_depth -= 1
        if _heap_kept_depth == 0:  # the outermost one restores (the plan's timing runs inside training)
            libc.mallopt(M_MMAP_THRESHOLD, GLIBC_DEFAULT_THRESHOLD)
            libc.mallopt(M_TRIM_THRESHOLD, GLIBC_DEFAULT_THRESHOLD)
            libc.malloc_trim(0)


_heap_kept_depth = 0
