"""Engine and sessions for one project database: WAL, busy timeout, foreign keys, migrations on open.

SQLite serialises writers with BEGIN IMMEDIATE. PostgreSQL gets the same discipline from a per-project
transaction-level advisory lock taken as a write transaction begins, so the optimistic version checks
(``ChangeContext.update(expected_version=...)``) always compare against committed state; reads there run
at REPEATABLE READ so one snapshot sees one consistent project, as a SQLite read transaction does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from agent.project.errors import InvalidInputError

__all__ = [
    "make_engine",
    "read_engine",
    "write_engine",
    "session_factory",
    "is_postgres",
    "lock_key",
    "migrate",
    "head_revision",
    "known_revisions",
    "current_revision",
    "BUSY_TIMEOUT_MS",
]

BUSY_TIMEOUT_MS = 10_000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def is_postgres(engine: Engine) -> bool:
    """Tell whether ``engine`` talks to PostgreSQL (else it is SQLite)."""
    return engine.dialect.name == "postgresql"


def lock_key(schema: str) -> int:
    """Return the advisory-lock key of one project schema (a signed 64-bit number, stable across processes)."""
    return int.from_bytes(hashlib.sha256(schema.encode()).digest()[:8], "big", signed=True)


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout, foreign keys and BEGIN IMMEDIATE writes.

    A PostgreSQL engine works inside ``schema`` (its ``search_path``), so the migrations and every query
    stay unqualified and one database can hold many projects.
    """
    if not url.startswith("sqlite"):
        return _postgres_engine(url, schema)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN; take control so writers lock up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE: a second writer waits on the busy timeout instead of failing mid-transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _postgres_engine(url: str, schema: str | None) -> Engine:
    options = "-c timezone=UTC" + (f" -c search_path={schema}" if schema else "")
    engine = create_engine(url, pool_pre_ping=True, connect_args={"options": options})
    if schema is None:
        return engine
    key = lock_key(schema)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("write"):
            # One writer per project at a time, as BEGIN IMMEDIATE gives SQLite; released at commit/rollback.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")

    return engine


def read_engine(engine: Engine) -> Engine:
    """Return the engine reads use: one consistent snapshot per session on PostgreSQL."""
    return engine.execution_options(isolation_level="REPEATABLE READ") if is_postgres(engine) else engine


def write_engine(engine: Engine) -> Engine:
    """Return the engine changes use: serialised per project (BEGIN IMMEDIATE or an advisory lock).

    PostgreSQL writes stay at READ COMMITTED: each statement after the lock sees what the previous
    writer committed (a REPEATABLE READ snapshot would be taken before the lock was granted).
    """
    if is_postgres(engine):
        return engine.execution_options(write=True, isolation_level="READ COMMITTED")
    return engine.execution_options(write=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory that keeps objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config  # deferred: Alembic loads only when a schema is checked or moved

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _script() -> Any:
    from alembic.script import ScriptDirectory  # deferred: Alembic loads only when a schema is checked or moved

    return ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))


def head_revision() -> str:
    """Return the newest migration revision shipped with this version."""
    head = _script().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Return every migration revision shipped with this version."""
    return {r.revision for r in _script().walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """Return the revision a database is at, or None for an empty one."""
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (a no-op when it is already there)."""
    from alembic import command  # deferred: Alembic loads only when a schema is checked or moved

    current = current_revision(engine)
    if revision == "head" and current == head_revision():
        return
    if current is not None and current not in known_revisions():
        raise InvalidInputError(
            f"this project was made by a newer Reelsmith (schema {current}, this version knows up to "
            f"{head_revision()}); upgrade Reelsmith to open it"
        )
    command.upgrade(_alembic_config(engine), revision)
