"""Build the tool-use part of the shipped agent examples: tools/conversations.jsonl and tools/docs/.

    python examples/agents/tools/build_tool_examples.py          # rewrite them
    python examples/agents/tools/build_tool_examples.py --check  # exit 1 if they are out of date

A quarter of each role's examples (every fourth by id, then the next ones where one cannot be
converted) become agent episodes over the role's toolbox (src/roletune/toolboxes), in OpenAI's format,
keeping their id, task and reference answer, so the set keeps its size, role mix and splits
(`build.py` puts these records in place of the plain ones):

- coder: reads the stub in solution.py, writes the code, runs test_solution.py (the example's tests);
  every other one first writes a draft with one bug (a mutation of the reference that the tests
  catch), reads the failure, and fixes it;
- tester: asks for the function's source (get_source; the docstring is the contract the user turn
  no longer shows), writes the tests, runs them against it;
- researcher: searches the document store (tools/docs/, shipped in each episode's workspace) and
  reads the matching document; the store's documents are the notes the reference answers summarise;
- coordinator: dispatches the plan's steps with delegate(role, task), each wave of independent
  steps in one turn, after the steps it depends on, then answers with the plan it ran.

Every tool result in a conversation is the real tool's output, run in the sandbox while building,
so `roletune data verify` can replay each conversation and get the same results.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AGENTS = HERE.parent
sys.path.insert(0, str(AGENTS.parents[1] / "src"))
sys.path.insert(0, str(AGENTS))

from build import load_sources, to_record  # noqa: E402

from roletune.data.extract import extract_code, extract_json  # noqa: E402
from roletune.evaluate.agent import validate_call  # noqa: E402
from roletune.evaluate.tools import run_tool  # noqa: E402
from roletune.toolboxes import load as load_toolbox  # noqa: E402

OUT = HERE / "conversations.jsonl"
DOCS = HERE / "docs"
SHARE = 4  # one example in SHARE per role becomes tool use
MAX_TURNS = 8
TEAM_REPLIES = {  # the stand-in agents' replies to delegate (coordinator toolbox reads team.json)
    "coordinator": "sub-plan done",
    "researcher": "findings written to notes/findings.md",
    "coder": "change ready on branch agent/coder; the existing tests pass",
    "tester": "tests added and run; all pass",
}


class Skip(Exception):
    """This example cannot be converted (the next one is taken instead)."""


class Conversation:
    """Messages of one episode; every call is run for real on the workspace as it is written."""

    def __init__(self, toolbox: str, files: dict[str, str], system: str, user: str) -> None:
        self.toolbox, self.files = load_toolbox(toolbox), dict(files)
        self.start = dict(files)
        self.messages: list[dict] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        self.n = 0

    def call(self, *calls: tuple[str, dict], say: str = "") -> list[str]:
        turn = {"role": "assistant", "content": say, "tool_calls": []}
        results = []
        for name, args in calls:
            self.n += 1
            cid = f"call_{self.n}"
            turn["tool_calls"].append({"id": cid, "type": "function",
                                       "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}})
            _, valid, why = validate_call({"function": {"name": name, "arguments": json.dumps(args)}},
                                          self.toolbox.specs)
            if valid is None:
                raise Skip(why)
            run = run_tool(self.toolbox, self.files, name, args)
            if not run.ok:
                raise Skip(f"{name} failed: {run.reason}")
            self.files = run.files
            results.append((cid, name, run.result))
        self.messages.append(turn)
        self.messages += [{"role": "tool", "tool_call_id": cid, "name": name, "content": r} for cid, name, r in results]
        return [r for _, _, r in results]

    def answer(self, text: str) -> None:
        self.messages.append({"role": "assistant", "content": text})

    def record(self, rec: dict) -> dict:
        check = {"kind": "tool_use", "toolbox": self.toolbox.name, "files": self.start, "max_turns": MAX_TURNS,
                 "check": rec["check"]}
        return {"id": rec["id"], "role": rec["role"], "messages": self.messages, "tools": list(self.toolbox.specs),
                "check": check}


# -- coder ------------------------------------------------------------------------------------------


def _function(code: str, name: str) -> ast.FunctionDef:
    node = next((n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef) and n.name == name), None)
    if node is None:
        raise Skip(f"no top-level function {name}")
    return node


def _stub(code: str, name: str) -> str:
    node = _function(code, name)
    lines = code.splitlines()
    header = "\n".join(lines[node.lineno - 1 : node.body[0].lineno - 1])
    return f"{header}\n    raise NotImplementedError\n"


def _mutants(code: str):
    """One-token bugs of `code`, in source order: a comparison's boundary, an operator, a constant."""
    swaps = {"<=": "<", "<": "<=", ">=": ">", ">": ">=", "==": "!=", "!=": "==", "+": "-", "-": "+"}
    lines = code.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(lineno: int, col: int) -> int:
        return offsets[lineno - 1] + col

    sites = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            left, right = node.left, node.right
        elif isinstance(node, ast.Constant) and type(node.value) is int and node.value in (0, 1, 2):
            sites.append((at(node.lineno, node.col_offset), at(node.end_lineno, node.end_col_offset),
                          str(node.value + 1)))
            continue
        else:
            continue
        start, end = at(left.end_lineno, left.end_col_offset), at(right.lineno, right.col_offset)
        op = code[start:end].strip()
        if op in swaps:
            i = code.index(op, start)
            sites.append((i, i + len(op), swaps[op]))
    for start, end, new in sorted(sites):
        yield code[:start] + new + code[end:]


