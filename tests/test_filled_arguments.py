"""Arguments filled the way the film-maker said them: real words kept, quoted names, places, premises, files.

Unit tests for the readers, and a few whole requests through the real tools on a fresh demo copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from offline_fake_tools import ALL_SPECIALIST_TOOLS
from test_offline_director import CONTEXT

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import parse_context
from agent.llm.offline.enums import match_enum
from agent.llm.offline.file_asks import asked_file, for_the_app, unexported_format
from agent.llm.offline.fill import fill_args
from agent.llm.offline.fill_names import NAME_FILLERS, fill_name
from agent.llm.offline.fill_text import Request, _said_tags, _voice_words
from agent.llm.offline.genres import dictated_logline, dictated_premise, genre_and_tone
from agent.llm.offline.place_talk import place_it
from agent.llm.offline.spelling import correct_spelling, edits_apart
from agent.llm.offline.toolspec import tool_specs
from agent.llm.offline.unknowns import unknown_thing

SPECS = {s.name: s for s in tool_specs(ALL_SPECIALIST_TOOLS)}
CTX = parse_context(CONTEXT)  # locations PLATFORM; KITCHEN, prop LANTERN
FORMATS = ("fountain", "fdx", "screenplay-pdf", "csv", "fcpxml", "shotlist-pdf", "storyboard-pdf")


@pytest.mark.parametrize(("said", "fixed"), [
    ("hang a zoetrope and a gramophone in the hall", "hang a zoetrope and a gramophone in the hall"),
    ("a transistor by the kettle", "a transistor by the kettle"),  # three letters from "transition": a word
    ("rewrte scene 3 darkr", "rewrite scene 3 darker"),  # one slip each: typos
    ("breka scene 2 into shtos", "break scene 2 into shots"),
])
def test_a_typo_is_a_slip_or_two_never_another_word(said: str, fixed: str) -> None:
    assert correct_spelling(said) == fixed


def test_edits_count_a_swap_as_one() -> None:
    assert edits_apart("shtos", "shots") == 1 and edits_apart("transistor", "transition") == 3


def test_a_quoted_prop_name_with_a_bracketed_description() -> None:
    req = Request("add a prop 'tin whistle' (dented, on a red cord)", CTX, ())
    name = fill_name("name", "add_prop", req)
    assert name == "TIN WHISTLE"
    assert NAME_FILLERS["description"]("description", False, "add_prop", req, {"name": name}) == (
        "Dented, on a red cord.")


@pytest.mark.parametrize(("said", "spelled"), [
    ("the kitchen is an interior", "set the kitchen location to interior"),
    ("the platform is an exterior and we film it at dusk, tag it rain-unit",
     "tag the platform location rain-unit, the platform is an exterior and we film it at dusk"),
    ("the kitchen is an interior designer's dream", "the kitchen is an interior designer's dream"),  # no setting
    ("the attic is an interior", "the attic is an interior"),  # not a place the film has
])
def test_a_place_said_to_be_inside_or_outside_is_that_location(said: str, spelled: str) -> None:
    assert place_it(said, CTX.locations) == spelled


def test_two_places_set_in_one_breath_are_two_steps() -> None:
    assert split_clauses("the pier is an exterior and the shed is an interior") == [
        "the pier is an exterior", "the shed is an interior"]


def test_a_time_of_day_word_never_names_the_place_it_starts() -> None:
    ctx = parse_context(CONTEXT.replace('locations="PLATFORM; KITCHEN"', 'locations="DAWN FERRY; SIGNAL BOX"'))
    req = Request("tag the signal box location dawn-unit, it is an exterior we shoot at dawn", ctx, ())
    assert fill_name("name", "set_location_details", req) == "SIGNAL BOX"


def test_what_the_tone_must_never_be_is_no_tone() -> None:
    assert genre_and_tone("tone: hushed and wistful, never twee")[1] == ["hushed", "wistful"]


def test_a_premise_dictated_alone_leaves_the_logline() -> None:
    clause = "premise: a lighthouse keeper learns to let the light go out"
    assert dictated_premise(clause) == "A lighthouse keeper learns to let the light go out."
    assert dictated_logline(clause) == dictated_premise(clause)  # routed to the logline tool, which takes both
    filled = fill_args(SPECS["set_logline"], Request(clause, CTX, ()))
    assert "logline" not in filled.args
    assert split_clauses(f"{clause}. Set that as the premise please") == [clause]


@pytest.mark.parametrize("said", ["rename the boathouse to The Slipway", "move the boathouse location to dusk"])
def test_a_place_the_film_lacks_is_named_back(said: str) -> None:
    assert unknown_thing(said, CTX) == "boathouse"


def test_a_known_place_is_no_unknown_thing() -> None:
    assert unknown_thing("move the kitchen location to dusk", CTX) is None


def test_files_said_plainly() -> None:
    assert match_enum("the shot list for the gaffer, on paper", FORMATS) == "shotlist-pdf"
    assert match_enum("the shot list as csv, I'll print it", FORMATS) == "csv"  # a format said wins
    said = "printable PDF of the treatment, A4 is fine"
    assert asked_file(said) == f"export {said}"
    assert asked_file("the script is on paper somewhere") is None
    assert for_the_app("could you give me the cut in a format it can open?", "our editor lives in Premiere.") == (
        "export the cut in a format for Premiere")
    assert split_clauses("She works in Avid. Send the cut in a format it can import") == [
        "export the cut in a format for Avid"]


def test_a_format_no_export_writes_is_said_so_with_the_ones_there_are() -> None:
    said = unexported_format("save the treatment as a pages file")
    assert said is not None and "Pages" in said and "fdx" in said
    assert unexported_format("I want the pages of scene 3 tightened") is None


def test_a_terse_voice_note_after_a_name_is_that_persons() -> None:
    assert split_clauses("mara: 60s, weary, wry. voice husky and quick, a cork accent") == [
        "mara: 60s, weary, wry", "mara's voice husky and quick, a cork accent"]
    assert _voice_words("mara's voice husky and quick, a cork accent") == "husky and quick, a cork accent"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "filled")


async def test_a_setting_and_a_tag_go_on_the_place_said(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "the office is an interior and we film it early, tag it pre-light")
    places = {p["name"]: p for p in after["locations"]}
    assert places["LOST PROPERTY OFFICE"]["setting"] == "interior"
    assert "pre-light" in places["LOST PROPERTY OFFICE"]["tags"]
    assert not places["NIGHT BUS"]["tags"] and not places["RIVER BRIDGE"]["tags"]


async def test_a_premise_alone_keeps_the_logline(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "premise: small kindnesses outlast the people who do them")
    assert "small kindnesses" in after["ideation"]["premise"].lower()
    assert after["ideation"]["logline"] == before["ideation"]["logline"]


@pytest.mark.parametrize(("said", "spelled"), [
    ("scene 7 at sunset", "set scene 7 to sunset"),
    ("make the harbour scene's heading night", "set the harbour scene to night"),
    ("change the heading of scene 3 to morning", "set scene 3 to morning"),
    ("scene 7 at sunset?", "scene 7 at sunset?"),  # asked, not told
])
def test_a_time_of_day_said_as_a_note_or_a_heading_is_the_heading_step(said: str, spelled: str) -> None:
    assert split_clauses(said) == [spelled]


def test_a_tag_after_the_scene_number_is_the_tag() -> None:
    assert _said_tags(Request("tag scene 4 pickup-day", CTX, ()), True) == ["pickup-day"]
    assert _said_tags(Request("mark the kitchen location as an exterior", CTX, ()), True) is None  # "as" is no tag
