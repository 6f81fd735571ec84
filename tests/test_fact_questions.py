"""Questions about facts written in the demo screenplay, asked of the tool and through the offline director.

Every answer is read-only: the project is left as it was, with no history row.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.lines import words_args
from agent.llm.offline.questions import fact_detail, scenes_of
from agent.session import Session

CAST = ("IDA", "JUNO", "RUBEN")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("facts") / "demo", settings=Settings())


async def _call(template: Path, tmp_path: Path, **args: Any) -> str:
    path = tmp_path / "direct"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        changes, before = session.history(), session.snapshot()["scenes"]
        outcome = await session.direct.call("project_overview", args)
        assert session.history() == changes and session.snapshot()["scenes"] == before
        return outcome.text
    finally:
        await session.close()


async def _ask(template: Path, tmp_path: Path, text: str) -> tuple[str, list[dict[str, Any]]]:
    path = tmp_path / "chat"
    shutil.copytree(template, path)
    session = await Session.open(path, settings=Settings())
    try:
        changes, before = session.history(), session.snapshot()["scenes"]
        result = await session.run("t", text)
        assert session.history() == changes and session.snapshot()["scenes"] == before
        return "\n".join(result.texts), [c["args"] for c in result.tool_calls if c["name"] == "project_overview"]
    finally:
        await session.close()


def test_world_questions_are_looked_up_and_project_questions_are_not() -> None:
    assert fact_detail("what is hanging on the nail?", None, CAST) == "what is hanging on the nail"
    assert fact_detail("how long has Ruben driven the bus?", "runtime", CAST) is not None
    assert fact_detail("how long does it run?", "runtime", CAST) is None
    assert fact_detail("what should I do next?", None, CAST) is None
    assert fact_detail("what's juno's deal?", "cast", CAST) is None  # only a name: the character's overview
    assert fact_detail("how many scenes are there?", "scenes", CAST) is None
    assert fact_detail("which props exist so far?", None, CAST) is None  # the project's parts, not the story's
    assert fact_detail("whats under rubens seat", None, CAST) == "whats under rubens seat"


def test_the_films_first_and_last_lines_are_asked_for_by_anyone() -> None:
    props = {"topic": {}, "scene_number": {}, "name": {}, "which": {}, "quote": {}, "detail": {}}
    assert words_args("who gets the final word?", CAST, props) == {"topic": "dialogue", "which": "last"}
    assert words_args("what's the first thing somebody says?", CAST, props) == {"topic": "dialogue", "which": "first"}
    assert words_args("who gets the key?", CAST, props) is None


def test_scenes_are_counted_by_a_person_or_a_place() -> None:
    assert scenes_of("in how many scenes does juno appear?", CAST) == "JUNO"
    assert scenes_of("which scenes take place outside?", CAST) == "outside"
    assert scenes_of("how many scenes are there?", CAST) is None
    assert scenes_of("how many scenes do we have so far", CAST) is None  # all of them: the scene list
    assert fact_detail("where does the shed scene happen?", None, CAST) is None  # the heading's answer


async def test_a_fact_in_the_action_is_quoted(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="details", detail="what's on the notice taped to the door")
    assert said == "Scene 1: “A notice is taped to the front door: CLOSING FOR GOOD. ALL UNCLAIMED ITEMS TO AUCTION.”"
    said = await _call(template, tmp_path / "b", topic="details", detail="where is the key tucked at the end")
    assert said.startswith("Scene 5:") and "collar" in said  # the last scene whose action has the key
    said = await _call(template, tmp_path / "c", topic="details", detail="what time does the dashboard show")
    assert said == "Scene 3: “He glances at the clock on the dash: 01:52.”"  # "dashboard" finds "dash"


async def test_a_fact_only_spoken_is_quoted_with_its_speaker(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="details", detail="in which year was the umbrella lost")
    assert said.startswith("Scene 6, IDA:") and "Nineteen eighty-three" in said and "\n" not in said
    said = await _call(template, tmp_path / "b", topic="details", detail="what is in the shed")
    assert "JUNO answers: “(beat) Nothing worth anything. Seed packets." in said  # the reply to Ida's question


async def test_how_long_is_answered_by_a_length_of_time(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="details", detail="how long has Ida looked after the place")
    assert said.startswith("Scene 6") and "forty-one years" in said  # no word of "looked after" is in the text


async def test_an_unanswerable_question_says_so_in_one_line(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="details", detail="what is the parrot called")
    assert said.startswith("The screenplay never mentions “parrot”") and "doesn't say" in said and "\n" not in said


async def test_scenes_by_time_of_day_and_place(template: Path, tmp_path: Path) -> None:
    said = await _call(template, tmp_path, topic="scenes", name="dawn")
    assert said.startswith("2 scenes have “dawn” in their heading (scenes 5 and 6)")
    said = await _call(template, tmp_path / "b", topic="scenes", name="outside")
    assert "(scenes 2 and 5)" in said and "OFFICE" not in said
    said = await _call(template, tmp_path / "c", topic="scenes", name="umbrella")
    assert said.startswith("2 scenes mention “umbrella” (scenes 1 and 6)")


async def test_the_director_routes_fact_questions(template: Path, tmp_path: Path) -> None:
    text, calls = await _ask(template, tmp_path, "what's kept in that shed?")
    assert calls and calls[0]["topic"] == "details" and "Seed packets" in text
    text, calls = await _ask(template, tmp_path / "b", "so who talks last?")
    assert calls == [{"topic": "dialogue", "which": "last"}] and "receipt" in text
    text, calls = await _ask(template, tmp_path / "c", "in how many scenes does juno appear?")
    assert calls == [{"topic": "scenes", "name": "JUNO"}] and "(scenes 2, 3, 4 and 5)" in text
    text, calls = await _ask(template, tmp_path / "d", "where does Ida hang the tagged key?")
    assert calls and calls[0]["topic"] == "details" and "nail" in text


def test_what_happens_is_the_scene_and_what_someone_wears_is_their_costume_first() -> None:
    from agent.llm.offline.questions import fact_detail
    from agent.tools.said import written

    assert fact_detail("what happens in scene 2?", None, ("NADIA",)) is None  # the scene itself answers
    asked = fact_detail("what is nadia wearing at the wedding?", None, ("NADIA",))
    assert asked is not None
    scenes = [{"number": 1, "heading": "EXT. CHAPEL - DAY", "content": "NADIA (34, green raincoat) waits by the gate."}]
    data = {"scenes": scenes, "characters": [{"name": "NADIA", "description": ""}], "costumes": []}
    assert "green raincoat" in written(data, asked) and "no costume yet" in written(data, asked)
    data["costumes"] = [{"character": "NADIA", "description": "a silver wedding suit", "scenes": []}]
    assert written(data, asked) == "NADIA's costume: a silver wedding suit"  # the costume, when there is one
