"""A scene called by what happens in it, with no word of its own ("the ride", "the handover"), is found by the
words a screenplay shows that with; a nickname no scene shows is found nowhere (asked about, never guessed).

Invented scenes (a quay, a ferry, a harbour office) and requests; none comes from an eval set.
"""

from __future__ import annotations

from agent.resolver import SceneInfo, find_scene_references

SCENES = [SceneInfo(1, "EXT. QUAY - NIGHT", "MARA checks every bin on the quay for her purse. Nothing."),
          SceneInfo(2, "INT. FERRY - MOVING - NIGHT", "JONAS steers. Mara takes a seat by the window.\n\nJONAS\n"
                                                       "Fares, please."),
          SceneInfo(3, "INT. HARBOUR OFFICE - DAWN", "The CLERK hands the purse back to Mara.\n\nCLERK\nSign here.")]


def _refs(text: str) -> list[tuple[str, str, list[int]]]:
    return [(r.phrase, r.status, [m.number for m in r.matches][:2]) for r in find_scene_references(text, SCENES)]


def test_a_nickname_finds_the_scene_that_shows_it() -> None:
    assert _refs("tighten the ride") == [("the ride", "resolved", [2])]
    assert _refs("the search needs more wind") == [("the search", "resolved", [1])]
    assert _refs("make the handover quicker") == [("the handover", "resolved", [3])]
    assert _refs("put the ride before the search") == [("the ride", "resolved", [2]), ("the search", "resolved", [1])]


def test_a_nickname_nothing_shows_is_found_nowhere() -> None:
    assert _refs("cut the fight") == [("the fight", "none", [])]


def test_the_sun_said_for_a_time_of_day_is_seen_from_outside() -> None:
    scenes = [SceneInfo(1, "INT. NET LOFT - DAWN", "Jonas mends a net."),
              SceneInfo(2, "EXT. PIER - DAWN", "Mara sits on the edge, boots dangling."),
              SceneInfo(3, "EXT. PIER - NIGHT", "Rain. Mara alone.")]
    refs = find_scene_references("tighten the sunrise scene", scenes)
    assert [(r.status, r.matches[0].number) for r in refs] == [("resolved", 2)]
    dawn = find_scene_references("tighten the dawn scene", scenes)  # no sun said: either dawn scene, asked
    assert [r.status for r in dawn] == ["ambiguous"]


def test_a_shot_named_with_its_scene_names_the_scene_by_its_own_words() -> None:
    assert _refs("the opening shot of the quay scene should be from down low") == [
        ("the quay scene", "resolved", [1])]
    assert _refs("the last shot in the ferry scene needs to be longer") == [("the ferry scene", "resolved", [2])]
