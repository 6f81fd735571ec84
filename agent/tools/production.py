"""Generation flows with approvals: a shot's still (re-use offered first), its clip, reference images.

Each flow loops on the person's answer: approve, reject (a note feeds the next attempt) or regenerate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.generators import ArtDirectionRef, CharacterRef, LocationRef, ShotSpec, VideoRequest, check_budget
from agent.generators.revise import revise_spec
from agent.project import library
from agent.project.errors import InvalidInputError
from agent.project.schema import ArtDirection, Asset
from agent.project.views import shot_by_number
from agent.tools.base import ToolContext, ToolResult
from agent.tools.generation import (
    STILL_OPTIONS,
    ask,
    confirm,
    decide,
    generate_image,
    index_quietly,
    index_text,
    pending_link,
    preview_of,
    shot_spec,
    store_media,
)

__all__ = [
    "produce_still",
    "produce_video",
    "produce_reference",
]

def _offer_reuse(ctx: ToolContext, spec: ShotSpec, shot_id: int) -> tuple[Asset, float] | None:
    entities = [c.name for c in spec.characters] + ([spec.location.name] if spec.location else [])
    from agent.index import describe

    try:
        # The query reads like the indexed descriptions (same describe(), same names) so they compare fairly.
        query = describe(index_text(spec), entities=entities)
        matches = ctx.index.find_reusable("image", query, threshold=ctx.settings.reuse_threshold, entities=entities)
    except Exception:  # noqa: BLE001 - the index is an optimisation; the project stays the truth
        return None
    with ctx.project.read() as s:
        own = {lk.asset_id for lk in library.links_of(s, "shot", shot_id)}
        for match in matches:
            asset = s.get(Asset, int(match.id)) if match.id.isdigit() else None
            if asset is not None and asset.id not in own:
                return asset, match.similarity
    return None


def produce_still(ctx: ToolContext, scene_number: int, shot_number: int, *, note: str, actor: str) -> ToolResult:
    """Generate a shot's still and loop on the person's decision until it is approved or they stop."""
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)
    key = f"{scene_number}.{shot_number}"
    spec = shot_spec(ctx, shot, scene_number=scene_number, note=note)
    reuse = _offer_reuse(ctx, spec, shot.id)
    if reuse is not None:
        existing, similarity = reuse
        answer = ask({
            "kind": "reuse", "title": f"An existing still looks like shot {key} ({similarity:.0%} similar)",
            "preview": preview_of(ctx, existing, existing.description), "options": ["use_existing", "generate_new"],
            "cost_usd": float(existing.meta.get("cost_usd", 0.0) or 0.0),
        })  # fmt: skip
        if answer.decision == "use_existing":
            with ctx.project.change(actor=actor, action="reuse_asset", summary=f"Re-used a still for shot {key}") as ch:
                link = library.link_asset(ch, ch.session.merge(existing), "shot", shot.id, "still")
                library.decide_link(ch, link, "approved")
                library.record_reuse(ch, existing, float(existing.meta.get("cost_usd", 0.0) or 0.0))
            return ToolResult(f"Re-used an existing still for shot {key} (approved); nothing was generated.",
                              preview_of(ctx, existing, f"Scene {scene_number}, shot {shot_number}"))  # fmt: skip
        if answer.decision == "cancel":
            return ToolResult(f"Cancelled: no still was generated for shot {key}.")
    changed: dict[str, list[str]] = {}

    def spec_for(revision: str) -> ShotSpec:
        # The note reshapes this attempt (night, wider, from below...); the shot card stays as it is.
        revised, changes = revise_spec(shot_spec(ctx, shot, scene_number=scene_number, note=revision), revision)
        changed[revised.model_dump_json()] = changes
        return revised

    def caption(spec: ShotSpec) -> str:
        text = f"Scene {scene_number}, shot {shot_number}: {spec.shot_type}, {spec.angle}, {spec.movement}"
        changes = changed.get(spec.model_dump_json())
        return f"{text}. Changed from your note: {'; '.join(changes)}" if changes else text

    done = _image_loop(ctx, spec_for, caption, entity=("shot", shot.id), role="still", what=f"the still for shot {key}",
                       kind="still", note=note, actor=actor)  # fmt: skip
    if done.text.startswith("Approved"):
        return ToolResult(f"{done.text[:-1]} (shot status: still_approved).", done.artifact)
    return done


def _image_loop(
    ctx: ToolContext,
    spec_for: Callable[[str], ShotSpec],
    caption: Callable[[ShotSpec], str],
    *,
    entity: tuple[str, int],
    role: str,
    what: str,
    kind: str,
    note: str,
    actor: str,
) -> ToolResult:
    """Generate an image, ask, and on reject-with-note or regenerate try again, until approved or stopped."""
    attempt = 0
    while True:
        spec = spec_for(note)
        rhash, media, _request = generate_image(ctx, spec, seed=attempt)
        if media is not None:
            asset, link = store_media(
                ctx, media, request_hash=rhash, description=index_text(spec), entity=entity, role=role,
                actor=actor, action=f"generate_{role}", summary=f"Generated {what}",
            )  # fmt: skip
            index_quietly(ctx, asset)
        else:
            with ctx.project.change(actor=actor, action=f"generate_{role}", summary=f"Generated {what}") as ch:
                found = library.asset_by_request_hash(ch.session, rhash)
                assert found is not None
                asset, link = found, pending_link(ch, found, entity, role)
        preview = preview_of(ctx, asset, caption(spec))
        title = what.removeprefix("the ")
        answer = ask({"kind": kind, "title": title[0].upper() + title[1:], "preview": preview,
                      "options": STILL_OPTIONS, "cost_usd": float(asset.meta.get("cost_usd", 0.0) or 0.0)})  # fmt: skip
        if answer.decision == "approve":
            decide(ctx, link.id, "approved", answer.note, actor, f"Approved {what}")
            return ToolResult(f"Approved {what}.", preview)
        if answer.decision == "reject":
            decide(ctx, link.id, "rejected", answer.note, actor, f"Rejected {what}")
            if not answer.note:
                return ToolResult(f"Rejected {what}. Say what to change and I'll try again.")
            note = answer.note
        elif answer.decision == "regenerate":
            decide(ctx, link.id, "rejected", answer.note, actor, f"Asked for another try at {what}")
            note = answer.note or note
        else:
            return ToolResult(f"Stopped: {what} stays pending.", preview)
        attempt += 1


def produce_video(ctx: ToolContext, scene_number: int, shot_number: int, *, actor: str) -> ToolResult:
    """Make a motion clip from a shot's approved still (stills before video), with the cost up front."""
    with ctx.project.read() as s:
        shot = shot_by_number(s, scene_number, shot_number)
        still = library.approved_asset(s, "shot", shot.id, "still")
    key = f"{scene_number}.{shot_number}"
    if still is None:
        raise InvalidInputError(f"shot {key} has no approved still yet; generate and approve a still first")
    gen = ctx.generators.video
    attempt = 0
    while True:
        request = VideoRequest(still_path=ctx.project.files.path_of(still.path), still_sha256=still.sha256,
                               prompt=shot.description, duration_s=min(shot.duration_s, 30.0),
                               movement=shot.movement, seed=attempt)  # type: ignore[arg-type]  # fmt: skip
        rhash = gen.request_hash(request)
        estimate = gen.estimate_cost(request)
        with ctx.project.read() as s:
            cached = library.asset_by_request_hash(s, rhash)
            if cached is None:
                check_budget(library.spent_usd(s), estimate, ctx.settings.budget_usd)
        if cached is None and estimate > ctx.settings.approval_cost_threshold_usd:
            if not confirm(f"Generate a clip for shot {key} for about ${estimate:.2f}?", cost_usd=estimate):
                return ToolResult(f"Cancelled: no clip was generated for shot {key}.")
        if cached is None and attempt == 0 and ctx.jobs is not None:  # a clip takes minutes: it runs as a job
            job = ctx.jobs.start("video", {"scene": scene_number, "shot": shot_number, "actor": actor})
            doing = "is making" if job["status"] in ("queued", "running") else "made"
            return ToolResult(f"Job {job['id']} {doing} the clip for shot {key}. The chat stays free; the clip comes "
                              f"back here for your approval when it is ready.", {"job": job})  # fmt: skip
        if cached is None:
            media = gen.generate(request)
            asset, link = store_media(ctx, media, request_hash=rhash, description=shot.description,
                                 entity=("shot", shot.id), role="clip", actor=actor, action="generate_video",
                                 summary=f"Generated a clip for shot {key}")  # fmt: skip
        else:
            with ctx.project.change(actor=actor, action="generate_video", summary=f"Clip for shot {key}") as ch:
                asset, link = cached, pending_link(ch, cached, ("shot", shot.id), "clip")
        preview = preview_of(ctx, asset, f"Scene {scene_number}, shot {shot_number}: {shot.movement} clip")
        answer = ask({"kind": "video", "title": f"Clip for shot {key}", "preview": preview,
                      "options": STILL_OPTIONS, "cost_usd": estimate})  # fmt: skip
        if answer.decision == "approve":
            decide(ctx, link.id, "approved", answer.note, actor, f"Approved the clip for shot {key}")
            return ToolResult(f"Approved the clip for shot {key} (shot status: video_approved).", preview)
        decide(ctx, link.id, "rejected", answer.note, actor, f"Rejected the clip for shot {key}")
        if answer.decision != "regenerate":
            return ToolResult(f"Rejected the clip for shot {key}.")
        attempt += 1


