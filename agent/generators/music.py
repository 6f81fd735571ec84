"""Music for the film: a score generated on Replicate (MusicGen) when a token is set, else a drafted placeholder.

The draft is honest about what it is: a quiet synthesised pad (a held chord, minor for a dark brief, major
otherwise) of the asked length, labelled draft, so the film-maker can place a bed and hear the ducking before
paying for a real score. It is never presented as composed music.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import wave
from typing import Any, Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agent.generators.base import GeneratedMedia, media_metadata
from agent.generators.costs import PriceError, PriceTable, load_prices
from agent.generators.replicate_client import ReplicateOptions, ReplicateRunner

__all__ = ["MusicRequest", "MusicGenerator", "OfflineMusicGenerator", "ReplicateMusicGenerator", "music_inputs",
           "MAX_MUSIC_S", "DRAFT_LABEL"]

MAX_MUSIC_S = 300
"""The longest track one request asks for (MusicGen's own limit is lower per call on most versions)."""
DRAFT_LABEL = "draft music placeholder (a synthesised pad, not composed music)"
_RATE = 22_050
_DARK = re.compile(r"\b(?:dark|sad|tense|grim|bleak|ominous|melanchol\w*|minor|eerie|creep\w*|sombre|somber|noir|"
                   r"lonely|mournful|haunting)\b", re.I)


class MusicRequest(BaseModel):
    """Ask for one music track."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str = Field(min_length=1, max_length=500, description="What the music sounds like.")
    duration_s: int = Field(ge=1, le=MAX_MUSIC_S, description="Length in whole seconds.")
    seed: int = Field(0, ge=0, lt=2**32, description="Seed.")


@runtime_checkable
class MusicGenerator(Protocol):
    """Make a music track from a MusicRequest."""

    provider: str
    model: str

    def request_hash(self, request: MusicRequest) -> str:
        """Return the idempotency key of a request without generating anything."""
        ...

    def estimate_cost(self, request: MusicRequest) -> float:
        """Return the USD estimate of a request."""
        ...

    def generate(self, request: MusicRequest) -> GeneratedMedia:
        """Generate one audio file or raise GenerationError."""
        ...


class _Music:
    provider: str
    model: str
    _prices: PriceTable | None = None

    def request_hash(self, request: MusicRequest) -> str:
        """Return the idempotency key: provider, model and the whole request."""
        body = json.dumps([self.provider, self.model, request.model_dump(mode="json")], sort_keys=True)
        return hashlib.sha256(body.encode()).hexdigest()

    def estimate_cost(self, request: MusicRequest) -> float:
        """Return the USD estimate: the model's price per second of music (0 when the table has none for it)."""
        table = self._prices if self._prices is not None else load_prices()
        models = table.get(self.provider) or {}
        for key in (self.model, "*"):
            price = (models.get(key) or {}).get("per_second_music")
            if price is not None:
                return round(price * request.duration_s, 6)
        if self.provider == "offline":
            return 0.0
        raise PriceError(f"No per second music price for {self.provider}/{self.model}.")


def _pad(prompt: str, seconds: int, seed: int) -> bytes:
    """Synthesise a quiet held chord with slow swells: mono 16-bit WAV."""
    t = np.arange(int(seconds * _RATE), dtype=np.float64) / _RATE
    root = 110.0 * 2 ** ((seed % 5) / 12)
    third = 3 if _DARK.search(prompt) else 4
    wave_sum = sum(np.sin(2 * math.pi * root * 2 ** (step / 12) * t) / (i + 1.5)
                   for i, step in enumerate((0, third, 7, 12)))
    swell = 0.6 + 0.4 * np.sin(2 * math.pi * t / 8.0 - math.pi / 2)
    fade = np.minimum(1.0, np.minimum(t / 1.5, (seconds - t) / 1.5))
    samples = np.clip(wave_sum * swell * fade * 0.25, -1.0, 1.0)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return buf.getvalue()


class OfflineMusicGenerator(_Music):
    """Draft a placeholder bed offline (see the module docstring); free, and labelled draft."""

    provider = "offline"
    model = "draft-pad"

    def __init__(self, *, prices: PriceTable | None = None) -> None:
        self._prices = prices

    def generate(self, request: MusicRequest) -> GeneratedMedia:
        """Return the drafted pad as WAV bytes."""
        meta = media_metadata(provider=self.provider, model=self.model, prompt=request.prompt,
                              prompt_parts={"prompt": request.prompt}, params={"duration": request.duration_s},
                              seed=request.seed, cost_usd=0.0, duration_s=float(request.duration_s), parent_assets=[],
                              request_hash=self.request_hash(request), draft=True, label=DRAFT_LABEL)
        return GeneratedMedia(data=_pad(request.prompt, request.duration_s, request.seed), mime="audio/wav",
                              extension=".wav", metadata=meta)


def music_inputs(model: str, request: MusicRequest) -> dict[str, Any]:
    """Return the Replicate inputs for a music request (MusicGen's names; other models take what they know)."""
    inputs: dict[str, Any] = {"prompt": request.prompt, "duration": request.duration_s, "output_format": "wav",
                              "normalization_strategy": "peak", "seed": request.seed}
    if model.startswith("meta/musicgen"):
        inputs["model_version"] = "stereo-large"
    return inputs


class ReplicateMusicGenerator(_Music):
    """Text-to-music with settings.replicate_music_model (MusicGen by default)."""

    provider = "replicate"

    def __init__(self, *, options: ReplicateOptions, model: str, prices: PriceTable | None = None) -> None:
        self.model = model
        self._runner = ReplicateRunner(options)
        self._prices = prices

    def generate(self, request: MusicRequest) -> GeneratedMedia:
        """Run the model and return the verified audio."""
        inputs = music_inputs(self.model, request)
        out = self._runner.run(self.model, inputs, family="audio")
        meta = media_metadata(provider=self.provider, model=self.model, prompt=request.prompt,
                              prompt_parts={"prompt": request.prompt}, params=dict(inputs), seed=request.seed,
                              cost_usd=self.estimate_cost(request), duration_s=float(request.duration_s),
                              parent_assets=[], request_hash=self.request_hash(request), draft=False,
                              prediction_id=out.prediction_id, predict_time_s=out.predict_time_s)
        return GeneratedMedia(data=out.data, mime=out.mime, extension=out.extension, metadata=meta)

    def close(self) -> None:
        """Close HTTP connections."""
        self._runner.close()
