"""Undo, redo, restore and branch switches through ``agent.session``: a step that removes or replaces a lot
asks first and says what would go; declining changes nothing; undo is per conversation.

The model is scripted (it calls the tool the test names), so these test the tools and their approvals,
not how well a model understands "undo that".
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage
from PIL import Image
from scripted import ScriptedModel, handoff_turn

from agent.config import DATA_DIR, Settings
from agent.formats.fountain import parse_fountain_bytes
from agent.project import Project, history, library, story
from agent.project.screenplay import import_screenplay
from agent.project.shots import ShotCard, replace_shots
from agent.project.views import shot_by_number
from agent.session import Session, TurnResult


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 18), (20, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def _museum(tmp_path: Path) -> Path:
    """The issue's repro: a project created from a .fountain file, nothing else done yet."""
    path = tmp_path / "museum"
    p = Project.create(path, name="Museum")
    doc = parse_fountain_bytes((DATA_DIR / "demo.fountain").read_bytes())
    import_screenplay(p, doc, actor="user", source="museum.fountain")
    p.close()
    return path


def _approve_still(p: Project, scene: int, shot: int) -> None:
    with p.change(actor="user", action="generate", summary=f"still for {scene}.{shot}") as ch:
        asset = library.record_asset(ch, library.store_bytes(p, _png()), description="still", metadata={})
        link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, scene, shot).id, "still")
        library.decide_link(ch, link, "approved")


async def _session(path: Path, script: list[AIMessage]) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))


def _result(turn: TurnResult) -> str:
    return next(e["text"] for e in turn.events if e["type"] == "tool_result")


def _no_history_change(session: Session, before: dict[str, Any]) -> None:
    after = session.snapshot()
    assert after == before, "declining changed the project"


async def test_undo_as_the_first_message_asks_about_the_import_and_redo_brings_it_back(tmp_path: Path) -> None:
    path = _museum(tmp_path)
    script = [*handoff_turn("writer", "undo", {}, 1), *handoff_turn("writer", "undo", {}, 2),
              *handoff_turn("writer", "redo", {}, 3)]
    session = await _session(path, script)
    before = session.snapshot()
    asked = await session.run("t", "undo that")
    assert asked.approval is not None and asked.approval["options"] == ["approve", "cancel"]
    title = asked.approval["title"]
    assert title.startswith("This conversation has nothing to undo. The last change to the project, “Imported "
                            "museum.fountain: 6 scenes”, was made by the screenplay import, outside the chat.")
    n_chars, n_locs = len(before["characters"]), len(before["locations"])
    assert title.endswith(f"This undoes the import of museum.fountain: 6 scenes, {n_chars} characters, "
                          f"{n_locs} locations. Undo it?")
    assert session.snapshot() == before, "nothing happens while the question waits"
    declined = await session.run("t", decision="cancel")
    assert _result(declined) == "Kept everything: nothing was undone."
    _no_history_change(session, before)

    await session.run("t", "undo that")
    approved = await session.run("t", decision="approve")
    assert _result(approved).startswith(f"Undid: Imported museum.fountain: 6 scenes (6 scenes, {n_chars} characters")
    undone = session.snapshot()
    assert undone["scenes"] == [] and undone["characters"] == [] and undone["locations"] == []

    redone = await session.run("t", "redo")
    assert redone.approval is None, "bringing work back removes nothing: redo needs no question"
    assert _result(redone).startswith("Redid: Imported museum.fountain: 6 scenes.")
    back, start = session.snapshot(), dict(before)
    assert back.pop("history")["count"] == start.pop("history")["count"] + 2, "the undo and the redo are logged"
    assert back == start, "redo re-applies the import exactly"
    await session.close()


async def test_undo_is_per_conversation(tmp_path: Path) -> None:
    path = _museum(tmp_path)
    script = [*handoff_turn("writer", "tag_scene", {"scene_number": 1, "tags": ["keep"]}, 1),
              *handoff_turn("writer", "tag_scene", {"scene_number": 2, "tags": ["love"]}, 2),
              *handoff_turn("writer", "undo", {}, 3),
              *handoff_turn("writer", "undo", {}, 4),
              *handoff_turn("writer", "undo", {}, 5)]
    session = await _session(path, script)
    await session.run("a", "tag scene 1 as keep")
    await session.run("b", "I love scene 2")
    with session.project.read() as s:
        threads = [c.thread for c in history.list_changes(s, limit=2)]
    assert threads == ["b", "a"], "each change records the conversation that made it"
    # Conversation a's last change is not the project's last: it says so and asks.
    asked = await session.run("a", "undo")
    assert asked.approval is not None
    assert asked.approval["title"].startswith("The last change to the project, ")
    assert "was made by the writer, in another conversation. This conversation's own last change, “Tagged scene 1" \
        in asked.approval["title"]
    await session.run("a", decision="cancel")
    assert session.snapshot()["scenes"][1]["tags"] == ["love"]
    # Conversation b undoes its own last change without a question.
    own = await session.run("b", "undo")
    assert own.approval is None and _result(own).startswith("Undid:")
    assert session.snapshot()["scenes"][1]["tags"] == []
    # Now a's change is the project's last again: a undoes it without a question.
    mine = await session.run("a", "undo")
    assert mine.approval is None and _result(mine).startswith("Undid:")
    assert session.snapshot()["scenes"][0]["tags"] == []
    await session.close()


