"""Exports: one function for every format the CLI and the editor's tools can write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent.assets import atomic_write
from agent.project import Project

__all__ = ["EXPORT_FORMATS", "EXTENSIONS", "export_project"]

EXPORT_FORMATS = ("fountain", "fdx", "otio", "edl", "fcpxml", "csv", "srt", "bundle")
EXTENSIONS = {
    "fountain": ".fountain", "fdx": ".fdx", "otio": ".otio", "edl": ".edl", "fcpxml": ".xml", "csv": ".csv",
    "srt": ".srt", "bundle": ".zip",
}  # fmt: skip


def _text(project: Project, fmt: str) -> str:
    from agent.media.from_project import project_srt
    from agent.project.screenplay import export_fdx, export_fountain, export_shot_list_csv

    writers: dict[str, Callable[[Project], str]] = {
        "fountain": export_fountain, "fdx": export_fdx, "csv": export_shot_list_csv, "srt": project_srt,
    }  # fmt: skip
    return writers[fmt](project)


def export_project(project: Project, fmt: str, out: Path) -> Path:
    """Write the project in ``fmt`` to ``out`` (atomically: a failed export leaves no file there)."""
    if fmt not in EXPORT_FORMATS:
        from agent.project import InvalidInputError

        raise InvalidInputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "bundle":
        from agent.project import export_bundle

        return export_bundle(project, out)
    if fmt in ("otio", "edl", "fcpxml"):
        from agent.formats.nle import write_edl, write_fcp_xml, write_otio
        from agent.media.from_project import timeline_from_project

        writer = {"otio": write_otio, "edl": write_edl, "fcpxml": write_fcp_xml}[fmt]
        writer(timeline_from_project(project), out)
        return out
    atomic_write(out, _text(project, fmt).encode("utf-8"))
    return out
