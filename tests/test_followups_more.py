"""Follow-ups over two or three turns, line tags said as feelings, transitions said twice, and time questions.

Every example here is invented (a ferry, a greenhouse, a lighthouse keeper called Mara): none is an eval request.
"""

from __future__ import annotations

from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.conversation import Turn
from agent.llm.offline.follow_ons import each_of_them, played_in_scene, same_for, tagged_one
from agent.llm.offline.followups import name_correction, new_position, relative_scene, shot_follow_up
from agent.llm.offline.line_tags import line_step, spell_line_tag
from agent.llm.offline.questions import fact_detail
from agent.llm.offline.shots import shot_query, shot_work
from agent.llm.offline.transitions import spell_transitions
from agent.llm.offline.written_in import writes_in
from agent.tools.said import written

NAMES = ("MARA", "TOMAS", "GREENHOUSE")


def _turn(request: str, history: list[str] | None = None, context: ProjectContext | None = None,
          prepared: list[str] | None = None) -> Turn:
    return Turn(context=context or ProjectContext(characters=("MARA", "TOMAS"), scene_count=7), request=request,
                clauses=[request], history=history or [], prepared_now=prepared or [])


# --- names and people -------------------------------------------------------------------------


def test_a_possessive_without_its_apostrophe_corrects_the_name() -> None:
    fixed = name_correction("oops, thats tomass scarf not maras", "mara's costume: a red wool scarf", NAMES, True)
    assert fixed == ["undo", "TOMAS's costume: a red wool scarf"]


def test_same_for_another_person_repeats_the_request_with_the_difference() -> None:
    said = same_for("same sort of thing for tomas but quieter", "give mara a voice: clipped, dry", NAMES)
    assert said == "give Tomas a voice: clipped, dry, but quieter"


def test_same_for_needs_a_known_name_and_one_name_before() -> None:
    assert same_for("same thing for bernard", "give mara a voice: clipped", NAMES) is None
    assert same_for("same for tomas", "give mara and tomas hats", NAMES) is None
    assert same_for("same for tomas", None, NAMES) is None


def test_how_someone_plays_in_the_scene_just_named_is_a_rewrite_of_it() -> None:
    assert played_in_scene("make her warmer in it", 4) == "rewrite scene 4: make her warmer"
    said = played_in_scene("make Tomas a bit more curt in scene 2", None)
    assert said == "rewrite scene 2: make Tomas a bit more curt"


def test_played_in_scene_leaves_other_requests_alone() -> None:
    assert played_in_scene("make her warmer in it", None) is None  # no scene to lean on
    assert played_in_scene("make him a pilot in it", 3) is None  # not how he plays
    assert played_in_scene("make her warmer", 3) is None


# --- scenes by their neighbours, lists and tags ------------------------------------------------


def test_the_one_after_a_scene_named_by_number_is_the_next_scene() -> None:
    assert relative_scene("and the one after scene 2 as well", None, 7) == "and scene 3 as well"
    assert relative_scene("the scene right before scene 5", None, 7) == "scene 4"
    assert relative_scene("the one after scene 7", None, 7) == "the one after scene 7"  # there is no scene 8


def test_both_of_them_after_a_listing_is_one_step_per_scene() -> None:
    answer = ["2 scenes have “ferry” in their heading (scenes 3 and 6):\n3. EXT. FERRY - DAY\n6. INT. FERRY - NIGHT"]
    assert each_of_them("flag both of those seasick", answer) == ["flag scene 3 as seasick", "flag scene 6 as seasick"]


def test_both_needs_exactly_two_listed_scenes() -> None:
    answer = ["Scenes 1, 4 and 5 match."]
    assert each_of_them("tag both of those storm", answer) is None
    assert each_of_them("tag all of them storm", answer) == ["tag scene 1 as storm", "tag scene 4 as storm",
                                                            "tag scene 5 as storm"]
    assert each_of_them("tag both of those storm", []) is None


