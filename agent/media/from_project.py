"""Build the media Timeline from a project: pictures, voice lines and dialogue subtitles.

Order comes from the project's cut (its timeline clips) when there is one; otherwise every shot of
the active screenplay in scene order, and a scene with no shots yet gets one card with its heading,
so a screenplay can be watched as an animatic from the first minute. Each shot shows its approved
video, else its approved still held, else a placeholder card drawn from the shot card (``animatic``
uses stills and cards only). Subtitles come from each scene's dialogue, spread over the scene's time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.formats.fountain import scene_dialogue
from agent.formats.srt import time_dialogue
from agent.media.animatic import render_animatic
from agent.media.ffmpeg import probe
from agent.media.render import render
from agent.media.timeline import (
    AudioTrackItem,
    RenderError,
    RenderResult,
    SubtitleItem,
    Timeline,
    TimelineItem,
    default_duration,
    layout,
    select_scene,
)
from agent.project.library import approved_asset, links_of
from agent.project.project import Project
from agent.project.schema import Asset, Scene, Shot, TimelineClip
from agent.project.views import active_scenes, shots_of_scene

__all__ = ["timeline_from_project", "render_project", "SCENE_CARD_MIN_S", "SCENE_CARD_MAX_S",
           "LONG_RENDER_S", "RenderTooLongError", "clock", "render_size"]

SCENE_CARD_MIN_S = 3.0
SCENE_CARD_MAX_S = 12.0
_WORDS_PER_SECOND = 2.5  # unhurried screen speech, about 150 words a minute
_FADE_S = 0.5
_TRANSITIONS: dict[str, dict[str, str]] = {
    "cut": {},
    "crossfade": {"transition_in": "crossfade"},
    "fade-in": {"transition_in": "fade_from_black"},
    "fade-out": {"transition_out": "fade_to_black"},
}


@dataclass
class _Entry:
    """One picture before timing: its item fields, the scene it belongs to, the voice lines under it."""

    fields: dict[str, Any]
    scene_id: int | None
    voices: list[tuple[Path, float]] = field(default_factory=list)


def _voice_seconds(path: Path, asset: Asset) -> float:
    known = asset.meta.get("duration_s") if isinstance(asset.meta, dict) else None
    if isinstance(known, int | float) and known > 0:
        return float(known)
    if not path.is_file():
        return 0.0  # check_timeline reports the missing file with its name
    return probe(path).duration_s or 0.0


def _voices(session: Session, project: Project, entity_type: str, entity_id: int) -> list[tuple[Path, float]]:
    out = []
    for link in links_of(session, entity_type, entity_id, "voice"):
        asset = session.get(Asset, link.asset_id) if link.status == "approved" else None
        if asset is not None:
            path = project.files.path_of(asset.path)
            out.append((path, _voice_seconds(path, asset)))
    return out


def _shot_card_text(number: int, shot: Shot) -> str:
    description = " ".join(shot.description.split())
    if len(description) > 180:
        description = description[:177].rstrip() + "..."
    camera = f"{shot.shot_type}, {shot.angle}, {shot.movement}, {shot.lens_mm}mm"
    return (
        f"SCENE {number} / SHOT {shot.number}\n{description or '(no description)'}\n{camera}\n(no approved still yet)"
    )


def _shot_entry(session: Session, project: Project, shot: Shot, number: int, *, animatic: bool) -> _Entry:
    """Choose the picture for a shot: approved video, approved still, or a placeholder card."""
    base: dict[str, Any] = {"id": f"S{number:02d}_SH{shot.number:02d}", "scene": number, "shot": shot.number}
    clip = None if animatic else approved_asset(session, "shot", shot.id, "clip")
    still = approved_asset(session, "shot", shot.id, "still")
    if clip is not None:
        base.update(kind="video", path=project.files.path_of(clip.path))
    elif still is not None:
        base.update(kind="still", path=project.files.path_of(still.path))
    else:
        base.update(kind="card", text=_shot_card_text(number, shot))
    return _Entry(base, shot.scene_id, _voices(session, project, "shot", shot.id))


def _scene_card(session: Session, project: Project, scene: Scene, number: int) -> _Entry:
    words = sum(len(line.text.split()) for line in scene_dialogue(scene.content))
    seconds = min(SCENE_CARD_MAX_S, max(SCENE_CARD_MIN_S, words / _WORDS_PER_SECOND))
    text = f"SCENE {number}\n{scene.heading}\n(no shots yet)"
    fields = {"id": f"S{number:02d}_CARD", "kind": "card", "text": text, "scene": number, "duration_s": seconds}
    return _Entry(fields, scene.id, _voices(session, project, "scene", scene.id))


def _from_cut(session: Session, project: Project, numbers: dict[int, int], *, animatic: bool) -> list[_Entry]:
    entries: list[_Entry] = []
    for clip in session.scalars(select(TimelineClip).order_by(TimelineClip.position)):
        if clip.kind != "shot":
            fields = {"id": f"{clip.kind.upper()}_{clip.position}", "kind": "card", "text": clip.text or clip.kind}
            entry = _Entry(fields, None)
        else:
            shot = session.get(Shot, clip.shot_id) if clip.shot_id is not None else None
            number = numbers.get(shot.scene_id) if shot is not None else None
            if shot is None or number is None:
                continue  # a shot of a scene that is not on the active branch
            entry = _shot_entry(session, project, shot, number, animatic=animatic)
        entry.fields["duration_s"] = clip.duration_s
        entry.fields.update(_TRANSITIONS.get(clip.transition, {}))
        entries.append(entry)
    return entries


def _from_screenplay(session: Session, project: Project, scenes: list[Scene], *, animatic: bool) -> list[_Entry]:
    entries: list[_Entry] = []
    for number, scene in enumerate(scenes, start=1):
        shots = shots_of_scene(session, scene.id)
        if not shots:
            entries.append(_scene_card(session, project, scene, number))
        for shot in shots:
            entry = _shot_entry(session, project, shot, number, animatic=animatic)
            entry.fields["duration_s"] = shot.duration_s
            entries.append(entry)
    return entries


def _items(entries: list[_Entry]) -> list[TimelineItem]:
    """Time each entry (long enough for its voice lines) and keep fades shorter than the shots they join."""
    items: list[TimelineItem] = []
    for entry in entries:
        voice_s = sum(seconds for _, seconds in entry.voices)
        duration = default_duration(shot_s=entry.fields.get("duration_s"), voice_s=voice_s or None)
        previous = items[-1].duration_s if items else duration
        fade = min(_FADE_S, duration / 2, previous / 2)
        items.append(TimelineItem(**{**entry.fields, "duration_s": duration, "transition_duration_s": fade}))
    return items


MUSIC_GAIN = 0.6
"""The music bed's level under everything; inside dialogue it drops by the track's duck gain on top."""


def _audio(entries: list[_Entry], starts: list[float], music: Path | None = None) -> list[AudioTrackItem]:
    tracks: list[AudioTrackItem] = []
    spoken: list[tuple[float, float]] = []
    for entry, start in zip(entries, starts, strict=True):
        at = start
        for path, seconds in entry.voices:
            tracks.append(AudioTrackItem(path=path, start_s=at, kind="voice"))
            spoken.append((round(at, 3), round(at + seconds, 3)))
            at += seconds
    if music is not None:  # the film's music from the top, ducked under every line of dialogue
        tracks.append(AudioTrackItem(path=music, start_s=0.0, kind="music", gain=MUSIC_GAIN, duck_spans=spoken))
    return tracks


def _music(session: Session, project: Project) -> Path | None:
    asset = approved_asset(session, "project", 1, "music")
    path = project.files.path_of(asset.path) if asset is not None else None
    return path if path is not None and path.is_file() else None


def _scene_spans(entries: list[_Entry], spans: list[tuple[float, float]]) -> dict[int, list[tuple[float, float]]]:
    """Group the timeline into runs of consecutive pictures of one scene: scene id -> [(start, end)]."""
    out: dict[int, list[tuple[float, float]]] = {}
    previous: int | None = None
    for entry, (start, end) in zip(entries, spans, strict=True):
        if entry.scene_id is None:
            previous = None
            continue
        runs = out.setdefault(entry.scene_id, [])
        if previous == entry.scene_id and runs:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
        previous = entry.scene_id
    return out


def _subtitles(session: Session, entries: list[_Entry], spans: list[tuple[float, float]]) -> list[SubtitleItem]:
    """Spread each scene's dialogue over its runs on the timeline, lines shared in proportion to run length."""
    subtitles: list[SubtitleItem] = []
    for scene_id, runs in _scene_spans(entries, spans).items():
        scene = session.get(Scene, scene_id)
        lines = scene_dialogue(scene.content) if scene is not None else []
        if not lines:
            continue
        total = sum(end - start for start, end in runs)
        done, elapsed = 0, 0.0
        for start, end in runs:
            elapsed += end - start
            upto = round(len(lines) * elapsed / total)
            chunk = lines[done:upto]
            done = upto
            if chunk:
                cues = time_dialogue(chunk, start_s=start, end_s=end)
                subtitles += [
                    SubtitleItem(start_s=c.start_s, end_s=c.end_s, text=c.text, speaker=c.speaker) for c in cues
                ]
    return sorted(subtitles, key=lambda sub: sub.start_s)


