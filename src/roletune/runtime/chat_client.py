"""One chat request to an OpenAI-compatible server (llama-server, or roletune's role layer in front of
it), streamed so the client measures what an agent feels: time to first token and total latency.

Used by smoke and evaluate (through the same server the agents get) and by the serving benchmark.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from roletune.errors import RoletuneError


class ChatRequestFailed(RoletuneError):
    """The server answered a chat request with an error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


@dataclass
class Answer:
    text: str  # the answer's content (any think block is in `reasoning`, never here)
    reasoning: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop", "length" or "tool_calls"
    ttft_s: float  # request sent → first generated text (prefill plus one decoding step)
    latency_s: float  # request sent → last byte
    tool_calls: list[dict[str, Any]] | None = None

    @property
    def tokens_per_s(self) -> float:
        """Decoding rate after the first token, as the client saw it."""
        decode = self.latency_s - self.ttft_s
        return (self.completion_tokens - 1) / decode if self.completion_tokens > 1 and decode > 0 else 0.0

    def row(self) -> dict[str, Any]:
        return {"answer": self.text, "reasoning": self.reasoning, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "finish_reason": self.finish_reason,
                "ttft_s": round(self.ttft_s, 4), "latency_s": round(self.latency_s, 4),
                "tokens_per_s": round(self.tokens_per_s, 2)}


def sse_events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The JSON payloads of a server-sent-event stream, up to `[DONE]`."""
    for line in lines:
        if not line.startswith("data:"):
            continue
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        event = json.loads(payload)
        if "error" in event:
            raise ChatRequestFailed(500, str(event["error"].get("message", event["error"])))
        yield event


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return str(error.get("message") or error)
    except ValueError:
        return response.text[:500]


def stream_chat(client: httpx.Client, url: str, body: dict[str, Any], *,
                headers: dict[str, str] | None = None) -> Answer:
    """POST `body` (stream forced on, usage requested) to `url` and collect the answer."""
    body = {**body, "stream": True, "stream_options": {"include_usage": True}}
    content: list[str] = []
    reasoning: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    usage: dict[str, Any] = {}
    finish = "stop"
    first: float | None = None
    started = time.perf_counter()
    with client.stream("POST", url, json=body, headers=headers or {}) as response:
        if response.status_code != 200:
            response.read()
            raise ChatRequestFailed(response.status_code, _error_message(response))
        for event in sse_events(response.iter_lines()):
            usage = event.get("usage") or usage
            for choice in event.get("choices") or []:
                delta = choice.get("delta") or {}
                if delta.get("content") or delta.get("reasoning_content") or delta.get("tool_calls"):
                    first = first or time.perf_counter()
                content.append(delta.get("content") or "")
                reasoning.append(delta.get("reasoning_content") or "")
                for call in delta.get("tool_calls") or []:
                    _merge_call(calls.setdefault(call.get("index", 0), {}), call)
                finish = choice.get("finish_reason") or finish
    end = time.perf_counter()
    return Answer(text="".join(content), reasoning="".join(reasoning),
                  prompt_tokens=int(usage.get("prompt_tokens", 0)),
                  completion_tokens=int(usage.get("completion_tokens", 0)), finish_reason=finish,
                  ttft_s=(first or end) - started, latency_s=end - started,
                  tool_calls=[calls[i] for i in sorted(calls)] or None)


def _merge_call(into: dict[str, Any], delta: dict[str, Any]) -> None:
    """Tool calls stream as fragments: the id and name once, the arguments in pieces."""
    if delta.get("id"):
        into["id"] = delta["id"]
    into["type"] = "function"
    function = into.setdefault("function", {"name": "", "arguments": ""})
    piece = delta.get("function") or {}
    function["name"] += piece.get("name") or ""
    function["arguments"] += piece.get("arguments") or ""
