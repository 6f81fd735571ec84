"""Migration 0003: changes record the conversation that made them; a 0002 project upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from agent.project import DB_NAME, Project, history, story
from agent.project.changes import recording_thread
from agent.project.db import current_revision, head_revision, make_engine, migrate


def test_a_0002_project_gains_the_thread_column_keeps_its_log_and_stays_append_only(tmp_path: Path) -> None:
    path = tmp_path / "old"
    path.mkdir()
    engine = make_engine(f"sqlite:///{path / DB_NAME}")
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO project (id, name, phase, title_page, preamble, version) "
                          "VALUES (1, 'Old', 'story', '[]', '', 1)"))
        conn.execute(text("INSERT INTO changes (id, actor, action, summary, reverts_change_id, created_at) "
                          "VALUES (1, 'user', 'create_project', 'Created', NULL, '2026-01-01 00:00:00')"))
    engine.dispose()
    with Project.open(path) as p:
        assert current_revision(p.engine) == head_revision()
        with recording_thread("chat-1"):
            story.add_scene(p, heading="INT. A - DAY", content="x", actor="writer")
        story.add_scene(p, heading="INT. B - DAY", content="y", actor="user")
        with p.read() as s:
            assert [c.thread for c in history.list_changes(s)] == [None, "chat-1", None]
            assert [c.summary for c in history.undoable(s, 5, thread="chat-1")] == ["Added scene: INT. A - DAY"]
    conn = sqlite3.connect(path / DB_NAME)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE changes SET thread_id = 'forged' WHERE id = 1")
    finally:
        conn.close()
