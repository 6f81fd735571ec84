"""The asset library in the project: asset rows, links to entities with a role, approvals, the cost ledger."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.assets import AssetStoreError, StoredFile, UnsafeAssetPathError, sniff_mime
from agent.project.changes import ENTITY_TYPES, ChangeContext
from agent.project.deps import clear_stale, mark_reference_users, mark_video_stale, retire_rewritten_voice
from agent.project.errors import AssetError, InvalidInputError, NotFoundError
from agent.project.project import Project
from agent.project.schema import ASSET_ROLES, Asset, AssetLink, LedgerEntry, Shot
from agent.project.techmeta import technical_metadata as measure
from agent.project.views import character_by_name, location_by_name, normalise_name, prop_by_name
from agent.shot_status import ShotStatus

__all__ = [
    "AssetView",
    "store_bytes",
    "record_asset",
    "asset_by_request_hash",
    "asset_by_id",
    "link_asset",
    "decide_link",
    "links_of",
    "approved_asset",
    "reference_image",
    "spent_usd",
    "model_spent_usd",
    "record_model_call",
    "saved_usd",
    "record_reuse",
    "link_target",
    "import_media",
    "technical_metadata",
    "fill_technical_metadata",
]

_MEASURED: dict[str, dict[str, Any]] = {}
"""Technical metadata ``store_bytes`` measured, by sha256, until ``record_asset`` files it with the row."""
_MEASURED_MAX = 256


@dataclass(frozen=True)
class AssetView:
    """A stored asset as callers see it."""

    id: int
    sha256: str
    kind: str
    mime: str
    path: str
    size: int
    description: str
    metadata: dict[str, Any]


def _view(asset: Asset) -> AssetView:
    return AssetView(
        asset.id, asset.sha256, asset.kind, asset.mime, asset.path, asset.size, asset.description, asset.meta
    )


def store_bytes(project: Project, data: bytes) -> StoredFile:
    """Put bytes in the file store (idempotent by content) and measure them; AssetError with one line when refused.

    The measurement (``technical_metadata``) is taken here, outside any transaction, and ``record_asset``
    files it in the asset's metadata under ``tech``: every asset made through these two gets it.
    """
    try:
        stored = project.files.put(data)
    except AssetStoreError as exc:
        raise AssetError(str(exc)) from exc
    if stored.sha256 not in _MEASURED:
        while len(_MEASURED) >= _MEASURED_MAX:
            _MEASURED.pop(next(iter(_MEASURED)))
        _MEASURED[stored.sha256] = technical_metadata(project, stored, data=data)
    return stored


def technical_metadata(project: Project, stored: StoredFile | Asset, *, data: bytes | None = None) -> dict[str, Any]:
    """Measure a stored file: mime, bytes, and per kind size, duration, loudness, palette and named colours."""
    relpath = stored.relpath if isinstance(stored, StoredFile) else stored.path
    preview = project.files.thumbnail_path(stored.sha256)
    return measure(project.files.path_of(relpath), stored.mime, data=data, preview=preview)


def fill_technical_metadata(project: Project) -> int:
    """Measure every asset recorded without technical metadata (made by an older version); return how many.

    The measurement is derived from the file, like a thumbnail, so it is written without a history entry.
    """
    with project.read() as s:
        todo = [a for a in s.scalars(select(Asset).order_by(Asset.id)) if not (a.meta or {}).get("tech")]
    if not todo:
        return 0
    measured = {}
    for asset in todo:
        try:
            if project.files.path_of(asset.path).is_file():
                measured[asset.id] = technical_metadata(project, asset)
        except UnsafeAssetPathError:
            continue  # a hostile row: nothing outside assets/ is ever read
    with project.append_only() as s:
        for asset_id, tech in measured.items():
            row = s.get(Asset, asset_id)
            if row is not None:
                row.meta = {**(row.meta or {}), "tech": tech}
    return len(measured)


def record_asset(
    ctx: ChangeContext,
    stored: StoredFile,
    *,
    description: str,
    metadata: dict[str, Any],
    tags: list[str] | None = None,
    request_hash: str | None = None,
    cost_usd: float = 0.0,
    provider: str = "offline",
    model: str = "",
) -> Asset:
    """Insert the asset row for a stored file (or return the existing one) and charge its cost once."""
    s = ctx.session
    asset = s.scalar(select(Asset).where(Asset.sha256 == stored.sha256))
    if asset is None and request_hash is not None:
        asset = s.scalar(select(Asset).where(Asset.request_hash == request_hash))
    if asset is not None:
        return asset
    tech = _MEASURED.pop(stored.sha256, None)
    asset = Asset(
        sha256=stored.sha256,
        kind=stored.kind,
        mime=stored.mime,
        size=stored.size,
        path=stored.relpath,
        description=description[:4000],
        meta=metadata if tech is None or "tech" in metadata else {**metadata, "tech": tech},
        tags=tags or [],
        request_hash=request_hash,
    )
    s.add(asset)
    s.flush()
    ctx.appended = True  # an asset alone is worth committing; without this the change would roll back
    if cost_usd > 0 or provider != "offline":
        s.add(
            LedgerEntry(
                provider=provider, model=model, kind=stored.kind, cost_usd=cost_usd, asset_id=asset.id,
                request_hash=request_hash,
            )
        )
    return asset


def record_reuse(ctx: ChangeContext, asset: Asset, saved_usd: float) -> None:
    """Note money not spent because an existing asset was re-used."""
    ctx.appended = True
    ctx.session.add(
        LedgerEntry(provider="reuse", model="", kind=asset.kind, cost_usd=saved_usd, saved=True, asset_id=asset.id)
    )


def asset_by_request_hash(session: Session, request_hash: str) -> Asset | None:
    """Return the asset an identical earlier request produced, if any."""
    return session.scalar(select(Asset).where(Asset.request_hash == request_hash))


def asset_by_id(session: Session, asset_id: int) -> Asset:
    """Return an asset or raise InvalidInputError."""
    asset = session.get(Asset, asset_id)
    if asset is None:
        raise InvalidInputError(f"asset {asset_id} does not exist")
    return asset


def link_asset(
    ctx: ChangeContext, asset: Asset, entity_type: str, entity_id: int, role: str, *, status: str = "pending"
) -> AssetLink:
    """Attach an asset to an entity with a role (recorded, so undo detaches it)."""
    if role not in ASSET_ROLES:
        raise InvalidInputError(f"unknown role {role!r}; roles are {', '.join(ASSET_ROLES)}")
    link = AssetLink(asset_id=asset.id, entity_type=entity_type, entity_id=entity_id, role=role, status=status)
    ctx.add(link)
    return link


def links_of(session: Session, entity_type: str, entity_id: int, role: str | None = None) -> list[AssetLink]:
    """Return an entity's asset links, oldest first."""
    stmt = select(AssetLink).where(AssetLink.entity_type == entity_type, AssetLink.entity_id == entity_id)
    if role is not None:
        stmt = stmt.where(AssetLink.role == role)
    return list(session.scalars(stmt.order_by(AssetLink.id)))


