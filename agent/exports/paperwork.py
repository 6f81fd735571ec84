"""The paper a crew hands round, made from the project: storyboard, shot list and breakdown as PDF or CSV."""

from __future__ import annotations

import io
from datetime import date

from agent.exports.boards import storyboard_scenes
from agent.exports.breakdown import project_breakdown
from agent.exports.screenplay import shot_list_rows
from agent.formats.breakdown import BREAKDOWN_COLUMNS, BreakdownRow, breakdown_cells, write_breakdown_csv
from agent.formats.shotlist import SHOT_LIST_COLUMNS, shot_list_cells
from agent.formats.storyboard_pdf import write_storyboard_pdf
from agent.formats.table_pdf import TableSection, write_table_pdf
from agent.project.errors import InvalidInputError
from agent.project.project import Project

__all__ = ["breakdown_pdf", "export_breakdown_csv", "shot_list_pdf", "storyboard_pdf"]

_SHOT_WIDTHS = (5, 5, 26, 9, 8, 8, 5, 11, 11, 9, 7, 8)
_BREAKDOWN_WIDTHS = (5, 16, 6, 7, 12, 5, 6, 11, 8, 16, 16)


def _breakdown(project: Project) -> list[BreakdownRow]:
    rows = project_breakdown(project)
    if not rows:
        raise InvalidInputError("the project has no scenes to break down; import or write a screenplay first")
    return rows


def storyboard_pdf(project: Project, *, layout: str = "3x2", paper: str = "a4", on: date | None = None) -> bytes:
    """Return the storyboard PDF: every scene on its own pages, ``layout`` panels a page.

    Raises:
        ExportError: no scenes, a bad layout or paper size.
    """
    out = io.BytesIO()
    write_storyboard_pdf(storyboard_scenes(project), out, title=project.name(), layout=layout, paper=paper, on=on)
    return out.getvalue()


def shot_list_pdf(project: Project, *, paper: str = "a4", on: date | None = None) -> bytes:
    """Return the shot list as a PDF table (the CSV's columns on paper).

    Raises:
        InvalidInputError: no shots yet.
        ExportError: an unknown paper size.
    """
    rows = [shot_list_cells(row) for row in shot_list_rows(project)]
    out = io.BytesIO()
    write_table_pdf(SHOT_LIST_COLUMNS, [TableSection("", rows)], out, title=project.name(), document="Shot list",
                    widths=_SHOT_WIDTHS, paper=paper, on=on)
    return out.getvalue()


def breakdown_pdf(project: Project, *, paper: str = "a4", on: date | None = None) -> bytes:
    """Return the breakdown sheets as a PDF: one row per scene.

    Raises:
        InvalidInputError: no scenes.
        ExportError: an unknown paper size.
    """
    rows = [breakdown_cells(row) for row in _breakdown(project)]
    out = io.BytesIO()
    write_table_pdf(BREAKDOWN_COLUMNS, [TableSection("", rows)], out, title=project.name(), document="Breakdown",
                    widths=_BREAKDOWN_WIDTHS, paper=paper, on=on)
    return out.getvalue()


def export_breakdown_csv(project: Project) -> str:
    """Write the breakdown (one row per scene of the active screenplay) as CSV."""
    return write_breakdown_csv(_breakdown(project))
