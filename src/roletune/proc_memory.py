"""Memory figures of this process and of the machine (Linux /proc), for the plan, the training
callbacks and the evaluation's inference processes."""

from __future__ import annotations

import contextlib
from pathlib import Path

_STATUS = Path("/proc/self/status")


def _status_kib(key: str) -> int | None:
    with contextlib.suppress(OSError):
        for line in _STATUS.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def current_rss() -> int:
    """Resident set size of this process in bytes (0 where /proc is unavailable)."""
    return (_status_kib("VmRSS") or 0) * 1024


def peak_rss() -> int:
    """Peak resident set size (VmHWM) since the process started or since `reset_peak_rss`.

    VmHWM belongs to this address space. Not getrusage's ru_maxrss, except where /proc is missing:
    Linux carries that over fork and exec, so a child spawned by a pipeline that had just trained
    a model reported the trainer's peak as its own.
    """
    value = _status_kib("VmHWM")
    if value is None:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return value * 1024


def reset_peak_rss() -> bool:
    """Restart the peak-RSS counter at the current RSS (Linux ≥ 4.0: `5` > clear_refs). True if it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def available_memory() -> int:
    """Memory the kernel could give us now without swapping (MemAvailable), in bytes."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    import os

    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
