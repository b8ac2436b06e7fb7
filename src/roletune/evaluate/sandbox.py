"""Run untrusted Python (generated answers, their tests) in its own contained process.

Each run gets: a fresh temporary directory as cwd, HOME and TMPDIR (deleted afterwards); a minimal
environment (nothing inherited: no secrets); an isolated interpreter (-I -S -B: no site-packages,
no user paths); a wall-clock timeout that kills the whole process group; resource limits on CPU
time, address space, file size (which also caps what it can print), processes and open files; a
new network namespace with no interfaces (no network at all); and output truncated.

Running as root (CI here), the child also drops to an unprivileged uid of its own (one per
concurrent sandbox from a reserved range), so that RLIMIT_NPROC holds (root ignores it), it can
write nowhere but its directory, and every process it left behind can be killed by uid at the end.
As an ordinary user the uid can't change: the limits, the timeout and the namespace (where user
namespaces are allowed) still apply, but files the user can write are writable — run checks as
root in a container, or as a dedicated user, for the full guarantee.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
UID_BASE = 61000  # reserved range of unprivileged uids, one per concurrent sandbox
UID_SLOTS = 64
SYSTEM_PYTHON = "/usr/bin/python3"  # readable by any uid, unlike an interpreter under /root


@dataclass(frozen=True)
class SandboxLimits:
    timeout_s: float = 10.0
    cpu_s: int = 10
    memory_bytes: int = 1 << 30
    file_bytes: int = 8 << 20  # also bounds stdout/stderr, which go to files
    processes: int = 32
    open_files: int = 128
    output_bytes: int = 64 << 10  # kept of stdout and of stderr each


@dataclass
class SandboxResult:
    exit_code: int | None
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float
    reason: str  # empty when the program exited 0 within its limits
    network_isolated: bool

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


_uid_lock = threading.Lock()
_free_uids = list(range(UID_BASE, UID_BASE + UID_SLOTS))


def _take_uid() -> int | None:
    if os.geteuid() != 0:
        return None
    with _uid_lock:
        return _free_uids.pop(0) if _free_uids else None


def _give_uid(uid: int | None) -> None:
    if uid is not None:
        with _uid_lock:
            _free_uids.append(uid)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _can_unshare_network() -> bool:
    """Whether a child can get its own network namespace here (probed once)."""
    global _NETWORK_PROBE
    if _NETWORK_PROBE is None:
        flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
        probe = subprocess.run([sys.executable, "-I", "-S", "-c", "pass"], preexec_fn=lambda: _unshare(flags),
                               capture_output=True)
        _NETWORK_PROBE = probe.returncode == 0
    return _NETWORK_PROBE


_NETWORK_PROBE: bool | None = None


def _unshare(flags: int) -> None:
    if _libc().unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")


def _child_setup(limits: SandboxLimits, uid: int | None, isolate_net: bool) -> None:
    """Runs in the child between fork and exec (preexec_fn)."""
    os.setsid()
    if isolate_net:
        _unshare(CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET)
    for what, value in ((resource.RLIMIT_CPU, limits.cpu_s), (resource.RLIMIT_AS, limits.memory_bytes),
                        (resource.RLIMIT_FSIZE, limits.file_bytes), (resource.RLIMIT_NPROC, limits.processes),
                        (resource.RLIMIT_NOFILE, limits.open_files), (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(what, (value, value))
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)


def _kill_uid(uid: int) -> None:
    """Kill every process left running under a sandbox uid (forks that escaped the group)."""
    for _ in range(3):
        found = False
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid == uid:
                    found = True
                    os.kill(int(entry.name), signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
        if not found:
            return
        time.sleep(0.05)


def _read_capped(path: Path, cap: int) -> str:
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    text = data[:cap].decode("utf-8", errors="replace")
    return text + ("\n[… output truncated]" if len(data) > cap else "")


def _reason(code: int | None, timed_out: bool, limits: SandboxLimits, stderr: str) -> str:
    if timed_out:
        return f"timed out after {limits.timeout_s:g} s"
    if code == 0:
        return ""
    if code is not None and code < 0:
        sig = -code
        names = {signal.SIGXCPU: f"CPU time limit ({limits.cpu_s} s) exceeded",
                 signal.SIGXFSZ: f"file/output size limit ({limits.file_bytes >> 20} MiB) exceeded",
                 signal.SIGKILL: "killed", signal.SIGSEGV: "crashed (segmentation fault)"}
        return names.get(sig, f"killed by signal {signal.Signals(sig).name}")
    if "MemoryError" in stderr:
        return f"memory limit ({limits.memory_bytes >> 20} MiB) exceeded"
    return f"exited with code {code}"


def run_python(code: str, limits: SandboxLimits = SandboxLimits()) -> SandboxResult:
    """Run `code` as a Python program in the sandbox and report what happened."""
    isolate_net = _can_unshare_network()
    uid = _take_uid()
    workdir = Path(tempfile.mkdtemp(prefix="roletune-sandbox-"))
    outdir = Path(tempfile.mkdtemp(prefix="roletune-sandbox-out-"))
    try:
        (workdir / "main.py").write_text(code, encoding="utf-8")
        if uid is not None:
            os.chown(workdir, uid, uid)
            os.chown(workdir / "main.py", uid, uid)
        python = SYSTEM_PYTHON if uid is not None and os.path.exists(SYSTEM_PYTHON) else sys.executable
        env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir), "TMPDIR": str(workdir), "LANG": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}
        started = time.perf_counter()
        timed_out = False
        with open(outdir / "stdout", "wb") as out, open(outdir / "stderr", "wb") as err:
            proc = subprocess.Popen([python, "-I", "-S", "-B", "main.py"], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=err, close_fds=True,
                                    preexec_fn=lambda: _child_setup(limits, uid, isolate_net))
            try:
                code_ = proc.wait(timeout=limits.timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                code_ = proc.wait()
        seconds = time.perf_counter() - started
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever it started in its group
        except (ProcessLookupError, PermissionError):
            pass
        if uid is not None:
            _kill_uid(uid)
        stdout = _read_capped(outdir / "stdout", limits.output_bytes)
        stderr = _read_capped(outdir / "stderr", limits.output_bytes)
        return SandboxResult(exit_code=None if timed_out else code_, stdout=stdout, stderr=stderr, timed_out=timed_out,
                             seconds=seconds, reason=_reason(code_, timed_out, limits, stderr),
                             network_isolated=isolate_net)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
        _give_uid(uid)
