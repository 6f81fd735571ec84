"""Transcripts and captions from chat: transcribe an audio or video asset, export captions as SRT or WebVTT.

A voice line the project recorded is captioned from its screenplay words, offline; an uploaded file goes to
the transcription provider when a key is set, and otherwise the answer says that one is needed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field
from sqlalchemy import select

from agent.generators.transcribe import NEEDS_PROVIDER, Transcriber
from agent.project import Project
from agent.project.errors import InvalidInputError
from agent.project.schema import Asset
from agent.project.transcripts import TranscribePort, transcribe_asset
from agent.tools.base import ToolContext, make_tool

__all__ = ["caption_tools", "transcribe", "latest_spoken_asset"]


class TranscribeArgs(BaseModel):
    asset_id: int | None = Field(None, description="The audio or video asset to transcribe; leave out for the one "
                                 "uploaded last.")
    again: bool = Field(False, description="True to transcribe an upload that already has a transcript once more.")


class CaptionArgs(BaseModel):
    format: Literal["srt", "vtt"] = Field("srt", description="srt (SubRip) or vtt (WebVTT, for the web).")
    asset_id: int | None = Field(None, description="Caption one audio or video asset's transcript; leave out for "
                                 "the dialogue captions of the whole cut.")


def latest_spoken_asset(project: Project) -> int:
    """Return the newest uploaded (not generated) audio or video asset's id; raise when there is none."""
    with project.read() as s:
        found = s.scalar(select(Asset.id).where(Asset.kind.in_(("audio", "video")), Asset.request_hash.is_(None))
                         .order_by(Asset.id.desc()))
    if found is None:
        raise InvalidInputError("there is no uploaded audio or video to transcribe; upload a file first")
    return int(found)


def _port(transcriber: Transcriber | None) -> TranscribePort | None:
    if transcriber is None:
        return None
    return lambda data, name, mime: transcriber.transcribe(data, filename=name, mime=mime).as_meta()


def transcribe(project: Project, transcriber: Transcriber | None, asset_id: int | None, *,
               again: bool = False) -> dict[str, Any]:
    """Transcribe an asset (default: the newest upload) and keep the transcript with it; return the transcript."""
    target = asset_id if asset_id is not None else latest_spoken_asset(project)
    return transcribe_asset(project, target, _port(transcriber), needs_provider=NEEDS_PROVIDER, again=again)


def _said(done: dict[str, Any]) -> str:
    text = str(done.get("text") or "").strip()
    quoted = f'"{text[:300]}{"..." if len(text) > 300 else ""}"' if text else "nothing (no speech found)"
    how = "from its screenplay line" if done.get("source") == "screenplay" else f"by {done.get('source')}"
    return f"Asset {done['asset']} says {quoted} (transcribed {how}; kept with the asset and searchable)."


def caption_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the editor's transcript and caption tools bound to one project."""
    p = ctx.project

    def transcribe_audio(asset_id: int | None = None, again: bool = False) -> str:
        """Transcribe an uploaded audio or video file (or a recorded voice line) into searchable words and captions."""
        return _said(transcribe(p, ctx.generators.transcriber, asset_id, again=again))

    def export_captions(format: Literal["srt", "vtt"] = "srt", asset_id: int | None = None) -> str:  # the model's word
        """Export captions (subtitles) as SRT or WebVTT: the whole cut's dialogue, or one asset's transcript."""
        from agent.assets import atomic_write  # deferred: kept with the code that writes files
        from agent.exports.subtitles import asset_captions, project_srt, project_vtt

        if asset_id is None:
            text = (project_vtt if format == "vtt" else project_srt)(p)
            what = "the cut's dialogue captions"
        else:
            text = asset_captions(p, asset_id, format)
            what = f"asset {asset_id}'s captions"
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name = f"{p.path.name}-captions{'' if asset_id is None else f'-asset{asset_id}'}-{stamp}.{format}"
        atomic_write(p.exports_dir / name, text.encode("utf-8"))
        return f"Exported {what} as {format.upper()} to exports/{name}."

    return [
        make_tool(transcribe_audio, name="transcribe_audio", args_schema=TranscribeArgs),
        make_tool(export_captions, name="export_captions", args_schema=CaptionArgs),
    ]
