"""Exports, all in one place: one function for every format the CLI and the editor's tools can write.

The writers are pure (:mod:`agent.formats`, :mod:`agent.media.nle`); the modules here gather what they
write from the project: :mod:`.screenplay` (Fountain, FDX, shot-list CSV), :mod:`.screenplay_pdf` (the
screenplay as PDF), :mod:`.breakdown` (the breakdown sheet), :mod:`.boards` (the storyboard),
:mod:`.paperwork` (the other PDFs and breakdown CSV) and :mod:`.subtitles` (SRT and WebVTT captions);
the NLE formats are written from the media timeline (:mod:`agent.media.nle`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent.assets import atomic_write
from agent.exports.screenplay import export_fdx, export_fountain, export_shot_list_csv
from agent.formats.errors import ExportError
from agent.project import InvalidInputError, Project, export_bundle

__all__ = ["EXPORT_FORMATS", "EXTENSIONS", "PDF_FORMATS", "default_paper", "export_project"]

EXPORT_FORMATS = ("fountain", "fdx", "screenplay-pdf", "otio", "edl", "fcpxml", "csv", "srt", "vtt", "bundle",
                  "storyboard-pdf", "shotlist-pdf", "breakdown-csv", "breakdown-pdf")
EXTENSIONS = {
    "fountain": ".fountain", "fdx": ".fdx", "screenplay-pdf": ".pdf", "otio": ".otio", "edl": ".edl", "fcpxml": ".xml",
    "csv": ".csv", "srt": ".srt", "vtt": ".vtt", "bundle": ".zip", "storyboard-pdf": ".pdf", "shotlist-pdf": ".pdf",
    "breakdown-csv": ".csv", "breakdown-pdf": ".pdf",
}
PDF_FORMATS = ("screenplay-pdf", "storyboard-pdf", "shotlist-pdf", "breakdown-pdf")


def default_paper(fmt: str) -> str:
    """Return the paper a PDF format is printed on unless asked: US letter for the screenplay, A4 for the rest."""
    # Screenplay page counts (a page a minute) are reckoned on US letter; the crew's paperwork follows local paper.
    return "letter" if fmt == "screenplay-pdf" else "a4"


def _text(project: Project, fmt: str) -> str:
    # Loaded on use: the media and PDF modules are heavy, and the CLI imports this package to start.
    from agent.exports.paperwork import export_breakdown_csv
    from agent.exports.subtitles import project_srt, project_vtt  # deferred: timeline building loads only for subtitles

    writers: dict[str, Callable[[Project], str]] = {
        "fountain": export_fountain, "fdx": export_fdx, "csv": export_shot_list_csv, "srt": project_srt,
        "vtt": project_vtt, "breakdown-csv": export_breakdown_csv,
    }
    return writers[fmt](project)


def _pdf(project: Project, fmt: str, *, layout: str, paper: str) -> bytes:
    # Deferred: the PDF writers load only to write a PDF.
    from agent.exports.paperwork import breakdown_pdf, shot_list_pdf, storyboard_pdf
    from agent.exports.screenplay_pdf import screenplay_pdf

    if fmt == "screenplay-pdf":
        return screenplay_pdf(project, paper=paper)
    if fmt == "storyboard-pdf":
        return storyboard_pdf(project, layout=layout, paper=paper)
    return (shot_list_pdf if fmt == "shotlist-pdf" else breakdown_pdf)(project, paper=paper)


def export_project(project: Project, fmt: str, out: Path, *, layout: str = "3x2", paper: str | None = None) -> Path:
    """Write the project in ``fmt`` to ``out`` (atomically: a failed export leaves no file there).

    ``layout`` (columns x rows of panels) and ``paper`` ('a4' or 'letter'; by default see
    :func:`default_paper`) shape the PDF formats.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt in PDF_FORMATS:
        try:
            data = _pdf(project, fmt, layout=layout, paper=paper or default_paper(fmt))
        except ExportError as exc:
            raise InvalidInputError(str(exc)) from exc
        atomic_write(out, data)
        return out
    if fmt == "bundle":
        return export_bundle(project, out)
    if fmt in ("otio", "edl", "fcpxml"):
        # Deferred: the media stack loads only for timeline formats.
        from agent.media.from_project import timeline_from_project
        from agent.media.nle import write_edl, write_fcp_xml, write_otio

        writer = {"otio": write_otio, "edl": write_edl, "fcpxml": write_fcp_xml}[fmt]
        writer(timeline_from_project(project), out)
        return out
    atomic_write(out, _text(project, fmt).encode("utf-8"))
    return out
