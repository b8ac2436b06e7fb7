"""Hostile code is contained, judged failed with a clear reason, and leaves the host untouched."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from roletune.evaluate.checks import PythonTests, run_check
from roletune.evaluate.sandbox import SandboxLimits, run_python

LIMITS = SandboxLimits(timeout_s=5, cpu_s=5, memory_bytes=512 << 20)
ROLES = ["coder"]


def _check(code: str, tests: str = "assert f() == 1") -> tuple[bool, str]:
    result = run_check(PythonTests(kind="python_tests", entry_point="f", tests=tests), f"```python\n{code}\n```",
                       roles=ROLES, limits=LIMITS)
    return result.passed, result.reason


def test_correct_answer_passes_under_the_limits():
    assert _check("def f():\n    return 1") == (True, "")


def test_wrong_answer_fails_with_the_assertion():
    ok, why = _check("def f():\n    return 2")
    assert not ok and "AssertionError" in why


def test_infinite_loop_times_out():
    started = time.time()
    ok, why = _check("def f():\n    while True:\n        pass")
    assert not ok and ("timed out" in why or "CPU time" in why)
    assert time.time() - started < 15


def test_fork_bomb_is_contained():
    code = "import os\ndef f():\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n"
    started = time.time()
    ok, why = _check(code)
    assert not ok and time.time() - started < 20
    time.sleep(0.5)
    assert run_python("print('host still works')", LIMITS).stdout.strip() == "host still works"


def test_huge_allocation_fails_with_memory_error():
    ok, why = _check("def f():\n    x = bytearray(50 * 1024 ** 3)\n    return 1")
    assert not ok and ("memory" in why.lower() or "MemoryError" in why)


def test_writing_outside_its_directory_is_refused(tmp_path: Path):
    target = tmp_path / "pwned.txt"
    if os.geteuid() != 0:
        pytest.skip("only a root host can drop the sandbox to its own uid")
    ok, _ = _check(f"def f():\n    open({str(target)!r}, 'w').write('x')\n    return 1")
    assert not ok and not target.exists()


def test_deleting_files_in_the_parent_directory_is_refused(tmp_path: Path):
    victim = tmp_path / "keep.txt"
    victim.write_text("precious")
    if os.geteuid() != 0:
        pytest.skip("only a root host can drop the sandbox to its own uid")
    ok, _ = _check(f"import os\ndef f():\n    os.remove({str(victim)!r})\n    return 1")
    assert not ok and victim.read_text() == "precious"


def test_no_network_even_to_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(3)
    port = server.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(_accept(server)))
    thread.start()
    ok, why = _check(f"import socket\ndef f():\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    return 1")
    thread.join()
    server.close()
    assert not ok and accepted == [None]


def _accept(server: socket.socket):
    try:
        return server.accept()
    except OSError:
        return None


def test_parent_environment_is_not_inherited(monkeypatch):
    monkeypatch.setenv("ROLETUNE_TEST_SECRET", "hunter2")
    result = run_python("import os\nprint(os.environ.get('ROLETUNE_TEST_SECRET'))", LIMITS)
    assert result.stdout.strip() == "None"


def test_printing_100_mb_is_truncated_quickly():
    started = time.time()
    result = run_python("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * (1 << 20))", LIMITS)
    assert time.time() - started < 15
    assert len(result.stdout) <= LIMITS.output_bytes + 100 and "truncated" in result.stdout


def test_os_exit_before_the_tests_is_not_a_pass():
    ok, why = _check("import os\nos._exit(0)\ndef f():\n    return 1")
    assert not ok and "before its tests ran" in why


def test_sys_exit_inside_the_code_under_test_is_not_a_pass():
    ok, why = _check("import sys\ndef f():\n    sys.exit(0)", tests="def test_f():\n    assert f() == 1")
    assert not ok and "SystemExit" in why
