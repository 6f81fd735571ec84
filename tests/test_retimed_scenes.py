"""A scene moved to another time of day, named by its own heading: the new time names no scene.

Invented scenes (a pier, a net loft) and the demo screenplay; no request here comes from an eval set.
"""

from __future__ import annotations

import re
from pathlib import Path

from agent.llm.offline.guard import _new_time_of_day
from agent.resolver import SceneInfo, find_scene_references

SCENES = [SceneInfo(1, "EXT. PIER - NIGHT", "Mara coils a rope under a lamp."),
          SceneInfo(2, "INT. NET LOFT - DAY", "Jonas mends a net."),
          SceneInfo(3, "EXT. PIER - DAWN", "Gulls. Mara sits on the edge, boots dangling.")]


def _refs(text: str) -> list[tuple[str, list[int]]]:
    return [(r.phrase, [m.number for m in r.matches][:1] if r.status == "resolved" else [m.number for m in r.matches])
            for r in find_scene_references(text, SCENES)]


def test_the_time_a_scene_moves_to_is_not_read_as_a_scene() -> None:
    assert _refs("switch the dawn pier to dusk") == [("the dawn pier", [3])]
    assert _refs("the pier scene at night should be at dawn too") == [("the pier scene at night", [1])]
    # "dawn" here is where the scene goes: only "the pier ride" names it, no question about the dawn scene
    assert all("dawn" not in phrase for phrase, _ in _refs("the pier scene happens just after dawn now"))


def test_a_place_alone_is_still_asked_about_and_a_look_is_not_a_time() -> None:
    assert _refs("change the pier") == []  # no time moved: the place's look, for the designer
    assert _refs("change the pier to dusk")[0][1] == [1, 3]  # two pier scenes: asked, never the first


def test_a_scene_named_by_its_time_and_place_changes_its_heading_not_the_place() -> None:
    assert _new_time_of_day("change the dawn pier to dusk")
    assert _new_time_of_day("switch the harbour scene to night")
    assert not _new_time_of_day("change the pier to weathered grey planks")


def test_a_time_said_with_late_early_or_just_before_is_the_new_time() -> None:
    from agent.llm.offline.clauses import split_clauses
    from agent.llm.offline.cues import HEADING_CHANGE
    from agent.llm.offline.fill_story import _NEW_TIME

    assert split_clauses("change the heading of the net loft scene to late afternoon") == [
        "set the net loft scene to late afternoon"]
    for said, time in (("the pier scene happens just before dawn now", "dawn"),
                       ("the loft scene should happen right after midnight", "midnight")):
        assert re.search(HEADING_CHANGE, said, re.I)
        found = _NEW_TIME.search(said)
        assert found is not None and found.group("t").lower() == time
    assert not re.search(HEADING_CHANGE, "move the pier scene before the net loft scene", re.I)


def test_a_two_word_thing_only_one_scene_says_tells_two_scenes_apart() -> None:
    from agent.formats.fountain import parse_fountain

    demo = parse_fountain((Path(__file__).resolve().parent.parent / "data" / "demo.fountain").read_text())
    scenes = [SceneInfo(n, s.heading, s.content) for n, s in enumerate(demo.scenes, start=1)]
    # "bus" is the night bus scene's heading; "bus ticket" is said by the bridge scene alone
    refs = find_scene_references("where juno turns up the bus ticket", scenes)
    assert [(r.status, r.matches[0].number) for r in refs] == [("resolved", 2)]


def test_a_new_time_in_a_follow_up_sets_the_scene_the_answer_named() -> None:
    from agent.llm.offline.cues import has_cue
    from agent.llm.offline.followups import new_time

    first = "make the rainy pier scene dawn"
    assert has_cue("set_scene_heading", first)
    answer = ("Scene 1 is now EXT. PIER - DAWN (was EXT. PIER - NIGHT); its shots are marked stale. "
              "Say 'undo' to revert.")
    # "the rainy pier scene" may fit no scene once it is at dawn: the scene the answer named is set again
    assert new_time("no wait - evening", first, True, [answer]) == ["undo", "set scene 1 to evening"]
    assert new_time("no wait - evening", first, True, []) == ["undo", "make the rainy pier scene evening"]
