"""Evaluation judges model answers exactly as reference answers are judged (a fake engine answers)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from family_dirs import header_only_gguf

from roletune.config import load_config
from roletune.context import RunContext
from roletune.evaluate import stages
from roletune.evaluate.metrics import wilson_interval

AGENTS = Path(__file__).resolve().parents[1] / "examples" / "agents"


CHATML = ("{%- for m in messages %}{{- '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{%- endfor %}"
          "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}")


def _run_dir(tmp_path: Path, chat_template: str = CHATML) -> Path:
    root = tmp_path / "run"
    (root / "data").mkdir(parents=True)
    (root / "gguf").mkdir()
    shutil.copy(AGENTS / "test.jsonl", root / "data" / "test.jsonl")
    for name in ("base-Q4_K_M", "model-F16", "model-Q4_K_M"):
        header_only_gguf(root / "gguf" / f"{name}.gguf", chat_template)
    return root


def _fake_episodes(answer_for):
    """Tool-use examples as agent episodes whose model answers at once (the loop is tested in test_tools)."""
    from roletune.data.checks import ToolUseCheck
    from roletune.evaluate.agent import Reply, run_agent

    def fake_episodes(config, gguf, examples, chat_template, partial, advance):
        rows = {}
        for ex in examples:
            if isinstance(ex.check, ToolUseCheck):
                reply = Reply(answer_for(ex.id), None, completion_tokens=20, ttft_s=0.01, latency_s=0.2)
                episode = run_agent(lambda messages, tools, reply=reply: reply, ex)
                rows[ex.id] = {"id": ex.id, **episode.answer_row(), **episode.row()}
                advance()
        return rows, 123_000_000

    return fake_episodes


def _fake_engine(monkeypatch, answer_for):
    def fake(gguf, items, out_path, **kwargs):
        answers = {}
        for it in items:
            answers[it["id"]] = {"id": it["id"], "answer": answer_for(it["id"]), "prompt_tokens": 50,
                                 "completion_tokens": 20, "finish_reason": "stop", "ttft_s": 0.01, "latency_s": 0.2,
                                 "tokens_per_s": 100.0}
            kwargs["on_answer"](answers[it["id"]])
        return answers, 123_000_000

    monkeypatch.setattr(stages, "generate_answers", fake)
    monkeypatch.setattr(stages, "_tool_episodes", _fake_episodes(answer_for))


def _evaluate(root: Path) -> dict:
    config = load_config(None, ["export.quant_types=[Q4_K_M]"])
    stages.evaluate(RunContext(config=config, root=root))
    return json.loads((root / "eval" / "metrics.json").read_text())


def test_reference_answers_score_100_percent(tmp_path: Path, monkeypatch):
    references = {ex.id: ex.answer for ex in stages.load_split(AGENTS / "test.jsonl")}
    _fake_engine(monkeypatch, references.__getitem__)
    root = _run_dir(tmp_path)
    metrics = _evaluate(root)
    for name, m in metrics["candidates"].items():
        assert m["success"] == 1.0 and m["n"] == 31, name
        assert m["well_formed"] == 1.0 and all(r["well_formed"] == 1.0 for r in m["roles"].values()), name
        assert set(m["roles"]) == {"coder", "tester", "researcher", "coordinator"}
        assert m["score"] == 1.0 and m["score_ci95"] == [1.0, 1.0]
        assert all(r["score"] == 1.0 for r in m["roles"].values())
        tool_use = sum(ex.check.kind == "tool_use" for ex in stages.load_split(AGENTS / "test.jsonl"))
        assert m["tools"]["n"] == tool_use > 0 and m["tools"]["success"] == 1.0 and m["tools"]["calls"] == 0
    assert metrics["score_interval"].startswith("percentile bootstrap")
    rows = [json.loads(line) for line in (root / "eval" / "predictions.jsonl").read_text().splitlines()]
    assert len(rows) == 3 * 31 and all(r["passed"] and r["score"] == 1.0 for r in rows)
    assert {"candidate", "id", "role", "answer", "passed", "score", "reason", "latency_s", "completion_tokens",
            "tokens_per_s"} <= set(rows[0])


def test_broken_answers_score_0_percent(tmp_path: Path, monkeypatch):
    broken = {"coder": "```python\ndef nothing_useful():\n    return None\n```",
              "tester": "```python\ndef test_nothing():\n    assert True\n```",
              "researcher": "I am not sure.",
              "coordinator": '{"goal": "x", "steps": [{"id": 1, "role": "pilot", "task": "fly"}]}'}
    roles = {ex.id: ex.role for ex in stages.load_split(AGENTS / "test.jsonl")}
    _fake_engine(monkeypatch, lambda i: broken[roles[i]])
    metrics = _evaluate(_run_dir(tmp_path))
    assert all(m["success"] == 0.0 and m["score"] < 0.2 for m in metrics["candidates"].values())
    # Form apart from correctness: the tester's trivial test and the coder's code keep their contracts;
    # a wrong function name, a two-word essay and a plan with a missing key do not.
    roles = metrics["candidates"]["model-Q4_K_M"]["roles"]
    assert roles["tester"]["well_formed"] == 1.0
    assert roles["coder"]["well_formed"] == 0.0 and roles["researcher"]["well_formed"] == 0.0
    assert roles["coordinator"]["well_formed"] == 0.0


@pytest.mark.parametrize(("role_check", "answer", "formed", "why"), [
    ({"kind": "python_tests", "entry_point": "add", "tests": "assert add(1, 2) == 3"},
     "```python\ndef add(a, b):\n    return a - b\n```", True, "defines the function"),
    ({"kind": "python_tests", "entry_point": "add", "tests": "assert add(1, 2) == 3"},
     "```python\ndef add(a, b:\n```", False, "does not parse"),
    ({"kind": "python_tests", "entry_point": "add", "tests": "assert add(1, 2) == 3"}, "Use the + operator.", False,
     "no Python code"),
])
def test_answer_form_is_about_the_contract_not_correctness(role_check, answer, formed, why):
    from roletune.evaluate.form import answer_form

    ok, text = answer_form(role_check, answer)
    assert ok is formed and why in text


@pytest.mark.parametrize(("k", "n", "lo", "hi"), [(0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (5, 20, 0.1119, 0.4687)])
def test_wilson_interval_matches_reference_values(k, n, lo, hi):
    got = wilson_interval(k, n)
    assert got == pytest.approx((lo, hi), abs=1e-3)


def test_score_interval_is_a_seeded_percentile_bootstrap_of_the_mean():
    from roletune.evaluate.metrics import bootstrap_mean_interval

    assert bootstrap_mean_interval([0.25] * 8) == (0.25, 0.25)
    lo, hi = bootstrap_mean_interval([0.0, 1.0] * 20)
    assert lo < 0.5 < hi and (lo, hi) == pytest.approx((0.35, 0.65), abs=0.03)  # ≈ mean ± 1.96·0.5/√40
    assert bootstrap_mean_interval([0.0, 1.0] * 20) == (lo, hi), "seeded: the same interval every time"
    assert bootstrap_mean_interval([]) == (0.0, 1.0)


def _smoke_dir(tmp_path: Path, chat_template: str = CHATML) -> Path:
    root = _run_dir(tmp_path, chat_template)
    shutil.copy(AGENTS / "val.jsonl", root / "data" / "val.jsonl")
    return root


def _fake_engine_writing(monkeypatch, answer_for, file_answer=None):
    """Like the real generate_answers: appends each answer to its partial file as it goes. `file_answer`
    (GGUF file name, example id) -> answer, when the answer depends on the candidate."""
    def fake(spec, items, out_path, **kwargs):
        answers = {}
        with open(out_path, "a", encoding="utf-8") as fh:
            for it in items:
                answer = file_answer(spec.gguf.name, it["id"]) if file_answer else answer_for(it["id"])
                answers[it["id"]] = {"id": it["id"], "answer": answer, "prompt_tokens": 50,
                                     "completion_tokens": 20, "finish_reason": "stop", "ttft_s": 0.01, "latency_s": 0.2,
                                     "tokens_per_s": 100.0}
                fh.write(json.dumps(answers[it["id"]]) + "\n")
                kwargs["on_answer"](answers[it["id"]])
        return answers, 1

    monkeypatch.setattr(stages, "generate_answers", fake)
    monkeypatch.setattr(stages, "_tool_episodes", _fake_episodes(answer_for))


def test_smoke_passes_reference_answers_and_cleans_up(tmp_path: Path, monkeypatch):
    references = {ex.id: ex.answer for ex in stages.load_split(AGENTS / "val.jsonl")}
    _fake_engine_writing(monkeypatch, references.__getitem__)
    root = _smoke_dir(tmp_path)
    result = stages.smoke(RunContext(config=load_config(None, ["export.quant_types=[Q4_K_M]"]), root=root))
    assert set(result) == {"base-Q4_K_M", "model-F16", "model-Q4_K_M"}
    assert all(v.split("/")[0] == v.split("/")[1] for v in result.values()), result
    assert not list((root / "eval").glob("partial-*")), "answers of a passed smoke test are not kept"


def test_smoke_failure_names_the_problems_and_keeps_the_answers(tmp_path: Path, monkeypatch):
    from roletune.errors import StageFailed

    looping = "```python\ndef f(:\n```\n" + "the same six words over again " * 6
    _fake_engine_writing(monkeypatch, lambda _: looping + "<|im_end|>")
    root = _smoke_dir(tmp_path)
    with pytest.raises(StageFailed) as err:
        stages.smoke(RunContext(config=load_config(None, ["export.quant_types=[Q4_K_M]"]), root=root))
    assert "model-F16: 0/" in str(err.value) and "repeats itself" in str(err.value)
    report = json.loads((root / "eval" / "smoke.json").read_text())
    assert report["candidates"]["base-Q4_K_M"]["gated"] is False
    assert len(list((root / "eval").glob("partial-smoke-*.jsonl"))) == 3, "a rerun judges these answers again"
    assert "check the chat template and EOS" in err.value.hint


def test_smoke_failure_of_a_quantized_file_names_the_types_that_pass(tmp_path: Path, monkeypatch):
    from roletune.errors import StageFailed

    references = {ex.id: ex.answer for ex in stages.load_split(AGENTS / "val.jsonl")}
    looping = "the same six words over again " * 6  # the Q4_K_M files loop; F16 and Q8_0 answer well
    _fake_engine_writing(monkeypatch, references.__getitem__,
                         lambda name, i: looping if "Q4_K_M" in name else references[i])
    root = _smoke_dir(tmp_path)
    header_only_gguf(root / "gguf" / "model-Q8_0.gguf", CHATML)
    config = load_config(None, ["export.quant_types=[Q4_K_M,Q8_0]"])
    with pytest.raises(StageFailed) as err:
        stages.smoke(RunContext(config=config, root=root))
    assert "model-Q4_K_M: 0/" in str(err.value) and "model-Q8_0" not in str(err.value)
    assert "model-F16 passes" in err.value.hint and "--set export.quant_types=[Q8_0]" in err.value.hint


def _qwen3_template() -> str:
    from real_tokenizers import real_tokenizer_dir

    return json.loads((real_tokenizer_dir("qwen3") / "tokenizer_config.json").read_text())["chat_template"]


@pytest.mark.parametrize("thinking", ["off", "on"])
def test_prompts_carry_the_thinking_switch_of_each_role(tmp_path: Path, monkeypatch, thinking: str):
    seen = []

    def fake(gguf, items, out_path, **kwargs):
        seen.extend(items)
        answers = {it["id"]: {"id": it["id"], "answer": "x", "prompt_tokens": 1, "completion_tokens": 1,
                              "finish_reason": "stop", "ttft_s": 0.0, "latency_s": 0.1, "tokens_per_s": 1.0}
                   for it in items}
        return answers, 1

    monkeypatch.setattr(stages, "generate_answers", fake)
    monkeypatch.setattr(stages, "_tool_episodes", _fake_episodes(lambda i: "x"))
    root = _run_dir(tmp_path, _qwen3_template())
    config = load_config(None, ["export.quant_types=[Q4_K_M]", f"model.thinking={thinking}",
                                "roles.coder.thinking=off"])
    stages.evaluate(RunContext(config=config, root=root))
    roles = {ex.id: ex.role for ex in stages.load_split(root / "data" / "test.jsonl")}
    for it in seen:
        want = "off" if roles[it["id"]] == "coder" else thinking
        assert it["template_kwargs"] == {"enable_thinking": want == "on"}, (it["id"], want)


def test_smoke_judges_the_answer_without_its_separated_think_block(tmp_path: Path, monkeypatch):
    from roletune.errors import StageFailed

    references = {ex.id: ex.answer for ex in stages.load_split(AGENTS / "val.jsonl")}
    _fake_engine_writing(monkeypatch, lambda i: "<think>\nFirst the plan.\n</think>\n\n" + references[i])
    root = _smoke_dir(tmp_path, _qwen3_template())
    on = load_config(None, ["export.quant_types=[Q4_K_M]", "model.thinking=on"])
    stages.smoke(RunContext(config=on, root=root))  # passes: the think block is reasoning, not answer
    report = json.loads((root / "eval" / "smoke.json").read_text())
    assert all(not r["problems"] for c in report["candidates"].values() for r in c["results"])
    assert all("<think>" not in r["answer"] for c in report["candidates"].values() for r in c["results"])
    off = load_config(None, ["export.quant_types=[Q4_K_M]", "model.thinking=off"])
    with pytest.raises(StageFailed) as err:  # off: the prompt closed the think block, so one in the answer is raw
        stages.smoke(RunContext(config=off, root=root))
    assert "raw template tokens in the answer: <think>, </think>" in str(err.value)
