"""Cinematography looks: a named framing, lens, lighting style and references that shots can use.

A shot that uses a look takes its framing and lens (when the look sets them) and carries its lighting and
references into the still's prompt; so applying a look, or revising one, marks those shots' stills stale.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.deps import mark_shots_stale
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.project import Project
from agent.project.schema import AssetLink, Look, Shot
from agent.project.shots import SHOT_TYPES
from agent.project.views import normalise_name, scene_by_number, shot_by_number, shots_of_scene

__all__ = ["add_look", "revise_look", "apply_look", "look_by_name", "look_prompt", "look_views"]

MAX_TEXT = 1_000


def _check(shot_type: str | None, lens_mm: int | None, lighting: str | None, references: Sequence[str] | None) -> None:
    if shot_type is not None and shot_type not in SHOT_TYPES:
        raise InvalidInputError(f"unknown shot type {shot_type!r}; use one of {', '.join(SHOT_TYPES)}")
    if lens_mm is not None and not 6 <= lens_mm <= 1200:
        raise InvalidInputError(f"a {lens_mm} mm lens is not one a camera takes (6-1200 mm)")
    if lighting is not None and len(lighting) > MAX_TEXT:
        raise InvalidInputError(f"a lighting style is limited to {MAX_TEXT:,} characters")
    if references is not None and (len(references) > 12 or any(len(r) > 200 for r in references)):
        raise InvalidInputError("a look takes up to 12 references of up to 200 characters each")


def look_by_name(session: Session, name: str) -> Look:
    """Find a look by its name or by a word only its name has ("the sodium look"); NotFoundError otherwise."""
    found = session.scalar(select(Look).where(func.upper(Look.name) == normalise_name(name)))
    if found is not None:
        return found
    looks = list(session.scalars(select(Look).order_by(Look.id)))
    said = set(re.findall(r"[a-z0-9'-]+", name.lower()))
    fits = [lk for lk in looks if {w for w in lk.name.lower().split() if len(w) >= 3} & said]
    if len(fits) == 1:
        return fits[0]
    if len(fits) > 1:
        raise InvalidInputError(f"which look: {', '.join(lk.name for lk in fits)}?")
    names = ", ".join(lk.name for lk in looks) or "none yet"
    raise NotFoundError(f"no look called {normalise_name(name)[:60]}; looks: {names}")


def _name_for(shot_type: str | None, lighting: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z'-]+", lighting) if w.lower() not in ("a", "an", "the", "and", "with")]
    return " ".join(words[:3]).upper() or (shot_type or "").upper() or "LOOK"


def add_look(project: Project, name: str | None, *, actor: str, shot_type: str | None = None,
             lens_mm: int | None = None, lighting: str = "", references: Sequence[str] = ()) -> str:
    """Add a look; return its name (made from the lighting words when none is given)."""
    lighting = " ".join(lighting.split())
    refs = [" ".join(r.split()) for r in references if r.strip()]
    _check(shot_type, lens_mm, lighting, refs)
    if not (shot_type or lens_mm or lighting or refs):
        raise InvalidInputError("a look needs at least a shot type, a lens, a lighting style or a reference")
    canonical = normalise_name(name) if name and name.strip() else _name_for(shot_type, lighting)
    with project.change(actor=actor, action="add_look", summary=f"Added look {canonical}") as ch:
        if ch.session.scalar(select(Look.id).where(func.upper(Look.name) == canonical)) is not None:
            raise InvalidInputError(f"a look named {canonical} already exists")
        ch.add(Look(name=canonical, shot_type=shot_type, lens_mm=lens_mm, lighting=lighting, references=refs))
        return canonical


def _framed(look: Look) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if look.shot_type:
        fields["shot_type"] = look.shot_type
    if look.lens_mm:
        fields["lens_mm"] = look.lens_mm
    return fields


def _with_still(session: Session, shot_ids: list[int]) -> list[int]:
    if not shot_ids:
        return []
    return sorted(set(session.scalars(select(AssetLink.entity_id).where(
        AssetLink.entity_type == "shot", AssetLink.role == "still", AssetLink.entity_id.in_(shot_ids)))))


def revise_look(project: Project, name: str, *, actor: str, shot_type: str | None = None, lens_mm: int | None = None,
                lighting: str | None = None, references: Sequence[str] | None = None) -> tuple[str, int]:
    """Change a look; the shots using it follow (framing, lens) and their stills go stale. Return (name, stale)."""
    refs = [" ".join(r.split()) for r in references if r.strip()] if references is not None else None
    _check(shot_type, lens_mm, lighting, refs)
    fields: dict[str, Any] = {k: v for k, v in (("shot_type", shot_type), ("lens_mm", lens_mm),
                                               ("lighting", lighting), ("references", refs)) if v is not None}
    if not fields:
        raise InvalidInputError("nothing to change: give a shot type, a lens, a lighting style or references")
    with project.change(actor=actor, action="revise_look", summary=f"Revised look {normalise_name(name)}") as ch:
        look = look_by_name(ch.session, name)
        before = look.version
        if not ch.update(look, **fields):
            raise InvalidInputError(f"look {look.name} is that way already")
        shots = list(ch.session.scalars(select(Shot).where(Shot.look_id == look.id)))
        for shot in shots:
            ch.update(shot, **_framed(look))
        stale = _with_still(ch.session, [s.id for s in shots])
        return look.name, mark_shots_stale(ch, stale, look, before, f"look {look.name} changed (v{before} -> "
                                                                     f"v{look.version})")


def apply_look(project: Project, name: str, scene_number: int, shot_number: int | None, *,
               actor: str) -> tuple[str, int]:
    """Make one shot (or, with ``shot_number`` None, every shot of a scene) use a look; return (look, shots)."""
    with project.change(actor=actor, action="apply_look", summary=f"Applied a look to scene {scene_number}") as ch:
        look = look_by_name(ch.session, name)
        if shot_number is None:
            shots = shots_of_scene(ch.session, scene_by_number(ch.session, scene_number).id)
            if not shots:
                raise NotFoundError(f"scene {scene_number} has no shots yet; break it into shots first")
        else:
            shots = [shot_by_number(ch.session, scene_number, shot_number)]
        changed = [s.id for s in shots if ch.update(s, look_id=look.id, **_framed(look))]
        if not changed:
            raise InvalidInputError(f"{'those shots use' if len(shots) > 1 else 'that shot uses'} look {look.name} "
                                    "already")
        mark_shots_stale(ch, _with_still(ch.session, changed), look, look.version,
                         f"it now uses look {look.name}")
        return look.name, len(changed)


def look_prompt(session: Session, look_id: int | None) -> str:
    """Return what a look adds to a still's prompt: its lighting and references ('' for none)."""
    look = session.get(Look, look_id) if look_id else None
    if look is None:
        return ""
    parts = [look.lighting] if look.lighting else []
    if look.references:
        parts.append("in the manner of " + ", ".join(look.references))
    return "; ".join(parts)


def look_views(session: Session) -> list[dict[str, Any]]:
    """Return the snapshot's ``looks``: name, shot type, lens, lighting, references, version and shots using it."""
    counted = select(Shot.look_id, func.count()).where(Shot.look_id.is_not(None)).group_by(Shot.look_id)
    using: dict[int | None, int] = dict(session.execute(counted).tuples().all())
    return [{"name": lk.name, "shot_type": lk.shot_type, "lens_mm": lk.lens_mm, "lighting": lk.lighting,
             "references": list(lk.references), "version": lk.version, "shots": using.get(lk.id, 0)}
            for lk in session.scalars(select(Look).order_by(Look.id))]
