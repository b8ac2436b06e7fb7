"""llama.cpp's own server (`llama-server`) as roletune's generation engine: found, started, supervised.

Why llama-server and not llama-cpp-python contexts: it decodes every slot's next token in one batch
(continuous batching), so several agents share one read of the weights per step. On a many-core
server an 8B model's decoding is bound by memory bandwidth, and N separate contexts each read the
weights for every token; see docs/serving.md and `make bench` for the figures measured side by side.

The binary is built once per machine by `make setup`, from the llama.cpp source vendored in the
pinned llama-cpp-python sdist — the same build whose shared libraries the Python bindings load, so
verify's logits and the served answers come from one llama.cpp.

A `LlamaServer` owns one process: it derives the command line from a `ServerSpec`, writes the
process's output to a log file, waits until /health answers, and stops it on close (SIGTERM, then
SIGKILL). The child asks the kernel for SIGTERM when its parent dies (PR_SET_PDEATHSIG), so a
killed roletune never leaves an orphaned server holding memory and a port. `Supervisor` restarts
a server that crashed.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roletune.errors import RoletuneError, UserError

if TYPE_CHECKING:
    from roletune.config import Config

ENV_BINARY = "ROLETUNE_LLAMA_SERVER"  # a llama-server of your own (e.g. a CUDA build) instead of set-up's
LLAMA_BUILD_FLAVOUR = "x86-64-v3"  # the Makefile's portable CPU target, part of the cache folder's name
API_KEY_ENV = "LLAMA_API_KEY"  # llama-server's own variable for --api-key
HEALTH_POLL_S = 0.1
LOG_TAIL_LINES = 25


class LlamaServerError(RoletuneError):
    """llama-server could not be found, did not start, or died."""


def llama_cpp_version() -> str:
    return importlib.metadata.version("llama-cpp-python")


def llama_cpp_home() -> Path:
    """Where `make setup` unpacks and builds llama.cpp for the installed llama-cpp-python version."""
    home = Path(os.environ.get("ROLETUNE_LLAMA_CPP_HOME", Path.home() / ".cache" / "roletune"))
    return home / f"llama.cpp-{llama_cpp_version()}-{LLAMA_BUILD_FLAVOUR}"


def default_binary() -> Path:
    """The llama-server `make setup` builds."""
    return llama_cpp_home() / "build" / "bin" / "llama-server"


def find_binary() -> Path:
    """$ROLETUNE_LLAMA_SERVER, else set-up's build, else `llama-server` on PATH."""
    if os.environ.get(ENV_BINARY):
        path = Path(os.environ[ENV_BINARY])
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise UserError(f"${ENV_BINARY} points at {path}, which is not an executable file")
        return path
    built = default_binary()
    if built.is_file():
        return built
    on_path = shutil.which("llama-server")
    if on_path:
        return Path(on_path)
    raise UserError(f"llama-server is not built on this machine (looked for {built} and on PATH)",
                    hint=f"run `make setup` (it builds it once, ~6 min on 2 cores), or set ${ENV_BINARY}")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class ServerSpec:
    """Everything that decides how llama-server runs; `command()` turns it into the command line."""

    gguf: Path
    parallel: int = 1  # slots decoded together in one batch
    n_ctx: int = 4096  # context per slot
    threads: int | None = None  # decode threads; default: llama.cpp's (the physical cores)
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port, chosen at start
    thinking: str | None = None  # "on" / "off": the template's reasoning switch (None: the template's default)
    api_key: str | None = None
    alias: str = "roletune"
    metrics: bool = True
    seed: int = 0
    extra_args: tuple[str, ...] = ()

    def command(self, binary: Path, port: int) -> list[str]:
        args = [str(binary), "--model", str(self.gguf), "--host", self.host, "--port", str(port),
                "--alias", self.alias,
                # one KV buffer of parallel × n_ctx, each slot limited to n_ctx (not unified: a slot
                # never takes another's room)
                "--parallel", str(self.parallel), "--ctx-size", str(self.n_ctx * self.parallel), "--no-kv-unified",
                "--cont-batching",
                "--jinja",  # the GGUF's own chat template, the one training rendered with
                "--seed", str(self.seed), "--no-webui", "--slots", "--props"]
        if self.threads:  # otherwise llama.cpp's default: the physical cores
            args += ["--threads", str(self.threads), "--threads-batch", str(self.threads)]
        if self.thinking in ("on", "off"):
            # `--reasoning off` renders the template with enable_thinking=false, as training did; the
            # deepseek format returns any think block as `reasoning_content`, never inside `content`.
            args += ["--reasoning", self.thinking, "--reasoning-format", "deepseek"]
        if self.metrics:
            args.append("--metrics")
        return args + list(self.extra_args)

    def environment(self) -> dict[str, str]:
        """The key travels in the environment (llama-server reads LLAMA_API_KEY), not on the command
        line, where any local user could read it in /proc."""
        return {API_KEY_ENV: self.api_key} if self.api_key else {}

    def public_command(self, binary: str = "llama-server", port: int | None = None) -> list[str]:
        """The command line as a person would run it."""
        return self.command(Path(binary), port or self.port or 8080)


def eval_spec(gguf: Path, config: "Config") -> ServerSpec:
    """How smoke and evaluate run a candidate: greedy answers, `eval.parallel` prompts decoded together."""
    return ServerSpec(gguf=gguf, parallel=config.eval.parallel, n_ctx=config.eval.n_ctx,
                      threads=config.eval.threads or config.train.threads, seed=config.train.seed,
                      api_key=secrets.token_hex(16), metrics=False)


