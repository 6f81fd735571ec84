"""Write a table as a PDF document (the shot list, the breakdown): header row repeated, 'page x of y'."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from agent.formats.errors import ExportError
from agent.formats.pdf_pages import FONT, FONT_BOLD, FOOTER_H, HEADER_H, MARGIN, Furniture, page_size, pdf_text

__all__ = ["TableSection", "write_table_pdf"]

_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=8.4)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName=FONT_BOLD)
_SECTION = ParagraphStyle("section", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=4, spaceAfter=4)


class TableSection:
    """A titled block of rows (a scene of the breakdown); the title may be empty for one plain table."""

    def __init__(self, title: str, rows: Sequence[Sequence[str]]) -> None:
        """Keep the section's title and rows (cells are plain text)."""
        self.title = title
        self.rows = rows


def _escape(text: str) -> str:
    return pdf_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _canvas_class(furniture: Furniture) -> type[Canvas]:
    class _Numbered(Canvas):
        """Hold every page until the end so each can say 'page x of y'."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # ReportLab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                furniture.draw(self, page=number, pages=len(self._held))
                super().showPage()
            super().save()

    return _Numbered


def write_table_pdf(
    columns: Sequence[str],
    sections: Sequence[TableSection],
    out: Path | io.BytesIO,
    *,
    title: str,
    document: str,
    widths: Sequence[float],
    paper: str = "a4",
    on: date | None = None,
) -> None:
    """Write ``sections`` as tables under one header row each, landscape, on A4 or Letter.

    ``widths`` are the columns' shares of the page width (they are scaled to fill it).

    Raises:
        ExportError: nothing to write or an unknown paper size.
    """
    if not any(section.rows for section in sections):
        raise ExportError(f"the {document.lower()} has no rows to print")
    if paper not in ("a4", "letter"):
        raise ExportError(f"paper {paper!r} is not a4 or letter")
    size = page_size(paper, wide=True)
    furniture = Furniture(title=title, document=document, on=on or date.today())
    doc = SimpleDocTemplate(out if isinstance(out, io.BytesIO) else str(out), pagesize=size,
                            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER_H + 4,
                            bottomMargin=MARGIN + FOOTER_H, title=pdf_text(f"{title} - {document}"),
                            invariant=True)
    total = sum(widths)
    col_widths = [doc.width * w / total for w in widths]
    story: list[Any] = []
    for section in sections:
        if section.title:
            story.append(Paragraph(_escape(section.title), _SECTION))
        data = [[Paragraph(_escape(c), _HEAD) for c in columns]]
        data += [[Paragraph(_escape(cell), _CELL) for cell in row] for row in section.rows]
        table = LongTable(data, colWidths=col_widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f7")]),
        ]))
        story += [table, Spacer(1, 8)]
    doc.build(story, canvasmaker=_canvas_class(furniture))
