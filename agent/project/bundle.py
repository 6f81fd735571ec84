"""Project bundles: one .zip (db + assets + meta) to move a project; opening refuses anything unsafe.

A bundle always carries a SQLite ``project.db``, whichever store the project uses: a PostgreSQL project's
rows are copied into one on export, and opening a bundle with a PostgreSQL URL copies them into a new schema.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from agent.assets import FileStore
from agent.project.db import make_engine, migrate
from agent.project.errors import BundleError, ProjectError
from agent.project.project import DB_NAME, Project
from agent.project.schema_check import check_schema
from agent.project.store import (
    STORE_FILE,
    copy_rows,
    create_schema,
    drop_schema,
    new_schema,
    postgres_url,
    write_store_file,
)
from agent.project.text import clean_line

__all__ = ["export_bundle", "open_bundle", "MAX_MEMBERS", "MAX_RATIO"]

MAX_MEMBERS = 200_000
MAX_RATIO = 200
"""A member that inflates more than this many times its compressed size is treated as a zip bomb."""
_ALLOWED_TOP = {DB_NAME, "assets", "meta"}


def export_bundle(project: Project, out: Path) -> Path:
    """Write the project to ``out`` (a .zip) atomically; return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=out.parent) as tmp:
        db_copy = Path(tmp) / DB_NAME
        if project.schema is None:
            _backup_sqlite(project.path / DB_NAME, db_copy)
        else:
            _copy_to_sqlite(project, db_copy)
        partial = Path(tmp) / "bundle.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(db_copy, DB_NAME)
            for folder in ("assets", "meta"):
                root = project.path / folder
                for path in sorted(root.rglob("*")) if root.exists() else []:
                    if _bundled(project.path, path):
                        zf.write(path, path.relative_to(project.path).as_posix())
        partial.replace(out)
    return out


def _bundled(root: Path, path: Path) -> bool:
    # The store file names a schema on one server: meaningless (or worse, misleading) anywhere else.
    return path.is_file() and not path.is_symlink() and not path.name.endswith(".partial") \
        and path.relative_to(root).as_posix() != STORE_FILE


def _backup_sqlite(source: Path, target: Path) -> None:
    # The backup API gives a consistent copy even while another process writes.
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _copy_to_sqlite(project: Project, target: Path) -> None:
    """Write a PostgreSQL project's rows into a fresh ``project.db`` made by the same migrations."""
    engine = make_engine(f"sqlite:///{target}")
    try:
        migrate(engine)
        copy_rows(project.engine, engine)
    finally:
        engine.dispose()  # the last connection closing folds the WAL back into the one file the zip takes


def _check_member(info: zipfile.ZipInfo, max_member_bytes: int) -> None:
    name = info.filename
    pure = PurePosixPath(name)
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or pure.is_absolute():
        raise BundleError(f"refused bundle: member {name!r} has an absolute path")
    if ".." in pure.parts or "\\" in name:
        raise BundleError(f"refused bundle: member {name!r} escapes the project folder")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleError(f"refused bundle: member {name!r} is a symbolic link")
    top = pure.parts[0] if pure.parts else ""
    # project.db is one file; assets/ and meta/ are folders (a file named "assets" would block unpacking).
    misplaced = len(pure.parts) != 1 or info.is_dir() if top == DB_NAME else len(pure.parts) < 2 and not info.is_dir()
    if top not in _ALLOWED_TOP or misplaced:
        raise BundleError(f"refused bundle: unexpected member {name!r} (only project.db, assets/, meta/)")
    if info.file_size > max_member_bytes:
        raise BundleError(f"refused bundle: member {name!r} is {info.file_size:,} bytes (limit {max_member_bytes:,})")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
        raise BundleError(
            f"refused bundle: member {name!r} inflates {info.file_size // info.compress_size}x (zip bomb?)"
        )


