"""The server, driven by the official `openai` client over loopback."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from roletune.config import load_config
from roletune.serve.tools import parse_tool_calls

openai = pytest.importorskip("openai")

ROLES = load_config(None).roles
TOOLS = [{"type": "function", "function": {
    "name": "run_tests", "description": "Run the test suite",
    "parameters": {"type": "object", "properties": {"path": {"type": "string"}, "verbose": {"type": "boolean"}},
                   "required": ["path"], "additionalProperties": False}}}]


class RunningServer:
    """llama-server under its supervisor, with the role layer in front on a free loopback port."""

    def __init__(self, gguf: Path, *, parallel: int = 2, queue: int = 16, api_key: str | None = None,
                 max_tokens_cap: int = 256, n_ctx: int = 1024, roles: dict | None = None,
                 log_dir: Path | None = None) -> None:
        import tempfile

        import uvicorn

        from roletune.runtime.llama_server import LlamaServer, ServerSpec, Supervisor, free_port
        from roletune.serve.app import ServerSettings, create_app

        roles = roles or ROLES
        log_dir = log_dir or Path(tempfile.mkdtemp(prefix="roletune-serve-test-"))
        spec = ServerSpec(gguf=gguf, parallel=parallel, n_ctx=n_ctx, threads=2, api_key="engine-key")
        self.engine = LlamaServer(spec, log_path=log_dir / "llama-server.log")
        self.supervisor = Supervisor(self.engine, poll_s=0.1, log=lambda _: None).start()
        settings = ServerSettings(roles=roles, parallel=parallel, queue=queue, api_key=api_key,
                                  max_tokens_cap=max_tokens_cap, max_body_bytes=64 * 1024)
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.supervisor, settings), host="127.0.0.1",
                                                    port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            assert time.time() < deadline, "server did not start"
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}"

    def client(self, api_key: str = "none") -> "openai.OpenAI":
        return openai.OpenAI(base_url=f"{self.base}/v1", api_key=api_key, max_retries=0, timeout=60)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.supervisor.stop()


@pytest.fixture(scope="module")
def server(tiny_gguf: Path) -> Iterator[RunningServer]:
    s = RunningServer(tiny_gguf, parallel=2, queue=64)
    yield s
    s.stop()


def _ask(client, model="roletune-coder", **kw):
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Write add(a, b)."}],
                                          max_tokens=kw.pop("max_tokens", 24), temperature=0, seed=1, **kw)


def test_models_lists_each_role(server: RunningServer):
    ids = {m.id for m in server.client().models.list().data}
    assert ids == {"roletune"} | {f"roletune-{r}" for r in ROLES}


def test_chat_returns_answer_and_usage(server: RunningServer):
    r = _ask(server.client())
    assert r.object == "chat.completion" and r.choices[0].message.role == "assistant"
    assert r.choices[0].finish_reason in ("stop", "length")
    assert r.usage.completion_tokens >= 1 and r.usage.prompt_tokens > 10
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_role_model_injects_its_system_prompt(server: RunningServer):
    plain = _ask(server.client(), "roletune")
    coder = _ask(server.client(), "roletune-coder")
    tester = _ask(server.client(), "roletune-tester")
    assert coder.model == "roletune-coder" and plain.model == "roletune"
    assert coder.usage.prompt_tokens > plain.usage.prompt_tokens + 10, "the coder's system prompt was added"
    assert coder.usage.prompt_tokens != tester.usage.prompt_tokens


def test_stream_reassembles_to_the_plain_answer(server: RunningServer):
    client = server.client()
    plain = _ask(client, max_tokens=32).choices[0].message.content
    chunks = list(_ask(client, max_tokens=32, stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain
    assert {c.model for c in chunks} == {"roletune-coder"}, "every event names the model the client asked for"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens >= 1
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] in ("stop", "length")


def test_tool_request_goes_through_the_template(server: RunningServer):
    r = _ask(server.client(), tools=TOOLS, tool_choice="auto")
    choice = r.choices[0]
    assert choice.finish_reason in ("stop", "length", "tool_calls")
    assert r.usage.prompt_tokens > _ask(server.client()).usage.prompt_tokens, "the tool list is in the prompt"


def test_required_tool_call_comes_back_as_openai_tool_calls(server: RunningServer):
    """tool_choice=required: llama-server constrains the answer to a call of a declared tool, and the
    client gets it as `tool_calls` whose arguments satisfy the tool's schema, streamed or not."""
    import jsonschema

    tools = [{"type": "function", "function": {"name": "run_tests", "description": "Run the test suite",
              "parameters": {"type": "object", "properties": {"path": {"type": "string", "enum": ["tests", "src"]}},
                             "required": ["path"], "additionalProperties": False}}}]
    r = _ask(server.client(), tools=tools, tool_choice="required", max_tokens=256)
    calls = r.choices[0].message.tool_calls
    assert r.choices[0].finish_reason == "tool_calls" and calls and calls[0].function.name == "run_tests"
    jsonschema.validate(json.loads(calls[0].function.arguments), tools[0]["function"]["parameters"])
    chunks = list(_ask(server.client(), tools=tools, tool_choice="required", max_tokens=256, stream=True))
    names = "".join(tc.function.name or "" for c in chunks if c.choices for tc in (c.choices[0].delta.tool_calls or [])
                    if tc.function)
    assert names == "run_tests"


