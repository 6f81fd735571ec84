"""The project snapshot (``status --json``): the shape evals and outside tools assert on (see DESIGN.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.asset_search import asset_items
from agent.project.blocks import tagged_blocks
from agent.project.deps import stale_keys
from agent.project.details import place_references
from agent.project.history import change_count, list_changes
from agent.project.library import model_spent_usd, saved_usd, spent_usd
from agent.project.looks import look_views
from agent.project.music import music_view
from agent.project.project import Project
from agent.project.schema import (
    ArtDirection,
    Asset,
    AssetLink,
    Character,
    Ideation,
    Location,
    Look,
    OutlineBeat,
    ProjectRow,
    Prop,
    Shot,
    TimelineClip,
    shot_characters,
    shot_props,
)
from agent.project.stale_view import stale_entries
from agent.project.timing import estimate_seconds, page_eighths
from agent.project.views import active_branch, active_scenes, current_phase
from agent.project.wardrobe import costume_views

__all__ = ["snapshot", "build_snapshot"]


def snapshot(project: Project, *, budget_usd: float | None = None, brief: bool = False) -> dict[str, Any]:
    """Return the project snapshot as plain JSON data (``brief``: see :func:`build_snapshot`)."""
    with project.read() as session:
        return build_snapshot(session, budget_usd=budget_usd, brief=brief)


def _characters(session: Session, stale: set[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"name": c.name, "description": c.description, "version": c.version, "stale": ("character", c.id) in stale,
             "voice": c.voice, "voice_id": c.voice_id}
            for c in session.scalars(select(Character).order_by(Character.id))]


def _locations(session: Session, stale: set[tuple[str, int]]) -> list[dict[str, Any]]:
    refs = place_references(session)
    return [{"name": x.name, "description": x.description, "version": x.version, "stale": ("location", x.id) in stale,
             "setting": x.setting or None, "tags": list(x.tags), "references": refs.get(x.id, [])}
            for x in session.scalars(select(Location).order_by(Location.id))]


def _names_by_shot(session: Session, table: Any, column: Any, entity: Any) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(table.c.shot_id, entity.name).join(entity, entity.id == column).order_by(table.c.shot_id, entity.id)
    )
    for shot_id, name in rows:
        out[shot_id].append(name)
    return out


def _shots(session: Session, scene_numbers: dict[int, int], stale: set[tuple[str, int]]) -> list[dict[str, Any]]:
    # Plain column queries, not ORM objects: a feature has thousands of shots and this runs on every status.
    locations = dict(session.execute(select(Location.id, Location.name)).tuples().all())
    cast = _names_by_shot(session, shot_characters, shot_characters.c.character_id, Character)
    props = _names_by_shot(session, shot_props, shot_props.c.prop_id, Prop)
    assets: dict[int, list[dict[str, Any]]] = defaultdict(list)
    links = session.execute(
        select(AssetLink.entity_id, AssetLink.role, AssetLink.status, AssetLink.asset_id, Asset.sha256, Asset.path)
        .join(Asset, Asset.id == AssetLink.asset_id)
        .where(AssetLink.entity_type == "shot")
        .order_by(AssetLink.id)
    )
    for shot_id, role, status, asset_id, sha, path in links:
        assets[shot_id].append({"id": asset_id, "role": role, "status": status, "sha256": sha, "path": path})
    columns = (Shot.id, Shot.scene_id, Shot.number, Shot.description, Shot.shot_type, Shot.angle, Shot.movement,
               Shot.lens_mm, Shot.location_id, Shot.duration_s, Shot.status, Shot.version, Shot.notes, Shot.tags,
               Shot.look_id)
    looks = dict(session.execute(select(Look.id, Look.name)).tuples().all())
    out = []
    for (sid, scene_id, number, desc, shot_type, angle, movement, lens, loc, duration, status, version, notes, tags,
         look) in session.execute(select(*columns)):
        scene = scene_numbers.get(scene_id)
        if scene is None:
            continue  # a shot of a scene that is not on the active branch
        out.append(
            {
                "scene": scene,
                "number": number,
                "description": desc,
                "camera": {"shot_type": shot_type, "angle": angle, "movement": movement, "lens_mm": lens},
                "characters": cast.get(sid, []),
                "location": locations.get(loc) if loc else None,
                "props": props.get(sid, []),
                "duration": duration,
                "duration_s": duration,
                "status": status,
                "stale": ("shot", sid) in stale,
                "assets": assets.get(sid, []),
                "notes": notes,
                "tags": list(tags or []),
                "look": looks.get(look) if look else None,
                "version": version,
            }
        )
    out.sort(key=lambda s: (s["scene"], s["number"]))
    return out


def _shot_seconds(session: Session, scene_numbers: dict[int, int]) -> list[tuple[int, float | None]]:
    """Return (scene number, duration) of the active scenes' shots in ``_shots``' order, reading two columns."""
    rows = [(scene_numbers[scene_id], number, duration)
            for scene_id, number, duration in session.execute(select(Shot.scene_id, Shot.number, Shot.duration_s))
            if scene_id in scene_numbers]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(scene, duration) for scene, _, duration in rows]


def _block_tags(content: str, stored: list[Any]) -> list[dict[str, Any]]:
    """Return the tagged blocks of a scene body: number, kind (dialogue/action), text and tags."""
    if not stored:
        return []
    return [{"block": b.number, "kind": b.kind, "text": b.text, "tags": list(b.tags)}
            for b in tagged_blocks(content, stored) if b.tags]


def _outline(beats: list[OutlineBeat], scenes: list[Any]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Return the outline entries (with the scenes written from each beat) and beat number by beat id."""
    number_of = {b.id: i for i, b in enumerate(beats, start=1)}
    written: dict[int, list[int]] = defaultdict(list)
    for i, sc in enumerate(scenes, start=1):
        if sc.beat_id in number_of:
            written[sc.beat_id].append(i)
    entries = [{"number": i, "text": b.description or b.title, "title": b.title, "act": b.act,
                "scenes": written.get(b.id, [])} for i, b in enumerate(beats, start=1)]
    return entries, number_of


