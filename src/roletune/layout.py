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


def gguf_file(candidate: str) -> str:
    """A candidate's GGUF, by its name: `gguf/model-F16.gguf`, `gguf/base-Q4_K_M.gguf`."""
    return f"{GGUF_DIR}/{candidate}.gguf"


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
DECISION_FILE = "decision.json"
REPORT_FILE = "report.html"
SUMMARY_FILE = "summary.json"  # the report stage's summary of the whole run
OLLAMA_DIR = "ollama"  # `roletune export-ollama`: one Modelfile per role
