"""A readable before/after of a text: word-wise insertions and deletions, for a scene's versions."""

from __future__ import annotations

import difflib
import re
from typing import Literal, TypedDict

__all__ = ["Piece", "word_diff"]

_TOKEN = re.compile(r"\s+|\w+(?:'\w+)?|[^\w\s]")
_CONTEXT_TOKENS = 24
"""Unchanged words kept either side of a change; longer unchanged stretches are shortened to '…'."""


class Piece(TypedDict):
    """One run of the diff: text that stayed (``eq``), was added (``ins``) or was taken out (``del``)."""

    op: Literal["eq", "ins", "del"]
    text: str


def _shorten(tokens: list[str], first: bool, last: bool) -> str:
    """Keep the unchanged words next to a change; an unchanged stretch in between reads '…'."""
    if len(tokens) <= 2 * _CONTEXT_TOKENS:
        return "".join(tokens)
    head = [] if first else tokens[:_CONTEXT_TOKENS]
    tail = [] if last else tokens[-_CONTEXT_TOKENS:]
    # Cut at whitespace, so the kept context starts and ends with whole words (never " … ) walks").
    while tail and not tail[0].isspace():
        tail = tail[1:]
    while head and not head[-1].isspace():
        head = head[:-1]
    return "".join(head) + "…" + "".join(tail)


def word_diff(old: str, new: str) -> list[Piece]:
    """Return ``new`` against ``old`` as runs of kept, inserted and deleted words (whitespace kept)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.append({"op": "eq", "text": _shorten(a[i1:i2], i == 0, i == len(opcodes) - 1)})
            continue
        if tag in ("delete", "replace"):
            pieces.append({"op": "del", "text": "".join(a[i1:i2])})
        if tag in ("insert", "replace"):
            pieces.append({"op": "ins", "text": "".join(b[j1:j2])})
    return [p for p in pieces if p["text"]]