def test_tool_role_messages_are_accepted(server: RunningServer):
    messages = [
        {"role": "user", "content": "Run the tests."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "run_tests", "arguments": '{"path": "tests"}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "3 passed"},
    ]
    r = server.client().chat.completions.create(model="roletune-tester", messages=messages, tools=TOOLS, max_tokens=8)
    assert r.choices[0].message.role == "assistant"


@pytest.mark.parametrize(
    ("text", "expected"),
    [('<tool_call>\n{"name": "run_tests", "arguments": {"path": "tests"}}\n</tool_call>',
      [("run_tests", {"path": "tests"})]),
     ('Sure.\n<tool_call>{"name": "run_tests", "arguments": {"path": "a"}}</tool_call>\n'
      '<tool_call>{"name": "run_tests", "arguments": {"path": "b", "verbose": true}}</tool_call>',
      [("run_tests", {"path": "a"}), ("run_tests", {"path": "b", "verbose": True})]),
     ('{"name": "run_tests", "parameters": {"path": "x"}}', [("run_tests", {"path": "x"})])],
)
def test_tool_call_parser_accepts_valid_calls(text, expected):
    calls, reason = parse_tool_calls(text, TOOLS)
    assert reason is None and [(c.name, c.arguments) for c in calls] == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [('<tool_call>{"name": "deploy", "arguments": {}}</tool_call>', "unknown tool"),
     ('<tool_call>{"name": "run_tests", "arguments": {"verbose": true}}</tool_call>', "'path' is a required property"),
     ('<tool_call>{"name": "run_tests", "arguments": {"path": 3}}</tool_call>', "not of type 'string'"),
     ("<tool_call>{not json}</tool_call>", "not valid JSON"),
     ("Just prose.", "no tool call")],
)
def test_tool_call_parser_rejects_invalid_calls(text, reason):
    calls, why = parse_tool_calls(text, TOOLS)
    assert calls == [] and reason in why


BAD_REQUESTS = [
    ("malformed JSON", b"{not json", 400, None),
    ("no messages", {"model": "roletune", "messages": []}, 400, None),
    ("unknown model", {"model": "gpt-9", "messages": [{"role": "user", "content": "hi"}]}, 404, "model_not_found"),
    ("unknown role", {"model": "roletune-pilot", "messages": [{"role": "user", "content": "hi"}]}, 404,
     "model_not_found"),
    ("bad temperature", {"model": "roletune", "temperature": 5, "messages": [{"role": "user", "content": "hi"}]}, 400,
     None),
    ("bad message role", {"model": "roletune", "messages": [{"role": "robot", "content": "hi"}]}, 400, None),
    ("max_tokens over cap", {"model": "roletune", "max_tokens": 100000,
                             "messages": [{"role": "user", "content": "hi"}]}, 400, None),
    ("n > 1", {"model": "roletune", "n": 3, "messages": [{"role": "user", "content": "hi"}]}, 400, None),
    ("prompt over context", {"model": "roletune", "messages": [{"role": "user", "content": "word " * 3000}]}, 400,
     "context_length_exceeded"),
    ("body over limit", {"model": "roletune", "messages": [{"role": "user", "content": "x" * 100_000}]}, 413,
     "request_too_large"),
]


