"""The `prepare` stage: validate the splits, balance train, render with the chat template, write data/.

Outputs (runs/NAME/data/):
  train.jsonl, val.jsonl, test.jsonl   validated examples (train after balancing)
  train.tokens.jsonl, val.tokens.jsonl {"id", "role", "input_ids", "labels"} — labels are -100
                                        except on assistant tokens; no padding
  stats.json                            role mix and token lengths per split and role, each file's format
  splits.json                           with data.files pooled: the ids of each split (data/splits.py)
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.context import RunContext
from roletune.data.chat import render_for_training
from roletune.data.schema import Example
from roletune.data.splits import SPLITS, SplitResult, source_digests, split_record, split_with_record
from roletune.data.stats import dataset_stats
from roletune.data.validate import Located, Report, split_name, validate_files
from roletune.files import atomic_dir, write_json, write_jsonl
from roletune.layout import AUGMENTED_FILE, DATA_DIR, SPLITS_FILE

TOKENIZED_SPLITS = ("train", "val")


def example_messages(example: Example) -> list[dict[str, Any]]:
    """The example's turns as chat-template messages (reasoning_content only where it was given)."""
    return [m.model_dump() for m in example.messages]


def render_example(tokenizer: Any, example: Example, config: Config):
    """The example rendered with labels under its role's thinking policy, with its tools."""
    return render_for_training(tokenizer, example_messages(example), config.thinking_for(example.role),
                               example.tool_specs)


def token_counter(tokenizer: Any, config: Config):
    def count(example: Example) -> int:
        return len(render_example(tokenizer, example, config).input_ids)

    return count


def validate(config: Config, paths: Sequence[Path], tokenizer: Any | None, native: Sequence[Path] = ()) -> Report:
    return validate_files(
        paths,
        config.roles,
        max_length=config.data.max_length,
        near_duplicate_threshold=config.data.near_duplicate_threshold,
        count_tokens=token_counter(tokenizer, config) if tokenizer is not None else None,
        data=config.data,
        native=native,
    )


def input_files(config: Config) -> tuple[list[Path], bool]:
    """(the example files, whether they are pooled and split) — data.files, else data.train/val/test.

    data.files named train/val/test.jsonl (one each) are those splits; any other data.files are split.
    """
    if not config.data.files:
        return [config.resolve_path(getattr(config.data, s)) for s in SPLITS], False
    files = [config.resolve_path(p) for p in config.data.files]
    by_name = {split_name(p): p for p in files}
    if len(files) == len(SPLITS) and set(by_name) == set(SPLITS):
        return [by_name[s] for s in SPLITS], False
    return files, True


