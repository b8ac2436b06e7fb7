"""roletune's import graph between its packages and top-level modules, and the diagram in docs/architecture.md.

    python scripts/import_graph.py            # print the diagram
    python scripts/import_graph.py --write    # rewrite it in docs/architecture.md
    python scripts/import_graph.py --check    # exit 1 if docs/architecture.md is out of date (a test runs this)

The graph is built from the source (every import statement, those inside functions included, since a
deferred import is still a dependency), with one node per package under src/roletune (data, export,
train, …) and one per top-level module (config, families, errors, files, registry, …).
tests/test_architecture.py fails on a cycle in it.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from doc_sync import replace_block  # scripts/, beside this file

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "roletune"
DOC = ROOT / "docs" / "architecture.md"
BLOCK = "import-graph"


def _node(module: str) -> str | None:
    """roletune.export.vocab -> 'export'; roletune.config -> 'config'; roletune -> None (the package itself)."""
    parts = module.split(".")
    if parts[0] != "roletune" or len(parts) == 1:
        return None
    return parts[1]


def _module_of(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, relative ones resolved."""
    module = _module_of(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "roletune":  # `from roletune import train`: the names may be subpackages
                found += [(f"roletune.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return found


def import_graph() -> dict[str, dict[str, list[str]]]:
    """node -> {node it imports: ["file:line", …]}, between distinct nodes of roletune."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        source = _node(_module_of(path))
        if source is None:
            continue
        edges = graph.setdefault(source, {})
        for target_module, line in _imported(path):
            target = _node(target_module)
            if target is None or target == source:
                continue
            if (SRC / target).is_dir() or (SRC / f"{target}.py").is_file():  # not a name from roletune/__init__
                edges.setdefault(target, []).append(f"{path.relative_to(SRC)}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layers(graph: dict[str, dict[str, list[str]]]) -> dict[str, int]:
    """Each node's layer: 0 for a node that imports no other, else one above the highest node it imports."""
    layer: dict[str, int] = {}

    def depth(node: str, seen: tuple[str, ...] = ()) -> int:
        if node not in layer:
            if node in seen:
                raise ValueError(f"import cycle: {' -> '.join((*seen, node))}")
            below = [depth(b, (*seen, node)) for b in graph.get(node, {})]
            layer[node] = 1 + max(below) if below else 0
        return layer[node]

    for node in sorted(graph):
        depth(node)
    return layer


def diagram(graph: dict[str, dict[str, list[str]]]) -> str:
    """The layers from the top (cli) down, each node with the nodes it imports."""
    layer = layers(graph)
    width = max(map(len, graph))
    lines = ["```text"]
    for n in range(max(layer.values()), -1, -1):
        lines.append(f"── layer {n} " + "─" * 60)
        for node in sorted(k for k, v in layer.items() if v == n):
            imports = ", ".join(sorted(graph[node], key=lambda b: (-layer[b], b)))
            lines.append(f"  {node:<{width}}  → {imports}" if imports else f"  {node}")
    lines.append("```")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the diagram in docs/architecture.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if docs/architecture.md is out of date")
    args = parser.parse_args(argv)
    block = diagram(import_graph())
    if not (args.write or args.check):
        print(block)
        return 0
    text = DOC.read_text(encoding="utf-8")
    new = replace_block(text, BLOCK, block, where=DOC)
    if args.write:
        DOC.write_text(new, encoding="utf-8")
        return 0
    if new != text:
        print(f"{DOC} is out of date: run `python scripts/import_graph.py --write`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
