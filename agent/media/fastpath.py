"""The fast path: clips that share codec, size and fps joined by cuts are stream-copied, not re-encoded.

Starting ffmpeg once per clip to probe it would cost more than the copy, so MP4/MOV headers are read
in Python (see mp4info); the decoder configurations must match too, so the copy plays through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent.media.ffmpeg import MediaInfo, probe_many, run_ffmpeg
from agent.media.mixdown import audio_mix
from agent.media.mp4info import read_mp4_info
from agent.media.output import work_dir
from agent.media.timeline import RenderError, Timeline

__all__ = ["can_fast_path", "concat_listing", "try_render_concat"]

Progress = Callable[[float, str], None]


def _stream_key(info: MediaInfo) -> tuple[object, ...]:
    return (info.video_codec, info.pix_fmt, info.video_config, info.width, info.height, info.fps,
            info.audio_codec, info.sample_rate, info.channels, info.audio_config)


def _only_whole_clips_and_cuts(timeline: Timeline) -> bool:
    for item in timeline.items:
        plain = item.transition_in == "cut" and item.transition_out == "cut"
        if item.kind != "video" or item.path is None or not plain or item.source_in_s > 0:
            return False
    return bool(timeline.items)


def _fits_output(first: MediaInfo, timeline: Timeline) -> bool:
    if first.video_codec != "h264" or first.audio_codec not in (None, "aac") or first.fps is None:
        return False
    same_size = (first.width, first.height) == (timeline.width, timeline.height)
    return same_size and abs(first.fps - timeline.fps) < 1e-3


def _all_match(timeline: Timeline, probes: list[MediaInfo]) -> bool:
    one_frame = 1.0 / timeline.fps
    for item, info in zip(timeline.items, probes, strict=True):
        if _stream_key(info) != _stream_key(probes[0]) or info.duration_s is None:
            return False
        # Stream copy cannot trim inside a clip, so each clip must already be its slot's length.
        if abs(info.duration_s - item.duration_s) > one_frame + 1e-6:
            return False
    return True


def _paths(timeline: Timeline) -> list[Path]:
    return [item.path for item in timeline.items if item.path is not None]


def _probe_clips(paths: list[Path]) -> list[MediaInfo]:
    """Read MP4 headers directly (milliseconds for a whole film); ask ffmpeg only for other files."""
    infos = [read_mp4_info(path) for path in paths]
    if all(info is not None for info in infos):
        return [info for info in infos if info is not None]
    return probe_many(paths)


def _fast_path_probes(timeline: Timeline) -> list[MediaInfo] | None:
    if not _only_whole_clips_and_cuts(timeline):
        return None
    try:
        probes = _probe_clips(_paths(timeline))
    except RenderError:
        return None
    return probes if _fits_output(probes[0], timeline) and _all_match(timeline, probes) else None


def can_fast_path(timeline: Timeline) -> bool:
    """Tell whether the clips can be joined by stream copy (only cuts, identical streams, whole clips)."""
    return _fast_path_probes(timeline) is not None


def concat_listing(paths: list[Path], listing: Path) -> None:
    """Write an ffconcat list naming each file by absolute path."""
    lines = ["ffconcat version 1.0"]
    for path in paths:
        quoted = str(path.resolve()).replace("'", "'\\''")
        lines.append(f"file '{quoted}'")
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _concat_args(timeline: Timeline, listing: Path, partial: Path, *, clips_have_audio: bool) -> list[str]:
    args = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    if clips_have_audio and not timeline.audio:
        args += ["-map", "0:v:0", "-map", "0:a:0", "-c", "copy"]
    else:
        mix = audio_mix(timeline, first_input=1, base="0:a" if clips_have_audio else None)
        args += [*mix.inputs, "-filter_complex", ";".join(mix.filters), "-map", "0:v:0", "-map", mix.out,
                 "-c:v", "copy", "-c:a", "aac", "-b:a", "160k"]
    return [*args, "-t", f"{timeline.duration_s:.6f}", "-movflags", "+faststart", str(partial)]


def try_render_concat(
    timeline: Timeline, partial: Path, *, progress: Progress | None = None, work_root: Path | None = None
) -> bool:
    """Join the clips into `partial` by stream copy and return True, or return False having written nothing.

    Audio is copied too, unless voice/music tracks must be mixed in (then only the audio is encoded).
    """
    probes = _fast_path_probes(timeline)
    if probes is None:
        return False
    with work_dir(work_root or partial.parent, "concat") as tmp:
        listing = tmp / "clips.ffconcat"
        concat_listing(_paths(timeline), listing)
        args = _concat_args(timeline, listing, partial, clips_have_audio=probes[0].has_audio)
        run_ffmpeg(args, total_s=timeline.duration_s, progress=progress, label="joining clips")
    return True
