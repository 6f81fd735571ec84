"""Turns that lean on the one before: answers to "which scene?", more of a description, a move taken back."""

from __future__ import annotations

import pytest

from agent.formats.script_terms import GARMENT
from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.fill_names import _costume_words
from agent.llm.offline.followups import gapped, new_position, said_more, worn_only_in
from agent.llm.offline.guard import allowed, answer_to_question, handoff_allowed, takes_scene, unresolved_ref
from agent.llm.offline.pronouns import Entity, resolve_pronouns
from agent.llm.offline.speech import speech_act
from agent.llm.offline.structure import costume_statement
from agent.llm.offline.toolspec import ToolSpec

_ASKED = ("Which scene do you mean by “the harbour scene”? 3 · EXT. HARBOUR - DAY; 7 · EXT. HARBOUR - NIGHT.")


def test_a_described_answer_with_a_role_named_still_answers() -> None:
    """The graph's phrase says "the skipper"; the answer reached the director with his name in its place."""
    refs = (SceneRef("the one where the skipper mends the net", "resolved", 7, ("7 · EXT. HARBOUR - NIGHT",)),)
    answered = answer_to_question("the one where Tomas mends the net", _ASKED, "make the harbour scene colder", refs)
    assert answered == "make scene 7 colder"


def test_a_new_request_with_a_description_is_not_an_answer() -> None:
    refs = (SceneRef("the one where the skipper mends the net", "resolved", 7, ("7 · EXT. HARBOUR - NIGHT",)),)
    assert answer_to_question("delete the one where Tomas mends the net", _ASKED, "make the harbour scene colder",
                              refs) is None


def test_every_scene_is_not_a_scene_to_ask_about() -> None:
    every = ProjectContext(refs=(SceneRef("all the scenes", "none", None, ("1 · INT. MILL - DAY",)),))
    assert unresolved_ref("have Tomas wear a flat cap in all the scenes", every) is None
    some = ProjectContext(refs=(SceneRef("the harbour scene", "ambiguous", None, ("3 · X", "7 · Y")),))
    assert unresolved_ref("give Tomas a flat cap in the harbour scene", some) is not None


def test_a_costume_for_some_scenes_asks_which_scene() -> None:
    costume = ToolSpec("add_costume", "", parameters={"properties": {"description": {"type": "string"},
                                                                     "scene_numbers": {"type": "array"}}})
    assert takes_scene(costume)
    assert not takes_scene(ToolSpec("add_prop", "", parameters={"properties": {"name": {"type": "string"}}}))


@pytest.mark.parametrize("clause", ["no wait, put it back where it was", "hmm, move it back to where it came from",
                                   "actually slot scene 4 back where scene 4 was"])
def test_putting_a_moved_scene_back_undoes_the_move(clause: str) -> None:
    assert new_position(clause, "move the harbour scene to the start", True) == ["undo"]
    assert new_position(clause, "move the harbour scene to the start", False) is None  # nothing moved yet
    assert new_position(clause, "make the harbour scene colder", True) is None  # not a move


def test_more_about_a_description_just_given() -> None:
    before = "Tomas's description: a trawler skipper, weathered, slow to anger"
    assert said_more("add that he's a grandfather too", before, ["TOMAS"]) == "Tomas is a grandfather"
    assert said_more("also mention he has a bad knee", before, ["TOMAS"]) == "Tomas has a bad knee"
    assert said_more("he's too old", before, ["TOMAS"]) is None  # a note on the description, not more of it
    assert said_more("add that he's a grandfather", "make the harbour scene colder", ["TOMAS"]) is None
    assert gapped("add that he's a grandfather too", before, ["TOMAS"]) == "Tomas is a grandfather"


def test_a_description_for_the_thing_just_made() -> None:
    made = "make tomas's lantern a prop"
    assert said_more("it's brass, dented, the glass sooty", made, ["TOMAS'S LANTERN"]) == (
        "the lantern is brass, dented, the glass sooty")
    assert said_more("it's brass", made, ["TOMAS"]) is None  # no such prop yet: nothing to describe


def test_a_possessive_for_someone_the_clause_names_stays() -> None:
    people = [Entity("character", "TOMAS", 0, "m")]
    assert resolve_pronouns("tomas wears his oilskin", people) == "tomas wears his oilskin"
    assert resolve_pronouns("give him his oilskin", people) == "give TOMAS TOMAS's oilskin"


def test_jewellery_is_worn() -> None:
    assert GARMENT.search("she always wears a locket") and GARMENT.search("a brooch like a gull")


@pytest.mark.parametrize(("clause", "words"), [
    ("in scene 3 tomas has his oilskin on, faded yellow", "Oilskin, faded yellow."),
    ("tomas has his oilskin on, in every scene", "Oilskin."),
    ("in scene 3 tomas has his oilskin on", "Oilskin."),
])
def test_what_a_garment_is_like_after_has_it_on(clause: str, words: str) -> None:
    assert _costume_words(clause) == words


@pytest.mark.parametrize(("clause", "words"), [
    ("make the wellies green instead", "Green wellies."),
    ("no, make his scarf bottle green", "Bottle green scarf."),
    ("turn the hat into a beret please", "Beret."),
])
def test_a_garment_made_over_revises_its_costume(clause: str, words: str) -> None:
    assert costume_statement(clause, ProjectContext(characters=("TOMAS",))) == "revise_costume"
    assert _costume_words(clause) == words


def test_a_garment_put_on_or_taken_off_is_not_made_over() -> None:
    assert costume_statement("make Tomas take his hat off", ProjectContext(characters=("TOMAS",))) is None


def test_a_scene_moved_to_another_time_of_day_is_not_the_place_redescribed() -> None:
    place = ToolSpec("revise_location", "")
    designer = ToolSpec("transfer_to_designer", "", targets=("revise_location", "revise_character"))
    writer = ToolSpec("transfer_to_writer", "", targets=("set_scene_heading", "rewrite_scene"))
    clause = "switch the harbour scene to dusk"
    assert not allowed(place, clause, "command")
    assert not handoff_allowed(designer, clause, "command") and handoff_allowed(writer, clause, "command")
    assert allowed(place, "make the harbour look grimier", "command")


def test_a_learners_to_after_can_you_is_still_a_request() -> None:
    assert speech_act("Can you to give Tomas a red scarf?") == "command"


def test_a_costume_asked_for_as_a_question_leaves_the_question_mark_out() -> None:
    assert _costume_words("to make Tomas wear a red scarf in all the scenes?") == "A red scarf."
    assert speech_act("to make Tomas wear a red scarf in all the scenes?") == "command"


def test_someones_garment_and_what_it_is_like() -> None:
    said = "Tomas's jumper is navy and unravelling at the hem and he wears it in every scene he's in"
    assert _costume_words(said) == "Jumper, navy and unravelling at the hem."
    assert _costume_words("Tomas's jumper is navy") == "Jumper, navy."


def test_a_costume_just_added_for_every_scene_is_limited_to_some() -> None:
    assert worn_only_in("only in scene 4", "add a costume for Tomas: oilskin, yellow", True) == [
        "Tomas wears this costume only in scene 4"]
    assert worn_only_in("only in scene 4", "add a costume for Tomas in scene 2: oilskin", True) is None
    assert worn_only_in("only in scene 4", "add a costume for Tomas: oilskin, yellow", False) is None
