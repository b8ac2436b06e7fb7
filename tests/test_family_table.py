"""The family table, on the REAL tokenizers and chat templates of every supported family.

What training learns and what the runtime asks must be the same text: under thinking "off" the
trained span of an example is exactly the answer and the end of turn (+ the newline the template
writes), and the prompt the runtime renders for evaluation (llama-cpp-python's Jinja formatter,
through Engine.render) is byte for byte the prompt part of the training rendering. No weights are
needed for that; one test converts a tiny random Qwen3 around the real vocabulary to a GGUF and asks
the real Engine.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from family_dirs import TOKENIZER_FAMILIES, config_only_dir, header_only_gguf, tiny_real_vocab_model
from real_tokenizers import REAL_TOKENIZER_FAMILIES, real_tokenizer_dir

from roletune import families as F
from roletune.data.chat import IGNORE_INDEX, Rendered, prompt_for, render_for_training
from roletune.errors import UserError
from roletune.export.support import check_convertible
from roletune.families import read_model_family

SYSTEM = "You are the coder agent. Answer with one Python code block."
USER = "Write slugify(title) that lowercases and joins words with '-'."
ANSWER = "```python\ndef slugify(title):\n    return '-'.join(title.lower().split())\n```"
CHAT = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER},
        {"role": "assistant", "content": ANSWER}]

# What the template writes around an answer (thinking off), read off each family's template by hand.
EXPECTED_SPAN = {
    "qwen3": ANSWER + "<|im_end|>\n",  # the empty think block is in the prompt (enable_thinking=False)
    "qwen2_5": ANSWER + "<|im_end|>\n",
    "llama3": ANSWER + "<|eot_id|>",  # not the next assistant header the template writes after it
    "llama2": " " + ANSWER + " </s>",  # CodeLlama-Instruct: "[/INST] answer </s>"
}


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("families")
    return {name: config_only_dir(name, root / name) for name in REAL_TOKENIZER_FAMILIES}


@pytest.fixture(scope="module")
def tokenizers(model_dirs: dict[str, Path]) -> dict[str, Any]:
    from roletune.hf import load_tokenizer

    return {name: load_tokenizer(path) for name, path in model_dirs.items()}


def _labelled_text(r: Rendered, tokenizer: Any) -> tuple[str, int, int]:
    """The characters the labelled tokens cover, and the first labelled token index and character."""
    enc = tokenizer(r.text, add_special_tokens=False, return_offsets_mapping=True)
    marked = [i for i, label in enumerate(r.labels) if label != IGNORE_INDEX]
    assert marked == list(range(marked[0], marked[-1] + 1)), "one contiguous trained span"
    start, end = enc["offset_mapping"][marked[0]][0], enc["offset_mapping"][marked[-1]][1]
    return r.text[start:end], marked[0], start


def _runtime_prompt(tokenizer: Any, messages: list[dict[str, str]], kwargs: dict[str, Any]) -> str:
    """Engine.render on a formatter built as Engine builds it from a GGUF (template, BOS/EOS texts)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    from roletune.runtime.engine import Engine

    engine = Engine.__new__(Engine)  # the rendering half: no model file needed
    engine.formatter = Jinja2ChatFormatter(template=tokenizer.chat_template, eos_token=tokenizer.eos_token or "",
                                           bos_token=tokenizer.bos_token or "", add_generation_prompt=True)
    return engine.render(messages, template_kwargs=kwargs)


# -- the table --------------------------------------------------------------------------------------


def test_every_row_is_complete_and_sourced():
    names = [f.name for f in F.FAMILIES]
    assert len(names) == len(set(names)) and {"qwen3", "qwen2", "llama3", "codellama", "smollm2"} <= set(names)
    for f in F.FAMILIES:
        assert f.source and f.hf_architectures and f.end_of_turn and f.template_marker, f.name
        assert set(f.end_of_turn) & set(f.raw_markers) or f.end_of_turn[0] == f.eos, f.name
        assert f.ollama is None or f.end_of_turn[0] in f.ollama.stops, f.name
    assert F.family("codellama").tokenizer == "spm" and F.family("codellama").tokenizer_model == "llama"
    with pytest.raises(UserError, match="unknown model family 'gpt-j'") as info:
        F.family("gpt-j")
    assert info.value.hint.startswith("families: qwen3, qwen2")


