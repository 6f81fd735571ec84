"""Notes typed the way crews type them, moments said around quoted lines, and questions asked in their own order.

An arrow before what to do is the note's colon, never a rename; a scene named by hyphen-strung words, a garment worn
"only while he's hauling nets", a swap said "round"; an action placed after a line in quotes (whose words ask for
nothing: "keep" in a quoted line is no tag); "the whole scene where …" is that one scene, never every scene; a
question told moment first, "… and then what?", "is it A or B who …?"; a reason given in another scene; a thing
called otherwise ("brolly"); and follow-ups that lean on the step before ("that tag", "the one that follows it",
"he gets the same, except …", "a year older").

Invented requests (a pier, a ferry, a net loft); the demo is used only where the whole graph must run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.cues import has_cue
from agent.llm.offline.fill import _boolean
from agent.llm.offline.fill_names import Request
from agent.llm.offline.follow_ons import same_for
from agent.llm.offline.followups import relative_scene, same_tag
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import newcomer_asked, without_name_left_open
from agent.llm.offline.questions import plain_question
from agent.llm.offline.stage import stage_direction
from agent.llm.offline.traits import trait_sentence
from agent.shorthand import spell_out
from agent.tools.said import written

_CAST = ("MARA", "TOMAS")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "notes")


def test_an_arrow_before_what_to_do_is_the_notes_colon() -> None:
    assert spell_out("pier, night scene → make it dawn") == "pier, night scene: make it dawn"
    assert spell_out("loft scene -> tag it fog") == "loft scene: tag it fog"
    assert spell_out("sh4 → ECU") == "sh4 → ECU"  # what a shot becomes, no command after it


def test_a_scene_named_by_hyphen_strung_words_is_said_as_words() -> None:
    assert "the gulls over the pier scene" in spell_out("redo the gulls-over-the-pier scene, calmer")
    assert "no-entry-after-dark" in spell_out("lose the no-entry-after-dark sign in scene 2")  # a thing's name stays
    assert spell_out('have her say "state-of-the-art" in scene 2') == 'have her say "state-of-the-art" in scene 2'


def test_a_garment_worn_only_while_doing_something_is_worn_in_the_scene_where_it_is_done() -> None:
    said = spell_out("give tomas an oilskin over his jumper, but only while he's hauling nets")
    assert said == "give tomas an oilskin over his jumper only in the scene where he is hauling nets"
    assert spell_out("call me while he's hauling nets") == "call me while he's hauling nets"  # no garment, no costume


def test_someone_at_a_place_then_what_they_have_on_is_worn_there() -> None:
    said = spell_out("tomas on the pier (both times): grey oilskin over his jumper")
    assert said == "tomas wears a grey oilskin over his jumper on the pier"
    assert spell_out("tomas on the pier: make him colder") == "tomas on the pier: make him colder"  # no garment


def test_a_swap_said_with_its_adverb_is_the_swap() -> None:
    assert spell_out("swap the two ferry scenes round") == "swap the two ferry scenes"
    assert spell_out("turn the lamp round") == "turn the lamp round"


def test_a_line_in_quotes_asks_for_nothing() -> None:
    assert has_cue("tag_scene", "tag scene 2 'fog'")
    assert not has_cue("tag_scene", "in scene 2, after tomas asks 'why keep the floats?', mara looks away")


def _request(clause: str) -> Request:
    return Request(clause=clause, context=ProjectContext(), characters=_CAST)


def test_the_whole_of_one_scene_is_never_every_scene() -> None:
    assert _boolean("every_scene", _request("cut all of scene 4")) is None
    assert _boolean("every_scene", _request("delete every scene")) is True
    assert _boolean("every_shot", _request("make all of scene 4's shots handheld")) is True


def test_an_action_after_a_moment_said_first_is_placed_after_it() -> None:
    action = stage_direction("in scene 2, after tomas comes in, mara hums", _CAST)
    assert action is not None and action.line == "MARA hums." and action.after == "tomas comes in"
    looked = stage_direction("in scene 2, mara looks out along the jetty", _CAST)
    assert looked is not None and looked.line == "MARA looks out along the jetty."
    assert stage_direction("mara looks older", _CAST) is None  # how she looks is who she is


def test_a_pause_between_a_quoted_line_and_the_answer() -> None:
    action = stage_direction("in scene 2, after tomas asks 'why bother mending it?', give mara a pause where she "
                             "looks out to sea before she answers", _CAST)
    assert action is not None and action.speaker is None
    assert action.after == "tomas asks 'why bother mending it?'" and action.before == "she answers"
    assert action.line == "MARA takes a pause, looks out to sea."


def test_a_line_said_at_a_moment_is_no_line_to_write() -> None:
    action = stage_direction('in scene 2, mara sighs after tomas says "why bother?"', _CAST)
    assert action is not None and action.speaker is None and action.line == "MARA sighs."
    said = stage_direction("in scene 2, have mara say 'low tide' under her breath", _CAST)
    assert said is not None and said.speaker == "MARA" and said.line == "Low tide."
    assert said.block == ["MARA", "(under her breath)", "Low tide."]


def test_a_judged_tone_before_the_one_asked_for_is_not_asked_for() -> None:
    assert find_tones("the loft scene reads bleak, lighten it") == ["lighter"]
    assert find_tones("the loft scene is dark, keep it that way") == ["darker"]


@pytest.mark.parametrize(("asked", "plain"), [
    ("right before tomas jumps, what has he just spotted", "what happens before tomas jumps"),
    ("mara ties the rope to the bollard... and then what?", "what happens after mara ties the rope to the bollard?"),
    ("is it mara or tomas who rings the bell?", "who rings the bell?"),
    ("how late is it when the ferry docks?", "what time is it when the ferry docks?"),
    ("what does mara keep in the loft?", "what does mara keep in the loft?"),
])
def test_a_question_is_read_in_its_plain_order(asked: str, plain: str) -> None:
    assert plain_question(asked) == plain


_HARBOUR = """Rain on the harbour wall. MARA (30s, trainers soaked through) hauls a crate of floats.

