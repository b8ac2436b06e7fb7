"""Trainer callbacks: early stopping, the best adapter, throughput, metrics.jsonl and a progress bar.

Each callback rebuilds its state from the Trainer's state on `on_train_begin`, so a run resumed
from a checkpoint continues counting where the interrupted one stopped.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transformers import TrainerCallback
from transformers.trainer_utils import PREFIX_CHECKPOINT_DIR

from roletune.files import atomic_dir, read_json, write_json, write_jsonl
from roletune.proc_memory import peak_rss
from roletune.train.plan.memory import gpu_memory

EVAL_LOSS = "eval_loss"  # the key the Trainer reports the val loss under
ADAPTER_CONFIG = "adapter_config.json"  # PEFT's
SET_VALUED = ("target_modules", "exclude_modules")  # sets in PEFT's LoraConfig, written in set order


def sort_adapter_config(folder: Path) -> None:
    """Write the set-valued fields of PEFT's adapter_config.json sorted: PEFT writes them in set order,
    which changes with the string hash seed of each process, so two identical runs wrote two files."""
    path = folder / ADAPTER_CONFIG
    if not path.is_file():
        return
    config = read_json(path)
    for key in SET_VALUED:
        if isinstance(config.get(key), list):
            config[key] = sorted(config[key])
    write_json(path, config)


def _improved(loss: float, best: float) -> bool:
    return not math.isnan(loss) and loss < best


class EarlyStopping(TrainerCallback):
    """Stop after `patience` evaluations in a row without a val loss below the best so far."""

    def __init__(self, patience: int) -> None:
        self.patience = patience
        self.best = math.inf
        self.bad = 0
        self.stopped_at: int | None = None

    def observe(self, loss: float) -> bool:
        """Count one evaluation; True when training should stop."""
        if _improved(loss, self.best):
            self.best, self.bad = loss, 0
        else:
            self.bad += 1
        return self.bad >= self.patience

    def on_train_begin(self, args, state, control, **kwargs):
        self.best, self.bad, self.stopped_at = math.inf, 0, None
        for row in state.log_history:  # evaluations before a resumed checkpoint still count
            if EVAL_LOSS in row:
                self.observe(row[EVAL_LOSS])

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        if metrics and EVAL_LOSS in metrics and self.observe(metrics[EVAL_LOSS]):
            control.should_training_stop = True
            self.stopped_at = state.global_step


class BestAdapter(TrainerCallback):
    """Save the adapter to `best_dir` (atomically, with its metadata) whenever val loss improves."""

    def __init__(self, best_dir: Path, write_metadata: Callable[[Path, float, int, float], None],
                 best_loss: float = math.inf) -> None:
        self.best_dir = best_dir
        self.write_metadata = write_metadata
        self.best_loss = best_loss
        self.best_step: int | None = None

    def on_evaluate(self, args, state, control, metrics=None, model=None, **kwargs):
        loss = (metrics or {}).get(EVAL_LOSS, math.nan)
        if not _improved(loss, self.best_loss):
            return
        self.best_loss, self.best_step = loss, state.global_step
        if state.is_world_process_zero:
            with atomic_dir(self.best_dir) as tmp:
                model.save_pretrained(str(tmp))  # PEFT: the adapter weights and adapter_config.json only
                sort_adapter_config(tmp)
                self.write_metadata(tmp, loss, state.global_step, state.epoch)


class SortedAdapterConfig(TrainerCallback):
    """Each checkpoint's adapter_config.json with its set-valued fields sorted (sort_adapter_config)."""

    def on_save(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            sort_adapter_config(Path(args.output_dir) / f"{PREFIX_CHECKPOINT_DIR}-{state.global_step}")


class Throughput(TrainerCallback):
    """Training-only wall time and non-pad tokens (evaluation and checkpoint saving excluded)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.tokens = 0
        self._t0: float | None = None
        self._tokens_at_begin = 0
        self.window_seconds = 0.0
        self.window_tokens = 0
        self.last_rate = 0.0

    def on_train_begin(self, args, state, control, **kwargs):
        self.seconds, self.tokens, self.window_seconds, self.window_tokens = 0.0, 0, 0.0, 0
        self._tokens_at_begin = state.num_input_tokens_seen

    def on_step_begin(self, args, state, control, **kwargs):
        self._t0 = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if self._t0 is None:
            return
        spent = time.perf_counter() - self._t0
        tokens = state.num_input_tokens_seen - self._tokens_at_begin - self.tokens
        self.seconds += spent
        self.tokens += tokens
        self.window_seconds += spent
        self.window_tokens += tokens
        self._t0 = None

    def take_window(self) -> float:
        """Tokens/s since the last call (the interval between two metrics rows)."""
        if self.window_seconds > 0:
            self.last_rate = self.window_tokens / self.window_seconds
        self.window_seconds, self.window_tokens = 0.0, 0
        return self.last_rate

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


class MetricsLog(TrainerCallback):
    """train/metrics.jsonl: one row per logged step and per evaluation, rewritten atomically.

    Rows: step, epoch, and either train_loss, lr, grad_norm, tokens_per_s (non-pad, since the
    previous row) or val_loss, eval_s; plus peak_rss_mb (and GPU memory where there is one). A
    resumed run drops rows past its checkpoint (they are recomputed) and adds a `resume` event.
    """

    def __init__(self, path: Path, throughput: Throughput, previous: list[dict[str, Any]] | None = None) -> None:
        self.path = path
        self.throughput = throughput
        self.rows: list[dict[str, Any]] = list(previous or [])

    def on_train_begin(self, args, state, control, **kwargs):
        self.rows = [r for r in self.rows if r.get("step", 0) <= state.global_step]
        if state.global_step:
            self._add(state, {"event": "resume"})

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if "loss" in logs:
            row = {"train_loss": logs["loss"], "lr": logs.get("learning_rate"), "grad_norm": logs.get("grad_norm"),
                   "tokens_per_s": round(self.throughput.take_window(), 1)}
        elif EVAL_LOSS in logs:
            row = {"val_loss": logs[EVAL_LOSS], "eval_s": logs.get("eval_runtime")}
        else:
            return
        self._add(state, row)

    def _add(self, state, row: dict[str, Any]) -> None:
        if not state.is_world_process_zero:
            return
        row = {"step": state.global_step, "epoch": round(state.epoch or 0.0, 4), **row,
               "peak_rss_mb": round(peak_rss() / 2**20, 1)}
        gpu = gpu_memory()
        if gpu:
            row["gpu_peak_mb"] = round(gpu["peak_allocated"] / 2**20, 1)
        self.rows.append(row)
        write_jsonl(self.path, self.rows)


class RichProgress(TrainerCallback):
    """A progress bar with ETA, tokens/s and the latest losses (main process only)."""

    def __init__(self, console: Any, throughput: Throughput) -> None:
        self.console = console
        self.throughput = throughput
        self.progress = None
        self.task = None

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]train[/bold]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[loss]}"), console=self.console, transient=False,
        )
        self.task = self.progress.add_task("train", total=state.max_steps, completed=state.global_step,
                                           rate="", loss="")
        self.progress.start()

    def on_step_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.update(self.task, completed=state.global_step,
                                 rate=f"{self.throughput.tokens_per_second:,.0f} tok/s")

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.progress is None or not logs:
            return
        fields = self.progress.tasks[0].fields
        parts = dict(part.split("=", 1) for part in fields["loss"].split() if "=" in part)
        if "loss" in logs:
            parts["loss"] = f"{logs['loss']:.4f}"
        if EVAL_LOSS in logs:
            parts["val"] = f"{logs[EVAL_LOSS]:.4f}"
        self.progress.update(self.task, loss=" ".join(f"{k}={v}" for k, v in parts.items()))

    def on_train_end(self, args, state, control, **kwargs):
        self.close()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
