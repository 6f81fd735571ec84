"""Drive the real graph with a scripted chat model: assert tool calls and database rows, not prose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from scripted import ScriptedModel

from agent.config import Settings
from agent.project import Project, design, story
from agent.session import Session


def call(name: str, args: dict[str, Any], n: int) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"call_{n}"}])


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Scripted")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="MARA\nThe kettle is cold.", actor="user")
    story.add_scene(p, heading="EXT. PLATFORM - NIGHT", content="Rain on the rails.", actor="user")
    story.add_scene(p, heading="INT. TRAIN - NIGHT", content="JONAS\nTickets.", actor="user")
    design.add_entity(p, "character", "Mara", description="a night conductor", actor="user")
    p.close()
    return path


async def _session(path: Path, script: list[AIMessage]) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))


async def test_rewrite_changes_only_target_scene_and_undo_restores(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_writer", {"task": "rewrite scene 2 darker"}, 1),
        call("rewrite_scene", {"scene_number": 2, "direction": "darker", "content": "Blood-dark rain."}, 2),
        AIMessage("Rewrote scene 2."),
        AIMessage("Done."),
        call("transfer_to_writer", {"task": "undo"}, 3),
        call("undo", {}, 4),
        AIMessage("Undone."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    before = session.snapshot()
    turn = await session.run("t", "rewrite scene 2 darker")
    after = session.snapshot()
    assert [c["name"] for c in turn.tool_calls] == ["rewrite_scene"]
    assert turn.route == ["writer"]
    assert after["scenes"][1]["content"] == "Blood-dark rain." and after["scenes"][1]["version"] == 2
    assert after["scenes"][0] == before["scenes"][0] and after["scenes"][2] == before["scenes"][2]
    await session.run("t", "undo")
    assert session.snapshot()["scenes"] == before["scenes"]
    await session.close()


async def test_tool_error_changes_nothing(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_writer", {"task": "rewrite scene 99"}, 1),
        call("rewrite_scene", {"scene_number": 99, "direction": "darker", "content": "x"}, 2),
        AIMessage("That scene does not exist."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    before = session.snapshot()
    turn = await session.run("t", "rewrite scene 99 darker")
    results = [e for e in turn.events if e["type"] == "tool_result"]
    assert results[0]["text"] == "Error: scene 99 does not exist; the screenplay has 3 scenes"
    assert session.snapshot() == before
    await session.close()


async def test_still_approval_round_trip(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_cinematographer", {"task": "break scene 1 into shots"}, 1),
        call("break_scene_into_shots", {"scene_number": 1}, 2),
        AIMessage("Broke it."),
        AIMessage("Done."),
        call("transfer_to_cinematographer", {"task": "generate a still for shot 1 of scene 1"}, 3),
        call("generate_still", {"scene_number": 1, "shot_number": 1}, 4),
        AIMessage("Approved."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    await session.run("t", "break scene 1 into shots")
    shots = session.snapshot()["shots"]
    assert len(shots) >= 2 and all(s["camera"]["shot_type"] for s in shots)
    turn = await session.run("t", "generate a still for shot 1 of scene 1")
    assert turn.approval is not None and turn.approval["kind"] == "still"
    preview = turn.approval["preview"]
    assert Path(preview["path"]).is_file() and preview["mime"] == "image/png"
    assert session.snapshot()["shots"][0]["status"] == "still_pending"
    # Typing something else while waiting answers with what is pending and touches nothing.
    waiting = await session.run("t", "what about the music?")
    assert "waiting for your decision" in waiting.texts[0]
    assert session.snapshot()["shots"][0]["status"] == "still_pending"
    done = await session.run("t", decision="approve")
    assert done.error is None
    assert session.snapshot()["shots"][0]["status"] == "still_approved"
    assert await session.pending("t") is None
    await session.close()


async def test_reject_with_note_makes_new_attempt_with_note_in_prompt(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_cinematographer", {"task": "break scene 1 into shots"}, 1),
        call("break_scene_into_shots", {"scene_number": 1}, 2),
        AIMessage("Broke it."),
        AIMessage("Done."),
        call("transfer_to_cinematographer", {"task": "still"}, 3),
        call("generate_still", {"scene_number": 1, "shot_number": 1}, 4),
        AIMessage("Approved."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    await session.run("t", "break scene 1 into shots")
    first = await session.run("t", "still please")
    assert first.approval is not None
    second = await session.run("t", decision="reject", note="more fog on the window")
    assert second.approval is not None, "a reject with a note starts a new attempt"
    assert "more fog on the window" in second.approval["preview"]["prompt"]
    assert second.approval["preview"]["path"] != first.approval["preview"]["path"]
    await session.run("t", decision="approve")
    shot = session.snapshot()["shots"][0]
    assert shot["status"] == "still_approved"
    assert [a["status"] for a in shot["assets"]] == ["rejected", "approved"]
    await session.close()


async def test_delete_asks_first_and_cancel_keeps_scene(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_writer", {"task": "delete scene 3"}, 1),
        call("delete_scene", {"scene_number": 3}, 2),
        AIMessage("Kept it."),
        AIMessage("Done."),
    ]
    session = await _session(path, script)
    turn = await session.run("t", "delete scene 3")
    assert turn.approval is not None and turn.approval["options"] == ["approve", "cancel"]
    assert len(session.snapshot()["scenes"]) == 3
    await session.run("t", decision="cancel")
    assert len(session.snapshot()["scenes"]) == 3
    assert await session.pending("t") is None
    await session.close()


async def test_conversation_survives_restart(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [
        call("transfer_to_writer", {"task": "delete scene 3"}, 1),
        call("delete_scene", {"scene_number": 3}, 2),
    ]
    session = await _session(path, script)
    await session.run("t", "delete scene 3")
    await session.close()
    reopened = await _session(path, [AIMessage("Deleted."), AIMessage("Done.")])
    pending = await reopened.pending("t")
    assert pending is not None and "deletes scene 3" in pending["title"]
    await reopened.run("t", decision="approve")
    assert len(reopened.snapshot()["scenes"]) == 2
    await reopened.close()


@pytest.mark.parametrize("text", ["", "   ", "x" * 1_000_001])
async def test_bad_messages_get_one_line_error(tmp_path: Path, text: str) -> None:
    path = _project(tmp_path)
    session = await _session(path, [])
    before = session.snapshot()
    turn = await session.run("t", text)
    assert turn.error is not None and "\n" not in turn.error
    assert session.snapshot() == before
    await session.close()
