"""Renders on tiny media: animatic, moviepy compose, stream-copy fast path, atomic output, progress."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.media import (
    AudioTrackItem,
    RenderError,
    SubtitleItem,
    Timeline,
    TimelineItem,
    can_fast_path,
    probe,
    render,
    render_animatic,
)
from agent.media.ffmpeg import count_frames, ffmpeg_exe

W, H, FPS = 160, 90, 24


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-y", "-loglevel", "error", *args], check=True)


def _clip(path: Path, color: str, *, seconds: float = 1.0, size: str = f"{W}x{H}", audio: bool = True) -> Path:
    args = ["-f", "lavfi", "-i", f"color=c={color}:s={size}:r={FPS}:d={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:d={seconds}", "-c:a", "aac", "-shortest"]
    _ffmpeg(*args, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("media")
    files: dict[str, Path] = {}
    for name, rgb in {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}.items():
        files[f"{name}.png"] = root / f"{name}.png"
        Image.new("RGB", (320, 240), rgb).save(files[f"{name}.png"])
        files[f"{name}.mp4"] = _clip(root / f"{name}.mp4", name)
    files["big.mp4"] = _clip(root / "big.mp4", "white", size="320x180")
    files["mute.mp4"] = _clip(root / "mute.mp4", "red", audio=False)
    files["voice.wav"] = root / "voice.wav"
    _ffmpeg("-f", "lavfi", "-i", "sine=f=300:d=0.8", str(files["voice.wav"]))
    return files


def _frame(path: Path, index: int) -> np.ndarray:
    """Decode frame `index` as an RGB array."""
    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-vf",
            f"select=eq(n\\,{index})",
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(H, W, 3)


def _centre(path: Path, index: int) -> tuple[int, ...]:
    return tuple(int(v) for v in _frame(path, index)[H // 3, W // 2])


def _stills(media: dict[str, Path], **first: object) -> list[TimelineItem]:
    return [
        TimelineItem(id="S01_SH01", kind="still", path=media["red.png"], duration_s=1, scene=1, shot=1, **first),
        TimelineItem(
            id="S01_SH02",
            kind="still",
            path=media["green.png"],
            duration_s=1,
            scene=1,
            shot=2,
            transition_in="crossfade",
            transition_duration_s=0.5,
        ),
        TimelineItem(id="S02_SH01", kind="still", path=media["blue.png"], duration_s=0.5, scene=2, shot=1),
    ]


def _tl(items: list[TimelineItem], **kw: object) -> Timeline:
    return Timeline(fps=FPS, width=W, height=H, items=items, **kw)  # type: ignore[arg-type]


def test_animatic_matches_timeline_and_always_has_audio(media: dict[str, Path], tmp_path: Path) -> None:
    tl = _tl(_stills(media, transition_in="fade_from_black"))
    seen: list[tuple[float, str]] = []
    result = render_animatic(tl, tmp_path / "anim.mp4", progress=lambda f, label: seen.append((f, label)))
    info = probe(result.path)
    assert info.video_codec == "h264" and info.audio_codec == "aac", "no voice still means an audio stream"
    assert (info.width, info.height) == (W, H)
    assert abs(result.frames - tl.total_frames) <= len(tl.items)
    assert result.duration_s == pytest.approx(tl.duration_s, abs=len(tl.items) / FPS)
    assert seen[-1] == (1.0, "done") and all(0.0 <= f <= 1.0 for f, _ in seen)
    assert max(_centre(result.path, 0)) < 60, "fade from black starts dark"
    red = _centre(result.path, 12)
    assert red[0] > 200 and red[1] < 60
    mid = _centre(result.path, 24)  # the cut, in the middle of the crossfade
    assert 60 < mid[0] < 200 and 60 < mid[1] < 200
    assert _centre(result.path, 40)[1] > 200
    assert list(tmp_path.iterdir()) == [result.path]


def test_animatic_of_one_scene_with_voice_and_sidecar(media: dict[str, Path], tmp_path: Path) -> None:
    tl = _tl(
        _stills(media),
        audio=[AudioTrackItem(path=media["voice.wav"], start_s=2.1)],
        subtitles=[SubtitleItem(start_s=2.1, end_s=2.4, text="Go.", speaker="Ann")],
    )
    out = tmp_path / "scene2.mp4"
    result = render_animatic(tl, out, scene=2, burn_subtitles=False)
    assert result.frames == 12
    assert probe(out).audio_codec == "aac"
    srt = out.with_suffix(".srt").read_text()
    assert "00:00:00,100 --> 00:00:00,400" in srt and "ANN: Go." in srt


def test_animatic_burns_subtitles(media: dict[str, Path], tmp_path: Path) -> None:
    items = [TimelineItem(id="S01_SH01", kind="still", path=media["blue.png"], duration_s=1)]
    plain = render_animatic(_tl(items), tmp_path / "plain.mp4")
    subbed = render_animatic(
        _tl(items, subtitles=[SubtitleItem(start_s=0, end_s=1, text="WWWW")]), tmp_path / "subbed.mp4"
    )
    bottom = slice(int(H * 0.6), H)
    assert _frame(plain.path, 5)[bottom].min(axis=2).max() < 60
    assert _frame(subbed.path, 5)[bottom].min(axis=2).max() > 200, "white subtitle text near the bottom"
    assert not (tmp_path / "subbed.srt").exists()


def test_render_composes_cards_stills_video_and_mixes_voice(media: dict[str, Path], tmp_path: Path) -> None:
    items = [
        TimelineItem(id="TITLE", kind="card", text="Night Train\nby R. Smith", duration_s=0.5),
        TimelineItem(
            id="S01_SH01",
            kind="video",
            path=media["big.mp4"],
            duration_s=1,
            scene=1,
            shot=1,
            transition_out="fade_to_black",
            transition_duration_s=0.25,
        ),
        TimelineItem(id="S01_SH02", kind="still", path=media["green.png"], duration_s=1, scene=1, shot=2),
    ]
    tl = _tl(items, audio=[AudioTrackItem(path=media["voice.wav"], start_s=0.5, gain=0.8)])
    assert not can_fast_path(tl)
    seen: list[float] = []
    result = render(tl, tmp_path / "film.mp4", progress=lambda f, _: seen.append(f), preset="ultrafast")
    assert not result.used_fast_path
    assert result.frames == tl.total_frames == 60
    info = probe(result.path)
    assert info.audio_codec == "aac" and (info.width, info.height) == (W, H)
    title = _frame(result.path, 6)
    assert title[H // 2 - 20 : H // 2 + 5].max() > 200 and title[:10].max() < 30, "white text on black"
    assert min(_centre(result.path, 20)) > 200, "the white clip, scaled into the frame"
    assert max(_centre(result.path, 35)) < 60, "faded to black at its end"
    assert seen[-1] == 1.0 and max(seen[:-1]) > 0.5


def test_render_crossfade_between_videos_matches_animatic_layout(media: dict[str, Path], tmp_path: Path) -> None:
    items = [
        TimelineItem(id="S01_SH01", kind="video", path=media["red.mp4"], duration_s=1),
        TimelineItem(
            id="S01_SH02",
            kind="video",
            path=media["blue.mp4"],
            duration_s=1,
            transition_in="crossfade",
            transition_duration_s=0.5,
        ),
    ]
    result = render(_tl(items), tmp_path / "x.mp4", preset="ultrafast")
    assert result.frames == 48
    mid = _centre(result.path, 24)
    assert 60 < mid[0] < 200 and 60 < mid[2] < 200, "red and blue blended at the cut"
    assert _centre(result.path, 40)[2] > 200


def test_fast_path_stream_copies_matching_clips(media: dict[str, Path], tmp_path: Path) -> None:
    items = [
        TimelineItem(id=f"S01_SH0{i}", kind="video", path=media[f"{c}.mp4"], duration_s=1)
        for i, c in enumerate(["red", "green", "blue"], start=1)
    ]
    tl = _tl(items)
    assert can_fast_path(tl)
    result = render(tl, tmp_path / "cut.mp4")
    assert result.used_fast_path and result.frames == 72
    assert probe(result.path).audio_codec == "aac"
    assert _centre(result.path, 30)[1] > 100 and _centre(result.path, 30)[0] < 60
    voiced = render(tl.model_copy(update={"audio": [AudioTrackItem(path=media["voice.wav"])]}), tmp_path / "voiced.mp4")
    assert voiced.used_fast_path and voiced.frames == 72


def test_fast_path_adds_silence_to_mute_clips_and_falls_back_on_mismatch(
    media: dict[str, Path], tmp_path: Path
) -> None:
    mute = [TimelineItem(id=f"S{i}", kind="video", path=media["mute.mp4"], duration_s=1) for i in range(2)]
    silent = render(_tl(mute), tmp_path / "mute.mp4")
    assert silent.used_fast_path and silent.frames == 48
    assert probe(silent.path).audio_codec == "aac", "a silent track, so players and checks find audio"
    mixed = [mute[0], TimelineItem(id="S9", kind="video", path=media["big.mp4"], duration_s=1)]
    fallback = render(_tl(mixed), tmp_path / "mixed.mp4", preset="ultrafast")
    assert not fallback.used_fast_path and fallback.frames == 48
    assert min(_centre(fallback.path, 36)) > 200, "the second clip, scaled down by the re-encode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.mp4", "mute.mp4"]


@pytest.mark.parametrize(
    "change",
    [
        {"path": "big.mp4"},  # other size
        {"path": "mute.mp4"},  # no audio where the others have it
        {"transition_in": "crossfade"},
        {"duration_s": 0.5},  # would need trimming
        {"kind": "still", "path": "red.png"},
    ],
)
def test_fast_path_refused_when_streams_or_edits_differ(
    media: dict[str, Path], change: dict[str, str], tmp_path: Path
) -> None:
    first = TimelineItem(id="A", kind="video", path=media["red.mp4"], duration_s=1)
    update: dict[str, object] = dict(change)
    if "path" in update:
        update["path"] = media[str(update["path"])]
    second = TimelineItem(id="B", kind="video", path=media["green.mp4"], duration_s=1).model_copy(update=update)
    assert not can_fast_path(_tl([first, second]))


def test_missing_media_and_empty_timeline_fail_cleanly(media: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "film.mp4"
    gone = TimelineItem(id="S03_SH02", kind="video", path=tmp_path / "gone.mp4", duration_s=1)
    with pytest.raises(RenderError, match="S03_SH02: missing media file"):
        render(_tl([gone]), out)
    with pytest.raises(RenderError, match="empty"):
        render_animatic(_tl([]), out)
    with pytest.raises(RenderError, match="must be an .mp4"):
        render(_tl(_stills(media)), tmp_path / "film.gif")
    with pytest.raises(RenderError, match="folder does not exist"):
        render_animatic(_tl(_stills(media)), tmp_path / "nope" / "x.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("renderer", ["animatic", "compose", "fast"])
def test_interrupted_render_leaves_no_file_and_keeps_the_old_one(
    media: dict[str, Path], tmp_path: Path, renderer: str
) -> None:
    out = tmp_path / "film.mp4"
    out.write_bytes(b"previous good render")

    def cancel(fraction: float, label: str) -> None:
        if fraction > 0.0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        if renderer == "animatic":
            render_animatic(_tl(_stills(media)), out, progress=cancel)
        elif renderer == "compose":
            render(_tl(_stills(media)), out, progress=cancel, preset="ultrafast")
        else:
            items = [TimelineItem(id=f"S{i}", kind="video", path=media["red.mp4"], duration_s=1) for i in range(3)]
            render(_tl(items), out, progress=cancel)
    assert out.read_bytes() == b"previous good render"
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"], "no .partial file left behind"


def test_count_frames_reads_back_a_clip(media: dict[str, Path]) -> None:
    frames, seconds = count_frames(media["red.mp4"])
    assert frames == 24 and seconds == pytest.approx(1.0, abs=0.05)


def test_mp4_header_reader_agrees_with_ffmpeg(media: dict[str, Path], tmp_path: Path) -> None:
    from agent.media.mp4info import read_mp4_info

    for name in ("red.mp4", "big.mp4", "mute.mp4"):
        ours, theirs = read_mp4_info(media[name]), probe(media[name])
        assert ours is not None
        assert (ours.video_codec, ours.width, ours.height, ours.fps) == (
            theirs.video_codec, theirs.width, theirs.height, theirs.fps,
        )
        assert (ours.audio_codec, ours.sample_rate, ours.channels) == (
            theirs.audio_codec, theirs.sample_rate, theirs.channels,
        )
        assert ours.duration_s == pytest.approx(theirs.duration_s, abs=0.02)
    red, blue = read_mp4_info(media["red.mp4"]), read_mp4_info(media["blue.mp4"])
    assert red is not None and blue is not None
    assert red.video_config == blue.video_config and red.audio_config == blue.audio_config
    # Another encoder profile means other decoder settings: never stream-copy those together.
    other = tmp_path / "baseline.mp4"
    _ffmpeg("-f", "lavfi", "-i", f"color=c=red:s={W}x{H}:r={FPS}:d=1", "-c:v", "libx264", "-profile:v",
            "baseline", "-pix_fmt", "yuv420p", str(other))
    changed = read_mp4_info(other)
    assert changed is not None and changed.video_config != red.video_config
    assert read_mp4_info(media["red.png"]) is None and read_mp4_info(media["voice.wav"]) is None
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(media["red.mp4"].read_bytes()[:200])
    assert read_mp4_info(truncated) is None


def test_ready_made_stills_are_used_as_they_are(tmp_path: Path) -> None:
    still = tmp_path / "frame.png"
    Image.new("RGB", (W, H), (10, 200, 30)).save(still)
    items = [TimelineItem(id="S01_SH01", kind="still", path=still, duration_s=1)]
    result = render_animatic(_tl(items), tmp_path / "a.mp4")
    assert result.frames == FPS
    assert _centre(result.path, 12)[1] > 150


def test_stale_partials_from_killed_renders_are_swept(media: dict[str, Path], tmp_path: Path) -> None:
    import os
    import time

    old = tmp_path / ".film.partial-deadbeef.mp4"
    live = tmp_path / ".film.partial-cafe0000.mp4"
    other = tmp_path / ".trailer.partial-00000000.mp4"
    for path in (old, live, other):
        path.write_bytes(b"half a film")
    hour_ago = time.time() - 3600
    for path in (old, other):
        os.utime(path, (hour_ago, hour_ago))
    render_animatic(_tl(_stills(media)), tmp_path / "film.mp4")
    assert not old.exists(), "a partial nobody wrote to for an hour is a killed render's"
    assert live.exists() and other.exists()


def test_stalled_ffmpeg_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.media import ffmpeg

    clock = iter([0.0, 1.0, 50.0, 130.0])
    monkeypatch.setattr(ffmpeg.time, "monotonic", lambda: next(clock))
    seen: list[float] = []
    watch = ffmpeg._Watch(10.0, lambda f, _: seen.append(f), "x", stall_s=120.0)
    assert watch.line("out_time_us=1000000\n")
    assert watch.line("out_time_us=1000000\n")  # 49 s without movement: still patient
    assert not watch.line("out_time_us=1000000\n")  # 129 s: stalled
    assert seen == [0.1]


def test_header_frame_count_matches_a_decoding_count(media: dict[str, Path], tmp_path: Path) -> None:
    from agent.media.mp4info import frames_and_seconds

    result = render_animatic(_tl(_stills(media)), tmp_path / "a.mp4")
    assert frames_and_seconds(result.path)[0] == count_frames(result.path)[0] == 60
