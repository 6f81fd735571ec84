"""Run the store tests on every backend: SQLite always, PostgreSQL when REELSMITH_TEST_POSTGRES_URL is set.

``store_url`` (a fixture in conftest.py) is None for SQLite or the URL of a database made for the test module
and dropped after it; each project a test makes gets its own fresh schema in it. Helpers here compare and
copy projects without caring which store holds them.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, select, text

from agent.project import Project
from agent.project.db import make_engine, migrate
from agent.project.schema import Base
from agent.project.store import STORE_FILE, copy_rows, create_schema, new_schema, postgres_url, write_store_file

__all__ = ["BACKENDS", "POSTGRES_URL", "postgres_database", "clone_project", "table_dump", "exec_sql"]

POSTGRES_URL = os.environ.get("REELSMITH_TEST_POSTGRES_URL") or None

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            POSTGRES_URL is None,
            reason="PostgreSQL store tests need REELSMITH_TEST_POSTGRES_URL (a server .ci/run starts)",
        ),
    ),
]


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a fresh, empty database on the test server; yield its URL; drop it (and its connections) after."""
    assert POSTGRES_URL is not None
    base = make_url(postgres_url(POSTGRES_URL))
    name = f"rs_test_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def clone_project(source: Path, dest: Path, database_url: str | None) -> Project:
    """Copy a project folder to ``dest`` and open the copy; a PostgreSQL project gets a schema of its own."""
    shutil.copytree(source, dest)
    if not (dest / STORE_FILE).is_file():
        return Project.open(dest)
    assert database_url is not None
    with Project.open(source, database_url=database_url) as original:
        schema = new_schema()
        create_schema(database_url, schema)
        engine = make_engine(postgres_url(database_url), schema=schema)
        try:
            migrate(engine)
            copy_rows(original.engine, engine)
        finally:
            engine.dispose()
    write_store_file(dest, schema)
    return Project.open(dest, database_url=database_url)


def _plain(value: Any) -> Any:
    # JSON columns come back as dicts and lists (unorderable): compare them as canonical text.
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict | list) else value


def table_dump(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Return every project table's rows, sorted, in a form that compares equal across reads."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with project.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).tuples()
            out[table.name] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return out


def exec_sql(project: Project, sql: str) -> None:
    """Run one raw statement against the project's store, outside the repository functions."""
    with project.engine.begin() as conn:
        conn.execute(text(sql))
