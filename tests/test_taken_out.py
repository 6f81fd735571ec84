"""Someone taken out of one scene is a rewrite of that scene: never the scene deleted, never the character cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.llm.offline.rewrite import mentions, scene_without, scene_without_character
from agent.llm.offline.speech import speech_act
from agent.llm.offline.taken_out import removed_character

CAST = ("MARA", "TOM")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "taken-out")


@pytest.mark.parametrize(("text", "who"), [
    ("pull tom out of scene 4", "TOM"),
    ("can we lose mara from the canal scene", "MARA"),
    ("redo scene 1 without tom", "TOM"),
    ("scene 4: drop tom", "TOM"),
    ("sc4 without mara please", "MARA"),
    ("tom doesn't need to be in the van scene", "TOM"),
])
def test_a_character_taken_out_of_a_scene_is_read_with_the_cast_spelling(text: str, who: str) -> None:
    assert removed_character(text, CAST) == who


@pytest.mark.parametrize("text", [
    "lose the crates from scene 1",  # a thing, not a cast member
    "take tom out of the film",  # the whole film: the character goes (delete_character asks first)
    "mara walks out of the canal scene",  # what happens, not what is cut
])
def test_things_and_the_whole_film_are_not_a_character_out_of_a_scene(text: str) -> None:
    assert removed_character(text, CAST) is None


def test_a_character_out_of_a_scene_loses_their_speeches_and_mentions_only() -> None:
    out = scene_without_character(TOWN[0].content, "TOM")
    assert out is not None
    assert "TOM\n" not in out and "We're short again." not in out and "Tom" not in out
    assert "MARA (30s) sets out crates of pears." in out and "Then count slower." in out
    assert scene_without_character(TOWN[2].content, "TOM") is None  # the canal path never mentions him


async def test_taking_someone_out_of_a_scene_rewrites_only_that_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "could you take ruben out of the final scene")
    assert len(after["scenes"]) == 6 and [c["name"] for c in after["characters"]] == [
        c["name"] for c in before["characters"]]
    changed = [b["number"] for a, b in zip(before["scenes"], after["scenes"], strict=True)
               if a["content"] != b["content"]]
    assert changed == [6]
    last = after["scenes"][5]["content"]
    assert "RUBEN\n" not in last and "paper cups" not in last and "green umbrella" in last


async def test_someone_taken_out_of_a_scene_they_are_not_in_is_said_and_nothing_changes(
        template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "drop juno from scene 1")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


async def test_someone_taken_out_of_the_whole_film_asks_before_removing_them(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "cut juno out of the whole story")
    assert after["characters"] == before["characters"]  # removing a character always asks first
    assert after["scenes"] == before["scenes"]


@pytest.mark.parametrize("text", ["how are things?", "busy week. how's your day been going?"])
def test_asking_after_the_assistant_is_small_talk(text: str) -> None:
    assert speech_act(text.split(". ")[-1]) == "social"


@pytest.mark.parametrize(("text", "moment"), [
    ("tom shouldn't count the float", "tom counts the float"),
    ("in scene 3, mara must not throw the keys", "mara throws the keys"),
])
def test_something_someone_should_not_do_is_that_moment(text: str, moment: str) -> None:
    from agent.llm.offline.taken_out import refused_moment

    assert refused_moment(text) == moment


def test_how_someone_should_not_be_is_no_moment() -> None:
    from agent.llm.offline.taken_out import refused_moment

    assert refused_moment("mara shouldn't be so cold with him") is None


async def test_an_action_someone_should_not_do_goes_from_the_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "on the bus ruben shouldn't flick the indicator")
    bus = after["scenes"][2]["content"]
    assert "indicator" not in bus and "01:52" in bus
    assert [s["content"] for s in after["scenes"][3:]] == [s["content"] for s in before["scenes"][3:]]


async def test_that_bit_pointed_back_at_is_never_the_whole_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "in scene 2, lose that bit")
    assert len(after["scenes"]) == 6 and after["scenes"] == before["scenes"]


async def test_something_placed_as_the_last_thing_in_the_film_ends_the_last_scene(template: Path,
                                                                                 tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "ruben switches the radio off, the very last thing in the film")
    last = after["scenes"][-1]["content"]
    assert "RUBEN switches the radio off." in last
    assert last.index("RUBEN switches the radio off.") > last.index("rings once behind them")


async def test_a_rewrite_to_an_empty_scene_is_refused_and_changes_nothing(template: Path, tmp_path: Path) -> None:
    from demo_session import opened

    from agent.config import Settings
    from agent.tools import ToolContext, build_toolsets

    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        context = ToolContext(project=session.project, settings=Settings(home=tmp_path))
        tools = {t.name: t for ts in build_toolsets(context).values() for t in ts}
        result = tools["rewrite_scene"].invoke({"scene_number": 2, "direction": "x", "content": "  \n"})
        assert str(result).startswith("Error:") and session.snapshot()["scenes"] == before["scenes"]


def test_someone_taken_out_of_the_cast_is_the_character_removed_not_a_scene() -> None:
    from agent.llm.offline.cues import has_cue

    assert has_cue("delete_character", "take tom out of the cast")
    assert not has_cue("delete_character", "take tom out of the cast party scene")  # a scene called that
    assert removed_character("take tom out of the cast", CAST) is None


_PIER = """Rain on the pier. A sign is nailed to the gate: NO FISHING. PERMIT HOLDERS ONLY. Mara climbs over it.

She pulls a brass key on a red string from her pocket.

TOM
Whose is that?
"""


@pytest.mark.parametrize(("thing", "gone", "kept"), [
    ("the no-fishing sign", "PERMIT HOLDERS", "Mara climbs over it."),  # a hyphen for a space; all its words go
    ("the red-string key", "brass key", "Rain on the pier."),  # its describing words, in one sentence with it
])
def test_a_thing_described_the_way_the_scene_does_not_spell_it_is_still_taken_out(
        thing: str, gone: str, kept: str) -> None:
    assert mentions(_PIER, thing)
    out = scene_without(_PIER, thing)
    assert gone not in out
    assert kept in out and "Whose is that?" in out


def test_describing_words_spread_over_sentences_do_not_find_it() -> None:
    assert not mentions(_PIER, "the red gate")  # a gate, and red, but never a red gate
