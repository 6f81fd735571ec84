"""Long renders and big batches ask first; a render's scratch files live under the project, where doctor looks."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import agent.media.from_project as from_project
import agent.tools.edit as edit
import agent.tools.produce as produce
from agent.cli import main
from agent.config import Settings
from agent.media.timeline import RenderError
from agent.project import Project, snapshot
from agent.project.doctor import doctor
from agent.project.shots import ShotCard, replace_shots
from agent.tools.base import ToolContext


@pytest.fixture
def film(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    assert main(["new", str(tmp_path / "film"), "--demo"]) == 0
    return tmp_path / "film"


def _questions(monkeypatch: pytest.MonkeyPatch, module: object, answer: bool) -> list[str]:
    asked: list[str] = []

    def confirm(title: str, *, cost_usd: float = 0.0) -> bool:
        asked.append(title)
        return answer

    monkeypatch.setattr(module, "confirm", confirm)
    return asked


def _tool(ctx: ToolContext, name: str) -> object:
    return next(t for t in edit.editor_tools(ctx) if t.name == name)


def test_a_long_animatic_asks_first_and_a_no_renders_nothing(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(from_project, "LONG_RENDER_S", 5.0)
    asked = _questions(monkeypatch, edit, answer=False)
    with Project.open(film) as p:
        answer = _tool(ToolContext(p, Settings()), "render_animatic").invoke({})  # type: ignore[attr-defined]
    assert len(asked) == 1 and "would run" in asked[0] and "pictures" in asked[0]
    assert "cancelled" in answer
    assert list((film / "exports").iterdir()) == []


def test_a_short_animatic_does_not_ask(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _questions(monkeypatch, edit, answer=False)
    monkeypatch.setattr(edit, "_render", lambda *a, **k: (_ for _ in ()).throw(RenderError("stopped here")))
    with Project.open(film) as p:
        answer = _tool(ToolContext(p, Settings()), "render_animatic").invoke({"scene_number": 1})  # type: ignore[attr-defined]
    assert asked == [] and answer == "Error: stopped here"


def test_a_big_free_batch_asks_first(film: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _questions(monkeypatch, produce, answer=False)
    with Project.open(film) as p:
        cards = [ShotCard(f"Shot {i}", duration_s=1.0) for i in range(produce.LARGE_BATCH_SHOTS + 1)]
        replace_shots(p, 1, cards, actor="t")
        result = produce.produce_stills(ToolContext(p, Settings()), 1, actor="t")
        assert snapshot(p)["assets"]["count"] == 0
    assert len(asked) == 1 and f"{produce.LARGE_BATCH_SHOTS + 1} stills" in asked[0] and "free drafts" in asked[0]
    assert result.text.startswith("Cancelled")


def test_the_cli_refuses_a_long_render_without_long(
    film: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(from_project, "LONG_RENDER_S", 5.0)
    out = film.parent / "cut.mp4"
    capsys.readouterr()
    assert main(["render", str(film), "--animatic", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "would run" in err and "pass --long" in err and err.count("\n") == 1
    assert not out.exists() and list((film / "exports").iterdir()) == []


def test_render_scratch_files_live_under_the_project(
    film: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agent.media.animatic as animatic

    seen: list[list[str]] = []

    def fake_ffmpeg(args: list[str], **kwargs: object) -> None:
        seen.append([a for a in args if a.endswith(".ffconcat")])
        raise RenderError("killed here")

    monkeypatch.setattr(animatic, "run_ffmpeg", fake_ffmpeg)
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    with Project.open(film) as p, pytest.raises(RenderError, match="killed here"):
        from_project.render_project(p, elsewhere / "cut.mp4", animatic=True, scene=1, width=160, height=90)
    listing = Path(seen[0][0])
    assert listing.is_relative_to(film / "exports") and ".partial-work-" in listing.parent.name
    assert not listing.parent.exists()  # cleaned up on the way out
    assert list(elsewhere.iterdir()) == []


def test_doctor_sees_and_repairs_a_killed_renders_scratch_folder(film: Path) -> None:
    scratch = film / "exports" / ".animatic.partial-work-abc123"
    scratch.mkdir()
    (scratch / "pictures.ffconcat").write_text("file 'x.png'\n")
    old = time.time() - 3600
    os.utime(scratch, (old, old))
    with Project.open(film) as p:
        report = doctor(p, grace_s=60)
        assert report.temp_files == ["exports/.animatic.partial-work-abc123"] and not report.healthy
        repaired = doctor(p, grace_s=60, repair=True)
        assert repaired.removed == 1 and not scratch.exists()
        assert doctor(p, grace_s=60).healthy
