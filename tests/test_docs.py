"""The README and docs can't drift: generated pages in sync, quoted numbers from one place, every
config key and run path they name real, and the README's walk-through executed as written."""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from roletune import layout
from roletune.config import Config, RoleSpec, _all_keys, load_config

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
MINI = ROOT / "tests" / "data" / "mini"


def _script(name: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), "--check"], capture_output=True, text=True)


def _block(name: str, text: str | None = None) -> str:
    """The text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in the README, fences removed."""
    text = README.read_text(encoding="utf-8") if text is None else text
    inner = text.split(f"<!-- {name}:begin -->", 1)[1].split(f"<!-- {name}:end -->", 1)[0]
    return "\n".join(line for line in inner.strip().splitlines() if not line.startswith("```"))


# -- generated pages and numbers ------------------------------------------------------------------


@pytest.mark.parametrize("script", ["cli_reference.py", "config_reference.py", "supported_models.py", "facts.py"])
def test_generated_docs_are_up_to_date(script: str):
    result = _script(script)
    assert result.returncode == 0, result.stderr


def test_config_reference_lists_every_key_with_its_type_and_default():
    text = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    cells = [line.strip("| ").split(" | ") for line in text.splitlines() if line.startswith("| `")]
    rows = {c[0].strip("`"): c[1] for c in cells}
    expected = {k for k in _all_keys() if k != "roles"} | {f"roles.NAME.{f}" for f in RoleSpec.model_fields}
    assert set(rows) == expected
    assert rows["train.lr"] == "float (> 0)" and "| `train.lr` | float (> 0) | `2e-05` |" in text
    assert rows["data.balance"] == "none \\| upsample"


def test_a_generated_block_is_replaced_appended_or_refused():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from doc_sync import replace_block
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    doc = "head\n<!-- t:begin -->\nold\n<!-- t:end -->\ntail\n"
    assert replace_block(doc, "t", "new", where="d.md") == "head\n<!-- t:begin -->\nnew\n<!-- t:end -->\ntail\n"
    assert replace_block("head\n", "t", "new", where="d.md", append=True) == \
        "head\n\n<!-- t:begin -->\nnew\n<!-- t:end -->\n"
    with pytest.raises(SystemExit, match="d.md: no <!-- t:begin -->"):
        replace_block("head\n", "t", "new", where="d.md")
    with pytest.raises(SystemExit, match="d.md: <!-- t:begin --> has no <!-- t:end -->"):
        replace_block("head\n<!-- t:begin -->\nold\n", "t", "new", where="d.md", append=True)


def test_a_changed_fact_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import facts
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    page = tmp_path / "page.md"
    page.write_text("lr <!--f:lr-->1e-4<!--/f--> and <!--f:nope-->1<!--/f-->\n")
    monkeypatch.setattr(facts, "DOCS", [page])
    monkeypatch.setattr(facts, "ROOT", tmp_path)
    monkeypatch.setattr(facts, "FACTS", {"lr": facts.FACTS["lr"]})
    found = facts.problems()
    assert any("differs" in p for p in found) and any("f:nope names no fact" in p for p in found)
    assert facts.fill(page.read_text())[0].startswith(f"lr <!--f:lr-->{facts._num(Config().train.lr)}<!--/f-->")


def test_init_uses_the_smollm2_rate_the_docs_quote():
    from roletune.init import RULES

    rule = next(r for r in RULES if r.key == "train.lr")
    assert rule.value(None) == load_config(ROOT / "examples" / "smollm2-full.yaml").train.lr


def test_readme_stays_short_and_opens_with_the_two_set_up_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    commands = [line.split("#")[0].strip() for line in lines if line.startswith("make ")]
    assert commands[:2] == ["make demo", "make test"]


# -- what the docs name exists ---------------------------------------------------------------------

_KEY = re.compile(r"(?<![\w./<-])((?:run|data|model|lora|train|export|verify|eval|gate|serve|roles)"
                  r"\.[a-zA-Z_<>]+(?:\.[a-z_]+)?)(?![\w/(-])")
_FILE_SUFFIXES = ("json", "jsonl", "yaml", "sh", "py", "md", "gguf", "html", "txt", "log", "tokens")


def _unknown_keys(text: str) -> list[str]:
    keys = set(_all_keys())
    role_fields = set(RoleSpec.model_fields)
    found = []
    for key in _KEY.findall(text):
        key = key.rstrip(".")
        parts = key.split(".")
        if parts[-1] in _FILE_SUFFIXES or key in keys or any(k.startswith(key + ".") for k in keys):
            continue
        if parts[0] == "roles" and (len(parts) == 2 or parts[2] in role_fields):  # roles.NAME, roles.<r>.temperature
            continue
        found.append(key)
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_docs_name_only_config_keys_that_exist(doc: Path):
    assert _unknown_keys(doc.read_text(encoding="utf-8")) == []


def test_help_and_descriptions_name_only_config_keys_that_exist():
    found = []
    for path in sorted((ROOT / "src" / "roletune").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("help", "description", "hint"):
                texts = [n.value for n in ast.walk(node.value)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str)]
                found += [f"{path.relative_to(ROOT)}:{node.value.lineno}: {k}" for t in texts for k in _unknown_keys(t)]
    assert found == []


def test_the_key_check_catches_a_key_that_does_not_exist():
    assert _unknown_keys("see `serve.slots` and (default serve.parallel), roles.coder.temperature, roles.sh, "
                         "roles.coder.colour") == ["serve.slots", "roles.coder.colour"]


