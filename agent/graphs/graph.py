"""Wire the supervisor and the four specialists into one checkpointed graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, RemoveMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.prebuilt import ToolNode
from langgraph.types import Command

from agent.graphs.calls import ask_model, bind_tools_for, over_cap
from agent.graphs.handoffs import HANDOFF_PREFIX, handoff_tools
from agent.graphs.prompts import (
    LEAN_SPECIALIST_PROMPTS,
    LEAN_SUPERVISOR_PROMPT,
    SPECIALIST_PROMPTS,
    SUPERVISOR_PROMPT,
    TOKEN_CAP_REPLY,
)
from agent.graphs.results import last_human, results_text, settled, tool_error
from agent.graphs.runtime import TurnContext
from agent.graphs.state import FilmState
from agent.llm.profile import STEPWISE, TurnProfile
from agent.tools import SPECIALISTS, Specialist

__all__ = ["build_graph", "ContextFn", "LOOKUPS"]

Route = Literal[Specialist, "supervisor", "__end__"]
"""Where the supervisor goes next: a specialist, itself again (after a bad handoff), or the end."""
ContextFn = Callable[[str, bool], str]
"""(request text, full) -> the context block for the prompt."""

LOOKUPS = frozenset({"find_scene"})
"""Tools whose result feeds the next step rather than answering (the specialist reads it and goes on)."""


def build_graph(
    *,
    model: BaseChatModel,
    toolsets: dict[str, list[BaseTool]],
    context: ContextFn,
    checkpointer: Any = None,
    profile: TurnProfile = STEPWISE,
    token_cap: int | None = None,
    lookups: frozenset[str] = LOOKUPS,
) -> Any:
    """Compile the supervisor graph: supervisor -> specialist <-> its tools -> supervisor or the end.

    ``profile`` shapes the turn (see ``agent.llm.profile``): stepwise, every specialist reports back to
    the supervisor, which closes the turn; lean, a successful action answers the turn and the supervisor
    is called again only for steps it said remain. ``token_cap`` stops a turn that spent that many tokens.
    """
    handoffs = handoff_tools(toolsets)
    router = bind_tools_for(model, handoffs, profile, one_call=True)
    bound = {name: bind_tools_for(model, toolsets[name], profile) for name in SPECIALISTS}
    names = {name: {t.name for t in toolsets[name]} for name in SPECIALISTS}
    lean = profile.compact_tools
    supervisor_prompt = LEAN_SUPERVISOR_PROMPT if lean else SUPERVISOR_PROMPT
    specialist_prompts = LEAN_SPECIALIST_PROMPTS if lean else SPECIALIST_PROMPTS

    def capped(state: FilmState) -> str | None:
        spent = int(state.get("turn_tokens", 0) or 0)
        return TOKEN_CAP_REPLY.format(spent=spent, cap=token_cap) if over_cap(spent, token_cap) else None

    async def supervisor(state: FilmState) -> Command[Route]:
        stop = capped(state)
        if stop:
            return Command(goto=cast(Literal["__end__"], END), update={"messages": [AIMessage(stop)]})
        prompt = supervisor_prompt.format(context=context(last_human(state["messages"]), False))
        ai, spent = await ask_model(router, [SystemMessage(prompt), *state["messages"]], {t.name for t in handoffs})
        if not ai.tool_calls:
            return Command(goto=cast(Literal["__end__"], END), update={"messages": [ai], "turn_tokens": spent})
        call = ai.tool_calls[0]
        ai.tool_calls = [call]  # one step at a time: every call must get its answer before the next turn
        target = call["name"].removeprefix(HANDOFF_PREFIX)
        if target not in SPECIALISTS:
            error = ToolMessage(f"Error: no specialist called {target}; use one of {', '.join(SPECIALISTS)}.",
                                tool_call_id=call["id"])  # fmt: skip
            return Command(goto="supervisor", update={"messages": [ai, error], "turn_tokens": spent})
        task = str(call["args"].get("task") or last_human(state["messages"]))
        return Command(
            goto=cast(Specialist, target),
            update={"messages": [ai], "active": target, "handoff_id": call["id"], "route": [target],
                    "then": str(call["args"].get("then") or "").strip(), "turn_tokens": spent,
                    "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage(task)]},
        )  # fmt: skip

    def finish(name: str, state: FilmState, ai: AIMessage, *, spent: int = 0, stop: bool = False) -> Command[Any]:
        """Close the handoff with the specialist's answer; go back to the supervisor only if it must route."""
        report = ToolMessage(str(ai.content) or "Done.", tool_call_id=state["handoff_id"],
                             name=f"{HANDOFF_PREFIX}{name}")
        back = not stop and (profile.close_with_supervisor or bool(state.get("then")))
        return Command(goto="supervisor" if back else END,
                       update={"inner": [ai], "messages": [report], "turn_tokens": spent})  # fmt: skip

    def specialist(name: Specialist) -> Any:
        async def run(state: FilmState) -> Command[Any]:
            inner = state.get("inner", [])
            if profile.finish_on_tool and settled(inner, lookups):  # the tool's result is the answer: no call
                done = AIMessage(results_text(inner), name=name, response_metadata={"source": "tool_result"})
                return finish(name, state, done)
            stop = capped(state)
            if stop:
                return finish(name, state, AIMessage(stop, name=name), stop=True)
            task = last_human(inner)
            prompt = specialist_prompts[name].format(context=context(task, True))
            ai, spent = await ask_model(bound[name], [SystemMessage(prompt), *inner], names[name])
            ai.name = name
            if ai.tool_calls:
                return Command(goto=f"{name}_tools", update={"inner": [ai], "turn_tokens": spent})
            return finish(name, state, ai, spent=spent)

        run.__name__ = name
        return run

    graph = StateGraph(FilmState, context_schema=TurnContext)
    graph.add_node("supervisor", supervisor)
    for name in SPECIALISTS:
        graph.add_node(name, specialist(name))
        graph.add_node(f"{name}_tools", ToolNode(toolsets[name], messages_key="inner",
                                                 handle_tool_errors=tool_error))  # fmt: skip
        graph.add_edge(f"{name}_tools", name)
    graph.add_edge(START, "supervisor")
    return graph.compile(checkpointer=checkpointer)