@pytest.mark.parametrize("row", [f for f in F.FAMILIES if f.fused], ids=lambda f: f.name)
def test_fused_modules_are_transformers_classes_of_the_family(row: F.Family):
    modeling = importlib.import_module(f"transformers.models.{row.model_type}.modeling_{row.model_type}")
    assert isinstance(getattr(modeling, row.fused.rms_norm), type)
    assert isinstance(getattr(modeling, row.fused.mlp), type)
    assert getattr(modeling, row.hf_architectures[0]).__name__ == row.hf_architectures[0]


def test_stages_read_the_table():
    from roletune.evaluate.stages import RAW_MARKERS
    from roletune.export.arch import arch_row
    from roletune.import_gguf import PRE_TOKENIZERS
    from roletune.serve.ollama import OLLAMA_FAMILIES
    from roletune.train.kernels.fused_layers import LLAMA_LIKE_LAYERS
    from roletune.train.kernels.lean import FUSED_HEAD_FAMILIES

    for f in F.FAMILIES:
        row = arch_row(f.hf_architectures[0])
        assert row is not None and row.arch_name == f.gguf_arch, f.name
        assert set(f.raw_markers) <= set(RAW_MARKERS), f.name
    assert PRE_TOKENIZERS["smollm"] == F.family("smollm2").hf_pre_tokenizer
    assert OLLAMA_FAMILIES["qwen3"] is F.family("qwen3").ollama and "codellama" not in OLLAMA_FAMILIES
    assert LLAMA_LIKE_LAYERS["qwen3"] == ("Qwen3RMSNorm", "Qwen3MLP")
    assert set(FUSED_HEAD_FAMILIES) == {"qwen3", "qwen2", "llama"}


# -- template_kwargs --------------------------------------------------------------------------------


def test_template_kwargs_realise_the_policy_for_each_real_template(tokenizers: dict[str, Any]):
    qwen3 = tokenizers["qwen3"].chat_template
    assert F.template_kwargs(qwen3, "off") == {"enable_thinking": False}
    assert F.template_kwargs(qwen3, "on") == {"enable_thinking": True}
    for name in ("qwen2_5", "llama3", "llama2"):  # no thinking switch: the key is ignored
        assert F.template_kwargs(tokenizers[name].chat_template, "off") == {}, name
        assert F.template_kwargs(tokenizers[name].chat_template, "on") == {}, name
    with pytest.raises(UserError, match="off, on"):
        F.template_kwargs(qwen3, "maybe")


def test_families_are_recognised_from_real_tokenizers_and_from_config_alone(model_dirs: dict[str, Path],
                                                                          tokenizers: dict[str, Any]):
    for name, (family, _) in TOKENIZER_FAMILIES.items():
        assert read_model_family(model_dirs[name]).name == family, name
        assert F.family_of_template(tokenizers[name].chat_template).name == family, name
    assert tokenizers["llama2"].chat_template == F.CODELLAMA_TEMPLATE, "load_tokenizer supplies the family's template"


# -- the trained span and the runtime prompt, per family ---------------------------------------------


@pytest.mark.parametrize("name", REAL_TOKENIZER_FAMILIES)
def test_trained_span_is_the_answer_and_the_end_of_turn(name: str, tokenizers: dict[str, Any]):
    tokenizer = tokenizers[name]
    rendered = render_for_training(tokenizer, CHAT, "off")
    span, _, _ = _labelled_text(rendered, tokenizer)
    assert span == EXPECTED_SPAN[name]


@pytest.mark.parametrize("name", REAL_TOKENIZER_FAMILIES)
def test_runtime_prompt_is_the_training_prompt_byte_for_byte(name: str, tokenizers: dict[str, Any]):
    tokenizer = tokenizers[name]
    rendered = render_for_training(tokenizer, CHAT, "off")
    _, first_token, first_char = _labelled_text(rendered, tokenizer)
    prompt = prompt_for(tokenizer, CHAT[:-1], "off")
    assert prompt == rendered.text[:first_char], "the training prompt part is the evaluation prompt"
    assert tokenizer(prompt, add_special_tokens=False)["input_ids"] == rendered.input_ids[:first_token], \
        "and it tokenizes to the tokens training saw before the answer"
    runtime = _runtime_prompt(tokenizer, CHAT[:-1], F.template_kwargs(tokenizer.chat_template, "off"))
    assert runtime.encode() == prompt.encode()
    if name == "qwen3":
        assert prompt.endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
        assert not _runtime_prompt(tokenizer, CHAT[:-1], {}).endswith("</think>\n\n"), "the kwargs make the difference"


