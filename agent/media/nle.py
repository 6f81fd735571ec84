"""The NLE hand-off: the timeline as OpenTimelineIO, CMX3600 EDL and FCP 7 XML.

The EDL and XML go through the OTIO adapter plugins (otio-cmx3600-adapter, otio-fcp-adapter),
which OpenTimelineIO 0.18 finds by their `opentimelineio.plugins` entry points under the
adapter names 'cmx_3600' and 'fcp_xml'. Clips are named by shot id and point at the media
files; a dissolve takes its frames from the handles the media has (source frames before a
clip's in point and after its out point), and is shortened when the media has too few.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import opentimelineio as otio

from agent.formats.errors import ExportError
from agent.media.ffmpeg import probe
from agent.media.output import atomic_output
from agent.media.timeline import RenderError, Slot, Timeline, TimelineItem, check_timeline, layout

__all__ = ["NLEError", "build_otio", "read_back", "write_edl", "write_fcp_xml", "write_otio"]

_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif"}
_EDL_ADAPTER, _FCP_ADAPTER, _OTIO_ADAPTER = "cmx_3600", "fcp_xml", "otio_json"


class NLEError(ExportError):
    """The timeline cannot be written or read in an NLE format; the message is one line."""


@dataclass
class _Handles:
    """Frames of media available before a clip's in point (`head`) and after its out point (`tail`)."""

    head: int
    tail: int | None
    """None when the media can be held as long as needed (stills, cards)."""
    media_frames: int | None


def _is_held(item: TimelineItem) -> bool:
    return item.kind != "video" or (item.path is not None and item.path.suffix.lower() in _IMAGE_SUFFIXES)


def _handles(slot: Slot, fps: int) -> _Handles:
    item = slot.item
    if _is_held(item):
        return _Handles(head=10**6, tail=None, media_frames=None)
    head = round(item.source_in_s * fps)
    media_frames = None
    if item.path is not None and item.path.is_file():
        try:
            info = probe(item.path)
        except RenderError:
            info = None
        if info is not None and info.duration_s:
            media_frames = round(info.duration_s * fps)
    tail = max(0, media_frames - head - slot.frames) if media_frames is not None else 0
    return _Handles(head=head, tail=tail, media_frames=media_frames)


def _dissolve_offsets(frames: int, before: _Handles, after: _Handles) -> tuple[int, int]:
    """Split a dissolve around the cut: (frames before the cut, frames after), within the handles."""
    tail = frames if before.tail is None else before.tail
    in_offset = min(frames // 2, after.head)
    out_offset = min(frames - in_offset, tail)
    in_offset = min(frames - out_offset, after.head)
    return in_offset, out_offset


def _reel(item_id: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "", item_id)
    return cleaned if len(cleaned) <= 8 else re.sub(r"[^A-Za-z0-9]", "", cleaned)[:8]


def _clip(slot: Slot, handles: _Handles, fps: int, lead: int) -> otio.schema.Clip:
    item = slot.item
    rate = float(fps)
    start = round(item.source_in_s * fps) if not _is_held(item) else lead
    meta = {
        "id": item.id,
        "kind": item.kind,
        "scene": item.scene,
        "shot": item.shot,
        "transition_in": item.transition_in,
        "transition_out": item.transition_out,
    }
    if item.text:
        meta["text"] = item.text
    if item.path is None:
        reference: otio.core.MediaReference = otio.schema.MissingReference(name=item.id)
    else:
        available = None
        length = handles.media_frames if handles.media_frames is not None else start + slot.frames + lead + fps
        if handles.tail is None or handles.media_frames is not None:
            available = otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(length, rate)
            )
        reference = otio.schema.ExternalReference(target_url=item.path.resolve().as_uri(), available_range=available)
        reference.name = item.path.name
    source = otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(slot.frames, rate)
    )
    clip = otio.schema.Clip(name=item.id, media_reference=reference, source_range=source)
    clip.metadata["reelsmith"] = meta
    clip.metadata["cmx_3600"] = {"reel": _reel(item.id)}
    return clip


def _fade(name: str, before: int, after: int, rate: float) -> otio.schema.Transition:
    return otio.schema.Transition(
        name=name,
        transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
        in_offset=otio.opentime.RationalTime(before, rate),
        out_offset=otio.opentime.RationalTime(after, rate),
    )


def _video_track(timeline: Timeline, *, edge_fades: bool) -> otio.schema.Track:
    """Lay the pictures on one track; with `edge_fades`, the film's opening and closing fades too.

    Fades inside the film (to black and up again) stay in each clip's metadata: OTIO models them
    only as dissolves through a gap, which the EDL reader mangles.
    """
    fps, rate = timeline.fps, float(timeline.fps)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    slots = layout(timeline)
    handles = [_handles(slot, fps) for slot in slots]
    for index, slot in enumerate(slots):
        if slot.xfade_in and index > 0:
            in_offset, out_offset = _dissolve_offsets(slot.xfade_in, handles[index - 1], handles[index])
            if in_offset + out_offset > 0:
                track.append(_fade(f"{slot.item.id} dissolve", in_offset, out_offset, rate))
        elif edge_fades and index == 0 and slot.fade_in:
            track.append(_fade("fade from black", 0, slot.fade_in, rate))
        track.append(_clip(slot, handles[index], fps, lead=slot.xfade_in))
    if edge_fades and slots[-1].fade_out:
        track.append(_fade("fade to black", slots[-1].fade_out, 0, rate))
    return track


