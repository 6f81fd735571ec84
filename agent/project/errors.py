"""Errors the project raises: each carries one line a person can act on."""

from __future__ import annotations

__all__ = [
    "ProjectError",
    "NotFoundError",
    "ConflictError",
    "InvalidInputError",
    "BundleError",
    "AssetError",
    "NothingToUndoError",
]


class ProjectError(Exception):
    """Base for every expected project failure; ``str(err)`` is the one-line message."""


class NotFoundError(ProjectError):
    """The named scene, shot, character... does not exist."""


class ConflictError(ProjectError):
    """Someone else changed the entity since it was read."""


class InvalidInputError(ProjectError):
    """A value is out of range, empty or malformed."""


class BundleError(ProjectError):
    """A project bundle is unsafe or broken; nothing was written."""


class AssetError(ProjectError):
    """A file cannot enter the asset store (too big, unknown type, unreadable)."""


class NothingToUndoError(ProjectError):
    """There is no change left to undo."""
