"""GGUF → Hugging Face model directory: fp32 safetensors, tokenizer, chat template, EOS, provenance.

transformers 5 reads a GGUF itself (`from_pretrained(dir, gguf_file=name)`): it dequantizes the
weights and rebuilds the tokenizer from the metadata. We take that and correct it where it
disagrees with llama.cpp, the reference for how the file tokenizes and where generation stops:

- pre-tokenizer: transformers maps some `tokenizer.ggml.pre` names to split rules and falls back
  to GPT-2's ByteLevel for the rest; PRE_TOKENIZERS holds the names it gets wrong (SmolLM2's
  "smollm" splits every digit off first: "  9" is ["ĠĠ", "9"] in llama.cpp, ["Ġ", "Ġ", "9"] in
  the fallback).
- SentencePiece files (tokenizer.ggml.model "llama"): transformers 5 rebuilds them as LlamaTokenizer
  with a Metaspace pre-tokenizer that prepends "▁" only to text not already starting with a space;
  llama.cpp (like sentencepiece itself) always prepends it: " Hello" is "▁" "▁Hello" there, "▁Hello"
  in transformers. The import writes sentencepiece's spelling (normalizer Prepend("▁") + Replace(" ", "▁"),
  as Llama 2's published tokenizer.json has it) and saves the tokenizer as the generic TokenizersBackend
  class, which loads tokenizer.json as written (LlamaTokenizer would rebuild the Metaspace).
- BOS/EOS insertion follows `tokenizer.ggml.add_bos_token`/`add_eos_token`, or llama.cpp's
  default when the file has no such key (DEFAULT_ADD_BOS_*).
- special-token ids are the file's; `model_max_length` is `{arch}.context_length` (transformers
  leaves it at 1e30); generation_config's EOS is the file's EOS (+ EOT/EOM when it names them).
- the model keeps the GGUF quantizer (`hf_quantizer`, `quantization_config`), which makes
  save_pretrained refuse; the weights are plain fp32 tensors by then, so both are dropped.

The tokenizer is then checked against llama.cpp's own (vocab-only load) on the verify corpus and
on texts mixing every special token, with and without BOS/EOS, and the import stops on any
difference. The directory is written whole or not at all (files.atomic_dir).

Not an export stage (it is the way back), so it sits below the stages, with roletune.parity below
it: registry.py imports a registry GGUF with it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gguf import Keys

from roletune import __version__
from roletune.errors import RoletuneError, StageFailed, UserError
from roletune.families import FAMILIES
from roletune.files import FILE_MODE, atomic_dir, read_json, sha256_file, write_json

IMPORT_RECORD = "roletune_import.json"
RECORD_FORMAT = 1

# llama.cpp pre-tokenizer names whose split rule transformers 5.24 does not rebuild, as the
# tokenizer.json "pre_tokenizer" the model was trained with (the family table's hf_pre_tokenizer).
# A name that neither table knows
# keeps transformers' rule and must pass the tokenizer check below.
PRE_TOKENIZERS: dict[str, Any] = {f.pre: dict(f.hf_pre_tokenizer) for f in FAMILIES
                                  if f.pre and f.hf_pre_tokenizer}  # "smollm": Digits + ByteLevel

# llama.cpp's add_bos when the file has no tokenizer.ggml.add_bos_token (llama-vocab.cpp load():
# SPM and WPM vocabularies add BOS; of the BPE pre-tokenizers, these do; everything else does not).
DEFAULT_ADD_BOS_MODELS = frozenset({"llama", "bert"})
DEFAULT_ADD_BOS_PRE = frozenset({"llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0",
                                 "lfm2", "jina-v5-nano", "tekken", "chameleon"})
DEFAULT_ADD_EOS_MODELS = frozenset({"t5"})  # UGM

# Texts where split rules that agree on ordinary prose part ways (added to the verify corpus in the
# check): whitespace runs before digits (SmolLM2's rule: "  9" → "ĠĠ" "9"; GPT-2's: "Ġ" "Ġ" "9"),
# digit groups, contractions, mixed scripts, CR LF.
EDGE_TEXTS = (
    "x =  9", "   3.14", "item  10  20", "v2.0\n    1", "a\n\n  42", "\t\t7", "1234567 12 123 1,000,000",
    "it's we'll I'M They'RE", "naïve café — 東京 🚀 Ünïcödé", "  \n \n\n   end", "x\r\ny", "$€£¥ 100%",
)


@dataclass
class GGUFInfo:
    """What the import needs from a GGUF header, read with the gguf package (no torch, no llama.cpp)."""

    path: Path
    architecture: str
    name: str | None
    tokenizer_model: str | None
    pre: str | None
    n_tokens: int
    special: dict[str, int]  # bos / eos / eot / eom / unk / pad → id, as the file declares them
    add_bos: bool
    add_eos: bool
    add_flags_declared: bool  # False: add_bos/add_eos are llama.cpp's defaults for this vocabulary
    chat_template: str | None
    context_length: int | None
    tensor_types: dict[str, int]
    add_space_prefix: bool = True  # SPM: "▁" before text (llama.cpp's default when the key is absent)


_SPECIAL_KEYS = {"bos": Keys.Tokenizer.BOS_ID, "eos": Keys.Tokenizer.EOS_ID, "eot": Keys.Tokenizer.EOT_ID,
                 "eom": Keys.Tokenizer.EOM_ID, "unk": Keys.Tokenizer.UNK_ID, "pad": Keys.Tokenizer.PAD_ID}


def read_gguf_info(path: Path) -> GGUFInfo:
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path))
    except (OSError, ValueError) as exc:
        raise UserError(f"{path} is not a readable GGUF file: {exc}") from exc

    def get(key: str) -> Any:
        f = reader.fields.get(key)
        return f.contents() if f is not None and f.data else None

    arch = get(Keys.General.ARCHITECTURE)
    if not arch:
        raise UserError(f"{path} has no {Keys.General.ARCHITECTURE}")
    tokens = reader.fields.get(Keys.Tokenizer.LIST)
    if tokens is None:
        raise UserError(f"{path} carries no tokenizer ({Keys.Tokenizer.LIST}); there is nothing to build one from")
    model, pre = get(Keys.Tokenizer.MODEL), get(Keys.Tokenizer.PRE)
    special = {kind: int(v) for kind, key in _SPECIAL_KEYS.items() if (v := get(key)) is not None}
    add_bos, add_eos = get(Keys.Tokenizer.ADD_BOS), get(Keys.Tokenizer.ADD_EOS)
    declared = add_bos is not None
    if add_bos is None:
        add_bos = model in DEFAULT_ADD_BOS_MODELS or (model == "gpt2" and pre in DEFAULT_ADD_BOS_PRE)
    if add_eos is None:
        add_eos = model in DEFAULT_ADD_EOS_MODELS
    return GGUFInfo(
        path=path, architecture=arch, name=get(Keys.General.NAME), tokenizer_model=model, pre=pre,
        n_tokens=len(tokens.data), special=special, add_bos=bool(add_bos), add_eos=bool(add_eos),
        add_flags_declared=declared, chat_template=get(Keys.Tokenizer.CHAT_TEMPLATE),
        context_length=get(Keys.LLM.CONTEXT_LENGTH.format(arch=arch)),
        tensor_types=dict(Counter(t.tensor_type.name for t in reader.tensors)),
        add_space_prefix=bool(get(Keys.Tokenizer.ADD_PREFIX) if get(Keys.Tokenizer.ADD_PREFIX) is not None else True),
    )


SPM_MODEL = "llama"  # tokenizer.ggml.model of a SentencePiece vocabulary (llama.cpp's LLAMA_VOCAB_TYPE_SPM)
VERBATIM_TOKENIZER_CLASS = "TokenizersBackend"  # transformers 5: loads tokenizer.json as written


@dataclass
class TokenizerFixes:
    applied: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verbatim: bool = False  # save as VERBATIM_TOKENIZER_CLASS so a reload keeps the fixed normalizer


def fix_tokenizer(tokenizer: Any, info: GGUFInfo) -> TokenizerFixes:
    """Make transformers' GGUF tokenizer behave as llama.cpp does with the same file (in place)."""
    from tokenizers import Tokenizer

    try:  # the names transformers maps itself (an internal table: absent elsewhere, we only lose a note)
        from transformers.integrations.gguf.gguf_tokenizer_mapping import GGUF_PRE_TOKENIZER_SPLITS
    except ImportError:
        GGUF_PRE_TOKENIZER_SPLITS = {}

    fixes = TokenizerFixes()
    backend = tokenizer.backend_tokenizer
    if info.pre in PRE_TOKENIZERS:
        state = json.loads(backend.to_str())
        if state.get("pre_tokenizer") != PRE_TOKENIZERS[info.pre]:
            fixes.applied.append(f"pre-tokenizer for {info.pre!r}: {_describe(state.get('pre_tokenizer'))} → "
                                 f"{_describe(PRE_TOKENIZERS[info.pre])}")
            state["pre_tokenizer"] = PRE_TOKENIZERS[info.pre]
            backend.pre_tokenizer = Tokenizer.from_str(json.dumps(state)).pre_tokenizer
    elif info.pre not in GGUF_PRE_TOKENIZER_SPLITS and info.pre not in (None, "default", "gpt-2"):
        fixes.notes.append(f"pre-tokenizer {info.pre!r} is known to neither roletune nor transformers; "
                           "kept transformers' GPT-2 rule (the tokenizer check decides)")

    if info.tokenizer_model == SPM_MODEL:
        _sentencepiece_spaces(backend, info, fixes)

    ids = info.special
    for kind in ("bos", "eos", "unk", "pad"):
        want = ids.get(kind)
        have = getattr(tokenizer, f"{kind}_token_id")
        if want is not None and have != want:
            text = tokenizer.convert_ids_to_tokens(want)
            setattr(tokenizer, f"{kind}_token", text)
            fixes.applied.append(f"{kind}_token {have} → {want} ({text!r})")

    # Setting these rebuilds the post-processor (TokenizersBackend.update_post_processor).
    if (tokenizer.add_bos_token, tokenizer.add_eos_token) != (info.add_bos, info.add_eos) or not _post_processor_agrees(
            tokenizer, info):
        fixes.applied.append(f"add_bos/add_eos {tokenizer.add_bos_token}/{tokenizer.add_eos_token} → "
                             f"{info.add_bos}/{info.add_eos}"
                             + ("" if info.add_flags_declared else " (llama.cpp's default: the file does not say)"))
        tokenizer.add_bos_token = info.add_bos
        tokenizer.add_eos_token = info.add_eos

    if info.context_length and tokenizer.model_max_length != info.context_length:
        fixes.applied.append(f"model_max_length → {info.context_length} (the file's context length)")
        tokenizer.model_max_length = int(info.context_length)

    # from_pretrained records its own arguments (is_local, local_files_only) as init kwargs, and
    # save_pretrained would write them into tokenizer_config.json for every later load.
    for key in ("is_local", "local_files_only"):
        tokenizer.init_kwargs.pop(key, None)

    if info.chat_template and tokenizer.chat_template != info.chat_template:
        fixes.applied.append("chat template set from tokenizer.chat_template")
        tokenizer.chat_template = info.chat_template
    return fixes


