"""The animatic: stills (or a frame of each clip) held, voice mixed, subtitles burned in or sidecar.

Every distinct picture is drawn once with Pillow (a crossfade or fade is a few blended frames), then
ffmpeg's concat demuxer holds each picture for its run of frames while x264 encodes: no per-frame
Python work and no paid generation at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from agent.media.cards import card_image, fit_image, subtitle_overlay
from agent.media.ffmpeg import run_ffmpeg
from agent.media.mixdown import audio_mix
from agent.media.mp4info import frames_and_seconds
from agent.media.output import atomic_output, check_video_out, work_dir
from agent.media.subtitles import write_sidecar
from agent.media.timeline import (
    RenderResult,
    Slot,
    Timeline,
    TimelineItem,
    check_timeline,
    layout,
    select_scene,
)

__all__ = ["render_animatic", "picture_runs"]

Progress = Callable[[float, str], None]
_Key = tuple[int, int, float, float, int]
"""(item, crossfade partner or -1, partner weight, brightness, subtitle index or -1) for one frame."""


def _frame_key(slots: list[Slot], index: int, frame: int) -> tuple[int, int, float, float]:
    slot = slots[index]
    end = slot.start + slot.frames
    partner, weight, level = -1, 0.0, 1.0
    nxt = slots[index + 1] if index + 1 < len(slots) else None
    if nxt is not None and nxt.xfade_in and frame >= nxt.start - nxt.xfade_in // 2:
        partner, weight = index + 1, (frame - (nxt.start - nxt.xfade_in // 2) + 0.5) / nxt.xfade_in
    elif slot.xfade_in and frame < slot.start + slot.xfade_in - slot.xfade_in // 2:
        partner = index - 1
        weight = 1.0 - (frame - (slot.start - slot.xfade_in // 2) + 0.5) / slot.xfade_in
    if slot.fade_in and frame < slot.start + slot.fade_in:
        level = min(level, (frame - slot.start + 0.5) / slot.fade_in)
    if slot.fade_out and frame >= end - slot.fade_out:
        level = min(level, (end - frame - 0.5) / slot.fade_out)
    return index, partner, round(weight, 4), round(level, 4)


def picture_runs(timeline: Timeline, *, burn_subtitles: bool) -> list[tuple[_Key, int]]:
    """Split the timeline into runs of identical frames: (what the frame shows, how many frames)."""
    slots = layout(timeline)
    fps = timeline.fps
    subs = sorted(enumerate(timeline.subtitles), key=lambda pair: pair[1].start_s) if burn_subtitles else []
    runs: list[tuple[_Key, int]] = []
    for index, slot in enumerate(slots):
        for frame in range(slot.start, slot.start + slot.frames):
            t = (frame + 0.5) / fps
            active = [i for i, sub in subs if sub.start_s <= t < sub.end_s]
            key: _Key = (*_frame_key(slots, index, frame), active[-1] if active else -1)
            if runs and runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1] + 1)
            else:
                runs.append((key, 1))
    return runs


def _base_picture(index: int, timeline: Timeline, workdir: Path) -> Image.Image:
    """Draw what an item shows when held: its still, its card, or the first used frame of its clip."""
    item: TimelineItem = timeline.items[index]
    width, height = timeline.width, timeline.height
    if item.kind == "card" and item.path is None:
        return card_image(item.text or "", width, height)
    assert item.path is not None
    if item.kind == "video":
        grab = workdir / f"grab-{index:05d}.png"
        run_ffmpeg(["-ss", f"{item.source_in_s:.3f}", "-i", str(item.path), "-frames:v", "1", str(grab)])
        return fit_image(grab, width, height)
    return fit_image(item.path, width, height)


def _ready_made(key: _Key, timeline: Timeline) -> Path | None:
    """Give a still's own file when the frame shows it untouched and it already has the frame size."""
    item_index, partner, _, level, sub = key
    item = timeline.items[item_index]
    if item.kind != "still" or item.path is None or partner >= 0 or level < 1.0 or sub >= 0:
        return None
    try:
        with Image.open(item.path) as image:
            fits = image.size == (timeline.width, timeline.height) and image.format in ("PNG", "JPEG")
    except OSError:
        return None
    return item.path.resolve() if fits else None


