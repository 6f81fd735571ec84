"""Engine and sessions for one project database: WAL, busy timeout, foreign keys, migrations on open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from agent.project.errors import InvalidInputError

__all__ = ["make_engine", "migrate", "head_revision", "known_revisions", "current_revision", "BUSY_TIMEOUT_MS"]

BUSY_TIMEOUT_MS = 10_000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout, foreign keys and BEGIN IMMEDIATE writes."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
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


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory that keeps objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _script() -> Any:
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine as _ce

    return ScriptDirectory.from_config(_alembic_config(_ce("sqlite://")))


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
    from alembic import command

    current = current_revision(engine)
    if revision == "head" and current == head_revision():
        return
    if current is not None and current not in known_revisions():
        raise InvalidInputError(
            f"this project was made by a newer Reelsmith (schema {current}, this version knows up to "
            f"{head_revision()}); upgrade Reelsmith to open it"
        )
    command.upgrade(_alembic_config(engine), revision)
