"""The `roletune` command line: a table from subcommand to library function.

Stage subcommands are generated from `pipeline.STAGES`; the others are listed in COMMANDS. Only
this module turns errors into messages and exit codes (2: your input, 1: a failure). Heavy
libraries (torch, transformers, llama.cpp) are imported inside the commands that need them, so
`roletune --help` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from roletune.config import describe_keys, load_config
from roletune.errors import DataError, RoletuneError
from roletune.pipeline import STAGES, Stage, run_pipeline, stage_names

out = Console()
err = Console(stderr=True)

app = typer.Typer(
    name="roletune",
    help="Fine-tune a chat model for the roles of a multi-agent system and ship it as a small, fast, verified GGUF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
config_app = typer.Typer(help="Show the resolved config and the reference of every key.", no_args_is_help=True)
data_app = typer.Typer(help="Check, verify and describe example files.", no_args_is_help=True)

ConfigArg = Annotated[Path, typer.Argument(help="The run's YAML config.", show_default=False)]
SetOpt = Annotated[
    Optional[list[str]],
    typer.Option("--set", help="Override a config key, e.g. --set train.lr=1e-4 (repeatable; values are YAML scalars)."),
]
RunDirOpt = Annotated[Optional[Path], typer.Option("--run-dir", help="Run directory (default: runs/<run name>).")]


@contextlib.contextmanager
def reporting() -> Iterator[None]:
    """Turn library errors into a readable message and the documented exit code."""
    try:
        yield
    except DataError as exc:
        for problem in exc.problems:
            err.print(problem, markup=False, highlight=False, soft_wrap=True)
        _print_error(exc)
        raise typer.Exit(exc.exit_code) from None
    except RoletuneError as exc:
        _print_error(exc)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("interrupted; rerun the same command to resume")
        raise typer.Exit(130) from None


def _print_error(exc: RoletuneError) -> None:
    err.print(f"error: {exc}", markup=False, highlight=False, style="bold red", soft_wrap=True)
    if exc.hint:
        err.print(f"hint: {exc.hint}", markup=False, highlight=False, soft_wrap=True)


# -- pipeline ---------------------------------------------------------------------------------------


def run(
    config: ConfigArg,
    overrides: SetOpt = None,
    run_dir: RunDirOpt = None,
    from_stage: Annotated[Optional[str], typer.Option("--from", help="First stage to run (earlier ones must be done).")] = None,
    to_stage: Annotated[Optional[str], typer.Option("--to", help="Last stage to run.")] = None,
    force: Annotated[Optional[list[str]], typer.Option("--force", help="Rerun this stage and every later one even if done ('all' for every stage).")] = None,
) -> None:
    """Run the stages in order, skipping those already done with the same config and inputs."""
    with reporting():
        cfg = load_config(config, overrides or [])
        manifest = run_pipeline(cfg, run_dir=run_dir, from_stage=from_stage, to_stage=to_stage, force=force or [])
        out.print(f"run directory: {manifest.path.parent}")


def _stage_command(stage: Stage):
    def command(
        config: ConfigArg,
        overrides: SetOpt = None,
        run_dir: RunDirOpt = None,
        force: Annotated[bool, typer.Option("--force", help="Rerun even if already done.")] = False,
    ) -> None:
        with reporting():
            cfg = load_config(config, overrides or [])
            manifest = run_pipeline(cfg, run_dir=run_dir, from_stage=stage.name, to_stage=stage.name,
                                    force=[stage.name] if force else [])
            out.print(f"run directory: {manifest.path.parent}")

    command.__name__ = stage.name.replace("-", "_")
    command.__doc__ = stage.summary
    return command


def plan(
    config: ConfigArg,
    overrides: SetOpt = None,
    run_dir: RunDirOpt = None,
    benchmark: Annotated[bool, typer.Option(help="Time a few real steps (or a matmul) on this machine for the time estimate.")] = True,
) -> None:
    """Memory and time the fine-tune needs, from the model's config.json alone, before training."""
    from roletune.export.support import check_convertible
    from roletune.hf import base_model_dir
    from roletune.train.plan.plan import plan as make_plan
    from roletune.train.plan.plan import render_plan

    with reporting():
        cfg = load_config(config, overrides or [])
        check_convertible(base_model_dir(cfg, weights=False))  # a model we can't ship is not planned
        root = run_dir or cfg.run_dir()
        out.print(render_plan(make_plan(cfg, run_dir=root if root.exists() else None, benchmark=benchmark)))


