"""Generation with approvals: build the request from the project, re-use before paying, store, ask a person.

Every step before an ``interrupt()`` is idempotent (request hash, content address, existing link), because
LangGraph re-runs a node from its first line when it resumes; decisions are applied after the interrupt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.types import interrupt
from sqlalchemy import select

from agent.generators import (
    ArtDirectionRef,
    CharacterRef,
    GeneratedMedia,
    LocationRef,
    ShotSpec,
    VideoRequest,
    check_budget,
    image_request_for_shot,
)
from agent.project import library
from agent.project.errors import InvalidInputError
from agent.project.schema import ArtDirection, Asset, AssetLink, Location, Shot
from agent.project.views import scene_number_of, shot_by_number
from agent.tools.base import ToolContext, ToolResult

__all__ = [
    "Approval",
    "shot_spec",
    "produce_still",
    "produce_stills",
    "produce_video",
    "produce_voice",
    "produce_reference",
    "regenerate_stale",
    "ask",
    "confirm",
    "index_asset",
    "progress",
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


def shot_spec(ctx: ToolContext, shot: Shot, *, scene_number: int, note: str | None = None) -> ShotSpec:
    """Describe a shot for a generator: its card, cast, location, props and the art direction."""
    with ctx.project.read() as s:
        shot = s.merge(shot, load=True)
        art = s.get(ArtDirection, 1)
        location = s.get(Location, shot.location_id) if shot.location_id else None

        def ref(kind: str, entity_id: int) -> str | None:
            for role in ("headshot", "reference"):
                asset = library.approved_asset(s, kind, entity_id, role)
                if asset is not None and asset.kind == "image":
                    return asset.sha256
            return None

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
                for c in shot.characters
            ],
            location=LocationRef(name=location.name, description=location.description,
                                 reference_sha256=ref("location", location.id)) if location else None,
            props=[p.name for p in shot.props],
            art_direction=ArtDirectionRef(style=art.style, palette=list(art.palette), notes=art.notes)
            if art else ArtDirectionRef(),
            note=note or None,
            duration_s=shot.duration_s,
        )  # fmt: skip


def _preview(ctx: ToolContext, asset: Asset, caption: str) -> dict[str, Any]:
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


def _index_quietly(ctx: ToolContext, asset: Asset) -> None:
    try:
        index_asset(ctx, asset)
    except Exception:  # noqa: BLE001 - derived data: a failure costs a re-use offer, `reelsmith reindex` rebuilds it
        pass


def _store(
    ctx: ToolContext, media: GeneratedMedia, *, request_hash: str, description: str, entity: tuple[str, int],
    role: str, actor: str, action: str, summary: str,
) -> tuple[Asset, AssetLink]:  # fmt: skip
    stored = library.store_bytes(ctx.project, media.data)
    meta = media.metadata
    with ctx.project.change(actor=actor, action=action, summary=summary) as ch:
        asset = library.record_asset(
            ch, stored, description=description, metadata=meta, request_hash=request_hash,
            cost_usd=float(meta.get("cost_usd") or 0.0), provider=str(meta.get("provider", "offline")),
            model=str(meta.get("model", "")),
        )  # fmt: skip
        return asset, _pending_link(ch, asset, entity, role)


def _pending_link(ch: Any, asset: Asset, entity: tuple[str, int], role: str) -> AssetLink:
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


def _generate_image(ctx: ToolContext, spec: ShotSpec, seed: int) -> tuple[str, GeneratedMedia | None, Any]:
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


def _decide(ctx: ToolContext, link_id: int, decision: str, note: str, actor: str, summary: str) -> None:
    with ctx.project.change(actor=actor, action=f"{decision}_asset", summary=summary) as ch:
        link = ch.session.get(AssetLink, link_id)
        if link is None:
            raise InvalidInputError("that preview no longer exists (it was undone)")
        library.decide_link(ch, link, decision, note=note)


def _offer_reuse(ctx: ToolContext, spec: ShotSpec, shot_id: int) -> tuple[Asset, float] | None:
    entities = [c.name for c in spec.characters] + ([spec.location.name] if spec.location else [])
    from agent.index import describe

    try:
        # The query reads like the indexed descriptions (same describe(), same names) so they compare fairly.
        query = describe(_index_text(spec), entities=entities)
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


def _index_text(spec: ShotSpec) -> str:
    return f"{spec.shot_type} shot, {spec.description}"


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
            "preview": _preview(ctx, existing, existing.description), "options": ["use_existing", "generate_new"],
            "cost_usd": float(existing.meta.get("cost_usd", 0.0) or 0.0),
        })  # fmt: skip
        if answer.decision == "use_existing":
            with ctx.project.change(actor=actor, action="reuse_asset", summary=f"Re-used a still for shot {key}") as ch:
                link = library.link_asset(ch, ch.session.merge(existing), "shot", shot.id, "still")
                library.decide_link(ch, link, "approved")
                library.record_reuse(ch, existing, float(existing.meta.get("cost_usd", 0.0) or 0.0))
            return ToolResult(f"Re-used an existing still for shot {key} (approved); nothing was generated.",
                              _preview(ctx, existing, f"Scene {scene_number}, shot {shot_number}"))  # fmt: skip
        if answer.decision == "cancel":
            return ToolResult(f"Cancelled: no still was generated for shot {key}.")
    def spec_for(revision: str) -> ShotSpec:
        return shot_spec(ctx, shot, scene_number=scene_number, note=revision)

    def caption(spec: ShotSpec) -> str:
        return f"Scene {scene_number}, shot {shot_number}: {spec.shot_type}, {spec.angle}, {spec.movement}"

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
        rhash, media, _request = _generate_image(ctx, spec, seed=attempt)
        if media is not None:
            asset, link = _store(
                ctx, media, request_hash=rhash, description=_index_text(spec), entity=entity, role=role,
                actor=actor, action=f"generate_{role}", summary=f"Generated {what}",
            )  # fmt: skip
            _index_quietly(ctx, asset)
        else:
            with ctx.project.change(actor=actor, action=f"generate_{role}", summary=f"Generated {what}") as ch:
                found = library.asset_by_request_hash(ch.session, rhash)
                assert found is not None
                asset, link = found, _pending_link(ch, found, entity, role)
        preview = _preview(ctx, asset, caption(spec))
        title = what.removeprefix("the ")
        answer = ask({"kind": kind, "title": title[0].upper() + title[1:], "preview": preview,
                      "options": STILL_OPTIONS, "cost_usd": float(asset.meta.get("cost_usd", 0.0) or 0.0)})  # fmt: skip
        if answer.decision == "approve":
            _decide(ctx, link.id, "approved", answer.note, actor, f"Approved {what}")
            return ToolResult(f"Approved {what}.", preview)
        if answer.decision == "reject":
            _decide(ctx, link.id, "rejected", answer.note, actor, f"Rejected {what}")
            if not answer.note:
                return ToolResult(f"Rejected {what}. Say what to change and I'll try again.")
            note = answer.note
        elif answer.decision == "regenerate":
            _decide(ctx, link.id, "rejected", answer.note, actor, f"Asked for another try at {what}")
            note = answer.note or note
        else:
            return ToolResult(f"Stopped: {what} stays pending.", preview)
        attempt += 1


def _still_for(ctx: ToolContext, shot: Shot, scene_number: int, actor: str) -> tuple[Asset, AssetLink]:
    """Generate (or find, by request hash) a shot's still and leave it pending; idempotent for re-runs."""
    key = f"{scene_number}.{shot.number}"
    spec = shot_spec(ctx, shot, scene_number=scene_number)
    rhash, media, _request = _generate_image(ctx, spec, seed=0)
    if media is not None:
        asset, link = _store(
            ctx,
            media,
            request_hash=rhash,
            description=_index_text(spec),
            entity=("shot", shot.id),
            role="still",
            actor=actor,
            action="generate_still",
            summary=f"Generated a still for shot {key}",
        )
        _index_quietly(ctx, asset)
        return asset, link
    with ctx.project.change(actor=actor, action="generate_still", summary=f"Still for shot {key}") as ch:
        found = library.asset_by_request_hash(ch.session, rhash)
        assert found is not None
        return found, _pending_link(ch, found, ("shot", shot.id), "still")


