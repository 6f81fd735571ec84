"""Generation plumbing the flows share: asking a person, durable steps, shot specs, image takes, previews.

A LangGraph node re-runs from its first line when it resumes, so a flow runs its work as ``durable`` steps:
inside a graph each step is a LangGraph task whose result the checkpoint keeps, so a resumed tool replays it
(no reads, no index query, no generation) and goes straight to the person's answer. Every step is also
idempotent on its own (request hash, existing link, decisions only on pending links), so replaying it by
running it again, outside a graph or after a crash, changes nothing. Decisions go through
``agent.project.lifecycle``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph._internal._constants import CONFIG_KEY_CALL  # private, but the one sign a task can run here
from langgraph.config import get_config
from langgraph.func import task
from langgraph.types import interrupt
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.formats.script_terms import interior_exterior, props_in, referent, time_of_day
from agent.generators import (
    ArtDirectionRef,
    CharacterRef,
    GeneratedMedia,
    ImageRequest,
    LocationRef,
    SceneChange,
    ShotSpec,
    check_budget,
    image_request_for_shot,
)
from agent.project import ProjectError, library, lifecycle
from agent.project.changes import current_thread, recording_thread
from agent.project.details import side_reference
from agent.project.errors import InvalidInputError
from agent.project.looks import look_prompt
from agent.project.schema import ArtDirection, Asset, AssetLink, Character, Location, Scene, Shot
from agent.project.wardrobe import worn_in
from agent.redaction import redact
from agent.tools.base import EXPECTED_ERRORS, ToolContext

__all__ = [
    "Approval",
    "STILL_OPTIONS",
    "MAX_TAKES",
    "StepFailed",
    "ask",
    "confirm",
    "progress",
    "durable",
    "shot_spec",
    "preview_of",
    "index_port",
    "store_media",
    "decide",
    "index_text",
    "image_take",
    "matches_approved",
    "still_for",
]

STILL_OPTIONS = ["approve", "reject", "regenerate"]

MAX_TAKES = 12
"""How many seeds a new take of one spec may try past the takes a person already decided."""


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
                  "cost_usd": cost_usd})
    return answer.decision == "approve"


# -- durable steps -----------------------------------------------------------------------------


class StepFailed(ProjectError):
    """An expected failure inside a durable step, raised again in the tool with its one-line message."""


@task
def _step(key: str, run: Callable[[], Any]) -> dict[str, Any]:
    # Expected failures come back as a plain value the checkpoint can hold (an exception object may not be).
    try:
        return {"key": key, "ok": run()}
    except EXPECTED_ERRORS as exc:
        return {"key": key, "error": redact(exc)}


def _in_graph() -> bool:
    try:
        config = get_config()
    except RuntimeError:  # a script, a job, a unit test: nothing to checkpoint into
        return False
    return CONFIG_KEY_CALL in (config.get("configurable") or {})


def durable(key: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Run ``fn(*args, **kwargs)`` once per tool call: a resumed graph replays its checkpointed result.

    ``key`` names the step (target, attempt...): a replayed result under another key (two tool calls of one
    message sharing the node's task counter) is not trusted, and the idempotent step simply runs again.
    The result must be plain data (dicts, lists, str, numbers).
    """
    thread = current_thread()

    def run() -> Any:
        with recording_thread(thread):
            return fn(*args, **kwargs)

    if not _in_graph():
        return run()
    out = _step(key, run).result()
    if out.get("key") != key:
        return run()
    if "error" in out:
        raise StepFailed(str(out["error"]))
    return out["ok"]


# -- what a generator is asked for ---------------------------------------------------------------


def _in_frame(s: Any, shot: Shot, scene: Scene | None) -> list[Character]:
    """Who is in frame: the card's cast, else whoever the action's 'she'/'he' points back to in the scene."""
    if shot.characters or scene is None:
        return list(shot.characters)
    cast = {c.name: c for c in s.scalars(select(Character))}
    return [cast[name] for name in referent(scene.content, shot.description, cast) if name in cast]


def shot_spec(ctx: ToolContext, shot: Shot, *, scene_number: int, note: str | None = None,
              session: Session | None = None, scene_change: SceneChange | None = None) -> ShotSpec:
    """Describe a shot for a generator: card, cast, location, props the action names, INT/EXT, time, look.

    Pass the read ``session`` the shot was loaded in to describe many shots in one read (a batch job's plan),
    and ``scene_change`` when the still is redone because its scene was rewritten (the prompt says what changed).
    """
    if session is not None:
        return _shot_spec(session, shot, scene_number=scene_number, note=note).model_copy(
            update={"scene_change": scene_change})
    with ctx.project.read() as s:
        return _shot_spec(s, shot, scene_number=scene_number, note=note).model_copy(
            update={"scene_change": scene_change})


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
            CharacterRef(name=c.name, description=c.description, reference_sha256=ref("character", c.id),
                         wardrobe="; ".join(worn_in(s, c.id, shot.scene_id)))
            for c in _in_frame(s, shot, scene)
        ],
        location=LocationRef(name=location.name, description=location.description,
                             reference_sha256=_place_ref(s, location.id, heading) or ref("location", location.id))
        if location else None,
        props=[*props, *named],
        art_direction=ArtDirectionRef(style=art.style, palette=list(art.palette), notes=art.notes)
        if art else ArtDirectionRef(),
        note=note or None,
        setting=interior_exterior(heading) or None,  # type: ignore[arg-type]
        time_of_day=time_of_day(heading) or None,
        duration_s=shot.duration_s,
        look=look_prompt(s, shot.look_id),
    )


def _place_ref(s: Session, location_id: int, heading: str) -> str | None:
    """Return the location reference showing the side the scene is on (INT/EXT), when one is marked."""
    asset = side_reference(s, location_id, interior_exterior(heading))
    return asset.sha256 if asset is not None else None


