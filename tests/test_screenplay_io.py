"""Screenplay import (one recorded change, with a script breakdown) and Fountain / FDX / CSV export."""

from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent.config import DATA_DIR
from agent.exports.screenplay import export_fdx, export_fountain, export_shot_list_csv
from agent.formats.fountain import parse_fountain, scene_dialogue, screenplay_title
from agent.project import InvalidInputError, Project, history, snapshot
from agent.project.schema import Change, HistoryEntry
from agent.project.screenplay import MAX_LABEL_CHARS, import_screenplay
from agent.project.shots import ShotCard, replace_shots

DEMO = (DATA_DIR / "demo.fountain").read_text(encoding="utf-8")

SHORT = """\
Title: **The** _Ferry_
Author: Test

Some preamble action before any scene.

INT. FERRY DECK - NIGHT #1A#

MARA leans on the rail.

MARA
(whispering)
Not yet.

EXT. PIER - DAWN #2#

OTTO
Too late, Mara.

MARA (O.S.)
Never.
"""


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "film"
    Project.create(folder, name="Test").close()
    return folder


@pytest.fixture
def project(empty_template: Path, tmp_path: Path) -> Iterator[Project]:
    """A fresh copy of an empty project (copied: creating a project runs the migrations)."""
    shutil.copytree(empty_template, tmp_path / "film")
    with Project.open(tmp_path / "film") as p:
        yield p


def _changes(project: Project) -> int:
    with project.read() as s:
        return s.scalar(select(func.count()).select_from(Change)) or 0


def test_demo_screenplay_meets_the_brief() -> None:
    doc = parse_fountain(DEMO)
    assert screenplay_title(doc) == "LOST PROPERTY"
    assert len(doc.scenes) >= 6
    assert sorted(doc.speaking_characters) == ["IDA", "JUNO", "RUBEN"]
    assert len(doc.locations) == 3
    assert doc.transitions, "at least one transition"
    assert any(line.parenthetical for sc in doc.scenes for line in scene_dialogue(sc.content))


def test_import_is_one_change_with_a_breakdown(project: Project) -> None:
    before = _changes(project)
    report = import_screenplay(project, parse_fountain(DEMO), actor="user", source="demo.fountain")
    assert report.scenes == 6
    assert sorted(report.characters_added) == ["IDA", "JUNO", "RUBEN"]
    assert report.locations_added == ["LOST PROPERTY OFFICE", "RIVER BRIDGE", "NIGHT BUS"]
    assert _changes(project) == before + 1
    snap = snapshot(project)
    assert [sc["number"] for sc in snap["scenes"]] == [1, 2, 3, 4, 5, 6]
    assert snap["scenes"][2]["heading"] == "INT. NIGHT BUS - MOVING - NIGHT"
    assert snap["history"]["last"]["action"] == "import_screenplay"
    with project.read() as s:
        last = s.scalar(select(func.max(Change.id)))
        entries = s.scalar(select(func.count()).select_from(HistoryEntry).where(HistoryEntry.change_id == last))
    assert entries == 1 + 6 + 3 + 3  # project row, scenes, characters, locations


def test_undo_removes_the_whole_import(project: Project) -> None:
    import_screenplay(project, parse_fountain(DEMO), actor="user")
    history.undo(project)
    snap = snapshot(project)
    assert snap["scenes"] == [] and snap["characters"] == [] and snap["locations"] == []


def test_import_refuses_a_project_with_scenes_and_changes_nothing(project: Project) -> None:
    import_screenplay(project, parse_fountain(SHORT), actor="user")
    before, count = snapshot(project), _changes(project)
    with pytest.raises(InvalidInputError, match="--replace"):
        import_screenplay(project, parse_fountain(DEMO), actor="user")
    assert snapshot(project) == before and _changes(project) == count


def test_replace_swaps_scenes_and_their_shots_and_keeps_the_cast(project: Project) -> None:
    import_screenplay(project, parse_fountain(SHORT), actor="user")
    replace_shots(project, 1, [ShotCard("Mara at the rail", characters=["MARA"], location="FERRY DECK")], actor="t")
    report = import_screenplay(project, parse_fountain(DEMO), actor="user", replace=True)
    snap = snapshot(project)
    assert report.replaced_scenes == 2
    assert len(snap["scenes"]) == 6 and snap["shots"] == []
    assert {"MARA", "OTTO", "IDA"} <= {c["name"] for c in snap["characters"]}
    history.undo(project)
    assert len(snapshot(project)["shots"]) == 1, "undo brings the old scenes and shots back"


