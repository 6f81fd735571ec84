"""A shot's still replaced by the film-maker's own image: recorded, approved at once, the old one kept.

The image is stored and linked to the shot in the ``still`` role like a generated take, and approved in the
same change, so everything that follows an approved still follows here too (``library.decide_link``): the
older approved still is ``superseded`` (it stays in the library), the shot's status becomes
``still_approved``, its still/card stale marks clear and a clip made from the old still is marked stale.
Undo takes the whole change back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from agent.assets import kind_of, sniff_mime
from agent.project import library
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Asset
from agent.project.views import shot_by_number

__all__ = ["OwnStill", "use_own_still", "latest_image"]


@dataclass(frozen=True)
class OwnStill:
    """What a replacement did: the shot, the image now approved on it and the still it replaced (if any)."""

    shot: str
    asset: int
    path: str
    replaced: int | None


def _check_image(data: bytes, filename: str) -> None:
    mime = sniff_mime(data)
    if mime is None or kind_of(mime) != "image":
        what = filename or "that file"
        raise InvalidInputError(f"{what} is {mime or 'not an image'}; a shot's still must be an image")


def latest_image(project: Project) -> int:
    """Return the newest image the film-maker imported or uploaded (the "this" of "use this for shot 2.3")."""
    with project.read() as s:
        found = s.scalar(select(Asset.id).where(Asset.kind == "image", Asset.request_hash.is_(None))
                         .order_by(Asset.id.desc()))
    if found is None:
        raise InvalidInputError("there is no uploaded image to use; upload one (or give its asset id) first")
    return int(found)


def use_own_still(
    project: Project, scene_number: int, shot_number: int, *, actor: str, data: bytes | None = None,
    filename: str = "", asset_id: int | None = None,
) -> OwnStill:
    """Make an image the approved still of a shot in one change: new bytes (``data``) or a stored asset.

    Raises InvalidInputError for a file that is not an image, an asset that is not one, or an image that
    already is the shot's still; NotFoundError for a shot that does not exist. A failure changes nothing.
    """
    if (data is None) == (asset_id is None):
        raise InvalidInputError("give either an image file or an asset id")
    with project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)  # a missing shot fails before any file is stored
        shot_id, label = shot.id, f"{scene_number}.{shot.number}"
        current = library.approved_asset(s, "shot", shot_id, "still")
        replaced = current.id if current is not None else None
        if asset_id is not None:
            asset = library.asset_by_id(s, asset_id)
            if asset.kind != "image":
                raise InvalidInputError(f"asset {asset_id} is {asset.kind}, not an image")
    stored = None
    created = None
    if data is not None:
        _check_image(data, filename)
        final = project.files.path_of(project.files.relpath_for(hashlib.sha256(data).hexdigest(), sniff_mime(data)
                                                                or "application/octet-stream"))
        created = None if final.exists() else final
        stored = library.store_bytes(project, data)
    summary = f"Used {'your image ' + filename if filename else 'asset ' + str(asset_id)} as the still of shot {label}"
    try:
        with project.change(actor=actor, action="use_own_still", summary=summary) as ch:
            if stored is not None:
                asset = library.record_asset(
                    ch, stored, description=f"your own still for shot {label}" + (f" ({filename})" if filename else ""),
                    metadata={"source": "own", "filename": filename, "shot": label}, tags=["own"],
                )
            else:
                asset = library.asset_by_id(ch.session, int(asset_id or 0))
            if asset.id == replaced:
                raise InvalidInputError(f"that image is already the still of shot {label}")
            link = library.link_asset(ch, asset, "shot", shot_id, "still")
            library.decide_link(ch, link, "approved", note="the film-maker's own image")
            result = OwnStill(label, asset.id, asset.path, replaced)
    except BaseException:
        if created is not None and stored is not None:  # a failed replacement leaves no new file behind
            created.unlink(missing_ok=True)
            project.files.thumbnail_path(stored.sha256).unlink(missing_ok=True)
        raise
    return result
