"""The verify stage and its statistics: llama.cpp KLD definitions, pass on a good run, fail on a corrupted GGUF."""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

import gguf
import numpy as np
import pytest
from rich.console import Console
from train_data import conversation

from roletune.config import load_config
from roletune.context import RunContext
from roletune.errors import StageFailed
from roletune.export.convert import convert_to_gguf
from roletune.export.quantize import quantize_gguf
from roletune.files import write_jsonl
from roletune.layout import KLD_FILE, PARITY_FILE
from roletune.parity import gguf_logits, load_corpus, open_llama
from roletune.verify.kld import KLDAccumulator, percentile
from roletune.verify.stage import verify


def direct_kld_stats(base: list[np.ndarray], quant: list[np.ndarray], targets: list[np.ndarray]) -> dict[str, float]:
    """The same statistics written out position by position, straight from the definitions."""
    kld, same, dp, nll, nll_b = [], [], [], [], []
    for B, Q, T in zip(base, quant, targets):
        for b, q, t in zip(B.astype(np.float64), Q.astype(np.float64), T):
            pb = np.exp(b - b.max()) / np.exp(b - b.max()).sum()
            pq = np.exp(q - q.max()) / np.exp(q - q.max()).sum()
            kld.append(float(np.sum(pb * (np.log(pb) - np.log(pq)))))
            same.append(int(np.argmax(b) == np.argmax(q)))
            dp.append(float(pq[t] - pb[t]))
            nll.append(-math.log(pq[t]))
            nll_b.append(-math.log(pb[t]))
    ks = sorted(kld)
    return {"mean_kld": sum(kld) / len(kld), "median_kld": float(np.median(ks)), "max_kld": ks[-1],
            "p90_kld": float(np.percentile(ks, 90)), "p99_kld": float(np.percentile(ks, 99)),
            "same_top_p": sum(same) / len(same), "mean_delta_p": sum(dp) / len(dp),
            "rms_delta_p": math.sqrt(sum(x * x for x in dp) / len(dp)),
            "ppl_ratio": math.exp(sum(nll) / len(nll) - sum(nll_b) / len(nll_b))}


def _check_against_direct(base, quant, targets) -> None:
    acc = KLDAccumulator()
    for b, q, t in zip(base, quant, targets):
        acc.add(b, q, t)
    ours = acc.result()
    for key, expected in direct_kld_stats(base, quant, targets).items():
        assert ours[key] == pytest.approx(expected, abs=1e-6, rel=1e-6), key


def test_kld_statistics_match_a_direct_computation():
    rng = np.random.default_rng(0)
    base = [rng.standard_normal((n, 300)).astype(np.float32) * 3 for n in (17, 40, 9)]
    quant = [b + rng.standard_normal(b.shape).astype(np.float32) * 0.3 for b in base]
    targets = [rng.integers(0, 300, len(b)) for b in base]
    _check_against_direct(base, quant, targets)


def test_kld_statistics_match_a_direct_computation_on_gguf_logits(tiny_qwen3, tmp_path):
    from transformers import AutoTokenizer

    f16 = convert_to_gguf(tiny_qwen3, tmp_path / "model-F16.gguf", "f16")
    q4 = quantize_gguf(f16, tmp_path / "model-Q4_K_M.gguf", "Q4_K_M")
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_qwen3))
    seqs = [tokenizer(t, add_special_tokens=False)["input_ids"] for t in load_corpus() if len(t) > 60][:3]
    with open_llama(f16, n_ctx=256) as llm:
        base = [gguf_logits(llm, s)[:-1] for s in seqs]
    with open_llama(q4, n_ctx=256) as llm:
        quant = [gguf_logits(llm, s)[:-1] for s in seqs]
    _check_against_direct(base, quant, [np.asarray(s[1:]) for s in seqs])


def test_a_vocab_only_load_prints_nothing(tiny_gguf, capsys):
    # It used to print "n_ctx_seq (512) > n_ctx_train (0)": the GGUF has the key, the load skips it.
    assert gguf.GGUFReader(str(tiny_gguf)).get_field("qwen3.context_length").contents() > 0
    with open_llama(tiny_gguf, vocab_only=True) as llm:
        assert llm.tokenize(b"hello", add_bos=False)
    assert capsys.readouterr().err == ""


def test_percentile_is_linear_interpolation():
    values = np.sort(np.random.default_rng(1).random(101))
    for f in (0.0, 0.1, 0.5, 0.9, 0.99, 1.0):
        assert percentile(values, f) == pytest.approx(float(np.percentile(values, 100 * f)), abs=1e-12)


