"""One engine over llama-cpp-python, shared by evaluation and the server.

It loads a GGUF, renders chat with the model's own template (llama-cpp-python's Jinja2 formatter,
the same code path its server uses), stops at the family's end-of-generation tokens (llama.cpp
reads them from the GGUF), samples greedily unless told otherwise, and measures each answer:
time to first token, total latency, generated tokens and tokens/s. Close it explicitly (or use it
as a context manager): llama-cpp-python's destructor misbehaves at interpreter exit.

Llama keeps the tokens of its last evaluation and reuses their longest common prefix with the
next prompt, so consecutive prompts that share a system prompt only prefill what differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roletune.errors import RoletuneError, UserError


@dataclass
class Generation:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop" (EOS or a stop string) or "length"
    ttft_s: float  # time to first token: prefill plus the first sampling step
    latency_s: float

    @property
    def tokens_per_s(self) -> float:
        decode = self.latency_s - self.ttft_s
        return (self.completion_tokens - 1) / decode if self.completion_tokens > 1 and decode > 0 else 0.0


@dataclass
class _TokenClock:
    """A logits processor that changes nothing and times the sampling steps."""

    started: float = 0.0
    first: float | None = None
    steps: int = 0

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self.first is None:
            self.first = time.perf_counter()
        self.steps += 1
        return scores


class Engine:
    def __init__(self, gguf: Path | str, *, n_ctx: int = 4096, threads: int | None = None, seed: int = 0,
                 verbose: bool = False) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.path = Path(gguf)
        if not self.path.is_file():
            raise UserError(f"no GGUF at {self.path}")
        self.llm = Llama(model_path=str(self.path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                         seed=seed, verbose=verbose)
        self.metadata: dict[str, str] = dict(self.llm.metadata)
        template = self.metadata.get("tokenizer.chat_template")
        if not template:
            self.close()
            raise RoletuneError(f"{self.path} has no tokenizer.chat_template; convert it with roletune to keep it")
        self.eos_token = self._piece(self.llm.token_eos())
        self.bos_token = self._piece(self.llm.token_bos())
        self.formatter = Jinja2ChatFormatter(template=template, eos_token=self.eos_token, bos_token=self.bos_token,
                                             add_generation_prompt=True)
        self._prefix_formatter = Jinja2ChatFormatter(template=template, eos_token=self.eos_token,
                                                     bos_token=self.bos_token, add_generation_prompt=False)

    # -- rendering ----------------------------------------------------------------------------------

    def _piece(self, token: int) -> str:
        if token < 0:
            return ""
        return self.llm._model.token_get_text(token)  # the token's text, special tokens included

    def render(self, messages: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]] | None = None,
               template_kwargs: dict[str, Any] | None = None) -> str:
        """The prompt for `messages`, generation prompt included, as the model's template writes it.

        `template_kwargs` go to the template as variables (families.template_kwargs: the thinking switch).
        """
        kwargs: dict[str, Any] = {**(template_kwargs or {}), "messages": list(messages)}
        if tools:
            kwargs["tools"] = list(tools)
        return self.formatter(**kwargs).prompt

    def renders_tools(self) -> bool:
        """Whether the chat template writes a `tools` list into the prompt (many small models' don't)."""
        if not hasattr(self, "_renders_tools"):
            probe = [{"role": "user", "content": "hi"}]
            tool = {"type": "function", "function": {"name": "roletune_probe_tool", "parameters": {"type": "object"}}}
            self._renders_tools = "roletune_probe_tool" in self.render(probe, tools=[tool])
        return self._renders_tools

    def render_prefix(self, system_prompt: str) -> str:
        """The rendering of a conversation's system turn alone: the prefix every prompt of a role shares."""
        return self._prefix_formatter(messages=[{"role": "system", "content": system_prompt}]).prompt

    def tokenize(self, text: str) -> list[int]:
        # The template writes its own special tokens (BOS where the family has one), so none is added.
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    @property
    def n_ctx(self) -> int:
        return self.llm.n_ctx()

    # -- generation ---------------------------------------------------------------------------------

    def stream(self, prompt: str | list[int], *, max_tokens: int, temperature: float = 0.0, top_p: float = 1.0,
               stop: Sequence[str] | None = None, seed: int | None = None) -> Iterator[tuple[str, Generation | None]]:
        """Yield (text piece, None) as tokens come, then ("", Generation) once at the end."""
        from llama_cpp import LogitsProcessorList

        tokens = self.tokenize(prompt) if isinstance(prompt, str) else list(prompt)
        if len(tokens) + 1 > self.n_ctx:
            raise UserError(f"prompt of {len(tokens)} tokens does not fit the context of {self.n_ctx}")
        max_tokens = max(1, min(max_tokens, self.n_ctx - len(tokens)))
        clock = _TokenClock(started=time.perf_counter())
        pieces: list[str] = []
        finish = "stop"
        chunks = self.llm.create_completion(
            prompt=tokens, max_tokens=max_tokens, temperature=temperature, top_p=top_p, stop=list(stop or []),
            seed=seed, stream=True, logits_processor=LogitsProcessorList([clock]),
        )
        for chunk in chunks:
            choice = chunk["choices"][0]
            if choice.get("text"):
                pieces.append(choice["text"])
                yield choice["text"], None
            if choice.get("finish_reason"):
                finish = choice["finish_reason"]
        end = time.perf_counter()
        first = clock.first if clock.first is not None else end
        yield "", Generation(text="".join(pieces), prompt_tokens=len(tokens), completion_tokens=clock.steps,
                             finish_reason=finish, ttft_s=first - clock.started, latency_s=end - clock.started)

    def generate(self, prompt: str | list[int], **kwargs: Any) -> Generation:
        result = None
        for _, done in self.stream(prompt, **kwargs):
            result = done or result
        assert result is not None
        return result

    def chat(self, messages: Sequence[dict[str, Any]], *, on_text: Callable[[str], None] | None = None,
             **kwargs: Any) -> Generation:
        result = None
        for piece, done in self.stream(self.render(messages), **kwargs):
            if piece and on_text:
                on_text(piece)
            result = done or result
        assert result is not None
        return result

    # -- lifetime -----------------------------------------------------------------------------------

    def close(self) -> None:
        llm = getattr(self, "llm", None)
        if llm is not None:
            llm.close()
            self.llm = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