def _integrity_ok(db: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and bool(
                conn.execute("SELECT count(*) FROM sqlite_master WHERE name='project'").fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _check_assets(staging: Path) -> None:
    """Refuse asset rows whose path leads outside ``assets/`` (absolute, ``..``, symlinks)."""
    conn = sqlite3.connect(f"file:{staging / DB_NAME}?mode=ro", uri=True)
    try:
        paths = [str(row[0]) for row in conn.execute("SELECT path FROM assets")]
    finally:
        conn.close()
    bad = FileStore(staging, max_bytes=0).unsafe_paths(paths)
    if bad:
        raise BundleError(f"refused bundle: asset path {bad[0][:120]!r} points outside the project's assets/ folder")


_TEXT_CHECKS = (
    ("project name", "SELECT name FROM project", 200, False),
    ("scene heading", "SELECT heading FROM scenes", 300, False),
    ("character name", "SELECT name FROM characters", 100, True),
    ("location name", "SELECT name FROM locations", 100, True),
    ("prop name", "SELECT name FROM props", 100, True),
)


def _check_text(staging: Path) -> None:
    """Refuse names and headings that the project itself would not accept (control, bidi, invisible characters)."""
    conn = sqlite3.connect(f"file:{staging / DB_NAME}?mode=ro", uri=True)
    try:
        for what, query, limit, upper in _TEXT_CHECKS:
            for (value,) in conn.execute(query):
                try:
                    clean = clean_line(str(value), what=f"a {what}", max_chars=limit)
                except ProjectError as exc:
                    raise BundleError(f"refused bundle: {exc} ({str(value)[:60]!r})") from None
                if (clean.upper() if upper else clean) != value:
                    raise BundleError(f"refused bundle: a {what} has hidden characters ({str(value)[:60]!r})")
    finally:
        conn.close()


def _unpack(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], staging: Path) -> None:
    for info in infos:
        if info.is_dir():
            continue
        dest = staging / PurePosixPath(info.filename)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(info) as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            # A damaged or encrypted member shows only when read: bad CRC, bad header, unknown compression.
            detail = " ".join(str(exc).split())[:120] or exc.__class__.__name__
            raise BundleError(f"refused bundle: member {info.filename!r} is damaged ({detail})") from exc


def _vet(staging: Path) -> None:
    """Check an unpacked bundle before anything uses its database: integrity, schema, asset paths, migration."""
    if not _integrity_ok(staging / DB_NAME):
        raise BundleError("refused bundle: its database fails the integrity check")
    check_schema(staging / DB_NAME)
    _check_assets(staging)
    _check_text(staging)
    for sub in ("assets", "exports", "meta"):
        (staging / sub).mkdir(exist_ok=True)
    try:
        Project.open(staging).close()  # upgrades an older bundle's schema here, not in the target
    except ProjectError as exc:
        raise BundleError(f"refused bundle: {exc}") from exc


def open_bundle(
    bundle: Path, target: Path, *, max_bytes: int = 4 * 1024**3, database_url: str | None = None
) -> Project:
    """Unpack a bundle into ``target`` (which must not exist or be empty) and open it.

    With a PostgreSQL ``database_url`` the (vetted) rows move into a new schema of that database and the
    folder keeps no ``project.db``; a ``meta/store.json`` inside a bundle is never trusted.

    Everything is checked before the target is touched: absolute paths, ``..``, symlinks, unexpected
    members, oversized, over-compressed or damaged members, a database that fails ``PRAGMA integrity_check``,
    a schema that differs from our migrations' (smuggled triggers, views, tables or indexes) and asset paths
    outside ``assets/`` are refused with a one-line BundleError, and nothing is left behind (not even the
    target folder, unless it existed before).
    """
    bundle, target = Path(bundle), Path(target)
    if not bundle.is_file():
        raise BundleError(f"no bundle at {bundle}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BundleError(f"{target} already exists and is not empty")
    try:
        zf = zipfile.ZipFile(bundle)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise BundleError(f"refused bundle: {bundle.name} is not a zip archive") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise BundleError(f"refused bundle: {len(infos):,} members (limit {MAX_MEMBERS:,})")
        for info in infos:
            _check_member(info, max_bytes)
        if sum(i.file_size for i in infos) > max_bytes:
            raise BundleError(f"refused bundle: it unpacks to more than {max_bytes:,} bytes")
        if DB_NAME not in {i.filename for i in infos}:
            raise BundleError(f"refused bundle: it has no {DB_NAME}")
        made = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.unpack-", dir=target.parent))
        existed = target.exists()
        url = postgres_url(database_url) if database_url else None
        schema: str | None = None
        try:
            _unpack(zf, infos, staging)
            (staging / STORE_FILE).unlink(missing_ok=True)  # a bundle must not point us at some schema
            _vet(staging)
            if url is not None:
                schema = new_schema()
                _rows_to_postgres(staging, url, schema)
            if existed:
                target.rmdir()
            staging.rename(target)
            return Project.open(target, database_url=url)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            _restore_target(target, existed=existed, made=made)
            if url is not None and schema is not None:
                drop_schema(url, schema)
            raise


def _rows_to_postgres(staging: Path, url: str, schema: str) -> None:
    """Move a vetted bundle's rows from its ``project.db`` into a new PostgreSQL schema."""
    create_schema(url, schema)
    source = make_engine(f"sqlite:///{staging / DB_NAME}")
    target = make_engine(url, schema=schema)
    try:
        migrate(target)
        copy_rows(source, target)
    finally:
        source.dispose()
        target.dispose()
    for suffix in ("", "-wal", "-shm"):
        (staging / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    write_store_file(staging, schema)


def _restore_target(target: Path, *, existed: bool, made: list[Path]) -> None:
    """Put the target back as it was before a refused open: gone, or the empty folder it was."""
    if not existed:
        shutil.rmtree(target, ignore_errors=True)
    elif not target.exists():
        target.mkdir()
    else:
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    for folder in made:  # nearest first, so each is empty when its turn comes
        with contextlib.suppress(OSError):
            folder.rmdir()
