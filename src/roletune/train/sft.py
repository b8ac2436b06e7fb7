"""The `train` stage: LoRA supervised fine-tuning with the transformers Trainer and PEFT.

We use `transformers.Trainer` (not TRL's SFTTrainer: `prepare` already renders, tokenizes and
masks the examples, which is most of what SFTTrainer adds) and extend it at three documented
points only — the train sampler, `compute_loss` and callbacks — on a PEFT LoRA model made lean
for training (kernels/lean.py: dropout fused into LoRA's A projection, the LM head applied inside
the loss on labelled positions only; same numbers, about half the activation memory):

- loss on assistant tokens only: the labels from `prepare` are -100 elsewhere; with gradient
  accumulation the loss is divided by the labelled tokens of the whole global batch, so every
  token weighs the same whatever the micro-batching or the number of processes;
- dynamic padding to the longest row of each micro-batch, in length-grouped batches whose order
  depends only on (seed, epoch) (batching.py), never padding to data.max_length;
- evaluation every `eval_steps` (default: each epoch and at least `min_evals` times), early
  stopping, the adapter of lowest val loss in train/best/ with its metadata (callbacks.py);
- checkpoints (optimizer, scheduler, RNG) every save_steps or at each evaluation, the last
  `keep_checkpoints` kept; a rerun resumes from the last complete one and says so;
- `train.nproc` > 1 relaunches itself under torchrun: DDP with gloo on CPU, NCCL on GPU; with
  `train.nnodes` > 1 on several machines (docs/training.md): node 0 runs the stage and hosts the
  rendezvous at `train.rdzv`, the others `join_training` and write nothing but what the Trainer
  writes per process (its RNG state in each checkpoint), so the run directory must be shared storage.

Outputs under runs/NAME/train/: best/, checkpoints/, metrics.jsonl, plan_vs_actual.json, run.json,
summary.json.
"""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transformers import PrinterCallback, Trainer

from roletune.config import Config, load_config
from roletune.data.chat import IGNORE_INDEX
from roletune.errors import RoletuneError, UserError
from roletune.files import read_json, read_jsonl, sha256_file, write_json, write_text
from roletune.layout import (
    ADAPTER_META,
    BEST_DIR,
    CHECKPOINTS_DIR,
    LAUNCH_CONFIG,
    PLAN_VS_ACTUAL_FILE,
    TOKEN_FILES,
    TRAIN_DIR,
    TRAIN_METRICS_FILE,
    TRAIN_SUMMARY_FILE,
)
from roletune.proc_memory import current_rss, peak_rss, reset_peak_rss
from roletune.train import TRAIN_READS
from roletune.train.batching import (
    DynamicPadCollator,
    EpochSampler,
    TokenDataset,
    read_token_rows,
)
from roletune.train.checkpoints import checkpoint_state, resume_point, run_finished, wipe
from roletune.train.kernels.lean import head_weight, summed_loss
from roletune.train.model import AdapterMeta, base_fingerprint, load_lora_model, now, resolve_device
from roletune.train.plan.memory import gpu_memory, heap_kept_for_training

# train.scheduler → the Trainer's lr_scheduler_type (all with linear warm-up)
SCHEDULERS = {"cosine": "cosine", "linear": "linear", "constant": "constant_with_warmup"}


def train(ctx: Any) -> dict[str, Any]:
    """Fine-tune LoRA adapters on data/*.tokens.jsonl; write train/ and return the stage summary."""
    import torch

    config: Config = ctx.config
    _check_trackers(config.train.report_to)
    if ctx.replace:  # the pipeline asks for a fresh run (--force train, or prepare ran again)
        wipe(ctx.path(TRAIN_DIR))
    if (config.train.nproc > 1 or config.train.nnodes > 1) and "WORLD_SIZE" not in os.environ:
        return _launch_distributed(ctx)
    threads = torch.get_num_threads()
    on_cpu = resolve_device(config.train.precision)[0] == "cpu"
    try:
        with heap_kept_for_training() if on_cpu else contextlib.nullcontext():
            return _train(ctx)
    finally:
        torch.set_num_threads(threads)  # train.threads is for this stage, not for the caller's process


