"""The role layer on a free loopback port, in a thread of this process: what `roletune serve` runs,
for callers inside roletune that must see exactly what the agents see (evaluation of tool use)."""

from __future__ import annotations

import threading
import time
from typing import Any

from roletune.errors import RoletuneError
from roletune.runtime.llama_server import free_port
from roletune.serve.app import ServerSettings, Upstream, create_app

START_TIMEOUT_S = 30.0


class LocalRoleLayer:
    """`with LocalRoleLayer(engine, settings) as layer:` → `layer.base_url` (…/v1 is the API)."""

    def __init__(self, upstream: Upstream, settings: ServerSettings) -> None:
        self.upstream, self.settings = upstream, settings
        self.server: Any = None
        self.thread: threading.Thread | None = None
        self.base_url = ""

    def __enter__(self) -> LocalRoleLayer:
        import uvicorn

        port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.upstream, self.settings), host="127.0.0.1",
                                                    port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="roletune-role-layer")
        self.thread.start()
        deadline = time.perf_counter() + START_TIMEOUT_S
        while not self.server.started:
            if time.perf_counter() > deadline or not self.thread.is_alive():
                self.__exit__()
                raise RoletuneError(f"the role layer did not start on port {port}")
            time.sleep(0.02)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=30)