def produce_stills(ctx: ToolContext, scene_number: int, *, actor: str) -> ToolResult:
    """Generate stills for every shot of a scene that has no approved one, then ask once for the batch."""
    from agent.project.views import scene_by_number, shots_of_scene

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        todo = [sh for sh in shots_of_scene(s, scene.id) if sh.status != "still_approved"]
        total_shots = len(shots_of_scene(s, scene.id))
    if not total_shots:
        raise InvalidInputError(f"scene {scene_number} has no shots yet; break it into shots first")
    if not todo:
        return ToolResult(f"All {total_shots} shots of scene {scene_number} already have approved stills.")
    gen = ctx.generators.image
    estimate = sum(gen.estimate_cost(image_request_for_shot(shot_spec(ctx, sh, scene_number=scene_number)))
                   for sh in todo)  # fmt: skip
    if estimate > ctx.settings.approval_cost_threshold_usd:
        if not confirm(
            f"Generate {len(todo)} stills for scene {scene_number} for about ${estimate:.2f}?", cost_usd=estimate
        ):
            return ToolResult(f"Cancelled: no stills were generated for scene {scene_number}.")
    made: list[tuple[Asset, AssetLink, Shot]] = []
    for i, shot in enumerate(todo, start=1):
        progress(i - 1, len(todo), f"Still for shot {scene_number}.{shot.number}")
        asset, link = _still_for(ctx, shot, scene_number, actor)
        made.append((asset, link, shot))
    progress(len(todo), len(todo), f"{len(todo)} stills for scene {scene_number}")
    previews = [_preview(ctx, a, f"Scene {scene_number}, shot {sh.number}: {sh.shot_type}, {sh.angle}")
                for a, _, sh in made]  # fmt: skip
    answer = ask({"kind": "batch", "title": f"{len(made)} stills for scene {scene_number}", "preview": previews[0],
                  "previews": previews, "options": ["approve", "reject"], "cost_usd": estimate})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(actor=actor, action=f"{decision}_stills", summary=f"Stills for scene {scene_number} "
                            f"{decision}") as ch:  # fmt: skip
        for _, link, _ in made:
            current = ch.session.get(AssetLink, link.id)
            if current is not None:
                library.decide_link(ch, current, decision, note=answer.note)
    return ToolResult(f"{len(made)} stills for scene {scene_number} {decision}.", previews[0])


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
        if cached is None:
            media = gen.generate(request)
            asset, link = _store(ctx, media, request_hash=rhash, description=shot.description,
                                 entity=("shot", shot.id), role="clip", actor=actor, action="generate_video",
                                 summary=f"Generated a clip for shot {key}")  # fmt: skip
        else:
            with ctx.project.change(actor=actor, action="generate_video", summary=f"Clip for shot {key}") as ch:
                asset, link = cached, _pending_link(ch, cached, ("shot", shot.id), "clip")
        preview = _preview(ctx, asset, f"Scene {scene_number}, shot {shot_number}: {shot.movement} clip")
        answer = ask({"kind": "video", "title": f"Clip for shot {key}", "preview": preview,
                      "options": STILL_OPTIONS, "cost_usd": estimate})  # fmt: skip
        if answer.decision == "approve":
            _decide(ctx, link.id, "approved", answer.note, actor, f"Approved the clip for shot {key}")
            return ToolResult(f"Approved the clip for shot {key} (shot status: video_approved).", preview)
        _decide(ctx, link.id, "rejected", answer.note, actor, f"Rejected the clip for shot {key}")
        if answer.decision != "regenerate":
            return ToolResult(f"Rejected the clip for shot {key}.")
        attempt += 1


