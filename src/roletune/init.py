"""`roletune init`: a first config for your data and your model, checked before it is written.

    roletune init --model /models/Qwen3-8B --data chats.jsonl --name support-agents

In order, and nothing is written until every check has passed:
1. the base model: a registry name is imported once; a GGUF's architecture is checked against what
   converts, then it is imported next to the config; a HF directory is checked as is. A model that
   would not convert back to GGUF is refused here (exit 2, with the supported list), not after training.
2. the data: the same validation as `roletune data check` (every problem at once, file:line).
3. the plan: memory and time from the model's config.json and the data's token counts (`roletune plan`'s
   logic, with a matmul-timed rate: nothing is trained or compiled here).
4. the config: only the keys that differ from the defaults (config.py), each with one line of why,
   written atomically and read back through the loader before it replaces anything.

The rules that pick a key are data (RULES below), each with the evidence behind it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from roletune.config import Config, load_config
from roletune.errors import UserError
from roletune.families import Family

SPLITS = ("train", "val", "test")
LENGTH_STEP = 256  # data.max_length is raised to the next multiple of this above the longest example
SMALL_MODEL_PARAMS = 1_000_000_000  # below this, 98% absolute success is out of reach (docs/results.md)
IMPORTED_MODELS_DIR = "models"  # GGUFs are imported into this folder beside the config


@dataclass(frozen=True)
class Choice:
    """One key the config sets, its value and the one line that says why."""

    key: str  # dotted, e.g. train.lr
    value: Any
    why: str


@dataclass
class Facts:
    """What init learned about the model and the data; the rules read it."""

    model_name: str
    model_dir: Path
    family: Family | None
    params: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # split → examples
    longest: int = 0  # tokens of the longest rendered example (0: not counted, no tokenizer here)


@dataclass(frozen=True)
class Rule:
    """A key init sets when `applies(facts)`, with the evidence for it."""

    key: str
    value: Callable[[Facts], Any]
    applies: Callable[[Facts], bool]
    why: Callable[[Facts], str]


def _millions(n: int) -> str:
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _small(f: Facts) -> bool:
    return 0 < f.params < SMALL_MODEL_PARAMS


def _smollm2(f: Facts) -> bool:
    return f.family is not None and f.family.name == "smollm2"


# Recipe adjustments, each measured where its `why` says; everything else keeps the defaults of config.py.
RULES: tuple[Rule, ...] = (
    Rule("data.max_length", lambda f: LENGTH_STEP * math.ceil(f.longest / LENGTH_STEP),
         lambda f: f.longest > Config().data.max_length,
         lambda f: f"the longest example renders to {f.longest} tokens (default {Config().data.max_length})"),
    Rule("train.lr", lambda f: 1e-3, _smollm2,
         lambda f: "the SmolLM2 sweep (docs/results.md): val loss 1.454 at 1e-3 vs 1.745 at the default 2e-5"),
    Rule("eval.smoke_min_pass", lambda f: 0.5, _small,
         lambda f: f"a {_millions(f.params)} model loops on a few prompts; the smoke test is for broken files"),
    Rule("gate.relative_to_base", lambda f: True, _small,
         lambda f: f"98% absolute success is out of reach for {_millions(f.params)} parameters: judge the gain"),
    Rule("gate.deploy_min_gain", lambda f: 0.05, _small,
         lambda f: "a gain must be more than one or two test examples to count"),
    Rule("gate.abort_min_gain", lambda f: 0.0, _small,
         lambda f: "abort when the fine-tune is no better than its base"),
)


@dataclass
class InitResult:
    path: Path
    choices: list[Choice]
    plan: Any  # train.plan.plan.Plan
    facts: Facts
    notes: list[str]


# -- the model --------------------------------------------------------------------------------------


def resolve_model(spec: str, config_dir: Path, notes: list[str]) -> tuple[str, Path]:
    """(model.base as the config will say it, the local HF directory), or a UserError (exit 2)
    before anything is written when the model would not convert to GGUF."""
    from roletune.export.support import check_convertible
    from roletune.registry import REGISTRY, known_names, resolve_base_model

    path = Path(spec).expanduser()
    if path.is_dir():
        check_convertible(path)
        if not any(path.glob("*.safetensors")):
            notes.append(f"{path} has no *.safetensors weights: plan and data check work, training needs them")
        return _config_path(path, config_dir), path.resolve()
    if path.is_file() and path.suffix == ".gguf":
        return _imported_gguf(path, config_dir, notes)
    if spec in REGISTRY:
        model_dir = resolve_base_model(spec)
        check_convertible(model_dir)
        return spec, model_dir
    raise UserError(f"--model {spec}: not a model directory, a .gguf file or a registry name",
                    hint=f"registry names: {', '.join(known_names())}; or a HF directory (config.json, "
                         "tokenizer.json, *.safetensors), e.g. --model /models/Qwen3-8B")


def _imported_gguf(gguf: Path, config_dir: Path, notes: list[str]) -> tuple[str, Path]:
    from roletune.export.support import check_convertible, convertible_families, supported_list
    from roletune.import_gguf import import_gguf, read_gguf_info

    info = read_gguf_info(gguf)  # the header only: no weights read yet
    families = convertible_families()
    if not any(f.gguf_arch == info.architecture and f.tokenizer_model == info.tokenizer_model for f in families):
        raise UserError(f"{gguf.name}: GGUF architecture {info.architecture!r} with tokenizer "
                        f"{info.tokenizer_model!r} does not convert back to GGUF after training; {supported_list()}",
                        hint="see docs/supported-models.md; choose a supported base model")
    target = config_dir / IMPORTED_MODELS_DIR / gguf.stem
    notes.append(f"imported {gguf} into {target} (fp32 safetensors; `roletune import-gguf` does the same)")
    import_gguf(gguf, target)
    check_convertible(target)
    return _config_path(target, config_dir), target.resolve()


def _config_path(target: Path, config_dir: Path) -> str:
    """`target` as the config should spell it: relative when it sits under the config's folder."""
    target, config_dir = target.resolve(), config_dir.resolve()
    return str(target.relative_to(config_dir)) if target.is_relative_to(config_dir) else str(target)


