"""Build the breakdown sheet of the active screenplay: per scene cast, extras, props, wardrobe, set, time, length."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.formats.breakdown import BreakdownRow
from agent.formats.fountain import heading_location, scene_characters, scene_elements
from agent.formats.script_terms import extras_in, interior_exterior, props_in, referent, time_of_day, wardrobe_in
from agent.project.project import Project
from agent.project.schema import Character, Location, Prop, Scene
from agent.project.timing import page_eighths
from agent.project.views import active_scenes, scene_by_number, shots_of_scene

__all__ = ["project_breakdown", "scene_breakdown"]

_INTRO = re.compile(r"\b([A-Z][A-Z0-9'\-]+(?: [A-Z][A-Z0-9'\-]+)*)\s*\(([^()]*)\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _action_text(content: str) -> list[str]:
    return [e.text for e in scene_elements(content) if e.type == "action"]


def _cast(session: Session, scene: Scene, names: list[str], action: str) -> list[str]:
    speaking = scene_characters(scene.content)
    seen = [n for n in names if re.search(rf"\b{re.escape(n)}\b", action.upper())]
    in_shots = [c.name for shot in shots_of_scene(session, scene.id) for c in shot.characters]
    return list(dict.fromkeys([*speaking, *seen, *in_shots]))


def _wardrobe(content: str, actions: list[str], cast: list[str]) -> list[str]:
    """Costume notes as 'NAME: item', from introductions ('IDA (70s, cardigan)') and later action lines.

    Clothing words in a line that points at nobody are left out: "shelves of single gloves" are props.
    """
    notes: dict[str, list[str]] = {}
    for action in actions:
        for name, inside in _INTRO.findall(action):
            if name in cast:
                worn = [part.strip() for part in inside.split(",") if wardrobe_in(part)]
                notes.setdefault(name, []).extend(worn)
        for sentence in _SENTENCE.split(_INTRO.sub(r"\1", action)):
            items = wardrobe_in(sentence)
            if not items:
                continue
            who = referent(content, sentence, cast)
            if len(who) == 1:
                already = " ".join(notes.get(who[0], [])).lower()
                notes.setdefault(who[0], []).extend(i for i in items if i not in already)
    return [f"{name}: {', '.join(dict.fromkeys(items))}" for name, items in notes.items() if items]


def _row(session: Session, scene: Scene, number: int, cast_names: list[str], places: set[str],
         prop_names: list[str]) -> BreakdownRow:
    actions = _action_text(scene.content)
    action = "\n".join(actions)
    cast = _cast(session, scene, cast_names, action)
    shot_props = [p.name for shot in shots_of_scene(session, scene.id) for p in shot.props]
    place = heading_location(scene.heading)
    shot_places = {session.get(Location, shot.location_id) for shot in shots_of_scene(session, scene.id)
                   if shot.location_id}
    locations = list(dict.fromkeys([*([place] if place else []), *sorted(loc.name for loc in shot_places if loc)]))
    return BreakdownRow(
        scene=number,
        heading=scene.heading,
        int_ext=interior_exterior(scene.heading),
        time_of_day=time_of_day(scene.heading),
        locations=[loc for loc in locations if loc in places or loc == place],
        eighths=page_eighths(scene.content),
        cast=cast,
        extras=extras_in(action),
        props=list(dict.fromkeys([*props_in(action, prop_names), *shot_props])),
        wardrobe=_wardrobe(scene.content, actions, cast),
    )


def _names(session: Session) -> tuple[list[str], set[str], list[str]]:
    return (list(session.scalars(select(Character.name))), set(session.scalars(select(Location.name))),
            list(session.scalars(select(Prop.name))))


def project_breakdown(project: Project) -> list[BreakdownRow]:
    """Return the breakdown of every scene of the active screenplay, in order."""
    with project.read() as s:
        cast, places, props = _names(s)
        return [_row(s, scene, i, cast, places, props) for i, scene in enumerate(active_scenes(s), start=1)]


def scene_breakdown(project: Project, scene_number: int) -> BreakdownRow:
    """Return one scene's breakdown.

    Raises:
        NotFoundError: there is no such scene.
    """
    with project.read() as s:
        scene = scene_by_number(s, scene_number)
        cast, places, props = _names(s)
        return _row(s, scene, scene_number, cast, places, props)
