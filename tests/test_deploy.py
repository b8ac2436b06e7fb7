"""`roletune export-deploy`: two llama-server replicas behind the generated nginx config, with the role
layer in front, all on 127.0.0.1 ports — 4 agents' traffic, role affinity, and failover. No container
runtime needed: nginx is Debian's package (`make test` installs it where it can)."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml

from roletune.config import load_config
from roletune.runtime.llama_server import LlamaServer, RemoteEngine, ServerSpec, free_port
from roletune.serve.deploy import Deployment, compose, engine_command, export_deploy, nginx_conf

CONFIG = load_config(None)
ROLES = list(CONFIG.roles)
ENGINE_KEY = "replica-key"


def test_exported_files_describe_the_same_server(tmp_path: Path, tiny_gguf: Path):
    written = export_deploy(tmp_path, CONFIG, tiny_gguf, replicas=["engine-1:8081", "engine-2:8081"])
    names = {p.name for p in written}
    assert names == {"nginx.conf", "docker-compose.yml", "Dockerfile.roles", "config.yaml", "engine.sh", "roles.sh"}
    conf = (tmp_path / "deploy" / "nginx.conf").read_text()
    assert conf.count("server engine-1:8081") == 2 and "hash $http_x_roletune_role consistent" in conf
    assert "least_conn" in conf and "proxy_buffering off" in conf
    services = yaml.safe_load((tmp_path / "deploy" / "docker-compose.yml").read_text())["services"]
    assert set(services) == {"engine", "balancer", "roles"}
    engine = services["engine"]["command"]
    assert engine[:2] == ["--model", f"/models/{tiny_gguf.name}"] and "--jinja" in engine and "--parallel" in engine
    assert "--engine-url" in services["roles"]["command"]
    script = (tmp_path / "deploy" / "engine.sh").read_text()
    assert "--jinja" in script and 'LLAMA_API_KEY="$ROLETUNE_ENGINE_KEY" exec llama-server --model' in script
    assert "--api-key" not in script, "keys stay off command lines (readable by any local user)"
    assert compose(CONFIG, "m.gguf", 3)["x-roletune"]["replicas"] == 3
    assert engine_command("m.gguf", CONFIG)[:3] == ["llama-server", "--model", "m.gguf"]


@pytest.fixture()
def nginx() -> str:
    path = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not path:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light where it runs as root)")
    return path


def _start_balancer(nginx: str, replicas: list[str], tmp: Path) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    log = tmp / "access.log"
    d = Deployment(replicas=tuple(replicas), listen=f"127.0.0.1:{port}", access_log=str(log),
                   error_log=str(tmp / "error.log"), pid_file=str(tmp / "nginx.pid"))
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(d))
    subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp)], check=True, capture_output=True)
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return process, port, log
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError((tmp / "error.log").read_text())


def _role_layer(engine_url: str) -> tuple[object, str]:
    import uvicorn

    from roletune.serve.app import ServerSettings, create_app

    settings = ServerSettings(roles=CONFIG.roles, parallel=4, queue=32, max_tokens_cap=64)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(RemoteEngine(engine_url, ENGINE_KEY), settings),
                                           host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _by_role(log: Path) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for line in log.read_text().splitlines():
        match = re.search(r"role=(\S*) upstream=(.*?) upstream_time=", line)
        if match and "/v1/chat/completions" in line:
            seen[match.group(1)].add(match.group(2).split(",")[-1].strip())  # after a retry: "a, b"
    return seen


@pytest.mark.slow
def test_two_replicas_behind_nginx_keep_roles_and_survive_a_failure(tiny_gguf: Path, tmp_path: Path, nginx: str):
    engines = [LlamaServer(ServerSpec(gguf=tiny_gguf, parallel=2, n_ctx=1024, threads=1, api_key=ENGINE_KEY),
                           log_path=tmp_path / f"engine-{i}.log").start() for i in range(2)]
    balancer = None
    role_layer = None
    try:
        replicas = [f"127.0.0.1:{e.port}" for e in engines]
        balancer, port, log = _start_balancer(nginx, replicas, tmp_path)
        role_layer, base = _role_layer(f"http://127.0.0.1:{port}")
        client = httpx.Client(timeout=60)

        def agent(i: int) -> list[int]:
            model = f"roletune-{ROLES[i % 4]}" if i < 4 else "roletune"
            return [client.post(f"{base}/v1/chat/completions", json={
                "model": model, "max_tokens": 6, "temperature": 0,
                "messages": [{"role": "user", "content": f"Task {i}.{j}"}]}).status_code for j in range(5)]

        with ThreadPoolExecutor(6) as pool:  # 4 role agents + 2 plain ones, at once
            codes = [c for batch in pool.map(agent, range(6)) for c in batch]
        assert codes == [200] * 30
        seen = _by_role(log)
        for role in ROLES:
            assert len(seen[role]) == 1, f"{role} was spread over {seen[role]}"
        assert set().union(*seen.values()) <= set(replicas)

        # One replica dies: every role's requests still succeed, now on the other one.
        engines[0].stop()
        log.write_text("")
        with ThreadPoolExecutor(4) as pool:
            codes = [c for batch in pool.map(agent, range(4)) for c in batch]
        assert codes == [200] * 20
        assert set().union(*_by_role(log).values()) == {replicas[1]}
    finally:
        if role_layer is not None:
            role_layer.should_exit = True
        if balancer is not None:
            balancer.terminate()
            balancer.wait(timeout=10)
        for e in engines:
            e.stop()
