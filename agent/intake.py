"""Bring files into a project: a new project from a .fountain screenplay, a screenplay or media file into one.

Every front end (``reelsmith new`` and ``import``, the eval runner, the UI's demo project and its uploads)
comes here through :class:`agent.session.Session`, so a screenplay is read, sized and imported one way.
"""

from __future__ import annotations

import contextlib
import mimetypes
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.assets import kind_of, sniff_mime
from agent.config import Settings
from agent.formats.errors import FountainError
from agent.formats.fountain import DEFAULT_MAX_BYTES, FountainDocument, parse_fountain_bytes, screenplay_title
from agent.project import InvalidInputError, Project, library
from agent.project.impact import Impact, of_replace_screenplay
from agent.project.screenplay import ImportReport, import_screenplay

__all__ = [
    "Created", "Imported", "create_from_fountain", "import_file", "project_exists", "read_screenplay",
    "SCREENPLAY_SUFFIXES",
]

SCREENPLAY_SUFFIXES = (".fountain", ".spmd", ".txt")
"""Names a screenplay file may carry (media is recognised by its bytes, not its name)."""


@dataclass(frozen=True)
class Created:
    """A project made by :func:`create_from_fountain` (the ``reelsmith new --json`` shape)."""

    path: Path
    name: str
    scenes: int = 0
    characters: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the ``reelsmith new --json`` object."""
        return {"path": str(self.path), "name": self.name, "scenes": self.scenes,
                "characters": list(self.characters), "locations": list(self.locations)}


@dataclass(frozen=True)
class Imported:
    """What :func:`import_file` did: the ``reelsmith import --json`` object and one sentence for people."""

    result: dict[str, Any]
    message: str


def read_screenplay(path: Path) -> FountainDocument:
    """Read a .fountain file (size-checked before reading); raise FountainError or FileNotFoundError in one line."""
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if path.stat().st_size > DEFAULT_MAX_BYTES:
        raise FountainError(f"{path.name} is larger than the {DEFAULT_MAX_BYTES:,}-byte screenplay limit")
    return parse_fountain_bytes(path.read_bytes())


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """Yield a temp folder beside ``target``; rename it onto ``target`` on success, remove all trace on failure."""
    missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield tmp
        if target.exists():
            target.rmdir()  # known to be empty: checked before anything was made
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for folder in missing:  # nearest first, so each is empty when its turn comes
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def project_exists(folder: Path) -> bool:
    """Tell whether ``folder`` holds a project."""
    return Project.exists(folder)


def create_from_fountain(folder: Path, source: Path | None, *, settings: Settings, name: str | None = None,
                         staged: bool = True) -> Created:
    """Create a project in ``folder`` from a screenplay, or an empty one.

    The project is named ``name``, else the screenplay's title, else the folder. ``staged`` (the default)
    builds it beside ``folder`` and renames it into place, so a failure leaves no trace; ``folder`` must be
    absent or empty (FileExistsError). Unstaged, it is built inside ``folder`` as it is (a server's mounted
    volume cannot be renamed onto). A bad screenplay raises FountainError in one line before anything is made.
    """
    target = folder.resolve()
    if staged and target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{folder} already exists and is not empty")
    doc = read_screenplay(source) if source is not None else None
    name = name or (screenplay_title(doc) if doc is not None else None) or target.name
    with _staging(target) if staged else _in_place(target) as where:
        project = Project.create(where, name=name, max_asset_bytes=settings.max_asset_bytes,
                                 database_url=settings.database_url)
        try:
            report = import_screenplay(project, doc, actor="user", source=source.name) if doc and source else None
        finally:
            project.close()
    if report is None:
        return Created(folder, name)
    return Created(folder, name, report.scenes, list(report.characters_added), list(report.locations_added))


@contextlib.contextmanager
def _in_place(target: Path) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    yield target


def _screenplay_result(report: ImportReport) -> dict[str, Any]:
    return {"scenes": report.scenes, "replaced_scenes": report.replaced_scenes,
            "characters_added": report.characters_added, "locations_added": report.locations_added,
            "skipped_names": report.skipped_names}


def import_file(project: Project, path: Path, *, settings: Settings, for_name: str | None = None,
                replace: bool = False, confirm: Callable[[Impact], None] | None = None) -> Imported:
    """Import a .fountain screenplay, an image, a video or a sound file into ``project``.

    Media is linked to the cast member, location or prop ``for_name`` names (else the project). With
    ``replace`` a screenplay replaces the current one; ``confirm`` sees what that would remove first and
    raises to refuse. Bad input raises one line (InvalidInputError, FountainError, OSError) and changes nothing.
    """
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with path.open("rb") as fh:
        mime = sniff_mime(fh.read(64))
    claimed = mimetypes.guess_type(path.name)[0] or ""
    if kind_of(claimed) in ("image", "video", "audio") and (mime is None or kind_of(mime) != kind_of(claimed)):
        content = mime or "not media"
        raise InvalidInputError(f"{path.name} is named like {kind_of(claimed)} but its content is {content}")
    if mime is not None and kind_of(mime) in ("image", "video", "audio"):
        if replace:
            raise InvalidInputError("--replace applies to a screenplay, not to media files")
        if path.stat().st_size > settings.max_upload_bytes:
            raise InvalidInputError(f"{path.name} is larger than the {settings.max_upload_bytes:,}-byte upload limit")
        result = library.import_media(project, path, path.read_bytes(), for_name)
        return Imported(result, f"Imported {path.name} as asset {result['asset']} "
                                f"({result['role']} of {result['linked_to']['name']}).")
    if mime is not None and path.suffix.lower() not in SCREENPLAY_SUFFIXES:
        raise InvalidInputError(f"{path.name} is {mime}: import takes a .fountain screenplay, an image or audio")
    if for_name:
        raise InvalidInputError("--for applies to images and audio, not to a screenplay")
    doc = read_screenplay(path)
    if replace and confirm is not None:
        with project.read() as s:
            confirm(of_replace_screenplay(s, path.name))
    report = import_screenplay(project, doc, actor="user", replace=replace, source=path.name)
    return Imported(_screenplay_result(report), f"Imported {report.scenes} scenes from {path.name}.")