def _sentencepiece_spaces(backend: Any, info: GGUFInfo, fixes: TokenizerFixes) -> None:
    """Spaces as llama.cpp's SPM tokenizer writes them: "▁" for each, and one more before the text (and
    after each special token) when add_space_prefix, whatever the text starts with."""
    from tokenizers import normalizers

    steps = [normalizers.Replace(" ", "\u2581")]
    if info.add_space_prefix:
        steps.insert(0, normalizers.Prepend("\u2581"))
    backend.normalizer = normalizers.Sequence(steps)
    backend.pre_tokenizer = None
    fixes.verbatim = True
    fixes.applied.append("SentencePiece spaces: Metaspace pre-tokenizer → normalizer "
                         + ("Prepend('▁') + " if info.add_space_prefix else "") + "Replace(' ', '▁'), as llama.cpp "
                         f"and sentencepiece tokenize; saved as {VERBATIM_TOKENIZER_CLASS} so it loads as written")


def _post_processor_agrees(tokenizer: Any, info: GGUFInfo) -> bool:
    ids = tokenizer("a", add_special_tokens=True)["input_ids"]
    plain = tokenizer("a", add_special_tokens=False)["input_ids"]
    want = ([info.special["bos"]] if info.add_bos and "bos" in info.special else []) + plain + (
        [info.special["eos"]] if info.add_eos and "eos" in info.special else [])
    return ids == want