class RenderTooLongError(RenderError):
    """The render would run longer than the caller allowed without asking; nothing was made."""


LONG_RENDER_S = 15 * 60.0
"""Renders that would run longer than this ask first (chat) or need ``--long`` (CLI): hours of encoding
should never start on one ambiguous sentence."""


def timeline_from_project(
    project: Project,
    *,
    animatic: bool = False,
    scene: int | None = None,
    fps: int = 24,
    width: int = 1280,
    height: int = 720,
    subtitles: bool = True,
) -> Timeline:
    """Build the Timeline of the project's cut (or of its screenplay when nothing is cut yet).

    Raises:
        RenderError: the project has no scenes, or ``scene`` is not on the timeline.
    """
    with project.read() as s:
        scenes = active_scenes(s)
        if not scenes:
            raise RenderError("The project has no scenes yet: import or write a screenplay first.")
        numbers = {sc.id: i for i, sc in enumerate(scenes, start=1)}
        has_cut = s.scalar(select(TimelineClip.id).limit(1)) is not None
        if has_cut:
            entries = _from_cut(s, project, numbers, animatic=animatic)
        else:
            entries = _from_screenplay(s, project, scenes, animatic=animatic)
        if not entries:
            raise RenderError("The cut has no shots of the active screenplay: assemble it again.")
        items = _items(entries)
        timeline = Timeline(fps=fps, width=width, height=height, items=items, title=project.name())
        slots = layout(timeline)
        spans = [(slot.start / fps, (slot.start + slot.frames) / fps) for slot in slots]
        audio = _audio(entries, [start for start, _ in spans], _music(s, project))
        subs = _subtitles(s, entries, spans) if subtitles else []
    timeline = timeline.model_copy(update={"audio": audio, "subtitles": subs})
    return select_scene(timeline, scene) if scene is not None else timeline


