"""The tiny test models are what the suite assumes: loadable, family-shaped, deterministic, quick to build."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import torch
from tiny_models import FAMILIES, HIDDEN, INTERMEDIATE, QWEN2_SPLIT_REGEX, build_tiny_model, build_tokenizer

MIXED = ("def f(x):\n    return x ** 2  # 12345\n\n\tpass\n"
         "The naïve café — 東京 🚀 served 3.14 cups;   whitespace  runs\n  9 items, it's done.")
CHAT = [{"role": "system", "content": "You are the coder agent."},
        {"role": "user", "content": "alpha beta"},
        {"role": "assistant", "content": "beta alpha"}]


@pytest.fixture(params=["tiny_qwen3", "tiny_llama"])
def tiny(request) -> tuple[str, Path]:
    fixture = request.param
    return fixture.removeprefix("tiny_"), request.getfixturevalue(fixture)


def test_loads_and_runs_a_forward_pass(tiny):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    family, model_dir = tiny
    spec = FAMILIES[family]
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()
    config = model.config
    assert config.architectures == [spec.architecture]
    assert (config.hidden_size, config.intermediate_size, config.num_hidden_layers) == (HIDDEN, INTERMEDIATE, 2)
    assert (config.num_attention_heads, config.num_key_value_heads, config.head_dim) == (4, 2, 64)
    assert config.hidden_size % 256 == 0 and config.intermediate_size % 256 == 0  # K-quant blocks fit every row
    assert config.tie_word_embeddings == spec.tied
    assert config.vocab_size >= len(tokenizer) and 1000 <= len(tokenizer) <= 2000

    ids = tokenizer(MIXED, return_tensors="pt")["input_ids"]  # (1, T)
    with torch.no_grad():
        logits = model(ids).logits  # (1, T, vocab)
    assert logits.shape == (1, ids.shape[1], config.vocab_size) and torch.isfinite(logits).all()


def test_special_tokens_and_chat_template(tiny):
    from transformers import AutoTokenizer, GenerationConfig

    family, model_dir = tiny
    spec = FAMILIES[family]
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    assert tokenizer.eos_token == spec.eos and tokenizer.bos_token == spec.bos and tokenizer.pad_token == spec.pad
    for token in spec.special + spec.added:  # whole, never cut into pieces
        ids = tokenizer(f"x{token}y", add_special_tokens=False)["input_ids"]
        assert ids[1] == tokenizer.convert_tokens_to_ids(token)
    flags = {t.content: t.special for t in tokenizer.added_tokens_decoder.values()}
    assert flags == {**{t: True for t in spec.special}, **{t: False for t in spec.added}}
    if spec.list_extra_special:
        assert set(spec.special) <= set(tokenizer.all_special_tokens)

    plain = tokenizer("hello", add_special_tokens=False)["input_ids"]
    with_special = tokenizer("hello")["input_ids"]
    assert with_special == ([tokenizer.bos_token_id] if spec.add_bos else []) + plain

    text = tokenizer.apply_chat_template(CHAT, tokenize=False)
    prompt = tokenizer.apply_chat_template(CHAT[:-1], tokenize=False, add_generation_prompt=True)
    assert text.startswith(prompt), "a conversation's rendering extends its prefix's (prepare relies on it)"
    after_answer = text.split("beta alpha", 1)[1]
    assert after_answer.startswith(spec.eos), "the answer is closed by the EOS token"

    generation = GenerationConfig.from_pretrained(str(model_dir))
    assert generation.eos_token_id == [tokenizer.convert_tokens_to_ids(t) for t in spec.generation_eos]


def test_tokenizer_round_trips_mixed_text(tiny):
    from transformers import AutoTokenizer

    _, model_dir = tiny
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    ids = tokenizer(MIXED, add_special_tokens=False)["input_ids"]
    assert tokenizer.decode(ids) == MIXED
    assert len(ids) < len(MIXED.encode()) * 0.7, "the BPE learned merges (not byte by byte)"
    words = tokenizer("alpha beta gamma delta", add_special_tokens=False)["input_ids"]
    assert len(words) == 4, "the toy task's words are single tokens"


def test_pre_tokenizer_is_qwen2s_rule():
    from transformers.models.qwen2.tokenization_qwen2 import PRETOKENIZE_REGEX

    assert QWEN2_SPLIT_REGEX == PRETOKENIZE_REGEX
    state = json.loads(build_tokenizer("qwen3").backend_tokenizer.to_str())
    assert state["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] == QWEN2_SPLIT_REGEX
    assert state["model"]["type"] == "BPE" and not state["model"]["byte_fallback"]


def test_build_is_deterministic_and_fast(tmp_path):
    from safetensors.torch import load_file

    started = time.perf_counter()
    a = build_tiny_model("llama", tmp_path / "a", seed=0)
    b = build_tiny_model("llama", tmp_path / "b", seed=0)
    c = build_tiny_model("llama", tmp_path / "c", seed=1)
    elapsed = time.perf_counter() - started
    assert (a / "tokenizer.json").read_bytes() == (b / "tokenizer.json").read_bytes()
    wa, wb, wc = (load_file(str(d / "model.safetensors")) for d in (a, b, c))
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    assert not torch.equal(wa["model.embed_tokens.weight"], wc["model.embed_tokens.weight"])
    assert elapsed < 10, f"three builds took {elapsed:.1f} s"
