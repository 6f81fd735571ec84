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

from agent.graphs.prompts import HANDOFF_DESCRIPTIONS, SPECIALIST_PROMPTS, SUPERVISOR_PROMPT
from agent.graphs.state import FilmState

__all__ = ["build_graph", "handoff_tools", "SPECIALISTS", "ContextFn"]

SPECIALISTS = ("writer", "designer", "cinematographer", "editor")
Specialist = Literal["writer", "designer", "cinematographer", "editor"]
ContextFn = Callable[[str, bool], str]
"""(request text, full) -> the context block for the prompt."""



class _TaskArgs(BaseModel):
    task: str = Field(description="What the specialist should do, in the film-maker's words, self-contained.")


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


def build_graph(
    *,
    model: BaseChatModel,
    toolsets: dict[str, list[BaseTool]],
    context: ContextFn,
    checkpointer: Any = None,
) -> Any:
    """Compile the supervisor graph: supervisor -> specialist <-> its tools -> supervisor."""
    router = model.bind_tools(handoff_tools(toolsets))
    bound = {name: model.bind_tools(toolsets[name]) for name in SPECIALISTS}

    async def supervisor(
        state: FilmState,
    ) -> Command[Literal["writer", "designer", "cinematographer", "editor", "supervisor", "__end__"]]:  # noqa: E501
        prompt = SUPERVISOR_PROMPT.format(context=context(_last_human(state["messages"]), False))
        ai = await router.ainvoke([SystemMessage(prompt), *state["messages"]])
        assert isinstance(ai, AIMessage)
        if not ai.tool_calls:
            return Command(goto=cast(Literal["__end__"], END), update={"messages": [ai]})
        call = ai.tool_calls[0]
        ai.tool_calls = [call]  # one step at a time: every call must get its answer before the next turn
        target = call["name"].removeprefix("transfer_to_")
        if target not in SPECIALISTS:
            error = ToolMessage(f"Error: no specialist called {target}; use one of {', '.join(SPECIALISTS)}.",
                                tool_call_id=call["id"])  # fmt: skip
            return Command(goto="supervisor", update={"messages": [ai, error]})
        task = str(call["args"].get("task") or _last_human(state["messages"]))
        return Command(
            goto=cast(Specialist, target),
            update={"messages": [ai], "active": target, "handoff_id": call["id"], "route": [target],
                    "inner": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage(task)]},
        )  # fmt: skip

    def specialist(name: str) -> Any:
        async def run(state: FilmState) -> Command[Any]:
            task = _last_human(state.get("inner", []))
            prompt = SPECIALIST_PROMPTS[name].format(context=context(task, True))
            ai = await bound[name].ainvoke([SystemMessage(prompt), *state.get("inner", [])])
            assert isinstance(ai, AIMessage)
            ai.name = name
            if ai.tool_calls:
                return Command(goto=f"{name}_tools", update={"inner": [ai]})
            report = ToolMessage(str(ai.content) or "Done.", tool_call_id=state["handoff_id"],
                                 name=f"transfer_to_{name}")  # fmt: skip
            return Command(goto="supervisor", update={"inner": [ai], "messages": [report]})

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
