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


def test_a_moment_said_first_stays_with_the_step_after_it() -> None:
    from agent.llm.offline.clauses import split_clauses

    said = "on the jetty at dusk, once tomas spots the gull on the rail, have him wave it off"
    assert split_clauses(said) == [said]
    assert split_clauses("please, the loft at night, move it after scene 4") == [
        "please, the loft at night, move it after scene 4"]
    assert split_clauses("tag scene 2 fog, then cut scene 5") == ["tag scene 2 fog", "cut scene 5"]


def test_a_short_line_asked_for_is_no_shorter_scene() -> None:
    from agent.llm.offline.lexicon import find_tones

    assert find_tones("tomas grins - a short beat, nothing more") == []
    assert find_tones("a long pause before tomas answers") == []
    assert find_tones("make the loft scene short and sharp") == ["shorter"]


def test_the_time_changed_is_the_heading_not_a_word() -> None:
    from agent.llm.offline.replaced import replaced_words

    assert replaced_words("switch the time to DUSK") is None and replaced_words("update its time to NIGHT") is None
    assert replaced_words("change 'the time' to 'the tide'") is not None


def test_a_tag_said_last_is_no_part_of_the_scene_described() -> None:
    from agent.resolver.references import _DESCRIPTION_END

    assert _DESCRIPTION_END.sub("", "the scene where tomas lights the lamp 'keep'") == (
        "the scene where tomas lights the lamp")


def test_something_said_then_placed_in_a_scene_is_said_there() -> None:
    from agent.llm.offline.understand import _told_then_placed

    assert _told_then_placed("tomas keeps a dented flask by the wheel — pop it into scene 3") == (
        "in scene 3, tomas keeps a dented flask by the wheel")
    assert _told_then_placed("does tomas keep a flask — pop it into scene 3") == (
        "does tomas keep a flask — pop it into scene 3")  # a question first: nothing to place


def test_someone_named_by_what_they_do_keeps_it_out_of_their_description() -> None:
    from agent.llm.offline.clauses import split_clauses

    said = split_clauses("the man who mends the nets whistles sea shanties all day — note that in his description")
    assert said == ["add to the man who mends the nets's description: he whistles sea shanties all day"]


def test_a_chat_aside_is_no_word_of_the_request() -> None:
    from agent.shorthand import courtesy_dropped

    assert courtesy_dropped("tomas turns 52 this year btw - note it down") == "tomas turns 52 this year - note it down"
    assert courtesy_dropped("fyi: the jetty is rotten") == "the jetty is rotten"
    assert courtesy_dropped('have tomas say "tbh"') == 'have tomas say "tbh"'  # quoted: a word of the film


def test_a_thing_placed_in_a_heading_place_is_in_the_scene_set_there() -> None:
    from agent.resolver.ranking import rank_scenes
    from agent.resolver.scenes import SceneInfo

    scenes = [SceneInfo(1, "INT. NET LOFT - NIGHT", "Nets piled on the deck chairs. A ferry timetable, torn."),
              SceneInfo(2, "INT. FERRY - DAWN", "Engines idling. Tomas steers the last crossing."),
              SceneInfo(3, "EXT. PIER - DAY", "Gulls on the rail.")]
    ranked = rank_scenes("the deck of the ferry", scenes)
    assert ranked[0].number == 2  # the ferry's deck, not the loft's deck chairs by a ferry timetable
    assert [m.number for m in rank_scenes("the ferry timetable", scenes)][0] == 1  # a thing's name is no place


def test_a_branch_over_two_described_scenes_is_one_branch() -> None:
    from agent.llm.offline.clauses import split_clauses

    said = "fork off the rope talk and the ferry scene, name it calm-sea"
    assert split_clauses(said) == [said]
    assert split_clauses("branch off scene 2 and tag scene 4 rain") == ["branch off scene 2", "tag scene 4 rain"]


def test_a_talk_is_named_by_what_is_talked_about() -> None:
    from agent.resolver import SceneInfo, find_scene_references

    scenes = [SceneInfo(1, "EXT. PIER - NIGHT", "MARA\nWho cut the rope?\n\nTOMAS\nNot me."),
              SceneInfo(2, "INT. FERRY - DAWN", "Engines idling.")]
    refs = find_scene_references("make the rope talk angrier", scenes)
    assert [(r.phrase, [m.number for m in r.matches]) for r in refs] == [("the rope talk", [1])]


def test_cut_to_the_bone_is_a_shorter_scene_not_a_cut_to() -> None:
    from agent.llm.offline.cues import _CUES_COMPILED
    from agent.llm.offline.lexicon import find_tones

    assert find_tones("the loft scene, pare it to the bone") == ["shorter"]
    assert not _CUES_COMPILED["set_transition"].search("ferry crossing? cut to the bone, please")
    assert _CUES_COMPILED["set_transition"].search("cut to the ferry on scene 3")