@pytest.mark.parametrize(("name", "body", "status", "code"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_bad_requests_get_openai_errors(server: RunningServer, name, body, status, code):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    r = httpx.post(f"{server.base}/v1/chat/completions", content=content, headers={"content-type": "application/json"},
                   timeout=30)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["message"] and error["type"]
    if code:
        assert error["code"] == code


def test_health_needs_no_key_but_the_api_does(tiny_gguf: Path):
    s = RunningServer(tiny_gguf, parallel=1, api_key="s3cret")
    try:
        assert httpx.get(f"{s.base}/health").status_code == 200
        with pytest.raises(openai.AuthenticationError):
            s.client("wrong").models.list()
        assert s.client("s3cret").models.list().data
    finally:
        s.stop()


def test_full_queue_answers_503_with_retry_after(tiny_gguf: Path):
    s = RunningServer(tiny_gguf, parallel=1, queue=0)
    try:
        body = {"model": "roletune", "max_tokens": 200, "messages": [{"role": "user", "content": "Tell a long story."}]}
        with ThreadPoolExecutor(4) as pool:
            responses = list(pool.map(lambda _: httpx.post(f"{s.base}/v1/chat/completions", json=body, timeout=60),
                                      range(4)))
        codes = sorted(r.status_code for r in responses)
        assert codes[0] == 200 and 503 in codes
        busy = next(r for r in responses if r.status_code == 503)
        assert busy.headers["retry-after"] == "1" and busy.json()["error"]["code"] == "queue_full"
    finally:
        s.stop()


def test_load_8_clients_x_25_requests(server: RunningServer):
    """Bounded in time: 200 short requests over loopback, no errors, every answer complete."""
    client = server.client()

    def agent(i: int) -> list[str]:
        out = []
        for j in range(25):
            r = client.chat.completions.create(model=f"roletune-{list(ROLES)[i % len(ROLES)]}", max_tokens=8,
                                               temperature=0,
                                               messages=[{"role": "user", "content": f"Task {i}.{j}: say ok."}])
            assert r.choices[0].finish_reason in ("stop", "length") and r.usage.completion_tokens >= 1
            out.append(r.choices[0].finish_reason)
        return out

    started = time.time()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(agent, range(8)))
    assert sum(len(r) for r in results) == 200
    assert time.time() - started < 240


def test_readme_agent_example_runs(server: RunningServer):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = readme.split("<!-- agents-example:begin -->")[1].split("<!-- agents-example:end -->")[0]
    code = block.split("```python\n")[1].split("```")[0]
    assert len(code.strip().splitlines()) <= 10
    code = code.replace("http://127.0.0.1:8080/v1", f"{server.base}/v1").replace("max_tokens=128", "max_tokens=16")
    printed = []
    exec(compile(code, "README.md", "exec"), {"print": printed.append})
    assert len(printed) == 1 and isinstance(printed[0], str)


@pytest.mark.slow
def test_smollm2_served_to_the_openai_client(smollm2_dir: Path, tmp_path: Path):
    """The embedded model end to end: roletune's converter and quantizer, then the server and the official client."""
    from roletune.export.convert import convert_to_gguf
    from roletune.export.quantize import quantize_gguf

    f16 = convert_to_gguf(smollm2_dir, tmp_path / "smollm2-F16.gguf", outtype="f16")
    gguf = quantize_gguf(f16, tmp_path / "smollm2-Q4_K_M.gguf", "Q4_K_M")
    s = RunningServer(gguf, parallel=2, queue=8, n_ctx=2048)
    try:
        client = s.client()
        # No prompt cache: a prompt resumed from cache prefills its last tokens in a smaller batch, whose
        # float sums differ in the last bits and can flip a greedy choice (llama.cpp has no batch-invariant mode).
        ask = dict(model="roletune-coder", messages=[{"role": "user", "content": "Write `is_even(n)` in Python."}],
                   max_tokens=48, temperature=0, seed=3, extra_body={"cache_prompt": False})
        plain = client.chat.completions.create(**ask)
        assert plain.choices[0].message.content.strip() and plain.usage.completion_tokens >= 1
        streamed = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(**ask, stream=True)
                           if c.choices)
        assert streamed == plain.choices[0].message.content
        bare = client.chat.completions.create(**{**ask, "model": "roletune"})
        assert plain.usage.prompt_tokens > bare.usage.prompt_tokens + 10, "the coder's system prompt was added"
        for bad, status in (({**ask, "model": "roletune-nobody"}, 404), ({**ask, "max_tokens": 0}, 400)):
            with pytest.raises(openai.APIStatusError) as err:
                client.chat.completions.create(**bad)
            assert err.value.status_code == status
    finally:
        s.stop()


