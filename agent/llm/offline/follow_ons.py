"""Follow-ups that reach past the request before: the scenes an answer listed, another person, a tag's scene.

"flag each of those" after an answer that listed scenes, "same for Jonas but louder" after a change for Mara,
"make her warmer in it" after a scene was named, and a tag taken off the one candidate scene that carries it.
Like ``followups``, nothing here guesses: without what the conversation said before, they return None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.context import SceneRef
from agent.llm.offline.cues import UNTAG
from agent.llm.offline.followups import owner

__all__ = ["each_of_them", "played_in_scene", "same_for", "tagged_one"]


_TAG_WORD = re.compile(r"\b(?:the|that|this|its)\s+(?P<tag>[\w'-]+)\s+(?:tag|flag)\b|"
                       r"\btake\s+(?:the|that|this|its)\s+(?P<bare>keep|love|hate|rewrite)\s+off\b", re.I)
_TAGS_NOW = re.compile(r"\bScene (\d+) tags: ([^.\n]*)")


def tagged_one(clause: str, refs: Sequence[SceneRef], history: Sequence[str]) -> str | None:
    """Name the scene a tag comes off when a description fits two scenes but only one of them carries that tag.

    After "tag scene 2 love", "take the love tag off the harbour one" means scene 2 even when two scenes are
    at the harbour: the other has no love tag to take off. Tags as the last tool results reported them.
    """
    said = _TAG_WORD.search(clause) if UNTAG.search(clause) else None
    if said is None:
        return None
    tag = (said.group("tag") or said.group("bare")).lower()
    tags: dict[int, set[str]] = {}
    for text in history:
        for number, listed in _TAGS_NOW.findall(text):
            tags[int(number)] = {t.strip().lower() for t in listed.split(",")}
    for ref in refs:
        if ref.status != "ambiguous" or ref.phrase.lower() not in clause.lower():
            continue
        carrying = [n for n in ref.option_numbers if tag in tags.get(n, set())]
        if len(carrying) == 1:
            return re.sub(re.escape(ref.phrase), f"scene {carrying[0]}", clause, count=1, flags=re.I)
    return None

_SAME_FOR = re.compile(r"^(?:(?:and|ok|okay|now|then)[,]?\s+)*(?:(?:(?:do|give|the)\s+)?same(?:\s+(?:kind|sort)\s+of)?"
                       r"(?:\s+(?:thing|deal|idea|treatment|again))?\s+(?:for|with)\s+(?P<who>[A-Za-z][\w'’-]*)|"
                       r"(?:(?:do|and)\s+)?(?P<whose>[A-Za-z][\w-]*(?:'s|’s)?)\s+(?:too|as\s+well|also)|"
                       r"(?P<who2>[A-Za-z][\w'’-]*)\s+(?:gets|should\s+get|can\s+have|has)\s+the\s+same"
                       r"(?:\s+(?:thing|treatment|description|one|again))?)"
                       r"(?:,?\s+(?:but|only|just|(?P<except>except(?:\s+that)?|apart\s+from|save\s+that))\s+"
                       r"(?P<but>[^.;!?]+?))?[.!]*$", re.I)
"""The request before, for someone else: "same for Jonas but louder", "do mara's too, but brisk and dry", "tomas
as well but gruffer"."""
_SAID_AS = re.compile(r"^(?P<head>.*?\b(?:should\s+be|is|are|sounds?|as)\s+|.*?:\s*)(?P<value>\S.*)$", re.I)


