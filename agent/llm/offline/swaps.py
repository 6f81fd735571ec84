"""Spell swaps said without numbers as the swap: two scenes named by the film's edge, or an idea asked for.

"close on Tom at the pier, not in the kitchen - flip those two"; "what if the two pier scenes changed places?
worth a go".

"those two" are the scenes the sentence before named: the one at the film's edge now and the one that should be
there. Flipping two scenes means two side by side: of the scenes that fit, the one next to the edge is meant;
when none or several are, the description stays as said (and is asked about).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.musing import HANDS_OFF
from agent.resolver.slots import EDGE_CONTRAST

__all__ = ["spelled_swaps"]

_FLIP_THOSE = re.compile(r"\b(?:flip|swap|switch|trade|reverse|exchange)\s+(?:those|these|the|them|'?em)\s+(?:two|2)"
                         r"(?:\s+(?:round|around|over))?\b|\b(?:flip|swap|switch|turn)\s+(?:them|those|these)\s+"
                         r"(?:round|around)\b", re.I)
_IDEA_SWAP = re.compile(r"\bwhat\s+if\s+(?P<pair>(?:the|both)\s+[^?.!;:]{3,60}?)\s+"
                        r"(?:traded|swapped|switched|exchanged|changed)\s+(?:places|positions|spots|round|around|over)\b|\bwhat\s+if\s+(?:we|you|i)\s+"
                        r"(?:swapped|switched|flipped|traded)\s+(?P<pair2>(?:the|both)\s+[^?.!;:]{3,60}?)"
                        r"(?:\s+(?:round|around|over))?\s*[?.!]", re.I)
_TRY = re.compile(r"\b(?:try\s+(?:it|that|this)(?:\s+out)?|give\s+(?:it|that)\s+a\s+(?:go|try|shot|whirl)|"
                  r"let'?s\s+(?:try|see|do)\s+(?:it|that)|go\s+for\s+it|have\s+a\s+go|do\s+it|worth\s+a\s+(?:go|try|shot))"
                  r"\W*$", re.I)


def _ref(phrase: str, context: ProjectContext) -> SceneRef | None:
    return next((r for r in context.refs if r.phrase.lower() == phrase.strip().lower()), None)


def _fits(ref: SceneRef) -> list[int]:
    if ref.status == "resolved" and ref.scene is not None:
        return [ref.scene]
    return ref.option_numbers if ref.status == "ambiguous" else []


def _edge_swap(clause: str, context: ProjectContext) -> str | None:
    """Return "swap scenes X and Y" for "end on X, not Y ... flip those two" (X next to the edge), else None."""
    said = EDGE_CONTRAST.search(clause)
    count = context.scene_count
    if said is None or not count or not _FLIP_THOSE.search(clause[said.end():]):
        return None
    wanted, there = _ref(said.group("a"), context), _ref(said.group("b"), context)
    if wanted is None or there is None:
        return None
    late = said.group("edge").lower() in ("finish", "end", "close")
    edge, beside = (count, count - 1) if late else (1, 2)
    if edge not in _fits(there):
        return None  # "not in the kitchen" must be the scene at that edge now
    fits = [n for n in _fits(wanted) if n != edge]
    chosen = fits[0] if len(fits) == 1 else beside if beside in fits else None
    return f"swap scenes {chosen} and {edge}" if chosen is not None else None


def _tried_swap(clause: str) -> str | None:
    """Return "swap <the two X scenes>" for a swap offered as an idea and then asked for, else None."""
    idea = _IDEA_SWAP.search(clause)
    if idea is None or HANDS_OFF.search(clause) or not _TRY.search(clause[idea.end():]):
        return None
    return f"swap {(idea.group('pair') or idea.group('pair2')).strip()}"


def spelled_swaps(clauses: Sequence[str], context: ProjectContext) -> list[str]:
    """Return the clauses with each swap said without numbers spelled as the swap it asks for."""
    out: list[str] = []
    for clause in clauses:
        joined = f"{out[-1]} {clause}" if out else clause
        spelled = _edge_swap(joined, context) or _tried_swap(joined) if out else None
        if spelled is not None:
            out[-1] = spelled  # the sentence before named the two; this one asks for the swap
            continue
        out.append(_edge_swap(clause, context) or _tried_swap(clause) or clause)
    return out