def init(
    data: Annotated[Optional[list[Path]], typer.Option("--data", metavar="FILE", help="Your example files (OpenAI, ShareGPT, Alpaca or roletune JSONL): one file is split into train/val/test; files named train/val/test.jsonl are those splits.")] = None,
    model: Annotated[str, typer.Option("--model", metavar="DIR|GGUF|NAME", help="Base model: a HF directory (config.json, tokenizer, *.safetensors), a .gguf file, or a registry name.")] = "smollm2-135m-instruct",
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Run name: the run's files go to runs/NAME/.")] = "my-agents",
    out_file: Annotated[Optional[Path], typer.Option("--out", metavar="PATH", help="Config file to write (default: NAME.yaml).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing config file.")] = False,
    more: Annotated[Optional[list[Path]], typer.Argument(metavar="[FILE]...", help="More data files (so --data examples/agents/*.jsonl works).", show_default=False)] = None,
) -> None:
    """Write a first config for your data and model: checks the data and that the model converts, prints the plan.

    Only the keys that differ from the defaults are written, each with one line of why. Nothing is
    written when the data has problems (listed as file:line) or the model would not convert to GGUF.
    """
    from roletune.init import init as do_init
    from roletune.init import total_seconds
    from roletune.train.plan.plan import render_plan

    with reporting():
        target = out_file or Path(f"{name}.yaml")
        result = do_init(model, [*(data or []), *(more or [])], name, target, force=force)
        for note in result.notes:
            out.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
        out.print(render_plan(result.plan))
        seconds = total_seconds(result.plan)
        took = f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{max(seconds / 60, 1):.0f} min"
        out.print(f"training: about {took} for {result.plan.total_steps} steps on this machine (a matmul-timed "
                  "estimate; `roletune plan CONFIG` times real steps)", soft_wrap=True)
        out.print(f"wrote {result.path} ({len(result.choices)} keys that differ from the defaults)")
        out.print(f"next: roletune run {result.path}", markup=False, highlight=False)


# -- config -----------------------------------------------------------------------------------------


@config_app.command("show")
def config_show(config: Annotated[Optional[Path], typer.Argument(help="YAML config (default: the built-in defaults).")] = None,
                overrides: SetOpt = None) -> None:
    """Print the resolved config as YAML."""
    with reporting():
        out.print(load_config(config, overrides or []).to_yaml(), markup=False, highlight=False, soft_wrap=True, end="")


@config_app.command("keys")
def config_keys() -> None:
    """List every config key with its default and meaning."""
    table = Table("key", "default", "meaning", box=None, pad_edge=False)
    for key, default, doc in describe_keys():
        table.add_row(key, default, doc)
    out.print(table)


# -- data -------------------------------------------------------------------------------------------

FilesArg = Annotated[list[Path], typer.Argument(help="JSONL example files (e.g. examples/agents/*.jsonl).", show_default=False)]
DataConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Config for roles, tokenizer and max length (default: built-in).")]


@data_app.command("check")
def data_check(files: FilesArg, config: DataConfigOpt = None, overrides: SetOpt = None) -> None:
    """Validate every line (data.format: auto detects each file's); report all problems at once as
    file:line: field: message (exit 2)."""
    from roletune.data.prepare import source_lines, validate
    from roletune.hf import base_model_dir, load_tokenizer

    with reporting():
        cfg = load_config(config, overrides or [])
        tokenizer = load_tokenizer(base_model_dir(cfg), trust_remote_code=cfg.model.trust_remote_code)
        report = validate(cfg, files, tokenizer)
        longest = max(report.n_tokens.values(), default=0)
        for line in source_lines(report):
            out.print(line, highlight=False)
        out.print(f"ok: {len(report.examples)} examples in {len(files)} file(s); "
                  f"longest {longest} tokens (max {cfg.data.max_length})")


