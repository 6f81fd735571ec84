"""A request to throw the whole screenplay away, spelled as the step the tools take: delete every scene.

"bin the entire script, I'm starting from scratch", "wipe every scene and begin on an empty page": the
screenplay goes, all of it. The delete tool asks first (what goes is listed), so the film-maker still decides;
an idea ("what if we started over?") or a question is not this request and is left as said.
"""

from __future__ import annotations

import re

__all__ = ["EVERY_SCENE", "whole_screenplay"]

EVERY_SCENE = "delete every scene"
"""The step: the delete tool's every_scene empties the screenplay (asked first)."""

_VERB = (r"(?:throw(?:ing)?|toss(?:ing)?|chuck(?:ing)?|bin(?:ning)?|scrap(?:ping)?|ditch(?:ing)?|dump(?:ing)?|"
         r"delete|deleting|wipe|wiping|clear|clearing|erase|erasing|trash(?:ing)?|junk(?:ing)?|get\s+rid\s+of|"
         r"empty|emptying|blank|blanking)")
_WHOLE = r"(?:the|this|my|our)\s+(?:whole|entire|complete)\s+(?:screenplay|script|draft|thing)"
_EVERY = r"(?:every\s+(?:single\s+)?scene|all\s+(?:of\s+)?(?:the\s+)?scenes|all\s+(?:of\s+)?(?:the|this|my|our)\s+" \
         r"(?:screenplay|script))"
_ALL_OF_IT = r"(?:completely|entirely|totally|altogether|wholesale)"
_THROWN = re.compile(rf"\b{_VERB}\s+(?:away\s+|out\s+)?(?:{_WHOLE}|{_EVERY})\b|\b{_VERB}\s+{_WHOLE}\s+(?:away|out)\b|"
                     rf"\b{_VERB}\s+(?:out\s+)?(?:the|this|my|our)\s+(?:screenplay|script)\s+(?:out\s+)?{_ALL_OF_IT}\b|"
                     rf"\b{_ALL_OF_IT}\s+{_VERB}\s+(?:out\s+)?(?:the|this|my|our)\s+(?:screenplay|script)\b|"
                     rf"\b{_VERB}\s+(?:out\s+)?(?:the|this|my|our)\s+(?:screenplay|script)\W+(?:all\s+of\s+it|every\s+word|"
                     rf"the\s+(?:lot|whole\s+thing))\b", re.I)
"""The screenplay thrown away whole: "scrap the entire script", "chuck the whole screenplay out"."""
_FRESH = re.compile(r"\bstart(?:ing)?\s+(?:again|over|afresh)\s+(?:from|on|with)\s+(?:a\s+)?(?:blank|empty|clean)\s+"
                    r"(?:page|slate|sheet)\b|^\W*(?:let'?s\s+|i\s+want\s+to\s+|time\s+to\s+)?start(?:ing)?\s+"
                    r"(?:again\s+|over\s+)?from\s+scratch\W*$", re.I)
"""A fresh start said as a blank page (on its own it is a wish; with the screenplay thrown away, the same request)."""
_NOT_ASKED = re.compile(r"\?\s*$|^\W*(?:what\s+if|should\s+(?:we|i)|shall\s+(?:we|i)|would\s+it|could\s+we\s+ever|"
                        r"do\s+you\s+think|imagine|if\s+we)\b|\b(?:don'?t|do\s+not|never|wouldn'?t|won'?t)\s+"
                        rf"(?:\w+\s+){{0,2}}{_VERB}", re.I)
"""An idea or a question about starting over, or a refusal: nothing is proposed."""


def whole_screenplay(clause: str) -> str | None:
    """Return the delete-every-scene step when a clause asks to throw the whole screenplay away, else None."""
    if _NOT_ASKED.search(clause.strip()):
        return None
    if _THROWN.search(clause):
        return EVERY_SCENE
    return None


def starts_afresh(clause: str) -> bool:
    """Tell whether a clause only says the film-maker starts again on a blank page (it follows the throwing away)."""
    return bool(_FRESH.search(clause))


def as_blank_page(clauses: list[str]) -> list[str]:
    """Spell a message's clauses that throw the whole screenplay away as one step; a blank page beside it is the same.

    "bin the entire script and start over on an empty page" is one request (two clauses): one step, asked once.
    """
    steps = [EVERY_SCENE if whole_screenplay(c) else c for c in clauses]
    if EVERY_SCENE not in steps:
        return clauses
    first = steps.index(EVERY_SCENE)
    return [c for i, c in enumerate(steps) if i == first or (c != EVERY_SCENE and not starts_afresh(c))]
