"""Read what the tools and specialists sent back: a shot found, a rewrite's note, a question asked."""

from __future__ import annotations

import re

from agent.llm.offline.attitude import attitude_line
from agent.llm.offline.conversation import Turn
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.stage import stage_direction

__all__ = ["FOUND_SHOT", "LOOKED_FOR_SHOT", "RESTORED", "REWROTE", "STILL_REJECTED", "asks", "draft_limits",
           "still_news"]

FOUND_SHOT = re.compile(r"^Shot (\d+) of scene (\d+):")
LOOKED_FOR_SHOT = re.compile(r"^(?:Shot \d+ of scene \d+:|Shots [\d, and]+ of scene|No shot of scene|"
                             r"Scene \d+ has no shots)")
REWROTE = re.compile(r"\bRewrote scene (?P<n>\d+) \((?P<how>.{1,200}?)\) as version (?P<v>\d+)")
"""A rewrite's answer: which scene, how (the direction) and the version it made."""
RESTORED = re.compile(r"\bScene (?P<n>\d+) now has the text of version (?P<was>\d+), as version (?P<v>\d+)")
"""A restore's answer: which scene, the version brought back and the version that made."""
STILL_REJECTED = re.compile(r"Rejected the still for shot (?P<scene>\d+)\.(?P<shot>\d+)\. Say what to change")
"""A plain rejection of a still: the answer asks what to change for the next try."""


_CARRIED_OUT = re.compile(r"without (?:the |[A-Z]{2,}|[A-Z][a-z]+'s (?:first|last) line)|“[^”]*” → “")
"""Directions the offline writer carries out in full: a thing, a person or a line taken out, words changed."""


_NO_SHOTS = re.compile(r"^Scene (\d+) has no shots yet\b")


def still_news(prepared: list[str]) -> list[str]:
    """Return the preparations worth telling: a look-up that found no shots is dropped once the scene is broken down."""
    return [text for i, text in enumerate(prepared) if not (
        (m := _NO_SHOTS.match(text)) and any(later.startswith(f"Broke scene {m.group(1)} ") for later in prepared[i:]))]


def draft_limits(turn: Turn) -> str:
    """Say so when a rewrite's direction is more than the offline writer can carry out.

    It shifts tone and adds stage directions; "the kettle whistles" is kept as the version's
    note, and a connected model writes it. Saying nothing would pass the draft off as done.
    """
    notes = [m.group("how") for r in turn.results for m in REWROTE.finditer(r)]
    written = [a.line.rstrip(".") for a in (stage_direction(c, turn.context.characters)
                                           for c in (*turn.clauses, *turn.requests)) if a is not None]
    beyond = [d for d in notes if not find_tones(d) and stage_direction(d, turn.context.characters) is None
              and not any(line and line in d for line in written)  # the action line asked for, written in
              and not _CARRIED_OUT.match(d)  # something or someone taken out, or words changed: done as asked
              and not re.match(r"[A-Z]{2,}\b", d)]  # "JUNO has her phone out": an action line, written in
    if not beyond:
        return ""
    shown = attitude_line(beyond[0], turn.context.characters)
    if shown is not None:  # "so mara is wary of tomas": one line shows it; the scene around it is as it was
        return (f"\nDraft mode shows “{beyond[0]}” with one stage direction (“{shown.line}”) and keeps it as the "
                "version's note; with a model connected (see Settings) the writer reworks the whole scene for it.")
    return (f"\nDraft mode only shifts tone and adds stage directions, so “{beyond[0]}” is kept as the "
            "version's note; with a model connected (see Settings) the writer carries it out.")


def asks(text: str) -> bool:
    """Tell whether a specialist's answer ends by asking the film-maker something."""
    return bool(re.search(r"\?\s*(?:[\w ·.,'’:;()-]*)$", text.strip().splitlines()[-1] if text.strip() else ""))
