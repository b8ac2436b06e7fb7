"""Is the GGUF the same model as the HF checkpoint it came from? Tokenizer, chat template, special tokens, logits.

Each check compares llama.cpp's path (llama-cpp-python: its tokenizer, its Jinja2 chat formatter,
its forward pass) with transformers' on the same inputs and returns a JSON-able dict. The checks
know nothing about thresholds; verify/stage.py applies those. Below export and verify (it imports
nothing of roletune): import_gguf.py checks an imported tokenizer with it too.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

CORPUS_FILE = "corpus.txt"
CORPUS_SEPARATOR = "\n\u241e\n"  # a line holding only U+241E (SYMBOL FOR RECORD SEPARATOR)
SHOWN_MISMATCHES = 5  # first mismatches written to parity.json
GGML_TYPE_F32 = 0  # llama.cpp ggml_type for an F32 KV cache (llama_cpp exposes no constant for it)


def load_corpus() -> list[str]:
    """The shipped tokenizer corpus: code, prose, whitespace runs, digits, non-ASCII (no special tokens)."""
    raw = resources.files(__package__).joinpath(CORPUS_FILE).read_bytes().decode("utf-8")
    return raw.split(CORPUS_SEPARATOR)[1:]  # the first block describes the file


def special_token_texts(tokenizer: Any) -> list[str]:
    """Texts that mix the model's own special and added tokens with ordinary text."""
    specials = sorted(set(tokenizer.get_added_vocab()) | set(tokenizer.all_special_tokens))
    texts = []
    for tok in specials:
        texts += [tok, f"text{tok}text", f" {tok} ", f"\n{tok}\nline"]
    if specials:
        texts.append("".join(specials))
        texts.append(" and ".join(f"{tok}x" for tok in specials))
    return texts


# -- llama.cpp side ---------------------------------------------------------------------------------


@contextlib.contextmanager
def open_llama(path: Path, *, vocab_only: bool = False, n_ctx: int = 512,
               n_threads: int | None = None) -> Iterator[Any]:
    """A llama_cpp.Llama, closed on exit (its destructor misbehaves at interpreter exit)."""
    import llama_cpp

    kwargs: dict[str, Any] = {"vocab_only": True} if vocab_only else {
        "logits_all": True, "n_ctx": n_ctx, "n_batch": min(n_ctx, 512),
        # An F32 KV cache keeps the cache's own rounding out of the comparison: what is measured
        # is the weights (conversion, quantization), not the runtime's cache type.
        "type_k": GGML_TYPE_F32, "type_v": GGML_TYPE_F32,
    }
    if n_threads:
        kwargs["n_threads"] = kwargs["n_threads_batch"] = n_threads
    # A vocab-only load reads no hyper-parameters (n_ctx_train 0), yet llama-cpp-python makes a
    # context for it all the same (n_ctx 512), and llama.cpp warns "n_ctx_seq (512) > n_ctx_train (0)
    # -- possible training context overflow": about the load, not the file (which has
    # {arch}.context_length). It shows despite verbose=False because llama-cpp-python 0.3.36's log
    # callback ranks ggml's WARN as logging.ERROR (llama_cpp/_logger.py has ggml's levels in their old
    # order) and prints it to sys.stderr. Keep what such a load logs for when it fails.
    log = io.StringIO()
    try:
        with contextlib.redirect_stderr(log) if vocab_only else contextlib.nullcontext():
            llm = llama_cpp.Llama(model_path=str(path), verbose=False, **kwargs)
    except Exception:
        sys.stderr.write(log.getvalue())
        raise
    try:
        yield llm
    finally:
        llm.close()


def gguf_logits(llm: Any, ids: Sequence[int]) -> np.ndarray:
    """(T, V) float32 logits of a teacher-forced sequence (a fresh context each time)."""
    if len(ids) > llm.n_ctx():
        raise ValueError(f"a sequence of {len(ids)} tokens does not fit the context of {llm.n_ctx()}")
    llm.reset()
    llm.eval(list(ids))
    return np.array(llm.scores[: len(ids)], dtype=np.float32)


