"""Offline image generator: a deterministic Pillow storyboard frame per request (draft)."""

from __future__ import annotations

import io

from agent.generators.base import GeneratedMedia, GenerationError, Keyed, media_metadata
from agent.generators.costs import PriceTable
from agent.generators.prompt import prompt_parts
from agent.generators.requests import ImageRequest
from agent.generators.storyboard import draw_storyboard

__all__ = ["OfflineImageGenerator"]


class OfflineImageGenerator(Keyed):
    """Draw storyboard frames from the shot spec; the same request always gives the same PNG bytes."""

    kind = "image"
    provider = "offline"
    model = "pillow-storyboard-v1"

    def __init__(self, *, prices: PriceTable | None = None) -> None:
        self._prices = prices

    def generate(self, request: ImageRequest) -> GeneratedMedia:
        """Draw the frame and return PNG bytes with full metadata."""
        try:
            img = draw_storyboard(request.spec, request.prompt, request.width, request.height, request.seed)
        except (OSError, ValueError) as exc:
            raise GenerationError(f"Drawing the storyboard frame failed: {exc.__class__.__name__}.") from exc
        buf = io.BytesIO()
        # No pnginfo, no timestamps: identical pixels must give identical bytes.
        img.save(buf, format="PNG", compress_level=6)
        params = request.model_dump(mode="json", include={"negative_prompt", "width", "height"})
        meta = media_metadata(
            provider=self.provider,
            model=self.model,
            prompt=request.prompt,
            prompt_parts=prompt_parts(request),
            params=params,
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=None,
            parent_assets=[r.sha256 for r in request.reference_images],
            request_hash=self.request_hash(request),
            draft=True,
            width=request.width,
            height=request.height,
        )
        return GeneratedMedia(data=buf.getvalue(), mime="image/png", extension=".png", metadata=meta)