def coder(rec: dict, src: dict, k: int) -> dict:
    check = rec["check"]
    code = extract_code(rec["messages"][-1]["content"]).strip() + "\n"
    entry = check["entry_point"]
    files = {"solution.py": _stub(code, entry), "test_solution.py": f"from solution import {entry}\n\n"
             + check["tests"].strip() + "\n"}
    user = (src["user"].strip() + "\n\nThe stub of `" + entry + "` is in `solution.py` and the tests are in "
            "`test_solution.py`. Read the stub, write the code, run the tests, then answer with the final code.")
    conv = Conversation("coder", files, rec["messages"][0]["content"], user)
    conv.call(("read_file", {"path": "solution.py"}))
    if k % 2:  # a draft with a bug, the failure read, the fix
        for draft in _mutants(code):
            probe = run_tool(conv.toolbox, {**conv.files, "solution.py": draft}, "run_tests",
                             {"path": "test_solution.py"})
            if probe.ok and "FAILED" in probe.result and "timed out" not in probe.result:
                break
        else:
            raise Skip("no one-token bug that the tests catch")
        conv.call(("write_file", {"path": "solution.py", "content": draft}))
        (out,) = conv.call(("run_tests", {"path": "test_solution.py"}))
        first = next(line for line in out.splitlines() if line.startswith("FAILED"))
        failing = first.split(": ", 1)[1] if ": " in first else first
        conv.call(("write_file", {"path": "solution.py", "content": code}),
                  say=f"A test fails ({failing[:160]}); fixing the code.")
    else:
        conv.call(("write_file", {"path": "solution.py", "content": code}))
    (out,) = conv.call(("run_tests", {"path": "test_solution.py"}))
    if "failed" in out or "passed" not in out:
        raise Skip(f"the reference does not pass run_tests: {out[:200]}")
    conv.answer(rec["messages"][-1]["content"])
    return conv.record(rec)


# -- tester -----------------------------------------------------------------------------------------

FENCE = re.compile(r"```(?:python)?\n(.*?)```", re.S)


def tester(rec: dict, src: dict, k: int) -> dict:
    check = rec["check"]
    entry = check["entry_point"]
    user_text = src["user"].strip()
    fences = FENCE.findall(user_text)
    if len(fences) != 1:
        raise Skip("the task shows no single code block")
    stub = _function(fences[0], entry)
    doc = stub.body[0] if stub.body and isinstance(stub.body[0], ast.Expr) and isinstance(
        getattr(stub.body[0], "value", None), ast.Constant) else None
    if doc is None:
        raise Skip("the task's stub has no docstring")
    reference = check["reference"].strip() + "\n"
    node = _function(reference, entry)
    ref_lines = reference.splitlines()
    if ast.get_docstring(node) is None:
        doc_lines = fences[0].splitlines()[doc.lineno - 1 : doc.end_lineno]
        ref_lines[node.body[0].lineno - 1 : node.body[0].lineno - 1] = doc_lines
    lib = "\n".join(ref_lines) + "\n"
    intro = FENCE.sub("", user_text).strip().rstrip(":").strip()
    user = (f"{intro} — `{entry}` in `lib.py`. Read its source with get_source, write the tests to "
            f"`test_{entry}.py`, run them, then answer with them.")
    tests = extract_code(rec["messages"][-1]["content"]).strip() + "\n"
    conv = Conversation("tester", {"lib.py": lib}, rec["messages"][0]["content"], user)
    conv.call(("get_source", {"name": entry}))
    conv.call(("write_file", {"path": f"test_{entry}.py", "content": f"from lib import {entry}\n\n{tests}"}))
    (out,) = conv.call(("run_tests", {"path": f"test_{entry}.py"}))
    if "failed" in out or "passed" not in out:
        raise Skip(f"the reference tests do not pass run_tests: {out[:200]}")
    conv.answer(rec["messages"][-1]["content"])
    return conv.record(rec)


