"""Wire the supervisor and the four specialists into one checkpointed graph."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, RemoveMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import START, StateGraph
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.graphs.calls import TurnModels, ask_model, over_cap
from agent.graphs.handoffs import handoff_target, handoff_tools
from agent.graphs.prompts import (
    HANDOFF_WAITING,
    LEAN_SPECIALIST_PROMPTS,
    LEAN_SUPERVISOR_PROMPT,
    NO_SPECIALIST_ERROR,
    SPECIALIST_PROMPTS,
    SUPERVISOR_PROMPT,
    TOKEN_CAP_REPLY,
)
from agent.graphs.results import last_human
from agent.graphs.runtime import TurnContext
from agent.graphs.specialist import DONE, ContextFn, build_specialist, call_specialist
from agent.graphs.state import FilmState
from agent.llm.profile import STEPWISE, TurnProfile
from agent.tools import SPECIALISTS, Specialist

__all__ = ["build_graph", "ContextFn", "LOOKUPS"]

Route = Literal[Specialist, "supervisor", "__end__"]
"""Where the supervisor goes next: a specialist, itself again (after a bad handoff), or the end."""

LOOKUPS = frozenset({"find_scene"})
"""Tools whose result feeds the next step rather than answering (the specialist reads it and goes on)."""


def build_graph(
    *,
    toolsets: dict[str, list[BaseTool]],
    context: ContextFn,
    checkpointer: Any = None,
    model: BaseChatModel | None = None,
    profile: TurnProfile = STEPWISE,
    token_cap: int | None = None,
    lookups: frozenset[str] = LOOKUPS,
) -> Any:
    """Compile the supervisor graph: supervisor -> specialist (its own subgraph) -> supervisor or the end.

    One compiled graph serves every chat: each turn's chat model and its profile come with the run's context
    (``TurnContext``); ``model`` and ``profile`` serve a run whose context names no model. The profile shapes
    the turn (see ``agent.llm.profile``): stepwise, every specialist reports back to the supervisor, which
    closes the turn; lean, a successful action answers the turn and the supervisor is called again only for
    steps it said remain. ``token_cap`` stops a turn that spent that many tokens.
    """
    handoffs = handoff_tools(toolsets)
    models = TurnModels(model=model, profile=profile)

    def capped(state: FilmState) -> str | None:
        spent = int(state.get("turn_tokens", 0) or 0)
        return TOKEN_CAP_REPLY.format(spent=spent, cap=token_cap) if over_cap(spent, token_cap) else None

    async def supervisor(state: FilmState, runtime: Runtime[TurnContext]) -> Command[Route]:
        stop = capped(state)
        if stop:
            return Command(goto=DONE, update={"messages": [AIMessage(stop)]})
        turn_model, turn_profile = models.for_turn(runtime.context)
        router = models.bound("supervisor", turn_model, handoffs, turn_profile, one_call=True)
        supervisor_prompt = LEAN_SUPERVISOR_PROMPT if turn_profile.compact_tools else SUPERVISOR_PROMPT
        prompt = supervisor_prompt.format(context=context(last_human(state["messages"]), False))
        ai, spent = await ask_model(router, [SystemMessage(prompt), *state["messages"]], {t.name for t in handoffs})
        if not ai.tool_calls:
            return Command(goto=DONE, update={"messages": [ai], "turn_tokens": spent})
        call, *later = ai.tool_calls
        target = handoff_target(call["name"])
        if target is None:
            error = NO_SPECIALIST_ERROR.format(name=call["name"], names=", ".join(SPECIALISTS))
            answers = [ToolMessage(error, tool_call_id=c["id"]) for c in ai.tool_calls]
            return Command(goto="supervisor", update={"messages": [ai, *answers], "turn_tokens": spent})
        # One step at a time: a second handoff in the same reply is answered "not started" and the specialist
        # reports back to the supervisor, which hands it off again (every call keeps its answer).
        waiting = [ToolMessage(HANDOFF_WAITING.format(name=target), tool_call_id=c["id"], name=c["name"])
                   for c in later]
        then = str(call["args"].get("then") or "").strip()
        if later and not then:
            then = " ".join(str(c["args"].get("task") or "") for c in later).strip() or "the other handoffs"
        task = str(call["args"].get("task") or last_human(state["messages"]))
        return Command(
            goto=target,
            update={"messages": [ai, *waiting], "active": target, "handoff_id": call["id"], "route": [target],
                    "then": then, "turn_tokens": spent,
                    # The specialist reads the task; what the film-maker said word for word rides along, so it
                    # can tell "join scenes 7 and 8" from "fold both market scenes together" (numbers in the task).
                    "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES),
                              HumanMessage(task, additional_kwargs={"said": last_human(state["messages"])})]},
        )

    graph = StateGraph(FilmState, context_schema=TurnContext)
    graph.add_node("supervisor", supervisor)
    for name in SPECIALISTS:
        subgraph = build_specialist(name=name, models=models, tools=toolsets[name],
                                    prompts=(SPECIALIST_PROMPTS[name], LEAN_SPECIALIST_PROMPTS[name]), context=context,
                                    token_cap=token_cap, lookups=lookups)
        graph.add_node(name, call_specialist(name, subgraph, models=models))
    graph.add_edge(START, "supervisor")
    return graph.compile(checkpointer=checkpointer)

