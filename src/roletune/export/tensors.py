"""What the GGUF will hold, read from a HF checkpoint's safetensors headers (the convert stage's plan).

  read_safetensors_index  every tensor of the shards: name, dtype, shape, file offset (headers only)
  plan_tensors            each as a GGUF tensor: the name from gguf's tensor-name map, its type
                          (matrices in the outtype; 1-D tensors and norms F32, as llama.cpp does),
                          llama's Q/K row permutation, plus generated tensors (Llama 3 rope_freqs)
  source_array, as_f32    a tensor's data as a read-only memory map, and rows of it as f32

No tensor data is read here except through `source_array`; convert.py streams it into the file.
Neither torch nor transformers is imported.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf
import numpy as np

from roletune.errors import UserError
from roletune.export.arch import ArchRow

GGMLType = gguf.GGMLQuantizationType

# outtype → (tensor type of matrices, general.file_type)
OUTTYPES: dict[str, tuple[GGMLType, gguf.LlamaFileType]] = {
    "f32": (GGMLType.F32, gguf.LlamaFileType.ALL_F32),
    "f16": (GGMLType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "bf16": (GGMLType.BF16, gguf.LlamaFileType.MOSTLY_BF16),
}
SAFETENSORS_TYPES = {"F32": GGMLType.F32, "F16": GGMLType.F16, "BF16": GGMLType.BF16}
_BYTES_PER = {GGMLType.F32: 4, GGMLType.F16: 2, GGMLType.BF16: 2}
_SKIPPED_SUFFIXES = (".rotary_emb.inv_freq", ".attention.masked_bias", ".attention.bias")


# -- safetensors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceTensor:
    name: str
    file: Path
    dtype: str  # safetensors dtype: F32, F16, BF16
    shape: tuple[int, ...]
    offset: int  # absolute byte offset of the data in `file`


def read_safetensors_index(model_dir: Path) -> dict[str, SourceTensor]:
    """Every tensor of the model's safetensors shards, from their headers only.

    safetensors' own `safe_open(framework="numpy")` can't return BF16 (numpy has no bfloat16) and
    copies each tensor into anonymous memory; the format is documented and tiny (u64 header length,
    JSON header, raw little-endian data), so we read headers ourselves and map the data.
    """
    files = sorted(model_dir.glob("*.safetensors"))
    index_file = model_dir / "model.safetensors.index.json"
    if index_file.is_file():
        shard_names = sorted(set(json.loads(index_file.read_text())["weight_map"].values()))
        files = [model_dir / s for s in shard_names]
    if not files:
        raise UserError(f"{model_dir} holds no *.safetensors files",
                        hint="save the model with save_pretrained(safe_serialization=True)")
    tensors: dict[str, SourceTensor] = {}
    for path in files:
        with open(path, "rb") as fh:
            (n,) = struct.unpack("<Q", fh.read(8))
            header = json.loads(fh.read(n))
        for name, info in header.items():
            if name == "__metadata__":
                continue
            if name in tensors:
                raise UserError(f"tensor {name} is in both {tensors[name].file.name} and {path.name}")
            if info["dtype"] not in SAFETENSORS_TYPES:
                raise UserError(f"{path.name}: tensor {name} has dtype {info['dtype']}; convertible: F32, F16, BF16",
                                hint="dequantize the model before conversion")
            start, _ = info["data_offsets"]
            tensors[name] = SourceTensor(name, path, info["dtype"], tuple(info["shape"]), 8 + n + start)
    return tensors


def source_array(t: SourceTensor) -> np.ndarray:
    """The tensor as a read-only memory map of its shard (BF16 as uint16: numpy has no bfloat16)."""
    dtype = {"F32": np.float32, "F16": np.float16, "BF16": np.uint16}[t.dtype]
    count = math.prod(t.shape)
    flat = np.memmap(t.file, dtype=dtype, mode="r", offset=t.offset, shape=(count,)) if count else np.zeros(0, dtype)
    return flat.reshape(t.shape)


def as_f32(rows: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "BF16":  # bf16 is the top half of an f32
        return (rows.astype(np.uint32) << 16).view(np.float32)
    return rows.astype(np.float32, copy=False)


# -- the plan: every tensor of the output, known before any data is written ------------------------


@dataclass
class PlannedTensor:
    name: str  # GGUF name
    shape: tuple[int, ...]  # numpy (row-major) order, as in HF
    qtype: GGMLType
    source: SourceTensor | None = None
    rows: np.ndarray | None = None  # output row i = source row rows[i] (llama Q/K permutation)
    data: np.ndarray | None = None  # generated tensors (rope_freqs), f32

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * _BYTES_PER[self.qtype]


def qk_permutation(n_rows: int, n_head: int) -> np.ndarray:
    """Row order that turns HF's rotate-half Q/K layout into llama.cpp's interleaved pairs.

    Per head, HF keeps the first and second halves of each rotary pair in two blocks of rows
    (head_dim/2 each); llama.cpp wants them interleaved: (n_head, 2, hd/2) → (n_head, hd/2, 2).
    """
    half = n_rows // n_head // 2
    return np.arange(n_rows).reshape(n_head, 2, half).swapaxes(1, 2).reshape(-1)


def rope_parameters(config: dict[str, Any]) -> dict[str, Any]:
    """config.json's RoPE settings in transformers 5's `rope_parameters` form, with rope_type."""
    rope = dict(config.get("rope_parameters") or {})
    if not rope:  # transformers 4.x layout
        rope = dict(config.get("rope_scaling") or {})
        if "rope_theta" in config:
            rope["rope_theta"] = config["rope_theta"]
    rope.setdefault("rope_type", rope.get("type") or "default")
    return rope


def _llama3_rope_factors(config: dict[str, Any], rope: dict[str, Any]) -> np.ndarray:
    """Per-frequency RoPE factors of Llama 3.1+ ("llama3" rope_type), the rope_freqs tensor llama.cpp reads.

    In float32 throughout, as llama.cpp's converter computes them with torch (conversion/llama.py
    generate_extra_tensors), so the tensor is bit-identical for Llama 3.1/3.2 (head_dim 64 and 128,
    theta 5e5, 8192 original positions); for other settings float32 pow may differ by an ulp or two.
    """
    dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    base = float(rope.get("rope_theta", 10000.0))
    factor = float(rope.get("factor", 8.0))
    low, high = float(rope.get("low_freq_factor", 1.0)), float(rope.get("high_freq_factor", 4.0))
    old_ctx = rope.get("original_max_position_embeddings", 8192)
    freqs = 1.0 / base ** (np.arange(0, dim, 2, dtype=np.float32) / np.float32(dim))  # (dim/2,) float32
    wavelen = np.float32(2 * math.pi) / freqs
    smooth = (old_ctx / wavelen - low) / (high - low)
    mid = 1 / ((1 - smooth) / factor + smooth)
    out = np.where(wavelen < old_ctx / high, np.float32(1), np.where(wavelen > old_ctx / low, np.float32(factor), mid))
    return out.astype(np.float32)


def plan_tensors(config: dict[str, Any], row: ArchRow, sources: dict[str, SourceTensor],
                 outtype: str) -> list[PlannedTensor]:
    matrix_type = OUTTYPES[outtype][0]
    n_layer = config["num_hidden_layers"]
    n_head = config["num_attention_heads"]
    n_head_kv = config.get("num_key_value_heads") or n_head
    tied = bool(config.get("tie_word_embeddings", False))
    name_map = gguf.get_tensor_name_map(row.gguf_arch, n_layer)
    output_name = gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.OUTPUT] + ".weight"
    plan: list[PlannedTensor] = []
    unmapped = []
    for src in sources.values():
        if src.name.endswith(_SKIPPED_SUFFIXES):
            continue
        name = name_map.get_name(src.name, try_suffixes=(".weight", ".bias"))
        if name is None:
            unmapped.append(src.name)
            continue
        if name == output_name and tied:
            continue  # llama.cpp reuses token_embd when output.weight is absent
        qtype = GGMLType.F32 if len(src.shape) <= 1 or name.endswith("_norm.weight") else matrix_type
        rows = None
        if row.permute_qk and (".attn_q." in name or ".attn_k." in name):
            rows = qk_permutation(src.shape[0], n_head if ".attn_q." in name else n_head_kv)
        plan.append(PlannedTensor(name, src.shape, qtype, source=src, rows=rows))
    if unmapped:
        raise UserError(f"{len(unmapped)} tensor(s) have no GGUF name for {row.family}: "
                        f"{', '.join(sorted(unmapped)[:8])}",
                        hint="this checkpoint holds weights the architecture table does not know "
                             "(adapters not merged?)")
    rope = rope_parameters(config)
    if rope["rope_type"] == "llama3":
        factors = _llama3_rope_factors(config, rope)
        plan.append(PlannedTensor(gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.ROPE_FREQS] + ".weight", factors.shape,
                                  GGMLType.F32, data=factors))
    _check_complete(plan, n_layer, tied, output_name)
    return sorted(plan, key=_tensor_order)


def _tensor_order(t: PlannedTensor) -> tuple[int, int, str]:
    parts = t.name.split(".")
    if parts[0] == "blk":
        return (1, int(parts[1]), t.name)
    return (0 if parts[0] in ("token_embd", "rope_freqs") else 2, 0, t.name)


def _check_complete(plan: list[PlannedTensor], n_layer: int, tied: bool, output_name: str) -> None:
    names = {t.name for t in plan}
    missing = [n for n in ("token_embd.weight", "output_norm.weight") if n not in names]
    if not tied and output_name not in names:
        missing.append(f"{output_name} (the model's lm_head; tie_word_embeddings is false)")
    kinds: dict[int, set[str]] = {i: set() for i in range(n_layer)}
    for n in names:
        if n.startswith("blk."):
            _, i, rest = n.split(".", 2)
            kinds.setdefault(int(i), set()).add(rest)
    every = set().union(*kinds.values()) if kinds else set()
    for i, have in sorted(kinds.items()):
        missing += [f"blk.{i}.{k}" for k in sorted(every - have)]
    if missing:
        raise UserError(f"the checkpoint lacks {len(missing)} tensor(s): {', '.join(missing[:8])}")
