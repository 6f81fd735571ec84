"""The dependency graph: which things must be regenerated when a source changes, and why.

Edges (derived from the rows, so they never disagree with the project):
- scene -> its shots (the shot cards may no longer match the scene);
- character / location / prop -> the shots that use them (their stills), and the entity's own
  reference images;
- art direction -> every shot that has a still;
- a shot's still -> its video clip;
- the logline (ideation) -> every scene's text; an outline beat -> the scenes written from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.changes import ChangeContext, entity_type_of
from agent.project.schema import (
    AssetLink,
    Base,
    Character,
    Ideation,
    Location,
    OutlineBeat,
    Prop,
    Scene,
    Shot,
    StaleMark,
    shot_characters,
    shot_props,
)

__all__ = ["StaleItem", "mark_dependents", "mark_shots_stale", "mark_video_stale", "list_stale", "clear_stale",
           "stale_keys"]


@dataclass(frozen=True)
class StaleItem:
    """One thing to regenerate."""

    entity_type: str
    entity_id: int
    aspect: str
    reason: str


def _mark(ctx: ChangeContext, target: tuple[str, int], aspect: str, source: Any, before: int, reason: str) -> None:
    existing = ctx.session.scalar(
        select(StaleMark).where(
            StaleMark.entity_type == target[0],
            StaleMark.entity_id == target[1],
            StaleMark.aspect == aspect,
            StaleMark.source_type == entity_type_of(source),
            StaleMark.source_id == source.id,  # type: ignore[attr-defined]
        )
    )
    after = source.version  # type: ignore[attr-defined]
    if existing is not None:
        # Keep the oldest "from": the dependent was made from that version, whatever came between.
        ctx.update(existing, to_version=after, reason=reason.replace(f"v{before}", f"v{existing.from_version}"))
        return
    ctx.add(
        StaleMark(
            entity_type=target[0],
            entity_id=target[1],
            aspect=aspect,
            source_type=entity_type_of(source),
            source_id=source.id,  # type: ignore[attr-defined]
            from_version=before,
            to_version=after,
            reason=reason,
        )
    )


def _shots_with_still(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(AssetLink.entity_id).where(AssetLink.entity_type == "shot", AssetLink.role == "still").distinct()
        )
    )


def _has_refs(session: Session, entity_type: str, entity_id: int) -> bool:
    return (
        session.scalar(
            select(AssetLink.id).where(
                AssetLink.entity_type == entity_type,
                AssetLink.entity_id == entity_id,
                AssetLink.role.in_(("headshot", "reference")),
            )
        )
        is not None
    )


def mark_dependents(ctx: ChangeContext, source: Base, before_version: int, what: str) -> int:
    """Mark everything that depends on ``source`` stale after it went from ``before_version``; return how many."""
    s = ctx.session
    after = source.version  # type: ignore[attr-defined]
    targets: list[tuple[tuple[str, int], str, str]] = []
    if isinstance(source, Scene):
        reason = f"scene {what} changed (v{before_version} -> v{after})"
        shots = s.scalars(select(Shot.id).where(Shot.scene_id == source.id))
        targets += [(("shot", sid), "card", reason) for sid in shots]
    elif isinstance(source, Character | Location | Prop):
        kind = entity_type_of(source)
        reason = f"{kind} {source.name} {what} changed (v{before_version} -> v{after})"
        if isinstance(source, Character):
            ids = s.scalars(select(shot_characters.c.shot_id).where(shot_characters.c.character_id == source.id))
        elif isinstance(source, Prop):
            ids = s.scalars(select(shot_props.c.shot_id).where(shot_props.c.prop_id == source.id))
        else:
            ids = s.scalars(select(Shot.id).where(Shot.location_id == source.id))
        with_still = set(_shots_with_still(s))
        targets += [(("shot", sid), "still", reason) for sid in ids if sid in with_still]
        if _has_refs(s, kind, source.id):
            targets.append(((kind, source.id), "reference", reason))
    elif isinstance(source, Ideation):
        reason = f"the {what} changed (v{before_version} -> v{after})"
        targets += [(("scene", sid), "text", reason) for sid in s.scalars(select(Scene.id))]
    elif isinstance(source, OutlineBeat):
        title = source.title or "untitled"
        reason = (f"its outline beat ({title}) was removed" if what == "removed"
                  else f"its outline beat ({title}) {what} changed (v{before_version} -> v{after})")  # fmt: skip
        targets += [(("scene", sid), "text", reason) for sid in s.scalars(select(Scene.id).where(
            Scene.beat_id == source.id))]  # fmt: skip
    else:  # art direction
        reason = f"art direction {what} changed (v{before_version} -> v{after})"
        targets += [(("shot", sid), "still", reason) for sid in _shots_with_still(s)]
    for target, aspect, why in targets:
        _mark(ctx, target, aspect, source, before_version, why)
    return len(targets)


def mark_shots_stale(ctx: ChangeContext, shot_ids: list[int], source: Base, before: int, reason: str) -> int:
    """Mark these shots' stills stale because ``source`` (a costume, a look...) changed; return how many."""
    for sid in shot_ids:
        _mark(ctx, ("shot", sid), "still", source, before, reason)
    return len(shot_ids)


def mark_video_stale(ctx: ChangeContext, shot: Shot, still_link: AssetLink) -> bool:
    """Mark a shot's video stale because its still was replaced; return whether it had a video."""
    has_video = ctx.session.scalar(
        select(AssetLink.id).where(
            AssetLink.entity_type == "shot", AssetLink.entity_id == shot.id, AssetLink.role == "clip"
        )
    )
    if has_video is None:
        return False
    _mark(ctx, ("shot", shot.id), "video", still_link, still_link.version - 1, "the still it was made from changed")
    return True


def list_stale(session: Session) -> list[StaleItem]:
    """Return every stale item, oldest first."""
    rows = session.scalars(select(StaleMark).order_by(StaleMark.id))
    return [StaleItem(r.entity_type, r.entity_id, r.aspect, r.reason) for r in rows]


def stale_keys(session: Session) -> set[tuple[str, int]]:
    """Return the (entity type, id) pairs that have at least one stale mark."""
    return {(t, i) for t, i in session.execute(select(StaleMark.entity_type, StaleMark.entity_id))}


def clear_stale(ctx: ChangeContext, entity_type: str, entity_id: int, aspects: tuple[str, ...] | None = None) -> int:
    """Remove stale marks of one entity (optionally only some aspects); return how many."""
    stmt = select(StaleMark).where(StaleMark.entity_type == entity_type, StaleMark.entity_id == entity_id)
    if aspects is not None:
        stmt = stmt.where(StaleMark.aspect.in_(aspects))
    marks = list(ctx.session.scalars(stmt))
    for mark in marks:
        ctx.delete(mark)
    return len(marks)
