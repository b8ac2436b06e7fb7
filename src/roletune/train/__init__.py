"""LoRA fine-tuning: the `train` stage (sft.py), its resource plan (plan.py) and callbacks.

Names of the artifacts under the run directory live here so that the stages that read them
(merge, report) import constants, not string literals. Importing this package is cheap: torch and
transformers are imported by the modules that need them.
"""

from __future__ import annotations

TRAIN_DIR = "train"
BEST_DIR = "train/best"  # adapter of lowest val loss + ADAPTER_META: all merge needs
CHECKPOINTS_DIR = "train/checkpoints"  # the Trainer's checkpoint-N folders (best + last N kept)
METRICS_FILE = "train/metrics.jsonl"  # one row per optimizer step / evaluation
PLAN_VS_ACTUAL_FILE = "train/plan_vs_actual.json"
RUN_FILE = "train/run.json"  # what this training run is (config, data, base): guards resume
SUMMARY_FILE = "train/summary.json"  # the stage summary, written last (read back after DDP)
ADAPTER_META = "roletune_adapter.json"  # metadata file inside BEST_DIR
