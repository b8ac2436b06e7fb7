"""The tokenizer half of HF→GGUF conversion: tokenizer.json and friends → tokenizer.ggml.* metadata.

Read as data, without transformers: tokens and token types, merges, the pre-tokenizer (from the
split rule the tokenizer declares, arch.SPLIT_RULES; the family's default when it declares none we
know), BOS/EOS/EOT/UNK/PAD ids, whether plain text gets BOS/EOS, and the chat template(s).
roletune/parity then proves the result tokenizes like transformers.

Two kinds of tokenizer.json model are converted (arch.TOKENIZER_MODELS):
- byte-level BPE (Qwen, Llama 3, SmolLM2) → tokenizer.ggml.model "gpt2": tokens and merges;
- SentencePiece-style BPE with byte fallback (Llama 2, CodeLlama, Mistral v0.1) → "llama" (llama.cpp's
  SPM tokenizer): tokens, scores, <0xXX> tokens typed BYTE, add_space_prefix; no merges — llama.cpp
  merges the adjacent pair whose concatenation is the token of highest score, so the scores must
  rank merges as tokenizer.json's merge list does (merge_rank_scores).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf

from roletune.errors import UserError
from roletune.export.arch import ArchRow, SplitRule, Step, TokenizerModel, split_rule_for, tokenizer_model_for

SPM_SPACE = "\u2581"  # "▁": SentencePiece writes a space as this character
BYTE_TOKEN = re.compile(r"<0x[0-9A-Fa-f]{2}>")  # SentencePiece byte-fallback tokens
# CodeLlama's end of an infill; llama.cpp's converter names it EOT (conversion/llama.py LlamaModel.set_vocab:
# vocab_size 32016 → eot 32010, which is this token in codellama/CodeLlama-7b-hf; its prefix/suffix/middle
# ids are dropped there, gguf-py having no writer for them, and llama.cpp finds FIM tokens by text anyway).
CODELLAMA_EOT = "\u2581<EOT>"


@dataclass
class Vocab:
    tokens: list[str]
    types: list[int]
    merges: list[str]
    model: str
    pre: str
    special: dict[str, int]  # bos, eos, eot, unk, pad → id
    add_bos: bool
    add_eos: bool
    chat_templates: dict[str, str]  # "" → the default template
    notes: list[str] = field(default_factory=list)
    scores: list[float] | None = None  # SPM only: merge priority of each token (higher merges first)
    add_space_prefix: bool | None = None  # SPM only: "▁" is prepended to text (and after each special token)


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def declared_split(pre_tokenizer: dict[str, Any] | None) -> tuple[Step, ...] | None:
    """The split rule a tokenizer.json declares, as steps comparable with arch.SPLIT_RULES."""
    if not pre_tokenizer:
        return None
    parts = pre_tokenizer.get("pretokenizers") if pre_tokenizer.get("type") == "Sequence" else [pre_tokenizer]
    steps: list[Step] = []
    for p in parts or []:
        kind = p.get("type")
        if (kind == "Split" and p.get("behavior") == "Isolated" and not p.get("invert")
                and "Regex" in p.get("pattern", {})):
            steps.append(("split", p["pattern"]["Regex"]))
        elif kind == "ByteLevel" and not p.get("add_prefix_space"):
            steps.append(("bytelevel", bool(p.get("use_regex", True))))
        elif kind == "Digits":
            steps.append(("digits", bool(p.get("individual_digits"))))
        else:
            steps.append(("unknown", json.dumps(p, sort_keys=True)))
    return tuple(steps)


def _token_text(entry: Any) -> str | None:
    if isinstance(entry, dict):
        entry = entry.get("content")
    return entry if isinstance(entry, str) else None


def _looks_special(text: str) -> bool:
    # llama.cpp's converter marks these CONTROL even when an added token isn't flagged special.
    return (text.startswith("<|") and text.endswith("|>")) or (text.startswith("<｜") and text.endswith("｜>"))


def _chat_templates(model_dir: Path, tok_config: dict[str, Any]) -> dict[str, str]:
    declared = tok_config.get("chat_template")
    if declared is None and (model_dir / "chat_template.jinja").is_file():
        declared = (model_dir / "chat_template.jinja").read_text(encoding="utf-8")
    if declared is None and (model_dir / "chat_template.json").is_file():
        declared = _read_json(model_dir / "chat_template.json").get("chat_template")
    if isinstance(declared, str):
        return {"": declared}
    if isinstance(declared, list):  # [{"name": "default", "template": ...}, {"name": "tool_use", ...}]
        return {("" if t["name"] == "default" else t["name"]): t["template"] for t in declared}
    return {}


def _merge_strings(merges: list[Any]) -> list[str]:
    if not merges or isinstance(merges[0], str):
        return list(merges)
    # Pairs (tokenizers ≥ 0.20) may hold spaces; GGUF merges are "a b", so a space inside a part is
    # written as U+0120 the way llama.cpp's gguf-py does.
    return [" ".join(part.replace(" ", "\u0120") for part in pair) for pair in merges]


def read_vocab(model_dir: Path, config: dict[str, Any], row: ArchRow) -> Vocab:
    tok_file = model_dir / "tokenizer.json"
    if not tok_file.is_file():
        raise UserError(f"{model_dir} has no tokenizer.json",
                        hint="save the tokenizer with a fast (tokenizers) backend")
    tok = json.loads(tok_file.read_text(encoding="utf-8"))
    tok_config = _read_json(model_dir / "tokenizer_config.json")
    model = tok.get("model", {})
    kind = tokenizer_model_for(model)
    if kind is None:
        raise UserError(
            f"{model_dir.name}: tokenizer model {model.get('type')} is not supported; supported: byte-level BPE "
            "(Qwen2/2.5/3, Llama 3, SmolLM2) and SentencePiece-style BPE with byte fallback "
            "(Llama 2, CodeLlama, Mistral)",
            hint="a Unigram or WordPiece tokenizer (T5, BERT) needs its own rule in "
                 "roletune.export.arch.TOKENIZER_MODELS",
        )
    ids: dict[str, int] = dict(model["vocab"])
    added = {a["id"]: a for a in tok.get("added_tokens", [])}
    for tid, a in added.items():
        ids[a["content"]] = tid
    vocab_size = int(config.get("vocab_size") or max(ids.values()) + 1)  # rows of the embedding
    too_big = [t for t, i in ids.items() if i >= vocab_size]
    if too_big:
        raise UserError(f"token ids beyond vocab_size {vocab_size}: {too_big[:5]}")
    tokens, types = _token_table(model["vocab"], added, vocab_size, byte_tokens=kind.byte_fallback)
    merges = _merge_strings(model.get("merges", []))

    notes: list[str] = []
    scores = merge_rank_scores(tokens, merges) if kind.scores else None
    if kind.fixed_pre is not None:
        pre, add_space_prefix = kind.fixed_pre, _space_prefix(tok, notes)
        from_model = _sentencepiece_table(model_dir, vocab_size, tok_config, notes)
        if from_model is not None:
            tokens, types, scores = _agreeing(from_model, tokens, notes)
    else:
        pre, add_space_prefix = _declared_pre(tok, row, notes), None
        normalizer = (tok.get("normalizer") or {}).get("type")
        if normalizer not in (None, "NFC"):
            notes.append(f"tokenizer normalizer {normalizer} is not applied by llama.cpp")

    templates = _chat_templates(model_dir, tok_config)
    special = _special_ids(model_dir, config, tok_config, ids, row, templates)
    add_bos, add_eos = _adds_special(tok.get("post_processor"), tok_config, special, ids, row, kind)
    return Vocab(tokens=tokens, types=[int(t) for t in types], merges=merges if kind.merges else [],
                 model=kind.gguf_model, pre=pre, special=special, add_bos=add_bos, add_eos=add_eos,
                 chat_templates=templates, notes=notes, scores=scores, add_space_prefix=add_space_prefix)


def _token_table(base: dict[str, int], added: dict[int, dict[str, Any]], vocab_size: int, *,
                 byte_tokens: bool) -> tuple[list[str], list[gguf.TokenType]]:
    """Token text and type for every embedding row, as llama.cpp's converter types them.

    Added tokens flagged special (or spelled like <|x|>) are CONTROL, other added tokens USER_DEFINED;
    with byte fallback, <0xXX> tokens are BYTE (gguf-py vocab.py LlamaHfVocab.get_token_type); rows the
    tokenizer has no token for are UNUSED [PADn] (Qwen pads its embedding to 151936).
    """
    by_id: dict[int, str] = {i: t for t, i in base.items()}
    tokens, types = [], []
    for i in range(vocab_size):
        if i in added:
            text = added[i]["content"]
            special = added[i].get("special") or _looks_special(text)
            tokens.append(text)
            types.append(gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED)
        elif i in by_id:
            tokens.append(by_id[i])
            byte = byte_tokens and BYTE_TOKEN.fullmatch(by_id[i])
            types.append(gguf.TokenType.BYTE if byte else gguf.TokenType.NORMAL)
        else:
            tokens.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
    return tokens, types


def _declared_pre(tok: dict[str, Any], row: ArchRow, notes: list[str]) -> str:
    """tokenizer.ggml.pre of a byte-level BPE: the split rule it declares, else the family's default."""
    rule: SplitRule | None = split_rule_for(declared_split(tok.get("pre_tokenizer")))
    if rule is not None:
        return rule.pre
    notes.append(f"tokenizer.json declares a split rule roletune does not know; using the {row.family} "
                 f"default {row.default_pre!r} (verify checks tokenization parity)")
    return row.default_pre


