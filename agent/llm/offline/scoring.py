"""Adjust the ranking of candidate tools by how well a clause fits each one."""

from __future__ import annotations

import re

from agent.llm.offline.conversation import Turn
from agent.llm.offline.cues import strong_cue
from agent.llm.offline.fill_names import is_creating
from agent.llm.offline.names import match_names, match_places, placed_thing
from agent.llm.offline.numbers import find_shot
from agent.llm.offline.pronouns import Entity
from agent.llm.offline.toolspec import ToolSpec

__all__ = [
    "FIT_CAP",
    "FIT_WEIGHT",
    "MISSING_PENALTY",
    "NEAR_BEST",
    "READ_PENALTY",
    "creation_bonus",
    "kind_fit",
    "named_kinds",
    "shot_fit",
    "strong",
]

NEAR_BEST = 0.12  # candidates this close to the best cosine are compared on how well the clause fits them
FIT_WEIGHT = 0.03
FIT_CAP = 4
_CREATION_BONUS = 0.08
_NEW_THING = re.compile(r"\b(?:new|another|extra|additional|one more|(?:should|could|must)\s+be\s+(?:a|an)|"
                        r"as\s+(?:a|an)|becomes?\s+(?:a|an))\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)
MISSING_PENALTY = 0.08
READ_PENALTY = 0.15
_SHOT_FIT = 0.08
_KIND_FIT = 0.1
_STRONG_BONUS = 0.12


def creation_bonus(clause: str, tool: ToolSpec) -> float:
    """Favour add_scene for "a new scene", add_character for "another character", and so on."""
    match = _NEW_THING.search(clause)
    if not match or not is_creating(tool.name):
        return 0.0
    made = tool.name.split("_")[1:2]  # add_scene makes a scene; add_character_to_scene makes no scene
    nouns = [w.lower().rstrip("s") for w in match.groups() if w]
    return _CREATION_BONUS if made and made[0].rstrip("s") in nouns else 0.0


def strong(act: str, clause: str, tool: ToolSpec) -> float:
    """Favour the tool a command singles out by its own word ("rename" over "revise")."""
    return _STRONG_BONUS if act == "command" and strong_cue(tool.name, clause) else 0.0


def named_kinds(clause: str, turn: Turn, entities: list[Entity]) -> set[str]:
    """Return the kinds of thing a clause names: character, location or prop (known, or named earlier)."""
    ctx = turn.context
    kinds = set()
    earlier = {e.text.upper(): e.kind for e in entities if e.kind in ("character", "location", "prop")}
    if match_names(clause, ctx.characters):
        kinds.add("character")
    if match_places(clause, ctx.locations):
        kinds.add("location")
    if match_places(clause, ctx.props):
        kinds.add("prop")
    for name, kind in earlier.items():
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", clause, re.I):
            kinds.add(kind)
    if placed_thing(clause, [*ctx.characters, *ctx.locations]):
        kinds.add("prop")  # "Ruben should have a flask in the bus scene": the flask goes in, Ruben is there already
        names = "|".join(re.escape(n) for n in ctx.characters)
        if names and not re.search(rf"\b(?:put|bring|add|place|write|get|have)\s+(?:{names})\b", clause, re.I):
            kinds.discard("character")
    return kinds


def kind_fit(tool: ToolSpec, kinds: set[str]) -> float:
    """Favour the tool for the kind of thing named ("put the thermos in" is a prop, "put Ida in" a character)."""
    own = next((k for k in ("character", "location", "prop") if k in tool.name), None)
    if own is None or not kinds:
        return 0.0
    return _KIND_FIT if own in kinds else -_KIND_FIT


def shot_fit(clause: str, tool: ToolSpec) -> float:
    """Favour shot-level tools when the clause names a shot, scene-level ones when it does not."""
    takes_shot = any("shot" in p for p in tool.properties())
    if find_shot(clause) is None:
        return 0.0
    return _SHOT_FIT if takes_shot else -_SHOT_FIT
