"""The `llm` judge: a model behind any OpenAI-compatible API grades each answer against the reference.

Typically the team's production model. The request is the rubric prompt (prompt.md beside this
file, or the user's eval.judge_prompt) with the conversation, the reference and the answer filled
in; greedy (temperature 0, a fixed seed). The verdict asked for is one JSON object
`{"reason": str, "pass": bool, "score": 0..1}` (reason first: the judge explains before it decides),
with the server's `response_format: json_schema` where it takes it (llama-server and OpenAI turn
it into constrained decoding), and a plain request where it does not.

A reply that is not such a verdict (truncated, prose, a wrong type) is a judged failure whose
reason says why and keeps the reply, never a crash. A judge that cannot be reached, or refuses the
key, stops the stage: failing every answer would be a verdict about the judge, not the model.

Replies are cached on disk, one file per (example, answer, judge model, prompt, token budget,
schema) digest, so a rerun judges again (a better parser applies) without a request. The judge's
reasoning stays in predictions.jsonl: the verdict's reason, and the reasoning a thinking model
returns beside its answer (`reasoning_content`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from roletune.data.schema import Example
from roletune.errors import ConfigError, StageFailed
from roletune.files import read_json, write_json

BUILTIN_PROMPT = "prompt.md"  # beside this module
PLACEHOLDERS = ("{{role}}", "{{conversation}}", "{{reference}}", "{{answer}}")
SEED = 0  # greedy anyway; a server that samples despite temperature 0 is still reproducible
CACHE_VERSION = 1  # bump when what is sent changes in a way the digest does not see
RETRIES = 3  # connection errors, 429 and 5xx: tried this often, 1 s, 2 s, 4 s apart
REQUEST_TIMEOUT_S = 600.0  # a verdict of a large judge on a busy server; a hung server still ends
KEPT_CHARS = 4000  # of a reply or reasoning, in predictions.jsonl

VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "reason": {"type": "string", "maxLength": 600},
        "pass": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["reason", "pass", "score"],
    "additionalProperties": False,
}


def load_prompt(path: Path | None) -> tuple[str, str]:
    """(the prompt text, where it came from); a user's prompt must have the {{answer}} placeholder."""
    if path is None:
        return resources.files(__package__).joinpath(BUILTIN_PROMPT).read_text(encoding="utf-8"), "roletune"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"eval.judge_prompt: cannot read {path}: {exc.strerror}",
                          hint="give the path of your rubric prompt, relative to the config file") from None
    if "{{answer}}" not in text:
        raise ConfigError(f"eval.judge_prompt: {path} has no {{{{answer}}}} placeholder, so the judge would never "
                          "see the answer", hint=f"place {', '.join(PLACEHOLDERS)} where each belongs")
    return text, str(path)


def render_conversation(example: Example) -> str:
    """The turns before the reference answer, as plain text the judge can read."""
    lines = []
    for m in example.messages[:-1]:
        if m.role == "tool":
            lines.append(f"[tool result{f' of {m.name}' if m.name else ''}]\n{m.content}")
        elif m.tool_calls:
            calls = "; ".join(f"{c.function.name}({json.dumps(c.function.arguments, ensure_ascii=False)})"
                              for c in m.tool_calls)
            lines.append(f"[assistant calls] {calls}" + (f"\n{m.content}" if m.content.strip() else ""))
        else:
            lines.append(f"[{m.role}]\n{m.content}")
    return "\n\n".join(lines)


def render_prompt(template: str, example: Example, answer: str) -> str:
    values = {"{{role}}": example.role, "{{conversation}}": render_conversation(example),
              "{{reference}}": example.answer, "{{answer}}": answer}
    # One pass, so a placeholder written inside an answer is not expanded again.
    return re.sub("|".join(re.escape(p) for p in PLACEHOLDERS), lambda m: values[m.group(0)], template)


# -- the verdict ----------------------------------------------------------------------------------------

THINK = re.compile(r"<think>.*?</think>", re.S)
FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    score: float
    reason: str


def parse_verdict(text: str) -> tuple[Verdict | None, str]:
    """(the verdict, "") or (None, why not). Takes the JSON object alone, in a ```json fence, or the
    last parseable object in prose; a think block before it is skipped."""
    text = THINK.sub("", text or "").strip()
    if not text:
        return None, "empty reply"
    candidates = [text] + FENCE.findall(text) + _objects(text)
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return _verdict(value)
    return None, "no JSON object in the reply" + (" (cut off at the token limit?)" if "{" in text else "")


def _objects(text: str) -> list[str]:
    """Every balanced {...} span, last first (a verdict usually closes the reply)."""
    spans, depth, start = [], 0, -1
    for i, ch in enumerate(text):
        if ch == "{":
            depth, start = depth + 1, i if depth == 0 else start
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                spans.append(text[start : i + 1])
    return spans[::-1]