def approved_asset(session: Session, entity_type: str, entity_id: int, role: str) -> Asset | None:
    """Return the newest approved asset of an entity in a role."""
    links = [lk for lk in links_of(session, entity_type, entity_id, role) if lk.status == "approved"]
    return session.get(Asset, links[-1].asset_id) if links else None


_SHOT_STATUS: dict[tuple[str, str], ShotStatus] = {
    ("still", "pending"): "still_pending",
    ("still", "approved"): "still_approved",
    ("still", "rejected"): "still_rejected",
    ("clip", "pending"): "video_pending",
    ("clip", "approved"): "video_approved",
    ("clip", "rejected"): "video_rejected",
}


_SINGLE_ROLES = ("still", "clip", "headshot", "music")
"""Roles an entity has one current asset in: approving a new one supersedes the old (voice lines add up)."""


_REFERENCE_ROLES = ("headshot", "reference")
"""The roles a shot's prompt takes an entity's look from, in that order (``reference_image``)."""


def reference_image(session: Session, entity_type: str, entity_id: int) -> Asset | None:
    """Return the image a shot's still takes this character's, location's or prop's look from.

    That is its newest approved headshot, else its newest approved reference image.
    """
    for role in _REFERENCE_ROLES:
        asset = approved_asset(session, entity_type, entity_id, role)
        if asset is not None and asset.kind == "image":
            return asset
    return None


def _note_replaced_reference(ctx: ChangeContext, link: AssetLink, before: Asset | None) -> None:
    """Mark the stills made with an entity's reference image stale when approving ``link`` replaced that image."""
    after = reference_image(ctx.session, link.entity_type, link.entity_id)
    if before is None or after is None or after.sha256 == before.sha256:
        return

    entity = ctx.session.get(ENTITY_TYPES[link.entity_type], link.entity_id)
    name = getattr(entity, "name", str(link.entity_id))
    mark_reference_users(ctx, link, before.sha256, f"{link.entity_type} {name}'s {link.role}")


