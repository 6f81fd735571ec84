"""The screenplay out of the project as a PDF in standard US screenplay format, title page first."""

from __future__ import annotations

import io

from agent.formats.screenplay_pdf import write_screenplay_pdf
from agent.project import InvalidInputError, Project
from agent.project.screenplay import screenplay_sources

__all__ = ["screenplay_pdf"]


def screenplay_pdf(project: Project, *, paper: str = "letter", numbered: bool | None = None) -> bytes:
    """Return the screenplay (active branch) as a PDF; the title page falls back to the project's name.

    ``numbered`` is as for :func:`agent.formats.screenplay_pdf.write_screenplay_pdf` (None: the numbers
    the screenplay has).

    Raises:
        InvalidInputError: the project has no scenes.
        ExportError: an unknown paper size or a scene that cannot be read.
    """
    with project.read() as s:
        title_page, preamble, scenes = screenplay_sources(s)
    if not scenes:
        raise InvalidInputError("the project has no scenes yet; there is no screenplay to export")
    out = io.BytesIO()
    write_screenplay_pdf(title_page=title_page, preamble=preamble, scenes=scenes, out=out,
                         fallback_title=project.name(), paper=paper, numbered=numbered)
    return out.getvalue()
