"""Notes and tags on shots; a location's setting (interior, exterior) and tags. Each change is recorded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Asset, AssetLink
from agent.project.views import location_by_name, shot_by_number

__all__ = ["SETTINGS", "note_shot", "tag_shot", "set_location_details", "clean_tags", "set_reference_side",
           "side_reference", "place_references"]

SETTINGS = ("interior", "exterior", "both")
MAX_NOTES = 4_000
MAX_TAGS = 20


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Return tags as stored: lower case, single words joined by '-', no repeats; InvalidInputError for junk."""
    out: list[str] = []
    for tag in tags:
        word = re.sub(r"[^a-z0-9]+", "-", tag.strip().lower()).strip("-")
        if not word or len(word) > 40:
            raise InvalidInputError(f"{tag[:50]!r} is not a tag (1-40 letters, digits or -)")
        if word not in out:
            out.append(word)
    return out


def note_shot(project: Project, scene_number: int, shot_number: int, text: str, *, actor: str,
              replace: bool = False) -> str:
    """Add a line to a shot's notes (or replace them; empty text with ``replace`` clears them); return the notes."""
    text = " ".join(text.split())
    if not text and not replace:
        raise InvalidInputError("say what the note is")
    with project.change(actor=actor, action="note_shot", summary=f"Noted shot {scene_number}.{shot_number}") as ch:
        shot = shot_by_number(ch.session, scene_number, shot_number)
        notes = text if replace else "\n".join(n for n in (shot.notes, text) if n)
        if len(notes) > MAX_NOTES:
            raise InvalidInputError(f"a shot's notes are limited to {MAX_NOTES:,} characters")
        if not ch.update(shot, notes=notes, bump=False):  # a note is not a new version of the shot's card
            raise InvalidInputError("the shot's notes already say that")
        return notes


def tag_shot(project: Project, scene_number: int, shot_number: int, tags: Sequence[str], *, actor: str,
             remove: bool = False) -> list[str]:
    """Add (or remove) tags on a shot; return its tags."""
    wanted = clean_tags(tags)
    if not wanted:
        raise InvalidInputError("say which tag")
    with project.change(actor=actor, action="tag_shot", summary=f"Tagged shot {scene_number}.{shot_number}") as ch:
        shot = shot_by_number(ch.session, scene_number, shot_number)
        now = [t for t in shot.tags if t not in wanted] if remove else list(dict.fromkeys([*shot.tags, *wanted]))
        if len(now) > MAX_TAGS:
            raise InvalidInputError(f"a shot takes up to {MAX_TAGS} tags")
        if not ch.update(shot, tags=now, bump=False):
            raise InvalidInputError(f"shot {scene_number}.{shot_number} {'has no' if remove else 'already has'} "
                                    f"tag {', '.join(wanted)}")
        return now


def set_location_details(
    project: Project, name: str, *, actor: str, setting: str | None = None, tags: Sequence[str] | None = None,
    remove_tags: bool = False,
) -> tuple[str, str, list[str]]:
    """Set a location's setting (interior, exterior, both) and/or add or remove tags; return (name, setting, tags)."""
    if setting is not None and setting not in SETTINGS:
        raise InvalidInputError(f"a location is {', '.join(SETTINGS[:-1])} or {SETTINGS[-1]}, not {setting!r}")
    wanted = clean_tags(tags) if tags is not None else None
    if setting is None and not wanted:
        raise InvalidInputError("nothing to change: give interior/exterior or tags")
    with project.change(actor=actor, action="set_location_details", summary=f"Set details of {name.strip()}") as ch:
        place = location_by_name(ch.session, name)
        fields: dict[str, Any] = {}
        if setting is not None:
            fields["setting"] = setting
        if wanted:
            fields["tags"] = ([t for t in place.tags if t not in wanted] if remove_tags
                              else list(dict.fromkeys([*place.tags, *wanted])))
        if not ch.update(place, **fields):
            raise InvalidInputError(f"{place.name} is that way already")
        return place.name, place.setting, list(place.tags)


_SIDES = ("interior", "exterior")


def set_reference_side(project: Project, name: str, asset_id: int, side: str, *, actor: str) -> str:
    """Mark a location's reference image as showing its interior or its exterior; return the location's name.

    A still of an INT. scene there is then drawn from the interior reference, an EXT. one from the exterior.
    """
    if side not in _SIDES:
        raise InvalidInputError(f"a reference shows the interior or the exterior, not {side!r}")
    summary = f"Marked a reference of {name.strip()} as the {side}"
    with project.change(actor=actor, action="set_reference_side", summary=summary) as ch:
        place = location_by_name(ch.session, name)
        link = ch.session.scalar(select(AssetLink).where(
            AssetLink.entity_type == "location", AssetLink.entity_id == place.id, AssetLink.asset_id == asset_id,
            AssetLink.role == "reference", AssetLink.status == "approved").order_by(AssetLink.id.desc()))
        if link is None:
            raise InvalidInputError(f"asset {asset_id} is not an approved reference of {place.name}")
        if not ch.update(link, note=side):
            raise InvalidInputError(f"that reference already shows the {side}")
        return place.name


def side_reference(session: Session, location_id: int, setting: str | None) -> Asset | None:
    """Return the newest approved reference image of a location that shows this side (INT or EXT), if any."""
    side = {"INT": "interior", "EXT": "exterior"}.get((setting or "").upper())
    if side is None:
        return None
    link = session.scalar(select(AssetLink).join(Asset, Asset.id == AssetLink.asset_id).where(
        AssetLink.entity_type == "location", AssetLink.entity_id == location_id, AssetLink.role == "reference",
        AssetLink.status == "approved", AssetLink.note == side, Asset.kind == "image")
        .order_by(AssetLink.id.desc()))
    return session.get(Asset, link.asset_id) if link is not None else None


def place_references(session: Session) -> dict[int, list[dict[str, object]]]:
    """Return each location's approved reference images with the side they show (None: not said)."""
    out: dict[int, list[dict[str, object]]] = {}
    rows = session.execute(select(AssetLink.entity_id, AssetLink.asset_id, AssetLink.note).where(
        AssetLink.entity_type == "location", AssetLink.role == "reference", AssetLink.status == "approved")
        .order_by(AssetLink.id))
    for location_id, asset_id, note in rows:
        out.setdefault(location_id, []).append({"asset": asset_id, "side": note if note in _SIDES else None})
    return out