def _describe(pre_tokenizer: dict[str, Any] | None) -> str:
    if not pre_tokenizer:
        return "none"
    parts = pre_tokenizer.get("pretokenizers") if pre_tokenizer.get("type") == "Sequence" else [pre_tokenizer]
    return "+".join(p.get("type", "?") for p in parts or [])


def check_tokenizer(tokenizer: Any, gguf_path: Path) -> dict[str, Any]:
    """Token ids from the HF tokenizer vs llama.cpp's on the same file; raises StageFailed on a difference."""
    from roletune.parity import load_corpus, open_llama, special_token_texts, tokenizer_parity

    texts = load_corpus() + list(EDGE_TEXTS) + special_token_texts(tokenizer)
    with open_llama(gguf_path, vocab_only=True) as llm:
        results = {"with_special": tokenizer_parity(tokenizer, llm, texts, add_special=True),
                   "plain": tokenizer_parity(tokenizer, llm, texts, add_special=False)}
        eos, bos = llm.token_eos(), llm.token_bos()
    problems = [f"{k}: {r['mismatches']} of {r['texts']} texts tokenize differently, first: {r['first_mismatches'][0]}"
                for k, r in results.items() if r["mismatches"]]
    if tokenizer.eos_token_id != eos:
        problems.append(f"EOS {tokenizer.eos_token_id} here, {eos} in llama.cpp")
    if bos >= 0 and tokenizer.bos_token_id not in (None, bos):
        problems.append(f"BOS {tokenizer.bos_token_id} here, {bos} in llama.cpp")
    if problems:
        raise StageFailed(f"the imported tokenizer of {gguf_path.name} does not match llama.cpp's: "
                          + "; ".join(problems),
                          hint="give the family of the file's tokenizer.ggml.pre an hf_pre_tokenizer "
                               "in roletune.families")
    return {k: {"texts": r["texts"], "mismatches": r["mismatches"]} for k, r in results.items()}


