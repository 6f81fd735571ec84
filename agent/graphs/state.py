"""Graph state: what the supervisor and the specialists share, and who writes each field."""

from __future__ import annotations

import operator
from typing import Annotated

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

__all__ = ["FilmState", "SpecialistState", "add_or_reset"]


def add_or_reset(spent: int, more: int) -> int:
    """Add a call's tokens to the turn's count; a negative value starts a new turn at zero."""
    return 0 if more < 0 else spent + more


class FilmState(TypedDict, total=False):
    """The state of one conversation thread (the parent graph's)."""

    messages: Annotated[list[AnyMessage], add_messages]
    """The conversation as the supervisor sees it: user turns, handoffs and each specialist's report.
    Written by the supervisor (its replies and handoff calls) and by specialists (the handoff's ToolMessage)."""

    inner: Annotated[list[AnyMessage], add_messages]
    """How the active handoff opens: the task (and, for a delivered job, the tool call to run). Reset and
    written by the supervisor on each handoff (or by a job's delivery); the specialist's subgraph starts from it
    and keeps its working messages in its own state."""

    active: str
    """The specialist currently working (set by the supervisor on handoff)."""

    handoff_id: str
    """The id of the supervisor's handoff tool call the active specialist must answer."""

    then: str
    """What the supervisor said remains of the request after the active handoff ('' when nothing);
    set with each handoff. A specialist returns to the supervisor only when something remains
    (or when the model's profile routes stepwise)."""

    turn_tokens: Annotated[int, add_or_reset]
    """Model tokens spent in this turn (each model-calling node adds its calls'; the session sends -1
    with each new message). A node that finds it over the per-turn cap stops instead of calling."""

    route: Annotated[list[str], operator.add]
    """Specialists visited, in order, across the thread (the session slices it per turn)."""


class SpecialistState(TypedDict, total=False):
    """The state of one specialist's subgraph, for one handoff (a fresh one per handoff)."""

    inner: Annotated[list[AnyMessage], add_messages]
    """The specialist's working messages: the handoff's opening (from the parent's ``inner``), then its
    model's replies (model node) and the tool results (tool node)."""

    turn_tokens: Annotated[int, add_or_reset]
    """The turn's tokens: the parent's count on entry, plus what the model node spends (checked against the cap)."""

    stopped: bool
    """Set by the model node when the turn hit its token cap: the handoff ends the turn."""
