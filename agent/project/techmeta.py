"""Measure a media file's technical facts: size, duration, loudness, palette and named colours.

A leaf module (Pillow, numpy, the standard library, and imageio-ffmpeg's ffmpeg for compressed audio and
non-MP4 video), so the project's asset library can call it without importing the render pipeline. Every
measurement is best effort: what cannot be read is left out, never guessed, and a file that cannot be read
at all gets only its MIME type and byte count.
"""

from __future__ import annotations

import colorsys
import io
import math
import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["COLOUR_NAMES", "TONES", "technical_metadata", "look_words", "colour_name"]

COLOUR_NAMES = ("red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "brown", "beige", "black",
                "grey", "white")
"""Every name ``colour_name`` gives: plain words people use for a still's colours."""
TONES = ("warm", "cool", "neutral")
_WARM = {"red", "orange", "yellow", "brown", "beige", "pink"}
_COOL = {"green", "teal", "blue", "purple"}
_HUES = ((15, "red"), (40, "orange"), (65, "yellow"), (165, "green"), (195, "teal"), (255, "blue"),
         (290, "purple"), (340, "pink"), (361, "red"))
_PALETTE_SIZE = 5
_AUDIO_RATE = 16_000
_MAX_AUDIO_S = 600
_TIMEOUT_S = 60


def colour_name(rgb: tuple[int, int, int]) -> str:
    """Name an RGB colour with one of ``COLOUR_NAMES`` (hue bands, with brown, beige and the greys apart)."""
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    hue = h * 360
    if v < 0.16:
        return "black"
    if s < 0.15 or (s < 0.25 and v < 0.3):
        return "white" if v > 0.88 else "grey"
    name = next(label for limit, label in _HUES if hue < limit)
    if name in ("red", "orange", "yellow") and v < 0.55 and s > 0.25:
        return "brown"
    if name in ("orange", "yellow") and s < 0.35 and v > 0.7:
        return "beige"
    return name


def _close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) < 24


