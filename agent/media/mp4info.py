"""Read stream facts from an MP4/MOV header in Python: a few small reads instead of starting ffmpeg.

Only what the stream-copy decision needs: codec, decoder configuration, size, frame rate, duration
and the audio format. Anything unexpected returns None and the caller asks ffmpeg instead.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from agent.media.ffmpeg import MediaInfo, count_frames

__all__ = ["frames_and_seconds", "read_mp4_info"]

_VIDEO_CODECS = {b"avc1": "h264", b"avc3": "h264", b"hvc1": "hevc", b"hev1": "hevc"}
_AUDIO_CODECS = {b"mp4a": "aac"}
_CHANNELS = {1: "mono", 2: "stereo"}
_MAX_MOOV = 64 * 1024 * 1024


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, int, int]]:
    """Yield (type, payload start, payload end) for the boxes in data[start:end]."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def _find_moov(handle: BinaryIO, file_size: int) -> bytes | None:
    pos = 0
    while pos + 8 <= file_size:
        handle.seek(pos)
        head = handle.read(16)
        size, kind = struct.unpack(">I4s", head[:8])
        if size == 1:
            size = struct.unpack(">Q", head[8:16])[0]
        elif size == 0:
            size = file_size - pos
        if size < 8:
            return None
        if kind == b"moov":
            if size > _MAX_MOOV:
                return None
            handle.seek(pos)
            return handle.read(size)
        pos += size
    return None


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    return next(((s, e) for k, s, e in _boxes(data, start, end) if k == kind), None)


@dataclass(frozen=True)
class _Track:
    handler: bytes
    timescale: int
    fourcc: bytes
    entry: tuple[int, int]
    """Where the sample entry's payload starts and ends in the moov bytes."""
    deltas: list[tuple[int, int]]
    """The stts table: (sample count, sample duration) runs."""


def _track(data: bytes, start: int, end: int) -> _Track | None:
    """Read one trak: handler, timescale, sample entry and timing."""
    mdia = _child(data, start, end, b"mdia")
    if mdia is None:
        return None
    hdlr, mdhd = _child(data, *mdia, b"hdlr"), _child(data, *mdia, b"mdhd")
    minf = _child(data, *mdia, b"minf")
    stbl = _child(data, *minf, b"stbl") if minf else None
    if hdlr is None or mdhd is None or stbl is None:
        return None
    handler = data[hdlr[0] + 8 : hdlr[0] + 12]
    version = data[mdhd[0]]
    if version == 1:
        timescale = struct.unpack(">I", data[mdhd[0] + 20 : mdhd[0] + 24])[0]
    else:
        timescale = struct.unpack(">I", data[mdhd[0] + 12 : mdhd[0] + 16])[0]
    stsd, stts = _child(data, *stbl, b"stsd"), _child(data, *stbl, b"stts")
    if stsd is None or stts is None or timescale == 0:
        return None
    entries = list(_boxes(data, stsd[0] + 8, stsd[1]))
    if len(entries) != 1:
        return None
    fourcc, entry_start, entry_end = entries[0]
    counts = struct.unpack(">I", data[stts[0] + 4 : stts[0] + 8])[0]
    deltas = [struct.unpack(">II", data[stts[0] + 8 + 8 * i : stts[0] + 16 + 8 * i]) for i in range(counts)]
    return _Track(handler, timescale, fourcc, (entry_start, entry_end), deltas)


def _config_digest(data: bytes, start: int, end: int, kinds: tuple[bytes, ...]) -> str | None:
    """Hash the decoder configuration box (avcC, hvcC, esds): clips joined by copy must share it."""
    for kind, s, e in _boxes(data, start, end):
        if kind in kinds:
            return hashlib.sha256(data[s:e]).hexdigest()[:16]
    return None


def _video_fields(data: bytes, track: _Track) -> dict[str, object] | None:
    codec = _VIDEO_CODECS.get(track.fourcc)
    start, end = track.entry
    if codec is None:
        return None
    width, height = struct.unpack(">HH", data[start + 24 : start + 28])
    # The frame duration most samples have; a shorter last frame must not skew the rate.
    main = max(track.deltas, key=lambda pair: pair[0])[1] if track.deltas else 0
    fps = round(track.timescale / main, 3) if main else None
    config = _config_digest(data, start + 78, end, (b"avcC", b"hvcC"))
    frames = sum(count for count, _ in track.deltas)
    return {"video_codec": codec, "width": width, "height": height, "fps": fps, "video_config": config,
            "video_frames": frames}