def _verdict(value: dict[str, Any]) -> tuple[Verdict | None, str]:
    passed = value.get("pass", value.get("passed"))
    if not isinstance(passed, bool):
        return None, f"the verdict's \"pass\" is {json.dumps(passed)}, not true or false"
    score = value.get("score", 1.0 if passed else 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        return None, f"the verdict's \"score\" is {json.dumps(score)}, not a number from 0 to 1"
    reason = value.get("reason")
    return Verdict(passed, round(float(score), 4), reason.strip() if isinstance(reason, str) else ""), ""


# -- the client -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LlmOutcome:
    passed: bool
    score: float
    reason: str
    seconds: float
    extra: dict[str, Any]  # judge_* fields for predictions.jsonl


@dataclass
class LlmJudge:
    url: str  # the API base (…/v1) or the chat completions endpoint itself
    model: str
    prompt: str
    prompt_source: str
    cache_dir: Path
    max_tokens: int = 1024
    json_schema: bool = True
    api_key: str | None = None
    requests: int = 0
    cache_hits: int = 0
    schema_refused: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_config(cls, eval_config: Any, resolve: Any, cache_dir: Path) -> LlmJudge:
        prompt, source = load_prompt(resolve(eval_config.judge_prompt) if eval_config.judge_prompt else None)
        return cls(url=eval_config.judge_url, model=eval_config.judge_model, prompt=prompt, prompt_source=source,
                   cache_dir=cache_dir, max_tokens=eval_config.judge_max_tokens,
                   json_schema=eval_config.judge_json_schema,
                   api_key=os.environ.get(eval_config.judge_api_key_env) or None)

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else f"{url}/chat/completions"

    def describe(self) -> dict[str, Any]:
        return {"judge": "llm", "url": self.url, "model": self.model, "prompt": self.prompt_source,
                "prompt_sha256": hashlib.sha256(self.prompt.encode()).hexdigest()[:16],
                "requests": self.requests, "cache_hits": self.cache_hits,
                "json_schema": self.json_schema and not self.schema_refused}

    def key(self, example: Example, answer: str) -> str:
        blob = json.dumps({"v": CACHE_VERSION, "example": example.model_dump(mode="json"), "answer": answer,
                           "model": self.model, "prompt": self.prompt, "max_tokens": self.max_tokens,
                           "json_schema": self.json_schema}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def judge(self, client: Any, example: Example, answer: str) -> LlmOutcome:
        started = time.perf_counter()
        path = self.cache_dir / f"{self.key(example, answer)}.json"
        cached = path.is_file()
        if cached:
            reply = read_json(path)
            with self._lock:
                self.cache_hits += 1
        else:
            reply = self._ask(client, render_prompt(self.prompt, example, answer))
            write_json(path, reply)  # atomic: a killed run leaves no half file
        verdict, why = parse_verdict(reply["content"])
        extra = {"judge_model": self.model, "judge_cached": cached, "judge_parsed": verdict is not None,
                 "judge_reasoning": (reply.get("reasoning") or "")[:KEPT_CHARS] or None}
        if verdict is None:
            extra["judge_reply"] = reply["content"][:KEPT_CHARS]
            finish = f", finish_reason {reply['finish_reason']}" if reply.get("finish_reason") else ""
            return LlmOutcome(False, 0.0, f"unparseable verdict: {why}{finish}", time.perf_counter() - started, extra)
        reason = verdict.reason or ("passed" if verdict.passed else "failed")
        return LlmOutcome(verdict.passed, verdict.score, f"llm judge: {reason}"[:KEPT_CHARS],
                          time.perf_counter() - started, extra)

    def _body(self, prompt: str) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": [{"role": "user", "content": prompt}],
                                "temperature": 0.0, "seed": SEED, "max_tokens": self.max_tokens, "stream": False}
        if self.json_schema and not self.schema_refused:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "verdict", "strict": True, "schema": VERDICT_SCHEMA}}
        return body

    def _ask(self, client: Any, prompt: str) -> dict[str, Any]:
        """The reply {content, reasoning, finish_reason}; StageFailed when the judge can't answer."""
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        problem = ""
        for attempt in range(RETRIES):
            if attempt:
                time.sleep(2 ** (attempt - 1))
            body = self._body(prompt)
            with self._lock:
                self.requests += 1
            try:
                response = client.post(self.endpoint, json=body, headers=headers, timeout=REQUEST_TIMEOUT_S)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in (400, 422) and "response_format" in body:
                self.schema_refused = True  # a server without structured output: ask in plain text
                problem = f"HTTP {response.status_code} with response_format: {response.text[:200]}"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}: {response.text[:200]}"
                continue
            if response.status_code != 200:
                raise StageFailed(f"the llm judge at {self.endpoint} answered HTTP {response.status_code}: "
                                  f"{response.text[:300]}", hint=self._hint(response.status_code))
            return _reply(response.json())
        raise StageFailed(f"the llm judge at {self.endpoint} did not answer after {RETRIES} tries: {problem}",
                          hint="start the judge's server or fix eval.judge_url; the answers are kept, so rerunning "
                               "the evaluate stage only judges")

    def _hint(self, status: int) -> str:
        if status in (401, 403):
            return "put the judge's API key in the environment variable named by eval.judge_api_key_env"
        if status == 404:
            return f"check eval.judge_url ({self.url}: the API base, e.g. http://host:8080/v1) and eval.judge_model"
        return "see the judge server's log"


def _reply(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        choice = payload["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        return {"content": json.dumps(payload)[:KEPT_CHARS], "reasoning": None, "finish_reason": None}
    return {"content": message.get("content") or "", "reasoning": message.get("reasoning_content"),
            "finish_reason": choice.get("finish_reason")}