def decide_link(ctx: ChangeContext, link: AssetLink, decision: str, *, note: str = "") -> None:
    """Approve or reject a pending asset; a shot's status follows, and stale marks clear on approval."""
    if decision not in ("approved", "rejected", "pending"):
        raise InvalidInputError(f"unknown decision {decision!r}")
    replacing = decision == "approved" and link.role in _REFERENCE_ROLES and link.entity_type in (
        "character", "location", "prop")
    before = reference_image(ctx.session, link.entity_type, link.entity_id) if replacing else None
    if decision == "approved" and link.role in _SINGLE_ROLES:
        for other in links_of(ctx.session, link.entity_type, link.entity_id, link.role):
            if other.id != link.id and other.status == "approved":
                ctx.update(other, status="superseded")
    ctx.update(link, status=decision, note=note[:2000])
    if replacing:
        _note_replaced_reference(ctx, link, before)
    if decision == "approved" and link.role == "voice":
        retire_rewritten_voice(ctx, link)
    if link.entity_type != "shot":
        if decision == "approved":
            clear_stale(ctx, link.entity_type, link.entity_id, ("reference",))
        return
    shot = ctx.session.get(Shot, link.entity_id)
    if shot is None:
        return
    status = _SHOT_STATUS.get((link.role, decision))
    if status:
        ctx.update(shot, status=status)
    if decision == "approved" and link.role == "still":
        clear_stale(ctx, "shot", shot.id, ("still", "card"))
        mark_video_stale(ctx, shot, link)
    if decision == "approved" and link.role == "clip":
        clear_stale(ctx, "shot", shot.id, ("video",))


def spent_usd(session: Session) -> float:
    """Return the money spent so far."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.cost_usd), 0.0)).where(LedgerEntry.saved.is_(False))
    )
    return round(float(total or 0.0), 4)


def model_spent_usd(session: Session) -> float:
    """Return the money spent on chat-model calls (part of ``spent_usd``)."""
    total = session.scalar(select(func.coalesce(func.sum(LedgerEntry.cost_usd), 0.0))
                           .where(LedgerEntry.kind == MODEL_CALL_KIND, LedgerEntry.saved.is_(False)))
    return round(float(total or 0.0), 6)


MODEL_CALL_KIND = "chat"
"""The ledger kind of a chat-model call."""


def record_model_call(project: Project, *, model: str, cost_usd: float) -> None:
    """Append what one chat-model call cost to the ledger (not history: undo never refunds)."""
    with project.append_only() as s:
        s.add(LedgerEntry(provider="openai", model=model[:200], kind=MODEL_CALL_KIND, cost_usd=cost_usd))


def saved_usd(session: Session) -> float:
    """Return the money saved by re-using assets."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.cost_usd), 0.0)).where(LedgerEntry.saved.is_(True))
    )
    return round(float(total or 0.0), 4)


def link_target(project: Project, name: str | None) -> tuple[str, int, str]:
    """Resolve ``--for NAME`` to (entity type, id, name); no name means the project itself."""
    if name is None:
        return "project", 1, "the project"
    with project.read() as s:
        for kind, lookup in (("character", character_by_name), ("location", location_by_name), ("prop", prop_by_name)):
            try:
                obj = lookup(s, name)
            except NotFoundError:
                continue
            return kind, obj.id, obj.name
    raise NotFoundError(f"no character, location or prop named {normalise_name(name)}")


def import_media(project: Project, path: Path, data: bytes, for_name: str | None) -> dict[str, Any]:
    """Store a media file and link it (reference for a named entity, upload for the project) in one change."""
    entity_type, entity_id, label = link_target(project, for_name)
    mime = sniff_mime(data) or "application/octet-stream"
    final = project.files.path_of(project.files.relpath_for(hashlib.sha256(data).hexdigest(), mime))
    existed = final.exists()
    stored = store_bytes(project, data)
    kind = stored.kind
    role = "reference" if for_name is not None or kind == "image" else "upload"
    try:
        with project.change(actor="user", action="import_asset", summary=f"Imported {path.name} for {label}") as ch:
            asset = record_asset(
                ch, stored, description=f"{kind} imported from {path.name}" + (f" for {label}" if for_name else ""),
                metadata={"source": "import", "filename": path.name}, tags=[role],
            )
            before = reference_image(ch.session, entity_type, entity_id) if role == "reference" else None
            link = link_asset(ch, asset, entity_type, entity_id, role, status="approved")
            ch.session.flush()
            if role == "reference" and entity_type != "project":
                _note_replaced_reference(ch, link, before)
            asset_id = asset.id
    except BaseException:
        if not existed:  # a failed import leaves no file behind
            final.unlink(missing_ok=True)
            project.files.thumbnail_path(stored.sha256).unlink(missing_ok=True)
        raise
    return {"asset": asset_id, "kind": kind, "sha256": stored.sha256, "path": stored.relpath,
            "linked_to": {"type": entity_type, "name": label}, "role": role}
