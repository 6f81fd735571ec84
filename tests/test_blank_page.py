"""Throwing the whole screenplay away: one ask-first step (delete every scene) that an approval, a reject or an undo
settles, and the words that ask for it as against an idea or a question about starting over."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.blank_page import EVERY_SCENE, as_blank_page, whole_screenplay
from agent.project import Project
from agent.project.errors import InvalidInputError
from agent.project.screenplay import clear_screenplay
from agent.session import Session


@pytest.mark.parametrize("clause", [
    "bin the entire script",
    "ok, scrap this whole draft",
    "please wipe every single scene",
    "chuck the complete screenplay out",
    "let's get rid of all the scenes",
])
def test_a_screenplay_thrown_away_whole_is_one_delete_of_every_scene(clause: str) -> None:
    assert whole_screenplay(clause) == EVERY_SCENE


@pytest.mark.parametrize("clause", [
    "what if we scrapped the entire script?",
    "should we bin the whole screenplay",
    "don't delete every scene",
    "scrap scene 3",
    "delete the whole scene at the kiosk",
    "the entire script is too long",
])
def test_ideas_questions_and_one_scene_are_not_the_whole_screenplay(clause: str) -> None:
    assert whole_screenplay(clause) is None


def test_a_blank_page_beside_the_throwing_away_is_the_same_step() -> None:
    assert as_blank_page(["so bin the entire script", "begin again on an empty page"]) == [
        EVERY_SCENE, "begin again on an empty page"]  # "begin again" is not said as a fresh start: left as said
    assert as_blank_page(["bin the entire script", "start over on a clean slate", "tag scene 2 keep"]) == [
        EVERY_SCENE, "tag scene 2 keep"]
    assert as_blank_page(["start over on a clean slate"]) == ["start over on a clean slate"]  # a wish on its own


async def _demo(tmp_path: Path) -> Session:
    settings = Settings(home=tmp_path / "home")
    return await Session.open(create_project_from("demo", None, tmp_path / "project", settings=settings),
                              settings=settings)


def _scene_count(session: Session) -> int:
    return len(session.snapshot()["scenes"])


async def test_throwing_the_script_away_asks_first_and_a_reject_keeps_every_scene(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        first = await session.run("t", "right, I'm done with it: scrap the entire script and start over on a clean "
                                       "slate")
        assert first.approval is not None, "emptying the screenplay waits for the film-maker"
        assert _scene_count(session) == 6
        done = await session.run("t", decision="reject")
        assert done.error is None and _scene_count(session) == 6
        assert await session.pending("t") is None
    finally:
        await session.close()


async def test_an_approved_blank_page_empties_the_screenplay_and_undo_brings_it_back(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        await session.run("t", "wipe every single scene, I want an empty screenplay")
        done = await session.run("t", decision="approve")
        assert done.error is None and _scene_count(session) == 0
        await session.run("t", "undo")
        assert _scene_count(session) == 6
    finally:
        await session.close()


def test_clearing_an_empty_screenplay_is_refused(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    with Project.open(create_project_from("demo", None, tmp_path / "project", settings=settings)) as project:
        assert clear_screenplay(project, actor="test") == 6
        with pytest.raises(InvalidInputError, match="no scenes"):
            clear_screenplay(project, actor="test")