TOMAS
Why are you still out here?

MARA
Because it's the last boat he built."""

_SHED = """The net shed. Tomas hangs up a grey umbrella, its handle taped.

TOMAS
I left it here in nineteen eighty. Forty years on this wall."""

_FILM: dict[str, Any] = {
    "scenes": [
        {"number": 1, "heading": "EXT. HARBOUR WALL - NIGHT", "content": _HARBOUR},
        {"number": 2, "heading": "INT. NET SHED - DAWN", "content": _SHED},
    ],
    "characters": [{"name": "MARA", "description": ""}, {"name": "TOMAS", "description": ""}],
    "locations": [{"name": "NET SHED"}, {"name": "HARBOUR WALL"}],
    "costumes": [],
}


def test_a_reason_given_in_another_scene_answers_why() -> None:
    said = written(_FILM, "why does mara care so much about the boat")
    assert "Because it's the last boat he built." in said


def test_a_thing_called_otherwise_or_misspelt_is_found() -> None:
    assert "nineteen eighty" in written(_FILM, "what yeer did tomas leave his brolly")
    assert "trainers soaked through" in written(_FILM, "what state are mara's shoes in")
    assert "Forty years" in written(_FILM, "how many years has tomas been at the net shed")


def test_what_the_screenplay_lacks_is_said_plainly() -> None:
    said = written(_FILM, "what is tomas's dog called")
    assert said.startswith("The screenplay never mentions “dog”") and "doesn't say" in said


def test_follow_ups_that_lean_on_the_step_before() -> None:
    answered = ["Scene 3 tags: fog. Say 'undo' to revert."]
    assert same_tag("scene 4 wants the same tag", answered) == "tag scene 4 fog"
    assert same_tag("scene 4 needs a tag", answered) is None
    assert relative_scene("the one that follows it needs fog too", 3, 6) == "scene 4 needs fog too"
    said = same_for("tomas can have the same, save that he wears a red cap",
                    "describe mara as wiry and quiet, wears a blue cap", list(_CAST))
    assert said == "describe Tomas as wiry and quiet, wears a red cap"


