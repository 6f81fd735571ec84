"""Offline video generator: a camera move (pan, tilt, zoom, dolly, track, shake) over an approved still."""

from __future__ import annotations

import hashlib
import io
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from agent.generators.base import GeneratedMedia, GenerationError, Keyed, media_metadata
from agent.generators.costs import PriceTable
from agent.generators.requests import VideoRequest

__all__ = ["OfflineVideoGenerator", "camera_path"]

# (zoom at start, zoom at end, x from, x to, y from, y to); x/y in -1..1 of the travel the zoom allows.
_MOVES: dict[str, tuple[float, float, float, float, float, float]] = {
    "static": (1.0, 1.0, 0, 0, 0, 0),
    "zoom-in": (1.0, 1.3, 0, 0, 0, 0),
    "zoom-out": (1.3, 1.0, 0, 0, 0, 0),
    "dolly-in": (1.0, 1.45, 0, 0, 0.05, -0.05),
    "dolly-out": (1.45, 1.0, 0, 0, -0.05, 0.05),
    "pan-left": (1.25, 1.25, 1, -1, 0, 0),
    "pan-right": (1.25, 1.25, -1, 1, 0, 0),
    "tilt-up": (1.25, 1.25, 0, 0, 1, -1),
    "tilt-down": (1.25, 1.25, 0, 0, -1, 1),
    "tracking": (1.2, 1.2, -1, 1, 0, 0),
    "handheld": (1.1, 1.1, 0, 0, 0, 0),
}


def _ease(p: float) -> float:
    return p * p * (3 - 2 * p)


def camera_path(
    movement: str, src: tuple[int, int], out: tuple[int, int], seed: int = 0
) -> Callable[[float], tuple[float, float, float, float]]:
    """Return progress (0..1) -> crop box in the still for this movement, keeping the output's aspect."""
    sw, sh = src
    aspect = out[0] / out[1]
    bw, bh = (sw, sw / aspect) if sw / sh <= aspect else (sh * aspect, sh)
    z0, z1, x0, x1, y0, y1 = _MOVES[movement]
    phase = (seed % 997) / 997 * math.tau

    def box(p: float) -> tuple[float, float, float, float]:
        # A tracking shot moves at constant speed; operated moves ease in and out.
        q = p if movement == "tracking" else _ease(p)
        z = z0 + (z1 - z0) * q
        w, h = bw / z, bh / z
        tx, ty = x0 + (x1 - x0) * q, y0 + (y1 - y0) * q
        if movement == "handheld":
            tx = 0.35 * math.sin(p * 11.0 + phase) + 0.15 * math.sin(p * 29.0 + 2 * phase)
            ty = 0.35 * math.sin(p * 13.0 + 3 * phase) + 0.15 * math.sin(p * 23.0 + phase)
        cx = sw / 2 + tx * (sw - w) / 2
        cy = sh / 2 + ty * (sh - h) / 2
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    return box


def _even(n: float) -> int:
    return max(2, int(n) // 2 * 2)


def _load_still(request: VideoRequest) -> Image.Image:
    try:
        data = Path(request.still_path).read_bytes()
    except OSError as exc:
        raise GenerationError(f"The still {request.still_path} cannot be read.") from exc
    if hashlib.sha256(data).hexdigest() != request.still_sha256:
        raise GenerationError(f"The still {request.still_path} does not match its sha256; it was changed.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.convert("RGB")
    except (OSError, ValueError) as exc:
        raise GenerationError(f"The still {request.still_path} is not a readable image.") from exc


class OfflineVideoGenerator(Keyed):
    """Make a short H.264 MP4 by moving a virtual camera over the approved still (draft)."""

    kind = "video"
    provider = "offline"
    model = "moviepy-camera-move-v1"

    def __init__(self, *, prices: PriceTable | None = None, crf: int = 20) -> None:
        self._prices = prices
        self._crf = crf

    def _encode(self, still: Image.Image, request: VideoRequest, size: tuple[int, int]) -> bytes:
        from moviepy import VideoClip  # heavy import; only the video path pays for it

        path = camera_path(request.movement, still.size, size, request.seed)
        duration = request.duration_s

        def frame(t: float) -> np.ndarray:
            box = path(min(1.0, t / duration))
            return np.asarray(still.resize(size, Image.Resampling.BILINEAR, box=box))

        clip = VideoClip(frame_function=frame, duration=duration)
        with tempfile.TemporaryDirectory(prefix="reelsmith-clip-") as tmp:
            out = Path(tmp) / "clip.mp4"
            clip.write_videofile(
                str(out),
                fps=request.fps,
                codec="libx264",
                audio=False,
                preset="veryfast",
                threads=1,
                pixel_format="yuv420p",
                # bitexact + no metadata: no encoder version strings or creation times in the file.
                ffmpeg_params=[
                    "-crf",
                    str(self._crf),
                    "-movflags",
                    "+faststart",
                    "-fflags",
                    "+bitexact",
                    "-map_metadata",
                    "-1",
                ],
                logger=None,
            )
            clip.close()
            return out.read_bytes()

    def generate(self, request: VideoRequest) -> GeneratedMedia:
        """Render the clip and return MP4 bytes with full metadata."""
        still = _load_still(request)
        size = (_even(request.width or still.width), _even(request.height or still.height))
        try:
            data = self._encode(still, request, size)
        except (OSError, RuntimeError) as exc:
            raise GenerationError(f"Encoding the draft clip failed: {exc.__class__.__name__}.") from exc
        params = {
            "fps": request.fps,
            "width": size[0],
            "height": size[1],
            "movement": request.movement,
            "codec": "h264",
        }
        meta = media_metadata(
            provider=self.provider,
            model=self.model,
            prompt=request.prompt,
            prompt_parts={"prompt": request.prompt, "movement": request.movement},
            params=params,
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=round(math.floor(request.duration_s * request.fps) / request.fps, 6),
            parent_assets=[request.still_sha256],
            request_hash=self.request_hash(request),
            draft=True,
            fps=request.fps,
            width=size[0],
            height=size[1],
        )
        return GeneratedMedia(data=data, mime="video/mp4", extension=".mp4", metadata=meta)
