"""Process management for the assistant: action server, Rasa server and web server.

Shared by `make run` (scripts/run.py) and the test fixture (tests/conftest.py), so both start
the assistant the same way. No Rasa import: everything runs as subprocesses of the project venv.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tarfile
import time
import zlib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL_PATH = ROOT / "models" / "verzuimwijzer.tar.gz"


def python() -> str:
    candidate = VENV_BIN / "python"
    return str(candidate) if candidate.exists() else sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def endpoints_config(env: Dict[str, str], var_dir: Path) -> dict:
    """Endpoints for one deployment, from environment variables (documented in the README)."""
    action_port = env.get("ACTION_PORT", "5055")
    config: dict = {
        "action_endpoint": {
            "url": env.get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook")
        }
    }
    store = env.get("TRACKER_STORE", "sqlite")
    if store == "sqlite":
        db = env.get("TRACKER_SQLITE_PATH", str(var_dir / "tracker.db"))
        config["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": db}
    elif store == "postgresql":
        config["tracker_store"] = {
            "type": "SQL",
            "dialect": "postgresql",
            "url": env.get("TRACKER_DB_HOST", "localhost"),
            "port": int(env.get("TRACKER_DB_PORT", "5432")),
            "db": env.get("TRACKER_DB_NAME", "verzuimwijzer"),
            "username": env.get("TRACKER_DB_USER", "verzuimwijzer"),
            "password": env.get("TRACKER_DB_PASSWORD", ""),
        }
    elif store == "memory":
        config["tracker_store"] = {"type": "InMemoryTrackerStore"}
    else:
        raise SystemExit(f"TRACKER_STORE must be sqlite, postgresql or memory, not {store!r}")
    if env.get("LOCK_STORE") == "redis":
        config["lock_store"] = {
            # Atomic ticket updates across replicas (see bot/stores/atomic_lock_store.py).
            "type": "bot.stores.atomic_lock_store.AtomicRedisLockStore",
            "url": env.get("REDIS_HOST", "localhost"),
            "port": int(env.get("REDIS_PORT", "6379")),
            "db": int(env.get("REDIS_DB", "1")),
            "key_prefix": env.get("REDIS_KEY_PREFIX", "verzuimwijzer"),
        }
        if env.get("REDIS_PASSWORD"):
            config["lock_store"]["password"] = env["REDIS_PASSWORD"]
    return config


def write_endpoints(env: Dict[str, str], var_dir: Path) -> Path:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints_config(env, var_dir), sort_keys=False))
    return path


def check_model(model: Path) -> None:
    """Refuse to start without a readable model. Rasa itself would silently fall back to
    another model in models/ for a missing path, and keep serving (every answer a fallback) with
    a corrupt archive."""
    if not Path(model).is_file():
        raise SystemExit(f"no model at {model}: run `make train` first")
    try:
        with tarfile.open(model, "r:gz") as archive:
            for member in archive:          # reading every member detects truncation
                if member.isfile():
                    archive.extractfile(member).read()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise SystemExit(f"the model {model} is damaged ({error}): run `make train` again")


def wait_for(url: str, timeout: float, proc: Optional[subprocess.Popen] = None) -> None:
    """Poll a health URL until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception as error:  # noqa: BLE001 - any failure means "not up yet"
            last_error = str(error)
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not become healthy in {timeout:.0f}s ({last_error})")


@dataclass
class Assistant:
    """A running assistant: three processes and where to reach them."""

    rasa_port: int
    action_port: int
    web_port: int
    var_dir: Path
    log_dir: Path
    env: Dict[str, str]
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def action_url(self) -> str:
        return f"http://localhost:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.web_port}/"

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # so stop() can signal the whole process group
        )
        self.processes[name] = proc
        return proc

    def start_actions(self) -> None:
        proc = self._spawn("actions", [python(), "-m", "rasa_sdk", "--actions", "actions",
                                       "--port", str(self.action_port)])
        wait_for(f"{self.action_url}/health", 90, proc)

    def rasa_args(self, model: Path, endpoints: Path) -> List[str]:
        """The Rasa server command: REST channel only, CORS limited to the configured origins,
        and the HTTP API off unless enabled with a token."""
        args = [python(), "-m", "rasa", "run", "--model", str(model),
                "--port", str(self.rasa_port), "--credentials", "credentials.yml",
                "--endpoints", str(endpoints), "--cors", *self.env.get(
                    "VERZUIMWIJZER_CORS_ORIGINS", f"http://localhost:{self.web_port}").split()]
        if self.env.get("RASA_ENABLE_API") == "1":
            token = self.env.get("RASA_API_TOKEN")
            if not token:
                raise SystemExit("RASA_ENABLE_API=1 needs RASA_API_TOKEN (the HTTP API is never open)")
            args += ["--enable-api", "--auth-token", token]
        return args

    def start_rasa(self, model: Path = MODEL_PATH, wait: bool = True) -> None:
        check_model(model)
        endpoints = write_endpoints(self.env, self.var_dir)
        args = self.rasa_args(model, endpoints)
        proc = self._spawn("rasa", args)
        if wait:
            wait_for(f"{self.rasa_url}/webhooks/rest/health", 180, proc)

    def start_web(self) -> None:
        proc = self._spawn("web", [python(), "scripts/serve_web.py", "--port", str(self.web_port),
                                   "--rasa-url", self.rasa_url])
        wait_for(self.web_url, 30, proc)

    def warm_up(self) -> None:
        """One throwaway turn, so TensorFlow builds its graphs before the first real user
        (otherwise that user waits several seconds and may hit the channel's answer deadline)."""
        request = urllib.request.Request(
            self.rest_url, data=b'{"sender": "warmup-%d", "message": "hallo"}' % os.getpid(),
            headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=60).read()
        except Exception as error:  # noqa: BLE001 - warm-up is best effort
            print(f"warm-up turn failed: {error}", file=sys.stderr)

    def start(self) -> "Assistant":
        self.start_actions()
        self.start_rasa()
        self.warm_up()
        if (ROOT / "scripts" / "serve_web.py").exists():
            self.start_web()
        return self

    def stop_process(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)


def make_assistant(var_dir: Path, log_dir: Path, extra_env: Optional[Dict[str, str]] = None,
                   ports: Optional[Dict[str, int]] = None) -> Assistant:
    ports = ports or {}
    rasa_port = ports.get("rasa") or free_port()
    action_port = ports.get("action") or free_port()
    web_port = ports.get("web") or free_port()
    # Memory: no allocator or thread-pool variables are set here on purpose. Measured with
    # scripts/measure_memory.py (2 runs each), MALLOC_ARENA_MAX=2, MALLOC_TRIM_THRESHOLD_/
    # MALLOC_MMAP_THRESHOLD_, TF_INTER/INTRA_OP_PARALLELISM_THREADS=1 and TF_ENABLE_ONEDNN_OPTS=0
    # all left the Rasa server's peak RSS at 1291-1305 MiB: the memory is live model state, not
    # allocator slack. What helped (1295 -> 806 MiB) is the lean model load in
    # bot/channels/rasa_tuning.py, which the Rasa server applies itself; an operator can turn it
    # off with VERZUIMWIJZER_LEAN_MODEL_LOAD=0, passed through from os.environ like every setting.
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "ACTION_PORT": str(action_port),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
    })
    env.update(extra_env or {})
    return Assistant(rasa_port, action_port, web_port, var_dir, log_dir, env)