def index_text(spec: ShotSpec) -> str:
    """Return the text a still is described and searched by: its framing and what it shows."""
    return f"{spec.shot_type} shot, {spec.description}"


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


# -- the store and the index -----------------------------------------------------------------------


@dataclass(frozen=True)
class _QuietIndex:
    ctx: ToolContext

    def refresh(self, asset_ids: Collection[int]) -> None:
        from agent.index.from_project import refresh_assets  # deferred: onnxruntime and Chroma load on use

        try:
            refresh_assets(self.ctx.index, self.ctx.project, asset_ids)
        except Exception:  # derived data: a failure costs a re-use offer, `reelsmith reindex` rebuilds it
            pass


def index_port(ctx: ToolContext) -> lifecycle.IndexPort:
    """Return the re-use index as the lifecycle updates it (quietly: the index is derived, never the truth)."""
    return _QuietIndex(ctx)


def store_media(
    ctx: ToolContext, media: GeneratedMedia, *, request_hash: str, description: str, entity: tuple[str, int],
    role: str, actor: str, action: str, summary: str,
) -> tuple[Asset, AssetLink]:
    """Store generated bytes, record the asset (charged once) and hold it pending on an entity."""
    take = lifecycle.hold(ctx.project, entity, role, stored=library.store_bytes(ctx.project, media.data),
                          request_hash=request_hash, description=description, metadata=media.metadata,
                          actor=actor, action=action, summary=summary)
    return take.asset, take.link


def decide(ctx: ToolContext, link_id: int, decision: str, note: str, actor: str, summary: str) -> None:
    """Apply a person's decision to a pending take (once; the shot status, stale marks and index follow)."""
    lifecycle.decide(ctx.project, [link_id], decision, note=note, actor=actor,  # type: ignore[arg-type]
                     action=f"{decision}_asset", summary=summary, index=index_port(ctx))


# -- image takes ----------------------------------------------------------------------------------


def _reference_paths(ctx: ToolContext, s: Session, spec: ShotSpec) -> dict[str, Path]:
    refs: dict[str, Path] = {}
    shas = [c.reference_sha256 for c in spec.characters] + [spec.location.reference_sha256 if spec.location else None]
    for sha in shas:
        asset = s.scalar(select(Asset).where(Asset.sha256 == sha)) if sha else None
        if asset is not None and sha:
            refs[sha] = ctx.project.files.path_of(asset.path)
    return refs


def _next_take(ctx: ToolContext, s: Session, spec: ShotSpec, target: lifecycle.Target, role: str,
               seed: int) -> tuple[ImageRequest, str, lifecycle.TakeStatus, bool]:
    """Return the first request from ``seed`` on whose take is undecided, with its hash and status.

    The last value says whether an approved take of the same spec was passed on the way.
    """
    gen = ctx.generators.image
    refs = _reference_paths(ctx, s, spec)
    passed_approved = False
    for n in range(seed, seed + MAX_TAKES):
        request = image_request_for_shot(spec, reference_paths=refs, seed=n)
        rhash = gen.request_hash(request)
        status, _asset = lifecycle.take_status(s, rhash, target, role)
        if status not in ("approved", "rejected"):
            return request, rhash, status, passed_approved
        passed_approved = passed_approved or status == "approved"
    raise InvalidInputError(f"the last {MAX_TAKES} takes of this image were all decided; change the card or add a note")


def matches_approved(ctx: ToolContext, s: Session, spec: ShotSpec, target: lifecycle.Target, role: str) -> bool:
    """Return whether ``spec`` would make the image already approved for ``target`` (nothing to regenerate)."""
    return _next_take(ctx, s, spec, target, role, 0)[3]


def image_take(ctx: ToolContext, spec: ShotSpec, target: lifecycle.Target, role: str, *, seed: int, actor: str,
               what: str, index: bool = True) -> lifecycle.Take:
    """Find or make the image take of ``spec`` for ``target`` and hold it pending; idempotent for re-runs.

    Takes a person decided are passed over for the next seed: a rejected image never comes back, an approved
    one stays approved, so asking again makes a new take. ``index=False`` leaves the re-use index to the
    caller (a batch job indexes all its stills in one call).
    """
    gen = ctx.generators.image
    with ctx.project.read() as s:
        request, rhash, status, _ = _next_take(ctx, s, spec, target, role, seed)
        if status == "new":
            check_budget(library.spent_usd(s), gen.estimate_cost(request), ctx.settings.budget_usd)
    summary = f"Generated {what}"
    if status != "new":
        return lifecycle.hold(ctx.project, target, role, request_hash=rhash, actor=actor, action=f"generate_{role}",
                              summary=summary)
    media = gen.generate(request)
    take = lifecycle.hold(ctx.project, target, role, stored=library.store_bytes(ctx.project, media.data),
                          request_hash=rhash, description=index_text(spec), metadata=media.metadata, actor=actor,
                          action=f"generate_{role}", summary=summary)
    if index:
        index_port(ctx).refresh([take.asset.id])
    return take


def still_for(ctx: ToolContext, shot: Shot, scene_number: int, actor: str, *, index: bool = True,
              scene_change: SceneChange | None = None) -> tuple[Asset, AssetLink]:
    """Generate (or find, by request hash) a shot's still and leave it pending; idempotent for re-runs."""
    spec = shot_spec(ctx, shot, scene_number=scene_number, scene_change=scene_change)
    take = image_take(ctx, spec, ("shot", shot.id), "still", seed=0, actor=actor, index=index,
                      what=f"a still for shot {scene_number}.{shot.number}")
    return take.asset, take.link
