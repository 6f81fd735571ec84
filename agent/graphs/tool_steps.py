"""A specialist's tool node: a reply's calls run in order, a change one step at a time.

LangGraph runs a node again from its first line when it resumes after an interrupt. A reply whose calls ran
together in one node would, after the film-maker answers one of them, run its siblings again (a second
delete of "scene 5", which is another scene by then), and several calls that each wait for an answer would
share one resume value. So a reply that changes anything runs one call per step: each finished call is
checkpointed before the next starts. A call that waits for the film-maker (a tool marked ``needs_approval``)
is the last one run from its reply: the calls after it are answered "not run yet" and go back to the model,
which sees the film-maker's answer (and what it changed) before making them again.
"""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, AnyMessage, ToolCall, ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from langgraph.prebuilt import ToolNode
from langgraph.types import Command

from agent.graphs.prompts import CALL_WAITING
from agent.graphs.results import tool_error
from agent.graphs.state import SpecialistState

__all__ = ["ToolSteps", "asking_tools", "unanswered"]


def asking_tools(tools: list[BaseTool]) -> frozenset[str]:
    """Return the names of the tools that wait for the film-maker's approval (metadata ``needs_approval``)."""
    return frozenset(t.name for t in tools if (t.metadata or {}).get("needs_approval"))


def unanswered(inner: list[AnyMessage]) -> list[ToolCall]:
    """Return the latest reply's tool calls that have no answer yet, in the order the model made them."""
    for index in range(len(inner) - 1, -1, -1):
        message = inner[index]
        if isinstance(message, AIMessage):
            answered = {m.tool_call_id for m in inner[index + 1:] if isinstance(m, ToolMessage)}
            return [call for call in message.tool_calls if call["id"] not in answered]
    return []


class ToolSteps:
    """Run a specialist's tool calls, one step per call when a reply changes anything (see the module)."""

    def __init__(self, tools: list[BaseTool]) -> None:
        self._node = ToolNode(tools, messages_key="inner", handle_tool_errors=tool_error)
        self._asks = asking_tools(tools)
        self._reads = frozenset(t.name for t in tools if (t.metadata or {}).get("read_only"))

    def _next(self, calls: list[ToolCall]) -> tuple[list[ToolCall], list[ToolCall]]:
        """Split the unanswered calls into the ones to run now and the ones answered "not run yet"."""
        if all(call["name"] in self._reads for call in calls):
            return calls, []  # reads change nothing and never ask: they run together
        first, *rest = calls
        return [first], (rest if first["name"] in self._asks else [])

    async def __call__(self, state: SpecialistState, config: RunnableConfig) -> Command[Literal["tools", "model"]]:
        """Run the next call(s) of the latest reply; come back here while some are left, else go to the model."""
        calls = unanswered(state.get("inner", []))
        if not calls:
            return Command(goto="model")
        now, held = self._next(calls)
        # Given calls rather than a state, the tool node answers {"inner": [its ToolMessages]} (the tools return
        # text, or text and an artifact; none returns a Command).
        out: dict[str, list[AnyMessage]] = await self._node.ainvoke(now, config)
        results = out["inner"]
        waiting = [ToolMessage(CALL_WAITING.format(tool=now[0]["name"]), tool_call_id=c["id"], name=c["name"])
                   for c in held]
        left = len(calls) - len(now) - len(held)
        return Command(goto="tools" if left else "model", update={"inner": [*results, *waiting]})
