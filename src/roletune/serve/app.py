"""The OpenAI-compatible HTTP server (FastAPI) over the slot pool.

Routes: GET /health, GET /v1/models, POST /v1/chat/completions (plain and server-sent events).
Model ids: `roletune` passes messages through; `roletune-<role>` puts that role's system prompt
(the one it was trained with) first and uses its sampling defaults. Every error is an OpenAI-style
error object with a 4xx status (503 with Retry-After when the queue is full), never a 500 for bad
input.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from roletune.config import RoleSpec
from roletune.families import template_kwargs
from roletune.runtime.engine import Generation
from roletune.runtime.slots import QueueFull, SlotPool
from roletune.serve import tools as toolcalls
from roletune.serve.schema import ChatRequest, Message, Usage, completion_id, error_body, now

MODEL_PREFIX = "roletune"


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error", param: str | None = None,
                 code: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.param, self.code, self.headers = status, type_, param, code, headers


@dataclass
class ServerSettings:
    roles: dict[str, RoleSpec]
    api_key: str | None = None
    max_tokens_cap: int = 2048
    max_body_bytes: int = 1 << 20
    default_max_tokens: int = 512
    model_name: str = MODEL_PREFIX
    thinking: str = "off"  # model.thinking; a role's own policy wins (RoleSpec.thinking)

    def thinking_for(self, role: str | None) -> str:
        own = self.roles[role].thinking if role else None
        return own or self.thinking


def model_ids(roles: dict[str, RoleSpec]) -> list[str]:
    return [MODEL_PREFIX] + [f"{MODEL_PREFIX}-{r}" for r in roles]


class BodyLimit:
    """ASGI middleware: refuse request bodies over the limit (413) before they are parsed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        seen = 0

        async def limited_receive() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise ApiError(413, f"request body over {self.limit} bytes", code="request_too_large")
            return message

        try:
            await self.app(scope, limited_receive, send)
        except ApiError:
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        body = json.dumps(error_body(f"request body over {self.limit} bytes", code="request_too_large")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def create_app(pool: SlotPool, settings: ServerSettings) -> FastAPI:
    app = FastAPI(title="roletune", version="1", docs_url=None, redoc_url=None)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(str(exc), type_=exc.type, param=exc.param, code=exc.code),
                            status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        param = ".".join(str(p) for p in first["loc"] if p != "body") or None
        message = f"{param}: {first['msg']}" if param else first["msg"]
        return JSONResponse(error_body(message, param=param), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(error_body(str(exc.detail), code=str(exc.status_code)), status_code=exc.status_code)

    @app.middleware("http")
    async def _auth(request: Request, call_next: Any) -> Any:
        if settings.api_key and request.url.path != "/health":
            header = request.headers.get("authorization", "")
            token = header[7:] if header.lower().startswith("bearer ") else ""
            if not hmac.compare_digest(token.encode(), settings.api_key.encode()):
                return JSONResponse(error_body("invalid or missing API key", code="invalid_api_key"), status_code=401)
        return await call_next(request)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "model": pool.engine.path.name, "slots": len(pool.slots), "busy": pool.busy,
                "waiting": pool.waiting}

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        created = now()
        return {"object": "list", "data": [{"id": m, "object": "model", "created": created, "owned_by": "roletune"}
                                           for m in model_ids(settings.roles)]}

    @app.post("/v1/chat/completions")
    async def chat(request: ChatRequest) -> Any:
        role = _role_of(request.model, settings)
        messages = _messages(request.messages, role, settings)
        tools = [t.model_dump() for t in request.tools] if request.tools and request.tool_choice != "none" else None
        asked = request.max_completion_tokens or request.max_tokens
        default = settings.roles[role].max_tokens if role else settings.default_max_tokens
        max_tokens = asked or min(default, settings.max_tokens_cap)
        if max_tokens > settings.max_tokens_cap:
            raise ApiError(400, f"max_tokens {max_tokens} is over this server's cap of {settings.max_tokens_cap}",
                           param="max_tokens")
        if tools and not pool.engine.renders_tools():
            messages, template_tools = toolcalls.fallback_messages(messages, tools), None
        else:
            template_tools = tools
        try:
            kwargs = template_kwargs(pool.engine.metadata.get("tokenizer.chat_template", ""), settings.thinking_for(role))
            prompt = pool.engine.tokenize(pool.engine.render(messages, tools=template_tools, template_kwargs=kwargs))
        except Exception as exc:  # the template rejected the conversation (e.g. roles out of order)
            raise ApiError(400, f"the model's chat template rejected the messages: {exc}", param="messages") from exc
        if len(prompt) + 1 > pool.engine.n_ctx:
            raise ApiError(400, f"the prompt has {len(prompt)} tokens; this model's context is {pool.engine.n_ctx}",
                           param="messages", code="context_length_exceeded")
        temperature = request.temperature if request.temperature is not None else (
            settings.roles[role].temperature if role else 0.7)
        params = {"max_tokens": max_tokens, "temperature": temperature, "top_p": request.top_p or 1.0,
                  "stop": request.stop or [], "seed": request.seed}
        try:
            slot = await pool.acquire(prompt)
        except QueueFull:
            raise ApiError(503, "all slots are busy and the queue is full; retry shortly", type_="server_busy",
                           code="queue_full", headers={"Retry-After": "1"}) from None
        stream = _generate(pool, slot, prompt, role, params)
        meta = {"id": completion_id(), "created": now(), "model": request.model}
        if request.stream:
            include_usage = bool(request.stream_options and request.stream_options.include_usage)
            return StreamingResponse(_sse(stream, meta, tools, include_usage), media_type="text/event-stream")
        text, result = "", None
        async for piece, done in stream:
            text += piece
            result = done or result
        assert result is not None
        return _completion(meta, text, result, tools)

    return BodyLimit(app, settings.max_body_bytes)


def _role_of(model: str, settings: ServerSettings) -> str | None:
    if model in (MODEL_PREFIX, settings.model_name):
        return None
    role = model.removeprefix(f"{MODEL_PREFIX}-")
    if model.startswith(f"{MODEL_PREFIX}-") and role in settings.roles:
        return role
    raise ApiError(404, f"unknown model {model!r}; available: {', '.join(model_ids(settings.roles))}",
                   param="model", code="model_not_found")


def _messages(messages: list[Message], role: str | None, settings: ServerSettings) -> list[dict[str, Any]]:
    turns = [m.for_template() for m in messages]
    if role is None:
        return turns
    system = settings.roles[role].system_prompt
    if turns and turns[0]["role"] == "system":  # the client's own instructions follow the role's prompt
        return [{"role": "system", "content": f"{system}\n\n{turns[0]['content']}"}] + turns[1:]
    return [{"role": "system", "content": system}] + turns


def _generate(pool: SlotPool, slot: Any, prompt: list[int], role: str | None,
              params: dict[str, Any]) -> AsyncIterator[tuple[str, Generation | None]]:
    """Start the slot's generation in its thread now; the slot is released when the thread ends,
    whether or not anyone reads the pieces (a client that goes away stops the generation)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    cancelled = threading.Event()

    def work() -> None:
        try:
            slot.prepare(prompt, role)
            for piece, done in slot.engine.stream(prompt, **params):
                loop.call_soon_threadsafe(queue.put_nowait, ("item", (piece, done)))
                if cancelled.is_set():
                    break
        except BaseException as exc:  # surfaces in the request, never kills the server
            loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, ("end", None))

    future = loop.run_in_executor(slot.executor, work)
    future.add_done_callback(lambda _: loop.create_task(pool.release(slot)))

    async def pieces() -> AsyncIterator[tuple[str, Generation | None]]:
        try:
            while True:
                kind, value = await queue.get()
                if kind == "end":
                    return
                if kind == "error":
                    raise ApiError(500, f"generation failed: {value}", type_="server_error")
                yield value
        finally:
            cancelled.set()

    return pieces()


def _finish(result: Generation, calls: list[dict[str, Any]] | None) -> str:
    if calls:
        return "tool_calls"
    return "length" if result.finish_reason == "length" else "stop"


def _usage(result: Generation) -> dict[str, int]:
    return Usage(prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
                 total_tokens=result.prompt_tokens + result.completion_tokens).model_dump()


def _tool_calls(text: str, tools: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if not tools:
        return None
    calls, _reason = toolcalls.parse_tool_calls(text, tools)
    return toolcalls.to_openai(calls) if calls else None


def _completion(meta: dict[str, Any], text: str, result: Generation, tools: list[dict[str, Any]] | None) -> dict[str, Any]:
    calls = _tool_calls(text, tools)
    message: dict[str, Any] = {"role": "assistant", "content": None if calls else text}
    if calls:
        message["tool_calls"] = calls
    return {**meta, "object": "chat.completion",
            "choices": [{"index": 0, "message": message, "finish_reason": _finish(result, calls), "logprobs": None}],
            "usage": _usage(result)}


async def _sse(stream: AsyncIterator[tuple[str, Generation | None]], meta: dict[str, Any],
               tools: list[dict[str, Any]] | None, include_usage: bool) -> AsyncIterator[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        body = {**meta, "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    held, text, result = "", "", None
    try:
        async for piece, done in stream:
            result = done or result
            text += piece
            if tools and toolcalls.may_be_tool_call(text):
                held += piece  # could become a tool call: decided at the end
                continue
            if held:
                piece, held = held + piece, ""
            if piece:
                yield chunk({"content": piece})
    except ApiError as exc:
        yield f"data: {json.dumps(error_body(str(exc), type_=exc.type))}\n\n"
        return
    assert result is not None
    calls = _tool_calls(text, tools)
    if calls:
        yield chunk({"tool_calls": [{"index": i, **c} for i, c in enumerate(calls)]})
    elif held:
        yield chunk({"content": held})
    yield chunk({}, _finish(result, calls))
    if include_usage:
        yield f"data: {json.dumps({**meta, 'object': 'chat.completion.chunk', 'choices': [], 'usage': _usage(result)})}\n\n"
    yield "data: [DONE]\n\n"
