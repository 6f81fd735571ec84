"""Draw where a storyboard frame happens: an exterior under the scene's sky, or an interior room.

The scene heading decides (INT/EXT and NIGHT/DAWN/DUSK/DAY), the angle sets the horizon, the palette
tints it. A board artist's shorthand, not a painting: a dark sky with a moon reads as night at a glance,
walls, a ceiling and a window read as a room.
"""

from __future__ import annotations

import random

from PIL import ImageDraw

__all__ = ["SKIES", "draw_exterior", "draw_interior", "night_like", "sky_colours"]

RGB = tuple[int, int, int]

SKIES: dict[str, tuple[RGB, RGB]] = {
    "DAY": ((120, 170, 225), (205, 225, 240)),
    "NIGHT": ((8, 12, 32), (30, 38, 70)),
    "DAWN": ((95, 90, 150), (245, 170, 140)),
    "DUSK": ((45, 45, 100), (240, 130, 60)),
}
"""Top and horizon colour of the sky for each light."""
_ALIASES = {"MORNING": "DAWN", "SUNRISE": "DAWN", "SUNSET": "DUSK", "EVENING": "DUSK", "TWILIGHT": "DUSK",
            "MIDNIGHT": "NIGHT", "AFTERNOON": "DAY", "NOON": "DAY", "MAGIC HOUR": "DUSK"}


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _light(time: str | None) -> str | None:
    if not time:
        return None
    return time if time in SKIES else _ALIASES.get(time)


def night_like(time: str | None) -> bool:
    """Tell whether a time of day is dark enough for lit windows and lamps."""
    return _light(time) == "NIGHT"


def sky_colours(time: str | None, palette_sky: RGB, paper: RGB) -> tuple[RGB, RGB]:
    """Return the (top, horizon) sky colours for a time of day, lightly tinted by the palette.

    With no time of day the palette's own sky is used, as frames have always been drawn.
    """
    light = _light(time)
    if light is None:
        return palette_sky, paper
    top, low = SKIES[light]
    return _mix(top, palette_sky, 0.12), _mix(low, palette_sky, 0.12)


def _gradient(draw: ImageDraw.ImageDraw, top: RGB, low: RGB, w: int, y0: float, y1: float) -> None:
    for y in range(int(y0), int(y1)):
        draw.line((0, y, w, y), fill=_mix(top, low, (y - y0) / max(1.0, y1 - y0)))


def _moon_and_stars(draw: ImageDraw.ImageDraw, w: int, horizon: float, rng: random.Random) -> None:
    for _ in range(28):
        x, y = rng.uniform(0, w), rng.uniform(horizon * 0.12, horizon * 0.85)
        draw.point((x, y), fill=(215, 220, 235))
    r = max(3.0, horizon * 0.07)
    cx, cy = w * 0.8, horizon * 0.3
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(235, 235, 210))


def draw_exterior(draw: ImageDraw.ImageDraw, w: int, h: int, horizon: float, *, sky: tuple[RGB, RGB], ground: RGB,
                  ink: RGB, time: str | None, wide: bool, rng: random.Random) -> None:
    """Draw sky, ground, a skyline (lit windows at night) and perspective lines."""
    _gradient(draw, sky[0], sky[1], w, 0, horizon)
    if night_like(time):
        _moon_and_stars(draw, w, horizon, rng)
    draw.rectangle((0, horizon, w, h), fill=ground)
    skyline = _mix(ground, ink, 0.45)
    x = 0.0
    while x < w:
        bw = rng.uniform(0.05, 0.16) * w
        bh = rng.uniform(0.05, 0.22 if wide else 0.4) * h
        draw.rectangle((x, horizon - bh, x + max(1.0, bw - 4), horizon), fill=skyline)
        if night_like(time) and bw > 12 and bh > 12:
            for _ in range(3):
                wx, wy = x + rng.uniform(0.15, 0.7) * bw, horizon - rng.uniform(0.2, 0.85) * bh
                draw.rectangle((wx, wy, wx + max(2.0, bw * 0.08), wy + max(2.0, bh * 0.06)), fill=(250, 214, 120))
        x += bw
    for i in range(1, 6):
        # Perspective lines converge on the vanishing point so the angle reads at a glance.
        gx = w * i / 6
        draw.line((w / 2, horizon, gx + (gx - w / 2) * 3, h), fill=_mix(ground, ink, 0.25), width=2)


def draw_interior(draw: ImageDraw.ImageDraw, w: int, h: int, horizon: float, *, sky: tuple[RGB, RGB], floor: RGB,
                  ink: RGB, paper: RGB, time: str | None) -> None:
    """Draw a room seen from inside: back wall, side walls, ceiling, floor, a window on the scene's sky.

    At night the room is lamp-lit (a warm wall, a hanging lamp) and the window is dark.
    """
    night = night_like(time)
    wall = (196, 160, 108) if night else _mix(paper, (236, 222, 196), 0.6)
    side = _mix(wall, ink, 0.18)
    ceiling = _mix(wall, ink, 0.35 if night else 0.12)
    back = (w * 0.2, h * 0.16, w * 0.8, horizon)
    draw.rectangle((0, 0, w, h), fill=side)
    draw.polygon([(0, 0), (w, 0), (back[2], back[1]), (back[0], back[1])], fill=ceiling)
    draw.polygon([(0, h), (w, h), (back[2], back[3]), (back[0], back[3])], fill=floor)
    draw.rectangle(back, fill=wall, outline=_mix(wall, ink, 0.5), width=2)
    corners = [(0, 0, back[0], back[1]), (w, 0, back[2], back[1]), (0, h, back[0], back[3]), (w, h, back[2], back[3])]
    for line in corners:
        draw.line(line, fill=_mix(wall, ink, 0.5), width=2)
    win = (w * 0.58, h * 0.22, w * 0.74, min(horizon - h * 0.06, h * 0.46))
    if win[3] > win[1] + 4:
        _window(draw, win, sky, ink)
    for i in range(1, 5):
        x = back[0] + (back[2] - back[0]) * i / 5
        draw.line((x, back[3], x + (x - w / 2) * 2.5, h), fill=_mix(floor, ink, 0.25), width=2)
    if night:
        cx, top = w * 0.36, back[1]
        draw.line((cx, top * 0.3, cx, top + h * 0.04), fill=ink, width=2)
        r = h * 0.03
        draw.ellipse((cx - r * 2.2, top + h * 0.04 - r, cx + r * 2.2, top + h * 0.04 + r * 1.4), fill=(255, 226, 140))


def _window(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], sky: tuple[RGB, RGB],
            ink: RGB) -> None:
    x0, y0, x1, y1 = box
    for y in range(int(y0), int(y1)):
        draw.line((x0, y, x1, y), fill=_mix(sky[0], sky[1], (y - y0) / max(1.0, y1 - y0)))
    draw.rectangle(box, outline=ink, width=3)
    draw.line(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1), fill=ink, width=2)
    draw.line((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2), fill=ink, width=2)
