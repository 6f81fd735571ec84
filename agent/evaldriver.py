"""The eval runner's driver: a fresh temporary project and one Session conversation per scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from agent.config import DATA_DIR, Settings
from agent.session import Session
from agent.session import TurnResult as SessionTurn
from evals.driver import ToolCall, TurnResult

__all__ = ["SessionDriver", "create_project_from", "tool_errors"]

DEMO_SCREENPLAY = DATA_DIR / "demo.fountain"


def create_project_from(kind: str, fountain: Path | None, target: Path, *, settings: Settings) -> Path:
    """Create a project at ``target``: the demo, an empty one, or one imported from a .fountain file."""
    source = DEMO_SCREENPLAY if kind == "demo" else fountain
    created = Session.create_from_fountain(target, source, settings=settings, name=None if source else "Untitled")
    return created.path


def tool_errors(events: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the turn's tool results that are errors (tools answer ``Error: ...``), as ``"tool: text"``."""
    return [
        f"{event.get('name') or 'tool'}: {str(event.get('text', '')).strip()}"
        for event in events
        if event.get("type") == "tool_result" and str(event.get("text", "")).lstrip().startswith("Error:")
    ]


class SessionDriver:
    """Drive agent.session for one scenario (implements evals.driver.EvalDriver)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session: Session | None = None
        self.thread = "eval"

    async def start(self, project: Any, workdir: Path) -> None:
        """Create the scenario's project inside ``workdir`` and open a session on it."""
        path = create_project_from(project.kind, project.path, workdir / "project", settings=self.settings)
        self.session = await Session.open(path, settings=self.settings)

    def _convert(self, turn: SessionTurn, *, error: str | None = None) -> Any:
        if error is None and turn.error and turn.error.startswith("Error: that took too many"):
            error = turn.error
        return TurnResult(
            texts=turn.texts,
            tool_calls=[ToolCall(c["name"], dict(c["args"])) for c in turn.tool_calls],
            route=turn.route,
            tokens=turn.tokens,
            error=error,
            recursion_limit_hit=turn.recursion_limit_hit,
            tool_errors=tool_errors(turn.events),
        )

    async def send(self, text: str) -> Any:
        """Send one user message."""
        assert self.session is not None
        turn = await self.session.run(self.thread, text)
        if turn.error and not turn.recursion_limit_hit:
            turn.texts.append(turn.error)  # a refused message is the agent's answer, not a crash
        return self._convert(turn)

    async def decide(self, decision: str, note: str | None) -> Any:
        """Answer the pending approval; a decision with nothing waiting, or not offered, fails the turn.

        A scenario's decision turn stands for "the agent asked first": when it finds nothing
        waiting, the agent did not ask, and the scenario must not pass on the state alone.
        """
        assert self.session is not None
        waiting = await self.session.pending(self.thread)
        turn = await self.session.run(self.thread, decision=decision, note=note)
        if waiting is None:
            return self._convert(turn, error=f"decision '{decision}': nothing is waiting for a decision")
        if turn.error:
            turn.texts.append(turn.error)
            if not turn.recursion_limit_hit:
                return self._convert(turn, error=f"decision '{decision}': {turn.error}")
        return self._convert(turn)

    def snapshot(self) -> dict[str, Any]:
        """Return the project snapshot."""
        assert self.session is not None
        return self.session.snapshot()

    async def close(self) -> None:
        """Close the session."""
        if self.session is not None:
            await self.session.close()
