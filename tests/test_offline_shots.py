"""Camera and length changes to one shot named in plain words: by number, by place, by what it shows, by a line.

The reading is tested on its own (what each request becomes as a step), then end to end on the demo through
the real tools: the shot that changed, the ones that must not have, a question with options when two shots fit
equally, and "no shot ... shows" with nothing written when none does. The requests are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import changed_shots, demo_template, opened, shots_of

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.conversation import Turn
from agent.llm.offline.shots import ShotAsk, read_shot_asks, spell_shots, spelled_tool
from agent.resolver.shots import ShotInfo, rank_shots
from agent.session import TurnResult

_CONTEXT = ProjectContext(scene_count=6, characters=("IDA", "JUNO", "RUBEN"),
                          locations=("LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"))
_BROKE = ["break scene 3 into shots", "Broke scene 3 into 10 shots: 1. wide eye-level static 24mm - ..."]
_CHANGED = "Shot 6 of scene 6 is now medium, eye-level, pan-right, 35mm (version 2). Say 'undo' to revert."


def _spelled(request: str, history: list[str] | None = None, understood: tuple[str, ...] = ()) -> list[str]:
    turn = Turn(context=_CONTEXT, request=request, clauses=[request], history=_BROKE if history is None else history)
    return spell_shots(request, turn, understood)


def test_shots_named_by_number_and_short_forms() -> None:
    assert _spelled("sh5 - tilt it dutch") == ["set the camera on shot 5 of scene 3: dutch"]
    assert _spelled("shot 2 → creep in gently") == ["set the camera on shot 2 of scene 3: dolly in"]
    turn = Turn(context=_CONTEXT, request="", clauses=[], history=_BROKE)
    assert read_shot_asks("4.2: bird's eye", turn) == [ShotAsk(4, 2, terms=("overhead",))]
    assert read_shot_asks("s2 shot three on an 85", turn) == [ShotAsk(2, 3, lens=85)]
    assert _spelled("s2 shot three on an 85") == []  # said in full: the film-maker's own words go on
    assert _spelled("start sc1 with a 2-shot of ida and ruben") == ["set the camera on shot 1 of scene 1: two shot"]
    assert _spelled("finish scene 5 on a wide") == ["set the camera on the last shot of scene 5: wide"]
    assert _spelled("the opening shot: hold it 2 secs") == ["set the length of shot 1 of scene 3: 2 seconds"]
    assert _spelled("make the second one a high angle") == ["set the camera on shot 2 of scene 3: high angle"]
    assert _spelled("the final one, from way up looking down, on a 21") == [
        "set the camera on the last shot of scene 3: high angle, 21mm"]


def test_shots_named_by_what_they_show_keep_the_description() -> None:
    assert _spelled("the shot of the wall clock: make it an insert") == [
        "set the camera on the shot of scene 3 showing “wall clock”: insert"]
    assert _spelled("the seat with the tear - extreme closeup") == [
        "set the camera on the shot of scene 3 showing “seat with the tear”: close up"]
    assert _spelled("rubens 'everything i find goes to ida' from a low angel") == [
        "set the camera on the shot of scene 3 showing “ruben's 'everything i find goes to ida'”: low angle"]
    assert _spelled("the one where juno pounds up the aisle — handheld") == [
        "set the camera on the shot of scene 3 showing “one where juno pounds up the aisle”: handheld"]
    assert _spelled("track in on the clock shot") == ["set the camera on the shot of scene 3 showing “clock”: dolly in"]
    assert _spelled("canted angle on the seat with the tear") == [
        "set the camera on the shot of scene 3 showing “seat with the tear”: dutch"]
    assert _spelled("the shot where juno says she still has the ticket - go in close on her") == [
        "set the camera on the shot of scene 3 showing “juno says she still has the ticket”: close up"]


def test_a_camera_change_and_a_length_on_one_shot_are_two_steps() -> None:
    assert _spelled("the indicator shot — pull back, 3.5 seconds") == [
        "set the camera on the shot of scene 3 showing “indicator”: dolly out",
        "set the length of the shot of scene 3 showing “indicator”: 3.5 seconds"]


def test_a_follow_up_points_at_the_shot_just_changed() -> None:
    assert _spelled("and hold it for 5 seconds", [*_BROKE, _CHANGED]) == [
        "set the length of shot 6 of scene 6: 5 seconds"]
    earlier = ("set the camera on the shot of scene 3 showing “rain”: pan left",)
    assert _spelled("make it 2 seconds", understood=earlier) == [
        "set the length of the shot of scene 3 showing “rain”: 2 seconds"]
    assert _spelled("make it wide") == []  # no shot was changed last: nothing to point back at


def test_requests_about_scenes_stills_and_people_are_not_shot_changes() -> None:
    for request in ("make scene 3 wide", "the bus scene: handheld", "rewrite scene 2 darker", "make ida older",
                    "generate a still for shot 3", "ida: close-up", "handheld on the bridge",
                    "which shot is the widest?"):
        assert _spelled(request, [*_BROKE, _CHANGED]) == [], request
    # "make every shot in scene 2 handheld" is a step on several shots at once: tests/test_camera_all.py
    assert spelled_tool("set the length of shot 2 of scene 4: 3 seconds") == "set_shot_duration"
    assert spelled_tool("make scene 3 wide") is None


def test_a_described_shot_must_show_what_was_named() -> None:
    shots = [ShotInfo(1, "wide", "Establishing: NIGHT BUS", ("RUBEN",)),
             ShotInfo(2, "medium", "The shelves are labelled for auction"),
             ShotInfo(3, "close-up", "JUNO: “This isn't the way.”", ("JUNO",), "JUNO: This isn't the way."),
             ShotInfo(4, "medium", "RUBEN: “It is tonight and every night after”", ("RUBEN",),
                      "RUBEN: It is tonight and every night after, until the route is closed.")]
    assert [n for n, _ in rank_shots("the auction labels", shots)] == [2]
    assert [n for n, _ in rank_shots("juno's 'this isn't the way'", shots)][:1] == [3]
    assert [n for n, _ in rank_shots("'until the route is closed'", shots)] == [4]  # the whole line, not the card
    assert rank_shots("ruben hands over the parcel", shots) == []  # ruben is in two, but neither shows a parcel


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "shots")


_opened = opened


_shots, _changed = shots_of, changed_shots


def _options(result: TurnResult) -> list[dict[str, Any]]:
    return [o for e in result.events if e.get("type") == "message" for o in e.get("options") or []]  # type: ignore


async def test_described_and_numbered_shots_change_on_the_demo(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 3 into shots")
        before = session.snapshot()
        await session.run("t", "the shot of the wall clock: make it an insert")
        await session.run("t", "rubens 'it is tonight' - shoot it from a low angel")
        await session.run("t", "sh2 - tilt it dutch")
        after = session.snapshot()
    shots = _shots(after, 3)
    assert "clock" in shots[9]["description"] and shots[9]["camera"]["shot_type"] == "insert"
    assert "tonight" in shots[7]["description"] and shots[7]["camera"]["angle"] == "low"
    assert shots[2]["camera"]["angle"] == "dutch"
    assert _changed(before, after, 3) == [2, 7, 9]  # nothing else moved


async def test_a_follow_up_and_a_first_shot_on_the_demo(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 6 into shots")
        before = session.snapshot()
        await session.run("t", "make the shot of the shelves a slow pan right")
        await session.run("t", "and hold it for 5 seconds")
        await session.run("t", "start sc6 with a two-shot of ida and ruben")
        after = session.snapshot()
    shots = _shots(after, 6)
    assert "shelves" in shots[6]["description"]
    assert (shots[6]["camera"]["movement"], shots[6]["duration_s"]) == ("pan-right", 5.0)
    assert shots[1]["camera"]["shot_type"] == "two-shot"
    assert _changed(before, after, 6) == [1, 6]


async def test_a_shot_in_a_scene_without_shots_is_found_after_the_breakdown(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "the one where juno looks at the wall of keys in scene 4 — go in closer")
        after = session.snapshot()
    keys = [s for s in _shots(after, 4).values() if "wall of keys" in s["description"]]
    assert [s["camera"]["shot_type"] for s in keys] == ["close-up"]


async def test_two_shots_that_fit_equally_are_asked_about(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 4 into shots")
        before = session.snapshot()
        asked = await session.run("t", "the shed shot: low angle")
        unchanged = session.snapshot()
        options = _options(asked)
        await session.run("t", options[1]["request"])
        after = session.snapshot()
    assert unchanged == before and "Which one?" in " ".join(asked.texts)
    assert [o["request"] for o in options] == ["shot 3 of scene 4: low angle", "shot 4 of scene 4: low angle"]
    assert _changed(before, after, 4) == [4] and _shots(after, 4)[4]["camera"]["angle"] == "low"


async def test_a_shot_that_nothing_fits_is_said_and_nothing_is_written(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        await session.run("t", "break scene 6 into shots")
        before = session.snapshot()
        said = await session.run("t", "the shot with the tuba: low angle")
        after = session.snapshot()
    assert after == before
    assert "scene 6 never shows “tuba”" in " ".join(said.texts).lower()  # the scene has no tuba at all