_GREENHOUSES = ("2 · INT. GREENHOUSE - DAY", "5 · INT. GREENHOUSE - NIGHT")


def test_a_tag_comes_off_the_candidate_that_carries_it() -> None:
    refs = (SceneRef("the greenhouse one", "ambiguous", None, _GREENHOUSES),)
    history = ["tag scene 5 love", "Scene 5 tags: love. Say 'undo' to revert."]
    assert tagged_one("take the love tag off the greenhouse one", refs, history) == "take the love tag off scene 5"


def test_a_tag_both_candidates_carry_is_still_asked_about() -> None:
    refs = (SceneRef("the greenhouse one", "ambiguous", None, _GREENHOUSES),)
    history = ["Scene 5 tags: love.", "Scene 2 tags: love, storm."]
    assert tagged_one("take the love tag off the greenhouse one", refs, history) is None
    assert tagged_one("tag the greenhouse one love", refs, history) is None  # nothing comes off


def test_a_move_said_by_where_it_ended_is_put_back_by_undoing_it() -> None:
    assert new_position("put it back where it was", "shift the ferry scene so it closes the film", True) == ["undo"]


def test_a_rewrite_that_says_what_the_scene_should_have_brings_it_in() -> None:
    assert writes_in("and redo it so the curtains are drawn")
    assert writes_in("rewrite scene 3 so that there is frost on the glass")
    assert not writes_in("rewrite the sword fight scene, darker")


# --- shots --------------------------------------------------------------------------------------


def test_the_next_shot_after_one_named_by_what_it_shows() -> None:
    said = shot_follow_up("and the one after that as well", "make the shot of mara reading the logbook a wide",
                          ["Shot 2 of scene 5 is now wide, eye-level, static, 24mm (version 2)."])
    assert said == "make shot 3 of scene 5 a wide"


def test_one_still_of_one_thing_is_the_still_of_its_shot() -> None:
    assert shot_work("draw a frame of the brass telescope") == "generate_still"
    assert shot_query("draw a frame of the brass telescope in scene 2") == "brass telescope"
    assert shot_work("generate a still for the shot where tomas lights the lamp") == "generate_still"
    assert shot_work("generate stills for scene 5") is None
    assert shot_work("generate a still of each shot in scene 5") is None


def test_two_transitions_in_one_clause_are_two_steps() -> None:
    history = ["put a dissolve on clip 5", "Clip 5 now starts with a crossfade. Say 'undo' to revert."]
    steps = spell_transitions("no, make that a hard cut, and a dissolve into clip 6", _turn("x", history))
    assert steps == ["hard cut at clip 5", "crossfade clip 6"]


def test_one_transition_stays_one_step() -> None:
    assert spell_transitions("crossfade into clip 6", _turn("x")) == ["crossfade clip 6"]
    assert spell_transitions("rewrite scene 2 and tighten it", _turn("x")) == []


# --- lines tagged by how the film-maker feels about them ---------------------------------------


def test_loving_a_line_tags_it_love() -> None:
    assert spell_line_tag("i adore the lighthouse line", _turn("x")) == ["tag the line “lighthouse” as love"]
    assert spell_line_tag("love mara's line about the tide tables", _turn("x")) == [
        "tag the line “tide tables” as love"]


def test_a_line_that_stays_is_kept() -> None:
    assert spell_line_tag("tomas's 'not on my watch' stays, no matter what", _turn("x")) == [
        "tag the line “not on my watch” as keep"]
    assert spell_line_tag("the logbook line is spot on - never let it change", _turn("x")) == [
        "tag the line “logbook” as keep"]


def test_feelings_about_other_things_are_no_line_tag() -> None:
    assert spell_line_tag("i love the ending", _turn("x")) == []
    assert spell_line_tag("love the first line", _turn("x")) == []
    assert spell_line_tag("do you love the lighthouse line?", _turn("x")) == []


