"""Quantization through llama.cpp: types by name, disk-space check, importance matrix, the stage."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
from collections import namedtuple
from pathlib import Path

import gguf
import numpy as np
import pytest
from rich.console import Console
from train_data import conversation, write_token_files

from roletune.config import load_config
from roletune.context import RunContext
from roletune.errors import UserError
from roletune.export.convert import convert_to_gguf
from roletune.export.imatrix import compute_imatrix, read_imatrix
from roletune.export.quantize import (
    QUANT_TYPES,
    fallback_summary,
    native_stderr_to,
    quantize,
    quantize_gguf,
    quantize_log,
)
from roletune.layout import IMATRIX_FILE
from roletune.parity import gguf_logits, open_llama
from roletune.verify.kld import KLDAccumulator

FIXTURES = ["tiny_qwen3", "tiny_llama"]


def token_sequences(model_dir: Path, n: int, seed: int = 0) -> list[list[int]]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    rng = random.Random(seed)
    return [tokenizer(tokenizer.apply_chat_template(conversation(rng, 10, 40), tokenize=False),
                      add_special_tokens=False)["input_ids"] for _ in range(n)]


@pytest.mark.parametrize("fixture", FIXTURES)
def test_kld_orders_quantization_types(fixture, request, tmp_path, capsys):
    model_dir = request.getfixturevalue(fixture)
    f16 = convert_to_gguf(model_dir, tmp_path / "model-F16.gguf", "f16")
    seqs = token_sequences(model_dir, 4)
    n_ctx = max(map(len, seqs))
    with open_llama(f16, n_ctx=n_ctx) as llm:
        refs = [gguf_logits(llm, s) for s in seqs]
    stats = {}
    for qt in ("Q8_0", "Q5_K_M", "Q4_K_M"):
        path = quantize_gguf(f16, tmp_path / f"model-{qt}.gguf", qt)
        acc = KLDAccumulator()
        with open_llama(path, n_ctx=n_ctx) as llm:
            for s, ref in zip(seqs, refs):
                acc.add(ref[:-1], gguf_logits(llm, s)[:-1], np.asarray(s[1:]))
        stats[qt] = acc.result()
    with capsys.disabled():
        print(f"\n{fixture}: " + "; ".join(f"{qt} mean KLD {s['mean_kld']:.2e} same-top {s['same_top_p']:.1%}"
                                          for qt, s in stats.items()))
    assert stats["Q8_0"]["mean_kld"] < stats["Q5_K_M"]["mean_kld"] < stats["Q4_K_M"]["mean_kld"]
    sizes = [(tmp_path / f"model-{qt}.gguf").stat().st_size for qt in ("Q8_0", "Q5_K_M", "Q4_K_M")]
    assert sizes == sorted(sizes, reverse=True)
    types = {t.name: t.tensor_type for t in gguf.GGUFReader(str(tmp_path / "model-Q4_K_M.gguf")).tensors}
    assert types["blk.0.attn_q.weight"] == gguf.GGMLQuantizationType.Q4_K  # K-quants apply at these sizes


def test_unknown_type_lists_supported(tiny_qwen3, tmp_path):
    with pytest.raises(UserError, match="unknown quantization type 'Q7_X'; supported: Q8_0, Q6_K"):
        quantize_gguf(tmp_path / "none.gguf", tmp_path / "out.gguf", "Q7_X")


def test_types_needing_an_imatrix_refuse_without_one(tiny_qwen3, tmp_path):
    f16 = convert_to_gguf(tiny_qwen3, tmp_path / "model-F16.gguf", "f16")
    with pytest.raises(UserError, match="IQ2_XS needs an importance matrix"):
        quantize_gguf(f16, tmp_path / "out.gguf", "IQ2_XS")


def test_disk_space_is_checked_before_writing(tiny_qwen3, tmp_path, monkeypatch):
    f16 = convert_to_gguf(tiny_qwen3, tmp_path / "model-F16.gguf", "f16")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**12, 10**12 - 10**6, 10**6))
    with pytest.raises(UserError, match="not enough free disk space") as err:
        quantize_gguf(f16, tmp_path / "out" / "model-Q4_K_M.gguf", "Q4_K_M")
    assert "GB are free" in str(err.value)
    assert not (tmp_path / "out" / "model-Q4_K_M.gguf").exists()


# What llama.cpp (0.3.36) logs quantizing SmolLM2-135M (hidden 576) to Q4_K_M, cut down.
FALLBACK_LOG = """\
llama_model_loader: loaded meta data with 34 key-value pairs and 272 tensors from model-F16.gguf (version GGUF V3 (latest))
[   2/ 272]                  blk.0.attn_k.weight - [   576,    192,      1,      1], type =    f16, \
warning: blk.0.attn_k.weight                  - ncols    576 not divisible by 256 (required for type    q4_K) -> falling back to    q5_0
converting to q5_0 .. size =     0.21 MiB ->     0.07 MiB
warning: blk.0.attn_q.weight                  - ncols    576 not divisible by 256 (required for type    q4_K) -> falling back to    q5_0
warning: blk.0.attn_v.weight                  - ncols    576 not divisible by 256 (required for type    q6_K) -> falling back to    q8_0
warning: blk.1.attn_k.weight                  - ncols    576 not divisible by 256 (required for type    q4_K) -> falling back to    q5_0
llama_model_quantize_impl: model size  =   256.63 MiB (16.00 BPW)
llama_model_quantize_impl: quant size  =    98.87 MiB (6.17 BPW)
llama_model_quantize_impl: WARNING: 180 of 272 tensor(s) required fallback quantization
"""  # noqa: E501 (llama-quantize's log, as written)


def test_fallback_summary_counts_the_types_llama_cpp_fell_back_to():
    assert fallback_summary(FALLBACK_LOG) == (
        "180 of 272 tensors fell back to other types (rows of 576 not divisible by 256): q5_0 ×3, q8_0 ×1")
    without_total = FALLBACK_LOG.replace("llama_model_quantize_impl: WARNING: 180 of 272", "")
    assert fallback_summary(without_total).startswith("4 tensors fell back to other types (rows of 576")
    assert fallback_summary("llama_model_quantize_impl: quant size  =  1.00 MiB\n") is None


def test_native_stderr_is_captured_and_restored(capfd):
    with tempfile.TemporaryFile() as sink:
        with native_stderr_to(sink):
            os.write(2, b"from C\n")
            print("from Python", file=sys.stderr, flush=True)
        print("after", file=sys.stderr, flush=True)
        sink.seek(0)
        assert sink.read().decode() == "from C\nfrom Python\n"
    assert capfd.readouterr().err == "after\n"


def test_every_configured_default_type_is_known():
    from roletune.config import ExportConfig

    assert all(t in QUANT_TYPES for t in ExportConfig().quant_types)


def test_imatrix_is_llama_cpp_format_and_lowers_weighted_error(tiny_qwen3, tmp_path):
    config = json.loads((tiny_qwen3 / "config.json").read_text())
    info = compute_imatrix(tiny_qwen3, token_sequences(tiny_qwen3, 6), tmp_path / "imatrix.gguf", dataset="train")
    reader = gguf.GGUFReader(str(tmp_path / "imatrix.gguf"))
    fields = {k: f.contents() for k, f in reader.fields.items()}
    assert fields["general.type"] == "imatrix" and fields["imatrix.datasets"] == ["train"]
    assert fields["imatrix.chunk_size"] == 512
    importance = read_imatrix(tmp_path / "imatrix.gguf")
    assert len(importance) == info["entries"] == 7 * config["num_hidden_layers"]  # q k v o gate up down per block
    assert importance["blk.0.attn_q.weight"].shape == (config["hidden_size"],)
    assert importance["blk.0.ffn_down.weight"].shape == (config["intermediate_size"],)
    assert all((v > 0).all() for v in importance.values())

    f16 = convert_to_gguf(tiny_qwen3, tmp_path / "model-F16.gguf", "f16")
    plain = quantize_gguf(f16, tmp_path / "plain.gguf", "Q4_K_M")
    weighted = quantize_gguf(f16, tmp_path / "weighted.gguf", "Q4_K_M", imatrix=importance)

    def error(path: Path, name: str) -> float:
        t = next(t for t in gguf.GGUFReader(str(path)).tensors if t.name == name)
        w = next(t for t in gguf.GGUFReader(str(f16)).tensors if t.name == name)
        diff = gguf.quants.dequantize(t.data, t.tensor_type) - np.asarray(w.data, dtype=np.float32)  # (rows, cols)
        return float((importance[name] * diff**2).sum())

    for name in ("blk.0.attn_q.weight", "blk.1.ffn_gate.weight"):
        assert error(weighted, name) < error(plain, name), name


def test_quantize_stage_with_imatrix(tiny_qwen3, tmp_path):
    root = tmp_path / "run"
    shutil.copytree(tiny_qwen3, root / "merged")
    write_token_files(root, tiny_qwen3, n_train=4, n_val=2)
    convert_to_gguf(root / "merged", root / "gguf" / "model-F16.gguf")
    convert_to_gguf(tiny_qwen3, root / "gguf" / "base-F16.gguf")
    config = load_config(None, [f"model.base={tiny_qwen3}", f"run.dir={root}",
                                "export.quant_types=[Q4_K_M, Q8_0]", "export.imatrix=true"])
    summary = quantize(RunContext(config=config, root=root, console=Console(stderr=True, width=120)))
    names = sorted(p.name for p in (root / "gguf").glob("*.gguf"))
    assert names == ["base-F16.gguf", "base-Q4_K_M.gguf", "imatrix.gguf", "model-F16.gguf",
                     "model-Q4_K_M.gguf", "model-Q8_0.gguf"]
    assert (root / IMATRIX_FILE).is_file() and summary["imatrix"]["tokens"] > 0
    assert summary["files"]["model-Q4_K_M.gguf"]["imatrix"] and not summary["files"]["base-Q4_K_M.gguf"]["imatrix"]
    # llama.cpp's log goes to a file beside each output, not to the terminal; these sizes need no fallback.
    log = quantize_log(root / "gguf" / "model-Q4_K_M.gguf")
    assert log.name == "model-Q4_K_M.quantize.log" and "llama_model_quantize_impl" in log.read_text()
    assert summary["files"]["model-Q4_K_M.gguf"]["fallbacks"] is None
    with open_llama(root / "gguf" / "model-Q4_K_M.gguf", n_ctx=64) as llm:
        assert np.isfinite(gguf_logits(llm, [1, 2, 3])).all()
