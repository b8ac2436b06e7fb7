"""Run untrusted Python (a model's answer) in its own process, contained, and say how it ended.

`run_python(code, limits)` writes `code` to a fresh directory and runs it with the interpreter that
runs roletune, as `python -S -s -B -P main.py` (no site-packages, no user site, no .pyc files, no
script directory on sys.path: the checks need the standard library only). Linux only. A small
bootstrap interpreter (`sandbox_bootstrap.py`, started by the host with a minimal environment in a new
session) sets the sandbox up, then executes the program. What each protection relies on:

- Time: the host kills the run after `timeout_s` of wall-clock time; RLIMIT_CPU bounds each
  process's CPU time (SIGXCPU).
- Memory, files, processes: RLIMIT_AS (address space, per process), RLIMIT_FSIZE, RLIMIT_NOFILE,
  RLIMIT_NPROC, RLIMIT_CORE=0.
- Network: a new network namespace (no interface is up, not even loopback).
- Leftover processes: a new PID namespace whose init is a small reaper and the program its child.
  When the program ends, init reports its status and exits, and the kernel kills every process
  left in the namespace; the same happens when the supervising bootstrap is told to stop (SIGTERM)
  or dies (PR_SET_PDEATHSIG). The bootstrap reaps init, so no orphan is left. The host also kills
  the session's process group and, with a per-run uid, every process of that uid.
- Files: a new mount namespace with private tmpfs mounts (size- and inode-limited) over /tmp,
  /var/tmp and /dev/shm; the working directory (cwd, HOME and TMPDIR) is a fresh tmpfs of
  `disk_bytes`, so nothing the program writes reaches the host's disk. A new IPC namespace, so
  SysV shared memory and message queues go with the run. The host deletes its directory afterwards.
- Environment: only PATH, LANG, LC_ALL, HOME, TMPDIR, PYTHONHASHSEED=0 (reproducible set order),
  PYTHONDONTWRITEBYTECODE, PYTHONIOENCODING and MALLOC_ARENA_MAX; nothing is inherited; stdin is
  /dev/null; no file descriptor but the pipes.
- Output: stdout and stderr are read from pipes into a bounded buffer (the first part and the last
  `output_bytes // 8` are kept, with a marker for what was dropped), so printing 100 MB costs the
  host no memory and the last lines, where a harness reports, survive.
- Privileges, when the host runs as root (as tests and CI do here): root ignores RLIMIT_NPROC and
  file permissions, so the program runs under a random unprivileged uid/gid from a high range, one
  per run: concurrent sandboxes never share a process budget, and every process of that uid can be
  killed safely. No supplementary groups, PR_SET_NO_NEW_PRIVS (no setuid binary gives root back), a
  /proc that shows the sandbox's own processes only. If the interpreter lives under a directory that
  uid cannot enter (pyenv under /root here), a tmpfs hides that directory and re-exposes only the
  interpreter's installation (bind mounts), which also keeps the rest of it out of reach.

What is not contained. Each protection is best effort: what could not be set up on this machine is
listed in `SandboxResult.gaps` (and `network_isolated` says whether the network was cut), so
reports can warn; nothing is skipped silently.

- Not root, the gap: there is no other uid to switch to. The bootstrap uses an unprivileged user
  namespace (CLONE_NEWUSER) to get the network, mount, PID and IPC namespaces; where the kernel
  allows that (most desktop and CI Linux), all of the above holds except that the program runs as
  the invoking user: it can read, and outside the private /tmp write, whatever that user can (since
  Linux 5.14, RLIMIT_NPROC counts its processes inside its own user namespace only). Where user
  namespaces are disabled there is no network or PID isolation and no private /tmp, RLIMIT_NPROC is
  the user's current process count plus `max_processes` (racy), and a process that leaves the
  session (setsid) can outlive the run.
- Root without CAP_SYS_ADMIN (a default Docker container): no namespaces; the uid switch, the
  rlimits and the uid-wide kill still hold, but files go to the host's disk and the network is
  open. If the interpreter is then unreachable for another uid, the program runs as root (a gap).
- Memory is bounded per process, not per sandbox: up to `max_processes` x `memory_bytes` in total.
- The program can read every world-readable file of the host.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache

from roletune.errors import RoletuneError
from roletune.evaluate import sandbox_bootstrap as bootstrap

MiB = 1 << 20
GiB = 1 << 30
PROGRAM = "main.py"
# World-writable directories that get a private tmpfs in the sandbox's mount namespace.
SHARED_TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
# Per-run uids are drawn from here when the host is root; a range no distribution allocates.
# If the user namespace we run in does not map it (a rootless container), FALLBACK_UIDS is tried.
SANDBOX_UIDS = range(1_500_000_000, 1_600_000_000)
FALLBACK_UIDS = range(40_000, 60_000)


class SandboxError(RoletuneError):
    """The sandbox itself could not run a program (not: the program failed)."""


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits of one run. `cpu_s` defaults to the wall-clock timeout plus one second."""

    timeout_s: float = 10.0
    cpu_s: int | None = None
    memory_bytes: int = 1 * GiB  # address space per process (RLIMIT_AS)
    file_size_bytes: int = 16 * MiB  # largest file a process may write (RLIMIT_FSIZE)
    disk_bytes: int = 64 * MiB  # size of the private working directory and /tmp
    max_processes: int = 32  # processes and threads of the sandbox (RLIMIT_NPROC)
    max_open_files: int = 256  # RLIMIT_NOFILE
    output_bytes: int = 64 * 1024  # kept of stdout and of stderr, each

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None and value <= 0:
                raise ValueError(f"SandboxLimits.{field.name} must be positive, got {value}")

    @property
    def cpu_seconds(self) -> int:
        return self.cpu_s if self.cpu_s is not None else int(self.timeout_s) + 1


