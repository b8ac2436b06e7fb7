"""Workspace tools shared by the coder and tester toolboxes.

Sandbox-side source: it runs inside roletune's sandbox (evaluate/sandbox.py) with the standard library
only, its working directory the example's workspace. The host never imports it; it reads the text
(toolboxes/__init__.py) and sends it with each call.
"""

import ast
import os
import subprocess
import sys

MAX_READ_CHARS = 20_000
TEST_TIMEOUT_S = 5
TEST_OUTPUT_CHARS = 3_000


def _inside(path):
    """The absolute path of `path`, refused when it leaves the workspace."""
    root = os.path.realpath(".")
    full = os.path.realpath(path)
    if full != root and not full.startswith(root + os.sep):
        raise ValueError(f"{path!r} is outside the workspace")
    return full


def read_file(path):
    """The text of a workspace file."""
    with open(_inside(path), encoding="utf-8") as fh:
        text = fh.read()
    if len(text) > MAX_READ_CHARS:
        return text[:MAX_READ_CHARS] + f"\n[... {len(text) - MAX_READ_CHARS} more characters]"
    return text


def write_file(path, content):
    """Write (create or replace) a workspace file."""
    full = _inside(path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as fh:
        fh.write(content)
    return f"wrote {len(content.encode('utf-8'))} bytes to {path}"


# Runs one test file in its own interpreter: every top-level statement in turn (a failing assert does
# not stop the rest), then every test* function; prints a summary and the first failures.
TEST_RUNNER = r'''
import ast, sys, traceback
path = sys.argv[1]
source = open(path, encoding="utf-8").read()
lines = source.splitlines()
try:
    tree = ast.parse(source, path)
except SyntaxError as exc:
    print(f"0 passed, 1 failed\nFAILED {path} line {exc.lineno}: SyntaxError: {exc.msg}")
    sys.exit(1)
ns = {"__name__": "tests"}
passed, failures = 0, []

def failed(where, exc):
    line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == path), None)
    text = f"{type(exc).__name__}" + (f": {exc}" if str(exc) else "")
    if line:
        text += f" at {path} line {line}: {lines[line - 1].strip()}"
    failures.append(f"{where}: {text}")

for node in tree.body:
    is_test = any(isinstance(n, ast.Assert) for n in ast.walk(node)) and not isinstance(
        node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    try:
        exec(compile(ast.Module([node], []), path, "exec"), ns)
    except Exception as exc:
        failed(f"line {node.lineno}", exc)
    else:
        passed += is_test
for name, fn in list(ns.items()):
    if name.startswith("test") and callable(fn) and getattr(fn, "__module__", None) == "tests":
        try:
            fn()
        except Exception as exc:
            failed(name, exc)
        else:
            passed += 1
print(f"{passed} passed, {len(failures)} failed" if failures else f"{passed} passed")
for f in failures[:5]:
    print("FAILED " + f[:300])
sys.exit(1 if failures else 0)
'''


def run_tests(path):
    """Run a test file (top-level asserts and test* functions) against the workspace's code."""
    _inside(path)
    try:
        proc = subprocess.run([sys.executable, "-S", "-B", "-c", TEST_RUNNER, path], capture_output=True,
                              text=True, timeout=TEST_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"timed out after {TEST_TIMEOUT_S} s (an endless loop?)"
    out = (proc.stdout + proc.stderr).strip()
    return out if len(out) <= TEST_OUTPUT_CHARS else out[:TEST_OUTPUT_CHARS] + " [...]"


def get_source(name):
    """The source of a top-level function or class of the workspace's Python files, with where it is."""
    for root, dirs, files in sorted(os.walk(".")):
        dirs.sort()
        for file in sorted(files):
            if not file.endswith(".py") or file.startswith("test"):
                continue
            path = os.path.relpath(os.path.join(root, file))
            with open(path, encoding="utf-8") as fh:
                source = fh.read()
            for node in ast.parse(source).body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
                    return f"# {path}, line {node.lineno}\n" + ast.get_source_segment(source, node)
    raise LookupError(f"no function or class {name!r} in the workspace")


PARAMETERS = {
    "read_file": {"type": "object", "additionalProperties": False, "required": ["path"],
                  "properties": {"path": {"type": "string", "description": "path in the workspace"}}},
    "write_file": {"type": "object", "additionalProperties": False, "required": ["path", "content"],
                   "properties": {"path": {"type": "string", "description": "path in the workspace"},
                                  "content": {"type": "string", "description": "the file's whole new text"}}},
    "run_tests": {"type": "object", "additionalProperties": False, "required": ["path"],
                  "properties": {"path": {"type": "string", "description": "the test file to run"}}},
    "get_source": {"type": "object", "additionalProperties": False, "required": ["name"],
                   "properties": {"name": {"type": "string", "description": "function or class name"}}},
}
