"""What a request takes out of a scene: a thing, a line of dialogue, a moment, or a character.

"lose the tuba from the opening", "cut Mara's line about the rent", "cut the bit where Tom counts the float",
"take Ruben out of scene 6". Each is read here; rewrite.py writes the scene without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.rewrite import mentions
from agent.llm.offline.stage import NOT_DOING

__all__ = [
    "TAKEN_AND_PUT", "TakenLine", "refused_moment", "removed_character", "removed_line", "removed_moment",
    "removed_thing", "taken_thing",
]


_REMOVING = re.compile(
    r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take\s+out|strip\s+out)\s+"
    r"(?:the|that|this|her|his|their|all\s+the)\s+"
    r"(?:bit\s+(?:with|about)\s+(?:the\s+)?|mention\s+of\s+(?:the\s+)?)?"
    r"(?P<thing>[a-z][\w'-]*(?:\s+(?!out\b|from\b|in\b|of\b)[a-z][\w'-]*)?)\s+(?:from|in|out\s+of|of)\b",
    re.IGNORECASE)
_TAKING_OUT = re.compile(r"\b(?:take|get|leave|keep)\s+(?:the|that|this)\s+"
                         r"(?P<thing>[a-z][\w'-]*(?:\s+(?!out\b)[a-z][\w'-]*)?)\s+out\s+(?:of|from)\b", re.IGNORECASE)
_NOT_A_THING = frozenset("scene scenes shot shots bit part line lines dialogue beat moment ending opening start end "
                         "version take still stills clip clips voice music scene's".split())


_SOMEONE_DOES_IT = re.compile(r"\b(?:have|let|make|get|watch|see)\s+(?:her|him|them|[a-z][\w'-]*)\s+(?:to\s+)?$|"
                              r"\b(?:she|he|they)\s+$", re.I)
"""Someone told to drop or cut something ("have her drop the rope", "she cuts the string"): an action of theirs."""


def removed_thing(clause: str) -> str | None:
    """Return the thing a request takes out of a scene ("lose the tuba from the opening" -> "tuba"), if any.

    A scene, shot or version is not a thing inside a scene: "cut the bit from scene 2" says no thing.
    """
    match = _REMOVING.search(clause) or _TAKING_OUT.search(clause)
    if match is None or _SOMEONE_DOES_IT.search(clause[:match.start()]):
        return None  # "have her drop the rope in the water": something she does, nothing taken out
    words = match.group("thing").lower().split()
    if words[0] in _NOT_A_THING or words[-1] in _NOT_A_THING:
        return None
    return " ".join(words)


_LINE_TAKEN = re.compile(
    r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take\s+out|strip\s+out|kill)\s+"
    r"(?:the|that|this|her|his|their|(?P<whose>[a-z][\w-]*)(?:'s|’s))\s+"
    r"(?:(?P<quoted>[\"“'‘][^\"“”‘’]+[\"”'’])\s+)?line\b"
    r"(?:\s+(?:about|where\s+\w+\s+says?|saying|that\s+says|with)\s+(?P<about>.+?))?"
    r"(?=\s+(?:from|in|out\s+of|of|on)\s+(?:scene|sc|the|it|this|that)\b|\s*[,.;!?]|\s*$)", re.I)
"""A line of dialogue taken out, by its words or what it is about: "cut Mara's line about the rent from scene 2"."""


@dataclass(frozen=True)
class TakenLine:
    """A line of dialogue a request takes out: words that find it, and whose line it is when said."""

    words: str
    speaker: str | None = None
    quoted: bool = False
    which: str = ""
    """"first" or "last" when the line is named by its place ("Tom's last line"); its words are then empty."""

    @property
    def label(self) -> str:
        """Return how the line is named back to the film-maker ("about the rent", "“Not again.”", "(the last)")."""
        if self.which:
            return f"(the {self.which})"
        return f"“{self.words}”" if self.quoted else f"about {self.words}"


_QUOTE_TAKEN = re.compile(
    r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take\s+out|strip\s+out|kill)\s+"
    r"(?:(?:the|that|this|her|his|their|(?P<whose>[a-z][\w-]*)(?:'s|’s))\s+(?:line\s*[:,]?\s*)?)?"
    r"(?P<quoted>[\"“'‘][^\"“”‘’]+[\"”'’])", re.I)
"""A line taken out by its words in quotes, "line" said after the speaker or not: "cut Tom's 'Not again.'"."""


_NTH_LINE = re.compile(r"\b(?:(?P<whose>[a-z][\w-]*)(?:'s|’s)|her|his|their|the)\s+(?:very\s+)?"
                       r"(?P<which>last|first|final|opening|closing)\s+line\b", re.I)
_CUTS = re.compile(r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take\s+(?:it\s+)?out|strip|kill|bin|"
                   r"scrap)\b", re.I)
"""A line named by its place and taken out, the verb anywhere: "Tom's last line in the yard is too cute, cut it"."""


def removed_line(clause: str, characters: Sequence[str] = ()) -> TakenLine | None:
    """Return the line of dialogue a request takes out of a scene, or None when it takes out no line."""
    match = _LINE_TAKEN.search(clause) or _QUOTE_TAKEN.search(clause)
    nth = _NTH_LINE.search(clause) if match is None else None
    if nth is not None and _CUTS.search(clause):
        whose = nth.group("whose") or ""
        speaker = next((n.upper() for n in characters if n.lower() == whose.lower()), None)
        which = "first" if nth.group("which").lower() in ("first", "opening") else "last"
        return TakenLine(words="", speaker=speaker, which=which)
    if match is None:
        return None
    quoted = (match.group("quoted") or "")[1:-1].strip()
    words = quoted or (match.groupdict().get("about") or "").strip()
    if not words:
        return None
    whose = match.group("whose") or ""
    speaker = next((n.upper() for n in characters if n.lower() == whose.lower()), None)
    return TakenLine(words=words, speaker=speaker, quoted=bool(quoted))


_MOMENT_TAKEN = re.compile(
    r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take\s+out|strip\s+out|kill)\s+(?:the|that)\s+"
    r"(?:(?:whole|entire|little|short|scene)\s+){0,2}(?:bit|moment|part|beat|section|passage|stretch)\s+"
    r"(?:where|when|in\s+which)\s+(?P<moment>[^,.;!?]+?)"
    r"(?=\s+(?:from|in|on|out\s+of)\s+(?:all\s+of\s+)?(?:scene|sc)\s*\d+|\s*[,.;!?]|\s*$)", re.I)
"""A moment of a scene taken out by what happens in it: "cut the bit where Tom counts the float"."""


_A_STATE = frozenset("be been being have has get seem feel sound appear know care think want need like love hate "
                     "mind matter mean say tell".split())
"""What someone is, not does ("she shouldn't be so cold", "he shouldn't seem happy"): a rewrite's tone, no moment."""


