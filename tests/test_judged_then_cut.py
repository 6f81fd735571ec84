"""A thing judged and then taken out in one breath is the thing taken out; "the ending" is a scene after "in".

Invented requests and scenes (a pier, a net loft); none comes from an eval set.
"""

from __future__ import annotations

from agent.llm.offline.understand import _judged_then_cut
from agent.resolver import SceneInfo, find_scene_references

SCENES = [SceneInfo(1, "EXT. PIER - NIGHT", "Mara coils a rope under a lamp."),
          SceneInfo(2, "INT. NET LOFT - DAY", "Jonas mends a net.\n\nJONAS\nNot tonight."),
          SceneInfo(3, "EXT. PIER - DAWN", "Gulls. Mara sits on the edge, boots dangling.")]


def test_the_thing_judged_is_what_is_cut() -> None:
    assert _judged_then_cut("the sign on the gate is way too neat, lose it") == "lose the sign on the gate"
    assert _judged_then_cut("jonas's last line in the net loft feels cheap - cut it") == (
        "cut jonas's last line in the net loft")
    assert _judged_then_cut("the gull is a cliche; just drop it from the dawn scene") == (
        "drop the gull from the dawn scene")


def test_a_scene_judged_then_cut_is_left_as_said() -> None:
    assert _judged_then_cut("the pier scene is too long, cut it") == "the pier scene is too long, cut it"
    assert _judged_then_cut("the ending drags, cut it") == "the ending drags, cut it"
    assert _judged_then_cut("cut the gull") == "cut the gull"


def test_in_the_ending_names_the_last_scene_but_in_the_end_does_not() -> None:
    def named(text: str) -> list[int]:
        return [m.number for r in find_scene_references(text, SCENES) for m in r.matches[:1]]

    assert named("cut the gull in the ending") == [3]
    assert named("in the finale mara stands up") == [3]
    assert named("in the end she goes home") == []


def test_a_quoted_line_judged_then_cut_is_that_line() -> None:
    assert _judged_then_cut("jonas doesn't need \"Not tonight.\" in the net loft scene, cut it") == (
        "cut the line \"Not tonight.\" in the net loft scene")
    assert _judged_then_cut("“Not tonight.” is a bit much - lose it") == "lose the line “Not tonight.”"
