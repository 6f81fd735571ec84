"""Reorders said the way film-makers say them, spelled as the move and swap requests the tools take.

"scene 1 goes after scene 3" is a move; "bump scene 5 up one" a move to the place before; "trade
places: scene 2 and scene 4" a swap; "new order: 1 3 2 4 5" the moves that make that order. Scene
descriptions are numbers by the time these run (the resolver's phrases are substituted first).
"""

from __future__ import annotations

import re

__all__ = ["as_move", "order_steps"]

_GOES = re.compile(
    r"^(?:(?:and|then|so|ok|okay|please|i\s+think|actually)[,]?\s+)*"
    r"(?:(?:could|can|should|would)\s+(?:we\s+(?:have|make|let)\s+)?|(?:let|have|make)\s+)?scene\s+(\d{1,3})\s+"
    r"(?:should\s+|needs?\s+to\s+|has\s+to\s+|must\s+|can\s+|could\s+|would\s+)?(?:really\s+)?"
    r"(?:go(?:es)?|come(?:s)?|be|belongs?|sits?|plays?|happens?|fits?)\s+(?:better\s+)?"
    r"(?:right\s+|just\s+|straight\s+|directly\s+|immediately\s+)?(after|before|ahead\s+of)\s+scene\s+(\d{1,3})\b",
    re.I)
_NUDGE = re.compile(r"\b(?:move|bump|shift|nudge|push|pull|bring)\s+scene\s+(\d{1,3})\s+(?:(?:one|a|1)\s+"
                    r"(?:place|slot|spot|position|scene)?\s*)?(earlier|sooner|later|up|down)(?:\s+(?:by\s+)?one)?\b"
                    r"(?!\s+(?:to|into|at)\s+(?:the\s+)?(?:very\s+)?(?:top|start|beginning|front|end|bottom|first|last|"
                    r"position|slot|place|spot|number|no\.?|\d))",  # "bump it right up to the start": first, not one up
                    re.I)
_PLACES = re.compile(r"\b(?:trade|switch|swap|change|exchange|flip)\s+(?:places|positions|spots|round|around)\b"
                     r"\s*[:,-]?\s*(?:for\s+|between\s+)?", re.I)
_MODAL = r"(?:should|must|needs?\s+to|has\s+to|could|can|would|ought\s+to)\s+"
_BECOMES = re.compile(rf"^(?:(?:and|so|ok|okay|i\s+think|actually)[,]?\s+)*scene\s+(\d{{1,3}})\s+(?:{_MODAL})?"
                      r"(?:be|become|go\s+to|move\s+to)\s+(?:the\s+new\s+)?(?:position\s+|scene\s+)(\d{1,3})\s*[.!]*$",
                      re.I)
"""A scene said to be another's place once both are numbers: "the rooftop bit should be the closing scene"."""
_OPENS = re.compile(rf"^(?:(?:and|so|ok|okay|i\s+think|actually)[,]?\s+)*scene\s+(\d{{1,3}})\s+(?:{_MODAL})?"
                    r"(?P<end>open|start|begin|close|end|finish)(?:s|es)?\s+(?:the\s+|our\s+)?(?:film|movie|short|"
                    r"story|piece)\b", re.I)
_WRONG_WAY = re.compile(r"^(?:the\s+)?scenes?\s+(\d{1,3})\s+(?:and|&)\s+(?:scene\s+)?(\d{1,3})\s+(?:are|were)\s+"
                        r"(?:in\s+)?(?:the\s+)?(?:wrong\s+(?:way\s+(?:round|around)|order)|backwards|"
                        r"(?:the\s+)?other\s+way\s+(?:round|around))\b", re.I)
_REVERSE = re.compile(r"^(?:please\s+)?(?:reverse|invert)\s+(?:the\s+order\s+of\s+)?scenes?\s+(\d{1,3})\s*"
                      r"(?:and|&|,)\s*(?:scene\s+)?(\d{1,3})\s*[.!]*$", re.I)
_ORDER = re.compile(r"^(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:re-?order(?:\s+(?:the\s+)?scenes)?|"
                    r"(?:the\s+)?new\s+order|(?:put\s+)?(?:the\s+)?scenes\s+in\s+(?:this\s+)?order|order)\s*(?:to|as)?"
                    r"\s*[:=-]?\s*(?P<order>\d{1,3}(?:\s*[,;\s]\s*\d{1,3}){2,})\s*[.!]*$", re.I)


def as_move(clause: str) -> str:
    """Return a move or swap said another way as the plain request ("scene 1 goes after scene 3" -> a move)."""
    clause = _PLACES.sub("swap ", clause)  # "trade places: scene 2 and scene 4"
    goes = _GOES.match(clause.strip())
    if goes:
        where = "before" if goes.group(2).lower() != "after" else "after"
        return f"move scene {goes.group(1)} {where} scene {goes.group(3)}"
    becomes = _BECOMES.match(clause.strip())
    if becomes and becomes.group(1) != becomes.group(2):
        return f"move scene {becomes.group(1)} to position {becomes.group(2)}"
    opens = _OPENS.match(clause.strip())
    if opens:
        first = opens.group("end").lower() in ("open", "start", "begin")
        return f"move scene {opens.group(1)} to {'position 1' if first else 'the end'}"
    reverse = _REVERSE.match(clause.strip())
    if reverse:
        return f"swap scenes {reverse.group(1)} and {reverse.group(2)}"
    wrong = _WRONG_WAY.match(clause.strip())
    if wrong and wrong.group(1) != wrong.group(2):
        return f"swap scenes {wrong.group(1)} and {wrong.group(2)}"
    nudge = _NUDGE.search(clause)
    if nudge:
        n = int(nudge.group(1))
        to = n - 1 if nudge.group(2).lower() in ("earlier", "sooner", "up") else n + 1
        if to >= 1:
            return f"{clause[:nudge.start()]}move scene {n} to position {to}{clause[nudge.end():]}"
    return clause


def order_steps(clause: str, scene_count: int | None) -> list[str] | None:
    """Return the moves that put the screenplay in the order listed ("reorder: 2 1 3 4"), else None.

    A list that is not every scene once each is not an order; None lets the clause be read (and asked about)
    like any other.
    """
    match = _ORDER.match(clause.strip())
    if match is None or not scene_count:
        return None
    wanted = [int(n) for n in re.findall(r"\d+", match.group("order"))]
    if sorted(wanted) != list(range(1, scene_count + 1)):
        return None
    current = list(range(1, scene_count + 1))
    steps: list[str] = []
    for place, scene in enumerate(wanted, start=1):
        at = current.index(scene) + 1  # where that scene is now, after the moves so far
        if at != place:
            steps.append(f"move scene {at} to position {place}")
            current.insert(place - 1, current.pop(at - 1))
    moved = [i for i, n in enumerate(wanted, start=1) if n != i]
    if len(moved) == 2:
        return [f"swap scenes {moved[0]} and {moved[1]}"]  # one pair traded: one swap, one change in the history
    return steps or None
