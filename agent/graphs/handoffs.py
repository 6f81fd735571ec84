"""The supervisor's transfer tools: one per specialist, described for the routing model."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from agent.graphs.prompts import HANDOFF_DESCRIPTIONS, HANDOFF_REPLY, HANDOFF_TOOL_DESCRIPTION
from agent.tools import SPECIALISTS, Specialist

__all__ = ["HANDOFF_PREFIX", "HANDOFF_TARGETS", "handoff_name", "handoff_target", "handoff_tools"]

HANDOFF_PREFIX = "transfer_to_"
"""A transfer tool is named ``transfer_to_<specialist>``."""


def handoff_name(specialist: Specialist) -> str:
    """Return the name of the tool that hands a step to ``specialist``."""
    return f"{HANDOFF_PREFIX}{specialist}"


HANDOFF_TARGETS: dict[str, Specialist] = {handoff_name(name): name for name in SPECIALISTS}
"""Each transfer tool's name -> the specialist it hands to (the one place a call is mapped to a node)."""


def handoff_target(tool_name: str) -> Specialist | None:
    """Return the specialist a transfer tool call hands to, or None when the call is not a handoff."""
    return HANDOFF_TARGETS.get(tool_name)


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

        def _run(task: str, then: str = "", _name: str = name) -> str:  # `then` is read by the supervisor
            return HANDOFF_REPLY.format(name=_name, task=task)

        tools.append(
            StructuredTool.from_function(
                func=_run,
                name=handoff_name(name),
                args_schema=_TaskArgs,
                description=HANDOFF_TOOL_DESCRIPTION.format(name=name, does=HANDOFF_DESCRIPTIONS[name]),
                metadata={
                    "tools": [t.name for t in own],
                    "read_only_tools": [t.name for t in own if (t.metadata or {}).get("read_only")],
                },
            )
        )
    return tools
