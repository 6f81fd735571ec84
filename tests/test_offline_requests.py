"""The offline director on requests phrased the way film-makers type, through the real tools and the demo.

Each case runs on a fresh copy of the demo and checks the outcome on the snapshot (what changed and
what must not have), not the tool that was called. The pieces underneath (the resolver's plural and
leading descriptions, tones from "too long", stage directions, places by one word) have unit tests too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, opened, run_demo

from agent.llm.offline.cues import correct_spelling
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import placed_thing
from agent.llm.offline.stage import stage_direction
from agent.resolver import SceneInfo, find_scene_references, match_places

SCENES = [
    SceneInfo(1, "INT. LOST PROPERTY OFFICE - NIGHT", "A long counter. Umbrellas on the shelves."),
    SceneInfo(2, "EXT. RIVER BRIDGE - NIGHT", "Rain on black water. She finds a crumpled bus ticket in her pocket."),
    SceneInfo(3, "INT. NIGHT BUS - MOVING - NIGHT", "Juno pounds up the aisle, dripping."),
    SceneInfo(4, "INT. LOST PROPERTY OFFICE - NIGHT", "Juno at the counter. The claim form."),
    SceneInfo(5, "EXT. RIVER BRIDGE - DAWN", "The rain has stopped. She ties the key round her neck."),
    SceneInfo(6, "INT. LOST PROPERTY OFFICE - DAWN", "A green umbrella. She takes the umbrella. The umbrella again."),
]


def _refs(text: str) -> list[tuple[str, str, Any]]:
    return [(r.phrase, r.status, r.numbers or r.number) for r in find_scene_references(text, SCENES)]


def test_plural_descriptions_name_every_scene_they_fit() -> None:
    assert _refs("swap the two bridge scenes") == [("the two bridge scenes", "resolved", (2, 5))]
    assert _refs("both office scenes at night")[0][1] in ("resolved", "ambiguous")
    assert _refs("the three bridge scenes")[0][1] == "ambiguous"  # only two fit: ask, never guess


def test_leading_and_bare_descriptions_resolve() -> None:
    assert _refs("where she pounds up the aisle - more urgency") == [
        ("where she pounds up the aisle", "resolved", 3)]
    assert _refs("after the rain stops on the bridge, add a gull")[0][1:] == ("resolved", 5)
    assert _refs("claim form scene. funnier.")[0][1:] == ("resolved", 4)
    assert [r[0] for r in _refs("rewrite the bus scene")] == ["the bus scene"]  # not "rewrite the bus"
    assert _refs("the film feels too long") == []  # a note about the film is not about a scene


def test_tones_read_too_and_not_enough_the_right_way_round() -> None:
    assert find_tones("the second scene is too long, trim it") == ["shorter"]
    assert find_tones("it's way too dark") == ["lighter"]
    assert find_tones("not tense enough") == ["tenser"]
    assert find_tones("more urgency, it drags") == ["tenser", "shorter"]


def test_spelling_repair_leaves_real_words_with_endings_alone() -> None:
    fixed = correct_spelling("make her tougher and rewrte scene 2 darkr")
    assert fixed == "make her tougher and rewrite scene 2 darker"


def test_places_by_a_word_only_they_have() -> None:
    places = ["LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"]
    assert match_places("the office needs strip lights", places) == [("LOST PROPERTY OFFICE", "office")]
    assert match_places("it rains at night", places) == []  # a time of day is nobody's name


def test_placed_things_come_from_the_request_only() -> None:
    assert placed_thing("put a thermos of tea on the dashboard in scene 3") == "THERMOS"
    assert placed_thing("put juno in scene 2", ["JUNO"]) is None
    assert placed_thing("put it in scene 2") is None


def test_stage_directions_become_action_lines() -> None:
    cast = ["IDA", "JUNO", "RUBEN"]
    smile = stage_direction("in scene 6 have ida smile at the end", cast)
    assert smile is not None and (smile.line, smile.place) == ("IDA smiles.", "end")
    gull = stage_direction("can we have a gull go past on the bridge", cast)
    assert gull is not None and gull.line.startswith("A gull goes past")
    assert stage_direction("make ida older", cast) is None
    assert stage_direction("ida should look tired", cast) is None  # how she looks is the designer's


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "req")


_opened, _run = opened, run_demo  # one conversation per test: later turns may point back


def _scene(snapshot: dict[str, Any], number: int) -> dict[str, Any]:
    return next(s for s in snapshot["scenes"] if s["number"] == number)


def _others_unchanged(before: dict[str, Any], after: dict[str, Any], *changed: int) -> bool:
    return all(_scene(before, n)["content"] == _scene(after, n)["content"]
               for n in range(1, 7) if n not in changed)


async def test_a_prop_goes_into_the_scene_named_by_description(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "put a thermos in the bus scene")
    assert [p["name"] for p in after["props"]] == ["THERMOS"]
    assert "THERMOS" in _scene(after, 3)["content"] and _others_unchanged(before, after, 3)


async def test_swap_and_move_by_description(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "swap the two bridge scenes")
    assert (_scene(after, 2)["heading"], _scene(after, 5)["heading"]) == (
        _scene(before, 5)["heading"], _scene(before, 2)["heading"])
    before, after = await _run(template, tmp_path / "b", "move the dawn bridge scene to the very end")
    assert _scene(after, 6)["heading"] == "EXT. RIVER BRIDGE - DAWN"


async def test_a_place_named_by_one_word_gets_the_description(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "the office needs to feel colder, strip lights and lino")
    office = next(x for x in after["locations"] if x["name"] == "LOST PROPERTY OFFICE")
    assert "strip lights" in office["description"] and after["art_direction"] == before["art_direction"]


async def test_a_new_location_is_not_a_character_revision(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "new location: juno's bedroom, small and cluttered")
    assert any("BEDROOM" in x["name"] for x in after["locations"])
    assert after["characters"] == before["characters"]


async def test_rename_from_call_and_arrow(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "call juno 'jude' from now on")
    assert "JUDE" in [c["name"] for c in after["characters"]]
    _, after = await _run(template, tmp_path / "b", "rubn -> Remi, everywhere")
    assert "REMI" in [c["name"] for c in after["characters"]]


async def test_a_stage_direction_lands_where_asked(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "in the last scene have ida smile at the end")
    text = _scene(after, 6)["content"]
    assert "IDA smiles." in text and text.index("IDA smiles.") < text.index("FADE OUT.")
    assert _others_unchanged(before, after, 6)


async def test_a_shot_change_on_a_scene_without_shots_breaks_it_down_first(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "make shot 2 of scene 3 a close-up from a low angle")
    shot = next(s for s in after["shots"] if s["scene"] == 3 and s["number"] == 2)
    assert (shot["camera"]["shot_type"], shot["camera"]["angle"]) == ("close-up", "low")


async def test_put_it_back_undoes_the_change_just_made(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "rewrite scene 2 angrier", "actually put it back how it was")
    assert _scene(after, 2)["content"] == _scene(before, 2)["content"]


async def test_a_new_scene_tells_what_happens_without_pasting_the_request(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "write a new scene after scene 4 where juno calls her mum")
    new = _scene(after, 5)
    assert new["content"].startswith("JUNO calls her mum.") and "after scene 4" not in new["content"].lower()
    assert _scene(after, 6)["heading"] == _scene(before, 5)["heading"]


def test_follow_ups_lean_on_the_request_before() -> None:
    from agent.llm.offline.followups import correction, gapped, new_number, relative_scene, shot_follow_up

    assert relative_scene("same for the next one", 4, 6) == "same for scene 5"
    assert relative_scene("and the one after it", 6, 6) == "and the one after it"  # no scene 7: left to ask
    assert correction("oops, I meant scene 5", "brighten scene 2", changed=True) == ["undo", "brighten scene 5"]
    assert correction("oops, I meant scene 5", "what is in scene 2", changed=False) == ["what is in scene 5"]
    assert correction("no, not that one - the final one", "warm up scene 2", changed=True) == [
        "undo", "warm up the final one"]
    assert correction("sorry, shot 4", "make shot 1 of scene 2 a wide", changed=True) == [
        "undo", "make shot 4 of scene 2 a wide"]
    assert correction("no, the ending works", "warm up scene 2", changed=True) is None  # an opinion, not a pick
    # a described correction keeps what it does not contradict: the night *pier* scene, not any night scene
    assert correction("no, the night one", "warm up the dawn pier scene", changed=True) == [
        "undo", "warm up the night pier scene"]
    assert correction("sorry, the inside one", "cut the ext harbour scene", changed=False) == [
        "cut the inside harbour scene"]
    assert correction("no, the first one", "trim the last market scene", changed=True) == [
        "undo", "trim the first market scene"]
    assert correction("sorry, shot 4", "warm up scene 2", changed=True) is None  # no shot to swap
    assert new_number("no, 4", "hold shot 3 for 6 seconds") == "hold shot 3 for 4 seconds"
    assert new_number("no, 5", "brighten scene 2") is None  # a scene number is a correction, not an amount
    assert gapped("and mara a scarf", "give jonas a hat", ["JONAS", "MARA"]) == "give mara a scarf"
    assert gapped("mara is tired", "give jonas a hat", ["JONAS", "MARA"]) is None
    assert shot_follow_up("the final one as well", "tilt shot 2 up") == "tilt the final shot up"


def test_lists_split_where_film_makers_list() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("tag 2 keep, 5 hate") == ["tag 2 keep", "tag 5 hate"]
    assert split_clauses("give jonas a hat and mara a scarf") == ["give jonas a hat", "give mara a scarf"]
    assert split_clauses("Two things: darken scene 1, and flag scene 2 for a rewrite") == [
        "darken scene 1", "flag scene 2 for a rewrite"]
    assert split_clauses("rewrite scene 2, make it bleaker") == ["rewrite scene 2, make it bleaker"]  # one step
    assert split_clauses("a new prop: chipped, blue, tag still on") == ["a new prop: chipped, blue, tag still on"]
    assert split_clauses("the pier is rotten; the kiosk is bright") == ["the pier is rotten", "the kiosk is bright"]


async def test_renames_never_become_descriptions(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "ida's name should be irene")
    assert "IRENE" in [c["name"] for c in after["characters"]]
    assert all("name" not in c["description"].lower() for c in after["characters"])


async def test_a_correction_undoes_then_redoes_for_the_right_scene(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "make scene 1 bleaker", "oops, I meant scene 4")
    assert _scene(after, 1)["content"] == _scene(before, 1)["content"]
    assert _scene(after, 4)["content"] != _scene(before, 4)["content"]


async def test_a_merge_by_description_asks_and_one_by_number_does_not(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        asked = await session.run("t", "fold the bus scene into the one after it")
        assert asked.approval is not None and "Merge them?" in asked.approval["title"]
        await session.run("t", decision="reject")
        assert len(session.snapshot()["scenes"]) == 6
        both = await session.run("v", "merge the bridge at dawn with the office at dawn")  # both described
        assert both.approval is not None
        await session.run("v", decision="reject")
        assert len(session.snapshot()["scenes"]) == 6
        direct = await session.run("u", "merge scenes 5 and 6")
        assert direct.approval is None and len(session.snapshot()["scenes"]) == 5


async def test_words_that_look_like_other_tools_do_what_was_meant(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "hard cut between scenes 4 and 5")
    assert [s["heading"] for s in after["scenes"]] == [s["heading"] for s in before["scenes"]]  # nothing deleted
    before, after = await _run(template, tmp_path / "b", "make scene 3 funnier. also scene 4.")
    assert _scene(after, 3)["content"] != _scene(before, 3)["content"]
    assert _scene(after, 4)["content"] != _scene(before, 4)["content"]
    before, after = await _run(template, tmp_path / "c", "give marcus a hat")
    assert after["characters"] == before["characters"] and after["history"] == before["history"]


async def _replies(template: Path, tmp_path: Path, *turns: str) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Run turns ("!approve" answers a pending question); return the last turn's texts and both snapshots."""
    async with _opened(template, tmp_path) as session:
        before, texts = session.snapshot(), []
        for text in turns:
            if text.startswith("!"):
                result = await session.run("t", decision=text[1:])
            else:
                result = await session.run("t", text)
            texts = [*result.texts, *([result.approval["title"]] if result.approval else [])]
        return texts, before, session.snapshot()