def _image_facts(data: bytes, preview: bytes | None) -> dict[str, Any]:
    from PIL import Image  # deferred: Pillow loads only to measure an image

    with Image.open(io.BytesIO(data)) as img:
        width, height = img.size  # from the header: a preview spares decoding the full picture
        if preview is None:
            img.load()
            source = img.convert("RGB")
    if preview is not None:
        with Image.open(io.BytesIO(preview)) as shown:
            source = shown.convert("RGB")
    small = source.reduce(max(1, max(source.size) // 64))  # a box filter: averages, unlike a 1-in-N sample
    pixels = np.asarray(small, dtype=np.float32) / 255.0
    quant = small.quantize(colors=_PALETTE_SIZE, method=Image.Quantize.MEDIANCUT)
    counts = sorted(quant.getcolors() or [], reverse=True)
    flat = quant.getpalette() or []
    total = sum(n for n, _ in counts) or 1
    merged: list[tuple[tuple[int, int, int], int]] = []
    for n, index in counts:
        rgb = (flat[index * 3], flat[index * 3 + 1], flat[index * 3 + 2])
        # Median cut splits a flat area into near-identical boxes; one swatch each is what a person sees.
        near = next((i for i, (seen, _) in enumerate(merged) if _close(seen, rgb)), None)
        if near is None:
            merged.append((rgb, n))
        else:
            merged[near] = (merged[near][0], merged[near][1] + n)
    palette: list[dict[str, Any]] = []
    shares: dict[str, float] = {}
    for rgb, n in merged:
        name, share = colour_name(rgb), round(n / total, 3)
        palette.append({"hex": "#" + "".join(f"{c:02x}" for c in rgb), "name": name, "share": share})
        shares[name] = shares.get(name, 0.0) + share
    warm = sum(v for k, v in shares.items() if k in _WARM)
    cool = sum(v for k, v in shares.items() if k in _COOL)
    luma = float((pixels @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)).mean())
    return {
        "width": width, "height": height,
        "orientation": "landscape" if width > height else "portrait" if height > width else "square",
        "palette": palette,
        "colours": [k for k, v in sorted(shares.items(), key=lambda kv: -kv[1]) if v >= 0.08],
        "dominant_colour": max(shares, key=lambda k: shares[k]) if shares else None,
        "tone": "warm" if warm > max(0.2, 1.5 * cool) else "cool" if cool > max(0.2, 1.5 * warm) else "neutral",
        "brightness": round(luma, 3),
        "light": "dark" if luma < 0.3 else "bright" if luma > 0.65 else "mid",
    }


def _dbfs(value: float) -> float | None:
    return round(20 * math.log10(value), 1) if value > 0 else None


def _loudness(samples: np.ndarray[Any, Any], rate: int) -> dict[str, Any]:
    """Return duration, RMS and peak (dBFS) of mono float samples in [-1, 1]."""
    if samples.size == 0:
        return {"duration_s": 0.0}
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return {"duration_s": round(samples.size / rate, 3), "rms_dbfs": _dbfs(rms),
            "peak_dbfs": _dbfs(float(np.max(np.abs(samples)))), "silent": rms < 1e-4}


def _wav_samples(data: bytes) -> tuple[np.ndarray[Any, Any], int] | None:
    """Read a PCM WAV with the standard library: (mono float samples, rate), or None for other codecs."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            raw = w.readframes(min(w.getnframes(), rate * _MAX_AUDIO_S))
    except (wave.Error, EOFError):
        return None
    if width not in (1, 2, 4) or channels < 1 or rate < 1:
        return None
    dtype = {1: np.uint8, 2: np.int16, 4: np.int32}[width]
    ints = np.frombuffer(raw[: len(raw) - len(raw) % (width * channels)], dtype=dtype).astype(np.float64)
    if width == 1:
        ints -= 128.0
    scale = float(2 ** (8 * width - 1))
    return (ints.reshape(-1, channels).mean(axis=1) / scale), rate


def _ffmpeg_samples(path: Path) -> np.ndarray[Any, Any] | None:
    """Decode up to ``_MAX_AUDIO_S`` of any audio ffmpeg reads to mono float samples at ``_AUDIO_RATE``."""
    import imageio_ffmpeg  # deferred: the bundled ffmpeg is looked up only to probe a file

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-t", str(_MAX_AUDIO_S),
           "-vn", "-ac", "1", "-ar", str(_AUDIO_RATE), "-f", "s16le", "pipe:1"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    raw = proc.stdout[: len(proc.stdout) - len(proc.stdout) % 2]
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64) / 32768.0


def _audio_facts(path: Path, data: bytes, mime: str) -> dict[str, Any]:
    wav = _wav_samples(data) if mime == "audio/wav" else None
    if wav is not None:
        return _loudness(*wav)
    samples = _ffmpeg_samples(path)
    return {} if samples is None else _loudness(samples, _AUDIO_RATE)


_STREAM_VIDEO = re.compile(r"Stream #[^\n]*Video: (?P<codec>\w+)[^\n]*?, (?P<w>\d{2,5})x(?P<h>\d{2,5})[^\n]*?"
                           r"(?:, (?P<fps>[\d.]+) fps)?")
_DURATION = re.compile(r"Duration: (\d+):(\d+):([\d.]+)")


@dataclass
class _VideoInfo:
    width: int | None
    height: int | None
    fps: float | None
    duration_s: float | None
    has_audio: bool
    video_codec: str | None


def _probe_video(path: Path) -> _VideoInfo | None:
    """Read a video's size, rate, length and streams from ffmpeg's description of it (no decoding)."""
    import imageio_ffmpeg  # deferred: the bundled ffmpeg is looked up only to probe a file

    try:
        proc = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(path)],
                              capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    video, length = _STREAM_VIDEO.search(proc.stderr), _DURATION.search(proc.stderr)
    if video is None:
        return None
    seconds = int(length.group(1)) * 3600 + int(length.group(2)) * 60 + float(length.group(3)) if length else None
    return _VideoInfo(width=int(video.group("w")), height=int(video.group("h")),
                      fps=float(video.group("fps")) if video.group("fps") else None, duration_s=seconds,
                      has_audio=bool(re.search(r"Stream #[^\n]*Audio:", proc.stderr)),
                      video_codec=video.group("codec"))


def _video_facts(path: Path) -> dict[str, Any]:
    info = _probe_video(path)
    if info is None:
        return {}
    facts: dict[str, Any] = {"width": info.width, "height": info.height, "fps": info.fps,
                             "duration_s": round(info.duration_s, 3) if info.duration_s else None,
                             "has_audio": info.has_audio, "video_codec": info.video_codec}
    if info.width and info.height:
        facts["orientation"] = "landscape" if info.width > info.height else "portrait" \
            if info.height > info.width else "square"
    return {k: v for k, v in facts.items() if v is not None}


def technical_metadata(
    path: Path, mime: str, *, data: bytes | None = None, preview: Path | None = None
) -> dict[str, Any]:
    """Measure a stored file: ``mime`` and ``bytes`` always, then what its kind allows.

    Images: width, height, orientation, a five-colour palette (hex, name, share), the named ``colours``
    covering at least 8% of it, ``dominant_colour``, ``tone`` (warm/cool/neutral), brightness and ``light``.
    Audio: duration_s, rms_dbfs and peak_dbfs (whole file, up to ten minutes), silent. Video: width, height,
    fps, duration_s, has_audio, codec, orientation. Nothing here reaches the network.

    ``preview`` is a smaller rendering of the same image (the store's thumbnail): colours are read from it,
    the size from the original's header, so a large still is never decoded in full.
    """
    raw = path.read_bytes() if data is None else data
    facts: dict[str, Any] = {"mime": mime, "bytes": len(raw)}
    kind = mime.split("/", 1)[0]
    try:
        if kind == "image":
            small = preview.read_bytes() if preview is not None and preview.is_file() else None
            facts.update(_image_facts(raw, small))
        elif kind == "audio":
            facts.update(_audio_facts(path, raw, mime))
        elif kind == "video":
            facts.update(_video_facts(path))
    except Exception:  # measurements are derived data: a file that defeats one keeps its row
        facts["unreadable"] = True
    return facts


def look_words(tech: dict[str, Any]) -> list[str]:
    """Return the plain words a measured asset answers to: its colours, tone, light, orientation and length."""
    words = [*tech.get("colours", [])]
    for key in ("tone", "light", "orientation"):
        if isinstance(tech.get(key), str) and tech[key] not in ("neutral", "mid"):
            words.append(tech[key])
    duration = tech.get("duration_s")
    if isinstance(duration, int | float) and duration > 0:
        words.append(f"{duration:.1f}s")
    if tech.get("silent"):
        words.append("silent")
    return words