def _audio_tracks(timeline: Timeline) -> list[otio.schema.Track]:
    """Lay voice and music on as few audio tracks as keep them from overlapping (lengths probed)."""
    rate = float(timeline.fps)
    lanes: list[tuple[otio.schema.Track, list[float]]] = []
    for track_item in sorted(timeline.audio, key=lambda t: (t.kind, t.start_s)):
        try:
            length = probe(track_item.path).duration_s if track_item.path.is_file() else None
        except RenderError:
            length = None
        duration = max(1.0 / timeline.fps, (length or 1.0) - track_item.source_in_s)
        lane = next(
            (
                lane
                for lane in lanes
                if lane[0].name.startswith(track_item.kind) and lane[1][0] <= track_item.start_s + 1e-6
            ),
            None,
        )
        if lane is None:
            lane = (
                otio.schema.Track(name=f"{track_item.kind} {len(lanes) + 1}", kind=otio.schema.TrackKind.Audio),
                [0.0],
            )
            lanes.append(lane)
        track, end = lane
        if track_item.start_s - end[0] > 1e-6:
            track.append(
                otio.schema.Gap(duration=otio.opentime.RationalTime(round((track_item.start_s - end[0]) * rate), rate))
            )
        available = otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, rate),
            otio.opentime.RationalTime(round((length or duration) * rate), rate),
        )
        reference = otio.schema.ExternalReference(
            target_url=track_item.path.resolve().as_uri(), available_range=available
        )
        clip = otio.schema.Clip(
            name=track_item.path.stem,
            media_reference=reference,
            source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(round(track_item.source_in_s * rate), rate),
                otio.opentime.RationalTime(round(duration * rate), rate),
            ),
        )
        clip.metadata["reelsmith"] = {"kind": track_item.kind, "gain": track_item.gain}
        track.append(clip)
        end[0] = round(track_item.start_s * rate) / rate + round(duration * rate) / rate
    return [lane[0] for lane in lanes]


def build_otio(timeline: Timeline, *, edge_fades: bool = True) -> otio.schema.Timeline:
    """Build the OTIO timeline: one video track (clips named by shot id), audio tracks, subtitle markers.

    `edge_fades` puts the opening fade from black and the closing fade to black on the track as
    transitions (the EDL leaves them out: its reader refuses a transition at the start of a track).
    """
    if not timeline.items:
        raise NLEError("The timeline is empty: nothing to export.")
    try:
        check_timeline(timeline)
    except RenderError as exc:
        raise NLEError(str(exc)) from None
    rate = float(timeline.fps)
    result = otio.schema.Timeline(
        name=timeline.title or "Reelsmith cut", global_start_time=otio.opentime.RationalTime(0, rate)
    )
    video = _video_track(timeline, edge_fades=edge_fades)
    result.tracks.append(video)
    for track in _audio_tracks(timeline):
        result.tracks.append(track)
    for sub in timeline.subtitles:
        marker = otio.schema.Marker(
            name=sub.text,
            marked_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(round(sub.start_s * rate), rate),
                otio.opentime.RationalTime(max(1, round((sub.end_s - sub.start_s) * rate)), rate),
            ),
            color=otio.schema.MarkerColor.YELLOW,
        )
        marker.metadata["reelsmith"] = {"subtitle": True, "speaker": sub.speaker}
        video.markers.append(marker)
    return result


def _write(otio_timeline: otio.schema.Timeline, path: Path, adapter: str, **kwargs: object) -> Path:
    try:
        text = otio.adapters.write_to_string(otio_timeline, adapter_name=adapter, **kwargs)
    except (otio.exceptions.OTIOError, ValueError, KeyError) as exc:
        raise NLEError(f"Cannot write {adapter}: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None
    with atomic_output(path) as partial:
        partial.write_text(text, encoding="utf-8")
    return path


def write_otio(timeline: Timeline, path: Path) -> Path:
    """Write the timeline as an OpenTimelineIO JSON file (.otio)."""
    return _write(build_otio(timeline), path, _OTIO_ADAPTER)


def write_edl(timeline: Timeline, path: Path, *, style: str = "avid") -> Path:
    """Write the picture track as a CMX3600 EDL (dissolves as 'D' events, reels named by shot id)."""
    full = build_otio(timeline, edge_fades=False)
    # The EDL writer handles one video track and edits the tracks it is given, so pass a copy.
    picture = otio.schema.Timeline(name=full.name, global_start_time=full.global_start_time)
    picture.tracks.append(copy.deepcopy(full.video_tracks()[0]))
    return _write(picture, path, _EDL_ADAPTER, rate=float(timeline.fps), style=style)


def write_fcp_xml(timeline: Timeline, path: Path) -> Path:
    """Write the timeline as Final Cut Pro 7 XML (xmeml), which Premiere and Resolve import."""
    return _write(build_otio(timeline), path, _FCP_ADAPTER)


def read_back(path: Path, *, rate: float = 24.0) -> otio.schema.Timeline:
    """Read an .otio, .edl or .xml file with OTIO (to verify an export)."""
    if not path.is_file():
        raise NLEError(f"No such file: {path}")
    suffix = path.suffix.lower()
    kwargs: dict[str, object] = {}
    if suffix == ".edl":
        adapter, kwargs = _EDL_ADAPTER, {"rate": rate}
    elif suffix == ".xml":
        adapter = _FCP_ADAPTER
    elif suffix == ".otio":
        adapter = _OTIO_ADAPTER
    else:
        raise NLEError(f"Unknown NLE file type '{suffix}': use .otio, .edl or .xml.")
    try:
        result = otio.adapters.read_from_file(str(path), adapter_name=adapter, **kwargs)
    except (otio.exceptions.OTIOError, ValueError, KeyError) as exc:
        raise NLEError(f"Cannot read {path.name}: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None
    if not isinstance(result, otio.schema.Timeline):
        raise NLEError(f"{path.name} holds no timeline.")
    return result
