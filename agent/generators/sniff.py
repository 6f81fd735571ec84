"""Check downloaded bytes before they enter the store: MIME sniffed from content, size, completeness."""

from __future__ import annotations

import io
import struct
from typing import Literal

from PIL import Image

from agent.assets.sniff import EXTENSIONS, sniff_mime
from agent.generators.base import GenerationError

__all__ = ["EXTENSIONS", "MediaFamily", "sniff_mime", "verify_media"]

MediaFamily = Literal["image", "video", "audio"]


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise GenerationError("The downloaded image is truncated or corrupt.") from exc


def _check_mp4(data: bytes) -> None:
    """Walk the top-level boxes: a cut-off download leaves a box running past the end or no moov."""
    pos, seen = 0, set()
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size == 1 and pos + 16 <= len(data):
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        elif size == 0:
            size = len(data) - pos
        if size < 8 or pos + size > len(data):
            raise GenerationError("The downloaded video is truncated.")
        seen.add(kind)
        pos += size
    if pos != len(data) or b"moov" not in seen:
        raise GenerationError("The downloaded video is truncated or has no index (moov box).")


def _check_wav(data: bytes) -> None:
    declared = struct.unpack("<I", data[4:8])[0] + 8
    # Streaming writers put 0 or 0xFFFFFFFF in the RIFF size; only a real size can prove a cut.
    if declared not in (8, 0xFFFFFFFF + 8) and declared > len(data):
        raise GenerationError("The downloaded audio is truncated.")


def verify_media(
    data: bytes,
    *,
    family: MediaFamily,
    max_bytes: int,
    declared_length: int | None = None,
) -> tuple[str, str]:
    """Return (mime, extension) for bytes of the expected family, or raise GenerationError saying why not."""
    if not data:
        raise GenerationError(f"The provider returned an empty {family} file.")
    if len(data) > max_bytes:
        raise GenerationError(f"The {family} file is larger than the {max_bytes:,}-byte limit.")
    if declared_length is not None and len(data) != declared_length:
        raise GenerationError(
            f"The {family} download is truncated ({len(data)} of {declared_length} bytes arrived)."
        )
    mime = sniff_mime(data)
    if mime is None or not mime.startswith(family + "/"):
        raise GenerationError(f"The provider sent {mime or 'unrecognised data'} where {family} was expected.")
    if family == "image":
        _check_image(data)
    elif mime in ("video/mp4", "video/quicktime"):
        _check_mp4(data)
    elif mime == "audio/wav":
        _check_wav(data)
    return mime, EXTENSIONS[mime]
