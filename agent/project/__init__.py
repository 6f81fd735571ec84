"""The film project: schema, repository functions (each writing history), undo/restore/branch, bundles.

Every mutation goes through the functions here, which record a history row in the same transaction.
"""

from agent.project import cut, design, history, library, shots, story
from agent.project.bundle import export_bundle, open_bundle
from agent.project.deps import StaleItem, list_stale
from agent.project.errors import (
    AssetError,
    BundleError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    NothingToUndoError,
    ProjectError,
)
from agent.project.project import DB_NAME, Project
from agent.project.snapshot import build_snapshot, snapshot

__all__ = [
    "Project",
    "DB_NAME",
    "snapshot",
    "build_snapshot",
    "export_bundle",
    "open_bundle",
    "list_stale",
    "StaleItem",
    "story",
    "design",
    "shots",
    "library",
    "history",
    "cut",
    "ProjectError",
    "NotFoundError",
    "ConflictError",
    "InvalidInputError",
    "BundleError",
    "AssetError",
    "NothingToUndoError",
]
