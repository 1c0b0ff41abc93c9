"""Fixtures for the integration tests: private PostgreSQL + Redis and replicated Rasa servers.

Everything runs on 127.0.0.1, on free ports, in temp dirs, and is stopped by the finalizers.
Logs: artifacts/logs/integration/ (CI keeps artifacts/).
"""
import time

import pytest

from scripts.infra import (LOG_ROOT, InfraError, PostgresServer, RedisServer, require_model,
                           start_replicas)


@pytest.fixture(scope="session")
def model():
    try:
        return require_model()
    except InfraError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def replicas(model, postgres, redis_server, tmp_path_factory):
    """One action server and two Rasa servers on the same PostgreSQL tracker store and Redis
    lock store (the production topology of README "Several replicas")."""
    env = {**postgres.env(), **redis_server.env(),
           # the load test sends 5 turns per sender quickly; the limit is tested elsewhere
           "VERZUIMWIJZER_RATE_PER_MINUTE": "0",
           "VERZUIMWIJZER_RESPONSE_TIMEOUT": "30"}
    started = time.monotonic()
    deployment = start_replicas(env, 2, tmp_path_factory.mktemp("replicas"),
                                LOG_ROOT / "integration" / "replicas", model)
    print(f"\n[replicas] action server + 2 Rasa replicas up in {time.monotonic() - started:.1f}s")
    yield deployment
    deployment.stop()
