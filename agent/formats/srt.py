"""Write dialogue as SRT or WebVTT subtitles, timed from the timeline.

Overlaps are clamped, not refused: when a cue starts before the previous one ends, the previous cue
ends where the next one starts (a viewer can read only one at a time, and the timeline decides when
a line is spoken). Cues must come in start order, and a cue that clamping would shrink to nothing
is refused with :class:`ExportError`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agent.formats.errors import ExportError
from agent.formats.fountain import DialogueLine

__all__ = ["SubtitleCue", "format_timestamp", "time_dialogue", "write_srt", "write_vtt"]

_LINE_WIDTH = 42  # characters per subtitle line, the common broadcast guideline


class SubtitleCue(BaseModel):
    """One subtitle: when it shows, what it says, who says it."""

    model_config = ConfigDict(frozen=True)

    start_s: float = Field(
        ge=0, allow_inf_nan=False, description="Start time in seconds from the cut's start."
    )
    end_s: float = Field(gt=0, allow_inf_nan=False, description="End time in seconds; after start_s.")
    text: str = Field(min_length=1, description="What is said.")
    speaker: str | None = Field(None, description="Who says it (a character name), if known.")

    @model_validator(mode="after")
    def _check(self) -> SubtitleCue:
        if self.end_s <= self.start_s:
            raise ValueError(f"subtitle ends at {self.end_s}s, not after its start at {self.start_s}s")
        if not self.text.strip():
            raise ValueError("subtitle text is blank")
        return self


def format_timestamp(seconds: float) -> str:
    """Format seconds as an SRT timestamp ``HH:MM:SS,mmm``."""
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def _lines(cue: SubtitleCue, label_speakers: bool) -> list[str]:
    text = " ".join(cue.text.split())
    if label_speakers and cue.speaker:
        text = f"{cue.speaker.strip()}: {text}"
    return textwrap.wrap(text, _LINE_WIDTH, break_long_words=False, break_on_hyphens=False) or [text]


def _clamped(cues: Sequence[SubtitleCue]) -> list[tuple[SubtitleCue, float]]:
    """Return each cue with the end it shows until (clamped to the next cue's start).

    Raises:
        ExportError: cues are out of start order, or clamping an overlap would leave a cue empty.
    """
    out: list[tuple[SubtitleCue, float]] = []
    for index, cue in enumerate(cues):
        end = cue.end_s
        if index + 1 < len(cues):
            following = cues[index + 1]
            if following.start_s < cue.start_s:
                raise ExportError(
                    f"subtitle {index + 2} starts before subtitle {index + 1}; sort cues by start"
                )
            end = min(end, following.start_s)
        if round(end * 1000) <= round(cue.start_s * 1000):
            raise ExportError(f"subtitle {index + 1} has no time left once the next one starts")
        out.append((cue, end))
    return out


def write_srt(cues: Sequence[SubtitleCue], *, label_speakers: bool = False) -> str:
    """Write cues as SRT: 1-based numbers, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, blank-line separated.

    Raises:
        ExportError: cues are out of start order, or clamping an overlap would leave a cue empty.
    """
    blocks: list[str] = []
    for index, (cue, end) in enumerate(_clamped(cues)):
        stamp = f"{format_timestamp(cue.start_s)} --> {format_timestamp(end)}"
        blocks.append("\n".join([str(index + 1), stamp, *_lines(cue, label_speakers)]))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _vtt_text(text: str) -> str:
    # WebVTT cue text is markup: a bare '<' or '&' would start a tag or an entity.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_vtt(cues: Sequence[SubtitleCue], *, label_speakers: bool = False) -> str:
    """Write cues as WebVTT: a ``WEBVTT`` header, ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` cues, speakers as voice tags.

    Raises:
        ExportError: cues are out of start order, or clamping an overlap would leave a cue empty.
    """
    blocks = ["WEBVTT"]
    for index, (cue, end) in enumerate(_clamped(cues)):
        stamp = f"{format_timestamp(cue.start_s).replace(',', '.')} --> {format_timestamp(end).replace(',', '.')}"
        lines = [_vtt_text(line) for line in _lines(cue, label_speakers=False)]
        if label_speakers and cue.speaker:
            lines[0] = f"<v {_vtt_text(cue.speaker.strip())}>{lines[0]}"
        blocks.append("\n".join([str(index + 1), stamp, *lines]))
    return "\n\n".join(blocks) + "\n"


def time_dialogue(
    lines: Sequence[DialogueLine], *, start_s: float, end_s: float, gap_s: float = 0.1
) -> list[SubtitleCue]:
    """Spread dialogue lines over a stretch of the timeline, each in proportion to its word count.

    Raises:
        ExportError: the stretch is empty or negative.
    """
    if not end_s > start_s >= 0:
        raise ExportError(f"cannot time dialogue from {start_s}s to {end_s}s")
    spoken = [line for line in lines if line.text.strip()]
    weights = [max(1, len(line.text.split())) for line in spoken]
    total = sum(weights)
    cues: list[SubtitleCue] = []
    at = start_s
    for line, weight in zip(spoken, weights, strict=True):
        length = (end_s - start_s) * weight / total
        gap = gap_s if length > 4 * gap_s else 0.0
        cues.append(SubtitleCue(start_s=at, end_s=at + length - gap, text=line.text, speaker=line.character))
        at += length
    return cues