def removed_moment(clause: str) -> str | None:
    """Return what happens in the moment a request takes out of a scene, or None (a line or a thing is not one)."""
    found = _MOMENT_TAKEN.search(clause)
    return found.group("moment").strip() if found else None


def refused_moment(clause: str) -> str | None:
    """Return the moment someone should not do, told as it happens ("Tom shouldn't count": "Tom counts").

    None for how someone is ("she shouldn't be so cold") or with something in its place. The scene loses that
    moment when it has it; when it has not, the request is a pointed line instead ("IDA does not glance at him.").
    """
    refused = NOT_DOING.match(clause)
    if refused and refused.group("verb").lower() not in _A_STATE:
        verb = refused.group("verb").lower()
        does = (verb[:-1] + "ies" if re.search(r"[^aeiou]y$", verb) else
                verb + ("es" if re.search(r"(?:sh|ch|x|s|o)$", verb) else "s"))  # as it happens: "Tom counts"
        rest = re.sub(r"\s+(?:in|on|during)\s+(?:scene|sc\.?)\s*\d{1,3}\s*$", "", refused.group("rest"), flags=re.I)
        return f"{refused.group('who')} {does}{rest}".strip()
    return None


_SCENE_AHEAD = (r"(?=(?:scene|sc\b|sc\.|the\b|it\b|this\b|that\b|there\b|both\b))"
                r"(?!the\s+(?:whole\s+|entire\s+)?(?:film|movie|script|cast|screenplay|story|project|picture|thing)\b)")
