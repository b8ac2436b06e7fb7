"""Model directories around the REAL tokenizers of the supported families, for template and support tests.

`config_only_dir` is what `roletune plan` sees for a model not downloaded yet: the family's public
config.json (examples/models/, or the shape below for Llama 3) plus the real tokenizer.json and
tokenizer_config.json (tests/real_tokenizers.py). No weights: enough for templates, family
detection and the convertibility check. `tiny_real_vocab_model` adds random weights of a tiny shape
around the real vocabulary, so the converter and llama.cpp can load it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from real_tokenizers import real_tokenizer_dir

EXAMPLE_MODELS = Path(__file__).resolve().parents[1] / "examples" / "models"

# real tokenizer package → (roletune family, config.json source)
TOKENIZER_FAMILIES = {
    "qwen3": ("qwen3", EXAMPLE_MODELS / "qwen3-8b" / "config.json"),
    "qwen2_5": ("qwen2", EXAMPLE_MODELS / "qwen2.5-7b-instruct" / "config.json"),
    "llama3": ("llama3", None),
    "llama2": ("codellama", EXAMPLE_MODELS / "codellama-7b-instruct" / "config.json"),
}

# huggingface.co/meta-llama/Llama-3.2-1B-Instruct config.json (the values plan and detection read).
LLAMA32_1B_CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "bos_token_id": 128000,
    "eos_token_id": [128001, 128008, 128009], "hidden_act": "silu", "hidden_size": 2048, "head_dim": 64,
    "intermediate_size": 8192, "max_position_embeddings": 131072, "num_attention_heads": 32,
    "num_hidden_layers": 16, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
    "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                     "original_max_position_embeddings": 8192, "rope_type": "llama3"},
    "tie_word_embeddings": True, "vocab_size": 128256,
}


def public_config(tokenizer_name: str) -> dict:
    _, source = TOKENIZER_FAMILIES[tokenizer_name]
    return json.loads(source.read_text()) if source else dict(LLAMA32_1B_CONFIG)


def _copy_tokenizer(tokenizer_name: str, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(real_tokenizer_dir(tokenizer_name) / name, out_dir / name)


def config_only_dir(tokenizer_name: str, out_dir: Path) -> Path:
    """config.json + the real tokenizer files: a model directory without weights."""
    _copy_tokenizer(tokenizer_name, out_dir)
    (out_dir / "config.json").write_text(json.dumps(public_config(tokenizer_name), indent=2) + "\n")
    return out_dir


def tiny_real_vocab_model(tokenizer_name: str, out_dir: Path, seed: int = 0) -> Path:
    """Random weights of a 2-layer, 64-wide model of the family around its real tokenizer (saved fp32)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config = public_config(tokenizer_name)
    small = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2, "head_dim": 16, "max_position_embeddings": 2048, "max_window_layers": 2}
    skip = ("model_type", "torch_dtype", "transformers_version")
    kwargs = {k: v for k, v in {**config, **small}.items() if k not in skip}
    hf_config = AutoConfig.for_model(config["model_type"], **kwargs)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(hf_config, dtype=torch.float32)
    model.save_pretrained(str(out_dir))
    _copy_tokenizer(tokenizer_name, out_dir)
    return out_dir


def header_only_gguf(path: Path, chat_template: str) -> None:
    """A GGUF with metadata and no tensors: what the stages read before a (fake) engine answers."""
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(path.stem)  # distinct files, distinct digests
    writer.add_chat_template(chat_template)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.close()
