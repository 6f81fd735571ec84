"""Camera and length changes to several shots of a scene at once: every shot, shots by number, or a framing.

The store keeps such a change as one step (one undo restores every shot) with the same stale marks as the
shots changed one by one; the tools take it as ``every_shot`` / ``shots`` / ``only_shot_type`` and refuse a
call that names no shot; the offline director spells it from the film-maker's words. Requests are invented.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from agent.config import Settings
from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.conversation import Turn
from agent.llm.offline.shots import spell_shots, spelled_tool
from agent.project import Project, history, library, list_stale, shots, snapshot, story
from agent.project.errors import InvalidInputError
from agent.project.schema import AssetLink
from agent.project.shots import ShotCard
from agent.project.views import shot_by_number
from agent.tools.base import ToolContext
from agent.tools.camera import cinematographer_tools

ACTOR = "test"
_CARDS = [ShotCard("Harbour at first light", shot_type="wide", lens_mm=24),
          ShotCard("Tova: close on her hands", shot_type="close-up", lens_mm=50),
          ShotCard("The rope goes taut", shot_type="insert", lens_mm=85),
          ShotCard("Tova looks up", shot_type="close-up", lens_mm=50),
          ShotCard("Boat leaves the harbour", shot_type="wide", lens_mm=24)]


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (seed * 40 % 256, seed * 90 % 256, 7)).save(buf, format="PNG")
    return buf.getvalue()


def _give_still(p: Project, scene: int, number: int) -> None:
    with p.read() as s:
        shot_id = shot_by_number(s, scene, number).id
    stored = library.store_bytes(p, _png(scene * 10 + number))
    with p.change(actor=ACTOR, action="generate", summary="still") as ch:
        link_id = library.link_asset(ch, library.record_asset(ch, stored, description="still", metadata={}),
                                     "shot", shot_id, "still").id
    with p.change(actor=ACTOR, action="approve", summary="approve") as ch:
        library.decide_link(ch, ch.session.get(AssetLink, link_id), "approved")  # type: ignore[arg-type]


def _film(path: Path) -> Project:
    """Return a film whose scene 2 has five shots, stills on shots 1, 2 and 4; scene 1 has one shot."""
    p = Project.create(path, name="Harbour")
    for i in (1, 2):
        story.add_scene(p, heading=f"EXT. HARBOUR {i} - DAWN", content=f"Gulls {i}.", actor=ACTOR)
    shots.replace_shots(p, 1, [ShotCard("Gulls", lens_mm=35)], actor=ACTOR)
    shots.replace_shots(p, 2, _CARDS, actor=ACTOR)
    for number in (1, 2, 4):
        _give_still(p, 2, number)
    return p


@pytest.fixture
def film(tmp_path: Path) -> Iterator[Project]:
    p = _film(tmp_path / "film")
    yield p
    p.close()


def _cards(p: Project, scene: int = 2) -> list[tuple[int, str, str, str, int, float]]:
    return [(s["number"], s["camera"]["shot_type"], s["camera"]["angle"], s["camera"]["movement"],
             s["camera"]["lens_mm"], s["duration_s"]) for s in snapshot(p)["shots"] if s["scene"] == scene]


def _marks(p: Project) -> list[tuple[str, str, str]]:
    with p.read() as s:
        ids = {shot_by_number(s, 2, n).id: n for n in range(1, 6)}
        return sorted((f"shot {ids.get(i.entity_id)}", i.aspect, i.reason) for i in list_stale(s))


def test_picked_shots_change_as_one_step_and_one_undo_restores_them(film: Project) -> None:
    before = _cards(film)
    assert shots.set_camera_of_scene(film, 2, numbers=[2, 3, 4], angle="low", actor=ACTOR) == 3
    after = _cards(film)
    assert [c[2] for c in after] == ["eye-level", "low", "low", "low", "eye-level"]
    assert [c for c in after if c[0] in (1, 5)] == [c for c in before if c[0] in (1, 5)]
    undone = history.undo(film, actor=ACTOR)
    assert _cards(film) == before  # one undo: all three back
    assert any("Set camera of shots 2, 3, 4 in scene 2" in u for u in undone), undone


def test_the_shots_framed_so_now_are_the_ones_picked(film: Project) -> None:
    assert shots.set_camera_of_scene(film, 2, framing="close-up", lens_mm=85, actor=ACTOR) == 2
    assert [c[4] for c in _cards(film)] == [24, 85, 85, 85, 24]  # the insert already was an 85
    assert shots.set_camera_of_scene(film, 2, framing="wide", numbers=[4, 5], duration_s=4.0, actor=ACTOR) == 1
    assert [c[5] for c in _cards(film)][4] == 4.0
    assert _cards(film, 1) == [(1, "medium", "eye-level", "static", 35, 3.0)]  # another scene is left alone


def test_the_picked_shots_clear_their_card_marks_as_shot_by_shot_changes_would(film: Project, tmp_path: Path) -> None:
    story.update_scene(film, 2, content="Gulls over the harbour.", actor=ACTOR)  # every card of scene 2 is stale
    shots.set_camera_of_scene(film, 2, numbers=[1, 2, 4], movement="handheld", actor=ACTOR)
    with _film(tmp_path / "one-by-one") as other:
        story.update_scene(other, 2, content="Gulls over the harbour.", actor=ACTOR)
        for number in (1, 2, 4):
            shots.set_camera(other, 2, number, movement="handheld", actor=ACTOR)
        assert _marks(film) == _marks(other)
    assert {m[0] for m in _marks(film)} == {"shot 3", "shot 5"}  # the cards not redone are still stale
    history.undo(film, actor=ACTOR)
    assert {m[0] for m in _marks(film)} == {f"shot {n}" for n in range(1, 6)}  # and undo puts the marks back


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"numbers": [2, 9]}, "scene 2 has no shot 9 (it has shots 1-5)"),
    ({"framing": "two-shot"}, "no two-shot shots to change in scene 2"),
    ({"framing": "closeup"}, "unknown shot type 'closeup'"),
    ({"numbers": []}, "no shots given"),
])
def test_a_bad_pick_changes_nothing(film: Project, kwargs: dict[str, object], error: str) -> None:
    before = _cards(film)
    with pytest.raises(InvalidInputError, match=error.replace("(", r"\(").replace(")", r"\)")):
        shots.set_camera_of_scene(film, 2, lens_mm=40, actor=ACTOR, **kwargs)  # type: ignore[arg-type]
    assert _cards(film) == before


def test_the_tools_take_several_shots_and_refuse_a_call_that_names_none(film: Project, tmp_path: Path) -> None:
    tools = {t.name: t for t in cinematographer_tools(ToolContext(project=film, settings=Settings(home=tmp_path)))}
    camera, length = tools["set_camera"], tools["set_shot_duration"]
    props = camera.args_schema.model_json_schema()["properties"]  # type: ignore[union-attr]
    assert {"every_shot", "shots", "only_shot_type"} <= set(props)
    assert "close-up" in props["only_shot_type"]["description"]
    refused = str(camera.invoke({"scene_number": 2, "lens_mm": 40}))
    assert refused.startswith("Error: say which shot") and "\n" not in refused
    assert "Shots 1, 5 of scene 2 are now dolly-in" in str(camera.invoke(
        {"scene_number": 2, "shots": [1, 5], "movement": "dolly-in"}))
    assert "All 2 close-up shots of scene 2 now last 2.5 s" in str(length.invoke(
        {"scene_number": 2, "every_shot": True, "only_shot_type": "close-up", "seconds": 2.5}))
    missing = str(length.invoke({"scene_number": 2, "shots": [7], "seconds": 3}))
    assert missing.startswith("Error: scene 2 has no shot 7")
    assert [c[3] for c in _cards(film)] == ["dolly-in", "static", "static", "static", "dolly-in"]


_CONTEXT = ProjectContext(scene_count=5, characters=("TOVA", "ELMER"), locations=("HARBOUR", "FERRY"),
                          refs=(SceneRef("the ferry scene", "resolved", 4),))


def _spelled(request: str) -> list[str]:
    return spell_shots(request, Turn(context=_CONTEXT, request=request, clauses=[request], history=[]))


def test_several_shots_said_in_plain_words_are_spelled_as_one_step() -> None:
    assert _spelled("film all of scene 3 hand-held") == ["set the camera on every shot of scene 3: handheld"]
    assert _spelled("everything in the ferry scene on a 32") == ["set the camera on every shot of scene 4: 32mm"]
    assert _spelled("shots 3 through 6 of scene 5 looking up at them") == [
        "set the camera on shots 3, 4, 5, 6 of scene 5: low angle"]
    assert _spelled("shots 1, 4 and 7 of scene 2 - locked off") == [
        "set the camera on shots 1, 4, 7 of scene 2: static"]
    assert _spelled("every wide in scene 1 on a 21") == ["set the camera on every wide of scene 1: 21mm"]
    assert _spelled("put the close-ups of scene 2 on a 100mm") == ["set the camera on every close-up of scene 2: 100mm"]
    assert _spelled("each shot in scene 5 a bit longer, 3.5 seconds apiece") == [
        "set the length of every shot of scene 5: 3.5 seconds"]
    assert _spelled("the whole of scene 2 dutch, 2 seconds each") == [
        "set the camera on every shot of scene 2: dutch", "set the length of every shot of scene 2: 2 seconds"]


def test_not_every_sentence_with_all_in_it_is_a_camera_change() -> None:
    for request in ("generate stills for every shot in scene 2", "every shot in scenes 2 and 3 handheld",
                    "all of scene 3 needs rethinking", "delete all the close-ups in scene 1", "make it all longer"):
        assert _spelled(request) == [], request
    assert spelled_tool("set the camera on the close-ups among shots 2, 3 of scene 1: 85mm") == "set_camera"
    assert spelled_tool("set the length of every shot of scene 2: 4 seconds") == "set_shot_duration"
