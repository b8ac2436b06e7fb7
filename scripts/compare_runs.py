"""Compare two run directories file by file, timestamps and timings aside.

Run: python scripts/compare_runs.py runs/before runs/after [--same /src/a /src/b]

Every file is hashed (sha256). JSON and JSONL files are compared after normalising the fields that
record when or how long (ISO timestamps, "seconds", "*_s" timings, tokens per second) and the run
directory's own path (and any pair of paths given with --same, e.g. the two checkouts that made the runs);
everything else must match byte for byte. Prints one line per file that differs
(with the JSON paths that differ, up to six) and exits 1 if any does.
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
# A dict under such a key (e.g. `mean_latency_s: {base: …, candidate: …}`) is measurements throughout.
TIMING_KEYS = re.compile(r"(^|_)(s|ms|time|elapsed|runtime|per_second|tps|started|ended|created|updated|date)$|"
                         r"seconds|latency|tokens_per_s|samples_per_second|steps_per_second|flos|peak_rss")
MAX_LISTED = 6  # differing JSON paths listed per file
SKIP = {".lock"}


def _normalise(value: Any, roots: tuple[str, ...]) -> Any:
    """`value` with timings, timestamps and the paths in `roots` (longest first) replaced by markers."""
    if isinstance(value, dict):  # keys too: the manifest's inputs are keyed by path
        return {_normalise(k, roots): _masked(v) if TIMING_KEYS.search(k) else _normalise(v, roots)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, roots) for v in value]
    if isinstance(value, str):
        if ISO_TIME.match(value):
            return "<time>"
        for root in sorted(roots, key=len, reverse=True):
            value = value.replace(root, "<path>")
    return value


def _masked(value: Any) -> Any:
    """A measurement: every leaf masked, the shape kept."""
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return "<timing>"


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


def _differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Every JSON path at which `a` and `b` differ, with both values (shortened)."""
    if type(a) is type(b) and isinstance(a, dict):
        return [d for k in sorted(set(a) | set(b), key=str) if a.get(k) != b.get(k)
                for d in _differences(a.get(k), b.get(k), f"{where}.{k}")]
    if type(a) is type(b) and isinstance(a, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) if x != y for d in _differences(x, y, f"{where}[{i}]")]
    if isinstance(a, list) and isinstance(b, list):
        return [f"{where or '.'}: {len(a)} items vs {len(b)}"]
    return [f"{where or '.'}: {str(a)[:60]!r} vs {str(b)[:60]!r}"]


def _listed(differences: list[str]) -> str:
    more = len(differences) - MAX_LISTED
    return "; ".join(differences[:MAX_LISTED]) + (f"; … {more} more" if more > 0 else "")


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
            out.append(f"differs: {rel}: {_listed(_differences(na, nb))}" if na != nb
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
