"""Replicate generators: text-to-image, image-with-reference and image-to-video."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from agent.generators.base import GeneratedMedia, GenerationError, Keyed, media_metadata
from agent.generators.costs import PriceTable
from agent.generators.prompt import movement_phrase, prompt_parts
from agent.generators.replicate_client import ReplicateOptions, ReplicateOutput, ReplicateRunner
from agent.generators.requests import ImageRequest, RefImage, VideoRequest
from agent.generators.sniff import sniff_mime

__all__ = ["ReplicateImageGenerator", "ReplicateVideoGenerator", "image_inputs", "video_inputs"]

# Aspect ratios every FLUX text and Kontext model accepts.
_FLUX_RATIOS = ("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21")
_WAN_FPS = 16


def _aspect(width: int, height: int) -> str:
    target = width / height
    return min(_FLUX_RATIOS, key=lambda r: abs(int(r.split(":")[0]) / int(r.split(":")[1]) - target))


def _read_reference(ref: RefImage | None, label: str) -> io.BytesIO | None:
    """Read a reference image and check it is the asset it claims to be; name it so its MIME type travels."""
    if ref is None:
        return None
    try:
        data = Path(ref.path).read_bytes()
    except OSError as exc:
        raise GenerationError(f"The {label} {ref.path} cannot be read.") from exc
    if hashlib.sha256(data).hexdigest() != ref.sha256:
        raise GenerationError(f"The {label} {ref.path} does not match its sha256; it was changed.")
    mime = sniff_mime(data) or ""
    if not mime.startswith("image/"):
        raise GenerationError(f"The {label} {ref.path} is not an image.")
    buf = io.BytesIO(data)
    buf.name = "reference" + {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}.get(
        mime, ".png"
    )
    return buf


def image_inputs(model: str, request: ImageRequest, reference: io.BytesIO | None) -> dict[str, Any]:
    """Map an ImageRequest onto a model's input schema (FLUX family, else a generic width/height schema)."""
    if "flux" in model:
        # FLUX has no negative prompt and sizes by aspect ratio.
        inputs: dict[str, Any] = {
            "prompt": request.prompt,
            "aspect_ratio": _aspect(request.width, request.height),
            "output_format": "png",
            "seed": request.seed,
        }
        if reference is not None:
            inputs["input_image"] = reference
        return inputs
    inputs = {
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "width": request.width,
        "height": request.height,
        "seed": request.seed,
    }
    if reference is not None:
        inputs["image"] = reference
    return inputs


def video_inputs(model: str, request: VideoRequest, still: io.BytesIO) -> dict[str, Any]:
    """Map a VideoRequest onto an image-to-video model's input schema (Wan family, else generic)."""
    prompt = ", ".join(p for p in (request.prompt.strip(), movement_phrase(request.movement)) if p)
    if "wan" in model:
        frames = min(121, max(81, round(request.duration_s * _WAN_FPS) + 1))
        return {
            "image": still,
            "prompt": prompt,
            "num_frames": frames,
            "frames_per_second": _WAN_FPS,
            "resolution": "720p",
            "seed": request.seed,
        }
    return {
        "image": still,
        "prompt": prompt,
        "duration": request.duration_s,
        "fps": request.fps,
        "seed": request.seed,
    }


def _encoded_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """Keep inputs for metadata, with file objects replaced by a marker (the hashes are in parent_assets)."""
    return {k: ("<reference image>" if isinstance(v, io.IOBase) else v) for k, v in inputs.items()}


class ReplicateImageGenerator(Keyed):
    """Text-to-image with one model; image-with-reference (consistency) with the ref model."""

    kind = "image"
    provider = "replicate"

    def __init__(
        self, *, options: ReplicateOptions, model: str, ref_model: str, prices: PriceTable | None = None
    ) -> None:
        self.model = model
        self.ref_model = ref_model
        self._runner = ReplicateRunner(options)
        self._prices = prices

    def model_for(self, request: ImageRequest) -> str:
        """Send requests with reference images to the reference model."""
        return self.ref_model if request.reference_images else self.model

    def generate(self, request: ImageRequest) -> GeneratedMedia:
        """Generate one still; the first reference image (the lead character's) steers consistency."""
        model = self.model_for(request)
        ref = request.reference_images[0] if request.reference_images else None
        inputs = image_inputs(model, request, _read_reference(ref, "reference image"))
        out = self._runner.run(model, inputs, family="image")
        return self._media(out, model, request, inputs)

    def _media(
        self, out: ReplicateOutput, model: str, request: ImageRequest, inputs: dict[str, Any]
    ) -> GeneratedMedia:
        meta = media_metadata(
            provider=self.provider,
            model=model,
            prompt=request.prompt,
            prompt_parts=prompt_parts(request),
            params=_encoded_params(inputs),
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=None,
            parent_assets=[r.sha256 for r in request.reference_images],
            request_hash=self.request_hash(request),
            draft=False,
            prediction_id=out.prediction_id,
            predict_time_s=out.predict_time_s,
            reference_sent=request.reference_images[0].sha256 if request.reference_images else None,
        )
        return GeneratedMedia(data=out.data, mime=out.mime, extension=out.extension, metadata=meta)

    def close(self) -> None:
        """Close HTTP connections."""
        self._runner.close()


class ReplicateVideoGenerator(Keyed):
    """Image-to-video with settings.replicate_video_model, starting from the approved still."""

    kind = "video"
    provider = "replicate"

    def __init__(self, *, options: ReplicateOptions, model: str, prices: PriceTable | None = None) -> None:
        self.model = model
        self._runner = ReplicateRunner(options)
        self._prices = prices

    def generate(self, request: VideoRequest) -> GeneratedMedia:
        """Animate the still and return the verified video."""
        still = _read_reference(RefImage(sha256=request.still_sha256, path=request.still_path), "still")
        assert still is not None
        inputs = video_inputs(self.model, request, still)
        out = self._runner.run(self.model, inputs, family="video")
        duration = request.duration_s
        if "num_frames" in inputs:
            duration = round(inputs["num_frames"] / inputs["frames_per_second"], 3)
        meta = media_metadata(
            provider=self.provider,
            model=self.model,
            prompt=inputs["prompt"],
            prompt_parts={"prompt": request.prompt, "movement": movement_phrase(request.movement)},
            params=_encoded_params(inputs),
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=duration,
            parent_assets=[request.still_sha256],
            request_hash=self.request_hash(request),
            draft=False,
            prediction_id=out.prediction_id,
            predict_time_s=out.predict_time_s,
        )
        return GeneratedMedia(data=out.data, mime=out.mime, extension=out.extension, metadata=meta)

    def close(self) -> None:
        """Close HTTP connections."""
        self._runner.close()