async def test_going_back_to_how_a_scene_was_restores_its_earlier_version(template: Path, tmp_path: Path) -> None:
    said, before, after = await _replies(template, tmp_path, "rewrite scene 2 gloomier",
                                         "go back to how scene 2 read before", "!approve")
    assert _scene(after, 2)["content"] == _scene(before, 2)["content"] and after["branch"] == before["branch"]


async def test_who_is_in_and_what_they_say_answer_from_the_text(template: Path, tmp_path: Path) -> None:
    said, before, after = await _replies(template, tmp_path, "how many scenes has ida got")
    assert "3 scenes" in " ".join(said) and after == before  # she speaks in 1, 4, 6; the bus only mentions her
    said, _, _ = await _replies(template, tmp_path / "b", "what does ruben say on the bus?")
    assert "It is tonight." in " ".join(said) and "Last delivery" not in " ".join(said)


async def test_a_new_scene_after_a_described_one_goes_there(template: Path, tmp_path: Path) -> None:
    request = "add a scene after the bus where ruben sits alone at the depot"
    _, before, after = await _replies(template, tmp_path, request)
    assert len(after["scenes"]) == 7 and "RUBEN" in _scene(after, 4)["content"]
    assert _scene(after, 5)["heading"] == _scene(before, 4)["heading"]


