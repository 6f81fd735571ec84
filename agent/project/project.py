"""A project folder: ``project.db``, ``assets/``, ``exports/``, ``meta/project.json``, opened as one object.

With a PostgreSQL ``database_url`` the rows live in a schema of that database instead of ``project.db``
(see ``agent.project.store``); everything else stays in the folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

import agent.project.meta as project_meta
from agent.assets import FileStore
from agent.project.changes import ChangeContext
from agent.project.db import (
    is_postgres,
    make_engine,
    migrate,
    read_engine,
    session_factory,
    write_engine,
)
from agent.project.errors import InvalidInputError
from agent.project.schema import ArtDirection, Ideation, ProjectRow
from agent.project.store import (
    DB_NAME,
    StoreLocation,
    create_schema,
    drop_schema,
    has_project,
    locate,
    new_schema,
    postgres_url,
    write_store_file,
)
from agent.project.text import clean_line

__all__ = ["Project", "DB_NAME"]
_DEFAULT_MAX_ASSET_BYTES = 512 * 1024 * 1024


class Project:
    """An open film project. Reads use ``read()``; every mutation goes through ``change()``."""

    def __init__(
        self, path: Path, engine: Engine, *, max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES, schema: str | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.schema = schema
        """The PostgreSQL schema holding this project's rows; None when they are in ``project.db``."""
        self._sessions = session_factory(read_engine(engine))
        self._writer = session_factory(write_engine(engine))
        self.files = FileStore(path, max_bytes=max_asset_bytes)

    @classmethod
    def _at(cls, path: Path, where: StoreLocation, *, max_asset_bytes: int) -> Project:
        engine = make_engine(where.url, schema=where.schema)
        return cls(path, engine, max_asset_bytes=max_asset_bytes, schema=where.schema)

    @staticmethod
    def exists(path: Path) -> bool:
        """Tell whether ``path`` holds a project (in either store)."""
        return has_project(Path(path))

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        name: str,
        max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES,
        database_url: str | None = None,
    ) -> Project:
        """Create a new, empty project folder (refuses a folder that already holds a project).

        With a PostgreSQL ``database_url`` its rows go to a new schema of that database, else to
        ``project.db`` in the folder.
        """
        path = Path(path)
        name = clean_line(name, what="a project name", max_chars=200)
        url = postgres_url(database_url) if database_url else None
        if has_project(path):
            raise InvalidInputError(f"{path} already holds a project")
        if path.exists() and not path.is_dir():
            raise InvalidInputError(f"{path} exists and is not a folder")
        for sub in ("assets", "exports", "meta"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        if url is None:
            project = cls._at(path, StoreLocation(f"sqlite:///{path / DB_NAME}"), max_asset_bytes=max_asset_bytes)
            project._fill(name)
            return project
        schema = new_schema()
        create_schema(url, schema)
        project = cls._at(path, StoreLocation(url, schema), max_asset_bytes=max_asset_bytes)
        try:
            project._fill(name)
            write_store_file(path, schema)  # last: the folder names the schema only once it is complete
        except BaseException:
            project.close()
            drop_schema(url, schema)
            raise
        return project

    def _fill(self, name: str) -> None:
        """Migrate the empty store and write the project's first rows and meta."""
        migrate(self.engine)
        with self.change(actor="user", action="create_project", summary=f"Created project {name}") as ch:
            ch.add(ProjectRow(id=1, name=name, phase="story"))
            ch.add(Ideation(id=1))
            ch.add(ArtDirection(id=1))
        self.write_meta()

    @classmethod
    def open(
        cls, path: Path, *, max_asset_bytes: int = _DEFAULT_MAX_ASSET_BYTES, database_url: str | None = None
    ) -> Project:
        """Open an existing project, upgrading its database if it was made by an older version.

        The folder says where its rows are: ``project.db`` (``database_url`` is then not needed) or a
        PostgreSQL schema, which needs the ``database_url`` of that server.
        """
        path = Path(path)
        project = cls._at(path, locate(path, database_url), max_asset_bytes=max_asset_bytes)
        try:
            migrate(project.engine)
            project.upgrade_meta()
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
        """Write ``meta/project.json`` (name, created, phases, asset root, schema revision, app version)."""
        old = project_meta.read_meta(self.path).get("created")
        created = old if isinstance(old, str) else None
        with self.read() as s:
            meta = project_meta.build_meta(s, fallback_name=self.path.name, created=created)
        project_meta.write_meta(self.path, meta)

    def upgrade_meta(self) -> bool:
        """Bring ``meta/project.json`` up to date (a folder from an older version); tell whether it was rewritten."""
        with self.read() as s:
            return project_meta.upgrade_meta(self.path, s)

    @property
    def store_key(self) -> str:
        """Return a name for this project's store, unique among projects sharing a server (index namespace)."""
        if self.schema is not None:
            return self.schema
        return "p" + hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]

    def integrity_ok(self) -> bool:
        """Run SQLite's integrity check (PostgreSQL checks its pages itself: there, reach the schema)."""
        with self.engine.connect() as conn:
            if is_postgres(self.engine):
                return conn.execute(text("SELECT count(*) FROM project")).scalar() is not None
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
