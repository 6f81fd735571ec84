"""Generation plumbing the flows share: asking a person, progress, shot specs, storing, linking, indexing.

Every step before an ``interrupt()`` is idempotent (request hash, content address, existing link), because
LangGraph re-runs a node from its first line when it resumes; decisions are applied after the interrupt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.types import interrupt
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.formats.script_terms import interior_exterior, props_in, referent, time_of_day
from agent.generators import (
    ArtDirectionRef,
    CharacterRef,
    GeneratedMedia,
    LocationRef,
    ShotSpec,
    check_budget,
    image_request_for_shot,
)
from agent.project import library
from agent.project.errors import InvalidInputError
from agent.project.schema import ArtDirection, Asset, AssetLink, Character, Location, Scene, Shot
from agent.tools.base import ToolContext

__all__ = [
    "Approval",
    "STILL_OPTIONS",
    "ask",
    "confirm",
    "progress",
    "shot_spec",
    "preview_of",
    "index_asset",
    "index_quietly",
    "store_media",
    "pending_link",
    "generate_image",
    "decide",
    "index_text",
    "still_for",
]

STILL_OPTIONS = ["approve", "reject", "regenerate"]


@dataclass(frozen=True)
class Approval:
    """A person's answer to an interrupt."""

    decision: str
    note: str = ""


def ask(payload: dict[str, Any]) -> Approval:
    """Pause the graph until a person answers ``payload`` (never wrapped in a broad except)."""
    answer = interrupt(payload)
    if isinstance(answer, dict):
        return Approval(str(answer.get("decision", "")).lower(), str(answer.get("note") or ""))
    return Approval(str(answer).lower())


def progress(done: int, total: int, label: str) -> None:
    """Report progress of long work to whoever streams the graph (the UI shows it); a no-op outside a graph."""
    from langgraph.config import get_stream_writer

    try:
        writer = get_stream_writer()
    except RuntimeError:  # called outside a running graph (tests, scripts)
        return
    writer({"progress": {"done": done, "total": total, "label": label}})


def confirm(title: str, *, cost_usd: float = 0.0) -> bool:
    """Ask before a destructive or costly action; True only when the person approves."""
    answer = ask({"kind": "confirm", "title": title, "preview": None, "options": ["approve", "cancel"],
                  "cost_usd": cost_usd})  # fmt: skip
    return answer.decision == "approve"


def _in_frame(s: Any, shot: Shot, scene: Scene | None) -> list[Character]:
    """Who is in frame: the card's cast, else whoever the action's 'she'/'he' points back to in the scene."""
    if shot.characters or scene is None:
        return list(shot.characters)
    cast = {c.name: c for c in s.scalars(select(Character))}
    return [cast[name] for name in referent(scene.content, shot.description, cast) if name in cast]


def shot_spec(ctx: ToolContext, shot: Shot, *, scene_number: int, note: str | None = None,
              session: Session | None = None) -> ShotSpec:  # fmt: skip
    """Describe a shot for a generator: card, cast, location, props the action names, INT/EXT, time, look.

    Pass the read ``session`` the shot was loaded in to describe many shots in one read (a batch job's plan).
    """
    if session is not None:
        return _shot_spec(session, shot, scene_number=scene_number, note=note)
    with ctx.project.read() as s:
        return _shot_spec(s, shot, scene_number=scene_number, note=note)


def _shot_spec(s: Session, shot: Shot, *, scene_number: int, note: str | None) -> ShotSpec:
    shot = s.merge(shot, load=True)
    art = s.get(ArtDirection, 1)
    location = s.get(Location, shot.location_id) if shot.location_id else None
    scene = s.get(Scene, shot.scene_id)
    heading = scene.heading if scene is not None else ""

    def ref(kind: str, entity_id: int) -> str | None:
        for role in ("headshot", "reference"):
            asset = library.approved_asset(s, kind, entity_id, role)
            if asset is not None and asset.kind == "image":
                return asset.sha256
        return None

    props = [p.name for p in shot.props]
    named = [p for p in props_in(shot.description) if p.upper() not in props]
    return ShotSpec(
        scene_number=scene_number,
        shot_number=shot.number,
        description=shot.description or f"shot {shot.number}",
        shot_type=shot.shot_type,  # type: ignore[arg-type]
        angle=shot.angle,  # type: ignore[arg-type]
        movement=shot.movement,  # type: ignore[arg-type]
        lens_mm=shot.lens_mm,
        characters=[
            CharacterRef(name=c.name, description=c.description, reference_sha256=ref("character", c.id))
            for c in _in_frame(s, shot, scene)
        ],
        location=LocationRef(name=location.name, description=location.description,
                             reference_sha256=ref("location", location.id)) if location else None,
        props=[*props, *named],
        art_direction=ArtDirectionRef(style=art.style, palette=list(art.palette), notes=art.notes)
        if art else ArtDirectionRef(),
        note=note or None,
        setting=interior_exterior(heading) or None,  # type: ignore[arg-type]
        time_of_day=time_of_day(heading) or None,
        duration_s=shot.duration_s,
    )  # fmt: skip


