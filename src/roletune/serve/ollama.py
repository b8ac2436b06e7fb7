"""`roletune export-ollama`: an Ollama Modelfile per role, and the equivalent llama-server command.

Ollama writes prompts with Go templates, not Jinja, so each family's row in the family table
(families.py) carries the Go template that renders the same text and the stop sequences (its
end-of-turn tokens). The thinking policy is applied as the Jinja template applies it: with thinking
off, a template with a switch (Qwen3) writes its empty think block after the assistant header, so
the Modelfile's template does too; llama-server gets model.thinking as `--reasoning off|on`, which
sets the same switch.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from roletune.config import Config
from roletune.errors import UserError
from roletune.families import FAMILIES, OllamaFormat, family_of_template, thinking_of
from roletune.files import write_text
from roletune.layout import OLLAMA_DIR

# Chat formats Ollama export knows, by family name: the families whose row has an Ollama template.
OLLAMA_FAMILIES: dict[str, OllamaFormat] = {f.name: f.ollama for f in FAMILIES if f.ollama is not None}


def family_of(chat_template: str) -> str:
    """The name of the family whose Ollama format renders this chat template."""
    row = family_of_template(chat_template)
    if row is None or row.name not in OLLAMA_FAMILIES:
        known = ", ".join(dict.fromkeys(f.title for f in FAMILIES if f.name in OLLAMA_FAMILIES))
        raise UserError(f"this chat template is not one Ollama export knows ({known})",
                        hint="serve it with `roletune serve` or llama-server --jinja, "
                             "which use the GGUF's own template")
    return row.name


def ollama_template(chat_template: str, thinking: str) -> str:
    """The Go template for this chat template under a thinking policy (the switch's prompt appended when off)."""
    fmt = OLLAMA_FAMILIES[family_of(chat_template)]
    switch = thinking_of(chat_template)
    return fmt.template + (switch.off_prompt if switch and thinking == "off" else "")


def _quote(text: str) -> str:
    return '"""' + text.replace('"""', '\\"\\"\\"') + '"""'


def modelfile(gguf: Path, template: str, stops: tuple[str, ...], system: str, temperature: float, n_ctx: int) -> str:
    lines = [f"FROM {gguf.resolve()}", f"TEMPLATE {_quote(template)}", f"SYSTEM {_quote(system)}"]
    lines += [f"PARAMETER stop {json.dumps(s)}" for s in stops]
    lines += [f"PARAMETER temperature {temperature}", f"PARAMETER num_ctx {n_ctx}"]
    return "\n".join(lines) + "\n"


def llama_server_command(gguf: Path, config: Config) -> str:
    """The llama-server line `roletune serve` runs for this config (slots, context, thinking switch,
    --jinja with the GGUF's template), for a person who serves the file without roletune."""
    from roletune.runtime.llama_server import serve_spec

    spec = serve_spec(gguf.resolve(), config, host=config.serve.host, port=config.serve.port)
    return " ".join(shlex.quote(a) for a in spec.public_command())


def export_ollama(run_dir: Path, config: Config, gguf: Path, chat_template: str) -> list[Path]:
    fmt = OLLAMA_FAMILIES[family_of(chat_template)]
    out = run_dir / OLLAMA_DIR
    written = []
    for role, spec in config.roles.items():
        path = out / f"Modelfile.{role}"
        template = ollama_template(chat_template, config.thinking_for(role))
        write_text(path, modelfile(gguf, template, fmt.stops, spec.system_prompt, spec.temperature, config.serve.n_ctx))
        written.append(path)
    script = out / "llama-server.sh"
    usage = "\n".join(f"#   ollama create roletune-{r} -f {out / f'Modelfile.{r}'}" for r in config.roles)
    write_text(script, "#!/bin/sh\n"
               "# The same model under llama.cpp's server (the client sends each role's system prompt).\n"
               f"# Ollama, one model per role:\n{usage}\n{llama_server_command(gguf, config)}\n")
    script.chmod(0o755)
    return written + [script]
