"""Small media files the tests build in memory."""

from __future__ import annotations

import io
import wave

__all__ = ["mono_wav"]


def mono_wav(seconds: float = 1.0, *, rate: int = 8000, sample: bytes = b"\x10\x00") -> bytes:
    """Return a 16-bit mono WAV of ``seconds`` that repeats one quiet, non-silent sample."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(sample * int(seconds * rate))
    return buf.getvalue()