_REFERENCE_FRAMING = {"character": ("close-up", "headshot"), "location": ("wide", "reference"),
                      "prop": ("insert", "reference")}  # fmt: skip


def produce_reference(ctx: ToolContext, kind: str, name: str, *, note: str, actor: str) -> ToolResult:
    """Make a reference image (a character's headshot, a location's or prop's look) and loop on approval."""
    from agent.project.views import character_by_name, location_by_name, prop_by_name

    lookup = {"character": character_by_name, "location": location_by_name, "prop": prop_by_name}
    if kind not in lookup:
        raise InvalidInputError(f"reference images are for a character, location or prop, not {kind!r}")
    with ctx.project.read() as s:
        entity: Any = lookup[kind](s, name)
        art = s.get(ArtDirection, 1)
    shot_type, role = _REFERENCE_FRAMING[kind]
    look = ArtDirectionRef(style=art.style, palette=list(art.palette), notes=art.notes) if art else ArtDirectionRef()

    def spec_for(revision: str) -> ShotSpec:
        return ShotSpec(
            scene_number=0, shot_number=0, shot_type=shot_type,  # type: ignore[arg-type]
            description=f"Reference {role} of {entity.name}: {entity.description or entity.name}",
            characters=[CharacterRef(name=entity.name, description=entity.description)] if kind == "character" else [],
            location=LocationRef(name=entity.name, description=entity.description) if kind == "location" else None,
            props=[entity.name] if kind == "prop" else [], art_direction=look, note=revision or None,
        )  # fmt: skip

    def caption(spec: ShotSpec) -> str:
        return f"{role.title()} of {entity.name} ({spec.shot_type})"

    return _image_loop(ctx, spec_for, caption, entity=(kind, entity.id), role=role,
                       what=f"the {role} for {entity.name}", kind="reference", note=note, actor=actor)  # fmt: skip
