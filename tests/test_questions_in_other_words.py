"""Questions about the story asked in other words than the screenplay's: an idiom ("legs it", "turns up with"),
a kin verb ("bring" for "holding"), a misspelt verb ("loose" for "lost"), the beat before a short one, and a
question the characters ask each other on screen.

Invented film (a pier at night, a ferry at dawn); the answers are read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, opened

from agent.shorthand import courtesy_dropped
from agent.tools.said import written

_PIER = """Fog on the planks. MARA (30s, oilskin) coils a rope by the bollard.

She checks her oilskin pocket. Empty. A torn ferry pass: ZONE 3.

She looks at it.

Then she bolts.

TOMAS
What's in the net loft?

MARA
(beat)
Old floats. A radio that hisses.

MARA
I lost it on my first shift. Nineteen ninety-one."""

_LOFT = """A red lamp hangs from a beam in the loft.

TOMAS
(lifting the lamp down)
Nobody has lit this since the storm.

MARA
Who mended the nets?

TOMAS
Strom. Before he left.

MARA
It's mine. My father bought it the year I was born.

She sits on the crate by the window, a tin of hooks on her knee.

MARA
I was sat by the window when the ferry went."""

_FERRY = """Engines idling. Tomas steers the last crossing.

He checks the clock by the wheel: 05:10. Then at the gulls.

The hatch opens. Tomas, holding two tin mugs of tea."""

_FILM: dict[str, Any] = {
    "scenes": [
        {"number": 1, "heading": "EXT. PIER - NIGHT", "content": _PIER},
        {"number": 2, "heading": "INT. NET LOFT - NIGHT", "content": _LOFT},
        {"number": 3, "heading": "INT. FERRY - DAWN", "content": _FERRY},
    ],
    "characters": [{"name": "MARA", "description": ""}, {"name": "TOMAS", "description": ""}],
    "costumes": [],
}


def test_an_idiom_for_running_finds_the_run_and_what_comes_before_it() -> None:
    said = written(_FILM, "what happens right before mara legs it off the pier?")
    assert "Then she bolts." in said
    # "She looks at it." says too little on its own: the sentence before it comes too
    assert "A torn ferry pass: ZONE 3." in said and "She looks at it." in said


def test_taking_something_off_is_no_running_off() -> None:
    from agent.tools.said import _plainly

    assert _plainly("what does mara take off at the door?") == "what does mara take off at the door?"
    assert _plainly("what happens after she bolts?") == "what happens after she runs?"


def test_turning_up_with_something_is_carrying_it() -> None:
    said = written(_FILM, "what does tomas turn up with at the very end?")
    assert said == "Scene 3: “Tomas, holding two tin mugs of tea.”"
    assert written(_FILM, "what does tomas bring at the very end?") == said


@pytest.mark.parametrize(("asked", "told"), [
    ("what year did mara loose it", "Nineteen ninety-one"),  # a misspelt verb read as the screenplay's ("lost")
    ("what does tomas keep in the net loft", "Old floats."),  # a question asked on screen brings its answer
    ("whose is the red lamp in the loft?", "It's mine."),  # who claims it
    ("where was mara sitting in the loft when the ferry went?", "I was sat by the window"),  # the sitting is asked
    ("what does she fish out (mara checks her pockets on the pier)", "A torn ferry pass: ZONE 3."),  # what is found
])
def test_a_question_in_other_words_finds_the_sentence_that_answers_it(asked: str, told: str) -> None:
    assert told in written(_FILM, asked)


@pytest.mark.parametrize(("asked", "lacking"), [
    ("what colour is the lifeboat", "lifeboat"),
    ("what happens after tomas drops the lamp in the sea?", "drop"),  # a moment that never happens: nothing next to it
])
def test_what_the_screenplay_lacks_is_said_to_be_missing(asked: str, lacking: str) -> None:
    said = written(_FILM, asked)
    assert said.startswith("The screenplay never mentions") and "doesn't say" in said and lacking in said


def test_what_someone_says_at_a_moment_is_their_line_there() -> None:
    said = written(_FILM, "what does tomas say when he first lifts the lamp down?")
    assert said == "Scene 2, TOMAS: “(lifting the lamp down) Nobody has lit this since the storm.”"
    said = written(_FILM, "what does tomas say when mara asks about the nets?")
    assert said == "Scene 2, TOMAS: “Strom. Before he left.”"


def test_what_someone_asks_is_their_questions_with_the_answers() -> None:
    said = written(_FILM, "what does mara ask tomas?")
    assert "Who mended the nets?" in said and "TOMAS answers: “Strom. Before he left.”" in said
    assert "What's in the net loft?" not in said  # Tomas asks that one


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "other-words")


async def _reply(template: Path, tmp_path: Path, text: str) -> tuple[str, bool]:
    """The reply to one message on a fresh copy of the demo, and whether the project stayed as it was."""
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        result = await session.run("t", text)
        same = session.snapshot() == before
    return "\n".join(e.get("text", "") for e in result.events if e.get("type") == "message"), same


@pytest.mark.parametrize(("asked", "told"), [
    ("how old is ida supposed to be - does the screenplay mention it?", "70s"),  # a tail pointing at the script
    ("remind me, what was the most recent edit?", "Imported"),  # the history, not the cast
    ("so where is juno sat, on the bus?", "sat at the back"),  # a fact written in a speech, not a scene
    ("ruben backs in with his crate — what does ida lift out of it?", "paperback"),  # the sentence before the dash
])
async def test_questions_said_loosely_are_answered_and_change_nothing(template: Path, tmp_path: Path, asked: str,
                                                                       told: str) -> None:
    reply, same = await _reply(template, tmp_path, asked)
    assert told in reply and same
    assert courtesy_dropped("what's on the pass, according to the script?") == "what's on the pass?"
    assert courtesy_dropped("make her older, does the script say") == "make her older, does the script say"


def test_a_reply_given_someone_is_a_line_to_say_never_a_description() -> None:
    from agent.llm.offline.traits import trait_sentence
    from agent.llm.offline.understand import _said_line

    assert trait_sentence("TOMAS", 'give tomas a reply just after that: "Not with this tide."') is None
    assert trait_sentence("TOMAS", 'tomas: "Not with this tide."') is None
    assert trait_sentence("TOMAS", "give tomas a limp") == "Tomas has a limp."
    assert _said_line('give tomas a comeback: "Not with this tide."', ("MARA", "TOMAS")) == (
        'have tomas say "Not with this tide."')


async def test_whoever_said_a_line_is_the_one_the_answer_named(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "who is it that says 'nothing worth anything'?")
        await session.run("t", "ok, give whoever said it a gravelly voice")
        voices = {c["name"]: c.get("voice") for c in session.snapshot()["characters"]}
    assert "gravelly" in (voices["JUNO"] or "") and not voices["RUBEN"] and not voices["IDA"]


async def test_what_someone_wears_made_their_costume_for_those_scenes(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "what is juno wearing in scenes 2 and 5?")
        await session.run("t", "ok, use that as her costume in those two")
        costumes = session.snapshot()["costumes"]
    assert len(costumes) == 1 and costumes[0]["character"] == "JUNO" and costumes[0]["scenes"] == [2, 5]
    assert "those" not in costumes[0]["description"].lower() and "trainers" in costumes[0]["description"]


async def test_a_quoted_tag_may_be_a_name(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "label scene 4 'ida'")
        tags = session.snapshot()["scenes"][3]["tags"]
    assert "ida" in [t.lower() for t in tags]
