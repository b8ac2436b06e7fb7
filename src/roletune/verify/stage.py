"""The `verify` stage: every GGUF of the run checked against the merged HF model, thresholds applied.

  tokenizer      transformers vs llama.cpp token ids on the shipped corpus, the model's special
                 tokens, and the rendered val conversations — for every GGUF file
  chat template  the GGUF's template rendered as llama-cpp-python renders it vs apply_chat_template
  special tokens EOS as in the tokenizer; every end-of-generation id stops llama.cpp
  logits         the converted GGUF (model-<OUTTYPE>) vs transformers fp32, teacher-forced on
                 `verify.samples` val conversations: max/mean |Δlogit|, top-1 agreement
  quantization   each model-<TYPE>.gguf vs model-<OUTTYPE>.gguf on the same tokens (kld.py)

Results go to verify/parity.json and verify/kld.json, also when a check fails; a failure then
raises StageFailed so the pipeline stops before evaluation. Logits of one model at a time are
kept on disk (a temporary folder in verify/), so memory holds one model and one sequence.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from roletune.context import RunContext
from roletune.data.chat import kwargs_for
from roletune.errors import StageFailed, UserError
from roletune.export.quantize import quant_type
from roletune.files import TMP_PREFIX, write_json
from roletune.layout import KLD_FILE, MERGED_DIR, MODEL, PARITY_FILE, VERIFY_DIR, candidate, gguf_file, split_file
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
from roletune.verify.kld import KLDAccumulator

VAL_FILE = split_file("val")


def verify(ctx: RunContext) -> dict[str, Any]:
    """Check the run's GGUF files; write verify/parity.json and verify/kld.json; raise StageFailed on a miss."""
    from roletune.hf import load_tokenizer

    config = ctx.config
    vcfg = config.verify
    outtype = config.export.outtype
    merged = ctx.path(MERGED_DIR)
    reference = ctx.path(gguf_file(candidate(MODEL, outtype)))
    quants = {qt: ctx.path(gguf_file(candidate(MODEL, qt)))
              for qt in (quant_type(t).name for t in config.export.quant_types)}
    missing = [p for p in (reference, *quants.values()) if not p.is_file()]
    if missing:
        raise UserError(f"missing GGUF file(s): {', '.join(p.name for p in missing)}",
                        hint="run convert and quantize first")

    tokenizer = load_tokenizer(merged)
    conversations = val_conversations(ctx.path(VAL_FILE), vcfg.samples)
    texts = load_corpus() + special_token_texts(tokenizer)
    # Rendered as training and evaluation render them: with the thinking switch of model.thinking.
    kwargs = kwargs_for(tokenizer, config.model.thinking)
    rendered = [tokenizer.apply_chat_template(c, tokenize=False, **kwargs) for c in conversations]
    rendered += [tokenizer.apply_chat_template(c[:-1], tokenize=False, add_generation_prompt=True, **kwargs)
                 for c in conversations]

    failures: list[str] = []
    files: dict[str, Any] = {}
    for path in (reference, *quants.values()):
        with open_llama(path, vocab_only=True) as llm:
            checks = {
                "tokenizer": {"corpus": tokenizer_parity(tokenizer, llm, texts, add_special=True),
                              "chat_prompts": tokenizer_parity(tokenizer, llm, rendered, add_special=False)},
                "chat_template": chat_template_parity(tokenizer, llm, conversations, template_kwargs=kwargs),
                "special_tokens": special_token_parity(merged, tokenizer, llm),
            }
        files[path.name] = checks
        failures += _vocab_failures(path.name, checks, vcfg.max_token_mismatches)

    sequences = [tokenizer(text, add_special_tokens=False)["input_ids"][: config.data.max_length]
                 for text in rendered[: len(conversations)]]
    limit = _logit_limit(vcfg, outtype)
    work = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}logits.", dir=_mkdir(ctx.path(VERIFY_DIR))))
    try:
        logits = logit_parity_run(merged, reference, sequences, work)
        logits.update(threshold_max_abs_diff=limit, threshold_top1=vcfg.min_top1_agreement)
        if logits["max_abs_diff"] > limit:
            failures.append(f"{reference.name}: max |Δlogit| vs transformers {logits['max_abs_diff']:.3g} > {limit:g} "
                            f"(verify.max_abs_logit_diff_{outtype})")
        if logits["top1_agreement"] < vcfg.min_top1_agreement:
            failures.append(f"{reference.name}: top-1 agreement {logits['top1_agreement']:.1%}"
                            f" < {vcfg.min_top1_agreement:.1%}")
        kld = {}
        for qt, path in quants.items():
            stats = kld_run(path, sequences, work)
            stats.update(file=path.name, bytes=path.stat().st_size, passed=stats["mean_kld"] <= vcfg.max_mean_kld)
            kld[qt] = stats
            if not stats["passed"]:
                failures.append(f"{path.name}: mean KL divergence vs {reference.name} {stats['mean_kld']:.4f} "
                                f"> {vcfg.max_mean_kld:g} (verify.max_mean_kld)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    passed = not failures
    write_json(ctx.path(PARITY_FILE), {"passed": passed, "failures": failures, "samples": len(sequences),
                                       "reference": reference.name, "files": files, "logits": logits})
    write_json(ctx.path(KLD_FILE), {"passed": all(s["passed"] for s in kld.values()), "reference": reference.name,
                                    "max_mean_kld": vcfg.max_mean_kld, "types": kld})
    _print(ctx, files, logits, kld, reference.name)
    if failures:
        raise StageFailed("verify failed:\n  " + "\n  ".join(failures),
                          hint=f"details in {ctx.path(PARITY_FILE)} and {ctx.path(KLD_FILE)}")
    return {"passed": True, "samples": len(sequences), "max_abs_logit_diff": logits["max_abs_diff"],
            "top1_agreement": logits["top1_agreement"], "mean_kld": {qt: s["mean_kld"] for qt, s in kld.items()}}


def val_conversations(path: Path, n: int) -> list[list[dict[str, str]]]:
    """The first `n` val conversations that end with an assistant answer (the reference)."""
    if not path.is_file():
        raise UserError(f"{path} is missing", hint="run the prepare stage first")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        messages = [{"role": m["role"], "content": m["content"]} for m in json.loads(line)["messages"]]
        if len(messages) >= 2 and messages[-1]["role"] == "assistant":
            out.append(messages)
        if len(out) == n:
            break
    if not out:
        raise UserError(f"{path} holds no conversation ending with an assistant answer")
    return out


def logit_parity_run(model_dir: Path, gguf_path: Path, sequences: list[list[int]], work: Path) -> dict[str, Any]:
    """Teacher-forced logits of transformers (fp32) vs the GGUF; the GGUF's logits are kept in `work` for kld_run."""
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).eval()
    for i, ids in enumerate(sequences):
        np.save(work / f"hf-{i}.npy", hf_logits(model, ids))
    del model
    gc.collect()  # the teacher's weights go before the GGUF is mapped
    parity = LogitParity()
    with open_llama(gguf_path, n_ctx=_n_ctx(sequences), n_threads=os.cpu_count()) as llm:
        for i, ids in enumerate(sequences):
            got = gguf_logits(llm, ids)  # (T, V)
            parity.add(np.load(work / f"hf-{i}.npy"), got)
            np.save(work / f"ref-{i}.npy", got)
            (work / f"hf-{i}.npy").unlink()
    return parity.result()


