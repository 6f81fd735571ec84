"""Compare a database's schema with the one our migrations make, so a bundle cannot smuggle in its own.

A trigger, view, index or table that our Alembic migrations did not create runs with the project's data
(``CREATE TRIGGER ... ON changes BEGIN DELETE FROM scenes; END`` would wipe the screenplay on the next edit),
so a database from outside is compared object by object with a fresh database migrated to the same
revision, and refused if anything is extra, missing or altered.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from pathlib import Path

from agent.project.db import head_revision, known_revisions, make_engine, migrate
from agent.project.errors import BundleError

__all__ = ["SchemaObject", "expected_schema", "schema_of", "schema_difference", "check_schema"]

SchemaObject = tuple[str, str, str, str]
"""(type, name, table, normalised SQL) of one ``sqlite_master`` row."""

# SQLite makes these itself (AUTOINCREMENT bookkeeping, ANALYZE statistics); their SQL is fixed by SQLite.
_INTERNAL_TABLES = {
    "sqlite_sequence": "CREATE TABLE sqlite_sequence(name,seq)",
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
}


def _normalise(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _rows(conn: sqlite3.Connection) -> set[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    out: set[SchemaObject] = set()
    for kind, name, table, sql in rows:
        if kind == "table" and name in _INTERNAL_TABLES and _normalise(sql) == _INTERNAL_TABLES[name]:
            continue  # present or not depending on what was written, never harmful
        if kind == "index" and str(name).startswith("sqlite_autoindex_") and sql is None:
            # SQLite's own index for a UNIQUE/PRIMARY KEY constraint: it follows the table's SQL, compared below.
            out.add((kind, "sqlite_autoindex", str(table), ""))
            continue
        out.add((str(kind), str(name), str(table), _normalise(sql)))
    return out


def schema_of(db: Path) -> tuple[str | None, set[SchemaObject]]:
    """Return (Alembic revision or None, schema objects) of a database file, opened read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        objects = _rows(conn)
        revision = None
        if any(kind == "table" and name == "alembic_version" for kind, name, _, _ in objects):
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        return revision, objects
    finally:
        conn.close()


@functools.lru_cache(maxsize=8)
def expected_schema(revision: str) -> frozenset[SchemaObject]:
    """Return the schema a fresh database has after our migrations up to ``revision`` (cached per revision)."""
    with tempfile.TemporaryDirectory(prefix="reelsmith-schema-") as tmp:
        db = Path(tmp) / "expected.db"
        engine = make_engine(f"sqlite:///{db}")
        try:
            migrate(engine, revision)
        finally:
            engine.dispose()
        return frozenset(schema_of(db)[1])


def _describe(obj: SchemaObject) -> str:
    kind, name, table, _ = obj
    return f"{kind} {name!r}" + (f" on {table!r}" if table and table != name else "")


def schema_difference(db: Path) -> str | None:
    """Return one line naming how a database's schema differs from our migrations', or None when it does not."""
    revision, actual = schema_of(db)
    if revision is None:
        return "its database has no schema revision (not made by Reelsmith)"
    if not re.fullmatch(r"[0-9A-Za-z_]{1,64}", revision) or revision not in known_revisions():
        return (
            f"it was made by a newer Reelsmith (schema {revision[:64]!r}, this version knows up "
            f"to {head_revision()}); upgrade Reelsmith to open it"
        )
    expected = expected_schema(revision)
    extra = sorted(actual - expected)
    if extra:
        names = {(kind, name) for kind, name, _, _ in expected}
        obj = extra[0]
        how = "an altered" if (obj[0], obj[1]) in names else "an unknown"
        return f"its database has {how} {_describe(obj)} that our migrations do not make"
    missing = sorted(expected - actual)
    if missing:
        return f"its database lacks {_describe(missing[0])}"
    return None


def check_schema(db: Path) -> None:
    """Refuse a database whose tables, triggers, views or indexes differ from our migrations'.

    Raises:
        BundleError: one line naming the first extra, altered or missing object, or an unknown revision.
    """
    problem = schema_difference(db)
    if problem is not None:
        raise BundleError(f"refused bundle: {problem}")