async def test_restore_that_leaves_approved_stills_stale_asks_and_declining_changes_nothing(tmp_path: Path) -> None:
    path = _museum(tmp_path)
    with Project.open(path) as p:
        story.update_scene(p, 2, content="Rain. Juno runs.", actor="user")
        replace_shots(p, 2, [ShotCard("Juno runs"), ShotCard("Rain on the glass"), ShotCard("The door")], actor="user")
        _approve_still(p, 2, 1)
        _approve_still(p, 2, 3)
    script = [*handoff_turn("writer", "restore_version", {"scene_number": 2, "version": 1}, 1),
              *handoff_turn("writer", "restore_version", {"scene_number": 2, "version": 1}, 2)]
    session = await _session(path, script)
    before = session.snapshot()
    asked = await session.run("t", "restore scene 2 to version 1")
    assert asked.approval is not None
    assert asked.approval["title"] == ("This restores scene 2 to version 1: 1 scene, 2 approved stills "
                                       "(version 2 stays in the history — they go stale). Restore it?")
    declined = await session.run("t", decision="cancel")
    assert _result(declined) == "Kept scene 2 at version 2."
    _no_history_change(session, before)
    await session.run("t", "restore scene 2 to version 1")
    await session.run("t", decision="approve")
    after = session.snapshot()
    assert after["scenes"][1]["version"] == 3 and after["scenes"][1]["content"] != "Rain. Juno runs."
    assert [s["stale"] for s in after["shots"] if s["scene"] == 2] == [True, True, True]
    await session.close()


async def test_branch_switch_that_replaces_two_scenes_asks_and_declining_keeps_the_branch(tmp_path: Path) -> None:
    path = _museum(tmp_path)
    with Project.open(path) as p:
        history.create_branch(p, "alt-ending", 5, 6, actor="user")
        story.update_scene(p, 6, content="A darker ending.", actor="user")
    script = [*handoff_turn("writer", "switch_branch", {"branch_name": "main"}, 1),
              *handoff_turn("writer", "switch_branch", {"branch_name": "main"}, 2),
              *handoff_turn("writer", "switch_branch", {"branch_name": "alt-ending"}, 3)]
    session = await _session(path, script)
    before = session.snapshot()
    assert before["branch"] == "alt-ending"
    asked = await session.run("t", "switch to branch main")
    assert asked.approval is not None
    assert asked.approval["title"] == ("This switches the screenplay from alt-ending to main: 2 scenes (they stay on "
                                       "their branch; switching back brings them back). Switch branches?")
    declined = await session.run("t", decision="cancel")
    assert _result(declined) == "Kept the current branch: nothing was switched."
    _no_history_change(session, before)
    await session.run("t", "switch to branch main")
    await session.run("t", decision="approve")
    assert session.snapshot()["branch"] == "main"
    back = await session.run("t", "switch to branch alt-ending")
    assert back.approval is not None, "the main line's two scenes would leave the screenplay"
    await session.close()


async def test_deleting_a_scene_with_approved_stills_says_so(tmp_path: Path) -> None:
    path = _museum(tmp_path)
    with Project.open(path) as p:
        replace_shots(p, 3, [ShotCard("A"), ShotCard("B")], actor="user")
        _approve_still(p, 3, 2)
    session = await _session(path, handoff_turn("writer", "delete_scene", {"scene_number": 3}, 1))
    before = session.snapshot()
    heading = before["scenes"][2]["heading"]
    asked = await session.run("t", "delete scene 3")
    assert asked.approval is not None
    want = f"This deletes scene 3 ({heading}): 1 scene, 2 shots, 1 approved still. Delete it?"
    assert asked.approval["title"] == want
    await session.run("t", decision="cancel")
    _no_history_change(session, before)
    await session.close()
