"""The stage table tells the truth: what a stage reads is what it declares.

One run of the whole pipeline on the tiny Qwen3 (prepare to report, in this process, export.imatrix on so
quantize takes its widest path) with tests/stage_probe.py recording, per stage, the config keys it read
and the files it opened. Then:
- every key read is covered by the stage's `reads` (hashed: a change reruns it) or `how` (how it runs,
  not what it writes);
- every file of the run directory or of the config's inputs (data splits, base model) that the stage
  opened is covered by an input recorded in manifest.json (hashed: a change reruns it) or by one of the
  stage's own outputs or work files.
The fast tests below prove the probe sees each way of reading a key or a file, so the slow test can fail.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from short_run import MINI, write_short_run_config
from stage_probe import FileRecorder, KeyRecorder, covered

from roletune.config import load_config
from roletune.layout import CONFIG_FILE, MANIFEST_FILE
from roletune.pipeline import STAGES, Stage, run_pipeline

# -- the probe sees what it must --------------------------------------------------------------------


def test_key_recorder_sees_fields_methods_dumps_and_dicts():
    config = load_config(None)
    recorder = KeyRecorder(config)
    with recorder.installed():
        _ = config.train.lr  # outside a stage: not recorded
        with recorder.during("s"):
            _ = config.data.max_length
            config.thinking_for("coder")  # a method: reads roles and model.thinking
            config.gate.baseline.model_dump()
            _ = config.export  # navigation alone reads nothing
    assert recorder.by_stage["s"] == {"data.max_length", "roles", "roles.coder.thinking", "model.thinking",
                                      "gate.baseline.name",
                                      "gate.baseline.success", "gate.baseline.mean_latency_s", "gate.baseline.size_gb"}
    assert config.train.lr == 2e-5  # the class is restored


def test_file_recorder_sees_open_os_open_and_programs(tmp_path: Path):
    watched, other = tmp_path / "run", tmp_path / "other"
    watched.mkdir()
    other.mkdir()
    (watched / "a.txt").write_text("a")
    (other / "b.txt").write_text("b")
    recorder = FileRecorder([watched])
    with recorder.installed(), recorder.during("s"):
        (watched / "a.txt").read_text()
        (other / "b.txt").read_text()
        os.close(os.open(watched / "c.bin", os.O_WRONLY | os.O_CREAT))
        subprocess.run([sys.executable, "-c", "pass", str(watched / "d.gguf")], check=True)
    seen = {Path(p).name: how for p, how in recorder.by_stage["s"].items()}
    assert seen == {"a.txt": {"read"}, "c.bin": {"write"}, "d.gguf": {"argument"}}


def test_covered_is_by_dotted_prefix():
    assert covered("export.imatrix", ("export",)) and covered("roles", ("roles",))
    assert not covered("exporter", ("export",)) and not covered("data.max_length", ("data.train",))


# -- one instrumented run ---------------------------------------------------------------------------


def _config(tmp_path: Path, base: Path) -> Path:
    extra = {"data": {"augment": True},
             "augment": {"n": 1, "max_tokens": 16},  # the base model is the teacher: every stage runs
             "export": {"imatrix": True, "imatrix_tokens": 512},
             "verify": {"max_abs_logit_diff_f16": 1.0}}
    return write_short_run_config(tmp_path / "contracts.yaml", base, test="tests/test_stage_contracts.py -m slow",
                                  what="the whole pipeline on the tiny Qwen3, recorded stage by stage.", extra=extra)


@pytest.fixture(scope="module")
def recorded_run(tiny_qwen3: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch_module):
    tmp_path = tmp_path_factory.mktemp("contracts")
    monkeypatch_module.setenv("ROLETUNE_HOME", str(tmp_path / "home"))  # the teacher's GGUF and reply cache
    # Two steps on eager torch: compiling the CPU kernels into the fresh home is not what this records.
    monkeypatch_module.setenv("ROLETUNE_CPU_KERNELS", "0")
    config = load_config(_config(tmp_path, tiny_qwen3))
    keys = KeyRecorder(config)
    files = FileRecorder([tmp_path / "run", MINI, tiny_qwen3])
    original = Stage.function

    def function(stage: Stage):
        run = original(stage)

        def recorded(ctx):
            with keys.during(stage.name), files.during(stage.name):
                return run(ctx)

        return recorded

    monkeypatch_module.setattr(Stage, "function", function)
    with keys.installed(), files.installed():
        manifest = run_pipeline(config)
    return config, manifest, keys, files


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.slow
def test_every_stage_ran_and_was_recorded(recorded_run):
    _, manifest, keys, files = recorded_run
    assert {name: r["status"] for name, r in manifest.data["stages"].items()} == {s.name: "done" for s in STAGES}
    assert set(keys.by_stage) >= {s.name for s in STAGES} - {"merge"}, "merge reads the adapter's record instead"
    assert set(files.by_stage) == {s.name for s in STAGES}, "every stage opens files"


@pytest.mark.slow
def test_stages_declare_every_config_key_they_read(recorded_run):
    _, _, keys, _ = recorded_run
    undeclared = {s.name: sorted(k for k in keys.by_stage[s.name] if not covered(k, s.reads + s.how))
                  for s in STAGES}
    undeclared = {name: ks for name, ks in undeclared.items() if ks}
    assert not undeclared, ("stages read config keys their `reads` (pipeline.py STAGES) do not declare — a change "
                            f"to one would not rerun them: {undeclared}")


# The pipeline's own records: rewritten around every stage, so no stage can take them as a hashed input
# (report reads the stage timings from manifest.json; the config is hashed key by key instead).
PIPELINE_FILES = (MANIFEST_FILE, CONFIG_FILE)
_TEMPORARY = re.compile(r"\.tmp-(.+)\.[^./]+")  # files.py TMP_PREFIX + final name + "." + random suffix


def _final(rel: str) -> str:
    """A temporary's final name: eval/.tmp-metrics.json.k3j2 -> eval/metrics.json."""
    return "/".join(_TEMPORARY.sub(r"\1", part) for part in rel.split("/"))


def _own(stage: Stage, rel: str, config) -> bool:
    """A stage may open its own outputs and work files (and their temporaries) without declaring them."""
    return any(rel == o or rel.startswith(o + "/") or fnmatch.fnmatchcase(rel, o)
               for o in (*stage.outputs_for(config), *stage.work_for(config)))


@pytest.mark.slow
def test_manifest_inputs_cover_every_file_a_stage_opened(recorded_run):
    config, manifest, _, files = recorded_run
    root = manifest.path.parent
    missing: dict[str, list[str]] = {}
    for stage in STAGES:
        inputs = list(manifest.stage(stage.name)["inputs"])
        for path, how in sorted(files.by_stage.get(stage.name, {}).items()):
            p = Path(path)
            rel = p.relative_to(root).as_posix() if p.is_relative_to(root) else None
            name = _final(rel) if rel else path
            declared = any(name == i or name.startswith(i.rstrip("/") + "/") for i in inputs)
            if not declared and not (rel and (_own(stage, name, config) or name in PIPELINE_FILES)):
                missing.setdefault(stage.name, []).append(f"{rel or path} ({', '.join(sorted(how))})")
    assert not missing, f"files opened but not among the stage's manifest inputs or its outputs: {missing}"