@dataclass(frozen=True)
class SandboxResult:
    """How a program ended. `exit_code` is negative for a signal (as in subprocess), None if unknown."""

    exit_code: int | None
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float
    limit_hit: str | None  # timeout | cpu | memory | file_size | processes | open_files | None
    reason: str  # one human-readable line: "exited with status 0", "timed out after 10 s", ...
    output_truncated: bool
    network_isolated: bool
    uid: int  # the uid the program ran as
    gaps: tuple[str, ...] = ()  # protections that could not be set up on this machine

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


def run_python(code: str, limits: SandboxLimits = SandboxLimits()) -> SandboxResult:
    """Run `code` as a Python program in the sandbox and return how it ended (never raises for the
    program's own failures; raises SandboxError if the sandbox cannot start a program at all)."""
    started = time.perf_counter()
    host = _host()
    uid = _take_uid(host)
    workdir = tempfile.mkdtemp(prefix="roletune-sbx-")
    try:
        with open(os.path.join(workdir, PROGRAM), "w", encoding="utf-8") as fh:
            fh.write(code)
        if uid >= 0:
            os.chown(workdir, uid, uid)  # used as is where no private tmpfs can be mounted over it
        return _run(workdir, uid, uid, limits, host, started)
    finally:
        _rmtree(workdir)
        with _UIDS_LOCK:
            _UIDS_IN_USE.discard(uid)


_UIDS_IN_USE: set[int] = set()
_UIDS_LOCK = threading.Lock()


def _take_uid(host: _Host) -> int:
    """A random per-run uid (gid the same), not in use by another run of this process; -1 if not root."""
    if not host.root or host.uid_range is None:
        return -1
    with _UIDS_LOCK:
        while (uid := random.choice(host.uid_range)) in _UIDS_IN_USE:
            pass
        _UIDS_IN_USE.add(uid)
    return uid


# -- host side ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Host:
    root: bool
    exe: str
    uid_range: range | None  # per-run uids (root only)
    tmp_dirs: tuple[str, ...]  # world-writable dirs to hide
    python_paths: tuple[str, ...]  # what the interpreter needs to run


@cache
def _host() -> _Host:
    exe = os.path.realpath(sys.executable)
    needed = {os.path.dirname(exe), sys.base_prefix, sys.base_exec_prefix, sysconfig.get_config_var("LIBDIR") or ""}
    paths = sorted({os.path.realpath(p) for p in needed if p and os.path.isdir(p)})
    paths = tuple(p for p in paths if not any(p != q and _under(p, q) for q in paths))  # outermost only
    tmp_dirs = tuple(os.path.realpath(d) for d in SHARED_TMP_DIRS if os.path.isdir(d) and os.stat(d).st_mode & 0o002)
    root = os.geteuid() == 0
    return _Host(root=root, exe=exe, uid_range=_mapped_uid_range() if root else None,
                 tmp_dirs=tuple(dict.fromkeys(tmp_dirs)), python_paths=paths)


def _mapped_uid_range() -> range | None:
    """The per-run uid range if this user namespace maps it (else the fallback range, else None)."""
    try:
        with open("/proc/self/uid_map", encoding="ascii") as fh:
            maps = [tuple(map(int, line.split())) for line in fh if line.strip()]
    except OSError:
        return None
    for wanted in (SANDBOX_UIDS, FALLBACK_UIDS):
        if any(inside <= wanted.start and wanted.stop <= inside + count for inside, _, count in maps):
            return wanted
    return None


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _blocked_ancestor(path: str) -> str | None:
    """The outermost directory above `path` that other users cannot enter, if any."""
    parts = path.strip("/").split("/")
    for i in range(1, len(parts)):
        ancestor = "/" + "/".join(parts[:i])
        try:
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                return ancestor
        except OSError:
            return None
    return None


