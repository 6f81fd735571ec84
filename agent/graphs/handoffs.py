"""The supervisor's transfer tools: one per specialist, described for the routing model."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from agent.graphs.prompts import HANDOFF_DESCRIPTIONS, HANDOFF_REPLY, HANDOFF_TOOL_DESCRIPTION
from agent.tools import SPECIALISTS

__all__ = ["HANDOFF_PREFIX", "handoff_tools"]

HANDOFF_PREFIX = "transfer_to_"
"""A transfer tool is named ``transfer_to_<specialist>``."""


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
                name=f"{HANDOFF_PREFIX}{name}",
                args_schema=_TaskArgs,
                description=HANDOFF_TOOL_DESCRIPTION.format(name=name, does=HANDOFF_DESCRIPTIONS[name]),
                metadata={
                    "tools": [t.name for t in own],
                    "read_only_tools": [t.name for t in own if (t.metadata or {}).get("read_only")],
                },
            )
        )
    return tools
