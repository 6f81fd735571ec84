"""Write the shooting script / shot list as CSV, one row per shot."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from agent.shot_status import ShotStatus

__all__ = [
    "SHOT_LIST_COLUMNS", "ShotRow", "ShotStatus", "shot_list_cells", "spreadsheet_cell", "write_shot_list_csv",
]

SHOT_LIST_COLUMNS = (
    "scene",
    "shot",
    "description",
    "shot type",
    "angle",
    "movement",
    "lens",
    "characters",
    "location",
    "props",
    "duration",
    "status",
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); such cells
# get a leading apostrophe, which spreadsheets hide and read as "this is text".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ShotRow(BaseModel):
    """One shot of the shot list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scene: int | str = Field(description="Scene number (or label such as '12A').")
    shot: int | str = Field(description="Shot number within the scene.")
    description: str = Field("", description="What the shot shows.")
    shot_type: str = Field("", description="Framing, e.g. 'wide', 'medium close-up'.")
    angle: str = Field("", description="Camera angle, e.g. 'eye level', 'low angle'.")
    movement: str = Field("", description="Camera movement, e.g. 'static', 'dolly in'.")
    lens: str = Field("", description="Lens, e.g. '35mm'.")
    characters: list[str] = Field(default_factory=list, description="Characters in frame.")
    location: str = Field("", description="Location name.")
    props: list[str] = Field(default_factory=list, description="Props in frame.")
    duration: float | None = Field(
        None, ge=0, allow_inf_nan=False, description="Planned duration in seconds."
    )
    status: ShotStatus = Field("draft", description="Where the shot is in the generate/approve cycle.")


def spreadsheet_cell(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (a leading ``'``); numbers pass unchanged."""
    if value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def shot_list_cells(row: ShotRow) -> list[str]:
    """Return one shot's cells in :data:`SHOT_LIST_COLUMNS` order, as plain text (lists joined with "; ")."""
    return [
        str(row.scene),
        str(row.shot),
        row.description,
        row.shot_type,
        row.angle,
        row.movement,
        row.lens,
        "; ".join(name.strip() for name in row.characters if name.strip()),
        row.location,
        "; ".join(prop.strip() for prop in row.props if prop.strip()),
        _seconds(row.duration),
        row.status,
    ]


def write_shot_list_csv(rows: Iterable[ShotRow]) -> str:
    """Write shots as CSV: a header row of :data:`SHOT_LIST_COLUMNS`, lists joined with ``"; "``.

    Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) get a
    leading ``'``; numbers such as ``-1`` are left alone.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SHOT_LIST_COLUMNS)
    for row in rows:
        cells = shot_list_cells(row)
        # Duration and status are ours (a number, a fixed word): never formula-quoted.
        writer.writerow([*(spreadsheet_cell(c) for c in cells[:-2]), *cells[-2:]])
    return buffer.getvalue()

