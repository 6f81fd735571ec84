"""The general render with moviepy: clips, held stills, cards, fades, crossfades, subtitles, the mix.

moviepy is imported inside the functions: it is slow to import and reads `.env` at import time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from proglog import ProgressBarLogger

from agent.media.cards import card_image, fit_image, subtitle_overlay
from agent.media.output import work_dir
from agent.media.timeline import RenderError, Slot, Timeline, layout

__all__ = ["compose_render"]

Progress = Callable[[float, str], None]
_AUDIO_FPS = 44100


def _silent_frame(t: Any) -> Any:
    """Return stereo silence for one time (shape (2,)) or many ((n, 2)): moviepy reads channels from it."""
    return np.zeros(2) if np.isscalar(t) else np.zeros((np.size(t), 2))


class _ProgressBridge(ProgressBarLogger):  # type: ignore[misc]
    """Relay moviepy's progress bars to one callback: audio is the first 10 %, video the rest."""

    def __init__(self, progress: Progress | None) -> None:
        super().__init__()
        self._progress = progress

    def bars_callback(self, bar: str, attr: str, value: Any, old_value: Any = None) -> None:
        if self._progress is None or attr != "index":
            return
        total = self.bars[bar].get("total") or 0
        if not total:
            return
        fraction = min(1.0, (value + 1) / total)
        if bar == "chunk":
            self._progress(0.1 * fraction, "mixing audio")
        else:
            self._progress(0.1 + 0.9 * fraction, "encoding video")


def _fit_clip(clip: Any, width: int, height: int) -> Any:
    """Scale a clip to fit the frame, keeping its aspect; the black background shows in the bars."""
    if (clip.w, clip.h) == (width, height):
        return clip
    scale = min(width / clip.w, height / clip.h)
    return clip.resized((max(2, round(clip.w * scale)), max(2, round(clip.h * scale)))).with_position("center")


def _picture_clip(slot: Slot, lead: int, span: int, timeline: Timeline, opened: list[Any]) -> tuple[Any, Any]:
    """Make the picture for one slot, `lead` frames early and `span` frames long; also its own sound."""
    # Deferred: moviepy (and numpy) load only to compose a render.
    from moviepy import AudioClip, ImageClip, VideoFileClip

    item, fps = slot.item, timeline.fps
    width, height = timeline.width, timeline.height
    duration = span / fps
    if item.kind == "card" and item.path is None:
        return ImageClip(np.asarray(card_image(item.text or "", width, height))).with_duration(duration), None
    assert item.path is not None
    if item.kind != "video":
        return ImageClip(np.asarray(fit_image(item.path, width, height))).with_duration(duration), None
    try:
        source = VideoFileClip(str(item.path))
    except (OSError, KeyError, IndexError) as exc:
        raise RenderError(f"{item.id}: cannot read video {item.path.name} ({exc.__class__.__name__})") from None
    opened.append(source)
    first = item.source_in_s - lead / fps
    last = max(0.0, (source.duration or 0.0) - 1.0 / (source.fps or fps))
    # Clamp instead of failing: a clip shorter than its slot (or without handles for a dissolve)
    # freezes on its first or last frame, as an NLE would show it.
    picture = source.without_audio().time_transform(lambda t: min(max(first + t, 0.0), last), apply_to=[])
    picture = _fit_clip(picture.with_duration(duration), width, height)
    sound: AudioClip | None = None
    if source.audio is not None:
        begin = max(0.0, item.source_in_s)
        end = min(source.duration or 0.0, item.source_in_s + slot.frames / fps)
        if end > begin:
            sound = source.audio.subclipped(begin, end).with_start(slot.start / fps)
    return picture, sound


def _picture_layers(timeline: Timeline, opened: list[Any]) -> tuple[list[Any], list[Any]]:
    from moviepy.audio.fx import AudioFadeIn, AudioFadeOut  # deferred: moviepy loads only to compose a render
    from moviepy.video.fx import CrossFadeIn, FadeIn, FadeOut

    fps = timeline.fps
    slots = layout(timeline)
    layers, sounds = [], []
    for index, slot in enumerate(slots):
        lead = slot.xfade_in // 2
        nxt = slots[index + 1] if index + 1 < len(slots) else None
        tail = nxt.xfade_in - nxt.xfade_in // 2 if nxt is not None else 0
        picture, sound = _picture_clip(slot, lead, lead + slot.frames + tail, timeline, opened)
        effects: list[Any] = []
        if slot.fade_in:
            effects.append(FadeIn(slot.fade_in / fps))
        if slot.fade_out:
            effects.append(FadeOut(slot.fade_out / fps))
        if slot.xfade_in:
            effects.append(CrossFadeIn(slot.xfade_in / fps))
        layers.append(picture.with_effects(effects).with_start((slot.start - lead) / fps))
        if sound is not None:
            sound_fx = [AudioFadeIn(slot.fade_in / fps)] if slot.fade_in else []
            sound_fx += [AudioFadeOut(slot.fade_out / fps)] if slot.fade_out else []
            sounds.append(sound.with_effects(sound_fx))
    return layers, sounds


