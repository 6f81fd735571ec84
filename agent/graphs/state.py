"""Graph state: what the supervisor and the specialists share, and who writes each field."""

from __future__ import annotations

import operator
from typing import Annotated

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

__all__ = ["FilmState"]


class FilmState(TypedDict, total=False):
    """The state of one conversation thread."""

    messages: Annotated[list[AnyMessage], add_messages]
    """The conversation as the supervisor sees it: user turns, handoffs and each specialist's report.
    Written by the supervisor (its replies and handoff calls) and by specialists (the handoff's ToolMessage)."""

    inner: Annotated[list[AnyMessage], add_messages]
    """The active specialist's own working messages (task, tool calls, tool results); reset per handoff."""

    active: str
    """The specialist currently working (set by the supervisor on handoff)."""

    handoff_id: str
    """The id of the supervisor's handoff tool call the active specialist must answer."""

    route: Annotated[list[str], operator.add]
    """Specialists visited, in order, across the thread (the session slices it per turn)."""