def _parts(obj: dict[str, Any] | None, key: str) -> list[dict[str, Any]]:
    """A normalizer / pre-tokenizer as its list of steps (a Sequence flattened one level)."""
    if not obj:
        return []
    return list(obj.get(key) or []) if obj.get("type") == "Sequence" else [obj]


def _space_prefix(tok: dict[str, Any], notes: list[str]) -> bool:
    """Whether a SentencePiece-style tokenizer prepends "▁" to text: llama.cpp's add_space_prefix.

    Two spellings of the same rule: the tokenizer.json transformers < 5 wrote from tokenizer.model
    (normalizer Prepend("▁") + Replace(" ", "▁"), Llama 2 / Mistral as published) and the one
    transformers 5 writes (pre-tokenizer Metaspace, prepend_scheme "always" when legacy, "first" when not).
    llama.cpp prepends to the text and again after every special token, which is "always".
    """
    for step in _parts(tok.get("normalizer"), "normalizers"):
        if step.get("type") == "Prepend" and step.get("prepend") == SPM_SPACE:
            return True
    for step in _parts(tok.get("pre_tokenizer"), "pretokenizers"):
        if step.get("type") == "Metaspace":
            scheme = step.get("prepend_scheme", "always" if step.get("add_prefix_space", True) else "never")
            if scheme == "first":
                notes.append('the tokenizer prepends "▁" only at the start of text (Metaspace prepend_scheme '
                             '"first", legacy=False); llama.cpp also prepends it after each special token')
            return scheme != "never"
    return False


