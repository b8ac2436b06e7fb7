"""The merge stage: merged weights behave like adapter-on-base; lineage, EOS, integrity, no silent overwrite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from rich.console import Console
from train_data import token_rows, train_config, write_token_files

from roletune.context import RunContext
from roletune.errors import StageFailed, UserError
from roletune.export.merge import end_of_turn_token, merge
from roletune.files import read_json
from roletune.layout import BEST_DIR, LINEAGE_FILE, MERGED_DIR
from roletune.train.model import AdapterMeta, base_fingerprint, mean_token_loss, now


def _ctx(model_dir: Path, root: Path, replace: bool = False) -> RunContext:
    ctx = RunContext(config=train_config(model_dir, root), root=root, console=Console(stderr=True, width=120))
    ctx.replace = replace  # RunContext.replace: the pipeline's "fresh outputs" flag
    return ctx


def fake_adapter(root: Path, model_dir: Path, *, seed: int = 0, scale: float = 0.05, nan: bool = False) -> Path:
    """A LoRA adapter with random non-zero B matrices, saved as `train` saves train/best/."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32),
                           LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj", "down_proj"],
                                      task_type="CAUSAL_LM"))
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.normal_(0, scale)
                if nan:
                    p[0, 0] = float("nan")
    best = root / BEST_DIR
    if best.exists():
        shutil.rmtree(best)
    model.save_pretrained(str(best))
    AdapterMeta(base_model=str(model_dir), base_name=str(model_dir), base_fingerprint=base_fingerprint(model_dir),
                lora={"r": 8, "alpha": 16}, precision="fp32", val_loss=1.0 + seed, step=10 * (seed + 1), epoch=1.0,
                data_sha256={}, train={}, created=now()).write(best)
    return best


@pytest.mark.parametrize("fixture", ["tiny_qwen3", "tiny_llama"])
def test_merged_model_equals_adapter_on_base(fixture, request, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model_dir = request.getfixturevalue(fixture)
    write_token_files(tmp_path, model_dir, n_train=4, n_val=8)
    best = fake_adapter(tmp_path, model_dir)
    summary = merge(_ctx(model_dir, tmp_path))

    rows = token_rows(model_dir, 8, seed=1, prefix="val")
    on_base = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32),
                                        str(best))
    merged_dir = tmp_path / MERGED_DIR
    merged = AutoModelForCausalLM.from_pretrained(str(merged_dir), dtype=torch.float32)
    base_loss = mean_token_loss(AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32), rows)
    adapter_loss, merged_loss = mean_token_loss(on_base, rows), mean_token_loss(merged, rows)
    assert abs(merged_loss - adapter_loss) <= 1e-3 and abs(adapter_loss - base_loss) > 1e-3  # the adapter matters
    assert abs(summary["loss_merged"] - summary["loss_adapter"]) <= 1e-3

    assert any(merged_dir.glob("*.safetensors")) and not any("lora" in k for k in merged.state_dict())
    tokenizer = AutoTokenizer.from_pretrained(str(merged_dir))
    assert tokenizer.chat_template == AutoTokenizer.from_pretrained(str(model_dir)).chat_template
    generation = read_json(merged_dir / "generation_config.json")
    eos = generation["eos_token_id"] if isinstance(generation["eos_token_id"], list) else [generation["eos_token_id"]]
    turn_end = end_of_turn_token(tokenizer)
    assert turn_end is not None and turn_end in eos and tokenizer.eos_token_id in eos
    lineage = read_json(merged_dir / LINEAGE_FILE)
    assert lineage["base"]["path"] == str(model_dir) and lineage["adapter"]["val_loss"] == 1.0
    assert lineage["adapter"]["sha256"] and lineage["dtype"] == "float32"


def test_end_of_turn_token_comes_from_the_template(tiny_qwen3):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_qwen3))
    text = tokenizer.apply_chat_template([{"role": "user", "content": "a"}, {"role": "assistant", "content": "zqzq"}],
                                         tokenize=False)
    token = tokenizer.convert_ids_to_tokens(end_of_turn_token(tokenizer))
    assert text.split("zqzq", 1)[1].lstrip().startswith(token)  # what closes the answer


