"""Fountain emphasis: split ``***bold italic***``, ``**bold**``, ``*italic*`` and ``_underline_`` into styled runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

__all__ = ["TextRun", "emphasis_runs", "plain_text"]


@dataclass(frozen=True, slots=True)
class TextRun:
    """A stretch of text in one style (see :func:`emphasis_runs`)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


_EMPHASIS_TOKEN = re.compile(r"\\[*_\\]|\*+|_+|[^\\*_]+|\\")
_STYLES = {("*", 1): (0, 1, 0), ("*", 2): (1, 0, 0), ("*", 3): (1, 1, 0), ("_", 1): (0, 0, 1)}


def _line_runs(line: str) -> list[TextRun]:
    tokens = list(_EMPHASIS_TOKEN.finditer(line))
    stacks: dict[tuple[str, int], list[int]] = {}
    pairs: dict[int, tuple[int, int, int, int]] = {}  # token index -> (sign, bold, italic, underline)
    for i, m in enumerate(tokens):
        tok = m.group()
        key = (tok[0], len(tok))
        if key not in _STYLES:
            continue
        can_open = m.end() < len(line) and not line[m.end()].isspace()
        can_close = m.start() > 0 and not line[m.start() - 1].isspace()
        stack = stacks.setdefault(key, [])
        if can_close and stack:
            opener = stack.pop()
            pairs[opener] = (1, *_STYLES[key])
            pairs[i] = (-1, *_STYLES[key])
        elif can_open:
            stack.append(i)
    runs: list[TextRun] = []
    bold = italic = underline = 0
    for i, m in enumerate(tokens):
        if i in pairs:
            sign, b, it, u = pairs[i]
            bold, italic, underline = bold + sign * b, italic + sign * it, underline + sign * u
            continue
        tok = m.group()
        text = tok[1] if len(tok) == 2 and tok[0] == "\\" else tok
        runs.append(TextRun(text, bold > 0, italic > 0, underline > 0))
    return runs


def emphasis_runs(text: str) -> list[TextRun]:
    r"""Split text into styled runs: ``***bold italic***``, ``**bold**``, ``*italic*``, ``_underline_``.

    Markers pair within a line; unpaired markers stay literal; ``\*``, ``\_`` and ``\\`` are escapes.
    """
    pieces: list[TextRun] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append(TextRun("\n"))
        pieces.extend(_line_runs(line))
    # Join neighbours of one style in a single pass (repeated concatenation would be quadratic).
    runs: list[TextRun] = []
    for style, group in groupby(pieces, key=lambda run: (run.bold, run.italic, run.underline)):
        runs.append(TextRun("".join(run.text for run in group), *style))
    return runs


def plain_text(text: str) -> str:
    """Strip emphasis markers and resolve backslash escapes, keeping everything else."""
    return "".join(run.text for run in emphasis_runs(text))
