"""The LangGraph state machine: a supervisor routing to writer, designer, cinematographer and editor."""

from agent.graphs.context import build_context, target_scene_numbers
from agent.graphs.graph import build_graph
from agent.graphs.handoffs import handoff_target, handoff_tools
from agent.graphs.runtime import TurnContext, turn_settings
from agent.graphs.state import FilmState

__all__ = [
    "FilmState", "TurnContext", "build_context", "build_graph", "handoff_target", "handoff_tools",
    "target_scene_numbers", "turn_settings",
]
