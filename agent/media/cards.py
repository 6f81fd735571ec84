"""Pictures drawn with Pillow: title/credit cards, stills fitted to the frame, subtitle overlays."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from agent.media.timeline import RenderError

__all__ = ["card_image", "fit_image", "subtitle_overlay"]

_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def _font(size: int) -> _Font:
    """Load Pillow's bundled font at `size` (no system fonts needed), or the bitmap font without FreeType."""
    try:
        return ImageFont.load_default(size=max(8, size))
    except (ImportError, OSError, TypeError):  # pragma: no cover - Pillow built without FreeType
        return ImageFont.load_default()


def _wrap(text: str, font: _Font, max_width: int) -> list[str]:
    """Wrap each paragraph so no line is wider than `max_width` pixels."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        width_chars = max(8, len(paragraph))
        while width_chars > 8 and font.getlength(paragraph[:width_chars]) > max_width:
            width_chars -= max(1, width_chars // 10)
        lines.extend(textwrap.wrap(paragraph, width_chars) or [""])
    return lines


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    font: _Font,
    *,
    center_x: int,
    top: int,
    line_h: int,
    fill: tuple[int, ...],
    shadow: bool,
) -> None:
    for index, line in enumerate(lines):
        y = top + index * line_h
        if shadow:
            draw.text((center_x + 2, y + 2), line, font=font, fill=(0, 0, 0, 255), anchor="ma")
        draw.text((center_x, y), line, font=font, fill=fill, anchor="ma")


def card_image(text: str, width: int, height: int) -> Image.Image:
    """Draw a title or credit card: centred white text on black; the first line is larger."""
    image = Image.new("RGB", (width, height), (0, 0, 0))
    draw = ImageDraw.Draw(image)
    head, _, rest = text.strip().partition("\n")
    big, small = _font(max(10, height // 9)), _font(max(8, height // 18))
    head_lines = _wrap(head, big, int(width * 0.85))
    rest_lines = _wrap(rest, small, int(width * 0.85)) if rest.strip() else []
    big_h, small_h = int(big.size * 1.25), int(small.size * 1.4)  # type: ignore[union-attr]
    total = len(head_lines) * big_h + (small_h // 2 + len(rest_lines) * small_h if rest_lines else 0)
    top = max(0, (height - total) // 2)
    _draw_lines(draw, head_lines, big, center_x=width // 2, top=top, line_h=big_h, fill=(255, 255, 255), shadow=False)
    _draw_lines(
        draw,
        rest_lines,
        small,
        center_x=width // 2,
        top=top + len(head_lines) * big_h + small_h // 2,
        line_h=small_h,
        fill=(210, 210, 210),
        shadow=False,
    )
    return image


def fit_image(path: Path, width: int, height: int) -> Image.Image:
    """Open a still and letterbox it into width x height (aspect kept, black bars)."""
    try:
        with Image.open(path) as source:
            image = source.convert("RGB")
    except (OSError, UnidentifiedImageError) as exc:
        raise RenderError(f"Cannot read image {path}: {exc.__class__.__name__}") from None
    if image.size == (width, height):
        return image
    scale = min(width / image.width, height / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    canvas = Image.new("RGB", (width, height), (0, 0, 0))
    canvas.paste(image.resize(size, Image.Resampling.LANCZOS), ((width - size[0]) // 2, (height - size[1]) // 2))
    return canvas


def subtitle_overlay(text: str, width: int, height: int, *, speaker: str | None = None) -> Image.Image:
    """Draw a subtitle as a transparent full-frame RGBA layer: white text with a shadow, near the bottom."""
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = _font(max(8, height // 16))
    label = f"{speaker.upper()}: {text}" if speaker else text
    lines = _wrap(label, font, int(width * 0.9))[-3:]
    line_h = int(font.size * 1.3)  # type: ignore[union-attr]
    top = height - int(height * 0.06) - len(lines) * line_h
    _draw_lines(draw, lines, font, center_x=width // 2, top=top, line_h=line_h, fill=(255, 255, 255, 255), shadow=True)
    return layer
