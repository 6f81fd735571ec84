"""The director's guards: speech acts, cue words, echoes, follow-ups and answers to its own questions."""

from __future__ import annotations

import pytest

from agent.llm.offline.context import SceneRef
from agent.llm.offline.cues import correct_spelling, has_cue
from agent.llm.offline.guard import (
    anchor_to_scene,
    answer_to_question,
    echoes,
    follow_up_request,
    scene_question,
)
from agent.llm.offline.speech import is_follow_up, speech_act


@pytest.mark.parametrize(("text", "act"), [
    ("what is this film about?", "question"), ("whats the logline", "question"), ("how long is it", "question"),
    ("is scene 3 too long?", "question"), ("do we have a thermos?", "question"), ("show me the outline", "question"),
    ("can you tell me who is in scene 2", "question"), ("can you make scene 3 darker?", "command"),
    ("could you cut scene 5", "command"), ("make it darker?", "command"), ("have Jonas show up in scene 5", "command"),
    ("thanks!", "social"), ("ok cool", "social"), ("hmm", "social"), ("good morning!", "social"),
    ("rewrite scene 2", "command"), ("what if she never finds the key", "command"), ("...", "empty"),
])
def test_speech_acts(text: str, act: str) -> None:
    assert speech_act(text) == act


@pytest.mark.parametrize(("tool", "text", "expected"), [
    ("merge_scenes", "swap scenes 2 and 3", False), ("swap_scenes", "swap scenes 2 and 3", True),
    ("rewrite_scene", "make the bus scene funnier", True), ("rewrite_scene", "give it to ruben", False),
    ("add_location", "can we see what the lighthouse looks like", False),
    ("add_character", "add a new character called Mags", True), ("create_branch", "wait why did you do that", False),
    ("undo", "redo", False), ("redo", "redo", True), ("render_film", "make the film good", False),
    ("unknown_tool", "anything at all", True),
])
def test_writes_need_their_cue_words(tool: str, text: str, expected: bool) -> None:
    assert has_cue(tool, text) is expected


def test_spelling_fixes_typos_but_not_real_words() -> None:
    assert correct_spelling("rewrte scene 3 darkr") == "rewrite scene 3 darker"
    assert correct_spelling("branch an alternative ending") == "branch an alternative ending"
    assert correct_spelling("the look should be gritty") == "the look should be gritty"
    assert correct_spelling("breka scene 2 into shtos") == "break scene 2 into shots"  # swapped letters
    assert correct_spelling("rewite scen 4") == "rewrite scene 4"


def test_echoes_catch_the_request_pasted_but_not_dictated_text() -> None:
    assert echoes({"content": "The room. Punch up the kitchen scene."}, "punch up the kitchen scene")
    assert not echoes({"text": "shoot in real rain"}, "add a shooting note to scene 2: shoot in real rain")
    assert not echoes({"text": "LOST PROPERTY"}, "add a title card 'LOST PROPERTY'")
    assert not echoes({"content": "The kettle screams."}, "rewrite scene 3 darker")


def test_follow_ups_repeat_the_last_request_for_the_new_target() -> None:
    assert is_follow_up("and scene 5 too") and is_follow_up("same for the last scene")
    assert not is_follow_up("rewrite scene 5")
    assert follow_up_request("and scene 5 too", ["rewrite scene 2 darker"]) == "rewrite scene 5 darker"
    assert follow_up_request("same for the last scene", ["make scene 1 funnier"]) == "make the last scene funnier"
    assert follow_up_request("and scene 5 too", []) is None
    assert is_follow_up("now the bus one") and is_follow_up("same again for 5") and is_follow_up("scene 3")
    assert follow_up_request("same again for 5", ["rewrite scene 2 darker"]) == "rewrite scene 5 darker"


