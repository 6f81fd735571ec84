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

from agent.graphs.prompts import SPECIALIST_PROMPTS, SUPERVISOR_PROMPT
from agent.graphs.state import FilmState

__all__ = ["build_graph", "handoff_tools", "SPECIALISTS", "ContextFn"]

SPECIALISTS = ("writer", "designer", "cinematographer", "editor")
Specialist = Literal["writer", "designer", "cinematographer", "editor"]
ContextFn = Callable[[str, bool], str]
"""(request text, full) -> the context block for the prompt."""

_HANDOFF_EXAMPLES = {
    "writer": ["rewrite scene 3 darker", "make the third scene more sinister", "pitch me a logline",
               "write an outline", "write a new scene", "delete scene 5", "tag scene 2 as keep", "undo",
               "undo that", "restore scene 3 to version 1", "compare versions of scene 2", "move scene 4 first",
               "split scene 2", "merge scenes 3 and 4", "branch an alternative ending", "show me scene 2",
               "what's next", "show the history"],
    "designer": ["add a villain", "create a character", "make Mara older", "add a location", "add a prop",
                 "set the art direction to neo-noir", "change the palette", "describe the lighthouse"],
    "cinematographer": ["break scene 2 into shots", "make shot 1 a close-up", "generate a storyboard for shot 1 "
                        "of scene 2", "draw shot 3", "set a low angle", "dolly in on shot 2", "plan the coverage",
                        "storyboard scene 1", "list the shots of scene 2"],
    "editor": ["assemble the cut", "make an animatic of scene 1", "render the film", "add a crossfade",
               "add a title card", "export an EDL", "export the screenplay as fountain", "animate shot 1",
               "generate voices for scene 2", "export the shot list"],
}  # fmt: skip


class _TaskArgs(BaseModel):
    task: str = Field(description="What the specialist should do, in the film-maker's words, self-contained.")


def handoff_tools(toolsets: dict[str, list[BaseTool]] | None = None) -> list[BaseTool]:
    """Return one transfer tool per specialist (the supervisor routes by calling them).

    Each handoff's examples include its specialist's own tool examples, so a model that routes by
    meaning (the offline director) sees what each specialist can do; the history tools every
    specialist shares route to the writer.
    """
    shared = {"undo", "restore_version", "compare_versions", "create_branch", "switch_branch", "list_stale",
              "regenerate_stale",
              "search_assets", "project_overview", "show_history", "find_scene", "redo"}  # fmt: skip
    tools: list[BaseTool] = []
    for name in SPECIALISTS:
        examples = list(_HANDOFF_EXAMPLES[name])
        for tool in (toolsets or {}).get(name, []):
            if tool.name not in shared or name == "writer":
                examples += list((tool.metadata or {}).get("examples", []))

        def _run(task: str, _name: str = name) -> str:
            return f"Handing over to the {_name}: {task}"

        tools.append(StructuredTool.from_function(
            func=_run, name=f"transfer_to_{name}", args_schema=_TaskArgs,
            description=f"Hand the request (or one step of it) to the {name}. "
            + {"writer": "Story: logline, outline, scenes, rewrites, tags, deletes, undo, history, branches.",
               "designer": "Design: characters, locations, props, art direction, reference images.",
               "cinematographer": "Camera: shot breakdowns, camera specs, storyboard stills.",
               "editor": "Edit: timeline, transitions, clips, voice, animatic, render, exports."}[name],
            metadata={"examples": list(dict.fromkeys(examples)),
                      "tools": [t.name for t in (toolsets or {}).get(name, [])],
                      "read_only_tools": [t.name for t in (toolsets or {}).get(name, [])
                                          if (t.metadata or {}).get("read_only")]},
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
