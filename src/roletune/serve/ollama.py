"""`roletune export-ollama`: an Ollama Modelfile per role, and the equivalent llama-server command.

Ollama writes prompts with Go templates, not Jinja, so each chat-template family has one row in
OLLAMA_FAMILIES: how to recognise it in the GGUF's Jinja template, the Go template that renders the
same text, and the stop sequences (the family's end-of-turn tokens).
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from roletune.config import Config
from roletune.errors import UserError
from roletune.files import write_text


@dataclass(frozen=True)
class OllamaFamily:
    marker: str  # text that identifies the family in a Jinja chat template
    template: str  # Ollama Go template producing the same prompt text
    stops: tuple[str, ...]
    source: str  # where the format is documented


OLLAMA_FAMILIES: dict[str, OllamaFamily] = {
    "chatml": OllamaFamily(
        marker="<|im_start|>",
        template=("{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n"
                  "{{ end }}<|im_start|>assistant\n"),
        stops=("<|im_start|>", "<|im_end|>", "<|endoftext|>"),
        source="ChatML as in the Qwen2.5/Qwen3 and SmolLM2 tokenizer_config.json chat templates",
    ),
    "llama3": OllamaFamily(
        marker="<|start_header_id|>",
        template=("{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>"
                  "{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n"),
        stops=("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"),
        source="Llama 3 prompt format (Meta's model card)",
    ),
}


def family_of(chat_template: str) -> str:
    for name, fam in OLLAMA_FAMILIES.items():
        if fam.marker in chat_template:
            return name
    raise UserError("this chat template is not one Ollama export knows (ChatML, Llama 3)",
                    hint="serve it with `roletune serve` or llama-server --jinja, which use the GGUF's own template")


def _quote(text: str) -> str:
    return '"""' + text.replace('"""', '\\"\\"\\"') + '"""'


def modelfile(gguf: Path, family: OllamaFamily, system: str, temperature: float, n_ctx: int) -> str:
    lines = [f"FROM {gguf.resolve()}", f"TEMPLATE {_quote(family.template)}", f"SYSTEM {_quote(system)}"]
    lines += [f"PARAMETER stop {json.dumps(s)}" for s in family.stops]
    lines += [f"PARAMETER temperature {temperature}", f"PARAMETER num_ctx {n_ctx}"]
    return "\n".join(lines) + "\n"


def llama_server_command(gguf: Path, config: Config) -> str:
    """The llama-server line `roletune serve` runs for this config (slots, context, thinking switch,
    --jinja with the GGUF's template), for a person who serves the file without roletune."""
    from roletune.runtime.llama_server import serve_spec

    spec = serve_spec(gguf.resolve(), config, host=config.serve.host, port=config.serve.port)
    return " ".join(shlex.quote(a) for a in spec.public_command())


def export_ollama(run_dir: Path, config: Config, gguf: Path, chat_template: str) -> list[Path]:
    family = OLLAMA_FAMILIES[family_of(chat_template)]
    out = run_dir / "ollama"
    written = []
    for role, spec in config.roles.items():
        path = out / f"Modelfile.{role}"
        write_text(path, modelfile(gguf, family, spec.system_prompt, spec.temperature, config.serve.n_ctx))
        written.append(path)
    script = out / "llama-server.sh"
    usage = "\n".join(f"#   ollama create roletune-{r} -f {out / f'Modelfile.{r}'}" for r in config.roles)
    write_text(script, "#!/bin/sh\n# The same model under llama.cpp's server (the client sends each role's system prompt).\n"
               f"# Ollama, one model per role:\n{usage}\n{llama_server_command(gguf, config)}\n")
    script.chmod(0o755)
    return written + [script]
