"""Two GGUF files compared key by key and tensor by tensor (for roletune's converter vs llama.cpp's).

Returns a list of differences, each one line; an empty list means the files hold the same metadata
and bit-identical tensors of the same types and shapes. Tensors are numpy memory maps, compared one at
a time. The file is parsed here (with gguf's type constants) rather than with gguf.GGUFReader, which
takes ~10 s per file on a 152k-token vocabulary (a numpy view per string); read_gguf is checked
against GGUFReader on a small file by test_families.py.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType

_SCALARS = {GGUFValueType.UINT8: "<B", GGUFValueType.INT8: "<b", GGUFValueType.UINT16: "<H", GGUFValueType.INT16: "<h",
            GGUFValueType.UINT32: "<I", GGUFValueType.INT32: "<i", GGUFValueType.FLOAT32: "<f",
            GGUFValueType.BOOL: "<?", GGUFValueType.UINT64: "<Q", GGUFValueType.INT64: "<q",
            GGUFValueType.FLOAT64: "<d"}


class Tensor(NamedTuple):
    name: str
    tensor_type: GGMLQuantizationType
    shape: tuple[int, ...]  # GGUF order (fastest dimension first)
    data: np.ndarray  # raw bytes, memory-mapped


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf, self.pos = buf, 0

    def unpack(self, fmt: str) -> Any:
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += struct.calcsize(fmt)
        return value

    def string(self) -> str:
        n = self.unpack("<Q")
        self.pos += n
        return bytes(self.buf[self.pos - n: self.pos]).decode("utf-8")

    def value(self, kind: int) -> Any:
        kind = GGUFValueType(kind)
        if kind == GGUFValueType.STRING:
            return self.string()
        if kind == GGUFValueType.ARRAY:
            item, n = GGUFValueType(self.unpack("<I")), self.unpack("<Q")
            if item in _SCALARS:  # numbers: one numpy read
                dtype = np.dtype(_SCALARS[item])
                out = np.frombuffer(self.buf, dtype, n, self.pos).tolist()
                self.pos += n * dtype.itemsize
                return out
            return [self.value(item) for _ in range(n)]
        return self.unpack(_SCALARS[kind])


def read_gguf(path: Path) -> tuple[dict[str, Any], list[Tensor]]:
    """(metadata, tensors) of a GGUF v3 file."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    cur = _Cursor(memoryview(raw))
    if bytes(cur.buf[:4]) != b"GGUF":
        raise ValueError(f"{path} is not a GGUF file")
    cur.pos = 4
    version, n_tensors, n_kv = cur.unpack("<I"), cur.unpack("<Q"), cur.unpack("<Q")
    assert version == 3, version
    fields = {}
    for _ in range(n_kv):
        key = cur.string()
        fields[key] = cur.value(cur.unpack("<I"))
    infos = []
    for _ in range(n_tensors):
        name, n_dims = cur.string(), cur.unpack("<I")
        shape = tuple(cur.unpack("<Q") for _ in range(n_dims))
        infos.append((name, GGMLQuantizationType(cur.unpack("<I")), shape, cur.unpack("<Q")))
    align = int(fields.get("general.alignment", 32))
    start = -(-cur.pos // align) * align
    tensors = []
    for name, qtype, shape, offset in infos:
        block, size = GGML_QUANT_SIZES[qtype]
        nbytes = math.prod(shape) // block * size
        tensors.append(Tensor(name, qtype, shape, raw[start + offset: start + offset + nbytes]))
    return fields, tensors

SHOWN = 3  # differing array elements named per key


def _describe_array(a: list[Any], b: list[Any]) -> str:
    if len(a) != len(b):
        return f"length {len(a)} vs {len(b)}"
    at = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return f"{len(at)} of {len(a)} elements differ, e.g. " + ", ".join(
        f"[{i}] {a[i]!r} vs {b[i]!r}" for i in at[:SHOWN])


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
            detail = (_describe_array(a, b) if isinstance(a, list) and isinstance(b, list)
                      else f"{_short(a)} vs {_short(b)}")
            diffs.append(f"{key}: {detail}")
    return diffs


def tensor_diff(ours: list[Tensor], ref: list[Tensor]) -> list[str]:
    a = {t.name: t for t in ours}
    b = {t.name: t for t in ref}
    diffs = [f"tensor {n}: only ours" for n in sorted(set(a) - set(b))]
    diffs += [f"tensor {n}: only llama.cpp's" for n in sorted(set(b) - set(a))]
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        if x.tensor_type != y.tensor_type or x.shape != y.shape:
            diffs.append(f"tensor {name}: {x.tensor_type.name}{list(x.shape)} vs {y.tensor_type.name}{list(y.shape)}")
        elif not np.array_equal(x.data, y.data):
            diffs.append(f"tensor {name}: {int((x.data != y.data).sum())} of {x.data.size} bytes differ")
    return diffs


def gguf_diff(ours_path: Path, ref_path: Path, ignore_keys: Iterable[str] = ()) -> list[str]:
    (ours_fields, ours_tensors), (ref_fields, ref_tensors) = read_gguf(ours_path), read_gguf(ref_path)
    return metadata_diff(ours_fields, ref_fields, ignore_keys) + tensor_diff(ours_tensors, ref_tensors)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
