"""Camera, shot and transition requests said the way film-makers type them, often as follow-ups.

The reading is tested on its own (what each request becomes as a step), then a transition said by place end to
end on the demo. The requests are invented for these tests.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from demo_session import demo_template, opened, shots_of

from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.conversation import Turn
from agent.llm.offline.shots import spell_shots
from agent.llm.offline.transitions import spell_transition

_CONTEXT = ProjectContext(scene_count=6, characters=("IDA", "JUNO", "RUBEN"),
                          locations=("LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"))
_LAID = ["break scene 2 into shots", "Broke scene 2 into 5 shots: 1. wide eye-level static 24mm - Establishing: "
         "RIVER BRIDGE; 2. medium ...", "break scene 3 into shots", "Broke scene 3 into 10 shots: 1. wide eye-level "
         "static 24mm - Establishing: NIGHT BUS; 2. medium ...", "lay them out", "Assembled 15 clips on the timeline."]
_BROKE = ["break scene 3 into shots", "Broke scene 3 into 10 shots: 1. wide eye-level static 24mm - Establishing: "
          "NIGHT BUS; 2. ..."]
_CHANGED = "Shot 2 of scene 3 is now close-up, eye-level, static, 50mm (version 2). Say 'undo' to revert."


def _turn(request: str, history: list[str], context: ProjectContext = _CONTEXT) -> Turn:
    return Turn(context=context, request=request, clauses=[request], history=history)


def _transition(request: str, history: list[str] | None = None) -> str | None:
    return spell_transition(request, _turn(request, _LAID if history is None else history))


def _spelled(request: str, history: list[str] | None = None, context: ProjectContext = _CONTEXT,
             earlier: tuple[str, ...] = ()) -> list[str]:
    turn = _turn(request, _BROKE if history is None else history, context)
    turn.earlier = list(earlier)
    return spell_shots(request, turn, earlier)


def test_black_at_either_end_is_a_fade_there() -> None:
    assert _transition("then go out on black, nice and slow") == "a fade-out on the closing clip"
    assert _transition("fade us to black to finish") == "a fade-out on the closing clip"
    assert _transition("come up from black at the top") == "fade in at clip 1"


def test_a_transition_between_places_leads_into_the_second_places_scene() -> None:
    assert _transition("a gentle mix from the bridge to the bus") == "crossfade into scene 3"
    assert _transition("dissolve between the bridge and the bus") == "crossfade into scene 3"
    assert _transition("straight cut into the bus") == "hard cut into scene 3"
    assert _transition("a plain cut into scene 3") == "hard cut into scene 3"  # a number is kept as said


def test_a_place_on_no_laid_out_scene_or_on_none_yet_is_left_to_ask() -> None:
    assert _transition("dissolve from the bridge into the office") is None  # the office is not on the timeline
    assert _transition("mix into the bus", history=_LAID[:4]) is None  # nothing assembled yet: nothing laid out


def test_a_transition_without_a_place_goes_where_the_last_one_was_set() -> None:
    said = [*_LAID, "Scene 3 (clip 6) now starts with a crossfade. Say 'undo' to revert."]
    assert _transition("nah, a hard cut there instead", said) == "hard cut into scene 3"
    clip = [*_LAID, "Clip 9 now starts with a crossfade. Say 'undo' to revert."]
    assert _transition("no, just a cut", clip) == "hard cut at clip 9"
    assert _transition("no, just a cut") is None  # no transition set yet: nothing to point back at


def test_fades_of_other_things_are_not_transitions() -> None:
    assert _transition("fade the music out at the end") is None
    assert _transition("rewrite scene 4 so it fades to black") is None
    assert _transition("end scene 4 on black") is None  # the screenplay's own ending, maybe: left as said
    assert _transition("does it fade to black at the end?") is None
    assert _transition("make the kettle shot a close-up") is None


def test_a_correction_after_a_camera_change_changes_the_same_shot() -> None:
    assert _spelled("hmm actually an insert instead", [*_BROKE, _CHANGED]) == [
        "set the camera on shot 2 of scene 3: insert"]
    assert _spelled("no, make it a wide", [*_BROKE, _CHANGED]) == ["set the camera on shot 2 of scene 3: wide"]
    assert _spelled("hmm actually an insert instead") == []  # nothing changed before: nothing to correct


def test_a_reason_after_the_camera_is_not_part_of_it() -> None:
    assert _spelled("go handheld across the bus scene, it should feel nervy") == [
        "set the camera on every shot of scene 3: handheld"]
    assert _spelled("shot 4 handheld so it feels unsettled") == ["set the camera on shot 4 of scene 3: handheld"]


def test_a_sideways_move_with_someone_is_tracking() -> None:
    assert _spelled("in shot 3 the camera should crab sideways with ruben down the aisle") == [
        "set the camera on shot 3 of scene 3: tracking"]
    assert _spelled("the opening shot: move sideways alongside ida past the shelves") == [
        "set the camera on shot 1 of scene 3: tracking"]


def test_a_shot_named_by_the_moment_it_gives_time_to() -> None:
    assert _spelled("let the ticket line breathe, give it five seconds") == [
        "set the length of the shot of scene 3 showing “ticket line”: 5 seconds"]


def test_that_moment_is_the_one_the_message_described() -> None:
    told = ("I love the beat in scene 3 where juno counts her coins",)
    assert _spelled("make that moment a slow push in", earlier=told) == [
        "set the camera on the shot of scene 3 showing “juno counts her coins”: dolly in"]
    assert _spelled("make that moment a slow push in") == []  # no moment told: nothing to look for


def test_a_scene_the_graph_named_by_place_opens_on_its_first_shot() -> None:
    context = replace(_CONTEXT, refs=(SceneRef("the final scene", "resolved", 6),))
    assert _spelled("open the final scene on a close-up from down low", context=context) == [
        "set the camera on shot 1 of scene 6: close up, low angle"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "camera_followups")


async def test_a_mix_between_places_and_a_correction_on_the_demo(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "break scene 2 into shots")
        await session.run("t", "break scene 3 into shots")
        await session.run("t", "lay them all out on the timeline")
        await session.run("t", "a gentle mix from the bridge to the bus")
        mixed = session.snapshot()
        await session.run("t", "nah, a hard cut there instead")
        cut = session.snapshot()
    into = len(shots_of(mixed, 2)) + 1  # scene 3's first clip follows scene 2's shots
    assert [c["transition"] for c in mixed["timeline"] if c["position"] in (into - 1, into, into + 1)] == [
        "cut", "crossfade", "cut"]
    assert all(c["transition"] == "cut" for c in cut["timeline"])


def test_how_a_shot_should_feel_is_a_reason_but_a_camera_word_is_the_ask() -> None:
    from agent.llm.offline.shot_words import tidy

    assert tidy("scene 2 shot 3 handheld, i want it jittery", []) == "scene 2 shot 3 handheld"
    assert tidy("scene 2 shot 3, i want it handheld", []) == "scene 2 shot 3, i want it handheld"
