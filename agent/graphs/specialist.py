"""A specialist as its own compiled subgraph (model node + tool node) and the parent node that calls it.

The parent graph hands a step over with ``Command(goto=<specialist>)``; the specialist's node runs its
subgraph on the handoff's opening messages and closes the handoff with the ToolMessage that answers the
supervisor's call. Interrupts raised by a tool pass through untouched: on resume the parent node runs again
and the subgraph continues from its own checkpoint (same checkpointer, its own namespace).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol, cast

from langchain_core.messages import AIMessage, AnyMessage, SystemMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.graphs.calls import TurnModels, ask_model, over_cap
from agent.graphs.handoffs import handoff_name
from agent.graphs.prompts import TOKEN_CAP_REPLY
from agent.graphs.results import last_human, results_text, settled
from agent.graphs.runtime import TurnContext, turn_context
from agent.graphs.state import FilmState, SpecialistState
from agent.graphs.tool_steps import ToolSteps
from agent.tools import Specialist

__all__ = ["DONE", "ContextFn", "SpecialistGraph", "SpecialistNode", "build_specialist", "call_specialist"]

DONE = cast(Literal["__end__"], END)
"""The end of a graph, typed for ``Command[Literal[...]]`` targets."""
ContextFn = Callable[[str, bool], str]
"""(request text, full) -> the context block for the prompt."""
SpecialistGraph = CompiledStateGraph[SpecialistState, TurnContext, SpecialistState, SpecialistState]
"""A specialist's compiled subgraph."""
Back = Literal["supervisor", "__end__"]
"""Where a specialist's handoff goes when it closes: back to the supervisor, or the end of the turn."""


class SpecialistNode(Protocol):
    """The parent graph's node for one specialist."""

    async def __call__(self, state: FilmState, config: RunnableConfig) -> Command[Back]:
        """Run the specialist's subgraph for the active handoff and close it."""
        ...


def _pending_calls(inner: list[AnyMessage]) -> bool:
    """Tell whether the working messages end with tool calls not yet run (a delivered job opens that way)."""
    return bool(inner) and isinstance(inner[-1], AIMessage) and bool(inner[-1].tool_calls)


def build_specialist(*, name: Specialist, models: TurnModels, tools: list[BaseTool], prompts: tuple[str, str],
                     context: ContextFn, token_cap: int | None, lookups: frozenset[str]) -> SpecialistGraph:
    """Compile one specialist: its model node (the turn's model, bound to ``tools``) and its tool node.

    ``prompts`` are the specialist's system prompts (stepwise, lean) with a ``{context}`` placeholder; the
    turn's profile picks one.
    """
    tool_names = {t.name for t in tools}

    async def call_model(state: SpecialistState, runtime: Runtime[TurnContext]) -> Command[Literal["tools", "__end__"]]:
        inner = state.get("inner", [])
        model, profile = models.for_turn(runtime.context)
        if profile.finish_on_tool and settled(inner, lookups):  # the tool's result is the answer: no call
            done = AIMessage(results_text(inner), name=name, response_metadata={"source": "tool_result"})
            return Command(goto=DONE, update={"inner": [done]})
        spent = int(state.get("turn_tokens", 0) or 0)
        if over_cap(spent, token_cap):
            stop = AIMessage(TOKEN_CAP_REPLY.format(spent=spent, cap=token_cap), name=name)
            return Command(goto=DONE, update={"inner": [stop], "stopped": True})
        prompt = prompts[1] if profile.compact_tools else prompts[0]
        system = SystemMessage(prompt.format(context=context(last_human(inner), True)))
        bound = models.bound(name, model, tools, profile)
        ai, cost = await ask_model(bound, [system, *inner], tool_names)
        ai.name = name  # the reply is this specialist's (the UI labels it; the offline director reads it)
        return Command(goto="tools" if ai.tool_calls else DONE, update={"inner": [ai], "turn_tokens": cost})

    def enter(state: SpecialistState) -> Literal["model", "tools"]:
        """Start at the tool node when the handoff opens with a call to run, else at the model."""
        return "tools" if _pending_calls(state.get("inner", [])) else "model"

    graph = StateGraph(SpecialistState, context_schema=TurnContext)
    graph.add_node("model", call_model)
    graph.add_node("tools", ToolSteps(tools))
    graph.add_conditional_edges(START, enter)
    return graph.compile(name=name)


def call_specialist(name: Specialist, subgraph: SpecialistGraph, *, models: TurnModels) -> SpecialistNode:
    """Return the parent node that runs ``subgraph`` for the active handoff and closes it with its answer."""

    async def run(state: FilmState, config: RunnableConfig) -> Command[Back]:
        _model, profile = models.for_turn(turn_context())  # typed node signatures take a config or a runtime, not both
        spent = int(state.get("turn_tokens", 0) or 0)
        out = await subgraph.ainvoke({"inner": state.get("inner", []), "turn_tokens": spent}, config)
        answer = out["inner"][-1]
        report = ToolMessage(str(answer.content) or "Done.", tool_call_id=state["handoff_id"], name=handoff_name(name))
        back = not out.get("stopped") and (profile.close_with_supervisor or bool(state.get("then")))
        spent_here = int(out.get("turn_tokens", 0) or 0) - spent
        return Command(goto="supervisor" if back else DONE, update={"messages": [report], "turn_tokens": spent_here})

    run.__name__ = name
    return run
