"""A framing said relative to the shot's own ("wider", "get closer"), and a transition asked for before any cut.

"wider" is one step from what the shot is now, for any model (the tool's ``reframe``); a transition with nothing
on the timeline first gets a rough cut to sit in (every scene broken into the standard coverage and laid out, as
one change that one undo takes back). The requests are invented for these tests; the resolver's pair is read on
invented scenes (a pier, a net loft).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from demo_session import demo_template, opened, shots_of

from agent.project import Project
from agent.project.cut import assemble
from agent.project.errors import InvalidInputError
from agent.project.history import list_changes, undo
from agent.project.shots import reframed, set_camera, set_camera_of_scene
from agent.project.snapshot import snapshot
from agent.resolver import SceneInfo, find_scene_references
from agent.tools.camera import breakdown_of

SCENES = [SceneInfo(1, "EXT. PIER - NIGHT", "Mara coils a rope under a lamp."),
          SceneInfo(2, "INT. NET LOFT - DAY", "Jonas mends a net. The radio crackles."),
          SceneInfo(3, "EXT. PIER - DAWN", "Gulls. Mara sits on the edge, boots dangling.")]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "reframe")


def _refs(text: str) -> list[tuple[str, list[int]]]:
    return [(r.phrase, [m.number for m in r.matches][:1] if r.status == "resolved" else [m.number for m in r.matches])
            for r in find_scene_references(text, SCENES)]


def test_the_framing_ladder_steps_once_and_stops_at_its_ends() -> None:
    assert reframed("wide", "wider") == "extreme-wide"
    assert reframed("close-up", "tighter") == "insert"
    assert reframed("over-the-shoulder", "wider") == "wide"  # framed like a medium shot
    assert reframed("extreme-wide", "wider") is None and reframed("insert", "tighter") is None
    with pytest.raises(InvalidInputError, match="unknown reframe"):
        reframed("wide", "sideways")


async def test_wider_is_a_step_from_the_shot_and_the_edge_is_refused_without_a_change(
        template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "break scene 2 into shots")
        project = session.project
        was = shots_of(snapshot(project), 2)
        set_camera(project, 2, 1, reframe="wider", actor="t")
        assert shots_of(snapshot(project), 2)[1]["camera"]["shot_type"] == "extreme-wide"
        history = len(snapshot(project)["history"])
        with pytest.raises(InvalidInputError, match="already extreme-wide"):
            set_camera(project, 2, 1, reframe="wider", actor="t")
        with pytest.raises(InvalidInputError, match="not both"):
            set_camera(project, 2, 2, shot_type="wide", reframe="wider", actor="t")
        assert len(snapshot(project)["history"]) == history
        set_camera_of_scene(project, 2, reframe="tighter", actor="t")
        now = shots_of(snapshot(project), 2)
    assert [now[n]["camera"]["shot_type"] for n in sorted(now)] == [
        reframed(was[n]["camera"]["shot_type"] if n != 1 else "extreme-wide", "tighter") for n in sorted(was)]


def test_a_rough_cut_breaks_every_scene_down_in_one_change_and_one_undo_takes_it_back(
        template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "film"
    shutil.copytree(template, folder)
    with Project.open(folder) as project:
        before = snapshot(project)
        done = assemble(project, actor="t", breakdown=breakdown_of)
        after = snapshot(project)
        assert done.broken_down == (1, 2, 3, 4, 5, 6)
        assert done.clips == len(after["timeline"]) == len(after["shots"]) > 6
        assert {c["scene"] for c in after["timeline"]} == {1, 2, 3, 4, 5, 6}
        undo(project, actor="t")
        again = snapshot(project)
        assert again["shots"] == before["shots"] == [] and again["timeline"] == []


async def test_a_cut_of_scenes_broken_down_by_hand_adds_no_others(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "break scene 4 into shots")
        done = assemble(session.project, actor="t", breakdown=breakdown_of)
        data = session.snapshot()
    assert done.broken_down == () and {c["scene"] for c in data["timeline"]} == {4}


async def test_a_director_step_wider_and_closer_reach_the_tool(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "scene 3, shot 1: go wider")
        wide = shots_of(session.snapshot(), 3)
        await session.run("t", "scene 3 shot 2 - get in closer")
        close = shots_of(session.snapshot(), 3)
    assert wide[1]["camera"]["shot_type"] == "extreme-wide"  # it was the establishing wide
    assert close[2]["camera"]["shot_type"] == reframed(wide[2]["camera"]["shot_type"], "tighter")
    assert close[1] == wide[1]


async def test_a_transition_before_any_cut_gets_a_rough_cut_first(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "a soft mix out of the rainy bridge at night to the night bus")
        data = session.snapshot()
        into = next(c for c in data["timeline"] if c["scene"] == 3)
        await session.run("t", "go out on black at the very end")
        last = session.snapshot()["timeline"][-1]
    assert into["transition"] == "crossfade"
    assert [c["transition"] for c in data["timeline"]].count("crossfade") == 1
    assert last["transition"] == "fade-out" and last["scene"] == 6


async def test_a_transition_with_no_place_builds_no_cut(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        reply = await session.run("t", "stick a dissolve in somewhere")
        data = session.snapshot()
    assert data["timeline"] == [] and data["shots"] == []
    assert reply


def test_a_transition_names_the_scene_it_leaves_and_the_one_it_enters() -> None:
    assert _refs("a slow dissolve out of the net loft to the dawn pier") == [("the net loft", [2]),
                                                                               ("the dawn pier", [3])]
    assert _refs("crossfade from scene 1 into the net loft") == [("scene 1", [1]), ("the net loft", [2])]


def test_the_whole_of_a_described_scene_is_that_scene() -> None:
    assert _refs("the whole net loft scene on a tripod, please") == [("the whole net loft scene", [2])]
    assert _refs("shoot the entire dawn pier scene handheld") == [("the entire dawn pier scene", [3])]


async def test_a_step_and_a_lens_said_together_both_reach_the_shot(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "break scene 3 into shots")
        was = shots_of(session.snapshot(), 3)[2]["camera"]
        await session.run("t", "scene 3, shot 2: a touch wider, low angle on an 85")
        now = shots_of(session.snapshot(), 3)[2]["camera"]
    assert (now["angle"], now["lens_mm"], now["shot_type"]) == ("low", 85, reframed(was["shot_type"], "wider"))


async def test_the_history_names_a_length_change_as_one(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "break scene 2 into shots")
        set_camera(session.project, 2, 1, duration_s=4.0, actor="t")
        set_camera_of_scene(session.project, 2, duration_s=2.5, actor="t")
        set_camera(session.project, 2, 2, angle="low", actor="t")
        with session.project.read() as s:
            said = [c.summary for c in list_changes(s, limit=3)]
    assert said == ["Set camera of shot 2 in scene 2", "Set length of every shot in scene 2",
                    "Set length of shot 1 in scene 2"]
