"""Compare two run directories file by file, timestamps and timings aside.

Run: python scripts/compare_runs.py runs/before runs/after [--same /src/a /src/b]

Every file is hashed (sha256). JSON and JSONL files are compared after normalising the fields that
record when or how long (ISO timestamps, "seconds", "*_s" timings, tokens per second) and the run
directory's own path (and any pair of paths given with --same, e.g. the two checkouts that made the runs);
everything else must match byte for byte. Prints one line per file that differs
(with the first differing JSON keys) and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
# Keys whose values are wall-clock or memory measurements: they differ between any two runs.
TIMING_KEYS = re.compile(r"(^|_)(seconds|s|ms|time|elapsed|latency|runtime|per_second|tps|started|ended|created|"
                         r"updated|date)$|tokens_per_s|samples_per_second|steps_per_second|flos|peak_rss")
SKIP = {".lock"}


def _normalise(value: Any, roots: tuple[str, ...]) -> Any:
    """`value` with timings, timestamps and the paths in `roots` (longest first) replaced by markers."""
    if isinstance(value, dict):
        return {k: "<timing>" if TIMING_KEYS.search(k) and isinstance(v, (int, float, str, type(None)))
                else _normalise(v, roots) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, roots) for v in value]
    if isinstance(value, str):
        if ISO_TIME.match(value):
            return "<time>"
        for root in sorted(roots, key=len, reverse=True):
            value = value.replace(root, "<path>")
    return value


def _json_lines(path: Path) -> list[Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return [json.loads(text)]
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where or '.'}: {str(a)[:60]!r} vs {str(b)[:60]!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{where}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where or '.'}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where or '.'}: {str(a)[:60]!r} vs {str(b)[:60]!r}"


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file() and p.name not in SKIP}


def compare(a: Path, b: Path, same: tuple[str, ...] = ()) -> list[str]:
    """One line per difference between run directories `a` and `b`; empty when they match."""
    roots = (str(a.resolve()), str(b.resolve()), *same)
    fa, fb = files(a), files(b)
    out = [f"only in {a}: {rel}" for rel in sorted(set(fa) - set(fb))]
    out += [f"only in {b}: {rel}" for rel in sorted(set(fb) - set(fa))]
    for rel in sorted(set(fa) & set(fb)):
        if hashlib.sha256(fa[rel].read_bytes()).digest() == hashlib.sha256(fb[rel].read_bytes()).digest():
            continue
        ja, jb = _json_lines(fa[rel]), _json_lines(fb[rel])
        if ja is not None and jb is not None:
            na, nb = _normalise(ja, roots), _normalise(jb, roots)
            out.append(f"differs: {rel}: {_first_difference(na, nb)}" if na != nb
                       else f"normalised: {rel} (equal once timings, timestamps and paths are masked)")
        else:
            out.append(f"differs: {rel} (bytes)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--same", nargs=2, action="append", default=[], metavar=("PATH_A", "PATH_B"),
                        help="two paths that stand for the same thing in the two runs (repeatable)")
    args = parser.parse_args(argv)
    lines = compare(args.before, args.after, tuple(p for pair in args.same for p in pair))
    diffs = [line for line in lines if not line.startswith("normalised: ")]
    n = len(files(args.before))
    print("\n".join(lines))
    print(f"{n} files: {n - len(lines)} byte-identical, {len(lines) - len(diffs)} equal once normalised, "
          f"{len(diffs)} different")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
