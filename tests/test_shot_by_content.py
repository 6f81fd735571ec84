"""A shot named by what it shows, its camera said in plain English: read as a step, then carried out on the demo.

No shot number is said: the shot is who is in it, what it shows, a line in quotes or the moment a line is spoken.
The camera is said as people say it ("top-down view", "from the floor, looking up", "a crooked frame", "ease in").
A note goes on a shot named so too; "the whole <described> scene" is every shot of the scene being talked about;
"sorry, make it ..." corrects the change just made. The requests are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import changed_shots, demo_template, opened, shots_of

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.conversation import Turn
from agent.llm.offline.shots import name_found_shot, shot_query, spell_shots

_CONTEXT = ProjectContext(scene_count=6, characters=("IDA", "JUNO", "RUBEN"),
                          locations=("LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"))
_BROKE = ["break scene 5 into shots",
          "Broke scene 5 into 8 shots: 1. wide eye-level static 24mm - Establishing: RIVER BRIDGE; 2. ..."]


def _spelled(request: str, history: list[str] | None = None) -> list[str]:
    turn = Turn(context=_CONTEXT, request=request, clauses=[request], history=_BROKE if history is None else history)
    return spell_shots(request, turn)


def test_camera_words_in_plain_english_on_a_shot_named_by_what_it_shows() -> None:
    assert _spelled("top-down view of the stack of parcels") == [
        "set the camera on the shot of scene 5 showing “stack of parcels”: overhead"]
    assert _spelled("ease in on the porter sorting the mail") == [
        "set the camera on the shot of scene 5 showing “porter sorting the mail”: dolly in"]
    assert _spelled("gentle push in on ruben folding the map") == [
        "set the camera on the shot of scene 5 showing “ruben folding the map”: dolly in"]
    assert _spelled("film the boy's 'are we there yet?' from the floor, looking up at him") == [
        "set the camera on the shot of scene 5 showing “boy's 'are we there yet?'”: low angle"]


def test_a_shot_named_by_the_moment_a_line_is_said() -> None:
    assert _spelled("a crooked frame when the guard says the gate is shut") == [
        "set the camera on the shot of scene 5 showing “guard says the gate is shut”: dutch"]
    assert _spelled("go all shaky while ida counts the coins") == [
        "set the camera on the shot of scene 5 showing “ida counts the coins”: handheld"]


def test_words_that_name_no_shot_are_not_read_as_one() -> None:
    for request in ("ease in on ida", "handheld on the bridge", "go all shaky", "top-down view please",
                    "make it wide as well"):
        assert _spelled(request) == [], request
    assert _spelled("make it all handheld") == ["set the camera on every shot of scene 5: handheld"]  # not one shot


def test_a_correction_changes_the_shot_just_changed() -> None:
    changed = [*_BROKE, "Shot 3 of scene 5 is now close-up, eye-level, static, 50mm (version 2). Say 'undo' to revert."]
    assert _spelled("sorry, two shot instead", changed) == ["set the camera on shot 3 of scene 5: two shot"]
    assert _spelled("actually a wide", changed) == ["set the camera on shot 3 of scene 5: wide"]


def test_the_whole_described_scene_is_the_scene_talked_about_when_its_words_fit() -> None:
    assert _spelled("go shaky for the entire bridge scene") == ["set the camera on every shot of scene 5: handheld"]
    assert _spelled("go shaky for the entire bus scene") == []  # scene 5 is on the bridge: not guessed


def test_a_look_up_asks_for_what_the_shot_shows() -> None:
    assert shot_query("a note for the shot in which he counts the coins: bring a coin double") == "he counts the coins"
    assert shot_query("flag the lantern shot for reshoots") == "lantern"
    assert shot_query("make the entire bridge scene handheld") is None
    assert shot_query("tag shot 3 as hero") == "tag shot 3 as hero"  # nothing described: looked up as said
    assert name_found_shot("a note for the shot in which he counts the coins: bring a coin double", 4, 2) == (
        "a note for shot 4 of scene 2: bring a coin double")
    assert name_found_shot("flag it for reshoots", 4, 2) == "flag it for reshoots (shot 4 of scene 2)"
    assert name_found_shot("flag the shot where he counts the coins as a reshoot", 4, 2) == (
        "flag the shot where he counts the coins as a reshoot (shot 4 of scene 2)")  # its words run on: kept


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "content")


_opened = opened


_shots, _changed = shots_of, changed_shots


async def test_shots_named_by_content_change_on_the_demo(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 3 into shots")
        before = session.snapshot()
        await session.run("t", "top-down view of the dash clock")
        await session.run("t", "ease in on the empty seats")
        await session.run("t", "film ruben's 'it is tonight' from the floor, looking up at him")
        await session.run("t", "a crooked frame when juno asks did you find a key")
        after = session.snapshot()
    shots = _shots(after, 3)
    assert "clock" in shots[9]["description"] and shots[9]["camera"]["angle"] == "overhead"
    assert "seats" in shots[8]["description"] and shots[8]["camera"]["movement"] == "dolly-in"
    assert "tonight" in shots[7]["description"] and shots[7]["camera"]["angle"] == "low"
    assert "key" in shots[2]["description"] and shots[2]["camera"]["angle"] == "dutch"
    assert _changed(before, after, 3) == [2, 7, 8, 9]


async def test_a_note_and_a_correction_by_content_on_the_demo(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 2 into shots")
        before = session.snapshot()
        await session.run("t", "note for the shot where she checks her coat pocket: bring a wet-down crew")
        await session.run("t", "shot 5 should be a medium")
        await session.run("t", "sorry, two shot instead")
        after = session.snapshot()
    shots = _shots(after, 2)
    assert "pocket" in shots[3]["description"] and shots[3]["notes"] == "bring a wet-down crew"
    assert shots[5]["camera"]["shot_type"] == "two-shot"
    assert _changed(before, after, 2) == [3, 5]


async def test_the_whole_described_scene_changes_every_shot(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 2 into shots")
        await session.run("t", "go shaky for the entire bridge scene")
        after = session.snapshot()
        await session.run("t", "break scene 3 into shots")
        before_bus = session.snapshot()
        await session.run("t", "go shaky for the entire bridge scene")  # scene 3 is the bus: nothing is guessed
        after_bus = session.snapshot()
    assert {s["camera"]["movement"] for s in _shots(after, 2).values()} == {"handheld"}
    assert _changed(before_bus, after_bus, 3) == []


async def test_two_shots_that_fit_a_description_are_asked_about(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 4 into shots")
        before = session.snapshot()
        asked = await session.run("t", "top-down view of the shed")
        after = session.snapshot()
    assert after == before and "Which one?" in " ".join(asked.texts)