def test_relative_links_in_the_docs_resolve():
    broken = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if "://" not in target and not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []


def test_no_file_cites_a_design_doc_the_repository_lacks():
    """DESIGN.md lives outside the repository: a reader of the code cannot follow a reference to it."""
    if (ROOT / "DESIGN.md").exists():
        return
    files = [*DOCS, *(ROOT / "src").rglob("*.py"), *(ROOT / "scripts").glob("*.py"),
             *(ROOT / "examples").glob("*.yaml")]
    assert [str(p.relative_to(ROOT)) for p in files if "DESIGN.md" in p.read_text(encoding="utf-8")] == []


def test_the_docs_index_lists_every_page():
    index = _block_table_links()
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert pages <= index, pages - index


def _block_table_links() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Documentation", 1)[1]
    return set(re.findall(r"\]\((docs/[^)]+)\)", section))


def test_the_run_tree_in_the_readme_is_the_layout():
    names = [v for k, v in vars(layout).items() if k.isupper() and isinstance(v, str)]
    names += list(layout.TOKEN_FILES.values())
    listed = [line.split()[0] for line in _block("run-tree").splitlines()[1:]]
    assert all(entry.rstrip("/") in names for entry in listed), [e for e in listed if e.rstrip("/") not in names]
    produced_by_run = {n.split("/")[0] for n in names if "/" in n or "." in n} - {layout.OLLAMA_DIR}
    tops = {n.split("/")[0] for n in (entry.rstrip("/") for entry in listed)}
    assert {layout.DATA_DIR, layout.TRAIN_DIR, layout.MERGED_DIR, layout.GGUF_DIR, layout.VERIFY_DIR,
            layout.EVAL_DIR, layout.DECISION_FILE, layout.REPORT_FILE, layout.MANIFEST_FILE} <= tops
    assert tops <= produced_by_run | {layout.DATA_DIR, layout.MERGED_DIR, layout.GGUF_DIR}


# -- the walk-through, executed ---------------------------------------------------------------------

# What the test puts in place of the README's example paths: one OpenAI-format file (no ids; the role
# from a field; checks on some lines, the reference judge for the rest), split by prepare.
DATA = {"my-data.jsonl": "openai"}


def openai_file(path: Path) -> Path:
    """tests/data/mini's 14 examples as OpenAI chat lines: {"role", "messages"[, "check"]}."""
    lines = []
    for split in ("train", "val", "test"):
        for i, line in enumerate((MINI / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()):
            row = json.loads(line)
            lines.append({"role": row["role"], "messages": row["messages"],
                          **({"check": row["check"]} if i % 2 == 0 else {})})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path
MODEL = "/models/Qwen3-8B"
# The test's own overrides for a short run of a random tiny model (its answers are noise).
QUICK = ["train.max_steps=2", "train.batch_size=2", "train.grad_accum=1", "train.threads=2",
         "export.quant_types=[Q4_K_M]", "verify.samples=2", "eval.max_tokens=8", "eval.smoke_samples=1",
         "eval.smoke_min_pass=0.0", "eval.limit=2", "eval.parallel=2"]


def walkthrough_steps() -> list[str]:
    return [line for line in _block("walkthrough").splitlines() if line.strip() and not line.startswith("#")]


def test_the_walkthrough_is_init_check_plan_run_gate_serve():
    steps = walkthrough_steps()
    assert [s.split()[:2] for s in steps] == [["roletune", "init"], ["roletune", "data"], ["roletune", "plan"],
                                              ["roletune", "run"], ["cat", "runs/support-agents/decision.json"],
                                              ["roletune", "serve"]]
    assert MODEL in steps[0] and all(name in steps[0] for name in DATA)


def _shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200,
                          stdin=subprocess.DEVNULL, executable="/bin/bash")


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 180) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "roletune serve exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                return reply.read()
        except OSError:
            time.sleep(1)
    raise AssertionError(f"{url} did not answer in {timeout} s")


@pytest.mark.slow
def test_the_readme_walkthrough_runs_as_written(tmp_path: Path, tiny_qwen3: Path):
    from roletune.runtime.llama_server import free_port

    for name in DATA:
        openai_file(tmp_path / name)
    # roletune from this checkout on PATH; two training steps on eager torch (the CPU kernels are
    # tested elsewhere; compiling them on a busy machine would take longer than this whole run).
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "ROLETUNE_CPU_KERNELS": "0"}
    steps = walkthrough_steps()
    port = free_port()
    for step in steps[:-1]:
        command = step.replace(MODEL, str(tiny_qwen3))
        if command.startswith("roletune run "):
            command += "".join(f" --set {shlex.quote(item)}" for item in QUICK)
        result = _shell(command, tmp_path, env)
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        if command.startswith("cat "):
            assert json.loads(result.stdout)["verdict"] in ("deploy", "iterate", "abort")
    assert (tmp_path / "support-agents.yaml").is_file()
    assert (tmp_path / "runs" / "support-agents" / "report.html").is_file()

    serve = steps[-1] + f" --port {port}"
    proc = subprocess.Popen(serve, shell=True, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, executable="/bin/bash", start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/health", proc)
        models = json.loads(_wait_for(f"http://127.0.0.1:{port}/v1/models", proc))
        assert "roletune-coder" in {m["id"] for m in models["data"]}
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=60)
