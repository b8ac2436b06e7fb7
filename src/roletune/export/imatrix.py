"""An importance matrix for quantization, computed from the fine-tune's activations on its own training data.

llama.cpp's `llama-imatrix` records, for every weight matrix W of a block, the sum over tokens of
the squared input activation of each input column (Σ_t x_tj², "in_sum2") and the number of
tokens ("counts"); quantization then weights each column's rounding error by in_sum2 / counts.
We compute the same sums with forward pre-hooks on the merged HF model in fp32 — the model that
was just trained, on the tokens it was trained on — rather than running llama.cpp's tool, which
the Python package does not ship. The file is written in llama.cpp's GGUF imatrix format
(tools/imatrix/imatrix.cpp save_imatrix), so `llama-quantize --imatrix` can reuse it too.
As in llama.cpp (without --process-output), only the matrices inside blocks (blk.*) are recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import gguf
import numpy as np

from roletune.errors import UserError
from roletune.export.arch import arch_row
from roletune.files import atomic_file

DEFAULT_MAX_TOKENS = 32768  # enough for stable column statistics; llama.cpp's docs use ~100 chunks × 512
CHUNK_SIZE = 512  # tokens per chunk, for imatrix.chunk_count / chunk_size metadata
IN_SUM2, COUNTS = ".in_sum2", ".counts"


def compute_imatrix(model_dir: Path, sequences: Iterable[Sequence[int]], out_path: Path, *,
                    max_tokens: int = DEFAULT_MAX_TOKENS, dataset: str = "train") -> dict[str, Any]:
    """Run the HF model on `sequences` (token ids) and write the importance matrix to `out_path`."""
    import torch
    from transformers import AutoModelForCausalLM

    config = json.loads((model_dir / "config.json").read_text())
    row = next((r for a in config.get("architectures") or [] if (r := arch_row(a))), None)
    if row is None:
        raise UserError(f"no architecture row for {model_dir}; can't name its tensors")
    name_map = gguf.get_tensor_name_map(row.gguf_arch, config["num_hidden_layers"])
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()

    sums: dict[str, torch.Tensor] = {}
    counts: dict[str, int] = {}
    hooks = []
    for module_name, module in model.named_modules():
        if not isinstance(module, torch.nn.Linear):
            continue
        base = name_map.get_name(module_name)  # "model.layers.0.self_attn.q_proj" → "blk.0.attn_q"
        if base is None or not base.startswith("blk."):
            continue
        name = base + ".weight"  # the tensor the quantizer looks the importances up by

        def hook(_mod: Any, args: tuple[Any, ...], name: str = name) -> None:
            x = args[0].detach().reshape(-1, args[0].shape[-1]).double()  # (tokens, in_features)
            sums[name] = sums.get(name, 0) + (x * x).sum(0)
            counts[name] = counts.get(name, 0) + x.shape[0]

        hooks.append(module.register_forward_pre_hook(hook))
    n_tokens = 0
    try:
        with torch.no_grad():
            for ids in sequences:
                ids = list(ids)[: max_tokens - n_tokens]
                if not ids:
                    break
                model(torch.tensor([ids]))
                n_tokens += len(ids)
    finally:
        for h in hooks:
            h.remove()
    if not sums:
        raise UserError("no training tokens to compute the importance matrix from")
    write_imatrix(out_path, {n: sums[n].float().numpy() for n in sums}, counts, dataset=dataset,
                  chunk_count=max(1, n_tokens // CHUNK_SIZE))
    return {"path": str(out_path), "tokens": n_tokens, "entries": len(sums)}


def write_imatrix(path: Path, sums: dict[str, np.ndarray], counts: dict[str, int], *, dataset: str,
                  chunk_count: int) -> None:
    """llama.cpp's GGUF imatrix file: per matrix `<name>.in_sum2` (F32, 1 × n_in) and `<name>.counts` (F32, 1 × 1)."""
    with atomic_file(path) as tmp:
        writer = gguf.GGUFWriter(str(tmp), arch="imatrix")
        writer.add_type(gguf.GGUFType.IMATRIX)
        writer.add_array(gguf.Keys.IMatrix.DATASETS, [dataset])
        writer.add_uint32(gguf.Keys.IMatrix.CHUNK_COUNT, chunk_count)
        writer.add_uint32(gguf.Keys.IMatrix.CHUNK_SIZE, CHUNK_SIZE)
        for name in sorted(sums):
            writer.add_tensor(name + IN_SUM2, sums[name].astype(np.float32).reshape(1, -1))
            writer.add_tensor(name + COUNTS, np.array([[counts[name]]], dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()


def read_imatrix(path: Path) -> dict[str, np.ndarray]:
    """Importance per input column, in_sum2 / counts, as llama-quantize's load_imatrix computes it."""
    reader = gguf.GGUFReader(str(path))
    tensors = {t.name: np.asarray(t.data, dtype=np.float32) for t in reader.tensors}
    out = {}
    for key, sums in tensors.items():
        if not key.endswith(IN_SUM2):
            continue
        name = key[: -len(IN_SUM2)]
        count = tensors.get(name + COUNTS)
        if count is None:
            raise UserError(f"{path}: {name} has sums but no counts")
        n_mat = count.size
        sums = sums.reshape(n_mat, -1)
        c = count.reshape(n_mat, 1)
        out[name] = np.where(c > 0, sums / np.where(c > 0, c, 1), 1.0).reshape(-1).astype(np.float32)
    if not out:
        raise UserError(f"{path} holds no importance-matrix entries")
    return out
