"""The role layer: an OpenAI-compatible front (FastAPI) over llama-server.

llama-server does the model's work — continuous batching of every slot, the GGUF's own chat
template (`--jinja`), tool-call and reasoning extraction, prompt caching. In front of it this layer
keeps what roletune adds:

- model ids: `roletune` passes messages through; `roletune-<role>` puts that role's system prompt
  (the one it was trained with) first and uses the role's sampling defaults;
- request validation with OpenAI-style errors (400/404/413, 503 with Retry-After when the queue is
  full), never a 500 for bad input; body and max_tokens limits; the API key; loopback by default;
- streaming passed through event by event, never buffered;
- tools for a chat template that ignores them (many small models'): llama-server only handles tools
  the template renders, so for such a template the layer describes the tools in the system turn
  (Hermes format, serve/tools.py) and turns the `<tool_call>` blocks of the answer into OpenAI
  `tool_calls`, validated against each tool's schema. Only then does a stream hold back text that
  may still become a tool call.

Role prompts stay cached because every request of a role begins with the same tokens: llama-server
gives a request the slot whose cached prompt it shares most of (`--slot-prompt-similarity`), and
keeps evicted prompts in its host-memory prompt cache (`--cache-ram`) to restore them into any slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from roletune.config import RoleSpec
from roletune.data.tool_prompt import PROBE_TOOL, renders_probe
from roletune.serve import tools as toolcalls
from roletune.serve.schema import ChatRequest, Message, completion_id, error_body, now

MODEL_PREFIX = "roletune"
# The agent role travels to the engine as a header, so a balancer in front of several engines keeps
# each role on one of them (serve/deploy.py); llama-server ignores it.
ROLE_HEADER = "X-Roletune-Role"
ROLE_KEY = "__roletune_role"
UPSTREAM_TIMEOUT_S = 900.0
RESTART_WAIT_S = 120.0  # how long a request waits for a crashed engine to come back
# llama-server's error types → the OpenAI error codes clients test for
UPSTREAM_ERROR_CODES = {"exceed_context_size_error": "context_length_exceeded"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error", param: str | None = None,
                 code: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.param, self.code, self.headers = status, type_, param, code, headers


class Upstream(Protocol):
    """The engine behind the layer: where it listens, and how to wait for it after a crash."""

    url: str
    headers: dict[str, str]

    def wait_ready(self, timeout_s: float) -> bool: ...


@dataclass
class ServerSettings:
    roles: dict[str, RoleSpec]
    parallel: int = 4  # llama-server's slots
    queue: int = 16  # requests allowed to wait beyond the busy slots
    api_key: str | None = None
    max_tokens_cap: int = 2048
    max_body_bytes: int = 1 << 20
    default_max_tokens: int = 512
    model_name: str = MODEL_PREFIX
    # role → chat-template kwargs of a role whose thinking policy is its own (families.template_kwargs);
    # model.thinking itself is llama-server's default (ServerSpec.thinking)
    role_template_kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)


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


class Admission:
    """Requests in flight: up to `parallel` decoding plus `queue` waiting inside llama-server; beyond
    that a request is refused at once (503) rather than left to wait without bound."""

    def __init__(self, parallel: int, queue: int) -> None:
        self.limit = parallel + queue
        self.in_flight = 0

    def enter(self) -> "Ticket":
        if self.in_flight >= self.limit:
            raise ApiError(503, "all slots are busy and the queue is full; retry shortly", type_="server_busy",
                           code="queue_full", headers={"Retry-After": "1"})
        self.in_flight += 1
        return Ticket(self)


class Ticket:
    """One admitted request; `release` may be called from several exits and counts once."""

    def __init__(self, admission: Admission) -> None:
        self.admission, self.released = admission, False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.admission.in_flight -= 1


def create_app(upstream: Upstream, settings: ServerSettings) -> Any:
    admission = Admission(settings.parallel, settings.queue)
    state: dict[str, Any] = {}  # what was learnt about the engine (whether its template renders tools)
    client = httpx.AsyncClient(timeout=httpx.Timeout(UPSTREAM_TIMEOUT_S, connect=10.0),
                               limits=httpx.Limits(max_connections=settings.parallel + settings.queue + 4))

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await client.aclose()

    app = FastAPI(title="roletune", version="1", docs_url=None, redoc_url=None, lifespan=lifespan)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(str(exc), type_=exc.type, param=exc.param, code=exc.code),
                            status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_error(exc.errors())

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
    async def health() -> JSONResponse:
        try:
            r = await client.get(f"{upstream.url}/health", timeout=5.0)
            engine = "ok" if r.status_code == 200 else f"status {r.status_code}"
        except httpx.HTTPError:
            engine = "unreachable"
        ok = engine == "ok"
        return JSONResponse({"status": "ok" if ok else "unavailable", "engine": engine,
                             "in_flight": admission.in_flight, "slots": settings.parallel},
                            status_code=200 if ok else 503)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        created = now()
        return {"object": "list", "data": [{"id": m, "object": "model", "created": created, "owned_by": "roletune"}
                                           for m in model_ids(settings.roles)]}

    @app.get("/metrics")
    async def metrics() -> Any:
        """llama-server's Prometheus metrics (tokens/s, slots busy, queue), passed through."""
        r = await client.get(f"{upstream.url}/metrics", headers=upstream.headers)
        return StreamingResponse(iter([r.content]), status_code=r.status_code,
                                 media_type=r.headers.get("content-type", "text/plain"))

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        try:
            raw = await request.json()
        except ValueError as exc:
            raise ApiError(400, f"the body is not valid JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise ApiError(400, "the body must be a JSON object")
        try:
            parsed = ChatRequest.model_validate(raw)
        except ValidationError as exc:
            return _validation_error(exc.errors())
        body = upstream_body(raw, parsed, settings)
        tools = body.get("tools")
        if tools and not await template_renders_tools(client, upstream, state):
            body = with_described_tools(body)
        else:
            tools = None  # llama-server renders and parses them itself
        ticket = admission.enter()
        if not parsed.stream:
            try:
                response = await _send(client, upstream, body, stream=False)
                answer = {**response.json(), "model": parsed.model}
                return JSONResponse(_parse_described_calls(answer, tools) if tools else answer)
            finally:
                ticket.release()
        try:
            response = await _send(client, upstream, body, stream=True)
        except BaseException:
            ticket.release()
            raise
        # The ticket is released when the relay ends, or by the background task if it never started
        # (a client that went away before the first event).
        relay = (_relay_described_calls(response, parsed.model, ticket, tools) if tools
                 else _relay(response, parsed.model, ticket))
        return StreamingResponse(relay, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
                                 background=BackgroundTask(_close_relay, response, ticket))

    return BodyLimit(app, settings.max_body_bytes)


def _validation_error(errors: Any) -> JSONResponse:
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    param = ".".join(str(p) for p in first["loc"] if p != "body") or None
    message = f"{param}: {first['msg']}" if param else first["msg"]
    return JSONResponse(error_body(message, param=param), status_code=400)


def role_of(model: str, settings: ServerSettings) -> str | None:
    if model in (MODEL_PREFIX, settings.model_name):
        return None
    role = model.removeprefix(f"{MODEL_PREFIX}-")
    if model.startswith(f"{MODEL_PREFIX}-") and role in settings.roles:
        return role
    raise ApiError(404, f"unknown model {model!r}; available: {', '.join(model_ids(settings.roles))}",
                   param="model", code="model_not_found")


def role_messages(messages: list[Message], role: str | None, settings: ServerSettings) -> list[dict[str, Any]]:
    """The conversation as the engine renders it: with a role, its system prompt comes first (the
    client's own system instructions follow it in the same turn), exactly as in training."""
    turns = [m.for_template() for m in messages]
    if role is None:
        return turns
    system = settings.roles[role].system_prompt
    if turns and turns[0]["role"] == "system":
        return [{"role": "system", "content": f"{system}\n\n{turns[0]['content']}"}] + turns[1:]
    return [{"role": "system", "content": system}] + turns


def upstream_body(raw: dict[str, Any], parsed: ChatRequest, settings: ServerSettings) -> dict[str, Any]:
    """The client's request as llama-server gets it: role applied, limits enforced, every other
    OpenAI field (tools, tool_choice, response_format, stop, seed, …) passed on unchanged."""
    role = role_of(parsed.model, settings)
    asked = parsed.max_completion_tokens or parsed.max_tokens
    default = settings.roles[role].max_tokens if role else settings.default_max_tokens
    max_tokens = asked or min(default, settings.max_tokens_cap)
    if max_tokens > settings.max_tokens_cap:
        raise ApiError(400, f"max_tokens {max_tokens} is over this server's cap of {settings.max_tokens_cap}",
                       param="max_tokens")
    body = {k: v for k, v in raw.items() if k not in ("max_completion_tokens", "n")}
    body.update(model=MODEL_PREFIX, messages=role_messages(parsed.messages, role, settings), max_tokens=max_tokens)
    if role:
        body[ROLE_KEY] = role  # taken off again in _send, where it becomes the balancer's header
    if role in settings.role_template_kwargs:
        body["chat_template_kwargs"] = {**settings.role_template_kwargs[role],
                                        **(raw.get("chat_template_kwargs") or {})}
    if parsed.temperature is None:
        body["temperature"] = settings.roles[role].temperature if role else 0.7
    if parsed.stop is not None:
        body["stop"] = parsed.stop
    if parsed.tool_choice == "none":
        body.pop("tools", None)
    return body


async def _send(client: httpx.AsyncClient, upstream: Upstream, body: dict[str, Any], *, stream: bool) -> httpx.Response:
    """POST to llama-server; if it is down (crashed, restarting), wait for it once and retry."""
    role = body.pop(ROLE_KEY, None)
    headers = {**upstream.headers, **({ROLE_HEADER: role} if role else {})}
    request = client.build_request("POST", f"{upstream.url}/v1/chat/completions", json=body, headers=headers)
    for attempt in (1, 2):
        try:
            response = await client.send(request, stream=stream)
            break
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            if attempt == 2 or not await asyncio.to_thread(upstream.wait_ready, RESTART_WAIT_S):
                raise ApiError(503, "the model engine is restarting; retry shortly", type_="server_busy",
                               code="engine_unavailable", headers={"Retry-After": "5"}) from None
            request = client.build_request("POST", f"{upstream.url}/v1/chat/completions", json=body, headers=headers)
    if response.status_code != 200:
        await response.aread()
        await response.aclose()
        raise _upstream_error(response)
    return response


def _upstream_error(response: httpx.Response) -> ApiError:
    """llama-server's own error (e.g. the prompt does not fit the context) in OpenAI's shape."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {"message": response.text[:500]}
    kind = str(error.get("type") or "invalid_request_error")
    status = response.status_code if 400 <= response.status_code < 600 else 502
    code = UPSTREAM_ERROR_CODES.get(kind)
    return ApiError(status, str(error.get("message") or "the engine refused the request"),
                    type_="invalid_request_error" if status < 500 else "server_error",
                    param="messages" if code == "context_length_exceeded" else None, code=code)


async def _close_relay(response: httpx.Response, ticket: Ticket) -> None:
    await response.aclose()
    ticket.release()


async def _relay(response: httpx.Response, model: str, ticket: Ticket) -> AsyncIterator[str]:
    """Pass llama-server's events on as they come, with the model id the client asked for."""
    try:
        engine_model = f'"model":"{MODEL_PREFIX}"'  # as llama-server writes it (compact JSON)
        client_model = f'"model":{json.dumps(model)}'
        async for line in response.aiter_lines():
            if line.startswith("data: {"):
                # A string swap, not a parse and re-dump per token: on a few cores the relay shares
                # them with the engine. Parsed only if the engine ever writes the field otherwise.
                swapped = line.replace(engine_model, client_model, 1)
                if swapped == line and '"model"' in line:
                    event = json.loads(line[6:])
                    event["model"] = model
                    swapped = "data: " + json.dumps(event, ensure_ascii=False)
                line = swapped
            if line:
                yield line + "\n\n"
    except httpx.HTTPError as exc:  # the engine went away mid-answer
        yield f"data: {json.dumps(error_body(f'the model engine failed: {exc}', type_='server_error'))}\n\n"
    finally:
        await _close_relay(response, ticket)




async def template_renders_tools(client: httpx.AsyncClient, upstream: Upstream, state: dict[str, Any]) -> bool:
    """Whether the GGUF's chat template writes a `tools` list into the prompt (asked once, of llama-server)."""
    if "renders_tools" not in state:
        r = await client.post(f"{upstream.url}/apply-template", headers=upstream.headers,
                              json={"messages": [{"role": "user", "content": "hi"}], "tools": [PROBE_TOOL]})
        r.raise_for_status()
        state["renders_tools"] = renders_probe(r.json().get("prompt", ""))
    return state["renders_tools"]


def with_described_tools(body: dict[str, Any]) -> dict[str, Any]:
    """The request for a template without tools: tools described in the system turn, earlier calls
    and results written as the model would have written and read them."""
    out = {k: v for k, v in body.items() if k not in ("tools", "tool_choice", "parallel_tool_calls")}
    out["messages"] = toolcalls.fallback_messages(body["messages"], body["tools"])
    choice = body.get("tool_choice")
    if choice == "required" or isinstance(choice, dict):
        # A call is required: constrain the answer to one, as JSON (llama-server's json_schema grammar).
        named = choice["function"]["name"] if isinstance(choice, dict) else None
        out["response_format"] = {"type": "json_schema", "json_schema": {
            "name": "tool_call", "schema": toolcalls.call_schema(body["tools"], only=named)}}
    return out


def _parse_described_calls(answer: dict[str, Any], tools: list[dict[str, Any]]) -> dict[str, Any]:
    choice = answer["choices"][0]
    calls, _reason = toolcalls.parse_tool_calls(choice["message"].get("content") or "", tools)
    if calls:
        choice["message"] = {"role": "assistant", "content": None, "tool_calls": toolcalls.to_openai(calls)}
        choice["finish_reason"] = "tool_calls"
    return answer


async def _relay_described_calls(response: httpx.Response, model: str, ticket: Ticket,
                                 tools: list[dict[str, Any]]) -> AsyncIterator[str]:
    """Relay a stream whose text may be a described tool call: text that could still become one is
    held back until it is decided, then sent as `tool_calls` or as the text it was."""
    meta = {"id": completion_id(), "created": now(), "model": model, "object": "chat.completion.chunk"}

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {**meta, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    text, held, finish, usage = "", "", "stop", None
    try:
        async for line in response.aiter_lines():
            if not line.startswith("data: {"):
                continue
            upstream_event = json.loads(line[6:])
            usage = upstream_event.get("usage") or usage
            for choice in upstream_event.get("choices") or []:
                finish = choice.get("finish_reason") or finish
                piece = (choice.get("delta") or {}).get("content") or ""
                text += piece
                if toolcalls.may_be_tool_call(text):
                    held += piece
                    continue
                piece, held = held + piece, ""
                if piece:
                    yield event({"content": piece})
        calls, _reason = toolcalls.parse_tool_calls(text, tools)
        if calls:
            yield event({"tool_calls": [{"index": i, **c} for i, c in enumerate(toolcalls.to_openai(calls))]})
            finish = "tool_calls"
        elif held:
            yield event({"content": held})
        yield event({}, finish)
        if usage:
            yield f"data: {json.dumps({**meta, 'choices': [], 'usage': usage})}\n\n"
        yield "data: [DONE]\n\n"
    except httpx.HTTPError as exc:
        yield f"data: {json.dumps(error_body(f'the model engine failed: {exc}', type_='server_error'))}\n\n"
    finally:
        await _close_relay(response, ticket)