def _draw_runs(
    timeline: Timeline, runs: list[tuple[_Key, int]], workdir: Path, progress: Progress | None
) -> list[tuple[Path, int]]:
    bases: dict[int, Image.Image] = {}
    overlays: dict[int, Image.Image] = {}
    drawn: dict[_Key, Path] = {}
    files: list[tuple[Path, int]] = []
    black = Image.new("RGB", (timeline.width, timeline.height), (0, 0, 0))
    for number, (key, count) in enumerate(runs):
        if key not in drawn and (ready := _ready_made(key, timeline)) is not None:
            drawn[key] = ready
        if key not in drawn:
            item, partner, weight, level, sub = key
            for index in (item, partner):
                if index >= 0 and index not in bases:
                    bases[index] = _base_picture(index, timeline, workdir)
            picture = bases[item]
            if partner >= 0:
                picture = Image.blend(picture, bases[partner], weight)
            if level < 1.0:
                picture = Image.blend(black, picture, max(0.0, level))
            if sub >= 0:
                if sub not in overlays:
                    cue = timeline.subtitles[sub]
                    overlays[sub] = subtitle_overlay(cue.text, timeline.width, timeline.height, speaker=cue.speaker)
                picture = Image.alpha_composite(picture.convert("RGBA"), overlays[sub]).convert("RGB")
            drawn[key] = workdir / f"pic-{len(drawn):05d}.png"
            picture.save(drawn[key], compress_level=1)
        files.append((drawn[key], count))
        if progress and number % 25 == 0:
            progress(0.2 * number / len(runs), "drawing frames")
    return files


def _concat_list(files: list[tuple[Path, int]], fps: int, path: Path) -> None:
    lines = ["ffconcat version 1.0"]
    for picture, count in files:
        quoted = picture.as_posix().replace("'", "'\\''")
        lines += [f"file '{quoted}'", f"duration {count / fps:.6f}"]
    # The concat demuxer ignores the last entry's duration unless the file is listed again.
    lines.append(lines[-2])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def render_animatic(
    timeline: Timeline,
    out: Path,
    *,
    progress: Progress | None = None,
    burn_subtitles: bool = True,
    sidecar: bool = True,
    scene: int | None = None,
    preset: str = "veryfast",
    crf: int = 23,
    work_root: Path | None = None,
) -> RenderResult:
    """Render an animatic MP4 (H.264/AAC) of the whole film, or of one `scene`, with no generation.

    Stills are held, video items show their first used frame, cards are drawn, voice and music are
    mixed (a silent track when there is none). Without `burn_subtitles`, subtitles go to a sidecar
    `.srt` beside the MP4 when `sidecar` is set.
    """
    if scene is not None:
        timeline = select_scene(timeline, scene)
    check_video_out(out)
    check_timeline(timeline)
    with atomic_output(out) as partial, work_dir(work_root or out.parent, "animatic") as workdir:
        runs = picture_runs(timeline, burn_subtitles=burn_subtitles)
        files = _draw_runs(timeline, runs, workdir, progress)
        listing = workdir / "pictures.ffconcat"
        _concat_list(files, timeline.fps, listing)
        mix = audio_mix(timeline, first_input=1)
        video = f"[0:v]fps={timeline.fps},scale={timeline.width}:{timeline.height},format=yuv420p[vout]"
        args = ["-f", "concat", "-safe", "0", "-i", str(listing), *mix.inputs,
                "-filter_complex", ";".join([video, *mix.filters]), "-map", "[vout]", "-map", mix.out,
                "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-r", str(timeline.fps),
                "-c:a", "aac", "-b:a", "128k", "-t", f"{timeline.duration_s:.6f}",
                "-movflags", "+faststart", str(partial)]
        total = timeline.duration_s

        def _encode_progress(fraction: float, label: str) -> None:
            if progress:
                progress(0.2 + 0.8 * fraction, label)

        run_ffmpeg(args, total_s=total, progress=_encode_progress, label="encoding animatic")
        frames, seconds = frames_and_seconds(partial)
    if sidecar and not burn_subtitles and timeline.subtitles:
        write_sidecar(timeline.subtitles, out.with_suffix(".srt"))
    if progress:
        progress(1.0, "done")
    return RenderResult(path=out, duration_s=seconds, used_fast_path=False, frames=frames)