# train.report_to → the module the Trainer's integration needs (pyproject extra `tracking`)
TRACKER_MODULES = {"tensorboard": "tensorboard", "mlflow": "mlflow"}


def _check_trackers(trackers: list[str]) -> None:
    import importlib.util

    missing = [t for t in trackers if importlib.util.find_spec(TRACKER_MODULES[t]) is None]
    if missing:
        raise UserError(f"train.report_to: {', '.join(missing)} is not installed",
                        hint="pip install 'roletune[tracking]', or drop it from train.report_to")


# -- the training run -------------------------------------------------------------------------------


@dataclass
class _Run:
    """What the pieces of one training run share."""

    ctx: Any
    config: Config
    model_dir: Path
    fingerprint: dict[str, Any]
    data_sha: dict[str, str]
    device: str
    dtype: str
    world: int
    main: bool  # rank 0: the process that writes and reports


def _train(ctx: Any) -> dict[str, Any]:
    import torch
    from transformers import set_seed

    from roletune.hf import base_model_dir, load_tokenizer
    from roletune.train.plan.plan import plan, render_plan

    config: Config = ctx.config
    tc = config.train
    world = int(os.environ.get("WORLD_SIZE", "1"))
    main = int(os.environ.get("RANK", "0")) == 0
    torch.set_num_threads(thread_count(tc.threads, int(os.environ.get("LOCAL_WORLD_SIZE", world))))

    model_dir = base_model_dir(config)
    _check_shared_run_dir(ctx)
    train_rows = read_token_rows(ctx.path(TOKEN_FILES["train"]))
    # Val sorted by length: evaluation batches pad little, and always the same way.
    val_rows = sorted(read_token_rows(ctx.path(TOKEN_FILES["val"])), key=lambda r: len(r["input_ids"]))
    data_sha = {split: sha256_file(ctx.path(rel)) for split, rel in TOKEN_FILES.items()}
    fingerprint = base_fingerprint(model_dir)
    identity = {"config": config.subset(TRAIN_READS), "data_sha256": data_sha,
                "base_fingerprint": fingerprint["fingerprint"]}
    resume = resume_point(ctx, identity, main)
    device, dtype = resolve_device(tc.precision)
    run = _Run(ctx, config, model_dir, fingerprint, data_sha, device, dtype, world, main)
    if device == "cpu" and dtype != "fp32" and main:
        ctx.console.print(f"[yellow]train.precision={dtype} on CPU: without AVX-512 BF16 this is ~100× slower "
                          "than fp32[/yellow]")

    if (device, dtype) == ("cpu", "fp32"):
        from roletune.train.kernels.build import extension

        extension()  # built once per machine (~40 s), before the plan, which only uses a build that is there
    reset_peak_rss()
    baseline = current_rss()
    t_start = time.perf_counter()
    model = load_lora_model(model_dir, config, device, dtype)
    tokenizer = load_tokenizer(model_dir, trust_remote_code=config.model.trust_remote_code)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)
    the_plan = None
    if main:  # one process times the model; the others wait for it at DDP's first collective
        the_plan = plan(config, [len(r["input_ids"]) for r in train_rows],
                        val_lengths=[len(r["input_ids"]) for r in val_rows], run_dir=ctx.root, model=model,
                        baseline_rss=baseline, world_size=world)
        ctx.console.print(render_plan(the_plan))
    set_seed(tc.seed)  # the plan's timed step drew dropout masks from the global RNG

    live = _Live(run, resume)
    trainer = RoletuneTrainer(
        model=model, args=_training_arguments(run, len(train_rows)),
        train_dataset=TokenDataset(train_rows), eval_dataset=TokenDataset(val_rows),
        data_collator=DynamicPadCollator(pad_id), callbacks=live.callbacks(),
        group_size=tc.batch_size * tc.grad_accum * world if tc.group_by_length else None,
        eval_tokens_per_row=labelled_tokens(val_rows) / len(val_rows),
    )
    trainer.remove_callback(PrinterCallback)  # it prints every log dict; metrics.jsonl and the bar have them

    # Read before training: rotation may delete the checkpoint we resumed from.
    resumed = checkpoint_state(resume) if resume else None
    finished = resume is not None and run_finished(resume, tc.early_stopping_patience)
    t_train = time.perf_counter()
    if finished:
        if main:
            ctx.console.print(f"[dim]training already finished at {resume.name}; nothing to resume[/dim]")
    else:
        try:
            trainer.train(resume_from_checkpoint=str(resume) if resume else None)
        finally:
            live.progress.close()
    train_seconds = time.perf_counter() - t_train
    if not main:
        return {}
    end = resumed if finished else {"global_step": trainer.state.global_step, "epoch": trainer.state.epoch,
                                    "max_steps": trainer.state.max_steps}
    epochs_here = (end["epoch"] or 0.0) - (resumed["epoch"] if resumed else 0.0)
    _write_plan_vs_actual(ctx, the_plan, epochs_here, train_seconds, live.throughput, finished)
    return _summary(run, live, end, resumed, finished, t_start)


