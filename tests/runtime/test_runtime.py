"""How the assistant is started: stores, API protection, CORS (no servers needed)."""
from pathlib import Path

import pytest

from bot.runtime import endpoints_config, make_assistant


def test_http_api_is_off_by_default(tmp_path):
    args = make_assistant(tmp_path, tmp_path).rasa_args(Path("m.tar.gz"), Path("e.yml"))
    assert "--enable-api" not in args


def test_http_api_needs_a_token(tmp_path):
    with pytest.raises(SystemExit, match="RASA_API_TOKEN"):
        make_assistant(tmp_path, tmp_path, {"RASA_ENABLE_API": "1", "RASA_API_TOKEN": ""}) \
            .rasa_args(Path("m.tar.gz"), Path("e.yml"))
    args = make_assistant(tmp_path, tmp_path, {"RASA_ENABLE_API": "1", "RASA_API_TOKEN": "s3cret"}) \
        .rasa_args(Path("m.tar.gz"), Path("e.yml"))
    assert args[args.index("--auth-token") + 1] == "s3cret"


def test_cors_allows_only_configured_origins(tmp_path):
    assistant = make_assistant(tmp_path, tmp_path, {"VERZUIMWIJZER_CORS_ORIGINS": "https://a.nl https://b.nl"})
    args = assistant.rasa_args(Path("m.tar.gz"), Path("e.yml"))
    cors = args[args.index("--cors") + 1:args.index("--cors") + 3]
    assert cors == ["https://a.nl", "https://b.nl"] and "*" not in args


def test_postgresql_and_redis_from_environment(tmp_path):
    config = endpoints_config({"TRACKER_STORE": "postgresql", "TRACKER_DB_HOST": "db",
                               "TRACKER_DB_PASSWORD": "pw", "LOCK_STORE": "redis",
                               "REDIS_HOST": "cache"}, tmp_path)
    assert config["tracker_store"]["dialect"] == "postgresql"
    assert config["tracker_store"]["url"] == "db"
    assert config["lock_store"]["type"] == "bot.stores.atomic_lock_store.AtomicRedisLockStore"
    assert config["lock_store"]["url"] == "cache"


def test_sqlite_is_the_default_store(tmp_path):
    config = endpoints_config({}, tmp_path)
    assert config["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
    assert "lock_store" not in config
