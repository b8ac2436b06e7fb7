"""roletune.hf: transformers' own progress bars, logging and PEFT's deprecation warning are silenced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from roletune.hf import QUIET_ENV

# Load a model, wrap it with PEFT (which reads the deprecated is_gradient_checkpointing) and save
# it: what train and merge do, each of which printed a bar or the FutureWarning to stderr.
SCRIPT = """
import sys
if sys.argv[1] == "imported":
    import transformers
if sys.argv[1] != "loud":
    from roletune.hf import quiet_transformers
    quiet_transformers()
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained(sys.argv[2])
model.save_pretrained(sys.argv[3])
get_peft_model(model, LoraConfig(r=2, target_modules=["q_proj"]))
"""


@pytest.mark.parametrize("when", ["loud", "fresh", "imported"])
def test_quiet_transformers(when: str, tiny_llama: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in QUIET_ENV}
    result = subprocess.run([sys.executable, "-c", SCRIPT, when, str(tiny_llama), str(tmp_path / "saved")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    if when == "loud":  # the check below can fail: without it, there is noise
        assert "Loading weights" in result.stderr and "is_gradient_checkpointing" in result.stderr
    else:
        assert result.stderr == ""
