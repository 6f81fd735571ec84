"""Spell a thing in a scene given a new colour as the words it changes: "make the rope in scene 2 blue".

The scene's own words are found ("a frayed green rope") and the change is spelled as a replacement of them
("in scene 2 change “green rope” to “blue rope”"), which rewrite.scene_with_words writes in. A thing the scene
never mentions is spelled the same way, so structure.not_in_scene says the scene does not have it (nothing is
written, and "bright" never reads as a lighter tone). Garments are costumes (script_terms.RECOLOURED), not
words of a scene.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.formats.script_terms import GARMENT_WORDS
from agent.llm.offline.context import ProjectContext

__all__ = ["recoloured", "recolours"]

_SHADE = r"(?:(?:bright|dark|deep|pale|light|dull|faded|vivid|sky|navy|blood|pillar-box|bottle)[\s-]+)?"
_COLOUR = (_SHADE + r"(?:red|green|blue|yellow|black|white|grey|gray|brown|orange|purple|pink|gold|golden|silver|"
           r"navy|teal|crimson|scarlet|maroon|beige|cream|turquoise|violet)")
_SAID = re.compile(
    rf"^\W*(?:(?:ok|okay|so|and|also|now|oh|please)[,]?\s+)*(?:(?:make|paint|turn|colou?r|change|dye)\s+)?"
    r"the\s+(?P<thing>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+(?:in|on)\s+(?:scene|sc\.?)\s*(?P<scene>\d{1,3})\s+"
    r"(?:(?:should|must|needs?\s+to|has\s+to)\s+be\s+|is\s+|(?:in)?to\s+)?"
    rf"(?P<colour>{_COLOUR})(?:\s+(?:instead|please|now))*\s*[.!]*$", re.I)
_DETERMINER = r"(?:a|an|the|her|his|their|its|my|your|our|one|some)"
_ADJECTIVE_LIKE = re.compile(r"^(?:[a-z]+(?:ed|ing|y|ful|less|ish|en)|old|new|little|big|small|long|short|wet|tiny|"
                             r"huge|single|cheap|tall|thin|fat|heavy|plain|battered|worn)$", re.I)


def _in_scene(thing: str, colour: str, text: str) -> tuple[str, str] | None:
    """Return the scene's words for the thing and the same words in the new colour, or None (not mentioned)."""
    found = re.search(rf"\b{_DETERMINER}\s+(?P<mods>(?:[\w'-]+\s+){{0,2}}?){re.escape(thing)}\b", text, re.I) or \
        re.search(rf"(?P<mods>){re.escape(thing)}\b", text, re.I)
    if found is None:
        return None
    mods = found.group("mods").split()
    said = " ".join([*mods, text[found.end() - len(thing):found.end()]])
    kept = [m for m in mods if not re.fullmatch(_COLOUR, m, re.I)]  # the old colour goes
    lead = 0
    while lead < len(kept) and _ADJECTIVE_LIKE.match(kept[lead]):
        lead += 1  # "a crumpled bus ticket" -> "a crumpled yellow bus ticket"
    new = " ".join([*kept[:lead], colour, *kept[lead:], text[found.end() - len(thing):found.end()]])
    return said, new


def _recoloured_thing(clause: str) -> re.Match[str] | None:
    """Return the match of a thing in a numbered scene given a new colour; None for a garment (a costume)."""
    said = _SAID.match(clause.strip())
    return None if said is None or re.search(rf"\b(?:{GARMENT_WORDS})s?$", said.group("thing"), re.I) else said


def recolours(clause: str) -> bool:
    """Tell whether a request gives a thing in a numbered scene a new colour (the writer's, not a costume)."""
    return _recoloured_thing(clause) is not None


def _spelled(clause: str, context: ProjectContext) -> str | None:
    said = _recoloured_thing(clause)
    if said is None:
        return None  # "make the scarf in scene 2 green": a costume made over
    number, thing, colour = int(said.group("scene")), said.group("thing"), said.group("colour").lower()
    scene = context.scene(number)
    if scene is None or not scene.content:
        return None
    words = _in_scene(thing, colour, scene.content)
    if words is None:  # structure.not_in_scene: the scene doesn't say it, which scene was meant?
        return f"in scene {number} change “{thing}” to “{colour} {thing}”"
    return f"in scene {number} change “{words[0]}” to “{words[1]}”"


def recoloured(clauses: Sequence[str], context: ProjectContext) -> list[str]:
    """Return the clauses with each thing given a new colour in a numbered scene spelled as a word change."""
    return [_spelled(clause, context) or clause for clause in clauses]
