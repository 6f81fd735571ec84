"""Typo fixing that leaves real words alone: a slip of the fingers is one or two letters, never a new word.

``cues.correct_spelling`` pulls an unknown word towards the nearest word the director keys on. A word the
local vocabulary does not hold can still be a real one ("a transistor radio", "a zoetrope"), and pulling it
onto a cue ("transition") changes what was asked. A typo is a letter or two dropped, added, changed or
swapped; a word three or more edits away from its "fix" was written on purpose and is kept as said.
"""

from __future__ import annotations

import re

from agent.llm.offline.cues import correct_spelling as _nearest_cues

__all__ = ["correct_spelling", "edits_apart"]

_WORD = re.compile(r"[A-Za-z]+")
_MOST_SLIPS = 2
"""The most edits a typo is taken to hold; more is another word."""


def edits_apart(a: str, b: str) -> int:
    """Return the edits (letter changed, added, dropped, or two neighbours swapped) between two words."""
    a, b = a.lower(), b.lower()
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def correct_spelling(text: str, extra: frozenset[str] | tuple[str, ...] = ()) -> str:
    """Fix likely typos of the words the director keys on, keeping every word too far from its fix to be one."""
    fixed = _nearest_cues(text, extra)
    said, got = _WORD.findall(text), _WORD.findall(fixed)
    if fixed == text or len(said) != len(got):  # the fixer swaps word for word; anything else is kept as fixed
        return fixed
    choices = iter([w if edits_apart(w, g) > _MOST_SLIPS else g for w, g in zip(said, got, strict=True)])
    return _WORD.sub(lambda _m: next(choices), text)
