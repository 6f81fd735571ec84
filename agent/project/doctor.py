"""Check a project for damage and leftovers: integrity, asset rows without files, files without rows.

A file younger than the grace period may belong to a write still in progress (a temp file about to be
renamed, a stored file whose row is not committed yet), so it is counted but never reported or removed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select

from agent.project.errors import InvalidInputError
from agent.project.project import DB_NAME, Project
from agent.project.schema import Asset
from agent.project.schema_check import schema_difference

__all__ = ["DEFAULT_GRACE_S", "DoctorReport", "doctor"]

_WORK_DIR_MARK = ".partial-work-"
"""Matches agent.media.output.WORK_DIR_MARK (not imported: doctor must not load the media stack)."""

DEFAULT_GRACE_S = 600.0
"""Files younger than this may belong to a write still in progress; doctor leaves them alone."""


class DoctorReport(BaseModel):
    """What ``doctor`` found (and removed); paths are relative to the project folder, POSIX style."""

    integrity_ok: bool = Field(description="Whether SQLite's integrity check passed.")
    schema_problem: str | None = Field(
        default=None, description="How the schema differs from our migrations' (a trigger or view of its own...)."
    )
    missing_files: list[str] = Field(description="Asset paths that have a row but no file.")
    unsafe_paths: list[str] = Field(
        default_factory=list,
        description="Asset paths that lead outside assets/ (absolute, '..', or through a symlink); never used.",
    )
    orphan_files: list[str] = Field(description="Stored files and thumbnails that no asset row names.")
    temp_files: list[str] = Field(
        description="Leftover temp and partial files (and render scratch folders) from interrupted writes."
    )
    recent_left_alone: int = Field(description="Orphan or temp files younger than the grace period, left alone.")
    removed: int = Field(description="Files removed by the repair (0 without repair).")
    healthy: bool = Field(
        description="Integrity ok, no missing files, and no orphan or temp files left (or they were removed)."
    )


def doctor(project: Project, *, grace_s: float = DEFAULT_GRACE_S, repair: bool = False) -> DoctorReport:
    """Check the project; with ``repair``, remove orphan and temp files older than ``grace_s`` seconds.

    Missing files, asset paths leading outside ``assets/``, a schema our migrations did not make and a failed
    integrity check are reported, never repaired: only a person can decide.

    Raises:
        InvalidInputError: ``grace_s`` is negative.
    """
    if grace_s < 0:
        raise InvalidInputError("the grace period must be zero or more seconds")
    integrity_ok = project.integrity_ok()
    # A PostgreSQL schema only ever comes from our migrations (a bundle is vetted as SQLite before its rows
    # are copied in), so the smuggled-trigger check applies to project.db files.
    schema_problem = schema_difference(project.path / DB_NAME) if project.schema is None else None
    missing, orphans, temps, recent = _findings(project, grace_s)
    with project.read() as s:
        unsafe = project.files.unsafe_paths(list(s.scalars(select(Asset.path))))
    removed = 0
    if repair:
        for path in orphans + temps:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed += 1
    rel = [p.relative_to(project.path).as_posix() for p in orphans]
    tmp = [p.relative_to(project.path).as_posix() for p in temps]
    sound = integrity_ok and schema_problem is None and not missing and not unsafe
    return DoctorReport(
        integrity_ok=integrity_ok, schema_problem=schema_problem, missing_files=missing, unsafe_paths=unsafe,
        orphan_files=rel, temp_files=tmp, recent_left_alone=recent, removed=removed,
        healthy=sound and (repair or not (rel or tmp)),
    )


def _findings(project: Project, grace_s: float) -> tuple[list[str], list[Path], list[Path], int]:
    """Return (missing asset paths, old orphan files, old temp files, count of young ones left alone)."""
    with project.read() as s:
        rows = list(s.execute(select(Asset.path, Asset.sha256)).tuples())
    known_paths = {path for path, _ in rows}
    known_shas = {sha for _, sha in rows}
    files = project.files
    unsafe = set(files.unsafe_paths(sorted(known_paths)))
    missing = sorted(path for path in known_paths - unsafe if not files.path_of(path).is_file())
    stored = [p for p in files.all_files() if p.relative_to(project.path).as_posix() not in known_paths]
    thumbs_dir = files.root / "thumbs"
    thumbs = [p for p in thumbs_dir.glob("*.png") if p.stem not in known_shas] if thumbs_dir.is_dir() else []
    temps = list(files.temp_files())
    for folder in (project.exports_dir, project.path / "meta"):
        temps += [p for p in folder.glob(".*.partial*") if p.is_file()] if folder.is_dir() else []
    if project.exports_dir.is_dir():  # scratch folders of renders (agent.media.output.work_dir)
        temps += [p for p in project.exports_dir.glob(f".*{_WORK_DIR_MARK}*") if p.is_dir()]
    orphans, young_orphans = _older_than(stored + thumbs, grace_s)
    old_temps, young_temps = _older_than(sorted(set(temps)), grace_s)
    return missing, orphans, old_temps, young_orphans + young_temps


def _older_than(paths: list[Path], grace_s: float) -> tuple[list[Path], int]:
    """Split files into those older than ``grace_s`` seconds and a count of the younger ones."""
    now = time.time()
    old = [p for p in paths if now - p.stat().st_mtime >= grace_s]
    return old, len(paths) - len(old)
