"""Read a turn's messages for the graph: the latest request, and whether a specialist's tool results answer it."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, ToolMessage

from agent.graphs.prompts import CALL_WAITING

__all__ = ["last_human", "results_text", "settled", "tool_error"]


def last_human(messages: list[Any]) -> str:
    """Return the text of the latest human message ('' if there is none)."""
    for msg in reversed(messages):
        if isinstance(msg, HumanMessage):
            return str(msg.content)
    return ""


def _latest_results(inner: list[Any]) -> list[ToolMessage]:
    results: list[ToolMessage] = []
    for msg in reversed(inner):
        if not isinstance(msg, ToolMessage):
            break
        results.append(msg)
    return results[::-1]


_NOT_RUN = CALL_WAITING.split(":", 1)[0]
"""How the answer to a call held back for the model begins (it was not run: nothing answers the step yet)."""


def settled(inner: list[Any], lookups: frozenset[str]) -> bool:
    """Tell whether the latest tool results all succeeded and none was a lookup or held back (they answer the step)."""
    results = _latest_results(inner)
    return bool(results) and all(not str(r.content).startswith(("Error", _NOT_RUN)) and r.name not in lookups
                                 for r in results)


def results_text(inner: list[Any]) -> str:
    """Return the latest tool results' texts, one per line ('Done.' when there are none)."""
    return "\n".join(str(r.content) for r in _latest_results(inner)) or "Done."


def tool_error(exc: Exception) -> str:
    """Turn a malformed tool call (bad arguments from the model) into an answer it can fix."""
    return f"Error: {str(exc).splitlines()[0][:300]}"
