"""Resolve "her", "him", "them" and "it" to the entity named most recently in the conversation.

"He" and "she" skip the people the screenplay clearly calls the other (``Entity.gender``, from the context's
``<pronouns>``): after "RUBEN, IDA", "him" is Ruben. When only the other kind was named lately, the
pronoun is left as it is (nobody), so the director asks instead of writing to the wrong person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Entity", "find_entities", "resolve_pronouns"]

_NOT_NAMES = frozenset(
    """
    INT EXT I/E DAY NIGHT DAWN DUSK MORNING EVENING LATER CONTINUOUS CU ECU MS WS OK ID JSON CSV FDX
    EDL OTIO SRT MP4 PNG JPG AI TV CUT TO FADE IN OUT DISSOLVE V.O O.S O.C CONT'D THE A AN AND OF
    """.split()
)
_UPPER_RUN = re.compile(r"\b[A-Z][A-Z'\-]+(?:[ ][A-Z][A-Z'\-]+)*\b")
_THE_SCENE = re.compile(r"\b(?:the\s+(?:whole\s+|entire\s+|same\s+)?|this\s+|that\s+)scene\b"
                        r"(?!\s+(?:where|with|when|in|at|on|that|which|after|before|of)\b)", re.I)
"""A scene pointed back at by words, not by number ("the whole scene", "that scene")."""
_SCENE_REF = re.compile(r"\b(?:shot\s+\d+\s+(?:of|in)\s+)?scenes?\s+\d+\b", re.IGNORECASE)
_KIND_REF = re.compile(r"\b(character|location|prop)\s+([A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)*)")
_WANTS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_RECENT = 6
"""How many texts naming people "him" may look through, past women, for its man (a turn is a few texts)."""
# Words after "her" that show it is the object ("put her in"), not a possessive ("her coat").
_OBJECT_FOLLOWERS = frozenset(
    """
    in into to a an the on at from with some more less and or as back out up down onto than for by
    over under inside outside through across near beside behind before after
    """.split()
)


@dataclass(frozen=True)
class Entity:
    """A thing named in the conversation: a character, location, prop, scene or shot."""

    kind: str
    text: str
    source: int = 0
    """Which text (message) named it, counting from the oldest; entities of one text share it."""
    gender: str | None = None
    """For a character: "f" or "m" when the screenplay is clear about it, else None (unknown)."""


def find_entities(
    text: str, *, characters: Iterable[str] = (), locations: Iterable[str] = (), props: Iterable[str] = ()
) -> list[Entity]:
    """List the entities named in a text, in order of appearance."""
    return list(_entities(text, tuple(characters), tuple(locations), tuple(props)))


@lru_cache(maxsize=4096)
def _entities(text: str, characters: tuple[str, ...], locations: tuple[str, ...],
              props: tuple[str, ...]) -> tuple[Entity, ...]:
    """Read a text once per cast: every turn reads the whole conversation again, and old messages don't change."""
    found: list[tuple[int, Entity]] = []
    known = [(name, "character") for name in characters] + [(name, "location") for name in locations]
    known += [(name, "prop") for name in props]
    spans: list[tuple[int, int]] = []
    for name, kind in sorted(known, key=lambda item: -len(item[0])):
        for match in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text, re.IGNORECASE):
            if not any(a <= match.start() < b for a, b in spans):
                spans.append((match.start(), match.end()))
                found.append((match.start(), Entity(kind, name.upper() if kind == "character" else name)))
    for match in _KIND_REF.finditer(text):  # "Added prop BRASS KEY": a tool result says what kind of thing
        if not any(a <= match.start(2) < b for a, b in spans):
            spans.append((match.start(2), match.end(2)))
            found.append((match.start(2), Entity(match.group(1), match.group(2).upper())))
    for match in _UPPER_RUN.finditer(text):
        words = [w for w in match.group(0).split() if w.strip("'-") not in _NOT_NAMES]
        if words and not any(a <= match.start() < b for a, b in spans) and len(" ".join(words)) > 2:
            spans.append((match.start(), match.end()))
            found.append((match.start(), Entity("character", " ".join(words))))
    for match in _SCENE_REF.finditer(text):
        found.append((match.start(), Entity("scene", match.group(0).lower())))
    return tuple(entity for _, entity in sorted(found, key=lambda item: item[0]))


def _latest(entities: list[Entity], kinds: tuple[str, ...]) -> Entity | None:
    for entity in reversed(entities):
        if entity.kind in kinds:
            return entity
    return None


