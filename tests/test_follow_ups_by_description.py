"""A follow-up that moves the last change to another scene, when the last request named its scene by description.

"now the net loft one" after a rewrite of "the dawn pier" is that rewrite on the net loft scene, never the pier
again; "same for the last" is the last scene; a sound keeps where it is heard ("rain on the windows"). Invented
requests; the end-to-end cases run on the demo.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.guard import follow_up_request
from agent.llm.offline.stage import stage_direction

_REWROTE = "Rewrote scene 3 (darker) as version 2; its shots are marked stale. Say 'undo' to revert."


def test_a_rewrite_said_by_description_is_repeated_as_the_rewrite_it_was() -> None:
    assert follow_up_request("now the net loft one", ["make the dawn pier colder"], [_REWROTE]) == (
        "rewrite the net loft one: darker")
    assert follow_up_request("and scene 5 too", ["make scene 3 colder"], [_REWROTE]) == "make scene 5 colder"


def test_the_scene_a_request_names_is_the_one_replaced_not_a_phrase_before_it() -> None:
    assert follow_up_request("same for scene 4", ["add the sound of gulls on the roof to scene 2"]) == (
        "add the sound of gulls on the roof to scene 4")
    assert follow_up_request("same for the last", ["add the sound of gulls to scene 2"]) == (
        "add the sound of gulls to the last scene")


def test_a_sound_keeps_where_it_is_heard() -> None:
    found = stage_direction("add the sound of hail on the roof to scene 2", ["MARA"])
    assert found is not None and found.line == "We hear hail on the roof."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "follow-ups")


async def test_the_same_again_for_another_described_scene_changes_that_scene_only(template: Path,
                                                                                   tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", "give the night bus scene a warmer feel")
        await session.run("t", "now the office at dawn")
        after = session.snapshot()
    versions = {s["number"]: s["version"] for s in after["scenes"]}
    assert versions[3] == 2 and versions[6] == 2
    assert [s["content"] for s in after["scenes"] if s["number"] not in (3, 6)] == [
        s["content"] for s in before["scenes"] if s["number"] not in (3, 6)]


async def test_a_sound_then_same_for_the_last(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "add the sound of a distant siren to scene 3")
        await session.run("t", "same for the last")
        after = session.snapshot()
    assert "siren" in after["scenes"][2]["content"] and "siren" in after["scenes"][5]["content"]
    assert not any("siren" in s["content"] for s in after["scenes"] if s["number"] not in (3, 6))


def test_a_correction_from_the_opening_to_the_ending() -> None:
    from agent.llm.offline.followups import correction

    assert correction("sorry, i meant the ending", "flag the opener urgent", True) == [
        "undo", "flag the ending urgent"]


def test_the_scene_right_before_it_settles_which_of_two() -> None:
    from agent.llm.offline.context import ProjectContext, SceneRef
    from agent.llm.offline.understand import _settled_refs

    context = ProjectContext(scene_count=5, refs=(
        SceneRef("the pier scene", "ambiguous", options=("1 · EXT. PIER - NIGHT", "4 · EXT. PIER - DAWN")),))
    assert _settled_refs("merge scene 2 into the pier scene just before it", context) == "merge scene 2 into scene 1"
    assert _settled_refs("merge scene 3 with the pier scene right after it", context) == "merge scene 3 with scene 4"


def test_a_scene_folded_into_another_is_two_descriptions() -> None:
    from agent.resolver import SceneInfo, find_scene_references

    scenes = [SceneInfo(1, "EXT. QUAY - NIGHT", "Mara searches the bins."),
              SceneInfo(2, "INT. FERRY - MOVING - NIGHT", "Jonas steers.")]
    found = {r.phrase: r.number for r in find_scene_references("fold the journey into the quay scene", scenes)}
    assert found == {"the journey": 2, "the quay scene": 1}
