"""Request models for generation: the shot spec, image/video/voice requests, and their hash."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ArtDirectionRef",
    "CharacterRef",
    "ImageRequest",
    "LocationRef",
    "Movement",
    "RefImage",
    "SceneChange",
    "Setting",
    "ShotSpec",
    "ShotType",
    "Angle",
    "VideoRequest",
    "VoiceRequest",
    "request_hash",
]

ShotType = Literal["extreme-wide", "wide", "medium", "close-up", "insert", "over-the-shoulder", "two-shot"]
Angle = Literal["eye-level", "high", "low", "overhead", "dutch"]
Movement = Literal[
    "static",
    "pan-left",
    "pan-right",
    "tilt-up",
    "tilt-down",
    "dolly-in",
    "dolly-out",
    "zoom-in",
    "zoom-out",
    "tracking",
    "handheld",
]

Setting = Literal["INT", "EXT", "INT/EXT"]

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_sha(value: str | None) -> str | None:
    if value is not None and not _SHA256.match(value):
        raise ValueError("must be a lowercase 64-character sha256 hex digest")
    return value


class CharacterRef(_Frozen):
    """A character appearing in a shot, with the look every shot of her must keep."""

    name: str = Field(min_length=1, description="Character name as written in the screenplay.")
    description: str = Field("", description="Visual description: age, build, hair, wardrobe.")
    reference_sha256: str | None = Field(None, description="Approved reference image (asset sha256).")
    wardrobe: str = Field("", description="The costume(s) worn in this scene, if the project has any.")

    _sha = field_validator("reference_sha256")(_check_sha)


class LocationRef(_Frozen):
    """The place a shot happens, with its look."""

    name: str = Field(min_length=1, description="Location name, e.g. 'LIGHTHOUSE - NIGHT'.")
    description: str = Field("", description="Visual description of the place.")
    reference_sha256: str | None = Field(None, description="Approved reference image (asset sha256).")

    _sha = field_validator("reference_sha256")(_check_sha)


class ArtDirectionRef(_Frozen):
    """The film's look: style words, palette and notes."""

    style: str = Field("", description="Style words, e.g. 'moody noir, 35mm film grain'.")
    palette: list[str] = Field(default_factory=list, description="Colours as '#rrggbb'.")
    notes: str = Field("", description="Free notes on lighting, texture, references.")

    @field_validator("palette")
    @classmethod
    def _hex_palette(cls, value: list[str]) -> list[str]:
        bad = [c for c in value if not _HEX_COLOUR.match(c)]
        if bad:
            raise ValueError(f"palette colours must be '#rrggbb', got {bad[0]!r}")
        return [c.lower() for c in value]


class SceneChange(_Frozen):
    """A scene's text before and after a rewrite: what a still redone because of the rewrite is told."""

    before: str = Field(description="The scene's text the old shot cards were drawn from.")
    after: str = Field(description="The scene's text now.")


class ShotSpec(_Frozen):
    """Everything a shot card says about one shot, enough to draw or prompt it."""

    scene_number: int = Field(ge=0, description="Scene number in the screenplay.")
    shot_number: int = Field(ge=0, description="Shot number within the scene.")
    description: str = Field(min_length=1, description="What the shot shows.")
    shot_type: ShotType = Field("medium", description="Framing.")
    angle: Angle = Field("eye-level", description="Camera angle.")
    movement: Movement = Field("static", description="Camera movement.")
    lens_mm: int | None = Field(None, gt=0, le=2000, description="Focal length in mm.")
    characters: list[CharacterRef] = Field(default_factory=list, description="Who is in frame.")
    location: LocationRef | None = Field(None, description="Where the shot happens.")
    props: list[str] = Field(default_factory=list, description="Props that must be visible.")
    art_direction: ArtDirectionRef = Field(default_factory=ArtDirectionRef, description="The film's look.")
    note: str | None = Field(None, description="Feedback on a rejected attempt; goes into the prompt.")
    setting: Setting | None = Field(None, description="INT, EXT or INT/EXT, from the scene heading.")
    time_of_day: str | None = Field(None, max_length=20, description="NIGHT, DAY, DAWN, DUSK... from the heading.")
    duration_s: float = Field(3.0, gt=0, le=600, description="Planned shot length in seconds.")
    scene_change: SceneChange | None = Field(None, description="The scene before and after a rewrite, when the still "
                                             "is made again because of it; the prompt says what changed.")
    look: str = Field("", max_length=2000, description="The cinematography look's lighting and references, if any.")


