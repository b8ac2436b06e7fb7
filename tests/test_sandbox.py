"""Hostile programs are contained, judged failed with a clear reason, and leave the host untouched.

Real subprocesses throughout. Where this machine cannot provide a protection (no root, no
namespaces), the sandbox lists it in `gaps` and the test that needs it is skipped, saying so.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from roletune.evaluate.checks import run_check
from roletune.evaluate.sandbox import SandboxLimits, SandboxResult, run_python

LIMITS = SandboxLimits(timeout_s=2)
ROLES = ["coder", "tester", "researcher", "coordinator"]
ROOT = os.geteuid() == 0


def judge(code: str, tests: str = "assert f() == 1", limits: SandboxLimits = LIMITS):
    check = {"kind": "python_tests", "entry_point": "f", "tests": tests}
    return run_check(check, f"```python\n{code}\n```", roles=ROLES, limits=limits)


def processes_of(uid: int) -> list[int]:
    """Live (non-zombie) processes whose uid is `uid`."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                state = Path(entry.path, "stat").read_text().rpartition(")")[2].split()[0]
                if entry.stat().st_uid == uid and state != "Z":
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return found


def requires(result: SandboxResult, word: str) -> None:
    """Skip when this machine could not provide the protection a test is about."""
    missing = [g for g in result.gaps if g.startswith(word)]
    if missing:
        pytest.skip(f"not available here: {missing[0]}")


def test_trivial_program_runs_fast_and_clean():
    runs = [run_python("print('hello')") for _ in range(3)]
    result = runs[-1]
    assert (result.exit_code, result.stdout, result.stderr, result.timed_out) == (0, "hello\n", "", False)
    assert result.ok and result.limit_hit is None and result.reason == "exited with status 0"
    assert min(r.seconds for r in runs) < 0.25  # ~40 ms here; generous for a loaded CI machine


def test_correct_answer_passes_under_the_limits():
    result = judge("def f():\n    return sum(range(10 ** 5)) // (10 ** 5 * (10 ** 5 - 1) // 2)")
    assert result.passed, result.reason
    assert result.reason == "the top-level asserts passed"


def test_a_root_host_that_can_make_namespaces_has_no_gaps():
    """The tests below skip a protection this machine cannot give; here, where it can, none may be missing."""
    probe = ["unshare", "--net", "--mount", "--pid", "--ipc", "--fork", "true"]
    if not ROOT or shutil.which("unshare") is None or subprocess.run(probe, capture_output=True).returncode != 0:
        pytest.skip("needs root allowed to create namespaces (and util-linux unshare to tell)")
    result = run_python("print('ok')")
    assert result.gaps == () and result.network_isolated and result.uid != 0


def test_runs_as_an_unprivileged_user_in_a_fresh_directory():
    result = run_python("import os\nprint(os.getuid(), os.getgid(), os.getgroups(), os.getcwd(), os.environ['HOME'],"
                        " os.listdir('.'))")
    uid, gid, groups, cwd, home, listing = result.stdout.split(" ", 5)
    assert cwd == home and Path(cwd).name.startswith("roletune-sbx-")
    assert listing.strip() == "['main.py']"
    assert not Path(cwd).exists()  # deleted afterwards
    if ROOT:
        requires(result, "privileges")
        assert int(uid) == result.uid != 0 and int(gid) != 0 and groups == "[]"


def test_infinite_loop_times_out():
    started = time.perf_counter()
    result = run_python("while True:\n    pass", SandboxLimits(timeout_s=1))
    assert result.timed_out and result.limit_hit == "timeout" and result.reason == "timed out after 1 s"
    assert time.perf_counter() - started < 3
    check = judge("def f():\n    while True:\n        pass", "def test_forever():\n    f()", SandboxLimits(timeout_s=1))
    assert not check.passed and check.reason == "timed out after 1 s (in test_forever)"


def test_fork_bomb_is_contained_and_leaves_no_process():
    code = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    started = time.perf_counter()
    result = run_python(code, SandboxLimits(timeout_s=1, max_processes=16))
    assert result.timed_out and time.perf_counter() - started < 5
    assert subprocess.run(["true"]).returncode == 0  # the host can still start processes
    if ROOT:
        requires(result, "privileges")
        assert processes_of(result.uid) == []
    requires(result, "processes")  # a PID namespace: whatever was left died with it
    assert run_python("print('still fine')").stdout == "still fine\n"


def test_process_limit_is_enforced():
    code = ("import os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(10)\n"
            "            os._exit(0)\n        n += 1\nexcept OSError as exc:\n    print(n, exc.errno)\n")
    result = run_python(code, SandboxLimits(timeout_s=5, max_processes=8))
    if ROOT:
        requires(result, "privileges")
    forked, errno = map(int, result.stdout.split())
    assert forked < 8 and errno == 11  # EAGAIN
    assert result.seconds < 4  # the sleeping children did not keep the run alive


