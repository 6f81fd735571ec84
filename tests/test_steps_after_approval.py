"""A message's later steps after one that waits for approval: done in order, on the scenes the film-maker meant.

The offline director on the demo project (approve, reject and cancel answered as the eval runner answers them),
scripted models for the graph's own rule (a reply's calls run one step each; calls after one that asks go back
to the model), and the renumbering a deleted or merged scene causes for the steps after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from scripted import ScriptedModel

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.graphs.prompts import CALL_WAITING
from agent.llm.offline.conversation import gone_note, renumber
from agent.llm.profile import LEAN, TurnProfile
from agent.project import Project, story
from agent.session import Session, TurnResult

# -- the renumbering ---------------------------------------------------------------------------


@pytest.mark.parametrize(("clause", "removed", "expected", "gone"), [
    ("cut scene 6", [(5, 0)], "cut scene 5", []),
    ("flag scene 4 for review", [(2, 0)], "flag scene 3 for review", []),
    ("flag scene 1 for review", [(2, 0)], "flag scene 1 for review", []),
    ("punch up scene 2", [(2, 0)], "punch up scene 2", [2]),
    ("swap scenes 4 and 6", [(1, 0), (2, 0)], "swap scenes 2 and 4", []),
    ("flag scene 2 for review", [(2, 1)], "flag scene 1 for review", []),  # merged into scene 1
    ("flag scene 5 for review", [(3, 0), (3, 0)], "flag scene 3 for review", []),  # scenes 3 and 4 went first
    ("add a character called LEN", [(1, 0)], "add a character called LEN", []),
])
def test_later_steps_name_scenes_as_they_are_after_earlier_deletes(
        clause: str, removed: list[tuple[int, int]], expected: str, gone: list[int]) -> None:
    assert renumber(clause, removed) == (expected, gone)
    if not gone and all(kept == 0 for _gone, kept in removed):  # a merge folds two numbers into one
        assert renumber(expected, removed, back=True) == (clause, [])


def test_a_step_on_a_scene_an_earlier_step_deleted_is_said_not_done() -> None:
    note = gone_note("punch up scene 2", [(2, 0)])
    assert note is not None and "Scene 2 was deleted" in note and "punch up scene 2" in note
    assert gone_note("punch up scene 3", [(2, 0)]) is None


# -- the offline director on the demo project --------------------------------------------------


async def _demo(tmp_path: Path) -> Session:
    settings = Settings(home=tmp_path / "home")
    return await Session.open(create_project_from("demo", None, tmp_path / "project", settings=settings),
                              settings=settings)


def _scenes(session: Session) -> list[str]:
    """Each scene by its opening words (the demo has two scenes with one heading)."""
    return [scene["content"][:40] for scene in session.snapshot()["scenes"]]


def _tags(session: Session) -> dict[str, list[str]]:
    return {scene["content"][:40]: scene["tags"] for scene in session.snapshot()["scenes"]}


def _calls(*turns: TurnResult) -> list[tuple[str, dict[str, Any]]]:
    return [(c["name"], c["args"]) for turn in turns for c in turn.tool_calls]


async def test_two_deletes_each_ask_and_delete_the_two_scenes_named(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        before = _scenes(session)
        first = await session.run("t", "delete scenes 4 and 5")
        assert first.approval is not None and _scenes(session) == before
        second = await session.run("t", decision="approve")
        assert second.approval is not None, "the second delete asks on its own"
        assert _scenes(session) == before[:3] + before[4:]
        last = await session.run("t", decision="approve")
        assert last.approval is None and await session.pending("t") is None
        assert _scenes(session) == [*before[:3], before[5]]
        assert [name for name, _args in _calls(first, second, last)] == ["delete_scene", "delete_scene"]
    finally:
        await session.close()


async def test_a_step_after_an_approved_delete_acts_on_the_scene_it_named(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        before = _scenes(session)
        await session.run("t", "get rid of scene 2, then tag scene 5 as hero")
        done = await session.run("t", decision="approve")
        assert _scenes(session) == [before[0], *before[2:]]
        assert _tags(session)[before[4]] == ["hero"] and sum(map(bool, _tags(session).values())) == 1
        assert done.error is None and any("hero" in text for text in done.texts)
    finally:
        await session.close()


async def test_a_rejected_delete_does_not_cancel_the_next_step_and_is_reported(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        before = _scenes(session)
        await session.run("t", "remove scene 6 and then tag scene 1 as hero")
        done = await session.run("t", decision="reject")  # an ask-first question: a reject is a cancel
        assert _scenes(session) == before
        assert _tags(session)[before[0]] == ["hero"]
        assert any("nothing was deleted" in text for text in done.texts)
    finally:
        await session.close()


async def test_after_an_approved_delete_the_next_step_is_still_done(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        await session.run("t", "erase the character RUBEN, then add a character called MILO, a night guard")
        done = await session.run("t", decision="approve")
        cast = {c["name"] for c in session.snapshot()["characters"]}
        assert "RUBEN" not in cast and "MILO" in cast
        assert [name for name, _args in _calls(done)] == ["add_character"]
    finally:
        await session.close()


async def test_three_steps_with_the_first_cancelled(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        before = _scenes(session)
        await session.run("t", "remove scene 2, then remove scene 3, then add a character called OTTO, a porter")
        second = await session.run("t", decision="cancel")
        assert second.approval is not None and _scenes(session) == before
        await session.run("t", decision="approve")
        assert _scenes(session) == [*before[:2], *before[3:]]
        assert "OTTO" in {c["name"] for c in session.snapshot()["characters"]}
    finally:
        await session.close()


async def test_a_step_on_a_scene_deleted_before_it_is_not_done_and_says_so(tmp_path: Path) -> None:
    session = await _demo(tmp_path)
    try:
        before = session.snapshot()["scenes"]
        await session.run("t", "remove scene 4 and then make scene 4 funnier")
        done = await session.run("t", decision="approve")
        after = session.snapshot()["scenes"]
        assert [(s["content"], s["version"]) for s in after] == [(s["content"], s["version"])
                                                                 for s in before[:3] + before[4:]]
        assert any("Scene 4 was deleted by an earlier step" in text for text in done.texts)
    finally:
        await session.close()


# -- the graph's rule, with scripted models ----------------------------------------------------


class LeanScripted(ScriptedModel):
    """A scripted model on the lean turn (as a paid model gets it)."""

    turn_profile: ClassVar[TurnProfile] = LEAN


def _reply(*calls: tuple[str, dict[str, Any]], n: int) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"call_{n}_{i}"}
                                     for i, (name, args) in enumerate(calls)])


def _rooms(tmp_path: Path, count: int = 4) -> Path:
    path = tmp_path / "film"
    project = Project.create(path, name="Rooms")
    for n in range(1, count + 1):
        story.add_scene(project, heading=f"INT. ROOM {n} - NIGHT", content=f"Room {n}.", actor="user")
    project.close()
    return path


def _headings(session: Session) -> list[str]:
    return [scene["heading"] for scene in session.snapshot()["scenes"]]


async def _inner(session: Session, specialist: str) -> list[Any]:
    state = await session.graph.aget_state(session._config("t"), subgraphs=True)
    sub = next(task.state for task in state.tasks if task.name == specialist and task.state is not None)
    return list(sub.values["inner"])


async def test_a_call_after_one_that_asks_goes_back_to_the_model(tmp_path: Path) -> None:
    script = [
        _reply(("transfer_to_writer", {"task": "drop scenes 2 and 3"}), n=1),
        _reply(("delete_scene", {"scene_number": 2}), ("delete_scene", {"scene_number": 3}), n=2),
        _reply(("delete_scene", {"scene_number": 2}), n=3),  # the model saw the renumbering
    ]
    path = _rooms(tmp_path)
    session = await Session.open(path, settings=Settings(home=tmp_path / "home"), model=LeanScripted(responses=script))
    try:
        await session.run("t", "drop scenes 2 and 3")
        second = await session.run("t", decision="approve")
        assert _headings(session) == ["INT. ROOM 1 - NIGHT", "INT. ROOM 3 - NIGHT", "INT. ROOM 4 - NIGHT"]
        assert second.approval is not None, "the held call was made again and asks on its own"
        inner = await _inner(session, "writer")
        held = [m for m in inner if isinstance(m, ToolMessage) and m.tool_call_id == "call_2_1"]
        assert [m.content for m in held] == [CALL_WAITING.format(tool="delete_scene")]
        await session.run("t", decision="approve")
        assert _headings(session) == ["INT. ROOM 1 - NIGHT", "INT. ROOM 4 - NIGHT"]
        assert await session.pending("t") is None
    finally:
        await session.close()


async def test_a_finished_call_is_not_run_again_when_the_next_one_is_answered(tmp_path: Path) -> None:
    script = [
        _reply(("transfer_to_writer", {"task": "write a hall scene, then drop scene 1"}), n=1),
        _reply(("write_scene", {"heading": "INT. HALL - NIGHT", "content": "Coats on hooks."}),
               ("delete_scene", {"scene_number": 1}), n=2),
        AIMessage("Wrote the hall scene; scene 1 stays."),
        AIMessage("Done."),
    ]
    path = _rooms(tmp_path)
    session = await Session.open(path, settings=Settings(home=tmp_path / "home"), model=ScriptedModel(responses=script))
    try:
        first = await session.run("t", "write a hall scene, then drop scene 1")
        assert first.approval is not None
        done = await session.run("t", decision="cancel")
        assert done.error is None and await session.pending("t") is None
        assert _headings(session) == [*(f"INT. ROOM {n} - NIGHT" for n in range(1, 5)), "INT. HALL - NIGHT"], (
            "the new scene was written once, not again when the delete's answer came")
    finally:
        await session.close()
