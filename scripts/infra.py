"""Throwaway PostgreSQL and Redis servers on free loopback ports (for tests and benchmarks).

Importable (tests/integration, scripts/bench.py) and runnable by hand::

    .venv/bin/python scripts/infra.py          # starts both, prints the env vars, Ctrl-C stops

Each server lives in its own temporary directory, listens on 127.0.0.1 only, keeps no data
after `stop()`, and is started without any system service. The connection settings come back
as the environment variables that `bot.runtime` turns into var/endpoints.yml::

    with PostgresServer() as pg, RedisServer() as redis:
        env = {**pg.env(), **redis.env()}   # TRACKER_STORE=postgresql ..., LOCK_STORE=redis ...
        assistant = make_assistant(var_dir, log_dir, extra_env=env)

PostgreSQL refuses to run as root: when we are root, the cluster is owned by the `postgres`
system user (created by the Debian package) and every server command runs through `runuser`.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

HOST = "127.0.0.1"
DB_NAME = "verzuimwijzer"
DB_USER = "verzuimwijzer"


class InfraError(RuntimeError):
    """A server could not be started; the message says what is missing and how to get it."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_port(port: int, timeout: float, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise InfraError(f"server on port {port} exited with code {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise InfraError(f"nothing listens on {HOST}:{port} after {timeout:.0f}s")


def postgres_bindir() -> Path:
    """Directory with initdb/pg_ctl: $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    if candidates:
        return Path(candidates[-1])
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise InfraError("PostgreSQL server binaries not found: install them with "
                     "`make setup-system` (apt-get install postgresql) or set PG_BINDIR")


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if not found:
        raise InfraError("redis-server not found: install it with `make setup-system` "
                         "(apt-get install redis-server)")
    return found


class PostgresServer:
    """A private PostgreSQL cluster in a temp dir: database `verzuimwijzer`, password login."""

    def __init__(self, port: Optional[int] = None, db_name: str = DB_NAME, user: str = DB_USER,
                 start_timeout: float = 60):
        self.port = port or free_port()
        self.db_name = db_name
        self.user = user
        self.password = secrets.token_hex(12)
        self.start_timeout = start_timeout
        self.bindir = postgres_bindir()
        self.dir: Optional[Path] = None
        self.running = False
        self._run_as: Optional[pwd.struct_passwd] = None

    # -- helpers -------------------------------------------------------------------------
    def _cmd(self, args: List[str]) -> List[str]:
        if self._run_as is not None:
            return ["runuser", "-u", self._run_as.pw_name, "--", *args]
        return args

    def _run(self, args: List[str], timeout: float = 60) -> subprocess.CompletedProcess:
        result = subprocess.run(self._cmd(args), capture_output=True, text=True, timeout=timeout,
                                cwd=str(self.dir))
        if result.returncode != 0:
            raise InfraError(f"{Path(args[0]).name} failed ({result.returncode}): "
                             f"{(result.stderr or result.stdout).strip()[-1500:]}")
        return result

    @property
    def data_dir(self) -> Path:
        assert self.dir is not None
        return self.dir / "data"

    @property
    def url(self) -> str:
        """SQLAlchemy URL (also accepted by scripts/load_test.py --db-url)."""
        return (f"postgresql://{self.user}:{self.password}@{HOST}:{self.port}/{self.db_name}")

    def env(self) -> Dict[str, str]:
        return {"TRACKER_STORE": "postgresql", "TRACKER_DB_HOST": HOST,
                "TRACKER_DB_PORT": str(self.port), "TRACKER_DB_NAME": self.db_name,
                "TRACKER_DB_USER": self.user, "TRACKER_DB_PASSWORD": self.password}

    def connect(self):
        """A psycopg2 connection (autocommit) as the owner of the database."""
        import psycopg2  # installed in the venv (psycopg2-binary)
        conn = psycopg2.connect(host=HOST, port=self.port, dbname=self.db_name, user=self.user,
                                password=self.password, connect_timeout=5)
        conn.autocommit = True
        return conn

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> "PostgresServer":
        initdb, pg_ctl = self.bindir / "initdb", self.bindir / "pg_ctl"
        if not initdb.exists():
            raise InfraError(f"{initdb} not found: install postgresql (make setup-system)")
        self.dir = Path(tempfile.mkdtemp(prefix="vw-pg-"))
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            try:
                self._run_as = pwd.getpwnam("postgres")
            except KeyError:
                raise InfraError("running as root but there is no `postgres` system user; "
                                 "install the postgresql package or run as a normal user")
            os.chown(self.dir, self._run_as.pw_uid, self._run_as.pw_gid)
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._run_as is not None:
            os.chown(pwfile, self._run_as.pw_uid, self._run_as.pw_gid)
        os.chmod(pwfile, 0o600)
        self._run([str(initdb), "-D", str(self.data_dir), "-U", self.user, "--pwfile", str(pwfile),
                   "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                   "--locale=C", "--no-sync"], timeout=120)
        pwfile.unlink()
        # fsync off: throwaway data, and the shared CI disk is slow
        options = (f"-c listen_addresses={HOST} -c port={self.port} "
                   f"-c unix_socket_directories={self.dir} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run([str(pg_ctl), "-D", str(self.data_dir), "-l", str(self.dir / "server.log"),
                   "-o", options, "-w", "-t", str(int(self.start_timeout)), "start"],
                  timeout=self.start_timeout + 10)
        self.running = True
        self._run([str(self.bindir / "createdb"), "-h", str(self.dir), "-p", str(self.port),
                   "-U", self.user, "-O", self.user, self.db_name])
        return self

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join((self.dir / "server.log").read_text(errors="replace").splitlines()[-lines:])
        except (OSError, TypeError):
            return ""

    def stop(self) -> None:
        if self.dir is None:
            return
        if self.running:
            try:
                self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                           "-w", "-t", "30", "stop"], timeout=40)
            except (InfraError, subprocess.TimeoutExpired):
                pidfile = self.data_dir / "postmaster.pid"
                try:
                    os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)
                except (OSError, ValueError, IndexError):
                    pass
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self) -> "PostgresServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


class RedisServer:
    """A private redis-server on a free loopback port, no persistence."""

    def __init__(self, port: Optional[int] = None, start_timeout: float = 20):
        self.port = port or free_port()
        self.start_timeout = start_timeout
        self.proc: Optional[subprocess.Popen] = None
        self.dir: Optional[Path] = None

    def env(self) -> Dict[str, str]:
        return {"LOCK_STORE": "redis", "REDIS_HOST": HOST, "REDIS_PORT": str(self.port),
                "REDIS_DB": "1"}

    def client(self):
        import redis  # redis-py, installed with rasa
        return redis.Redis(host=HOST, port=self.port, db=1, socket_timeout=5)

    def start(self) -> "RedisServer":
        binary = redis_binary()
        self.dir = Path(tempfile.mkdtemp(prefix="vw-redis-"))
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--protected-mode", "yes", "--logfile",
             str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_port(self.port, self.start_timeout, self.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "RedisServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


# ----------------------------------------------------------------------------- assistants

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.runtime import MODEL_PATH, Assistant, make_assistant  # noqa: E402

LOG_ROOT = ROOT / "artifacts" / "logs"


def model_path() -> Path:
    """The model the infrastructure tests use: models/verzuimwijzer.tar.gz (built by make train).

    VERZUIMWIJZER_TEST_MODEL overrides it (to develop the harness with another model)."""
    return Path(os.environ.get("VERZUIMWIJZER_TEST_MODEL") or MODEL_PATH)


def require_model() -> Path:
    model = model_path()
    if not model.exists():
        raise InfraError(f"no trained model at {model}: run `make train` (make test does this first)")
    return model


@dataclass
class ProjectAssistant(Assistant):
    """bot.runtime.Assistant whose processes run in another Rasa project directory.

    Used by scripts/bench.py for the stock `rasa init` bot (its own actions package and
    credentials.yml). For Verzuimwijzer itself use bot.runtime.make_assistant directly."""

    project_dir: Path = ROOT

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(args, cwd=self.project_dir, env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.processes[name] = proc
        return proc


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


@dataclass
class Deployment:
    """One action server and N Rasa server replicas sharing one environment (tracker/lock store)."""

    actions: Assistant
    replicas: List[Assistant]

    @property
    def rest_urls(self) -> List[str]:
        return [replica.rest_url for replica in self.replicas]

    def stop(self) -> None:
        errors = []
        for assistant in [*self.replicas, self.actions]:
            try:
                assistant.stop()
            except Exception as error:  # noqa: BLE001 - stop the others anyway
                errors.append(error)
        if errors:
            raise errors[0]


def start_replicas(env: Dict[str, str], n: int, var_dir: Path, log_dir: Path,
                   model: Optional[Path] = None) -> Deployment:
    """Action server, then `n` Rasa servers started concurrently (each waits for its health).

    Each replica gets its own var dir (endpoints.yml) and log dir (log_dir/rasa-<i>), the same
    tracker/lock store settings from `env` and the same action server."""
    model = model or require_model()
    actions = make_assistant(var_dir / "actions", log_dir, extra_env=env)
    replicas: List[Assistant] = []
    deployment = Deployment(actions, replicas)
    try:
        actions.start_actions()
        shared = {**env, "ACTION_PORT": str(actions.action_port),
                  "ACTION_SERVER_URL": f"{actions.action_url}/webhook"}
        for i in range(n):
            replicas.append(make_assistant(var_dir / f"rasa-{i}", log_dir / f"rasa-{i}",
                                           extra_env=shared,
                                           ports={"action": actions.action_port}))
        errors: List[BaseException] = []

        def start(replica: Assistant) -> None:
            try:
                replica.start_rasa(model)
            except BaseException as error:  # noqa: BLE001 - re-raised below
                errors.append(error)

        threads = [threading.Thread(target=start, args=(r,), daemon=True) for r in replicas]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        if errors or any(t.is_alive() for t in threads):
            logs = "\n".join(log_tail(r.log_dir / "rasa.log", 15) for r in replicas)
            raise InfraError(f"a replica did not start: {errors[:1]}\n{logs}")
    except BaseException:
        deployment.stop()
        raise
    return deployment


# ----------------------------------------------------------------------------- measurements

def proc_status(pid: int) -> Dict[str, float]:
    """VmHWM and VmRSS in MiB and the thread count of a live process ({} if it is gone)."""
    figures: Dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                figures[key] = int(value.split()[0]) / 1024
            elif key == "Threads":
                figures[key] = int(value)
    except (OSError, ValueError, IndexError):
        pass
    return figures


def peak_rss_mb(pid: int) -> Optional[float]:
    """Peak resident set size (VmHWM) of a live process in MiB, None if unreadable."""
    return proc_status(pid).get("VmHWM")


def percentile(values: List[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def user_event_counts(db_url: str, senders: Optional[List[str]] = None) -> Dict[str, int]:
    """Per sender, the number of `user` events in Rasa's SQL tracker store (read-only query)."""
    import sqlalchemy as sa
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT sender_id, COUNT(*) FROM events WHERE type_name = 'user' "
                "GROUP BY sender_id")).fetchall()
    finally:
        engine.dispose()
    counts = {str(sender): int(count) for sender, count in rows}
    if senders is not None:
        return {sender: counts.get(sender, 0) for sender in senders}
    return counts


