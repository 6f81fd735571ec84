"""Design repository: cast, locations, props and art direction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from agent.project.deps import mark_dependents
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import ArtDirection, Character, Location, Prop, Shot
from agent.project.story import delete_entity_links
from agent.project.views import character_by_name, location_by_name, normalise_name, prop_by_name

__all__ = ["EntityKind", "add_entity", "update_entity", "delete_entity", "set_art_direction", "ENTITY_CLASSES"]

EntityKind = str
ENTITY_CLASSES: dict[str, type[Character] | type[Location] | type[Prop]] = {
    "character": Character,
    "location": Location,
    "prop": Prop,
}
_LOOKUP = {"character": character_by_name, "location": location_by_name, "prop": prop_by_name}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_DESCRIPTION = 5_000


def _kind_class(kind: str) -> type[Character] | type[Location] | type[Prop]:
    if kind not in ENTITY_CLASSES:
        raise InvalidInputError(f"unknown kind {kind!r}; use character, location or prop")
    return ENTITY_CLASSES[kind]


def _description(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidInputError(f"a description is limited to {MAX_DESCRIPTION:,} characters")
    return text


def add_entity(project: Project, kind: str, name: str, *, description: str = "", actor: str) -> str:
    """Add a character, location or prop; return its canonical name."""
    cls = _kind_class(kind)
    canonical = normalise_name(name)
    description = _description(description)
    with project.change(actor=actor, action=f"add_{kind}", summary=f"Added {kind} {canonical}") as ch:
        exists = ch.session.scalar(select(cls.id).where(func.upper(cls.name) == canonical))
        if exists is not None:
            raise InvalidInputError(f"a {kind} named {canonical} already exists")
        ch.add(cls(name=canonical, description=description))
        return canonical


def update_entity(
    project: Project,
    kind: str,
    name: str,
    *,
    actor: str,
    description: str | None = None,
    new_name: str | None = None,
    voice_id: str | None = None,
    expected_version: int | None = None,
) -> str:
    """Revise a character, location or prop; shots that use it (and its reference images) go stale."""
    _kind_class(kind)
    fields: dict[str, Any] = {}
    if description is not None:
        fields["description"] = _description(description)
    if new_name is not None:
        fields["name"] = normalise_name(new_name)
    if voice_id is not None:
        if kind != "character":
            raise InvalidInputError("only characters have a voice")
        fields["voice_id"] = voice_id.strip()
    if not fields:
        raise InvalidInputError("nothing to change: give a description, a new name or a voice")
    with project.change(actor=actor, action=f"update_{kind}", summary=f"Revised {kind} {normalise_name(name)}") as ch:
        obj: Any = _LOOKUP[kind](ch.session, name)
        before = obj.version
        if ch.update(obj, expected_version=expected_version, **fields) and "description" in fields:
            mark_dependents(ch, obj, before, "description")
        return obj.name


def delete_entity(project: Project, kind: str, name: str, *, actor: str) -> str:
    """Delete a character, location or prop; shots stop referring to it."""
    _kind_class(kind)
    with project.change(actor=actor, action=f"delete_{kind}", summary=f"Deleted {kind} {normalise_name(name)}") as ch:
        obj: Any = _LOOKUP[kind](ch.session, name)
        for shot in ch.session.scalars(select(Shot)):
            if kind == "character" and obj in shot.characters:
                ch.update(shot, characters=[c for c in shot.characters if c.id != obj.id])
            elif kind == "prop" and obj in shot.props:
                ch.update(shot, props=[p for p in shot.props if p.id != obj.id])
            elif kind == "location" and shot.location_id == obj.id:
                ch.update(shot, location_id=None)
        delete_entity_links(ch, kind, obj.id)
        ch.delete(obj)
        return obj.name


def set_art_direction(
    project: Project,
    *,
    actor: str,
    style: str | None = None,
    palette: Sequence[str] | None = None,
    notes: str | None = None,
) -> ArtDirection:
    """Revise the film's look; every generated still is marked stale."""
    fields: dict[str, Any] = {}
    if style is not None:
        fields["style"] = _description(style)
    if notes is not None:
        fields["notes"] = _description(notes)
    if palette is not None:
        bad = [c for c in palette if not _HEX.match(c)]
        if bad:
            raise InvalidInputError(f"palette colours must look like #1a2b3c; got {', '.join(bad[:3])}")
        fields["palette"] = [c.lower() for c in palette]
    if not fields:
        raise InvalidInputError("nothing to change: give a style, a palette or notes")
    with project.change(actor=actor, action="set_art_direction", summary="Revised the art direction") as ch:
        art = ch.session.get(ArtDirection, 1) or ch.add(ArtDirection(id=1))
        assert isinstance(art, ArtDirection)
        before = art.version
        if ch.update(art, **fields):
            mark_dependents(ch, art, before, " and ".join(sorted(fields)))
        return art
