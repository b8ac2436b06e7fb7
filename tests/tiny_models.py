"""Tiny random models for the test suite, built locally in about a second, never downloaded.

Two families, shaped like the real ones where the pipeline cares (architecture, special tokens,
chat template, EOS, tied or untied head) and small everywhere else:

    family  architecture       special tokens                                    EOS         head
    qwen3   Qwen3ForCausalLM   <|endoftext|> <|im_start|> <|im_end|> + <think> …  <|im_end|>  untied (like Qwen3-8B)
    llama   LlamaForCausalLM   <|begin_of_text|> (BOS, added) … <|eot_id|>        <|eot_id|>  tied (like Llama-3.2-1B,
                                                                                              SmolLM2)

Both share one byte-level BPE tokenizer trained here with the `tokenizers` library on CORPUS,
split with the Qwen2 pre-tokenizer regex (so roletune's converter maps both to llama.cpp's
`qwen2` pre-tokenizer), with the family's special tokens appended after the learned vocabulary,
as Qwen and Llama 3 do (1316 tokens; the Qwen3 embedding is padded to 1408 rows as Qwen pads
its own, the Llama one is not). Sizes are multiples of 256 so llama.cpp's K-quants apply to every
matrix: hidden 256, MLP 512, 2 layers, 4 heads of 64, 2 KV heads, 2048 positions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

Family = Literal["qwen3", "llama"]

# Qwen2's tokenizer.json pre-tokenizer ("Split", behavior "Isolated"); also Qwen2.5 and Qwen3.
# test_tiny_models checks it against transformers' copy (qwen2/tokenization_qwen2.py PRETOKENIZE_REGEX).
QWEN2_SPLIT_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

BPE_VOCAB_SIZE = 1536  # cap on learned tokens incl. the 256-byte alphabet (CORPUS yields 1309); specials after
HIDDEN, INTERMEDIATE, LAYERS, HEADS, KV_HEADS, HEAD_DIM = 256, 512, 2, 4, 2, 64
MAX_POSITIONS = 2048

# ChatML as Qwen2.5/Qwen3 write it, without tools and without Qwen3's thinking logic (which strips
# <think> blocks from earlier turns, so a conversation's rendering would not extend its prefix).
QWEN3_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)

# Llama 3.x's template without tools and the date header: BOS written by the template itself.
LLAMA_TEMPLATE = (
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim"
    " + '<|eot_id|>' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}"
)


@dataclass(frozen=True)
class FamilySpec:
    architecture: str
    special: tuple[str, ...]  # control tokens, in id order after the BPE vocabulary
    added: tuple[str, ...]  # plain added tokens (matched whole, not special), after `special`
    list_extra_special: bool  # tokenizer_config names the unnamed control tokens (Qwen does, Llama 3 does not)
    bos: str | None  # tokenizer's bos_token
    eos: str  # tokenizer's eos_token (the chat template's end of turn)
    pad: str | None
    add_bos: bool  # the tokenizer prepends BOS to plain text
    generation_eos: tuple[str, ...]  # generation_config.json eos_token_id, in order
    config_bos: str  # config.json bos_token_id
    template: str
    rope_theta: float
    rms_norm_eps: float
    tied: bool
    pad_vocab_to: int  # config vocab_size rounded up to this (Qwen pads its embedding; Llama 3 does not)
    extra_config: dict[str, Any]
    source: str


FAMILIES: dict[str, FamilySpec] = {
    "qwen3": FamilySpec(
        architecture="Qwen3ForCausalLM",
        special=("<|endoftext|>", "<|im_start|>", "<|im_end|>"),
        added=("<think>", "</think>", "<tool_call>", "</tool_call>"), list_extra_special=True,
        bos=None, eos="<|im_end|>", pad="<|endoftext|>", add_bos=False,
        generation_eos=("<|im_end|>", "<|endoftext|>"), config_bos="<|endoftext|>",
        template=QWEN3_TEMPLATE, rope_theta=1_000_000.0, rms_norm_eps=1e-6, tied=False, pad_vocab_to=128,
        extra_config={"max_window_layers": LAYERS, "use_sliding_window": False, "sliding_window": None},
        source="Qwen/Qwen3-8B config.json, tokenizer_config.json, generation_config.json",
    ),
    "llama": FamilySpec(
        architecture="LlamaForCausalLM",
        special=("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
                 "<|eot_id|>", "<|eom_id|>", "<|python_tag|>"),
        added=(), list_extra_special=False,
        bos="<|begin_of_text|>", eos="<|eot_id|>", pad=None, add_bos=True,
        generation_eos=("<|eot_id|>", "<|end_of_text|>", "<|eom_id|>"), config_bos="<|begin_of_text|>",
        template=LLAMA_TEMPLATE, rope_theta=500_000.0, rms_norm_eps=1e-5, tied=True, pad_vocab_to=1, extra_config={},
        source="meta-llama/Llama-3.2-1B-Instruct config.json, tokenizer.json, generation_config.json",
    ),
}

# Training text for the BPE: code, English, the toy task's words (train_data.WORDS), digits, and
# some non-ASCII. Anything else still encodes, byte by byte.
CORPUS = r'''
You are the coder agent. Reverse the words. You are the tester agent. You are the researcher agent.
You are the coordinator agent: split the task into steps and name the role for each step.
alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
pi omicron xi nu mu lambda kappa iota theta eta zeta epsilon delta gamma beta alpha
The quick brown fox jumps over the lazy dog. A small model learns a narrow task quickly, but it
forgets what it is not shown, so the examples must cover every role and every kind of answer.
Write a function that returns the slug of a title: lower case, words joined by hyphens.
The tests must pass against the reference implementation and fail against every mutant.
Summarise the findings in three points and cite the source of each claim; do not invent numbers.
When the plan is ready, return it as JSON with the keys "steps", "role" and "depends_on".
Training loss fell from 2.31 to 0.87 over 3 epochs; validation loss rose after step 1200.
The server answered 1,024 requests in 12.5 seconds at a mean latency of 0.38 s (p95: 0.91 s).
Version 2.4.1 was released on 2024-06-01; version 3.0.0-rc.2 followed on 2025-01-15.
In 1969, 3 astronauts flew 384,400 km to the Moon, and 2 of them walked on it for 21.5 hours.
It's the model's job; they're sure we'll see what you've done, and I'd say he's right. I'm done.

def slugify(title: str) -> str:
    """Lower-case the title and join its words with hyphens."""
    words = [w for w in title.lower().split() if w]
    return "-".join(words)


class Counter:
    def __init__(self, start: int = 0) -> None:
        self.value = start

    def increment(self, step: int = 1) -> int:
        self.value += step
        return self.value


def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


if __name__ == "__main__":
    for i in range(10):
        print(f"{i:>3}: {fibonacci(i)}")
    data = {"name": "roletune", "version": "0.1.0", "tags": ["lora", "gguf"]}
    assert slugify("A b") == "a-b", data
    import json, os, sys
    with open(os.path.join("out", "result.json"), "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    sys.exit(0 if data else 1)

    x = [1, 2, 3]; y = {k: v ** 2 for k, v in enumerate(x)}  # squares
    try:
        value = int("42") // 7 % 3 - (1 << 4) & 0xFF
    except (ValueError, ZeroDivisionError) as exc:
        raise RuntimeError("bad value") from exc
    lambda s: s.strip().replace("\t", "    ")

Le café est très bon, mais la crème brûlée est meilleure. Où est la gare ? « Déjà vu », dit-il.
Die Größe der Straße ist schön; Über den Flüssen fährt ein Zug. Ärger, Öl, Übung, süß.
El niño comió piñata en la montaña. ¿Dónde está la biblioteca? ¡Olé! Señor Ibáñez.
Ελληνικά: Καλημέρα κόσμε, αλφα βήτα γάμμα. Русский: Привет, мир! Как дела? Спасибо.
日本語のテキスト：東京は大きな都市です。こんにちは、世界。中文：你好，世界！北京欢迎你。
한국어: 안녕하세요 세계. Emoji: 🚀 🙂 👍 ✅ ❌ — “quotes” ‘single’ … naïve café résumé coöperate.
Tabs	and	spaces   and     runs of whitespace

and blank lines, then trailing spaces   
'''  # noqa: W291 (the trailing spaces are part of the corpus)


@lru_cache(maxsize=None)
def _trained_bpe_json() -> str:
    """The learned byte-level BPE (no special tokens yet) as tokenizer.json text; trained once per process."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT_REGEX), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=BPE_VOCAB_SIZE, min_frequency=1, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(CORPUS.splitlines(keepends=True), trainer=trainer)
    return tok.to_str()


