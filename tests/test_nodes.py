"""Multi-node training (train.nnodes, train.node_rank, train.rdzv): two "machines" on 127.0.0.1, each its own
`roletune train` launch of torchrun (gloo), against one process at the same global batch."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
from rich.console import Console
from safetensors.torch import load_file

from roletune.config import load_config
from roletune.errors import ConfigError, UserError
from roletune.files import read_json, write_json
from roletune.layout import BEST_DIR, CHECKPOINTS_DIR, MANIFEST_FILE, TRAIN_SUMMARY_FILE
from roletune.pipeline import run_pipeline

MINI = Path(__file__).resolve().parent / "data" / "mini"
NODE_TIMEOUT_S = int(os.environ.get("ROLETUNE_TEST_NODE_TIMEOUT", "600"))

# Every file a process opens for writing (or makes, renames, removes) under $AUDIT_ROOT, logged to $AUDIT_LOG:
# loaded by each Python process of node 1 (its CLI, torchrun and the workers) through PYTHONPATH.
AUDIT = """
import os, sys
_root, _log = os.environ["AUDIT_ROOT"], os.environ["AUDIT_LOG"]
def _hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[1] and any(c in args[1] for c in "wax+"):
        path = args[0]
    elif event in ("os.mkdir", "os.rename", "os.remove", "shutil.rmtree") and isinstance(args[0], str):
        path = args[0]
    else:
        return
    if os.path.abspath(path).startswith(_root) and not path.startswith(_log):
        with open(_log, "a") as fh:
            fh.write(f"{event} {os.path.relpath(path, _root)}\\n")
sys.addaudithook(_hook)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(path: Path, base: Path, run_dir: Path, train: str) -> Path:
    path.write_text(
        "# What: a tiny run for the multi-node test.\n# Run: pytest tests/test_nodes.py\n"
        f"run:\n  dir: {run_dir}\n"
        f"data:\n  train: {MINI / 'train.jsonl'}\n  val: {MINI / 'val.jsonl'}\n  test: {MINI / 'test.jsonl'}\n"
        f"  max_length: 1024\nmodel:\n  base: {base}\nlora:\n  dropout: 0.0\n"  # each process draws its own masks
        "train:\n  lr: 1.0e-3\n  max_steps: 4\n  batch_size: 1\n  eval_steps: 2\n  save_steps: 2\n  threads: 1\n"
        "  seed: 7\n  warmup_ratio: 0.0\n" + textwrap.indent(train, "  "))
    return path


def _adapter(path: Path) -> dict[str, torch.Tensor]:
    return load_file(str(path / "adapter_model.safetensors"))