def serve_spec(gguf: Path, config: "Config", *, host: str = "127.0.0.1", port: int = 0,
               api_key: str | None = None) -> ServerSpec:
    """How `roletune serve` runs the chosen model behind its role layer (and how the report and the
    deployment export write the command line)."""
    s = config.serve
    return ServerSpec(gguf=gguf, parallel=s.parallel, n_ctx=s.n_ctx, threads=s.threads, host=host, port=port,
                      seed=config.train.seed, api_key=api_key, thinking=config.model.thinking)


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies, whatever killed it."""
    PR_SET_PDEATHSIG = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent's own cleanup still stops it
        pass


class LlamaServer:
    """One llama-server process. Use as a context manager, or call start() and stop()."""

    def __init__(self, spec: ServerSpec, *, log_path: Path, binary: Path | None = None,
                 start_timeout_s: float = 120.0) -> None:
        self.spec = spec
        self.binary = binary or find_binary()
        self.log_path = log_path
        self.start_timeout_s = start_timeout_s
        self.port = spec.port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.spec.host in ("0.0.0.0", "::") else self.spec.host
        return f"http://{host}:{self.port}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.spec.api_key}"} if self.spec.api_key else {}

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> "LlamaServer":
        if not self.spec.gguf.is_file():
            raise UserError(f"no GGUF at {self.spec.gguf}")
        self.port = self.spec.port or free_port(self.spec.host)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = self.spec.command(self.binary, self.port)
        with open(self.log_path, "ab") as log:
            log.write(f"\n$ {' '.join(command)}\n".encode())
            log.flush()
            env = {k: v for k, v in os.environ.items() if k != API_KEY_ENV} | self.spec.environment()
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=env, preexec_fn=_die_with_parent, start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = self.process.returncode if self.process else None
                raise LlamaServerError(f"llama-server exited with code {code} while starting on "
                                       f"{self.spec.gguf.name}:\n{self.log_tail()}", hint=f"full log: {self.log_path}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass  # not listening yet, or still loading (503)
            time.sleep(HEALTH_POLL_S)
        self.stop()
        raise LlamaServerError(f"llama-server did not become healthy within {self.start_timeout_s:.0f} s:\n"
                               f"{self.log_tail()}", hint=f"full log: {self.log_path}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join("    " + line for line in text.splitlines()[-lines:])

    def peak_rss(self) -> int | None:
        """The process's peak resident memory (VmHWM) in bytes, while it runs."""
        if not self.alive():
            return None
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def stop(self, timeout_s: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> "LlamaServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Supervisor:
    """Keeps a LlamaServer running: restarts it when it exits on its own, at most `max_restarts` times
    in `window_s` (a server that crashes at start-up is not restarted forever)."""

    def __init__(self, server: LlamaServer, *, max_restarts: int = 5, window_s: float = 300.0,
                 poll_s: float = 0.5, log: Any = print) -> None:
        self.server, self.max_restarts, self.window_s = server, max_restarts, window_s
        self.poll_s, self.log = poll_s, log
        self.restarts: list[float] = []
        self.ready = threading.Event()
        self.failed: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="llama-server-supervisor", daemon=True)

    def start(self) -> "Supervisor":
        self.server.start()
        self.ready.set()
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_s):
            if self.server.alive():
                continue
            self.ready.clear()
            now = time.monotonic()
            self.restarts = [t for t in self.restarts if now - t < self.window_s] + [now]
            if len(self.restarts) > self.max_restarts:
                self.failed = (f"llama-server crashed {len(self.restarts)} times in {self.window_s:.0f} s; "
                               "not restarting")
                self.log(f"{self.failed}:\n{self.server.log_tail()}")
                return
            self.log(f"llama-server exited unexpectedly; restarting (log tail follows)\n{self.server.log_tail(8)}")
            try:
                self.server.start()
                self.ready.set()
            except RoletuneError as exc:
                self.log(f"restart failed: {exc}")

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def headers(self) -> dict[str, str]:
        return self.server.headers

    def wait_ready(self, timeout_s: float) -> bool:
        """Whether the server answers, waiting up to `timeout_s` for a restart in progress. A request
        that found the engine gone may get here before the supervisor noticed, so readiness is the
        engine's own /health, not just the flag."""
        import httpx

        deadline = time.monotonic() + timeout_s
        while self.failed is None:
            if self.ready.is_set() and self.server.alive():
                try:
                    if httpx.get(f"{self.server.url}/health", timeout=2.0).status_code == 200:
                        return True
                except httpx.HTTPError:
                    pass
            if time.monotonic() >= deadline:
                return False
            time.sleep(HEALTH_POLL_S)
        return False

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.server.stop()

    def __enter__(self) -> "Supervisor":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()



class RemoteEngine:
    """A llama-server (or a balancer in front of several) that roletune did not start: only waited for."""

    def __init__(self, url: str, api_key: str | None = None, *, poll_s: float = 0.5) -> None:
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.poll_s = poll_s

    def wait_ready(self, timeout_s: float) -> bool:
        import httpx

        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{self.url}/health", headers=self.headers, timeout=5.0).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            if time.monotonic() >= deadline:
                return False
            time.sleep(self.poll_s)