async def test_a_place_is_renamed_in_every_heading(template: Path, tmp_path: Path) -> None:
    _, before, after = await _replies(template, tmp_path, "rename the office to the night depot")
    assert [s["heading"] for s in after["scenes"] if "NIGHT DEPOT" in s["heading"]] == [
        s["heading"].replace("LOST PROPERTY OFFICE", "NIGHT DEPOT") for s in before["scenes"]
        if "LOST PROPERTY OFFICE" in s["heading"]]
    assert "NIGHT DEPOT" in [x["name"] for x in after["locations"]]


async def test_a_correction_keeps_only_what_is_true(template: Path, tmp_path: Path) -> None:
    _, _, after = await _replies(template, tmp_path, "ruben is 50 not 40")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert "50" in ruben["description"] and "40" not in ruben["description"]


async def test_a_prop_for_an_ambiguous_scene_asks_which(template: Path, tmp_path: Path) -> None:
    said, before, after = await _replies(template, tmp_path, "add a typewriter to the office scene")
    assert after == before and "Which scene" in " ".join(said)


async def test_a_shot_named_by_what_it_shows_is_looked_up_once_per_step(template: Path, tmp_path: Path) -> None:
    _, _, after = await _replies(template, tmp_path, "break scene 3 into shots",
                                 "make the dashboard clock shot an insert, and break down scene 4")
    clock = [s for s in after["shots"] if s["scene"] == 3 and "clock" in s["description"]]
    assert [s["camera"]["shot_type"] for s in clock] == ["insert"]
    assert [s["camera"]["shot_type"] for s in after["shots"] if s["scene"] == 3].count("insert") == 1
    assert any(s["scene"] == 4 for s in after["shots"]), "the second step ran on its own scene"


