"""Actions asked for in a scene become action lines: things that happen, someone told to do something, a pair.

Unit cases use an invented cast (MARA, TOM); the whole request runs on a fresh demo copy (1 office night).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.llm.offline.speech import speech_act
from agent.llm.offline.stage import stage_direction

_CAST = ["MARA", "TOM"]


@pytest.mark.parametrize(("clause", "line"), [
    ("in scene 2, a moth circles the lamp", "A moth circles the lamp."),
    ("scene 4: the van should stall at the lights", "The van stalls at the lights."),
    ("have the kettle boil over halfway through scene 3", "The kettle boils over."),
    ("have the kettle hum a tune", "The kettle hums a tune."),
    ("have the pace pick up at the end of scene 3", None),  # how it plays, not something that happens
    ("have the wind drop suddenly halfway through scene 3", "The wind drops suddenly."),
    ("the market scene needs MARA to close the shutters", "MARA closes the shutters."),
    ("the crowds run past the stall in scene 1", "The crowds run past the stall."),
    ("in scene 3 a moth gets in through the window", "A moth gets in through the window."),  # "gets in": it moves
    ("in scene 3 the mood gets darker", None),  # how it plays
    ("have a moth get in through the window in scene 3", None),  # never "A moth get in through the opens window."
    ("put the low hum of a generator under scene 2", "We hear the hum of a generator."),
    ("tom needs a long pause before \"Not yet.\" in scene 2", "A long pause."),
    ("tom needs a moment in scene 2", None),  # no beat placed anywhere: how he plays, not a line
    ("in scene 2 I'd like that we hear gulls over the harbour", "We hear gulls over the harbour."),
])
def test_what_happens_is_written_as_it_should_read(clause: str, line: str | None) -> None:
    found = stage_direction(clause, _CAST)
    assert (found.line if found else None) == line


@pytest.mark.parametrize("clause", [
    "the kitchen should look shabbier",  # how a place looks: the designer's
    "the logline should say more",  # the film's words, not an action
    "rewrite scene 2 where the van goes past",  # which scene, not what to add
    "a cat wander",  # no sentence
])
def test_descriptions_and_notes_are_no_action(clause: str) -> None:
    assert stage_direction(clause, _CAST) is None


def test_how_someone_is_shown_is_no_character_description() -> None:
    assert stage_direction("make MARA stumble on the ferry ramp", _CAST) is not None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "action_lines")


async def test_something_that_happens_in_a_named_scene_is_written_in(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "in the opening, a moth bumps against the lamp")
    first = after["scenes"][0]
    assert first["version"] == 2 and "A moth bumps against the lamp." in first["content"]
    assert [c["description"] for c in after["characters"]] == [c["description"] for c in before["characters"]]


async def test_an_action_for_someone_never_becomes_their_description(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "make juno stumble on the bridge railings")
    assert [c["description"] for c in after["characters"]] == [c["description"] for c in before["characters"]]


@pytest.mark.parametrize(("clause", "line"), [
    ("add MARA wiping the counter at the start of scene 2", "MARA wipes the counter."),
    ("let the lanterns flicker on scene 3", "The lanterns flicker."),
    ("in scene 6, MARA stacks the crates by the door", "MARA stacks the crates by the door."),
    ("can TOM kick the tyre in scene 2?", "TOM kicks the tyre."),
])
def test_more_ways_of_asking_for_an_action(clause: str, line: str) -> None:
    found = stage_direction(clause, _CAST)
    assert found is not None and found.line == line


@pytest.mark.parametrize(("text", "act"), [
    ("can mara kick the tyre in scene 2?", "command"),
    ("could mara be gentler in scene 4?", "command"),
    ("can mara swim?", "question"),
    ("could mara be in scene 4?", "question"),
])
def test_changes_asked_about_someone(text: str, act: str) -> None:
    assert speech_act(text) == act


async def test_an_action_with_no_scene_asks_which_scene(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "ida should hum quietly when she finds the tag")
        assert not turn.tool_calls and session.snapshot()["history"] == before["history"]
        assert "Which scene" in " ".join(turn.texts)


def test_the_last_thing_inside_a_moment_is_no_place_in_the_scene() -> None:
    found = stage_direction("tom pockets the flare when mara says it was the last thing her dad bought", _CAST)
    assert found is not None and found.line == "TOM pockets the flare."
    assert (found.after, found.place) == ("Mara says it was the last thing her dad bought", "middle")
    ending = stage_direction("tom pockets the flare, the very last thing in the scene", _CAST)
    assert ending is not None and ending.place == "end"
