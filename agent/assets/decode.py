"""Prove an audio file decodes before it is accepted: a magic number (``ID3``, ``OggS``...) proves nothing.

PCM WAV is read with the standard library; everything else (MP3, Ogg, FLAC, other WAV codecs) is decoded by
the ffmpeg that imageio-ffmpeg ships, reading the first seconds from stdin into nothing but a byte count.
"""

from __future__ import annotations

import io
import subprocess
import wave

__all__ = ["AudioDecodeError", "check_audio"]

_PROBE_SECONDS = 5
_TIMEOUT_S = 60


class AudioDecodeError(ValueError):
    """The bytes claim to be audio but do not decode; the message is one line."""


def _pcm_wav_frames(data: bytes) -> int | None:
    """Return the frames a PCM WAV really holds, or None when ``wave`` cannot read it (other codecs)."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            width, channels = w.getsampwidth(), w.getnchannels()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError):
        return None
    return len(frames) // max(1, width * channels)


def _ffmpeg_decodes(data: bytes) -> tuple[bool, str]:
    """Decode the first seconds with ffmpeg; return (decoded some samples, ffmpeg's last error line)."""
    import imageio_ffmpeg  # deferred: the bundled ffmpeg is looked up only to decode

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-i", "pipe:0", "-t", str(_PROBE_SECONDS),
           "-vn", "-ac", "1", "-ar", "8000", "-f", "s16le", "pipe:1"]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, exc.__class__.__name__
    errors = [line for line in proc.stderr.decode(errors="replace").splitlines() if line.strip()]
    return proc.returncode == 0 and len(proc.stdout) >= 2, (errors[-1].strip()[:120] if errors else "")


def check_audio(data: bytes, mime: str) -> None:
    """Refuse audio bytes that do not decode to at least one sample.

    Raises:
        AudioDecodeError: the file does not decode (one line, with the decoder's reason when it gave one).
    """
    if mime == "audio/wav":
        frames = _pcm_wav_frames(data)
        if frames is not None:
            if frames < 1:
                raise AudioDecodeError("the audio file holds no sound (a WAV header with no samples)")
            return
    ok, reason = _ffmpeg_decodes(data)
    if not ok:
        raise AudioDecodeError(f"the file claims to be {mime} but does not decode" + (f" ({reason})" if reason else ""))