@data_app.command("verify")
def data_verify(
    files: FilesArg,
    config: DataConfigOpt = None,
    overrides: SetOpt = None,
    workers: Annotated[int, typer.Option(help="Checks run in parallel.")] = 2,
    report: Annotated[Path, typer.Option(help="Where to write the JSON report.")] = Path("data-verify.json"),
) -> None:
    """Run each example's check on its own reference answer in the sandbox (exit 1 if any fails)."""
    from roletune.evaluate.references import verify_references

    with reporting():
        cfg = load_config(config, overrides or [])
        result = verify_references(cfg, files, workers=workers, report_path=report, console=out)
        if result["failed"]:
            raise typer.Exit(1)


@data_app.command("augment")
def data_augment(
    config: ConfigArg,
    overrides: SetOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for train.jsonl (the kept examples) and augment.json (the counts).")] = Path("augmented"),
) -> None:
    """Paraphrase augment.roles' train examples with a teacher; keep only verified ones (counts by reason in augment.json)."""
    from roletune.augment.stage import augment_examples

    with reporting():
        cfg = load_config(config, overrides or [])
        augment_examples(cfg, out_dir, console=err)
        out.print(f"wrote {out_dir}")


@data_app.command("stats")
def data_stats(
    files: FilesArg,
    config: DataConfigOpt = None,
    overrides: SetOpt = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the statistics as JSON here.")] = None,
) -> None:
    """Role mix per split, token-length percentiles per role, assistant-token share."""
    from roletune.data.report import describe_files, stats_tables

    with reporting():
        cfg = load_config(config, overrides or [])
        stats = describe_files(cfg, files)
        for table in stats_tables(stats):
            out.print(table)
        if json_out:
            from roletune.files import write_json

            write_json(json_out, stats)


# -- models -----------------------------------------------------------------------------------------