def _training_arguments(run: _Run, n_train: int) -> Any:
    from transformers import TrainingArguments

    from roletune.train.plan.plan import schedule

    tc = run.config.train
    sched = schedule(n_train, tc.batch_size, tc.grad_accum, run.world, tc.epochs, tc.max_steps, tc.eval_steps,
                     tc.min_evals)
    return TrainingArguments(
        output_dir=str(run.ctx.path(CHECKPOINTS_DIR)),
        per_device_train_batch_size=tc.batch_size,
        per_device_eval_batch_size=tc.batch_size,
        gradient_accumulation_steps=tc.grad_accum,
        num_train_epochs=tc.epochs,
        max_steps=tc.max_steps or -1,
        learning_rate=tc.lr,
        weight_decay=tc.weight_decay,
        lr_scheduler_type=SCHEDULERS[tc.scheduler],
        warmup_steps=tc.warmup_ratio,  # a float below 1 is a share of the total steps
        optim="adamw_torch",
        eval_strategy="steps",
        eval_steps=sched["eval_steps"],
        save_strategy="steps",
        save_steps=tc.save_steps or sched["eval_steps"],
        save_total_limit=tc.keep_checkpoints,  # the best adapter lives in train/best/ besides these
        logging_strategy="steps",
        logging_steps=1,
        report_to=list(tc.report_to) or "none",
        disable_tqdm=True,  # our own progress bar (callbacks.RichProgress)
        seed=tc.seed,
        data_seed=tc.seed,
        use_cpu=run.device == "cpu",
        bf16=run.dtype == "bf16",
        fp16=run.dtype == "fp16",
        remove_unused_columns=False,
        include_num_input_tokens_seen="non_padding",
        prediction_loss_only=True,
        dataloader_num_workers=0,
        ddp_backend=("gloo" if run.device == "cpu" else "nccl") if run.world > 1 else None,
        ddp_find_unused_parameters=False,
    )


