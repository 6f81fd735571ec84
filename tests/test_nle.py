"""NLE hand-off: OTIO, CMX3600 EDL and FCP 7 XML written through the adapters and read back with OTIO."""

from __future__ import annotations

import subprocess
from pathlib import Path

import opentimelineio as otio
import pytest
from PIL import Image

from agent.media import AudioTrackItem, SubtitleItem, Timeline, TimelineItem
from agent.media.ffmpeg import ffmpeg_exe
from agent.media.nle import NLEError, build_otio, read_back, write_edl, write_fcp_xml, write_otio

FPS = 24


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("nle")
    files = {
        "still": root / "S01_SH01.png",
        "clip": root / "S02_SH01.mp4",
        "long": root / "S02_SH02.mp4",
        "voice": root / "line1.wav",
    }
    Image.new("RGB", (64, 36), (200, 50, 50)).save(files["still"])
    for key, seconds in (("clip", 1), ("long", 3)):
        subprocess.run(
            [
                ffmpeg_exe(),
                "-y",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"color=c=blue:s=64x36:r={FPS}:d={seconds}",
                "-pix_fmt",
                "yuv420p",
                str(files[key]),
            ],
            check=True,
        )
    subprocess.run(
        [ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=d=1.5", str(files["voice"])],
        check=True,
    )
    return files


def _timeline(media: dict[str, Path]) -> Timeline:
    return Timeline(
        fps=FPS,
        width=64,
        height=36,
        title="Night Train",
        items=[
            TimelineItem(id="TITLE", kind="card", text="Night Train", duration_s=1, transition_in="fade_from_black"),
            TimelineItem(
                id="S01_SH01",
                kind="still",
                path=media["still"],
                duration_s=2,
                scene=1,
                shot=1,
                transition_in="crossfade",
                transition_duration_s=0.5,
            ),
            # The clip is used whole: no head handle, so its dissolve must come from the still's tail.
            TimelineItem(
                id="S02_SH01",
                kind="video",
                path=media["clip"],
                duration_s=1,
                scene=2,
                shot=1,
                transition_in="crossfade",
                transition_duration_s=0.5,
            ),
            # One second of head handle in the media: this dissolve can take its frames from it.
            TimelineItem(
                id="S02_SH02",
                kind="video",
                path=media["long"],
                duration_s=1,
                source_in_s=1.0,
                scene=2,
                shot=2,
                transition_in="crossfade",
                transition_duration_s=0.5,
                transition_out="fade_to_black",
            ),
        ],
        audio=[
            AudioTrackItem(path=media["voice"], start_s=1.0),
            AudioTrackItem(path=media["voice"], start_s=2.0),  # overlaps the first line: second lane
            AudioTrackItem(path=media["voice"], start_s=0.0, kind="music", gain=0.3),
        ],
        subtitles=[SubtitleItem(start_s=1.0, end_s=2.5, text="Last train tonight.", speaker="Ann")],
    )


def _clips(timeline: otio.schema.Timeline) -> list[otio.schema.Clip]:
    return [c for c in timeline.video_tracks()[0] if isinstance(c, otio.schema.Clip)]


def test_build_otio_names_clips_by_shot_and_splits_dissolves_by_handles(media: dict[str, Path]) -> None:
    result = build_otio(_timeline(media))
    track = result.video_tracks()[0]
    assert [c.name for c in _clips(result)] == ["TITLE", "S01_SH01", "S02_SH01", "S02_SH02"]
    transitions = [t for t in track if isinstance(t, otio.schema.Transition)]
    offsets = [(t.in_offset.value, t.out_offset.value) for t in transitions]
    assert offsets == [(0, 12), (6, 6), (0, 12), (12, 0), (12, 0)]
    assert [transitions[0].name, transitions[-1].name] == ["fade from black", "fade to black"]
    assert isinstance(track[0], otio.schema.Transition) and isinstance(track[len(track) - 1], otio.schema.Transition)
    still, clip, long = _clips(result)[1:]
    assert still.source_range.start_time.value >= 6, "the still gets a head handle for the dissolve"
    assert clip.source_range.start_time.value == 0
    assert long.source_range.start_time.value == 24
    assert long.media_reference.available_range.duration.value == 72
    assert clip.media_reference.target_url == media["clip"].resolve().as_uri()
    assert result.duration().value == (1 + 2 + 1 + 1) * FPS, "transitions keep the cut's length"
    assert still.metadata["reelsmith"]["scene"] == 1
    assert isinstance(_clips(result)[0].media_reference, otio.schema.MissingReference)


def test_audio_lanes_and_subtitle_markers(media: dict[str, Path]) -> None:
    result = build_otio(_timeline(media))
    audio = result.audio_tracks()
    assert sorted(t.name for t in audio) == ["music 1", "voice 2", "voice 3"]
    starts = sorted(t.range_of_child_at_index(len(t) - 1).start_time.value for t in audio)
    assert starts == [0, 24, 48]
    (marker,) = result.video_tracks()[0].markers
    assert marker.name == "Last train tonight." and marker.metadata["reelsmith"]["speaker"] == "Ann"
    assert marker.marked_range.duration.value == 36


def test_otio_round_trip(media: dict[str, Path], tmp_path: Path) -> None:
    path = write_otio(_timeline(media), tmp_path / "cut.otio")
    back = read_back(path)
    assert back.name == "Night Train"
    assert [c.name for c in _clips(back)] == ["TITLE", "S01_SH01", "S02_SH01", "S02_SH02"]
    assert back.duration().value == 120 and len(back.audio_tracks()) == 3
    kinds = [type(child).__name__ for child in back.video_tracks()[0]]
    assert kinds[0] == kinds[-1] == "Transition", "opening and closing fades kept"


def test_edl_round_trip_keeps_names_sources_and_dissolves(media: dict[str, Path], tmp_path: Path) -> None:
    path = write_edl(_timeline(media), tmp_path / "cut.edl")
    text = path.read_text()
    assert text.startswith("TITLE: Night Train")
    assert text.count(" D 012 ") == 3
    assert "S02_SH02" in text and f"FROM CLIP: {media['clip'].resolve().as_uri()}" in text
    back = read_back(path, rate=FPS)
    assert [c.name for c in _clips(back)] == ["TITLE", "S01_SH01", "S02_SH01", "S02_SH02"]
    assert back.duration().value == 120
    assert len([t for t in back.video_tracks()[0] if isinstance(t, otio.schema.Transition)]) == 3
    # The dissolve into S02_SH02 starts in its head handle: its source in is a second minus 12 frames.
    assert _clips(back)[3].source_range.start_time.value == 12
    assert all(c.source_range.start_time.value >= 0 for c in _clips(back))


def test_fcp_xml_round_trip(media: dict[str, Path], tmp_path: Path) -> None:
    path = write_fcp_xml(_timeline(media), tmp_path / "cut.xml")
    assert path.read_text().lstrip().startswith("<?xml")
    back = read_back(path)
    assert [c.name for c in _clips(back)] == ["TITLE", "S01_SH01", "S02_SH01", "S02_SH02"]
    assert back.duration().value == 120
    assert len(back.audio_tracks()) == 3
    transitions = [t for t in back.video_tracks()[0] if isinstance(t, otio.schema.Transition)]
    assert len(transitions) == 5
    urls = [c.media_reference.target_url for c in _clips(back)[1:]]
    assert [Path(u).name for u in urls] == ["S01_SH01.png", "S02_SH01.mp4", "S02_SH02.mp4"]


def test_errors_are_one_line_and_write_nothing(media: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(NLEError, match="empty"):
        write_otio(Timeline(items=[]), tmp_path / "x.otio")
    moved = _timeline(media).model_copy(update={"audio": [AudioTrackItem(path=tmp_path / "gone.wav")]})
    with pytest.raises(NLEError, match="Missing audio file"):
        write_fcp_xml(moved, tmp_path / "x.xml")
    with pytest.raises(NLEError, match="No such file"):
        read_back(tmp_path / "missing.edl")
    odd = tmp_path / "cut.mov"
    odd.write_text("x")
    with pytest.raises(NLEError, match="Unknown NLE file type"):
        read_back(odd)
    garbage = tmp_path / "bad.edl"
    garbage.write_text("001  AX V C 00:00:00:00 junk\n")
    with pytest.raises(NLEError) as info:
        read_back(garbage)
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.edl", "cut.mov"]
