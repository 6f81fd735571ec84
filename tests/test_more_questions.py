"""Questions about what a container holds, what a thing is for, who does something, how old someone is,
which branch is open and whether there is music: each answered from the text or the project, read-only.

The screenplay here is invented for these tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.questions import BRANCH_ASKED, MUSIC_ASKED, TIMELINE_ASKED, VOICE_ASKED, WHEN_SET, fact_detail
from agent.llm.offline.speech import speech_act
from agent.session import Session
from agent.tools.said import _acts, written

_FERRY = """A rusted landing stage. Fog over the estuary.

MARGIT (60s, oilskin, pipe clenched) hauls a tin trunk up the gangway.

MARGIT
Mind your feet. The boards are rotten.

She drops the trunk by the rail. Tomasz pries the lid up: a compass, two candles, a bundle of letters tied with twine.

TOMASZ (19, wet through, one boot missing) leaps aboard the ferry and stares at the letters.

Margit steers out past the buoys, one open palm on the wheel."""

_CABIN = """The cabin. A lamp swings.

TOMASZ
Where does this go?

MARGIT
That little key? It opens the lighthouse door. Nobody has used it since the war.

Tomasz turns the key in his open hand."""

DATA: dict[str, Any] = {
    "scenes": [{"number": 1, "heading": "EXT. FERRY - DAWN", "content": _FERRY},
               {"number": 2, "heading": "INT. FERRY CABIN - DAY", "content": _CABIN}],
    "characters": [{"name": "MARGIT", "description": ""}, {"name": "TOMASZ", "description": ""},
                   {"name": "ANSELM", "description": "a retired lock-keeper, 82, deaf in one ear"}],
}


def test_what_a_container_holds_is_the_list_after_the_sentence_that_brings_it_in() -> None:
    said = written(DATA, "what is inside Margit's trunk")
    assert "a compass, two candles, a bundle of letters" in said
    assert "hauls a tin trunk" not in said  # the sentence that brings the trunk in does not say what is in it
    said = written(DATA, "whats in the tin trunk")
    assert "a compass" in said


def test_a_container_with_no_list_near_it_falls_back_to_the_best_sentence() -> None:
    said = written(DATA, "what is in the lamp")
    assert said == "Scene 2: “The cabin. A lamp swings.”" or "lamp" in said.lower()
    assert "compass" not in said


def test_what_a_thing_does_is_said_where_the_verb_is_a_verb() -> None:
    said = written(DATA, "what does the key really open")  # "his open hand" is not the key opening anything
    assert said.startswith("Scene 2, MARGIT:") and "lighthouse door" in said and "open hand" not in said
    assert _acts("drive", "she is driving home") and _acts("drive", "he drove off")
    assert not _acts("open", "an open door")


def test_who_does_something_is_answered_by_the_doing_not_by_the_object() -> None:
    said = written(DATA, "who's steering the ferry")  # not "Tomasz leaps aboard the ferry"
    assert said == "Scene 1: “Margit steers out past the buoys, one open palm on the wheel.”"
    assert "Margit steers" in written(DATA, "who steers the ferry")


def test_age_comes_from_the_introduction_or_the_description() -> None:
    assert written(DATA, "how old is Tomasz").startswith("TOMASZ is 19 (introduced in scene 1: “TOMASZ (19,")
    assert written(DATA, "what age is margit").startswith("MARGIT is in their 60s")
    assert written(DATA, "how old is Anselm") == "ANSELM is 82 (from the character's description)."


def test_a_question_inside_chat_is_the_sentence_that_asks() -> None:
    cast = ("MARGIT", "TOMASZ")
    text = "Sorry, my memory is shot. How old have we made Tomasz? The costume lady needs sizes."
    assert speech_act(text) == "question"
    assert fact_detail(text, None, cast) == "How old is Tomasz"
    assert speech_act("Tomasz reads too young. Make him 25.") == "command"
    assert speech_act("Tomasz reads too young. Could we make him 25?") == "command"  # asks for a change


def test_branch_music_and_voice_questions_have_their_own_shapes() -> None:
    assert BRANCH_ASKED.search("what draft of the screenplay are we on at the moment?")
    assert BRANCH_ASKED.search("am i still working in main?")
    assert not BRANCH_ASKED.search("which version of scene 2 is the newest?")
    assert MUSIC_ASKED.search("have we got a score yet")
    assert not MUSIC_ASKED.search("what plays on the radio in scene 4?")
    assert VOICE_ASKED.search("what does tomasz sound like?")
    assert TIMELINE_ASKED.search("what's in the cut right now") and TIMELINE_ASKED.search("has the film been assembled")
    assert not TIMELINE_ASKED.search("what's on the notice in scene 1?")
    assert WHEN_SET.search("what time of day does scene 4 take place") and WHEN_SET.search("is scene 2 set outside?")
    assert not WHEN_SET.search("what time is on the clock in scene 3?")  # a time written in the action


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("more") / "demo", settings=Settings())


async def _ask(template: Path, tmp_path: Path, text: str) -> tuple[str, list[dict[str, Any]]]:
    path = tmp_path / "chat"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        changes, before = session.history(), session.snapshot()
        result = await session.run("t", text)
        after = session.snapshot()
        assert session.history() == changes
        assert {k: after[k] for k in ("scenes", "characters", "branch", "music", "timeline")} == {
            k: before[k] for k in ("scenes", "characters", "branch", "music", "timeline")}
        return "\n".join(result.texts), [c["args"] for c in result.tool_calls if c["name"] == "project_overview"]
    finally:
        await session.close()


async def test_the_director_answers_project_state_questions_read_only(template: Path, tmp_path: Path) -> None:
    text, calls = await _ask(template, tmp_path, "so have we got any music on it so far?")
    assert calls == [{"topic": "music"}] and text.startswith("There is no music yet")
    text, calls = await _ask(template, tmp_path / "b", "what branch of the film are we on, is it main?")
    assert calls == [{"topic": "branch"}] and "'main'" in text
    text, calls = await _ask(template, tmp_path / "c", "what's on the timeline so far?")
    assert calls == [{"topic": "timeline"}] and text.startswith("The timeline is empty")
    text, calls = await _ask(template, tmp_path / "d", "scene 5 is set at what time of day?")
    assert calls == [{"topic": "heading", "scene_number": 5}] and "DAWN" in text


async def test_the_director_answers_an_age_asked_in_passing(template: Path, tmp_path: Path) -> None:
    text, calls = await _ask(template, tmp_path, "Quick one. How old have we made Ida? Wardrobe wants to know.")
    assert calls and calls[0]["topic"] == "details" and "70s" in text


def test_how_many_shots_film_wide_reads_the_overview() -> None:
    from agent.llm.offline.questions import SHOTS_ASKED

    assert SHOTS_ASKED.search("are there any shots at all?")
    assert not SHOTS_ASKED.search("how many shots in scene 2?")  # one scene's shots are listed


async def test_what_is_in_a_thing_asked_with_an_aside_after_it(template: Path, tmp_path: Path) -> None:
    text, calls = await _ask(template, tmp_path, "what's in ruben's crate, just out of interest?")
    assert "paperback" in text