def test_replace_clears_branches(project: Project) -> None:
    import_screenplay(project, parse_fountain(SHORT), actor="user")
    history.create_branch(project, "alt-ending", 2, 2, actor="user")
    import_screenplay(project, parse_fountain(DEMO), actor="user", replace=True)
    snap = snapshot(project)
    assert snap["branch"] == "main" and len(snap["scenes"]) == 6
    with project.read() as s:
        assert history.list_branches(s) == [("main", True)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Just some action.\n\nNo headings here.\n", "no scene headings"),
        (f"INT. ROOM - DAY #{'9' * (MAX_LABEL_CHARS + 1)}#\n\nAction.\n", "longer than"),
    ],
)
def test_unusable_screenplays_are_refused(project: Project, text: str, message: str) -> None:
    count = _changes(project)
    with pytest.raises(InvalidInputError, match=message):
        import_screenplay(project, parse_fountain(text), actor="user")
    assert _changes(project) == count


def test_an_empty_project_has_nothing_to_export(project: Project) -> None:
    for export in (export_fountain, export_fdx, export_shot_list_csv):
        with pytest.raises(InvalidInputError, match="no"):
            export(project)


def test_title_is_plain_text() -> None:
    assert screenplay_title(parse_fountain(SHORT)) == "The Ferry"
    assert screenplay_title(parse_fountain("INT. ROOM - DAY\n\nAction.\n")) is None


def test_fountain_export_reads_back_to_the_same_screenplay(project: Project) -> None:
    for text in (SHORT, DEMO):
        import_screenplay(project, parse_fountain(text), actor="user", replace=True)
        original, again = parse_fountain(text), parse_fountain(export_fountain(project))
        assert again.title_page == original.title_page
        assert again.preamble == original.preamble
        assert [(s.heading, s.number, s.content) for s in again.scenes] == [
            (s.heading, s.number, s.content) for s in original.scenes
        ]
        if text is SHORT:
            assert "#1A#" in export_fountain(project)


def test_export_follows_the_active_branch(project: Project) -> None:
    from agent.project import story

    import_screenplay(project, parse_fountain(SHORT), actor="user")
    history.create_branch(project, "alt", 2, 2, actor="user")
    story.update_scene(project, 2, actor="user", content="OTTO\nA different ending.")
    assert "A different ending." in export_fountain(project)
    history.switch_branch(project, "main", actor="user")
    assert "A different ending." not in export_fountain(project)


def test_fdx_export_has_headings_numbers_and_dialogue(project: Project) -> None:
    import_screenplay(project, parse_fountain(SHORT), actor="user")
    root = ET.fromstring(export_fdx(project).split("\n", 1)[1])
    paragraphs = root.findall("./Content/Paragraph")
    headings = [p for p in paragraphs if p.get("Type") == "Scene Heading"]
    assert [h.get("Number") for h in headings] == ["1A", "2"]
    cues = ["".join(t.text or "" for t in p.findall("Text")) for p in paragraphs if p.get("Type") == "Character"]
    assert cues == ["MARA", "OTTO", "MARA (O.S.)"]
    assert any(p.get("Type") == "Parenthetical" for p in paragraphs)


def test_shot_list_csv(project: Project) -> None:
    import_screenplay(project, parse_fountain(SHORT), actor="user")
    with pytest.raises(InvalidInputError, match="no shots"):
        export_shot_list_csv(project)
    cards = [
        ShotCard("=Mara at the rail", shot_type="wide", characters=["MARA"], location="FERRY DECK", duration_s=2.5),
        ShotCard("Her hands", shot_type="insert", lens_mm=85),
    ]
    replace_shots(project, 1, cards, actor="t")
    rows = list(csv.reader(io.StringIO(export_shot_list_csv(project))))
    assert rows[0][:3] == ["scene", "shot", "description"]
    assert rows[1][:4] == ["1", "1", "'=Mara at the rail", "wide"]
    assert rows[1][7:11] == ["MARA", "FERRY DECK", "", "2.5"]
    assert rows[2][6] == "85mm" and len(rows) == 3