def _max_diff(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    assert a.keys() == b.keys()
    return max(float((a[k] - b[k]).abs().max()) for k in a)


def _nodes(config: Path, tmp_path: Path, joins: bool = True) -> list[str]:
    """Run node 0 and node 1 at once, as two machines would; node 1 audited. Return what node 1 wrote."""
    audit_dir, log = tmp_path / "audit", tmp_path / "node1-writes.log"
    audit_dir.mkdir(exist_ok=True)
    (audit_dir / "sitecustomize.py").write_text(AUDIT)
    log.unlink(missing_ok=True)
    run_dir = load_config(config).run_dir().resolve()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    node1_env = {**env, "AUDIT_ROOT": str(run_dir), "AUDIT_LOG": str(log),
                 "PYTHONPATH": os.pathsep.join([str(audit_dir), env.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, "-m", "roletune.cli", "train", str(config), "--set",
                               f"train.node_rank={rank}"], env=node_env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
             for rank, node_env in ((0, env), (1, node1_env))]
    outputs = []
    for p in procs:
        try:
            outputs.append(p.communicate(timeout=NODE_TIMEOUT_S)[0])
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            raise AssertionError("a node hung:\n" + "\n".join(f"node {r}:\n{q.communicate()[0][-3000:]}"
                                                            for r, q in enumerate(procs))) from None
    for rank, (p, out) in enumerate(zip(procs, outputs)):
        assert p.returncode == 0, f"node {rank}:\n{out[-4000:]}"
    if joins:
        assert "node 1 of 2" in outputs[1] and "joining training at 127.0.0.1:" in outputs[1], outputs[1][-3000:]
    else:
        assert "nothing for node 1 to join" in outputs[1] and "train: up to date, skipped" in outputs[0]
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.slow
def test_two_nodes_train_the_adapter_one_process_trains_and_resume_across_nodes(tiny_qwen3, tmp_path):
    single_dir, nodes_dir = tmp_path / "single", tmp_path / "nodes"
    single = _config(tmp_path / "single.yaml", tiny_qwen3, single_dir, "grad_accum: 2\n")
    nodes = _config(tmp_path / "nodes.yaml", tiny_qwen3, nodes_dir,
                    f"grad_accum: 1\nnnodes: 2\nrdzv: 127.0.0.1:{_free_port()}\n")
    quiet = Console(stderr=True, width=120)
    for config in (single, nodes):
        run_pipeline(load_config(config), to_stage="prepare", console=quiet)
    run_pipeline(load_config(single), from_stage="train", to_stage="train", console=quiet)

    written = _nodes(nodes, tmp_path)
    # Node 1 wrote nothing of the run's own: at most the Trainer's per-process folders of a checkpoint
    # (its RNG state, rng_state_1.pth, is written by torch's C++ writer, outside Python's audit).
    assert all(line.split()[1].startswith(str(CHECKPOINTS_DIR)) for line in written), written
    summary = read_json(nodes_dir / TRAIN_SUMMARY_FILE)
    assert summary["world_size"] == 2 and summary["steps"] == read_json(single_dir / TRAIN_SUMMARY_FILE)["steps"] == 4
    last = CHECKPOINTS_DIR + "/checkpoint-4"
    assert {p.name for p in (nodes_dir / last).glob("rng_state*")} == {"rng_state_0.pth", "rng_state_1.pth"}
    # Same examples per optimizer step, loss normalised over the global batch's tokens: the same adapter.
    diff = _max_diff(_adapter(single_dir / last), _adapter(nodes_dir / last))
    assert diff <= 1e-4, diff
    assert _max_diff(_adapter(single_dir / BEST_DIR), _adapter(nodes_dir / BEST_DIR)) <= 1e-4

    # Both nodes again: node 0 skips the finished stage, and node 1 does not wait for it at the rendezvous.
    assert _nodes(nodes, tmp_path, joins=False) == []

    # Resume across nodes, as after a kill once checkpoint-2 was written: the manifest says the stage was running
    # and checkpoint-4 is not there. Both machines resume from checkpoint-2 (adapter, optimizer, scheduler and each
    # process's RNG) and end where the uninterrupted run ended.
    finished = _adapter(nodes_dir / last)
    shutil.rmtree(nodes_dir / last)
    manifest = read_json(nodes_dir / MANIFEST_FILE)
    manifest["stages"]["train"]["status"] = "running"
    write_json(nodes_dir / MANIFEST_FILE, manifest)
    _nodes(nodes, tmp_path)
    assert read_json(nodes_dir / TRAIN_SUMMARY_FILE)["resumed_from_step"] == 2
    assert _max_diff(_adapter(nodes_dir / last), finished) <= 1e-5


def test_multi_node_settings_are_checked_and_named(tmp_path):
    with pytest.raises(ConfigError, match=r"train.node_rank 2 is out of range for train.nnodes 2"):
        load_config(None, ["train.nnodes=2", "train.node_rank=2"])
    with pytest.raises(ConfigError, match=r"train.rdzv 'node0' is not host:port"):
        load_config(None, ["train.nnodes=2", "train.rdzv=node0"])
    from roletune.train.sft import torchrun_args

    with pytest.raises(UserError, match=r"train.nnodes=2 needs train.rdzv") as err:
        torchrun_args(load_config(None, ["train.nnodes=2"]).train)
    assert "--set train.rdzv=" in err.value.hint
    assert torchrun_args(load_config(None, ["train.nproc=3"]).train) == ["--standalone", "--nproc_per_node=3"]
    args = torchrun_args(load_config(None, ["train.nnodes=4", "train.node_rank=3", "train.rdzv=10.1.2.3:29400"]).train)
    assert args == ["--nnodes=4", "--node_rank=3", "--nproc_per_node=1", "--rdzv_backend=static",
                    "--master_addr=10.1.2.3", "--master_port=29400"]
    # A node other than 0 only joins training: it neither runs nor writes another stage.
    config = load_config(None, [f"run.dir={tmp_path / 'run'}", "train.nnodes=2", "train.node_rank=1",
                                "train.rdzv=127.0.0.1:29400"])
    with pytest.raises(UserError, match="train.node_rank=1: a node other than 0 only joins the train stage"):
        run_pipeline(config, to_stage="prepare", console=Console(stderr=True))
    assert not (tmp_path / "run").exists()