class _Live:
    """The callbacks of a run and what the summary reads back from them."""

    def __init__(self, run: _Run, resume: Path | None) -> None:
        from roletune.train.callbacks import (
            BestAdapter,
            EarlyStopping,
            MetricsLog,
            RichProgress,
            SortedAdapterConfig,
            Throughput,
        )

        self.run = run
        self.best_dir = run.ctx.path(BEST_DIR)
        self.throughput = Throughput()
        self.sorted_adapter_config = SortedAdapterConfig()
        self.progress = RichProgress(run.ctx.console, self.throughput)
        self.early = EarlyStopping(run.config.train.early_stopping_patience)
        previous_best = (AdapterMeta.read(self.best_dir).val_loss
                         if (self.best_dir / ADAPTER_META).is_file() else math.inf)
        self.best = BestAdapter(self.best_dir, self._write_metadata, previous_best)
        metrics_path = run.ctx.path(TRAIN_METRICS_FILE)
        previous_rows = read_jsonl(metrics_path, missing_ok=True) if resume else []
        self.metrics = MetricsLog(metrics_path, self.throughput, previous_rows)

    def callbacks(self) -> list[Any]:
        return [self.throughput, self.early, self.best, self.sorted_adapter_config, self.metrics, self.progress]

    def _write_metadata(self, directory: Path, loss: float, step: int, epoch: float) -> None:
        run = self.run
        AdapterMeta(base_model=str(run.model_dir), base_name=run.config.model.base, base_fingerprint=run.fingerprint,
                    lora=run.config.lora.model_dump(mode="json"), precision=run.dtype, val_loss=float(loss), step=step,
                    epoch=float(epoch or 0.0), data_sha256=run.data_sha,
                    train=run.config.train.model_dump(mode="json"), created=now()).write(directory)


def _summary(run: _Run, live: _Live, end: dict[str, Any], resumed: dict[str, Any] | None, finished: bool,
             t_start: float) -> dict[str, Any]:
    if not (live.best_dir / ADAPTER_META).is_file():
        raise RoletuneError("training ended without an evaluation, so there is no best adapter",
                            hint="set train.eval_steps or train.min_evals")
    best = AdapterMeta.read(live.best_dir)
    summary = {
        "steps": end["global_step"],
        "total_steps": end["max_steps"],
        "epochs": round(end["epoch"] or 0.0, 4),
        "stopped_early": live.early.stopped_at is not None or (finished and end["global_step"] < end["max_steps"]),
        "resumed_from_step": resumed["global_step"] if resumed else None,
        "best_val_loss": best.val_loss,
        "best_step": best.step,
        "tokens_per_s": round(live.throughput.tokens_per_second, 1),
        "peak_rss_mb": round(peak_rss() / 2**20, 1),
        "seconds": round(time.perf_counter() - t_start, 1),
        "world_size": run.world,
        "device": run.device,
        "precision": run.dtype,
    }
    write_json(run.ctx.path(TRAIN_SUMMARY_FILE), summary)
    return summary


