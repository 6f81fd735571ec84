"""Shot timing: estimated from dialogue and action, editable, and followed by the cut and the animatic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from agent.cli import main
from agent.media import probe
from agent.media.from_project import render_project, timeline_from_project
from agent.project import Project
from agent.project.cut import add_shot_to_timeline, assemble_scene_order
from agent.project.history import undo
from agent.project.schema import Character, Location, Prop
from agent.project.shots import replace_shots, set_camera
from agent.project.snapshot import snapshot
from agent.project.timing import shot_seconds
from agent.project.views import active_scenes
from agent.tools.camera import default_breakdown


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timing") / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    with Project.open(folder) as project:
        with project.read() as s:
            cast = set(s.scalars(select(Character.name)))
            places, props = set(s.scalars(select(Location.name))), set(s.scalars(select(Prop.name)))
            scene = active_scenes(s)[1]
            cards = default_breakdown(scene.heading, scene.content, cast, places, props)
        replace_shots(project, 2, cards, actor="t")
    return folder


@pytest.fixture
def film(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "film")
    return tmp_path / "film"


def _scene_shots(project: Project, scene: int) -> list[dict[str, object]]:
    return [s for s in snapshot(project)["shots"] if s["scene"] == scene]


def test_shot_estimates_follow_dialogue_and_action() -> None:
    assert shot_seconds(dialogue=" ".join(["word"] * 10)) == 4.0  # 2.5 words a second
    assert shot_seconds(action="He sits.") == 2.0  # never a flash
    assert shot_seconds(dialogue=" ".join(["word"] * 100)) == 12.0


def test_the_breakdown_times_shots_and_puts_her_in_the_pocket_shot(film: Path) -> None:
    with Project.open(film) as project:
        shots = _scene_shots(project, 2)
    pocket = next(s for s in shots if "coat pocket" in str(s["description"]))
    assert pocket["characters"] == ["JUNO"]  # "She checks her coat pocket": she is Juno
    assert len({s["duration_s"] for s in shots}) > 1  # not a fixed 3 s each


def test_the_animatic_of_a_scene_lasts_its_shots(film: Path, tmp_path: Path) -> None:
    with Project.open(film) as project:
        assemble_scene_order(project, actor="t")
        set_camera(project, 2, 2, duration_s=4.5, actor="t")  # after the cut was assembled
        shots = _scene_shots(project, 2)
        data = snapshot(project)
        expected = sum(float(s["duration_s"]) for s in shots)  # type: ignore[arg-type]
        assert data["scenes"][1]["runtime_s"] == pytest.approx(expected, abs=0.05)
        assert next(c for c in data["timeline"] if c["scene"] == 2 and c["shot"] == 2)["duration"] == 4.5
        out = tmp_path / "scene2.mp4"
        result, timeline = render_project(project, out, animatic=True, scene=2, width=160, height=90, fps=12)
    assert timeline.duration_s == pytest.approx(expected, abs=0.5)
    assert result.duration_s == pytest.approx(expected, abs=0.5)
    assert probe(out).duration_s == pytest.approx(expected, abs=0.5)


def test_a_trim_made_in_the_cut_is_kept_and_undo_restores_both(film: Path) -> None:
    with Project.open(film) as project:
        assemble_scene_order(project, actor="t")
        add_shot_to_timeline(project, 2, 1, actor="t", duration_s=1.25)  # a deliberate trim
        before = [c["duration"] for c in snapshot(project)["timeline"]]
        set_camera(project, 2, 1, duration_s=6.0, actor="t")
        after = snapshot(project)["timeline"]
        assert after[0]["duration"] == 6.0 and after[-1]["duration"] == 1.25
        undo(project, actor="t")
        assert [c["duration"] for c in snapshot(project)["timeline"]] == before
        assert _scene_shots(project, 2)[0]["duration_s"] == before[0]
        items = timeline_from_project(project, animatic=True, scene=2, width=160, height=90, fps=12).items
        assert items[0].duration_s == before[0]
