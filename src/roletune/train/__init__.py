"""LoRA fine-tuning, in three layers whose imports run downward:

- the `train` stage: sft.py, callbacks.py, checkpoints.py, and below the planner batching.py and model.py;
- plan/: the resource planner (imports model, batching and the kernels' lean layers; asks, never builds);
- kernels/: the compiled CPU kernels, their loader and builder, and the fused layers (import nothing above).

The names of its artifacts under the run directory are in roletune.layout. Importing this package is cheap: torch and
transformers are imported by the modules that need them.
"""

from __future__ import annotations

# Config keys that define a training run: changing one makes the adapter another one, so the
# stage reruns and a checkpoint of the old values is never resumed. Keys that only change how
# the run is carried out (threads, checkpointing, trackers, checkpoint interval) are left out,
# so that, e.g., a run killed for memory can resume with gradient checkpointing switched on. Which node a process
# runs on (train.node_rank, train.rdzv) differs between the nodes of one run and is left out too.
TRAIN_READS = (
    "model.base", "model.trust_remote_code", "lora",
    "train.lr", "train.weight_decay", "train.epochs", "train.max_steps", "train.batch_size", "train.grad_accum",
    "train.scheduler", "train.warmup_ratio", "train.eval_steps", "train.min_evals",
    "train.early_stopping_patience", "train.precision", "train.group_by_length", "train.seed", "train.nproc",
    "train.nnodes",
)