def _timeline(session: Session, scene_numbers: dict[int, int]) -> list[dict[str, Any]]:
    shots = {s.id: s for s in session.scalars(select(Shot).join(TimelineClip, TimelineClip.shot_id == Shot.id))}
    out = []
    for clip in session.scalars(select(TimelineClip).order_by(TimelineClip.position)):
        shot = shots.get(clip.shot_id) if clip.shot_id else None
        out.append(
            {
                "position": clip.position,
                "kind": clip.kind,
                "scene": scene_numbers.get(shot.scene_id) if shot else None,
                "shot": shot.number if shot else None,
                "duration": clip.duration_s,
                "transition": clip.transition,
                "text": clip.text or None,
            }
        )
    return out


def build_snapshot(session: Session, *, budget_usd: float | None = None, brief: bool = False) -> dict[str, Any]:
    """Build the snapshot inside an open session.

    ``brief`` leaves out the lists that grow with the production (``shots``, ``stale_items``, ``timeline``,
    ``costumes``, ``looks``, ``music`` and the assets' ``items``): what a question reads (scenes with their
    running times, cast, places, props, outline, totals) stays, the same as in the full snapshot.
    """
    row = session.get(ProjectRow, 1)
    idea = session.get(Ideation, 1)
    art = session.get(ArtDirection, 1)
    stale = stale_keys(session)
    scenes = active_scenes(session)
    numbers = {sc.id: i for i, sc in enumerate(scenes, start=1)}
    branch = active_branch(session)
    last = list_changes(session, limit=1)
    by_type = Counter(k for (k,) in session.execute(select(Asset.kind)))
    shots = None if brief else _shots(session, numbers, stale)
    shot_time: dict[int, float] = defaultdict(float)
    # The same additions in the same order either way, so a brief snapshot's running times are the full one's.
    for scene, duration in ([(s["scene"], s["duration"]) for s in shots] if shots is not None
                            else _shot_seconds(session, numbers)):
        shot_time[scene] += float(duration or 0.0)
    runtimes = {i: round(shot_time[i], 1) if shot_time.get(i) else estimate_seconds(sc.content)
                for i, sc in enumerate(scenes, start=1)}
    beats = list(session.scalars(select(OutlineBeat).order_by(OutlineBeat.position, OutlineBeat.id)))
    outline, beat_numbers = _outline(beats, scenes)
    return {
        "name": row.name if row else "",
        "phase": current_phase(session),
        "branch": branch.name if branch else "main",
        "logline": idea.logline if idea else "",
        "ideation": {"logline": idea.logline if idea else "", "premise": idea.premise if idea else "",
                     "genre": idea.genre if idea else "", "tone": idea.tone if idea else ""},
        "outline": outline,
        "runtime_s": round(sum(runtimes.values()), 1),
        "scenes": [
            {
                "number": i,
                "heading": sc.heading,
                "content": sc.content,
                "version": sc.version,
                "tags": list(sc.tags),
                "block_tags": _block_tags(sc.content, sc.block_tags),
                "beat": beat_numbers.get(sc.beat_id) if sc.beat_id is not None else None,
                "stale": ("scene", sc.id) in stale,
                "runtime_s": runtimes[i],
                "page_eighths": page_eighths(sc.content),
            }
            for i, sc in enumerate(scenes, start=1)
        ],
        "characters": _characters(session, stale),
        "locations": _locations(session, stale),
        "props": [
            {"name": p.name, "description": p.description, "version": p.version}
            for p in session.scalars(select(Prop).order_by(Prop.id))
        ],
        **({} if brief else {"costumes": costume_views(session, numbers), "looks": look_views(session)}),
        "art_direction": {
            "style": art.style if art else "",
            "palette": list(art.palette) if art else [],
            "version": art.version if art else 0,
        },
        **({} if brief else {"shots": shots, "stale_items": stale_entries(session),
                             "timeline": _timeline(session, numbers), "music": music_view(session)}),
        "assets": {"count": sum(by_type.values()), "by_type": dict(sorted(by_type.items())),
                   **({} if brief else {"items": asset_items(session)})},
        "history": {
            "count": change_count(session),
            "last": {"action": last[0].action, "summary": last[0].summary, "actor": last[0].actor} if last else None,
        },
        "cost": {"spent_usd": spent_usd(session), "budget_usd": budget_usd, "saved_by_reuse_usd": saved_usd(session),
                 "model_usd": model_spent_usd(session)},
    }
