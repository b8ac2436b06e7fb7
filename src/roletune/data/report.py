"""`roletune data stats`: role mix and token lengths of example files, as tables and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

from roletune.config import Config
from roletune.data.stats import PERCENTILES, dataset_stats
from roletune.data.validate import read_examples
from roletune.errors import DataError


def describe_files(config: Config, files: Sequence[Path]) -> dict[str, Any]:
    from roletune.data.prepare import render_example
    from roletune.hf import base_model_dir, load_tokenizer

    report = read_examples(files, config.roles, data=config.data)
    if report.problems:
        raise DataError(f"{len(report.problems)} problem(s); run `roletune data check` first", report.problems)
    tokenizer = load_tokenizer(base_model_dir(config), trust_remote_code=config.model.trust_remote_code)
    splits: dict[str, list[dict[str, Any]]] = {}
    for loc in report.examples:
        rendered = render_example(tokenizer, loc.example, config)
        splits.setdefault(loc.split, []).append(
            {"role": loc.example.role, "n_tokens": len(rendered.input_ids), "n_assistant": rendered.n_assistant})
    return dataset_stats(splits)


def stats_tables(stats: dict[str, Any]) -> list[Table]:
    names = list(stats["splits"]) + ["overall"]
    per_split = {**stats["splits"], "overall": stats["overall"]}
    roles = list(stats["overall"]["roles"])
    mix = Table("role", *names, title="role mix (count, share)")
    for role in roles:
        cells = []
        for name in names:
            v = per_split[name]["roles"].get(role)
            cells.append(f"{v['count']} ({v['share']:.0%})" if v else "0")
        mix.add_row(role, *cells)
    mix.add_row("all", *[str(per_split[n]["examples"]) for n in names], style="bold")
    lengths = Table("role", *[f"p{p}" for p in PERCENTILES], "mean", title="tokens per example (all splits)")
    for role, pct in stats["overall"]["length_by_role"].items():
        lengths.add_row(role, *[f"{pct[f'p{p}']:.0f}" for p in PERCENTILES], f"{pct['mean']:.0f}")
    share = Table("split", "examples", "tokens", "assistant-token share", title="tokens")
    for name in names:
        s = per_split[name]
        share.add_row(name, str(s["examples"]), str(s["tokens"]), f"{s['assistant_token_share']:.1%}")
    return [mix, lengths, share]
