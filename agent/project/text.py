"""One rule for one-line text people name things with: entity names, project names, scene headings, tags.

Whitespace of any kind (newlines, CR, tabs) folds into single spaces; invisible format characters (zero-width
space and joiners, word joiner, soft hyphen, byte-order mark, direction marks) are stripped, so "I\u200bDA"
is "IDA"; control characters (ANSI escapes among them) and text-direction overrides, embeddings and isolates
are refused, because they make the text display as something other than it is.
"""

from __future__ import annotations

import unicodedata

from agent.project.errors import InvalidInputError

__all__ = ["BIDI_CONTROLS", "clean_line"]

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what is shown around them."""


def _refused(ch: str) -> bool:
    # Controls (ANSI escapes, NUL, BEL) and lone surrogates; unassigned code points stay (newer emoji).
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs")


def clean_line(text: str, *, what: str, max_chars: int) -> str:
    """Return ``text`` as one clean line, or raise InvalidInputError naming ``what`` ("a name", "a heading").

    Raises:
        InvalidInputError: the text is empty once cleaned, too long, or holds control, direction-override or
            lone surrogate characters.
    """
    # Fold whitespace first: a newline or tab is a separator, not a control to refuse.
    folded = " ".join(str(text).split())
    if any(_refused(ch) for ch in folded):
        raise InvalidInputError(f"{what} cannot contain control or text-direction override characters")
    cleaned = " ".join("".join(ch for ch in folded if unicodedata.category(ch) != "Cf").split())
    if not cleaned:
        raise InvalidInputError(f"{what} cannot be empty")
    if len(cleaned) > max_chars:
        raise InvalidInputError(f"{what} is longer than {max_chars} characters")
    return cleaned
