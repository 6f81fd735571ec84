"""Lines asked about in other word orders, writing on a thing, relatives who never appear, things carried between
scenes, a line placed by a speaker "in the X scene", weather that does something, and scenes told by what has ended.

Unit tests use an invented world (MARA, TOMAS; the pier, the ferry, the net loft); whole requests run on a fresh
demo copy (IDA, RUBEN, JUNO) with invented phrasings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.lines import words_args
from agent.llm.offline.speech import speech_act
from agent.llm.offline.spoken import spoken_line
from agent.llm.offline.stage import stage_direction
from agent.resolver import SceneInfo, find_scene_references
from agent.shorthand import spell_out
from agent.tools.said import written

CAST = ("MARA", "TOMAS")
PROPS = {"topic": {}, "scene_number": {}, "name": {}, "which": {}, "quote": {}, "detail": {}}
PIER = [
    SceneInfo(1, "EXT. PIER - NIGHT", "Sleet over the water. MARA coils a rope.\n\nTOMAS\nNot again, Mara.\n\n"
                                      "MARA\nThe tide never asks."),
    SceneInfo(2, "INT. FERRY - NIGHT", "TOMAS steers. MARA sleeps against the window."),
    SceneInfo(3, "EXT. PIER - DAWN", "The sleet has stopped. Mara walks the boards alone."),
]


@pytest.mark.parametrize("said", [
    'who says "the tide never asks"?', "who says 'not again, mara'",
    'who says "the tide never asks" in the pier scene?'])
def test_a_quote_after_who_says_is_no_scene_description(said: str) -> None:
    refs = find_scene_references(said, PIER)
    assert all(not r.phrase.lower().startswith("who") for r in refs)


@pytest.mark.parametrize(("said", "quote"), [
    ('the line "the tide never asks", who says it', "the tide never asks"),
    ('quick check - the line "not again", who\'s got that one', "not again"),
    ("who's the one that calls the tide a liar", "the tide a liar")])
def test_a_line_asked_about_in_another_order_is_a_question_about_its_speaker(said: str, quote: str) -> None:
    assert speech_act(said) == "question"
    assert words_args(said, CAST, PROPS) == {"topic": "dialogue", "quote": quote}


def test_a_question_about_writing_may_first_say_what_the_thing_is() -> None:
    args = words_args("mara takes a card from her coat, what's printed on it?", CAST, PROPS)
    assert args is not None and args["topic"] == "details"


def test_the_writing_comes_with_the_sentence_that_leads_up_to_it() -> None:
    data = {"scenes": [{"number": 1, "heading": "EXT. PIER - NIGHT",
                        "content": "Mara opens her coat. Nothing. The inside pocket. A ferry pass: SEASON 1998."}],
            "characters": [{"name": "MARA"}]}
    answer = written(data, "mara searches her coat, what's printed on it")
    assert "SEASON 1998" in answer


def test_writing_is_not_added_when_the_answer_already_has_it() -> None:
    data = {"scenes": [{"number": 1, "heading": "EXT. PIER - NIGHT",
                        "content": "A sign on the gate: NO MOORING. Mara reads it twice."}],
            "characters": [{"name": "MARA"}]}
    assert written(data, "what's written on the gate sign").count("Scene 1") == 1


@pytest.mark.parametrize(("said", "speaker", "words"), [
    ('tomas in the ferry scene should say: "keep your head down."', "TOMAS", "keep your head down."),
    ('mara in scene 3 should say "morning, then."', "MARA", "morning, then."),
    ("tomas should say: we're late", "TOMAS", "we're late")])
def test_a_speaker_placed_in_a_scene_before_should_say_gets_the_line(said: str, speaker: str, words: str) -> None:
    line = spoken_line(said, CAST)
    assert line is not None and line.speaker == speaker and line.said.lower().rstrip(".") == words.rstrip(".")


def test_weather_that_does_something_is_written_as_it_was_asked() -> None:
    line = stage_direction("add sleet rattling the wheelhouse glass in scene 2", CAST)
    assert line is not None and line.line == "Sleet rattles the wheelhouse glass."
    assert stage_direction("add fog at the start of scene 1", CAST).line == "Fog rolls in."  # type: ignore[union-attr]


@pytest.mark.parametrize(("said", "spelled"), [
    ("the scene were tomas steers - quieter", "the scene where tomas steers - quieter"),
    ("the bit were she sleeps", "the bit where she sleeps"),
    ("the scenes were cut last week", "the scenes were cut last week"),
    ("those scenes were fine", "those scenes were fine")])
def test_a_dropped_h_in_where_is_spelled_out_only_before_a_subject(said: str, spelled: str) -> None:
    assert spell_out(said) == spelled


def test_a_scene_where_something_has_stopped_is_not_the_one_where_it_happens() -> None:
    refs = find_scene_references("the sleety pier scene", PIER)
    assert refs and refs[0].number == 1
    ended = find_scene_references("the scene where the sleet stops", PIER)
    assert ended and ended[0].number == 3


def test_a_thing_from_a_scene_names_that_scene_not_a_scene_about_the_thing() -> None:
    refs = find_scene_references("take the rope from the ferry scene and put it in scene 3", PIER)
    assert [r.phrase for r in refs if r.number == 2] == ["the ferry scene"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "lines-writing")


async def test_a_relative_only_talked_about_is_said_not_to_appear(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "is juno's mum ever seen in the film?")
        assert session.snapshot() == before
    said = " ".join(turn.texts)
    assert said.startswith("No") and "only talks about" in said and "mum's shed" in said


async def test_a_thing_the_source_scene_lacks_is_said_and_nothing_is_put(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "grab the kettle from the bus scene and put it in the last scene too")
        assert session.snapshot() == before
    assert "Scene 3 has no kettle" in " ".join(turn.texts)


async def test_a_thing_the_source_scene_has_is_put_in_the_other(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "grab the umbrella from the final scene and put it in scene 2 as well")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["put_prop_in_scene"]
    assert "UMBRELLA" in after["scenes"][1]["content"] and any(p["name"].endswith("UMBRELLA") for p in after["props"])


async def test_a_shot_of_a_scene_in_shorthand_is_that_shot(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "sc4 sh2 -> make it a wide")
    calls = [c for c in turn.tool_calls if c["name"] == "set_camera"]
    assert calls and calls[0]["args"]["scene_number"] == 4 and calls[0]["args"]["shot_number"] == 2


async def test_a_beat_of_silence_is_an_action_not_an_outline(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "put a beat of silence just before juno says who's ida")
        after = session.snapshot()
    assert "write_outline" not in [c["name"] for c in turn.tool_calls] and after["outline"] == before["outline"]


@pytest.mark.parametrize(("said", "line"), [
    ("gulls over the harbour in scene 2 pls", "We hear gulls over the harbour."),
    ("a distant siren in scene 1", "We hear a distant siren."),
    ("foghorn somewhere out at sea in scene 3, too", "We hear a foghorn somewhere out at sea.")])
def test_a_sound_named_with_no_verb_is_heard_in_its_scene(said: str, line: str) -> None:
    found = stage_direction(said, CAST)
    assert found is not None and found.line == line


@pytest.mark.parametrize("said", ["mara in scene 2", "the rope in scene 1", "more sleet in scene 1"])
def test_a_name_or_thing_with_a_scene_is_no_sound(said: str) -> None:
    found = stage_direction(said, CAST)
    assert found is None or not found.line.startswith("We hear")


@pytest.mark.parametrize(("said", "spelled"), [
    ("dawn on the pier should be DAY", "the pier at dawn should be DAY"),
    ("night on the ferry - quieter", "the ferry at night - quieter"),
    ("add a dawn on the pier", "add a dawn on the pier")])
def test_a_scene_said_time_first_reads_place_first(said: str, spelled: str) -> None:
    assert spell_out(said) == spelled


def test_a_scene_of_a_place_ends_where_the_wish_begins() -> None:
    refs = find_scene_references("in the scene of the ferry I want that we hear the engine", PIER)
    assert [(r.phrase, r.number) for r in refs] == [("the scene of the ferry", 2)]


async def test_a_voice_set_like_the_sentence_before_says(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "How does Ruben sound... gravelly, slow, a bit Welsh. Give him a voice like "
                                      "that.")
        after = session.snapshot()
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert [c["name"] for c in turn.tool_calls] == ["set_character_voice"]
    assert ruben["voice"] == "gravelly, slow, a bit Welsh"


async def test_a_garment_worn_at_a_place_is_worn_in_every_scene_set_there(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "ida wears a moss-green shawl in the office")
        after = session.snapshot()
    worn = [c for c in after["costumes"] if c["character"] == "IDA"]
    assert len(worn) == 1 and worn[0]["scenes"] == [1, 4, 6] and "office" not in worn[0]["description"].lower()


@pytest.mark.parametrize(("said", "line"), [
    ("put gulls on scene 3", "We hear gulls."), ("add birdsong to it", "We hear birdsong."),
    ("add a distant siren to scene 1", "We hear a distant siren.")])
def test_a_sound_put_in_a_scene_is_heard_there(said: str, line: str) -> None:
    found = stage_direction(said, CAST)
    assert found is not None and found.line == line


def test_a_stage_verb_typed_with_a_slip_right_after_its_doer_is_that_verb() -> None:
    from agent.llm.offline.understand import _mended_verbs
    assert _mended_verbs("mara whistels on the pier", CAST) == "mara whistles on the pier"
    assert _mended_verbs("a parka and the cobbles by the gutter", CAST) == "a parka and the cobbles by the gutter"
