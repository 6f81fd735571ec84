"""The media Timeline built from a project: pictures chosen by approval, durations, cut, voice, subtitles."""

from __future__ import annotations

import io
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.config import DATA_DIR
from agent.exports.subtitles import project_srt
from agent.formats.fountain import parse_fountain, scene_dialogue
from agent.generators import ImageRequest, OfflineImageGenerator, ShotSpec
from agent.media import RenderError
from agent.media.from_project import SCENE_CARD_MAX_S, SCENE_CARD_MIN_S, timeline_from_project
from agent.media.timeline import layout
from agent.project import Project, cut, library, snapshot
from agent.project.screenplay import import_screenplay
from agent.project.shots import ShotCard, replace_shots
from agent.project.views import shot_by_number

DEMO = (DATA_DIR / "demo.fountain").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "demo"
    with Project.create(folder, name="Demo") as project:
        import_screenplay(project, parse_fountain(DEMO), actor="user")
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    """A fresh copy of the demo project (copied: creating a project runs the migrations)."""
    shutil.copytree(demo_template, tmp_path / "demo")
    with Project.open(tmp_path / "demo") as project:
        yield project


def _still(scene: int, shot: int) -> bytes:
    spec = ShotSpec(scene_number=scene, shot_number=shot, description=f"shot {shot} of scene {scene}")
    request = ImageRequest(prompt=f"storyboard {scene}.{shot}", width=160, height=90, spec=spec)
    return OfflineImageGenerator().generate(request).data


def _wav(seconds: float) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * int(16000 * seconds))
    return buf.getvalue()


def _attach(
    project: Project, scene: int, shot: int, role: str, data: bytes, *, status: str = "approved", **meta: object
) -> None:
    stored = library.store_bytes(project, data)
    with project.change(actor="test", action=f"attach_{role}", summary=f"{role} for {scene}.{shot}") as ch:
        target = shot_by_number(ch.session, scene, shot)
        asset = library.record_asset(ch, stored, description=f"{role} {scene}.{shot}", metadata=dict(meta))
        link = library.link_asset(ch, asset, "shot", target.id, role)
        library.decide_link(ch, link, status)


def _two_shots(project: Project) -> None:
    replace_shots(
        project,
        1,
        [ShotCard("Ida writes a tag", duration_s=2.0), ShotCard("Ruben backs in", duration_s=1.5)],
        actor="t",
    )


def test_no_shots_gives_one_card_per_scene_with_the_dialogue_as_subtitles(demo: Project) -> None:
    tl = timeline_from_project(demo, fps=24, width=320, height=180)
    assert [item.id for item in tl.items] == [f"S0{n}_CARD" for n in range(1, 7)]
    assert all(item.kind == "card" and SCENE_CARD_MIN_S <= item.duration_s <= SCENE_CARD_MAX_S for item in tl.items)
    assert "EXT. RIVER BRIDGE - NIGHT" in (tl.items[1].text or "")
    assert tl.title == "Demo" and (tl.width, tl.height) == (320, 180)
    snap = snapshot(demo)
    expected = sum(len(scene_dialogue(sc["content"])) for sc in snap["scenes"])
    assert len(tl.subtitles) == expected > 0
    slots = layout(tl)
    for sub in tl.subtitles:
        assert any(s.start / 24 <= sub.start_s < sub.end_s <= (s.start + s.frames) / 24 for s in slots)
    assert tl.subtitles[0].speaker == "RUBEN" and tl.subtitles[0].text.startswith("Last delivery")


def test_shots_show_approved_video_then_still_then_a_placeholder(demo: Project) -> None:
    _two_shots(demo)
    _attach(demo, 1, 1, "still", _still(1, 1))
    film = timeline_from_project(demo)
    first, second = film.items[0], film.items[1]
    assert (first.id, first.kind, first.duration_s) == ("S01_SH01", "still", 2.0)
    assert first.path is not None and first.path.is_file()
    assert (second.kind, second.duration_s) == ("card", 1.5)
    assert "SCENE 1 / SHOT 2" in (second.text or "") and "Ruben backs in" in (second.text or "")
    assert [item.kind for item in film.items[2:]] == ["card"] * 5, "scenes 2-6 still have no shots"
    _attach(demo, 1, 1, "clip", _still(9, 9))  # any approved file stands in for a clip here
    assert timeline_from_project(demo).items[0].kind == "video"
    assert timeline_from_project(demo, animatic=True).items[0].kind == "still", "animatics use stills only"


