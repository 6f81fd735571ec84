"""The Driver protocol: what the eval runner needs from a conversation with the agent.

The real driver (built on ``agent.session``) lives with the session; the runner only sees this
protocol, so tests replay scripted turns through a fake. One driver serves one scenario run:
the runner calls ``start`` once, then ``send``/``decide`` per turn, ``snapshot`` before the first
turn and after the last, and ``close`` always.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from evals.scenario import ProjectSource

__all__ = ["EvalDriver", "DriverFactory", "ToolCall", "TurnResult", "ProjectSource"]


@dataclass(frozen=True)
class ToolCall:
    """One tool call the agent made: the tool's name and its arguments."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class TurnResult:
    """What one turn produced.

    Attributes:
        texts: Assistant messages, in order.
        tool_calls: Tool calls made during the turn, in order.
        route: Specialists visited during the turn (writer, designer, cinematographer, editor).
        tokens: Model tokens spent on the turn (0 when unknown).
        error: A one-line error when the turn failed, else None. Fails the scenario.
        recursion_limit_hit: True when the graph stopped at its recursion limit. Fails the scenario.
        tool_errors: Tool calls of the turn that came back as an error, each as ``"tool: Error: ..."``.
            They fail the scenario unless it declares ``expect.errors: allowed``.
    """

    texts: list[str] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    route: list[str] = field(default_factory=list)
    tokens: int = 0
    error: str | None = None
    recursion_limit_hit: bool = False
    tool_errors: list[str] = field(default_factory=list)


class EvalDriver(Protocol):
    """A conversation with the agent over a fresh project, as the eval runner drives it."""

    async def start(self, project: ProjectSource, workdir: Path) -> None:
        """Create a fresh project from ``project`` inside ``workdir`` (a temporary folder)."""
        ...

    async def send(self, text: str) -> TurnResult:
        """Send a user message and run the turn to its end or to a pending approval."""
        ...

    async def decide(self, decision: str, note: str | None) -> TurnResult:
        """Answer the pending approval with approve, reject or regenerate (and an optional note).

        When nothing is waiting for a decision the turn must come back with ``error`` set: a
        scenario whose decision turn finds no approval fails (the agent did not ask).
        """
        ...

    def snapshot(self) -> dict[str, Any]:
        """Return the project snapshot in the ``status --json`` shape of DESIGN.md."""
        ...

    async def close(self) -> None:
        """Release everything the driver holds (connections, checkpointer, files)."""
        ...


DriverFactory = Callable[[], EvalDriver]
"""Makes one fresh driver per scenario run; the CLI wires the real one."""
