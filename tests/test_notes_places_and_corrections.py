"""Things put by other things, scenes asked to become one, corrections of a rename, and questions that name what
they ask for.

A thing put "by the wheel" with no scene named goes in the scene that has a wheel; "a heap of old charts" is named
whole; two scenes asked to "be one scene" are merged; "trade sc1 with sc6 and then …" is two steps, not three; a
rename corrected ("sorry, make it …") renames again, however many words the name has; someone's lines worked on where
they say nothing are said to be none, and cutting them never takes the character out; "which boat …?" is answered by
the sentence naming a boat; "where does she find …?" by the sentences before the find; someone made kinder who is
nowhere in the film is asked about; "roll back all of it" takes back every change made in a row.

Invented requests (a pier, a ferry, a net loft); the demo is used only where the whole graph must run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.followups import name_correction, relative_scene
from agent.llm.offline.names import placed_thing
from agent.llm.offline.questions import overview_asked, scenes_of
from agent.llm.offline.structure import put_by_a_thing
from agent.resolver.ranking import rank_scenes
from agent.resolver.scenes import SceneInfo
from agent.tools.said import written

_NAMES = ("MARA", "TOMAS", "NET LOFT", "PIER")
_CAST = ("MARA", "TOMAS")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "places")


def test_a_thing_said_by_its_amount_or_container_is_named_whole() -> None:
    assert placed_thing("leave a heap of old charts on the table in scene 2") == "HEAP OF OLD CHARTS"
    assert placed_thing("pop a jar of bait by the wheel in scene 3") == "JAR OF BAIT"
    assert placed_thing("put a lamp with a cracked glass in scene 3") == "LAMP"  # what it has is no part of its name


def test_a_thing_put_by_something_with_no_scene_said() -> None:
    assert put_by_a_thing("leave a tin mug on the bench")
    assert put_by_a_thing("and put a thermos by tomas's wheel too")
    assert not put_by_a_thing("put a tin mug in scene 3")  # the scene is said
    assert not put_by_a_thing("put a pause by the door")  # no object to put there


def test_two_scenes_asked_to_be_one_are_merged() -> None:
    assert split_clauses("could scenes 2 and 3 be one scene?") == ["merge scenes 2 and 3"]
    assert split_clauses("make the pier at dawn and mara mending nets a single scene") == [
        "merge the pier at dawn and the bit with mara mending nets"]
    assert split_clauses("could the pier be one scene with a ferry in it?") != ["merge"]  # no two scenes: no merge


def test_a_pair_of_scenes_then_another_step_is_two_steps() -> None:
    assert split_clauses("trade sc1 and sc6 and then call mara wren") == ["trade sc1 and sc6", "call mara wren"]
    assert split_clauses("switch sc2 and sc3 and make sc2 darker") == ["switch sc2 and sc3", "make sc2 darker"]


def test_two_scenes_said_for_one_swap_stay_one_step() -> None:
    assert split_clauses("switch the loft scene and the second pier scene") == [
        "switch the loft scene and the second pier scene"]
    assert split_clauses("could you trade the pier at dusk and the loft scene") == [
        "trade the pier at dusk and the loft scene"]  # the courtesy aside
    assert split_clauses("grab the loft scene and switch it with the pier one") == [
        "grab the loft scene and switch it with the pier one"]
    assert split_clauses("take the loft scene and shift it to after the pier") == [
        "take the loft scene and shift it to after the pier"]
    assert split_clauses("put scene 2 last and flip it to dusk") == ["put scene 2 last", "flip it to dusk"]


def test_a_second_thing_for_a_second_scene_borrows_the_verb() -> None:
    assert split_clauses("pop a lantern into scene 2, and a gaff hook into the loft scene") == [
        "pop a lantern into scene 2", "pop a gaff hook into the loft scene"]
    assert split_clauses("put a lamp in scene 2 and a kettle on the stove") == [
        "put a lamp in scene 2 and a kettle on the stove"]  # the stove is in scene 2: one step


def test_a_voice_said_after_a_comma_and_someone_got_into_a_scene_are_steps_of_their_own() -> None:
    said = split_clauses("tomas: wiry, salt in his beard. his voice, dry as sand. and get him into scene 4 too")
    assert said == ["tomas: wiry, salt in his beard", "his voice, dry as sand", "get him into scene 4 too"]


def test_whatever_follows_a_scene_is_the_next_one() -> None:
    assert relative_scene("tag whatever follows scene 2 fog", None, 6) == "tag scene 3 fog"
    assert relative_scene("plus whatever comes straight after it gets fog", 4, 6) == "plus scene 5 gets fog"
    assert relative_scene("whatever follows it", 6, 6) == "whatever follows it"  # no scene after the last


def test_a_rename_corrected_renames_again_whatever_the_name_has_in_words() -> None:
    assert name_correction("sorry, make it NET LOFT WEST instead", "rename the net loft location to NET STORE",
                           _NAMES, True) == ["rename NET STORE to NET LOFT WEST"]
    assert name_correction("nope - call her Wren", "rename mara to Mae", _NAMES, True) == ["rename Mae to Wren"]


def test_whose_words_open_or_close_the_film() -> None:
    context = ProjectContext(scene_count=6)
    assert overview_asked("whose line closes the film?", context) == {"topic": "dialogue", "which": "last"}
    assert overview_asked("whose words start the movie", context) == {"topic": "dialogue", "which": "first"}


def test_every_scene_someone_turns_up_in_is_a_count_of_their_scenes() -> None:
    assert scenes_of("name every scene tomas turns up in", _NAMES, _CAST) == "TOMAS"
    assert scenes_of("show me every scene mara's in", _NAMES, _CAST) == "MARA"
    assert scenes_of("which scene shows the gull", _NAMES, _CAST) is None  # one scene, by what is in it: found


def test_whether_a_scene_was_rewritten_is_its_version() -> None:
    context = ProjectContext(scene_count=6)
    assert overview_asked("has anyone rewritten scene 3 yet?", context) == {"topic": "versions", "scene_number": 3}
    assert overview_asked("is scene 2 still on its original draft?", context) == {
        "topic": "versions", "scene_number": 2}


def test_a_time_of_day_said_picks_the_scene_headed_so() -> None:
    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "Mara mends a net. The lamp gutters. Tomas says they close soon."),
              SceneInfo(2, "EXT. PIER - NIGHT", "Rain on the boards."),
              SceneInfo(3, "INT. NET LOFT - DAWN", "Mara rolls the nets away for good. The loft is closing.")]
    ranked = rank_scenes("the closing loft scene at dawn", scenes)
    assert ranked[0].number == 3 and all(m.score < ranked[0].score * 0.7 for m in ranked[1:])


_FERRY = {"scenes": [{"number": 1, "heading": "EXT. PIER - NIGHT", "content": (
    "Tomas steers through the fog.\n\nTOMAS\nThe Kestrel handles like a bathtub, but she's my boat.\n\n"
    "Mara checks her coat pocket. Nothing. The other pocket. A rusted hook: size six.")}],
    "characters": [{"name": "TOMAS"}, {"name": "MARA"}], "costumes": []}


def test_which_thing_is_answered_by_the_sentence_that_names_one() -> None:
    said = written(_FERRY, "which boat does tomas steer")
    assert "Kestrel" in said and "fog" not in said


def test_where_something_is_found_says_where_she_looked() -> None:
    said = written(_FERRY, "where does mara find the hook")
    assert "The other pocket." in said and "rusted hook" in said


async def test_a_thing_put_by_something_one_scene_shows(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "leave a thermos by the indicator")
    changed = [s["number"] for s, b in zip(after["scenes"], before["scenes"], strict=True) if s != b]
    assert changed == [3] and "THERMOS" in [p["name"] for p in after["props"]]


async def test_someones_lines_worked_on_where_they_say_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "cut down ruben's dialogue in scene 2")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


async def test_a_move_to_the_top_then_it_is_the_scene_now_first(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "bump scene 5 right up to the start, then set it to day")
    assert after["scenes"][0]["content"] == before["scenes"][4]["content"]
    assert after["scenes"][0]["heading"].endswith("- DAY") and after["scenes"][4]["heading"] == (
        before["scenes"][3]["heading"])


async def test_a_tag_slapped_on_the_scene_an_answer_found(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "which scene has ruben with the crate?")
        await session.run("t", "right - slap the tag 'paperwork' on it")
        scenes = session.snapshot()["scenes"]
        assert scenes[0]["tags"] == ["paperwork"] and all(not s["tags"] for s in scenes[1:])


async def test_a_scene_roughly_timed_in_seconds(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        said = await session.run("t", "roughly how many secs is scene 2?")
        assert "Scene 2 runs about" in str(said)


def test_someone_made_kinder_who_is_nowhere_is_a_stranger() -> None:
    from agent.llm.offline.unknowns import unknown_subject

    context = ProjectContext(characters=_CAST)
    assert unknown_subject("make pavel kinder in scene 2", context) == "pavel"
    assert unknown_subject("rewrite scene 2: make pavel gentler", context) == "pavel"
    assert unknown_subject("make mara kinder in scene 2", context) is None  # in the cast
    assert unknown_subject("make waves louder in scene 2", context) is None  # how a thing sounds, nobody's mood


async def test_someones_line_cut_never_takes_them_out_of_the_film(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "drop juno's line on the bridge")
    assert after["characters"] == before["characters"] and after["scenes"] == before["scenes"]


async def test_someone_cut_from_the_film_is_asked_about_first(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        said = await session.run("t", "axe ruben from the whole picture")
        assert "RUBEN" in str(said) and session.snapshot()["characters"] == session.snapshot()["characters"]
        assert any(c["name"] == "RUBEN" for c in session.snapshot()["characters"])  # waiting for a yes


async def test_all_of_the_changes_in_a_row_are_taken_back_together(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()["scenes"]
        await session.run("t", "give scene 4 more tension")
        await session.run("t", "and trim it a touch")
        await session.run("t", "right, roll back all of it")
        assert [s["content"] for s in session.snapshot()["scenes"]] == [s["content"] for s in before]


def test_a_voice_said_before_a_comma_keeps_its_first_words() -> None:
    from agent.llm.offline.fill_text import _voice_words

    assert _voice_words("give tomas a slow gravelly voice, a touch wheezy") == "slow gravelly, touch wheezy"


def test_that_part_of_a_costume_is_no_scene() -> None:
    from agent.resolver.references import find_scene_references

    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "Mara mends a net."), SceneInfo(2, "EXT. PIER - DAWN", "Gulls.")]
    assert find_scene_references("mara wears her apron all through - that part of the look stays", scenes) == []
    assert [r.number for r in find_scene_references("now redo that pier scene colder", scenes)] == [2]
