"""The generator contracts: one Protocol per medium, the result type, and the error type."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from agent.generators.costs import Kind, PriceTable, estimate_cost
from agent.generators.requests import ImageRequest, VideoRequest, VoiceRequest, request_hash

__all__ = [
    "GeneratedMedia",
    "GenerationError",
    "Keyed",
    "ImageGenerator",
    "VideoGenerator",
    "VoiceGenerator",
    "METADATA_KEYS",
    "media_metadata",
]

METADATA_KEYS = (
    "provider",
    "model",
    "prompt",
    "prompt_parts",
    "params",
    "seed",
    "cost_usd",
    "duration_s",
    "parent_assets",
    "request_hash",
    "draft",
)
"""Keys every GeneratedMedia.metadata carries (providers may add more, e.g. ``subtitle``)."""


class GenerationError(RuntimeError):
    """A generation failed; the message is one clear sentence with no secrets in it."""


class GeneratedMedia(BaseModel):
    """Bytes a generator made plus everything needed to store and reproduce them."""

    model_config = ConfigDict(frozen=True)

    data: bytes = Field(repr=False, description="The file's bytes.")
    mime: str = Field(description="MIME type sniffed from the bytes, e.g. 'image/png'.")
    extension: str = Field(description="File extension with the dot, e.g. '.png'.")
    metadata: dict[str, Any] = Field(description="provider, model, prompt, params, seed, cost, ...")


def media_metadata(
    *,
    provider: str,
    model: str,
    prompt: str,
    prompt_parts: dict[str, Any],
    params: dict[str, Any],
    seed: int,
    cost_usd: float,
    duration_s: float | None,
    parent_assets: list[str],
    request_hash: str,
    draft: bool,
    **extra: Any,
) -> dict[str, Any]:
    """Build the metadata dict every result carries, with the keys in METADATA_KEYS first."""
    meta: dict[str, Any] = {
        "provider": provider,
        "model": model,
        "prompt": prompt,
        "prompt_parts": prompt_parts,
        "params": params,
        "seed": seed,
        "cost_usd": round(cost_usd, 6),
        "duration_s": duration_s,
        "parent_assets": parent_assets,
        "request_hash": request_hash,
        "draft": draft,
    }
    meta.update(extra)
    return meta


class Keyed:
    """Give a generator its request hash and cost estimate, both known before any call is made."""

    provider: str
    model: str
    kind: Kind
    _prices: PriceTable | None = None

    def model_for(self, request: Any) -> str:
        """Name the model this request goes to (a reference image may pick another one)."""
        return self.model

    def request_hash(self, request: Any) -> str:
        """Return the idempotency key: look it up in the store before generating."""
        return request_hash(self.provider, self.model_for(request), request)

    def estimate_cost(self, request: Any) -> float:
        """Return the USD estimate for this request, for the budget check before generating."""
        return estimate_cost(self.kind, self.provider, self.model_for(request), request, prices=self._prices)


@runtime_checkable
class ImageGenerator(Protocol):
    """Make a still from an ImageRequest."""

    provider: str
    model: str

    def request_hash(self, request: ImageRequest) -> str:
        """Return the idempotency key of a request without generating anything."""
        ...

    def estimate_cost(self, request: ImageRequest) -> float:
        """Return the USD estimate of a request."""
        ...

    def generate(self, request: ImageRequest) -> GeneratedMedia:
        """Generate one image or raise GenerationError."""
        ...


@runtime_checkable
class VideoGenerator(Protocol):
    """Make a motion clip from a VideoRequest."""

    provider: str
    model: str

    def request_hash(self, request: VideoRequest) -> str:
        """Return the idempotency key of a request without generating anything."""
        ...

    def estimate_cost(self, request: VideoRequest) -> float:
        """Return the USD estimate of a request."""
        ...

    def generate(self, request: VideoRequest) -> GeneratedMedia:
        """Generate one clip or raise GenerationError."""
        ...


@runtime_checkable
class VoiceGenerator(Protocol):
    """Speak a line from a VoiceRequest."""

    provider: str
    model: str

    def request_hash(self, request: VoiceRequest) -> str:
        """Return the idempotency key of a request without generating anything."""
        ...

    def estimate_cost(self, request: VoiceRequest) -> float:
        """Return the USD estimate of a request."""
        ...

    def generate(self, request: VoiceRequest) -> GeneratedMedia:
        """Generate one audio file or raise GenerationError."""
        ...
