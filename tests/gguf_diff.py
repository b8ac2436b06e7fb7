"""Two GGUF files compared key by key and tensor by tensor (for roletune's converter vs llama.cpp's).

Reads both with the gguf package (numpy memory maps: tensors are compared one at a time, never
held together). Returns a list of differences, each one line; an empty list means the files hold
the same metadata and bit-identical tensors of the same types and shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

SHOWN = 3  # differing array elements named per key


def _fields(reader: Any) -> dict[str, Any]:
    out = {}
    for name, field in reader.fields.items():
        if name.startswith("GGUF."):  # the header (version, tensor/kv counts): follows from the rest
            continue
        out[name] = field.contents()
    return out


def _describe_array(a: list[Any], b: list[Any]) -> str:
    if len(a) != len(b):
        return f"length {len(a)} vs {len(b)}"
    at = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return f"{len(at)} of {len(a)} elements differ, e.g. " + ", ".join(f"[{i}] {a[i]!r} vs {b[i]!r}" for i in at[:SHOWN])


def metadata_diff(ours: dict[str, Any], ref: dict[str, Any], ignore: Iterable[str] = ()) -> list[str]:
    ignore = set(ignore)
    diffs = []
    for key in sorted(set(ours) | set(ref)):
        if key in ignore:
            continue
        if key not in ref:
            diffs.append(f"{key}: only ours ({_short(ours[key])})")
        elif key not in ours:
            diffs.append(f"{key}: only llama.cpp's ({_short(ref[key])})")
        elif ours[key] != ref[key]:
            a, b = ours[key], ref[key]
            detail = _describe_array(a, b) if isinstance(a, list) and isinstance(b, list) else f"{_short(a)} vs {_short(b)}"
            diffs.append(f"{key}: {detail}")
    return diffs


def tensor_diff(ours: Any, ref: Any) -> list[str]:
    a = {t.name: t for t in ours.tensors}
    b = {t.name: t for t in ref.tensors}
    diffs = [f"tensor {n}: only ours" for n in sorted(set(a) - set(b))]
    diffs += [f"tensor {n}: only llama.cpp's" for n in sorted(set(b) - set(a))]
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        if x.tensor_type != y.tensor_type or list(x.shape) != list(y.shape):
            diffs.append(f"tensor {name}: {x.tensor_type.name}{list(x.shape)} vs {y.tensor_type.name}{list(y.shape)}")
        elif not np.array_equal(np.asarray(x.data).view(np.uint8), np.asarray(y.data).view(np.uint8)):
            xf, yf = np.asarray(x.data, dtype=np.float32), np.asarray(y.data, dtype=np.float32)
            diffs.append(f"tensor {name}: values differ, max |Δ| {float(np.abs(xf - yf).max()):.3g}")
    return diffs


def gguf_diff(ours_path: Path, ref_path: Path, ignore_keys: Iterable[str] = ()) -> list[str]:
    from gguf import GGUFReader

    ours, ref = GGUFReader(str(ours_path)), GGUFReader(str(ref_path))
    return metadata_diff(_fields(ours), _fields(ref), ignore_keys) + tensor_diff(ours, ref)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
