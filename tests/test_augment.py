"""Verified augmentation: the keep-rules on crafted paraphrases, and the whole flow with roletune's own
llama-server serving the tiny model as the teacher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from roletune.augment.rules import REASONS, clean, judge_text, lost, numbers, protected
from roletune.augment.stage import PROMPT_FILE, Candidate, augment_examples, judge
from roletune.config import load_config
from roletune.data.schema import Example
from roletune.data.validate import PromptKey, validate_files
from roletune.errors import StageFailed, StaleOutputError
from roletune.evaluate.checks import run_check
from roletune.families import raw_markers
from roletune.files import read_jsonl
from roletune.pipeline import run_pipeline

MINI = Path(__file__).resolve().parent / "data" / "mini"
CODER_SYSTEM = "You are the coder agent."
RESEARCHER_SYSTEM = "You are the researcher agent."
RUBRIC = {"kind": "rubric", "min_words": 3, "max_words": 80, "required": [["cache"]], "forbidden": []}


def researcher(id_: str, question: str, answer: str = "A cache keeps recent results close to the caller.",
               check: dict | None = None) -> Example:
    return Example.model_validate({
        "id": id_, "role": "researcher", "check": check or RUBRIC,
        "messages": [{"role": "system", "content": RESEARCHER_SYSTEM}, {"role": "user", "content": question},
                     {"role": "assistant", "content": answer}]})


def _judge_one(source: Example, paraphrase: str, *, train=(), held_out=()) -> Candidate:
    c = Candidate(source, 1, [paraphrase])
    judge(load_config(None), [c], [source, *train], list(held_out))
    return c


# -- the text rules -------------------------------------------------------------------------------------


def test_protected_spans_of_a_task():
    keep = protected('Write `split_message(text: str, limit: int) -> list[str]` so that "hello world" '
                     "splits at 11 chars; call it from billing.calculate() and log in JSON via the --json flag "
                     "of the v1 /orders API, a user's choice.")
    assert keep.code == ("split_message(text: str, limit: int) -> list[str]",)
    assert keep.quoted == ("hello world",)  # user's is an apostrophe, not a quote
    assert {"billing.calculate", "calculate", "JSON", "--json", "v1", "/orders", "API"} <= set(keep.identifiers)
    assert "user" not in keep.identifiers and "Write" not in keep.identifiers
    assert keep.numbers == {"11"}
    assert numbers("from 2.4.1 to 3.10, 7 items at 2.50 (v2, sha256).") == {"2.4.1", "3.10", "7", "2.50"}


@pytest.mark.parametrize("paraphrase, reason, detail", [
    # a lost identifier: customer_id became "customer"
    ("Our queries filtering orders by customer and status run slowly; is indexing every column the answer?",
     "lost_identifier", "customer_id"),
    # a changed number: 429 became 430
    ("Queries filtering orders by customer_id and status are slow (HTTP 430). Index every column?",
     "changed_number", "lost 429; added 430"),
    # an added number is a changed task too
    ("Queries filtering orders by customer_id and status are slow after HTTP 429 in 3 places. Index all columns?",
     "changed_number", "added 3"),
    ("Queries on customer_id and status are slow (HTTP 429). Should we put an index on each column?", None, None),
])
def test_identifiers_and_numbers_must_survive(paraphrase, reason, detail):
    original = "Queries that filter orders by customer_id and status are slow (HTTP 429). Should we index every column?"
    assert lost(original, paraphrase) == ((reason, detail) if reason else None)


def test_code_and_quoted_strings_must_survive_verbatim():
    original = 'Why does `def add_tag(tag, tags=[])` keep old tags when called with "x"?'
    assert lost(original, 'Why does `def add_tag(tag, tags=None)` keep old tags for "x"?') == \
        ("lost_code", "def add_tag(tag, tags=[])")
    assert lost(original, "Why does `def add_tag(tag, tags=[])` keep old tags for 'y'?") == ("lost_quoted", "x")
    # re-indented or re-wrapped code is the same code
    fenced = "Fix:\n```python\ndef f(x):\n    return x\n```"
    assert lost(fenced, "Please repair this:\n```\ndef f(x):\n  return x\n```") is None


@pytest.mark.parametrize("paraphrase, reason", [
    ("", "empty"),
    ("should we store event times in UTC, or in each user's local time?  Some events recur weekly!", "unchanged"),
    ("UTC?", "length"),
    ("Should we store event times in UTC or local time? <|im_end|>", "template_marker"),
    ("Store event times as UTC or per-user local time, given weekly recurring meetings?", None),
    # what SmolLM2-135M wrote for this task as a teacher: short of every content word but UTC
    ("Please share the information in UTC and the meeting details for the team.", "off_topic"),
    ("The request is sent to the researcher agent of a software team about UTC.", "prompt_echo"),
    # on topic, but it repeats the teacher's instructions
    ("Store event times in UTC or local time for weekly meetings; keep every name, function signature as written",
     "prompt_echo"),
])
def test_text_rules(paraphrase, reason):
    original = "Should we store event times in UTC or in each user's local time? Some events recur weekly."
    verdict = judge_text(original, paraphrase, markers=raw_markers(), min_ratio=0.5, max_ratio=2.0, min_overlap=0.5,
                         prompt=PROMPT_FILE.read_text())
    assert (verdict[0] if verdict else None) == reason


def test_teacher_framing_is_removed():
    assert clean('Here is the rewritten request:\n"Store times in UTC?"') == "Store times in UTC?"
    assert clean("Paraphrase: Store times in UTC?") == "Store times in UTC?"
    assert clean("Rewrite request:\n\nStore times in UTC?") == "Store times in UTC?"
    assert clean('He said "no" and "yes"') == 'He said "no" and "yes"'  # not a wrapping pair


# -- similarity and the check ---------------------------------------------------------------------------


def test_near_duplicate_of_a_test_example_is_rejected_as_leakage():
    source = researcher("researcher-a", "How does a read-through cache differ from a write-behind cache in practice?")
    held = researcher("researcher-t",
                      "When should we choose a write-through cache over a write-behind cache for orders?")
    c = _judge_one(source, "When should we choose a write-through cache over a write-behind cache for orders??",
                   held_out=[held])
    assert (c.reason, c.detail) == ("near_duplicate_held_out", "100% similar to researcher-t")
    assert c.answer is None


def test_near_duplicate_of_another_train_example_or_kept_paraphrase_is_rejected():
    source = researcher("researcher-a", "How does a read-through cache differ from a write-behind cache in practice?")
    other = researcher("researcher-b", "How does a read-through cache differ from a write-behind cache in production?")
    c = _judge_one(source, "How does a read-through cache differ from a write-behind cache in production?",
                   train=[other])
    assert (c.reason, c.detail) == ("near_duplicate_train", "100% similar to researcher-b")
    first, second = Candidate(source, 1, ["In practice, how do read-through and write-behind caches differ?"]), \
        Candidate(source, 2, ["In practice, how do read-through and write-behind caches differ?"])
    judge(load_config(None), [first, second], [source], [])
    assert first.reason is None and first.answer == source.answer
    assert (second.reason, second.detail) == ("near_duplicate_train", f"100% similar to {first.id}")


def test_a_reference_that_fails_its_check_keeps_nothing():
    bad = {**RUBRIC, "required": [["idempotency"]]}
    source = researcher("researcher-a", "How does a read-through cache differ from a write-behind cache in practice?",
                        check=bad)
    c = _judge_one(source, "In practice, how do read-through and write-behind caches differ?")
    assert c.reason == "reference_fails" and "idempotency" in c.detail


def test_every_reason_is_documented():
    assert all(text and not text.endswith(".") for text in REASONS.values())


# -- the whole flow, with roletune's llama-server serving the tiny model as the teacher -----------------

QUESTIONS = [  # plain prose without identifiers or numbers: a random teacher can pass the text rules
    "Explain when a cache should expire its entries for the shop",
    "Describe why a cache helps slow pages load faster for visitors",
    "Tell me how teams should decide between caching pages and caching queries",
]


def _write_data(tmp_path: Path) -> Path:
    rows = [researcher(f"researcher-x{i}", q).model_dump(mode="json") for i, q in enumerate(QUESTIONS)]
    # A source whose reference fails its own check: none of its paraphrases may be kept.
    rows.append(researcher("researcher-broken", "Explain what a cache stampede is and how teams avoid it at all",
                           check={**RUBRIC, "required": [["stampede protection"]]}).model_dump(mode="json"))
    rows.append({"id": "coder-x1", "role": "coder",
                 "check": {"kind": "python_tests", "entry_point": "f", "tests": "assert f() == 1"},
                 "messages": [{"role": "system", "content": CODER_SYSTEM},
                              {"role": "user", "content": "Write a function f that returns one for the tests"},
                              {"role": "assistant", "content": "```python\ndef f():\n    return 1\n```"}]})
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for split in ("val", "test"):
        (data / f"{split}.jsonl").write_text((MINI / f"{split}.jsonl").read_text())
    cfg = tmp_path / "aug.yaml"
    cfg.write_text(f"run:\n  dir: {tmp_path / 'run'}\n"
                   f"data:\n  train: {data / 'train.jsonl'}\n  val: {data / 'val.jsonl'}\n"
                   f"  test: {data / 'test.jsonl'}\n"
                   "  max_length: 1024\n"
                   "augment:\n  roles: [researcher, coordinator]\n  n: 4\n  max_tokens: 16\n  seed: 3\n"
                   # a random-weight teacher cannot stay on topic: off here, so that its text can pass the
                   # other rules and the flow after them (leakage, checks, lineage, cache) is exercised
                   "  min_overlap: 0.0\n"
                   "train:\n  threads: 2\n")
    return cfg


def test_tiny_teacher_counts_no_leaks_checks_pass_and_a_rerun_sends_nothing(tmp_path: Path, tiny_gguf: Path):
    cfg = load_config(_write_data(tmp_path), [f"augment.gguf={tiny_gguf}"])
    out, cache = tmp_path / "aug", tmp_path / "cache"
    summary = augment_examples(cfg, out, console=Console(stderr=True), cache_dir=cache)

    # counts: every source (researcher 4, coordinator 0, never the coder) asked n times, each kept or rejected once
    assert summary["sources"] == 4 and summary["generated"] == 16
    assert summary["by_role"]["coordinator"] == {"sources": 0, "generated": 0, "kept": 0, "rejected": {}}
    assert summary["kept"] + sum(summary["rejected"].values()) == 16
    assert summary["requests"] == {"sent": 16, "cached": 0}
    report = json.loads((out / "augment.json").read_text())
    assert {k: report[k] for k in summary} == summary and len(report["paraphrases"]) == 16
    assert all(p["reason"] is not None or p["kept"] for p in report["paraphrases"])
    assert not any(p["kept"] for p in report["paraphrases"] if p["source"] == "researcher-broken")
    assert summary["rejected"].get("reference_fails", 0) == sum(
        p["reason"] == "reference_fails" for p in report["paraphrases"])

    kept = [Example.model_validate(r) for r in read_jsonl(out / "train.jsonl")]
    assert len(kept) == summary["kept"] >= 1, "this data was chosen so that the tiny model's text passes the rules"
    held_out = [Example.model_validate(r) for s in ("val", "test") for r in read_jsonl(MINI / f"{s}.jsonl")]
    roles = list(cfg.roles)
    for ex in kept:
        source = ex.meta["augment"]["source"]
        assert ex.id.startswith(source + ".p") and ex.role == "researcher"
        assert ex.meta["augment"]["teacher"].startswith(f"llama-server:{tiny_gguf.name}@")
        assert ex.meta["augment"]["seed"] == 3 and len(ex.meta["augment"]["prompt_sha256"]) == 64
        # no leak into val/test, and the example's check passes on its answer
        key = PromptKey.of(ex.user_text)
        assert max(key.similarity(PromptKey.of(h.user_text)) for h in held_out) < cfg.data.near_duplicate_threshold
        assert run_check(ex.check, ex.answer, roles=roles).passed
    # prepare's own validation (ids, leakage, duplicates) accepts train + the kept examples
    paths = [cfg.resolve_path(p) for p in (cfg.data.train, cfg.data.val, cfg.data.test)] + [out / "train.jsonl"]
    validate_files(paths, cfg.roles, max_length=1024, near_duplicate_threshold=0.9, count_tokens=None)

    # a rerun costs nothing: every reply comes from the cache and the teacher's server is not started
    again = augment_examples(cfg, tmp_path / "again", console=Console(stderr=True), cache_dir=cache)
    assert again["requests"] == {"sent": 0, "cached": 16}
    assert not (tmp_path / "again" / "teacher-llama-server.log").exists()
    assert (tmp_path / "again" / "train.jsonl").read_text() == (out / "train.jsonl").read_text()


def test_pipeline_runs_augment_before_prepare_only_when_asked(tmp_path: Path, tiny_gguf: Path, tiny_qwen3: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROLETUNE_HOME", str(tmp_path / "home"))  # the reply cache lives there
    cfg_file = _write_data(tmp_path)
    base = [f"augment.gguf={tiny_gguf}", f"model.base={tiny_qwen3}"]
    off = run_pipeline(load_config(cfg_file, base), to_stage="prepare")
    assert off.stage("augment") is None and off.stage("prepare")["status"] == "done"

    on = [*base, "data.augment=true"]
    manifest = run_pipeline(load_config(cfg_file, on), to_stage="prepare")  # augment ran, so prepare runs again
    root = manifest.path.parent
    assert manifest.stage("prepare")["config"]["data"]["augment"] is True
    kept = manifest.stage("augment")["summary"]["kept"]
    assert manifest.stage("augment")["status"] == "done" and kept >= 1
    train_ids = [r["id"] for r in read_jsonl(root / "data" / "train.jsonl")]
    assert len(train_ids) == 5 + kept and sum(".p" in i for i in train_ids) == kept
    assert json.loads((root / "data" / "stats.json").read_text())["augmented"] == {"researcher": kept}

    again = run_pipeline(load_config(cfg_file, on), to_stage="prepare")
    assert again.stage("augment")["started"] == manifest.stage("augment")["started"]  # skipped: up to date
    assert again.stage("prepare")["started"] == manifest.stage("prepare")["started"]
    with pytest.raises(StaleOutputError, match="data.augment"):  # off again: prepare's data changed, the usual refusal
        run_pipeline(load_config(cfg_file, base), to_stage="prepare")


def test_an_openai_compatible_url_is_a_teacher_and_its_key_comes_from_the_named_variable(
        tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch):
    from roletune.runtime.llama_server import LlamaServer, ServerSpec

    monkeypatch.setenv("MY_TEACHER_KEY", "s3cret")
    spec = ServerSpec(gguf=tiny_gguf, parallel=1, n_ctx=1024, threads=2, api_key="s3cret", metrics=False)
    with LlamaServer(spec, log_path=tmp_path / "server.log") as server:
        overrides = [f"augment.url={server.url}/v1", "augment.model=tiny", "augment.n=1",
                     "augment.api_key_env=MY_TEACHER_KEY"]
        summary = augment_examples(load_config(_write_data(tmp_path), overrides), tmp_path / "aug",
                                   console=Console(stderr=True), cache_dir=tmp_path / "cache")
        assert summary["teacher"] == f"{server.url}/v1/chat/completions#tiny"
        assert summary["requests"] == {"sent": 4, "cached": 0} and "request_failed" not in summary["rejected"]
        monkeypatch.setenv("MY_TEACHER_KEY", "wrong")  # a teacher that refuses everything is a setup error
        (tmp_path / "b").mkdir()
        with pytest.raises(StageFailed, match="answered none of 4 requests.*HTTP 401") as info:
            augment_examples(load_config(_write_data(tmp_path / "b"), [*overrides, "augment.seed=9"]),
                             tmp_path / "aug2", console=Console(stderr=True), cache_dir=tmp_path / "cache")
        assert "$MY_TEACHER_KEY" in info.value.hint


def test_data_augment_command_and_a_stage_that_is_off(tmp_path: Path):
    from typer.testing import CliRunner

    from roletune.cli import app

    cfg = _write_data(tmp_path)
    result = CliRunner().invoke(app, ["data", "augment", str(cfg), "--set", "augment.roles=[coordinator]",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "augment.json").read_text())
    assert (report["sources"], report["generated"], report["requests"]) == (0, 0, {"sent": 0, "cached": 0})
    assert (tmp_path / "out" / "train.jsonl").read_text() == ""
    off = CliRunner().invoke(app, ["augment", str(cfg)])
    assert off.exit_code == 2 and "data.augment: false" in off.output and "--set data.augment=true" in off.output


def test_an_example_without_a_check_is_not_paraphrased(tmp_path: Path, tiny_gguf: Path):
    cfg = _write_data(tmp_path)
    unchecked = researcher("researcher-free", "Explain when a cache should expire its entries").model_dump(mode="json")
    del unchecked["check"]
    train = tmp_path / "data" / "train.jsonl"
    train.write_text(json.dumps(unchecked) + "\n")
    summary = augment_examples(load_config(cfg, [f"augment.gguf={tiny_gguf}"]), tmp_path / "out",
                               console=Console(stderr=True), cache_dir=tmp_path / "cache")
    # nothing to verify it by: no source, no request, and no server started for none
    assert (summary["sources"], summary["unverifiable"], summary["requests"]["sent"]) == (0, 1, 0)
    assert not (tmp_path / "out" / "teacher-llama-server.log").exists()


def test_teacher_answers_replace_the_reference_only_where_the_check_passes(tmp_path: Path, tiny_gguf: Path):
    easy = {**RUBRIC, "required": [["\\w"]], "min_words": 1, "max_words": 500}  # any text passes
    hard = {**RUBRIC, "required": [["keeps recent results close"]]}  # the reference passes, random text not
    rows = [researcher("researcher-easy", QUESTIONS[0], check=easy).model_dump(mode="json"),
            researcher("researcher-hard", QUESTIONS[1], check=hard).model_dump(mode="json")]
    cfg = _write_data(tmp_path)
    (tmp_path / "data" / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summary = augment_examples(load_config(cfg, [f"augment.gguf={tiny_gguf}", "augment.answers=true"]),
                               tmp_path / "out", console=Console(stderr=True), cache_dir=tmp_path / "cache")
    kept = [Example.model_validate(r) for r in read_jsonl(tmp_path / "out" / "train.jsonl")]
    by_source = {s: [ex for ex in kept if ex.meta["augment"]["source"] == s]
                 for s in ("researcher-easy", "researcher-hard")}
    assert all(by_source.values()), "this data was chosen so that both sources keep paraphrases"
    answers = summary["answers"]
    assert (answers["asked"], answers["request_failed"]) == (len(kept), 0)
    assert answers["passed"] == len(by_source["researcher-easy"])
    assert answers["failed"] == len(by_source["researcher-hard"])
    for ex in by_source["researcher-easy"]:  # the teacher's (random) answer passed the check: it is the answer now
        assert ex.meta["augment"]["answer"] == "teacher" and ex.answer != rows[0]["messages"][-1]["content"]
    for ex in by_source["researcher-hard"]:  # the teacher's answer failed: the reference stays
        assert ex.meta["augment"]["answer"] == "reference" and ex.answer == rows[1]["messages"][-1]["content"]
    assert all(run_check(ex.check, ex.answer, roles=["researcher"]).passed for ex in kept)


def test_pooled_files_are_split_as_prepare_splits_them_and_only_train_is_paraphrased(tmp_path: Path):
    from roletune.augment.stage import read_splits
    from roletune.data.splits import split_examples

    rows = [json.loads(line) for s in ("train", "val", "test")
            for line in (MINI / f"{s}.jsonl").read_text().splitlines()]
    pooled = tmp_path / "all.jsonl"
    pooled.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cfg = tmp_path / "pooled.yaml"
    cfg.write_text(f"data:\n  files: [{pooled}]\n  split_ratios: [0.6, 0.2, 0.2]\n")
    config = load_config(cfg)
    train, held_out = read_splits(config)
    assignment = split_examples({r["id"]: r["role"] for r in rows}, config.data.split_ratios).assignment
    assert sorted(ex.id for ex in train) == sorted(i for i, s in assignment.items() if s == "train")
    assert sorted(ex.id for ex in held_out) == sorted(i for i, s in assignment.items() if s != "train")
    assert train and held_out


class _RecordingTeacher:
    """Answers every request with a rubric-passing text and keeps what it was asked."""

    def __init__(self) -> None:
        self.asked: list[list[dict]] = []

    def body(self, messages, **kw):
        return {"messages": messages, **kw}

    def start_if_needed(self, bodies) -> None:
        pass

    def complete(self, client, body) -> str:
        self.asked.append(body["messages"])
        return "A cache keeps recent results close to the caller, so repeated reads are fast."


def test_teacher_answers_skip_tool_conversations_whose_answer_rests_on_calls_it_did_not_make():
    from roletune.augment.stage import _teacher_answers

    shipped = [Example.model_validate(r) for r in read_jsonl(Path(__file__).resolve().parents[1] / "examples"
                                                             / "agents" / "train.jsonl")]
    tool_source = next(ex for ex in shipped if ex.role == "researcher" and ex.tools)
    plain_source = researcher("researcher-plain", "Why put a cache in front of a slow service?")
    kept = [Candidate(source=s, variant=1, turns=[m.content for m in s.messages if m.role == "user"])
            for s in (tool_source, plain_source)]
    teacher = _RecordingTeacher()
    counts = _teacher_answers(load_config(None), teacher, kept, Console(stderr=True))
    assert (counts["asked"], counts["passed"], counts["tool_conversations"]) == (1, 1, 1)
    assert len(teacher.asked) == 1 and not any(m.get("tool_calls") for m in teacher.asked[0])
    assert kept[0].answer_by == "reference" and kept[1].answer_by == "teacher"