def scene_number_for(ctx: ToolContext, scene_id: int) -> int | None:
    """Return a scene's current number on the active branch."""
    with ctx.project.read() as s:
        return scene_number_of(s, scene_id)


def _line_targets(ctx: ToolContext, scene_id: int, speakers: list[str]) -> list[tuple[str, int]]:
    """Put each line under a shot that shows its speaker (in order), else the next shot, else the scene."""
    from agent.project.views import shots_of_scene

    with ctx.project.read() as s:
        shots = [(sh.id, {c.name for c in sh.characters}) for sh in shots_of_scene(s, scene_id)]
    if not shots:
        return [("scene", scene_id)] * len(speakers)
    targets, at = [], 0
    for who in speakers:
        found = next((i for i in range(at, len(shots)) if who in shots[i][1]), None)
        at = found if found is not None else min(at + 1, len(shots) - 1)
        targets.append(("shot", shots[at][0]))
    return targets


def produce_voice(ctx: ToolContext, scene_number: int, *, actor: str) -> ToolResult:
    """Record a scene's dialogue (a voice per character), each line under its shot, then ask once."""
    from agent.formats.fountain import scene_dialogue
    from agent.generators import VoiceRequest
    from agent.project.schema import Character
    from agent.project.views import scene_by_number

    with ctx.project.read() as s:
        scene = scene_by_number(s, scene_number)
        voices = {c.name: c.voice_id for c in s.scalars(select(Character))}
    lines = [ln for ln in scene_dialogue(scene.content) if ln.text.strip()][:40]
    if not lines:
        return ToolResult(f"Scene {scene_number} has no dialogue to record.")
    gen = ctx.generators.voice
    made: list[tuple[int, tuple[str, int]]] = []
    for i, (line, target) in enumerate(zip(lines, _line_targets(ctx, scene.id, [ln.character for ln in lines]),
                                           strict=True), start=1):  # fmt: skip
        progress(i - 1, len(lines), f"{line.character}: {line.text[:40]}")
        req = VoiceRequest(text=line.text[:5000], character=line.character, voice_id=voices.get(line.character))
        rhash = gen.request_hash(req)
        with ctx.project.read() as s:
            cached = library.asset_by_request_hash(s, rhash)
            if cached is None:
                check_budget(library.spent_usd(s), gen.estimate_cost(req), ctx.settings.budget_usd)
        if cached is None:
            asset, _link = _store(ctx, gen.generate(req), request_hash=rhash, description=f"{line.character}: "
                                  f"{line.text}", entity=target, role="voice", actor=actor, action="generate_voice",
                                  summary=f"Voice for scene {scene_number}")  # fmt: skip
        else:
            with ctx.project.change(
                actor=actor, action="generate_voice", summary=f"Voice for scene {scene_number}"
            ) as ch:
                asset = cached
                _pending_link(ch, cached, target, "voice")
        made.append((asset.id, target))
    progress(len(lines), len(lines), f"{len(lines)} lines for scene {scene_number}")
    with ctx.project.read() as s:
        first = s.get(Asset, made[0][0])
    assert first is not None
    preview = _preview(ctx, first, f"{lines[0].character}: {lines[0].text[:80]}")
    answer = ask({"kind": "voice", "title": f"Voice for scene {scene_number} ({len(lines)} lines)", "preview": preview,
                  "options": ["approve", "reject"], "cost_usd": 0.0})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(
        actor=actor, action=f"{decision}_voice", summary=f"Voice for scene {scene_number} {decision}"
    ) as ch:
        for asset_id, (etype, eid) in made:
            for link in library.links_of(ch.session, etype, eid, "voice"):
                if link.asset_id == asset_id and link.status == "pending":
                    library.decide_link(ch, link, decision, note=answer.note)
    return ToolResult(f"Voice for scene {scene_number}: {len(lines)} lines {decision}.", preview)


