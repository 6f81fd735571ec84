"""The lean turn (paid models): route and act, steps that remain, lookups and errors; tool-call repair; schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_core.messages import AIMessage
from scripted import ScriptedModel

from agent.config import Settings
from agent.graphs.schemas import compact_tool
from agent.llm.profile import LEAN, STEPWISE, TurnProfile, profile_for
from agent.llm.repair import parse_arguments, repair_message, unreadable_calls
from agent.project import Project, design, story
from agent.session import Session
from agent.tools import ToolContext, build_toolsets


class LeanScripted(ScriptedModel):
    """A scripted model that asks for the lean turn, as an OpenAI-compatible client gets it."""

    turn_profile: ClassVar[TurnProfile] = LEAN


class Counting(LeanScripted):
    """Counts its calls (each is one model round trip)."""

    calls: ClassVar[list[int]] = []

    async def ainvoke(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        Counting.calls.append(1)
        return await super().ainvoke(*args, **kwargs)


def call(name: str, args: dict[str, Any], n: int) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"call_{n}"}])


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Lean")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="MARA\nThe kettle is cold.", actor="user")
    story.add_scene(p, heading="EXT. PLATFORM - NIGHT", content="Rain on the rails.", actor="user")
    design.add_entity(p, "character", "Mara", description="a night conductor", actor="user")
    p.close()
    return path


async def _run(tmp_path: Path, script: list[AIMessage], text: str) -> tuple[Any, Session]:
    Counting.calls = []
    session = await Session.open(_project(tmp_path), settings=Settings(home=tmp_path / "home"),
                                 model=Counting(responses=script))
    return await session.run("t", text), session


async def test_a_successful_action_answers_the_turn_in_two_calls(tmp_path: Path) -> None:
    turn, session = await _run(tmp_path, [
        call("transfer_to_writer", {"task": "rewrite scene 2 darker"}, 1),
        call("rewrite_scene", {"scene_number": 2, "direction": "darker", "content": "Blood-dark rain."}, 2),
    ], "rewrite scene 2 darker")
    assert len(Counting.calls) == 2 and turn.error is None
    assert turn.texts == [next(e["text"] for e in turn.events if e["type"] == "tool_result")]
    second, _ = await session.run("t", "hello"), None  # the history is valid for the next turn
    assert second.error is None
    await session.close()


async def test_steps_that_remain_go_back_to_the_supervisor(tmp_path: Path) -> None:
    turn, session = await _run(tmp_path, [
        call("transfer_to_designer", {"task": "add Otto, a porter", "then": "put Otto in scene 1"}, 1),
        call("add_character", {"name": "Otto", "description": "a porter"}, 2),
        call("transfer_to_writer", {"task": "put Otto in scene 1"}, 3),
        call("put_character_in_scene", {"name": "Otto", "scene_number": 1}, 4),
    ], "add Otto, a porter, and put him in scene 1")
    assert [c["name"] for c in turn.tool_calls] == ["add_character", "put_character_in_scene"]
    assert turn.route == ["designer", "writer"] and len(Counting.calls) == 4
    assert "OTTO" in session.snapshot()["scenes"][0]["content"].upper()
    await session.close()


async def test_an_error_or_a_lookup_goes_back_to_the_specialist(tmp_path: Path) -> None:
    turn, session = await _run(tmp_path, [
        call("transfer_to_writer", {"task": "rewrite the rain scene"}, 1),
        call("find_scene", {"query": "rain on the rails"}, 2),
        call("rewrite_scene", {"scene_number": 9, "direction": "darker", "content": "x"}, 3),
        call("rewrite_scene", {"scene_number": 2, "direction": "darker", "content": "Dark rain."}, 4),
    ], "rewrite the rain scene darker")
    assert [c["name"] for c in turn.tool_calls] == ["find_scene", "rewrite_scene", "rewrite_scene"]
    assert len(Counting.calls) == 4 and session.snapshot()["scenes"][1]["content"] == "Dark rain."
    await session.close()


def test_profiles() -> None:
    from langchain_openai import ChatOpenAI

    assert profile_for(ScriptedModel(responses=[])) == STEPWISE
    assert profile_for(LeanScripted(responses=[])) == LEAN
    client = ChatOpenAI(model="m", api_key="sk-x", base_url="http://127.0.0.1:9/v1")  # type: ignore[arg-type]
    assert profile_for(client, "basic").compat == "basic" and profile_for(client).finish_on_tool


@pytest.mark.parametrize(("raw", "expected"), [
    ('{"scene_number": 3}', {"scene_number": 3}),
    ("{'scene_number': 3, 'note': None}", {"scene_number": 3, "note": None}),
    ('{"scene_number": 3,}', {"scene_number": 3}),
    ('```json\n{"scene_number": 3}\n```', {"scene_number": 3}),
    ('{"scene_number": 3, "tags": ["a"]', {"scene_number": 3, "tags": ["a"]}),
    (json.dumps(json.dumps({"scene_number": 3})), {"scene_number": 3}),
    ("", {}),
])
def test_arguments_are_read_leniently(raw: str, expected: dict[str, Any]) -> None:
    assert parse_arguments(raw) == expected


@pytest.mark.parametrize("raw", ["scene three please", "[1, 2]", '{"a": <>}', '"just text"'])
def test_unreadable_arguments_are_reported(raw: str) -> None:
    assert parse_arguments(raw) is None


def test_repair_message_fixes_invalid_calls_and_reads_text_calls() -> None:
    bad = AIMessage("", invalid_tool_calls=[{"name": "undo", "args": "{'steps': 2,", "id": "c1", "error": "x",
                                             "type": "invalid_tool_call"}])
    fixed = repair_message(bad, {"undo"})
    assert fixed.tool_calls == [{"name": "undo", "args": {"steps": 2}, "id": "c1", "type": "tool_call"}]
    assert unreadable_calls(fixed) == []
    worse = AIMessage("", invalid_tool_calls=[{"name": "undo", "args": "two steps", "id": "c2", "error": "x",
                                               "type": "invalid_tool_call"}])
    assert unreadable_calls(repair_message(worse, {"undo"})) == ["undo"]
    written = repair_message(AIMessage('<tool_call>{"name": "undo", "arguments": {"steps": 1}}</tool_call>'), {"undo"})
    assert [c["name"] for c in written.tool_calls] == ["undo"] and written.content == ""
    prose = AIMessage('{"name": "somebody", "arguments": {}}')
    assert repair_message(prose, {"undo"}) is prose, "only bound tools are read back from text"


def test_compact_schemas_keep_names_and_required_fields_and_cost_less(tmp_path: Path) -> None:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    project = Project.create(tmp_path / "p", name="x")
    tools = [t for ts in build_toolsets(ToolContext(project=project, settings=Settings(home=tmp_path))).values()
             for t in ts]
    for tool in tools:
        full, short = convert_to_openai_tool(tool)["function"], compact_tool(tool)["function"]
        assert short["name"] == full["name"]
        assert short["parameters"].get("required", []) == full["parameters"].get("required", [])
        assert set(short["parameters"].get("properties", {})) == set(full["parameters"].get("properties", {}))
        assert '"title":' not in json.dumps(short) and len(json.dumps(short)) <= len(json.dumps(full))
    project.close()