def preview_of(ctx: ToolContext, asset: Asset, caption: str) -> dict[str, Any]:
    """Describe a stored asset for the UI: its file, type, caption and the prompt that made it."""
    return {
        "asset": asset.id,
        "path": str(ctx.project.files.path_of(asset.path)),
        "mime": asset.mime,
        "caption": caption,
        "prompt": asset.meta.get("prompt", ""),
        "draft": bool(asset.meta.get("draft", False)),
    }


def index_asset(ctx: ToolContext, asset: Asset) -> None:
    """Add an asset to the re-use index the way ``reindex`` would; the index is derived, never the truth."""
    from agent.index.from_project import index_entries

    ctx.index.upsert(index_entries(ctx.project, asset_ids=[asset.id]))


def index_quietly(ctx: ToolContext, asset: Asset) -> None:
    """Index an asset; the index is derived, so a failure costs a re-use offer, never work."""
    try:
        index_asset(ctx, asset)
    except Exception:  # noqa: BLE001 - derived data: a failure costs a re-use offer, `reelsmith reindex` rebuilds it
        pass


def store_media(
    ctx: ToolContext, media: GeneratedMedia, *, request_hash: str, description: str, entity: tuple[str, int],
    role: str, actor: str, action: str, summary: str,
) -> tuple[Asset, AssetLink]:  # fmt: skip
    """Store generated bytes, record the asset (charged once) and link it pending to an entity."""
    stored = library.store_bytes(ctx.project, media.data)
    meta = media.metadata
    with ctx.project.change(actor=actor, action=action, summary=summary) as ch:
        asset = library.record_asset(
            ch, stored, description=description, metadata=meta, request_hash=request_hash,
            cost_usd=float(meta.get("cost_usd") or 0.0), provider=str(meta.get("provider", "offline")),
            model=str(meta.get("model", "")),
        )  # fmt: skip
        return asset, pending_link(ch, asset, entity, role)


def pending_link(ch: Any, asset: Asset, entity: tuple[str, int], role: str) -> AssetLink:
    """Link an asset to an entity in a role as pending (re-using the link a re-run already made)."""
    existing = ch.session.scalar(
        select(AssetLink).where(
            AssetLink.asset_id == asset.id, AssetLink.entity_type == entity[0],
            AssetLink.entity_id == entity[1], AssetLink.role == role,
        )
    )  # fmt: skip
    if existing is not None:
        if existing.status != "pending":
            ch.update(existing, status="pending")
        link: AssetLink = existing
    else:
        link = library.link_asset(ch, asset, entity[0], entity[1], role)
    library.decide_link(ch, link, "pending")
    return link


def generate_image(ctx: ToolContext, spec: ShotSpec, seed: int) -> tuple[str, GeneratedMedia | None, Any]:
    """Generate a shot image unless an identical request already made one; check the budget first."""
    gen = ctx.generators.image
    refs: dict[str, Path] = {}
    with ctx.project.read() as s:
        for sha in [c.reference_sha256 for c in spec.characters] + [
            spec.location.reference_sha256 if spec.location else None
        ]:
            if sha:
                asset = s.scalar(select(Asset).where(Asset.sha256 == sha))
                if asset is not None:
                    refs[sha] = ctx.project.files.path_of(asset.path)
    request = image_request_for_shot(spec, reference_paths=refs, seed=seed)
    rhash = gen.request_hash(request)
    with ctx.project.read() as s:
        if library.asset_by_request_hash(s, rhash) is not None:
            return rhash, None, request
        check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    return rhash, gen.generate(request), request


def decide(ctx: ToolContext, link_id: int, decision: str, note: str, actor: str, summary: str) -> None:
    """Apply a decision to a link in its own change (the shot status and stale marks follow)."""
    with ctx.project.change(actor=actor, action=f"{decision}_asset", summary=summary) as ch:
        link = ch.session.get(AssetLink, link_id)
        if link is None:
            raise InvalidInputError("that preview no longer exists (it was undone)")
        library.decide_link(ch, link, decision, note=note)


def index_text(spec: ShotSpec) -> str:
    """Return the text a still is described and searched by: its framing and what it shows."""
    return f"{spec.shot_type} shot, {spec.description}"


def still_for(ctx: ToolContext, shot: Shot, scene_number: int, actor: str, *,
              index: bool = True) -> tuple[Asset, AssetLink]:  # fmt: skip
    """Generate (or find, by request hash) a shot's still and leave it pending; idempotent for re-runs.

    ``index=False`` leaves the re-use index to the caller (a batch job indexes all its stills in one call).
    """
    key = f"{scene_number}.{shot.number}"
    spec = shot_spec(ctx, shot, scene_number=scene_number)
    rhash, media, _request = generate_image(ctx, spec, seed=0)
    if media is not None:
        asset, link = store_media(
            ctx,
            media,
            request_hash=rhash,
            description=index_text(spec),
            entity=("shot", shot.id),
            role="still",
            actor=actor,
            action="generate_still",
            summary=f"Generated a still for shot {key}",
        )
        if index:
            index_quietly(ctx, asset)
        return asset, link
    with ctx.project.change(actor=actor, action="generate_still", summary=f"Still for shot {key}") as ch:
        found = library.asset_by_request_hash(ch.session, rhash)
        assert found is not None
        return found, pending_link(ch, found, ("shot", shot.id), "still")
