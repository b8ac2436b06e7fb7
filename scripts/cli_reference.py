"""Generate the README's command reference from `roletune … --help`, so the docs can't go stale.

    python scripts/cli_reference.py --write   # rewrite the section in README.md
    python scripts/cli_reference.py --check   # exit 1 if README.md is out of date (a test runs this)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
WIDTH = "100"


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
    parts = ["```text", "$ roletune --help", top, "```"]
    for name in _commands(top):
        sub = _help([name])
        parts += ["", f"#### `roletune {name}`", "", "```text", sub, "```"]
        for child in _commands(sub):
            parts += ["", f"#### `roletune {name} {child}`", "", "```text", _help([name, child]), "```"]
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md lacks the markers {START} … {END}", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{reference()}\n{END}{tail}"
    if args.check:
        if new != text:
            print("README.md's command reference is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