def _subtitle_layers(timeline: Timeline) -> list[Any]:
    from moviepy import ImageClip  # deferred: moviepy (and numpy) load only to compose a render

    layers = []
    for sub in timeline.subtitles:
        overlay = np.asarray(subtitle_overlay(sub.text, timeline.width, timeline.height, speaker=sub.speaker))
        clip = ImageClip(overlay[:, :, :3]).with_mask(ImageClip(overlay[:, :, 3] / 255.0, is_mask=True))
        layers.append(clip.with_start(sub.start_s).with_duration(max(0.01, sub.end_s - sub.start_s)))
    return layers


def _track_sounds(timeline: Timeline, opened: list[Any]) -> list[Any]:
    from moviepy import AudioFileClip  # deferred: moviepy (and numpy) load only to compose a render
    from moviepy.audio.fx import MultiplyVolume

    sounds = []
    for track in timeline.audio:
        try:
            sound = AudioFileClip(str(track.path))
        except (OSError, KeyError, IndexError) as exc:
            raise RenderError(f"Cannot read audio {track.path.name} ({exc.__class__.__name__})") from None
        opened.append(sound)
        if track.source_in_s:
            sound = sound.subclipped(min(track.source_in_s, sound.duration or 0.0))
        sound = sound.with_effects([MultiplyVolume(track.gain)])
        if track.duck_spans:
            sound = _ducked(sound, track.start_s, track.duck_spans, track.duck_gain)
        sounds.append(sound.with_start(track.start_s))
    return sounds


def _ducked(sound: Any, start_s: float, spans: list[tuple[float, float]], gain: float) -> Any:
    """Lower a sound by ``gain`` inside the timeline spans (dialogue), as the ffmpeg mix does."""
    import numpy as np  # deferred: numpy loads only to compose a render

    def factor(t: Any) -> Any:
        at = np.asarray(t, dtype=float) + start_s
        inside = np.zeros_like(at, dtype=bool)
        for a, b in spans:
            inside |= (at >= a) & (at <= b)
        return np.where(inside, gain, 1.0)

    def lower(get_frame: Any, t: Any) -> Any:
        frame = get_frame(t)
        scale = factor(t)
        return frame * (scale[:, None] if np.ndim(frame) == 2 and np.ndim(scale) == 1 else scale)

    return sound.transform(lower, keep_duration=True)


@contextlib.contextmanager
def _closing(opened: list[Any]) -> Iterator[list[Any]]:
    try:
        yield opened
    finally:
        for clip in opened:
            with contextlib.suppress(Exception):
                clip.close()


def compose_render(
    timeline: Timeline,
    partial: Path,
    *,
    progress: Progress | None,
    burn_subtitles: bool,
    preset: str = "medium",
    crf: int = 20,
    work_root: Path | None = None,
) -> None:
    """Encode the timeline to `partial` as H.264/AAC MP4 through moviepy (always with an audio stream)."""
    # Deferred: moviepy (and numpy) load only to compose a render.
    from moviepy import AudioClip, ColorClip, CompositeAudioClip, CompositeVideoClip

    # A hair over the exact length: moviepy writes int(duration * fps) frames and float error can drop one.
    total = timeline.total_frames / timeline.fps + 1e-6
    with _closing([]) as opened, work_dir(work_root or partial.parent, "render") as tmp:
        layers, sounds = _picture_layers(timeline, opened)
        background = ColorClip((timeline.width, timeline.height), color=(0, 0, 0)).with_duration(total)
        subs = _subtitle_layers(timeline) if burn_subtitles else []
        video = CompositeVideoClip([background, *layers, *subs], size=(timeline.width, timeline.height))
        sounds += _track_sounds(timeline, opened)
        silence = AudioClip(_silent_frame, duration=total, fps=_AUDIO_FPS)
        audio = CompositeAudioClip([silence, *sounds]).with_duration(total)
        video = video.with_duration(total).with_audio(audio)
        video.write_videofile(
            str(partial),
            fps=timeline.fps,
            codec="libx264",
            audio_codec="aac",
            audio_fps=_AUDIO_FPS,
            preset=preset,
            ffmpeg_params=["-crf", str(crf), "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
            temp_audiofile_path=str(tmp),
            logger=_ProgressBridge(progress),
        )
