"""Write a screenplay as PDF in the standard US layout: Courier 12 pt, ten characters an inch, six lines an inch.

Positions are measured from the page's left edge: scene headings and action at 1.5" (1" right margin),
character cues at 3.7", parentheticals at 3.1", dialogue from 2.5" to 6", transitions flush right.
Page 1 is the title page; the script's pages are numbered top right from its second page. A speech that
must break across pages ends in (MORE) and goes on under ``NAME (CONT'D)``; a cue never ends a page
without its first line of dialogue, and a scene heading never ends a page without what follows it.

Each scene body is read as Fountain, as the FDX writer reads it: notes, boneyard, sections and synopses
are not printed; ``===`` starts a new page; ``>centered<`` text is centered; emphasis prints in bold,
oblique and underlined Courier; dual dialogue prints side by side in two columns. The line layout is
:mod:`agent.formats.screenplay_layout`; this module paginates and draws.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from agent.formats.emphasis import plain_text
from agent.formats.errors import ExportError, FountainError
from agent.formats.fountain import SceneSource
from agent.formats.pdf_pages import PAPERS, page_size, pdf_text
from agent.formats.screenplay_layout import (
    CHAR_W,
    INCH,
    LINE_H,
    Block,
    Geometry,
    Line,
    body_blocks,
    heading_block,
    more_line,
    title_page_lines,
)

__all__ = ["write_screenplay_pdf"]

_FONTS = {
    (False, False): "Courier",
    (True, False): "Courier-Bold",
    (False, True): "Courier-Oblique",
    (True, True): "Courier-BoldOblique",
}
_SIZE = 12.0
_TOP = _BOTTOM = INCH
_ASCENT = 9.5  # from a line's top to its baseline, so the first line's letters start an inch down


@dataclass
class _Pager:
    """Pages of lines (None is a blank line), filled top to bottom."""

    per_page: int
    pages: list[list[Line | None]] = field(default_factory=lambda: [[]])

    @property
    def used(self) -> int:
        return len(self.pages[-1])

    def room(self) -> int:
        return self.per_page - self.used

    def put(self, lines: Sequence[Line], gap: int) -> None:
        if self.used:  # blank lines before a block vanish at the top of a page
            self.pages[-1].extend([None] * gap)
        self.pages[-1].extend(lines)

    def new_page(self) -> None:
        if self.used:
            self.pages.append([])


def _speech_split(kinds: Sequence[str], room: int) -> int:
    """Return how many lines of a speech fit above a (MORE) line in ``room`` lines, or 0."""
    for keep in range(min(len(kinds) - 1, room - 1), 1, -1):
        if kinds[keep - 1] == "speech":  # never end on the cue or a parenthetical
            return keep
    return 0


def _action_split(kinds: Sequence[str], room: int) -> int:
    """Return how many lines of action stay on this page: at least two here and two on the next, or 0."""
    keep = min(len(kinds) - 2, room)
    return keep if keep >= 2 else 0


def _place(pager: _Pager, block: Block, geometry: Geometry, follow: int) -> None:
    """Put a block on the pages, breaking it where the format allows; ``follow`` lines must come with it."""
    lines, kinds = list(block.lines), list(block.kinds)
    while True:
        gap = block.before if pager.used else 0
        if gap + len(lines) + follow <= pager.room() or (not pager.used and len(lines) <= pager.room()):
            pager.put(lines, gap)
            return
        room = pager.room() - gap
        if block.kind == "speech" and (keep := _speech_split(kinds, room)):
            pager.put([*lines[:keep], more_line(geometry)], gap)
            lines, kinds = [block.cue or lines[0], *lines[keep:]], ["cue", *kinds[keep:]]
        elif block.kind == "action" and (keep := _action_split(kinds, room)):
            pager.put(lines[:keep], gap)
            lines, kinds = lines[keep:], kinds[keep:]
        elif not pager.used:  # longer than a page and no place the format allows: cut where the page ends
            keep = pager.room()
            pager.put(lines[:keep], 0)
            lines, kinds = lines[keep:], kinds[keep:]
        pager.new_page()


def _paginate(blocks: Sequence[Block], geometry: Geometry) -> list[list[Line | None]]:
    pager = _Pager(geometry.lines_per_page)
    for index, block in enumerate(blocks):
        if block.kind == "page_break":
            pager.new_page()
            continue
        follow = 0
        if block.kind == "heading" and index + 1 < len(blocks) and blocks[index + 1].kind != "page_break":
            after = blocks[index + 1]
            follow = after.before + min(2, len(after.lines))  # a heading never ends a page alone
        _place(pager, block, geometry, follow)
    return [page for page in pager.pages if page]


def _draw_line(canvas: Canvas, line: Line, y: float) -> None:
    for span in line:
        start = 0
        while start < len(span.cells):
            style = span.cells[start][1]
            end = start
            while end < len(span.cells) and span.cells[end][1] == style:
                end += 1
            text = "".join(ch for ch, _ in span.cells[start:end])
            x = span.x + start * CHAR_W
            bold, italic, underline = style
            canvas.setFont(_FONTS[(bold, italic)], _SIZE)
            canvas.drawString(x, y, text)
            if underline and text.strip():
                canvas.setLineWidth(0.6)
                canvas.line(x, y - 1.8, x + len(text) * CHAR_W, y - 1.8)
            start = end


def _draw_page(canvas: Canvas, lines: Sequence[Line | None], *, number: int | None) -> None:
    height = canvas._pagesize[1]  # ReportLab exposes no public getter
    if number is not None:
        canvas.setFont(_FONTS[(False, False)], _SIZE)
        canvas.drawRightString(canvas._pagesize[0] - INCH, height - INCH / 2 - _ASCENT, f"{number}.")
    for row, line in enumerate(lines):
        if line is not None:
            _draw_line(canvas, line, height - _TOP - _ASCENT - row * LINE_H)


def _title_page(canvas: Canvas, title_page: Sequence[tuple[str, str]], fallback: str, geometry: Geometry) -> None:
    height = canvas._pagesize[1]
    middle, bottom_left, bottom_right = title_page_lines(title_page, fallback, geometry)
    top_row = round(geometry.lines_per_page / 3)  # the title a third of the way down, as the convention has it
    for row, line in enumerate(middle):
        _draw_line(canvas, line, height - _TOP - _ASCENT - (top_row + row) * LINE_H)
    for column in (bottom_left, bottom_right):
        for row, line in enumerate(column):
            lift = len(column) - 1 - row
            _draw_line(canvas, line, _BOTTOM + lift * LINE_H)


def _scene_number(label: str | None, position: int, numbered: bool | None) -> str | None:
    written = (label or "").strip() or None
    if numbered is None:
        return written
    return (written or str(position)) if numbered else None


def write_screenplay_pdf(
    *,
    title_page: Sequence[tuple[str, str]],
    preamble: str,
    scenes: Sequence[SceneSource],
    out: Path | io.BytesIO,
    fallback_title: str = "Untitled",
    paper: str = "letter",
    numbered: bool | None = None,
) -> int:
    """Write the screenplay to ``out`` with a title page first; return the number of pages, title page included.

    ``numbered``: None prints the scene numbers the screenplay has (``#12A#``), True numbers every scene
    (its own number, else its position), False prints none. Numbers stand on both sides of the heading.

    Raises:
        ExportError: no scenes, an unknown paper size, or a scene body that is not text.
    """
    if not scenes:
        raise ExportError("the screenplay has no scenes to print")
    if paper not in PAPERS:
        raise ExportError(f"paper {paper!r} is not a4 or letter")
    width, height = page_size(paper, wide=False)
    geometry = Geometry.for_page(width, height - _TOP - _BOTTOM)
    blocks: list[Block] = []
    try:
        if preamble.strip():
            blocks += body_blocks(preamble, geometry)
        for position, (heading, label, content) in enumerate(scenes, start=1):
            blocks.append(heading_block(heading, _scene_number(label, position, numbered), geometry))
            if content.strip():
                blocks += body_blocks(content, geometry)
    except FountainError as exc:
        raise ExportError(str(exc)) from exc
    pages = _paginate(blocks, geometry)
    canvas = Canvas(out if isinstance(out, io.BytesIO) else str(out), pagesize=(width, height), invariant=True,
                    pageCompression=1)
    title = next((plain_text(v) for k, v in title_page if k.strip().lower() == "title"), "")
    canvas.setTitle(pdf_text(title) or pdf_text(fallback_title))
    _title_page(canvas, title_page, fallback_title, geometry)
    canvas.showPage()
    for number, lines in enumerate(pages, start=1):
        _draw_page(canvas, lines, number=number if number > 1 else None)
        canvas.showPage()
    canvas.save()
    return len(pages) + 1