# -- the data ---------------------------------------------------------------------------------------


def data_choices(files: Sequence[Path], config_dir: Path) -> list[Choice]:
    """data.train/val/test for one file of each split (train.jsonl, val.jsonl, test.jsonl), else data.files:
    pooled and split by prepare (role-stratified, deterministic). Any format data.format reads."""
    from roletune.data.validate import split_name

    if not files:
        raise UserError("no data: pass your example files with --data",
                        hint="e.g. --data chats.jsonl (OpenAI, ShareGPT, Alpaca or roletune JSONL; one file is "
                             "split into train/val/test), or --data examples/agents/*.jsonl")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise UserError(f"data file(s) not found: {', '.join(missing)}")
    by_split = {split_name(f): f for f in files}
    if len(files) == len(SPLITS) and set(by_split) == set(SPLITS):
        return [Choice(f"data.{s}", _config_path(by_split[s], config_dir), f"the {s} split") for s in SPLITS]
    return [Choice("data.files", [_config_path(f, config_dir) for f in files], "pooled and split by prepare")]


def check_data(config: Config, model_dir: Path, facts: Facts) -> tuple[list[int], list[int]]:
    """`roletune data check` on the configured files (DataError, exit 2, on any problem), split as prepare
    will split them; fills the facts' counts and longest example. Returns the train and val token counts
    ([] when not counted: no tokenizer here)."""
    from roletune.data.prepare import input_files, planned_splits, validate

    probe = config.model_copy(deep=True)
    probe.data.max_length = 1 << 30  # count every length here; RULES decide whether max_length must rise
    paths, pooled = input_files(probe)
    report = validate(probe, paths, _tokenizer(model_dir, config))
    by_split = planned_splits(probe, report, paths, pooled)
    facts.counts = {s: len(locs) for s, locs in by_split.items()}
    empty = [s for s in SPLITS if not facts.counts[s]]
    if empty:
        raise UserError(f"{len(report.examples)} examples leave the {' and '.join(empty)} split empty",
                        hint="add examples, or pass one file per split (train.jsonl, val.jsonl, test.jsonl)")
    facts.longest = max(report.n_tokens.values(), default=0)
    lengths = {s: [report.n_tokens[loc.example.id] for loc in locs if loc.example.id in report.n_tokens]
               for s, locs in by_split.items()}
    return lengths["train"], lengths["val"]


def _tokenizer(model_dir: Path, config: Config) -> Any:
    if not (model_dir / "tokenizer.json").is_file() and not (model_dir / "tokenizer.model").is_file():
        return None  # a config-only directory: the lines are checked, their lengths are not
    from roletune.hf import load_tokenizer

    return load_tokenizer(model_dir, trust_remote_code=config.model.trust_remote_code)


# -- the config -------------------------------------------------------------------------------------


def build_config(choices: Sequence[Choice], source: Path) -> Config:
    tree: dict[str, Any] = {}
    for c in choices:
        node = tree
        *parents, leaf = c.key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = c.value
    config = Config.model_validate(tree)
    config.source = source.resolve()
    return config


