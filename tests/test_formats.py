"""The formats teams already have (OpenAI, ShareGPT, Alpaca) through `data check` and `prepare`, and
one file split into train/val/test (data/formats.py, data/splits.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from roletune.cli import app
from roletune.config import DataConfig, load_config
from roletune.data.chat import IGNORE_INDEX
from roletune.data.schema import Example
from roletune.data.splits import allocate, split_examples, split_sizes
from roletune.data.validate import read_examples
from roletune.errors import DataError
from roletune.layout import SPLITS_FILE, TOKEN_FILES, split_file
from roletune.pipeline import run_pipeline
from roletune.roles import ROLE_TABLE

AGENTS = Path(__file__).resolve().parents[1] / "examples" / "agents"
CODER = ROLE_TABLE["coder"].system_prompt
RESEARCH_PROMPT = "You research questions for the team and cite what you used."

TOPICS = ["parse ISO dates", "merge sorted lists", "count vowels", "flatten nested dicts", "rotate a matrix",
          "validate email addresses", "compute a moving average", "deduplicate log lines", "slugify titles",
          "find prime factors", "reverse words in place", "chunk an iterator", "retry with backoff",
          "balance brackets"]
RUN_TESTS = {"type": "function", "function": {
    "name": "run_tests", "description": "Run the tests in a file",
    "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}
TOOL_RESULT = "FAILED test_dates.py::test_leap_year - AssertionError"


def _ask(i: int) -> str:
    return (f"Task {i}: write a function to {TOPICS[i % len(TOPICS)]}, "
            f"case {i * 7 + 3} of the {TOPICS[(i + 5) % 14]} kind.")


def openai_lines(n: int = 12) -> list[dict[str, Any]]:
    """A system prompt per role (matched by the role table or data.role_by_system_prompt), an `agent`
    field, a line without a system turn, a multi-turn conversation, a tool call and its result; no checks."""
    lines = []
    for i in range(n):
        kind = i % 4
        if kind == 0:  # coder by its role-table system prompt, with a tool call and its result
            lines.append({"messages": [
                {"role": "system", "content": CODER}, {"role": "user", "content": _ask(i)},
                {"role": "assistant", "content": None, "tool_calls": [{"id": f"c{i}", "type": "function", "function": {
                    "name": "run_tests", "arguments": json.dumps({"path": "test_dates.py"})}}]},
                {"role": "tool", "tool_call_id": f"c{i}", "content": TOOL_RESULT},
                {"role": "assistant", "content": f"Fixed the leap-year rule in answer {i}."}],
                "tools": [RUN_TESTS], "source": "prod-log"})
        elif kind == 1:  # researcher by a regex row
            lines.append({"messages": [{"role": "system", "content": RESEARCH_PROMPT},
                                       {"role": "user", "content": _ask(i)},
                                       {"role": "assistant", "content": f"Finding {i}: see the docs."}]})
        elif kind == 2:  # an `agent` field, multi-turn
            lines.append({"agent": "coordinator", "id": f"Conv_{i}", "messages": [
                {"role": "system", "content": "Plan the work."}, {"role": "user", "content": _ask(i)},
                {"role": "assistant", "content": "Which repository?"}, {"role": "user", "content": f"repo-{i}"},
                {"role": "assistant", "content": f'{{"goal": "plan {i}", "steps": []}}'}]})
        else:  # a role field and no system turn: the role's system prompt goes in
            lines.append({"role": "tester", "messages": [{"role": "user", "content": _ask(i)},
                                                        {"role": "assistant", "content": f"def test_{i}(): pass"}]})
    return lines


def sharegpt_lines(n: int = 10) -> list[dict[str, Any]]:
    lines = []
    for i in range(n):
        conv = [{"from": "human", "value": _ask(i)}]
        if i % 3 == 0:
            call = json.dumps({"name": "run_tests", "arguments": {"path": "t.py"}})
            conv += [{"from": "function_call", "value": call}, {"from": "observation", "value": TOOL_RESULT}]
        conv.append({"from": "gpt", "value": f"Answer {i}."})
        line: dict[str, Any] = {"conversations": conv}
        if i % 3 == 0:
            line["tools"] = json.dumps([RUN_TESTS["function"]])  # LLaMA-Factory writes bare specs as a string
        if i % 2:
            line["system"] = RESEARCH_PROMPT
        lines.append(line)
    return lines


def alpaca_lines(n: int = 10) -> list[dict[str, Any]]:
    return [{"instruction": _ask(i), "input": f"data {i}" if i % 2 else "", "output": f"Result {i}.",
             **({"system": CODER} if i % 3 == 0 else {}), **({"role": "tester"} if i % 4 == 1 else {})}
            for i in range(n)]


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


DATA = DataConfig(default_role="coder",
                  role_by_system_prompt=[{"prompt": r"^You research", "role": "researcher", "regex": True}])
ROLES = load_config(None).roles


# -- reading ----------------------------------------------------------------------------------------


def test_openai_lines_keep_tools_calls_and_results_and_get_roles_ids_and_system_prompts(tmp_path: Path):
    path = _write(tmp_path / "support-chats.jsonl", openai_lines(8))
    report = read_examples([path], ROLES, data=DATA)
    assert not report.problems, report.problems
    assert report.formats == {path: "openai (detected)"}
    exs = [loc.example for loc in report.examples]
    assert [e.role for e in exs] == ["coder", "researcher", "coordinator", "tester"] * 2
    tool = exs[0]
    assert tool.tools[0].function.name == "run_tests" and tool.check is None
    assert tool.messages[2].tool_calls[0].function.arguments == {"path": "test_dates.py"}
    assert tool.messages[3].role == "tool" and tool.messages[3].content == TOOL_RESULT
    assert tool.meta == {"source": "prod-log"}
    assert exs[2].id == "conv_2" and len(exs[2].messages) == 5
    assert exs[3].messages[0].model_dump() == {"role": "system", "content": ROLE_TABLE["tester"].system_prompt}
    assert re.fullmatch(r"support-chats-[0-9a-f]{10}", exs[0].id)


def test_derived_ids_are_stable_across_reruns_and_edits_elsewhere(tmp_path: Path):
    lines = alpaca_lines(4)
    first = [loc.example.id for loc in read_examples([_write(tmp_path / "a.jsonl", lines)], ROLES, data=DATA).examples]
    again = [loc.example.id for loc in read_examples([tmp_path / "a.jsonl"], ROLES, data=DATA).examples]
    edited = read_examples([_write(tmp_path / "a.jsonl", [alpaca_lines(9)[8], *lines])], ROLES, data=DATA).examples
    assert first == again and [loc.example.id for loc in edited][1:] == first
    assert len(set(first)) == 4


def test_sharegpt_tool_turns_and_alpaca_input_become_the_one_shape(tmp_path: Path):
    share = _write(tmp_path / "share.jsonl", sharegpt_lines(3))
    alp = _write(tmp_path / "alp.jsonl", alpaca_lines(2))
    report = read_examples([share, alp], ROLES, data=DATA)
    assert not report.problems, report.problems
    assert report.formats == {share: "sharegpt (detected)", alp: "alpaca (detected)"}
    s0, s1, _, a0, a1 = (loc.example for loc in report.examples)
    assert [m.role for m in s0.messages] == ["system", "user", "assistant", "tool", "assistant"]
    assert s0.messages[2].tool_calls[0].function.arguments == {"path": "t.py"}
    assert s0.tools[0].function.name == "run_tests"
    assert s0.role == "coder" and s1.role == "researcher"  # default role; the regex row
    assert a0.messages[0].content == CODER and a0.messages[1].content == _ask(0)
    assert a1.role == "tester" and a1.messages[1].content == f"{_ask(1)}\n\ndata 1"


MALFORMED = {  # format → (lines, {line number: what its problem must mention})
    "openai": ([openai_lines(1)[0], {"messages": "hi"},
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": 3}]},
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "",
                 "tool_calls": [{"type": "function", "function": {"name": "nope", "arguments": "{"}}]}]}],
               {2: "non-empty list of turns", 3: "string or a list of text parts", 4: "arguments are not JSON"}),
    "sharegpt": ([sharegpt_lines(1)[0], {"conversations": [{"from": "robot", "value": "x"}]},
                  {"conversations": [{"from": "human", "value": "q"}, {"from": "function_call", "value": "{oops"}]},
                  "{not json"],
                 {2: "unknown speaker 'robot'", 3: "function_call turn holds JSON", 4: "not valid JSON"}),
    "alpaca": ([alpaca_lines(1)[0], {"instruction": "do", "output": 5}, {"instruction": "q", "output": ""},
                {"instruction": "q", "output": "a", "role": "pilot"}],
               {2: "output: expected a string", 3: "empty answer", 4: "unknown role 'pilot'"}),
}


@pytest.mark.parametrize("fmt", list(MALFORMED))
def test_every_malformed_line_of_each_format_is_reported_at_once_with_file_line(fmt: str, tmp_path: Path):
    lines, expected = MALFORMED[fmt]
    path = _write(tmp_path / f"{fmt}.jsonl", lines)
    report = read_examples([path], ROLES, data=DATA)
    assert report.formats[path] == f"{fmt} (detected)"
    for lineno, text in expected.items():
        assert any(p.startswith(f"{path}:{lineno}: ") and text in p for p in report.problems), \
            (lineno, text, report.problems)
    assert not any(p.startswith(f"{path}:1:") for p in report.problems)


def test_a_line_with_no_role_is_an_error_unless_a_default_is_set(tmp_path: Path):
    path = _write(tmp_path / "x.jsonl", alpaca_lines(3)[2:])  # no system prompt, no role field
    problems = read_examples([path], ROLES, data=DataConfig()).problems
    assert problems == [f"{path}:1: role: no role: give the line `role` or `agent`, add its system prompt "
                        "to data.role_by_system_prompt, or set data.default_role"]


def test_a_forced_format_reads_every_line_as_that_format(tmp_path: Path):
    path = _write(tmp_path / "x.jsonl", openai_lines(2))
    report = read_examples([path], ROLES, data=DataConfig(format="alpaca", default_role="coder"))
    assert report.formats == {path: "alpaca"}
    assert [p.split(": ", 2)[1] for p in report.problems] == ["instruction", "instruction"]


def test_files_roletune_wrote_are_read_as_its_own_format_whatever_data_format_says(tmp_path: Path):
    """augment/train.jsonl is roletune's format; a team's alpaca data must not make prepare misread it."""
    theirs = _write(tmp_path / "train.jsonl", alpaca_lines(3))
    ours = _write(tmp_path / "augmented.jsonl", [
        {"id": "coder-9.p1", "role": "coder", "messages": [{"role": "user", "content": "Add two numbers."},
                                                          {"role": "assistant", "content": "def add(a, b): ..."}]}])
    report = read_examples([theirs, ours], ROLES, data=DataConfig(format="alpaca", default_role="coder"),
                           native=[ours])
    assert report.problems == []
    assert report.formats == {theirs: "alpaca", ours: "roletune"}
    assert [loc.example.id for loc in report.examples][-1] == "coder-9.p1"


def test_config_refuses_an_unknown_default_role():
    from roletune.errors import ConfigError

    with pytest.raises(ConfigError, match="data.default_role: unknown role 'pilot'"):
        load_config(None, ["data.default_role=pilot"])


# -- splitting --------------------------------------------------------------------------------------


def test_default_ratios_reproduce_the_shipped_split_per_role():
    shipped = {s: Counter(json.loads(x)["role"] for x in (AGENTS / f"{s}.jsonl").read_text().splitlines())
               for s in ("train", "val", "test")}
    total = sum(shipped.values(), Counter())
    assert split_sizes(sum(total.values()), (0.8, 0.1, 0.1)) == {"train": 238, "val": 29, "test": 31}
    alloc = allocate(dict(total), (0.8, 0.1, 0.1))
    assert {role: {s: shipped[s][role] for s in shipped} for role in total} == alloc


def test_a_recorded_split_keeps_its_assignments_when_examples_are_added():
    roles = {f"ex-{i}": ("coder" if i % 3 else "tester") for i in range(40)}
    first = split_examples(roles, (0.8, 0.1, 0.1))
    assert first.assignment == split_examples(dict(reversed(roles.items())), (0.8, 0.1, 0.1)).assignment
    grown = roles | {f"new-{i}": "coder" for i in range(10)}
    second = split_examples(grown, (0.8, 0.1, 0.1), first.assignment)
    assert all(second.assignment[i] == s for i, s in first.assignment.items())
    assert second.kept == 40 and len(second.added) == 10
    assert Counter(second.assignment.values()) == Counter(split_sizes(50, (0.8, 0.1, 0.1)))


# -- data check → prepare on a tiny model -----------------------------------------------------------


def _config(tmp_path: Path, base: Path, data_file: Path) -> Path:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"run:\n  dir: {tmp_path / 'run'}\nmodel:\n  base: {base}\ndata:\n  files: [{data_file}]\n"
                   "  default_role: coder\n  role_by_system_prompt:\n"
                   "    - {prompt: '^You research', role: researcher, regex: true}\n", encoding="utf-8")
    return cfg


@pytest.mark.parametrize(("fmt", "make", "n"), [("openai", openai_lines, 12), ("sharegpt", sharegpt_lines, 10),
                                                 ("alpaca", alpaca_lines, 10)])
def test_one_file_of_each_format_goes_through_data_check_and_prepare(fmt, make, n, tmp_path: Path, tiny_qwen3: Path):
    data_file = _write(tmp_path / f"{fmt}-export.jsonl", make(n))
    cfg = _config(tmp_path, tiny_qwen3, data_file)
    result = CliRunner().invoke(app, ["data", "check", str(data_file), "--config", str(cfg)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert f"{data_file}: {fmt} (detected), {n} example(s)" in result.output

    run_pipeline(load_config(cfg), to_stage="prepare")
    run = tmp_path / "run"
    splits = {s: [Example.model_validate_json(x) for x in (run / split_file(s)).read_text().splitlines()]
              for s in ("train", "val", "test")}
    assert {s: len(v) for s, v in splits.items()} == split_sizes(n, (0.8, 0.1, 0.1))
    record = json.loads((run / SPLITS_FILE).read_text())
    assert {s: sorted(r["id"] for r in rows) for s, rows in record["ids"].items()} == \
        {s: sorted(e.id for e in v) for s, v in splits.items()}
    assert record["sources"] == {str(data_file): record["sources"][str(data_file)]}
    roles = Counter(e.role for v in splits.values() for e in v)
    alloc = allocate(dict(roles), (0.8, 0.1, 0.1))
    for s, v in splits.items():
        assert Counter(e.role for e in v) == Counter({r: a[s] for r, a in alloc.items() if a[s]}), s
    assert all(e.check is None for v in splits.values() for e in v)
    stats = json.loads((run / "data" / "stats.json").read_text())
    assert stats["sources"] == [f"{data_file}: {fmt} (detected), {n} example(s)"]

    if fmt != "alpaca":  # the tool conversations: the call is trained, the result is not
        by_id = {e.id: e for v in splits.values() for e in v}
        rows = [json.loads(x) for f in TOKEN_FILES.values() for x in (run / f).read_text().splitlines()]
        from roletune.hf import load_tokenizer

        tok = load_tokenizer(tiny_qwen3)
        tool_rows = [r for r in rows if by_id[r["id"]].tools]
        assert tool_rows
        for r in tool_rows:
            trained = tok.decode([t for t, lab in zip(r["input_ids"], r["labels"]) if lab != IGNORE_INDEX])
            assert "run_tests" in trained and TOOL_RESULT not in trained and "<tools>" not in trained
            assert by_id[r["id"]].answer in trained


def test_a_rerun_on_a_grown_file_keeps_the_recorded_split(tmp_path: Path, tiny_qwen3: Path):
    data_file = _write(tmp_path / "chats.jsonl", alpaca_lines(10))
    cfg = _config(tmp_path, tiny_qwen3, data_file)
    run_pipeline(load_config(cfg), to_stage="prepare")
    before = json.loads((tmp_path / "run" / SPLITS_FILE).read_text())["ids"]
    _write(data_file, alpaca_lines(13))
    run_pipeline(load_config(cfg), to_stage="prepare")
    after = json.loads((tmp_path / "run" / SPLITS_FILE).read_text())["ids"]
    for s, rows in before.items():
        assert {r["id"] for r in rows} <= {r["id"] for r in after[s]}, s
    assert sum(len(v) for v in after.values()) == 13


def test_near_duplicates_in_the_one_file_are_refused_and_nothing_is_written(tmp_path: Path, tiny_qwen3: Path):
    lines = alpaca_lines(10)
    lines.append({**lines[3], "output": "another answer"})
    data_file = _write(tmp_path / "dups.jsonl", lines)
    with pytest.raises(DataError) as info:
        run_pipeline(load_config(_config(tmp_path, tiny_qwen3, data_file)), to_stage="prepare")
    assert any(p.startswith(f"{data_file}:11: messages: user prompt is a duplicate") for p in info.value.problems)
    assert not (tmp_path / "run" / "data").exists()


def test_the_docs_quote_the_split_the_rule_gives():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-format.md").read_text(encoding="utf-8")
    total = Counter(json.loads(x)["role"] for s in ("train", "val", "test")
                    for x in (AGENTS / f"{s}.jsonl").read_text().splitlines())
    sizes = split_sizes(sum(total.values()), (0.8, 0.1, 0.1))
    assert f"{sum(total.values())} examples give {sizes['train']} / {sizes['val']} / {sizes['test']}" in doc
    alloc = sorted(allocate(dict(total), (0.8, 0.1, 0.1)).items(), key=lambda kv: -total[kv[0]])
    per_role = ", ".join(f"{r} {a['train']}/{a['val']}/{a['test']}" for r, a in alloc)
    assert per_role in doc.replace("\n", " ")
