"""Draw a storyboard frame from a shot spec with Pillow: framing, angle, movement, names, palette."""

from __future__ import annotations

import hashlib
import math
import random
import textwrap
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from agent.generators.requests import ShotSpec
from agent.generators.storyboard_marks import draw_movement
from agent.generators.storyboard_scenery import draw_exterior, draw_interior, night_like, sky_colours

__all__ = ["draw_storyboard", "DEFAULT_PALETTE"]

DEFAULT_PALETTE = ["#2b2d42", "#8d99ae", "#edf2f4", "#ef233c", "#f4a261"]
RGB = tuple[int, int, int]

# Figure height as a share of frame height; > 1 means the body runs out of frame (tighter framing).
_FIGURE_SCALE = {
    "extreme-wide": 0.14,
    "wide": 0.38,
    "medium": 1.15,
    "close-up": 2.3,
    "over-the-shoulder": 1.1,
    "two-shot": 1.0,
}
_HEAD_Y = {"medium": 0.36, "close-up": 0.4, "over-the-shoulder": 0.4, "two-shot": 0.38}
_HORIZON = {"eye-level": 0.5, "high": 0.28, "low": 0.74, "dutch": 0.5}


def _rgb(hex_colour: str) -> RGB:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _luma(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has only the fixed bitmap font
        return ImageFont.load_default()


def _stable_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@dataclass(frozen=True)
class _Look:
    sky: RGB
    ground: RGB
    ink: RGB
    paper: RGB
    accents: list[RGB]


def _look(palette: list[str]) -> _Look:
    cols = [_rgb(c) for c in (palette or DEFAULT_PALETTE)]
    by_luma = sorted(cols, key=_luma)
    dark, light = by_luma[0], by_luma[-1]
    sky = _mix(cols[0], (255, 255, 255), 0.35)
    ground = _mix(cols[1 % len(cols)], (0, 0, 0), 0.15)
    ink = dark if _luma(dark) < 90 else _mix(dark, (0, 0, 0), 0.6)
    return _Look(sky=sky, ground=ground, ink=ink, paper=_mix(light, (255, 255, 255), 0.5), accents=cols)


def _text_box(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, look: _Look) -> None:
    font = _font(size)
    left, top, right, bottom = draw.textbbox(xy, text, font=font)
    pad = max(3, size // 4)
    draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=look.paper, outline=look.ink)
    draw.text(xy, text, font=font, fill=look.ink)


def _draw_ground(
    draw: ImageDraw.ImageDraw, spec: ShotSpec | None, w: int, h: int, look: _Look, rng: random.Random
) -> float:
    angle = spec.angle if spec else "eye-level"
    if angle == "overhead":
        draw.rectangle((0, 0, w, h), fill=look.ground)
        step = max(24, w // 14)
        for col in range(0, w, step):
            draw.line((col, 0, col, h), fill=_mix(look.ground, look.ink, 0.2), width=1)
        for row in range(0, h, step):
            draw.line((0, row, w, row), fill=_mix(look.ground, look.ink, 0.2), width=1)
        return h * 0.5
    horizon = h * _HORIZON.get(angle, 0.5)
    time = spec.time_of_day if spec is not None else None
    sky = sky_colours(time, look.sky, look.paper)
    dark = 0.5 if night_like(time) else 0.2 if time in ("DAWN", "DUSK") else 0.0
    ground = _mix(look.ground, (0, 0, 0), dark)
    if spec is not None and spec.setting in ("INT", "INT/EXT"):
        draw_interior(draw, w, h, horizon, sky=sky, floor=ground, ink=look.ink, paper=look.paper, time=time)
        return horizon
    # A wider shot shows more of the place: taller buildings only in the tight ones, where they are close.
    wide = spec is None or spec.shot_type in ("extreme-wide", "wide", "two-shot", "over-the-shoulder")
    draw_exterior(draw, w, h, horizon, sky=sky, ground=ground, ink=look.ink, time=time, wide=wide, rng=rng)
    return horizon


def _draw_props(draw: ImageDraw.ImageDraw, spec: ShotSpec, w: int, h: int, look: _Look) -> None:
    """Mark the props the action names, the way a board artist labels an object in frame."""
    size = max(10, h // 34)
    for i, prop in enumerate(spec.props[:3]):
        x, y = w * (0.05 + 0.17 * i), h * 0.62
        box = (x, y, x + w * 0.05, y + w * 0.035)
        draw.rounded_rectangle(box, radius=max(2, size // 3), fill=look.accents[-1], outline=look.ink, width=2)
        _text_box(draw, (x, y - size * 1.6), textwrap.shorten(prop.upper(), 18, placeholder="."), size, look)


def _character_colour(name: str, look: _Look, avoid: list[RGB] | None = None) -> RGB:
    # Only colours that stand out from the ground, so a figure never vanishes into the floor.
    tints = look.accents + [_mix(c, look.ink, 0.5) for c in look.accents]
    tints += [_mix(c, look.paper, 0.6) for c in look.accents]
    visible = [c for c in tints if sum(abs(a - b) for a, b in zip(c, look.ground, strict=True)) > 120]
    choices = list(dict.fromkeys(visible)) or [look.paper]
    start = _stable_int(name) % len(choices)
    # Two people in one frame get two colours when the palette has them; the first free one wins.
    for i in range(len(choices)):
        colour = choices[(start + i) % len(choices)]
        if avoid is None or colour not in avoid:
            if avoid is not None:
                avoid.append(colour)
            return colour
    return choices[start]


def _draw_figure(
    draw: ImageDraw.ImageDraw, cx: float, feet: float, height: float, colour: RGB, look: _Look
) -> None:
    head_r = height * 0.11
    if head_r < 3:  # too small to draw limbs on a thumbnail-sized frame: a dot marks the person
        draw.ellipse((cx - 2, feet - height, cx + 2, feet), fill=colour)
        return
    head_cy = feet - height + head_r
    shoulder = head_cy + head_r * 1.3
    body = [
        (cx - head_r * 1.9, shoulder + head_r * 0.6),
        (cx + head_r * 1.9, shoulder + head_r * 0.6),
        (cx + head_r * 1.3, feet - height * 0.45),
        (cx - head_r * 1.3, feet - height * 0.45),
    ]
    outline_w = max(2, int(head_r / 10))
    draw.polygon(body, fill=colour, outline=look.ink, width=outline_w)
    draw.rounded_rectangle(
        (cx - head_r * 1.9, shoulder, cx + head_r * 1.9, shoulder + head_r * 1.6),
        radius=head_r * 0.7,
        fill=colour,
        outline=look.ink,
        width=outline_w,
    )
    legs = max(2, int(head_r * 0.9))
    draw.line((cx - head_r * 0.7, feet - height * 0.45, cx - head_r * 0.9, feet), fill=look.ink, width=legs)
    draw.line((cx + head_r * 0.7, feet - height * 0.45, cx + head_r * 0.9, feet), fill=look.ink, width=legs)
    draw.ellipse(
        (cx - head_r, head_cy - head_r, cx + head_r, head_cy + head_r),
        fill=_mix(colour, look.paper, 0.55),
        outline=look.ink,
        width=outline_w,
    )


def _draw_overhead_figure(
    draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: RGB, look: _Look
) -> None:
    draw.ellipse(
        (cx - r * 2.2, cy - r * 1.1, cx + r * 2.2, cy + r * 1.1), fill=colour, outline=look.ink, width=3
    )
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r), fill=_mix(colour, look.paper, 0.55), outline=look.ink, width=3
    )


def _draw_insert(draw: ImageDraw.ImageDraw, spec: ShotSpec, w: int, h: int, look: _Look) -> None:
    subject = spec.props[0] if spec.props else spec.description
    box = (w * 0.25, h * 0.25, w * 0.75, h * 0.72)
    draw.rounded_rectangle(box, radius=h * 0.05, fill=look.accents[-1], outline=look.ink, width=6)
    draw.line((box[0], box[1], box[2], box[3]), fill=look.ink, width=2)
    draw.line((box[0], box[3], box[2], box[1]), fill=look.ink, width=2)
    _text_box(draw, (w * 0.27, h * 0.27), textwrap.shorten(subject.upper(), 40), max(14, h // 24), look)


def _figure_slots(count: int, spec: ShotSpec, w: int, rng: random.Random) -> list[float]:
    if count == 1 and spec.shot_type in ("close-up", "medium"):
        return [w * rng.uniform(0.42, 0.58)]
    return [w * (i + 1) / (count + 1) + rng.uniform(-0.04, 0.04) * w for i in range(count)]


def _draw_cast(
    draw: ImageDraw.ImageDraw, spec: ShotSpec, w: int, h: int, horizon: float, look: _Look, rng: random.Random
) -> None:
    cast = list(spec.characters)
    label = max(14, h // 30)
    if spec.angle == "overhead":
        for i, c in enumerate(cast):
            cx = w * (i + 1) / (len(cast) + 1)
            cy = h * rng.uniform(0.4, 0.6)
            r = h * (0.09 if spec.shot_type in ("close-up", "medium") else 0.04)
            _draw_overhead_figure(draw, cx, cy, r, _character_colour(c.name, look), look)
            _text_box(draw, (cx - r, cy + r * 1.5), c.name.upper(), label, look)
        return
    if spec.shot_type == "over-the-shoulder" and cast:
        # The first character is seen from behind, big and cut by the frame edge.
        fg, cast = cast[0], cast[1:]
        side = w * (0.12 if rng.random() < 0.5 else 0.88)
        _draw_figure(
            draw, side, h * 2.2, h * 2.6, _mix(_character_colour(fg.name, look), look.ink, 0.5), look
        )
        _text_box(
            draw, (w * 0.1 if side < w / 2 else w * 0.7, h * 0.45), fg.name.upper() + " (OTS)", label, look
        )
    scale = _FIGURE_SCALE.get(spec.shot_type, 1.0)
    height = h * scale
    head_r = height * 0.11
    if scale < 0.5:
        feet = horizon + h * (0.05 if scale < 0.2 else 0.2)
    else:
        # Tight framings place the head, not the feet: the body runs out of the bottom of frame.
        feet = h * _HEAD_Y.get(spec.shot_type, 0.4) + height - head_r
    used: list[RGB] = []
    for cx, c in zip(_figure_slots(len(cast), spec, w, rng), cast, strict=True):
        _draw_figure(draw, cx, feet, height, _character_colour(c.name, look, avoid=used), look)
        head_top = feet - height
        y = min(max(h * 0.14, head_top - label * 2.0), h * 0.7)
        x = cx - label * len(c.name) * 0.3 if scale < 1.5 else cx + head_r * 0.75
        _text_box(draw, (x, y), c.name.upper(), label, look)


def _draw_overlays(
    draw: ImageDraw.ImageDraw, spec: ShotSpec | None, prompt: str, w: int, h: int, look: _Look
) -> None:
    size = max(14, h // 28)
    if spec is not None:
        # A headshot or location reference has no scene or shot (numbered 0): no "SC 0 · SHOT 0".
        numbers = [f"SC {spec.scene_number}", f"SHOT {spec.shot_number}"] if spec.scene_number > 0 else []
        parts = [
            *numbers,
            spec.shot_type.upper(),
            spec.angle.upper(),
            spec.movement.upper(),
        ]
        if spec.lens_mm:
            parts.append(f"{spec.lens_mm}MM")
        _text_box(draw, (size, size * 0.8), "  ·  ".join(parts), size, look)
        if spec.location is not None:
            _text_box(draw, (size, h - size * 6.2), "LOC: " + spec.location.name.upper(), size, look)
    _text_box(draw, (w - size * 5, size * 0.8), "DRAFT", size, look)
    caption = spec.description if spec is not None else prompt
    if spec is not None and spec.props and spec.shot_type != "insert":
        caption += "  [props: " + ", ".join(spec.props) + "]"
    wrapped = textwrap.wrap(caption, width=max(20, int(w / (size * 0.55))))[:2]
    band_top = h - size * 3.4
    draw.rectangle((0, band_top, w, h), fill=look.paper)
    draw.line((0, band_top, w, band_top), fill=look.ink, width=2)
    draw.multiline_text((size, band_top + size * 0.4), "\n".join(wrapped), font=_font(size), fill=look.ink)
    draw.rectangle((0, 0, w - 1, h - 1), outline=look.ink, width=4)


def _tilt(img: Image.Image, degrees: float) -> Image.Image:
    rotated = img.rotate(degrees, resample=Image.Resampling.BICUBIC)
    w, h = img.size
    zoom = math.cos(math.radians(abs(degrees))) + math.sin(math.radians(abs(degrees))) * max(w / h, h / w)
    cw, ch = w / zoom, h / zoom
    box = ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2)
    return rotated.resize((w, h), Image.Resampling.BICUBIC, box=box)


def draw_storyboard(spec: ShotSpec | None, prompt: str, width: int, height: int, seed: int) -> Image.Image:
    """Draw the frame: same arguments, same pixels; different shots, visibly different frames."""
    key = (spec.model_dump_json() if spec is not None else prompt) + f"|{seed}"
    rng = random.Random(_stable_int(key))
    look = _look(spec.art_direction.palette if spec is not None else [])
    img = Image.new("RGB", (width, height), look.paper)
    draw = ImageDraw.Draw(img)
    horizon = _draw_ground(draw, spec, width, height, look, rng)
    if spec is not None and spec.shot_type == "insert":
        _draw_insert(draw, spec, width, height, look)
    elif spec is not None:
        _draw_props(draw, spec, width, height, look)
        _draw_cast(draw, spec, width, height, horizon, look, rng)
    if spec is not None and spec.angle == "dutch":
        img = _tilt(img, 12.0 if rng.random() < 0.5 else -12.0)
        draw = ImageDraw.Draw(img)
    if spec is not None:
        draw_movement(draw, spec.movement, width, height, look.ink, look.paper)
    _draw_overlays(draw, spec, prompt, width, height, look)
    return img
