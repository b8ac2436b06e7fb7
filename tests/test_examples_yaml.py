"""Every YAML under examples/ loads, validates, and opens with a two-line runbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from roletune.config import load_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CONFIGS = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_example_configs():
    assert any(p.name == "demo.yaml" for p in CONFIGS)


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_example_config_loads_and_is_runnable(path: Path):
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# What:") and lines[1].startswith("# Run:"), "two-line runbook first"
    config = load_config(path)
    for split in ("train", "val", "test"):
        assert config.resolve_path(getattr(config.data, split)).is_file(), f"{split} split exists"
    base = config.model.base
    local = config.resolve_path(Path(base))
    from roletune.registry import REGISTRY

    assert base in REGISTRY or (local / "config.json").is_file(), f"model.base {base!r} resolves"


# -- the alternative models: plan + the early convertibility check, with config.json alone and with
#    the family's real tokenizer beside it (a model directory as it will be once downloaded, minus weights)

REAL_TOKENIZER_OF_FAMILY = {"qwen3": "qwen3", "qwen2": "qwen2_5", "llama3": "llama3", "codellama": "llama2"}


def _local_model_configs() -> list[Path]:
    out = []
    for path in CONFIGS:
        config = load_config(path)
        if (config.resolve_path(Path(config.model.base)) / "config.json").is_file():
            out.append(path)
    return out


LOCAL_MODEL_CONFIGS = _local_model_configs()


def test_the_alternative_models_are_all_planned():
    assert {p.name for p in LOCAL_MODEL_CONFIGS} >= {"qwen3-8b.yaml", "qwen3-14b.yaml", "qwen2.5-3b.yaml",
                                                     "qwen2.5-7b.yaml", "codellama-7b.yaml"}


@pytest.mark.parametrize("path", LOCAL_MODEL_CONFIGS, ids=[p.name for p in LOCAL_MODEL_CONFIGS])
def test_example_dry_runs_through_the_convertibility_check_and_plan(path: Path, tmp_path: Path):
    import shutil

    from real_tokenizers import real_tokenizer_dir

    from roletune.errors import UserError
    from roletune.export.support import CONVERTIBLE_TOKENIZERS, check_convertible
    from roletune.families import read_model_family
    from roletune.train.plan.plan import plan

    config = load_config(path)
    public = config.resolve_path(Path(config.model.base))
    family = read_model_family(public)  # config.json alone: architecture + published vocabulary size
    assert family is not None and family.name in REAL_TOKENIZER_OF_FAMILY, path.name
    local = tmp_path / public.name
    local.mkdir()
    shutil.copy(public / "config.json", local / "config.json")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(real_tokenizer_dir(REAL_TOKENIZER_OF_FAMILY[family.name]) / name, local / name)
    assert read_model_family(local) == family, "the tokenizer agrees with config.json"

    with_tokenizer = load_config(path, [f"model.base={local}", f"run.dir={tmp_path / 'run'}"])
    if family.tokenizer not in CONVERTIBLE_TOKENIZERS:  # refused before anything is planned or trained
        for model_dir in (public, local):
            with pytest.raises(UserError, match="supported: Qwen3") as info:
                check_convertible(model_dir)
            assert info.value.exit_code == 2
        with pytest.raises(UserError, match="supported: Qwen3"):
            plan(with_tokenizer, benchmark=False)
        return
    assert check_convertible(public).family == family and check_convertible(local).tokenizer == family.tokenizer
    result = plan(with_tokenizer, benchmark=False)
    assert "chat template" in result.lengths_source and result.train_examples > 0 and result.tokens_per_epoch > 0
    assert result.peak_bytes > 0 and result.total_params > 10**9
