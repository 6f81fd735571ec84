"""Typed tools over the film project, one module per specialist plus the shared history tools."""

from __future__ import annotations

from langchain_core.tools import BaseTool

from agent.specialists import SPECIALISTS, Specialist
from agent.tools.answers import answer_tools
from agent.tools.base import ToolContext, ToolResult, make_tool
from agent.tools.camera import cinematographer_tools
from agent.tools.captions import caption_tools
from agent.tools.design import designer_tools
from agent.tools.edit import editor_tools
from agent.tools.music import music_tools
from agent.tools.production import camera_production_tools, design_production_tools, edit_production_tools
from agent.tools.shared import shared_tools
from agent.tools.story import writer_tools

__all__ = ["ToolContext", "ToolResult", "make_tool", "build_toolsets", "SPECIALISTS", "Specialist"]


def build_toolsets(ctx: ToolContext) -> dict[str, list[BaseTool]]:
    """Return each specialist's tools (its own plus the shared ones) bound to one project."""
    own = {
        "writer": writer_tools(ctx),
        "designer": designer_tools(ctx) + design_production_tools(ctx),
        "cinematographer": cinematographer_tools(ctx) + camera_production_tools(ctx),
        "editor": editor_tools(ctx) + edit_production_tools(ctx) + caption_tools(ctx)
        + music_tools(ctx),
    }
    return {name: tools + shared_tools(ctx, name) + answer_tools(ctx) for name, tools in own.items()}
