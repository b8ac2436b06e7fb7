"""What HF→GGUF conversion needs to know about each architecture and tokenizer: data, not code.

One `ArchRow` per GGUF architecture and one `SplitRule` per pre-tokenizer; which HF classes map to
an architecture, and each family's pre-tokenizer, come from the family table (families.py). convert.py reads
these tables and has no per-model branches. Facts were taken from llama.cpp's own converter and
loader (convert_hf_to_gguf.py / conversion/*.py, src/llama-vocab.cpp, src/llama-arch.cpp) at the
version vendored in llama-cpp-python 0.3.36; the `source` of each row says where.

Importing this module needs only the `gguf` package (numpy): no torch, no transformers.
"""

from __future__ import annotations

from dataclasses import dataclass

import gguf

from roletune.families import family, hf_architectures_for

K = gguf.Keys


@dataclass(frozen=True)
class HParam:
    """One `{arch}.*` metadata key filled from the first HF config key present."""

    key: str  # a gguf.Keys constant, with "{arch}" left in
    hf: tuple[str, ...]  # config.json keys, first present wins ("rope.*" reads rope_parameters)
    kind: type  # int → UINT32, float → FLOAT32
    required: bool = True


# llama.cpp's TextModel.set_gguf_parameters writes these for every decoder-only text model.
COMMON_HPARAMS: tuple[HParam, ...] = (
    HParam(K.LLM.CONTEXT_LENGTH, ("max_position_embeddings",), int),
    HParam(K.LLM.EMBEDDING_LENGTH, ("hidden_size",), int),
    HParam(K.LLM.BLOCK_COUNT, ("num_hidden_layers",), int),
    HParam(K.LLM.FEED_FORWARD_LENGTH, ("intermediate_size",), int),
    HParam(K.Attention.HEAD_COUNT, ("num_attention_heads",), int),
    HParam(K.Attention.HEAD_COUNT_KV, ("num_key_value_heads", "num_attention_heads"), int),
    HParam(K.Attention.LAYERNORM_RMS_EPS, ("rms_norm_eps",), float),
    HParam(K.Rope.FREQ_BASE, ("rope.rope_theta", "rope_theta"), float),
    # explicit head_dim (Qwen3-0.6B: 128, while hidden_size / heads = 64)
    HParam(K.Attention.KEY_LENGTH, ("head_dim",), int, required=False),
    HParam(K.Attention.VALUE_LENGTH, ("head_dim",), int, required=False),
)


@dataclass(frozen=True)
class ArchRow:
    """One architecture family: how its HF checkpoint becomes a GGUF llama.cpp loads."""

    family: str
    hf_architectures: tuple[str, ...]  # config.json "architectures"
    gguf_arch: gguf.MODEL_ARCH
    hparams: tuple[HParam, ...]
    permute_qk: bool  # HF's rotate-half Q/K rows → llama.cpp's interleaved RoPE layout
    default_pre: str  # tokenizer.ggml.pre when a byte-level BPE declares no split rule we know
    default_add_bos: bool  # when the tokenizer says nothing either way
    bos_fallback: str | None  # token text used as BOS when neither tokenizer nor config names one
    source: str

    @property
    def arch_name(self) -> str:
        return gguf.MODEL_ARCH_NAMES[self.gguf_arch]


def _pre_of(family_name: str) -> str:
    pre = family(family_name).pre
    assert pre is not None, f"{family_name} has no byte-level pre-tokenizer"
    return pre


ARCHITECTURES: tuple[ArchRow, ...] = (
    ArchRow(
        family="qwen3",
        hf_architectures=hf_architectures_for("qwen3"),
        gguf_arch=gguf.MODEL_ARCH.QWEN3,
        hparams=COMMON_HPARAMS,
        permute_qk=False,  # llama.cpp runs Qwen with NEOX RoPE, the HF layout as is
        default_pre=_pre_of("qwen3"),
        default_add_bos=False,
        bos_fallback="<|endoftext|>",  # Qwen's config.json bos_token_id (151643)
        source="conversion/qwen.py Qwen3Model(Qwen2Model); llama-arch.cpp LLM_ARCH_QWEN3 (attn_q_norm/attn_k_norm)",
    ),
    ArchRow(
        family="qwen2",
        hf_architectures=hf_architectures_for("qwen2"),
        gguf_arch=gguf.MODEL_ARCH.QWEN2,
        hparams=COMMON_HPARAMS,
        permute_qk=False,
        default_pre=_pre_of("qwen2"),
        default_add_bos=False,
        bos_fallback="<|endoftext|>",
        source="conversion/qwen.py Qwen2Model (q/k/v biases map through the tensor map)",
    ),
    ArchRow(
        family="llama",
        hf_architectures=hf_architectures_for("llama"),
        gguf_arch=gguf.MODEL_ARCH.LLAMA,
        hparams=COMMON_HPARAMS + (
            HParam(K.LLM.VOCAB_SIZE, ("vocab_size",), int),
            HParam(K.Rope.DIMENSION_COUNT, ("head_dim",), int, required=False),  # default below
        ),
        permute_qk=True,  # byte-level BPE (Llama 3, SmolLM2) or SentencePiece-style (Llama 2, CodeLlama)
        default_pre=_pre_of("llama3"),  # the byte-level BPE family of this architecture
        default_add_bos=True,
        bos_fallback=None,
        source="conversion/llama.py LlamaModel (permute, rope_dimension_count, llama3 rope_freqs)",
    ),
)


