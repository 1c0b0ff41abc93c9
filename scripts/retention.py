#!/usr/bin/env python
"""Retention for the Rasa SQL tracker store (AVG: keep conversations no longer than needed).

    python scripts/retention.py --days N [--db-url URL] [--dry-run]

Deletes every conversation whose LAST event is older than N days: all events of such a
sender are removed from the ``events`` table (conversations that are still active keep
their full history). Prints how many conversations and events were (or, with
--dry-run, would be) deleted.

Database URL, first match wins: --db-url, env ``TRACKER_DB_URL``, the variables that
bot/runtime.py uses (``TRACKER_STORE=postgresql`` + ``TRACKER_DB_HOST/PORT/NAME/USER/PASSWORD``,
or ``TRACKER_STORE=sqlite`` + ``TRACKER_SQLITE_PATH``), the ``tracker_store``
section of endpoints.yml (type sql; ``${ENV}`` placeholders are expanded), else
``sqlite:///var/tracker.db`` (relative to the current directory). A SQLite file that does
not exist is an error (it would otherwise be created empty). For PostgreSQL the env
``POSTGRESQL_SCHEMA`` is honoured like Rasa does.

Works with SQLite and PostgreSQL through SQLAlchemy 1.4; no Rasa import, so it starts fast
(suitable for cron / a Kubernetes CronJob). Exit codes: 0 ok, 2 configuration error,
1 database error.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_DB_URL = "sqlite:///var/tracker.db"
ROOT = Path(__file__).resolve().parent.parent

_ENV_RE = re.compile(r"\$\{([^}:]+)(?::-([^}]*))?\}")


def _expand(value: Any) -> Any:
    if isinstance(value, str):
        return _ENV_RE.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), value)
    return value


def url_from_endpoints(path: Path) -> Optional[str]:
    """Build an SQLAlchemy URL from an endpoints.yml ``tracker_store`` of type sql."""
    if not path.is_file():
        return None
    try:
        import yaml

        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except Exception:
        return None
    store = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(store, dict) or str(store.get("type", "")).lower() != "sql":
        return None
    store = {k: _expand(v) for k, v in store.items()}
    if store.get("url") and "://" in str(store["url"]):
        return str(store["url"])
    dialect = store.get("dialect") or "sqlite"
    db = store.get("db") or "rasa.db"
    if dialect.startswith("sqlite"):
        return f"sqlite:///{db}"
    url = sa.engine.URL.create(
        drivername=dialect,
        username=store.get("username") or None,
        password=store.get("password") or None,
        host=store.get("url") or None,
        port=int(store["port"]) if store.get("port") else None,
        database=db,
    )
    return url.render_as_string(hide_password=False)


def url_from_runtime_env(env: Dict[str, str]) -> Optional[str]:
    """The TRACKER_STORE / TRACKER_DB_* / TRACKER_SQLITE_PATH variables of bot/runtime.py."""
    store = env.get("TRACKER_STORE", "")
    if store == "postgresql":
        return sa.engine.URL.create(
            drivername="postgresql",
            username=env.get("TRACKER_DB_USER", "verzuimwijzer"),
            password=env.get("TRACKER_DB_PASSWORD") or None,
            host=env.get("TRACKER_DB_HOST", "localhost"),
            port=int(env.get("TRACKER_DB_PORT", "5432")),
            database=env.get("TRACKER_DB_NAME", "verzuimwijzer"),
        ).render_as_string(hide_password=False)
    if store == "sqlite" and env.get("TRACKER_SQLITE_PATH"):
        return f"sqlite:///{env['TRACKER_SQLITE_PATH']}"
    return None


def resolve_db_url(cli_url: Optional[str], endpoints: Optional[Path]) -> Tuple[str, str]:
    """Returns ``(url, where_it_came_from)``."""
    if cli_url:
        return cli_url, "--db-url"
    if os.environ.get("TRACKER_DB_URL"):
        return os.environ["TRACKER_DB_URL"], "TRACKER_DB_URL"
    url = url_from_runtime_env(os.environ)
    if url:
        return url, "TRACKER_STORE"
    if endpoints is not None:
        url = url_from_endpoints(endpoints)
        if url:
            return url, str(endpoints)
    return DEFAULT_DB_URL, "default"


# senders whose most recent event is older than the cutoff
STALE_SENDERS_SQL = (
    "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"
)


def apply_retention(
    db_url: str, days: float, dry_run: bool = False, now: Optional[float] = None
) -> Dict[str, int]:
    """Delete (or count, when ``dry_run``) stale conversations. Returns the counts."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not Path(database).exists():
            raise FileNotFoundError(f"SQLite tracker database not found: {database}")
    cutoff = (time.time() if now is None else now) - days * 86400.0
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:  # one transaction: counts and delete agree
            if engine.dialect.name == "postgresql" and os.environ.get("POSTGRESQL_SCHEMA"):
                conn.execute(
                    sa.text("SELECT set_config('search_path', :schema, true)"),
                    {"schema": os.environ["POSTGRESQL_SCHEMA"]},
                )
            if not sa.inspect(conn).has_table("events"):
                return {"conversations": 0, "events": 0}
            if engine.dialect.name == "sqlite":
                # overwrite deleted rows on disk instead of leaving them in free pages
                conn.execute(sa.text("PRAGMA secure_delete = ON"))
            stale = STALE_SENDERS_SQL
            conversations = conn.execute(
                sa.text("SELECT COUNT(*) FROM (" + stale + ") AS stale"),
                {"cutoff": cutoff},
            ).scalar()
            events = conn.execute(
                sa.text(
                    "SELECT COUNT(*) FROM events WHERE sender_id IN (" + stale + ")"
                ),
                {"cutoff": cutoff},
            ).scalar()
            if not dry_run and conversations:
                result = conn.execute(
                    sa.text("DELETE FROM events WHERE sender_id IN (" + stale + ")"),
                    {"cutoff": cutoff},
                )
                if result.rowcount is not None and result.rowcount >= 0:
                    events = result.rowcount
        return {"conversations": int(conversations or 0), "events": int(events or 0)}
    finally:
        engine.dispose()


def _safe_url(db_url: str) -> str:
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid url>"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, required=True,
                        help="delete conversations whose last event is older than N days")
    parser.add_argument("--db-url", default=None,
                        help="SQLAlchemy URL (default: $TRACKER_DB_URL, endpoints.yml, "
                             f"{DEFAULT_DB_URL})")
    parser.add_argument("--endpoints", default="endpoints.yml",
                        help="endpoints.yml to read the tracker_store from (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="only count, delete nothing")
    args = parser.parse_args(argv)

    if not args.days >= 0:
        print("retention: --days must be 0 or more", file=sys.stderr)
        return 2
    db_url, source = resolve_db_url(args.db_url, Path(args.endpoints))
    try:
        counts = apply_retention(db_url, args.days, dry_run=args.dry_run)
    except FileNotFoundError as error:
        print(f"retention: {error}", file=sys.stderr)
        return 2
    except sa.exc.ArgumentError as error:
        print(f"retention: invalid database URL ({source}): {error}", file=sys.stderr)
        return 2
    except sa.exc.SQLAlchemyError as error:
        print(f"retention: database error on {_safe_url(db_url)}: "
              f"{type(error).__name__}", file=sys.stderr)
        return 1
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"retention: {verb} {counts['conversations']} conversation(s), "
        f"{counts['events']} event(s) older than {args.days:g} day(s) "
        f"from {_safe_url(db_url)} ({source})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
