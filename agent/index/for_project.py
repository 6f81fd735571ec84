"""Open a project's asset index where the settings say: its own folder, or a shared Chroma server."""

from __future__ import annotations

from agent.config import Settings
from agent.index.functions import embedding_function_for
from agent.index.store import AssetIndex
from agent.project import Project

__all__ = ["open_project_index"]


def open_project_index(project: Project, settings: Settings) -> AssetIndex:
    """Return the project's index: on ``REELSMITH_CHROMA_URL`` when set, else in ``<project>/index``.

    On a server every project has its own collection (named by the project's store key), embedded with
    the same registered function as in-process, so re-use offers never cross projects.
    """
    function = embedding_function_for(settings)
    if settings.chroma_url:
        return AssetIndex.connect(settings.chroma_url, embedding_function=function, namespace=project.store_key)
    return AssetIndex.open(project.path / "index", embedding_function=function)
