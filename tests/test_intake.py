"""One way into a project: ``create_from_fountain`` (new, evals, the UI's demo) and ``import_file``."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent import evaldriver, ui_server
from agent.config import DATA_DIR, Settings
from agent.formats.errors import FountainError
from agent.intake import create_from_fountain, import_file
from agent.project import InvalidInputError, Project, snapshot
from agent.session import Session

DEMO = DATA_DIR / "demo.fountain"


def test_a_bad_screenplay_leaves_no_trace(tmp_path: Path) -> None:
    bad = tmp_path / "bad.fountain"
    bad.write_bytes(b"INT. ROOM - DAY\n\x00\x01")
    target = tmp_path / "deep" / "film"
    with pytest.raises(FountainError):
        create_from_fountain(target, bad, settings=Settings(home=tmp_path / "home"))
    assert not (tmp_path / "deep").exists()


def test_a_staged_project_needs_an_empty_folder_and_an_unstaged_one_keeps_what_is_there(tmp_path: Path) -> None:
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "lost+found").mkdir()  # what a freshly mounted volume holds
    with pytest.raises(FileExistsError, match="not empty"):
        create_from_fountain(folder, DEMO, settings=Settings(home=tmp_path / "home"))
    assert not Project.exists(folder)
    created = create_from_fountain(folder, DEMO, settings=Settings(home=tmp_path / "home"), staged=False)
    assert (folder / "lost+found").is_dir() and Project.exists(folder)
    assert created.name == "LOST PROPERTY" and created.scenes > 0


def test_every_front_end_creates_through_the_same_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []

    def spy(folder: Path, source: Path | None, **kwargs: object) -> object:
        made.append(folder)
        return create_from_fountain(folder, source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("agent.intake.create_from_fountain", spy)
    monkeypatch.setattr("agent.session.create_from_fountain", spy)
    monkeypatch.setattr("agent.ui_server.create_from_fountain", spy)
    settings = Settings(home=tmp_path / "home")
    evaldriver.create_project_from("empty", None, tmp_path / "eval", settings=settings)
    ui_server.ensure_project(tmp_path / "ui", settings=settings)
    Session.create_from_fountain(tmp_path / "session", DEMO, settings=settings)
    assert made == [tmp_path / "eval", tmp_path / "ui", tmp_path / "session"]
    with Project.open(tmp_path / "eval") as project:
        assert snapshot(project)["name"] == "Untitled"


def test_import_file_refuses_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    create_from_fountain(tmp_path / "film", DEMO, settings=settings)
    fake = tmp_path / "still.png"
    fake.write_text("INT. ROOM - DAY\n\nNot a picture.\n")
    with Project.open(tmp_path / "film") as project:
        before = snapshot(project)
        with pytest.raises(InvalidInputError, match="named like image"):
            import_file(project, fake, settings=settings)
        with pytest.raises(InvalidInputError, match="--for applies"):
            import_file(project, DEMO, settings=settings, for_name="Ida")
        refused: list[str] = []

        def refuse(step: object) -> None:
            refused.append(step.sentence())  # type: ignore[attr-defined]
            raise InvalidInputError("not confirmed")

        with pytest.raises(InvalidInputError, match="not confirmed"):
            import_file(project, DEMO, settings=settings, replace=True, confirm=refuse)
        assert refused and snapshot(project) == before
