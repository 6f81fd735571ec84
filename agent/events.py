"""Chat events: what a turn streams to the UI, the CLI and the evals, one typed dict per kind.

Every event is a plain JSON-ready dict (``chat --json`` prints them as they are) whose ``type`` names
its kind, so a consumer narrows the union with ``event["type"] == "..."``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypeAlias, cast

from typing_extensions import TypedDict

__all__ = [
    "approval_event",
    "waiting_approval",
    "ApprovalEvent",
    "ChatEvent",
    "ErrorEvent",
    "JobEvent",
    "MessageEvent",
    "PreviewEvent",
    "ProgressEvent",
    "RouteEvent",
    "TokenEvent",
    "ToolEvent",
    "ToolResultEvent",
    "UsageEvent",
    "job_event",
    "preview_event",
    "progress_event",
]


class MessageEvent(TypedDict):
    """A finished piece of assistant text (a reply, a question, a notice)."""

    type: Literal["message"]
    text: str
    author: str
    """'Reelsmith' (the supervisor, the session) or the specialist who wrote it."""
    message_id: NotRequired[str | None]
    """The model message's id (a streamed reply's tokens carry the same one)."""
    options: NotRequired[list[dict[str, Any]]]
    """Answers offered as buttons with a clarifying question."""


class TokenEvent(TypedDict):
    """A streamed chunk of assistant text (models that stream); a ``message`` with its id follows."""

    type: Literal["token"]
    text: str
    author: str
    message_id: str | None


class ToolEvent(TypedDict):
    """A specialist calls a tool."""

    type: Literal["tool"]
    name: str
    args: dict[str, Any]
    author: str


class ToolResultEvent(TypedDict):
    """A tool's answer (an expected failure starts with 'Error:')."""

    type: Literal["tool_result"]
    name: str | None
    text: str
    author: str


class RouteEvent(TypedDict):
    """The supervisor hands a step to a specialist."""

    type: Literal["route"]
    specialist: str
    task: str


class UsageEvent(TypedDict):
    """The tokens one model call spent (and, for a priced model, what it cost)."""

    type: Literal["usage"]
    tokens: int
    author: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: NotRequired[float]


class PreviewEvent(TypedDict, total=False):
    """A file to show inline: a generated asset, or a job's output."""

    type: Literal["preview"]
    asset: int | None
    path: str
    mime: str
    caption: str
    prompt: str
    draft: bool


class ApprovalEvent(TypedDict):
    """A decision the turn waits for (a LangGraph interrupt, or a staged screenplay replacement)."""

    type: Literal["approval"]
    kind: str
    title: str
    preview: dict[str, Any] | None
    previews: list[dict[str, Any]]
    options: list[str]
    cost_usd: float
    thread: NotRequired[str]
    token: NotRequired[str]
    """Set on a staged upload's approval (the UI sends it back with the decision)."""


class JobEvent(TypedDict, total=False):
    """A job card: a job started, or finished (its fields are the ``reelsmith jobs --json`` view's)."""

    type: Literal["job"]
    id: int
    kind: str
    status: str
    label: str
    error: str
    title: str
    progress: dict[str, Any]


class ProgressEvent(TypedDict, total=False):
    """How far a long tool call has got."""

    type: Literal["progress"]
    done: int
    total: int
    label: str


class ErrorEvent(TypedDict):
    """A turn that could not run (bad input, too many steps); nothing changed."""

    type: Literal["error"]
    text: str
    recursion_limit: NotRequired[bool]


ChatEvent: TypeAlias = (
    MessageEvent
    | TokenEvent
    | ToolEvent
    | ToolResultEvent
    | RouteEvent
    | UsageEvent
    | PreviewEvent
    | ApprovalEvent
    | JobEvent
    | ProgressEvent
    | ErrorEvent
)
"""Any event a turn streams; narrow it on ``event["type"]``."""


def preview_event(artifact: Mapping[str, Any]) -> PreviewEvent:
    """Return the preview event for a tool's artifact (an asset's file, type, caption)."""
    return cast(PreviewEvent, {"type": "preview", **artifact})


def job_event(view: Mapping[str, Any]) -> JobEvent:
    """Return the job-card event for a job's view."""
    return cast(JobEvent, {"type": "job", **view})


def progress_event(progress: Mapping[str, Any]) -> ProgressEvent:
    """Return the progress event for a tool's progress report."""
    return cast(ProgressEvent, {"type": "progress", **progress})


def approval_event(thread: str, payload: Any) -> ApprovalEvent:
    """Return an interrupt's payload as an ``approval`` event of a thread."""
    payload = payload if isinstance(payload, dict) else {"title": str(payload)}
    return {"type": "approval", "thread": thread, "kind": payload.get("kind", "confirm"),
            "title": payload.get("title", "Waiting for your decision"), "preview": payload.get("preview"),
            "previews": payload.get("previews") or [],
            "options": list(payload.get("options", ["approve", "cancel"])),
            "cost_usd": payload.get("cost_usd", 0.0)}


async def waiting_approval(graph: Any, config: Any, thread: str) -> ApprovalEvent | None:
    """Return the approval a thread's graph run is paused on (its first interrupt), or None."""
    state = await graph.aget_state(config)
    for task in state.tasks:
        for intr in task.interrupts:
            return approval_event(thread, intr.value)
    return None