def test_pointing_back_names_the_scene_just_discussed() -> None:
    assert anchor_to_scene("make shot 2 a close-up", 1) == "make shot 2 a close-up of scene 1"
    assert anchor_to_scene("compare the versions", 2) == "compare scene 2"
    assert anchor_to_scene("break it into shots", 3) == "break scene 3 into shots"
    assert anchor_to_scene("undo it", 3) == "undo it"
    assert anchor_to_scene("rewrite scene 4 darker", 3) == "rewrite scene 4 darker"
    assert anchor_to_scene("make shot 2 a close-up", None) == "make shot 2 a close-up"


def test_questions_offer_each_candidate_as_a_ready_request() -> None:
    options = ("2 · EXT. RIVER BRIDGE - NIGHT", "5 · EXT. RIVER BRIDGE - DAWN")
    ref = SceneRef("the bridge scene", "ambiguous", None, options)
    question = scene_question(ref, "flag the bridge scene for a rewrite")
    assert question.text.startswith("Which scene do you mean by “the bridge scene”?")
    assert [o["request"] for o in question.options] == ["flag scene 2 for a rewrite", "flag scene 5 for a rewrite"]
    missing = scene_question(SceneRef("scene 40", "none", None, ("1 · INT. A - DAY",)), "delete scene 40", 6)
    assert "Scene 40 does not exist (the screenplay has scenes 1-6)" in missing.text


@pytest.mark.parametrize(("answer", "expected"), [
    ("the night one", "flag scene 2 for a rewrite"), ("5", "flag scene 5 for a rewrite"),
    ("dawn", "flag scene 5 for a rewrite"), ("the first", "flag scene 2 for a rewrite"), ("yes", None),
    ("the sunrise one", "flag scene 5 for a rewrite"), ("in the morning", "flag scene 5 for a rewrite"),
    ("the late one", "flag scene 2 for a rewrite"),
    ("rewrite scene 3 darker and then break it into shots please now", None),
])
def test_answers_to_a_which_scene_question(answer: str, expected: str | None) -> None:
    asked = ("Which scene do you mean by “the bridge scene”? 2 · EXT. RIVER BRIDGE - NIGHT; "
             "5 · EXT. RIVER BRIDGE - DAWN.")
    assert answer_to_question(answer, asked, "flag the bridge scene for a rewrite") == expected


def test_an_answer_can_take_every_option_or_describe_one() -> None:
    asked = ("Which scene do you mean by “the pier scene”? 3 · INT. PIER CAFE - DAY; 7 · EXT. PIER - NIGHT; "
             "9 · EXT. PIER - DAWN.")
    assert answer_to_question("both", asked, "cut the pier scene") == "cut scenes 3, 7 and 9"
    assert answer_to_question("all three of them please", asked, "soften the pier scene") == (
        "soften scenes 3, 7 and 9")
    # "the one where the gulls steal his chips": the graph found scenes 7 and 12 for it; 7 is the one offered
    gulls = SceneRef("where the gulls steal his chips", "ambiguous", None, ("7 · EXT. PIER - NIGHT", "12 · X"))
    assert answer_to_question("oh sorry, the one where the gulls steal his chips", asked, "cut the pier scene",
                              [gulls]) == "cut scene 7"
    # still two of the offered scenes: not an answer (asked again), and a new request is never one
    both = SceneRef("where the gulls steal his chips", "ambiguous", None, ("7 · A", "9 · B"))
    assert answer_to_question("the one where the gulls steal his chips", asked, "cut the pier scene", [both]) is None
    assert answer_to_question("delete where the gulls steal his chips", asked, "cut the pier scene", [gulls]) is None


def test_answers_name_a_heading_by_its_synonyms() -> None:
    asked = "Which scene do you mean by “the pier scene”? 3 · INT. PIER CAFE - DAY; 7 · EXT. PIER - NIGHT."
    assert answer_to_question("the outdoor one", asked, "cut the pier scene") == "cut scene 7"
    assert answer_to_question("inside", asked, "cut the pier scene") == "cut scene 3"
    assert answer_to_question("the afternoon", asked, "cut the pier scene") == "cut scene 3"
