"""`roletune serve`: resolve what to serve, build the slot pool, run uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from roletune.config import Config, load_config
from roletune.errors import UserError
from roletune.files import read_json


def resolve_target(target: Path, config_path: Path | None, overrides: list[str]) -> tuple[Path, Config]:
    """A run directory serves the candidate its gate chose (with the run's config); a GGUF serves itself."""
    if target.is_dir():
        config = load_config(config_path or (target / "config.yaml"), overrides)
        decision = target / "decision.json"
        if not decision.exists():
            raise UserError(f"{target} has no decision.json", hint="run the pipeline through the gate stage, or pass a GGUF")
        candidate = read_json(decision).get("candidate")
        if not candidate:
            raise UserError(f"the gate of {target} chose no candidate")
        gguf = target / "gguf" / f"{candidate}.gguf"
        if not gguf.is_file():
            raise UserError(f"the chosen candidate's file is missing: {gguf}")
        return gguf, config
    if target.is_file() and target.suffix == ".gguf":
        return target, load_config(config_path, overrides)
    raise UserError(f"{target} is neither a run directory nor a .gguf file")


def serve(target: Path, *, config_path: Path | None, overrides: list[str], api_key: str | None) -> None:
    import uvicorn

    from roletune.runtime.slots import SlotPool
    from roletune.serve.app import ServerSettings, create_app

    gguf, config = resolve_target(target, config_path, overrides)
    s = config.serve
    key = api_key or os.environ.get(s.api_key_env) or None
    if s.host not in ("127.0.0.1", "localhost", "::1") and not key:
        print(f"warning: serving on {s.host} without an API key; set {s.api_key_env} or --api-key")
    pool = SlotPool(gguf, parallel=s.parallel, queue=s.queue, n_ctx=s.n_ctx, threads=config.eval.threads,
                    role_prompts={r: spec.system_prompt for r, spec in config.roles.items()})
    settings = ServerSettings(roles=config.roles, api_key=key, max_tokens_cap=s.max_tokens_cap,
                              max_body_bytes=s.max_body_bytes, thinking=config.model.thinking)
    print(f"serving {gguf} on http://{s.host}:{s.port}/v1 with {s.parallel} slot(s); "
          f"models: roletune, {', '.join('roletune-' + r for r in config.roles)}")
    try:
        uvicorn.run(create_app(pool, settings), host=s.host, port=s.port, log_level="warning")
    finally:
        pool.close()