def events(db_url: str, sender: str) -> List[dict]:
    """All stored events of one sender in id order: id, type_name, timestamp, intent, action, data."""
    import json
    import sqlalchemy as sa
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT id, type_name, timestamp, intent_name, action_name, data FROM events "
                "WHERE sender_id = :sender ORDER BY id"), {"sender": sender}).fetchall()
    finally:
        engine.dispose()
    return [{"id": r[0], "type_name": r[1], "timestamp": r[2], "intent_name": r[3],
             "action_name": r[4], "data": json.loads(r[5]) if r[5] else {}} for r in rows]


def slots_from_events(stored: List[dict]) -> Dict[str, object]:
    """Slot values as of the last stored event (replays `slot` events; `restart` clears)."""
    slots: Dict[str, object] = {}
    for event in stored:
        if event["type_name"] == "slot":
            slots[event["data"].get("name")] = event["data"].get("value")
        elif event["type_name"] == "restart":
            slots.clear()
    return slots


def main() -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=120,
                        help="stop both servers after this many minutes (default 120)")
    args = parser.parse_args()

    def interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    with PostgresServer() as pg, RedisServer() as rd:
        for key, value in {**pg.env(), **rd.env()}.items():
            print(f"export {key}={value}")
        print(f"# SQLAlchemy URL for scripts/load_test.py --db-url: {pg.url}")
        print(f"# Ctrl-C stops both servers and deletes their data (or after {args.minutes:g} min)",
              flush=True)
        try:
            time.sleep(args.minutes * 60)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
