"""``meta/project.json``: what a project folder is, readable without opening its database.

The database is the truth; this file is derived from it (name, when the project was created, the phases it
is organised in, where its assets live, the schema revision and app version that last wrote it). A folder
written by an older version (format 1: name, schema revision, app version) is upgraded when it is opened.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent import __version__
from agent.assets import atomic_write
from agent.project.db import head_revision
from agent.project.schema import PHASES, Change, ProjectRow

__all__ = ["META_FILE", "META_FORMAT", "ASSET_ROOT", "build_meta", "read_meta", "write_meta", "upgrade_meta"]

META_FILE = Path("meta") / "project.json"
META_FORMAT = 2
"""1: name, schema_revision, app_version, written_at. 2: adds format, created, phases, asset_root, exports_root."""
ASSET_ROOT = "assets"
EXPORTS_ROOT = "exports"
_DERIVED = ("format", "name", "created", "phases", "asset_root", "exports_root", "schema_revision")
"""The keys whose difference makes an open rewrite the file (``app_version`` alone does not)."""


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite drops the zone
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def build_meta(session: Session, *, fallback_name: str, created: str | None = None) -> dict[str, Any]:
    """Return the meta the project's rows imply; ``created`` keeps a value an older file already holds."""
    row = session.get(ProjectRow, 1)
    first = session.scalar(select(Change.created_at).order_by(Change.id).limit(1))
    return {
        "format": META_FORMAT,
        "name": row.name if row is not None else fallback_name,
        "created": created or _iso(first) or _iso(datetime.now(UTC)),
        "phases": list(PHASES),
        "asset_root": ASSET_ROOT,
        "exports_root": EXPORTS_ROOT,
        "schema_revision": head_revision(),
        "app_version": __version__,
    }


def read_meta(folder: Path) -> dict[str, Any]:
    """Return the folder's ``meta/project.json`` as a dict ({} when it is missing or not a JSON object)."""
    try:
        data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_meta(folder: Path, meta: dict[str, Any]) -> None:
    """Write the meta file atomically, stamped with the time it was written."""
    atomic_write(folder / META_FILE, json.dumps({**meta, "written_at": _iso(datetime.now(UTC))}, indent=2).encode())


def upgrade_meta(folder: Path, session: Session) -> bool:
    """Rewrite the meta file when it is missing, of an older format or out of date; tell whether it did.

    The file is derived, so a folder that cannot be written (a read-only copy) keeps its old file and opens.
    """
    old = read_meta(folder)
    created = old.get("created") if isinstance(old.get("created"), str) else None
    meta = build_meta(session, fallback_name=folder.resolve().name, created=created)
    if all(old.get(key) == meta[key] for key in _DERIVED):
        return False
    try:
        write_meta(folder, meta)
    except OSError:
        return False
    return True