def test_thinking_on_trains_the_reasoning_given_as_reasoning_content_or_a_think_block(tokenizers: dict[str, Any]):
    tokenizer = tokenizers["qwen3"]
    reasoning = "Lowercase, split on whitespace, join with '-'."
    with_field = CHAT[:-1] + [{**CHAT[-1], "reasoning_content": reasoning}]
    with_block = CHAT[:-1] + [{"role": "assistant", "content": f"<think>\n{reasoning}\n</think>\n\n{ANSWER}"}]
    expected = f"<think>\n{reasoning}\n</think>\n\n{ANSWER}<|im_end|>\n"
    for messages in (with_field, with_block):
        rendered = render_for_training(tokenizer, messages, "on")
        span, _, first_char = _labelled_text(rendered, tokenizer)
        assert span == expected
        prompt = prompt_for(tokenizer, CHAT[:-1], "on")
        assert prompt == rendered.text[:first_char] and prompt.endswith("<|im_start|>assistant\n")
        assert _runtime_prompt(tokenizer, CHAT[:-1], F.template_kwargs(tokenizer.chat_template, "on")) == prompt
        off, _, _ = _labelled_text(render_for_training(tokenizer, messages, "off"), tokenizer)
        assert off == EXPECTED_SPAN["qwen3"] and reasoning not in off, "off drops the reasoning"
    assert with_field[-1]["reasoning_content"] == reasoning, "the caller's messages are not changed"


def test_template_without_thinking_ignores_the_policy(tokenizers: dict[str, Any]):
    tokenizer = tokenizers["qwen2_5"]
    messages = CHAT[:-1] + [{**CHAT[-1], "reasoning_content": "not rendered by this template"}]
    on, off = render_for_training(tokenizer, messages, "on"), render_for_training(tokenizer, messages, "off")
    assert on == off and "not rendered" not in on.text


def test_split_thinking_separates_the_think_block():
    t = F.family("qwen3").thinking
    assert F.split_thinking("<think>\nplan\n</think>\n\nanswer", t) == ("plan", "answer")
    assert F.split_thinking("answer <think> inline", t) == ("", "answer <think> inline")
    assert F.split_thinking("<think>\nunfinished", t) == ("unfinished", "")
    assert F.split_thinking("<think>x</think>y", None) == ("", "<think>x</think>y")


# -- the real runtime on a converted GGUF -------------------------------------------------------------


def test_engine_renders_the_training_prompt_from_the_converted_gguf(tmp_path: Path, tokenizers: dict[str, Any]):
    """Qwen3 end to end: random weights around the real vocabulary → roletune's GGUF → Engine.render."""
    from roletune.export.convert import convert_to_gguf
    from roletune.runtime.engine import Engine

    model = tiny_real_vocab_model("qwen3", tmp_path / "qwen3")
    gguf = convert_to_gguf(model, tmp_path / "model-F16.gguf", "f16")
    tokenizer = tokenizers["qwen3"]
    for thinking in ("off", "on"):
        rendered = render_for_training(tokenizer, CHAT, thinking)
        _, first_token, first_char = _labelled_text(rendered, tokenizer)
        with Engine(gguf, n_ctx=512, threads=2) as engine:
            kwargs = F.template_kwargs(engine.metadata["tokenizer.chat_template"], thinking)
            prompt = engine.render(CHAT[:-1], template_kwargs=kwargs)
            assert prompt == rendered.text[:first_char], thinking
            assert engine.tokenize(prompt) == rendered.input_ids[:first_token], thinking


def test_llama_server_renders_the_training_prompt_with_the_same_kwargs(tmp_path: Path, tokenizers: dict[str, Any]):
    """The engine of evaluation and serving: llama-server's own template code (/apply-template), given
    the kwargs evaluation sends per request and serve's `--reasoning` default, writes the training prompt."""
    import httpx

    from roletune.export.convert import convert_to_gguf
    from roletune.runtime.llama_server import LlamaServer, ServerSpec

    model = tiny_real_vocab_model("qwen3", tmp_path / "qwen3")
    gguf = convert_to_gguf(model, tmp_path / "model-F16.gguf", "f16")
    tokenizer = tokenizers["qwen3"]
    for server_thinking in (None, "off"):  # evaluation: kwargs per request; serve: model.thinking as --reasoning
        spec = ServerSpec(gguf=gguf, n_ctx=512, threads=1, thinking=server_thinking, metrics=False)
        with LlamaServer(spec, log_path=tmp_path / "server.log") as server:
            for thinking in ("off", "on"):
                body: dict[str, Any] = {"messages": CHAT[:-1]}
                if server_thinking is None:
                    body["chat_template_kwargs"] = F.template_kwargs(tokenizer.chat_template, thinking)
                elif thinking != server_thinking:
                    continue
                r = httpx.post(f"{server.url}/apply-template", json=body, headers=server.headers, timeout=60)
                r.raise_for_status()
                assert r.json()["prompt"] == prompt_for(tokenizer, CHAT[:-1], thinking), (server_thinking, thinking)