def _sentencepiece_table(model_dir: Path, vocab_size: int, tok_config: dict[str, Any],
                         notes: list[str]) -> tuple[list[str], list[gguf.TokenType], list[float]] | None:
    """Tokens, types and scores from tokenizer.model, as llama.cpp's converter takes them when the file is there
    (conversion/base.py _create_vocab_sentencepiece): sentencepiece's pieces, scores and piece types, then the
    added tokens of tokenizer_config.json (CONTROL if special, else USER_DEFINED; score -1000), ids without a
    piece as UNUSED [PADn] (score -10000). None without tokenizer.model, or without the sentencepiece package."""
    path = model_dir / "tokenizer.model"
    if not path.is_file():
        return None
    try:
        from sentencepiece import SentencePieceProcessor
    except ImportError:
        notes.append("tokenizer.model is not read (the sentencepiece package is not installed): the vocabulary comes "
                     "from tokenizer.json, scores from its merge ranks "
                     "(the same merges, other numbers than llama.cpp's)")
        return None
    sp = SentencePieceProcessor()
    sp.LoadFromFile(str(path))
    tokens = [f"[PAD{i}]" for i in range(vocab_size)]
    types = [gguf.TokenType.UNUSED] * vocab_size
    scores = [-10000.0] * vocab_size
    for i in range(min(sp.vocab_size(), vocab_size)):
        tokens[i], scores[i] = sp.IdToPiece(i), sp.GetScore(i)
        types[i] = (gguf.TokenType.UNKNOWN if sp.IsUnknown(i) else gguf.TokenType.CONTROL if sp.IsControl(i)
                    else gguf.TokenType.UNUSED if sp.IsUnused(i) else gguf.TokenType.BYTE if sp.IsByte(i)
                    else gguf.TokenType.NORMAL)
    for key, entry in (tok_config.get("added_tokens_decoder") or {}).items():
        i, text = int(key), entry["content"]
        if i >= vocab_size:
            continue
        special = entry.get("special") or _looks_special(text)
        tokens[i] = text if special else text.replace(SPM_SPACE, " ")  # llama.cpp matches user tokens in raw text
        types[i] = gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED
        scores[i] = -1000.0
    return tokens, types, scores


