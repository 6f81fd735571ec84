"""Requests about people: relatives the cast may lack, costumes, new characters and plain descriptions.

Unit tests for the readers on a small parsed context; examples are invented for these tests.
"""

from __future__ import annotations

from offline_fake_tools import ALL_SPECIALIST_TOOLS
from test_offline_director import CONTEXT

from agent.llm.offline.context import parse_context
from agent.llm.offline.fill_names import NAME_FILLERS, Request, fill_name
from agent.llm.offline.toolspec import tool_specs
from agent.roles import relation_said, relative_in_cast

SPECS = {s.name: s for s in tool_specs(ALL_SPECIALIST_TOOLS)}
CTX = parse_context(CONTEXT)  # characters MARA; JONAS; ELI
CAST = ("MARA", "JONAS", "ELI")


def _old_name(said: str, ctx: object = CTX) -> object:
    req = Request(said, ctx, CAST)  # type: ignore[arg-type]
    return NAME_FILLERS["old_name"]("old_name", False, "rename_character", req, {})


def test_a_relative_of_a_known_name_is_not_that_name() -> None:
    assert relation_said("call Mara's uncle Tobias", CAST) == ("MARA", "uncle")
    assert relation_said("give mara's scarf a fringe", CAST) is None  # her scarf is still hers
    assert relation_said("jonas's cat should hiss", CAST) == ("JONAS", "cat")
    assert relation_said("mara's character notes: wiry, sixty", CAST) is None  # her character is Mara herself
    assert relation_said("jonas's villain arc", CAST) is None


def test_renaming_a_relative_the_cast_lacks_names_the_relative_not_the_owner() -> None:
    assert _old_name("Rename Eli's grandad to Walter.") == "ELI'S GRANDAD"  # the tool says there is none
    assert _old_name("rename eli to walter") == "ELI"


def test_a_relative_the_descriptions_name_is_found() -> None:
    cast = {"MARA": "Eli's mother, a conductor.", "ELI": "A boy of ten."}
    assert relative_in_cast("ELI", "mum", cast.items()) == "MARA"
    assert relative_in_cast("ELI", "aunt", cast.items()) is None


def test_a_change_to_someone_s_pet_is_not_a_change_to_them() -> None:
    req = Request("make Jonas's dog growl at the door", CTX, CAST)
    assert fill_name("name", "revise_character", req) == "JONAS'S DOG"
    assert fill_name("name", "revise_character", Request("make jonas's coat longer", CTX, CAST)) == "JONAS"


def test_a_person_said_to_be_a_something_is_described_by_that_noun_phrase() -> None:
    from agent.llm.offline.traits import revised_description

    assert revised_description("Eli", "", "eli is a gangly boy with a bowl cut") == "A gangly boy with a bowl cut."
    assert revised_description("Eli", "", "eli is restless") == "Eli is restless."


def test_an_ask_to_update_is_not_part_of_the_note() -> None:
    from agent.llm.offline.traits import revised_description

    assert revised_description("Mara", "Conductor, 50s, grey coat.", "mara is 47 not 50s, fix her please") == (
        "Conductor, 47, grey coat.")
    assert revised_description("Mara", "", "mara is 47, can you change that") == "Mara is 47."


def test_a_habit_said_plainly_is_a_trait_and_a_moment_is_not() -> None:
    from agent.llm.offline.traits import trait_sentence

    assert trait_sentence("Jonas", "Jonas cracks his knuckles") == "Jonas cracks his knuckles."
    assert trait_sentence("Jonas", "Jonas unlocks the gate") is None  # a moment of some scene
    assert trait_sentence("Jonas", "Jonas says nothing") is None


def test_typed_shorthand_is_spelled_as_meant() -> None:
    from agent.llm.offline.spelling import correct_spelling

    assert correct_spelling("the coat thats hers, she doesnt mind") == "the coat that's hers, she doesn't mind"
    assert correct_spelling("hw long is scene 4") == "how long is scene 4"
    assert correct_spelling("dlete the bit at nite") == "delete the bit at night"
    assert correct_spelling("add sfx and a pdf, not the tub") == "add sfx and a pdf, not the tub"  # as meant
    assert correct_spelling("the rite of spring") == "the rite of spring"


