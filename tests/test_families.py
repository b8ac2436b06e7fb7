"""Each supported family, with its real tokenizer and template (tests/family_models.py), through our converter.

(b) our F16 GGUF is llama.cpp's convert_hf_to_gguf.py output, key by key and tensor by tensor, but for
    the differences listed in ALLOWED / FAMILY_ALLOWED with their reasons;
(c) llama.cpp tokenizes from our GGUF exactly as transformers does (code, prose, CJK, emoji, special tokens);
(d) the GGUF's chat template rendered by llama-cpp-python equals transformers' apply_chat_template
    on 16 conversations (system prompts, several turns, tool calls and results);
(e) F16 logits: top-1 agreement ≥ 99% with transformers;
and a SentencePiece GGUF imports back to a HF directory (tokenizer.json with byte fallback) that
converts to the same tokenizer metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from family_models import FAMILY_MODELS, conversations, llama_cpp_convert
from gguf_diff import gguf_diff

from roletune.export.convert import convert_to_gguf
from roletune.import_gguf import EDGE_TEXTS
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

FAMILIES = list(FAMILY_MODELS)

MIXED_TEXT = (
    "def slugify(title: str) -> str:\n    return \"-\".join(title.lower().split())  # 42 ≠ 4.2\n\n"
    "The quick brown fox — naïve café, Größe, ¿qué? It's we'll they'RE.\n"
    "東京は大きな都市です。你好，世界！안녕하세요 🚀👍🏽 ✅ 😀\n"
    "  two spaces,\ttab,\n\n\nnewlines   and 1234567 89.5%\r\nend"
)

# Where our GGUF may differ from llama.cpp's for every family, and why.
ALLOWED: dict[str, str] = {
    "general.lineage": "roletune's lineage (base model, adapter, merge) as JSON; llama.cpp's converter has none",
    "general.name": "the name roletune's lineage gives (the run, else the directory); llama.cpp title-cases the "
                    "directory name",
}
EOT_REASON = ("we name generation_config.json's other end-of-generation id as EOT so llama.cpp also stops there; "
              "llama.cpp's converter does not read generation_config.json")
FAMILY_ALLOWED: dict[str, dict[str, str]] = {
    "qwen3": {"tokenizer.ggml.eot_token_id": EOT_REASON},
    "qwen2_5": {"tokenizer.ggml.eot_token_id": EOT_REASON},
    "llama3": {
        "tokenizer.ggml.eot_token_id": EOT_REASON,
        # llama.cpp recognises this tokenizer by the hash of its output as Smaug's ("smaug-bpe"), whose
        # split regex llama-vocab.cpp defines "same as llama3"; we name the rule tokenizer.json declares.
        # test_gguf_equals_llama_cpp_converter proves both files tokenize the corpus identically.
        "tokenizer.ggml.pre": "llama.cpp names the same split rule smaug-bpe; tokenization identical",
    },
    "codellama": {
        # llama.cpp's converter reads a tokenizer.json without tokenizer.model through gguf-py's
        # LlamaHfVocab, which writes the placeholder score -1000 for every token; llama.cpp's SPM tokenizer
        # then merges leftmost-first and splits differently from transformers (asserted below).
        "tokenizer.ggml.scores": "ours rank merges as tokenizer.json does; llama.cpp's are -1000 placeholders",
        "tokenizer.ggml.add_space_prefix": "we write it always (True here, llama.cpp's SPM default when absent); "
                                           "llama.cpp writes it only if tokenizer_config.json has add_prefix_space",
        "tokenizer.ggml.add_sep_token": "llama.cpp writes False from its parse of TemplateProcessing<pair>; False is "
                                        "its default, and a separator is used by BERT-style models only",
    },
}


@pytest.fixture(scope="module")
def converted(family_model, tmp_path_factory):
    """family → (model dir, our F16 GGUF); built on first use."""
    cache: dict[str, tuple[Path, Path]] = {}

    def get(name: str) -> tuple[Path, Path]:
        if name not in cache:
            model_dir = family_model(name)
            out = tmp_path_factory.mktemp(f"gguf-{name}") / "model-F16.gguf"
            cache[name] = (model_dir, convert_to_gguf(model_dir, out, "f16"))
        return cache[name]

    return get


def _tokenizer(model_dir: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir))


def _texts(tokenizer) -> list[str]:
    return [MIXED_TEXT] + load_corpus() + list(EDGE_TEXTS) + special_token_texts(tokenizer)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_gguf_equals_llama_cpp_converter(family, converted, tmp_path):
    """(b): metadata and tensors identical to convert_hf_to_gguf.py's file but for the listed differences."""
    model_dir, ours = converted(family)
    theirs = llama_cpp_convert(model_dir, tmp_path / "llama-cpp-F16.gguf")
    diffs = gguf_diff(ours, theirs)
    allowed = {**ALLOWED, **FAMILY_ALLOWED[family]}
    keys = {d.split(":")[0] for d in diffs}
    assert not [d for d in diffs if d.startswith("tensor ")], diffs  # every tensor bit-identical
    assert keys == set(allowed), "\n".join(diffs)  # no other difference, and each allowed one still occurs

    texts = _texts(_tokenizer(model_dir))
    if "tokenizer.ggml.pre" in allowed:  # a name apart: the same split, so the same tokens
        assert _published_mismatches(model_dir, theirs, texts) == _published_mismatches(model_dir, ours, texts) == []
    if "tokenizer.ggml.scores" in allowed:  # the reason the scores are ours: llama.cpp's file splits differently
        assert _published_mismatches(model_dir, ours, texts) == []
        assert len(_published_mismatches(model_dir, theirs, texts)) >= 5