def test_refuses_to_overwrite_a_merge_of_another_adapter(tiny_llama, tmp_path):
    write_token_files(tmp_path, tiny_llama, n_train=4, n_val=4)
    fake_adapter(tmp_path, tiny_llama, seed=0)
    merge(_ctx(tiny_llama, tmp_path))
    first = (tmp_path / MERGED_DIR / LINEAGE_FILE).stat().st_mtime_ns
    merge(_ctx(tiny_llama, tmp_path))  # same adapter: nothing to do
    assert (tmp_path / MERGED_DIR / LINEAGE_FILE).stat().st_mtime_ns == first

    fake_adapter(tmp_path, tiny_llama, seed=1)
    with pytest.raises(UserError, match="finished merge of another adapter"):
        merge(_ctx(tiny_llama, tmp_path))
    assert read_json(tmp_path / MERGED_DIR / LINEAGE_FILE)["adapter"]["step"] == 10  # untouched
    merge(_ctx(tiny_llama, tmp_path, replace=True))  # --force merge
    assert read_json(tmp_path / MERGED_DIR / LINEAGE_FILE)["adapter"]["step"] == 20


def test_nan_in_merged_weights_stops_before_writing(tiny_llama, tmp_path):
    write_token_files(tmp_path, tiny_llama, n_train=4, n_val=4)
    fake_adapter(tmp_path, tiny_llama, nan=True)
    with pytest.raises(StageFailed, match="NaN"):
        merge(_ctx(tiny_llama, tmp_path))
    assert not (tmp_path / MERGED_DIR).exists()


def test_a_changed_base_model_is_refused(tiny_llama, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(tiny_llama, base)
    run = tmp_path / "run"
    write_token_files(run, base, n_train=4, n_val=4)
    fake_adapter(run, base)
    weights = next(base.glob("*.safetensors"))
    blob = bytearray(weights.read_bytes())
    blob[-8:] = bytes(8)  # another model now sits at the adapter's base path
    weights.write_bytes(bytes(blob))
    with pytest.raises(UserError, match="not the model the adapter was trained on"):
        merge(_ctx(base, run))


def test_missing_adapter_says_what_to_run(tiny_llama, tmp_path):
    with pytest.raises(UserError, match="not an adapter written by `roletune train`"):
        merge(_ctx(tiny_llama, tmp_path))


@pytest.mark.slow
def test_smollm2_trained_adapter_merges_to_the_same_val_loss(smollm2_dir, tmp_path):
    """Train SmolLM2 for a few steps, merge, and compare val loss: merged vs adapter on base vs the Trainer's."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    import roletune.train.sft as sft

    write_token_files(tmp_path, smollm2_dir, n_train=16, n_val=8)
    config = train_config(smollm2_dir, tmp_path, max_steps=2, batch_size=4, grad_accum=1, lr=1e-3, threads=2)
    ctx = RunContext(config=config, root=tmp_path, console=Console(stderr=True, width=120))
    sft.train(ctx)
    merge(ctx)
    rows = [json.loads(line) for line in (tmp_path / "data" / "val.tokens.jsonl").read_text().splitlines()]
    on_base = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(str(smollm2_dir), dtype=torch.float32),
                                        str(tmp_path / BEST_DIR))
    adapter_loss = mean_token_loss(on_base, rows)
    merged_loss = mean_token_loss(AutoModelForCausalLM.from_pretrained(str(tmp_path / MERGED_DIR),
                                                                       dtype=torch.float32), rows)
    assert abs(merged_loss - adapter_loss) <= 1e-3
    # The Trainer's val loss is per labelled token too, so it is the same number.
    assert abs(AdapterMeta.read(tmp_path / BEST_DIR).val_loss - adapter_loss) <= 1e-3
