"""How a scene ends or opens, lines placed after a moment, and scenes named by an event, a doer or a thing.

The resolver and reader cases use a small invented screenplay (a market town: a stall at dawn, a van, a canal);
the whole requests go through the real tools on a fresh demo copy (IDA, RUBEN, JUNO; 1 office night with a
crate, 2 bridge night with a phone torch and a ticket, 3 night bus, 4 office night, 5 bridge dawn, 6 office dawn).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.index.embeddings import get_local_embedder
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.numbers import find_position
from agent.llm.offline.rewrite import rewrite_scene_body
from agent.llm.offline.speech import speech_act
from agent.llm.offline.stage import StageDirection, stage_direction
from agent.resolver import find_scene_references

_TOWN = TOWN
_CAST = ["MARA", "TOM"]


def _refs(text: str) -> list[tuple[str, str, int | None]]:
    found = find_scene_references(text, _TOWN, embed=get_local_embedder().embed)
    return [(r.phrase, r.status, r.number) for r in found]


@pytest.mark.parametrize(("text", "line", "place"), [
    ("scene 3 should end on mara alone by the water", "We hold on MARA alone by the water.", "end"),
    ("i'd like scene 2 to open with the engine ticking", "We open on the engine ticking.", "start"),
    ("end the scene on tom laughing, scene 4", "We hold on TOM laughing.", "end"),
])
def test_what_a_scene_ends_or_opens_on_is_a_line_held_there(text: str, line: str, place: str) -> None:
    found = stage_direction(text, _CAST)
    assert found is not None and (found.line, found.place) == (line, place)


@pytest.mark.parametrize(("text", "position"), [
    ("scene 2 should end with the horn", None),  # how scene 2 ends: no move
    ("i want scene 1 to close on the pears", None),
    ("end the film on the canal scene", 4),  # where a scene goes: last
    ("open with the van", 1),
])
def test_a_scene_ending_on_something_is_no_place_in_the_film(text: str, position: int | None) -> None:
    assert find_position(text, source=2, scene_count=4) == position


def test_the_thing_a_scene_ends_with_is_not_read_as_another_scene() -> None:
    assert [n for _, _, n in _refs("scene 4 should end with the delivery van")] == [4]


@pytest.mark.parametrize(("text", "tones"), [
    ("less dialogue in the van scene", ["shorter"]),  # the synonym itself says "less": not the other way
    ("less dark please", ["lighter"]),
    ("not so funny", ["sadder"]),
    ("not tense enough", ["tenser"]),
])
def test_less_and_not_turn_a_tone_only_when_they_are_said_before_it(text: str, tones: list[str]) -> None:
    assert find_tones(text) == tones


def test_a_quoted_line_for_someone_follows_the_moment_it_names() -> None:
    found = stage_direction("tom needs a line in scene 4 right after he sits down: 'Long day.'", _CAST)
    assert found is not None and (found.speaker, found.line, found.after) == ("TOM", "Long day.", "he sits down")
    body = "Mara sweeps.\n\nTom sits on an upturned crate.\n\nMARA\nGo home.\n\nTOM\nIn a minute."
    written = rewrite_scene_body(body, [], heading="EXT. MARKET SQUARE - NIGHT", props=(), action=found)
    assert written.index("Long day.") < written.index("Go home.")
    assert written.index("upturned crate") < written.index("Long day.")


def test_a_line_before_the_same_speakers_next_speech_joins_it() -> None:
    action = StageDirection(line="Look at this.", place="middle", speaker="TOM", after="the van parks")
    body = "The van parks.\n\nTOM\nWe're late.\n\nMARA\nWe always are."
    written = rewrite_scene_body(body, [], heading="INT. DELIVERY VAN - DAY", props=(), action=action)
    assert written.count("TOM") == 1 and "TOM\nLook at this.\nWe're late." in written


@pytest.mark.parametrize(("text", "line"), [
    ("scene 1: mara should lift a crate and then drop it", "MARA lifts a crate and then drops it."),
    ("in scene 3 there's a heron standing in the reeds", "A heron stands in the reeds."),
])
def test_a_second_verb_and_a_thing_said_to_be_there_read_as_action(text: str, line: str) -> None:
    found = stage_direction(text, _CAST)
    assert found is not None and found.line == line


@pytest.mark.parametrize(("text", "number"), [
    ("break the van ride into shots", 2),  # an event at a place
    ("the canal walk at dusk: quieter", 3),
    ("mara throwing the keys in the water - sadder", 3),  # someone doing something, as a label
    ("scene where tom finds the receipt - make it night", 2),  # "scene where" with no "the"
])
def test_scenes_named_by_an_event_or_a_doer(text: str, number: int) -> None:
    assert [n for _, _, n in _refs(text)][:1] == [number]


def test_a_thing_only_one_candidate_shows_settles_two_equal_ones() -> None:
    # Two market square scenes; only the night one has the upturned crate.
    assert [n for _, _, n in _refs("on the market square, tom should kick the upturned crate")] == [4]


def test_one_last_time_is_no_scene() -> None:
    assert all("one" not in p for p, _, _ in _refs("mara looks at the stall one last time in scene 4"))


def test_a_moment_and_what_it_should_feel_like_is_a_note_not_a_question() -> None:
    assert speech_act("When the van stops it ought to seem like a trap") == "command"
    assert speech_act("when does the van stop?") == "question"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "scene_endings")


async def test_a_scene_told_how_to_end_is_rewritten_not_moved(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "i'd like the bus scene to end on ruben staring ahead")
    assert [s["heading"] for s in after["scenes"]] == [s["heading"] for s in before["scenes"]]
    assert "We hold on RUBEN staring ahead." in after["scenes"][2]["content"]


async def test_a_quoted_line_lands_after_the_moment_it_follows(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "give juno a line on the bus right after ruben mentions ida: "
                                                  "'Is she nice?'")
    content = after["scenes"][2]["content"]
    assert content.index("Is she nice?") > content.index("goes to Ida")
    assert len(after["scenes"]) == 6


async def test_a_statement_about_a_moment_writes_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "i'm glad when ruben smiles")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


@pytest.mark.parametrize(("text", "line"), [
    ("add thunder at the start of scene 3", "Thunder rumbles."),
    ("give the van scene a bit of fog", "Fog rolls in."),
])
def test_weather_added_is_a_line_that_shows_it(text: str, line: str) -> None:
    found = stage_direction(text, _CAST)
    assert found is not None and found.line == line and found.speaker is None


@pytest.mark.parametrize(("text", "speaker", "line"), [
    ("give tom a line in scene 2 thanking mara", "TOM", "Thank you, Mara."),
    ("mara needs a line at the canal saying goodbye to tom", "MARA", "Goodbye, Tom."),
])
def test_a_line_asked_for_by_what_it_does_gets_plain_words(text: str, speaker: str, line: str) -> None:
    found = stage_direction(text, _CAST)
    assert found is not None and (found.speaker, found.line) == (speaker, line)


def test_a_line_about_a_topic_is_still_not_dictated() -> None:
    assert stage_direction("give tom a line about his father", _CAST) is None


def test_a_line_taken_out_is_found_by_its_words_and_only_it_goes() -> None:
    from agent.llm.offline.rewrite import scene_without_line
    from agent.llm.offline.taken_out import removed_line

    taken = removed_line("drop tom's line about his dad from scene 4", _CAST)
    assert taken is not None and (taken.words, taken.speaker) == ("his dad", "TOM")
    body = _TOWN[3].content
    without = scene_without_line(body, "place better than dad", "TOM")
    assert without is not None and "better than Dad" not in without and "TOM" not in without
    assert "Mara sweeps" in without
    assert scene_without_line(body, "the weather", None) is None  # no such line: nothing is taken out


def test_the_scene_a_line_is_in_is_named_by_its_words() -> None:
    assert [n for _, _, n in _refs("lose the 'count slower' line")] == [1]


async def test_cutting_a_line_never_deletes_the_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "remove ruben's line about the last delivery from scene 1")
    assert len(after["scenes"]) == 6
    assert "Last delivery." not in after["scenes"][0]["content"]
    assert after["scenes"][1:] == before["scenes"][1:]


def test_both_sides_of_between_name_scenes() -> None:
    found = _refs("write a scene between the van ride and the canal path: Tom phones home")
    assert [n for _, _, n in found] == [2, 3]


def test_two_scenes_swapped_by_what_happens_in_them() -> None:
    assert sorted(n or 0 for _, _, n in _refs("trade places: the van ride and the canal walk")) == [2, 3]


async def test_a_garment_worn_throughout_is_a_costume(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "Ruben wears a grey scarf the whole way through")
    assert [c["character"] for c in after["costumes"]] == ["RUBEN"]


async def test_a_new_character_said_as_a_label_is_added(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "new character: OTTO, the night cleaner, 60s")
    assert "OTTO" in [c["name"] for c in after["characters"]]


async def test_a_short_typo_of_a_verb_does_not_split_the_request(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "swp scenes 3 and 5")
    assert [s["heading"] for s in after["scenes"]] == [before["scenes"][i]["heading"] for i in (0, 1, 4, 3, 2, 5)]


def test_a_second_fact_about_the_same_person_is_its_own_step() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("Tom wears a green apron throughout, and his voice is husky") == [
        "Tom wears a green apron throughout", "his voice is husky"]


async def test_a_verdict_on_a_voice_never_becomes_the_voice(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "make juno older and her voice is fine")
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    was = next(c for c in before["characters"] if c["name"] == "JUNO")
    assert juno.get("voice") == was.get("voice")


async def test_a_tag_after_as_is_not_part_of_the_scene_description(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "mark the scene with the two paper cups as a favourite")
    assert after["scenes"][5]["tags"] == ["love"]


async def test_a_verdict_beside_a_request_is_not_a_step(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "make ruben older and his accent is fine")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert ruben["description"] != next(c for c in before["characters"] if c["name"] == "RUBEN")["description"]
    assert ruben.get("voice") == next(c for c in before["characters"] if c["name"] == "RUBEN").get("voice")


@pytest.mark.parametrize("text", [
    "end scene 2 with a fade to black",  # the editor's transition, not a held image
    "scene 3 should end on black",
    "add wind chimes to scene 1",  # a thing, not the wind
])
def test_transitions_and_things_are_no_held_image_or_weather(text: str) -> None:
    found = stage_direction(text, _CAST)
    assert found is None or not found.line.startswith(("We hold on", "The wind"))
