"""The `--write | --check` command line shared by the scripts that generate docs (`make docs`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def check_mode(description: str | None) -> bool:
    """Parse `--write | --check` (one is required); True for --check."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    return parser.parse_args().check


def sync(outputs: Mapping[Path, str], description: str | None) -> int:
    """Write each generated text to its file, or with --check say which files are out of date (exit 1)."""
    if check_mode(description):
        stale = [p for p, text in outputs.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `make docs`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    return 0


def markers(name: str) -> tuple[str, str]:
    """The comments around a generated block in a markdown file: `<!-- NAME:begin -->` … `<!-- NAME:end -->`."""
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def replace_block(text: str, name: str, block: str, *, where: Path | str, append: bool = False) -> str:
    """`text` with the block named `name` replaced by `block`; a missing block is appended when `append`,
    else an error naming the file (`where`) and the markers it lacks. A begin marker without its end is
    always an error: appending would leave it open, replacing would swallow the rest of the file."""
    begin, end = markers(name)
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    marked = f"{begin}\n{block}\n{end}"
    if start >= 0 and stop >= 0:
        return text[:start] + marked + text[stop + len(end):]
    if start >= 0:
        raise SystemExit(f"{where}: {begin} has no {end} after it")
    if not append:
        raise SystemExit(f"{where}: no {begin} … {end} markers to write between")
    return text.rstrip("\n") + "\n\n" + marked + "\n"