def same_for(clause: str, previous: str | None, names: Sequence[str]) -> str | None:
    """Turn "same sort of thing for Jonas but louder" after "give Mara a voice: soft" into Jonas's own request.

    The request before is repeated for the other person, the difference said after "but" added to what it set.
    Only a name the project knows replaces the one name the request before used.
    """
    said = _SAME_FOR.match(clause.strip())
    if said is None or not previous:
        return None
    known = {n.lower(): n for n in names if n}
    who = owner(re.sub(r"['’]s$", "", said.group("who") or said.group("whose") or said.group("who2")), known)
    used = [n for n in known if re.search(rf"\b{re.escape(n)}(?:'s|’s)?\b", previous, re.I)]
    if who not in known or len(used) != 1 or used[0] == who:
        return None
    redone = re.sub(rf"\b{re.escape(used[0])}\b", known[who].title(), previous, flags=re.I).rstrip(" .!")
    but = (said.group("but") or "").strip()
    if but and said.group("except"):  # "tomas can have the same, save that he wears a red cap": his part
        own = re.sub(r"^(?:she|he|they|it)\s+", "", but, flags=re.I)
        verb = own.split()[0].lower() if own.split() else ""
        parts = re.split(r"(,\s*|\s+and\s+)", redone)
        hit = next((i for i, p in enumerate(parts) if verb and re.search(rf"\b{re.escape(verb)}\b", p, re.I)), None)
        if hit is not None:
            return "".join(parts[:hit]) + own + "".join(parts[hit + 1:])
    valued = _SAID_AS.match(redone) if but and not re.search(r"\b(?:more|less|\w+er)\b", but, re.I) else None
    if valued is not None:  # "do mara's too, but brisk and dry": her own value, in place of his
        return f"{valued.group('head')}{but}"
    return f"{redone}, but {but}" if but else redone

_THEM_ALL = re.compile(r"\b(?:(?:both|all|each)(?:\s+of)?\s+(?:them|those|these)(?:\s+(?:scenes|ones))?|"
                       r"(?:those|these|the)\s+(?:two|three|four)(?:\s+(?:scenes|ones))?|both\s+(?:scenes|ones))\b",
                       re.I)
_LISTED = re.compile(r"\bscenes\s+(\d{1,3}(?:\s*(?:,|and|&)\s*\d{1,3})+)\b", re.I)


def each_of_them(clause: str, answer: Sequence[str]) -> list[str] | None:
    """Turn "flag each of those urgent" after an answer that listed scenes 3 and 7 into one step per scene.

    Only the reply just given counts (``answer``: what came back after the last request); "both" must match
    how many scenes it listed.
    """
    said = _THEM_ALL.search(clause)
    if said is None:
        return None
    listed = next((m for text in reversed(answer) for m in _LISTED.finditer(text)), None)
    if listed is None:
        return None
    numbers = list(dict.fromkeys(re.findall(r"\d{1,3}", listed.group(1))))
    words = said.group(0).lower()
    wanted = {"both": 2, "two": 2, "three": 3, "four": 4}
    count = next((n for w, n in wanted.items() if w in words.split()), None)
    if count is not None and count != len(numbers):
        return None  # "both" of three scenes: not for me to pick two
    steps = [clause[:said.start()] + f"scene {n}" + clause[said.end():] for n in numbers]
    return [_BARE_TAGGED.sub(r"\1 as \2", step) for step in steps]


_BARE_TAGGED = re.compile(r"^((?:please\s+)?(?:tag|flag|label|mark)\s+scene\s+\d{1,3})\s+(?!as\b|with\b)"
                          r"([a-z][\w-]*)\s*$", re.I)
"""A tag said straight after the scene ("tag scene 4 urgent"): the tag is the word after it."""

_PLAYED_IN = re.compile(r"^(?:(?:and|also|now|then|ok|okay|please|can\s+you|could\s+you)[,]?\s+)*make\s+"
                        r"(?P<who>him|her|them|[A-Za-z][\w'-]*)\s+(?P<how>(?:(?:a\s+)?(?:bit|little|lot|touch)\s+)?"
                        r"(?:more\s+|less\s+)?[a-z]+(?:er)?)\s+(?:in\s+)?(?P<where>(?<=in\s)(?:it|that\s+one|this\s+one|"
                        r"that\s+scene|this\s+scene|scene\s+\d{1,3})|there)[.!]*$", re.I)
"""How someone plays in one scene: "make her warmer in that one", "make Jonas more curt in scene 2", "… there"."""


def played_in_scene(clause: str, recent: int | None) -> str | None:
    """Turn "make her sharper in it" into a rewrite of that scene: who someone is film-wide stays as it is.

    "it" is the scene the conversation just named; without one there is nothing to lean on.
    """
    said = _PLAYED_IN.match(clause.strip())
    if said is None:
        return None
    where = said.group("where").lower()
    number = int(where.split()[1]) if where.startswith("scene") else recent
    how = said.group("how")
    if number is None or not (how.lower().endswith("er") or re.match(r"(?:a\s+)?(?:bit|little|lot|touch|more|less)\b",
                                                                     how, re.I)):
        return None  # "make him a pilot in it": not how he plays
    return f"rewrite scene {number}: make {said.group('who')} {how}"