class RefImage(_Frozen):
    """A reference image on disk, identified by its content hash."""

    sha256: str = Field(description="Content hash of the image (the asset id).")
    path: Path = Field(description="Where the image file is; not part of the request hash.")

    _sha = field_validator("sha256")(_check_sha)


class ImageRequest(_Frozen):
    """Ask for one still."""

    prompt: str = Field(min_length=1, description="Generation prompt (see build_shot_prompt).")
    negative_prompt: str = Field("", description="What must not appear.")
    width: int = Field(1280, ge=64, le=4096, description="Width in pixels.")
    height: int = Field(720, ge=64, le=4096, description="Height in pixels.")
    seed: int = Field(0, ge=0, lt=2**32, description="Seed; same request and seed give the same asset.")
    reference_images: list[RefImage] = Field(default_factory=list, description="Consistency references.")
    spec: ShotSpec | None = Field(None, description="The shot card, when the still is a shot frame.")


class VideoRequest(_Frozen):
    """Ask for a motion clip made from an approved still."""

    still_path: Path = Field(description="Path of the approved still.")
    still_sha256: str = Field(description="Content hash of the still (parent asset).")
    prompt: str = Field("", description="Motion prompt.")
    duration_s: float = Field(3.0, gt=0, le=30, description="Clip length in seconds.")
    fps: int = Field(24, ge=1, le=60, description="Frames per second.")
    movement: Movement = Field("static", description="Camera movement to simulate or ask for.")
    seed: int = Field(0, ge=0, lt=2**32, description="Seed.")
    width: int | None = Field(None, ge=64, le=4096, description="Output width; default the still's.")
    height: int | None = Field(None, ge=64, le=4096, description="Output height; default the still's.")

    _sha = field_validator("still_sha256")(_check_sha)


class VoiceRequest(_Frozen):
    """Ask for one spoken line."""

    text: str = Field(min_length=1, max_length=5000, description="The line to speak.")
    character: str = Field(min_length=1, description="Who speaks it; picks the voice when none is given.")
    voice_id: str | None = Field(None, description="Provider voice id for this character, if cast.")
    profile: str = Field("", max_length=300, description="How the character sounds ('low and dry'), if set.")
    seed: int = Field(0, ge=0, lt=2**32, description="Seed.")


def _hash_parts(request: ImageRequest | VideoRequest | VoiceRequest) -> tuple[str, dict[str, Any], list[str]]:
    """Split a request into prompt, params and reference hashes (paths are not content)."""
    if isinstance(request, ImageRequest):
        params = request.model_dump(mode="json", exclude={"prompt", "seed", "reference_images"})
        return request.prompt, params, sorted(r.sha256 for r in request.reference_images)
    if isinstance(request, VideoRequest):
        params = request.model_dump(mode="json", exclude={"prompt", "seed", "still_path", "still_sha256"})
        return request.prompt, params, [request.still_sha256]
    # No profile hashes as before profiles existed: takes recorded then are still found by their hash.
    params = request.model_dump(mode="json", exclude={"text", "seed"} | (set() if request.profile else {"profile"}))
    return request.text, params, []


def request_hash(provider: str, model: str, request: ImageRequest | VideoRequest | VoiceRequest) -> str:
    """Return the sha256 of a request: same provider, model, prompt, params, refs and seed, same hash."""
    prompt, params, refs = _hash_parts(request)
    payload = {
        "kind": type(request).__name__,
        "provider": provider,
        "model": model,
        "prompt": prompt,
        "params": params,
        "references": refs,
        "seed": request.seed,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
