"""Follow-ups that chain, branches made and moved onto in one breath, feelings that are tags, and notes folded in.

"the same for scene 4" after a still of "the first shot in scene 3" keeps the shot; a third turn ("now the last
one") repeats the verb of the first, not the words of the second; "make a branch … and hop onto it" is one step
(making a branch already moves onto it), and "hop onto it" just after is that branch; "i really like the X scene"
and "I loathe the X scene. tag it accordingly" are tags; "how she talks in scene 2" is no voice; a file wished for
("the timeline out as edl") is an export; a job nobody in the cast has ("the barman") is said to be missing; a
character with no description of their own is revised from what the screenplay says of them, a new age replacing
the old one.

Invented requests; the demo is used only where the whole graph must run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo, shots_of

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.file_asks import asked_file
from agent.llm.offline.followups import shot_follow_up
from agent.llm.offline.guard import follow_up_request
from agent.llm.offline.traits import revised_description
from agent.project.history import list_branches
from agent.resolver.references import find_scene_references
from agent.resolver.scenes import SceneInfo
from agent.roles import Person, find_role_references


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "chains")


def test_the_same_for_another_scene_keeps_the_shot_said() -> None:
    assert follow_up_request("again for scene 5", ["sketch the first shot in scene 2"]) == (
        "sketch the first shot in scene 5")  # "shot in" is no shot number
    assert follow_up_request("again for scene 5", ["make shot 3 of scene 2 a close-up"]) == (
        "make shot 3 of scene 5 a close-up")


def test_one_for_another_shot_repeats_the_request_for_it() -> None:
    assert shot_follow_up("now one for the third shot", "sketch the first shot in scene 2") == (
        "sketch the third shot in scene 2")
    assert shot_follow_up("and shot 6 too", "make shot 2 of scene 4 a wide") == "make shot 6 of scene 4 a wide"
    assert shot_follow_up("now one for the third shot", "rewrite scene 2 colder") is None  # no shot before


async def test_a_third_turn_repeats_the_first_turns_verb(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "make shot 3 of scene 2 a wide", "and shot 1 too",
                                   "now the last one")
    shots = shots_of(after, 2)
    assert shots[3]["camera"]["shot_type"] == shots[1]["camera"]["shot_type"] == "wide"
    assert shots[max(shots)]["camera"]["shot_type"] == "wide"


def test_a_branch_made_then_moved_onto_is_one_step() -> None:
    assert split_clauses("start a fresh branch called pier-light and hop onto it") == [
        "start a fresh branch called pier-light"]
    assert split_clauses("start a fresh branch, name it tideline, then jump over to it") == [
        "start a fresh branch called tideline"]
    assert len(split_clauses("branch off as tideline, then rewrite scene 2 colder")) == 2  # a real second step


async def test_moving_onto_the_branch_just_made(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "start a fresh branch called tideline")
        said = await session.run("t", "great, hop over to it")
        assert session.snapshot()["branch"] == "tideline" and "tideline" in str(said)


@pytest.mark.parametrize(("said", "scene", "tag"), [
    ("i really like the final office scene", 6, "love"),
    ("the bus one is needing work, mark it", 3, "rewrite"),
    ("I honestly loathe the bus scene. tag it accordingly.", 3, "hate"),
])
async def test_a_feeling_about_a_scene_is_its_tag(template: Path, tmp_path: Path, said: str, scene: int,
                                                  tag: str) -> None:
    before, after = await run_demo(template, tmp_path, said)
    assert [s["tags"] for s in after["scenes"]] == [[tag] if s["number"] == scene else [] for s in after["scenes"]]
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_liking_how_someone_talks_sets_no_voice(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "i really like how juno talks in scene 4")
    assert after["characters"] == before["characters"] and after["history"] == before["history"]


def test_a_file_wished_for_is_an_export() -> None:
    assert asked_file("we'd like the timeline out as edl") == "export the timeline as edl"
    assert asked_file("my whole screenplay in pdf, ta") == "export my whole screenplay in pdf, ta"
    assert asked_file("is the timeline in edl already?") is None  # a question about it
    assert asked_file("the script was in fdx once") is None  # said of it, not asked


def test_a_job_nobody_has_is_not_a_gender_guess() -> None:
    people = [Person("MARA", frozenset({"mend", "net"}), 60, "f", 3, 0),
              Person("TOMAS", frozenset({"ferry", "steer"}), 40, "m", 0, 3)]
    assert find_role_references("make the barman gruffer", people)[0].names == ()
    assert find_role_references("make the waitress kinder", people)[0].names == ()
    assert find_role_references("the old woman needs softening", people)[0].names == ("MARA",)  # no job: who fits


async def test_a_job_nobody_has_is_said_to_be_missing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        said = await session.run("t", "make the barman gruffer")
        assert session.snapshot()["history"] == before["history"]
        assert "no barman" in str(said) and "RUBEN" in str(said)


def test_a_revision_folds_into_what_is_said_of_them() -> None:
    old = "40s, oilskin, salt in his beard"
    assert revised_description("TOMAS", old, "make tomas younger, late 30s") == "late 30s, oilskin, salt in his beard"
    assert revised_description("TOMAS", old, "tomas should be in his 60s") == "60s, oilskin, salt in his beard"
    assert revised_description("TOMAS", old, "tomas should be warmer in his description, less gruff") == (
        "40s, oilskin, salt in his beard. Tomas is warmer, less gruff.")
    assert revised_description("TOMAS", old, "tomas: he's 58, grew up on the ferry") == (
        "Oilskin, salt in his beard. He's 58, grew up on the ferry.")  # the new age, not both


async def test_a_revision_keeps_what_the_screenplay_says_of_them(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "give ruben a dry cough")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    introduced = re.search(r"RUBEN \(([^)]+)\)", after["scenes"][0]["content"]).group(1)  # type: ignore[union-attr]
    assert ruben["description"] == f"{introduced}. Ruben has a dry cough."


def test_someones_scene_said_by_its_place() -> None:
    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "MARA mends a net. TOMAS watches."),
              SceneInfo(2, "EXT. PIER - DAWN", "TOMAS ties up the ferry. Gulls."),
              SceneInfo(3, "INT. FERRY - DAY", "MARA rides the ferry alone.")]
    refs = find_scene_references("make mara's ferry scene quieter", scenes)
    assert [(r.phrase, r.number) for r in refs] == [("mara's ferry scene", 3)]
    assert find_scene_references("it's the pier scene that drags", scenes)[0].phrase == "the pier scene"


async def test_a_branch_made_then_named(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "start a fresh branch")
        said = await session.run("t", "name it harbour-light")
        assert session.snapshot()["branch"] == "harbour-light" and "Renamed branch" in str(said)
        assert len(session.snapshot()["scenes"]) == 6


async def test_a_switch_to_a_branch_named_like_a_time_of_day(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "start a fresh branch called evening")
        before = session.snapshot()
        await session.run("t", "hop to evening")
        after = session.snapshot()
        assert after["branch"] == "evening" and after["scenes"] == before["scenes"]  # no heading set to evening


@pytest.mark.parametrize(("first", "then", "scene"), [
    ("set the opening scene to dusk", "oops, do it to the closing scene instead", 6),
    ("set the opening scene to dusk", "sorry, make it scene 4 instead", 4),
])
async def test_a_correction_said_as_the_change_again(template: Path, tmp_path: Path, first: str, then: str,
                                                    scene: int) -> None:
    before, after = await run_demo(template, tmp_path, first, then)
    changed = [s["number"] for s, b in zip(after["scenes"], before["scenes"], strict=True) if s != b]
    assert changed == [scene] and after["scenes"][scene - 1]["heading"].endswith("- DUSK")


async def test_a_thing_put_somewhere_then_corrected_by_place(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "pop a brass lantern aboard the bus",
                                   "ugh, it should have been the final office one")
    changed = [s["number"] for s, b in zip(after["scenes"], before["scenes"], strict=True) if s != b]
    assert changed == [6] and "lantern" in after["scenes"][5]["content"].lower()


async def test_another_scene_named_by_its_place_only(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "mark scene 1 as keep", "plus the bus, too")
    assert [s["tags"] for s in after["scenes"]][:3] == [["keep"], [], ["keep"]]


def test_found_in_the_follow_up_that_names_only_a_place() -> None:
    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "MARA mends a net."),
              SceneInfo(2, "EXT. PIER - DAWN", "TOMAS ties up the ferry.")]
    assert [(r.phrase, r.number) for r in find_scene_references("and the pier too", scenes)] == [("the pier", 2)]


async def test_a_scene_wanted_for_someone_who_should_be_in_it(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ida must be in the dawn river scene also")
    assert after["scenes"][4]["heading"] == before["scenes"][4]["heading"]  # no time of day changed
    assert "ida" in after["scenes"][4]["content"].lower()


_LOFT = {"scenes": [
    {"number": 1, "heading": "INT. NET LOFT - NIGHT",
     "content": "MARA mends a torn net by lamplight. A kettle ticks on the stove.\n\nMARA\nTomas always comes back."},
    {"number": 2, "heading": "EXT. PIER - DAWN",
     "content": "Fog. TOMAS ties up the ferry. He carries a tin of tea up the steps.\n\nTOMAS\nI lost my first boat "
                "here. Spring of seventy-two."},
], "characters": [{"name": "MARA"}, {"name": "TOMAS"}], "costumes": [], "locations": [], "props": []}


def test_whether_something_happens_at_all() -> None:
    from agent.tools.said import written

    assert "never mentions “sing”" in written(_LOFT, "does anybody sing in it")
    assert "never mentions “snowing”" in written(_LOFT, "is it snowing on the pier")
    assert "ties up the ferry" in written(_LOFT, "does anyone tie up the ferry")


def test_a_colour_never_given_is_said_not_to_be() -> None:
    from agent.tools.said import written

    said = written(_LOFT, "tell me the kettle's colour")
    assert said.startswith("The screenplay doesn't say") and "kettle ticks" in said


def test_a_time_of_day_asked_looks_only_there() -> None:
    from agent.tools.said import written

    assert "tin of tea" in written(_LOFT, "who comes up carrying tea at dawn")
    assert "seventy-two" in written(_LOFT, "when did tomas lose his first boat")


def test_whether_questions_are_read_as_questions_about_the_story() -> None:
    from agent.llm.offline.questions import STORY_PAST, WHETHER_ASKED

    assert WHETHER_ASKED.match("is it snowing on the pier?") and WHETHER_ASKED.match("does anyone whistle?")
    assert not WHETHER_ASKED.match("is it rendering?") and not WHETHER_ASKED.match("does anyone know the time?")
    assert STORY_PAST.match("when did tomas lose his first boat?")
    assert not STORY_PAST.match("when does tomas find the net?")  # on screen: a scene answers it


def test_how_many_changes_an_undo_takes_back() -> None:
    from agent.llm.offline.numbers import find_steps

    assert find_steps("take back those four") == 4 and find_steps("roll back my last 2") == 2
    assert find_steps("undo the fourth") is None  # one of them, not four


async def test_back_to_a_branch_with_no_verb(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "fork the final scene off as quay-end")
        await session.run("t", "jump back to main")
        await session.run("t", "then back to quay-end")
        assert session.snapshot()["branch"] == "quay-end"


async def test_a_new_wish_after_actually_is_no_correction(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "tag scene 2 keep")
        await session.run("t", "sorry, i still want the opening scene warmer")
        snap = session.snapshot()
        assert snap["scenes"][1]["tags"] == ["keep"] and snap["scenes"][0]["version"] == 2  # kept, and a rewrite


def test_what_a_thing_says_is_no_line_of_dialogue() -> None:
    from agent.llm.offline.questions import fact_detail

    assert fact_detail("so what's it read on the sign by the pier?", "dialogue", ("MARA",))
    assert fact_detail("what does mara say to tomas?", "dialogue", ("MARA",)) is None  # her line


def test_a_thing_named_first_then_made_a_prop_there() -> None:
    from agent.llm.offline.names import new_thing_name

    said = "a cracked oar drifting past the pier, count it as a prop in that one"
    assert new_thing_name(said, "prop") == "CRACKED OAR"


async def test_the_ask_is_no_part_of_a_newcomers_description(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "a ferry hand called Bo, 30s, hums sea shanties - add him")
    bo = next(c for c in after["characters"] if c["name"] == "BO")
    assert "add him" not in bo["description"] and "shanties" in bo["description"]


def test_a_dictated_age_leaves_one_age() -> None:
    old = "40s, oilskin, salt in his beard"
    told = revised_description("TOMAS", old, "tomas: 58, gruff, mends nets")
    assert told == "Oilskin, salt in his beard. 58, gruff, mends nets."


def test_a_follow_up_that_states_something_is_no_scene() -> None:
    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "MARA mends a net."),
              SceneInfo(2, "EXT. PIER - DAWN", "TOMAS ties up the ferry.")]
    assert find_scene_references("and the mood is bleak", scenes) == []


@pytest.mark.parametrize("said", ["head back to the main draft", "leave this branch", "return to the trunk",
                                  "jump onto the other version"])
async def test_leaving_a_branch_said_without_its_name(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "start a fresh branch called tidewater")
        await session.run("t", "make scene 5 colder")
        turn = await session.run("t", said)
        assert turn.approval is not None  # switching away from two versions of a scene asks first
        await session.run("t", decision="approve")
        assert session.snapshot()["branch"] == "main"


async def test_go_back_just_after_a_branch_leaves_it_after_an_edit_undoes(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "start a fresh branch called tidewater")
        await session.run("t", "go back")
        await session.run("t", decision="approve")
        assert session.snapshot()["branch"] == "main"
        with session.project.read() as store:  # left, not undone: the branch is still there
            assert "tidewater" in [name for name, _ in list_branches(store)]
    async with opened(template, tmp_path / "b") as session:
        await session.run("t", "start a fresh branch called tidewater")
        await session.run("t", "make scene 5 colder")
        await session.run("t", "go back")
        after = session.snapshot()
        assert after["branch"] == "tidewater" and [s for s in after["scenes"] if s["number"] == 5][0]["version"] == 1


def test_on_main_the_original_is_a_scene_s_first_version() -> None:
    from agent.llm.offline.context import ProjectContext
    from agent.llm.offline.conversation import Turn
    from agent.llm.offline.understand import branch_meant

    on_main = Turn(context=ProjectContext(branch="main", branches=("main", "tidewater")), request="", clauses=[])
    assert branch_meant("return to the original draft", on_main) is None
    on_branch = Turn(context=ProjectContext(branch="tidewater", branches=("main", "tidewater")), request="",
                     clauses=[])
    assert branch_meant("return to the original draft", on_branch) == "switch to main"
    assert branch_meant("go back", on_branch) is None  # only just after the branch was made


def test_a_follow_up_replaces_the_place_a_request_ended_on() -> None:
    assert follow_up_request("and scene 4", ["sketch the closing shot of the pier at dusk"]) == (
        "sketch the closing shot of scene 4")


@pytest.mark.parametrize(("said", "tagged"), [("keep scene 2 untouched", True), ("keep it lean", False),
                                              ("keep scene 2 short and sharp", False)])
def test_keep_as_a_tag_or_a_direction(said: str, tagged: bool) -> None:
    from agent.llm.offline.cues import has_cue

    assert has_cue("tag_scene", said) is tagged
