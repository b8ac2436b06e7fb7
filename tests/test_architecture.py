"""How roletune's files meet: imports run downward only.

The graph is built from the source (every import statement, those inside functions included, since a
deferred import is still a dependency), with one node per package under src/roletune (data, export,
train, …) and one per top-level module (config, families, errors, files, registry, …). A cycle between
two nodes means neither can be understood, tested or changed without the other; the shared piece
belongs in a third, lower module.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "roletune"
_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph_script = importlib.util.module_from_spec(_spec)
sys.path.insert(0, str(ROOT / "scripts"))  # its doc_sync, as when run from scripts/
try:
    _spec.loader.exec_module(import_graph_script)
finally:
    sys.path.remove(str(ROOT / "scripts"))
import_graph, cycles = import_graph_script.import_graph, import_graph_script.cycles
_imported = import_graph_script._imported  # (module, line) of each import in a file, relative ones resolved

# Upward edges not yet removed (issue #18), each with the file that makes it. The cycle test ignores
# them; test_known_upward_edges_still_exist fails once one is gone, so the list only shrinks.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def test_the_graph_sees_the_packages_and_their_imports():
    graph = import_graph()
    assert {"data", "evaluate", "export", "train", "verify", "serve", "config", "files", "errors"} <= set(graph)
    assert "config" in graph["train"] and "errors" in graph["export"]


def test_known_upward_edges_still_exist():
    graph = import_graph()
    gone = [f"{a} -> {b}" for a, b in KNOWN_UPWARD if b not in graph.get(a, {})]
    assert not gone, f"remove from KNOWN_UPWARD (the import is gone): {gone}"


def test_architecture_doc_shows_the_real_import_graph():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_graph.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_put_every_import_below_its_importer():
    graph = import_graph()
    layer = import_graph_script.layers(graph)
    upward = [f"{a} -> {b}" for a, edges in graph.items() for b in edges if layer[b] >= layer[a]]
    assert not upward and layer["errors"] == 0 and layer["cli"] == max(layer.values()), upward


def test_no_import_cycles_between_packages():
    graph = {a: {b: where for b, where in edges.items() if (a, b) not in KNOWN_UPWARD}
             for a, edges in import_graph().items()}
    described = []
    for component in cycles(graph):
        edges = [f"  {a} -> {b}: {', '.join(graph[a][b][:3])}" for a in component for b in component
                 if b in graph.get(a, {})]
        described.append(" ↔ ".join(component) + "\n" + "\n".join(edges))
    assert not described, "imports run upward somewhere:\n" + "\n".join(described)


# -- the run directory's layout -------------------------------------------------------------------


def _layout() -> tuple[set[str], set[str], set[str]]:
    """From roletune.layout itself: (constant names, run-relative paths, every component of those paths)."""
    import roletune.layout as layout

    names = {n for n in vars(layout) if n.isupper()}
    paths: set[str] = set()
    for name in names:
        value = getattr(layout, name)
        paths.update([value] if isinstance(value, str) else value.values() if isinstance(value, dict) else [])
    return names, paths, {part for p in paths for part in p.split("/")}


LAYOUT_NAMES, LAYOUT_PATHS, LAYOUT_PARTS = _layout()
RUN_DIRS = tuple(sorted({p.split("/")[0] for p in LAYOUT_PATHS if "/" in p}
                        | {p for p in LAYOUT_PATHS if "." not in p}))  # top-level folders of a run
RUN_FILES = tuple(sorted(p for p in LAYOUT_PARTS if "." in p))  # file names, wherever they sit in the run
_RUN_PATH = re.compile(rf"^(?:{'|'.join(RUN_DIRS)})/")
_JOINS = {"path", "joinpath", "join", "Path"}  # ctx.path(x), p.joinpath(x), os.path.join(r, x), Path(r, x)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str | None:
    return node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id if isinstance(node.func, ast.Name) \
        else None


def literal_run_paths(path: Path, root: Path = SRC) -> list[str]:
    """Run-directory paths spelled outside roletune.layout: "eval/metrics.json", f"gguf/{x}.gguf",
    f"{GGUF_DIR}/{x}", root / "eval", root / BEST / "best", ctx.path("eval"), Path(root, "train"),
    "decision.json", "parity.json" (docstrings and comments are prose, not paths). The names and folders
    come from roletune.layout, so a path added there is checked here without editing this test."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        text = None
        value = _const(node)
        if value is not None and id(node) not in skip:
            if _RUN_PATH.match(value) or value in RUN_FILES:
                text = value
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):  # root / "eval"
            if _const(node.right) in LAYOUT_PARTS:
                text = f'/ "{_const(node.right)}"'
        elif isinstance(node, ast.Call) and _call_name(node) in _JOINS:  # ctx.path("eval"), Path(root, "best")
            hit = next((_const(a) for a in node.args if _const(a) in LAYOUT_PARTS), None)
            if hit:
                text = f'{_call_name(node)}("{hit}")'
        elif isinstance(node, ast.JoinedStr) and len(node.values) > 1:  # f"{GGUF_DIR}/{name}"
            first, second = node.values[0], node.values[1]
            if isinstance(first, ast.FormattedValue) and isinstance(first.value, ast.Name) \
                    and first.value.id in LAYOUT_NAMES and (_const(second) or "").startswith("/"):
                text = f'f"{{{first.value.id}}}/…"'
        if text:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {text}")
    return found


