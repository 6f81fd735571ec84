"""Costumes: wardrobe entities worn by a character in every scene or in the scenes they are linked to.

A costume goes into the prompt of every still that shows its character in one of its scenes, so adding,
revising or relinking one marks those stills stale (with the costume as the reason), as a revised character does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.changes import ChangeContext
from agent.project.deps import mark_shots_stale
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.project import Project
from agent.project.schema import AssetLink, Character, Costume, Shot, shot_characters
from agent.project.views import active_scenes, character_by_name, normalise_name, scene_by_number

__all__ = ["KEEP", "add_costume", "revise_costume", "link_costume", "costume_name", "wearer_of", "worn_in",
           "costume_views"]

MAX_DESCRIPTION = 2_000
KEEP: Any = object()
"""``link_costume``'s default for ``character``: leave the wearer as it is."""


def costume_name(description: str, character: str | None) -> str:
    """Name a costume from its description's first phrase and its wearer ("JUNO YELLOW RAINCOAT")."""
    phrase = re.split(r"\s+(?:with|and|over|under|that|which|to|from|in|on|at|for|of)\s+|[,;:.]|"
                      r"\s+\w+ed\s+(?=(?:to|up|down|at|in|on|over|around|round|by|across)\b)",
                      description.strip(), maxsplit=1)[0]  # "a wool coat fastened up to the chin": WOOL COAT
    words = [w for w in re.findall(r"[A-Za-z'-]+", phrase) if w.lower() not in ("a", "an", "the", "her", "his")]
    base = " ".join(words[:4]).upper() or "COSTUME"
    return f"{character} {base}" if character and not base.startswith(character) else base


