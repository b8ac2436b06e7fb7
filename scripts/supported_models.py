"""Generate docs/supported-models.md and the README's family table from the family table
(roletune/families.py), so neither can go stale.

    python scripts/supported_models.py --write   # rewrite docs/supported-models.md and the README's table
    python scripts/supported_models.py --check   # exit 1 if either is out of date (a test runs this)
"""

from __future__ import annotations

from pathlib import Path

from doc_sync import replace_block, sync  # scripts/, beside this file

from roletune.export.arch import supported_architectures
from roletune.export.support import CONVERTIBLE_TOKENIZERS
from roletune.families import FAMILIES, Family

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "supported-models.md"
README = ROOT / "README.md"

HEADER = """# Supported models

Generated from the family table (`src/roletune/families.py`) by `scripts/supported_models.py`
(`make docs`); a test keeps it in sync. `roletune plan`, `prepare` and `run` refuse a base model
whose architecture or tokenizer does not convert to GGUF, before anything is trained (exit 2).

Thinking: `model.thinking: off` (default) renders every prompt with the template's own switch
(training, verify, evaluation, the Ollama Modelfiles, llama-server's `--chat-template-kwargs`);
`on` trains reasoning where the data has it (`reasoning_content`, or a leading think block) and
separates the think block from the answer before it is judged. Templates without a switch ignore it.
"""


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "–"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "\\n")


def _converts(f: Family) -> str:
    if f.tokenizer not in CONVERTIBLE_TOKENIZERS:
        return f"not yet ({f.tokenizer} tokenizer)"
    return "yes" if set(f.hf_architectures) & set(supported_architectures()) else "no (architecture)"


def _thinking(f: Family) -> str:
    if f.thinking is None:
        return "–"
    return f"{_code(f.thinking.open)}…{_code(f.thinking.close)}; off: `{f.thinking.switch}=False`"


def _row(f: Family) -> list[str]:
    tokenizer = f"{f.tokenizer} ({_code(f.tokenizer_model)}, pre {_code(f.pre)})"
    tokens = f"{_code(f.bos)} / {_code(f.eos)} / {', '.join(_code(t) for t in f.end_of_turn)}"
    tools = f.tool_calls.format if f.tool_calls else "–"
    ollama = ", ".join(_code(s) for s in f.ollama.stops) if f.ollama else "no Go template yet"
    return [f"**{f.title}** ({_code(f.name)})", f.models, ", ".join(_code(a) for a in f.hf_architectures),
            _code(f.gguf_arch), tokenizer, tokens, _thinking(f), tools, ollama, _converts(f)]


def document() -> str:
    head = ["family", "checkpoints", "HF architecture", "GGUF arch", "tokenizer", "BOS / EOS / end of turn",
            "thinking", "tool calls", "Ollama stops", "converts"]
    lines = [HEADER, "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in _row(f)) + " |" for f in FAMILIES]
    lines += ["", "## Sources", ""] + [f"- **{f.title}**: {f.source}" for f in FAMILIES]
    return "\n".join(lines) + "\n"


def readme_table() -> str:
    """The README's short table: which checkpoints, whether they convert, whether Ollama gets a template."""
    lines = ["| family | checkpoints | converts to GGUF | Ollama Modelfile |", "|---|---|---|---|"]
    for f in FAMILIES:
        ollama = "yes" if f.ollama else "not yet (llama-server serves it)"
        lines.append(f"| {f.title} | {_cell(f.models)} | {_converts(f)} | {ollama} |")
    return "\n".join(lines)


def readme(text: str) -> str:
    return replace_block(text, "families", readme_table(), where=README)


def main() -> int:
    return sync({DOC: document(), README: readme(README.read_text(encoding="utf-8"))}, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
