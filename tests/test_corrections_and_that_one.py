"""Follow-ups that lean on the turn before: "that one" after an answer that named a scene, a tag taken off again
after a tag put on a scene named by description, a word corrected ("green, not brown"), "tomas too but gruffer"
after a voice, and a move corrected to a place ("make it the third scene instead").

Invented requests (a pier, a ferry, a net loft).
"""

from __future__ import annotations

from agent.llm.offline.follow_ons import same_for
from agent.llm.offline.followups import new_position, untag_follow_up, word_correction
from agent.llm.offline.guard import that_one


def test_that_one_is_the_scene_the_conversation_just_named() -> None:
    assert that_one("put a gull on the rail in that one", 4) == "put a gull on the rail in scene 4"
    assert that_one("ok shift that one to the end", 2) == "ok shift scene 2 to the end"
    assert that_one("ok shift that one to the end", None) == "ok shift that one to the end"  # nothing named: asked
    assert that_one("move scene 3 after that one", 2) == "move scene 3 after that one"  # a number already said
    assert that_one("in that one with the gulls, add fog", 2) == "in that one with the gulls, add fog"  # described


def test_a_tag_taken_off_again_is_the_tag_the_reply_said_was_put_on() -> None:
    answered = ["Scene 5 tags: keep, love. Say 'undo' to revert."]
    assert untag_follow_up("hm, take that tag off again", "tag the ferry crossing love", answered) == (
        "untag scene 5 love")
    assert untag_follow_up("take the keep tag off", "tag the ferry crossing love", answered) == "untag scene 5 keep"
    assert untag_follow_up("take that tag off", "rewrite the ferry crossing", answered) is None  # no tag was put on


def test_a_word_corrected_is_the_request_again_with_the_right_word() -> None:
    previous = "costume for mara: grey oilskin with a torn hood"
    assert word_correction("no wait — bottle green, not grey", previous, True) == [
        "undo", "costume for mara: bottle green oilskin with a torn hood"]
    assert word_correction("sorry, not grey: navy", previous, False) == [
        "costume for mara: navy oilskin with a torn hood"]
    assert word_correction("no — red, not blue", previous, True) is None  # blue was never said
    assert word_correction("green, not grey", previous, True) is None  # no sign it corrects anything


def test_someone_too_but_different_is_the_request_for_them() -> None:
    said = same_for("tomas too but gruffer", "mara's voice: low, slow, wry", ["MARA", "TOMAS"])
    assert said == "Tomas's voice: low, slow, wry, but gruffer"
    assert same_for("the ferry too", "mara's voice: low", ["MARA", "TOMAS"]) is None  # not a person


def test_a_move_corrected_to_a_place_keeps_the_scene() -> None:
    assert new_position("no — make it the third scene instead", "move the pier scene to the end", True) == [
        "undo", "move the pier scene to position 3"]
