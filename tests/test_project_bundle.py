"""Project bundles: export -> open round trip, and every unsafe bundle refused with nothing written."""

from __future__ import annotations

import io
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from agent.project import (
    DB_NAME,
    BundleError,
    Project,
    design,
    export_bundle,
    library,
    open_bundle,
    shots,
    snapshot,
    story,
)
from agent.project.shots import ShotCard
from agent.project.store import STORE_FILE
from agent.project.views import shot_by_number

ACTOR = "test"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (96, 54), (30, 60, 90)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, store_url: str | None) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "film"
    p = Project.create(path, name="Bündle ‹test›", database_url=store_url)
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="ANA\nשלום.\n'; DROP TABLE scenes; --", actor=ACTOR)
    story.add_scene(p, heading="EXT. ROOF - DAWN", content="Wind.", actor=ACTOR)
    design.add_entity(p, "character", "Ana", description="red coat", actor=ACTOR)
    shots.replace_shots(p, 1, [ShotCard("Ana at the stove", characters=["ana"])], actor=ACTOR)
    stored = library.store_bytes(p, _png())
    with p.change(actor=ACTOR, action="generate", summary="still") as ch:
        asset = library.record_asset(ch, stored, description="still", metadata={"seed": 1}, cost_usd=0.02, provider="x")
        library.link_asset(ch, asset, "shot", shot_by_number(ch.session, 1, 1).id, "still")
    p.close()
    return path


@pytest.fixture(scope="module")
def bundle(source: Path, tmp_path_factory: pytest.TempPathFactory, store_url: str | None) -> Path:
    with Project.open(source, database_url=store_url) as p:
        return export_bundle(p, tmp_path_factory.mktemp("out") / "film.zip")


def _files(root: Path, folder: str) -> dict[str, bytes]:
    base = root / folder
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def test_export_then_open_elsewhere_round_trips(
    source: Path, bundle: Path, tmp_path: Path, store_url: str | None
) -> None:
    with Project.open(source, database_url=store_url) as original:
        expected = snapshot(original)
    assert [p.name for p in bundle.parent.iterdir()] == ["film.zip"]  # no temp left beside it
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    assert DB_NAME in names and any(n.startswith("assets/") for n in names) and "meta/project.json" in names
    assert STORE_FILE not in names  # a schema name means nothing on another server

    opened = open_bundle(bundle, tmp_path / "elsewhere" / "film", database_url=store_url)
    try:
        assert snapshot(opened) == expected
        assert _files(opened.path, "assets") == _files(source, "assets")
        assert len(_files(opened.path, "assets")) == 2  # the still and its thumbnail
        assert opened.integrity_ok()
        assert (opened.path / "exports").is_dir()
        story.update_scene(opened, 2, content="Edited in the copy.", actor=ACTOR)
    finally:
        opened.close()
    with Project.open(source, database_url=store_url) as original:
        assert snapshot(original)["scenes"][1]["content"] == "Wind."  # the copy is independent


def test_an_existing_empty_target_folder_is_accepted(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    with open_bundle(bundle, target) as p:
        assert snapshot(p)["name"] == "Bündle ‹test›"


# -- refusals -----------------------------------------------------------------------------------


def _db_bytes(bundle: Path) -> bytes:
    with zipfile.ZipFile(bundle) as zf:
        return zf.read(DB_NAME)


def _zip(
    path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]], *, compression: int = zipfile.ZIP_STORED
) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for info, data in members:
            zf.writestr(info, data)
    return path


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _corrupt(db: bytes) -> bytes:
    """Trash the middle pages of a valid database (its header still says SQLite)."""
    page = 4096
    data = bytearray(db)
    for offset in range(page * 2, len(data) - page, page):
        data[offset : offset + 64] = b"\xde\xad\xbe\xef" * 16
    return bytes(data)


def _not_a_project() -> bytes:
    """Return a healthy SQLite database that is not a project (no ``project`` table)."""
    tmp = Path(tempfile.mkdtemp()) / "other.db"
    conn = sqlite3.connect(tmp)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    data = tmp.read_bytes()
    shutil.rmtree(tmp.parent)
    return data


