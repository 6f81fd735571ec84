"""The screenplay into the project: a parsed screenplay becomes its scenes, cast and locations (one recorded change).

The store reads no file format: it takes any parsed screenplay shaped like :class:`ParsedScreenplay`
(``agent.formats.fountain.FountainDocument`` is one). Writing it back out is :mod:`agent.exports.screenplay`.

An import is a script breakdown as well: every speaking character and every location named by a
scene heading becomes a character or location of the project (existing ones are kept as they are).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.changes import ChangeContext
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Branch, Character, Location, ProjectRow, Scene
from agent.project.story import MAX_SCENE_CHARS, delete_scene_rows, validate_heading
from agent.project.views import active_scenes, normalise_name

__all__ = [
    "ImportReport",
    "MAX_LABEL_CHARS",
    "ParsedScreenplay",
    "SceneSource",
    "clear_screenplay",
    "import_screenplay",
    "screenplay_sources",
]

MAX_LABEL_CHARS = 20
"""Scene numbers as written (``#12A#``) are stored in a 20-character column."""

SceneSource = tuple[str, str | None, str]
"""A scene as written: (heading, scene number or None, content as Fountain text)."""


class ParsedScene(Protocol):
    """A scene of a parsed screenplay, as the import reads it."""

    @property
    def heading(self) -> str:
        """The heading as written."""

    @property
    def number(self) -> str | None:
        """The scene number as written (``#12A#``), or None."""

    @property
    def content(self) -> str:
        """The scene body as Fountain text."""


class ParsedScreenplay(Protocol):
    """A parsed screenplay, as the import reads it (a ``FountainDocument`` is one)."""

    @property
    def title_page(self) -> Sequence[tuple[str, str]]:
        """The title page as (key, value) pairs."""

    @property
    def preamble(self) -> str:
        """The text before the first scene."""

    @property
    def scenes(self) -> Sequence[ParsedScene]:
        """The scenes in order."""

    @property
    def speaking_characters(self) -> list[str]:
        """Names with at least one line of dialogue, in order."""

    @property
    def locations(self) -> list[str]:
        """Locations named by the scene headings, in order."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    scenes: int
    characters_added: list[str] = field(default_factory=list)
    locations_added: list[str] = field(default_factory=list)
    skipped_names: list[str] = field(default_factory=list)
    """Names the breakdown could not use (too long to be a name); the scenes still hold them."""
    replaced_scenes: int = 0


def _scene_rows(doc: ParsedScreenplay) -> list[Scene]:
    """Turn parsed scenes into rows, refusing (one line) anything the store cannot hold."""
    rows: list[Scene] = []
    for number, parsed in enumerate(doc.scenes, start=1):
        try:
            heading = validate_heading(parsed.heading)
        except InvalidInputError as exc:
            raise InvalidInputError(f"scene {number}: {exc}") from None
        label = parsed.number.strip() if parsed.number else None
        if label is not None and len(label) > MAX_LABEL_CHARS:
            raise InvalidInputError(f"scene {number}: its number #{label}# is longer than {MAX_LABEL_CHARS} characters")
        content = parsed.content.strip("\n")
        if len(content) > MAX_SCENE_CHARS:
            raise InvalidInputError(f"scene {number} is longer than {MAX_SCENE_CHARS:,} characters")
        rows.append(
            Scene(branch_id=None, position=number, heading=heading, label=label or None, content=content, tags=[])
        )
    return rows


def _usable_names(names: Sequence[str]) -> tuple[list[str], list[str]]:
    usable: list[str] = []
    skipped: list[str] = []
    for name in names:
        try:
            canonical = normalise_name(name)
        except InvalidInputError:
            skipped.append(name[:60])
            continue
        if canonical not in usable:
            usable.append(canonical)
    return usable, skipped


def _add_missing(ch: ChangeContext, cls: type[Character] | type[Location], names: list[str]) -> list[str]:
    added: list[str] = []
    for name in names:
        if ch.session.scalar(select(cls.id).where(func.upper(cls.name) == name)) is None:
            ch.add(cls(name=name, description=""))
            added.append(name)
    return added


def _clear_screenplay(ch: ChangeContext) -> int:
    """Delete every scene (main line and branches, with their shots) and every branch; return the scene count."""
    s = ch.session
    row = s.get(ProjectRow, 1)
    if row is not None and row.active_branch_id is not None:
        ch.update(row, active_branch_id=None)
    count = len(active_scenes(s))
    for scene in list(s.scalars(select(Scene).order_by(Scene.branch_id.is_(None), Scene.id))):
        delete_scene_rows(ch, scene)
    for branch in list(s.scalars(select(Branch))):
        ch.delete(branch)
    return count


def clear_screenplay(project: Project, *, actor: str) -> int:
    """Empty the screenplay in one recorded change (undo brings it all back); return how many scenes were active.

    Every scene goes, branches too, as when a screenplay is replaced by an import: a blank page to start again on.
    Refuses (InvalidInputError, nothing changed) a screenplay that has no scenes.
    """
    with project.change(actor=actor, action="clear_screenplay", summary="Cleared the screenplay") as ch:
        if not ch.session.scalar(select(func.count()).select_from(Scene)):
            raise InvalidInputError("the screenplay has no scenes; there is nothing to clear")
        return _clear_screenplay(ch)


def import_screenplay(
    project: Project, doc: ParsedScreenplay, *, actor: str, replace: bool = False, source: str = "screenplay"
) -> ImportReport:
    """Make ``doc`` the project's screenplay in one recorded change, with its cast and locations.

    Refuses (InvalidInputError, nothing changed) a screenplay without scenes, and a project that
    already has scenes unless ``replace`` is set; replacing deletes the old scenes with their shots.
    """
    if not doc.scenes:
        raise InvalidInputError(f"{source} has no scene headings (INT./EXT. ...); nothing to import")
    rows = _scene_rows(doc)
    characters, skipped_c = _usable_names(doc.speaking_characters)
    locations, skipped_l = _usable_names(doc.locations)
    summary = f"Imported {source}: {len(rows)} scenes"
    with project.change(actor=actor, action="import_screenplay", summary=summary) as ch:
        s = ch.session
        existing = s.scalar(select(func.count()).select_from(Scene)) or 0
        if existing and not replace:
            raise InvalidInputError(
                f"the project already has {len(active_scenes(s))} scenes; import with --replace to replace them"
            )
        replaced = _clear_screenplay(ch) if existing else 0
        row = s.get(ProjectRow, 1)
        if row is None:
            raise InvalidInputError("the project has no project row; is it a Reelsmith project?")
        ch.update(row, title_page=[[k, v] for k, v in doc.title_page], preamble=doc.preamble)
        for scene in rows:
            ch.add(scene)
        return ImportReport(
            scenes=len(rows),
            characters_added=_add_missing(ch, Character, characters),
            locations_added=_add_missing(ch, Location, locations),
            skipped_names=skipped_c + skipped_l,
            replaced_scenes=replaced,
        )


def screenplay_sources(session: Session) -> tuple[list[tuple[str, str]], str, list[SceneSource]]:
    """Return (title page, preamble, scenes as written) of the screenplay on the active branch."""
    row = session.get(ProjectRow, 1)
    title_page = [(str(pair[0]), str(pair[1])) for pair in (row.title_page if row else [])]
    preamble = row.preamble if row else ""
    scenes = [(sc.heading, sc.label, sc.content) for sc in active_scenes(session)]
    return title_page, preamble, scenes