def test_engine_crash_is_restarted_and_the_next_request_answered(tiny_gguf: Path):
    import os
    import signal

    s = RunningServer(tiny_gguf, parallel=1)
    try:
        first_pid = s.engine.pid
        assert _ask(s.client()).usage.completion_tokens >= 1
        os.kill(first_pid, signal.SIGKILL)
        r = _ask(s.client())  # waits for the supervisor's restart, then is answered
        assert r.usage.completion_tokens >= 1
        assert s.engine.pid != first_pid and s.engine.alive()
        assert len(s.supervisor.restarts) == 1
    finally:
        s.stop()
    assert not _alive(first_pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _start_cli_server(gguf: Path, port: int) -> "subprocess.Popen":
    import sys

    process = subprocess.Popen([sys.executable, "-m", "roletune.cli", "serve", str(gguf), "--port", str(port),
                                "--parallel", "1", "--set", "serve.n_ctx=512"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError("roletune serve did not become healthy")


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_stopping_serve_leaves_no_process_behind(tiny_gguf: Path, sig: str):
    """SIGTERM/SIGINT: the role layer shuts down and stops llama-server; SIGKILL: the kernel's
    parent-death signal stops it. Either way no engine is left holding memory and a port."""
    import signal

    from roletune.runtime.llama_server import free_port

    port = free_port()
    process = _start_cli_server(tiny_gguf, port)
    engines = _children(process.pid)
    assert engines, "the engine runs as a child of roletune serve"
    r = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=60,
                   json={"model": "roletune-coder", "max_tokens": 4, "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200 and r.json()["model"] == "roletune-coder"
    process.send_signal(getattr(signal, sig))
    process.wait(timeout=30)
    deadline = time.time() + 15
    while any(_alive(pid) for pid in engines) and time.time() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in engines)


class _FlakyUpstream:
    """An engine whose first connection breaks as `error` does; it is back when waited for."""

    url, headers = "http://engine.test", {}

    def __init__(self) -> None:
        self.waits = 0

    def wait_ready(self, timeout_s: float) -> bool:
        self.waits += 1
        return True


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError])
def test_a_request_that_finds_the_engine_gone_waits_and_is_sent_again(error):
    import asyncio

    from roletune.serve.app import ROLE_KEY, _send

    sent = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        if len(sent) == 1:
            raise error("engine gone", request=request)
        return httpx.Response(200, json={"ok": True})

    upstream = _FlakyUpstream()

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
            return await _send(client, upstream, {"messages": [], ROLE_KEY: "coder"}, stream=False)

    response = asyncio.run(go())
    assert response.status_code == 200 and upstream.waits == 1
    assert sent == [{"messages": []}, {"messages": []}], "the same body, without the role key, both times"
