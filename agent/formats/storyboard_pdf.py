"""Write a storyboard as PDF: a grid of panels per scene, each with its frame, numbers, camera and words.

Pages are landscape, each scene starts on a new page under its heading, and every page carries the
film's title, the date and 'page x of y' (see :mod:`agent.formats.pdf_pages`).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from agent.formats.errors import ExportError
from agent.formats.pdf_pages import FONT, FONT_BOLD, FONT_ITALIC, Furniture, fit_text, page_size, pdf_text

__all__ = ["BoardPanel", "BoardScene", "parse_layout", "write_storyboard_pdf"]

_LAYOUT = re.compile(r"^\s*([1-6])\s*[x×]\s*([1-6])\s*$", re.IGNORECASE)
_GAP = 10.0
_FRAME_RATIO = 9 / 16


@dataclass(frozen=True)
class BoardPanel:
    """One shot as a board panel."""

    number: str
    """'2.3': scene 2, shot 3."""
    camera: str
    """Size, angle, lens and move, e.g. 'medium, eye-level, 35mm, static'."""
    action: str
    dialogue: str = ""
    duration_s: float | None = None
    image: Path | None = None
    """The approved still, else the latest draft, else None (an empty frame is drawn)."""
    image_label: str = ""
    """'approved', 'draft' or '' — printed small under the frame so nobody mistakes a draft for a decision."""


@dataclass(frozen=True)
class BoardScene:
    """A scene's heading and its panels in order."""

    number: int
    heading: str
    panels: Sequence[BoardPanel] = field(default_factory=tuple)


def parse_layout(layout: str) -> tuple[int, int]:
    """Read 'CxR' (columns x rows, each 1-6) into (columns, rows).

    Raises:
        ExportError: the layout is not of that form.
    """
    match = _LAYOUT.match(layout or "")
    if not match:
        raise ExportError(f"layout {layout!r} is not COLUMNSxROWS with 1-6 of each, e.g. 3x2")
    return int(match.group(1)), int(match.group(2))


def _thumbnail(path: Path, width: float, height: float) -> ImageReader | None:
    """Load a frame scaled to about twice the panel's size (sharp in print, small in the file)."""
    try:
        with Image.open(path) as img:
            img.load()
            picture = img.convert("RGB")
    except (OSError, ValueError):
        return None  # a missing or unreadable file prints as an empty frame, not a failed export
    picture.thumbnail((max(1, int(width * 2)), max(1, int(height * 2))))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return ImageReader(buffer)


def _fit_frame(reader: ImageReader, width: float, height: float) -> tuple[float, float]:
    iw, ih = reader.getSize()
    scale = min(width / iw, height / ih)
    return iw * scale, ih * scale


def _lines(text: str, font: str, size: float, width: float, limit: int) -> list[str]:
    if limit <= 0:
        return []
    lines = simpleSplit(pdf_text(text), font, size, width)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = fit_text(lines[-1] + " ...", font, size, width)
    return lines


def _draw_panel(canvas: Canvas, panel: BoardPanel, x: float, top: float, width: float, height: float) -> None:
    frame_h = min(width * _FRAME_RATIO, height * 0.62)
    frame_w = frame_h / _FRAME_RATIO
    fx = x + (width - frame_w) / 2
    canvas.setLineWidth(0.8)
    reader = _thumbnail(panel.image, frame_w, frame_h) if panel.image is not None else None
    if reader is not None:
        w, h = _fit_frame(reader, frame_w, frame_h)
        canvas.drawImage(reader, fx + (frame_w - w) / 2, top - frame_h + (frame_h - h) / 2, w, h)
    else:
        canvas.setFillGray(0.96)
        canvas.rect(fx, top - frame_h, frame_w, frame_h, stroke=0, fill=1)
        canvas.setFillGray(0.55)
        canvas.setFont(FONT_ITALIC, 8)
        canvas.drawCentredString(fx + frame_w / 2, top - frame_h / 2, "no frame yet")
        canvas.setFillGray(0)
    canvas.rect(fx, top - frame_h, frame_w, frame_h, stroke=1, fill=0)
    y = top - frame_h - 12
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(x, y, panel.number)
    if panel.duration_s is not None:
        canvas.setFont(FONT, 9)
        canvas.drawRightString(x + width, y, f"{panel.duration_s:.1f} s")
    if panel.image_label:
        canvas.setFont(FONT_ITALIC, 7)
        canvas.drawRightString(x + width - 40, y, panel.image_label)
    canvas.setFont(FONT, 8)
    number_w = canvas.stringWidth(panel.number, FONT_BOLD, 11) + 6
    canvas.drawString(x + number_w, y, fit_text(panel.camera, FONT, 8, width - number_w - 82))
    room = max(1, int((y - (top - height)) // 10) - 1)
    action = _lines(panel.action, FONT, 8, width, max(1, room - (2 if panel.dialogue else 0)))
    dialogue = _lines(panel.dialogue, FONT_ITALIC, 8, width, max(0, room - len(action))) if panel.dialogue else []
    for font, lines in ((FONT, action), (FONT_ITALIC, dialogue)):
        canvas.setFont(font, 8)
        for line in lines:
            y -= 10
            canvas.drawString(x, y, line)


def _pages(scenes: Sequence[BoardScene], per_page: int) -> list[tuple[BoardScene, Sequence[BoardPanel]]]:
    pages: list[tuple[BoardScene, Sequence[BoardPanel]]] = []
    for scene in scenes:
        count = max(1, math.ceil(len(scene.panels) / per_page))
        pages += [(scene, scene.panels[i * per_page:(i + 1) * per_page]) for i in range(count)]
    return pages


def write_storyboard_pdf(
    scenes: Sequence[BoardScene],
    out: Path | io.BytesIO,
    *,
    title: str,
    layout: str = "3x2",
    paper: str = "a4",
    on: date | None = None,
) -> int:
    """Write the storyboard to ``out``; return the number of pages.

    A scene with no shots still gets a page with its heading, so the board reads as the whole film.

    Raises:
        ExportError: no scenes, a bad layout or an unknown paper size.
    """
    if not scenes:
        raise ExportError("the project has no scenes to put on a storyboard")
    if paper not in ("a4", "letter"):
        raise ExportError(f"paper {paper!r} is not a4 or letter")
    cols, rows = parse_layout(layout)
    furniture = Furniture(title=title, document="Storyboard", on=on or date.today())
    canvas = Canvas(out if isinstance(out, io.BytesIO) else str(out), pagesize=page_size(paper, wide=True),
                    invariant=True, pageCompression=1)
    canvas.setTitle(pdf_text(f"{title} - storyboard"))
    pages = _pages(scenes, cols * rows)
    for index, (scene, panels) in enumerate(pages, start=1):
        furniture.draw(canvas, page=index, pages=len(pages), heading=f"SCENE {scene.number}   {scene.heading}")
        x0, y0, width, height = furniture.body(canvas)
        cell_w = (width - _GAP * (cols - 1)) / cols
        cell_h = (height - _GAP * (rows - 1)) / rows
        if not panels:
            canvas.setFont(FONT_ITALIC, 10)
            canvas.drawString(x0, y0 + height - 14, "No shots yet: break this scene into shots to board it.")
        for i, panel in enumerate(panels):
            col, row = i % cols, i // cols
            _draw_panel(canvas, panel, x0 + col * (cell_w + _GAP), y0 + height - row * (cell_h + _GAP), cell_w, cell_h)
        canvas.showPage()
    canvas.save()
    return len(pages)
