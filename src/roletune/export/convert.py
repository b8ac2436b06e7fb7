"""The `convert` stage: a HF safetensors model → one GGUF file llama.cpp loads, without llama.cpp's converter.

What each architecture needs is data in arch.py; this module only follows it:

  config.json           → `{arch}.*` hyper-parameters (ArchRow.hparams), RoPE scaling
  *.safetensors         → tensors renamed with gguf's tensor-name map, llama's Q/K rows permuted,
                          cast to the output type (1-D tensors and norms stay F32, as llama.cpp does):
                          the plan of them is tensors.py's, the writing is here
  tokenizer.json (+ tokenizer_config.json, generation_config.json, chat_template.jinja)
                        → tokenizer.ggml.* (vocab.py)
  lineage               → general.* keys

Memory: the GGUF header, metadata and tensor table are written first (their sizes are known from
the safetensors headers), then each tensor is streamed in row chunks from a read-only memory map
of its shard. Pages of the map are file-backed, so the anonymous memory the conversion needs is a
few chunks, whatever the model's size. Neither torch nor transformers is imported.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import gguf
import numpy as np

from roletune.context import RunContext
from roletune.errors import UserError
from roletune.export.arch import ArchRow, arch_row, supported_architectures
from roletune.export.tensors import (
    OUTTYPES,
    SAFETENSORS_TYPES,
    GGMLType,
    PlannedTensor,
    as_f32,
    plan_tensors,
    read_safetensors_index,
    rope_parameters,
    source_array,
)
from roletune.export.vocab import Vocab, read_vocab, write_vocab
from roletune.files import atomic_file
from roletune.layout import candidate, gguf_file

LINEAGE_KEY = "general.lineage"  # JSON of the lineage dict (llama.cpp ignores keys it does not know)
CHUNK_BYTES = 64 << 20  # f32 bytes converted at once: bounds anonymous memory per tensor


# -- hyper-parameters -------------------------------------------------------------------------------


def _hparam_value(config: dict[str, Any], rope: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        holder, _, sub = key.partition(".")
        if sub and holder == "rope":
            if rope.get(sub) is not None:
                return rope[sub]
        elif config.get(key) is not None:
            return config[key]
    return None


def write_hparams(writer: gguf.GGUFWriter, config: dict[str, Any], row: ArchRow) -> None:
    rope = rope_parameters(config)
    missing = []
    for hp in row.hparams:
        value = _hparam_value(config, rope, hp.hf)
        if value is None and hp.key == gguf.Keys.Rope.DIMENSION_COUNT:
            value = config["hidden_size"] // config["num_attention_heads"]
        if value is None:
            if hp.required:
                missing.append("/".join(hp.hf))
            continue
        key = hp.key.format(arch=row.arch_name)
        (writer.add_uint32 if hp.kind is int else writer.add_float32)(key, hp.kind(value))
    if missing:
        raise UserError(f"config.json lacks {', '.join(missing)} needed for a {row.family} GGUF")
    kind = rope["rope_type"]
    if kind in ("default", "llama3"):  # llama3: factors go into the rope_freqs tensor
        return
    if kind == "linear":
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(rope["factor"]))
    elif kind == "yarn":
        writer.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        writer.add_rope_scaling_factor(float(rope["factor"]))
        writer.add_rope_scaling_orig_ctx_len(int(rope["original_max_position_embeddings"]))
    else:
        raise UserError(f"RoPE scaling {kind!r} is not supported by the converter; "
                        "supported: default, linear, yarn, llama3")


# -- lineage ----------------------------------------------------------------------------------------


def write_lineage(writer: gguf.GGUFWriter, model_dir: Path, config: dict[str, Any],
                  lineage: dict[str, Any] | None) -> None:
    lineage = dict(lineage or {})
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name(str(lineage.get("name") or config.get("_name_or_path") or model_dir.name))
    if lineage.get("finetune"):
        writer.add_finetune(str(lineage["finetune"]))
    base = lineage.get("base") or {}
    if base:
        writer.add_base_model_count(1)
        writer.add_base_model_name(0, str(base.get("name") or Path(str(base.get("path", ""))).name))
        if base.get("path"):
            writer.add_base_model_repo_url(0, str(base["path"]))
    if lineage.get("description"):
        writer.add_description(str(lineage["description"]))
    lineage.setdefault("source", str(model_dir))
    writer.add_string(LINEAGE_KEY, json.dumps(lineage, sort_keys=True, default=str))


def size_label(plan: list[PlannedTensor]) -> str:
    """general.size_label as llama.cpp's converter writes it ("8.2B", "40M"): every tensor's elements counted
    (GGUFWriter.get_total_parameter_count; no mixture-of-experts architecture is converted here)."""
    total = sum(math.prod(t.shape) for t in plan)
    return gguf.size_label(total, total, 0, 0)


# -- writing ----------------------------------------------------------------------------------------


def _write_tensor(fout: BinaryIO, t: PlannedTensor) -> None:
    if t.data is not None:
        _encode(t.data, t.qtype, t.name).tofile(fout)
        return
    assert t.source is not None
    src = source_array(t.source)
    n_rows = src.shape[0] if src.ndim else 1
    row_elems = max(1, math.prod(src.shape[1:]))
    step = max(1, CHUNK_BYTES // (4 * row_elems))
    same = SAFETENSORS_TYPES[t.source.dtype] == t.qtype and t.rows is None
    for start in range(0, n_rows, step):
        stop = min(n_rows, start + step)
        if same:  # straight copy from the map
            fout.write(memoryview(np.ascontiguousarray(src[start:stop])).cast("B"))
            continue
        chunk = src[t.rows[start:stop]] if t.rows is not None else src[start:stop]
        _encode(as_f32(np.asarray(chunk), t.source.dtype), t.qtype, t.name).tofile(fout)


def _encode(f32: np.ndarray, qtype: GGMLType, name: str) -> np.ndarray:
    out = gguf.quants.quantize(f32, qtype)
    if qtype == GGMLType.F16 and not np.isfinite(out).all() and np.isfinite(f32).all():
        raise UserError(f"{name} has values beyond the F16 range (±65504)",
                        hint="convert with export.outtype: bf16 or f32")
    return out


def convert_to_gguf(model_dir: Path, out_path: Path, outtype: str = "f16",
                    lineage: dict[str, Any] | None = None) -> Path:
    """Convert a HF model directory (safetensors + tokenizer) to a GGUF file; returns `out_path`.

    The file appears only when complete (files.atomic_file). `outtype` is f32, f16 or bf16;
    `lineage` is recorded in general.* keys (base model, adapter, …).
    """
    model_dir, out_path = Path(model_dir), Path(out_path)
    info = inspect_model(model_dir, outtype)
    with atomic_file(out_path) as tmp:
        write_gguf(info, tmp, lineage)
    return out_path


@dataclass
class ModelInfo:
    model_dir: Path
    config: dict[str, Any]
    row: ArchRow
    outtype: str
    plan: list[PlannedTensor]
    vocab: Vocab


def inspect_model(model_dir: Path, outtype: str) -> ModelInfo:
    """Everything the GGUF will hold except tensor data; raises UserError on anything unsupported."""
    if outtype not in OUTTYPES:
        raise UserError(f"unknown outtype {outtype!r}; choose one of {', '.join(OUTTYPES)}")
    config_file = model_dir / "config.json"
    if not config_file.is_file():
        raise UserError(f"{model_dir} is not a HF model directory (no config.json)")
    config = json.loads(config_file.read_text(encoding="utf-8"))
    if "text_config" in config and "num_hidden_layers" not in config:
        config = {**config, **config["text_config"]}
    archs = config.get("architectures") or []
    row = next((r for a in archs if (r := arch_row(a))), None)
    if row is None:
        raise UserError(f"{model_dir.name}: architecture {', '.join(archs) or '(none)'} is not supported; "
                        f"supported: {', '.join(supported_architectures())}")
    plan = plan_tensors(config, row, read_safetensors_index(model_dir), outtype)
    return ModelInfo(model_dir, config, row, outtype, plan, read_vocab(model_dir, config, row))


def write_gguf(info: ModelInfo, path: Path, lineage: dict[str, Any] | None = None) -> None:
    """Header, metadata and tensor table first, then the tensors one by one (the writer's state order)."""
    writer = gguf.GGUFWriter(str(path), info.row.arch_name)
    write_lineage(writer, info.model_dir, info.config, lineage)
    writer.add_size_label(size_label(info.plan))
    writer.add_file_type(int(OUTTYPES[info.outtype][1]))
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    write_hparams(writer, info.config, info.row)
    write_vocab(writer, info.vocab)
    for t in info.plan:
        writer.add_tensor_info(t.name, t.shape, np.dtype(np.float32), t.nbytes, raw_dtype=t.qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    assert writer.fout is not None
    fout = writer.fout[0]
    for t in info.plan:
        writer.write_padding(fout, fout.tell())  # tensor data is aligned (general.alignment, 32)
        start = fout.tell()
        _write_tensor(fout, t)
        if fout.tell() - start != t.nbytes:
            raise RuntimeError(f"{t.name}: wrote {fout.tell() - start} bytes, expected {t.nbytes}")
    writer.write_padding(fout, fout.tell())
    writer.close()


# -- the stage --------------------------------------------------------------------------------------


def convert(ctx: RunContext) -> dict[str, Any]:
    """Convert merged/ → gguf/model-<OUTTYPE>.gguf and the base model → gguf/base-<OUTTYPE>.gguf.

    The base is converted the same way so that evaluation compares like with like.
    """
    from roletune.files import read_json
    from roletune.hf import base_model_dir
    from roletune.layout import LINEAGE_FILE, MERGED_DIR

    config = ctx.config
    outtype = config.export.outtype
    merged = ctx.path(MERGED_DIR)
    if not (merged / LINEAGE_FILE).is_file():
        raise UserError(f"{merged} holds no finished merge", hint="run the merge stage first")
    merge_lineage = read_json(merged / LINEAGE_FILE)
    base_dir = base_model_dir(config)
    jobs = [
        ("model", merged, {"name": f"{config.run_name}", "finetune": "roletune", "base": merge_lineage.get("base"),
                           "adapter": merge_lineage.get("adapter"),
                           "merge": {"created": merge_lineage.get("created")}}),
        ("base", base_dir, {"name": config.model.base, "base": {"name": config.model.base, "path": str(base_dir)}}),
    ]
    summary: dict[str, Any] = {"outtype": outtype, "files": {}}
    for kind, src, lineage in jobs:
        out = ctx.path(gguf_file(candidate(kind, outtype)))
        t0 = time.perf_counter()
        info = inspect_model(src, outtype)
        with atomic_file(out) as tmp:
            write_gguf(info, tmp, lineage)
        seconds = round(time.perf_counter() - t0, 2)
        for note in info.vocab.notes:
            ctx.console.print(f"[yellow]{kind}: {note}[/yellow]")
        ctx.console.print(f"{src} → {out.name} ({out.stat().st_size / 1e6:.0f} MB, {info.row.family}, "
                          f"pre-tokenizer {info.vocab.pre}) in {seconds:.1f} s")
        summary["files"][kind] = {"path": str(out.relative_to(ctx.root)), "bytes": out.stat().st_size,
                                  "seconds": seconds, "arch": info.row.arch_name, "pre_tokenizer": info.vocab.pre,
                                  "tensors": len(info.plan), "notes": info.vocab.notes}
    return summary
