"""Migrations: a project made by an older schema opens in this version, upgraded, its data intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from store_backends import exec_sql

from agent.project import DB_NAME, InvalidInputError, NotFoundError, Project, history, snapshot, story
from agent.project.db import current_revision, head_revision, make_engine, migrate
from agent.project.store import STORE_FILE, advance_sequences, create_schema, new_schema, postgres_url, write_store_file

_ROWS = [
    "INSERT INTO project (id, name, phase, title_page, preamble, version) "
    "VALUES (1, 'Old Film ‹א›', 'story', '[]', '', 1)",
    "INSERT INTO ideation (id, premise, logline, genre, tone, version) VALUES (1, '', 'A thief returns.', '', '', 1)",
    "INSERT INTO art_direction (id, style, palette, notes, version) VALUES (1, 'noir', '[\"#000000\"]', '', 1)",
    "INSERT INTO scenes (id, branch_id, position, heading, content, tags, version) "
    "VALUES (1, NULL, 1, 'INT. VAULT - NIGHT', 'She cracks it.', '[\"keep\"]', 3)",
    "INSERT INTO characters (id, name, description, voice_id, version) VALUES (1, 'MARA', 'gloves', NULL, 1)",
    "INSERT INTO changes (id, actor, action, summary, reverts_change_id, created_at) "
    "VALUES (1, 'user', 'create_project', 'Created', NULL, '2026-01-01 00:00:00')",
    "INSERT INTO changes (id, actor, action, summary, reverts_change_id, created_at) "
    "VALUES (2, 'user', 'update_scene', 'Revised scene 1', NULL, '2026-01-02 00:00:00')",
    "INSERT INTO history (id, change_id, entity_type, entity_id, op, version, before, after) VALUES "
    "(1, 2, 'scene', 1, 'update', 3, "
    '\'{"id": 1, "branch_id": null, "position": 1, "heading": "INT. VAULT - NIGHT", "label": null, '
    '"content": "She waits.", "tags": ["keep"], "version": 2}\', '
    '\'{"id": 1, "branch_id": null, "position": 1, "heading": "INT. VAULT - NIGHT", "label": null, '
    '"content": "She cracks it.", "tags": ["keep"], "version": 3}\')',
]


def _old_project(path: Path, store_url: str | None = None) -> Path:
    """Make a project folder whose database (or schema) stops at revision 0001, filled with raw SQL."""
    path.mkdir(parents=True)
    if store_url is None:
        engine = make_engine(f"sqlite:///{path / DB_NAME}")
    else:
        schema = new_schema()
        create_schema(store_url, schema)
        write_store_file(path, schema)
        engine = make_engine(postgres_url(store_url), schema=schema)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        for stmt in _ROWS:
            conn.execute(text(stmt))
        # At 0001 the log was not yet protected: an update is still possible here.
        conn.execute(text("UPDATE changes SET summary = 'Created the project' WHERE id = 1"))
        if store_url is not None:
            advance_sequences(conn)  # the raw inserts above gave their ids; the ORM's next ones come after
    engine.dispose()
    return path


def test_a_0001_project_opens_upgraded_to_head_with_its_data(tmp_path: Path, store_url: str | None) -> None:
    assert head_revision() != "0001"
    path = _old_project(tmp_path / "old", store_url)
    with Project.open(path, database_url=store_url) as p:
        assert current_revision(p.engine) == head_revision()
        snap = snapshot(p)
        assert snap["name"] == "Old Film ‹א›"
        assert snap["logline"] == "A thief returns."
        assert snap["art_direction"] == {"style": "noir", "palette": ["#000000"], "version": 1}
        assert snap["scenes"] == [
            {
                "number": 1,
                "heading": "INT. VAULT - NIGHT",
                "content": "She cracks it.",
                "version": 3,
                "tags": ["keep"],
                "block_tags": [],
                "beat": None,
                "stale": False,
                "runtime_s": 2.0,
                "page_eighths": 1,
            }
        ]
        assert [c["name"] for c in snap["characters"]] == ["MARA"]
        assert snap["history"]["count"] == 2
        with p.read() as s:
            assert [c.summary for c in history.list_changes(s)] == ["Revised scene 1", "Created the project"]
        # the old history still works for undo, and new edits are recorded on top of it
        history.undo(p)
        assert snapshot(p)["scenes"][0]["content"] == "She waits."
        story.update_scene(p, 1, content="She leaves.", actor="user")
        assert snapshot(p)["scenes"][0]["version"] == 3
        with pytest.raises(DBAPIError, match="append-only"):  # 0002's triggers are in place
            exec_sql(p, "UPDATE history SET op = 'x'")


def test_opening_twice_is_a_no_op_and_meta_names_the_revision(tmp_path: Path, store_url: str | None) -> None:
    with Project.create(tmp_path / "p", name="Fresh", database_url=store_url) as p:
        assert current_revision(p.engine) == head_revision()
    meta = json.loads((tmp_path / "p" / "meta" / "project.json").read_text())
    assert meta["schema_revision"] == head_revision() and meta["name"] == "Fresh"
    for _ in range(2):
        with Project.open(tmp_path / "p", database_url=store_url) as p:
            assert snapshot(p)["name"] == "Fresh"
            assert current_revision(p.engine) == head_revision()


def test_opening_a_folder_without_a_project_says_so(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no project at"):
        Project.open(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_project_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    Project.create(tmp_path / "p", name="Future").close()
    conn = sqlite3.connect(tmp_path / "p" / DB_NAME)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = (tmp_path / "p" / DB_NAME).read_bytes()
    with pytest.raises(InvalidInputError, match="made by a newer Reelsmith \\(schema 9999"):
        Project.open(tmp_path / "p")
    assert (tmp_path / "p" / DB_NAME).read_bytes() == before


def test_a_newer_postgres_project_is_refused_untouched(tmp_path: Path, store_url: str | None) -> None:
    if store_url is None:
        pytest.skip("the SQLite case is the test above")
    Project.create(tmp_path / "p", name="Future", database_url=store_url).close()
    with Project.open(tmp_path / "p", database_url=store_url) as p:
        exec_sql(p, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(InvalidInputError, match="made by a newer Reelsmith \\(schema 9999"):
        Project.open(tmp_path / "p", database_url=store_url)


def test_a_postgres_project_says_where_its_rows_are(tmp_path: Path, store_url: str | None) -> None:
    if store_url is None:
        pytest.skip("needs PostgreSQL")
    Project.create(tmp_path / "p", name="Remote", database_url=store_url).close()
    assert not (tmp_path / "p" / DB_NAME).exists()
    stored = json.loads((tmp_path / "p" / STORE_FILE).read_text())
    assert "@" not in json.dumps(stored) and stored["schema"].startswith("rs_")  # no credentials in the folder
    with pytest.raises(InvalidInputError, match="keeps its data in PostgreSQL .*set REELSMITH_DATABASE_URL"):
        Project.open(tmp_path / "p")
    with pytest.raises(InvalidInputError, match="already holds a project"):
        Project.create(tmp_path / "p", name="Again", database_url=store_url)


def test_a_database_url_must_be_postgres(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="must be a PostgreSQL URL.*'host/db'"):
        Project.create(tmp_path / "p", name="X", database_url="mysql://root:secret@host/db")
    assert not (tmp_path / "p").exists()
