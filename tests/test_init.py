"""`roletune init`: a first config for your data and model, with every check run before anything is written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from roletune.cli import app
from roletune.config import Config, load_config
from roletune.init import RULES, Choice, render_yaml

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
BAD = ROOT / "tests" / "data" / "bad"
AGENTS = ROOT / "examples" / "agents"
SPLITS = ("train", "val", "test")
runner = CliRunner()


def _data(tmp_path: Path, source: Path = MINI) -> list[Path]:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    return [Path(shutil.copy(source / f"{s}.jsonl", folder / f"{s}.jsonl")) for s in SPLITS]


def _init(*args: str):
    return runner.invoke(app, ["init", *args], env={"COLUMNS": "200"})


def _key_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("  ")]


def test_init_writes_only_changed_keys_each_with_why(tmp_path: Path, tiny_qwen3: Path):
    out = tmp_path / "cfg" / "team.yaml"
    out.parent.mkdir()
    files = _data(out.parent)
    result = _init("--model", str(tiny_qwen3), "--data", *map(str, files), "--name", "team", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# What: ") and text.splitlines()[1].startswith(f"# Run:  roletune run {out}")
    assert all(re.search(r"\S  +# \S", line) for line in _key_lines(text)), "every key has its why"
    config = load_config(out)
    # Relative to the config file when they sit under its folder, as the loader resolves them.
    assert yaml.safe_load(text)["data"] == {s: f"data/{s}.jsonl" for s in SPLITS}
    assert [config.resolve_path(getattr(config.data, s)) for s in SPLITS] == [f.resolve() for f in files]
    assert config.run.name == "team" and Path(config.model.base) == tiny_qwen3
    written = {f"{section}.{key}" for section, keys in yaml.safe_load(text).items() for key in keys}
    defaults = Config()
    assert all(config.get(k) != defaults.get(k) for k in written), "only keys that differ from the defaults"
    assert "the train split: 6 examples" in text and "the test split: 4 examples" in text
    # The plan's summary and the next command.
    assert "tokens / epoch" in result.output and "peak" in result.output
    assert f"next: roletune run {out}" in result.output


def test_a_small_model_gets_the_relative_gate(tmp_path: Path, tiny_qwen3: Path):
    out = tmp_path / "c.yaml"
    assert _init("--model", str(tiny_qwen3), "--data", *map(str, _data(tmp_path)), "--out", str(out)).exit_code == 0
    config = load_config(out)
    assert config.gate.relative_to_base is True and config.gate.deploy_min_gain == 0.05
    assert config.train.lr == Config().train.lr, "the SmolLM2 rate is for SmolLM2 only"
    assert "out of reach for" in out.read_text()


def test_existing_config_is_refused_without_force(tmp_path: Path, tiny_qwen3: Path):
    out = tmp_path / "c.yaml"
    out.write_text("# mine\n")
    args = ["--model", str(tiny_qwen3), "--data", *map(str, _data(tmp_path)), "--out", str(out)]
    result = _init(*args)
    assert result.exit_code == 2 and "refusing to overwrite" in result.output and "--force" in result.output
    assert out.read_text() == "# mine\n"
    assert _init(*args, "--force").exit_code == 0
    assert load_config(out).run.name == "my-agents"


def test_unconvertible_model_exits_2_before_writing_with_the_supported_list(tmp_path: Path):
    model = tmp_path / "mamba"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"architectures": ["MambaForCausalLM"], "model_type": "mamba"}))
    out = tmp_path / "c.yaml"
    result = _init("--model", str(model), "--data", *map(str, _data(tmp_path)), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "MambaForCausalLM does not convert to GGUF" in result.output
    assert "supported: Qwen3 (Qwen3ForCausalLM, bpe)" in result.output
    assert not out.exists()


def test_unconvertible_gguf_exits_2_before_importing(tmp_path: Path):
    import gguf

    path = tmp_path / "rwkv.gguf"
    writer = gguf.GGUFWriter(str(path), "rwkv6")
    writer.add_tokenizer_model("rwkv")
    writer.add_token_list(["a", "b"])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    out = tmp_path / "c.yaml"
    result = _init("--model", str(path), "--data", *map(str, _data(tmp_path)), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "GGUF architecture 'rwkv6'" in result.output and "supported:" in result.output
    assert not out.exists() and not (tmp_path / "models").exists()


@pytest.mark.slow
def test_a_gguf_is_imported_beside_the_config(tmp_path: Path, smollm2_dir: Path):
    from roletune.registry import registry_gguf

    # The embedded SmolLM2's own GGUF (~30 s to import): the tiny test models' GGUFs do not import
    # (transformers' GGUF loader ignores Qwen3's head_dim; the tiny tokenizers' specials differ from llama.cpp's).
    gguf = registry_gguf("smollm2-135m-instruct")
    out = tmp_path / "c.yaml"
    result = _init("--model", str(gguf), "--data", *map(str, _data(tmp_path)), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert load_config(out).model.base == f"models/{gguf.stem}"
    assert (tmp_path / "models" / gguf.stem / "config.json").is_file()
    assert "note: imported" in result.output


def test_bad_data_lists_every_problem_and_writes_nothing(tmp_path: Path, tiny_qwen3: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    files = [Path(shutil.copy(BAD / "train.jsonl", folder / "train.jsonl")),
             Path(shutil.copy(MINI / "val.jsonl", folder / "val.jsonl")),
             Path(shutil.copy(BAD / "test.jsonl", folder / "test.jsonl"))]
    out = tmp_path / "c.yaml"
    result = _init("--model", str(tiny_qwen3), "--data", *map(str, files), "--out", str(out))
    assert result.exit_code == 2, result.output
    lines = {int(m.group(1)) for m in re.finditer(rf"{re.escape(str(files[0]))}:(\d+): ", result.output)}
    assert {2, 3, 4, 5} <= lines, "every bad line at once, as `data check` reports them"
    assert not out.exists()


def test_one_file_of_any_format_is_pooled_and_split(tmp_path: Path, tiny_qwen3: Path):
    lines = [json.loads(line) for s in SPLITS for line in (MINI / f"{s}.jsonl").read_text().splitlines()]
    chats = tmp_path / "chats.jsonl"  # OpenAI chat lines: no ids, the role from a field, no checks
    chats.write_text("".join(json.dumps({"role": x["role"], "messages": x["messages"]}) + "\n" for x in lines))
    out = tmp_path / "c.yaml"
    result = _init("--model", str(tiny_qwen3), "--data", str(chats), "--out", str(out))
    assert result.exit_code == 0, result.output
    config = load_config(out)
    assert config.data.files == [Path("chats.jsonl")]
    why = r"# pooled and split by prepare \(80/10/10\): \d+ train / \d+ val / \d+ test"
    assert re.search(r"files: \[chats.jsonl\] +" + why, out.read_text())


def test_render_yaml_aligns_the_why_and_loads_back(tmp_path: Path):
    choices = [Choice("train.lr", 1e-3, "faster"), Choice("run.name", "x", "the run"),
               Choice("export.quant_types", ["Q4_K_M"], "one file")]
    text = render_yaml(choices, ["What: a test", "Run: none"])
    lines = _key_lines(text)
    assert len({line.index("#") for line in lines}) == 1
    assert text.index("run:") < text.index("train:") < text.index("export:"), "sections in Config's order"
    path = tmp_path / "r.yaml"
    path.write_text(text)
    config = load_config(path)
    assert (config.train.lr, config.run.name, config.export.quant_types) == (1e-3, "x", ["Q4_K_M"])


def test_every_rule_names_a_real_key():
    defaults = Config()
    for rule in RULES:
        defaults.get(rule.key)  # KeyError for a key that does not exist


# -- the embedded model on the shipped examples (the acceptance of issue #17) -----------------------


def _embedded_init(tmp_path: Path, data: list[Path], name: str) -> Path:
    out = tmp_path / f"{name}.yaml"
    result = _init("--data", *map(str, data), "--name", name, "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def embedded_config(smollm2_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROLETUNE_HOME", str(smollm2_dir.parents[1]))  # the session's import, not a second one
    return _embedded_init(tmp_path, sorted(AGENTS.glob("*.jsonl")), "agents")


def test_init_on_the_embedded_model_and_the_shipped_examples(embedded_config: Path):
    config = load_config(embedded_config)
    assert config.model.base == Config().model.base, "the default model is not written"
    assert config.train.lr == 1e-3, "the SmolLM2 sweep's rate"
    assert "train split: 238 examples" in embedded_config.read_text()


@pytest.mark.slow
def test_the_config_init_writes_runs_end_to_end(smollm2_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # init on the embedded model and the mini data set (6/2/4 examples: the shipped 298 took most of the
    # run's time in prepare and val loss), shortened by the test's own overrides: the config is init's,
    # the run is `roletune run`'s.
    monkeypatch.setenv("ROLETUNE_HOME", str(smollm2_dir.parents[1]))
    embedded_config = _embedded_init(tmp_path, _data(tmp_path), "mini")
    assert load_config(embedded_config).train.lr == 1e-3, "init's SmolLM2 choices are in the config that runs"
    quick = ["train.max_steps=2", "train.eval_steps=2", "train.batch_size=2", "train.grad_accum=1", "train.threads=2",
             "export.quant_types=[Q4_K_M]", "verify.samples=2", "eval.max_tokens=8", "eval.smoke_samples=1",
             "eval.smoke_min_pass=0.0", "eval.limit=2", "eval.parallel=2", f"run.dir={tmp_path / 'run'}"]
    args = [sys.executable, "-m", "roletune.cli", "run", str(embedded_config)]
    for item in quick:
        args += ["--set", item]
    # $ROLETUNE_HOME (set by the fixture) goes with the environment: the run reuses the session's import.
    # Two steps on eager torch: compiling the CPU kernels into a fresh home is not what this tests.
    env = {**os.environ, "ROLETUNE_CPU_KERNELS": "0"}
    result = subprocess.run(args, capture_output=True, text=True, timeout=1500, stdin=subprocess.DEVNULL, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    decision = json.loads((tmp_path / "run" / "decision.json").read_text())
    assert decision["verdict"] in ("deploy", "iterate", "abort")
    assert (tmp_path / "run" / "report.html").stat().st_size > 1000
