"""Config loading: defaults are the recipe, overrides, and errors that name key, origin and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from roletune.config import Config, describe_keys, load_config, parse_override
from roletune.errors import ConfigError


def test_defaults_are_the_recommended_recipe():
    c = Config()
    assert (c.lora.r, c.lora.alpha, c.lora.dropout) == (16, 32, 0.1)
    assert c.lora.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    assert (c.train.lr, c.train.weight_decay, c.train.epochs) == (2e-5, 0.01, 3)
    assert (c.train.batch_size, c.train.grad_accum, c.data.max_length) == (2, 16, 2048)
    assert c.train.early_stopping_patience == 2
    assert c.export.quant_types == ["Q4_K_M", "Q5_K_M", "Q8_0"]
    assert (c.gate.deploy_min_success, c.gate.deploy_max_latency_s) == (0.98, 12)
    assert (c.gate.abort_min_success, c.gate.abort_max_latency_s) == (0.95, 15)
    assert (c.gate.baseline.success, c.gate.baseline.mean_latency_s, c.gate.baseline.size_gb) == (0.987, 20.1, 31)
    assert set(c.roles) == {"coder", "tester", "researcher", "coordinator"}


@pytest.mark.parametrize(
    ("item", "key", "value"),
    [("train.lr=1e-4", ("train", "lr"), 1e-4), ("train.epochs=2", ("train", "epochs"), 2),
     ("export.quant_types=[Q8_0]", ("export", "quant_types"), ["Q8_0"]), ("run.name=x", ("run", "name"), "x"),
     ("train.gradient_checkpointing=true", ("train", "gradient_checkpointing"), True)],
)
def test_parse_override(item, key, value):
    assert parse_override(item) == (key, value)


def test_override_applies_and_merges_role_rows():
    c = load_config(None, ["train.lr=1e-4", "roles.coder.temperature=0.7", "roles.tester=null"])
    assert c.train.lr == 1e-4
    assert c.roles["coder"].temperature == 0.7
    assert c.roles["coder"].system_prompt.startswith("You are the coder agent")
    assert "tester" not in c.roles


def test_unknown_override_names_key_origin_and_suggestion():
    with pytest.raises(ConfigError) as info:
        load_config(None, ["train.lrr=1"])
    msg = str(info.value)
    assert "--set train.lrr=1" in msg and "`train.lrr`" in msg and "did you mean `train.lr`" in msg
    assert info.value.exit_code == 2


def test_unknown_yaml_key_names_file_and_line(tmp_path: Path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("run:\n  name: x\ntrain:\n  lr: 1.0e-4\n  epochz: 2\ndata:\n  max_lenght: 9\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    msg = str(info.value)
    assert f"{cfg}:5: unknown key `train.epochz`; did you mean `train.epochs`?" in msg
    assert f"{cfg}:7: unknown key `data.max_lenght`; did you mean `data.max_length`?" in msg


def test_key_in_wrong_section_suggests_the_right_one():
    with pytest.raises(ConfigError, match=r"did you mean `train.lr`"):
        load_config(None, ["lr=1"])


def test_bad_value_names_key_and_value(tmp_path: Path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("gate:\n  deploy_min_success: 1.5\n")
    with pytest.raises(ConfigError, match=r"c.yaml:2: `gate.deploy_min_success`.*less than or equal to 1"):
        load_config(cfg)


def test_invalid_yaml_names_line(tmp_path: Path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("train:\n  lr: [1,\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(cfg)


def test_gate_thresholds_must_be_ordered():
    with pytest.raises(ConfigError, match="abort_min_success"):
        load_config(None, ["gate.abort_min_success=0.99"])


def test_relative_paths_resolve_against_the_config_file(tmp_path: Path):
    cfg = tmp_path / "sub" / "c.yaml"
    cfg.parent.mkdir()
    cfg.write_text("data:\n  train: d/train.jsonl\n")
    c = load_config(cfg)
    assert c.resolve_path(c.data.train) == (tmp_path / "sub" / "d" / "train.jsonl").resolve()
    assert c.run_name == "c"


def test_hash_depends_only_on_the_keys_read():
    a, b = load_config(None), load_config(None, ["eval.max_tokens=64"])
    assert a.hash_of(["train", "lora"]) == b.hash_of(["train", "lora"])
    assert a.hash_of(["eval"]) != b.hash_of(["eval"])


def test_every_key_is_documented():
    rows = describe_keys()
    assert {"train.lr", "gate.baseline.success", "serve.parallel"} <= {k for k, _, _ in rows}
    assert all(doc for _, _, doc in rows), [k for k, _, doc in rows if not doc]
