"""The graph's runtime context: what one turn brings besides its messages (a chat's own settings).

One compiled graph serves every chat of a project; a chat's settings (draft mode, budget, re-use threshold)
and the chat model it talks to (with that model's turn profile) arrive with each turn as LangGraph runtime
context, never in the state (they are not the conversation's) and never in process globals (two chats run
at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langgraph.runtime import get_runtime

from agent.config import Settings
from agent.llm.profile import STEPWISE, TurnProfile

__all__ = ["TurnContext", "turn_context", "turn_settings"]


@dataclass(frozen=True)
class TurnContext:
    """The runtime context of one turn (``graph.astream(..., context=TurnContext(...))``)."""

    settings: Settings | None = None
    """The chat's settings, already tightened against the operator's; None runs the turn on the operator's."""
    model: BaseChatModel | None = None
    """The chat model this turn talks to; None: the one the graph was built with (a graph without one fails)."""
    profile: TurnProfile = STEPWISE
    """How the graph drives ``model`` (see ``agent.llm.profile``)."""


def turn_context() -> TurnContext | None:
    """Return the running turn's context, or None outside a graph run or in a run started without one."""
    try:
        runtime = get_runtime(TurnContext)
    except RuntimeError:  # not inside a graph run (a script, a job worker, a unit test)
        return None
    context = runtime.context if runtime is not None else None
    return context if isinstance(context, TurnContext) else None


def turn_settings() -> Settings | None:
    """Return the running turn's own settings, or None outside a turn or when the turn uses the operator's."""
    context = turn_context()
    return context.settings if context is not None else None
