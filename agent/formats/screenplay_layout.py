"""Lay a screenplay out in lines of Courier: where each element starts, how it wraps, what goes with what.

Courier is ten characters an inch in every style, so a line is a row of styled characters at a known
x and wrapping counts characters. :mod:`agent.formats.screenplay_pdf` puts these lines on pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from agent.formats.emphasis import emphasis_runs
from agent.formats.fountain import Element, scene_elements

__all__ = [
    "CHAR_W",
    "INCH",
    "LINE_H",
    "Block",
    "Cell",
    "Geometry",
    "Line",
    "Span",
    "body_blocks",
    "cells",
    "heading_block",
    "more_line",
    "title_page_lines",
]

INCH = 72.0
CHAR_W = 7.2
"""Courier 12 pt: every character is 0.6 em wide, ten to the inch."""
LINE_H = 12.0
"""Six lines to the inch."""

Cell = tuple[str, tuple[bool, bool, bool]]
"""One character and its style: (bold, italic, underline)."""

_OMITTED = frozenset({"note", "boneyard", "section", "synopsis"})  # not printed in a script, as in Final Draft
_IN_SPEECH = frozenset({"parenthetical", "dialogue", "lyrics"})
_CENTERED_KEYS = ("title", "credit", "author", "authors", "source")
_RIGHT_KEYS = ("draft date", "date", "revision")
_CONTD = "(CONT'D)"


@dataclass(frozen=True)
class Span:
    """Characters printed from ``x`` points on."""

    x: float
    cells: tuple[Cell, ...]


Line = tuple[Span, ...]
"""One printed line: usually one span, two side by side in dual dialogue."""


@dataclass(frozen=True)
class Block:
    """Lines that belong together (a speech, a paragraph of action) and where the page may break them."""

    lines: Sequence[Line]
    kinds: Sequence[str]
    """Per line: 'cue', 'paren', 'speech' or 'text'; a speech breaks only after a 'speech' line."""
    before: int
    """Blank lines before the block (none at the top of a page)."""
    kind: str
    """'heading', 'action', 'speech', 'dual', 'transition', 'centered' or 'page_break'."""
    cue: Line | None = None
    """For a speech: the ``NAME (CONT'D)`` cue it goes on under after a page break."""


@dataclass(frozen=True)
class _Voice:
    """Where the parts of a speech stand: cue, parenthetical and dialogue, x in points and widths in characters."""

    cue_x: float
    cue_w: int
    paren_x: float
    paren_w: int
    speech_x: float
    speech_w: int


@dataclass(frozen=True)
class Geometry:
    """The page's measures: the action column, the flush-right edge, the voices, the lines a page holds."""

    left: float
    right: float
    action_w: int
    lines_per_page: int
    voice: _Voice
    dual: tuple[_Voice, _Voice]

    @classmethod
    def for_page(cls, width: float, body_height: float) -> Geometry:
        """Measure a page ``width`` points wide with ``body_height`` points between the top and bottom margins."""
        left, right = 1.5 * INCH, width - INCH
        action_w = int((right - left) / CHAR_W + 1e-6)
        voice = _Voice(3.7 * INCH, int((right - 3.7 * INCH) / CHAR_W), 3.1 * INCH, 24, 2.5 * INCH, 35)
        half = (action_w - 2) // 2  # two columns with two characters between them
        columns = tuple(
            _Voice(x + 8 * CHAR_W, half - 8, x + 4 * CHAR_W, half - 6, x, half)
            for x in (left, left + (half + 2) * CHAR_W)
        )
        return cls(left, right, action_w, int(body_height / LINE_H + 1e-6), voice, (columns[0], columns[1]))


def cells(text: str, *, italic: bool = False, upper: bool = False) -> list[Cell]:
    """Turn one line of Fountain text into styled characters the PDF's built-in fonts can print ('?' if not)."""
    out: list[Cell] = []
    for run in emphasis_runs(text.replace("\n", " ").replace("\t", "    ")):
        piece = run.text.upper() if upper else run.text
        printable = piece.encode("cp1252", "replace").decode("cp1252")
        style = (run.bold, run.italic or italic, run.underline)
        out.extend((ch, style) for ch in printable)
    return out


def _wrap(row: list[Cell], width: int) -> list[tuple[Cell, ...]]:
    """Break a row of characters into lines of at most ``width``, at spaces where there is one."""
    lines: list[tuple[Cell, ...]] = []
    width = max(1, width)
    while len(row) > width:
        cut = next((i for i in range(width, 0, -1) if row[i][0] == " "), 0)
        head, row = (row[:cut], row[cut + 1:]) if cut else (row[:width], row[width:])
        lines.append(tuple(_rstrip(head)))
        while row and row[0][0] == " ":
            row = row[1:]
    lines.append(tuple(_rstrip(row)))
    return lines


def _rstrip(row: list[Cell]) -> list[Cell]:
    end = len(row)
    while end and row[end - 1][0] == " ":
        end -= 1
    return row[:end]


def _lines(text: str, x: float, width: int, *, italic: bool = False, upper: bool = False) -> list[Line]:
    """Wrap each source line of ``text`` to ``width`` characters from ``x``."""
    return [(Span(x, part),) for source in text.split("\n")
            for part in _wrap(cells(source, italic=italic, upper=upper), width)]


def _aligned(text: str, g: Geometry, *, align: str, upper: bool = False) -> list[Line]:
    """Wrap ``text`` to the action column and center it or set it flush right."""
    out: list[Line] = []
    for source in text.split("\n"):
        for part in _wrap(cells(source.strip(), upper=upper), g.action_w):
            if align == "right":
                x = g.right - len(part) * CHAR_W
            else:
                x = g.left + (g.action_w - len(part)) / 2 * CHAR_W
            out.append((Span(x, part),))
    return out


def heading_block(heading: str, number: str | None, g: Geometry) -> Block:
    """Lay out a scene heading in capitals, its number (if any) on both sides of the first line."""
    lines = _lines(" ".join(heading.split()), g.left, g.action_w, upper=True)
    if number:
        label = tuple(cells(number))
        left = max(0.25 * INCH, g.left - (len(label) + 2) * CHAR_W)
        lines[0] = (Span(left, label), *lines[0], Span(g.right + 2 * CHAR_W, label))
    return Block(lines, ["text"] * len(lines), 2, "heading")


def more_line(g: Geometry) -> Line:
    """Return the (MORE) line that ends a page in the middle of a speech."""
    return (Span(g.voice.cue_x, tuple(cells("(MORE)"))),)


def _hanging(row: list[Cell], x: float, width: int) -> list[Line]:
    """Wrap a parenthetical with its second and later lines one character in, under the text after '('."""
    first = _wrap(row, width)[0]
    rest = row[len(first):]
    while rest and rest[0][0] == " ":
        rest = rest[1:]
    return [(Span(x, first),), *((Span(x + CHAR_W, part),) for part in (_wrap(rest, width - 1) if rest else []))]


def _cue(element: Element, *, contd: bool = False) -> str:
    name = element.name or element.text.strip().removeprefix("@").removesuffix("^").strip()
    extension = element.extension or ""
    if contd and _CONTD not in extension.upper():
        extension = f"{extension} {_CONTD}".strip()
    return f"{name} {extension}".strip()


def _speech(items: Sequence[Element], voice: _Voice) -> tuple[list[Line], list[str]]:
    """Lay out a cue and what follows it (parentheticals, dialogue, sung lines); return lines and their kinds."""
    lines = _lines(_cue(items[0]), voice.cue_x, voice.cue_w, upper=True)
    kinds = ["cue"] * len(lines)
    for item in items[1:]:
        if item.type == "parenthetical":
            paren = _hanging(cells(" ".join(item.text.split())), voice.paren_x, voice.paren_w)
            lines += paren
            kinds += ["paren"] * len(paren)
        else:
            said = _lines(item.text, voice.speech_x, voice.speech_w, italic=item.type == "lyrics")
            lines += said
            kinds += ["speech"] * len(said)
    return lines, kinds


def _speech_block(items: Sequence[Element], g: Geometry) -> Block:
    lines, kinds = _speech(items, g.voice)
    cue = (Span(g.voice.cue_x, tuple(cells(_cue(items[0], contd=True), upper=True))),)
    return Block(lines, kinds, 1, "speech", cue)


def _dual_block(first: Sequence[Element], second: Sequence[Element], g: Geometry) -> Block:
    """Lay two speeches side by side, the first on the left."""
    left, _ = _speech(first, g.dual[0])
    right, _ = _speech(second, g.dual[1])
    rows = [(*(a or ()), *(b or ())) for a, b in zip_longest(left, right)]
    return Block(rows, ["text"] * len(rows), 1, "dual")


def _speech_end(elements: Sequence[Element], start: int) -> int:
    end = start + 1
    while end < len(elements) and elements[end].type in _IN_SPEECH:
        end += 1
    return end


def _element_block(element: Element, g: Geometry) -> Block | None:
    kind = element.type
    if kind == "page_break":
        return Block([], [], 0, "page_break")
    if kind == "scene_heading":
        return heading_block(element.text, element.scene_number, g)
    if kind == "transition":
        lines = _aligned(element.text, g, align="right", upper=True)
        return Block(lines, ["text"] * len(lines), 1, "transition")
    if kind == "centered":
        lines = _aligned(element.text, g, align="center")
        return Block(lines, ["text"] * len(lines), 1, "centered")
    if kind in ("action", "lyrics", "dialogue", "parenthetical"):  # the last two only if the source is odd
        lines = _lines(element.text, g.left, g.action_w, italic=kind == "lyrics")
        return Block(lines, ["text"] * len(lines), 1, "action")
    return None


def body_blocks(text: str, g: Geometry) -> list[Block]:
    """Lay out a scene body (or the text before the first scene) read as Fountain.

    Raises:
        FountainError: the text is not text (see :func:`agent.formats.fountain.parse_fountain`).
    """
    elements = [e for e in scene_elements(text) if e.type not in _OMITTED]
    blocks: list[Block] = []
    i = 0
    while i < len(elements):
        element = elements[i]
        if element.type != "character":
            block = _element_block(element, g)
            blocks += [block] if block is not None else []
            i += 1
            continue
        end = _speech_end(elements, i)
        partner = elements[end] if end < len(elements) else None
        if element.dual and partner is not None and partner.type == "character" and partner.dual:
            after = _speech_end(elements, end)
            blocks.append(_dual_block(elements[i:end], elements[end:after], g))
            i = after
        else:
            blocks.append(_speech_block(elements[i:end], g))
            i = end
    return blocks


def title_page_lines(
    title_page: Sequence[tuple[str, str]], fallback: str, g: Geometry
) -> tuple[list[Line], list[Line], list[Line]]:
    """Lay out the title page: (title, credit, author and source centered; contact and notes; draft date).

    The title falls back to ``fallback`` (the project's name) when the title page has none.
    """
    pairs = [(key.strip().lower(), key.strip(), value) for key, value in title_page if value.strip()]
    if not any(key == "title" for key, _, _ in pairs):
        pairs.insert(0, ("title", "Title", fallback))
    middle: list[Line] = []
    for wanted in _CENTERED_KEYS:
        for key, _, value in pairs:
            if key == wanted:
                middle += [*([()] if middle else []), *_aligned(value, g, align="center")]
    half = g.action_w // 2
    left: list[Line] = []
    right: list[Line] = []
    for key, name, value in pairs:
        if key in _CENTERED_KEYS:
            continue
        if key in _RIGHT_KEYS:
            right += [(Span(g.right - len(part) * CHAR_W, part),)
                      for source in value.split("\n") for part in _wrap(cells(source.strip()), half)]
        else:
            shown = value if key in ("contact", "copyright", "notes") else f"{name}: {value}"
            left += [*([()] if left else []), *_lines("\n".join(v.strip() for v in shown.split("\n")), g.left, half)]
    return middle, left, right
