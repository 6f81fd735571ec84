"""Page furniture shared by the PDF deliverables: paper sizes, header, footer with 'page x of y' and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "PAPERS", "Furniture", "Paper", "fit_text", "page_size", "pdf_text"]

Paper = Literal["a4", "letter"]
PAPERS: tuple[str, ...] = ("a4", "letter")
FONT, FONT_BOLD, FONT_ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
MARGIN = 28.0
HEADER_H = 34.0
FOOTER_H = 20.0


def page_size(paper: str, *, wide: bool) -> tuple[float, float]:
    """Return the page size in points for 'a4' or 'letter', landscape when ``wide``."""
    size = {"a4": A4, "letter": LETTER}[paper]
    return landscape(size) if wide else size


def pdf_text(text: str) -> str:
    """Make text safe for the PDF's built-in fonts (Windows-1252): other characters become '?', not boxes."""
    return " ".join(text.split()).encode("cp1252", "replace").decode("cp1252")


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``width`` points."""
    text = pdf_text(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


@dataclass(frozen=True)
class Furniture:
    """What every page carries: the film's title, the document's name, the date; the scene heading varies."""

    title: str
    document: str
    on: date

    def draw(self, canvas: Canvas, *, page: int, pages: int, heading: str = "") -> None:
        """Draw the header (title, document, heading) and the footer (date, 'page x of y')."""
        width, height = canvas._pagesize  # ReportLab exposes no public getter
        top = height - MARGIN
        canvas.setFont(FONT_BOLD, 13)
        title = fit_text(self.title or "Untitled", FONT_BOLD, 13, width / 2 - MARGIN)
        canvas.drawString(MARGIN, top - 12, title)
        canvas.setFont(FONT, 9)
        canvas.drawRightString(width - MARGIN, top - 11, pdf_text(self.document))
        if heading:
            canvas.setFont(FONT_BOLD, 10)
            canvas.drawString(MARGIN, top - 27, fit_text(heading, FONT_BOLD, 10, width - 2 * MARGIN))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - HEADER_H + 2, width - MARGIN, top - HEADER_H + 2)
        canvas.line(MARGIN, MARGIN + FOOTER_H - 6, width - MARGIN, MARGIN + FOOTER_H - 6)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, MARGIN + 2, self.on.isoformat())
        canvas.drawRightString(width - MARGIN, MARGIN + 2, f"page {page} of {pages}")

    def body(self, canvas: Canvas) -> tuple[float, float, float, float]:
        """Return the area between header and footer as (x, y, width, height) in points."""
        width, height = canvas._pagesize
        bottom = MARGIN + FOOTER_H
        return MARGIN, bottom, width - 2 * MARGIN, height - MARGIN - HEADER_H - bottom - 6