def import_gguf(
    gguf: Annotated[Path, typer.Argument(help="A GGUF file, or a registry name such as smollm2-135m-instruct.", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the Hugging Face model to.")],
) -> None:
    """Turn a GGUF into a Hugging Face model directory (safetensors, tokenizer, chat template)."""
    from roletune.import_gguf import import_gguf as do_import
    from roletune.registry import registry_gguf

    with reporting():
        source = gguf if gguf.exists() else registry_gguf(str(gguf))
        path = do_import(source, out_dir)
        out.print(f"wrote {path}")


def serve(
    target: Annotated[Path, typer.Argument(help="A run directory (serves the candidate its gate chose) or a .gguf file.", show_default=False)],
    config: Annotated[Optional[Path], typer.Option("--config", help="Config for roles and serve settings (default: the run's config.yaml, else built-in).")] = None,
    overrides: SetOpt = None,
    host: Annotated[Optional[str], typer.Option(help="Bind address (default serve.host: 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (default serve.port: 8080).")] = None,
    parallel: Annotated[Optional[int], typer.Option(help="Agents answered at once: llama-server slots decoded together in one batch (default serve.parallel).")] = None,
    queue: Annotated[Optional[int], typer.Option(help="Requests that may wait beyond the busy slots before 503 (default serve.queue).")] = None,
    api_key: Annotated[Optional[str], typer.Option("--api-key", help="Require this bearer token (default: $ROLETUNE_API_KEY if set).")] = None,
    engine_url: Annotated[Optional[str], typer.Option("--engine-url", help="Front llama-server replicas running elsewhere (e.g. the balancer of `roletune export-deploy`) instead of starting one; their key from $ROLETUNE_ENGINE_KEY.")] = None,
) -> None:
    """Serve the model to the agents: OpenAI-compatible API on llama-server (continuous batching), one model id per role.

    llama-server is started and supervised (restarted if it crashes, stopped with roletune); the role
    layer in front adds each role's system prompt and sampling defaults, validates requests, and relays
    streams as they come. Ctrl-C or SIGTERM stops both.
    """
    from roletune.serve.run import serve as do_serve

    extra = [f"serve.{k}={v}" for k, v in {"host": host, "port": port, "parallel": parallel, "queue": queue}.items()
             if v is not None]
    with reporting():
        do_serve(target, config_path=config, overrides=(overrides or []) + extra, api_key=api_key, engine_url=engine_url)


def export_ollama(
    run_dir: Annotated[Path, typer.Argument(help="A run directory whose gate chose a candidate.", show_default=False)],
    config: Annotated[Optional[Path], typer.Option("--config", help="Config for roles (default: the run's config.yaml).")] = None,
) -> None:
    """Write an Ollama Modelfile per role and the equivalent llama-server command into RUN_DIR/ollama."""
    from roletune.gguf_meta import read_chat_template
    from roletune.serve.ollama import export_ollama as do_export
    from roletune.serve.run import resolve_target

    with reporting():
        gguf, cfg = resolve_target(run_dir, config, [])
        for path in do_export(run_dir, cfg, gguf, read_chat_template(gguf)):
            out.print(f"wrote {path}")


def export_deploy(
    run_dir: Annotated[Path, typer.Argument(help="A run directory whose gate chose a candidate.", show_default=False)],
    replicas: Annotated[int, typer.Option(help="Model machines, each running one llama-server (named engine-1 … engine-N).")] = 2,
    replica: Annotated[Optional[list[str]], typer.Option("--replica", help="host:port of a replica's llama-server; repeat it (overrides --replicas).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Config for roles and serve settings (default: the run's config.yaml).")] = None,
) -> None:
    """Write RUN_DIR/deploy: the chosen model on N machines behind nginx, each role kept on one replica.

    nginx.conf (role affinity by consistent hash, least-busy for the rest, passive health checks),
    engine.sh (one llama-server per machine), roles.sh (the role layer), and docker-compose.yml.
    """
    from roletune.serve.deploy import ENGINE_PORT
    from roletune.serve.deploy import export_deploy as do_export
    from roletune.serve.run import resolve_target

    with reporting():
        gguf, cfg = resolve_target(run_dir, config, [])
        hosts = replica or [f"engine-{i}:{ENGINE_PORT}" for i in range(1, replicas + 1)]
        for path in do_export(run_dir, cfg, gguf, replicas=hosts):
            out.print(f"wrote {path}")


def bench(
    names: Annotated[Optional[list[str]], typer.Argument(help="Benchmarks to run, e.g. serve train (default: all).")] = None,
    directory: Annotated[Path, typer.Option("--dir", help="Where the bench_*.py scripts are.")] = Path("benchmarks"),
) -> None:
    """Run the benchmarks (benchmarks/bench_*.py) and print their side-by-side ratios."""
    import subprocess

    with reporting():
        scripts = sorted(directory.glob("bench_*.py"))
        if names:
            scripts = [p for p in scripts if p.stem.removeprefix("bench_") in names]
        if not scripts:
            from roletune.errors import UserError

            raise UserError(f"no benchmarks found in {directory}" + (f" named {', '.join(names)}" if names else ""),
                            hint="run it from the repository root, or pass --dir")
        failed = []
        for script in scripts:
            out.rule(script.stem)
            if subprocess.run([sys.executable, str(script)]).returncode != 0:
                failed.append(script.stem)
        if failed:
            raise typer.Exit(1)


def version() -> None:
    """Print the version of roletune and of the libraries it drives."""
    from roletune.pipeline import library_versions

    out.print(json.dumps(library_versions(), indent=2))


# The command table: name → function. Stage commands come from pipeline.STAGES.
COMMANDS = {
    "init": init,
    "run": run,
    "plan": plan,
    **{stage.name: _stage_command(stage) for stage in STAGES},
    "serve": serve,
    "export-ollama": export_ollama,
    "export-deploy": export_deploy,
    "import-gguf": import_gguf,
    "bench": bench,
    "version": version,
}
SUBGROUPS = {"config": config_app, "data": data_app}

for _name, _fn in COMMANDS.items():
    _doc = (_fn.__doc__ or "").strip()
    app.command(_name, help=_doc, short_help=_doc.split(":")[0].split(";")[0].rstrip("."))(_fn)
for _name, _group in SUBGROUPS.items():
    app.add_typer(_group, name=_name)

assert set(stage_names()) <= set(COMMANDS), "every stage has a subcommand"


def main() -> None:
    from roletune.hf import quiet_transformers

    quiet_transformers()  # the stages print their own progress; transformers' bars and warnings are noise
    app(prog_name="roletune")


if __name__ == "__main__":
    sys.exit(main())
