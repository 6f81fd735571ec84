"""The eval driver on a real session: decision turns that find nothing waiting fail; tool errors are reported."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.evaldriver import SessionDriver, tool_errors
from evals.scenario import ProjectSource


def test_tool_errors_are_the_tool_results_that_say_error() -> None:
    events = [
        {"type": "tool", "name": "rewrite_scene", "args": {"scene_number": 9}},
        {"type": "tool_result", "name": "rewrite_scene", "text": "Error: scene 9 does not exist"},
        {"type": "tool_result", "name": "show_scene", "text": "Scene 2 ... an Error: in the text is fine"},
        {"type": "message", "text": "Error: not a tool result"},
    ]
    assert tool_errors(events) == ["rewrite_scene: Error: scene 9 does not exist"]


async def test_a_decision_with_nothing_waiting_is_a_turn_error(tmp_path: Path) -> None:
    driver = SessionDriver(Settings(home=tmp_path / "home"))
    await driver.start(ProjectSource(kind="demo"), tmp_path)
    try:
        before = driver.snapshot()
        turn = await driver.decide("approve", None)
        assert turn.error == "decision 'approve': nothing is waiting for a decision"
        assert turn.tool_calls == [] and turn.tool_errors == []
        assert driver.snapshot() == before
    finally:
        await driver.close()