async def test_every_shot_of_the_scene_just_broken_down(template: Path, tmp_path: Path) -> None:
    _, _, after = await _replies(template, tmp_path, "break scene 5 into shots", "make them all 2 seconds")
    assert {s["duration_s"] for s in after["shots"] if s["scene"] == 5} == {2.0}


async def test_a_note_on_a_named_scene_is_a_rewrite_that_says_what_draft_mode_left_undone(
        template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "on the night bus, I'd like the windows fogged up with breath")
        after = session.snapshot()
        assert [c["name"] for c in turn.tool_calls] == ["rewrite_scene"]
        assert _scene(after, 3)["content"] != _scene(before, 3)["content"] and _others_unchanged(before, after, 3)
        assert "fogged" not in _scene(after, 3)["content"]  # the note is the version's direction, not its text
        assert "Draft mode only shifts tone" in " ".join(turn.texts)
        for vague in ("scene 2 needs something", "can scene 2 be better"):  # no change named: nothing done
            assert not (await session.run("t", vague)).tool_calls
        plain = await session.run("t", "scene 2 is lovely as it is")  # an opinion asks for nothing
        assert not [c for c in plain.tool_calls if c["name"] == "rewrite_scene"]
        assert _scene(session.snapshot(), 2)["content"] == _scene(before, 2)["content"]


@pytest.mark.parametrize(("text", "wanted"), [
    ("scene 4 should be night, not day", {"time_of_day": "NIGHT"}),
    ("scene 2 at dusk rather than dawn", {"time_of_day": "DUSK"}),
    ("scene 1 is ext now", {"setting": "EXT"}),
])
async def test_heading_changes_said_as_facts(template: Path, tmp_path: Path, text: str, wanted: dict[str, str]) -> None:
    async with _opened(template, tmp_path) as session:
        turn = await session.run("t", text)
        [call] = [c for c in turn.tool_calls if c["name"] == "set_scene_heading"]
        assert {k: call["args"].get(k) for k in wanted} == wanted


@pytest.mark.parametrize(("text", "answer"), [
    ("what branch are we on?", "branch 'main'"),
    ("what's the slug line of scene 4", "Scene 4: INT. LOST PROPERTY OFFICE - NIGHT"),
    ("where is scene 2 set?", "Scene 2: EXT. RIVER BRIDGE - NIGHT"),
])
async def test_branch_and_heading_questions_are_answered_read_only(
        template: Path, tmp_path: Path, text: str, answer: str) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()["history"]
        turn = await session.run("t", text)
        assert answer in " ".join(turn.texts)
        assert session.snapshot()["history"] == before


def test_a_thing_taken_out_of_a_scene_goes_from_its_list_or_its_sentence() -> None:
    from agent.llm.offline.rewrite import scene_without
    from agent.llm.offline.taken_out import removed_thing

    body = ("Crates everywhere: bottles, a kettle, old maps, a fan.\n\nNOOR\n(pointing)\nMind the kettle. "
            "It bites.\n\nThe kettle whistles.\n")
    assert scene_without(body, "kettle") == (
        "Crates everywhere: bottles, old maps, a fan.\n\nNOOR\n(pointing)\nIt bites.\n")
    assert removed_thing("strip out the kettle from scene 4") == "kettle"
    assert removed_thing("take the paperback out of the first scene") == "paperback"
    assert removed_thing("cut the bit from scene 2") is None  # a part of a scene is not a thing in it
    assert removed_thing("remove scene 2") is None


async def test_taking_a_thing_out_rewrites_the_scene_and_a_missing_thing_asks(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "take the paperback out of scene 1")
    assert "paperback" not in _scene(after, 1)["content"] and "child's shoe" in _scene(after, 1)["content"]
    assert len(after["scenes"]) == 6 and _others_unchanged(before, after, 1)
    before, after = await _run(template, tmp_path / "b", "strip out the harmonica from scene 1")
    assert after["scenes"] == before["scenes"]


def _names(snapshot: dict[str, Any]) -> list[str]:
    return [c["name"] for c in snapshot["characters"]]


async def test_a_misspelt_rename_finds_the_cast_member_and_an_unknown_one_is_refused(
        template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "pls renaem jnuo to Josie")
    assert _names(after) == ["RUBEN", "IDA", "JOSIE"]
    _, after = await _run(template, tmp_path / "a", "could you rename rubin as Bo")  # "rubin" is a word too
    assert _names(after) == ["BO", "IDA", "JUNO"]
    before, after = await _run(template, tmp_path / "b", "rename gertrude to trudy")
    assert after == before, "an unknown character is named in the answer, nothing is written"


