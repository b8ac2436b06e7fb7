"""Token rows from `prepare`, dynamic padding and length-grouped, resumable batch order.

A batch costs the time of its longest row times its size, so rows of similar length are batched
together (`group_by_length`) and padded only to the longest row of their batch — never to
`data.max_length`. The order depends only on (seed, epoch), so a resumed run and a run that was
never interrupted see the same batches, and the plan can replay the order to count padding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import Dataset, Sampler

from roletune.data.chat import IGNORE_INDEX
from roletune.errors import DataError


def read_token_rows(path: Path) -> list[dict[str, Any]]:
    """Rows {"id", "role", "input_ids", "labels"} of a `*.tokens.jsonl`, checked; all problems at once."""
    if not path.is_file():
        raise DataError(f"{path} is missing", [f"{path}: not found"], hint="run the prepare stage first")
    rows, problems = [], []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{n}: not JSON: {exc.msg}")
                continue
            ids, labels = row.get("input_ids"), row.get("labels")
            if not isinstance(ids, list) or not isinstance(labels, list) or len(ids) != len(labels) or not ids:
                problems.append(f"{path}:{n}: input_ids and labels must be non-empty lists of equal length")
            elif all(x == IGNORE_INDEX for x in labels):
                problems.append(f"{path}:{n}: no assistant token has a label (nothing to learn)")
            else:
                rows.append(row)
    if problems:
        raise DataError(f"{path}: {len(problems)} bad row(s)", problems, hint="rerun the prepare stage")
    if not rows:
        raise DataError(f"{path} has no rows", [f"{path}: empty"], hint="check the data splits")
    return rows


class TokenDataset(Dataset):
    """The rows as a map-style dataset of {"input_ids", "labels"} lists (collated later)."""

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = list(rows)
        self.lengths = [len(r["input_ids"]) for r in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> dict[str, list[int]]:
        row = self.rows[i]
        return {"input_ids": row["input_ids"], "labels": row["labels"]}


@dataclass(frozen=True)
class DynamicPadCollator:
    """Right-pads a batch to its longest row: pad labels are IGNORE_INDEX, attention_mask marks real tokens.

    Right padding is what lets the trainer drop the mask before the forward pass (see
    sft.RoletuneTrainer.compute_loss): under a causal mask no real token can see a pad after it.
    """

    pad_id: int

    def __call__(self, features: Sequence[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        longest = max(len(f["input_ids"]) for f in features)
        input_ids = torch.full((len(features), longest), self.pad_id, dtype=torch.long)  # (B, T)
        labels = torch.full((len(features), longest), IGNORE_INDEX, dtype=torch.long)  # (B, T)
        attention_mask = torch.zeros((len(features), longest), dtype=torch.long)  # (B, T)
        for i, f in enumerate(features):
            n = len(f["input_ids"])
            input_ids[i, :n] = torch.tensor(f["input_ids"], dtype=torch.long)
            labels[i, :n] = torch.tensor(f["labels"], dtype=torch.long)
            attention_mask[i, :n] = 1
        return {"input_ids": input_ids, "labels": labels, "attention_mask": attention_mask}


def epoch_order(lengths: Sequence[int], group_size: int | None, seed: int, epoch: int) -> list[int]:
    """The row order of one epoch: a permutation seeded by (seed, epoch), length-grouped if asked.

    Grouping is transformers' `get_length_grouped_indices` (mega-batches of shuffled rows sorted
    by length, longest batch first so an out-of-memory shows at once) with our own generator.
    """
    generator = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    if not group_size:
        return torch.randperm(len(lengths), generator=generator).tolist()
    from transformers.trainer_pt_utils import get_length_grouped_indices

    return list(get_length_grouped_indices(list(lengths), group_size, generator=generator))


class EpochSampler(Sampler[int]):
    """Sampler whose order is `epoch_order(...)`; the Trainer calls `set_epoch` before each epoch.

    `group_size` is the global batch (micro-batch × accumulation × processes): every optimizer
    step then draws rows of similar length, and DDP shards see the same rows a single process
    would at the same global batch.
    """

    def __init__(self, lengths: Sequence[int], group_size: int | None, seed: int) -> None:
        self.lengths = list(lengths)
        self.group_size = group_size
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.lengths)

    def __iter__(self) -> Iterator[int]:
        return iter(epoch_order(self.lengths, self.group_size, self.seed, self.epoch))


def batch_shapes(lengths: Sequence[int], batch_size: int, group_size: int | None, seed: int,
                 epoch: int = 0) -> list[tuple[int, int]]:
    """(rows, padded length) of each micro-batch of an epoch, in order, as the collator will build them."""
    order = epoch_order(lengths, group_size, seed, epoch)
    return [(len(order[i:i + batch_size]), max(lengths[j] for j in order[i:i + batch_size]))
            for i in range(0, len(order), batch_size)]
