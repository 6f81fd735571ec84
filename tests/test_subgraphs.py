"""Specialists are subgraphs: typed handoff targets, every call keeps its answer, steps stream from the subgraph."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from langchain_core.messages import AIMessage, ToolMessage
from scripted import ScriptedModel

from agent.config import Settings
from agent.graphs import handoff_target
from agent.graphs.handoffs import HANDOFF_TARGETS, handoff_name
from agent.project import Project, story
from agent.session import Session
from agent.tools import SPECIALISTS, Specialist


def _call(name: str, args: dict[str, Any], call_id: str) -> dict[str, Any]:
    return {"name": name, "args": args, "id": call_id}


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Subgraphs")
    story.add_scene(p, heading="INT. GREENHOUSE - DAY", content="Steam on the glass.", actor="user")
    p.close()
    return path


async def _session(path: Path, script: list[AIMessage]) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))


def test_handoff_targets_are_the_specialists_by_name() -> None:
    assert set(HANDOFF_TARGETS.values()) == set(SPECIALISTS) == set(get_args(Specialist))
    for name in SPECIALISTS:
        assert handoff_target(handoff_name(name)) == name
    assert handoff_target("transfer_to_caterer") is None
    assert handoff_target("rewrite_scene") is None


async def test_each_specialist_is_a_compiled_subgraph_of_model_and_tools(tmp_path: Path) -> None:
    session = await _session(_project(tmp_path), [])
    try:
        parent = set(session.graph.get_graph().nodes)
        assert parent == {"__start__", "__end__", "supervisor", *SPECIALISTS}  # no '<name>_tools' in the parent
        subgraphs = dict(session.graph.get_subgraphs())
        assert set(subgraphs) == set(SPECIALISTS)
        for sub in subgraphs.values():
            assert {"model", "tools"} <= set(sub.get_graph().nodes)
    finally:
        await session.close()


async def test_two_handoffs_in_one_reply_keep_both_calls_and_both_answers(tmp_path: Path) -> None:
    path = _project(tmp_path)
    both = AIMessage("", tool_calls=[_call("transfer_to_writer", {"task": "read scene 1"}, "h1"),
                                     _call("transfer_to_designer", {"task": "list the cast"}, "h2")])
    script = [
        both,
        AIMessage("Scene 1 is in a greenhouse."),  # the writer answers without a tool
        AIMessage("", tool_calls=[_call("transfer_to_designer", {"task": "list the cast"}, "h3")]),
        AIMessage("No cast yet."),
        AIMessage("All done."),
    ]
    session = await _session(path, script)
    try:
        turn = await session.run("t", "tell me about scene 1 and the cast")
        assert turn.error is None
        assert turn.route == ["writer", "designer"]
        state = await session.graph.aget_state(session._config("t"))
        messages = state.values["messages"]
        kept = next(m for m in messages if isinstance(m, AIMessage) and any(c["id"] == "h1" for c in m.tool_calls))
        assert [c["id"] for c in kept.tool_calls] == ["h1", "h2"]  # the model's message is as it said it
        answered = {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}
        assert {"h1", "h2", "h3"} <= answered
        assert "All done." in turn.texts
    finally:
        await session.close()


async def test_specialist_steps_stream_from_its_subgraph_with_its_name(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        AIMessage("", tool_calls=[_call("transfer_to_writer", {"task": "show scene 1"}, "h1")]),
        AIMessage("", tool_calls=[_call("show_scene", {"scene_number": 1}, "c1")]),
        AIMessage("Here it is."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    try:
        turn = await session.run("t", "show me scene 1")
        tools = [e for e in turn.events if e["type"] == "tool"]
        results = [e for e in turn.events if e["type"] == "tool_result"]
        assert [(e["name"], e["author"]) for e in tools] == [("show_scene", "writer")]
        assert [(e["name"], e["author"]) for e in results] == [("show_scene", "writer")]
        said = [(e["author"], e["text"]) for e in turn.events if e["type"] == "message"]
        assert said == [("writer", "Here it is."), ("Reelsmith", "Done.")]  # each once: no echo from the parent
    finally:
        await session.close()