def clock(seconds: float) -> str:
    """Say a running time the way people do: '45 s', '12 min', '3 h 20 min'."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def render_size(project: Project, *, animatic: bool, scene: int | None = None) -> tuple[float, int]:
    """Return (running time in seconds, pictures) of what a render would make, without rendering it."""
    timeline = timeline_from_project(project, animatic=animatic, scene=scene, fps=24, width=320, height=180,
                                     subtitles=False)
    return timeline.duration_s, len(timeline.items)


def render_project(
    project: Project,
    out: Path,
    *,
    animatic: bool,
    scene: int | None = None,
    progress: Callable[[float, str], None] | None = None,
    fps: int = 24,
    width: int = 1280,
    height: int = 720,
    max_duration_s: float | None = None,
) -> tuple[RenderResult, Timeline]:
    """Render the project's cut (or an animatic of it) to ``out``; return the result and the timeline used.

    Scratch files live under the project's exports/ (wherever ``out`` is), so a killed render leaves nothing
    in the system's temp folder and ``doctor`` sees (and repairs) what it left.

    Raises:
        RenderError: nothing to render.
        RenderTooLongError: the render would run longer than ``max_duration_s`` (nothing made).
    """
    timeline = timeline_from_project(project, animatic=animatic, scene=scene, fps=fps, width=width, height=height)
    if max_duration_s is not None and timeline.duration_s > max_duration_s:
        raise RenderTooLongError(
            f"this {'animatic' if animatic else 'render'} would run {clock(timeline.duration_s)} "
            f"({len(timeline.items)} pictures), over the {clock(max_duration_s)} limit for rendering without asking"
        )
    renderer = render_animatic if animatic else render
    project.exports_dir.mkdir(exist_ok=True)
    return renderer(timeline, out, progress=progress, work_root=project.exports_dir), timeline
