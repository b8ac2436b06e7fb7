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

# Config keys that define a training run: changing one makes the adapter another one, so the
# stage reruns and a checkpoint of the old values is never resumed. Keys that only change how
# the run is carried out (threads, checkpointing, trackers, checkpoint interval) are left out,
# so that, e.g., a run killed for memory can resume with gradient checkpointing switched on.
TRAIN_READS = (
    "model.base", "model.trust_remote_code", "lora",
    "train.lr", "train.weight_decay", "train.epochs", "train.max_steps", "train.batch_size", "train.grad_accum",
    "train.scheduler", "train.warmup_ratio", "train.eval_steps", "train.min_evals",
    "train.early_stopping_patience", "train.precision", "train.group_by_length", "train.seed", "train.nproc",
)
