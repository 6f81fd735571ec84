"""Names, project names, headings and tags follow one rule: invisible characters go, controls and overrides are
refused, whitespace folds; so "I\u200bDA" is IDA, and an ANSI escape or a bidi override never gets in."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from agent.cli import main
from agent.project import InvalidInputError, Project, design, export_bundle, open_bundle, snapshot, story
from agent.project.bundle import BundleError
from agent.project.views import character_by_name

ACTOR = "test"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p", name="Names")
    story.add_scene(p, heading="INT. HALL - DAY", content="Ida waits.", actor=ACTOR)
    design.add_entity(p, "character", "Ida", actor=ACTOR)
    return p


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])
def test_a_zero_width_twin_of_a_name_is_the_same_name(project: Project, invisible: str) -> None:
    twin = f"I{invisible}DA"
    with pytest.raises(InvalidInputError, match="a character named IDA already exists"):
        design.add_entity(project, "character", twin, actor=ACTOR)
    with project.read() as s:
        assert character_by_name(s, twin).name == "IDA"
    assert [c["name"] for c in snapshot(project)["characters"]] == ["IDA"]
    project.close()


@pytest.mark.parametrize("bad", ["\x1b[31mRED\x1b[0m", "A\x07B", "\u202eEVIL", "IN\u2066SIDE\u2069", "X\x00Y"])
def test_controls_and_overrides_are_refused_everywhere(project: Project, bad: str, tmp_path: Path) -> None:
    checks = [
        lambda: design.add_entity(project, "character", bad, actor=ACTOR),
        lambda: design.update_entity(project, "character", "ida", new_name=bad, actor=ACTOR),
        lambda: story.add_scene(project, heading=f"INT. {bad}", content="", actor=ACTOR),
        lambda: story.update_scene(project, 1, heading=f"INT. {bad}", actor=ACTOR),
        lambda: story.tag_scene(project, 1, add=[bad], actor=ACTOR),
        lambda: Project.create(tmp_path / "other", name=bad),
    ]
    before = snapshot(project)
    for check in checks:
        with pytest.raises(InvalidInputError, match="control or text-direction override") as err:
            check()
        assert "\n" not in str(err.value)
    assert snapshot(project) == before
    assert not (tmp_path / "other" / "project.db").exists()
    project.close()


def test_newlines_fold_and_invisible_characters_go_in_project_names_and_headings(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p", name="My\r\nLong\u200b\tFilm") as p:
        story.add_scene(p, heading="INT.\nHALL\u200b - NIGHT", content="", actor=ACTOR)
        story.tag_scene(p, 1, add=["Keep\u200b"], actor=ACTOR)
        snap = snapshot(p)
    assert snap["name"] == "My Long Film"
    assert snap["scenes"][0]["heading"] == "INT. HALL - NIGHT" and snap["scenes"][0]["tags"] == ["keep"]


def test_the_cli_refuses_an_escape_in_a_project_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "film"), "--name", "\x1b[2JWIPED"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: a project name cannot contain control") and err.count("\n") == 1
    assert not (tmp_path / "film").exists()


@pytest.mark.parametrize(
    ("sql", "message"),
    [("UPDATE project SET name = 'Film' || char(27) || '[31m'", "control"),
     ("UPDATE scenes SET heading = 'INT. ' || char(8238) || 'LLAH'", "text-direction override"),
     ("UPDATE characters SET name = 'I' || char(8203) || 'DA'", "hidden characters")],
)
def test_a_bundle_with_hidden_characters_in_names_is_refused(
    project: Project, tmp_path: Path, sql: str, message: str
) -> None:
    project.close()
    work = tmp_path / "work"
    shutil.copytree(project.path, work)
    conn = sqlite3.connect(work / "project.db")
    conn.execute(sql)
    conn.commit()
    conn.close()
    with Project.open(work) as p:
        bundle = export_bundle(p, tmp_path / "b.zip")
    with pytest.raises(BundleError, match=message):
        open_bundle(bundle, tmp_path / "opened")
    assert not (tmp_path / "opened").exists()