def _mount_plan(host: _Host, workdir: str) -> str:
    """Mounts for the bootstrap, in order, one per line: `T dir` (a private tmpfs over a shared
    temporary directory), `H dir` (a tmpfs hiding a directory the sandbox uid cannot enter, so that
    the interpreter can be re-exposed under it), `B path` (bind the original `path` back), `W path`
    (the fresh working directory)."""
    tmp = {d: [] for d in host.tmp_dirs}
    blocked: dict[str, list[str]] = {}
    for path in host.python_paths:
        owner = next((d for d in tmp if _under(path, d)), None)
        if owner is not None:
            tmp[owner].append(path)
        elif host.root and (ancestor := _blocked_ancestor(path)) is not None:
            blocked.setdefault(ancestor, []).append(path)
    lines = []
    for op, table in (("T", tmp), ("H", blocked)):
        for d, paths in table.items():
            lines += [f"{op} {d}"] + [f"B {p}" for p in paths]
    return "\n".join(lines + [f"W {workdir}"])


def _env(workdir: str) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": workdir,
        "TMPDIR": workdir,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MiB of address space per arena: keep RLIMIT_AS for data
    }


class _Capture:
    """Keeps the first part and the last `tail` bytes of a stream; counts what it drops."""

    def __init__(self, limit: int) -> None:
        self.tail_size = max(limit // 8, 1)
        self.head_size = limit - self.tail_size
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.head_size - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            if len(self.tail) > 4 * self.tail_size:
                del self.tail[: -self.tail_size]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + min(len(self.tail), self.tail_size)

    def text(self) -> str:
        tail = bytes(self.tail[-self.tail_size :])
        if not self.truncated:
            return (bytes(self.head) + tail).decode("utf-8", "replace")
        dropped = self.total - len(self.head) - len(tail)
        return (bytes(self.head).decode("utf-8", "replace") + f"\n[... {dropped} bytes truncated ...]\n"
                + tail.decode("utf-8", "replace"))


def _run(workdir: str, uid: int, gid: int, limits: SandboxLimits, host: _Host, started: float) -> SandboxResult:
    status_r, status_w = os.pipe()
    args = bootstrap.command(host.exe, status_w, workdir, uid, gid, limits, _mount_plan(host, workdir))
    try:
        proc = subprocess.Popen(args, cwd=workdir, env=_env(workdir), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, pass_fds=(status_w,), start_new_session=True, bufsize=0)
    except OSError as exc:
        os.close(status_r)
        raise SandboxError(f"cannot start the sandbox interpreter {host.exe}: {exc}") from exc
    finally:
        os.close(status_w)
    out, err, status = _Capture(limits.output_bytes), _Capture(limits.output_bytes), _Capture(64 * 1024)
    timed_out = False
    try:
        timed_out = _wait(proc, status_r, out, err, status, started + limits.timeout_s, uid)
    finally:
        if not _exited(proc.pid):  # interrupted (KeyboardInterrupt): stop it
            _stop(proc.pid, uid, supervised=b"supervised" in status.head)
        _kill_all(proc.pid, uid)
        proc.wait()
        for f in (proc.stdout, proc.stderr):
            f.close()
        os.close(status_r)
    report = bootstrap.parse_status(status.text())
    if report["error"]:
        raise SandboxError(f"sandbox setup failed: {report['error']}")
    exit_code = report["exit"] if report["supervised"] else proc.returncode
    stderr = err.text()
    limit_hit, reason = _ending(exit_code, timed_out, stderr, limits)
    return SandboxResult(exit_code=exit_code, stdout=out.text(), stderr=stderr, timed_out=timed_out,
                         seconds=time.perf_counter() - started, limit_hit=limit_hit, reason=reason,
                         output_truncated=out.truncated or err.truncated, network_isolated="net" in report["got"],
                         uid=report["uid"] if report["uid"] is not None else os.geteuid(), gaps=report["gaps"])


def _wait(proc: subprocess.Popen, status_r: int, out: _Capture, err: _Capture, status: _Capture,
          deadline: float, uid: int) -> bool:
    """Pump the pipes until the program has ended and its output is drained; True if it timed out."""
    sel = selectors.DefaultSelector()
    for fd, sink in ((proc.stdout.fileno(), out), (proc.stderr.fileno(), err), (status_r, status)):
        sel.register(fd, selectors.EVENT_READ, sink)
    try:
        pidfd = os.pidfd_open(proc.pid)
        sel.register(pidfd, selectors.EVENT_READ, None)
    except (AttributeError, OSError):  # no pidfd (old kernel): poll the child
        pidfd = -1
    timed_out = False
    ended_at: float | None = None  # when the bootstrap exited, or was told to stop
    try:
        while sel.get_map():
            now = time.perf_counter()
            if ended_at is None and now >= deadline:
                timed_out = True
                _stop(proc.pid, uid, supervised=b"supervised" in status.head)
                ended_at = now
            if ended_at is not None and now - ended_at > 1.0:
                break  # something we could not kill still holds a pipe open: stop waiting for it
            wait = (deadline - now) if ended_at is None else 0.1
            for key, _ in sel.select(max(min(wait, 0.005 if pidfd < 0 else wait), 0)):
                if key.data is None:  # the bootstrap exited
                    sel.unregister(key.fd)
                    continue
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    key.data.add(chunk)
                else:
                    sel.unregister(key.fd)
            exited = pidfd not in sel.get_map() if pidfd >= 0 else _exited(proc.pid)
            if exited and ended_at is None:
                ended_at = time.perf_counter()
                _kill_all(proc.pid, uid)  # leftovers that would hold the pipes open
            if exited and pidfd < 0 and len(sel.get_map()) == 0:
                break
    finally:
        sel.close()
        if pidfd >= 0:
            os.close(pidfd)
    return timed_out


def _exited(pid: int) -> bool:
    """Has `pid` exited? (Leaves the zombie for Popen to reap, so its process group id stays ours.)"""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _stop(pid: int, uid: int, *, supervised: bool) -> None:
    """Stop a run that is still going. A supervising bootstrap is asked (SIGTERM) to kill and reap
    its child, the PID namespace's init, so no orphan is left for the host's init to reap."""
    if uid > 0:
        _kill_uid(uid)
    if supervised:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        until = time.perf_counter() + 1.0
        while time.perf_counter() < until and not _exited(pid):
            time.sleep(0.002)
    _kill_all(pid, uid)


def _kill_all(pid: int, uid: int) -> None:
    """Kill the sandbox's process group and, with a per-run uid, every process of that uid."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if uid > 0:
        _kill_uid(uid)


def _kill_uid(uid: int) -> None:
    """SIGKILL every live process whose uid is `uid`, until none is left (forks race with the scan)."""
    for _ in range(100):
        found = False
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid or _zombie(entry.path):
                    continue
                os.kill(int(entry.name), signal.SIGKILL)
                found = True
            except (FileNotFoundError, ProcessLookupError):
                continue
        if not found:
            return
        time.sleep(0.001)


def _zombie(proc_dir: str) -> bool:
    with open(f"{proc_dir}/stat", "rb") as fh:
        return fh.read().rpartition(b")")[2][:3] == b" Z "


def _size(n: int) -> str:
    return f"{n / GiB:g} GiB" if n >= GiB else f"{n / MiB:g} MiB"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else ""


def _ending(exit_code: int | None, timed_out: bool, stderr: str, limits: SandboxLimits) -> tuple[str | None, str]:
    """(limit_hit, reason) for how a program ended."""
    last = _last_line(stderr)
    if timed_out:
        return "timeout", f"timed out after {limits.timeout_s:g} s"
    if exit_code is None:
        return None, "ended without an exit status"
    if exit_code < 0:
        sig = signal.Signals(-exit_code) if -exit_code in signal.valid_signals() else None
        name = sig.name if sig else f"signal {-exit_code}"
        if sig == signal.SIGXCPU:
            return "cpu", f"CPU time limit ({limits.cpu_seconds} s) exceeded"
        if sig == signal.SIGXFSZ:
            return "file_size", f"file size limit ({_size(limits.file_size_bytes)}) exceeded"
        return None, f"killed by {name}"
    if exit_code == 0:
        return None, "exited with status 0"
    markers = (("MemoryError", "memory", f"memory limit ({_size(limits.memory_bytes)}) exceeded"),
               ("[Errno 27]", "file_size", f"file size limit ({_size(limits.file_size_bytes)}) exceeded"),
               ("[Errno 28]", "file_size", f"disk limit ({_size(limits.disk_bytes)}) exceeded"),
               ("[Errno 11] Resource temporarily unavailable", "processes",
                f"process limit ({limits.max_processes}) reached"),
               ("[Errno 24]", "open_files", f"open file limit ({limits.max_open_files}) reached"))
    for marker, limit, text in markers:
        if marker in last:
            return limit, f"{text}: {last}"
    return None, f"exited with status {exit_code}" + (f": {last}" if last else "")


def _rmtree(path: str) -> None:
    def retry(func, p, _exc):  # a directory the program made unreadable: give it back, try again
        os.chmod(os.path.dirname(p), 0o700)
        if os.path.isdir(p) and not os.path.islink(p):
            os.chmod(p, 0o700)
        func(p)

    try:
        shutil.rmtree(path, onerror=retry)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
