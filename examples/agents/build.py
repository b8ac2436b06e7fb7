"""Build examples/agents/{train,val,test}.jsonl from the hand-written sources in source/.

    python examples/agents/build.py          # rewrite the three splits
    python examples/agents/build.py --check  # exit 1 if the committed splits are out of date

Each role's system prompt comes from src/roletune/roles.py. The examples whose id is in
tools/conversations.jsonl (built by tools/build_tool_examples.py: a quarter of each role, as agent
episodes over the role's tools) take that tool-use record in place of the plain one. The split is stratified by role with a
fixed seed: every split has every role, and each role's share is the same in every split to within
one example.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from roletune.roles import ROLE_TABLE  # noqa: E402

SPLITS = {"train": 238, "val": 29, "test": 31}
SEED = 20261125


def load_sources() -> list[dict]:
    examples = []
    for path in sorted((HERE / "source").rglob("*.py")):  # source/<role>/<task family>.py
        spec = importlib.util.spec_from_file_location(f"agents_source_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        examples.extend(module.EXAMPLES)
    return examples


def to_record(src: dict) -> dict:
    role = src["role"]
    return {
        "id": src["id"],
        "role": role,
        "messages": [
            {"role": "system", "content": ROLE_TABLE[role].system_prompt},
            {"role": "user", "content": src["user"].strip()},
            {"role": "assistant", "content": src["answer"].strip()},
        ],
        "check": src["check"],
    }


def with_tool_use(records: list[dict]) -> list[dict]:
    """Each record, or its tool-use conversation where tools/conversations.jsonl has one (same id)."""
    path = HERE / "tools" / "conversations.jsonl"
    tool_use = {}
    if path.exists():
        tool_use = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    return [tool_use.get(r["id"], r) for r in records]


def stratified_split(records: list[dict]) -> dict[str, list[dict]]:
    """Largest-remainder allocation of each role over the splits, then a seeded shuffle."""
    total = len(records)
    by_role: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(records, key=lambda r: r["id"]):
        by_role[r["role"]].append(r)
    rng = random.Random(SEED)
    names = list(SPLITS)
    quotas = {name: n / total for name, n in SPLITS.items()}
    # Allocate per role: floor of the exact share, then hand out remainders to match split sizes.
    alloc = {role: {name: int(len(rs) * quotas[name]) for name in names} for role, rs in by_role.items()}
    for name in names:
        short = SPLITS[name] - sum(a[name] for a in alloc.values())
        remainders = sorted(by_role, key=lambda role: -(len(by_role[role]) * quotas[name] % 1))
        for role in remainders[:short]:
            alloc[role][name] += 1
    splits: dict[str, list[dict]] = {name: [] for name in names}
    for role, rs in by_role.items():
        rs = rs[:]
        rng.shuffle(rs)
        # Held-out splits first, each gets at least one example of every role.
        start = 0
        for name in ("val", "test", "train"):
            n = max(alloc[role][name], 1) if name != "train" else len(rs) - start
            splits[name].extend(rs[start : start + n])
            start += n
    for name in names:
        rng.shuffle(splits[name])
    return splits


def render(splits: dict[str, list[dict]]) -> dict[str, str]:
    return {name: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rs) for name, rs in splits.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the splits are up to date")
    args = parser.parse_args()
    records = with_tool_use([to_record(s) for s in load_sources()])
    texts = render(stratified_split(records))
    stale = [name for name, text in texts.items() if not (HERE / f"{name}.jsonl").exists()
             or (HERE / f"{name}.jsonl").read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            print(f"out of date: {', '.join(stale)}; run python examples/agents/build.py", file=sys.stderr)
            return 1
        return 0
    for name, text in texts.items():
        (HERE / f"{name}.jsonl").write_text(text, encoding="utf-8")
    counts = {name: text.count("\n") for name, text in texts.items()}
    print(f"wrote {counts} from {len(records)} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