def _description(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInputError("say what the costume looks like")
    if len(text) > MAX_DESCRIPTION:
        raise InvalidInputError(f"a costume description is limited to {MAX_DESCRIPTION:,} characters")
    return text


def _by_name(session: Session, name: str) -> Costume:
    """Find a costume by its name, a word only its name has ("the raincoat") or its only wearer's name."""
    found = session.scalar(select(Costume).where(func.upper(Costume.name) == normalise_name(name)))
    if found is not None:
        return found

    costumes = list(session.scalars(select(Costume).order_by(Costume.id)))
    wearers = dict(session.execute(select(Character.id, Character.name)).tuples().all())
    said = set(re.findall(r"[a-z0-9'-]+", name.lower()))
    for words in (lambda c: set(c.name.lower().split()) - {str(wearers.get(c.character_id, "")).lower()},
                  lambda c: {str(wearers.get(c.character_id, "")).lower()}):
        fits = [c for c in costumes if {w for w in words(c) if len(w) >= 3} & said]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            raise InvalidInputError(f"which costume: {', '.join(c.name for c in fits)}?")
    names = ", ".join(c.name for c in costumes) or "none yet"
    raise NotFoundError(f"no costume called {normalise_name(name)[:60]}; costumes: {names}")


def _scene_ids(session: Session, numbers: Sequence[int]) -> list[int]:
    scenes = active_scenes(session)
    return sorted({scene_by_number(session, n, scenes).id for n in numbers})


def _dressed_shots(session: Session, costume: Costume) -> list[int]:
    """Return the shots with a still that show the costume's wearer in one of its scenes."""
    if costume.character_id is None:
        return []
    stmt = (select(Shot.id).join(shot_characters, shot_characters.c.shot_id == Shot.id)
            .where(shot_characters.c.character_id == costume.character_id)
            .where(Shot.id.in_(select(AssetLink.entity_id).where(AssetLink.entity_type == "shot",
                                                                 AssetLink.role == "still"))))
    if costume.scene_ids:
        stmt = stmt.where(Shot.scene_id.in_(list(costume.scene_ids)))
    return sorted(set(session.scalars(stmt)))


def _mark(ch: ChangeContext, costume: Costume, before: int, what: str, earlier: list[int]) -> int:
    shots = sorted(set(earlier) | set(_dressed_shots(ch.session, costume)))
    reason = f"costume {costume.name} {what} (v{before} -> v{costume.version})"
    return mark_shots_stale(ch, shots, costume, before, reason)


def add_costume(project: Project, name: str | None, description: str, *, actor: str, character: str | None = None,
                scenes: Sequence[int] = ()) -> str:
    """Add a costume, worn by ``character`` (in ``scenes``, else every scene of theirs); return its name."""
    description = _description(description)
    with project.read() as s:  # the change's summary names the costume, so the name is settled first
        wearer = character_by_name(s, character) if character else None
        worn_by = wearer.name if wearer else None
    canonical = normalise_name(name) if name and name.strip() else costume_name(description, worn_by)
    with project.change(actor=actor, action="add_costume", summary=f"Added costume {canonical}") as ch:
        if ch.session.scalar(select(Costume.id).where(func.upper(Costume.name) == canonical)) is not None:
            raise InvalidInputError(f"a costume named {canonical} already exists")
        wearer = character_by_name(ch.session, worn_by) if worn_by else None
        costume = Costume(name=canonical, description=description, character_id=wearer.id if wearer else None,
                          scene_ids=_scene_ids(ch.session, scenes))
        ch.add(costume)
        _mark(ch, costume, 0, "was added", [])
        return canonical


def revise_costume(project: Project, name: str, description: str, *, actor: str) -> tuple[str, int]:
    """Change what a costume looks like; return its name and how many stills went stale."""
    description = _description(description)
    with project.change(actor=actor, action="revise_costume", summary=f"Revised costume {normalise_name(name)}") as ch:
        costume = _by_name(ch.session, name)
        before = costume.version
        if not ch.update(costume, description=description):
            raise InvalidInputError(f"costume {costume.name} already reads that way")
        return costume.name, _mark(ch, costume, before, "changed", [])


def link_costume(project: Project, name: str, *, actor: str, character: Any = KEEP,
                 scenes: Sequence[int] | None = None) -> str:
    """Give a costume a wearer (a name; None for nobody) and/or its scenes (empty: all of theirs); return its name."""
    if character is KEEP and scenes is None:
        raise InvalidInputError("say who wears the costume or in which scenes")
    with project.change(actor=actor, action="link_costume", summary=f"Linked costume {normalise_name(name)}") as ch:
        costume = _by_name(ch.session, name)
        before, earlier = costume.version, _dressed_shots(ch.session, costume)
        fields: dict[str, Any] = {}
        if character is not KEEP:
            fields["character_id"] = character_by_name(ch.session, character).id if character else None
        if scenes is not None:
            fields["scene_ids"] = _scene_ids(ch.session, scenes)
        if not ch.update(costume, **fields):
            raise InvalidInputError(f"costume {costume.name} is linked that way already")
        _mark(ch, costume, before, "was relinked", earlier)
        return costume.name


def wearer_of(session: Session, name: str) -> str | None:
    """Return the name of who wears a costume (found as ``link_costume`` finds it), else None."""
    try:
        costume = _by_name(session, name)
    except (InvalidInputError, NotFoundError):
        return None
    wearer = session.get(Character, costume.character_id) if costume.character_id else None
    return wearer.name if wearer else None


def worn_in(session: Session, character_id: int, scene_id: int | None) -> list[str]:
    """Return the descriptions of the costumes a character wears in a scene (their scene-less ones too)."""
    rows = session.scalars(select(Costume).where(Costume.character_id == character_id).order_by(Costume.id))
    return [c.description for c in rows if not c.scene_ids or scene_id in c.scene_ids]


def costume_views(session: Session, scene_numbers: dict[int, int]) -> list[dict[str, Any]]:
    """Return the snapshot's ``costumes``: name, description, wearer, scene numbers (empty: all) and version."""
    names = dict(session.execute(select(Character.id, Character.name)).tuples().all())
    return [{"name": c.name, "description": c.description,
             "character": names.get(c.character_id) if c.character_id else None,
             "scenes": sorted(scene_numbers[i] for i in c.scene_ids if i in scene_numbers), "version": c.version}
            for c in session.scalars(select(Costume).order_by(Costume.id))]