def test_someone_new_asked_for_by_what_they_do() -> None:
    assert newcomer_asked("could we have a boy who mends the nets?", _CAST) == (
        "add a character: a boy who mends the nets")
    assert newcomer_asked("could we have a shot that lingers on the nets?", _CAST) is None  # nobody
    assert newcomer_asked("could we have mara who mends the nets?", _CAST) is None  # someone known
    assert without_name_left_open("twelve, shy. no name yet, you pick") == "twelve, shy"


def test_why_a_note_is_asked_is_no_part_of_it() -> None:
    said = trait_sentence("MARA", "mara: she must look more tired, grey streak in her hair, is better for the story")
    assert said is not None and "story" not in said and "grey streak" in said


async def test_an_arrow_note_on_a_scene_never_renames_its_place(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "the bus scene → set it at dawn")
    assert after["locations"] == before["locations"]
    assert after["scenes"][2]["heading"].endswith("- DAWN")


async def test_a_scene_the_film_lacks_is_said_so(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "in the lighthouse scene, ruben whistles")
    assert after["scenes"] == before["scenes"] and after["characters"] == before["characters"]


async def test_a_role_opening_a_voice_note(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "driver voice → gravelly and slow")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert "gravelly" in ruben["voice"] and after["locations"] == before["locations"]


def test_someone_new_named_in_lower_case() -> None:
    from agent.llm.offline.names import named_newcomer

    assert named_newcomer("wren is a new character, she's a net mender", _CAST) == "add a character WREN: A net mender"
    assert named_newcomer("there's a new character, wren, she mends nets", _CAST) == (
        "add a character WREN: She mends nets")
    assert named_newcomer("add wren - net mender, sixties", _CAST) == "add a character WREN: Net mender, sixties"
    assert named_newcomer("add fog - thick, low", _CAST) is None  # no one: a thing
    assert named_newcomer("mara is a new character, she mends nets", _CAST) is None  # someone the film has


def test_a_job_with_its_kind_must_be_borne_out() -> None:
    from agent.roles import find_role_references, people_in

    people = people_in([("TOMAS", ""), ("MARA", "")], ["TOMAS (50s) steers the boat across.", "MARA (30s) waits."])
    assert [r.names for r in find_role_references("the boat pilot", people)] == [()]  # steering is no piloting
    assert [r.names for r in find_role_references("the boat guy", people)] == [("TOMAS",)]


def test_what_is_in_a_container_someone_brings() -> None:
    film = {"scenes": [{"number": 1, "heading": "EXT. PIER - NIGHT", "content": (
        "TOMAS (50s) walks in with a tackle box.\n\nHe sets the box on the bench.\n\nMara lifts things out: a reel, "
        "a knife, a tin of hooks.\n\nTOMAS\nCareful.")}], "characters": [{"name": "TOMAS"}, {"name": "MARA"}],
        "costumes": []}
    assert "a reel, a knife, a tin of hooks" in written(film, "what's in the box tomas brings")


async def test_going_to_a_branch_there_is_none_of_makes_none(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "hop over to the rooftop branch")
    assert after["branch"] == before["branch"] and after["scenes"] == before["scenes"]


async def test_which_version_a_scene_is_on_is_answered_not_diffed(template: Path, tmp_path: Path) -> None:
    from demo_session import opened

    async with opened(template, tmp_path) as session:
        await session.run("t", "make scene 5 sadder")
        said = await session.run("t", "what version is scene 5 on now?")
        assert "version 2" in str(said) and "---" not in str(said)


async def test_someone_new_said_by_what_they_are_then_named(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "add a grey-bearded ferryman called Strom to the cast")
    added = [c for c in after["characters"] if c["name"] not in {b["name"] for b in before["characters"]}]
    assert [(c["name"], c["description"]) for c in added] == [("STROM", "A grey-bearded ferryman.")]
