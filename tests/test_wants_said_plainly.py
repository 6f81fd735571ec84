"""Wants said plainly: "we need some music …, have a go", a logline pitched from the script, a tone with
"please put this" after it, and music levels (which no tool sets). Whole requests on a fresh demo copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.llm.offline.genres import genre_and_tone
from agent.llm.offline.guard import cannot
from agent.llm.offline.speech import speech_act
from agent.shorthand import spell_out


def test_shortcuts_thanks_and_come_up_with() -> None:
    assert spell_out("Ctrl+Z") == "undo" and spell_out("cmd shift z") == "redo"
    assert spell_out("press ctrl z twice") != "undo"  # only a message that is the shortcut
    assert speech_act("ta") == "social"
    assert speech_act("come up with a title for it?") == "command"


def test_a_tone_keeps_no_request_words() -> None:
    assert genre_and_tone("genre is noir and tone is wistful, please put this")[1] == ["wistful"]
    assert genre_and_tone("genre is a heist and tone is brisk, set that")[1] == ["brisk"]


def test_music_levels_are_not_a_tool() -> None:
    assert cannot("turn the score down a notch in the dawn scene") is not None
    assert cannot("turn the bus scene into a nightmare") is None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "wants")


async def test_a_need_for_music_then_have_a_go_proposes_music(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        cast = session.snapshot()["characters"]
        asked = await session.run("t", "We could do with some music eventually. Something slow, brass band maybe. "
                                       "Can you take a stab at it?")
        assert asked.approval is not None  # music costs money: it is proposed first
        assert session.snapshot()["characters"] == cast  # "we need a …" made no character


async def test_a_logline_pitched_from_the_script_uses_the_project(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "pitch a logline based on the screenplay and keep it")
    assert after["logline"] and "screenplay" not in after["logline"].lower()


async def test_music_louder_changes_nothing_and_says_so(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        result = await session.run("t", "can the music be a bit quieter under the bus scene")
        assert session.snapshot() == before and result.approval is None