def _descriptors(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Yield (tag, body) for MPEG-4 descriptors, whose lengths use 7 bits per byte."""
    pos = 0
    while pos + 2 <= len(data):
        tag, pos, length = data[pos], pos + 1, 0
        for _ in range(4):
            byte, pos = data[pos], pos + 1
            length = (length << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        yield tag, data[pos : pos + length]
        pos += length


def _audio_specific_config(esds: bytes) -> str | None:
    """Digest the AudioSpecificConfig in an esds (not its bitrate fields, which vary clip to clip)."""
    for tag, body in _descriptors(esds):
        if tag != 0x03 or len(body) < 3:
            continue
        flags, skip = body[2], 3
        skip += 2 if flags & 0x80 else 0
        skip += 1 + body[skip] if flags & 0x40 and skip < len(body) else 0
        skip += 2 if flags & 0x20 else 0
        for inner_tag, inner in _descriptors(body[skip:]):
            if inner_tag == 0x04 and len(inner) > 13:
                for leaf_tag, leaf in _descriptors(inner[13:]):
                    if leaf_tag == 0x05:
                        return hashlib.sha256(bytes([inner[0]]) + leaf).hexdigest()[:16]
    return None


def _audio_fields(data: bytes, track: _Track) -> dict[str, object] | None:
    codec = _AUDIO_CODECS.get(track.fourcc)
    start, end = track.entry
    if codec is None:
        return None
    channels = struct.unpack(">H", data[start + 16 : start + 18])[0]
    rate = struct.unpack(">I", data[start + 24 : start + 28])[0] >> 16
    esds = _child(data, start + 28, end, b"esds")
    config = _audio_specific_config(data[esds[0] + 4 : esds[1]]) if esds else None
    return {"audio_codec": codec, "sample_rate": rate, "channels": _CHANNELS.get(channels, str(channels)),
            "audio_config": config}


def read_mp4_info(path: Path) -> MediaInfo | None:
    """Read an MP4/MOV's first video and audio track, or None when it is not a plain ISO-BMFF file.

    `pix_fmt` stays unknown; `video_config`/`audio_config` carry digests of the decoder configurations
    instead, so two files compare equal only when a decoder set up for the first can play the second.
    """
    try:
        with path.open("rb") as handle:
            moov = _find_moov(handle, path.stat().st_size)
    except (OSError, struct.error):
        return None
    if moov is None:
        return None
    try:
        mvhd = _child(moov, 8, len(moov), b"mvhd")
        if mvhd is None:
            return None
        version = moov[mvhd[0]]
        fmt, offset = (">IQ", 20) if version == 1 else (">II", 12)
        field = moov[mvhd[0] + offset : mvhd[0] + offset + struct.calcsize(fmt)]
        timescale, duration = struct.unpack(fmt, field)
        fields: dict[str, object] = {}
        for kind, start, end in _boxes(moov, 8):
            track = _track(moov, start, end) if kind == b"trak" else None
            if track is None:
                continue
            if track.handler == b"vide" and "video_codec" not in fields:
                video = _video_fields(moov, track)
                if video is None:
                    return None
                fields.update(video)
            elif track.handler == b"soun" and "audio_codec" not in fields:
                audio = _audio_fields(moov, track)
                if audio is None:
                    return None
                fields.update(audio)
    except (struct.error, IndexError, KeyError):
        return None
    if "video_codec" not in fields or not timescale:
        return None
    return MediaInfo(duration_s=duration / timescale, **fields)  # type: ignore[arg-type]


def frames_and_seconds(path: Path) -> tuple[int, float]:
    """Read back a rendered file's frame count and duration: from its MP4 header, else by ffmpeg."""
    info = read_mp4_info(path)
    if info is not None and info.video_frames and info.duration_s:
        return info.video_frames, info.duration_s
    return count_frames(path)