_CHARACTER_OUT = (
    re.compile(r"\b(?:lose|remove|cut|drop|ditch|delete|get\s+rid\s+of|take|write|pull|leave)\s+(?P<who>[a-z][\w'-]*)"
               rf"\s+(?:out\s+)?(?:of|from)\s+{_SCENE_AHEAD}", re.I),
    re.compile(r"\b(?:re-?write|redo|rework|play|do|stage|have)\s+(?:it|this|that|scene\s+\d+|sc\.?\s*\d+|the\s+"
               r"(?:[\w'-]+\s+){0,3}?(?:scene|one))\s+without\s+(?P<who>[a-z][\w'-]*)\s*[.!]*$", re.I),
    re.compile(r"^(?:(?:in|on|for)\s+)?(?:scene|sc\.?)\s*\d+\s*[,:—–-]+\s*(?:please\s+)?(?:lose|remove|cut|drop|ditch|"
               r"get\s+rid\s+of)\s+(?P<who>[a-z][\w'-]*)\s*[.!]*$", re.I),
    re.compile(r"^(?:scene|sc\.?)\s*\d+\s+without\s+(?P<who>[a-z][\w'-]*)(?:\s+please)?\s*[.!]*$", re.I),
    re.compile(r"\b(?P<who>[a-z][\w'-]*)\s+(?:shouldn'?t|should\s+not|mustn'?t|must\s+not|doesn'?t\s+need\s+to|"
               rf"does\s+not\s+need\s+to)\s+be\s+in\s+{_SCENE_AHEAD}", re.I),
)
"""A character taken out of one scene ("take ruben out of scene 6", "rewrite scene 6 without ruben"), which is a
rewrite of that scene: never the scene deleted, never the character taken out of the film."""


def removed_character(clause: str, characters: Sequence[str]) -> str | None:
    """Return the character (as the cast spells it) a request takes out of a scene, or None.

    Only a name of the cast counts: "cut the tuba from scene 1" takes out a thing (``removed_thing``).
    """
    for pattern in _CHARACTER_OUT:
        found = pattern.search(clause)
        if found is None:
            continue
        who = found.group("who").lower()
        for name in characters:
            if name.lower() == who or name.lower().split()[0] == who:
                return name
    return None


TAKEN_AND_PUT = re.compile(r"^\W*(?:please\s+)?(?:take|grab|copy|lift|borrow|nick)\s+(?:the|her|his|their|that)\s+"
                           r"(?P<thing>[\w' -]+?)\s+(?:from|out\s+of|off)\s+scene\s+(?P<source>\d{1,3})\s*,?\s+"
                           r"(?:and\s+)?(?:then\s+)?(?:put|stick|place|drop|add|use|pop|leave)\s+(?:it|them|one)\s+"
                           r"(?P<rest>.+)$", re.I)
"""A thing taken from one scene and put in another: the scene it comes from must have it."""


def taken_thing(clause: str, context: ProjectContext) -> tuple[str, int, bool] | None:
    """Return (thing, source scene, whether that scene has it) for "take the X from scene A and put it in …"."""
    taken = TAKEN_AND_PUT.match(clause.strip())
    scene = context.scene(int(taken.group("source"))) if taken is not None else None
    if taken is None or scene is None or scene.content is None:
        return None
    thing = taken.group("thing").strip()
    return thing, int(taken.group("source")), mentions(scene.content, thing.split()[-1])  # its head word, said there
