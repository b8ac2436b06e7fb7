"""HF → GGUF conversion: the file loads in llama.cpp and is the same model (tokens, template, logits, EOS)."""

from __future__ import annotations

import json
import random
import shutil
import threading
import time
from pathlib import Path

import gguf
import numpy as np
import pytest
from train_data import conversation

from roletune.errors import UserError
from roletune.export.convert import LINEAGE_KEY, convert_to_gguf
from roletune.export.tensors import qk_permutation
from roletune.parity import (
    LogitParity,
    chat_template_parity,
    gguf_logits,
    hf_logits,
    load_corpus,
    open_llama,
    special_token_parity,
    special_token_texts,
    tokenizer_parity,
)

FIXTURES = ["tiny_qwen3", "tiny_llama"]


def conversations(n: int, seed: int = 0) -> list[list[dict[str, str]]]:
    rng = random.Random(seed)
    return [conversation(rng, 3, 40) for _ in range(n)]


@pytest.fixture(scope="module")
def converted(request, tmp_path_factory):
    """fixture name → (model dir, {outtype: GGUF path})."""
    cache = {}

    def get(fixture: str):
        if fixture not in cache:
            model_dir = request.getfixturevalue(fixture)
            out = tmp_path_factory.mktemp(fixture)
            cache[fixture] = (model_dir, {t: convert_to_gguf(model_dir, out / f"model-{t.upper()}.gguf", t,
                                                             lineage={"name": "t", "base": {"name": fixture}})
                                          for t in ("f32", "f16", "bf16")})
        return cache[fixture]

    return get


@pytest.mark.parametrize("fixture", FIXTURES)
def test_gguf_loads_with_metadata_and_tensor_types(fixture, converted):
    model_dir, paths = converted(fixture)
    config = json.loads((model_dir / "config.json").read_text())
    reader = gguf.GGUFReader(str(paths["f16"]))
    fields = {k: f.contents() for k, f in reader.fields.items()
              if k != "tokenizer.ggml.tokens" and k != "tokenizer.ggml.merges"}
    arch = fields["general.architecture"]
    assert arch == {"tiny_qwen3": "qwen3", "tiny_llama": "llama"}[fixture]
    assert fields[f"{arch}.block_count"] == config["num_hidden_layers"]
    assert fields[f"{arch}.context_length"] == config["max_position_embeddings"]  # llama.cpp's n_ctx_train
    assert fields["tokenizer.ggml.model"] == "gpt2" and fields["tokenizer.ggml.pre"] == "qwen2"
    assert fields["tokenizer.chat_template"]
    assert json.loads(fields[LINEAGE_KEY])["base"] == {"name": fixture}
    assert fields["general.base_model.0.name"] == fixture
    types = {t.name: t.tensor_type for t in reader.tensors}
    assert types["output_norm.weight"] == gguf.GGMLQuantizationType.F32  # norms stay F32, as in llama.cpp
    assert types["blk.0.attn_q.weight"] == gguf.GGMLQuantizationType.F16
    assert ("output.weight" in types) == (not config.get("tie_word_embeddings", False))
    bf16 = {t.name: t.tensor_type for t in gguf.GGUFReader(str(paths["bf16"])).tensors}
    assert bf16["blk.0.ffn_down.weight"] == gguf.GGMLQuantizationType.BF16
    import llama_cpp

    with open_llama(paths["bf16"], n_ctx=64) as llm:  # every outtype loads and runs
        assert np.isfinite(gguf_logits(llm, [1, 2, 3])).all()
        assert llama_cpp.llama_model_n_ctx_train(llm.model) == config["max_position_embeddings"]


@pytest.mark.parametrize("fixture", FIXTURES)
def test_tokenization_and_chat_template_match_transformers(fixture, converted):
    from transformers import AutoTokenizer

    model_dir, paths = converted(fixture)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    convs = conversations(6)
    rendered = [tokenizer.apply_chat_template(c, tokenize=False) for c in convs]
    with open_llama(paths["f16"], vocab_only=True) as llm:
        corpus = tokenizer_parity(tokenizer, llm, load_corpus() + special_token_texts(tokenizer), add_special=True)
        chat = tokenizer_parity(tokenizer, llm, rendered, add_special=False)
        template = chat_template_parity(tokenizer, llm, convs)
        special = special_token_parity(model_dir, tokenizer, llm)
    assert corpus["mismatches"] == 0, corpus["first_mismatches"]
    assert corpus["texts"] >= 40
    assert chat["mismatches"] == 0, chat["first_mismatches"]
    assert template["mismatches"] == 0 and template["renders"] == 12, template["first_mismatches"]
    assert special["problems"] == [] and special["eos"] == tokenizer.eos_token_id


