"""The screenplay and shot list out of the project: Fountain, Final Draft XML and shot-list CSV."""

from __future__ import annotations

from typing import Any

from agent.formats.fdx import write_fdx
from agent.formats.fountain_writer import write_fountain
from agent.formats.shotlist import ShotRow, write_shot_list_csv
from agent.project import InvalidInputError, Project
from agent.project.screenplay import SceneSource, screenplay_sources
from agent.project.snapshot import build_snapshot

__all__ = ["export_fdx", "export_fountain", "export_shot_list_csv", "shot_list_rows"]


def _sources_to_export(project: Project) -> tuple[list[tuple[str, str]], str, list[SceneSource]]:
    with project.read() as s:
        title_page, preamble, scenes = screenplay_sources(s)
    if not scenes:
        raise InvalidInputError("the project has no scenes yet; there is no screenplay to export")
    return title_page, preamble, scenes


def export_fountain(project: Project) -> str:
    """Write the screenplay (active branch) as Fountain text; refuse a project without scenes."""
    title_page, preamble, scenes = _sources_to_export(project)
    return write_fountain(title_page=title_page, preamble=preamble, scenes=scenes)


def export_fdx(project: Project) -> str:
    """Write the screenplay (active branch) as Final Draft XML; refuse a project without scenes."""
    title_page, preamble, scenes = _sources_to_export(project)
    return write_fdx(title_page=title_page, preamble=preamble, scenes=scenes)


def _shot_row(shot: dict[str, Any]) -> ShotRow:
    camera = shot["camera"]
    return ShotRow(
        scene=shot["scene"],
        shot=shot["number"],
        description=shot["description"],
        shot_type=camera["shot_type"],
        angle=camera["angle"],
        movement=camera["movement"],
        lens=f"{camera['lens_mm']}mm",
        characters=list(shot["characters"]),
        location=shot["location"] or "",
        props=list(shot.get("props", [])),
        duration=shot.get("duration"),
        status=shot["status"],
    )


def shot_list_rows(project: Project) -> list[ShotRow]:
    """Return the shot list: every shot of the active screenplay, in order.

    Raises:
        InvalidInputError: there are no shots yet.
    """
    with project.read() as s:
        shots = build_snapshot(s)["shots"]
    if not shots:
        raise InvalidInputError("the project has no shots yet; break scenes into shots first")
    return [_shot_row(shot) for shot in shots]


def export_shot_list_csv(project: Project) -> str:
    """Write the shot list (every shot of the active screenplay, in order) as CSV."""
    return write_shot_list_csv(shot_list_rows(project))