def build_tokenizer(family: Family) -> Any:
    """A PreTrainedTokenizerFast: the shared learned BPE plus `family`'s special tokens and template."""
    from tokenizers import AddedToken, Tokenizer, processors
    from transformers import PreTrainedTokenizerFast

    spec = FAMILIES[family]
    tok = Tokenizer.from_str(_trained_bpe_json())
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in spec.special])
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in spec.added])
    byte_level = processors.ByteLevel(trim_offsets=False)
    if spec.add_bos:  # Llama 3: Sequence[ByteLevel, TemplateProcessing(BOS + text)]
        bos_id = tok.token_to_id(spec.bos)
        tok.post_processor = processors.Sequence([byte_level, processors.TemplateProcessing(
            single=f"{spec.bos}:0 $A:0", pair=f"{spec.bos}:0 $A:0 {spec.bos}:1 $B:1",
            special_tokens=[(spec.bos, bos_id)])])
    else:  # Qwen: ByteLevel only
        tok.post_processor = byte_level
    named = {spec.bos, spec.eos, spec.pad}
    extra = [t for t in spec.special if t not in named] if spec.list_extra_special else []
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=spec.bos, eos_token=spec.eos, pad_token=spec.pad, extra_special_tokens=extra,
        chat_template=spec.template, model_max_length=MAX_POSITIONS, clean_up_tokenization_spaces=False,
    )