@pytest.mark.parametrize("fixture", FIXTURES)
def test_logits_match_transformers(fixture, converted, capsys):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model_dir, paths = converted(fixture)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()
    seqs = [tokenizer(tokenizer.apply_chat_template(c, tokenize=False), add_special_tokens=False)["input_ids"]
            for c in conversations(3, seed=1)]
    refs = [hf_logits(model, s) for s in seqs]
    results = {}
    for outtype in ("f32", "f16"):
        parity = LogitParity()
        with open_llama(paths[outtype], n_ctx=max(map(len, seqs))) as llm:
            for s, ref in zip(seqs, refs):
                parity.add(ref, gguf_logits(llm, s))
        results[outtype] = parity.result()
    with capsys.disabled():
        print(f"\n{fixture}: " + "; ".join(f"{t.upper()} max |Δ| {r['max_abs_diff']:.2e} mean {r['mean_abs_diff']:.2e} "
                                          f"top-1 {r['top1_agreement']:.1%}" for t, r in results.items()))
    assert results["f32"]["max_abs_diff"] <= 1e-3
    assert results["f32"]["top1_agreement"] == 1.0
    assert results["f16"]["max_abs_diff"] <= 1e-2
    assert results["f16"]["top1_agreement"] >= 0.95


def _variant(model_dir: Path, out: Path, model_type: str, **config_changes) -> Path:
    """A random model of `model_type` with the fixture's tokenizer and sizes, and config changes."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    config = json.loads((model_dir / "config.json").read_text())
    keep = ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
            "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "bos_token_id", "eos_token_id")
    config = AutoConfig.for_model(model_type, **{k: config[k] for k in keep if k in config}, **config_changes)
    torch.manual_seed(1)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias"):
                p.normal_(0, 0.5)  # Qwen2's q/k/v biases: make them matter
    model.save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(model_dir)).save_pretrained(str(out))
    return out


@pytest.mark.parametrize("variant", ["qwen2", "llama3_rope"])
def test_other_rows_of_the_table_match_transformers(variant, tiny_qwen3, tiny_llama, tmp_path):
    """Qwen2 (q/k/v biases, tied) and Llama 3.1 RoPE scaling (the rope_freqs tensor) at F32."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if variant == "qwen2":
        model_dir = _variant(tiny_qwen3, tmp_path / "m", "qwen2", tie_word_embeddings=True,
                             architectures=["Qwen2ForCausalLM"])
    else:
        model_dir = _variant(tiny_llama, tmp_path / "m", "llama", tie_word_embeddings=True,
                             architectures=["LlamaForCausalLM"],
                             rope_parameters={"rope_type": "llama3", "rope_theta": 10000.0, "factor": 8.0,
                                              "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                              "original_max_position_embeddings": 64})
    path = convert_to_gguf(model_dir, tmp_path / "m.gguf", "f32")
    names = {t.name for t in gguf.GGUFReader(str(path)).tensors}
    assert ("blk.0.attn_q.bias" in names) == (variant == "qwen2")
    assert ("rope_freqs.weight" in names) == (variant == "llama3_rope")
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()
    ids = tokenizer(" ".join(load_corpus()[:12]), add_special_tokens=False)["input_ids"][:300]
    parity = LogitParity()
    with open_llama(path, n_ctx=len(ids)) as llm:
        parity.add(hf_logits(model, ids), gguf_logits(llm, ids))
    result = parity.result()
    assert result["max_abs_diff"] <= 1e-3 and result["top1_agreement"] == 1.0, result


def _eos_model(model_dir: Path, out: Path) -> tuple[Path, int, int]:
    """A copy of the tiny model rigged to answer any prompt with one `trigger` token, then EOS.

    The final norm keeps two residual dimensions d1, d2 that attention and MLP never write;
    token embeddings set them: d1 = +100 for the trigger (−100 otherwise), d2 = +100 except for the
    trigger (0). lm_head reads d1 into EOS and d2 into the trigger, every other logit is 0.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    trigger = tokenizer("a", add_special_tokens=False)["input_ids"][0]
    eos = tokenizer.eos_token_id
    d1, d2 = 0, 1
    with torch.no_grad():
        emb = model.model.embed_tokens.weight
        lm_head = torch.nn.Parameter(torch.zeros_like(emb))
        emb[:, d1], emb[:, d2] = -100.0, 100.0
        emb[trigger, d1], emb[trigger, d2] = 100.0, 0.0
        for layer in model.model.layers:
            layer.self_attn.o_proj.weight[[d1, d2], :] = 0
            layer.mlp.down_proj.weight[[d1, d2], :] = 0
        model.model.norm.weight.zero_()
        model.model.norm.weight[[d1, d2]] = 1.0
        lm_head[eos, d1] = 1.0
        lm_head[trigger, d2] = 1.0
        model.lm_head.weight = lm_head
    model.config.tie_word_embeddings = False
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return out, trigger, eos


@pytest.mark.parametrize("fixture", FIXTURES)
def test_generation_stops_at_eos(fixture, request, tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    model_dir, trigger, eos = _eos_model(request.getfixturevalue(fixture), tmp_path / "rigged")
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    prompt = [5, 6, 7]
    hf = model.generate(torch.tensor([prompt]), max_new_tokens=8, do_sample=False, eos_token_id=eos)[0, 3:].tolist()
    assert hf == [trigger, eos], "the rigged model itself answers trigger, EOS"
    path = convert_to_gguf(model_dir, tmp_path / "rigged.gguf", "f32")
    with open_llama(path, n_ctx=64) as llm:
        out = llm.create_completion(llm.detokenize(prompt).decode(), max_tokens=8, temperature=0.0)
    assert out["choices"][0]["finish_reason"] == "stop"
    assert out["usage"]["completion_tokens"] == 1  # the trigger; EOS ends generation and is not emitted


def test_converting_and_reading_need_neither_torch_nor_transformers(tiny_qwen3, tmp_path):
    import os
    import subprocess
    import sys

    code = (f"import sys; from pathlib import Path; from roletune.export.convert import convert_to_gguf; "
            f"from roletune.gguf_meta import read_chat_template; "
            f"p = convert_to_gguf(Path({str(tiny_qwen3)!r}), Path({str(tmp_path / 'm.gguf')!r})); "
            f"read_chat_template(p); "
            f"import roletune.export.quantize, roletune.verify.kld; "
            f"heavy = [m for m in ('torch', 'transformers') if m in sys.modules]; assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")})


def test_qk_permutation_matches_reshape_definition():
    w = np.arange(4 * 8 * 3).reshape(4 * 8, 3)  # 4 heads of head_dim 8
    expected = w.reshape(4, 2, 4, 3).swapaxes(1, 2).reshape(w.shape)
    assert np.array_equal(w[qk_permutation(32, 4)], expected)


def test_unsupported_architecture_lists_supported(tiny_qwen3, tmp_path):
    model_dir = tmp_path / "m"
    shutil.copytree(tiny_qwen3, model_dir)
    config = json.loads((model_dir / "config.json").read_text())
    config["architectures"] = ["MambaForCausalLM"]
    (model_dir / "config.json").write_text(json.dumps(config))
    with pytest.raises(UserError, match="MambaForCausalLM is not supported; supported: Qwen3ForCausalLM") as err:
        convert_to_gguf(model_dir, tmp_path / "x.gguf")
    assert "LlamaForCausalLM" in str(err.value)
    assert not (tmp_path / "x.gguf").exists()


def _rss_anon_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


def test_conversion_streams_tensors(tiny_qwen3, tmp_path):
    """Peak anonymous memory stays far below the model size (GGUFWriter.add_tensor would hold it all)."""
    from safetensors.numpy import save_file

    model_dir = tmp_path / "wide"
    shutil.copytree(tiny_qwen3, model_dir)
    config = json.loads((model_dir / "config.json").read_text())
    hidden, layers = 2048, 3
    config.update(hidden_size=hidden, intermediate_size=hidden, num_attention_heads=16, num_key_value_heads=16,
                  head_dim=128, num_hidden_layers=layers, tie_word_embeddings=True)
    (model_dir / "config.json").write_text(json.dumps(config))
    rng = np.random.default_rng(0)
    m = rng.standard_normal((hidden, hidden), dtype=np.float32)  # one shared matrix: fast to build
    tensors = {"model.embed_tokens.weight": rng.standard_normal((config["vocab_size"], hidden), dtype=np.float32),
               "model.norm.weight": np.ones(hidden, np.float32)}
    for i in range(layers):
        p = f"model.layers.{i}."
        tensors.update({p + "input_layernorm.weight": np.ones(hidden, np.float32),
                        p + "post_attention_layernorm.weight": np.ones(hidden, np.float32),
                        p + "self_attn.q_norm.weight": np.ones(128, np.float32),
                        p + "self_attn.k_norm.weight": np.ones(128, np.float32)})
        for name in ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"):
            tensors[p + name + ".weight"] = m
    for f in model_dir.glob("*.safetensors"):
        f.unlink()
    save_file(tensors, str(model_dir / "model.safetensors"), metadata={"format": "pt"})
    total = sum(t.nbytes for t in tensors.values())
    del tensors, m

    baseline = _rss_anon_kib()
    peak = [baseline]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_anon_kib())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        convert_to_gguf(model_dir, tmp_path / "wide.gguf", "f16")
    finally:
        done.set()
        sampler.join()
    grown = (peak[0] - baseline) * 1024
    assert total > 300e6
    assert grown < 0.15 * total, f"anonymous memory grew {grown / 1e6:.0f} MB converting {total / 1e6:.0f} MB"


def test_convert_stage_writes_model_and_base(tiny_llama, tmp_path, monkeypatch):
    from rich.console import Console

    import roletune.hf
    from roletune.config import load_config
    from roletune.context import RunContext
    from roletune.export.convert import convert
    from roletune.layout import LINEAGE_FILE

    root = tmp_path / "run"
    shutil.copytree(tiny_llama, root / "merged")
    (root / "merged" / LINEAGE_FILE).write_text(json.dumps({
        "base": {"path": str(tiny_llama), "name": "tiny-llama"}, "adapter": {"sha256": "ab" * 32, "val_loss": 1.25},
        "created": "2025-01-01T00:00:00+00:00"}))
    monkeypatch.setattr(roletune.hf, "base_model_dir", lambda config: tiny_llama)  # no registry lookup
    config = load_config(None, [f"model.base={tiny_llama}", f"run.dir={root}", "run.name=demo"])
    summary = convert(RunContext(config=config, root=root, console=Console(stderr=True, width=120)))
    assert set(summary["files"]) == {"model", "base"}
    assert summary["files"]["model"]["path"] == "gguf/model-F16.gguf"
    assert summary["files"]["model"]["pre_tokenizer"] == "qwen2"
    fields = {k: f.contents() for k, f in gguf.GGUFReader(str(root / "gguf" / "model-F16.gguf")).fields.items()
              if k.startswith("general.")}
    assert fields["general.name"] == "demo" and fields["general.finetune"] == "roletune"
    assert fields["general.base_model.0.name"] == "tiny-llama"
    assert json.loads(fields[LINEAGE_KEY])["adapter"]["val_loss"] == 1.25
    base_fields = {k: f.contents() for k, f in gguf.GGUFReader(str(root / "gguf" / "base-F16.gguf")).fields.items()
                   if k.startswith("general.")}
    assert "general.finetune" not in base_fields


@pytest.mark.slow
def test_smollm2_parity(smollm2_dir, tmp_path, capsys):
    """The embedded SmolLM2: tokens and template identical, F32 logits within 1e-3 of transformers."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_dir))
    convs = conversations(2, seed=3)
    paths = {t: convert_to_gguf(smollm2_dir, tmp_path / f"smollm2-{t}.gguf", t) for t in ("f32", "f16")}
    with open_llama(paths["f16"], vocab_only=True) as llm:
        corpus = tokenizer_parity(tokenizer, llm, load_corpus() + special_token_texts(tokenizer), add_special=True)
        template = chat_template_parity(tokenizer, llm, convs)
        special = special_token_parity(smollm2_dir, tokenizer, llm)
    assert corpus["mismatches"] == 0, corpus["first_mismatches"]
    assert template["mismatches"] == 0 and special["problems"] == []
    model = AutoModelForCausalLM.from_pretrained(str(smollm2_dir), dtype=torch.float32).eval()
    seqs = [tokenizer(tokenizer.apply_chat_template(c, tokenize=False), add_special_tokens=False)["input_ids"]
            for c in convs]
    refs = [hf_logits(model, s) for s in seqs]
    results = {}
    for outtype, path in paths.items():
        parity = LogitParity()
        with open_llama(path, n_ctx=max(map(len, seqs))) as llm:
            for s, ref in zip(seqs, refs):
                parity.add(ref, gguf_logits(llm, s))
        results[outtype] = parity.result()
    with capsys.disabled():
        print("\nSmolLM2: " + "; ".join(f"{t.upper()} max |Δ| {r['max_abs_diff']:.2e} mean {r['mean_abs_diff']:.2e} "
                                        f"top-1 {r['top1_agreement']:.1%} (|logit| ≤ {r['max_abs_logit']:.0f})"
                                        for t, r in results.items()))
    assert results["f32"]["max_abs_diff"] <= 1e-3 and results["f32"]["top1_agreement"] == 1.0
    # llama.cpp rounds activations to f16 in F16 matmuls: with logits up to ~40 that is ~0.07 here.
    assert results["f16"]["max_abs_diff"] <= 0.15 and results["f16"]["top1_agreement"] >= 0.98