def test_flag_it_for_rewrite_tags_the_scene_the_sentence_named() -> None:
    assert spell_line_tag("scene 5 is clunky, flag it for rewrite", _turn("x")) == ["tag scene 5 as rewrite"]
    assert spell_line_tag("this is clunky, flag it for rewrite", _turn("x")) == []


class _Spec:
    def __init__(self, name: str) -> None:
        self.name = name


def test_a_line_tag_looks_up_its_scene_then_tags_the_line() -> None:
    specs = [_Spec("tag_block"), _Spec("find_scene")]
    step = "tag the line “lighthouse” as love"
    first = line_step(step, _turn(step), specs)  # type: ignore[arg-type]
    assert first is not None and first["tool"].name == "find_scene" and first["prep"]
    found = ["Scene 3. EXT. CLIFF - DUSK — “You keep the lighthouse, I keep the boat.”"]
    second = line_step(step, _turn(step, prepared=found), specs)  # type: ignore[arg-type]
    assert second is not None and second["args"] == {"scene_number": 3, "tags": ["love"], "quote": "lighthouse"}


def test_two_scenes_with_the_line_are_asked_about() -> None:
    specs = [_Spec("tag_block"), _Spec("find_scene")]
    step = "tag the line “lighthouse” as love"
    equal = ["Scenes 3 and 6: 3. EXT. CLIFF - DUSK — “...”; 6. INT. TOWER - NIGHT — “...”"]
    asked = line_step(step, _turn(step, prepared=equal), specs)  # type: ignore[arg-type]
    assert asked is not None and "tool" not in asked and "Which scene" in asked["text"]


# --- questions ----------------------------------------------------------------------------------


def test_quick_typed_question_words_are_read_as_meant() -> None:
    detail = fact_detail("what yr did tomas loose the boat", None, ("MARA", "TOMAS"))
    assert detail is not None and "year" in detail and "lose" in detail and "loose" not in detail


def test_a_clock_time_answers_what_time_it_is() -> None:
    data = {"characters": [{"name": "MARA"}], "scenes": [
        {"number": 1, "heading": "INT. TOWER - NIGHT",
         "content": "Mara climbs the stairs.\n\nThe wall clock reads 03:40. She winds it anyway."}]}
    assert "03:40" in written(data, "what hour of the night is it", 1)


def test_a_wish_for_a_moment_then_can_we_do_that_is_a_camera_change() -> None:
    from agent.llm.offline.shots import read_shot_asks

    context = ProjectContext(characters=("MARA", "TOMAS"), scene_count=7)
    history = ["break scene 2 into shots", "Broke scene 2 into 6 shots: 1. wide eye-level static 24mm - Establishing"]
    said = "When Tomas reads 'all hands' aloud, I'd like us to be looking down on him. Could we do that?"
    asks = read_shot_asks(said, Turn(context=context, request=said, clauses=[said], history=history))
    assert [a.terms for a in asks] == [("high angle",)]
    asked = "when does tomas read it?"
    assert read_shot_asks(asked, Turn(context=context, request=asked, clauses=[asked], history=history)) == []


def test_a_correction_naming_what_happens_in_the_scene_redoes_the_request_there() -> None:
    from agent.llm.offline.followups import described_correction

    refs = (SceneRef("where tomas burns the letter", "resolved", 5, ("5 · INT. KITCHEN - NIGHT",)),
            SceneRef("the other one", "none", None, ()))
    fixed = described_correction("no sorry, the other one - where tomas burns the letter", "tighten the kitchen scene "
                                 "at dawn, fewer words", refs, True)
    assert fixed == ["undo", "tighten scene 5, fewer words"]


def test_a_correction_without_one_resolved_scene_is_left_alone() -> None:
    from agent.llm.offline.followups import described_correction

    refs = (SceneRef("the other one", "none", None, ()),)
    assert described_correction("no sorry, the other one", "tighten the kitchen scene", refs, True) is None
    assert described_correction("tighten where tomas burns the letter", "tighten the kitchen scene", (
        SceneRef("where tomas burns the letter", "resolved", 5, ()),), True) is None  # no correction word
