"""Run one tool call for real: the toolbox's code, called with the model's arguments, in the sandbox.

Each call is its own sandbox run (own process, time and memory limits, no network, a throwaway
directory): the workspace's files (path → text) are written into `ws/` there, the toolbox source is
executed, the function is called, and the files that changed come back with the result. So the
state of a conversation is its files, carried by the host from call to call, and a conversation can
be replayed call by call (`roletune data verify`) or driven by a model (evaluate/agent.py).

Containment, each judged a failed call (`ToolRun.ok` false, `ToolRun.contained` true when a limit
ended it): a tool that hangs is killed at `timeout_s`; one that prints more than MAX_PRINTED_CHARS
or returns more than MAX_RESULT_CHARS fails with that reason (what it printed never reaches the
host's memory beyond a bounded buffer: print() goes to a counting sink, the process's own fds to
/dev/null); one that raises returns the exception as its error, which an agent sees as the result.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from roletune.evaluate.sandbox import MiB, SandboxLimits, run_python
from roletune.toolboxes import Toolbox

MAX_RESULT_CHARS = 16_000  # a tool result longer than this is a failed call (no context to waste)
MAX_PRINTED_CHARS = 64_000  # what a tool may print (to stdout/stderr) before its call fails
MAX_FILE_CHARS = 200_000  # a workspace file larger than this is not carried to the next call
MAX_FILES_TOTAL = 600_000  # nor files beyond this much in all (the report must fit the sandbox's output buffer)
WORKSPACE = "ws"
TOOL_LIMITS = SandboxLimits(timeout_s=10.0, output_bytes=1 * MiB)


@dataclass(frozen=True)
class ToolRun:
    ok: bool
    result: str  # what the agent reads as the tool's message: the return value, or "error: …"
    files: dict[str, str] = field(default_factory=dict)  # the workspace after the call
    reason: str = ""  # why the call failed ("" when ok)
    contained: bool = False  # a limit ended the call (time, output, memory): the episode fails
    seconds: float = 0.0


RUNNER = r'''
import io as _io, json as _json, os as _os, sys as _sys
_os.makedirs(_WORKSPACE, exist_ok=True)
_os.chdir(_WORKSPACE)
for _p, _t in _FILES.items():
    _d = _os.path.dirname(_p)
    if _d:
        _os.makedirs(_d, exist_ok=True)
    with open(_p, "w", encoding="utf-8") as _fh:
        _fh.write(_t)
_report = _os.dup(1)
_null = _os.open(_os.devnull, _os.O_WRONLY)
_os.dup2(_null, 1)
_os.dup2(_null, 2)


class _Sink(_io.TextIOBase):
    """print() of the tool: counted, never kept."""
    n = 0

    def writable(self):
        return True

    def write(self, s):
        _Sink.n += len(s)
        return len(s)


_sys.stdout = _sys.stderr = _Sink()
_out = {"ok": False, "result": "", "error": ""}
try:
    _ns = {"__name__": "toolbox"}
    exec(compile(_TOOLBOX, "<toolbox>", "exec"), _ns)
    _value = _ns[_NAME](**_ARGS)
    _text = "" if _value is None else str(_value)
    _out["result"], _out["result_chars"] = _text[:_MAX_RESULT + 1], len(_text)
    _out["ok"] = True
except BaseException as _e:
    _out["error"] = f"{type(_e).__name__}: {_e}"[:2000]
_out["printed"] = _Sink.n
_files, _budget = {}, _MAX_FILES_TOTAL
for _root, _dirs, _names in _os.walk("."):
    for _name in sorted(_names):
        _p = _os.path.relpath(_os.path.join(_root, _name))
        try:
            _size = _os.path.getsize(_p)
            if _size <= min(_MAX_FILE, _budget):
                _budget -= _size
                with open(_p, encoding="utf-8") as _fh:
                    _files[_p] = _fh.read()
        except (OSError, UnicodeDecodeError):
            pass
_out["changed"] = {p: t for p, t in _files.items() if _FILES.get(p) != t}
_out["deleted"] = [p for p in _FILES if p not in _files]
_os.write(_report, (_NONCE + " " + _json.dumps(_out) + "\n").encode("utf-8"))
'''


def _program(toolbox: Toolbox, files: Mapping[str, str], name: str, arguments: Mapping[str, Any], nonce: str) -> str:
    head = (f"_NONCE = {nonce!r}\n_WORKSPACE = {WORKSPACE!r}\n_FILES = {dict(files)!r}\n_NAME = {name!r}\n"
            f"_ARGS = {json.loads(json.dumps(dict(arguments)))!r}\n_TOOLBOX = {toolbox.source!r}\n"
            f"_MAX_FILE = {MAX_FILE_CHARS}\n_MAX_FILES_TOTAL = {MAX_FILES_TOTAL}\n_MAX_RESULT = {MAX_RESULT_CHARS}\n")
    return head + RUNNER


def run_tool(toolbox: Toolbox, files: Mapping[str, str], name: str, arguments: Mapping[str, Any],
             limits: SandboxLimits = TOOL_LIMITS) -> ToolRun:
    """Call `name(**arguments)` of `toolbox` on the workspace `files`, in the sandbox.

    The caller has validated the arguments against the tool's schema (evaluate/agent.py); a call to a
    tool the toolbox lacks is a failed call here too. Never raises for the tool's own failures.
    """
    if name not in toolbox.names:
        return ToolRun(False, f"error: no tool {name!r}", dict(files), reason=f"unknown tool {name!r}")
    nonce = secrets.token_hex(16)
    limits = replace(limits, output_bytes=max(limits.output_bytes, 1 * MiB))  # the report line must survive
    run = run_python(_program(toolbox, files, name, arguments, nonce), limits)
    line = next((ln for ln in reversed(run.stdout.splitlines()) if ln.startswith(nonce + " ")), None)
    if line is None:  # it never reported: a limit or a crash ended it
        return ToolRun(False, f"error: the tool did not finish: {run.reason}", dict(files),
                       reason=f"{name}: {run.reason}", contained=True, seconds=run.seconds)
    out = json.loads(line[len(nonce) + 1 :])
    after = {p: t for p, t in files.items() if p not in out["deleted"]} | out["changed"]
    if out["printed"] > MAX_PRINTED_CHARS:
        why = f"{name} printed {out['printed']} characters (limit {MAX_PRINTED_CHARS})"
        return ToolRun(False, f"error: {why}", after, reason=why, contained=True, seconds=run.seconds)
    if not out["ok"]:
        return ToolRun(False, f"error: {out['error']}", after, reason=f"{name} raised {out['error']}",
                       seconds=run.seconds)
    if out["result_chars"] > MAX_RESULT_CHARS:
        why = f"{name} returned {out['result_chars']} characters (limit {MAX_RESULT_CHARS})"
        return ToolRun(False, f"error: {why}", after, reason=why, contained=True, seconds=run.seconds)
    return ToolRun(True, out["result"], after, seconds=run.seconds)
