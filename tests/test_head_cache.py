"""Read results kept per history head: used while nothing changed, read again after any change (any writer)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.graphs.context import project_context
from agent.project import Project, design, history, story
from agent.project.head_cache import HeadCache, history_head
from agent.session import Session

ACTOR = "test"


@pytest.fixture
def project(tmp_path: Path, store_url: str | None) -> Iterator[Project]:
    p = Project.create(tmp_path / "p", name="Cache", database_url=store_url)
    for i in range(1, 4):
        story.add_scene(p, heading=f"INT. ROOM {i} - DAY", content=f"Line one of room {i}.", actor=ACTOR)
    yield p
    p.close()


def test_a_value_is_computed_once_while_the_head_stays(project: Project) -> None:
    reads = HeadCache(project)
    calls: list[int] = []
    for _ in range(3):
        assert reads.get("k", lambda: calls.append(1) or len(calls)) == 1
    assert len(calls) == 1 and reads.hits == 2


def test_any_change_moves_the_head_and_a_no_op_does_not(project: Project) -> None:
    with project.read() as s:
        start = history_head(s)
    story.revise_scene(project, 1, content="Line one of room 1.", actor=ACTOR)  # the same text: nothing written
    with project.read() as s:
        assert history_head(s) == start
    story.revise_scene(project, 1, content="Another line.", actor=ACTOR)
    with project.read() as s:
        moved = history_head(s)
    assert moved > start
    history.undo(project, actor=ACTOR)
    with project.read() as s:
        assert history_head(s) > moved  # an undo is a change too (history only grows)


def test_the_context_shows_an_edit_its_undo_and_a_new_name(project: Project) -> None:
    reads = HeadCache(project)
    context = project_context(project, reads)
    before = context("rewrite scene 2 darker", True)
    assert "Line one of room 2." in before
    assert context("rewrite scene 2 darker", True) == before and reads.hits >= 1  # kept: nothing changed

    story.revise_scene(project, 2, content="The lights die in room 2.", actor=ACTOR)
    after = context("rewrite scene 2 darker", True)
    assert "The lights die in room 2." in after and "Line one of room 2." not in after

    history.undo(project, actor=ACTOR)
    assert "Line one of room 2." in context("rewrite scene 2 darker", True)

    design.add_entity(project, "character", "Odile", description="a night nurse", actor=ACTOR)
    assert "ODILE" in context("who is odile?", False)


def test_the_context_sees_a_write_from_another_connection(project: Project, store_url: str | None) -> None:
    # Another process (the CLI, a worker) writes through its own connection, not through this Project object.
    reads = HeadCache(project)
    context = project_context(project, reads)
    assert 'scene_count="3"' in context("what is scene 3 about?", False)
    other = Project.open(project.path, database_url=store_url)
    try:
        story.add_scene(other, heading="EXT. YARD - NIGHT", content="Wind.", actor=ACTOR)
    finally:
        other.close()
    assert 'scene_count="4"' in context("what is scene 3 about?", False)


def test_the_routing_hint_follows_the_project(project: Project) -> None:
    reads = HeadCache(project)
    context = project_context(project, reads)
    assert "3 scenes" in context("where are we?", False)
    story.delete_scene(project, 3, actor=ACTOR)
    assert "2 scenes" in context("where are we?", False)


def test_a_branch_switch_changes_the_scenes_the_context_reads(project: Project) -> None:
    reads = HeadCache(project)
    context = project_context(project, reads)
    assert "Line one of room 1." in context("rewrite scene 1", True)
    history.create_branch(project, "alt", 1, 1, actor=ACTOR)
    story.revise_scene(project, 1, content="On the branch only.", actor=ACTOR)
    assert "On the branch only." in context("rewrite scene 1", True)
    history.switch_branch(project, "main", actor=ACTOR)
    assert "Line one of room 1." in context("rewrite scene 1", True)


def test_the_session_overview_follows_the_project(tmp_path: Path, project: Project, store_url: str | None) -> None:
    settings = Settings(home=tmp_path / "home", model="offline", database_url=store_url)

    async def run() -> tuple[str, str, str]:
        session = await Session.open(project.path, settings=settings)
        try:
            first, again = session.overview(), session.overview()
            story.add_scene(project, heading="EXT. ROOF - NIGHT", content="Stars.", actor=ACTOR)
            return first, again, session.overview()
        finally:
            await session.close()

    first, again, after = asyncio.run(run())
    assert first == again and "3 scenes" in first
    assert "4 scenes" in after



def _overview_tool(project: Project, settings: Settings, reads: HeadCache | None) -> Any:
    from agent.tools import ToolContext
    from agent.tools.answers import answer_tools

    ctx = ToolContext(project=project, settings=settings, reads=reads)
    return next(t for t in answer_tools(ctx) if t.name == "project_overview")


def test_a_question_builds_the_snapshot_once_per_head(tmp_path: Path, project: Project,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import agent.tools.answers as answers

    built: list[int] = []
    real = answers.snapshot

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(answers, "snapshot", counting)
    tool = _overview_tool(project, Settings(home=tmp_path / "home"), HeadCache(project))
    ask = {"topic": "heading", "scene_number": 2}
    assert tool.invoke(ask) == tool.invoke(ask) == "Scene 2: INT. ROOM 2 - DAY"
    assert len(built) == 1, "a second question at the same head re-uses the snapshot"
    story.revise_scene(project, 2, heading="EXT. GARDEN - NIGHT", actor=ACTOR)
    assert tool.invoke(ask) == "Scene 2: EXT. GARDEN - NIGHT"
    assert len(built) == 2


def test_money_is_read_afresh_though_the_ledger_is_not_history(tmp_path: Path, project: Project) -> None:
    from agent.project.library import record_model_call

    tool = _overview_tool(project, Settings(home=tmp_path / "home"), HeadCache(project))
    assert tool.invoke({"topic": "cast"}) and "Spent $0.00" in tool.invoke({"topic": "spend"})
    with project.read() as s:
        head = history_head(s)
    record_model_call(project, model="some-model", cost_usd=1.25)
    with project.read() as s:
        assert history_head(s) == head  # the head stays: only money moved
    assert "Spent $1.25" in tool.invoke({"topic": "spend"})


def test_the_context_follows_the_shots_the_look_and_the_cast_it_keeps_per_head(project: Project) -> None:
    from agent.project.shots import ShotCard, replace_shots

    reads = HeadCache(project)
    context = project_context(project, reads)
    assert 'shots="0"' in context("rewrite scene 2 darker", True)
    replace_shots(project, 2, [ShotCard("wide"), ShotCard("close")], actor=ACTOR)
    design.set_art_direction(project, style="hard noon light", actor=ACTOR)
    design.add_entity(project, "character", "Odile", description="a night nurse", actor=ACTOR)
    after = context("rewrite scene 2 darker for ODILE", True)
    assert 'shots="2"' in after and "hard noon light" in after and "a night nurse" in after