def _latest_subject(entities: list[Entity], kinds: tuple[str, ...]) -> Entity | None:
    """Return the first fitting entity of the latest text that has one ("Scene 5: INT. KITCHEN" -> scene 5)."""
    latest = _latest(entities, kinds)
    if latest is None:
        return None
    said = [e for e in entities if e.kind in kinds and e.source == latest.source]
    if len({e.text.lower() for e in said if e.kind == "scene"}) > 1:
        return None  # "In scene 1: … In scene 6: …": "it" could be either (asked, never the first)
    return said[0]


def _person(entities: list[Entity], wants: str) -> Entity | None:
    """Return whom "he" ("m") or "she" ("f") points back at, or None when nobody recent can be meant.

    The latest text naming someone who may be meant decides; in it, one known to fit comes before one
    whose pronouns nobody knows ("RUBEN, X" for "him" is Ruben). Passing over someone clearly the other
    kind, the search stops after ``_RECENT`` texts: "him" after turns about women only is nobody.
    """
    sources: list[int] = []
    passed = False
    for entity in reversed(entities):
        if entity.kind != "character":
            continue
        if entity.source not in sources:
            sources.append(entity.source)
        if passed and len(sources) > _RECENT:
            return None
        if entity.gender is not None and entity.gender != wants:
            passed = True
            continue
        fitting = [e for e in entities if e.kind == "character" and e.source == entity.source]
        return next((e for e in reversed(fitting) if e.gender == wants), entity)
    return None


def _latest_group(entities: list[Entity]) -> list[str]:
    """Return the characters named together most recently (for "them")."""
    group: list[str] = []
    for entity in reversed(entities):
        if entity.kind == "character":
            if entity.text not in group:
                group.append(entity.text)
        elif group:
            break
    return list(reversed(group))


def _named_here(before: str, entities: list[Entity], wants: str, other: str) -> bool:
    """Tell whether the clause itself named someone a pronoun fits before it (someone other than ``other``)."""
    return any(e.kind == "character" and e.text.lower() != other.lower() and e.gender in (None, wants)
               and re.search(rf"\b{re.escape(e.text)}\b", before, re.I) for e in entities)


def resolve_pronouns(clause: str, entities: list[Entity]) -> str:
    """Replace pronouns in a clause with the most recent fitting entity; unknown ones stay."""
    people = {wants: _person(entities, wants) for wants in ("f", "m")}
    thing = _latest_subject(entities, ("scene", "location", "prop"))
    group = _latest_group(entities)

    def swap(match: re.Match[str]) -> str:
        word, rest = match.group(1), clause[match.end():].lstrip()
        lower = word.lower()
        following = rest.split(" ", 1)[0].lower().strip(",.;!?") if rest else ""
        person = people[_WANTS[lower]] if lower in _WANTS else None
        if person is not None and _named_here(clause[:match.start()], entities, _WANTS[lower], person.text):
            return word  # "juno's hands shake when she is cold": she is Juno, the one this clause names
        if person is not None:
            possessive = lower == "his" or (
                lower == "her" and following and following not in _OBJECT_FOLLOWERS
                and not following.endswith("er") and not following.isdigit()
                and not re.search(r"\b(?:call|rename|name)\s+$", clause[:match.start()], re.I)  # "call her Edie"
            )
            if possessive and re.search(rf"\b{re.escape(person.text)}\b", clause[:match.start()], re.I):
                return word  # "ruben wears his cap": the clause named him already, "his" is said about him
            return f"{person.text}'s" if possessive else person.text
        if lower in ("them", "they", "their") and group:
            joined = " and ".join(group)
            return f"{joined}'s" if lower == "their" else joined
        named = list(_SCENE_REF.finditer(clause[:match.start()])) if lower in ("it", "its") else []
        if named and not re.search(r"\bshot\b", named[-1].group(0), re.I):  # "scene 4 is perfect, lock it": scene 4
            return word
        if lower in ("it", "its") and thing:
            return f"{thing.text}'s" if lower == "its" else thing.text
        return word

    idiom = re.compile(r"\b(?:how|the way|what|as)\s+it\s+(?:was|were|used|looked|read|sounded|is)\b", re.I)
    kept = [m.group(0) for m in idiom.finditer(clause)]  # "set scene 8 back the way it was": "it" is the scene itself
    clause = idiom.sub("\x00", clause)
    clause = re.sub(r"\b(her|him|his|she|he|them|they|their|it|its)\b", swap, clause, flags=re.IGNORECASE)
    for phrase in kept:
        clause = clause.replace("\x00", phrase, 1)
    scene = _latest(entities, ("scene",))
    if scene is not None and not _SCENE_REF.search(clause):  # "draw up the entire scene" after "shots for 7"
        clause = _THE_SCENE.sub(scene.text, clause, count=1)
    return clause
