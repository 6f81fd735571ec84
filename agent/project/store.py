"""Where a project's rows live: SQLite beside its assets (default), or a PostgreSQL schema of its own.

The project folder always keeps the assets, exports and meta. Its rows are either ``project.db`` in the
folder or, when the project was made with a PostgreSQL database URL, one schema of that database, named
in ``meta/store.json`` (the name only: credentials stay in the settings, never in the folder or a bundle).
One database holds many projects, one schema each, so every migration and query stays unqualified.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, Integer, create_engine, insert, inspect, select, text

from agent.assets import atomic_write
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.schema import Base

__all__ = [
    "DB_NAME",
    "STORE_FILE",
    "StoreLocation",
    "locate",
    "has_project",
    "postgres_url",
    "new_schema",
    "create_schema",
    "drop_schema",
    "write_store_file",
    "copy_rows",
    "advance_sequences",
]

DB_NAME = "project.db"
STORE_FILE = "meta/store.json"
_SCHEMA = re.compile(r"^rs_[0-9a-f]{16}$")
_BATCH = 500


@dataclass(frozen=True)
class StoreLocation:
    """The engine URL of one project's rows, and its PostgreSQL schema (None for SQLite)."""

    url: str
    schema: str | None = None


def postgres_url(url: str) -> str:
    """Return ``url`` as a SQLAlchemy psycopg 3 URL, refusing anything that is not PostgreSQL.

    ``postgresql://`` and ``postgres://`` (what most hosts hand out) mean psycopg 3 here: SQLAlchemy's
    default for them, psycopg2, is not installed.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg" + url[len(scheme):]
    if scheme == "postgresql+psycopg":
        return url
    shown = url.split("@")[-1] if "@" in url else url  # never echo a password
    raise InvalidInputError(
        f"REELSMITH_DATABASE_URL must be a PostgreSQL URL (postgresql+psycopg://user:pass@host/db), not {shown!r}"
    )


def has_project(path: Path) -> bool:
    """Tell whether ``path`` holds a project (either store)."""
    return (path / DB_NAME).is_file() or (path / STORE_FILE).is_file()


def locate(path: Path, database_url: str | None) -> StoreLocation:
    """Return where the project in ``path`` keeps its rows.

    Raises:
        NotFoundError: there is no project in ``path``.
        InvalidInputError: its rows are in PostgreSQL and no (PostgreSQL) ``database_url`` is given, or
            the folder names both stores.
    """
    db, store = path / DB_NAME, path / STORE_FILE
    if db.is_file() and store.is_file():
        raise InvalidInputError(f"{path} holds both {DB_NAME} and {STORE_FILE}; remove the one that is stale")
    if db.is_file():
        return StoreLocation(f"sqlite:///{db}")
    if not store.is_file():
        raise NotFoundError(f"no project at {path} (expected {db})")
    schema = _read_schema(store)
    if not database_url:
        raise InvalidInputError(
            f"the project at {path} keeps its data in PostgreSQL (schema {schema}); set REELSMITH_DATABASE_URL"
        )
    return StoreLocation(postgres_url(database_url), schema)


def _read_schema(store: Path) -> str:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"{store} is unreadable ({exc.__class__.__name__})") from None
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(schema, str) or not _SCHEMA.match(schema):
        raise InvalidInputError(f"{store} names no valid schema")
    return schema


def new_schema() -> str:
    """Return a fresh, unguessable schema name for a new project."""
    return f"rs_{secrets.token_hex(8)}"


def _admin(url: str) -> Engine:
    return create_engine(postgres_url(url), isolation_level="AUTOCOMMIT")


def _schema_statement(url: str, schema: str, statement: str) -> None:
    """Run one statement about a project's schema (the name is checked first: it goes into the SQL)."""
    if not _SCHEMA.match(schema):
        raise InvalidInputError(f"not a project schema name: {schema!r}")
    engine = _admin(url)
    try:
        with engine.connect() as conn:
            conn.execute(text(statement.format(schema=schema)))
    finally:
        engine.dispose()


def create_schema(url: str, schema: str) -> None:
    """Create the (empty) schema a new project's migrations will fill."""
    _schema_statement(url, schema, 'CREATE SCHEMA "{schema}"')


def drop_schema(url: str, schema: str) -> None:
    """Drop a project's schema and everything in it (a failed create, a test's leftovers)."""
    _schema_statement(url, schema, 'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def write_store_file(path: Path, schema: str) -> None:
    """Record in the project folder which schema holds its rows."""
    (path / "meta").mkdir(parents=True, exist_ok=True)
    atomic_write(path / STORE_FILE, json.dumps({"backend": "postgresql", "schema": schema}, indent=2).encode())


def copy_rows(source: Engine, target: Engine) -> int:
    """Copy every project row from ``source`` into the migrated, empty ``target``; return the row count.

    Tables go parents first and rows in id order (a change that reverts another comes after it), from one
    consistent snapshot of the source. PostgreSQL sequences are moved past the copied ids afterwards.
    """
    src = source.execution_options(isolation_level="REPEATABLE READ") if source.dialect.name == "postgresql" \
        else source
    copied = 0
    with src.connect() as reading, target.begin() as writing:
        for table in Base.metadata.sorted_tables:
            rows = reading.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            while batch := [dict(r) for r in rows.fetchmany(_BATCH)]:
                writing.execute(insert(table), batch)
                copied += len(batch)
        if target.dialect.name == "postgresql":
            advance_sequences(writing)
    return copied


def advance_sequences(conn: Connection) -> None:
    """Move every PostgreSQL id sequence past the ids already in its table (after rows came in with ids).

    Only tables the schema has: at an older revision some models' tables do not exist yet.
    """
    present = set(inspect(conn).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"
            )
        )
