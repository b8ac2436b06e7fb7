"""Where each artifact sits in a run directory: every run-relative path, defined once.

A stage's outputs and the inputs of the stages after it are computed from these names, never spelled
again (tests/test_architecture.py fails on a run-directory path written as a literal elsewhere in
src/roletune). Paths are run-relative strings, as the pipeline's stage table and manifest record
them; join them to the run directory (RunContext.path, or `root / NAME`).

Imports nothing: it sits at the bottom of the import graph, so any module may use it.
"""

from __future__ import annotations

MANIFEST_FILE = "manifest.json"  # what each stage did, with the digests of what it read and wrote
CONFIG_FILE = "config.yaml"  # the run's config, as the pipeline resolved it

# -- augment (with data.augment: true) --------------------------------------------------------------
AUGMENT_DIR = "augment"
AUGMENTED_FILE = "augment/train.jsonl"  # verified paraphrases, read by prepare as more train examples
AUGMENT_REPORT_FILE = "augment/augment.json"  # counts generated / kept / rejected by reason

# -- data (prepare) ---------------------------------------------------------------------------------
DATA_DIR = "data"
TOKEN_FILES = {"train": "data/train.tokens.jsonl", "val": "data/val.tokens.jsonl"}
SPLITS_FILE = "data/splits.json"  # data.files split into train/val/test: the ids of each, the sources' sha256


def split_file(split: str) -> str:
    """The prepared examples of one split: `data/train.jsonl`, `data/val.jsonl`, `data/test.jsonl`."""
    return f"{DATA_DIR}/{split}.jsonl"


# -- train ------------------------------------------------------------------------------------------
TRAIN_DIR = "train"
BEST_DIR = "train/best"  # adapter of lowest val loss + ADAPTER_META: all merge needs
CHECKPOINTS_DIR = "train/checkpoints"  # the Trainer's checkpoint-N folders (best + last N kept)
TRAIN_METRICS_FILE = "train/metrics.jsonl"  # one row per optimizer step / evaluation
PLAN_VS_ACTUAL_FILE = "train/plan_vs_actual.json"
TRAIN_RUN_FILE = "train/run.json"  # what this training run is (config, data, base): guards resume
TRAIN_SUMMARY_FILE = "train/summary.json"  # the stage summary, written last (read back after DDP)
LAUNCH_CONFIG = "train/launch.yaml"  # the config the torchrun workers read
ADAPTER_META = "roletune_adapter.json"  # metadata file inside BEST_DIR

# -- merge, convert, quantize -----------------------------------------------------------------------
MERGED_DIR = "merged"
LINEAGE_FILE = "roletune_lineage.json"  # inside MERGED_DIR
GGUF_DIR = "gguf"
IMATRIX_FILE = "gguf/imatrix.gguf"
QUANTIZE_LOG_SUFFIX = ".quantize.log"  # llama.cpp's log of making a quantized file, beside it



# -- candidates: the GGUF files a run makes and evaluates, named `<kind>-<TYPE>` ---------------------
MODEL, BASE = "model", "base"  # the fine-tune; the base model converted and quantized the same way
CANDIDATE_KINDS = (MODEL, BASE)


def candidate(kind: str, gguf_type: str) -> str:
    """A candidate's name: `model-F16`, `base-Q4_K_M` (the type upper-cased, as llama.cpp spells it)."""
    assert kind in CANDIDATE_KINDS, kind
    return f"{kind}-{gguf_type.upper()}"


def candidate_kind(name: str) -> str:
    """`base-Q4_K_M` -> `base`: what a candidate is, read from its name."""
    return name.partition("-")[0]


def gguf_file(name: str) -> str:
    """A candidate's GGUF, by its name: `gguf/model-F16.gguf`, `gguf/base-Q4_K_M.gguf`."""
    return f"{GGUF_DIR}/{name}.gguf"


def quantize_log_file(name: str) -> str:
    """Where the log of quantizing a candidate is kept: `gguf/model-Q4_K_M.quantize.log`."""
    return f"{GGUF_DIR}/{name}{QUANTIZE_LOG_SUFFIX}"


def converted(outtype: str) -> tuple[str, ...]:
    """Candidates the convert stage writes: the fine-tune and the base at export.outtype."""
    return candidate(MODEL, outtype), candidate(BASE, outtype)


def quantized(quant_types: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Candidates the quantize stage writes: the fine-tune at every type, the base at the first (primary) one."""
    types = tuple(quant_types)
    return tuple(candidate(MODEL, t) for t in types) + ((candidate(BASE, types[0]),) if types else ())


def evaluated(outtype: str, quant_types: list[str] | tuple[str, ...], include_base: bool) -> tuple[str, ...]:
    """Candidates smoke and evaluate run, in order: the base (if included), the fine-tune unquantized, each type."""
    base = (candidate(BASE, quant_types[0]),) if include_base and quant_types else ()
    return (*base, candidate(MODEL, outtype), *(candidate(MODEL, t) for t in quant_types))


# -- verify -----------------------------------------------------------------------------------------
VERIFY_DIR = "verify"
PARITY_FILE = "verify/parity.json"
KLD_FILE = "verify/kld.json"

# -- smoke, evaluate, gate, report ------------------------------------------------------------------
EVAL_DIR = "eval"
SMOKE_FILE = "eval/smoke.json"
PREDICTIONS_FILE = "eval/predictions.jsonl"
EVAL_METRICS_FILE = "eval/metrics.json"
JUDGE_CACHE_DIR = "eval/judge-cache"  # the llm judge's replies, one file per (example, answer, judge) digest
# Answers of one candidate kept while smoke or evaluate runs, so a rerun resumes instead of generating
# again: eval/partial-<label>-<sha256[:12] of the GGUF>.jsonl (and llama-server's log beside it).
PARTIAL_PREFIX = "partial-"
PARTIAL_ANSWERS = f"{EVAL_DIR}/{PARTIAL_PREFIX}*"  # a glob: every such file


def partial_answers_file(label: str, digest: str) -> str:
    """`eval/partial-smoke-model-F16-0123456789ab.jsonl`: one candidate's answers so far."""
    return f"{EVAL_DIR}/{PARTIAL_PREFIX}{label}-{digest[:12]}.jsonl"


def partial_answers_glob(label_prefix: str) -> str:
    """Names in EVAL_DIR of the partial answers whose label starts with `label_prefix` (for clearing them)."""
    return f"{PARTIAL_PREFIX}{label_prefix}*.jsonl"

DECISION_FILE = "decision.json"
REPORT_FILE = "report.html"
SUMMARY_FILE = "summary.json"  # the report stage's summary of the whole run
OLLAMA_DIR = "ollama"  # `roletune export-ollama`: one Modelfile per role
