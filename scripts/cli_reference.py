"""Generate docs/cli.md, the command reference, from `roletune … --help`, so it can't go stale.

    python scripts/cli_reference.py --write   # rewrite docs/cli.md (make docs)
    python scripts/cli_reference.py --check   # exit 1 if docs/cli.md is out of date (a test runs this)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from doc_sync import sync  # scripts/, beside this file

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"
WIDTH = "100"
HEADER = """# Command reference

Generated from `roletune … --help` by `scripts/cli_reference.py` (`make docs`); a test fails when it
is out of date. Every command that takes a config also takes `--set key.path=value` (the keys:
[config.md](config.md)). Exit codes: 0 done, 1 a failure, 2 your input needs fixing.
"""


def _help(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": WIDTH, "TERM": "dumb", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "roletune.cli", *args, "--help"]
    text = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _commands(help_text: str) -> list[str]:
    section = help_text.split("Commands:", 1)[1] if "Commands:" in help_text else ""
    return re.findall(r"^  ([a-z][a-z0-9-]*)\s", section, flags=re.M)


def reference() -> str:
    top = _help([])
    parts = [HEADER, "```text", "$ roletune --help", top, "```"]
    for name in _commands(top):
        sub = _help([name])
        parts += ["", f"## `roletune {name}`", "", "```text", sub, "```"]
        for child in _commands(sub):
            parts += ["", f"### `roletune {name} {child}`", "", "```text", _help([name, child]), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    return sync({DOC: reference()}, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