def finished_import(out_dir: Path) -> dict[str, Any] | None:
    """The import record of a complete import directory, else None."""
    record = out_dir / IMPORT_RECORD
    if not (record.is_file() and (out_dir / "config.json").is_file() and any(out_dir.glob("*.safetensors"))):
        return None
    try:
        return read_json(record)
    except (OSError, ValueError):
        return None


def import_gguf(gguf_path: Path, out_dir: Path, *, source: dict[str, Any] | None = None, replace: bool = False,
                check: bool = True) -> Path:
    """Write `gguf_path` as a HF model directory at `out_dir` (fp32 safetensors + tokenizer + template) and return it.

    source: what the file is (registry name, package, version, license), kept in roletune_import.json.
    An existing `out_dir` holding an import of the same file is returned as is; anything else there
    (but an empty directory) is refused unless `replace`. check: compare the saved tokenizer with
    llama.cpp's on the same file (needs llama-cpp-python).

    The whole model is dequantized in memory at fp32 (4 bytes per parameter, ~0.55 GB for SmolLM2-135M):
    meant for the small models of the registry, not for importing an 8B GGUF.
    """
    gguf_path, out_dir = Path(gguf_path), Path(out_dir)
    if not gguf_path.is_file():
        raise UserError(f"{gguf_path} does not exist or is not a file")
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} is a file; the import writes a directory there")
    sha = sha256_file(gguf_path)
    if out_dir.exists() and any(out_dir.iterdir()) and not replace:
        done = finished_import(out_dir)
        if done is not None and done.get("source", {}).get("sha256") == sha:
            return out_dir
        raise UserError(f"{out_dir} already exists and is not an import of {gguf_path.name}; refusing to overwrite it",
                        hint="choose another output directory, or delete that one")

    started = time.perf_counter()
    info = read_gguf_info(gguf_path)
    with atomic_dir(out_dir) as tmp:
        tokenizer, fixes = _load_tokenizer(gguf_path, info)
        model = _load_model(gguf_path)
        _set_generation_config(model, info)
        n_params = _check_finite(model)
        model.save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
        if fixes.verbatim:
            _set_tokenizer_class(tmp, VERBATIM_TOKENIZER_CLASS)
        del model
        # Checked as saved: what a later from_pretrained(out_dir) gets, not the object in memory.
        parity = check_tokenizer(_reload_tokenizer(tmp), gguf_path) if check else None
        write_json(tmp / IMPORT_RECORD, {
            "format": RECORD_FORMAT,
            "source": {"file": gguf_path.name, "path": str(gguf_path.resolve()), "sha256": sha,
                       "bytes": gguf_path.stat().st_size, **(source or {})},
            "gguf": {"architecture": info.architecture, "name": info.name, "tokenizer": info.tokenizer_model,
                     "pre": info.pre, "tensor_types": info.tensor_types},
            "tokenizer": {"special": info.special, "add_bos": info.add_bos, "add_eos": info.add_eos,
                          "fixes": fixes.applied, "notes": fixes.notes, "llama_cpp_parity": parity},
            "dtype": "float32", "parameters": n_params,
            "seconds": round(time.perf_counter() - started, 1),
            "versions": _versions(), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        })
        _usual_permissions(tmp)
    return out_dir


