"""Model loading: 'offline' gives the OfflineDirector; any other name goes to ChatOpenAI."""

from agent.llm.loader import OFFLINE_MODEL, ModelLoadError, load_chat_model
from agent.llm.offline import OfflineDirector, ProjectContext, SceneContext, parse_context

__all__ = [
    "OFFLINE_MODEL",
    "ModelLoadError",
    "OfflineDirector",
    "ProjectContext",
    "SceneContext",
    "load_chat_model",
    "parse_context",
]
