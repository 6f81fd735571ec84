"""Hostile bundles and databases: smuggled schema, asset paths outside assets/, damaged zips, refused opens."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from agent.assets import FileStore, UnsafeAssetPathError, check_relpath
from agent.cli import main
from agent.media.from_project import timeline_from_project
from agent.project import DB_NAME, BundleError, Project, export_bundle, library, open_bundle, shots, snapshot, story
from agent.project.doctor import doctor
from agent.project.shots import ShotCard
from agent.project.views import shot_by_number

ACTOR = "test"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 36), (200, 20, 20)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "film"
    with Project.create(path, name="Hostile") as p:
        story.add_scene(p, heading="INT. KITCHEN - NIGHT", content="Ana cooks.", actor=ACTOR)
        story.add_scene(p, heading="EXT. ROOF - DAWN", content="Wind.", actor=ACTOR)
        shots.replace_shots(p, 1, [ShotCard("Ana at the stove", duration_s=1.0)], actor=ACTOR)
        stored = library.store_bytes(p, _png())
        with p.change(actor=ACTOR, action="generate", summary="still") as ch:
            asset = library.record_asset(ch, stored, description="still", metadata={})
            link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, 1, 1).id, "still")
            library.decide_link(ch, link, "approved")
    return path


@pytest.fixture
def project_copy(source: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(source, tmp_path / "copy"))


def _bundle_with(source: Path, out: Path, sql: list[str]) -> Path:
    """Export ``source`` as a bundle whose database has had ``sql`` run on it (as a hostile author would)."""
    work = out.parent / f".work-{out.stem}"
    shutil.copytree(source, work)
    conn = sqlite3.connect(work / DB_NAME)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    with Project.open(work) if not sql or "alembic_version" not in " ".join(sql) else _raw(work) as p:
        export_bundle(p, out)
    shutil.rmtree(work)
    return out


class _raw:
    """A Project opened without migrating (a database at an unknown revision cannot be migrated)."""

    def __init__(self, path: Path) -> None:
        from agent.project.db import make_engine

        self.project = Project(path, make_engine(f"sqlite:///{path / DB_NAME}"))

    def __enter__(self) -> Project:
        return self.project

    def __exit__(self, *exc: object) -> None:
        self.project.close()


_SMUGGLED: dict[str, tuple[list[str], str]] = {
    "trigger-wipes-scenes": (
        ["CREATE TRIGGER wipe AFTER INSERT ON changes BEGIN DELETE FROM scenes; END"], "unknown trigger 'wipe'"
    ),
    "view": (["CREATE VIEW everything AS SELECT * FROM scenes"], "unknown view 'everything'"),
    "index": (["CREATE INDEX sneaky ON scenes(heading)"], "unknown index 'sneaky'"),
    "table": (["CREATE TABLE payload (x)"], "unknown table 'payload'"),
    "altered-table": (["ALTER TABLE scenes ADD COLUMN extra TEXT"], "altered table 'scenes'"),
    "dropped-guard": (["DROP TRIGGER changes_no_delete"], "lacks trigger 'changes_no_delete'"),
    "replaced-guard": (
        ["DROP TRIGGER changes_no_delete",
         "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN SELECT 1; END"],
        "altered trigger 'changes_no_delete'",
    ),
    "newer-revision": (["UPDATE alembic_version SET version_num = '9999'"], "newer Reelsmith"),
    "no-revision": (["DROP TABLE alembic_version"], "no schema revision"),
}


@pytest.mark.parametrize("case", sorted(_SMUGGLED))
def test_a_bundle_with_schema_of_its_own_is_refused_and_leaves_nothing(case: str, source: Path, tmp_path: Path) -> None:
    sql, message = _SMUGGLED[case]
    bad = _bundle_with(source, tmp_path / "bad.zip", sql)
    parent = tmp_path / "projects"
    target = parent / "deep" / "film"
    with pytest.raises(BundleError, match=message) as err:
        open_bundle(bad, target)
    assert "\n" not in str(err.value)
    assert not parent.exists()  # neither the target nor the parents it made nor a staging folder


def test_a_clean_bundle_still_opens_and_the_expected_schema_is_cached(source: Path, tmp_path: Path) -> None:
    from agent.project.schema_check import expected_schema

    good = _bundle_with(source, tmp_path / "good.zip", [])
    with open_bundle(good, tmp_path / "film") as p:
        assert [s["heading"] for s in snapshot(p)["scenes"]] == ["INT. KITCHEN - NIGHT", "EXT. ROOF - DAWN"]
        story.update_scene(p, 2, content="Wind, then rain.", actor=ACTOR)
        assert len(snapshot(p)["scenes"]) == 2
    assert expected_schema.cache_info().currsize >= 1


def test_the_cli_refuses_a_smuggled_trigger_in_one_line(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bundle_with(source, tmp_path / "bad.zip", _SMUGGLED["trigger-wipes-scenes"][0])
    assert main(["open", str(bad), str(tmp_path / "film")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: refused bundle") and err.count("\n") == 1
    assert not (tmp_path / "film").exists()


# -- asset paths ----------------------------------------------------------------------------------

_OUTSIDE = ["/tmp/x.png", "../../x.png", "assets/../../x.png", "assets/../project.db", "meta/project.json",
            "C:/x.png", "assets\\..\\..\\x.png", "assets"]


@pytest.mark.parametrize("path", _OUTSIDE)
def test_stored_paths_outside_assets_are_refused(path: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafeAssetPathError):
        check_relpath(path)
    with pytest.raises(UnsafeAssetPathError):
        FileStore(tmp_path, max_bytes=10).path_of(path)


def test_a_symlink_out_of_assets_is_refused_at_use(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(_png())
    (tmp_path / "p" / "assets" / "ab").mkdir(parents=True)
    (tmp_path / "p" / "assets" / "ab" / "ab.png").symlink_to(outside)
    (tmp_path / "p" / "assets" / "cd").symlink_to(tmp_path)
    store = FileStore(tmp_path / "p", max_bytes=10)
    for rel in ("assets/ab/ab.png", "assets/cd/secret.png"):
        with pytest.raises(UnsafeAssetPathError, match="symbolic link"):
            store.path_of(rel)
    assert store.path_of("assets/ef/ef.png") == tmp_path / "p" / "assets" / "ef" / "ef.png"


def _point_asset_at(project_dir: Path, path: str) -> None:
    conn = sqlite3.connect(project_dir / DB_NAME)
    conn.execute("UPDATE assets SET path = ?", (path,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("path", ["/tmp/x.png", "../../x.png", "assets/../../x.png"])
def test_a_bundle_with_an_asset_outside_is_refused(path: str, source: Path, tmp_path: Path) -> None:
    bad = _bundle_with(source, tmp_path / "bad.zip", [f"UPDATE assets SET path = '{path}'"])
    with pytest.raises(BundleError, match="outside the project's assets/ folder"):
        open_bundle(bad, tmp_path / "film")
    assert not (tmp_path / "film").exists()


def test_doctor_reports_an_asset_outside_as_unhealthy(project_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "x.png"
    outside.write_bytes(_png())
    _point_asset_at(project_copy, str(outside))
    with Project.open(project_copy) as p:
        report = doctor(p, grace_s=0)
    assert report.unsafe_paths == [str(outside)] and not report.healthy


def test_doctor_reports_a_symlinked_asset(project_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "x.png"
    outside.write_bytes(_png())
    with Project.open(project_copy) as p, p.read() as s:
        from sqlalchemy import select

        from agent.project.schema import Asset

        rel = s.scalars(select(Asset.path)).one()
    stored = project_copy / rel
    stored.unlink()
    stored.symlink_to(outside)
    with Project.open(project_copy) as p:
        report = doctor(p, grace_s=0)
    assert report.unsafe_paths == [rel] and not report.healthy


def test_render_and_cli_refuse_an_asset_outside(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "x.png"
    outside.write_bytes(_png())
    _point_asset_at(project_copy, str(outside))
    with Project.open(project_copy) as p, pytest.raises(UnsafeAssetPathError):
        timeline_from_project(p, fps=24, width=160, height=90)
    out = tmp_path / "cut.mp4"
    assert main(["render", str(project_copy), "--out", str(out), "--animatic"]) == 2
    err = capsys.readouterr().err
    assert "outside the project's assets/ folder" in err and err.count("\n") == 1
    assert not out.exists()
    assert main(["doctor", str(project_copy), "--grace", "0"]) == 1


# -- damaged zips and refused opens ---------------------------------------------------------------


def _flip_member_bytes(bundle: Path, out: Path) -> Path:
    """Corrupt the stored bytes of the database member (its CRC no longer matches)."""
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo(DB_NAME)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 164):
        data[i] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def _bad_header_offset(bundle: Path, out: Path) -> Path:
    """Point the central directory at a place that is not a local file header."""
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo(DB_NAME)
    data[info.header_offset : info.header_offset + 4] = b"XXXX"
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("damage", [_flip_member_bytes, _bad_header_offset])
def test_a_damaged_zip_is_refused_in_one_line(
    damage: Callable[[Path, Path], Path], source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _bundle_with(source, tmp_path / "good.zip", [])
    with zipfile.ZipFile(good, "w") as zf, Project.open(source) as p:
        zf.write(p.path / DB_NAME, DB_NAME, compress_type=zipfile.ZIP_STORED)
    bad = damage(good, tmp_path / "bad.zip")
    parent = tmp_path / "projects"
    with pytest.raises(BundleError, match="damaged|not a zip"):
        open_bundle(bad, parent / "film")
    assert not parent.exists()
    assert main(["open", str(bad), str(parent / "film")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: refused bundle") and err.count("\n") == 1
    assert not parent.exists()


def test_an_existing_empty_target_is_left_empty_after_a_late_refusal(source: Path, tmp_path: Path) -> None:
    bad = _bundle_with(source, tmp_path / "bad.zip", _SMUGGLED["newer-revision"][0])
    target = tmp_path / "film"
    target.mkdir()
    with pytest.raises(BundleError):
        open_bundle(bad, target)
    assert target.is_dir() and os.listdir(target) == []


def test_doctor_reports_a_schema_of_its_own(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(project_copy / DB_NAME)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON changes BEGIN DELETE FROM scenes; END")
    conn.commit()
    conn.close()
    with Project.open(project_copy) as p:
        report = doctor(p, grace_s=0)
    assert report.schema_problem is not None and "unknown trigger 'wipe'" in report.schema_problem
    assert not report.healthy
    capsys.readouterr()
    assert main(["doctor", str(project_copy)]) == 1
    assert "unknown trigger 'wipe'" in capsys.readouterr().out


def test_doctor_finds_a_clean_project_healthy(project_copy: Path) -> None:
    with Project.open(project_copy) as p:
        report = doctor(p, grace_s=0)
    assert report.schema_problem is None and report.healthy
