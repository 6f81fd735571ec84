"""Questions about the screenplay's words on the demo: first and last lines, who says a quote, written details.

The tool is asked directly (as a real model would call it) and through the offline director (as a
film-maker types); every answer must leave the project as it was, with no history row.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.lines import asks_for_words, words_args
from agent.session import Session

CAST = ["IDA", "JUNO", "RUBEN"]
PROPS = {"topic": {}, "scene_number": {}, "name": {}, "which": {}, "quote": {}, "detail": {}}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("words") / "demo", settings=Settings())


async def _ask(template: Path, tmp_path: Path, *turns: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Ask a fresh copy of the demo; return the last turn's texts and its project_overview calls."""
    path = tmp_path / "p"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        for text in turns[:-1]:
            await session.run("t", text)
        before, changes = session.snapshot(), session.history()
        result = await session.run("t", turns[-1])
        assert session.history() == changes and session.snapshot()["scenes"] == before["scenes"]  # nothing written
        return result.texts, [c["args"] for c in result.tool_calls if c["name"] == "project_overview"]
    finally:
        await session.close()


async def _call(template: Path, tmp_path: Path, **args: Any) -> str:
    """Call project_overview with arguments a model chose; check that nothing changed."""
    path = tmp_path / "direct"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        changes = session.history()
        outcome = await session.direct.call("project_overview", args)
        assert session.history() == changes
        return outcome.text
    finally:
        await session.close()


def test_questions_about_words_become_arguments() -> None:
    assert words_args("what does ruben say last?", CAST, PROPS) == {"topic": "dialogue", "name": "RUBEN",
                                                                     "which": "last"}
    assert words_args("ida's opening line in scene 6", CAST, PROPS) == {
        "topic": "dialogue", "name": "IDA", "which": "first", "scene_number": 6}
    assert words_args("which character says “keep the change”?", CAST, PROPS) == {
        "topic": "dialogue", "quote": "keep the change"}
    assert words_args("who said we close at nine", CAST, PROPS) == {"topic": "dialogue", "quote": "we close at nine"}
    assert words_args("what's written on the notice in scene 1?", CAST, PROPS) == {
        "topic": "details", "detail": "what's written on the notice", "scene_number": 1}
    assert words_args("what's the closing line of the script?", CAST, PROPS) == {"topic": "dialogue", "which": "last"}
    assert words_args("who brings up the allotments?", CAST, PROPS) == {"topic": "dialogue", "quote": "the allotments"}
    assert words_args("who says the most in scene 4?", CAST, PROPS) is None  # about a count of lines, not a quote
    assert words_args("what does ida say?", CAST, PROPS) is None  # all her lines: the topic alone
    assert words_args("what does the film say about loss?", CAST, PROPS) is None
    assert words_args("what time of day is scene 2?", CAST, PROPS) is None  # the heading's, not a written detail
    assert words_args("what number is the dawn bridge scene?", CAST, PROPS) is None
    assert words_args("who says 'hello'?", CAST, {"topic": {}, "name": {}}) is None  # a tool without the arguments


def test_a_bare_phrase_asks_to_read() -> None:
    assert asks_for_words("ruben's final words") and asks_for_words("Ida’s lines in scene 4")
    assert not asks_for_words("juno's lines are too long") and not asks_for_words("give ida's lines more bite")


async def test_first_and_last_lines_of_a_character(template: Path, tmp_path: Path) -> None:
    texts, calls = await _ask(template, tmp_path, "so what is the very first thing Ruben says?")
    assert calls == [{"topic": "dialogue", "name": "RUBEN", "which": "first"}]
    assert "Last delivery. Route nine was generous tonight." in texts[0] and "Then why keep them" not in texts[0]
    texts, _ = await _ask(template, tmp_path / "b", "juno's closing line")
    assert "She never trusted single knots." in texts[0] and "Did you find a key" not in texts[0]
    texts, _ = await _ask(template, tmp_path / "c", "what is the opening line of scene 6?")
    assert texts[0] == "The first line in scene 6 is RUBEN's: “You're taking one?”"


async def test_who_says_a_quote_with_a_typo_and_any_case(template: Path, tmp_path: Path) -> None:
    texts, calls = await _ask(template, tmp_path, "who says 'WHAT KIND OF NOT is on the string'?")
    assert calls and calls[0]["quote"].lower() == "what kind of not is on the string"
    assert texts[0].startswith("IDA says it") and "scene 4" in texts[0]
    texts, _ = await _ask(template, tmp_path / "b", "whose line is everthing i find goes to ida")
    assert texts[0].startswith("RUBEN says it") and "scene 3" in texts[0]
    texts, _ = await _ask(template, tmp_path / "c", "who has a line about seed packets?")
    assert texts[0].startswith("JUNO says it")


async def test_a_fact_from_the_action_lines(template: Path, tmp_path: Path) -> None:
    texts, calls = await _ask(template, tmp_path, "what time is on the dash clock in scene 3?")
    assert calls and calls[0]["topic"] == "details" and calls[0]["scene_number"] == 3
    assert texts[0] == "Scene 3: “He glances at the clock on the dash: 01:52.”"
    texts, _ = await _ask(template, tmp_path / "b", "what number is on the key Ida tags?")
    assert "4107" in texts[0] and texts[0].startswith("Scene 1:")


async def test_no_such_line_and_no_lines_are_one_line_answers(template: Path, tmp_path: Path) -> None:
    texts, _ = await _ask(template, tmp_path, "who says 'the ferry leaves at six'?")
    assert texts[0] == "Nobody says “the ferry leaves at six”."
    texts, calls = await _ask(template, tmp_path / "b", "add a character named Otto, the office cat",
                              "what's otto's last line?")
    assert calls == [{"topic": "dialogue", "name": "OTTO", "which": "last"}] and texts[0] == "OTTO has no lines."
    texts, _ = await _ask(template, tmp_path / "c", "does anyone speak in scene 5?")
    assert texts[0] == "Nobody speaks in scene 5."


async def test_a_model_calls_the_arguments_directly(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="dialogue", name="ida", which="last", scene_number=6)
    assert "Proof of ownership. I never kept the receipt." in said
    said = await _call(template, tmp_path / "b", topic="dialogue", quote="closing for good")
    assert "Nobody says" in said and "action of scene 1" in said
    said = await _call(template, tmp_path / "c", topic="details", detail="colour of the umbrella")
    assert "green umbrella" in said
    said = await _call(template, tmp_path / "d", topic="details")
    assert "say what to look for" in said
