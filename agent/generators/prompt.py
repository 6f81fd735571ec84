"""Build the generation prompt for a shot from its card, cast, location, props and art direction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from agent.generators.requests import ImageRequest, RefImage, ShotSpec

__all__ = [
    "DEFAULT_NEGATIVE",
    "ShotPrompt",
    "build_shot_prompt",
    "colour_name",
    "image_request_for_shot",
    "movement_phrase",
    "prompt_parts",
]

DEFAULT_NEGATIVE = "text, captions, watermark, logo, extra limbs, deformed hands, disfigured face, blurry"

_SHOT_WORDS = {
    "extreme-wide": "extreme wide shot",
    "wide": "wide establishing shot",
    "medium": "medium shot, waist up",
    "close-up": "close-up on the face",
    "insert": "insert shot, tight detail",
    "over-the-shoulder": "over-the-shoulder shot",
    "two-shot": "two-shot, both characters in frame",
}
_ANGLE_WORDS = {
    "eye-level": "eye-level camera",
    "high": "high angle looking down",
    "low": "low angle looking up",
    "overhead": "overhead top-down view",
    "dutch": "dutch angle, tilted horizon",
}
_MOVE_WORDS = {
    "static": "locked-off camera",
    "pan-left": "camera panning left",
    "pan-right": "camera panning right",
    "tilt-up": "camera tilting up",
    "tilt-down": "camera tilting down",
    "dolly-in": "camera dollying in",
    "dolly-out": "camera dollying out",
    "zoom-in": "slow zoom in",
    "zoom-out": "slow zoom out",
    "tracking": "tracking shot following the action",
    "handheld": "handheld camera, slight shake",
}
# A small named palette: image models read "teal" far better than "#1f7a7a".
_NAMED_COLOURS = {
    "black": (0, 0, 0),
    "charcoal": (54, 54, 54),
    "grey": (128, 128, 128),
    "white": (245, 245, 245),
    "cream": (240, 228, 200),
    "red": (200, 30, 30),
    "crimson": (140, 20, 40),
    "orange": (235, 130, 30),
    "amber": (255, 176, 0),
    "ochre": (190, 140, 50),
    "yellow": (240, 220, 60),
    "olive": (110, 110, 40),
    "green": (40, 150, 60),
    "forest green": (30, 80, 40),
    "teal": (30, 120, 120),
    "cyan": (60, 200, 220),
    "sky blue": (120, 180, 230),
    "blue": (40, 80, 200),
    "navy": (20, 30, 70),
    "purple": (110, 50, 150),
    "magenta": (200, 40, 150),
    "pink": (240, 160, 180),
    "brown": (110, 70, 40),
    "beige": (215, 195, 160),
}


class ShotPrompt(BaseModel):
    """A built prompt and the parts it was made of (stored in the asset's metadata)."""

    model_config = ConfigDict(frozen=True)

    prompt: str = Field(description="The full prompt sent to the model.")
    negative_prompt: str = Field(description="What the model must avoid.")
    parts: dict[str, str] = Field(description="Named pieces of the prompt, in order.")


def colour_name(hex_colour: str) -> str:
    """Name the nearest colour of a small palette for a '#rrggbb' string."""
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return min(
        _NAMED_COLOURS, key=lambda n: sum((a - b) ** 2 for a, b in zip(_NAMED_COLOURS[n], rgb, strict=True))
    )


def movement_phrase(movement: str) -> str:
    """Say a camera movement the way a prompt should ('camera dollying in')."""
    return _MOVE_WORDS.get(movement, movement)


def _framing(spec: ShotSpec) -> str:
    words = [_SHOT_WORDS[spec.shot_type], _ANGLE_WORDS[spec.angle], _MOVE_WORDS[spec.movement]]
    if spec.lens_mm:
        words.append(f"{spec.lens_mm}mm lens")
    return ", ".join(words)


def _characters(spec: ShotSpec) -> str:
    looks = []
    for c in spec.characters:
        look = f"{c.name}: {c.description.strip()}" if c.description.strip() else c.name
        if c.wardrobe.strip():
            look += f", wearing {c.wardrobe.strip()}"
        if c.reference_sha256:
            look += f" (same face, hair and wardrobe as {c.name}'s reference image)"
        looks.append(look)
    return "; ".join(looks)


def _location(spec: ShotSpec) -> str:
    loc = spec.location
    if loc is None:
        return ""
    text = f"{loc.name}: {loc.description.strip()}" if loc.description.strip() else loc.name
    if loc.reference_sha256:
        text += " (match the location reference image)"
    return text


_SETTING_WORDS = {"INT": "interior", "EXT": "exterior", "INT/EXT": "interior looking out"}
_LIGHT_WORDS = {"NIGHT": "at night, dark sky, practical lights", "DAWN": "at dawn, low pink light",
                "DUSK": "at dusk, low orange light", "SUNSET": "at sunset, low orange light",
                "SUNRISE": "at sunrise, low pink light", "DAY": "in daylight"}


def _setting(spec: ShotSpec) -> str:
    words = [_SETTING_WORDS.get(spec.setting or "", ""), _LIGHT_WORDS.get(spec.time_of_day or "", "")]
    return ", ".join(w for w in words if w)


def _style(spec: ShotSpec) -> tuple[str, str]:
    art = spec.art_direction
    palette = ""
    if art.palette:
        names = list(dict.fromkeys(colour_name(c) for c in art.palette))
        palette = "colour palette of " + ", ".join(names)
    style = ", ".join(s for s in (art.style.strip(), art.notes.strip()) if s)
    return style, palette


_CHANGE_CHARS = 240
"""How much of each side of a rewrite a prompt quotes: enough to say what changed, short enough for an image model."""


def _scene_change(spec: ShotSpec) -> str:
    """Say what a rewrite changed in the shot's scene: the blocks only the old text has, and only the new one."""
    change = spec.scene_change
    if change is None:
        return ""

    def blocks(text: str) -> list[str]:
        return [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]

    old, new = blocks(change.before), blocks(change.after)
    gone = " / ".join(b for b in old if b not in new)[:_CHANGE_CHARS]
    came = " / ".join(b for b in new if b not in old)[:_CHANGE_CHARS]
    if not gone and not came:
        return ""
    return f"the scene was rewritten; before: {gone or '(nothing)'}; now: {came or '(nothing)'}"


def build_shot_prompt(spec: ShotSpec, *, extra_negative: str = "") -> ShotPrompt:
    """Build the prompt for a shot so each character's and the location's look is in every shot."""
    style, palette = _style(spec)
    candidates: list[tuple[str, str]] = [
        ("framing", _framing(spec)),
        ("subject", spec.description.strip()),
        ("characters", _characters(spec)),
        ("location", _location(spec)),
        ("setting", _setting(spec)),
        ("props", ("visible props: " + ", ".join(spec.props)) if spec.props else ""),
        ("look", spec.look.strip()),
        ("style", style),
        ("palette", palette),
        ("revision", f"revision note: {spec.note.strip()}" if spec.note and spec.note.strip() else ""),
        ("scene_change", _scene_change(spec)),
    ]
    parts = {name: text for name, text in candidates if text}
    prompt = ". ".join(t.rstrip(". ") for t in parts.values()) + "."
    negative = ", ".join(s for s in (DEFAULT_NEGATIVE, extra_negative.strip()) if s)
    return ShotPrompt(prompt=prompt, negative_prompt=negative, parts=parts)


def _reference_shas(spec: ShotSpec) -> list[str]:
    shas = [c.reference_sha256 for c in spec.characters if c.reference_sha256]
    if spec.location and spec.location.reference_sha256:
        shas.append(spec.location.reference_sha256)
    return list(dict.fromkeys(shas))


def image_request_for_shot(
    spec: ShotSpec,
    *,
    reference_paths: Mapping[str, Path] | None = None,
    width: int = 1280,
    height: int = 720,
    seed: int = 0,
    extra_negative: str = "",
) -> ImageRequest:
    """Make the ImageRequest for a shot, with the approved reference images found in reference_paths."""
    built = build_shot_prompt(spec, extra_negative=extra_negative)
    paths = reference_paths or {}
    refs: Iterable[RefImage] = (
        RefImage(sha256=s, path=paths[s]) for s in _reference_shas(spec) if s in paths
    )
    return ImageRequest(
        prompt=built.prompt,
        negative_prompt=built.negative_prompt,
        width=width,
        height=height,
        seed=seed,
        reference_images=list(refs),
        spec=spec,
    )


def prompt_parts(request: ImageRequest) -> dict[str, str]:
    """Return the named parts behind a request's prompt, flagging a prompt edited by hand."""
    if request.spec is None:
        return {"prompt": request.prompt}
    built = build_shot_prompt(request.spec)
    parts = dict(built.parts)
    if built.prompt != request.prompt:
        parts["edited_prompt"] = request.prompt
    return parts
