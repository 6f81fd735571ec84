"""Write a screenplay as Final Draft XML (``.fdx``).

Each scene body is parsed as Fountain and mapped onto Final Draft paragraph types: Scene Heading
(with ``Number``), Action, Character, Parenthetical, Dialogue, Transition; centered text becomes
centered Action; lyrics inside a dialogue block become Dialogue in italics; dual dialogue is wrapped
in ``<DualDialogue>``; a page break sets ``StartsNewPage="Yes"`` on the next paragraph. Each source
line of action and dialogue becomes its own paragraph, as screenplain's FDX output does. Notes,
boneyard, sections and synopses are not printed in a Final Draft script, so they are left out.
Emphasis (``*italic*``, ``**bold**``, ``_underline_``) becomes ``Style`` on ``<Text>`` runs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from agent.formats.errors import FountainError
from agent.formats.fountain import Element, SceneSource, emphasis_runs, scene_elements

__all__ = ["FDX_VERSION", "write_fdx"]

FDX_VERSION = "5"

# Characters XML 1.0 cannot carry at all; they are dropped rather than producing a file nobody can open.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CENTERED_KEYS = frozenset({"title", "credit", "author", "authors", "source"})
_VALUE_ONLY_KEYS = _CENTERED_KEYS | {"contact", "draft date", "copyright", "notes", "revision"}
_OMITTED = frozenset({"note", "boneyard", "section", "synopsis"})


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


class _Writer:
    """Append FDX paragraphs to a parent element, remembering a pending page break."""

    def __init__(self, parent: ET.Element) -> None:
        self.parent = parent
        self.new_page = False

    def paragraph(
        self, kind: str, text: str, *, italic: bool = False, attrs: dict[str, str] | None = None
    ) -> ET.Element:
        para = ET.SubElement(self.parent, "Paragraph", {"Type": kind, **(attrs or {})})
        if self.new_page:
            para.set("StartsNewPage", "Yes")
            self.new_page = False
        _runs(para, text, italic=italic)
        return para

    def lines(self, kind: str, text: str) -> None:
        for line in text.split("\n"):
            self.paragraph(kind, line)


def _runs(para: ET.Element, text: str, *, italic: bool = False) -> None:
    runs = [run for run in emphasis_runs(_clean(text)) if run.text] or None
    if runs is None:
        ET.SubElement(para, "Text").text = ""
        return
    for run in runs:
        node = ET.SubElement(para, "Text")
        styles = [
            name
            for name, on in (
                ("Bold", run.bold),
                ("Italic", run.italic or italic),
                ("Underline", run.underline),
            )
            if on
        ]
        if styles:
            node.set("Style", "+".join(styles))
        node.text = run.text


def _cue_text(element: Element) -> str:
    cue = element.text.strip().removeprefix("@").strip()
    if cue.endswith("^"):
        cue = cue[:-1].rstrip()
    return cue


def _element(out: _Writer, element: Element, *, in_block: bool) -> None:
    kind = element.type
    if kind == "page_break":
        out.new_page = True
    elif kind == "scene_heading":
        attrs = {"Number": element.scene_number} if element.scene_number else {}
        out.paragraph("Scene Heading", element.text, attrs=attrs)
    elif kind == "character":
        out.paragraph("Character", _cue_text(element))
    elif kind == "parenthetical":
        out.paragraph("Parenthetical", element.text)
    elif kind == "dialogue":
        out.lines("Dialogue", element.text)
    elif kind == "lyrics":
        out.paragraph("Dialogue" if in_block else "Action", element.text, italic=True)
    elif kind == "transition":
        out.paragraph("Transition", element.text)
    elif kind == "centered":
        out.paragraph("Action", element.text, attrs={"Alignment": "Center"})
    elif kind == "action":
        out.lines("Action", element.text)


def _elements(out: _Writer, elements: Sequence[Element]) -> None:
    in_block = False
    i = 0
    while i < len(elements):
        element = elements[i]
        if element.type in _OMITTED:
            i += 1
            continue
        if element.type == "character" and element.dual:
            i = _dual(out, elements, i)
            in_block = False
            continue
        in_block = element.type in ("character", "dialogue", "parenthetical", "lyrics") and (
            in_block or element.type == "character"
        )
        _element(out, element, in_block=in_block)
        i += 1


def _dual(out: _Writer, elements: Sequence[Element], start: int) -> int:
    """Write one dual-dialogue pair starting at ``start``; return the index after it."""
    holder = ET.SubElement(out.parent, "Paragraph")
    if out.new_page:
        holder.set("StartsNewPage", "Yes")
        out.new_page = False
    inner = _Writer(ET.SubElement(holder, "DualDialogue"))
    cues = 0
    i = start
    while i < len(elements):
        element = elements[i]
        if element.type in _OMITTED:
            i += 1
            continue
        if not element.dual or (element.type == "character" and cues == 2):
            break
        cues += element.type == "character"
        _element(inner, element, in_block=True)
        i += 1
    return i


def _title_page(root: ET.Element, title_page: Sequence[tuple[str, str]]) -> None:
    content = ET.SubElement(ET.SubElement(root, "TitlePage"), "Content")
    out = _Writer(content)
    for key, value in title_page:
        lowered = key.strip().lower()
        align = "Center" if lowered in _CENTERED_KEYS else "Left"
        lines = [line.strip() for line in value.split("\n") if line.strip()]
        if lowered not in _VALUE_ONLY_KEYS and lines:
            lines[0] = f"{key.strip()}: {lines[0]}"
        for line in lines:
            out.paragraph("Text", line, attrs={"Alignment": align})
        out.paragraph("Text", "", attrs={"Alignment": align})


def write_fdx(
    *, title_page: Sequence[tuple[str, str]], scenes: Sequence[SceneSource], preamble: str = ""
) -> str:
    """Write the screenplay as a Final Draft XML document (``DocumentType="Script"``).

    Raises:
        FountainError: a scene heading is empty or multi-line, or a body is not text.
    """
    root = ET.Element("FinalDraft", {"DocumentType": "Script", "Template": "No", "Version": FDX_VERSION})
    out = _Writer(ET.SubElement(root, "Content"))
    if preamble.strip():
        _elements(out, scene_elements(preamble))
    for number, (heading, scene_number, content) in enumerate(scenes, start=1):
        text = " ".join(heading.split())
        if not text or "\n" in heading.strip():
            raise FountainError(f"scene {number} heading must be one non-empty line")
        attrs = {"Number": _clean(scene_number.strip())} if scene_number and scene_number.strip() else {}
        out.paragraph("Scene Heading", text, attrs=attrs)
        if content.strip():
            _elements(out, scene_elements(content))
    if title_page:
        _title_page(root, title_page)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + body + "\n"
