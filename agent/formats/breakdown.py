"""Breakdown sheets: per scene what the production must bring (cast, extras, props, wardrobe, place, time)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from agent.formats.shotlist import spreadsheet_cell

__all__ = ["BREAKDOWN_COLUMNS", "BreakdownRow", "breakdown_cells", "describe_breakdown", "eighths_text",
           "write_breakdown_csv"]

BREAKDOWN_COLUMNS = ("scene", "heading", "int/ext", "time of day", "location", "pages", "eighths", "cast",
                     "extras", "props", "wardrobe")


class BreakdownRow(BaseModel):
    """One scene of the breakdown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scene: int = Field(description="Scene number.")
    heading: str = Field(description="The scene heading as written.")
    int_ext: str = Field("", description="INT, EXT or INT/EXT.")
    time_of_day: str = Field("", description="NIGHT, DAY, DAWN... from the heading.")
    locations: list[str] = Field(default_factory=list, description="Sets the scene uses.")
    eighths: int = Field(ge=1, description="Length in eighths of a 55-line page.")
    cast: list[str] = Field(default_factory=list, description="Cast members in the scene.")
    extras: list[str] = Field(default_factory=list, description="Background people the scene needs.")
    props: list[str] = Field(default_factory=list, description="Props the scene uses.")
    wardrobe: list[str] = Field(default_factory=list, description="Costume notes, 'NAME: item' where known.")


def eighths_text(eighths: int) -> str:
    """Say a page length the way breakdown sheets do: 3/8, 1, 1 2/8."""
    pages, rest = divmod(eighths, 8)
    if not rest:
        return str(pages)
    return f"{pages} {rest}/8" if pages else f"{rest}/8"


def breakdown_cells(row: BreakdownRow) -> list[str]:
    """Return a row's cells in :data:`BREAKDOWN_COLUMNS` order as plain text (lists joined with "; ")."""
    return [str(row.scene), row.heading, row.int_ext, row.time_of_day, "; ".join(row.locations),
            eighths_text(row.eighths), str(row.eighths), "; ".join(row.cast), "; ".join(row.extras),
            "; ".join(row.props), "; ".join(row.wardrobe)]


def write_breakdown_csv(rows: Iterable[BreakdownRow]) -> str:
    """Write the breakdown as CSV: a header of :data:`BREAKDOWN_COLUMNS`, formula-like cells quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(BREAKDOWN_COLUMNS)
    for row in rows:
        writer.writerow(spreadsheet_cell(cell) for cell in breakdown_cells(row))
    return buffer.getvalue()


def describe_breakdown(row: BreakdownRow) -> str:
    """Say one scene's breakdown in a few lines for the chat."""

    def listed(items: list[str], sep: str = ", ") -> str:
        return sep.join(items) if items else "none"

    where = ", ".join(p for p in (" ".join(filter(None, [row.int_ext, "/".join(row.locations)])), row.time_of_day) if p)
    length = f"{eighths_text(row.eighths)} page{'s' if row.eighths > 8 else ''}"
    return (f"Scene {row.scene} breakdown ({row.heading}): {where or 'place not given'}; {length}.\n"
            f"Cast: {listed(row.cast)}.\nExtras: {listed(row.extras)}.\nProps: {listed(row.props)}.\n"
            f"Wardrobe: {listed(row.wardrobe, '; ')}.")
