"""The one-paragraph overview: where the project stands and what to do next."""

from __future__ import annotations

from sqlalchemy import select

from agent.project.project import Project
from agent.project.schema import AssetLink, Character, Location, Shot
from agent.project.stale_view import stale_entries
from agent.project.views import active_scene_headings, current_phase
from agent.project.worklist import marked_work

__all__ = ["overview_text"]


def overview_text(project: Project) -> str:
    """Summarise the project and say what is next (the overview tool and every front end show it)."""
    with project.read() as s:
        scenes = active_scene_headings(s)
        shot_scene_ids = set(s.scalars(select(Shot.scene_id)))
        refs = {(lk.entity_type, lk.entity_id) for lk in s.scalars(select(AssetLink).where(
            AssetLink.role.in_(("headshot", "reference")), AssetLink.status == "approved"))}
        chars = list(s.scalars(select(Character)))
        locs = list(s.scalars(select(Location)))
        statuses = list(s.scalars(select(Shot.status)))
        phase = current_phase(s)
        stale = stale_entries(s)
        marked = marked_work(s)  # what the person tagged rewrite or hate comes first: they asked for it
    hints = list(marked)
    if not scenes:
        hints.append("the screenplay has no scenes: pitch a logline or import a .fountain file")
    no_ref = [c.name for c in chars if ("character", c.id) not in refs]
    if no_ref:
        hints.append(f"{len(no_ref)} character{'s' if len(no_ref) != 1 else ''} ha{'ve' if len(no_ref) != 1 else 's'} "
                     f"no reference image")
    unshot = [i for i, (scene_id, _) in enumerate(scenes, start=1) if scene_id not in shot_scene_ids]
    if unshot:
        hints.append(f"scene {unshot[0]} has no shots" + (f" (and {len(unshot) - 1} more)" if len(unshot) > 1 else ""))
    drafts = statuses.count("draft") + statuses.count("still_rejected")
    if drafts:
        hints.append(f"{drafts} shots have no approved still")
    if stale:
        first = f"{stale[0]['what']}: {stale[0]['reason']}"
        hints.append(f"1 item is stale ({first})" if len(stale) == 1
                     else f"{len(stale)} items are stale (first, {first})")
    approved = statuses.count("still_approved") + statuses.count("video_approved")
    head = (f"Phase: {phase}. {len(scenes)} scenes, {len(chars)} characters, {len(locs)} locations, "
            f"{len(statuses)} shots ({approved} with approved media)")
    return head + ". Next: " + ("; ".join(hints[:4]) if hints else "render an animatic or the final cut") + "."