def test_a_quoted_line_for_someone_is_their_words() -> None:
    from agent.llm.offline.spoken import spoken_line

    said = spoken_line("write a line for jonas on the platform: 'Last train's gone.'", CAST)
    assert said is not None and (said.speaker, said.said) == ("JONAS", "Last train's gone.")
    said = spoken_line("Mara needs a line when the kettle sings: \"Not again.\"", CAST)
    assert said is not None and (said.speaker, said.said) == ("MARA", "Not again.")
    assert spoken_line("give mara a line in scene 4", CAST) is None  # no words given: nothing dictated


def test_more_about_someone_just_described() -> None:
    from agent.llm.offline.followups import said_more

    assert said_more("she chews her pencils", "Mara's description: tired, kind", CAST) == "Mara chews her pencils"
    assert said_more("she seems off", "Mara's description: tired, kind", CAST) is None  # a note, not more


def test_put_that_in_someone_s_notes_points_at_the_sentence_before() -> None:
    from agent.llm.offline.back_refs import named_back

    step = named_back("could you put that in her character notes?", ["Mara whistles when she lies."], CTX)
    assert step == "change Mara's description: Mara whistles when she lies"
    assert named_back("could you put that in her notebook?", ["Mara whistles when she lies."], CTX) is None


def test_costume_words_keep_the_garment_and_drop_where_it_is_worn() -> None:
    from agent.llm.offline.fill_names import _costume_words

    assert _costume_words("Mara's green duffel coat, toggles done up, in both platform scenes") == (
        "Green duffel coat, toggles done up.")
    assert _costume_words("eli: red wellies, scenes 2 and 7 only") == "Red wellies."
    assert _costume_words("Jonas wears a tweed cap from start to finish") == "A tweed cap."
    assert _costume_words("Jonas wears a tweed cap throughout") == "A tweed cap."


def test_a_garment_given_then_limited_to_some_scenes_is_a_costume() -> None:
    from agent.llm.offline.followups import worn_only_in

    assert worn_only_in("only in the kitchen scene", "give eli a woolly hat", changed=True) == [
        "undo", "eli wears a woolly hat only in the kitchen scene"]
    assert worn_only_in("only in the kitchen scene", "give eli a paper cut", changed=True) is None  # no garment


def test_a_new_name_said_straight_after_whom() -> None:
    req = Request("rename him Tobias", CTX, CAST)
    assert NAME_FILLERS["new_name"]("new_name", False, "rename_character", req, {"old_name": "JONAS"}) == "TOBIAS"
    req = Request("rename jonas as well", CTX, CAST)
    assert NAME_FILLERS["new_name"]("new_name", False, "rename_character", req, {"old_name": "JONAS"}) is None


def test_a_new_character_s_words_do_not_repeat_the_name() -> None:
    req = Request("new character: TOBIAS, a ferryman, 60, hums sea shanties", CTX, CAST)
    assert NAME_FILLERS["description"]("description", False, "add_character", req, {"name": "TOBIAS"}) == (
        "A ferryman, 60, hums sea shanties.")


def test_tag_it_after_a_sentence_about_a_place_tags_that_place() -> None:
    from agent.llm.offline.back_refs import named_back

    assert named_back("tag it 'wet down'", ["The platform is an exterior."], CTX) == (
        "tag the PLATFORM location 'wet down', The platform is an exterior")
    assert named_back("tag it trim", ["scene 3 on the platform drags."], CTX) is None  # a scene: as before


def test_a_question_in_another_tense_finds_the_written_words() -> None:
    from agent.tools.said import _words_of

    assert _words_of("where was she sitting", content=True) == _words_of("she sat", content=True)
    assert _words_of("he nodded and added", content=True) == ["nod", "add"]
