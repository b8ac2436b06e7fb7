"""Judges of examples without a check (docs/judges.md): a user's command in the sandbox, an LLM behind
an OpenAI-compatible API (here roletune's own server on the tiny model), and chrF to the reference,
each through evaluate → gate → report."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from test_evaluate import AGENTS, _fake_engine, _run_dir

from roletune.config import load_config
from roletune.context import RunContext
from roletune.errors import ConfigError
from roletune.evaluate import stages
from roletune.evaluate.judges import Judges
from roletune.evaluate.judges.command import JudgeCommand
from roletune.evaluate.judges.llm import load_prompt, parse_verdict, render_prompt
from roletune.evaluate.judges.reference import chrf
from roletune.evaluate.sandbox import SandboxLimits
from roletune.gate import gate
from roletune.report.build import report

# A judge of the user's: passes when the answer is the reference (the last message), with a graded
# score of the shared words; it also tries the network, which the sandbox has cut.
JUDGE_PY = textwrap.dedent('''\
    import json, socket, sys
    data = json.load(sys.stdin)
    reference = data["example"]["messages"][-1]["content"]
    answer = data["answer"]
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=1)
        net = "network reachable"
    except OSError:
        net = "no network"
    words = set(reference.split())
    share = len(words & set(answer.split())) / len(words)
    print(json.dumps({"score": share, "reason": net}))
    sys.exit(0 if answer == reference else 1)
''')


def _unchecked(root: Path, keep_checks: tuple[str, ...] = (), per_role: int = 3) -> dict[str, str]:
    """The run's test split, `per_role` plain (not tool-use) examples of each role, with the checks removed
    (except for the roles in keep_checks); id → reference."""
    lines, taken = [], {}
    for line in (AGENTS / "test.jsonl").read_text().splitlines():
        ex = json.loads(line)
        if "tools" in ex:  # tool-use episodes are tests/test_tools.py's
            continue
        taken[ex["role"]] = taken.get(ex["role"], 0) + 1
        if taken[ex["role"]] > per_role:
            continue
        if ex["role"] not in keep_checks:
            ex.pop("check")
        lines.append(json.dumps(ex))
    (root / "data" / "test.jsonl").write_text("\n".join(lines) + "\n")
    return {ex.id: ex.answer for ex in stages.load_split(root / "data" / "test.jsonl")}


def _pipeline_tail(root: Path, config) -> tuple[dict, dict, str]:
    ctx = RunContext(config=config, root=root)
    stages.evaluate(ctx)
    gate(ctx)
    report(ctx)
    return (json.loads((root / "eval" / "metrics.json").read_text()), json.loads((root / "decision.json").read_text()),
            (root / "report.html").read_text())


def _predictions(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "eval" / "predictions.jsonl").read_text().splitlines()]


# -- config ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("overrides", "names"), [
    (["eval.judge=llm"], ["eval.judge_url", "eval.judge_model"]),
    (["eval.judge=llm", "eval.judge_url=http://127.0.0.1:1/v1"], ["eval.judge_model"]),
    (["eval.judge=command"], ["eval.judge_command"]),
])
def test_a_judge_without_its_settings_is_a_config_error(overrides, names):
    with pytest.raises(ConfigError) as err:
        load_config(None, overrides)
    assert all(n in str(err.value) for n in names) and "docs/judges.md" in str(err.value)


def test_command_that_is_neither_a_file_nor_on_path_fails_before_generation(tmp_path: Path):
    config = load_config(None, ["eval.judge=command", "eval.judge_command=no-such-judge --strict"])
    with pytest.raises(ConfigError, match="'no-such-judge' is neither a file"):
        Judges(config, tmp_path / "cache")


def test_a_replacement_prompt_must_show_the_answer(tmp_path: Path):
    (tmp_path / "rubric.md").write_text("Grade {{reference}} please.")
    with pytest.raises(ConfigError, match=r"has no \{\{answer\}\} placeholder"):
        load_prompt(tmp_path / "rubric.md")
    text, source = load_prompt(None)
    assert source == "roletune" and all(p in text for p in ("{{conversation}}", "{{reference}}", "{{answer}}"))


# -- the pieces -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("reply", "verdict"), [
    ('{"reason": "ok", "pass": true, "score": 0.9}', (True, 0.9, "ok")),
    ('<think>hmm</think>\n```json\n{"pass": false, "score": 0.25, "reason": "misses X"}\n```',
     (False, 0.25, "misses X")),
    ('The answer is right.\n{"reason": "fine", "pass": true}', (True, 1.0, "fine")),  # score defaults to the pass
    ('{"passed": false, "reason": "x"}', (False, 0.0, "x")),
])
def test_verdicts_are_parsed_from_the_usual_shapes(reply, verdict):
    parsed, why = parse_verdict(reply)
    assert why == "" and (parsed.passed, parsed.score, parsed.reason) == verdict


@pytest.mark.parametrize(("reply", "why"), [
    ("", "empty reply"),
    ('{"reason": "the answer misses the edge ca', "cut off at the token limit"),
    ('{"reason": "x", "pass": "yes", "score": 1}', '"pass" is "yes"'),
    ('{"reason": "x", "pass": true, "score": 7}', '"score" is 7'),
    ("PASS", "no JSON object"),
])
def test_unparseable_verdicts_say_why(reply, why):
    parsed, reason = parse_verdict(reply)
    assert parsed is None and why in reason


def test_prompt_placeholders_are_filled_once():
    ex = stages.load_split(AGENTS / "test.jsonl")[0]
    text = render_prompt("{{role}}|{{reference}}|{{answer}}", ex, "an answer quoting {{reference}}")
    assert text == f"coder|{ex.answer}|an answer quoting {{{{reference}}}}"


def test_chrf_is_sacrebleus_sentence_chrf():
    from sacrebleu.metrics import CHRF

    assert chrf("def f(x): return x + 1", "def f(x): return x + 1") == 100.0
    assert chrf("", "anything") == 0.0
    hyp, ref = "the cat sat on the mat", "the cat is on the mat"
    assert chrf(hyp, ref) == round(CHRF(char_order=6, word_order=0, beta=2).sentence_score(hyp, [ref]).score, 2)
    assert chrf("a dog barks loudly", ref) < chrf(hyp, ref) < chrf("the cat is on the mat.", ref) < 100


def test_command_judge_runs_in_the_sandbox_with_its_limits(tmp_path: Path):
    (tmp_path / "judge.py").write_text(JUDGE_PY)
    ex = json.loads((AGENTS / "test.jsonl").read_text().splitlines()[0])
    command = JudgeCommand.prepare(["{python}", "judge.py"], tmp_path, SandboxLimits(timeout_s=20))
    good = command.run({"example": ex, "answer": ex["messages"][-1]["content"]})
    assert good.passed and good.score == 1.0 and good.reason == "judge command passed: no network"
    bad = command.run({"example": ex, "answer": "def nothing(): pass"})
    assert not bad.passed and 0 <= bad.score < 0.5 and bad.reason == "judge command failed: no network"
    (tmp_path / "slow.py").write_text("import time\ntime.sleep(30)\n")
    slow = JudgeCommand.prepare(["{python}", "slow.py"], tmp_path, SandboxLimits(timeout_s=1)).run({"answer": ""})
    assert not slow.passed and slow.reason == "judge command failed: timed out after 1 s" and slow.seconds < 10


# -- through evaluate, gate and report ------------------------------------------------------------------


def test_command_judge_through_evaluate_gate_and_report(tmp_path: Path, monkeypatch):
    root = _run_dir(tmp_path)
    references = _unchecked(root, keep_checks=("coordinator",))
    right = {i for i in references if not i.startswith("tester")}  # testers answer wrongly
    _fake_engine(monkeypatch, lambda i: references[i] if i in right else "I would rather not.")
    (tmp_path / "judge.py").write_text(JUDGE_PY)
    config = load_config(None, ["export.quant_types=[Q4_K_M]", "eval.judge=command",
                                f"eval.judge_command=['{{python}}', '{tmp_path / 'judge.py'}']"])
    metrics, decision, html = _pipeline_tail(root, config)

    rows = _predictions(root)
    n_coord = sum(i.startswith("coordinator") for i in references)
    assert {r["judge"] for r in rows if r["role"] == "coordinator"} == {"json_plan"}  # a check keeps judging
    assert {r["judge"] for r in rows if r["role"] != "coordinator"} == {"command"}
    assert all(r["passed"] == (r["id"] in right) for r in rows)
    assert all(r["reason"].endswith("no network") for r in rows if r["judge"] == "command")
    assert all(r["chrf"] == 100.0 for r in rows if r["id"] in right)  # the diagnostic, for every answer
    m = metrics["candidates"]["model-Q4_K_M"]
    assert m["judges"] == {"command": len(references) - n_coord, "json_plan": n_coord}
    assert m["n"] == len(references) and m["passed"] == len(right) and m["reference"] == {"n": 0, "chrf": None}
    assert m["roles"]["tester"]["success"] == 0.0 and m["roles"]["coder"]["success"] == 1.0
    assert metrics["judge"]["judge"] == "command"
    assert metrics["judge"]["unchecked_examples"] == len(references) - n_coord
    # base and fine-tune answered alike: the tester fails in both, so the gate sees no regression but
    # the absolute success is below the floor
    assert decision["verdict"] == "abort" and decision["judges"] == m["judges"]
    assert "Who judged each number" in html and "command judge, in the sandbox" in html
    k = sum(i.startswith("tester") for i in references)
    assert f"<td>tester</td><td>command {k}</td>" in html
    assert f"<td>coordinator</td><td>json_plan {n_coord}</td>" in html


def test_reference_alone_never_gates(tmp_path: Path, monkeypatch):
    root = _run_dir(tmp_path)
    references = _unchecked(root, keep_checks=("coder", "tester", "coordinator"))  # researcher: no checks
    _fake_engine(monkeypatch, references.__getitem__)
    metrics, decision, html = _pipeline_tail(root, load_config(None, ["export.quant_types=[Q4_K_M]"]))
    m = metrics["candidates"]["model-Q4_K_M"]
    k = sum(i.startswith("researcher") for i in references)
    assert m["reference"] == {"n": k, "chrf": 100.0} and m["n"] == len(references) - k and m["success"] == 1.0
    assert m["roles"]["researcher"]["gated"] is False and m["roles"]["coder"]["gated"] is True
    assert all(r["passed"] is None and r["score"] == 1.0 for r in _predictions(root) if r["judge"] == "reference")
    assert decision["verdict"] == "deploy"  # decided by the gated roles alone
    assert any(f"researcher is not gated: its {k} examples are judged by reference similarity only" in r
               for r in decision["reasons"])
    assert "not gated" in html and "no: reference only" in html

    # every role judged by reference alone: nothing gates, so no deploy, whatever the similarity
    root2 = _run_dir(tmp_path / "all")
    references = _unchecked(root2)
    metrics, decision, _ = _pipeline_tail(root2, load_config(None, ["export.quant_types=[Q4_K_M]"]))
    assert metrics["candidates"]["model-Q4_K_M"]["n"] == 0
    assert decision["verdict"] == "iterate"
    assert decision["reasons"][0].startswith(
        f"not gated: all {len(references)} test answers are judged by reference similarity only")
    assert any("eval.judge" in a for a in decision["next_actions"])


# -- the llm judge, served by roletune's own server on the tiny model -----------------------------------


def _engine_tokens(server) -> float:
    """Tokens llama-server has processed (prompt + predicted), from its Prometheus metrics via the role layer."""
    import httpx

    text = httpx.get(f"{server.base}/metrics", headers={"Authorization": "Bearer s3cret"}, timeout=10).text
    return sum(float(line.split()[-1]) for line in text.splitlines()
               if line.startswith(("llamacpp:prompt_tokens_total", "llamacpp:tokens_predicted_total")))


@pytest.mark.slow
def test_llm_judge_on_roletunes_server_through_evaluate_gate_and_report(tiny_gguf: Path, tmp_path: Path, monkeypatch):
    from test_serve import RunningServer

    root = _run_dir(tmp_path)
    references = _unchecked(root, keep_checks=("coordinator",), per_role=1)
    _fake_engine(monkeypatch, lambda i: references[i] if i.startswith("coder") else "No idea.")
    monkeypatch.setenv("JUDGE_KEY_FOR_TEST", "s3cret")  # the server refuses requests without it (401)
    server = RunningServer(tiny_gguf, parallel=2, api_key="s3cret", max_tokens_cap=1024, n_ctx=2048)
    try:
        common = ["export.quant_types=[Q4_K_M]", "eval.judge=llm", f"eval.judge_url={server.base}/v1",
                  "eval.judge_model=roletune", "eval.judge_api_key_env=JUDGE_KEY_FOR_TEST"]
        # A random model writes junk: 48 tokens keep it short (constrained decoding is slow on its vocabulary).
        config = load_config(None, [*common, "eval.judge_max_tokens=48"])
        before = _engine_tokens(server)
        metrics, decision, html = _pipeline_tail(root, config)
        after = _engine_tokens(server)
        rows = _predictions(root)
        judged = [r for r in rows if r["judge"] == "llm"]
        n = len(judged)
        assert n == 3 * 3 and {r["role"] for r in judged} == {"coder", "tester", "researcher"}
        # One request per distinct (example, answer): the three candidates answered alike here, so the
        # second and third are judged from the cache.
        assert (metrics["judge"]["requests"], metrics["judge"]["cache_hits"]) == (3, n - 3)
        assert [r["judge_cached"] for r in judged] == [False] * 3 + [True] * (n - 3)
        assert metrics["judge"]["json_schema"] is True and after > before
        # Each verdict is parsed, or recorded as unparseable with the reason and the reply kept. Here the
        # reply is cut at 48 tokens, but it is the start of the schema's object: the server took response_format.
        for r in judged:
            if r["judge_parsed"]:
                assert isinstance(r["passed"], bool) and r["reason"].startswith("llm judge: ")
            else:
                assert r["passed"] is False and r["score"] == 0.0 and r["reason"].startswith("unparseable verdict: ")
                assert r["judge_reply"].startswith('{"reason"') and "finish_reason length" in r["reason"]
        assert all(r["judge_model"] == "roletune" for r in judged)
        m = metrics["candidates"]["model-Q4_K_M"]
        assert m["judges"] == {"json_plan": 1, "llm": 3} and m["n"] == 4
        assert decision["judges"] == m["judges"] and decision["verdict"] in ("deploy", "iterate", "abort")
        assert "llm judge: <code>roletune</code>" in html
        assert f"3 request(s) this run, {n - 3} verdict(s) from the cache" in html

        # A rerun judges from the cache: no request reaches the engine, the same verdicts come back.
        stages.evaluate(RunContext(config=config, root=root))
        again = json.loads((root / "eval" / "metrics.json").read_text())["judge"]
        assert (again["requests"], again["cache_hits"]) == (0, n) and _engine_tokens(server) == after
        rerun = [r for r in _predictions(root) if r["judge"] == "llm"]
        assert [(r["id"], r["passed"], r["score"], r["reason"]) for r in rerun] == \
            [(r["id"], r["passed"], r["score"], r["reason"]) for r in judged]
        assert all(r["judge_cached"] for r in rerun)

        # Without the schema the random model writes no verdict: each is a judged failure that says why and
        # keeps the reply, never a crash.
        plain = load_config(None, [*common, "eval.judge_json_schema=false", "eval.judge_max_tokens=16"])
        metrics = _pipeline_tail(root, plain)[0]
        loose = [r for r in _predictions(root) if r["judge"] == "llm"]
        assert metrics["judge"]["requests"] == 3 and metrics["judge"]["json_schema"] is False
        unparsed = [r for r in loose if not r["judge_parsed"]]
        assert unparsed and all(r["passed"] is False and r["score"] == 0.0 and "judge_reply" in r for r in unparsed)
        assert not any(r["judge_reply"].startswith('{"reason"') for r in unparsed)  # no schema was sent
        assert all(r["reason"].startswith("unparseable verdict: ") for r in unparsed)
    finally:
        server.stop()


def test_data_verify_runs_the_command_judge_on_references_and_skips_the_others(tmp_path: Path):
    from rich.console import Console

    from roletune.evaluate.references import verify_references

    root = tmp_path / "run"
    (root / "data").mkdir(parents=True)
    references = _unchecked(root, keep_checks=("coordinator",), per_role=1)
    data = root / "data" / "test.jsonl"
    # a judge that fails the tester's reference: data verify says so before anything is trained
    (tmp_path / "strict.py").write_text("import json, sys\nd = json.load(sys.stdin)\n"
                                        "sys.exit(1 if d['example']['role'] == 'tester' else 0)\n")
    config = load_config(None, ["eval.judge=command", f"eval.judge_command={{python}} {tmp_path / 'strict.py'}"])
    out = Console(record=True, width=200)
    summary = verify_references(config, [data], workers=2, report_path=None, console=out)
    assert (summary["total"], summary["passed"], summary["skipped"]) == (len(references), len(references) - 1, 0)
    assert "judge command failed: exited with status 1" in out.export_text()
    summary = verify_references(load_config(None), [data], workers=2, report_path=None, console=out)
    assert (summary["total"], summary["skipped"]) == (1, len(references) - 1)  # only the coordinator's check ran