async def test_a_name_correction_undoes_then_redoes_with_the_right_name(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "rename ida to Vi", "actually, make it Violet")
    assert _names(after) == ["RUBEN", "VIOLET", "JUNO"]
    assert "VI" not in _scene(after, 1)["content"].split()
    _, after = await _run(template, tmp_path / "b", "ruben wears a scarf", "no, juno wears it, not ruben")
    described = {c["name"]: c["description"] for c in after["characters"]}
    assert "scarf" in described["JUNO"].lower() and "scarf" not in described["RUBEN"].lower()


def test_numbered_lists_labels_and_bare_numbers_split_into_steps() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("two notes: 1) brighten scene 2 2) export fdx") == ["brighten scene 2", "export fdx"]
    assert split_clauses("1. add a gull to scene 5 2. render") == ["add a gull to scene 5", "render"]
    assert split_clauses("brighten scene 2. then scene 5") == ["brighten scene 2", "brighten scene 5"]
    assert split_clauses("mara: red coat. jonas: a limp") == ["mara: red coat", "jonas: a limp"]
    assert split_clauses("add a prop: lamp, brass, dented") == ["add a prop: lamp, brass, dented"]
    assert split_clauses("flag 2 and 4 for a rewrite") == ["flag scene 2 for a rewrite", "flag scene 4 for a rewrite"]
    assert split_clauses("logline: two rivals share a boat. genre comedy") == [
        "logline: two rivals share a boat", "genre comedy"]


def test_later_steps_see_the_order_earlier_steps_leave() -> None:
    from agent.llm.offline.guard import reorder_of

    assert reorder_of("swap scenes 2 and 3", {}, 6) == {2: 3, 3: 2}
    assert reorder_of("move scene 5 to the start", {}, 6) == {5: 1, 1: 2, 2: 3, 3: 4, 4: 5}
    assert reorder_of("move scene 1 after scene 3", {}, 4) == {1: 3, 2: 1, 3: 2}
    assert reorder_of("swap scenes 1 and 2", reorder_of("swap scenes 1 and 2", {}, 3), 3) == {}
    assert reorder_of("darken scene 2", {4: 1}, 6) == {4: 1}
    assert reorder_of("swap scenes 2 and 9", {}, 6) == {}


async def test_a_described_scene_after_a_swap_in_the_same_message(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "swap 1 and 3 and then mark the bus scene as a keeper")
    assert _scene(after, 1)["heading"] == _scene(before, 3)["heading"] and _scene(after, 1)["tags"] == ["keep"]
    assert _scene(after, 3)["tags"] == []


async def test_genre_and_tone_said_after_a_logline_are_set_not_pasted(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "logline: a clerk keeps one last thing. genre drama, tone wistful")
    assert "genre" not in after["logline"].lower()
    assert (after["ideation"]["genre"], after["ideation"]["tone"]) == ("drama", "wistful")


def test_follow_ups_for_a_transition_and_a_new_place() -> None:
    from agent.llm.offline.followups import new_position, same_transition_target

    assert same_transition_target("no, a hard cut there", "dissolve into scene 4") == (
        "no, a hard cut there into scene 4")
    assert same_transition_target("no, a hard cut there", "darken scene 4") is None
    assert same_transition_target("fade to black into clip 2", "dissolve into scene 4") is None
    assert new_position("no, third", "move the storm scene to the start", True) == [
        "undo", "move the storm scene to position 3"]
    assert new_position("nah, 4th place", "put scene 2 after scene 5", False) == ["put scene 2 to position 4"]
    assert new_position("no, third", "darken scene 2", True) is None


async def test_reorders_and_transitions_named_by_description(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "could you flip the two bridge scenes round")
    assert (_scene(after, 2)["heading"], _scene(after, 5)["heading"]) == (
        _scene(before, 5)["heading"], _scene(before, 2)["heading"])
    before, after = await _run(template, tmp_path / "b", "take the scene of the claim form to the very start",
                               "no, the second place")
    assert [_scene(after, n)["heading"] for n in (1, 2)] == [_scene(before, 1)["heading"], _scene(before, 4)["heading"]]
    _, after = await _run(template, tmp_path / "c", "break scene 3 into shots", "break scene 4 into shots",
                          "assemble the timeline", "xfade from the bus into the claim form scene")
    assert next(c for c in after["timeline"] if c["scene"] == 4)["transition"] == "crossfade"


async def test_a_prop_said_before_add_it_keeps_its_name_and_the_words_after(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "the kettle is chipped enamel, whistling - add it as a prop")
    assert [(p["name"], p["description"]) for p in after["props"]] == [("KETTLE", "Chipped enamel, whistling.")]
    _, after = await _run(template, tmp_path / "b", "blue scarf - add to props. wool, frayed at one end")
    assert [(p["name"], p["description"]) for p in after["props"]] == [("BLUE SCARF", "Wool, frayed at one end.")]


