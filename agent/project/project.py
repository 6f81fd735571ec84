"""A project folder: ``project.db``, ``assets/``, ``exports/``, ``meta/project.json``, opened as one object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from agent import __version__
from agent.assets import FileStore
from agent.project.changes import ChangeContext
from agent.project.db import head_revision, make_engine, migrate, session_factory
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.schema import ArtDirection, Ideation, ProjectRow
from agent.project.text import clean_line

__all__ = ["Project", "DB_NAME"]

DB_NAME = "project.db"
_DEFAULT_MAX_ASSET_BYTES = 512 * 1024 * 1024


class Project:
    """An open film project. Reads use ``read()``; every mutation goes through ``change()``."""

    def __init__(self, path: Path, engine: Engine, *, max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES) -> None:
        self.path = path
        self.engine = engine
        self._sessions = session_factory(engine)
        self._writer = session_factory(engine.execution_options(write=True))
        self.files = FileStore(path, max_bytes=max_asset_bytes)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, *, name: str, max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES) -> Project:
        """Create a new, empty project folder (refuses a folder that already holds a project)."""
        path = Path(path)
        name = clean_line(name, what="a project name", max_chars=200)
        if (path / DB_NAME).exists():
            raise InvalidInputError(f"{path} already holds a project")
        if path.exists() and not path.is_dir():
            raise InvalidInputError(f"{path} exists and is not a folder")
        for sub in ("assets", "exports", "meta"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        project = cls(path, make_engine(f"sqlite:///{path / DB_NAME}"), max_asset_bytes=max_asset_bytes)
        migrate(project.engine)
        with project.change(actor="user", action="create_project", summary=f"Created project {name}") as ch:
            ch.add(ProjectRow(id=1, name=name, phase="story"))
            ch.add(Ideation(id=1))
            ch.add(ArtDirection(id=1))
        project.write_meta()
        return project

    @classmethod
    def open(cls, path: Path, *, max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES) -> Project:
        """Open an existing project, upgrading its database if it was made by an older version."""
        path = Path(path)
        if not (path / DB_NAME).is_file():
            raise NotFoundError(f"no project at {path} (expected {path / DB_NAME})")
        project = cls(path, make_engine(f"sqlite:///{path / DB_NAME}"), max_asset_bytes=max_asset_bytes)
        try:
            migrate(project.engine)
        except BaseException:
            project.close()
            raise
        return project

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a read-only session; objects read stay usable (detached, not expired) afterwards."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.expunge_all()
                session.rollback()

    @contextmanager
    def change(
        self, *, actor: str, action: str, summary: str = "", reverts: int | None = None
    ) -> Iterator[ChangeContext]:
        """Run one recorded change in one transaction: all of it commits with its history, or none of it."""
        with self._writer() as session:
            try:
                ctx = ChangeContext(session, actor=actor, action=action, summary=summary, reverts=reverts)
                yield ctx
                if ctx.touched():
                    session.commit()
                    session.expunge_all()
                else:
                    session.expunge_all()  # keep what was read usable, as read() does
                    session.rollback()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def append_only(self) -> Iterator[Session]:
        """Yield a write session for append-only rows history does not record (the ledger); commit on success."""
        with self._writer() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    # -- metadata ------------------------------------------------------------------------------

    @property
    def exports_dir(self) -> Path:
        """Return the folder renders and exports go to."""
        return self.path / "exports"

    def name(self) -> str:
        """Return the project's name."""
        with self.read() as s:
            row = s.get(ProjectRow, 1)
            return row.name if row else self.path.name

    def write_meta(self) -> None:
        """Write ``meta/project.json`` (name, schema revision, app version)."""
        from agent.assets import atomic_write

        meta = {
            "name": self.name(),
            "schema_revision": head_revision(),
            "app_version": __version__,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        atomic_write(self.path / "meta" / "project.json", json.dumps(meta, indent=2).encode())

    def integrity_ok(self) -> bool:
        """Run SQLite's integrity check."""
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