def _agreeing(from_model: tuple[list[str], list[gguf.TokenType], list[float]], json_tokens: list[str],
              notes: list[str]) -> tuple[list[str], list[gguf.TokenType], list[float]]:
    tokens = from_model[0]
    kept = (gguf.TokenType.USER_DEFINED, gguf.TokenType.UNUSED)  # respelled or padding: not comparable
    differ = [i for i, (a, b, t) in enumerate(zip(tokens, json_tokens, from_model[1])) if a != b and t not in kept]
    if differ:
        raise UserError(f"tokenizer.model and tokenizer.json disagree on {len(differ)} token(s), e.g. id {differ[0]}: "
                        f"{tokens[differ[0]]!r} vs {json_tokens[differ[0]]!r}",
                        hint="transformers tokenizes with tokenizer.json and llama.cpp's vocabulary would come from "
                             "tokenizer.model: remove the stale one")
    notes.append("vocabulary scores and types from tokenizer.model (sentencepiece), "
                 "as llama.cpp's converter takes them")
    return from_model


def merge_rank_scores(tokens: list[str], merges: list[str]) -> list[float]:
    """SentencePiece scores for llama.cpp's SPM tokenizer, recovered from tokenizer.json's merge ranks.

    HF's BPE merges the pair of lowest rank; llama.cpp's SPM merges the adjacent pair whose
    concatenation is the token of highest score (ties: leftmost, as in HF). transformers wrote the
    merges of a SentencePiece model in score order, every pair of one token together, so
    score = -(rank of the first merge making the token) orders llama.cpp's merges as HF's.
    A token no merge makes (characters, bytes, specials) gets a score below every merge: llama.cpp
    would merge two pieces into it only when nothing else is left (HF never would).

    llama.cpp's own converter writes -1000 for every token of a tokenizer.json without tokenizer.model
    (gguf-py vocab.py LlamaHfVocab.get_token_score "placeholder"), which makes its SPM merge leftmost
    first: "a  b" then splits as "▁▁" "b" instead of "▁" "▁b".
    """
    rank: dict[str, int] = {}
    for r, merge in enumerate(merges):
        left, _, right = merge.partition(" ")
        rank.setdefault(left + right, r)
    floor = -float(len(merges))
    return [float(-rank[t]) if t in rank else floor for t in tokens]


def _first_id(value: Any) -> int | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, int) else None


