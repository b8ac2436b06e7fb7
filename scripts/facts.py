"""The numbers README.md and docs/*.md quote, in one place: computed from the code and data where
they can be, measured (with the command and date) where they cannot.

In the docs a number is written `<!--f:NAME-->VALUE<!--/f-->` (the comments do not render), and
this script fills VALUE from FACTS:

    python scripts/facts.py --write   # fill every marked number (make docs)
    python scripts/facts.py --check   # exit 1 if a marked number differs, a marker names no fact,
                                      # or a fact quoted outside the docs (Makefile, code) differs
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from doc_sync import check_mode  # scripts/, beside this file

from roletune.config import Config, load_config

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARK = re.compile(r"<!--f:([a-z0-9_]+)-->(.*?)<!--/f-->", re.S)
AGENTS = ROOT / "examples" / "agents"


@dataclass(frozen=True)
class Fact:
    value: Callable[[], str]
    source: str  # where the number comes from: the code it is read from, or the command that measured it
    elsewhere: tuple[tuple[str, str], ...] = ()  # (file, text with {} for the value) that must quote it too


def _num(x: float) -> str:
    """2e-05 → 2e-5; 0.001 → 1e-3; 0.1 → 0.1; 3.0 → 3 (learning rates are read in powers of ten)."""
    if x and abs(x) < 0.01:
        mantissa, exponent = f"{x:.2e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return f"{x:g}"


def _pct(x: float) -> str:
    return f"{100 * x:g}%"


def _lines(split: str) -> int:
    return sum(1 for line in (AGENTS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())


def _config(field: Callable[[Config], object], fmt: Callable[[object], str] = str) -> Callable[[], str]:
    return lambda: fmt(field(Config()))


def _measured(value: str) -> Callable[[], str]:
    return lambda: value


FACTS: dict[str, Fact] = {
    # -- the shipped data --------------------------------------------------------------------------
    "examples": Fact(lambda: str(sum(_lines(s) for s in ("train", "val", "test"))), "examples/agents/*.jsonl"),
    "train_examples": Fact(lambda: str(_lines("train")), "examples/agents/train.jsonl"),
    "val_examples": Fact(lambda: str(_lines("val")), "examples/agents/val.jsonl"),
    "test_examples": Fact(lambda: str(_lines("test")), "examples/agents/test.jsonl"),
    # -- the defaults (config.py) ------------------------------------------------------------------
    "lr": Fact(_config(lambda c: c.train.lr, _num), "config.py TrainConfig.lr"),
    "epochs": Fact(_config(lambda c: c.train.epochs, _num), "config.py TrainConfig.epochs"),
    "batch": Fact(_config(lambda c: f"{c.train.batch_size} × {c.train.grad_accum}"),
                  "config.py TrainConfig.batch_size × grad_accum"),
    "lora": Fact(_config(lambda c: f"r={c.lora.r}, alpha={c.lora.alpha}, dropout {_num(c.lora.dropout)}"),
                 "config.py LoraConfig"),
    "quant": Fact(_config(lambda c: c.export.quant_types[0]), "config.py ExportConfig.quant_types[0]"),
    "deploy_success": Fact(_config(lambda c: c.gate.deploy_min_success, _pct), "config.py GateConfig"),
    "deploy_latency": Fact(_config(lambda c: c.gate.deploy_max_latency_s, _num), "config.py GateConfig"),
    "abort_success": Fact(_config(lambda c: c.gate.abort_min_success, _pct), "config.py GateConfig"),
    "abort_latency": Fact(_config(lambda c: c.gate.abort_max_latency_s, _num), "config.py GateConfig"),
    "baseline": Fact(_config(lambda c: f"{_pct(c.gate.baseline.success)} success, "
                                       f"{_num(c.gate.baseline.mean_latency_s)} s mean latency, "
                                       f"{_num(c.gate.baseline.size_gb)} GB"), "config.py BaselineConfig"),
    "parallel": Fact(_config(lambda c: c.serve.parallel), "config.py ServeConfig.parallel"),
    "port": Fact(_config(lambda c: c.serve.port), "config.py ServeConfig.port"),
    "smollm2_lr": Fact(lambda: _num(load_config(ROOT / "examples" / "smollm2-full.yaml").train.lr),
                       "examples/smollm2-full.yaml (the sweep of docs/results.md); init.RULES agrees (a test)"),
    # -- measured on the reference machine (2 shared cores) -----------------------------------------
    "llama_build_min": Fact(_measured("6"), "the Makefile's llama.cpp build on 2 cores: sdist unpacked 00:35, "
                            ".complete 00:41 (~/.cache/roletune/llama.cpp-0.3.36-x86-64-v3, 2026-12-06)",
                            (("Makefile", "~{} min on 2 cores"),)),
    "kernel_build_s": Fact(_measured("40"), "python -m roletune.train.kernels.build on 2 cores",
                           (("src/roletune/train/kernels/build.py", "(~{} s)"), ("Makefile", "(~{} s)"))),
    "demo_epoch_s": Fact(_measured("670"), "make demo: train/plan_vs_actual.json measured.seconds_per_epoch, one "
                         "epoch of examples/demo.yaml on the shipped data with its tool-use conversations, quiet "
                         "2 cores, 2026-12-06 (248 s before them)"),
    "disk_gb": Fact(_measured("2.5"),
                    "du -sh .venv ~/.cache/roletune/{llama.cpp-*,models,tokenizers-*} after make setup"),
    "qwen3_8b_peak": Fact(_measured("41.0"), "roletune plan examples/qwen3-8b.yaml --no-benchmark (CPU, fp32)"),
    "qwen3_8b_weights": Fact(_measured("30.5"), "roletune plan examples/qwen3-8b.yaml --no-benchmark (CPU, fp32)"),
    "qwen3_8b_peak_ckpt": Fact(_measured("32.8"), "roletune plan examples/qwen3-8b.yaml --no-benchmark (CPU, fp32)"),
    "smollm2_peak": Fact(_measured("2.2"),
                         "roletune init --data examples/agents/*.jsonl (the plan it prints, batch 2)"),
    "bench_speedup": Fact(_measured("33.3×"), "make bench (benchmarks/bench_train.py), 2026-12-05"),
    "bench_ours": Fact(_measured("312.6"), "make bench (benchmarks/bench_train.py), 2026-12-05"),
    "bench_seed": Fact(_measured("9.4"), "make bench (benchmarks/bench_train.py), 2026-12-05"),
    "bench_fraction": Fact(_measured("0.56"), "make bench (benchmarks/bench_train.py), 2026-12-05"),
}


def fill(text: str) -> tuple[str, list[str]]:
    """The text with every marked number set from FACTS, and the marker names FACTS lacks."""
    unknown: list[str] = []

    def one(m: re.Match[str]) -> str:
        fact = FACTS.get(m.group(1))
        if fact is None:
            unknown.append(m.group(1))
            return m.group(0)
        return f"<!--f:{m.group(1)}-->{fact.value()}<!--/f-->"

    return MARK.sub(one, text), unknown


def problems() -> list[str]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        new, unknown = fill(text)
        found += [f"{path.relative_to(ROOT)}: marker f:{name} names no fact in scripts/facts.py" for name in unknown]
        if new != text:
            found.append(f"{path.relative_to(ROOT)}: a marked number differs from scripts/facts.py: run `make docs`")
    for name, fact in FACTS.items():
        for file, template in fact.elsewhere:
            if template.format(fact.value()) not in (ROOT / file).read_text(encoding="utf-8"):
                found.append(f"{file}: does not say {template.format(fact.value())!r} (fact {name}: {fact.source})")
    return found


def main() -> int:
    if not check_mode(__doc__):
        for path in DOCS:
            text = path.read_text(encoding="utf-8")
            new, _ = fill(text)
            if new != text:
                path.write_text(new, encoding="utf-8")
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