# -- researcher -------------------------------------------------------------------------------------


def _doc_id(rec: dict) -> str:
    return rec["id"].replace("researcher-", "note-")


def _title(question: str) -> str:
    first = re.split(r"(?<=[?.])\s", question.strip(), maxsplit=1)[0]
    return first if len(first) <= 120 else first[:117] + "..."


def research_docs(recs: list[dict]) -> dict[str, str]:
    return {f"docs/{_doc_id(r)}.md": f"# {_title(r['messages'][1]['content'])}\n\n{r['messages'][-1]['content']}\n"
            for r in recs}


def researcher(rec: dict, src: dict, k: int, docs: dict[str, str]) -> dict:
    question = src["user"].strip()
    user = question + "\n\nLook it up in the team's notes (search_docs, read_doc) before you answer."
    conv = Conversation("researcher", docs, rec["messages"][0]["content"], user)
    (hits,) = conv.call(("search_docs", {"query": _title(question)}))
    if not hits.startswith(_doc_id(rec) + ":"):
        raise Skip(f"the search ranks another note first: {hits.splitlines()[0]}")
    conv.call(("read_doc", {"doc_id": _doc_id(rec)}))
    conv.answer(rec["messages"][-1]["content"])
    return conv.record(rec)


# -- coordinator ------------------------------------------------------------------------------------


def coordinator(rec: dict, src: dict, k: int) -> dict:
    plan = extract_json(rec["messages"][-1]["content"])
    user = (src["user"].strip() + "\n\nDispatch each step with delegate (a step only once the steps it depends on "
            "are done), then answer with the plan you ran.")
    conv = Conversation("coordinator", {"team.json": json.dumps(TEAM_REPLIES, indent=1) + "\n"},
                        rec["messages"][0]["content"], user)
    done: set[int] = set()
    steps = plan["steps"]
    while len(done) < len(steps):
        wave = [s for s in steps if s["id"] not in done and set(s["depends_on"]) <= done]
        if not wave:
            raise Skip("the plan's dependencies do not resolve")
        conv.call(*[("delegate", {"role": s["role"], "task": s["task"]}) for s in wave])
        done |= {s["id"] for s in wave}
    conv.answer(rec["messages"][-1]["content"])
    return conv.record(rec)


# -- the set ----------------------------------------------------------------------------------------


def _order(ids: list[str]) -> list[int]:
    """Every SHARE-th example first, then the others (taken when one of the first cannot be converted)."""
    return sorted(range(len(ids)), key=lambda i: (i % SHARE != 0, i))


def build() -> tuple[list[dict], dict[str, str]]:
    sources = {s["id"]: s for s in load_sources()}
    by_role: dict[str, list[dict]] = {}
    for rec in sorted((to_record(s) for s in sources.values()), key=lambda r: r["id"]):
        by_role.setdefault(rec["role"], []).append(rec)
    out: list[dict] = []
    docs: dict[str, str] = {}
    for role, recs in by_role.items():
        target = round(len(recs) / SHARE)
        chosen = [recs[i] for i in _order([r["id"] for r in recs])]
        if role == "researcher":
            docs = research_docs(chosen[:target])
        made = 0
        for rec in chosen:
            if made == target:
                break
            try:
                if role == "researcher":
                    out.append(researcher(rec, sources[rec["id"]], made, docs))
                else:
                    out.append({"coder": coder, "tester": tester, "coordinator": coordinator}[role](
                        rec, sources[rec["id"]], made))
                made += 1
            except Skip as why:
                print(f"skipped {rec['id']}: {why}", file=sys.stderr)
        print(f"{role}: {made} of {len(recs)} examples use tools", file=sys.stderr)
    return sorted(out, key=lambda r: r["id"]), docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    args = parser.parse_args()
    records, docs = build()
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.check:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text or any(
            not (HERE / p).exists() or (HERE / p).read_text(encoding="utf-8") != t for p, t in docs.items())
        if stale:
            print("out of date; run python examples/agents/tools/build_tool_examples.py", file=sys.stderr)
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    for old in DOCS.glob("*.md"):
        old.unlink()
    for path, body in docs.items():
        (HERE / path).parent.mkdir(parents=True, exist_ok=True)
        (HERE / path).write_text(body, encoding="utf-8")
    print(f"wrote {len(records)} tool-use conversations to {OUT.relative_to(AGENTS.parents[1])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
