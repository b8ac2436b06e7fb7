"""`roletune serve`: resolve what to serve, start llama-server under a supervisor, put the role layer
in front of it (uvicorn), and stop everything cleanly on SIGINT/SIGTERM."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from roletune.config import Config, load_config
from roletune.errors import UserError
from roletune.files import read_json
from roletune.layout import CONFIG_FILE, DECISION_FILE, gguf_file

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def resolve_target(target: Path, config_path: Path | None, overrides: list[str]) -> tuple[Path, Config]:
    """A run directory serves the candidate its gate chose (with the run's config); a GGUF serves itself."""
    if target.is_dir():
        config = load_config(config_path or (target / CONFIG_FILE), overrides)
        decision = target / DECISION_FILE
        if not decision.exists():
            raise UserError(f"{target} has no decision.json",
                            hint="run the pipeline through the gate stage, or pass a GGUF")
        candidate = read_json(decision).get("candidate")
        if not candidate:
            raise UserError(f"the gate of {target} chose no candidate")
        gguf = target / gguf_file(candidate)
        if not gguf.is_file():
            raise UserError(f"the chosen candidate's file is missing: {gguf}")
        return gguf, config
    if target.is_file() and target.suffix == ".gguf":
        return target, load_config(config_path, overrides)
    raise UserError(f"{target} is neither a run directory nor a .gguf file")


def role_template_kwargs(gguf: Path, config: Config) -> dict[str, dict]:
    """Chat-template kwargs per role whose thinking policy differs from model.thinking (sent per request)."""
    from roletune.families import template_kwargs
    from roletune.gguf_meta import read_chat_template

    own = {r: spec.thinking for r, spec in config.roles.items() if spec.thinking not in (None, config.model.thinking)}
    if not own:
        return {}
    template = read_chat_template(gguf)
    return {r: kw for r, policy in own.items() if (kw := template_kwargs(template, policy))}


ENGINE_KEY_ENV = "ROLETUNE_ENGINE_KEY"  # the key a remote engine (or its balancer's replicas) requires


def serve(target: Path, *, config_path: Path | None, overrides: list[str], api_key: str | None,
          engine_url: str | None = None) -> None:
    """Serve `target` to the agents. With `engine_url`, the role layer fronts llama-server replicas
    that run elsewhere (see `roletune export-deploy`) instead of starting its own."""
    import uvicorn

    from roletune.runtime.llama_server import LlamaServer, RemoteEngine, Supervisor, serve_spec
    from roletune.serve.app import ServerSettings, create_app

    gguf, config = resolve_target(target, config_path, overrides)
    s = config.serve
    key = api_key or os.environ.get(s.api_key_env) or None
    if s.host not in LOOPBACK and not key:
        print(f"warning: serving on {s.host} without an API key; set {s.api_key_env} or --api-key")
    settings = ServerSettings(roles=config.roles, parallel=s.parallel, queue=s.queue, api_key=key,
                              max_tokens_cap=s.max_tokens_cap, max_body_bytes=s.max_body_bytes,
                              role_template_kwargs=role_template_kwargs(gguf, config))
    models = f"models: roletune, {', '.join('roletune-' + r for r in config.roles)}"
    if engine_url:
        remote = RemoteEngine(engine_url, os.environ.get(ENGINE_KEY_ENV))
        if not remote.wait_ready(30):
            raise UserError(f"no healthy engine at {engine_url}",
                            hint=f"start the replicas (and set ${ENGINE_KEY_ENV})")
        print(f"serving the engine at {engine_url} on http://{s.host}:{s.port}/v1; {models}")
        uvicorn.run(create_app(remote, settings), host=s.host, port=s.port, log_level="warning")
        return
    # The engine listens on loopback only, on a free port, behind a key of its own: agents reach the
    # model through the role layer, never around it.
    spec = serve_spec(gguf, config, host="127.0.0.1", port=0, api_key=secrets.token_hex(16))
    log_dir = target / "serve" if target.is_dir() else Path(tempfile.gettempdir())
    engine = LlamaServer(spec, log_path=log_dir / f"llama-server-{os.getpid()}.log")
    supervisor = Supervisor(engine).start()
    print(f"serving {gguf} on http://{s.host}:{s.port}/v1 with {s.parallel} slot(s) decoded together; "
          f"{models}; engine log: {engine.log_path}")
    try:
        uvicorn.run(create_app(supervisor, settings), host=s.host, port=s.port, log_level="warning")
    finally:
        supervisor.stop()
