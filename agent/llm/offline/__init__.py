"""The offline director: a deterministic chat model that acts through its bound tools."""

from agent.llm.offline.context import ProjectContext, SceneContext, parse_context
from agent.llm.offline.director import OfflineDirector

__all__ = ["OfflineDirector", "ProjectContext", "SceneContext", "parse_context"]
