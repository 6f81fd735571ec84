"""Questions about the story answered from the screenplay: where the headings place them, why, what someone wants,
the first or last thing seen, a number on something, a thing named before the question about it.

Every screenplay and question here is invented (a beekeeper, her nephew and a swarm in an orchard).
"""

from __future__ import annotations

from typing import Any

from agent.llm.offline.questions import fact_detail
from agent.llm.offline.speech import speech_act
from agent.tools.said import written

CAST = ("NELL", "OSKAR")
_SCENES = [
    ("EXT. ORCHARD - DAY",
     "Rows of apple trees. NELL (60s, veil pushed back) lifts a frame out of hive No. 12.\n\n"
     "OSKAR (12, too-big gloves) holds the smoker one puff at a time.\n\n"
     "OSKAR\nCan you show me the queen?\n\n"
     "NELL\nLater. She's shy.\n\n"
     "A bell rings from the farmhouse: four in the afternoon."),
    ("INT. FARMHOUSE KITCHEN - NIGHT",
     "Jars of honey cooling on the table. Oskar counts them twice.\n\n"
     "NELL\nWhy do you keep counting?\n\n"
     "OSKAR\nBecause Dad sold the last lot before we tasted it."),
    ("EXT. ORCHARD - DUSK",
     "The swarm hangs from a branch like a dark pear. Nell arrives clutching a cardboard box.\n\n"
     "She shakes the branch once. The bees drop into the box.\n\n"
     "OSKAR\nIs that all of them?\n\n"
     "NELL\nEnough of them.\n\n"
     "She closes the lid. The orchard goes quiet."),
]


def _data() -> dict[str, Any]:
    scenes = [{"number": i, "heading": h, "content": c} for i, (h, c) in enumerate(_SCENES, start=1)]
    return {"name": "SWARM", "scenes": scenes, "characters": [{"name": n, "description": ""} for n in CAST]}


def test_a_word_only_the_headings_use_says_which_scene_to_look_in() -> None:
    said = written(_data(), "what is nell carrying when she turns up at dusk")
    assert said == "Scene 3: “Nell arrives clutching a cardboard box.”"  # "clutching" carries; "dusk" is scene 3's


def test_a_time_said_in_words_answers_what_time_it_is() -> None:
    assert "four in the afternoon" in written(_data(), "roughly what time is it in the orchard when the bell goes")


def test_a_why_question_brings_the_reason_given_in_the_same_scene_once() -> None:
    said = written(_data(), "why does oskar count the jars")
    assert "Because Dad sold the last lot" in said and said.count("Because") == 1


def test_the_last_thing_seen_is_the_last_sentence_of_the_action() -> None:
    assert written(_data(), "what's the very last thing we see") == "Scene 3: “The orchard goes quiet.”"
    assert written(_data(), "what's the first thing we hear").startswith("Scene 1, OSKAR: “Can you show me")


def test_what_someone_wants_is_the_first_thing_they_ask_for_else_not_guessed() -> None:
    assert "Can you show me the queen?" in written(_data(), "what does oskar want")
    assert "first asks for" not in written(_data(), "what does nell want")  # she asks for nothing: no invented want


def test_a_number_asked_for_is_the_one_written_in_digits_not_one_at_a_time() -> None:
    assert "No. 12" in written(_data(), "what number is on the hive nell opens")


def test_a_thing_named_before_the_question_is_what_it_asks_about() -> None:
    asked = fact_detail("the bell at the farmhouse — what time does it ring?", None, CAST)
    assert asked == "what time does the bell at the farmhouse ring"
    assert fact_detail("in one line, what does oskar want?", None, CAST) == "what does oskar want"


def test_the_audience_seeing_and_a_things_own_tag_are_the_story_not_the_project() -> None:
    assert fact_detail("what's the last thing we see?", None, CAST) is not None
    assert fact_detail("the hive - what number is on its tag?", None, CAST) is not None
    assert fact_detail("what tags does scene 2 have?", None, CAST) is None  # the project's tags


def test_a_question_after_where_it_is_asked_about_is_a_question() -> None:
    assert speech_act("in the dusk scene in the orchard what does nell do with the box") == "question"
    assert speech_act("the smoker - who holds it?") == "question"
    assert speech_act("in the scene where oskar is counting add a ticking clock") == "command"
    assert speech_act("in the scene where nell is shaking the branch, make it windier") == "command"


def test_what_someone_wears_is_what_the_screenplay_puts_on_them() -> None:
    said = written(_data(), "what is oskar wearing")
    assert "too-big gloves" in said and "NELL" not in said  # his introduction, not hers
    assert written(_data(), "what's the bell wearing") != ""  # nobody named: the usual look-up, no costume invented
