"""Requests typed loosely: a greeting before and thanks after, apostrophes dropped, two letters swapped, a
question with no question mark, a scene phrase found inside "the X scene".

Unit tests use an invented world (MARA, TOMAS; the pier, the ferry, the net loft); whole requests run on a fresh
demo copy (IDA, RUBEN, JUNO; LOST PROPERTY OFFICE, RIVER BRIDGE, NIGHT BUS) with invented phrasings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.answer import small_talk
from agent.llm.offline.cues import apostrophe_owned
from agent.llm.offline.fill_text import _slug
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.speech import speech_act
from agent.llm.offline.spelling import correct_spelling
from agent.llm.offline.unknowns import unknown_relative
from agent.resolver import SceneInfo, find_scene_references
from agent.shorthand import courtesy_dropped, spell_out

CAST = ("MARA", "TOMAS")


@pytest.mark.parametrize(("said", "meant"), [
    ("hey, tag the pier scene rain thanks", "tag the pier scene rain"),
    ("hi there - the ferry one needs fog, cheers", "the ferry one needs fog"),
    ("morning! cut scene 2 please", "cut scene 2"),
    ("hello team: give mara a scarf. thank you so much!", "give mara a scarf."),
])
def test_a_greeting_before_and_thanks_after_are_not_the_request(said: str, meant: str) -> None:
    assert courtesy_dropped(said) == meant


@pytest.mark.parametrize("said", [
    "hey", "thanks", "no thanks", "hey there, thanks",
    "have tomas say thanks", 'scene 2: mara says "cheers"', "and a line where she just says please"])
def test_courtesy_that_is_the_whole_message_or_is_said_in_the_film_stays(said: str) -> None:
    assert courtesy_dropped(said) == said


@pytest.mark.parametrize(("said", "meant"), [
    ("Its a western, dry and slow", "It's a western, dry and slow"),
    ("ok. its too long", "ok. it's too long"),
    ("its hull is green", "its hull is green"),
    ("the first scenes too slow", "the first scene's too slow"),
    ("the pier scenes too dark", "the pier scenes too dark"),  # two pier scenes may be meant
])
def test_an_apostrophe_dropped_from_its_or_scenes_is_put_back(said: str, meant: str) -> None:
    assert spell_out(said) == meant


@pytest.mark.parametrize(("said", "meant"), [
    ("maras net is torn", "mara's net is torn"),
    ("rename Tomass boat", "rename Tomas's boat"),
    ("marras coat in scene 2", "marra's coat in scene 2"),  # a misspelt name with its s run on
    ("the marks on the hull", "the marks on the hull"),
])
def test_a_name_with_its_s_run_on_is_the_names(said: str, meant: str) -> None:
    assert apostrophe_owned(said, CAST) == meant


def test_a_short_word_near_a_name_is_no_name() -> None:
    assert apostrophe_owned("the jungs", ("JUNO",)) == "the jungs"


@pytest.mark.parametrize(("said", "meant"), [
    ("the lantenr on the frery", "the lantern on the ferry"),
    ("give her a tikcet", "give her a ticket"),
    ('mara says "the lantenr"', 'mara says "the lantenr"'),  # a quoted line is kept as typed
    ("Lantenr on the pier", "Lantern on the pier"),
    ("the bosun is Strom", "the bosun is Strom"),  # a capital inside a sentence is a name
    ("call him strom", "call him strom"),  # and so is what someone is called
    ("TOMAS", "TOMAS"),
])
def test_two_neighbouring_letters_swapped_are_put_back(said: str, meant: str) -> None:
    assert correct_spelling(said) == meant


@pytest.mark.parametrize("said", [
    "colour of the rope on the bell",
    "the runtime right now",
    "approximately what time does the ferry leave",
    "the ferry one, is that day or night",
    "in scene 2 mara drops the net, where does it land",
])
def test_a_question_without_a_question_mark_is_still_a_question(said: str) -> None:
    assert speech_act(said) == "question"


@pytest.mark.parametrize("said", [
    "colour of the rope: make it red",
    "length of scene 3 - 40 seconds",
    "the pier scene needs rain, what do you think",
    "rewrite scene 2, is that ok",
    "mara drops the net, what about a gull",
])
def test_a_request_with_a_question_tail_is_still_a_request(said: str) -> None:
    assert speech_act(said) == "command"


def test_a_span_of_time_is_no_tone() -> None:
    assert find_tones("long week in the edit") == []
    assert find_tones("a dark month for all of us") == []
    assert find_tones("make scene 2 long") == ["longer"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "typed-loosely")


async def test_a_greeted_and_thanked_action_lands_in_its_described_scene(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "hi there - in the bus scene ruben whistles a tune, cheers")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["rewrite_scene"]
    changed = [a["number"] for a, b in zip(after["scenes"], before["scenes"], strict=True) if a != b]
    assert changed == [3] and "RUBEN whistles a tune." in after["scenes"][2]["content"]


async def test_a_greeting_with_nothing_asked_is_answered_and_changes_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "morning! long week in the edit")
        after = session.snapshot()
    assert turn.tool_calls == [] and after["history"] == before["history"]
    assert "Hello" in " ".join(turn.texts)


async def test_a_possessive_without_its_apostrophe_asks_about_the_thing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "whats written on Junos bus ticket")
        after = session.snapshot()
    assert after["history"] == before["history"] and "ROUTE 9" in " ".join(turn.texts)


async def test_a_question_with_no_mark_after_a_moment_writes_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "ida hangs the key on a nail, whats the number on its tag")
        after = session.snapshot()
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]
    assert "4107" in " ".join(turn.texts)


def test_a_name_labelled_after_branch_names_it() -> None:
    assert _slug("new branch: low-tide") == "low-tide"
    assert _slug("start a branch low-tide for the storm idea") == "low-tide"
    assert _slug("hmm, head back") == "main"


def test_a_thing_given_to_someone_is_no_scene_description() -> None:
    pier = [SceneInfo(1, "EXT. PIER - NIGHT", "MARA coils a rope. A gull lands on the rail."),
            SceneInfo(2, "INT. FERRY - NIGHT", "TOMAS steers. His collar is up against the wind.")]
    assert find_scene_references("give the dog a collar", pier) == []


def test_the_line_where_something_happens_is_that_moment() -> None:
    assert spell_out("cut the line where tomas ties the rope") == "cut the bit where tomas ties the rope"
    assert spell_out("cut the line about the rope") == "cut the line about the rope"


async def test_a_line_cut_where_nothing_like_it_happens_writes_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "lose the line where ruben yodels")
        after = session.snapshot()
    assert after["scenes"] == before["scenes"] and after["characters"] == before["characters"]
    assert all(c["name"] not in ("rewrite_scene", "delete_character") for c in turn.tool_calls)


async def test_a_line_cut_by_what_happens_takes_that_moment_out(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "cut the line where ida tags the key")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["rewrite_scene"]
    assert after["characters"] == before["characters"]
    assert len(after["scenes"][0]["content"]) < len(before["scenes"][0]["content"])


async def test_someone_put_in_a_garment_wears_it(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "put juno in a green bobble hat")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["revise_character"]
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert "green bobble hat" in juno["description"] and after["scenes"] == before["scenes"]


async def test_switch_back_after_a_new_branch_returns_to_main(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "new branch: low-tide")
        assert session.snapshot()["branch"] == "low-tide"
        turn = await session.run("t", "ok, return to main")
        calls = [c["name"] for c in turn.tool_calls]
    assert calls == ["switch_branch"] and turn.tool_calls[0]["args"] == {"branch_name": "main"}


@pytest.mark.parametrize("said", [
    "in which year did tomas leave the navy",
    "does mara ever talk about her brother",
    "did tomas say anything in the ferry scene",
])
def test_a_question_opening_on_a_preposition_or_someone_doing_is_a_question(said: str) -> None:
    assert speech_act(said) == "question"


def test_a_hello_before_news_of_the_day_is_greeted_and_bare_thanks_are_thanked() -> None:
    assert small_talk("hey, morning! long week in the edit, thanks").startswith("Hello")
    assert small_talk("hey thanks").startswith("You're welcome")


async def test_a_role_with_its_apostrophe_dropped_is_that_character(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "the drivers voice: husky, unhurried")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["set_character_voice"]
    assert turn.tool_calls[0]["args"]["name"] == "RUBEN" and after["scenes"] == before["scenes"]


async def test_the_same_for_someone_after_a_possessive_typed_without_apostrophe(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "idas voice: dry and quick")
        turn = await session.run("t", "same for juno")
    assert [(c["name"], c["args"]["name"]) for c in turn.tool_calls] == [("set_character_voice", "JUNO")]


@pytest.mark.parametrize("said", ["rubens dog should be a greyhound", "give idas husband a line in scene 4"])
async def test_someones_pet_or_relative_the_film_lacks_is_asked_about(said: str, template: Path,
                                                                      tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", said)
        after = session.snapshot()
    assert turn.tool_calls == [] and after["history"] == before["history"]
    assert "There's no" in " ".join(turn.texts)


async def test_a_thing_of_someones_relative_put_in_a_scene_is_a_prop(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "put juno's mum's thermos in scene 5")
        after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["put_prop_in_scene"]
    assert [c["name"] for c in after["characters"]].count("JUNO'S MUM") == 0


@pytest.mark.parametrize("said", ["pitch me a title", "any ideas for a better name for the film?"])
async def test_title_ideas_are_offered_in_words_and_write_nothing(said: str, template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", said)
        after = session.snapshot()
    assert turn.tool_calls == [] and after == before
    assert "title ideas" in " ".join(turn.texts)


@pytest.mark.parametrize(("said", "name"), [
    ("add bosworth to the cast", "BOSWORTH"),
    ("we need mrs quigley in the cast", "MRS QUIGLEY"),
    ("add Bosworth to the cast", "BOSWORTH"),
])
async def test_a_newcomer_named_in_any_case_joins_the_cast_as_named(said: str, name: str, template: Path,
                                                                   tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", said)
        after = session.snapshot()
    assert [(c["name"], c["args"]["name"]) for c in turn.tool_calls] == [("add_character", name)]
    added = next(c for c in after["characters"] if c["name"] == name)
    assert "cast" not in added["description"].lower() and "need" not in added["description"].lower()


def test_a_relative_only_talked_about_is_not_what_a_request_is_about() -> None:
    assert unknown_relative("she runs the stall where mara's mum worked", CAST, leading=True) is None
    assert unknown_relative("give mara's mum a line in scene 2", CAST, leading=True) == ("mara", "mum")
    assert unknown_relative("tomas's dog should be a lurcher", CAST, leading=True) == ("tomas", "dog")


def test_a_sentence_before_the_request_does_not_move_where_its_scene_is_read() -> None:
    pier = [SceneInfo(1, "EXT. PIER - NIGHT", "MARA coils a rope."), SceneInfo(2, "INT. FERRY - DAWN", "TOMAS steers.")]
    alone = find_scene_references("dawn ferry scene: tomas hums", pier)
    after = find_scene_references("Long shift today. dawn ferry scene: tomas hums", pier)
    assert [(r.phrase, r.number) for r in after] == [(r.phrase, r.number) for r in alone] == [("dawn ferry scene", 2)]
