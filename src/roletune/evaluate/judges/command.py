"""The `command` judge: a program of the user's decides whether an answer passes.

The program (eval.judge_command, an argv) gets `{"example": <the example as in the data file>,
"answer": "<the model's answer>"}` as JSON on its standard input. Exit status 0 is a pass, anything
else a failure; its last line on stdout may be `{"score": x}` (x in [0, 1]) for a graded score, and
may carry `"reason"`. Without a score a pass counts 1.0 and a failure 0.0.

It runs in roletune's sandbox (evaluate/sandbox.py) like a generated program: its own process
tree, eval.judge_timeout_s and eval.judge_memory_mb, no network, a throwaway working directory, the
sandbox's PATH (/usr/local/bin:/usr/bin:/bin) and none of the host's environment. The sandbox hides
the host's /tmp and may hide home directories, so the files the command names (any argument that
is an existing file, relative to the config file) are copied into that working directory and the
command is pointed at the copies; a judge that imports more than the one file should be installed
on the PATH. The argument `{python}` is the interpreter that runs roletune (standard library only).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roletune.errors import ConfigError
from roletune.evaluate.sandbox import MiB, SandboxLimits, SandboxResult, run_python

PYTHON = "{python}"  # stands for the sandbox's interpreter
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"  # sandbox._env's PATH: where a bare program name is looked up
INPUT_FILE = "judge-input.json"
MAX_COPIED_BYTES = 4 * MiB  # the copies travel inside the launcher's source


@dataclass(frozen=True)
class CommandOutcome:
    passed: bool
    score: float
    reason: str
    seconds: float


@dataclass(frozen=True)
class JudgeCommand:
    argv: tuple[str, ...]  # with copied files replaced by ./NAME
    files: tuple[tuple[str, bytes, bool], ...]  # (name in the sandbox, content, executable)
    limits: SandboxLimits

    @classmethod
    def prepare(cls, argv: Sequence[str], base_dir: Path, limits: SandboxLimits) -> JudgeCommand:
        """Resolve the command on the host: copy what it names, check that its program exists."""
        if not argv:
            raise ConfigError("eval.judge_command is empty", hint="give the program and its arguments, "
                              "e.g. ['python3', 'judge.py'] (docs/judges.md)")
        out, files, total = [], [], 0
        for i, arg in enumerate(argv):
            path = Path(arg) if Path(arg).is_absolute() else base_dir / arg
            if arg != PYTHON and path.is_file():
                name = f"judge{i}-{path.name}"
                data = path.read_bytes()
                total += len(data)
                files.append((name, data, i == 0 or os.access(path, os.X_OK)))  # argv[0] is executed
                out.append(f"./{name}")
            else:
                out.append(arg)
        if total > MAX_COPIED_BYTES:
            raise ConfigError(f"eval.judge_command names {total / MiB:.1f} MiB of files; at most "
                              f"{MAX_COPIED_BYTES // MiB} MiB are copied into the sandbox",
                              hint="install the judge as a program on the PATH and name it instead")
        if out[0] != PYTHON and not out[0].startswith("./") and shutil.which(out[0], path=SANDBOX_PATH) is None:
            raise ConfigError(f"eval.judge_command: {argv[0]!r} is neither a file (relative to {base_dir}) nor a "
                              f"program on the sandbox's PATH ({SANDBOX_PATH})",
                              hint="give the path of the judge program, or e.g. ['python3', 'judge.py']")
        return cls(tuple(out), tuple(files), limits)

    def launcher(self, payload: dict[str, Any]) -> str:
        """The sandbox's main.py: write the copies and the input, then become the command (exec), its
        standard input the JSON."""
        files = [(name, base64.b64encode(data).decode("ascii"), executable) for name, data, executable in self.files]
        stdin = base64.b64encode(json.dumps(payload, ensure_ascii=False).encode("utf-8")).decode("ascii")
        return _LAUNCHER.format(files=files, stdin=stdin, input=INPUT_FILE, argv=list(self.argv), python=PYTHON)

    def run(self, payload: dict[str, Any]) -> CommandOutcome:
        started = time.perf_counter()
        result = run_python(self.launcher(payload), self.limits)
        passed, score, reason = outcome(result)
        return CommandOutcome(passed, score, reason, time.perf_counter() - started)


def outcome(result: SandboxResult) -> tuple[bool, float, str]:
    """(passed, score, reason) from how the command ended and its last stdout line."""
    passed = result.ok
    said = _last_json(result.stdout)
    score = said.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        score = 1.0 if passed else 0.0
    score = min(max(float(score), 0.0), 1.0)
    own = str(said["reason"])[:300] if isinstance(said.get("reason"), str) and said["reason"].strip() else None
    if passed:
        return True, score, f"judge command passed{': ' + own if own else ''}"
    return False, score, f"judge command failed: {own or result.reason}"


def _last_json(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.strip().splitlines()):
        if line.strip():
            try:
                value = json.loads(line)
            except ValueError:
                return {}
            return value if isinstance(value, dict) else {}
    return {}


_LAUNCHER = r'''
import base64, os, sys
for name, data, executable in {files!r}:
    with open(name, "wb") as fh:
        fh.write(base64.b64decode(data))
    if executable:
        os.chmod(name, 0o755)
with open({input!r}, "wb") as fh:
    fh.write(base64.b64decode({stdin!r}))
fd = os.open({input!r}, os.O_RDONLY)
os.dup2(fd, 0)
os.close(fd)
argv = [sys.executable if a == {python!r} else a for a in {argv!r}]
try:
    os.execvp(argv[0], argv)
except OSError as exc:
    sys.stderr.write("cannot run the judge command %s: %s\n" % (argv[0], exc))
    os._exit(127)
'''
