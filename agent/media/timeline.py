"""The timeline: ordered picture items, audio tracks and subtitles, laid out in whole frames."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "AudioTrackItem",
    "RenderError",
    "RenderResult",
    "Slot",
    "SubtitleItem",
    "Timeline",
    "TimelineItem",
    "check_timeline",
    "default_duration",
    "in_scene_order",
    "layout",
    "select_scene",
]

ItemKind = Literal["video", "still", "card"]
TransitionIn = Literal["cut", "crossfade", "fade_from_black"]
TransitionOut = Literal["cut", "fade_to_black"]


class RenderError(RuntimeError):
    """A render or export could not be done; the message is one line meant for a person."""


class TimelineItem(BaseModel):
    """One picture on the timeline: an approved video, a still held for a while, or a text card."""

    id: str = Field(description="Shot id such as 'S02_SH01', or a card id such as 'TITLE'.")
    kind: ItemKind = Field(description="'video' plays a clip, 'still' holds an image, 'card' shows text.")
    path: Path | None = Field(None, description="Media file; optional for cards (drawn from `text`).")
    duration_s: float = Field(gt=0, description="Time the item occupies on the timeline, cut to cut.")
    transition_in: TransitionIn = Field("cut", description="How the item starts.")
    transition_out: TransitionOut = Field("cut", description="How the item ends.")
    transition_duration_s: float = Field(0.5, ge=0, description="Length of this item's fades/crossfade.")
    scene: int | None = Field(None, description="Scene number, for ordering and the NLE hand-off.")
    shot: int | None = Field(None, description="Shot number within the scene.")
    text: str | None = Field(None, description="Card text (title or credits); lines split on newlines.")
    source_in_s: float = Field(0.0, ge=0, description="Where in a video file the used part starts.")


class AudioTrackItem(BaseModel):
    """One sound file placed on the timeline: a voice line or a music cue."""

    path: Path = Field(description="Audio file (wav, mp3, m4a ...).")
    start_s: float = Field(0.0, ge=0, description="Timeline time at which the sound starts.")
    kind: Literal["voice", "music"] = Field("voice", description="Voice lines or music.")
    gain: float = Field(1.0, ge=0, description="Linear gain applied when mixing.")
    source_in_s: float = Field(0.0, ge=0, description="Seconds skipped at the start of the file.")
    duck_spans: list[tuple[float, float]] = Field(default_factory=list, description="Timeline spans (start, end) "
                                                  "in which this track is lowered under dialogue.")
    duck_gain: float = Field(0.25, ge=0, le=1, description="Gain inside the duck spans (on top of `gain`).")


class SubtitleItem(BaseModel):
    """One dialogue subtitle shown between two timeline times."""

    start_s: float = Field(ge=0, description="Timeline time the subtitle appears.")
    end_s: float = Field(gt=0, description="Timeline time the subtitle disappears.")
    text: str = Field(description="What is said.")
    speaker: str | None = Field(None, description="Who says it, if known.")


class Timeline(BaseModel):
    """The whole cut: pictures in order, sound on top, subtitles."""

    fps: int = Field(24, ge=1, le=120, description="Frames per second of the output.")
    width: int = Field(1280, ge=16, le=7680, description="Output width in pixels (even).")
    height: int = Field(720, ge=16, le=4320, description="Output height in pixels (even).")
    items: list[TimelineItem] = Field(default_factory=list, description="Pictures in playing order.")
    audio: list[AudioTrackItem] = Field(default_factory=list, description="Voice and music tracks.")
    subtitles: list[SubtitleItem] = Field(default_factory=list, description="Dialogue subtitles.")
    title: str | None = Field(None, description="Film title (NLE sequence name, metadata).")

    @property
    def total_frames(self) -> int:
        """Count the frames of the whole cut (every item rounded to whole frames)."""
        return sum(slot.frames for slot in layout(self))

    @property
    def duration_s(self) -> float:
        """Give the length of the cut in seconds, in whole frames."""
        return self.total_frames / self.fps


class RenderResult(BaseModel):
    """What a render produced."""

    path: Path = Field(description="The finished file.")
    duration_s: float = Field(description="Duration read back from the file.")
    used_fast_path: bool = Field(description="True when clips were stream-copied, not re-encoded.")
    frames: int = Field(description="Video frames counted in the file.")


@dataclass(frozen=True)
class Slot:
    """Where one item sits on the timeline, in frames; `fade_*`/`xfade_in` are frame counts."""

    item: TimelineItem
    start: int
    frames: int
    fade_in: int
    fade_out: int
    xfade_in: int
    """Frames of crossfade from the previous item, centred on this item's first frame."""