def _published_mismatches(model_dir: Path, gguf_path: Path, texts: list[str]) -> list[str]:
    """Texts llama.cpp tokenizes from `gguf_path` unlike the tokenizers library runs the published tokenizer.json."""
    from tokenizers import Tokenizer

    published = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    with open_llama(gguf_path, vocab_only=True) as llm:
        return [t for t in texts
                if published.encode(t).ids != llm.tokenize(t.encode("utf-8"), add_bos=True, special=True)]


def test_gguf_reader_of_the_diff_agrees_with_gguf_py(converted):
    """tests/gguf_diff.read_gguf (fast) reads what gguf.GGUFReader reads: every key, every tensor's bytes."""
    from gguf import GGUFReader
    from gguf_diff import read_gguf

    _, ours = converted("codellama")
    fields, tensors = read_gguf(ours)
    reader = GGUFReader(str(ours))
    assert fields == {k: f.contents() for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    assert [(t.name, t.tensor_type, t.shape) for t in tensors] == [
        (t.name, t.tensor_type, tuple(int(d) for d in t.shape)) for t in reader.tensors]
    for a, t in zip(tensors, reader.tensors):
        assert np.array_equal(a.data, np.asarray(t.data).view(np.uint8).reshape(-1)), a.name


@pytest.mark.parametrize("family", FAMILIES)
def test_llama_cpp_tokenizes_like_transformers(family, converted):
    """(c): the same ids from our GGUF as from the tokenizer, with and without BOS/EOS, specials included.

    One known exception, SentencePiece only: transformers 5 rebuilds a Llama 2-style tokenizer with a
    Metaspace pre-tokenizer that adds the dummy-prefix "▁" only to text not already starting with a space;
    sentencepiece, the published tokenizer.json (normalizer Prepend("▁")) and llama.cpp always add it:
    " Hello" is "▁" "▁Hello" there, "▁Hello" in transformers. No GGUF key makes llama.cpp do otherwise.
    Those texts are compared with the published tokenizer.json as the tokenizers library runs it.
    """
    from tokenizers import Tokenizer

    model_dir, ours = converted(family)
    tokenizer = _tokenizer(model_dir)
    published = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    texts = _texts(tokenizer)
    with open_llama(ours, vocab_only=True) as llm:
        spm = llm.metadata["tokenizer.ggml.model"] == "llama"
        exceptions = [t for t in texts if spm and _segment_starts_with_space(t, tokenizer)]
        usual = [t for t in texts if t not in exceptions]
        mixed = llm.tokenize(MIXED_TEXT.encode("utf-8"), add_bos=True, special=True)
        results = [tokenizer_parity(tokenizer, llm, usual, add_special=add) for add in (True, False)]
        as_published = [t for t in texts for add in (True, False) if published.encode(t, add_special_tokens=add).ids
                        != llm.tokenize(t.encode("utf-8"), add_bos=add, special=True)]
        special = special_token_parity(model_dir, tokenizer, llm)
    assert mixed == tokenizer(MIXED_TEXT)["input_ids"]
    for r in results:
        assert r["mismatches"] == 0, r["first_mismatches"]
    assert results[0]["texts"] >= 50
    assert as_published == []  # every text, exceptions included, as the published tokenizer.json
    assert bool(exceptions) == spm  # the exception exists (corpus texts start with a space) and only for SPM
    assert special["problems"] == [], special


def _segment_starts_with_space(text: str, tokenizer) -> bool:
    """Whether a stretch of plain text (the start, or after a special/added token) begins with a space."""
    import re

    added = sorted(tokenizer.get_added_vocab(), key=len, reverse=True)
    parts = re.split("|".join(map(re.escape, added)), text) if added else [text]
    return any(part.startswith(" ") for part in parts)


@pytest.mark.parametrize("family", FAMILIES)
def test_chat_template_renders_like_transformers(family, converted):
    """(d): 16 conversations, each rendered twice (prompt with generation prompt, and whole)."""
    model_dir, ours = converted(family)
    tokenizer = _tokenizer(model_dir)
    convs = conversations(FAMILY_MODELS[family].template_style)
    with open_llama(ours, vocab_only=True) as llm:
        result = chat_template_parity(tokenizer, llm, [m for m, _ in convs], tools=[t for _, t in convs])
    assert result["has_template"] and result["renders"] == 2 * len(convs) >= 32
    assert result["mismatches"] == 0, result["first_mismatches"]


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_f16_logits_agree_with_transformers(family, converted, capsys):
    """(e): teacher-forced next-token argmax of llama.cpp on our F16 file vs transformers at fp32."""
    import torch
    from transformers import AutoModelForCausalLM

    model_dir, ours = converted(family)
    tokenizer = _tokenizer(model_dir)
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()
    chats = [tokenizer.apply_chat_template(m, tools=t, tokenize=False)
             for m, t in conversations(FAMILY_MODELS[family].template_style)[:4]]
    seqs = [tokenizer(text, add_special_tokens=False)["input_ids"][:160] for text in chats]
    seqs.append(tokenizer(MIXED_TEXT)["input_ids"][:160])
    parity = LogitParity()
    with open_llama(ours, n_ctx=max(map(len, seqs))) as llm:
        for ids in seqs:
            parity.add(hf_logits(model, ids), gguf_logits(llm, ids))
    r = parity.result()
    with capsys.disabled():
        print(f"\n{family} F16: top-1 {r['top1_agreement']:.1%} of {r['positions']}, max |Δ| {r['max_abs_diff']:.2e}, "
              f"mean {r['mean_abs_diff']:.2e} (|logit| ≤ {r['max_abs_logit']:.2f})")
    assert r["positions"] >= 300
    assert r["top1_agreement"] >= 0.99, r


def test_sentencepiece_gguf_imports_back(converted, tmp_path):
    """import-gguf of the SPM file: a tokenizer.json with byte fallback that tokenizes as the original, and whose
    conversion gives back the same tokenizer metadata (tokens, scores, types, specials, space prefix)."""
    from gguf import GGUFReader

    from roletune.import_gguf import IMPORT_RECORD, import_gguf

    model_dir, ours = converted("codellama")
    out = import_gguf(ours, tmp_path / "imported")  # check=True: llama.cpp parity on the saved tokenizer
    tok_json = json.loads((out / "tokenizer.json").read_text(encoding="utf-8"))
    assert tok_json["model"]["type"] == "BPE" and tok_json["model"]["byte_fallback"] is True
    record = json.loads((out / IMPORT_RECORD).read_text())
    assert record["gguf"]["tokenizer"] == "llama"
    assert all(r["mismatches"] == 0 for r in record["tokenizer"]["llama_cpp_parity"].values())

    from tokenizers import Tokenizer

    published, imported = Tokenizer.from_file(str(model_dir / "tokenizer.json")), _tokenizer(out)
    for text in [MIXED_TEXT, " Hello", "x </s> y"] + load_corpus():  # sentencepiece's spaces, as llama.cpp
        assert imported(text)["input_ids"] == published.encode(text).ids, text[:60]

    again = convert_to_gguf(out, tmp_path / "again.gguf", "f16")
    keys = ("tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens", "tokenizer.ggml.scores",
            "tokenizer.ggml.token_type", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
            "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_space_prefix",
            "tokenizer.chat_template")
    first, second = GGUFReader(str(ours)).fields, GGUFReader(str(again)).fields
    for key in keys:
        assert first[key].contents() == second[key].contents(), key


def test_codellama_infill_eot(family_model, tmp_path):
    """Real CodeLlama has 16 more tokens (32016); its "▁<EOT>" becomes EOT, as llama.cpp's converter writes it."""
    from roletune.export.arch import arch_row
    from roletune.export.vocab import read_vocab

    model_dir = family_model("codellama")
    tok = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    extra = ["▁<PRE>", "▁<SUF>", "▁<MID>", "▁<EOT>"]  # ids 32007–32010 in codellama/CodeLlama-7b-hf
    for i in range(16):
        tok["model"]["vocab"][extra[i - 7] if 7 <= i <= 10 else f"▁<EXTRA{i}>"] = 32000 + i
    (tmp_path / "tokenizer.json").write_text(json.dumps(tok), encoding="utf-8")
    (tmp_path / "tokenizer_config.json").write_bytes((model_dir / "tokenizer_config.json").read_bytes())
    vocab = read_vocab(tmp_path, {"vocab_size": 32016}, arch_row("LlamaForCausalLM"))
    assert vocab.special["eot"] == 32010 and vocab.tokens[32010] == "▁<EOT>"
    assert len(vocab.tokens) == len(vocab.scores) == 32016


@pytest.mark.slow  # runs llama.cpp's converter
def test_tokenizer_model_is_read_as_llama_cpp_reads_it(tmp_path):
    """With tokenizer.model beside tokenizer.json (Llama 2 / CodeLlama repositories), scores and types are
    sentencepiece's, as llama.cpp's converter writes them; tokenization still equals the published tokenizer.json."""
    from family_models import build_sentencepiece_model

    model_dir = build_sentencepiece_model(tmp_path / "spm")
    ours = convert_to_gguf(model_dir, tmp_path / "ours.gguf", "f16")
    theirs = llama_cpp_convert(model_dir, tmp_path / "theirs.gguf")
    diffs = gguf_diff(ours, theirs)
    keys = {d.split(":")[0] for d in diffs}
    assert keys == set(ALLOWED) | {"tokenizer.ggml.add_space_prefix", "tokenizer.ggml.add_sep_token"}, diffs
    texts = [MIXED_TEXT] + load_corpus() + list(EDGE_TEXTS)
    assert _published_mismatches(model_dir, ours, texts) == []


@pytest.mark.parametrize("family", FAMILIES)
def test_roletune_tokenizer_is_llama_cpps_everywhere(family, converted, tmp_path):
    """hf.load_tokenizer (data, training, verify) tokenizes exactly as llama.cpp from our GGUF, leading spaces of a
    SentencePiece tokenizer included; for the byte-level families it is transformers' own tokenizer, unchanged."""
    from roletune.hf import load_tokenizer, spells_sentencepiece_spaces

    model_dir, ours = converted(family)
    tokenizer = load_tokenizer(model_dir)
    with open_llama(ours, vocab_only=True) as llm:
        spm = llm.metadata["tokenizer.ggml.model"] == "llama"
        # (a literal "</s>" is no token of the byte-level vocabularies' specials: llama.cpp makes Qwen3's NORMAL
        # token "</s>" CONTROL at load, "control-looking token", with llama.cpp's own file as with ours)
        texts = _texts(tokenizer) + ([" Hello", "x </s> y  z"] if spm else [" Hello"])
        results = [tokenizer_parity(tokenizer, llm, texts, add_special=add) for add in (True, False)]
    for r in results:
        assert r["mismatches"] == 0, r["first_mismatches"]
    assert (type(tokenizer) is not type(_tokenizer(model_dir))) == spm
    tokenizer.save_pretrained(str(tmp_path))  # as the merge stage saves it: still loaded as written
    assert spells_sentencepiece_spaces(tmp_path) == spells_sentencepiece_spaces(model_dir) == spm
    m = conversations(FAMILY_MODELS[family].template_style)[0][0]
    expected = _tokenizer(model_dir).apply_chat_template(m, tokenize=False)
    assert tokenizer.apply_chat_template(m, tokenize=False) == expected