def kld_run(gguf_path: Path, sequences: list[list[int]], work: Path) -> dict[str, Any]:
    """Quantization statistics of `gguf_path` against the reference logits logit_parity_run left in `work`."""
    acc = KLDAccumulator()
    with open_llama(gguf_path, n_ctx=_n_ctx(sequences), n_threads=os.cpu_count()) as llm:
        for i, ids in enumerate(sequences):
            ref = np.load(work / f"ref-{i}.npy", mmap_mode="r")
            got = gguf_logits(llm, ids)
            acc.add(ref[:-1], got[:-1], np.asarray(ids[1:]))  # positions whose next token is known
    return acc.result()


def _n_ctx(sequences: list[list[int]]) -> int:
    return max(64, max(len(s) for s in sequences))


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _logit_limit(vcfg: Any, outtype: str) -> float:
    if outtype == "f32":
        return vcfg.max_abs_logit_diff_f32
    if outtype == "f16":
        return vcfg.max_abs_logit_diff_f16
    return vcfg.max_abs_logit_diff_bf16


def _vocab_failures(name: str, checks: dict[str, Any], max_mismatches: int) -> list[str]:
    out = []
    tok = checks["tokenizer"]
    n_bad = tok["corpus"]["mismatches"] + tok["chat_prompts"]["mismatches"]
    if n_bad > max_mismatches:
        first = (tok["corpus"]["first_mismatches"] + tok["chat_prompts"]["first_mismatches"])[0]
        out.append(f"{name}: {n_bad} text(s) tokenize differently from transformers (verify.max_token_mismatches "
                   f"{max_mismatches}); first: {first['text']!r} at token {first['first_difference']}: "
                   f"{first['transformers']} vs {first['llama.cpp']}")
    chat = checks["chat_template"]
    if not chat["has_template"]:
        out.append(f"{name}: no tokenizer.chat_template in the GGUF")
    elif chat["mismatches"]:
        out.append(f"{name}: the GGUF's chat template renders {chat['mismatches']} of {chat['renders']} "
                   "val conversations differently from transformers")
    out += [f"{name}: {p}" for p in checks["special_tokens"]["problems"]]
    return out


def _print(ctx: RunContext, files: dict[str, Any], logits: dict[str, Any], kld: dict[str, Any], reference: str) -> None:
    for name, checks in files.items():
        tok = checks["tokenizer"]
        n_texts = tok["corpus"]["texts"] + tok["chat_prompts"]["texts"]
        n_bad = tok["corpus"]["mismatches"] + tok["chat_prompts"]["mismatches"]
        ctx.console.print(f"{name}: tokenization {n_texts - n_bad}/{n_texts} identical, chat template "
                          f"{checks['chat_template']['renders'] - checks['chat_template']['mismatches']}/"
                          f"{checks['chat_template']['renders']}, EOS {checks['special_tokens']['eos']}")
    ctx.console.print(f"{reference} vs transformers: max |Δlogit| {logits['max_abs_diff']:.2e}, mean "
                      f"{logits['mean_abs_diff']:.2e}, top-1 {logits['top1_agreement']:.1%} "
                      f"({logits['positions']} positions)")
    for qt, s in kld.items():
        ctx.console.print(f"{qt}: mean KLD {s['mean_kld']:.5f} (p99 {s['p99_kld']:.4f}), "
                          f"same top {s['same_top_p']:.1%}, "
                          f"RMS Δp {s['rms_delta_p']:.2%}, PPL ratio {s['ppl_ratio']:.4f}")
