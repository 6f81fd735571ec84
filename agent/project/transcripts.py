"""Transcripts of audio and video assets, kept in the asset's metadata (``meta["transcript"]``) and searchable.

A voice line the project generated is transcribed offline: its words are the screenplay line it was recorded
from. Any other audio or video (an upload) needs a provider; the caller passes it in as a ``TranscribePort``,
so this room never knows which one. A transcript is derived data, like the technical measurements: it is
written without a history entry and never changes what the film is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.blocks import words_of
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.project import Project
from agent.project.schema import Asset, AssetLink

__all__ = ["TranscribePort", "transcript_of", "transcribe_asset", "find_spoken", "spoken_phrase"]

TranscribePort = Callable[[bytes, str, str], dict[str, Any]]
"""(file bytes, file name, MIME type) -> a transcript as stored: {"text", "segments", "language", "source"}."""
_SPOKEN_KINDS = ("audio", "video")
_QUOTED = re.compile(r"[\"\u201c\u2018]([^\"\u201d\u2019]{2,200})[\"\u201d\u2019]|(?<![\w'])'([^']{2,200})'(?![\w'])")
_SAYS = re.compile(r"\b(?:says?|said|saying|mentions?|mentioned|talks? about|words?)\s+(.{2,200}?)\s*[.?!]?$", re.I)


def _meta(asset: Asset) -> dict[str, Any]:
    return asset.meta if isinstance(asset.meta, dict) else {}


def _from_screenplay(session: Session, asset: Asset) -> dict[str, Any] | None:
    """Return the transcript of a voice line the project recorded (its screenplay words), else None."""
    is_line = session.scalar(select(AssetLink.id).where(AssetLink.asset_id == asset.id,
                                                        AssetLink.role == "voice").limit(1)) is not None
    meta = _meta(asset)
    subs = [s for s in meta.get("subtitles") or [] if isinstance(s, dict) and str(s.get("text") or "").strip()]
    if not is_line and not subs:
        return None
    segments: list[dict[str, Any]]
    if subs:
        segments = [{"start_s": float(s.get("start") or 0.0), "end_s": float(s.get("end") or 0.0),
                     "text": str(s["text"]).strip(), "speaker": s.get("speaker") or None} for s in subs]
    else:
        speaker, sep, speech = asset.description.partition(":")
        tech = meta.get("tech") or {}
        tech = tech if isinstance(tech, dict) else {}
        duration = float(tech.get("duration_s") or meta.get("duration_s") or 0.0)
        segments = [{"start_s": 0.0, "end_s": duration, "text": (speech if sep else asset.description).strip(),
                     "speaker": speaker.strip() if sep else None}]
    return {"text": " ".join(str(s["text"]) for s in segments), "segments": segments, "language": None,
            "source": "screenplay"}


def transcript_of(session: Session, asset: Asset) -> dict[str, Any] | None:
    """Return an asset's transcript: the stored one, else a generated voice line's own words; None if neither."""
    stored = _meta(asset).get("transcript")
    if isinstance(stored, dict) and isinstance(stored.get("text"), str):
        return stored
    return _from_screenplay(session, asset) if asset.kind in _SPOKEN_KINDS else None


def transcribe_asset(project: Project, asset_id: int, port: TranscribePort | None, *, needs_provider: str,
                     again: bool = False) -> dict[str, Any]:
    """Transcribe one audio or video asset and keep the transcript in its metadata; return it with ``asset``.

    A generated voice line is transcribed from its screenplay words; an asset already transcribed keeps its
    transcript unless ``again``; anything else goes to ``port``. Raises NotFoundError for an unknown asset and
    InvalidInputError for a picture, or (with ``needs_provider`` as the message) when a provider is needed
    and ``port`` is None.
    """
    with project.read() as s:
        asset = s.get(Asset, asset_id)
        if asset is None:
            raise NotFoundError(f"there is no asset {asset_id}")
        if asset.kind not in _SPOKEN_KINDS:
            raise InvalidInputError(f"asset {asset_id} is {'an' if asset.kind == 'image' else 'a'} {asset.kind}: "
                                    "only audio and video have words to transcribe")
        known = transcript_of(s, asset)
        filename = str(_meta(asset).get("filename") or Path(asset.path).name)
        mime, path = asset.mime, asset.path
    if known is not None and (known.get("source") == "screenplay" or not again):
        return {"asset": asset_id, **known}
    if port is None:
        raise InvalidInputError(needs_provider)
    transcript = port(project.files.path_of(path).read_bytes(), filename, mime)
    with project.append_only() as s:
        row = s.get(Asset, asset_id)
        if row is not None:
            row.meta = {**_meta(row), "transcript": transcript}
    return {"asset": asset_id, **transcript}


def find_spoken(session: Session, words: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Return the audio and video assets whose transcript says ``words`` (case and punctuation aside), newest first.

    Each item: {"id", "kind", "description", "transcript", "source", "at_s"} where ``at_s`` is when the words
    start (the first segment that says them), if the transcript is timed.
    """
    wanted = words_of(words)
    if not wanted:
        return []
    found = []
    for asset in session.scalars(select(Asset).where(Asset.kind.in_(_SPOKEN_KINDS)).order_by(Asset.id.desc())):
        transcript = transcript_of(session, asset)
        if transcript is None or f" {wanted} " not in f" {words_of(transcript['text'])} ":
            continue
        at = next((seg.get("start_s") for seg in transcript.get("segments") or []
                   if isinstance(seg, dict) and f" {wanted} " in f" {words_of(str(seg.get('text') or ''))} "), None)
        found.append({"id": asset.id, "kind": asset.kind, "description": asset.description[:200],
                      "transcript": transcript["text"][:300], "source": transcript.get("source"), "at_s": at})
        if len(found) >= limit:
            break
    return found


def spoken_phrase(query: str) -> str | None:
    """Return the words a search asks an asset to say: a quoted phrase, or what follows 'says'; else None."""
    if match := _QUOTED.search(query):
        return (match.group(1) or match.group(2)).strip()
    if match := _SAYS.search(query.strip()):
        return match.group(1).strip(" \"'")
    return None
