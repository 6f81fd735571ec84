"""Offline drafts follow the script: INT/EXT and the time of day, who is in frame, props, and reject notes.

Frames are told apart by pixel statistics: mean sky luminance, the warmth of what is behind the cast, and
how much of the frame the cast fills (framing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from scripted import ScriptedModel, handoff_turn

from agent.config import Settings
from agent.generators.requests import CharacterRef, ShotSpec
from agent.generators.revise import revise_spec
from agent.generators.storyboard import draw_storyboard
from agent.project import Project, design, shots, story
from agent.session import Session

W, H = 480, 270
BASE = ShotSpec(scene_number=2, shot_number=1, description="The bridge", shot_type="wide", setting="EXT",
                time_of_day="NIGHT")


def _pixels(spec: ShotSpec) -> np.ndarray:
    return np.asarray(draw_storyboard(spec, "frame", W, H, 0).convert("RGB"), dtype=float)


def _luma(region: np.ndarray) -> float:
    return float((region[..., 0] * 0.299 + region[..., 1] * 0.587 + region[..., 2] * 0.114).mean())


def _bright(region: np.ndarray) -> float:
    """Return the luma most of a region's brightest part has (the 90th percentile)."""
    luma = region[..., 0] * 0.299 + region[..., 1] * 0.587 + region[..., 2] * 0.114
    return float(np.percentile(luma, 90))


def _sky(px: np.ndarray) -> np.ndarray:
    """A patch of sky (or, indoors, back wall) clear of the labels, the moon and the skyline."""
    return px[int(H * 0.18):int(H * 0.26), int(W * 0.25):int(W * 0.5)]


def _cast_share(spec: ShotSpec) -> float:
    """Share of the frame the cast covers: pixels that change when the cast is taken out."""
    alone = spec.model_copy(update={"characters": []})
    return float((np.abs(_pixels(spec) - _pixels(alone)).sum(axis=2) > 30).mean())


def test_night_dusk_and_day_skies_differ_in_luminance() -> None:
    night = _luma(_sky(_pixels(BASE)))
    dusk = _luma(_sky(_pixels(BASE.model_copy(update={"time_of_day": "DUSK"}))))
    day = _luma(_sky(_pixels(BASE.model_copy(update={"time_of_day": "DAY"}))))
    assert night < 50 < dusk < day and day > 140, (night, dusk, day)


def test_an_interior_is_a_room_not_a_sky() -> None:
    day_ext = _sky(_pixels(BASE.model_copy(update={"time_of_day": "DAY"})))
    day_int = _sky(_pixels(BASE.model_copy(update={"time_of_day": "DAY", "setting": "INT"})))
    warmth = lambda px: float((px[..., 0] - px[..., 2]).mean())  # noqa: E731 - red over blue
    assert warmth(day_ext) < -40 and warmth(day_int) > 10  # blue sky outside, a warm wall inside
    night_int = _sky(_pixels(BASE.model_copy(update={"setting": "INT"})))
    assert _luma(night_int) > 100 > 50 > _luma(_sky(_pixels(BASE)))  # a lamp-lit wall, not the night sky
    assert warmth(night_int) > 40


def test_a_frame_without_a_time_of_day_is_drawn_as_before() -> None:
    plain = BASE.model_copy(update={"setting": None, "time_of_day": None})
    assert np.array_equal(_pixels(plain), _pixels(plain))  # deterministic
    assert not np.array_equal(_pixels(plain), _pixels(BASE))


def test_notes_revise_the_spec_and_say_what_changed() -> None:
    medium = BASE.model_copy(update={"shot_type": "medium", "characters": [CharacterRef(name="JUNO")]})
    wider, said = revise_spec(medium, "too tight, make it wider")
    assert wider.shot_type == "wide" and said == ["wider: wide (was medium)"]
    face, said = revise_spec(medium, "close on her face")
    assert face.shot_type == "close-up" and "close-up" in said[0]
    low, said = revise_spec(medium, "shoot it from below")
    assert low.angle == "low" and said == ["low angle (was eye-level)"]
    day, said = revise_spec(medium, "should be daytime, inside")
    assert (day.time_of_day, day.setting) == ("DAY", "INT") and said == ["day light (was night)", "interior"]
    assert revise_spec(medium, "nice colours") == (medium, [])
    # Framing by pixels: the wider retry shows less of her, the close one more.
    assert _cast_share(wider) < 0.5 * _cast_share(medium) < _cast_share(face)


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Drafts")
    story.add_scene(p, heading="EXT. RIVER BRIDGE - DAY", content="JUNO walks the kerb.\n\nShe checks her coat "
                    "pocket for the bus ticket.", actor="user")
    design.add_entity(p, "character", "Juno", description="17, hood up", actor="user")
    shots.replace_shots(p, 1, [shots.ShotCard("She checks her coat pocket for the bus ticket", shot_type="medium")],
                        actor="user")
    p.close()
    return path


async def test_a_reject_note_changes_the_retry_and_its_caption(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = handoff_turn("cinematographer", "generate_still", {"scene_number": 1, "shot_number": 1}, 1)
    session = await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))
    first = await session.run("t", "draw shot 1")
    assert first.approval is not None
    preview: dict[str, Any] = first.approval["preview"]
    assert "Changed" not in preview["caption"]
    prompt = str(preview.get("prompt", ""))
    assert "JUNO" in prompt and "bus ticket" in prompt and "exterior" in prompt, prompt  # she, the prop, outside
    second = await session.run("t", decision="reject", note="make it night and wider")
    assert second.approval is not None
    caption = second.approval["preview"]["caption"]
    assert "Changed from your note" in caption and "night" in caption and "wider" in caption, caption
    assert ": wide," in caption  # the retry is the wider framing
    before = np.asarray(Image.open(preview["path"]).convert("RGB"), dtype=float)
    after = np.asarray(Image.open(second.approval["preview"]["path"]).convert("RGB"), dtype=float)
    h, w = before.shape[:2]
    sky = (slice(int(h * 0.18), int(h * 0.26)), slice(int(w * 0.25), int(w * 0.5)))
    # The skyline's buildings are drawn at random heights and may rise into the band: the day sky is what is
    # brightest there, the night sky what most of it is.
    assert _luma(after[sky]) < 60 < 140 < _bright(before[sky])
    card = session.snapshot()["shots"][0]
    assert card["camera"]["shot_type"] == "medium"  # the note shaped this still, not the shot card
    await session.close()
