"""Timeline model: frame layout, defaults, ordering, validation, scene selection, animatic frame runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.media import (
    AudioTrackItem,
    RenderError,
    SubtitleItem,
    Timeline,
    TimelineItem,
    check_timeline,
    default_duration,
    in_scene_order,
    select_scene,
)
from agent.media.animatic import picture_runs
from agent.media.mixdown import audio_mix
from agent.media.timeline import layout


def _still(tmp: Path, item_id: str, **kw: object) -> TimelineItem:
    path = tmp / f"{item_id}.png"
    path.write_bytes(b"not checked here")
    return TimelineItem(id=item_id, kind="still", path=path, **kw)  # type: ignore[arg-type]


def test_layout_rounds_to_frames_and_keeps_cut_length_with_crossfade(tmp_path: Path) -> None:
    tl = Timeline(
        fps=24,
        items=[
            _still(tmp_path, "S01_SH01", duration_s=1.0),
            _still(tmp_path, "S01_SH02", duration_s=1.51, transition_in="crossfade", transition_duration_s=0.5),
            _still(tmp_path, "S01_SH03", duration_s=0.01, transition_out="fade_to_black"),
        ],
    )
    slots = layout(tl)
    assert [(s.start, s.frames) for s in slots] == [(0, 24), (24, 36), (60, 1)]
    assert slots[1].xfade_in == 12 and slots[0].xfade_in == 0
    assert slots[2].fade_out == 1  # a fade never outlasts its shot
    assert tl.total_frames == 61
    assert tl.duration_s == pytest.approx(61 / 24)


def test_first_item_crossfade_is_ignored(tmp_path: Path) -> None:
    tl = Timeline(items=[_still(tmp_path, "A", duration_s=1, transition_in="crossfade")])
    assert layout(tl)[0].xfade_in == 0


def test_default_duration_prefers_the_longer_of_card_and_voice() -> None:
    assert default_duration(shot_s=4.0, voice_s=2.0) == 4.0
    assert default_duration(shot_s=2.0, voice_s=3.0, pad_s=0.5) == 3.5
    assert default_duration(voice_s=1.0, pad_s=0.25) == 1.25
    assert default_duration() == 3.0
    assert default_duration(shot_s=0, voice_s=None, fallback_s=2.0) == 2.0


def test_in_scene_order_sorts_by_scene_then_shot(tmp_path: Path) -> None:
    items = [
        _still(tmp_path, "S02_SH01", duration_s=1, scene=2, shot=1),
        _still(tmp_path, "CREDITS", duration_s=1),
        _still(tmp_path, "S01_SH02", duration_s=1, scene=1, shot=2),
        _still(tmp_path, "S01_SH01", duration_s=1, scene=1, shot=1),
    ]
    assert [i.id for i in in_scene_order(items)] == ["S01_SH01", "S01_SH02", "S02_SH01", "CREDITS"]


@pytest.mark.parametrize(
    ("timeline_kw", "message"),
    [
        ({"items": []}, "empty"),
        ({"width": 161}, "even"),
    ],
)
def test_check_timeline_refuses_with_one_line(tmp_path: Path, timeline_kw: dict, message: str) -> None:
    kw = {"items": [_still(tmp_path, "A", duration_s=1)], **timeline_kw}
    with pytest.raises(RenderError, match=message) as info:
        check_timeline(Timeline(**kw))
    assert "\n" not in str(info.value)


def test_check_timeline_names_missing_media_and_bad_cards(tmp_path: Path) -> None:
    missing = TimelineItem(id="S09_SH09", kind="video", path=tmp_path / "gone.mp4", duration_s=1)
    with pytest.raises(RenderError, match="S09_SH09: missing media file"):
        check_timeline(Timeline(items=[missing]))
    check_timeline(Timeline(items=[missing]), need_media=False)
    with pytest.raises(RenderError, match="card needs text"):
        check_timeline(Timeline(items=[TimelineItem(id="T", kind="card", duration_s=1, text="  ")]))
    with pytest.raises(RenderError, match="needs a media file"):
        check_timeline(Timeline(items=[TimelineItem(id="S1", kind="still", duration_s=1)]))
    audio = AudioTrackItem(path=tmp_path / "nope.wav")
    with pytest.raises(RenderError, match="Missing audio file"):
        check_timeline(Timeline(items=[_still(tmp_path, "A", duration_s=1)], audio=[audio]))


def test_check_timeline_refuses_a_crossfade_longer_than_its_shots(tmp_path: Path) -> None:
    tl = Timeline(
        items=[
            _still(tmp_path, "A", duration_s=0.2),
            _still(tmp_path, "B", duration_s=2, transition_in="crossfade", transition_duration_s=1.0),
        ]
    )
    with pytest.raises(RenderError, match="crossfade is longer"):
        check_timeline(tl)


def test_select_scene_retimes_items_audio_and_subtitles(tmp_path: Path) -> None:
    voice = tmp_path / "v.wav"
    voice.write_bytes(b"x")
    tl = Timeline(
        fps=10,
        items=[
            _still(tmp_path, "S01_SH01", duration_s=2, scene=1, shot=1),
            _still(tmp_path, "S02_SH01", duration_s=3, scene=2, shot=1, transition_in="crossfade"),
            _still(tmp_path, "S03_SH01", duration_s=1, scene=3, shot=1),
        ],
        audio=[
            AudioTrackItem(path=voice, start_s=1.0),  # starts in scene 1, runs on into scene 2
            AudioTrackItem(path=voice, start_s=3.0),
            AudioTrackItem(path=voice, start_s=5.5),  # after scene 2
        ],
        subtitles=[
            SubtitleItem(start_s=0.5, end_s=1.0, text="before"),
            SubtitleItem(start_s=2.5, end_s=6.0, text="during"),
        ],
    )
    scene = select_scene(tl, 2)
    assert [i.id for i in scene.items] == ["S02_SH01"]
    assert scene.items[0].transition_in == "cut"
    assert [(a.start_s, a.source_in_s) for a in scene.audio] == [(0.0, 1.0), (1.0, 0.0)]
    assert [(s.text, s.start_s, s.end_s) for s in scene.subtitles] == [("during", 0.5, 3.0)]
    with pytest.raises(RenderError, match="Scene 7"):
        select_scene(tl, 7)


def test_picture_runs_cover_every_frame_and_blend_across_a_crossfade(tmp_path: Path) -> None:
    tl = Timeline(
        fps=10,
        items=[
            _still(tmp_path, "A", duration_s=1, transition_in="fade_from_black", transition_duration_s=0.2),
            _still(tmp_path, "B", duration_s=1, transition_in="crossfade", transition_duration_s=0.4),
        ],
        subtitles=[SubtitleItem(start_s=1.5, end_s=1.8, text="hi")],
    )
    runs = picture_runs(tl, burn_subtitles=True)
    assert sum(count for _, count in runs) == tl.total_frames == 20
    keys = [key for key, count in runs for _ in range(count)]
    assert keys[0][3] < keys[1][3] < 1.0  # fading up from black
    assert keys[5] == (0, -1, 0.0, 1.0, -1)  # A alone
    assert keys[8][:2] == (0, 1) and 0 < keys[8][2] < 0.5  # A fading into B before the cut
    assert keys[10][:2] == (1, 0) and 0 < keys[10][2] < 0.5  # B still showing some A after the cut
    assert [k[4] for k in keys[14:19]] == [-1, 0, 0, 0, -1]
    assert all(k[4] == -1 for k, _ in picture_runs(tl, burn_subtitles=False))


def test_audio_mix_is_silent_track_without_sound_and_places_tracks(tmp_path: Path) -> None:
    tl = Timeline(fps=24, items=[_still(tmp_path, "A", duration_s=2)])
    silent = audio_mix(tl, first_input=1)
    assert "anullsrc" in " ".join(silent.inputs)
    assert "atrim=end=2.0000" in silent.filters[-1]
    voiced = tl.model_copy(
        update={
            "audio": [
                AudioTrackItem(path=tmp_path / "a.wav", start_s=0.5, gain=0.5),
                AudioTrackItem(path=tmp_path / "b.wav", kind="music", source_in_s=1.0),
            ]
        }
    )
    mix = audio_mix(voiced, first_input=1, base="0:a")
    graph = ";".join(mix.filters)
    assert mix.inputs == ["-i", str(tmp_path / "a.wav"), "-i", str(tmp_path / "b.wav")]
    assert "[1:a]" in graph and "adelay=500:all=1" in graph and "volume=0.5000" in graph
    assert "[2:a]" in graph and "atrim=start=1.0000" in graph
    assert "amix=inputs=3" in graph
