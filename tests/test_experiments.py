"""The experiment scripts import against the current package (they are run rarely, so a renamed name
would otherwise surface an hour into a run), and augment_ab's arithmetic and markdown section."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"experiments_{name}", EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    sys.path.insert(0, str(EXPERIMENTS))  # what each imports from beside itself, as when run as a script
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXPERIMENTS))
    return module


SCRIPTS = sorted(p.stem for p in EXPERIMENTS.glob("*.py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_experiment_imports(name):
    assert load(name).__doc__


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_roletune_name_an_experiment_imports_exists(name):
    """Imports inside functions included: those run only when the experiment does."""
    tree = ast.parse((EXPERIMENTS / f"{name}.py").read_text(encoding="utf-8"))
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("roletune"):
            module = importlib.import_module(node.module)
            missing += [f"{node.module}.{a.name} (line {node.lineno})" for a in node.names
                        if not hasattr(module, a.name)]
    assert not missing


def _row(role, passed, score, well_formed):
    return {"role": role, "passed": passed, "score": score, "well_formed": well_formed}


def test_augment_ab_per_role_counts_and_means():
    ab = load("augment_ab")
    rows = [_row("coder", True, 1.0, True), _row("coder", False, 0.5, True), _row("researcher", False, 0.25, False)]
    got = ab.per_role(rows, ["coder", "researcher", "coordinator"])
    assert got["coder"] == {"n": 2, "passed": 1, "graded": 0.75, "well_formed": 1.0}
    assert got["researcher"] == {"n": 1, "passed": 0, "graded": 0.25, "well_formed": 0.0}
    assert got["coordinator"] == {"n": 0, "passed": 0, "graded": 0.0, "well_formed": 0.0}
    assert got["all"]["n"] == 3 and got["all"]["graded"] == pytest.approx(1.75 / 3, abs=1e-4)


def _result(graded_with):
    roles = {"coder": {"n": 2, "passed": 1, "graded": 0.5, "well_formed": 1.0},
             "all": {"n": 2, "passed": 1, "graded": 0.5, "well_formed": 1.0}}
    with_roles = {k: {**v, "graded": graded_with} for k, v in roles.items()}
    return {"config": "examples/demo.yaml", "overrides": ["train.epochs=2"], "candidate": "model-Q4_K_M",
            "arms": {"without": {"roles": roles}, "with": {"roles": with_roles}},
            "augment": {"teacher": "t", "roles": ["coder"], "sources": 3, "generated": 6, "kept": 2,
                        "rejected": {"length": 4}}}


def test_augment_ab_sections_are_per_config_and_replaced(tmp_path):
    ab = load("augment_ab")
    doc = tmp_path / "results.md"
    doc.write_text("# Results\n", encoding="utf-8")
    ab.write_section(doc, "demo", ab.table(_result(0.25)))
    ab.write_section(doc, "smollm2-full", ab.table(_result(0.75)))
    ab.write_section(doc, "demo", ab.table(_result(0.125)))  # a rerun replaces its own table only
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Results\n")
    assert text.count("augment:demo:begin") == 1 and text.count("augment:smollm2-full:begin") == 1
    assert "| coder | 2 | 1 | 0.500 | 100% | 1 | 0.125 | 100% |" in text
    assert "| coder | 2 | 1 | 0.500 | 100% | 1 | 0.750 | 100% |" in text
    assert "0.250" not in text
    assert "`--set train.epochs=2`" in text and "6 paraphrases of 3 train examples" in text
    assert "rejected: length 4" in text


def test_augment_ab_pairs_the_arms_on_the_same_examples():
    ab = load("augment_ab")
    result = _result(0.5)
    scores = {"without": [(True, 1.0), (False, 0.0), (False, 0.5)], "with": [(True, 1.0), (True, 1.0), (False, 0.0)]}
    for arm, outcomes in scores.items():
        result["arms"][arm]["examples"] = [
            {"id": f"coder-{i}", "role": "coder", "judge": "tests", "passed": passed, "score": score,
             "well_formed": True} for i, (passed, score) in enumerate(outcomes)]
    result["paired"] = ab.paired(result)
    assert result["paired"]["gained"] == ["coder-1"] and result["paired"]["lost"] == []
    assert result["paired"]["score_diff"] == round((1.0 - 0.5) / 3, 4)
    line = ab.table(result).splitlines()[-1]
    assert line.startswith("Paired on the same 3 val examples, with vs without: 1 gained / 0 lost (McNemar p = 1)")
    assert "graded score +0.167 (paired bootstrap 95% CI" in line
    assert "Paired" not in ab.table(_result(0.5))  # an ab.json from before the pairing: no line