def _frames(seconds: float, fps: int) -> int:
    return max(1, round(seconds * fps))


def layout(timeline: Timeline) -> list[Slot]:
    """Place each item on whole frames; crossfades are centred on the cut and keep the cut's length."""
    slots: list[Slot] = []
    start = 0
    for index, item in enumerate(timeline.items):
        frames = _frames(item.duration_s, timeline.fps)
        trans = round(item.transition_duration_s * timeline.fps)
        xfade = trans if item.transition_in == "crossfade" and index > 0 else 0
        fade_in = min(trans, frames) if item.transition_in == "fade_from_black" else 0
        fade_out = min(trans, frames) if item.transition_out == "fade_to_black" else 0
        slots.append(Slot(item, start, frames, fade_in, fade_out, xfade))
        start += frames
    return slots


def check_timeline(timeline: Timeline, *, need_media: bool = True) -> None:
    """Raise RenderError (one line) when the timeline cannot be rendered as it stands."""
    if not timeline.items:
        raise RenderError("The timeline is empty: add at least one shot or card.")
    if timeline.width % 2 or timeline.height % 2:
        raise RenderError(f"Frame size {timeline.width}x{timeline.height} must be even for H.264.")
    for slot in layout(timeline):
        item = slot.item
        if item.kind != "card" and item.path is None:
            raise RenderError(f"{item.id}: a {item.kind} item needs a media file.")
        if item.kind == "card" and item.path is None and not (item.text or "").strip():
            raise RenderError(f"{item.id}: a card needs text or an image.")
        if slot.xfade_in:
            previous = timeline.items[timeline.items.index(item) - 1]
            if slot.xfade_in // 2 >= min(slot.frames, _frames(previous.duration_s, timeline.fps)):
                raise RenderError(f"{item.id}: the crossfade is longer than the shots it joins.")
    for track in timeline.audio:
        if need_media and not track.path.is_file():
            raise RenderError(f"Missing audio file: {track.path}")
    for sub in timeline.subtitles:
        if sub.end_s <= sub.start_s:
            raise RenderError(f"Subtitle '{sub.text[:30]}' ends before it starts.")
    if need_media:
        for item in timeline.items:
            if item.path is not None and not item.path.is_file():
                raise RenderError(f"{item.id}: missing media file {item.path}")


def default_duration(
    *, shot_s: float | None = None, voice_s: float | None = None, pad_s: float = 0.5, fallback_s: float = 3.0
) -> float:
    """Choose an item's duration: the longer of the shot card and the voice line plus a breath."""
    card = shot_s if shot_s and shot_s > 0 else None
    voice = voice_s + pad_s if voice_s and voice_s > 0 else None
    if card is not None and voice is not None:
        return max(card, voice)
    return card or voice or fallback_s


def in_scene_order(items: Iterable[TimelineItem]) -> list[TimelineItem]:
    """Sort items by (scene, shot); items without a scene (credits) go last in their given order.

    Give a title card `scene=0` to keep it first.
    """
    ordered = list(items)
    big = 10**9
    return sorted(ordered, key=lambda it: (it.scene if it.scene is not None else big, it.shot or 0))


def select_scene(timeline: Timeline, scene: int) -> Timeline:
    """Cut out one scene: its items, and the sound and subtitles that fall inside it, re-timed to zero."""
    slots = [slot for slot in layout(timeline) if slot.item.scene == scene]
    if not slots:
        raise RenderError(f"Scene {scene} has no shots on the timeline.")
    start = slots[0].start / timeline.fps
    end = (slots[-1].start + slots[-1].frames) / timeline.fps
    audio = []
    for track in timeline.audio:
        if track.start_s >= end:
            continue
        skip = max(0.0, start - track.start_s)
        audio.append(
            track.model_copy(
                update={"start_s": max(0.0, track.start_s - start), "source_in_s": track.source_in_s + skip}
            )
        )
    subtitles = [
        sub.model_copy(update={"start_s": max(0.0, sub.start_s - start), "end_s": min(end, sub.end_s) - start})
        for sub in timeline.subtitles
        if sub.end_s > start and sub.start_s < end
    ]
    items = [slot.item for slot in slots]
    if items[0].transition_in == "crossfade":
        items[0] = items[0].model_copy(update={"transition_in": "cut"})
    return timeline.model_copy(update={"items": items, "audio": audio, "subtitles": subtitles})
