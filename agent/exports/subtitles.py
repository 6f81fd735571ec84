"""Captions: the dialogue subtitles of the project's cut (SRT or WebVTT), and one asset's transcript as captions."""

from __future__ import annotations

from agent.formats.errors import ExportError
from agent.formats.srt import SubtitleCue, write_srt, write_vtt
from agent.media.from_project import timeline_from_project
from agent.media.timeline import RenderError
from agent.project import InvalidInputError, NotFoundError, Project
from agent.project.schema import Asset
from agent.project.transcripts import transcript_of

__all__ = ["project_srt", "project_vtt", "asset_captions", "CAPTION_FORMATS"]

CAPTION_FORMATS = ("srt", "vtt")


def _timeline_cues(project: Project, fps: int) -> list[SubtitleCue]:
    timeline = timeline_from_project(project, fps=fps)
    if not timeline.subtitles:
        raise RenderError("The screenplay has no dialogue to subtitle.")
    return [SubtitleCue(start_s=s.start_s, end_s=s.end_s, text=s.text, speaker=s.speaker) for s in timeline.subtitles]


def project_srt(project: Project, *, fps: int = 24) -> str:
    """Write the dialogue subtitles of the project's timeline as SRT text, speakers labelled.

    Raises:
        RenderError: the project has no scenes, or no dialogue to subtitle.
    """
    return write_srt(_timeline_cues(project, fps), label_speakers=True)


def project_vtt(project: Project, *, fps: int = 24) -> str:
    """Write the dialogue subtitles of the project's timeline as WebVTT text, speakers as voice tags.

    Raises:
        RenderError: the project has no scenes, or no dialogue to subtitle.
    """
    return write_vtt(_timeline_cues(project, fps), label_speakers=True)


def asset_captions(project: Project, asset_id: int, fmt: str) -> str:
    """Write one audio or video asset's transcript as captions (``fmt`` 'srt' or 'vtt'), timed from its start.

    Raises:
        InvalidInputError: an unknown format, an asset without a transcript, or one whose transcript is untimed.
        NotFoundError: there is no such asset.
    """
    if fmt not in CAPTION_FORMATS:
        raise InvalidInputError(f"unknown caption format {fmt!r}; use srt or vtt")
    with project.read() as s:
        asset = s.get(Asset, asset_id)
        if asset is None:
            raise NotFoundError(f"there is no asset {asset_id}")
        transcript = transcript_of(s, asset)
    if transcript is None:
        raise InvalidInputError(f"asset {asset_id} has no transcript yet: transcribe it first")
    try:
        cues = [SubtitleCue(start_s=float(seg["start_s"]), end_s=float(seg["end_s"]), text=str(seg["text"]),
                            speaker=seg.get("speaker")) for seg in transcript.get("segments") or []
                if str(seg.get("text") or "").strip() and float(seg["end_s"]) > float(seg["start_s"])]
        if not cues:
            raise InvalidInputError(f"asset {asset_id}'s transcript has no timed segments to caption")
        return (write_vtt if fmt == "vtt" else write_srt)(cues, label_speakers=True)
    except (ExportError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(f"asset {asset_id}'s transcript cannot be captioned: {exc}") from exc
