"""Wire the supervisor and the four specialists into one checkpointed graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.prebuilt import ToolNode
from langgraph.types import Command
from pydantic import BaseModel, Field

from agent.graphs.calls import ask_model, over_cap
from agent.graphs.prompts import (
    HANDOFF_DESCRIPTIONS,
    LEAN_SPECIALIST_PROMPTS,
    LEAN_SUPERVISOR_PROMPT,
    SPECIALIST_PROMPTS,
    SUPERVISOR_PROMPT,
    TOKEN_CAP_REPLY,
)
from agent.graphs.schemas import compact_tool
from agent.graphs.state import FilmState
from agent.llm.profile import STEPWISE, TurnProfile

__all__ = ["build_graph", "handoff_tools", "SPECIALISTS", "ContextFn"]

SPECIALISTS = ("writer", "designer", "cinematographer", "editor")
Specialist = Literal["writer", "designer", "cinematographer", "editor"]
ContextFn = Callable[[str, bool], str]
"""(request text, full) -> the context block for the prompt."""



LOOKUPS = frozenset({"find_scene"})
"""Tools whose result feeds the next step rather than answering (the specialist reads it and goes on)."""


class _TaskArgs(BaseModel):
    task: str = Field(description="What the specialist should do, in the film-maker's words, self-contained.")
    then: str = Field("", description="Steps of the request for other specialists after this one; '' if none.")


def handoff_tools(toolsets: dict[str, list[BaseTool]] | None = None) -> list[BaseTool]:
    """Return one transfer tool per specialist (the supervisor routes by calling them).

    Each handoff names its specialist's tools (and which of them only read) in its metadata, so a model
    that routes by what the specialists can do (the offline director) can see it.
    """
    tools: list[BaseTool] = []
    for name in SPECIALISTS:
        own = (toolsets or {}).get(name, [])

        def _run(task: str, _name: str = name) -> str:
            return f"Handing over to the {_name}: {task}"

        tools.append(StructuredTool.from_function(
            func=_run, name=f"transfer_to_{name}", args_schema=_TaskArgs,
            description=f"Hand the request (or one step of it) to the {name}. {HANDOFF_DESCRIPTIONS[name]}",
            metadata={"tools": [t.name for t in own],
                      "read_only_tools": [t.name for t in own if (t.metadata or {}).get("read_only")]},
        ))  # fmt: skip
    return tools


def _last_human(messages: list[Any]) -> str:
    for msg in reversed(messages):
        if isinstance(msg, HumanMessage):
            return str(msg.content)
    return ""


def _bind(model: BaseChatModel, tools: list[BaseTool], profile: TurnProfile, *, one_call: bool = False) -> Any:
    """Bind ``tools`` as the profile says: concise schemas for paid models, one handoff per call if supported."""
    schemas: list[Any] = [compact_tool(t) for t in tools] if profile.compact_tools else list(tools)
    if one_call and profile.compat == "openai":
        return model.bind_tools(schemas, parallel_tool_calls=False)
    return model.bind_tools(schemas)


def _settled(inner: list[Any], lookups: frozenset[str]) -> bool:
    """Tell whether the latest tool results all succeeded and none was a lookup (they answer the step)."""
    results: list[ToolMessage] = []
    for msg in reversed(inner):
        if not isinstance(msg, ToolMessage):
            break
        results.append(msg)
    return bool(results) and all(not str(r.content).startswith("Error") and r.name not in lookups for r in results)


def _results_text(inner: list[Any]) -> str:
    texts: list[str] = []
    for msg in reversed(inner):
        if not isinstance(msg, ToolMessage):
            break
        texts.append(str(msg.content))
    return "\n".join(reversed(texts)) or "Done."


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
    router = _bind(model, handoffs, profile, one_call=True)
    bound = {name: _bind(model, toolsets[name], profile) for name in SPECIALISTS}
    names = {name: {t.name for t in toolsets[name]} for name in SPECIALISTS}
    lean = profile.compact_tools
    supervisor_prompt = LEAN_SUPERVISOR_PROMPT if lean else SUPERVISOR_PROMPT
    specialist_prompts = LEAN_SPECIALIST_PROMPTS if lean else SPECIALIST_PROMPTS

    def capped(state: FilmState) -> str | None:
        spent = int(state.get("turn_tokens", 0) or 0)
        return TOKEN_CAP_REPLY.format(spent=spent, cap=token_cap) if over_cap(spent, token_cap) else None

    async def supervisor(
        state: FilmState,
    ) -> Command[Literal["writer", "designer", "cinematographer", "editor", "supervisor", "__end__"]]:  # noqa: E501
        stop = capped(state)
        if stop:
            return Command(goto=cast(Literal["__end__"], END), update={"messages": [AIMessage(stop)]})
        prompt = supervisor_prompt.format(context=context(_last_human(state["messages"]), False))
        ai, spent = await ask_model(router, [SystemMessage(prompt), *state["messages"]], {t.name for t in handoffs})
        if not ai.tool_calls:
            return Command(goto=cast(Literal["__end__"], END), update={"messages": [ai], "turn_tokens": spent})
        call = ai.tool_calls[0]
        ai.tool_calls = [call]  # one step at a time: every call must get its answer before the next turn
        target = call["name"].removeprefix("transfer_to_")
        if target not in SPECIALISTS:
            error = ToolMessage(f"Error: no specialist called {target}; use one of {', '.join(SPECIALISTS)}.",
                                tool_call_id=call["id"])  # fmt: skip
            return Command(goto="supervisor", update={"messages": [ai, error], "turn_tokens": spent})
        task = str(call["args"].get("task") or _last_human(state["messages"]))
        return Command(
            goto=cast(Specialist, target),
            update={"messages": [ai], "active": target, "handoff_id": call["id"], "route": [target],
                    "then": str(call["args"].get("then") or "").strip(), "turn_tokens": spent,
                    "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage(task)]},
        )  # fmt: skip

    def finish(name: str, state: FilmState, ai: AIMessage, *, spent: int = 0, stop: bool = False) -> Command[Any]:
        """Close the handoff with the specialist's answer; go back to the supervisor only if it must route."""
        report = ToolMessage(str(ai.content) or "Done.", tool_call_id=state["handoff_id"], name=f"transfer_to_{name}")
        back = not stop and (profile.close_with_supervisor or bool(state.get("then")))
        return Command(goto="supervisor" if back else END,
                       update={"inner": [ai], "messages": [report], "turn_tokens": spent})  # fmt: skip

    def specialist(name: str) -> Any:
        async def run(state: FilmState) -> Command[Any]:
            inner = state.get("inner", [])
            if profile.finish_on_tool and _settled(inner, lookups):  # the tool's result is the answer: no call
                done = AIMessage(_results_text(inner), name=name, response_metadata={"source": "tool_result"})
                return finish(name, state, done)
            stop = capped(state)
            if stop:
                return finish(name, state, AIMessage(stop, name=name), stop=True)
            task = _last_human(inner)
            prompt = specialist_prompts[name].format(context=context(task, True))
            ai, spent = await ask_model(bound[name], [SystemMessage(prompt), *inner], names[name])
            ai.name = name
            if ai.tool_calls:
                return Command(goto=f"{name}_tools", update={"inner": [ai], "turn_tokens": spent})
            return finish(name, state, ai, spent=spent)

        run.__name__ = name
        return run

    graph = StateGraph(FilmState)
    graph.add_node("supervisor", supervisor)
    for name in SPECIALISTS:
        graph.add_node(name, specialist(name))
        graph.add_node(f"{name}_tools", ToolNode(toolsets[name], messages_key="inner",
                                                 handle_tool_errors=_tool_error))  # fmt: skip
        graph.add_edge(f"{name}_tools", name)
    graph.add_edge(START, "supervisor")
    return graph.compile(checkpointer=checkpointer)


def _tool_error(exc: Exception) -> str:
    """Turn a malformed tool call (bad arguments from the model) into an answer it can fix."""
    return f"Error: {str(exc).splitlines()[0][:300]}"