def token_text(llm: Any, token_id: int) -> str:
    return llm._model.token_get_text(token_id) if token_id >= 0 else ""


# -- tokenizer --------------------------------------------------------------------------------------


def tokenizer_parity(tokenizer: Any, llm: Any, texts: Iterable[str], *, add_special: bool) -> dict[str, Any]:
    """Token ids from transformers vs llama.cpp for each text.

    add_special: plain text is tokenized as both libraries do by default (BOS/EOS as the tokenizer
    declares); rendered chat prompts are not (their template writes its own special tokens).
    """
    texts = list(texts)
    mismatches = []
    for text in texts:
        ref = tokenizer(text, add_special_tokens=add_special)["input_ids"]
        got = llm.tokenize(text.encode("utf-8"), add_bos=add_special, special=True)
        if ref != got:
            mismatches.append(_token_diff(tokenizer, text, ref, got))
    return {"texts": len(texts), "mismatches": len(mismatches), "first_mismatches": mismatches[:SHOWN_MISMATCHES]}


def _token_diff(tokenizer: Any, text: str, ref: list[int], got: list[int]) -> dict[str, Any]:
    at = next((i for i, (a, b) in enumerate(zip(ref, got)) if a != b), min(len(ref), len(got)))
    window = slice(max(0, at - 2), at + 4)
    return {
        "text": text if len(text) <= 200 else text[:200] + "…",
        "first_difference": at,
        "transformers": tokenizer.convert_ids_to_tokens(ref[window]),
        "llama.cpp": tokenizer.convert_ids_to_tokens(got[window]),
        "lengths": [len(ref), len(got)],
    }


# -- chat template ----------------------------------------------------------------------------------