# -- the stage ----------------------------------------------------------------------------------------


def make_run(model_dir: Path, root: Path, quant_types: tuple[str, ...] = ("Q8_0",), **verify_sets) -> RunContext:
    """A run directory as merge, prepare, convert and quantize leave it, for the verify stage."""
    shutil.copytree(model_dir, root / "merged")
    rng = random.Random(0)
    write_jsonl(root / "data" / "val.jsonl", [{"id": f"val-{i}", "role": "coder", "messages": conversation(rng, 5, 30)}
                                              for i in range(4)])
    f16 = convert_to_gguf(root / "merged", root / "gguf" / "model-F16.gguf", "f16")
    for qt in quant_types:
        quantize_gguf(f16, root / "gguf" / f"model-{qt}.gguf", qt)
    sets = [f"model.base={model_dir}", f"run.dir={root}", f"export.quant_types=[{', '.join(quant_types)}]",
            "verify.samples=3"] + [f"verify.{k}={v}" for k, v in verify_sets.items()]
    return RunContext(config=load_config(None, sets), root=root, console=Console(stderr=True, width=120))


@pytest.mark.parametrize("fixture", ["tiny_qwen3", "tiny_llama"])
def test_verify_passes_and_writes_reports(fixture, request, tmp_path):
    ctx = make_run(request.getfixturevalue(fixture), tmp_path, ("Q8_0", "Q4_K_M"))
    summary = verify(ctx)
    assert summary["passed"] and summary["samples"] == 3
    parity = json.loads(ctx.path(PARITY_FILE).read_text())
    kld = json.loads(ctx.path(KLD_FILE).read_text())
    assert parity["passed"] and parity["failures"] == []
    assert set(parity["files"]) == {"model-F16.gguf", "model-Q8_0.gguf", "model-Q4_K_M.gguf"}
    checks = parity["files"]["model-Q4_K_M.gguf"]
    assert checks["tokenizer"]["corpus"]["mismatches"] == 0 and checks["tokenizer"]["chat_prompts"]["texts"] == 6
    assert checks["chat_template"]["renders"] == 6 and checks["chat_template"]["mismatches"] == 0
    assert parity["logits"]["max_abs_diff"] <= 1e-2 and parity["logits"]["top1_agreement"] >= 0.95
    assert 0 < kld["types"]["Q8_0"]["mean_kld"] < kld["types"]["Q4_K_M"]["mean_kld"]
    assert set(kld["types"]["Q8_0"]) >= {"mean_kld", "median_kld", "p90_kld", "p99_kld", "max_kld", "same_top_p",
                                         "mean_delta_p", "rms_delta_p", "ppl_ratio"}
    assert not list(ctx.path("verify").glob(".tmp-*")), "temporary logits are removed"


def _field(reader: gguf.GGUFReader, key: str):
    field = reader.fields[key]
    return field.parts[field.data[0]]


def test_verify_fails_on_a_permuted_tensor(tiny_qwen3, tmp_path):
    ctx = make_run(tiny_qwen3, tmp_path)
    reader = gguf.GGUFReader(str(ctx.path("gguf/model-F16.gguf")), "r+")
    t = next(t for t in reader.tensors if t.name == "blk.0.attn_k.weight")
    t.data[:] = t.data[np.random.default_rng(0).permutation(t.data.shape[0])]  # rows shuffled, as a wrong Q/K layout
    del reader
    with pytest.raises(StageFailed,
                       match=r"model-F16.gguf: max \|Δlogit\| vs transformers .* > 0.15 "
                             r"\(verify.max_abs_logit_diff_f16\)"):
        verify(ctx)
    parity = json.loads(ctx.path(PARITY_FILE).read_text())
    assert not parity["passed"] and parity["logits"]["max_abs_diff"] > 0.05


def test_verify_fails_on_a_wrong_eos_id(tiny_qwen3, tmp_path):
    ctx = make_run(tiny_qwen3, tmp_path)
    for name in ("model-F16.gguf", "model-Q8_0.gguf"):
        reader = gguf.GGUFReader(str(ctx.path(f"gguf/{name}")), "r+")
        eos = _field(reader, "tokenizer.ggml.eos_token_id")
        eos[0] = 5  # an ordinary token
        del reader
    with pytest.raises(StageFailed, match=r"model-F16.gguf: EOS id 5 \(.*\) in the GGUF, \d+ \(.*\) in the tokenizer"):
        verify(ctx)
    assert json.loads(ctx.path(PARITY_FILE).read_text())["files"]["model-Q8_0.gguf"]["special_tokens"]["problems"]