def test_rejected_and_pending_stills_are_not_shown(demo: Project) -> None:
    _two_shots(demo)
    _attach(demo, 1, 1, "still", _still(1, 1), status="rejected")
    _attach(demo, 1, 2, "still", _still(1, 2), status="pending")
    assert [item.kind for item in timeline_from_project(demo).items[:2]] == ["card", "card"]


def test_the_cut_decides_order_durations_transitions_and_cards(demo: Project) -> None:
    _two_shots(demo)
    replace_shots(demo, 3, [ShotCard("Juno on the bus", duration_s=4.0)], actor="t")
    cut.add_shot_to_timeline(demo, 3, 1, actor="t", transition="fade-in")
    cut.add_shot_to_timeline(demo, 1, 2, actor="t", duration_s=2.5, transition="crossfade")
    cut.add_card(demo, "LOST PROPERTY", actor="t", duration_s=2.0)
    cut.add_card(demo, "THE END", actor="t", kind="credits")
    cut.set_transition(demo, 4, "fade-out", actor="t")
    tl = timeline_from_project(demo)
    assert [item.id for item in tl.items] == ["TITLE_1", "S03_SH01", "S01_SH02", "CREDITS_4"]
    assert [item.duration_s for item in tl.items] == [2.0, 4.0, 2.5, 3.0]
    assert tl.items[1].transition_in == "fade_from_black"
    assert tl.items[2].transition_in == "crossfade"
    assert tl.items[3].transition_out == "fade_to_black"
    assert tl.items[0].text == "LOST PROPERTY"
    scene3 = [s for s in tl.subtitles if 2.0 <= s.start_s < 6.0]
    assert scene3 and scene3[0].speaker == "JUNO"


def test_voice_lines_sit_under_their_shot_and_stretch_it(demo: Project) -> None:
    _two_shots(demo)
    _attach(demo, 1, 2, "voice", _wav(1.5), duration_s=1.5)
    _attach(demo, 1, 2, "voice", _wav(2.2), status="rejected")
    tl = timeline_from_project(demo)
    assert len(tl.audio) == 1
    assert tl.audio[0].start_s == pytest.approx(2.0) and tl.audio[0].path.is_file()
    assert tl.items[1].duration_s == pytest.approx(2.0), "1.5s of voice plus a breath outlasts the 1.5s card"


def test_a_long_voice_line_stretches_the_shot(demo: Project) -> None:
    _two_shots(demo)
    _attach(demo, 1, 2, "voice", _wav(2.5))  # no duration in metadata: probed from the file
    tl = timeline_from_project(demo)
    assert tl.items[1].duration_s == pytest.approx(3.0, abs=0.05)


def test_one_scene(demo: Project) -> None:
    _two_shots(demo)
    tl = timeline_from_project(demo, scene=1)
    assert [item.id for item in tl.items] == ["S01_SH01", "S01_SH02"]
    assert tl.subtitles and all(sub.end_s <= tl.duration_s + 1e-6 for sub in tl.subtitles)
    with pytest.raises(RenderError, match="Scene 9"):
        timeline_from_project(demo, scene=9)


def test_srt_and_empty_projects(demo: Project, tmp_path: Path) -> None:
    text = project_srt(demo)
    assert text.startswith("1\n00:00:00,000 --> ") and "RUBEN: Last delivery." in text
    empty = Project.create(tmp_path / "empty", name="Empty")
    try:
        with pytest.raises(RenderError, match="no scenes"):
            timeline_from_project(empty)
    finally:
        empty.close()
