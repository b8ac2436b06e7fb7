"""Checkpoints of the train stage: which are complete, and where a rerun resumes.

The Trainer writes a checkpoint folder in place (not atomically); trainer_state.json is written
last, so a folder with every file and a parsable trainer_state.json is complete. A rerun resumes
from the last complete checkpoint of a run with the same identity (config, data, base model) and
refuses, naming the differences, to continue one of another identity.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from roletune.config import config_differences
from roletune.errors import UserError
from roletune.files import read_json, write_json
from roletune.layout import BEST_DIR, CHECKPOINTS_DIR, TRAIN_DIR, TRAIN_METRICS_FILE, TRAIN_RUN_FILE
from roletune.train.model import now

CHECKPOINT_PREFIX = "checkpoint-"
# Files a checkpoint needs to resume (trainer_state.json last, see above).
CHECKPOINT_FILES = ("adapter_model.safetensors", "optimizer.pt", "scheduler.pt", "trainer_state.json")


def wipe(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def complete_checkpoints(directory: Path) -> tuple[list[Path], list[Path]]:
    """(complete, incomplete) checkpoint folders, oldest first."""
    if not directory.is_dir():
        return [], []
    found = sorted((p for p in directory.glob(f"{CHECKPOINT_PREFIX}*") if p.is_dir()
                    and p.name[len(CHECKPOINT_PREFIX):].isdigit()), key=lambda p: int(p.name[len(CHECKPOINT_PREFIX):]))
    complete, incomplete = [], []
    for p in found:
        ok = all((p / f).is_file() for f in CHECKPOINT_FILES)
        if ok:
            try:
                json.loads((p / "trainer_state.json").read_text())
            except (OSError, ValueError):
                ok = False
        (complete if ok else incomplete).append(p)
    return complete, incomplete


def checkpoint_state(checkpoint: Path) -> dict[str, Any]:
    return json.loads((checkpoint / "trainer_state.json").read_text())


def run_finished(checkpoint: Path, patience: int) -> bool:
    """Whether the run had already ended at this checkpoint (all steps, or early-stopped)."""
    from roletune.train.callbacks import EVAL_LOSS, EarlyStopping

    state = checkpoint_state(checkpoint)
    if state["global_step"] >= state["max_steps"]:
        return True
    early = EarlyStopping(patience)
    return any(early.observe(row[EVAL_LOSS]) for row in state["log_history"] if EVAL_LOSS in row)


def resume_point(ctx: Any, identity: dict[str, Any], main: bool) -> Path | None:
    """The checkpoint to resume from, or None to start; refuses to mix runs of different identity."""
    train_dir = ctx.path(TRAIN_DIR)
    run_file = ctx.path(TRAIN_RUN_FILE)
    complete, incomplete = complete_checkpoints(ctx.path(CHECKPOINTS_DIR))
    previous = read_json(run_file) if run_file.is_file() else None
    leftovers = [p for p in (ctx.path(BEST_DIR), ctx.path(TRAIN_METRICS_FILE), *complete) if p.exists()]
    if (previous is not None and previous.get("identity") != identity) or (previous is None and leftovers):
        differences = (config_differences(previous.get("identity", {}), identity) if previous
                       else ["(no record of the previous run: train/run.json is missing)"])
        raise UserError(
            f"{train_dir} holds a training run of a different config, data or base model:\n  "
            + "\n  ".join(differences),
            hint="rerun it from scratch with `--force train`, or use a new --run-dir",
        )
    if main:
        for p in incomplete:  # the Trainer was killed while writing it
            ctx.console.print(f"[yellow]removing incomplete checkpoint {p.name} (interrupted while saving)[/yellow]")
            shutil.rmtree(p, ignore_errors=True)
    if complete:
        state = checkpoint_state(complete[-1])
        if main:
            ctx.console.print(f"[bold]resuming[/bold] from {complete[-1].name}: step {state['global_step']} of "
                              f"{state['max_steps']} (optimizer, scheduler and RNG state restored)")
        return complete[-1]
    if main:
        if previous is not None and leftovers:
            ctx.console.print("[yellow]no complete checkpoint from the previous attempt: starting again from step 0"
                              "[/yellow]")
        for p in leftovers:
            wipe(p) if p.is_dir() else p.unlink()
        write_json(run_file, {"identity": identity, "created": now()})
    return None
