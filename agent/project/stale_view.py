"""Stale items as people read them: what is outdated (scene 2 shot 1, character MARA...), which aspect, and why.

One description serves every place stale items are listed (the snapshot, the list_stale tool, what's next and
``reelsmith status``), so the reason a person reads is the same everywhere.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.changes import ENTITY_TYPES
from agent.project.deps import list_stale
from agent.project.schema import Shot
from agent.project.views import active_scene_headings

__all__ = ["stale_entries", "stale_lines"]


def stale_entries(session: Session) -> list[dict[str, Any]]:
    """Return every stale item, oldest first: ``{"what", "type", "scene", "shot", "aspect", "reason"}``.

    ``scene`` and ``shot`` are numbers (None when they do not apply); items of scenes off the active branch
    are left out, as the snapshot leaves out their scenes.
    """
    # Plain columns, not ORM rows: once a few scenes were rewritten, hundreds of shots are stale, and every
    # overview and snapshot lists them (a loaded Shot brings its cast and props along).
    numbers = {scene_id: i for i, (scene_id, _) in enumerate(active_scene_headings(session), start=1)}
    items = list_stale(session)
    shot_ids = [it.entity_id for it in items if it.entity_type == "shot"]
    shots = {sid: (scene_id, number) for sid, scene_id, number in session.execute(
        select(Shot.id, Shot.scene_id, Shot.number).where(Shot.id.in_(shot_ids)))} if shot_ids else {}
    out = []
    for it in items:
        scene: int | None = None
        shot: int | None = None
        if it.entity_type == "shot":
            row = shots.get(it.entity_id)
            scene = numbers.get(row[0]) if row is not None else None
            if scene is None or row is None:
                continue
            shot, what = row[1], f"scene {scene} shot {row[1]}"
        elif it.entity_type == "scene":
            scene = numbers.get(it.entity_id)
            if scene is None:
                continue
            what = f"scene {scene}"
        else:
            cls = ENTITY_TYPES.get(it.entity_type)
            entity = session.get(cls, it.entity_id) if cls is not None else None
            what = f"{it.entity_type.replace('_', ' ')} {getattr(entity, 'name', it.entity_id)}"
        out.append({"what": what, "type": it.entity_type, "scene": scene, "shot": shot, "aspect": it.aspect,
                    "reason": it.reason})
    return out


def stale_lines(entries: list[dict[str, Any]], limit: int = 30) -> list[str]:
    """Return one line per stale item, "what (aspect): reason", at most ``limit`` of them."""
    return [f"{e['what']} ({e['aspect']}): {e['reason']}" for e in entries[:limit]]