def _config(family: Family, tokenizer: Any) -> Any:
    from transformers import AutoConfig

    spec = FAMILIES[family]
    n_tokens = len(tokenizer)
    vocab_size = -(-n_tokens // spec.pad_vocab_to) * spec.pad_vocab_to
    ids = tokenizer.convert_tokens_to_ids
    common: dict[str, Any] = dict(
        vocab_size=vocab_size, hidden_size=HIDDEN, intermediate_size=INTERMEDIATE, num_hidden_layers=LAYERS,
        num_attention_heads=HEADS, num_key_value_heads=KV_HEADS, head_dim=HEAD_DIM,
        max_position_embeddings=MAX_POSITIONS, rms_norm_eps=spec.rms_norm_eps, tie_word_embeddings=spec.tied,
        rope_parameters={"rope_type": "default", "rope_theta": spec.rope_theta},
        bos_token_id=ids(spec.config_bos), eos_token_id=ids(spec.eos), architectures=[spec.architecture],
        **spec.extra_config,
    )
    return AutoConfig.for_model(family, **common)


def build_tiny_model(family: Family, out_dir: Path, seed: int = 0) -> Path:
    """Write a random `family` model to `out_dir`: config.json, model.safetensors, tokenizer, template,
    generation config."""
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    spec = FAMILIES[family]
    out_dir = Path(out_dir)
    tokenizer = build_tokenizer(family)
    config = _config(family, tokenizer)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    ids = tokenizer.convert_tokens_to_ids
    pad = ids(spec.pad) if spec.pad else None
    model.generation_config = GenerationConfig(
        bos_token_id=config.bos_token_id, eos_token_id=[ids(t) for t in spec.generation_eos], pad_token_id=pad)
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    # Record what the fixture is, so a failing test's model directory explains itself.
    (out_dir / "tiny_model.json").write_text(json.dumps(
        {"family": family, "seed": seed, "source": spec.source, "tokens": len(tokenizer)}, indent=2) + "\n")
    return out_dir
