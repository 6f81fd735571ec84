"""The film's music: one track (uploaded or generated) on the timeline's music track (a new one supersedes the old)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import agent.project.library as library
from agent.assets import kind_of, sniff_mime
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Asset

__all__ = ["set_music", "music_view", "latest_audio"]


def set_music(project: Project, data: bytes, filename: str, *, actor: str) -> int:
    """Put an audio file on the music track in one change (undo takes it off again); return its asset id.

    The render places it from the start of the film, ducked under dialogue. Raises InvalidInputError for a
    file that is not audio or that already is the music.
    """
    mime = sniff_mime(data)
    if mime is None or kind_of(mime) != "audio":
        raise InvalidInputError(f"{filename or 'that file'} is {mime or 'not audio'}; music must be an audio file")
    stored = library.store_bytes(project, data)
    with project.change(actor=actor, action="set_music", summary=f"Set the music to {Path(filename).name}") as ch:
        current = library.approved_asset(ch.session, "project", 1, "music")
        asset = library.record_asset(ch, stored, description=f"music from {Path(filename).name}",
                                     metadata={"source": "import", "filename": Path(filename).name},
                                     tags=["music"])
        if current is not None and current.id == asset.id:
            raise InvalidInputError(f"{Path(filename).name} is the music already")
        link = library.link_asset(ch, asset, "project", 1, "music")
        library.decide_link(ch, link, "approved")  # the older music is superseded, not deleted
        return asset.id


def latest_audio(project: Project, asset_id: int | None = None) -> tuple[bytes, str]:
    """Return the bytes and file name of an imported audio asset (the newest one when no id is given)."""
    with project.read() as s:
        if asset_id is None:
            asset = s.scalar(select(Asset).where(Asset.kind == "audio", Asset.request_hash.is_(None))
                             .order_by(Asset.id.desc()))
            if asset is None:
                raise InvalidInputError("there is no uploaded audio to use; upload a track first")
        else:
            asset = library.asset_by_id(s, asset_id)
            if asset.kind != "audio":
                raise InvalidInputError(f"asset {asset_id} is {asset.kind}, not audio")
        name = str((asset.meta or {}).get("filename") or Path(asset.path).name)
        return project.files.path_of(asset.path).read_bytes(), name


def music_view(session: Session) -> dict[str, Any] | None:
    """Return the snapshot's ``music``: the track on the timeline (asset, file, seconds, ducked) or None."""
    asset = library.approved_asset(session, "project", 1, "music")
    if asset is None:
        return None
    meta = asset.meta or {}
    seconds = (meta.get("tech") or {}).get("duration_s")
    return {"asset": asset.id, "path": asset.path, "duration_s": seconds, "start_s": 0.0, "ducked_under_dialogue": True,
            "source": "generated" if meta.get("source") == "generated" else "upload", "draft": bool(meta.get("draft"))}
