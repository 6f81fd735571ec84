"""The ``reelsmith`` command line, driven through ``main([...])``: exit codes, JSON, one-line errors, no
half-done work on failure."""

from __future__ import annotations

import json
import os
import shutil
import time
import wave
import zipfile
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from agent.config import DATA_DIR
from agent.formats.fountain import parse_fountain, scene_dialogue
from agent.generators import ImageRequest, OfflineImageGenerator, ShotSpec
from agent.media import probe
from agent.media.from_project import timeline_from_project
from agent.project import Project, library, story
from agent.project.shots import ShotCard, replace_shots
from agent.project.views import shot_by_number

SHORT = """\
Title: The Ferry

INT. FERRY DECK - NIGHT

MARA leans on the rail.

MARA
(whispering)
Not yet.

EXT. PIER - DAWN

OTTO
Too late, Mara.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def assert_one_line_error(code: int, err: str, match: str) -> None:
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert match in err


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a project made by ``new --demo`` (made once per module: creating one takes a while)."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


def _stable(folder: Path) -> dict[str, int]:
    """The files that matter for "nothing changed" (SQLite's WAL/shm come and go with every open)."""
    return {k: v for k, v in _tree(folder).items() if not k.endswith(("-wal", "-shm"))}


# -- new, status ------------------------------------------------------------------------------


def test_new_demo_then_status(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = run_json(capsys, "status", demo)
    assert snap["name"] == "LOST PROPERTY"
    assert len(snap["scenes"]) == 6 and snap["scenes"][0]["version"] == 1
    assert {c["name"] for c in snap["characters"]} == {"IDA", "JUNO", "RUBEN"}
    assert {loc["name"] for loc in snap["locations"]} == {"LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"}
    assert snap["history"]["count"] == 2 and snap["history"]["last"]["action"] == "import_screenplay"
    for key in ("phase", "props", "art_direction", "shots", "timeline", "assets", "cost"):
        assert key in snap
    code, out, _ = run(capsys, "status", demo)
    assert code == 0 and "LOST PROPERTY" in out and "INT. NIGHT BUS" in out


def test_new_refuses_a_folder_that_is_not_empty(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _stable(demo)
    code, _, err = run(capsys, "new", demo, "--demo")
    assert_one_line_error(code, err, "not empty")
    assert _stable(demo) == before


def test_new_into_an_empty_folder_with_a_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_json(capsys, "new", folder, "--name", "My Film")["name"] == "My Film"
    assert run_json(capsys, "status", folder)["scenes"] == []


@pytest.mark.parametrize(
    ("content", "match"),
    [(b"\x00\x01binary", "binary"), (b"No headings at all.\n", "no scene headings"), (None, "no such file")],
)
def test_failed_new_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, match: str
) -> None:
    source = tmp_path / "in.fountain"
    if content is not None:
        source.write_bytes(content)
    target = tmp_path / "deep" / "er" / "film"
    code, _, err = run(capsys, "new", target, "--from", source)
    assert_one_line_error(code, err, match)
    assert not (tmp_path / "deep").exists(), "made folders are removed again"
    assert sorted(p.name for p in tmp_path.iterdir()) == (["in.fountain"] if content is not None else [])


def test_new_from_then_export_fountain_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "one"
    assert run_json(capsys, "new", first, "--from", DATA_DIR / "demo.fountain")["scenes"] == 6
    out = tmp_path / "again.fountain"
    assert run_json(capsys, "export", first, "--format", "fountain", "--out", out)["format"] == "fountain"
    second = tmp_path / "two"
    run_json(capsys, "new", second, "--from", out)
    a, b = run_json(capsys, "status", first), run_json(capsys, "status", second)
    assert [(s["heading"], s["content"]) for s in a["scenes"]] == [(s["heading"], s["content"]) for s in b["scenes"]]
    assert a["characters"] == b["characters"] and a["locations"] == b["locations"] and a["name"] == b["name"]
    dialogue = [[(d.character, d.text) for d in scene_dialogue(s["content"])] for s in b["scenes"]]
    original = parse_fountain((DATA_DIR / "demo.fountain").read_text())
    assert dialogue == [[(d.character, d.text) for d in scene_dialogue(s.content)] for s in original.scenes]


# -- show, history, undo ------------------------------------------------------------------------


def test_show_history_and_undo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(demo) as project:
        story.update_scene(project, 2, actor="writer", content="Rain. Juno runs.", summary="Shortened scene 2")
    scene = run_json(capsys, "show", demo, "scene", "2")
    assert scene["version"] == 2 and [v["version"] for v in scene["versions"]] == [1, 2]
    assert scene["diffs"][0]["from"] == 1 and "+Rain. Juno runs." in scene["diffs"][0]["diff"]
    log = run_json(capsys, "history", demo)
    assert [c["action"] for c in log] == ["update_scene", "import_screenplay", "create_project"]
    assert run_json(capsys, "undo", demo) == {"undone": ["Shortened scene 2"]}
    assert run_json(capsys, "show", demo, "scene", "2")["content"].startswith("Rain on black water.")
    assert run_json(capsys, "history", demo)[1]["undone"] is True
    code, out, _ = run(capsys, "undo", demo, "--steps", "2", "--yes")  # the import is 6 scenes: it needs --yes
    assert code == 0 and out.count("Undid:") == 1, "only the import is left to undo"
    assert run_json(capsys, "status", demo)["scenes"] == []
    code, _, err = run(capsys, "undo", demo)
    assert_one_line_error(code, err, "nothing to undo")


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["show", "{demo}", "scene", "9"], "scene 9 does not exist"),
        (["show", "{demo}", "scene", "0"], "must be 1 or more"),
        (["show", "{demo}", "shot", "1"], "invalid choice"),
        (["status", "{tmp}/nowhere"], "no project at"),
        (["frobnicate"], "invalid choice"),
        (["export", "{demo}", "--format", "pdf", "--out", "{tmp}/x.pdf"], "invalid choice"),
        (["export", "{demo}", "--format", "fdx", "--out", "{tmp}/no/such/dir/x.fdx"], "does not exist"),
        (["export", "{demo}", "--format", "csv", "--out", "{tmp}/shots.csv"], "no shots yet"),
        (["render", "{demo}", "--out", "{tmp}/film.avi"], "must be an .mp4"),
        (["render", "{demo}", "--out", "{tmp}/film.mp4", "--width", "9000"], "Timeline width"),
        (["render", "{demo}", "--out", "{tmp}/film.mp4", "--width", "321"], "must be even"),
        (["open", "{tmp}/missing.zip", "{tmp}/x"], "no bundle"),
        (["import", "{demo}", "{tmp}/missing.png"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], match: str
) -> None:
    before = _stable(demo)
    outside = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run(capsys, *[a.format(demo=demo, tmp=tmp_path) for a in argv])
    assert_one_line_error(code, err, match)
    assert _stable(demo) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside


def test_bad_settings_are_one_line(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REELSMITH_PORT", "eighty")
    code, _, err = run(capsys, "status", demo)
    assert_one_line_error(code, err, "Settings port")


# -- import -------------------------------------------------------------------------------------


def test_import_screenplay_needs_replace(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ferry.fountain"
    source.write_text(SHORT)
    before = _stable(demo)
    code, _, err = run(capsys, "import", demo, source)
    assert_one_line_error(code, err, "--replace")
    assert _stable(demo) == before
    result = run_json(capsys, "import", demo, source, "--replace", "--yes")
    assert result["scenes"] == 2 and result["replaced_scenes"] == 6
    assert result["characters_added"] == ["MARA", "OTTO"]
    snap = run_json(capsys, "status", demo)
    assert [s["heading"] for s in snap["scenes"]] == ["INT. FERRY DECK - NIGHT", "EXT. PIER - DAWN"]


def _png(tmp_path: Path, name: str = "ref.png") -> Path:
    request = ImageRequest(prompt="Ida at the counter", width=96, height=64)
    path = tmp_path / name
    path.write_bytes(OfflineImageGenerator().generate(request).data)
    return path


def test_import_images_and_audio(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = _png(tmp_path)
    linked = run_json(capsys, "import", demo, image, "--for", "ida")
    assert linked["role"] == "reference" and linked["linked_to"] == {"type": "character", "name": "IDA"}
    assert (demo / linked["path"]).is_file()
    loose = run_json(capsys, "import", demo, image)
    assert loose["asset"] == linked["asset"] and loose["linked_to"]["type"] == "project"
    wav = tmp_path / "line.wav"
    with wave.open(str(wav), "wb") as w:  # a real one: audio is decoded before it is accepted
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 80)
    audio = run_json(capsys, "import", demo, wav)
    assert audio["kind"] == "audio" and audio["role"] == "upload"
    snap = run_json(capsys, "status", demo)
    assert snap["assets"]["by_type"] == {"audio": 1, "image": 1}
    assert snap["history"]["last"]["action"] == "import_asset"


def test_import_for_an_unknown_name_writes_no_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _stable(demo)
    code, _, err = run(capsys, "import", demo, _png(tmp_path), "--for", "Nobody")
    assert_one_line_error(code, err, "no character, location or prop named NOBODY")
    assert _stable(demo) == before


def test_import_refuses_other_files(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html></html>")
    code, _, err = run(capsys, "import", demo, page)
    assert_one_line_error(code, err, "text/html")


# -- export, open -------------------------------------------------------------------------------


def test_every_export_format(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(demo) as project:
        replace_shots(project, 1, [ShotCard("Ida writes", duration_s=2.0)], actor="t")
    suffixes = {"fountain": ".fountain", "fdx": ".fdx", "otio": ".otio", "edl": ".edl", "fcpxml": ".xml",
                "csv": ".csv", "srt": ".srt", "bundle": ".zip"}
    for fmt, suffix in suffixes.items():
        out = tmp_path / f"film{suffix}"
        result = run_json(capsys, "export", demo, "--format", fmt, "--out", out)
        assert result["bytes"] == out.stat().st_size > 0, fmt
    assert "<FinalDraft" in (tmp_path / "film.fdx").read_text()
    assert (tmp_path / "film.csv").read_text().splitlines()[1].startswith("1,1,Ida writes")
    assert "RUBEN: Last delivery." in (tmp_path / "film.srt").read_text()
    assert "S01_SH01" in (tmp_path / "film.edl").read_text()
    assert json.loads((tmp_path / "film.otio").read_text())["OTIO_SCHEMA"].startswith("Timeline")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temp files left"


def test_bundle_round_trip(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_json(capsys, "import", demo, _png(tmp_path), "--for", "juno")
    bundle = tmp_path / "demo.zip"
    run_json(capsys, "export", demo, "--format", "bundle", "--out", bundle)
    copy = tmp_path / "copy"
    assert run_json(capsys, "open", bundle, copy)["name"] == "LOST PROPERTY"
    a, b = run_json(capsys, "status", demo), run_json(capsys, "status", copy)
    assert a["scenes"] == b["scenes"] and a["assets"] == b["assets"]
    code, _, err = run(capsys, "open", bundle, copy)
    assert_one_line_error(code, err, "not empty")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape.txt", "x")
    code, _, err = run(capsys, "open", evil, tmp_path / "evil")
    assert_one_line_error(code, err, "escapes")
    assert not (tmp_path / "evil").exists() and not (tmp_path.parent / "escape.txt").exists()


# -- doctor, reindex ----------------------------------------------------------------------------


def test_doctor_finds_and_repairs(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "doctor", demo)["healthy"] is True
    stored = run_json(capsys, "import", demo, _png(tmp_path), "--for", "ida")
    orphan = demo / "assets" / "ab" / ("ab" * 32 + ".png")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    temp = demo / "assets" / "ab" / ".x.png.123.partial"
    temp.write_bytes(b"half")
    fresh = demo / "exports" / ".film.partial-1234.mp4"
    fresh.write_bytes(b"a render in progress")
    old = time.time() - 3600
    for path in (orphan, temp):
        os.utime(path, (old, old))
    code, out, _ = run(capsys, "doctor", demo, "--json")
    report = json.loads(out)
    assert code == 1 and report["healthy"] is False
    assert report["orphan_files"] == [orphan.relative_to(demo).as_posix()]
    assert report["temp_files"] == [temp.relative_to(demo).as_posix()]
    assert report["recent_left_alone"] == 1 and report["missing_files"] == []
    report = run_json(capsys, "doctor", demo, "--repair")
    assert report["removed"] == 2 and report["healthy"] is True
    assert not orphan.exists() and not temp.exists() and fresh.exists() and (demo / stored["path"]).exists()
    (demo / stored["path"]).unlink()
    code, out, _ = run(capsys, "doctor", demo, "--json", "--grace", "0")
    report = json.loads(out)
    assert (
        code == 1
        and report["missing_files"] == [stored["path"]]
        and report["temp_files"] == [fresh.relative_to(demo).as_posix()]
    )


def test_reindex(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_json(capsys, "import", demo, _png(tmp_path), "--for", "ida")
    run_json(capsys, "import", demo, _png(tmp_path, "other.png"), "--for", "river bridge")
    assert run_json(capsys, "reindex", demo) == {"indexed": 1, "measured": 0}, "the same bytes are one asset"
    assert (demo / "index").is_dir()
    assert run_json(capsys, "reindex", demo) == {"indexed": 1, "measured": 0}, "rebuilding again is idempotent"


# -- render -------------------------------------------------------------------------------------


def _approve_still(project: Project, scene: int, shot: int) -> None:
    spec = ShotSpec(scene_number=scene, shot_number=shot, description=f"shot {shot}")
    media = OfflineImageGenerator().generate(
        ImageRequest(prompt=f"frame {scene}.{shot}", width=160, height=90, spec=spec)
    )
    stored = library.store_bytes(project, media.data)
    with project.change(actor="test", action="approve_still", summary=f"Approved still {scene}.{shot}") as ch:
        asset = library.record_asset(ch, stored, description="still", metadata=media.metadata)
        link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, scene, shot).id, "still")
        library.decide_link(ch, link, "approved")


def test_render_animatic_of_the_demo(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(demo) as project:
        replace_shots(
            project, 1, [ShotCard("Ida writes", duration_s=2.0), ShotCard("Ruben", duration_s=1.5)], actor="t"
        )
        replace_shots(project, 2, [ShotCard("Juno on the bridge", duration_s=2.0)], actor="t")
        _approve_still(project, 1, 1)
        _approve_still(project, 2, 1)
        timeline = timeline_from_project(project, animatic=True, width=160, height=90, fps=12)
    kinds = [item.kind for item in timeline.items]
    assert kinds[:4] == ["still", "card", "still", "card"]
    out = tmp_path / "animatic.mp4"
    result = run_json(
        capsys, "render", demo, "--out", out, "--animatic", "--width", "160", "--height", "90", "--fps", "12"
    )
    info = probe(out)
    assert info.audio_codec is not None, "an audio stream, even when silent"
    tolerance = len(timeline.items) / 12
    assert result["duration_s"] == pytest.approx(timeline.duration_s, abs=tolerance)
    assert info.duration_s == pytest.approx(timeline.duration_s, abs=tolerance)
    assert result["frames"] == pytest.approx(timeline.total_frames, abs=len(timeline.items))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_render_of_one_scene_matches_its_timeline(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(demo) as project:
        replace_shots(project, 2, [ShotCard("Juno on the bridge", duration_s=1.0)], actor="t")
        _approve_still(project, 2, 1)
    out = tmp_path / "scene2.mp4"
    result = run_json(
        capsys, "render", demo, "--out", out, "--scene", "2", "--width", "160", "--height", "90", "--fps", "12"
    )
    assert result["frames"] == 12 and result["items"] == 1
    assert probe(out).duration_s == pytest.approx(1.0, abs=1 / 12)
