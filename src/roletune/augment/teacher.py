"""The teacher: any OpenAI-compatible chat endpoint, or the base model served by roletune's llama-server.

Every reply is cached on disk under $ROLETUNE_HOME/augment-cache, by the hash of everything that
decides it (the request's messages, the teacher's identity, seed, sampling), so a rerun of the same
augmentation sends no request at all. The cache is shared by runs: two runs of the same data and
teacher (with and without some other change) pay for the teacher once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roletune.config import Config
from roletune.errors import UserError
from roletune.files import atomic_file, sha256_file

CACHE_DIR = "augment-cache"  # under registry.default_home()
TEACHERS_DIR = "teachers"  # a local base model converted once to GGUF, under registry.default_home()
REQUEST_TIMEOUT_S = 900.0


def digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Teacher:
    """Where requests go and who answers them (`name` is part of every cache key).

    `connect` gives (url, headers). `start_if_needed` calls it, on the calling thread, when some request
    of a batch is not in the cache, so a fully cached rerun does not even start the teacher's server.
    It must be the main thread: llama-server is started with PR_SET_PDEATHSIG, which fires when the
    *thread* that started it ends, so a server started from a pool's worker dies with the pool.
    """

    name: str  # identity: endpoint + model, or the served GGUF's digest
    connect: Callable[[], tuple[str, dict[str, str]]]
    model: str | None = None
    cache_dir: Path | None = None  # default: default_cache_dir()
    sent: int = 0  # requests that went to the teacher
    cached: int = 0  # requests answered from the cache
    _endpoint: tuple[str, dict[str, str]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, messages: list[dict[str, Any]], *, temperature: float, max_tokens: int, seed: int) -> dict[str, Any]:
        body: dict[str, Any] = {"messages": messages, "temperature": temperature, "max_tokens": max_tokens,
                                "seed": seed}
        return {**body, "model": self.model} if self.model else body

    def start_if_needed(self, bodies: list[dict[str, Any]]) -> None:
        """Connect (start the server) now if any of `bodies` will need the teacher."""
        if self._endpoint is None and any(not self._cached(b).is_file() for b in bodies):
            self._endpoint = self.connect()

    def complete(self, client: Any, body: dict[str, Any]) -> str:
        """The teacher's reply to `body` (from the cache when this exact request was answered before)."""
        from roletune.runtime.chat_client import stream_chat

        hit = self._cached(body)
        if hit.is_file():
            with self._lock:
                self.cached += 1
            return json.loads(hit.read_text(encoding="utf-8"))["reply"]
        if self._endpoint is None:
            raise RuntimeError("Teacher.start_if_needed was not called before a request the cache cannot answer")
        url, headers = self._endpoint
        answer = stream_chat(client, url, body, headers=headers)
        with self._lock:
            self.sent += 1
        hit.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(hit) as tmp:
            tmp.write_text(json.dumps({"teacher": self.name, "request": body, "reply": answer.text,
                                       "finish_reason": answer.finish_reason}, ensure_ascii=False), encoding="utf-8")
        return answer.text

    def _cached(self, body: dict[str, Any]) -> Path:
        key = digest({"teacher": self.name, **body})
        return self._cache_path(key)

    def _cache_path(self, key: str) -> Path:
        return (self.cache_dir or default_cache_dir()) / key[:2] / f"{key}.json"


def default_cache_dir() -> Path:
    from roletune.registry import default_home

    return default_home() / CACHE_DIR


def teacher_gguf(config: Config) -> Path:
    """augment.gguf, else the base model's GGUF: the registry's own file, or a local model converted once."""
    if config.augment.gguf is not None:
        path = config.resolve_path(config.augment.gguf)
        if not path.is_file():
            raise UserError(f"augment.gguf: no file at {path}")
        return path
    from roletune.registry import REGISTRY, default_home, registry_gguf

    if config.model.base in REGISTRY and not config.resolve_path(Path(config.model.base)).is_dir():
        return registry_gguf(config.model.base)
    from roletune.export.convert import convert_to_gguf
    from roletune.hf import base_model_dir

    model_dir = base_model_dir(config)
    stamp = digest({"dir": str(model_dir), "config": sha256_file(model_dir / "config.json"),
                    "weights": sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                                      for p in model_dir.glob("*.safetensors"))})[:12]
    out = default_home() / TEACHERS_DIR / f"{model_dir.name}-{stamp}-F16.gguf"
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        convert_to_gguf(model_dir, out, "f16", lineage={"name": model_dir.name, "base": {"path": str(model_dir)}})
    return out


@contextlib.contextmanager
def open_teacher(config: Config, log_dir: Path, cache_dir: Path | None = None) -> Iterator[Teacher]:
    """The configured teacher, ready for requests; a llama-server roletune starts is stopped on exit."""
    a = config.augment
    cache = cache_dir if cache_dir is not None else default_cache_dir()
    if a.url:
        key = os.environ.get(a.api_key_env)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        url = a.url.rstrip("/")
        url = url if url.endswith("/chat/completions") else f"{url}/chat/completions"
        yield Teacher(name=f"{url}#{a.model or ''}", connect=lambda: (url, headers), model=a.model, cache_dir=cache)
        return
    from roletune.runtime.llama_server import LlamaServer, ServerSpec

    gguf = teacher_gguf(config)
    spec = ServerSpec(gguf=gguf, parallel=a.parallel, n_ctx=4096, threads=config.train.threads,
                      seed=a.seed, api_key=secrets.token_hex(16), metrics=False, thinking="off")
    with contextlib.ExitStack() as stack:
        def connect() -> tuple[str, dict[str, str]]:
            server = stack.enter_context(LlamaServer(spec, log_path=log_dir / "teacher-llama-server.log"))
            return f"{server.url}/v1/chat/completions", server.headers

        yield Teacher(name=f"llama-server:{gguf.name}@{sha256_file(gguf)[:16]}", connect=connect, model=spec.alias,
                      cache_dir=cache)
