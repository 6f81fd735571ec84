"""Edits that touch many rows at once but are one change to the film-maker: swap two scenes, rename a character."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.changes import ChangeContext
from agent.project.deps import mark_dependents
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Character, Location, Prop, Shot
from agent.project.views import active_scenes, character_by_name, location_by_name, normalise_name, scene_by_number

__all__ = ["place_prop", "rename_character", "rename_location", "swap_scenes"]


def swap_scenes(project: Project, first: int, second: int, *, actor: str) -> tuple[str, str]:
    """Swap the places of two scenes (nothing else about them changes); return both headings."""
    if first == second:
        raise InvalidInputError(f"scene {first} cannot be swapped with itself")
    with project.change(actor=actor, action="swap_scenes", summary=f"Swapped scenes {first} and {second}") as ch:
        scenes = active_scenes(ch.session)
        a = scene_by_number(ch.session, first, scenes)
        b = scene_by_number(ch.session, second, scenes)
        if a.branch_id != b.branch_id:
            raise InvalidInputError("scenes on different branches cannot be swapped")
        pos_a, pos_b = a.position, b.position
        # Positions are unique per branch: park one scene out of the way first.
        ch.update(a, position=-1, bump=False)
        ch.session.flush()
        ch.update(b, position=pos_a, bump=False)
        ch.session.flush()
        ch.update(a, position=pos_b, bump=False)
        return a.heading, b.heading


def _rename_in_text(text: str, old: str, new: str) -> str:
    """Replace a name in screenplay text: cues and shouting in capitals, prose in title case, possessives kept."""
    title_old, title_new = old.title(), new.title()
    text = re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new, text)
    return re.sub(rf"(?<![\w]){re.escape(title_old)}(?![\w])", title_new, text)


def _rename_everywhere(ch: ChangeContext, old: str, new: str) -> tuple[int, int]:
    """Rename a name in every active scene (heading and text: new versions) and shot card; return both counts."""
    scenes_changed = 0
    for scene in active_scenes(ch.session):
        content = _rename_in_text(scene.content, old, new)
        heading = _rename_in_text(scene.heading, old, new)
        if content != scene.content or heading != scene.heading:
            before = scene.version
            if ch.update(scene, content=content, heading=heading):
                mark_dependents(ch, scene, before, "content")
                scenes_changed += 1
    shots_changed = 0
    for shot in ch.session.scalars(select(Shot)):
        text = _rename_in_text(shot.description, old, new)
        if text != shot.description:
            ch.update(shot, description=text, bump=False)
            shots_changed += 1
    return scenes_changed, shots_changed


_Named = Character | Location
_RENAMABLE: dict[str, tuple[type[Character] | type[Location], Callable[[Session, str], _Named]]] = {
    "character": (Character, character_by_name),
    "location": (Location, location_by_name),
}


def _rename_entity(project: Project, kind: str, old_name: str, new_name: str, *, actor: str) -> tuple[str, int, int]:
    new = normalise_name(new_name)
    cls, by_name = _RENAMABLE[kind]
    with project.change(actor=actor, action=f"rename_{kind}", summary=f"Renamed {normalise_name(old_name)} to "
                        f"{new}") as ch:
        row = by_name(ch.session, old_name)
        old = row.name
        if new == old:
            raise InvalidInputError(f"{old} is already called that")
        if ch.session.scalar(select(cls.id).where(func.upper(cls.name) == new)) is not None:
            raise InvalidInputError(f"a {kind} named {new} already exists")
        ch.update(row, name=new)
        return (new, *_rename_everywhere(ch, old, new))


def rename_character(project: Project, old_name: str, new_name: str, *, actor: str) -> tuple[str, int, int]:
    """Rename a character everywhere: the cast, every scene's text and shot descriptions.

    Returns (new canonical name, scenes changed, shots changed). Scenes whose text changed get a new
    version and their stills go stale, as with any rewrite.
    """
    return _rename_entity(project, "character", old_name, new_name, actor=actor)


def rename_location(project: Project, old_name: str, new_name: str, *, actor: str) -> tuple[str, int, int]:
    """Rename a location everywhere: the locations, every scene heading and text that names it, shot cards.

    Returns (new canonical name, scenes changed, shots changed); changed scenes get a new version.
    """
    return _rename_entity(project, "location", old_name, new_name, actor=actor)


def place_prop(project: Project, name: str, scene_number: int, line: str, *, actor: str) -> tuple[str, bool, int]:
    """Put a prop into a scene as one change: the prop joins the props if it is new, the scene gets ``line``.

    ``line`` is the action paragraph that shows the prop; it goes after the scene's first paragraph.
    Returns (canonical name, whether the prop was new, the scene's new version).
    """
    canonical = normalise_name(name)
    with project.change(actor=actor, action="put_prop_in_scene",
                        summary=f"Put {canonical} in scene {scene_number}") as ch:
        scene = scene_by_number(ch.session, scene_number)
        if re.search(rf"(?<![\w]){re.escape(canonical)}(?![\w])", scene.content, re.IGNORECASE):
            raise InvalidInputError(f"{canonical} is already in scene {scene_number}")
        prop = ch.session.scalar(select(Prop).where(func.upper(Prop.name) == canonical))
        created = prop is None
        if created:
            ch.add(Prop(name=canonical, description=""))
        paragraphs = scene.content.split("\n\n") if scene.content else []
        body = "\n\n".join([*paragraphs[:1], line.strip(), *paragraphs[1:]])
        before = scene.version
        if ch.update(scene, content=body):
            mark_dependents(ch, scene, before, "content")
        return (prop.name if prop is not None else canonical), created, scene.version
