"""Mark camera movement on a storyboard frame the way board artists do: arrows and end frames."""

from __future__ import annotations

import math

from PIL import ImageDraw, ImageFont

__all__ = ["draw_movement"]

RGB = tuple[int, int, int]
Point = tuple[float, float]


def _arrow(draw: ImageDraw.ImageDraw, start: Point, end: Point, colour: RGB, width: int) -> None:
    draw.line((*start, *end), fill=colour, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = width * 4.0
    left = (end[0] - size * math.cos(angle - 0.45), end[1] - size * math.sin(angle - 0.45))
    right = (end[0] - size * math.cos(angle + 0.45), end[1] - size * math.sin(angle + 0.45))
    draw.polygon([end, left, right], fill=colour)


def _dashed_rect(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], colour: RGB, width: int
) -> None:
    x0, y0, x1, y1 = box
    dash = width * 5
    for a, b, horizontal in ((x0, x1, True), (y0, y1, False)):
        pos = a
        while pos < b:
            stop = min(pos + dash, b)
            if horizontal:
                draw.line((pos, y0, stop, y0), fill=colour, width=width)
                draw.line((pos, y1, stop, y1), fill=colour, width=width)
            else:
                draw.line((x0, pos, x0, stop), fill=colour, width=width)
                draw.line((x1, pos, x1, stop), fill=colour, width=width)
            pos += dash * 2


def _label(draw: ImageDraw.ImageDraw, xy: Point, text: str, ink: RGB, paper: RGB, size: int) -> None:
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    box = draw.textbbox(xy, text, font=font)
    draw.rectangle((box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4), fill=ink)
    draw.text(xy, text, font=font, fill=paper)


def _pan_tilt(draw: ImageDraw.ImageDraw, movement: str, w: int, h: int, ink: RGB, width: int) -> None:
    # Pans run just under the header, clear of the name tags over the heads.
    mid_y, mid_x = h * 0.115, w * 0.9
    ends = {
        "pan-left": ((w * 0.66, mid_y), (w * 0.26, mid_y)),
        "pan-right": ((w * 0.26, mid_y), (w * 0.66, mid_y)),
        "tilt-up": ((mid_x, h * 0.7), (mid_x, h * 0.25)),
        "tilt-down": ((mid_x, h * 0.25), (mid_x, h * 0.7)),
        "tracking": ((w * 0.15, h * 0.78), (w * 0.85, h * 0.78)),
    }
    start, end = ends[movement]
    _arrow(draw, start, end, ink, width)


def _push(draw: ImageDraw.ImageDraw, movement: str, w: int, h: int, ink: RGB, width: int) -> None:
    inward = movement in ("dolly-in", "zoom-in")
    inner = (w * 0.3, h * 0.3, w * 0.7, h * 0.7)
    _dashed_rect(draw, inner, ink, max(2, width // 2))
    corners = [
        ((w * 0.08, h * 0.12), (inner[0], inner[1])),
        ((w * 0.92, h * 0.12), (inner[2], inner[1])),
        ((w * 0.08, h * 0.82), (inner[0], inner[3])),
        ((w * 0.92, h * 0.82), (inner[2], inner[3])),
    ]
    if movement.startswith("zoom"):
        corners = corners[:2]
    for outer, inner_pt in corners:
        start, end = (outer, inner_pt) if inward else (inner_pt, outer)
        _arrow(draw, start, end, ink, width)


def _handheld(draw: ImageDraw.ImageDraw, w: int, h: int, ink: RGB, width: int) -> None:
    points = [(w * (0.2 + 0.6 * i / 40), h * 0.2 + math.sin(i * 1.3) * h * 0.02) for i in range(41)]
    draw.line(points, fill=ink, width=width, joint="curve")


def draw_movement(draw: ImageDraw.ImageDraw, movement: str, w: int, h: int, ink: RGB, paper: RGB) -> None:
    """Draw the mark for a camera movement (nothing for a static camera) with its name."""
    if movement == "static":
        return
    width = max(3, h // 110)
    if movement in ("pan-left", "pan-right", "tilt-up", "tilt-down", "tracking"):
        _pan_tilt(draw, movement, w, h, ink, width)
    elif movement in ("dolly-in", "dolly-out", "zoom-in", "zoom-out"):
        _push(draw, movement, w, h, ink, width)
    elif movement == "handheld":
        _handheld(draw, w, h, ink, width)
    _label(draw, (w * 0.72, h * 0.1), movement.upper(), ink, paper, max(14, h // 32))