def test_durations_said_with_halves() -> None:
    from agent.llm.offline.numbers import find_duration

    assert [find_duration(t) for t in ("a second and a half", "two and a half seconds", "half a second",
                                       "4 seconds and a half", "3s")] == [1.5, 2.5, 0.5, 4.5, 3.0]


async def test_shots_named_by_kind_and_short_forms(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "break scene 2 into shots",
                          "hold the establishing shot of the bridge scene at night for two and a half seconds",
                          "make the opening shot of scene 2 a high angle", "sh3 -> ECU")
    shots = {s["number"]: s for s in after["shots"] if s["scene"] == 2}
    assert shots[1]["duration_s"] == 2.5 and shots[1]["camera"]["angle"] == "high"
    assert shots[3]["camera"]["shot_type"] in ("close-up", "extreme close-up")
    assert _scene(after, 1)["content"] == _scene(_, 1)["content"]


async def test_a_scene_told_how_to_end_is_rewritten_not_moved(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "the opening scene: end on the tuba, nothing after it")
    assert [s["heading"] for s in after["scenes"]] == [s["heading"] for s in before["scenes"]]
    assert _scene(after, 1)["version"] == _scene(before, 1)["version"] + 1


async def test_where_a_scene_is_set_and_its_slugline_are_answered(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        second_last = await session.run("t", "where is the second to last scene set?")
        slug = await session.run("t", "whats the slugline of sc2")
        assert "RIVER BRIDGE - DAWN" in " ".join(second_last.texts)
        assert "RIVER BRIDGE - NIGHT" in " ".join(slug.texts)
        assert session.snapshot() == before


async def test_a_request_pointing_at_something_unsaid_asks(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "would you do that change we agreed on")
        assert turn.tool_calls == [] and "?" in turn.texts[-1]
        assert session.snapshot() == before


def test_greetings_sign_offs_and_where_a_note_goes_are_not_the_note() -> None:
    from agent.llm.offline.clauses import split_clauses
    from agent.llm.offline.fill_text import _slug
    from agent.llm.offline.speech import speech_act
    from agent.llm.offline.traits import revised_description

    assert split_clauses("Quick one: darken scene 2. Thanks!") == ["darken scene 2"]
    assert speech_act("I reckon he's too young. Could we make him 50?") == "command"
    assert speech_act("The bridge scene works. What's next?") == "question"
    assert speech_act("Darken scene 3. Is that ok?") == "command"
    assert revised_description("Mara", "", "make mara 40 in her profile?") == "Mara is 40."
    assert _slug("make a branch called night-shoot for scenes 2 to 3") == "night-shoot"


async def test_comparatives_outlines_new_scenes_and_unknown_places(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "make scene 4 dustier")
    assert _scene(after, 4)["version"] == _scene(before, 4)["version"] + 1 and after["locations"] == before["locations"]
    before, after = await _run(template, tmp_path / "b", "the lighthouse should look weathered")
    assert after == before, "a place the film does not have is asked about, not described"
    before, after = await _run(template, tmp_path / "c", "add a new scene after the bus: ruben alone, engine off")
    assert _scene(after, 4)["content"].startswith("RUBEN")
    assert _scene(after, 5)["heading"] == _scene(before, 4)["heading"]
    _, after = await _run(template, tmp_path / "d", "logline: a bus driver keeps a promise", "five act outline please")
    assert max(b["act"] for b in after["outline"]) == 5, "built as five acts from the logline"


async def test_short_forms_and_bare_comparatives(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "sc4 dustier, and flag it keep")
    assert _scene(after, 4)["content"] != _scene(before, 4)["content"] and _scene(after, 4)["tags"] == ["keep"]
    assert all(_scene(after, n)["tags"] == [] for n in (1, 2, 3, 5, 6))
    _, after = await _run(template, tmp_path / "b", "break down 2", "2.4 -> 3 secs")
    assert next(s for s in after["shots"] if s["scene"] == 2 and s["number"] == 4)["duration_s"] == 3.0
    before, after = await _run(template, tmp_path / "c", "make the harbour look busier")
    assert after == before


async def test_a_character_named_by_role(template: Path, tmp_path: Path) -> None:
    """The driver is RUBEN (his lines say he drives), the teenager JUNO (17, "she"): no name needed."""
    before, after = await _run(template, tmp_path, "rename the driver to Stan")
    assert [c["name"] for c in after["characters"]] == ["STAN", "IDA", "JUNO"]
    before, after = await _run(template, tmp_path / "b", "give the teenager a description: freckles, a borrowed coat")
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert "freckles" in juno["description"].lower() and "teenager" not in juno["description"].lower()


async def test_a_described_moment_told_how_much_more_is_a_rewrite(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "where she knots the string round her neck could be even quieter")
    assert _scene(after, 5)["version"] == 2 and _others_unchanged(before, after, 5)


async def test_someone_not_in_the_cast_is_said_so_for_questions_and_changes(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        for text in ("what does marek say in scene 2?", "make marek's lines drier"):
            turn = await session.run("t", text)
            assert any("MAREK" in t for t in turn.texts), turn.texts
        assert session.snapshot()["history"] == before["history"], "nothing written"


async def test_whether_someone_is_in_the_scenes_a_description_names(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "does ruben appear in either of the bridge scenes?")
        assert "RUBEN is in neither scene 2 nor scene 5" in " ".join(turn.texts)
        turn = await session.run("t", "does juno turn up in the bus scene?")
        assert "Yes: JUNO is in scene 3" in " ".join(turn.texts)
        assert session.snapshot()["history"] == before["history"]


async def test_the_bit_with_a_thing_just_after_a_look_is_a_part_of_that_scene(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "read me scene 6", "drop the bit about the receipt")
    assert [s["heading"] for s in after["scenes"]] == [s["heading"] for s in before["scenes"]], "no scene deleted"
    assert "receipt" not in _scene(after, 6)["content"] and _others_unchanged(before, after, 6)


async def test_a_tag_taken_off_is_removed_never_added(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "flag scene 4 rewrite", "hmm, remove that tag again")
    assert _scene(after, 4)["tags"] == []
    before, after = await _run(template, tmp_path / "b", "untag scene 4 rewrite")
    assert _scene(after, 4)["tags"] == []


async def test_a_pronoun_only_request_to_add_someone_asks_and_a_closing_one_adds_once(
    template: Path, tmp_path: Path
) -> None:
    before, after = await _run(template, tmp_path, "add her to the cast please")
    assert after["characters"] == before["characters"], "no made-up name for nobody"
    _, after = await _run(template, tmp_path / "b", "a ferry pilot - Mr Hale, 50s, oilskins. would you add him?")
    assert [c["name"] for c in after["characters"]][len(before["characters"]):] == ["MR HALE"]


async def test_what_someone_wears_is_a_costume_and_per_scene_outfits_are_one_each(
    template: Path, tmp_path: Path
) -> None:
    said = "juno: a red anorak on the bridge at night, a green parka for the last one"
    _, after = await _run(template, tmp_path, said)
    worn = sorted((c["description"], c["scenes"]) for c in after["costumes"])
    assert worn == [("A green parka.", [6]), ("A red anorak.", [2])], worn
    before, after = await _run(template, tmp_path / "b", "costume for ruben - a navy raincoat",
                               "he only wears it in 3 and 6")
    assert [c["scenes"] for c in after["costumes"]] == [[3, 6]]
    assert after["characters"] == before["characters"], "wearing it is no trait of his"


async def test_an_outline_written_out_becomes_the_outline_beat_for_beat(template: Path, tmp_path: Path) -> None:
    said = "my outline: 1) Ida locks up. 2) A girl comes back. 3) The key goes home."
    before, after = await _run(template, tmp_path, said)
    assert [b["text"] for b in after["outline"]] == ["Ida locks up.", "A girl comes back.", "The key goes home."]
    assert (after["locations"], after["characters"]) == (before["locations"], before["characters"])


async def test_a_thing_the_film_lacks_is_said_so_and_nothing_changes(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        for text in ("make the sword fight longer", "give the parrot a name", "how long is the sword fight?"):
            turn = await session.run("t", text)
            assert "There's no" in " ".join(turn.texts), (text, turn.texts)
        assert session.snapshot()["history"] == before["history"], "nothing written"
        turn = await session.run("t", "make the umbrela scene quieter")  # a misspelt word of the film is not lacking
        assert "There's no" not in " ".join(turn.texts)


async def test_a_scene_to_keep_or_to_redo_is_tagged_never_rewritten(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "flag scene 3 - it needs more work", "scene 4 is spot on, lock it",
                               "scene 1 is too slow. mark it")
    assert [_scene(after, n)["tags"] for n in (1, 3)] == [["rewrite"], ["rewrite"]]
    assert _scene(after, 4)["tags"] in (["keep"], ["love"])
    assert _others_unchanged(before, after), "tagged, not rewritten"


async def test_a_misspelt_place_still_names_its_scenes(template: Path, tmp_path: Path) -> None:
    async with _opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "make the brigde scene warmer")  # two bridge scenes: which one?
        assert "2 · EXT. RIVER BRIDGE - NIGHT" in " ".join(turn.texts)
        assert session.snapshot()["history"] == before["history"]


async def test_a_place_stated_as_what_it_is_and_never_as_where_it_goes(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "night bus = single decker, cracked windows")
    bus = next(x for x in after["locations"] if x["name"] == "NIGHT BUS")
    assert bus["description"] == "Single decker, cracked windows."
    before, after = await _run(template, tmp_path / "b", "the office at dawn should come before the bus at night")
    assert after["locations"] == before["locations"], "a scene's place in the film is no description"


async def test_costumes_said_with_a_note_or_a_dash_keep_only_the_garment(template: Path, tmp_path: Path) -> None:
    said = "wardrobe note: Ruben wears a navy donkey jacket with a torn pocket, in every scene he's in"
    _, after = await _run(template, tmp_path, said, "juno's yellow raincoat - only in the two bridge scenes")
    worn = sorted((c["character"], c["description"], c["scenes"]) for c in after["costumes"])
    assert worn == [("JUNO", "Yellow raincoat.", [2, 5]), ("RUBEN", "A navy donkey jacket with a torn pocket.", [])]


async def test_a_logline_in_quotes_and_the_kind_of_film_after_it(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "set the logline to 'A driver's last run goes off route.' and call it a "
                                              "gentle comedy")
    assert after["logline"] == "A driver's last run goes off route."
    assert (after["ideation"]["genre"], after["ideation"]["tone"]) == ("comedy", "gentle")


async def test_how_someone_sounds_is_their_voice_and_a_scene_they_should_be_in_takes_them_in(
    template: Path, tmp_path: Path
) -> None:
    before, after = await _run(template, tmp_path, "juno sounds breathless, a soft east london accent",
                               "ida should also appear in scene 2")
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert "breathless" in juno["voice"] and juno["description"] == next(
        c["description"] for c in before["characters"] if c["name"] == "JUNO")
    assert "IDA" in _scene(after, 2)["content"] and _others_unchanged(before, after, 2)
    before, after = await _run(template, tmp_path / "b", "make scene 1 hushed - ida never raises her voice")
    assert [c["voice"] for c in after["characters"]] == [c["voice"] for c in before["characters"]]


async def test_cards_places_and_kinds_of_film_said_in_passing(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "logline: a clerk keeps one thing for herself. genre's drama",
                          "call the river bridge 'Iron Bridge' instead", "juno's hands shake when she is cold")
    assert after["ideation"]["genre"] == "drama" and "genre" not in after["logline"]
    assert "IRON BRIDGE" in [x["name"] for x in after["locations"]]
    juno = next(c["description"] for c in after["characters"] if c["name"] == "JUNO")
    assert "hands shake" in juno and "BRIDGE" not in juno  # "she" is Juno, never the place just renamed
    async with _opened(template, tmp_path / "b") as session:
        turn = await session.run("t", "closing card - goodnight, route nine")
        assert any(c["name"] == "add_card" and c["args"].get("kind") == "credits" for c in turn.tool_calls)


async def test_a_place_is_tagged_and_files_are_asked_for_in_plain_words(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "tag the lost property office practical-light")
    office = next(x for x in after["locations"] if x["name"] == "LOST PROPERTY OFFICE")
    assert office["tags"] == ["practical-light"] and [s["tags"] for s in after["scenes"]] == [
        s["tags"] for s in before["scenes"]]
    async with _opened(template, tmp_path / "b") as session:
        turn = await session.run("t", "Our colourist wants everything. Can you zip the whole project up for him?")
        assert [(c["name"], c["args"].get("format")) for c in turn.tool_calls] == [("export_project", "bundle")]
        assert not any("not sure" in t for t in turn.texts), "the aside asks for nothing"
        turn = await session.run("t", "and the breakdown, as something I can open in excel")
        assert [(c["args"].get("format"), c["args"].get("csv")) for c in turn.tool_calls] == [("breakdown", True)]


async def test_the_other_one_is_the_candidate_not_just_changed(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "make scene 2 gloomier", "no wait, the other bridge one")
    assert _scene(after, 2)["content"] == _scene(before, 2)["content"], "the first change was undone"
    assert _scene(after, 5)["version"] > 1 and _others_unchanged(before, after, 5)


async def test_a_new_place_named_in_capitals_keeps_its_name(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "add a location: SHIPYARD, cranes, puddles, sodium haze")
    added = [x["name"] for x in after["locations"]][len(before["locations"]):]
    assert added == ["SHIPYARD"], "the name said, never one made up"


async def test_a_new_name_in_capitals_or_after_a_role_renames(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "call the bridge location HARBOUR STEPS instead")
    assert "HARBOUR STEPS" in [x["name"] for x in after["locations"]]
    assert _scene(after, 2)["heading"] == "EXT. HARBOUR STEPS - NIGHT"
    _, after = await _run(template, tmp_path / "b", "the bus driver — call him Anton from now on")
    assert "ANTON" in [c["name"] for c in after["characters"]]
    assert "RUBEN" not in [c["name"] for c in after["characters"]]


async def test_keeping_a_thing_and_an_idiom_are_not_tags_or_scenes(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "in the end, juno should keep the ticket")
    assert all(not s["tags"] for s in after["scenes"]), "keeping a thing is not a keep tag"
    assert [c["description"] for c in after["characters"]] == [c["description"] for c in before["characters"]]


async def test_trimming_a_shot_is_a_duration_not_a_rewrite(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "break scene 2 into shots",
                               "trim the establishing shot of the bridge to two seconds")
    assert _others_unchanged(before, after) and _scene(after, 2)["version"] == 1
    first = next(s for s in after["shots"] if s["scene"] == 2 and s["number"] == 1)
    assert first["duration_s"] == 2.0


def test_a_correction_naming_something_else_replaces_the_description() -> None:
    from agent.llm.offline.followups import correction

    assert correction("sorry, i meant the market scene", "tag the harbour scene keep", changed=True) == [
        "undo", "tag the market scene keep"]