def _special_ids(model_dir: Path, config: dict[str, Any], tok_config: dict[str, Any], ids: dict[str, int],
                 row: ArchRow, templates: dict[str, str]) -> dict[str, int]:
    """BOS/EOS/UNK/PAD from tokenizer_config.json (else config.json); EOT from the generation config."""
    out: dict[str, int] = {}
    for kind in ("bos", "eos", "unk", "pad"):
        text = _token_text(tok_config.get(f"{kind}_token"))
        tid = ids.get(text) if text is not None else None
        if tid is None:
            tid = _first_id(config.get(f"{kind}_token_id"))
        if tid is not None:
            out[kind] = tid
    if "bos" not in out and row.bos_fallback in ids:
        out["bos"] = ids[row.bos_fallback]
    # The merge stage writes every end-of-generation id (EOS and the template's end-of-turn) into
    # generation_config.json. llama.cpp stops at EOS, EOT and tokens whose text it knows
    # (<|im_end|>, <|eot_id|>, …); one more id can be named as EOT: the one the chat template
    # writes (e.g. Qwen3 base: EOS <|endoftext|>, turns end with <|im_end|>), else the first other.
    gen = _read_json(model_dir / "generation_config.json").get("eos_token_id", config.get("eos_token_id"))
    eos_list = gen if isinstance(gen, list) else [gen] if isinstance(gen, int) else []
    if "eos" not in out and eos_list:
        out["eos"] = eos_list[0]
    text_of = {i: t for t, i in ids.items()}
    others = [t for t in eos_list if t != out.get("eos")]
    others.sort(key=lambda t: not any(text_of.get(t, "\0") in tpl for tpl in templates.values()))
    if others:
        out["eot"] = others[0]
    if CODELLAMA_EOT in ids:
        out["eot"] = ids[CODELLAMA_EOT]
    return out


def _adds_special(post: dict[str, Any] | None, tok_config: dict[str, Any], special: dict[str, int],
                  ids: dict[str, int], row: ArchRow, kind: TokenizerModel) -> tuple[bool, bool]:
    """Whether tokenizing plain text adds BOS / EOS: the post-processor decides, as in transformers."""
    singles = []
    for proc in (post or {}).get("processors", [post] if post else []):
        if proc.get("type") == "TemplateProcessing":
            singles = proc.get("single", [])
    if post:
        first = singles[0].get("SpecialToken", {}).get("id") if singles else None
        last = singles[-1].get("SpecialToken", {}).get("id") if singles else None
        return (first is not None and ids.get(first) == special.get("bos"),
                last is not None and ids.get(last) == special.get("eos"))
    add_bos = tok_config.get("add_bos_token")
    add_eos = tok_config.get("add_eos_token")
    default_bos = row.default_add_bos if kind.default_add_bos is None else kind.default_add_bos
    return (add_bos if isinstance(add_bos, bool) else default_bos, add_eos if isinstance(add_eos, bool) else False)


def write_vocab(writer: gguf.GGUFWriter, vocab: Vocab) -> None:
    writer.add_tokenizer_model(vocab.model)
    writer.add_tokenizer_pre(vocab.pre)
    writer.add_token_list(vocab.tokens)
    if vocab.scores is not None:
        writer.add_token_scores(vocab.scores)
    writer.add_token_types(vocab.types)
    if vocab.merges:
        writer.add_token_merges(vocab.merges)
    if vocab.add_space_prefix is not None:
        writer.add_add_space_prefix(vocab.add_space_prefix)
    setters = {"bos": writer.add_bos_token_id, "eos": writer.add_eos_token_id, "eot": writer.add_eot_token_id,
               "unk": writer.add_unk_token_id, "pad": writer.add_pad_token_id}
    for kind, tid in vocab.special.items():
        setters[kind](tid)
    writer.add_add_bos_token(vocab.add_bos)
    writer.add_add_eos_token(vocab.add_eos)
    for name, template in vocab.chat_templates.items():
        if name:
            writer.add_string(gguf.Keys.Tokenizer.CHAT_TEMPLATE_N.format(name=name), template)
        else:
            writer.add_chat_template(template)
    if len(vocab.chat_templates) > 1:
        writer.add_array(gguf.Keys.Tokenizer.CHAT_TEMPLATES, [n for n in vocab.chat_templates if n])