def _load_tokenizer(gguf_path: Path, info: GGUFInfo) -> tuple[Any, TokenizerFixes]:
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name,
                                                  local_files_only=True)
    except (ValueError, KeyError, NotImplementedError) as exc:
        raise RoletuneError(f"transformers cannot build a tokenizer from {gguf_path.name}: {exc}") from exc
    return tokenizer, fix_tokenizer(tokenizer, info)


def _set_tokenizer_class(model_dir: Path, name: str) -> None:
    path = model_dir / "tokenizer_config.json"
    config = read_json(path)
    config["tokenizer_class"] = name
    write_json(path, config)


def _reload_tokenizer(model_dir: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)


def _load_model(gguf_path: Path) -> Any:
    import torch
    from transformers import AutoModelForCausalLM

    try:
        model = AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name,
                                                     dtype=torch.float32, local_files_only=True)
    except (ValueError, KeyError, NotImplementedError) as exc:
        raise RoletuneError(f"transformers cannot load the weights of {gguf_path.name}: {exc}",
                            hint="transformers' GGUF support covers common architectures "
                                 "and quantization types") from exc
    # The weights are dequantized fp32 tensors now; the quantizer left behind only makes
    # save_pretrained refuse ("cannot save a GGUF-quantized model") and would be written to config.json.
    model.hf_quantizer = None
    model.is_quantized = False
    model.quantization_method = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    return model


def _set_generation_config(model: Any, info: GGUFInfo) -> None:
    from transformers import GenerationConfig

    eos = [info.special[k] for k in ("eos", "eot", "eom") if k in info.special]
    eos = list(dict.fromkeys(eos))  # EOS first, then EOT/EOM when the file names others
    model.generation_config = GenerationConfig(
        bos_token_id=info.special.get("bos"), eos_token_id=eos[0] if len(eos) == 1 else eos or None,
        pad_token_id=info.special.get("pad"))
    model.config.eos_token_id = eos[0] if eos else None


def _check_finite(model: Any) -> int:
    import torch

    bad, n = [], 0
    for name, p in model.named_parameters():
        n += p.numel()
        if not torch.isfinite(p).all():
            bad.append(name)
    if bad:
        raise StageFailed(f"dequantized weights are not finite in {len(bad)} tensors, e.g. {bad[:3]}")
    return n


def _usual_permissions(directory: Path) -> None:
    # mkdtemp makes the directory 0700 and transformers writes the weights 0600; a shared cache
    # (or a directory handed to another user) needs the usual umask-derived modes.
    for p in directory.iterdir():
        if p.is_file():
            os.chmod(p, FILE_MODE)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(directory, 0o777 & ~umask)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"roletune": __version__}
    for dist in ("transformers", "gguf", "torch", "tokenizers", "llama-cpp-python"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return out


