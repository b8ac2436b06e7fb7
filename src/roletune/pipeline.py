"""Stage order, the run directory, its manifest, and resume.

`run_pipeline` runs the stages of STAGES in order. A stage is skipped when it finished before with
the same config (the hash of the keys it reads), the same inputs (sha256) and its outputs intact.
A stage that was interrupted runs again (it may resume from its own checkpoints). A finished stage
whose config differs is never overwritten silently: the run stops, says what differs and names the
flag that reruns it. Once a stage runs, every later stage runs too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import importlib
import importlib.metadata
import shutil
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from roletune import __version__
from roletune.config import Config, config_differences
from roletune.context import RunContext
from roletune.errors import RoletuneError, StaleOutputError, UserError
from roletune.files import read_json, remove_stale_temporaries, sha256_tree, write_json, write_text
from roletune.layout import (
    AUGMENT_DIR,
    AUGMENTED_FILE,
    BEST_DIR,
    CHECKPOINTS_DIR,
    CONFIG_FILE,
    DATA_DIR,
    DECISION_FILE,
    EVAL_METRICS_FILE,
    IMATRIX_FILE,
    KLD_FILE,
    LAUNCH_CONFIG,
    MANIFEST_FILE,
    MERGED_DIR,
    MODEL,
    PARITY_FILE,
    PARTIAL_ANSWERS,
    PLAN_VS_ACTUAL_FILE,
    PREDICTIONS_FILE,
    REPORT_FILE,
    SMOKE_FILE,
    SUMMARY_FILE,
    TOKEN_FILES,
    TRAIN_METRICS_FILE,
    TRAIN_RUN_FILE,
    TRAIN_SUMMARY_FILE,
    VERIFY_DIR,
    candidate,
    converted,
    gguf_file,
    quantize_log_file,
    quantized,
    split_file,
)
from roletune.train import TRAIN_READS

LIBRARIES = ("torch", "transformers", "peft", "accelerate", "gguf", "llama_cpp_python", "pydantic")


@dataclass(frozen=True)
class Stage:
    """One row of the stage table."""

    name: str
    target: str  # "module:function", imported lazily so `--help` stays light
    summary: str  # one line for --help
    reads: tuple[str, ...]  # dotted config keys the stage depends on
    outputs: tuple[str, ...] | Callable[[Config], tuple[str, ...]]  # run-relative files or directories it writes
    uses: tuple[str, ...] | Callable[[Config], tuple[str, ...]] = ()  # run-relative outputs of earlier stages it reads
    external: Callable[[Config], list[Path]] | None = None  # files outside the run dir it reads
    when: str | None = None  # an optional stage: the dotted boolean config key that turns it on
    # Config keys that change how the stage runs, not what it writes: read, but not hashed, so that
    # changing one (more threads, checkpointing on after an out-of-memory kill) resumes instead of rerunning.
    how: tuple[str, ...] = ()
    # Run-relative files and folders the stage keeps for itself (checkpoints, logs, resume records):
    # neither an output the next stages read nor an input.
    work: tuple[str, ...] | Callable[[Config], tuple[str, ...]] = ()

    def work_for(self, config: Config) -> tuple[str, ...]:
        return self.work(config) if callable(self.work) else self.work

    def enabled(self, config: Config) -> bool:
        return self.when is None or bool(config.get(self.when))

    def outputs_for(self, config: Config) -> tuple[str, ...]:
        return self.outputs(config) if callable(self.outputs) else self.outputs

    def uses_for(self, config: Config) -> tuple[str, ...]:
        return self.uses(config) if callable(self.uses) else self.uses

    def function(self) -> Callable[[RunContext], dict[str, Any] | None]:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)


def _data_files(config: Config) -> list[Path]:
    from roletune.data.prepare import input_files

    return input_files(config)[0]


# The data keys that decide which examples are train, val and test, and how they read (not data.max_length,
# data.balance…: changing those must not make the augment stage's finished output stale).
AUGMENT_DATA_KEYS = ("data.files", "data.format", "data.role_field", "data.role_by_system_prompt", "data.default_role",
                     "data.split_ratios", "data.train", "data.val", "data.test", "data.near_duplicate_threshold")


def _augment_inputs(config: Config) -> list[Path]:
    from roletune.augment.stage import PROMPT_FILE

    prompt = config.resolve_path(config.augment.prompt) if config.augment.prompt else PROMPT_FILE
    a = config.augment
    teacher = [config.resolve_path(a.gguf)] if a.gguf else [] if a.url else _base_model(config)  # served locally
    return [*_data_files(config), prompt, *teacher]


def _augmented(config: Config) -> tuple[str, ...]:
    return (AUGMENTED_FILE,) if config.data.augment else ()


def _base_model(config: Config) -> list[Path]:
    from roletune.hf import base_model_dir

    return [base_model_dir(config)]


def _converted(config: Config) -> tuple[str, ...]:
    return tuple(gguf_file(c) for c in converted(config.export.outtype))


def _quantized(config: Config) -> tuple[str, ...]:
    return tuple(gguf_file(c) for c in quantized(config.export.quant_types))


def _candidates(config: Config) -> tuple[str, ...]:
    return (gguf_file(candidate(MODEL, config.export.outtype)), *_quantized(config))


def _quantize_inputs(config: Config) -> tuple[str, ...]:
    # The importance matrix is computed by running the merged model over the training tokens.
    return _converted(config) + ((MERGED_DIR, TOKEN_FILES["train"]) if config.export.imatrix else ())


def _quantize_outputs(config: Config) -> tuple[str, ...]:
    return _quantized(config) + ((IMATRIX_FILE,) if config.export.imatrix else ())


def _quantize_logs(config: Config) -> tuple[str, ...]:
    return tuple(quantize_log_file(c) for c in quantized(config.export.quant_types))


# The stage table. A stage appears here once it is delivered; the CLI is built from this table.
STAGES: tuple[Stage, ...] = (
    Stage(
        name="augment",
        target="roletune.augment.stage:augment",
        summary="With data.augment: verified paraphrases of augment.roles' train examples by a teacher model.",
        # model.base: the default teacher; eval.check_timeout_s: the checks kept examples pass.
        reads=("augment", *AUGMENT_DATA_KEYS, "roles", "model.base", "eval.check_timeout_s"),
        how=("train.threads",),  # the teacher's llama-server threads
        outputs=(AUGMENT_DIR,),
        external=_augment_inputs,
        when="data.augment",
    ),
    Stage(
        name="prepare",
        target="roletune.data.prepare:prepare",
        summary="Validate, balance and render the examples: data/ with the loss mask and stats.",
        reads=("data", "roles", "model.base", "model.thinking", "model.trust_remote_code",
               "train.seed"),  # data.balance=upsample draws its copies with train.seed
        outputs=(DATA_DIR,),
        uses=_augmented,
        external=lambda c: [*_data_files(c), *_base_model(c)],  # the base model's tokenizer renders the data
    ),
    Stage(
        name="train",
        target="roletune.train.sft:train",
        summary="LoRA fine-tune with early stopping on val loss; the best adapter in train/best.",
        reads=TRAIN_READS,
        how=("train.threads", "train.gradient_checkpointing", "train.report_to", "train.save_steps",
             "train.keep_checkpoints", "train.node_rank", "train.rdzv", "train.network_gbps"),
        outputs=(BEST_DIR, TRAIN_METRICS_FILE),
        work=(CHECKPOINTS_DIR, TRAIN_RUN_FILE, TRAIN_SUMMARY_FILE, PLAN_VS_ACTUAL_FILE, LAUNCH_CONFIG),
        uses=(TOKEN_FILES["train"], TOKEN_FILES["val"]),
        external=_base_model,
    ),
    Stage(
        name="merge",
        target="roletune.export.merge:merge",
        summary="Merge the best adapter into the base weights (fp32, checked for NaN): merged/.",
        reads=("model",),
        outputs=(MERGED_DIR,),
        uses=(BEST_DIR, TOKEN_FILES["val"]),  # the merged model's loss on a few val rows must match the adapter's
        external=_base_model,
    ),
    Stage(
        name="convert",
        target="roletune.export.convert:convert",
        summary="Convert the merged model and the base to GGUF (export.outtype).",
        reads=("model", "export.outtype", "run.name"),  # the GGUF's general.name is the run's
        outputs=_converted,
        uses=(MERGED_DIR,),
        external=_base_model,  # the base is converted too (base-<OUTTYPE>.gguf)
    ),
    Stage(
        name="quantize",
        target="roletune.export.quantize:quantize",
        summary="Quantize with llama.cpp to export.quant_types (Q4_K_M first).",
        reads=("export",),
        outputs=_quantize_outputs,
        uses=_quantize_inputs,
        work=_quantize_logs,
    ),
    Stage(
        name="verify",
        target="roletune.verify.stage:verify",
        summary="Prove the conversion (tokenizer, template, logit parity) and measure quantization KL.",
        reads=("verify", "export", "model.thinking", "data.max_length"),  # sequences are cut at data.max_length
        outputs=(VERIFY_DIR,),
        uses=lambda c: (MERGED_DIR, *_candidates(c), split_file("val")),
    ),
    Stage(
        name="smoke",
        target="roletune.evaluate.stages:smoke",
        summary="Quick check of every candidate on val prompts before the full evaluation.",
        reads=("eval", "roles", "export", "model.thinking", "train.seed", "train.threads"),
        outputs=(SMOKE_FILE,),
        work=(PARTIAL_ANSWERS,),
        uses=lambda c: (split_file("val"), *_candidates(c)),
    ),
    Stage(
        name="evaluate",
        target="roletune.evaluate.stages:evaluate",
        summary="Run every candidate on the test split; judge each answer by running its check.",
        reads=("eval", "roles", "export", "model.thinking", "train.seed", "train.threads"),
        outputs=(PREDICTIONS_FILE, EVAL_METRICS_FILE),
        work=(PARTIAL_ANSWERS,),
        uses=lambda c: (split_file("test"), *_candidates(c)),
    ),
    Stage(
        name="gate",
        target="roletune.gate:gate",
        summary="Decide deploy / iterate / abort against the thresholds and the baseline.",
        reads=("gate", "export.quant_types"),
        outputs=(DECISION_FILE,),
        uses=(EVAL_METRICS_FILE, PREDICTIONS_FILE),
    ),
    Stage(
        name="report",
        target="roletune.report.build:report",
        summary="Write report.html, summary.json and the terminal summary.",
        # roles: the Ollama commands (one model per role); serve: the llama-server command it prints.
        reads=("roles", "serve", "model.thinking", "train.seed"),  # the last two: in the llama-server command
        outputs=(REPORT_FILE, SUMMARY_FILE),
        # It also reads manifest.json (stage timings), which the pipeline rewrites after every stage.
        uses=lambda c: (DECISION_FILE, EVAL_METRICS_FILE, PREDICTIONS_FILE, SMOKE_FILE, PARITY_FILE, KLD_FILE,
                        TRAIN_METRICS_FILE, BEST_DIR, *_candidates(c)),
    ),
)


def stage_names() -> list[str]:
    return [s.name for s in STAGES]


def get_stage(name: str) -> Stage:
    for s in STAGES:
        if s.name == name:
            return s
    raise UserError(f"unknown stage {name!r}; stages: {', '.join(stage_names())}")


# -- manifest -------------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def library_versions() -> dict[str, str]:
    versions = {"roletune": __version__}
    for lib in LIBRARIES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[lib] = importlib.metadata.version(lib)
    return versions


class Manifest:
    """runs/NAME/manifest.json: per stage its status, times, config, inputs and outputs."""

    def __init__(self, root: Path) -> None:
        self.path = root / MANIFEST_FILE
        self.data: dict[str, Any] = (
            read_json(self.path) if self.path.exists() else {"roletune": __version__, "created": _now(), "stages": {}}
        )

    def stage(self, name: str) -> dict[str, Any] | None:
        return self.data["stages"].get(name)

    def set_stage(self, name: str, record: dict[str, Any]) -> None:
        self.data["stages"][name] = record
        self.data["updated"] = _now()
        self.data["versions"] = library_versions()
        write_json(self.path, self.data)


def _digests(root: Path, rels: Sequence[str]) -> dict[str, str | None]:
    return {rel: (sha256_tree(root / rel) if (root / rel).exists() else None) for rel in rels}


def _input_digests(stage: Stage, ctx: RunContext) -> dict[str, str | None]:
    digests = _digests(ctx.root, stage.uses_for(ctx.config))
    for p in stage.external(ctx.config) if stage.external else []:
        digests[str(p)] = sha256_tree(p) if p.exists() else None
    return digests


# -- running --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f"another roletune process is using {root}", hint="wait for it, or use --run-dir") from None
        yield


def _select(from_stage: str | None, to_stage: str | None) -> list[Stage]:
    names = stage_names()
    start = names.index(get_stage(from_stage).name) if from_stage else 0
    stop = names.index(get_stage(to_stage).name) if to_stage else len(names) - 1
    if start > stop:
        raise UserError(f"--from {from_stage} comes after --to {to_stage}")
    return list(STAGES[start : stop + 1])


def _check_upstream_done(stage: Stage, manifest: Manifest, config: Config) -> None:
    """A stage run alone needs every earlier stage finished."""
    for earlier in STAGES[: STAGES.index(stage)]:
        if not earlier.enabled(config):
            continue
        record = manifest.stage(earlier.name)
        if not record or record.get("status") != "done":
            raise UserError(
                f"stage {stage.name} needs {earlier.name}, which has not finished in {manifest.path.parent}",
                hint=f"run `roletune run {config.source or 'CONFIG'} --to {stage.name}`",
            )


# Stages before which the base model must be known to convert to GGUF: nothing is trained that can't ship.
CHECKS_CONVERTIBLE = ("prepare", "train")


def _check_convertible(config: Config) -> None:
    from roletune.export.support import check_convertible
    from roletune.hf import base_model_dir

    check_convertible(base_model_dir(config, weights=False))


def run_pipeline(
    config: Config,
    *,
    run_dir: Path | None = None,
    from_stage: str | None = None,
    to_stage: str | None = None,
    force: Sequence[str] = (),
    console: Console | None = None,
) -> Manifest:
    """Run the selected stages in order, skipping those already done with unchanged inputs."""
    root = (run_dir or config.run_dir()).resolve()
    ctx = RunContext(config=config, root=root, console=console or Console(stderr=True))
    forced = set(stage_names()) if "all" in force else {get_stage(f).name for f in force}
    selected = _select(from_stage, to_stage)
    if config.train.node_rank > 0:  # another machine's share of multi-node training: it writes nothing here
        return _join_training(ctx, selected, "train" in forced)
    if any(s.name in CHECKS_CONVERTIBLE for s in selected):
        _check_convertible(config)  # before the run directory is made
    with _locked(root):
        remove_stale_temporaries(root)
        manifest = Manifest(root)
        write_text(root / CONFIG_FILE, config.to_yaml())
        if from_stage:
            _check_upstream_done(selected[0], manifest, config)
        rerun_rest = False
        for stage in selected:
            if not stage.enabled(config):
                if len(selected) == 1:
                    raise UserError(f"stage {stage.name} is off in this config ({stage.when}: false)",
                                    hint=f"set `{stage.when}: true` in the config, or add --set {stage.when}=true")
                ctx.console.print(f"[dim]- {stage.name}: off ({stage.when})[/dim]")
                continue
            record = manifest.stage(stage.name) or {}
            wanted = config.subset(stage.reads)
            inputs = _input_digests(stage, ctx)
            done = record.get("status") == "done"
            same_config = record.get("config") == wanted
            if done and not same_config and stage.name not in forced and not rerun_rest:
                diffs = "\n  ".join(config_differences(record.get("config", {}), wanted))
                raise StaleOutputError(
                    f"stage {stage.name} already finished in {root} with a different config:\n  {diffs}",
                    hint=f"rerun it and every later stage with `--force {stage.name}`, or use a new --run-dir",
                )
            intact = done and record.get("outputs") == _digests(root, stage.outputs_for(config))
            if done and same_config and intact and record.get("inputs") == inputs and not rerun_rest \
                    and stage.name not in forced:
                ctx.console.print(f"[dim]✓ {stage.name}: up to date, skipped[/dim]")
                continue
            if done and not intact and not rerun_rest and stage.name not in forced:
                ctx.console.print(f"[yellow]{stage.name}: outputs changed or missing since it finished; "
                                  "running it again[/yellow]")
            ctx.replace = stage.name in forced or rerun_rest
            _run_stage(stage, ctx, manifest, wanted, inputs,
                       interrupted=record.get("status") in ("running", "interrupted", "failed"))
            rerun_rest = True
    return manifest


def _join_training(ctx: RunContext, selected: list[Stage], forced: bool) -> Manifest:
    """On a node other than 0 (train.node_rank > 0) the pipeline only lends this machine's processes to the train
    stage that node 0 runs: no lock, no manifest, no other stage (their outputs are node 0's). Where node 0's
    manifest shows the stage done with this config, node 0 will skip it, so there is nothing to join."""
    rank = ctx.config.train.node_rank
    if "train" not in {s.name for s in selected}:
        raise UserError(f"train.node_rank={rank}: a node other than 0 only joins the train stage",
                        hint="run the other stages on node 0 (train.node_rank=0); on this node run `roletune train` "
                             "or `roletune run` with the same config")
    from roletune.train.sft import join_training

    manifest = Manifest(ctx.root)
    record = manifest.stage("train") or {}
    if not forced and record.get("status") == "done" and record.get("config") == ctx.config.subset(TRAIN_READS):
        ctx.console.print(f"[dim]✓ train: done in {ctx.root} (node 0 skips it); nothing for node {rank} to join[/dim]")
        return manifest
    ctx.console.print(f"[bold]node {rank} of {ctx.config.train.nnodes}[/bold]: joining training at "
                      f"{ctx.config.train.rdzv}; node 0 runs the other stages and writes {ctx.root}")
    join_training(ctx)
    return Manifest(ctx.root)


def _run_stage(stage: Stage, ctx: RunContext, manifest: Manifest, wanted: dict[str, Any],
               inputs: dict[str, str | None], *, interrupted: bool) -> None:
    record: dict[str, Any] = {
        "status": "running",
        "started": _now(),
        "config_hash": ctx.config.hash_of(stage.reads),
        "config": wanted,
        "inputs": inputs,
    }
    previous = manifest.stage(stage.name) or {}
    if interrupted and previous.get("config") != wanted:
        # An interrupted attempt of a different config must not be resumed from.
        for rel in stage.outputs_for(ctx.config):
            target = ctx.root / rel
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    ctx.console.rule(f"[bold]{stage.name}[/bold]" + (" (resuming)" if interrupted else ""))
    manifest.set_stage(stage.name, record)
    t0 = time.perf_counter()
    try:
        summary = stage.function()(ctx) or {}
    except BaseException as exc:
        record.update(status="failed", ended=_now(), seconds=round(time.perf_counter() - t0, 3),
                      error=f"{type(exc).__name__}: {exc}")
        if not isinstance(exc, RoletuneError):
            record["traceback"] = traceback.format_exc(limit=20)
        if isinstance(exc, KeyboardInterrupt):
            record["status"] = "interrupted"
        manifest.set_stage(stage.name, record)
        raise
    record.update(status="done", ended=_now(), seconds=round(time.perf_counter() - t0, 3),
                  outputs=_digests(ctx.root, stage.outputs_for(ctx.config)), summary=summary)
    manifest.set_stage(stage.name, record)
    ctx.console.print(f"[green]✓ {stage.name}[/green] in {record['seconds']:.1f} s")
