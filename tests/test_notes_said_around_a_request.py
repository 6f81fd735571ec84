"""Notes about people and places said the way film-makers chat: the reason before a request, a learner's "must to",
"that's her", a comparative before a colon, a life story told with "before", a thing that should become a prop.

Unit tests use an invented world (MARA, TOMAS; the pier, the ferry, the net loft); whole requests run on a fresh
demo copy (IDA, RUBEN, JUNO; LOST PROPERTY OFFICE, RIVER BRIDGE, NIGHT BUS) with invented phrasings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.speech import is_aside
from agent.llm.offline.stage import stage_direction
from agent.llm.offline.taken_out import removed_thing
from agent.llm.offline.traits import trait_sentence
from agent.resolver import SceneInfo, find_scene_references
from agent.resolver.numbers import SHORT_SCENE
from agent.shorthand import spell_out

PIER = [
    SceneInfo(1, "EXT. PIER - NIGHT", "Sleet over the water. MARA coils a rope.\n\nTOMAS\nNot again, Mara."),
    SceneInfo(2, "INT. FERRY - NIGHT", "TOMAS steers. MARA sleeps against the window. A brass lantern swings."),
    SceneInfo(3, "INT. NET LOFT - DAWN", "Nets hang from the beams. Mara mends one. No one else comes."),
]


@pytest.mark.parametrize(("said", "trait"), [
    ("tomas has got a scar on his lip, he was a docker before",
     "Tomas has got a scar on his lip, he was a docker before."),
    ("mara never raises her voice. patient. that's her", "Mara never raises her voice. Patient."),
    ("mara must to have grey hair. please you add this in her description", "Mara has grey hair."),
    ("tomas - give him a limp", "Tomas has a limp."),
    ("mara: make her 60", "Mara is 60.")])
def test_a_trait_is_read_from_the_way_it_was_said(said: str, trait: str) -> None:
    assert trait_sentence(said.split()[0].strip(":").upper(), spell_out(said)) == trait


def test_a_learners_to_after_a_modal_is_dropped() -> None:
    assert spell_out("she should to look older") == "she should look older"


def test_a_number_after_an_apostrophe_s_is_no_short_scene() -> None:
    assert SHORT_SCENE.sub("scene", "she's 72, widowed") == "she's 72, widowed"
    assert SHORT_SCENE.sub(r"scene \1", "s3 darker") == "scene 3 darker"


@pytest.mark.parametrize("said", [
    "tomas has a scar, he was a docker before the ferry",
    "Tomas's older than that: 60, bad back",
    "brass lantern should be a prop. dented, green glass"])
def test_what_describes_someone_or_something_names_no_scene(said: str) -> None:
    assert find_scene_references(said, PIER) == []


def test_no_one_is_not_a_scene_called_the_something_one() -> None:
    refs = find_scene_references("put tomas in scene 3 - he waits by the nets and no one sees him", PIER)
    assert [r.number for r in refs] == [3]


@pytest.mark.parametrize(("said", "aside"), [
    ("Tomas isn't working as a name, it's too plain", True),
    ("the ending doesn't really land", True),
    ("please don't fit a new scene in", False),
    ("tomas is working late", False)])
def test_a_judgement_with_no_request_is_said_beside_one(said: str, aside: bool) -> None:
    assert is_aside(said, ("MARA", "TOMAS")) is aside


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "notes-around")


async def test_a_rename_said_of_her_after_the_reason_renames_her(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "Ida doesn't fit as a name, too soft. Let's call her Edith from here on.")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["rename_character"]
    assert {c["name"] for c in after["characters"]} == {"EDITH", "RUBEN", "JUNO"}


async def test_a_sentence_about_her_then_add_that_becomes_her_description(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "Ida is a little short-sighted - she squints at every tag. Can you add that to who "
                               "she is?")
        after = session.snapshot()
    ida = next(c for c in after["characters"] if c["name"] == "IDA")
    assert "short-sighted" in ida["description"] and "add that" not in ida["description"]


async def test_a_place_labelled_by_its_whole_name_gets_its_look(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "the river bridge: iron railings, puddles, one working lamp")
        after = session.snapshot()
    bridge = next(p for p in after["locations"] if p["name"] == "RIVER BRIDGE")
    assert bridge["description"] == "Iron railings, puddles, one working lamp."


async def test_a_time_of_day_is_never_a_places_look(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", "the bridge - make it dusk")
        after = session.snapshot()
    assert after["locations"] == before["locations"]


async def test_someone_put_in_a_scene_does_what_the_sentence_after_says(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "put ruben in scene 2 - he's leaning on the railing with a flask")
        after = session.snapshot()
    assert "RUBEN is leaning on the railing with a flask." in after["scenes"][1]["content"]


async def test_a_pair_corrected_undoes_the_swap_and_swaps_that_pair(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", "swap scenes 1 and 2")
        turn = await session.run("t", "nope, 4 & 5 was what i wanted")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["undo", "swap_scenes"]
    headings = [s["heading"] for s in before["scenes"]]
    assert [s["heading"] for s in after["scenes"]] == [*headings[:3], headings[4], headings[3], headings[5]]


async def test_a_scene_number_corrected_after_not_redoes_it_there(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", "tag scene 2 rain")
        turn = await session.run("t", "sorry, not 2 - scene 5 is what i meant")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["undo", "tag_scene"]
    assert after["scenes"][1]["tags"] == before["scenes"][1]["tags"] and "rain" in after["scenes"][4]["tags"]


async def test_the_other_one_then_which_in_a_second_sentence_is_one_correction(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", "tag the first bridge scene wet")
        await session.run("t", "no, the other one. where juno ties the string round her neck")
        after = session.snapshot()
    assert after["scenes"][1]["tags"] == before["scenes"][1]["tags"] and "wet" in after["scenes"][4]["tags"]


async def test_a_costume_given_then_limited_is_worn_only_there(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "give ruben a costume: navy driver's jumper, elbows worn through")
        await session.run("t", "only in the office scenes though")
        after = session.snapshot()
    worn = [c for c in after["costumes"] if c["character"] == "RUBEN"]
    assert len(worn) == 1 and worn[0]["scenes"] == [1, 6]


async def test_someone_put_on_a_place_is_put_in_its_scene(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "put ida on the bus")
    assert [(c["name"], c["args"].get("scene_number")) for c in turn.tool_calls] == [("put_character_in_scene", 3)]


async def test_a_branch_named_in_the_next_sentence_is_one_branch(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "branch only the claim scene, i want to mess around. call it claim-b")
        after = session.snapshot()
    assert [(c["name"], c["args"].get("branch_name")) for c in turn.tool_calls] == [("create_branch", "claim-b")]
    assert after["branch"] == "claim-b"


async def test_a_branch_of_one_scene_said_with_only_takes_that_scene(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "branch scene 5 alone, name it dawn-b")
    args = [c["args"] for c in turn.tool_calls if c["name"] == "create_branch"]
    assert args and args[0].get("start_scene") == 5 and args[0].get("end_scene") == 5


async def test_do_this_on_a_branch_makes_one_and_never_names_it_main(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "do this one on a separate branch and keep main safe")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["create_branch"] and after["branch"] not in ("main", "")


async def test_two_scenes_said_each_their_own_way_are_merged_after_asking(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "fold the bridge at dawn and the umbrella scenes together")
        await session.run("t", decision="reject")
        after = session.snapshot()
    assert [(c["name"], c["args"].get("start_scene"), c["args"].get("end_scene")) for c in turn.tool_calls] == [
        ("merge_scenes", 5, 6)]
    assert after["scenes"] == before["scenes"]


@pytest.mark.parametrize(("said", "line"), [
    ("have her drop the phone in the gutter and swear", "She drops the phone in the gutter and swears."),
    ("make him stop the bus", "He stops the bus.")])
def test_someone_told_to_do_something_as_her_or_him_does_it(said: str, line: str) -> None:
    found = stage_direction(said, ("IDA", "RUBEN", "JUNO"))
    assert found is not None and found.line == line and removed_thing(said) is None


def test_have_her_with_no_verb_is_no_action() -> None:
    assert stage_direction("have her voice deeper", ("IDA", "RUBEN", "JUNO")) is None


@pytest.mark.parametrize(("said", "steps"), [
    ("put mara in the first scene and tomas in the last pier scene",
     ["put mara in the first scene", "put tomas in the last pier scene"]),
    ("tag the ferry sequence storm, and the pier at dawn should be dusk instead",
     ["tag the ferry sequence storm", "the pier at dawn should be dusk instead"]),
    ("rewrite scene 2, the ending should be sadder", ["rewrite scene 2, the ending should be sadder"]),
    ("describe the loft as damp and the pier as bleached",
     ["describe the loft as damp", "describe the pier as bleached"]),
    ("for mara: voice low and dry, and an oilskin as her costume", ["mara: voice low and dry",
                                                                     "mara: an oilskin as her costume"])])
def test_two_steps_in_one_message_are_split_where_each_has_its_own_shape(said: str, steps: list[str]) -> None:
    assert split_clauses(said) == steps


def test_weather_said_as_what_it_should_be_doing_is_a_line() -> None:
    found = stage_direction("scene 1 - the sleet should be lashing the boards, not a drizzle", ("MARA", "TOMAS"))
    assert found is not None and found.line == "The sleet lashes the boards."


def test_a_scene_said_with_an_apostrophe_s_is_still_that_scene() -> None:
    refs = find_scene_references("the ferry scene's a bit slow. make it tenser", PIER)
    assert [(r.phrase, r.number) for r in refs] == [("the ferry scene", 2)]


async def test_an_idiom_with_the_is_no_missing_thing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "describe juno as wiry and chilled to the bone")
        after = session.snapshot()
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert [c["name"] for c in turn.tool_calls] == ["revise_character"] and "to the bone" in juno["description"]


async def test_the_same_for_someone_else_with_their_own_value(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "Ida's voice should be dry and low")
        turn = await session.run("t", "do ruben's as well, but gruff and slow")
        after = session.snapshot()
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert [c["name"] for c in turn.tool_calls] == ["set_character_voice"] and ruben["voice"] == "gruff and slow"


@pytest.mark.parametrize(("said", "number"), [
    ("the lantern ending needs more quiet", None), ("the rope opener needs more noise", 1),
    ("could the nets ending be warmer?", 3), ("the sad ending drags", None)])
def test_the_first_or_last_scene_named_by_what_is_in_it(said: str, number: int | None) -> None:
    refs = [r for r in find_scene_references(said, PIER) if re.search(r"ending|opener", r.phrase)]
    assert [r.number for r in refs] == ([number] if number else [])


async def test_an_action_corrected_to_another_verb_is_undone_and_redone(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "ida sings in scene 6 while the lights go off")
        turn = await session.run("t", "no, humming, not singing")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["undo", "rewrite_scene"]
    assert "hums" in after["scenes"][5]["content"] and "sings" not in after["scenes"][5]["content"]


@pytest.mark.parametrize("said", ["put a pause in scene 3", "put a little more tension in scene 3"])
async def test_no_prop_is_named_from_what_is_no_object(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        after = session.snapshot()
    assert after["props"] == []