# Paths that share a name with a run's file but are not in a run directory.
NOT_RUN_PATHS = {
    "serve/deploy.py": "the deployment bundle's config.yaml",
}


def test_run_directory_paths_are_spelled_only_in_layout():
    found = [hit for p in sorted(SRC.rglob("*.py")) if p.name != "layout.py"
             and str(p.relative_to(SRC)) not in NOT_RUN_PATHS for hit in literal_run_paths(p)]
    assert not found, "use roletune.layout for these run-directory paths:\n" + "\n".join(found)


def test_the_layout_check_sees_each_way_of_spelling_a_path(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Writes eval/metrics.json."""\nimport x\n'
                      'a = "eval/metrics.json"\nb = f"gguf/{x}.gguf"\nc = x / "eval"\nd = x.path("train")\n'
                      'e = "decision.json"\nf = "train"\ng = f"{GGUF_DIR}/{x}"\nh = x / BEST_DIR / "metrics.json"\n'
                      'i = Path(x, "best")\nj = os.path.join(x, "checkpoints")\nk = "parity.json"\n')
    hits = sorted(literal_run_paths(sample, tmp_path))
    assert hits == sorted(['sample.py:3: eval/metrics.json', 'sample.py:4: gguf/', 'sample.py:5: / "eval"',
                           'sample.py:6: path("train")', 'sample.py:7: decision.json', 'sample.py:9: f"{GGUF_DIR}/…"',
                           'sample.py:10: / "metrics.json"', 'sample.py:10: metrics.json',
                           'sample.py:11: Path("best")', 'sample.py:12: join("checkpoints")',
                           'sample.py:13: parity.json']), hits


def test_architecture_doc_shows_every_run_path():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## The run directory", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    missing = sorted(p for p in LAYOUT_PATHS if p.rsplit("/", 1)[-1] not in block)
    assert not missing, f"docs/architecture.md's run directory lacks: {missing}"


# -- train/ along its seams (issue #18 item 4) ----------------------------------------------------

TRAIN = SRC / "train"
STAGE = ("roletune.train.sft", "roletune.train.callbacks", "roletune.train.checkpoints")
BUILDER = "roletune.train.kernels.build"


def _train_imports(files: list[Path]) -> list[tuple[str, str]]:
    """(file:line, module) for each import of roletune.train.* in `files`."""
    return [(f"{p.relative_to(SRC)}:{line}", module) for p in files for module, line in _imported(p)
            if module.startswith("roletune.train.")]


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_train_kernels_import_nothing_of_train_above_them():
    found = [f"{where}: {m}" for where, m in _train_imports(sorted((TRAIN / "kernels").rglob("*.py")))
             if not _under(m, "roletune.train.kernels")]
    assert not found, "train/kernels/ sits at the bottom of train/:\n" + "\n".join(found)


def test_the_planner_imports_neither_the_stage_nor_the_kernels_builder():
    found = [f"{where}: {m}" for where, m in _train_imports(sorted((TRAIN / "plan").rglob("*.py")))
             if _under(m, BUILDER, *STAGE)]
    assert not found, "train/plan/ asks whether the kernels are built and never builds them:\n" + "\n".join(found)


def test_model_and_batching_sit_below_the_planner():
    found = [f"{where}: {m}" for where, m in _train_imports([TRAIN / "model.py", TRAIN / "batching.py"])
             if _under(m, "roletune.train.plan", *STAGE)]
    assert not found, "\n".join(found)


def test_the_seam_checks_see_a_forbidden_import(tmp_path: Path, monkeypatch):
    fake = tmp_path / "roletune"
    (fake / "train" / "plan").mkdir(parents=True)
    (fake / "train" / "plan" / "cost.py").write_text("from roletune.train.kernels.build import extension\n"
                                                     "from ..sft import train\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    monkeypatch.setattr(import_graph_script, "SRC", fake)  # _imported resolves relative imports from SRC
    assert [m for _, m in _train_imports([fake / "train" / "plan" / "cost.py"])] == [BUILDER, "roletune.train.sft"]