_Case = Callable[[Path, bytes], Path]
_CASES: dict[str, tuple[_Case, str]] = {
    "zip-slip": (lambda z, db: _zip(z, [(DB_NAME, db), ("../x", b"pwned")]), "escapes the project folder"),
    "deep-slip": (lambda z, db: _zip(z, [(DB_NAME, db), ("assets/../../x", b"pwned")]), "escapes"),
    "absolute": (lambda z, db: _zip(z, [(DB_NAME, db), ("/etc/x", b"pwned")]), "absolute path"),
    "windows-drive": (lambda z, db: _zip(z, [(DB_NAME, db), ("C:/x", b"pwned")]), "absolute path"),
    "backslash": (lambda z, db: _zip(z, [(DB_NAME, db), ("assets\\..\\..\\x", b"pwned")]), "escapes"),
    "symlink": (lambda z, db: _zip(z, [(DB_NAME, db), (_symlink("assets/link"), b"/etc/passwd")]), "symbolic link"),
    "unexpected": (lambda z, db: _zip(z, [(DB_NAME, db), ("run.sh", b"#!/bin/sh\nrm -rf ~")]), "unexpected member"),
    "dot-member": (lambda z, db: _zip(z, [(DB_NAME, db), (zipfile.ZipInfo("."), b"x")]), "unexpected member"),
    "assets-as-file": (lambda z, db: _zip(z, [(DB_NAME, db), ("assets", b"x")]), "unexpected member"),
    "db-as-folder": (lambda z, db: _zip(z, [(DB_NAME, db), ("project.db/x", b"x")]), "unexpected member"),
    "zip-bomb": (
        lambda z, db: _zip(
            z, [(DB_NAME, db), ("assets/00/bomb.bin", b"\x00" * 30_000_000)], compression=zipfile.ZIP_DEFLATED
        ),
        "zip bomb",
    ),
    "corrupt-db": (lambda z, db: _zip(z, [(DB_NAME, _corrupt(db))]), "integrity check"),
    "garbage-db": (lambda z, db: _zip(z, [(DB_NAME, b"SQLite format 3\x00" + b"\x01" * 5000)]), "integrity check"),
    "not-a-project-db": (lambda z, db: _zip(z, [(DB_NAME, _not_a_project())]), "integrity check"),
    "no-db": (lambda z, db: _zip(z, [("meta/project.json", b"{}")]), "has no project.db"),
    "not-a-zip": (lambda z, db: (z.write_bytes(b"PK\x03\x04 this is not really a zip" * 10), z)[1], "not a zip"),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_unsafe_bundles_are_refused_and_nothing_is_written(case: str, bundle: Path, tmp_path: Path) -> None:
    make, message = _CASES[case]
    bad = make(tmp_path / "bad.zip", _db_bytes(bundle))
    parent = tmp_path / "projects"
    parent.mkdir()
    target = parent / "film"
    with pytest.raises(BundleError, match=message) as err:
        open_bundle(bad, target)
    assert "\n" not in str(err.value)
    assert not target.exists()
    assert list(parent.iterdir()) == []  # no staging folder left behind
    assert not (tmp_path / "x").exists() and not Path("/etc/x").exists()


def test_an_oversized_member_is_refused(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "film"
    with pytest.raises(BundleError, match="limit 10,000"):
        open_bundle(bundle, target, max_bytes=10_000)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_bundle_larger_in_total_than_the_limit_is_refused(bundle: Path, tmp_path: Path) -> None:
    db = _db_bytes(bundle)
    members: list[tuple[zipfile.ZipInfo | str, bytes]] = [(DB_NAME, db)]
    members += [(f"assets/{i:02d}/f.bin", bytes([i]) * len(db)) for i in range(4)]
    bad = _zip(tmp_path / "many.zip", members)
    target = tmp_path / "film"
    with pytest.raises(BundleError, match="unpacks to more than"):
        open_bundle(bad, target, max_bytes=len(db) * 3)
    assert not target.exists()


def test_a_non_empty_target_is_refused_and_left_alone(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "film"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(BundleError, match="not empty"):
        open_bundle(bundle, target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film"]


def test_an_empty_target_stays_empty_when_refused(bundle: Path, tmp_path: Path) -> None:
    bad = _zip(tmp_path / "bad.zip", [(DB_NAME, _db_bytes(bundle)), ("../x", b"")])
    target = tmp_path / "film"
    target.mkdir()
    with pytest.raises(BundleError):
        open_bundle(bad, target)
    assert target.is_dir() and list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.zip", "film"]


def test_a_missing_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="no bundle at"):
        open_bundle(tmp_path / "nope.zip", tmp_path / "film")
    assert not (tmp_path / "film").exists()


def test_export_overwrites_atomically(source: Path, tmp_path: Path, store_url: str | None) -> None:
    out = tmp_path / "film.zip"
    out.write_bytes(b"old export")
    with Project.open(source, database_url=store_url) as p:
        export_bundle(p, out)
    assert zipfile.is_zipfile(out)
    assert [x.name for x in tmp_path.iterdir()] == ["film.zip"]


def test_a_bundle_moves_between_stores(source: Path, bundle: Path, tmp_path: Path, store_url: str | None) -> None:
    """Whichever store exported it, a bundle opens as SQLite; and into PostgreSQL when a URL is given."""
    with Project.open(source, database_url=store_url) as original:
        expected = snapshot(original)
    with open_bundle(bundle, tmp_path / "as-sqlite") as copy:
        assert copy.schema is None and (copy.path / DB_NAME).is_file()
        assert snapshot(copy) == expected
    if store_url is None:
        return
    with open_bundle(bundle, tmp_path / "as-postgres", database_url=store_url) as copy:
        assert copy.schema not in (None, Project.open(source, database_url=store_url).schema)
        assert not (copy.path / DB_NAME).exists()
        assert snapshot(copy) == expected
        story.add_scene(copy, heading="INT. NEW", content="New.", actor=ACTOR)  # the ids go on after the copy's
        assert snapshot(copy)["scenes"][-1]["heading"] == "INT. NEW"


def test_a_store_file_inside_a_bundle_is_ignored(bundle: Path, tmp_path: Path) -> None:
    members: list[tuple[zipfile.ZipInfo | str, bytes]] = [(DB_NAME, _db_bytes(bundle))]
    members.append((STORE_FILE, b'{"backend": "postgresql", "schema": "rs_0123456789abcdef"}'))
    with open_bundle(_zip(tmp_path / "sly.zip", members), tmp_path / "film") as p:
        assert p.schema is None
        assert not (p.path / STORE_FILE).exists()
