"""How the offline director reads a few everyday phrasings: thanks, 'have it happen', lists of formats."""

from __future__ import annotations

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.speech import speech_act
from agent.llm.offline.traits import revised_description
from agent.shorthand import spell_out


def test_thanks_in_a_few_words_is_small_talk_and_a_change_after_it_is_not() -> None:
    assert speech_act("lovely, that's perfect") == "social"
    assert speech_act("looks good, cheers") == "social"
    assert speech_act("that's great, now darken scene 4") == "command"


def test_have_something_happen_is_a_command_have_we_is_a_question() -> None:
    assert speech_act("have the ferry scene start at dawn") == "command"
    assert speech_act("have Oskar laugh at the end") == "command"
    assert speech_act("have we recorded the voices?") == "question"
    assert speech_act("have scene 2 been drawn?") == "question"


def test_a_later_step_that_starts_with_have_is_its_own_step() -> None:
    assert split_clauses("rename Oskar to Piet and have the quay scene happen at night") == [
        "rename Oskar to Piet", "have the quay scene happen at night"]


def test_a_bare_list_of_formats_exports_each() -> None:
    assert split_clauses("pdf + otio please") == ["export pdf please", "export otio please"]
    assert split_clauses("export fdx and csv") == ["export fdx", "export csv"]


def test_a_places_fact_is_its_description_not_a_sentence_about_it() -> None:
    said = revised_description("the quay", "", "the quay is slick with ice, one lamp working", thing=True)
    assert said == "Slick with ice, one lamp working."
    assert revised_description("Marta", "", "Marta is 64 and hard of hearing") == "Marta is 64 and hard of hearing."


def test_chat_shorthand_is_spelled_out_for_every_reader() -> None:
    assert spell_out("ending w/ the ferry, pls") == "ending with the ferry"  # a please at the end asks nothing
    assert spell_out("pls cut the sc w/ the net") == "please cut the scene with the net"
    assert spell_out("the sc with teh lamp") == "the scene with the lamp"


def test_a_new_age_replaces_the_old_one_in_a_description() -> None:
    assert revised_description("Tobias", "12, school blazer.", "make him 13") == "13, school blazer."
    assert revised_description("Tobias", "School blazer.", "make him 13") == "School blazer. Tobias is 13."


def test_a_polite_ask_before_a_reason_is_a_command() -> None:
    assert speech_act("Sorry to nag, but could we cut the ferry scene? It adds nothing.") == "command"
    assert speech_act("Can you tell me who is in scene 2? I forgot.") == "question"
