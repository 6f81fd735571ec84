"""Sidecar subtitles: the dialogue as an .srt file beside the video, written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from agent.media.output import atomic_output
from agent.media.timeline import SubtitleItem

__all__ = ["srt_text", "write_sidecar"]


def _stamp(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def srt_text(subtitles: Sequence[SubtitleItem]) -> str:
    """Format subtitles as SubRip text, in time order, speakers as a 'NAME:' prefix."""
    blocks = []
    for number, sub in enumerate(sorted(subtitles, key=lambda s: s.start_s), start=1):
        text = f"{sub.speaker.upper()}: {sub.text}" if sub.speaker else sub.text
        blocks.append(f"{number}\n{_stamp(sub.start_s)} --> {_stamp(sub.end_s)}\n{text.strip()}\n")
    return "\n".join(blocks)


def write_sidecar(subtitles: Sequence[SubtitleItem], path: Path) -> Path:
    """Write `subtitles` to `path` as .srt (temp file, then rename)."""
    with atomic_output(path) as partial:
        partial.write_text(srt_text(subtitles), encoding="utf-8")
    return path