# -- convertibility -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL_TOKENIZER_FAMILIES)
def test_convertibility_follows_the_table_and_what_export_converts(name: str, model_dirs: dict[str, Path]):
    from roletune.export.arch import arch_row
    from roletune.export.support import CONVERTIBLE_TOKENIZERS
    from roletune.export.vocab import read_vocab

    family = F.family(TOKENIZER_FAMILIES[name][0])
    config = json.loads((model_dirs[name] / "config.json").read_text())
    assert family.tokenizer in CONVERTIBLE_TOKENIZERS, "every family of the table converts today"
    support = check_convertible(model_dirs[name])
    assert support.family == family and support.tokenizer == family.tokenizer
    vocab = read_vocab(model_dirs[name], config, arch_row(family.hf_architectures[0]))  # and the converter agrees
    assert vocab.model == family.tokenizer_model and (family.pre is None or vocab.pre == family.pre), vocab.pre


def test_a_tokenizer_kind_export_does_not_convert_is_refused_early_as_the_converter_refuses_it(tmp_path: Path):
    from roletune.export.arch import arch_row
    from roletune.export.vocab import read_vocab

    config = {"architectures": ["LlamaForCausalLM"], "vocab_size": 3}
    (tmp_path / "config.json").write_text(json.dumps(config))
    unigram = {"model": {"type": "Unigram", "vocab": [["<unk>", 0.0], ["a", -1.0], ["b", -2.0]]}, "added_tokens": []}
    (tmp_path / "tokenizer.json").write_text(json.dumps(unigram))
    with pytest.raises(UserError, match="'unigram' tokenizer does not convert.*supported: Qwen3") as info:
        check_convertible(tmp_path)
    assert info.value.exit_code == 2
    with pytest.raises(UserError, match="Unigram"):
        read_vocab(tmp_path, config, arch_row("LlamaForCausalLM"))


def test_unsupported_architecture_is_refused_with_the_list(tmp_path: Path):
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["GPTNeoXForCausalLM"], "vocab_size": 50432}))
    with pytest.raises(UserError, match="GPTNeoXForCausalLM does not convert.*supported: Qwen3 .*Llama 3.x"):
        check_convertible(tmp_path)


def test_real_tokenizers_fixture_names_every_family():
    assert set(TOKENIZER_FAMILIES) == set(REAL_TOKENIZER_FAMILIES)
    for name in REAL_TOKENIZER_FAMILIES:
        assert (real_tokenizer_dir(name) / "tokenizer.json").is_file()


@pytest.mark.parametrize("command", ["plan", "prepare", "run"])
def test_plan_prepare_and_run_refuse_a_model_that_does_not_convert_before_anything_runs(command: str, tmp_path: Path):
    from typer.testing import CliRunner

    from roletune.cli import app

    agents = Path(__file__).resolve().parents[1] / "examples" / "agents"
    model = tmp_path / "neox"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"architectures": ["GPTNeoXForCausalLM"], "vocab_size": 50432}))
    config = tmp_path / "neox.yaml"
    config.write_text(f"run:\n  dir: {tmp_path / 'run'}\ndata:\n  train: {agents / 'train.jsonl'}\n"
                      f"  val: {agents / 'val.jsonl'}\n  test: {agents / 'test.jsonl'}\nmodel:\n  base: {model}\n")
    extra = ["--no-benchmark"] if command == "plan" else []
    result = CliRunner().invoke(app, [command, str(config), *extra], env={"COLUMNS": "400"})
    assert result.exit_code == 2, result.output
    assert "GPTNeoXForCausalLM does not convert" in result.output and "supported: Qwen3" in result.output
    assert not (tmp_path / "run").exists(), "refused before the run directory is made"


# -- serving: Ollama Modelfiles and the llama-server command ---------------------------------------------