def render_gguf_chat(llm: Any, messages: list[dict[str, Any]], *, add_generation_prompt: bool,
                     tools: list[dict[str, Any]] | None = None, template_kwargs: dict[str, Any] | None = None) -> str:
    """The GGUF's tokenizer.chat_template rendered the way llama-cpp-python renders it (tools as the template
    takes them; template_kwargs such as the thinking switch passed as template variables)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        raise ValueError("the GGUF has no tokenizer.chat_template")
    formatter = Jinja2ChatFormatter(template=template, eos_token=token_text(llm, llm.token_eos()),
                                    bos_token=token_text(llm, llm.token_bos()),
                                    add_generation_prompt=add_generation_prompt)
    return formatter(messages=messages, tools=tools, **(template_kwargs or {})).prompt


def chat_template_parity(tokenizer: Any, llm: Any, conversations: Sequence[list[dict[str, Any]]],
                         tools: Sequence[list[dict[str, Any]] | None] | None = None,
                         template_kwargs: dict[str, Any] | None = None) -> dict[str, Any]:
    """For each conversation: the prompt (all but the last turn + generation prompt) and the whole of it.

    tools: per conversation, the tool definitions passed to both renderers (None: no tools).
    template_kwargs: passed to both renderers (the thinking switch of model.thinking).
    """
    mismatches = []
    n = 0
    has_template = bool(llm.metadata.get("tokenizer.chat_template"))
    for i, messages in enumerate(conversations):
        tool_defs = tools[i] if tools is not None else None
        for upto, gen in ((messages[:-1], True), (messages, False)):
            n += 1
            kwargs = template_kwargs or {}
            ref = tokenizer.apply_chat_template(upto, tools=tool_defs, tokenize=False, add_generation_prompt=gen,
                                                **kwargs)
            got = render_gguf_chat(llm, upto, add_generation_prompt=gen, tools=tool_defs, template_kwargs=kwargs) \
                if has_template else None
            if ref != got:
                at = next((i for i, (a, b) in enumerate(zip(ref, got or "")) if a != b), min(len(ref), len(got or "")))
                mismatches.append({"add_generation_prompt": gen, "first_difference": at,
                                   "transformers": ref[max(0, at - 40): at + 40],
                                   "llama.cpp": None if got is None else got[max(0, at - 40): at + 40]})
    return {"renders": n, "mismatches": len(mismatches), "has_template": has_template,
            "first_mismatches": mismatches[:SHOWN_MISMATCHES]}


# -- special tokens ---------------------------------------------------------------------------------


def special_token_parity(model_dir: Path, tokenizer: Any, llm: Any) -> dict[str, Any]:
    """EOS is the tokenizer's, every end-of-generation id of the model stops llama.cpp, BOS as declared."""
    import llama_cpp

    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    gen_file = model_dir / "generation_config.json"
    gen = json.loads(gen_file.read_text()).get("eos_token_id") if gen_file.is_file() else None
    stop_ids = sorted({*(gen if isinstance(gen, list) else [gen] if isinstance(gen, int) else []),
                       *([tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else [])})
    problems = []
    if tokenizer.eos_token_id is not None and llm.token_eos() != tokenizer.eos_token_id:
        problems.append(f"EOS id {llm.token_eos()} ({token_text(llm, llm.token_eos())!r}) in the GGUF, "
                        f"{tokenizer.eos_token_id} ({tokenizer.eos_token!r}) in the tokenizer")
    not_eog = [t for t in stop_ids if not llama_cpp.llama_vocab_is_eog(vocab, t)]
    if not_eog:
        problems.append(f"llama.cpp would not stop at {', '.join(f'{t} ({token_text(llm, t)!r})' for t in not_eog)}")
    if tokenizer.bos_token_id is not None and llm.token_bos() != tokenizer.bos_token_id:
        problems.append(f"BOS id {llm.token_bos()} in the GGUF, {tokenizer.bos_token_id} in the tokenizer")
    return {"eos": llm.token_eos(), "bos": llm.token_bos(), "stop_ids": stop_ids,
            "add_bos": bool(llama_cpp.llama_vocab_get_add_bos(vocab)), "problems": problems}


# -- logits -----------------------------------------------------------------------------------------


def hf_logits(model: Any, ids: Sequence[int]) -> np.ndarray:
    """(T, V) float32 logits of transformers' model, teacher-forced."""
    import torch

    with torch.no_grad():
        return model(torch.tensor([list(ids)])).logits[0].float().numpy()


class LogitParity:
    """Accumulates |Δlogit| and top-1 agreement of a candidate against a reference over sequences."""

    def __init__(self) -> None:
        self.max_abs = 0.0
        self.sum_abs = 0.0
        self.n_values = 0
        self.n_positions = 0
        self.n_top1 = 0
        self.max_ref = 0.0

    def add(self, ref: np.ndarray, got: np.ndarray) -> None:
        """ref, got: (T, V) logits of the same tokens."""
        if ref.shape != got.shape:
            raise ValueError(f"logit shapes differ: {ref.shape} vs {got.shape}")
        for i in range(0, ref.shape[0], 128):  # float64 blocks of 128 positions, not the whole (T, V)
            r, g = ref[i: i + 128], got[i: i + 128]
            diff = np.abs(r.astype(np.float64) - g)  # (t, V)
            self.max_abs = max(self.max_abs, float(diff.max()))
            self.sum_abs += float(diff.sum())
            self.n_values += diff.size
            self.n_top1 += int((r.argmax(-1) == g.argmax(-1)).sum())
            self.max_ref = max(self.max_ref, float(np.abs(r).max()))
        self.n_positions += ref.shape[0]

    def result(self) -> dict[str, Any]:
        return {
            "positions": self.n_positions,
            "max_abs_diff": self.max_abs,
            "mean_abs_diff": self.sum_abs / max(self.n_values, 1),
            "top1_agreement": self.n_top1 / max(self.n_positions, 1),
            "max_abs_logit": self.max_ref,  # scale: F16 rounding error grows with the logits' size
        }