def test_background_process_that_leaves_the_session_is_killed():
    code = ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(30)\n    os._exit(0)\n"
            "print(os.getpid())\n")
    result = run_python(code)
    assert result.exit_code == 0 and result.seconds < 2
    if ROOT:
        requires(result, "privileges")
        assert processes_of(result.uid) == []


def test_allocating_50_gb_fails_with_memory_error():
    started = time.perf_counter()
    result = run_python("x = bytearray(50 * 1000 ** 3)")
    assert result.exit_code == 1 and result.limit_hit == "memory"
    assert result.reason == "memory limit (1 GiB) exceeded: MemoryError"
    assert time.perf_counter() - started < 2
    check = judge("def f():\n    return len(bytearray(50 * 1000 ** 3))")
    assert not check.passed and check.reason.startswith("MemoryError at test line 1: assert f() == 1")


def test_cpu_time_limit():
    result = run_python("while True:\n    pass", SandboxLimits(timeout_s=5, cpu_s=1))
    assert not result.timed_out and result.exit_code == -24 and result.limit_hit == "cpu"
    assert result.reason == "CPU time limit (1 s) exceeded" and result.seconds < 4


def test_file_size_limit():
    result = run_python("open('big', 'wb').write(b'x' * (2 << 20))", SandboxLimits(file_size_bytes=1 << 20))
    assert result.limit_hit == "file_size" and "File too large" in result.reason


def dropped_privileges(result: SandboxResult) -> bool:
    return ROOT and not any(g.startswith("privileges") for g in result.gaps)


def test_writing_outside_its_directory_leaves_no_file(tmp_path: Path):
    target = tmp_path / "pwned.txt"
    beside = Path(tempfile.gettempdir()) / f"roletune-escape-{os.getpid()}.txt"  # next to the sandbox's dir
    code = (f"import os\nfor path in ({str(target)!r}, '../{beside.name}', {str(beside)!r}):\n"
            "    try:\n        open(path, 'w').write('x')\n        print('wrote', path)\n"
            "    except OSError as exc:\n        print('refused', path, exc.errno)\n")
    try:
        result = run_python(code)
        assert result.exit_code == 0
        if dropped_privileges(result):  # tmp_path is root's 0700 directory
            assert f"refused {target}" in result.stdout and not target.exists()
        requires(result, "files")  # /tmp is world-writable: only a private /tmp keeps it clean
        assert not target.exists() and not beside.exists()
    finally:
        beside.unlink(missing_ok=True)


def test_deleting_files_in_parent_directories_is_refused(tmp_path: Path):
    victims = [tmp_path / "keep.txt", Path(tempfile.gettempdir()) / f"roletune-keep-{os.getpid()}.txt"]
    for victim in victims:
        victim.write_text("precious")
    try:
        code = ("import os, shutil\n"
                f"for path in {[str(v) for v in victims]!r} + ['../' + {victims[1].name!r}]:\n"
                "    try:\n        os.remove(path)\n    except OSError as exc:\n        print(exc.errno)\n"
                f"shutil.rmtree({str(tmp_path)!r}, ignore_errors=True)\n")
        result = run_python(code)
        assert result.exit_code == 0
        if not dropped_privileges(result):  # then only the private /tmp hides them
            requires(result, "files")
        assert all(v.read_text() == "precious" for v in victims)
    finally:
        victims[1].unlink(missing_ok=True)


def test_shared_memory_does_not_outlive_the_run():
    name = f"roletune-test-{os.getpid()}"
    result = run_python("from multiprocessing import shared_memory\n"
                        f"shared_memory.SharedMemory(name={name!r}, create=True, size=4096)\nimport os\nos._exit(0)")
    assert result.exit_code == 0, result.stderr
    requires(result, "files")
    assert not Path("/dev/shm", name).exists()


def test_no_network_even_to_a_port_the_host_listens_on():
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    port = server.getsockname()[1]
    accepted: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(server.accept())
            except OSError:  # timeout: look again
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        result = run_python(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
                            "print('connected')")
        requires(result, "network")
        assert result.network_isolated
        assert result.exit_code == 1 and "connected" not in result.stdout
        assert "Network is unreachable" in result.reason
    finally:
        done.set()
        thread.join()
        server.close()
    assert accepted == []


def test_the_parent_environment_is_not_inherited(monkeypatch):
    monkeypatch.setenv("ROLETUNE_TEST_SECRET", "hunter2")
    result = run_python("import os\nprint(os.environ.get('ROLETUNE_TEST_SECRET'))\nprint(sorted(os.environ))")
    first, keys = result.stdout.splitlines()
    assert first == "None" and "hunter2" not in result.stdout
    assert set(eval(keys)) <= {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE",
                               "PYTHONIOENCODING", "MALLOC_ARENA_MAX", "LC_CTYPE"}