def supported_architectures() -> list[str]:
    return [a for row in ARCHITECTURES for a in row.hf_architectures]


def arch_row(hf_architecture: str) -> ArchRow | None:
    for row in ARCHITECTURES:
        if hf_architecture in row.hf_architectures:
            return row
    return None


# -- tokenizer models -----------------------------------------------------------------------------
#
# What tokenizer.json's "model" is decides how the vocabulary is written, whatever the architecture:
# Llama 3 and CodeLlama are both LlamaForCausalLM. Both kinds are BPE in tokenizer.json; a
# SentencePiece model converted by transformers is told apart by byte_fallback (unknown characters
# become <0xXX> byte tokens) and by spaces written as "▁" instead of GPT-2's byte-to-unicode map.


@dataclass(frozen=True)
class TokenizerModel:
    """How one kind of tokenizer.json model becomes tokenizer.ggml.* (llama.cpp's vocabulary type)."""

    kind: str
    byte_fallback: bool  # tokenizer.json model.byte_fallback: what tells the kinds apart
    gguf_model: str  # tokenizer.ggml.model: "gpt2" → LLAMA_VOCAB_TYPE_BPE, "llama" → LLAMA_VOCAB_TYPE_SPM
    fixed_pre: str | None  # tokenizer.ggml.pre for every tokenizer of the kind; None: from the split rule
    merges: bool  # tokenizer.ggml.merges is written (SPM merges by token score instead)
    scores: bool  # tokenizer.ggml.scores is written
    default_add_bos: bool | None  # when the tokenizer says nothing; None: the architecture's default
    source: str


TOKENIZER_MODELS: tuple[TokenizerModel, ...] = (
    TokenizerModel("byte-level BPE", byte_fallback=False, gguf_model="gpt2", fixed_pre=None, merges=True,
                   scores=False, default_add_bos=None,
                   source="conversion/base.py TextModel._set_vocab_gpt2 (Qwen2/2.5/3, Llama 3, SmolLM2)"),
    TokenizerModel("SentencePiece BPE", byte_fallback=True, gguf_model="llama", fixed_pre="default", merges=False,
                   scores=True, default_add_bos=True,
                   source="conversion/base.py _set_vocab_sentencepiece / _set_vocab_llama_hf, gguf-py vocab.py "
                          "LlamaHfVocab (Llama 2, CodeLlama, Mistral v0.1); llama-vocab.cpp: SPM adds BOS by default"),
)


def tokenizer_model_for(model: dict[str, object]) -> TokenizerModel | None:
    """The row for a tokenizer.json "model" object; None when it is not a BPE we convert."""
    if model.get("type") != "BPE":
        return None
    fallback = bool(model.get("byte_fallback"))
    return next((t for t in TOKENIZER_MODELS if t.byte_fallback == fallback), None)


# -- pre-tokenizers -------------------------------------------------------------------------------
#
# A byte-level BPE tokenizer splits text into words with a rule before merging; llama.cpp
# implements a fixed set of such rules and picks one by the name in tokenizer.ggml.pre. We read
# the rule the tokenizer *declares* (tokenizer.json "pre_tokenizer", normalised into steps) and
# look it up here — never a hash of the tokenizer's output, so a tokenizer trained locally with a
# known rule converts. verify then proves tokenization parity on a corpus.

QWEN2_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
LLAMA3_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# A step is ("split", regex) | ("bytelevel", use_regex) | ("digits", individual_digits).
Step = tuple[str, object]


@dataclass(frozen=True)
class SplitRule:
    pre: str  # llama.cpp tokenizer.ggml.pre name
    steps: tuple[Step, ...]
    source: str


SPLIT_RULES: tuple[SplitRule, ...] = (
    SplitRule("qwen2", (("split", QWEN2_REGEX), ("bytelevel", False)),
              "llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_QWEN2; Qwen2.5 / Qwen3 tokenizer.json"),
    SplitRule("llama-bpe", (("split", LLAMA3_REGEX), ("bytelevel", False)),
              "llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_LLAMA3; Llama 3.x tokenizer.json"),
    SplitRule("smollm", (("digits", True), ("bytelevel", True)),
              "llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_SMOLLM (\\p{N}, then the GPT-2 rule); "
              "SmolLM/SmolLM2 tokenizer.json"),
    SplitRule("gpt-2", (("bytelevel", True),),
              "llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_GPT2; plain ByteLevel, "
              "e.g. a tokenizer transformers rebuilt from a GGUF"),
)


def split_rule_for(steps: tuple[Step, ...] | None) -> SplitRule | None:
    for rule in SPLIT_RULES:
        if rule.steps == steps:
            return rule
    return None
