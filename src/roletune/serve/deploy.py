"""`roletune export-deploy`: the chosen model on N machines behind a standard load balancer.

    agents ──▶ role layer (roletune serve --engine-url) ──▶ nginx ──▶ llama-server × N machines

- each machine runs one llama-server with the same GGUF and the same switches as `roletune serve`;
- nginx (a standard balancer, Debian's package or the official image) keeps each role on one replica
  while it is healthy — the role layer names the role in the `X-Roletune-Role` header, and nginx
  hashes it consistently over the replicas, so that replica keeps the role's prompt cached — and
  sends requests without a role to the least busy replica. A replica that fails is taken out for a
  while (passive health checks) and its roles move to the others;
- the role layer is `roletune serve` pointed at the balancer instead of starting its own engine.

Written as plain files (nginx.conf, one llama-server command per machine) and a docker-compose.yml
that runs the same thing in containers.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

from roletune.config import Config
from roletune.files import write_text
from roletune.runtime.llama_server import API_KEY_ENV, serve_spec
from roletune.serve.app import ROLE_HEADER
from roletune.serve.run import ENGINE_KEY_ENV

ENGINE_PORT = 8081
BALANCER_PORT = 8090
ENGINE_IMAGE = "ghcr.io/ggml-org/llama.cpp:server"  # llama.cpp's official server image
BALANCER_IMAGE = "nginx:1.27"
MAX_FAILS, FAIL_TIMEOUT_S = 2, 10  # a replica failing twice is left out for 10 s
STREAM_TIMEOUT_S = 900  # one long answer, streamed


@dataclass(frozen=True)
class Deployment:
    replicas: tuple[str, ...]  # host:port of each llama-server
    listen: str  # where nginx listens (host:port or port)
    access_log: str = "/var/log/nginx/roletune-access.log"
    error_log: str = "/var/log/nginx/roletune-error.log"
    pid_file: str = "/run/nginx-roletune.pid"


def nginx_conf(d: Deployment) -> str:
    servers = "\n".join(f"        server {r} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;" for r in d.replicas)
    header = "$http_" + ROLE_HEADER.lower().replace("-", "_")
    return f"""# roletune: llama-server replicas behind nginx, each role kept on one replica (its prompt stays cached).
# Run: nginx -c $PWD/nginx.conf   (or the balancer service of docker-compose.yml)
worker_processes 1;
pid {d.pid_file};
error_log {d.error_log} warn;
events {{ worker_connections 1024; }}

http {{
    # A request's role, as the role layer names it; requests without one go to the least busy replica.
    map {header} $roletune_pool {{
        ""      roletune_least_busy;
        default roletune_by_role;
    }}

    upstream roletune_by_role {{
        hash {header} consistent;
{servers}
        keepalive 32;
    }}

    upstream roletune_least_busy {{
        least_conn;
{servers}
        keepalive 32;
    }}

    log_format roletune '$remote_addr [$time_local] "$request" $status role=$http_x_roletune_role '
                        'upstream=$upstream_addr upstream_time=$upstream_response_time';
    access_log {d.access_log} roletune;
    client_max_body_size 8m;

    server {{
        listen {d.listen};
        location / {{
            proxy_pass http://$roletune_pool;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # answers stream token by token: nothing is buffered on the way
            proxy_buffering off;
            proxy_request_buffering off;
            proxy_read_timeout {STREAM_TIMEOUT_S}s;
            proxy_send_timeout {STREAM_TIMEOUT_S}s;
            # a replica that refuses or dies before answering: try the next one
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


def engine_command(gguf_path: str, config: Config, *, port: int = ENGINE_PORT) -> list[str]:
    """One replica's llama-server, with the same switches as `roletune serve` (its key from the environment)."""
    spec = serve_spec(Path(gguf_path), config, host="0.0.0.0", port=port)
    return spec.public_command(port=port)


def compose(config: Config, gguf_name: str, replicas: int) -> dict:
    """docker-compose.yml: `engine` runs on every model machine; `balancer` and `roles` on the front one."""
    command = engine_command(f"/models/{gguf_name}", config)[1:]
    roles = ["roletune", "serve", f"/models/{gguf_name}", "--config", "/deploy/config.yaml",
             "--engine-url", f"http://balancer:{BALANCER_PORT}", "--host", "0.0.0.0", "--port", str(config.serve.port)]
    return {
        "services": {
            "engine": {"image": ENGINE_IMAGE, "command": command, "ports": [f"{ENGINE_PORT}:{ENGINE_PORT}"],
                       "volumes": ["./models:/models:ro"],
                       "environment": {API_KEY_ENV: f"${{{ENGINE_KEY_ENV}:?set the engine key}}"},
                       "restart": "unless-stopped",
                       "healthcheck": {"test": ["CMD", "curl", "-fs", f"http://localhost:{ENGINE_PORT}/health"],
                                       "interval": "10s", "retries": 3}},
            "balancer": {"image": BALANCER_IMAGE, "volumes": ["./nginx.conf:/etc/nginx/nginx.conf:ro"],
                         "ports": [f"{BALANCER_PORT}:{BALANCER_PORT}"], "restart": "unless-stopped"},
            "roles": {"build": {"context": ".", "dockerfile": "Dockerfile.roles"}, "command": roles,
                      "ports": [f"{config.serve.port}:{config.serve.port}"], "depends_on": ["balancer"],
                      "volumes": ["./models:/models:ro", "./config.yaml:/deploy/config.yaml:ro"],
                      "environment": [ENGINE_KEY_ENV, config.serve.api_key_env], "restart": "unless-stopped"},
        },
        "x-roletune": {"replicas": replicas,
                       "note": "start `engine` on each of the model machines and list them in nginx.conf"},
    }


DOCKERFILE = """# The role layer (roletune serve --engine-url …); the model itself runs in the llama-server replicas.
# Put roletune's wheel beside this file first: pip wheel --no-deps -w . /path/to/roletune
FROM python:3.11-slim
COPY roletune-*.whl /tmp/
RUN pip install --no-cache-dir /tmp/roletune-*.whl && rm /tmp/roletune-*.whl
"""


def export_deploy(run_dir: Path, config: Config, gguf: Path, *, replicas: list[str]) -> list[Path]:
    out = run_dir / "deploy"
    d = Deployment(replicas=tuple(replicas), listen=str(BALANCER_PORT))
    files = {
        "nginx.conf": nginx_conf(d),
        "docker-compose.yml": yaml.safe_dump(compose(config, gguf.name, len(replicas)), sort_keys=False),
        "Dockerfile.roles": DOCKERFILE,
        "config.yaml": yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False),
        "engine.sh": "#!/bin/sh\n# On each model machine, with the GGUF copied to ./models/:\n"
                     f": \"${{{ENGINE_KEY_ENV}:?set the key the role layer will send}}\"\n"
                     f"{API_KEY_ENV}=\"${ENGINE_KEY_ENV}\" exec "
                     + " ".join(shlex.quote(a) for a in engine_command(f"./models/{gguf.name}", config)) + "\n",
        "roles.sh": "#!/bin/sh\n# On the front machine, beside nginx (the role layer the agents call):\n"
                    f"roletune serve ./models/{gguf.name} --config config.yaml --engine-url http://127.0.0.1:{BALANCER_PORT}\n",
    }
    written = []
    for name, text in files.items():
        path = out / name
        write_text(path, text)
        if name.endswith(".sh"):
            path.chmod(0o755)
        written.append(path)
    return written
