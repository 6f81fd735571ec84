"""``reelsmith undo``/``redo``/``import --replace``: a step that removes or replaces a lot refuses with the
sentence saying what would go and changes nothing, until ``--yes`` confirms it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from test_cli import SHORT, assert_one_line_error, run, run_json

from agent.project import Project, library, story
from agent.project.shots import ShotCard, replace_shots
from agent.project.views import shot_by_number


@pytest.fixture
def museum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The issue's repro: a project created from a .fountain file (6 scenes of the demo, renamed)."""
    from agent.config import DATA_DIR

    source = tmp_path / "museum.fountain"
    source.write_bytes((DATA_DIR / "demo.fountain").read_bytes())
    folder = tmp_path / "museum"
    assert run(capsys, "new", folder, "--from", source)[0] == 0
    return folder


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 18), (200, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


def _db(folder: Path) -> bytes:
    return (folder / "project.db").read_bytes()


def test_undo_of_the_import_refuses_with_what_would_go_then_yes_undoes_and_redo_brings_it_back(
    museum: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run_json(capsys, "status", museum)
    log = run_json(capsys, "history", museum)
    code, _, err = run(capsys, "undo", museum)
    assert_one_line_error(code, err, "This undoes the import of museum.fountain: 6 scenes, ")
    assert "characters" in err and "locations" in err and "--yes" in err
    assert run_json(capsys, "history", museum) == log, "a refused undo writes nothing"
    assert run_json(capsys, "undo", museum, "--yes") == {"undone": ["Imported museum.fountain: 6 scenes"]}
    assert run_json(capsys, "status", museum)["scenes"] == []
    # Redo brings the 6 scenes back and removes nothing, so it needs no flag: a confirmed mistake is one word away.
    assert run_json(capsys, "redo", museum) == {"redone": ["Imported museum.fountain: 6 scenes"]}
    after = run_json(capsys, "status", museum)
    assert after["scenes"] == before["scenes"] and after["characters"] == before["characters"]
    assert after["locations"] == before["locations"]
    code, _, err = run(capsys, "redo", museum)
    assert_one_line_error(code, err, "nothing to redo")


def test_a_small_undo_and_redo_need_no_flag_and_a_new_change_clears_redo(
    museum: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(museum) as p:
        story.update_scene(p, 2, content="Rain.", actor="user", summary="Shortened scene 2")
    original = run_json(capsys, "show", museum, "scene", "2")["content"]
    assert run_json(capsys, "undo", museum) == {"undone": ["Shortened scene 2"]}
    assert run_json(capsys, "show", museum, "scene", "2")["content"] != "Rain."
    assert run_json(capsys, "redo", museum) == {"redone": ["Shortened scene 2"]}
    assert run_json(capsys, "show", museum, "scene", "2")["content"] == original == "Rain."
    assert run_json(capsys, "undo", museum) == {"undone": ["Shortened scene 2"]}, "a redo can be undone again"
    with Project.open(museum) as p:
        story.tag_scene(p, 1, add=["keep"], remove=[], actor="user")
    code, _, err = run(capsys, "redo", museum)
    assert_one_line_error(code, err, "nothing to redo")


def test_import_replace_refuses_with_what_would_go_including_approved_stills(
    museum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(museum) as p:
        replace_shots(p, 1, [ShotCard("Ida at the counter"), ShotCard("The bell")], actor="user")
        with p.change(actor="user", action="generate", summary="still") as ch:
            stored = library.store_bytes(p, _png())
            asset = library.record_asset(ch, stored, description="still", metadata={})
            link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, 1, 1).id, "still")
            library.decide_link(ch, link, "approved")
    source = tmp_path / "ferry.fountain"
    source.write_text(SHORT)
    before, log = _db(museum), run_json(capsys, "history", museum)
    code, _, err = run(capsys, "import", museum, source, "--replace")
    assert_one_line_error(code, err, "This replaces the screenplay with ferry.fountain: 6 scenes, 2 shots, "
                                     "1 approved still. Replace it?")
    assert _db(museum) == before and run_json(capsys, "history", museum) == log
    result = run_json(capsys, "import", museum, source, "--replace", "--yes")
    assert result["scenes"] == 2 and result["replaced_scenes"] == 6
