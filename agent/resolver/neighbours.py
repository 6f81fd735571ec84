"""A scene named by its neighbour: "the scene after the ferry ride" is the one that follows the ferry scene."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from agent.resolver.scenes import SceneInfo, SceneMatch, SceneReference

__all__ = ["neighbour_refs"]

_NEIGHBOUR = re.compile(
    r"\bthe\s+(?:scene|one)\s+(?:(?:right|just|straight|immediately|directly)\s+)?"
    r"(?P<dir>after|before|following|preceding)\s+"
    r"(?P<what>(?:the|[a-z]+(?:'s|’s))\s+[^,.;:!?—–]+?)"
    r"(?=\s*(?:[,.;:!?—–]|\s-\s|$)|\s+(?:so|and|but|to|make|needs?|should|could|must|is|feels?|more|less|a\s+bit|"
    r"please|gets?|has)\b)",
    re.I,
)
_PLACING = re.compile(r"\b(?:new|another|extra|add|write|insert|draft|put|move|place|shift|slot|stick|go|goes|come|"
                      r"comes|swap|switch)\b", re.I)
"""Words that make "the scene after X" a position (a new scene, a move), not the scene that is there now."""


def neighbour_refs(text: str, scenes: Sequence[SceneInfo],
                   find: Callable[[str], list[SceneReference]]) -> list[SceneReference]:
    """Return "the scene after/before <a scene>" as the scene next to it, when that scene is clear.

    ``find`` resolves the inner phrase. When the inner scene is unclear the neighbours of each candidate are the
    candidates (the question names them); an inner scene at either end of the film has no neighbour that way.
    """
    refs = []
    for m in _NEIGHBOUR.finditer(text):
        if _PLACING.search(text[:m.start()]):
            continue  # "move scene 2 to where the one after the ferry is": a place, read by the move
        inner = [r for r in find(m.group("what")) if r.many is None]
        if len(inner) != 1:
            continue
        step = 1 if m.group("dir").lower() in ("after", "following") else -1
        by_number = {s.number: s for s in scenes}
        shifted = tuple(SceneMatch(by_number[c.number + step].number, by_number[c.number + step].heading, c.score)
                        for c in (inner[0].candidates() if inner[0].number is None else inner[0].matches[:1])
                        if c.number + step in by_number)
        if shifted or inner[0].number is not None:  # none after the last scene: a reference that fits nothing
            refs.append(SceneReference(m.group(0), shifted, explicit=inner[0].number is not None))
    return refs