def _go_render(template: str, messages: list[dict[str, str]]) -> str:
    """Ollama's Go template for the shapes in the family table: one range over .Messages, then a tail."""
    import re

    match = re.fullmatch(r"\{\{- range \.Messages \}\}(.*)\{\{ end \}\}(.*)", template, flags=re.S)
    assert match, template
    body, tail = match.groups()
    return "".join(body.replace("{{ .Role }}", m["role"]).replace("{{ .Content }}", m["content"])
                   for m in messages) + tail


@pytest.mark.parametrize(("name", "thinking"),
                         [("qwen3", "off"), ("qwen3", "on"), ("qwen2_5", "off"), ("llama3", "off")])
def test_modelfile_template_renders_the_training_prompt(name: str, thinking: str, tmp_path: Path,
                                                          tokenizers: dict[str, Any]):
    import re

    from roletune.config import load_config
    from roletune.serve.ollama import export_ollama

    tokenizer = tokenizers[name]
    config = load_config(None, [f"model.thinking={thinking}"])
    written = export_ollama(tmp_path, config, tmp_path / "model.gguf", tokenizer.chat_template)
    modelfile = (tmp_path / "ollama" / "Modelfile.coder").read_text()
    assert tmp_path / "ollama" / "Modelfile.coder" in written
    template = re.search(r'^TEMPLATE """(.*?)"""$', modelfile, flags=re.S | re.M).group(1)
    ollama_prompt = _go_render(template, CHAT[:-1])
    training_prompt = prompt_for(tokenizer, CHAT[:-1], thinking)
    bos = tokenizer.bos_token if name == "llama3" else ""  # Ollama's llama.cpp adds BOS when it tokenizes
    assert bos + ollama_prompt == training_prompt
    for stop in F.family_of_template(tokenizer.chat_template).end_of_turn[:1]:
        assert f'PARAMETER stop "{stop}"' in modelfile
    server = (tmp_path / "ollama" / "llama-server.sh").read_text()
    assert f"--reasoning {thinking}" in server, "llama-server renders with enable_thinking as model.thinking says"


def test_each_role_gets_its_own_thinking_policy_in_ollama(tmp_path: Path, tokenizers: dict[str, Any]):
    from roletune.config import load_config
    from roletune.serve.ollama import export_ollama

    config = load_config(None, ["model.thinking=on", "roles.coder.thinking=off"])
    export_ollama(tmp_path, config, tmp_path / "model.gguf", tokenizers["qwen3"].chat_template)
    assert "<think>\n\n</think>\n\n" in (tmp_path / "ollama" / "Modelfile.coder").read_text()
    assert "<think>" not in (tmp_path / "ollama" / "Modelfile.tester").read_text()


def test_codellama_has_no_ollama_template_yet(tokenizers: dict[str, Any]):
    from roletune.serve.ollama import family_of

    with pytest.raises(UserError, match="Ollama export knows \\(Qwen3, Qwen2.5, Llama 3.x, SmolLM2"):
        family_of(tokenizers["llama2"].chat_template)


def test_supported_models_doc_matches_the_table():
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "supported_models.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_serve_sends_a_roles_own_thinking_switch_per_request(tmp_path: Path, tokenizers: dict[str, Any]):
    from roletune.config import load_config
    from roletune.serve.app import ServerSettings, upstream_body
    from roletune.serve.run import role_template_kwargs
    from roletune.serve.schema import ChatRequest

    gguf = tmp_path / "model.gguf"
    header_only_gguf(gguf, tokenizers["qwen3"].chat_template)
    config = load_config(None, ["model.thinking=off", "roles.researcher.thinking=on", "roles.coder.thinking=off"])
    kwargs = role_template_kwargs(gguf, config)
    assert kwargs == {"researcher": {"enable_thinking": True}}, "only a role that differs from model.thinking"
    settings = ServerSettings(roles=config.roles, role_template_kwargs=kwargs)
    for model, expected in (("roletune-researcher", {"enable_thinking": True}), ("roletune-coder", None)):
        raw = {"model": model, "messages": [{"role": "user", "content": "hi"}]}
        body = upstream_body(raw, ChatRequest.model_validate(raw), settings)
        assert body.get("chat_template_kwargs") == expected, model
    header_only_gguf(gguf, tokenizers["qwen2_5"].chat_template)
    assert role_template_kwargs(gguf, config) == {}, "a template without a switch ignores the policy"