def test_printing_100_mb_is_truncated_quickly_in_bounded_memory():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.perf_counter()
    result = run_python("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * (1 << 20))\nprint('END')", LIMITS)
    assert result.exit_code == 0 and time.perf_counter() - started < 5
    assert result.output_truncated and "bytes truncated ...]" in result.stdout
    assert len(result.stdout) < LIMITS.output_bytes + 100 and result.stdout.endswith("END\n")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


def test_stderr_is_captured_and_named_in_the_reason():
    result = run_python("import sys\nprint('to err', file=sys.stderr)\nraise KeyError('k')")
    assert result.exit_code == 1 and "to err" in result.stderr
    assert result.reason == "exited with status 1: KeyError: 'k'"


def test_os_exit_0_before_the_tests_is_not_a_pass():
    result = judge("import os\nos._exit(0)\ndef f():\n    return 1")
    assert not result.passed
    assert result.reason == "the program exited with status 0 before the tests finished (while running the answer code)"


def test_os_exit_0_inside_a_test_is_not_a_pass():
    result = judge("import os\ndef f():\n    os._exit(0)", "def test_one():\n    assert f() == 1")
    assert not result.passed
    assert result.reason == "the program exited with status 0 before the tests finished (in test_one)"


def test_sys_exit_0_inside_the_code_under_test_is_not_a_pass():
    result = judge("import sys\ndef f():\n    sys.exit(0)", "def test_one():\n    assert f() == 1")
    assert not result.passed
    assert result.reason == ("test_one: SystemExit: 0 at test line 2: assert f() == 1 "
                             "(raised at answer line 3: sys.exit(0))")
    result = judge("import sys\nsys.exit(0)\ndef f():\n    return 1")
    assert not result.passed and result.reason == "SystemExit: 0 at answer line 2: sys.exit(0)"


def test_limits_are_validated():
    with pytest.raises(ValueError, match="timeout_s must be positive"):
        SandboxLimits(timeout_s=0)
    assert SandboxLimits(timeout_s=4.5).cpu_seconds == 5


NON_ROOT_SCRIPT = """
import os, sys
from roletune.evaluate.sandbox import run_python, SandboxLimits
net = run_python("import socket\\nsocket.create_connection(('127.0.0.1', 9), timeout=1)")
bomb = run_python("import os\\nwhile True:\\n    try:\\n        os.fork()\\n    except OSError:\\n        pass",
                  SandboxLimits(timeout_s=1))
mine = [p for p in os.listdir('/proc')
        if p.isdigit() and int(p) != os.getpid() and os.stat('/proc/' + p).st_uid == os.getuid()]
print(repr((net.network_isolated, net.reason, net.gaps, bomb.timed_out, mine)))
"""


@pytest.mark.skipif(not ROOT, reason="needs root to start a process as another user")
def test_a_non_root_host_gets_namespaces_or_reports_the_gaps():
    """The non-root path, run for real as uid 65534 with an interpreter that uid can reach."""
    import roletune

    src = str(Path(roletune.__file__).resolve().parents[1])
    setpriv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    pythons = [p for p in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3") if Path(p).exists()]
    probe = ("import os, sys; assert sys.version_info >= (3, 11)"
             " and os.access(os.path.realpath(sys.executable), os.X_OK)")
    usable = [p for p in pythons if subprocess.run(setpriv + [p, "-c", probe], capture_output=True).returncode == 0]
    if not usable:
        pytest.skip("no Python >= 3.11 that uid 65534 can run (and setpriv)")
    # The checkout may sit where uid 65534 cannot read (a clone in a mode-700 temporary folder):
    # that user imports a world-readable copy of the package instead.
    readable = Path(tempfile.mkdtemp(prefix="roletune-nonroot-"))
    try:
        shutil.copytree(Path(src) / "roletune", readable / "roletune", ignore=shutil.ignore_patterns("__pycache__"))
        for path in [readable, *readable.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        done = subprocess.run(setpriv + [usable[0], "-c", NON_ROOT_SCRIPT], capture_output=True, text=True,
                              env={"PATH": os.environ["PATH"], "PYTHONPATH": str(readable)}, cwd="/", timeout=60)
    finally:
        shutil.rmtree(readable, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    isolated, reason, gaps, timed_out, leftovers = eval(done.stdout)
    assert "privileges: the program runs as the invoking user" in gaps
    assert timed_out and leftovers == []
    assert isolated == ("Network is unreachable" in reason)
    assert isolated or any(g.startswith("network") for g in gaps)
