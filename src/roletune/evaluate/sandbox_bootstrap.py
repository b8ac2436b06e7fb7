"""The sandbox's child side (roletune.evaluate.sandbox): the bootstrap program and its protocol.

Runs as its own interpreter (`-I -S -B -c`), as the host's user, before the program: namespaces,
mounts, rlimits, the uid switch, then exec. It imports only ctypes, os, resource, sys (json or re
would double its start-up time). It reports on the status pipe, one line each:
  got net,mnt,pid,...   what it set up        gap TEXT   a protection it could not set up
  uid N                 the program's uid     supervised  it forked and waits (PID namespace)
  exit STATUS           the program's raw wait status     error TEXT  setup failed, nothing ran

`command()` is how the host starts it (the arguments, in the order the bootstrap unpacks them),
`parse_status()` reads its report. The program is kept as source text, not an imported module: it
runs only in the child interpreter, never on the host.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roletune.evaluate.sandbox import SandboxLimits


def command(exe: str, status_fd: int, workdir: str, uid: int, gid: int, limits: SandboxLimits, plan: str) -> list[str]:
    """The argv that runs the bootstrap: it reports on `status_fd`, then runs `workdir`/main.py with
    `exe` under `limits`, as `uid`/`gid` (-1: unchanged), after the mounts of `plan` (sandbox._mount_plan)."""
    return [exe, "-I", "-S", "-B", "-c", SOURCE, str(status_fd), exe, workdir, str(uid), str(gid),
            str(limits.cpu_seconds), str(limits.memory_bytes), str(limits.file_size_bytes), str(limits.max_processes),
            str(limits.max_open_files), str(limits.disk_bytes), plan]


def parse_status(text: str) -> dict:
    """What the bootstrap reported on its status pipe (the protocol above), as a dict."""
    report: dict = {"got": set(), "gaps": (), "uid": None, "exit": None, "supervised": False, "error": None}
    gaps = []
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if key == "got":
            report["got"] = set(value.split(","))
        elif key == "gap":
            gaps.append(value)
        elif key == "uid":
            report["uid"] = int(value)
        elif key == "supervised":
            report["supervised"] = True
        elif key == "exit":
            report["exit"] = os.waitstatus_to_exitcode(int(value))
        elif key == "error":
            report["error"] = value
    report["gaps"] = tuple(gaps)
    return report


SOURCE = r'''
import _signal, ctypes, os, resource, sys

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x20000, 0x8000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
(status, exe, workdir, uid, gid, cpu, mem, fsize, nproc, nofile, disk), plan = sys.argv[1:12], sys.argv[12]
status, uid, gid, cpu, mem, fsize, nproc, nofile, disk = map(
    int, (status, uid, gid, cpu, mem, fsize, nproc, nofile, disk))
os.set_inheritable(status, False)
libc = ctypes.CDLL(None, use_errno=True)
got, gaps = set(), []


def say(line):
    os.write(status, (line + "\n").encode("utf-8", "replace"))


def fail(msg):
    say("error " + msg)
    os._exit(125)


def err():
    return os.strerror(ctypes.get_errno())


def unshare(flags):
    return libc.unshare(flags) == 0


def mount(src, target, fstype, flags, data):
    enc = lambda s: None if s is None else s.encode()
    if libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)) != 0:
        raise OSError(ctypes.get_errno(), "mount %s on %s: %s" % (fstype or src, target, err()))


def write(path, text):
    with open(path, "w") as fh:
        fh.write(text)


root = os.geteuid() == 0
if root:
    if unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC):
        got |= {"net", "mnt", "pid", "ipc"}
    else:
        for flag, name in ((CLONE_NEWNET, "net"), (CLONE_NEWNS, "mnt"), (CLONE_NEWPID, "pid"), (CLONE_NEWIPC, "ipc")):
            if unshare(flag):
                got.add(name)
else:
    me, mygid = os.getuid(), os.getgid()
    for flags, names in ((CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC,
                          ("net", "mnt", "pid", "ipc")),
                         (CLONE_NEWUSER | CLONE_NEWNET, ("net",))):
        if unshare(flags):
            try:  # map our own uid/gid, or no file could be created
                write("/proc/self/setgroups", "deny")
                write("/proc/self/uid_map", "%d %d 1" % (me, me))
                write("/proc/self/gid_map", "%d %d 1" % (mygid, mygid))
            except OSError as exc:
                fail("user namespace set-up: %s" % exc)
            got |= {"user", *names}
            break
if "net" not in got:
    gaps.append("network: not isolated (no network namespace: %s)" % err())
if "pid" not in got:
    gaps.append("processes: no PID namespace; leftovers are killed by process group%s"
                % (" and uid" if uid >= 0 else " only"))

with open(os.path.join(workdir, "main.py"), "rb") as fh:
    program = fh.read()
steps = [(line[0], line[2:]) for line in plan.splitlines()]
# Everything to re-expose is opened before the first mount hides it.
originals = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for op, p in steps if op in "BW" and os.path.isdir(p)}
python_ok = "mnt" in got or not any(op == "H" for op, _ in steps)
if "mnt" in got:
    try:
        mount(None, "/", None, MS_REC | MS_PRIVATE, None)  # nothing below may propagate to the host
    except OSError as exc:
        got.discard("mnt")
        python_ok = not any(op == "H" for op, _ in steps)
        gaps.append("files: no private mounts (%s)" % exc)
if "mnt" in got:
    owner = "" if not (root and uid >= 0) else ",uid=%d,gid=%d" % (uid, gid)
    private_tmp = True
    for op, path in steps:
        try:
            if op in "TH":
                mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV,
                      "mode=%s,size=%d,nr_inodes=4096" % ("1777" if op == "T" else "755", disk))
                for kept in originals:
                    if kept.startswith(path.rstrip("/") + "/"):
                        os.makedirs(kept, mode=0o755, exist_ok=True)
            elif op == "B":
                mount("/proc/self/fd/%d" % originals[path], path, None, MS_BIND | MS_REC, None)
            elif op == "W":
                try:
                    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV,
                          "mode=0700,size=%d,nr_inodes=4096%s" % (disk, owner))
                    with open(os.path.join(path, "main.py"), "wb") as fh:
                        fh.write(program)
                except OSError as exc:  # work in the host's directory, which holds main.py already
                    mount("/proc/self/fd/%d" % originals[path], path, None, MS_BIND | MS_REC, None)
                    gaps.append("files: no private working directory (%s)" % exc)
        except (OSError, KeyError) as exc:
            if op in "HB":
                python_ok = False
            private_tmp = private_tmp and op != "T"
            gaps.append("files: %s %s: %s" % (op, path, exc))
    if private_tmp:
        got.add("tmp")
else:
    gaps.append("files: no private /tmp; the program can write to the host's disk")
for fd in originals.values():
    os.close(fd)
os.chdir(workdir)

limits = [(resource.RLIMIT_CPU, (cpu, cpu + 1)), (resource.RLIMIT_AS, (mem, mem)),
          (resource.RLIMIT_FSIZE, (fsize, fsize)), (resource.RLIMIT_NOFILE, (nofile, nofile)),
          (resource.RLIMIT_CORE, (0, 0))]
if not root and "user" not in got:  # NPROC counts all processes of our uid: leave room for the existing ones
    for p in os.listdir("/proc"):
        try:
            nproc += p.isdigit() and os.stat("/proc/" + p).st_uid == os.getuid()
        except OSError:
            pass
    gaps.append("processes: RLIMIT_NPROC is shared with the invoking user's processes")
drop = root and uid >= 0 and python_ok
if root and not drop:
    why = "no unprivileged uid available" if uid < 0 else "the interpreter is not reachable by another uid"
    gaps.append("privileges: the program runs as root (%s)" % why)
if not root:
    gaps.append("privileges: the program runs as the invoking user")
limits.append((resource.RLIMIT_NPROC, (nproc, nproc)))
for res, value in limits:
    try:
        resource.setrlimit(res, value)
    except (ValueError, OSError) as exc:
        gaps.append("limits: %s: %s" % (res, exc))


def become_sandbox_user():
    if "pid" in got and "mnt" in got:
        try:  # a /proc that shows the sandbox's own processes only
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        except OSError:
            pass
    if drop:
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        except OSError as exc:
            fail("cannot switch to uid %d: %s" % (uid, exc))
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def run_program():
    try:
        os.execv(exe, [exe, "-S", "-s", "-B", "-P", "main.py"])
    except OSError as exc:
        fail("cannot execute %s: %s" % (exe, exc))


say("got " + ",".join(sorted(got)))
for gap in gaps:
    say("gap " + gap)
say("uid %d" % (uid if drop else os.geteuid()))
if "pid" not in got:
    become_sandbox_user()
    run_program()
alive_r, alive_w = os.pipe()
init = os.fork()  # pid 1 of the new PID namespace: when it exits, the kernel kills whatever is left
if init == 0:
    os.close(alive_w)
    become_sandbox_user()
    libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)  # after the uid switch, which clears it
    os.set_blocking(alive_r, False)
    try:
        if os.read(alive_r, 1) == b"":  # the bootstrap died before PDEATHSIG was armed
            os._exit(137)
    except BlockingIOError:
        pass
    os.close(alive_r)
    # The program is not init itself: init ignores signals it has no handler for (SIGXCPU, SIGTERM).
    program = os.fork()
    if program == 0:
        run_program()
    while True:  # reap orphans too (they would count against RLIMIT_NPROC), until the program ends
        pid, wait_status = os.wait()
        if pid == program:
            break
    say("exit %d" % wait_status)
    os._exit(0)
os.close(alive_r)
reaped = []


def stop(*_):  # the host's "stop": kill init (and so the namespace), then reap it below
    if not reaped:
        try:
            os.kill(init, 9)
        except OSError:
            pass


_signal.signal(_signal.SIGTERM, stop)
say("supervised")
os.waitpid(init, 0)
reaped.append(True)
os._exit(0)
'''