def upsample(examples: Sequence[Example], floor: float, seed: int) -> list[tuple[Example, int]]:
    """Repeat examples of roles whose share is below `floor` until it reaches the floor.

    Returns (example, copy number) pairs; copy 0 is the original. Deterministic for a seed.
    """
    counts = Counter(ex.role for ex in examples)
    n_roles = len(counts)
    if n_roles * floor >= 1:
        floor = 1 / n_roles  # a floor every role can reach at once
    # Smallest totals such that each minority role r reaches floor: solve c_r' = floor * N'.
    minority = {r for r, c in counts.items() if c / len(examples) < floor}
    majority_total = sum(c for r, c in counts.items() if r not in minority)
    new_total = majority_total / (1 - floor * len(minority)) if minority else len(examples)
    rng = random.Random(seed)
    out: list[tuple[Example, int]] = [(ex, 0) for ex in examples]
    for role in sorted(minority):
        pool = [ex for ex in examples if ex.role == role]
        extra = math.ceil(floor * new_total) - len(pool)
        if extra <= 0:
            continue
        order = pool * (extra // len(pool)) + rng.sample(pool, extra % len(pool))
        copies: Counter[str] = Counter()
        for ex in order:
            copies[ex.id] += 1
            out.append((ex, copies[ex.id]))
    return out


def _example_row(ex: Example, copy: int = 0) -> dict[str, Any]:
    row = ex.model_dump(mode="json", exclude_defaults=False)
    if not row.get("meta"):
        row.pop("meta", None)
    if copy:
        row["copy"] = copy
    return row


def _assign_splits(ctx: RunContext, report: Report, paths: Sequence[Path], pooled: bool,
                   augmented: Sequence[Path] = ()) -> tuple[dict[str, list[Located]], SplitResult | None]:
    """Each example's split: by its file, or (pooled) by the split of data/splits.py. Examples from
    `augmented` (paraphrases of train examples) are train, never split."""
    config: Config = ctx.config
    by_split: dict[str, list[Located]] = {s: [] for s in SPLITS}
    extra = {p.resolve() for p in augmented}
    own = [loc for loc in report.examples if loc.file.resolve() not in extra]
    by_split["train"] += [loc for loc in report.examples if loc.file.resolve() in extra]
    if not pooled:
        for loc, split in zip(own, _splits_of(own, paths)):
            by_split[split].append(loc)
        return by_split, None
    roles_by_id = {loc.example.id: loc.example.role for loc in own}
    result = split_with_record(roles_by_id, config.data.split_ratios, source_digests(paths), ctx.path(SPLITS_FILE))
    for loc in own:
        by_split[result.assignment[loc.example.id]].append(loc)
    return by_split, result


def prepare(ctx: RunContext) -> dict[str, Any]:
    from roletune.hf import base_model_dir, load_tokenizer

    config: Config = ctx.config
    paths, pooled = input_files(config)
    # With data.augment, the augment stage's verified paraphrases are train examples too, validated
    # with the rest (ids, leakage into val/test, lengths); they are never split.
    augmented = [ctx.path(AUGMENTED_FILE)] if config.data.augment else []
    tokenizer = load_tokenizer(base_model_dir(config), trust_remote_code=config.model.trust_remote_code)
    report = validate(config, paths + augmented, tokenizer, native=augmented)
    by_split, split = _assign_splits(ctx, report, paths, pooled, augmented)
    missing = [s for s in SPLITS if not by_split[s]]
    if missing:
        from roletune.errors import DataError

        where = (f"{len(report.examples)} examples split {list(config.data.split_ratios)} leave it empty; add examples "
                 "or raise its share in data.split_ratios") if pooled else "no examples"
        raise DataError("empty split(s)", [f"{s if pooled else paths[SPLITS.index(s)]}: {where}" for s in missing])

    train = [loc.example for loc in by_split["train"]]
    weighted = upsample(train, config.data.balance_floor, seed=config.train.seed) \
        if config.data.balance == "upsample" else [(ex, 0) for ex in train]

    stats_rows: dict[str, list[dict[str, Any]]] = {}
    with atomic_dir(ctx.path(DATA_DIR)) as out:  # the names inside: layout.split_file, TOKEN_FILES, SPLITS_FILE
        for split_ in SPLITS:
            pairs = weighted if split_ == "train" else [(loc.example, 0) for loc in by_split[split_]]
            write_jsonl(out / f"{split_}.jsonl", [_example_row(ex, c) for ex, c in pairs])
            rows, token_rows = [], []
            for ex, copy in pairs:
                rendered = render_example(tokenizer, ex, config)
                rows.append({"role": ex.role, "n_tokens": len(rendered.input_ids), "n_assistant": rendered.n_assistant})
                if split_ in TOKENIZED_SPLITS:
                    token_rows.append({"id": ex.id, "role": ex.role, "copy": copy,
                                       "input_ids": rendered.input_ids, "labels": rendered.labels})
            stats_rows[split_] = rows
            if split_ in TOKENIZED_SPLITS:
                write_jsonl(out / f"{split_}.tokens.jsonl", token_rows)
        stats = dataset_stats(stats_rows)
        stats["balance"] = {"mode": config.data.balance, "floor": config.data.balance_floor,
                            "train_before": len(train), "train_after": len(weighted)}
        if augmented:
            stats["augmented"] = dict(Counter(loc.example.role for loc in by_split["train"]
                                              if loc.file.resolve() == augmented[0].resolve()))
        stats["sources"] = source_lines(report)
        if split is not None:
            roles_by_id = {loc.example.id: loc.example.role for loc in report.examples}
            write_json(out / Path(SPLITS_FILE).name,
                       split_record(split, config.data.split_ratios, source_digests(paths), roles_by_id))
        write_json(out / "stats.json", stats)
    for line in stats["sources"]:
        ctx.console.print(line, highlight=False)
    if split is not None:
        ctx.console.print(split.describe(), highlight=False)
    ctx.console.print(render_mix_line(stats))
    return {"examples": {s: len(stats_rows[s]) for s in SPLITS}, "tokens": stats["overall"]["tokens"],
            "formats": {str(p): f for p, f in report.formats.items()}}


def planned_splits(config: Config, report: Report, paths: Sequence[Path], pooled: bool) -> dict[str, list[Located]]:
    """Each split's examples as prepare makes them in a fresh run (a run's recorded split aside): by
    file, or pooled files split by data.split_ratios. `plan` and `init` size the fine-tune with it."""
    from roletune.data.splits import split_examples

    if pooled:
        result = split_examples({loc.example.id: loc.example.role for loc in report.examples}, config.data.split_ratios)
        splits = [result.assignment[loc.example.id] for loc in report.examples]
    else:
        splits = _splits_of(report.examples, paths)
    by_split: dict[str, list[Located]] = {s: [] for s in SPLITS}
    for loc, split in zip(report.examples, splits):
        by_split[split].append(loc)
    return by_split


def _splits_of(examples: Sequence[Located], paths: Sequence[Path]) -> list[str]:
    """The split of each located example, by which configured file it came from."""
    index = {p.resolve(): SPLITS[i] for i, p in enumerate(paths)}
    return [index[loc.file.resolve()] for loc in examples]


def source_lines(report: Report) -> list[str]:
    """`path: openai (detected), 12 examples` per file: what each file was read as."""
    counts = Counter(loc.file for loc in report.examples)
    return [f"{path}: {fmt}, {counts[path]} example(s)" for path, fmt in report.formats.items()]


def render_mix_line(stats: dict[str, Any]) -> str:
    overall = stats["overall"]["roles"]
    mix = ", ".join(f"{role} {v['share']:.0%}" for role, v in overall.items())
    sizes = " / ".join(f"{name} {s['examples']}" for name, s in stats["splits"].items())
    return f"examples: {sizes}; role mix: {mix}"