class RoletuneTrainer(Trainer):
    """The Trainer with our sampler (batching.EpochSampler) and our loss (compute_loss)."""

    def __init__(self, *args: Any, group_size: int | None, eval_tokens_per_row: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_size = group_size
        self.eval_tokens_per_row = eval_tokens_per_row
        self.head_weight = head_weight(self.model)  # set when the LM head runs inside the loss

    def _get_train_sampler(self, train_dataset=None):
        dataset = train_dataset if train_dataset is not None else self.train_dataset
        return EpochSampler(dataset.lengths, self.group_size, self.args.seed)

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        # Rows are right-padded and attention is causal, so no real token can attend to a pad
        # (every pad comes after it), and pads carry label -100: the padding mask changes no
        # number the loss sees. Without it SDPA takes its is_causal kernel (GQA without repeating
        # K/V) instead of building and keeping a B×T×T float mask in every layer. The mask stays
        # in `inputs` for the Trainer's count of non-pad tokens.
        labels = inputs["labels"]
        total, outputs = summed_loss(model, inputs["input_ids"], labels, self.head_weight)
        if model.training:
            # As transformers' causal-LM loss: summed over the labelled tokens of the whole global
            # batch (the Trainer counts them over accumulation steps and processes) and divided by
            # their number; × processes because DDP averages the processes' gradients.
            if num_items_in_batch is None:
                num_items_in_batch = (labels[:, 1:] != IGNORE_INDEX).sum().clamp(min=1)
                scale = 1
            else:
                scale = self.accelerator.num_processes if self.args.average_tokens_across_devices else 1
            loss = total / num_items_in_batch * scale
        else:
            # The Trainer averages evaluation losses per row (each batch's loss counted once per
            # row), so a per-batch mean would make val loss depend on batching and process count.
            # Dividing by rows × (labelled tokens per val row) makes that average the loss per
            # labelled token of the whole val set, whatever the batch size or process count.
            loss = total / (labels.shape[0] * self.eval_tokens_per_row)
        return (loss, outputs) if return_outputs else loss


def labelled_tokens(rows: list[dict[str, Any]]) -> int:
    """Tokens that get a loss: labelled positions after the first (the loss shifts labels by one)."""
    return sum(sum(1 for x in r["labels"][1:] if x != IGNORE_INDEX) for r in rows)


# -- figures ------------------------------------------------------------------------------------------


def _write_plan_vs_actual(ctx: Any, the_plan: Any, epochs: float, seconds: float, throughput: Any,
                          finished: bool) -> None:
    gpu = gpu_memory()
    measured = {
        "peak_rss_bytes": peak_rss(),
        "epochs": round(epochs, 4),
        "seconds": round(seconds, 2),
        "seconds_per_epoch": round(seconds / epochs, 2) if epochs > 0 else None,
        "train_seconds_per_epoch": round(throughput.seconds / epochs, 2) if epochs > 0 else None,
        "tokens_per_s": round(throughput.tokens_per_second, 1),
    }
    if gpu:
        measured["gpu_peak_allocated_bytes"] = gpu["peak_allocated"]
    predicted = {
        "peak_bytes": the_plan.peak_bytes,
        "seconds_per_epoch": round(the_plan.seconds_per_epoch, 2),
        "train_seconds_per_epoch": round(the_plan.train_seconds_per_epoch, 2),
        "eval_seconds_per_epoch": round(the_plan.eval_seconds_per_epoch, 2),
        "memory": the_plan.memory,
        "rate_flops": the_plan.rate_flops,
        "rate_source": the_plan.rate_source,
        "device": the_plan.device,
    }
    measured_peak = measured.get("gpu_peak_allocated_bytes", measured["peak_rss_bytes"])
    ratio = {"peak_memory": round(measured_peak / the_plan.peak_bytes, 3)}
    if measured["seconds_per_epoch"]:
        ratio["seconds_per_epoch"] = round(measured["seconds_per_epoch"] / the_plan.seconds_per_epoch, 3)
    note = ("nothing trained in this process (already finished)" if finished else
            "measured over the epochs trained in this process (a resumed run covers only its remainder)")
    write_json(ctx.path(PLAN_VS_ACTUAL_FILE), {"predicted": predicted, "measured": measured,
                                               "measured_over_predicted": ratio, "note": note})


def thread_count(config_threads: int | None, world: int) -> int:
    """Torch threads per process: train.threads (default: all cores) shared among DDP processes."""
    total = config_threads or os.cpu_count() or 1
    return max(1, total // max(world, 1))


# -- DDP, on one machine or several -----------------------------------------------------------------


def _launch_distributed(ctx: Any) -> dict[str, Any]:
    """Run this stage under torchrun (train.nproc processes on each of train.nnodes machines) and return rank 0's
    summary. Node 0 runs this; the other nodes run join_training."""
    config: Config = ctx.config
    launch = ctx.path(LAUNCH_CONFIG)
    write_text(launch, config.to_yaml())
    _torchrun(ctx, launch)
    return read_json(ctx.path(TRAIN_SUMMARY_FILE))


def join_training(ctx: Any) -> None:
    """This machine's share of a multi-node run (train.node_rank > 0): its train.nproc processes join node 0's at
    train.rdzv and train until node 0's stage ends. It writes nothing in the run directory itself (the Trainer's
    processes write their RNG state into node 0's checkpoints); its launch config goes to a temporary folder."""
    import tempfile

    config: Config = ctx.config
    with tempfile.TemporaryDirectory(prefix="roletune-node-") as tmp:
        launch = Path(tmp) / Path(LAUNCH_CONFIG).name
        write_text(launch, config.to_yaml())
        _torchrun(ctx, launch)


def torchrun_args(tc: Any) -> list[str]:
    """torchrun's options for train.nproc / train.nnodes / train.node_rank / train.rdzv.

    Several nodes use the static rendezvous (node 0 hosts it at train.rdzv): global ranks follow node_rank, so
    node 0 holds rank 0, the process that writes the run directory.
    """
    if tc.nnodes == 1:
        return ["--standalone", f"--nproc_per_node={tc.nproc}"]
    if tc.rdzv is None:
        raise UserError(f"train.nnodes={tc.nnodes} needs train.rdzv: node 0's host:port, which every node reaches",
                        hint="set the same train.rdzv on every node, e.g. --set train.rdzv=10.0.0.1:29500 "
                             "(node 0's address and a free port on it)")
    host, port = tc.rdzv_endpoint()
    return [f"--nnodes={tc.nnodes}", f"--node_rank={tc.node_rank}", f"--nproc_per_node={tc.nproc}",
            "--rdzv_backend=static", f"--master_addr={host}", f"--master_port={port}"]


def _torchrun(ctx: Any, launch: Path) -> None:
    config: Config = ctx.config
    tc = config.train
    command = [sys.executable, "-m", "torch.distributed.run", *torchrun_args(tc),
               "-m", "roletune.train.sft", str(launch), str(ctx.root), str(config.source or "")]
    backend = "gloo" if _no_cuda() else "nccl"
    where = f" × {tc.nnodes} nodes (this is node {tc.node_rank}, rendezvous {tc.rdzv})" if tc.nnodes > 1 else ""
    ctx.console.print(f"[dim]DDP: {tc.nproc} process(es){where} ({backend}) via torchrun[/dim]")
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise RoletuneError(f"distributed training failed (torchrun exit {result.returncode})",
                            hint="the processes' own errors are printed above" + (
                                "; every node must run the same config with its own train.node_rank, and "
                                f"reach {tc.rdzv}" if tc.nnodes > 1 else ""))


def _check_shared_run_dir(ctx: Any) -> None:
    """On a node other than 0, the prepared data node 0 wrote must be here: the run directory is shared storage."""
    node = int(os.environ.get("GROUP_RANK", "0"))  # torchrun's node rank
    data = ctx.path(TOKEN_FILES["train"])
    if node > 0 and not data.is_file():
        raise UserError(f"node {node} does not see {data}, which node 0 prepared: the run directory must be on "
                        "storage every node mounts at the same path",
                        hint="put run.dir on shared storage (NFS or similar) and give every node the same config")


def _no_cuda() -> bool:
    import torch

    return not torch.cuda.is_available()


def _worker_main(argv: list[str]) -> None:
    """Entry point of each torchrun process: CONFIG_YAML RUN_DIR [ORIGINAL_CONFIG_PATH]."""
    from rich.console import Console

    from roletune.context import RunContext
    from roletune.hf import QUIET_ENV, quiet_transformers

    if all(os.environ.get(k) == v for k, v in QUIET_ENV.items()):  # the launching process is quiet (the CLI)
        quiet_transformers()  # its warning filter is not inherited, only its environment
    config = load_config(argv[0])
    # Paths in the config resolve against the user's config file, not the copy in train/.
    config.source = Path(argv[2]) if len(argv) > 2 and argv[2] else None
    ctx = RunContext(config=config, root=Path(argv[1]), console=Console(stderr=True))
    try:
        _train(ctx)
    except RoletuneError as exc:
        print(f"error: {exc}" + (f"\nhint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    _worker_main(sys.argv[1:])
