"""Tell a rewrite that brings something into a scene from a request about something the film lacks."""

from __future__ import annotations

import re

__all__ = ["writes_in"]

_REWRITE_SO = re.compile(r"^\W*(?:(?:and|also|then|now|ok|okay|please)[,]?\s+)*(?:(?:can|could)\s+you\s+)?"
                         r"(?:re-?write|re-?do|re-?work|redraft)\s+(?:it|that|this|(?:the\s+)?scene(?:\s+\d{1,3})?)\s+"
                         r"(?:so|so\s+that|such\s+that)\s+(?:the|there|it|a|an|some)\b", re.I)
"""A rewrite said by how the scene should be afterwards: "redo it so the curtains are drawn"."""


def writes_in(clause: str) -> bool:
    """Tell whether a rewrite says what the scene should have: the curtains of "so the curtains are drawn".

    A thing the film does not have yet is then what the rewrite brings in, not a part the film-maker
    misremembered.
    """
    return bool(_REWRITE_SO.search(clause))