def render_yaml(choices: Sequence[Choice], header: Sequence[str]) -> str:
    """The config as YAML: sections in Config's order, `key: value  # why` aligned per file."""
    order = list(Config.model_fields)
    sections: dict[str, list[Choice]] = {}
    for c in sorted(choices, key=lambda c: order.index(c.key.split(".")[0])):
        sections.setdefault(c.key.split(".")[0], []).append(c)
    rows: list[tuple[str, str]] = []
    for section, items in sections.items():
        rows.append((f"{section}:", ""))
        for c in items:
            rows.append((f"  {c.key.split('.', 1)[1]}: {_scalar(c.value)}", c.why))
    width = max(len(text) for text, _ in rows) + 2
    body = [f"{text:<{width}}# {why}" if why else text for text, why in rows]
    return "\n".join([*(f"# {line}" for line in header), *body]) + "\n"


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def write_config(path: Path, text: str, expected: Config) -> None:
    """Write atomically, after proving the text loads back to `expected` (the loader users will run)."""
    tmp = path.with_name(f".{path.name}.init-tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        loaded = load_config(tmp)
        if loaded.model_dump(mode="json") != expected.model_dump(mode="json"):
            raise AssertionError(f"the written config does not load back as planned:\n{text}")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# -- the whole command ------------------------------------------------------------------------------


def init(model: str, files: Sequence[Path], name: str, out: Path, *, force: bool = False) -> InitResult:
    """Check the model and the data, plan the fine-tune and write the config at `out`."""
    from roletune.train.plan.plan import plan as make_plan
    from roletune.train.plan.shape import model_shape, trains_on_cpu_kernels

    out = Path(out)
    if out.exists() and not force:
        raise UserError(f"{out} already exists; refusing to overwrite it",
                        hint="choose another --out, or pass --force to replace it")
    if out.suffix not in (".yaml", ".yml"):
        raise UserError(f"--out {out}: a config is a .yaml file")
    config_dir = out.resolve().parent
    notes: list[str] = []
    data = data_choices(files, config_dir)  # cheap checks first: a typo in a file name costs no model import
    base, model_dir = resolve_model(model, config_dir, notes)

    from roletune.families import read_model_family

    facts = Facts(model_name=base, model_dir=model_dir, family=read_model_family(model_dir))
    defaults = Config()
    choices = [Choice("run.name", name, f"runs/{name}/ holds every file of the run")]
    if base != defaults.model.base:
        family = f" ({facts.family.title})" if facts.family else ""
        choices.append(Choice("model.base", base, f"the base model{family}; it converts to GGUF"))
    config = build_config(choices + data, out)
    train_lengths, val_lengths = check_data(config, model_dir, facts)
    choices += [_with_counts(c, facts.counts) for c in data]
    # The model on the meta device: no weights read, no kernels compiled.
    facts.params = model_shape(model_dir, config, trains_on_cpu_kernels(config))["total_params"]
    choices += [Choice(r.key, r.value(facts), r.why(facts)) for r in RULES if r.applies(facts)]
    config = build_config(choices, out)

    def plan_of(config: Config) -> Any:  # `roletune plan`'s numbers, with the rate of a timed matmul
        return make_plan(config, train_lengths or None, val_lengths=val_lengths or None, benchmark=False)

    planned = plan_of(config)
    memory = _memory_choices(planned)
    if memory:
        choices += memory
        config = build_config(choices, out)
        planned = plan_of(config)

    header = [f"What: {name}: fine-tune {base} for your agents' roles on the files under data (by `roletune init`).",
              f"Run:  roletune run {out}   (only keys that differ from the defaults; `roletune config keys` lists all)"]
    write_config(out, render_yaml(choices, header), config)
    return InitResult(path=out, choices=choices, plan=planned, facts=facts, notes=notes)


def _with_counts(choice: Choice, counts: dict[str, int]) -> Choice:
    split = choice.key.split(".")[1]
    if split in counts:
        return Choice(choice.key, choice.value, f"{choice.why}: {counts[split]} examples")
    shares = " / ".join(f"{counts[s]} {s}" for s in SPLITS)
    ratios = "/".join(f"{100 * r:g}" for r in Config().data.split_ratios)
    return Choice(choice.key, choice.value, f"{choice.why} ({ratios}): {shares}")


def _memory_choices(p: Any) -> list[Choice]:
    """Gradient checkpointing when the planned peak does not fit in free memory and it would."""
    if p.gradient_checkpointing or p.peak_bytes <= p.free_bytes or p.peak_bytes_other > p.free_bytes:
        return []
    gib = 1024**3
    return [Choice("train.gradient_checkpointing", True,
                   f"planned peak {p.peak_bytes / gib:.1f} GiB without it, {p.peak_bytes_other / gib:.1f} GiB "
                   f"with it; {p.free_bytes / gib:.1f} GiB free here")]


def total_seconds(p: Any) -> float:
    """Planned training time of the whole run (all its steps), before early stopping ends it sooner."""
    return p.seconds_per_epoch * p.total_steps / max(p.steps_per_epoch, 1)
