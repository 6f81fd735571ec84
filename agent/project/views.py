"""Read helpers: the screenplay as it stands on the active branch, and lookups by number or name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.errors import NotFoundError
from agent.project.schema import (
    PHASES,
    ArtDirection,
    AssetLink,
    Branch,
    Character,
    Location,
    ProjectRow,
    Prop,
    Scene,
    Shot,
)
from agent.project.text import clean_line

__all__ = [
    "current_phase",
    "active_branch",
    "active_scenes",
    "active_scene_headings",
    "scene_by_number",
    "scene_number_of",
    "shot_by_number",
    "shots_of_scene",
    "character_by_name",
    "location_by_name",
    "prop_by_name",
    "normalise_name",
]


_T = TypeVar("_T")


def active_branch(session: Session) -> Branch | None:
    """Return the active branch, or None for the main line."""
    row = session.get(ProjectRow, 1)
    if row is None or row.active_branch_id is None:
        return None
    return session.get(Branch, row.active_branch_id)


def _on_branch(main: list[_T], alt: list[_T], replaced: set[int], key: Callable[[_T], int]) -> list[_T]:
    out: list[_T] = []
    inserted = False
    for item in main:
        if key(item) in replaced:
            if not inserted:
                out.extend(alt)
                inserted = True
            continue
        out.append(item)
    if not inserted:
        out.extend(alt)
    return out


def active_scenes(session: Session) -> list[Scene]:
    """Return the screenplay's scenes in order, as seen on the active branch."""
    main = list(session.scalars(select(Scene).where(Scene.branch_id.is_(None)).order_by(Scene.position)))
    branch = active_branch(session)
    if branch is None:
        return main
    alt = list(session.scalars(select(Scene).where(Scene.branch_id == branch.id).order_by(Scene.position)))
    return _on_branch(main, alt, set(branch.replaces), lambda sc: sc.id)


def active_scene_headings(session: Session) -> list[tuple[int, str]]:
    """Return (id, heading) of the active screenplay's scenes in order, without loading their text."""

    def rows(branch_id: int | None) -> list[tuple[int, str]]:
        where = Scene.branch_id.is_(None) if branch_id is None else Scene.branch_id == branch_id
        return [
            (i, h) for i, h in session.execute(select(Scene.id, Scene.heading).where(where).order_by(Scene.position))
        ]

    branch = active_branch(session)
    if branch is None:
        return rows(None)
    return _on_branch(rows(None), rows(branch.id), set(branch.replaces), lambda r: r[0])


def _scene_count_error(n: int, count: int) -> NotFoundError:
    if count == 0:
        return NotFoundError(f"scene {n} does not exist; the screenplay has no scenes yet")
    return NotFoundError(f"scene {n} does not exist; the screenplay has {count} scene{'s' if count != 1 else ''}")


def scene_by_number(session: Session, number: int, scenes: Sequence[Scene] | None = None) -> Scene:
    """Return scene ``number`` (1-based, on the active branch) or raise a NotFoundError that says the range."""
    if scenes is not None:
        if not isinstance(number, int) or number < 1 or number > len(scenes):
            raise _scene_count_error(number, len(scenes))
        return scenes[number - 1]
    # Ids and headings, then the one row: loading every scene's text to pick one cost each tool call milliseconds.
    headings = active_scene_headings(session)
    if not isinstance(number, int) or number < 1 or number > len(headings):
        raise _scene_count_error(number, len(headings))
    scene = session.get(Scene, headings[number - 1][0])
    if scene is None:  # not in a transaction's snapshot; kept as a clear error all the same
        raise _scene_count_error(number, len(headings))
    return scene


def scene_number_of(session: Session, scene_id: int, scenes: Sequence[Scene] | None = None) -> int | None:
    """Return a scene's 1-based number on the active branch (None when it is not on it)."""
    scenes = active_scenes(session) if scenes is None else scenes
    for i, scene in enumerate(scenes, start=1):
        if scene.id == scene_id:
            return i
    return None


def shots_of_scene(session: Session, scene_id: int) -> list[Shot]:
    """Return a scene's shots in order."""
    return list(session.scalars(select(Shot).where(Shot.scene_id == scene_id).order_by(Shot.number)))


def shot_by_number(session: Session, scene_number: int, shot_number: int) -> Shot:
    """Return shot ``shot_number`` of scene ``scene_number`` (negative: from the end) or raise a NotFoundError."""
    scene = scene_by_number(session, scene_number)
    if shot_number < 0:  # -1 is the last shot, -2 the one before (how "the last shot" is said without counting)
        count = session.scalar(select(func.count()).select_from(Shot).where(Shot.scene_id == scene.id)) or 0
        shot_number = count + 1 + shot_number if count + 1 + shot_number >= 1 else 0
    shot = session.scalar(select(Shot).where(Shot.scene_id == scene.id, Shot.number == shot_number))
    if shot is None:
        count = session.scalar(select(func.count()).select_from(Shot).where(Shot.scene_id == scene.id)) or 0
        if count == 0:
            raise NotFoundError(f"scene {scene_number} has no shots yet; break it into shots first")
        raise NotFoundError(f"shot {shot_number} does not exist; scene {scene_number} has {count} shots")
    return shot


def normalise_name(name: str) -> str:
    """Return the canonical form of an entity name (one clean line, see ``agent.project.text``, uppercase)."""
    return clean_line(name, what="a name", max_chars=100).upper()


def _by_name(session: Session, cls: type[Character] | type[Location] | type[Prop], name: str, kind: str):  # type: ignore[no-untyped-def]
    wanted = normalise_name(name)
    obj = session.scalar(select(cls).where(func.upper(cls.name) == wanted))
    if obj is None:
        names = sorted(session.scalars(select(cls.name)))
        known = ", ".join(names[:12]) if names else "none yet"
        raise NotFoundError(f"no {kind} named {wanted}; known {kind}s: {known}")
    return obj


def character_by_name(session: Session, name: str) -> Character:
    """Return a character by name (case-insensitive)."""
    obj: Character = _by_name(session, Character, name, "character")
    return obj


def location_by_name(session: Session, name: str) -> Location:
    """Return a location by name (case-insensitive)."""
    obj: Location = _by_name(session, Location, name, "location")
    return obj


def prop_by_name(session: Session, name: str) -> Prop:
    """Return a prop by name (case-insensitive)."""
    obj: Prop = _by_name(session, Prop, name, "prop")
    return obj


def current_phase(session: Session) -> str:
    """Return where the film is: the furthest of the stored phase and what the project shows.

    story (only words so far) -> design (a look or cast descriptions) -> shooting (shot cards)
    -> generate (media made for shots).
    """
    row = session.get(ProjectRow, 1)
    stored = row.phase if row is not None and row.phase in PHASES else "story"
    if session.scalar(select(AssetLink.id).where(AssetLink.entity_type == "shot").limit(1)) is not None:
        shown = "generate"
    elif session.scalar(select(Shot.id).limit(1)) is not None:
        shown = "shooting"
    else:
        art = session.get(ArtDirection, 1)
        described = session.scalar(select(Character.id).where(Character.description != "").limit(1)) is not None
        references = AssetLink.role.in_(("headshot", "reference"))
        pictured = session.scalar(select(AssetLink.id).where(references, AssetLink.entity_type != "project"))
        looked = art is not None and bool(art.style or art.palette)
        shown = "design" if looked or described or pictured is not None else "story"
    return max(stored, shown, key=PHASES.index)