_REFERENCE_FRAMING = {"character": ("close-up", "headshot"), "location": ("wide", "reference"),
                      "prop": ("insert", "reference")}  # fmt: skip


def produce_reference(ctx: ToolContext, kind: str, name: str, *, note: str, actor: str) -> ToolResult:
    """Make a reference image (a character's headshot, a location's or prop's look) and loop on approval."""
    from agent.project.schema import ArtDirection
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


def regenerate_stale(ctx: ToolContext, *, actor: str) -> ToolResult:
    """Redo every stale still (after a scene, cast, location or look change), asking first and once for all."""
    from agent.project import list_stale
    from agent.project.views import active_scenes

    with ctx.project.read() as s:
        items = list_stale(s)
        numbers = {sc.id: i for i, sc in enumerate(active_scenes(s), start=1)}
        ids = sorted({it.entity_id for it in items if it.entity_type == "shot" and it.aspect in ("still", "card")})
        shots = [sh for sh in (s.get(Shot, i) for i in ids) if sh is not None and sh.scene_id in numbers]
    others = [it for it in items if not (it.entity_type == "shot" and it.aspect in ("still", "card"))]
    if not shots:
        rest = f" {len(others)} other stale items need their own regeneration (references, clips)." if others else ""
        return ToolResult("No stale stills to regenerate." + rest)
    if not confirm(f"Regenerate {len(shots)} stale stills? The current ones stay in the history."):
        return ToolResult("Kept everything: nothing was regenerated.")
    made: list[tuple[Asset, AssetLink, Shot, int]] = []
    for i, shot in enumerate(shots, start=1):
        number = numbers[shot.scene_id]
        progress(i - 1, len(shots), f"Still for shot {number}.{shot.number}")
        asset, link = _still_for(ctx, shot, number, actor)
        made.append((asset, link, shot, number))
    progress(len(shots), len(shots), f"{len(shots)} stills regenerated")
    previews = [_preview(ctx, a, f"Scene {n}, shot {sh.number}: {sh.shot_type}, {sh.angle}") for a, _, sh, n in made]
    answer = ask({"kind": "batch", "title": f"{len(made)} regenerated stills", "preview": previews[0],
                  "previews": previews, "options": ["approve", "reject"], "cost_usd": 0.0})  # fmt: skip
    decision = "approved" if answer.decision == "approve" else "rejected"
    with ctx.project.change(actor=actor, action=f"{decision}_stills", summary=f"Regenerated stills {decision}") as ch:
        for _, link, _, _ in made:
            current = ch.session.get(AssetLink, link.id)
            if current is not None:
                library.decide_link(ch, current, decision, note=answer.note)
    rest = f" {len(others)} other stale items remain (references, clips)." if others else ""
    return ToolResult(f"{len(made)} regenerated stills {decision}.{rest}", previews[0])
