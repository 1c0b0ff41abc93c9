"""scripts/retention.py and the channel's delete helper against a real SQLTrackerStore (SQLite)."""
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasa.core.tracker_store import (
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    SQLTrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.safe_rest import delete_conversation

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "retention.py"
DAY = 86400.0


def _load_retention():
    spec = importlib.util.spec_from_file_location("verzuimwijzer_retention", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


retention = _load_retention()


def _tracker(sender: str, start: float) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=start),
            UserUttered("Mijn zoon zit thuis", timestamp=start + 1),
            BotUttered("Hoe lang al?", timestamp=start + 2),
        ],
        slots=[],
    )


def _senders(store: SQLTrackerStore):
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent.sender_id).all()
    result = {}
    for (sender,) in rows:
        result[sender] = result.get(sender, 0) + 1
    return result


@pytest.fixture
async def sql_store(tmp_path):
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    now = time.time()
    await store.save(_tracker("oud", now - 40 * DAY))
    await store.save(_tracker("nieuw", now - 1 * DAY))
    # a conversation that started long ago but is still active keeps its whole history
    active = _tracker("lang-actief", now - 60 * DAY)
    active.update(UserUttered("nog steeds", timestamp=now - 2 * DAY))
    await store.save(active)
    store.db_path = path
    yield store
    store.engine.dispose()


async def test_retention_deletes_only_old_conversations(sql_store):
    url = f"sqlite:///{sql_store.db_path}"
    counts = retention.apply_retention(url, days=30)
    assert counts == {"conversations": 1, "events": 3}
    assert _senders(sql_store) == {"nieuw": 3, "lang-actief": 4}
    assert await sql_store.retrieve("oud") is None
    assert await sql_store.retrieve("nieuw") is not None


async def test_retention_dry_run_deletes_nothing(sql_store):
    url = f"sqlite:///{sql_store.db_path}"
    counts = retention.apply_retention(url, days=30, dry_run=True)
    assert counts == {"conversations": 1, "events": 3}
    assert set(_senders(sql_store)) == {"oud", "nieuw", "lang-actief"}
    assert retention.apply_retention(url, days=0.5)["conversations"] == 3


def test_retention_cli(sql_store, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TRACKER_DB_URL": f"sqlite:///{sql_store.db_path}"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--days", "30", "--dry-run"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "would delete 1 conversation(s), 3 event(s)" in result.stdout
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--days", "30", "--db-url", f"sqlite:///{sql_store.db_path}"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "deleted 1 conversation(s), 3 event(s)" in result.stdout
    assert set(_senders(sql_store)) == {"nieuw", "lang-actief"}


def test_retention_missing_sqlite_file_is_an_error(tmp_path):
    assert retention.main(["--days", "30", "--db-url", f"sqlite:///{tmp_path / 'nope.db'}"]) == 2
    assert not (tmp_path / "nope.db").exists()


def test_db_url_resolution(tmp_path, monkeypatch):
    for var in ("TRACKER_DB_URL", "TRACKER_STORE", "TRACKER_SQLITE_PATH"):
        monkeypatch.delenv(var, raising=False)
    endpoints = tmp_path / "endpoints.yml"
    assert retention.resolve_db_url(None, endpoints) == ("sqlite:///var/tracker.db", "default")
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: db.local\n  port: 5433\n"
        "  db: vw\n  username: rasa\n  password: ${PGPASS}\n"
    )
    monkeypatch.setenv("PGPASS", "geheim")
    url, source = retention.resolve_db_url(None, endpoints)
    assert url == "postgresql://rasa:geheim@db.local:5433/vw" and source == str(endpoints)
    monkeypatch.setenv("TRACKER_STORE", "postgresql")
    monkeypatch.setenv("TRACKER_DB_HOST", "pg")
    assert retention.resolve_db_url(None, endpoints)[0].startswith("postgresql://verzuimwijzer@pg:5432/")
    monkeypatch.setenv("TRACKER_DB_URL", "sqlite:///x.db")
    assert retention.resolve_db_url(None, endpoints) == ("sqlite:///x.db", "TRACKER_DB_URL")
    assert retention.resolve_db_url("sqlite:///y.db", endpoints)[0] == "sqlite:///y.db"


async def test_delete_helper_sql_leaves_other_conversations(sql_store):
    wrapped = FailSafeTrackerStore(sql_store)  # as Rasa's Agent wraps it
    deleted = await delete_conversation(wrapped, "nieuw")
    assert deleted == 3
    assert _senders(sql_store) == {"oud": 3, "lang-actief": 4}
    assert await delete_conversation(wrapped, "bestaat-niet") == 0


async def test_delete_helper_in_memory_store():
    store = InMemoryTrackerStore(Domain.empty())
    await store.save(_tracker("a", time.time()))
    await store.save(_tracker("b", time.time()))
    assert await delete_conversation(FailSafeTrackerStore(store), "a") == 1
    assert set(await store.keys()) == {"b"}


async def test_delete_helper_unsupported_store_returns_none():
    class Unknown:
        pass

    assert await delete_conversation(Unknown(), "a") is None


@pytest.fixture
def pg_url():
    """VERZUIMWIJZER_TEST_PG_URL (a scratch database; its events table is emptied), else a
    throwaway PostgreSQL cluster on loopback (scripts/infra.py; make test installs PostgreSQL)."""
    import os

    url = os.environ.get("VERZUIMWIJZER_TEST_PG_URL")
    if url:
        yield url
        return
    from scripts.infra import PostgresServer

    server = PostgresServer()
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


@pytest.mark.integration
async def test_retention_and_delete_on_postgresql(pg_url):
    url = pg_url
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    store = SQLTrackerStore(
        Domain.empty(), dialect="postgresql", host=parts.host, port=parts.port,
        db=parts.database, username=parts.username, password=parts.password,
    )
    try:
        with store.session_scope() as session:
            session.query(store.SQLEvent).delete()
            session.commit()
        now = time.time()
        await store.save(_tracker("oud", now - 40 * DAY))
        await store.save(_tracker("nieuw", now - DAY))
        await store.save(_tracker("weg", now - DAY))
        assert await delete_conversation(FailSafeTrackerStore(store), "weg") == 3
        assert retention.apply_retention(url, days=30) == {"conversations": 1, "events": 3}
        assert _senders(store) == {"nieuw": 3}
    finally:
        store.engine.dispose()
