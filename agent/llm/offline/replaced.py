"""Words of a scene changed for others: "change 14:05 to 09:30 in scene 2", "swap the pears for apples".

A film-maker fixes a time, a number, an object or a phrase the screenplay says. Read here: which words go
and which come in. rewrite.scene_with_words writes them in, and only where the scene says the old words; a
scene that never says them is asked about, never rewritten (structure.not_in_scene).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.llm.offline.cues import TIMES

__all__ = ["Replaced", "replaced_words", "value_follow_up"]

_QUOTED = r"[\"“‘'][^\"“”‘’]+[\"”’']"
_WORDS = r"[\w:.'’-]+(?:\s+[\w:.'’-]+){0,4}?"
_REPLACING = (
    re.compile(rf"\b(?:change|replace|swap|switch|alter|correct|update)\s+(?:the\s+)?"
               rf"(?P<old>{_QUOTED}|{_WORDS})\s+(?:to|with|for|->|→|=>)\s+(?P<new>{_QUOTED}|{_WORDS})"
               rf"(?=\s+(?:in|on|at|throughout|everywhere|instead|please)\b|\s*[,.;!]*\s*$)", re.I),
    re.compile(rf"^\W*(?:(?:(?:in|on)\s+)?(?:scene|sc\.?)\s*\d{{1,3}}\s*[,:—–-]?\s+)?(?P<old>{_QUOTED}|{_WORDS})\s*"
               rf"(?:->|→|=>)\s*(?P<new>{_QUOTED}|{_WORDS})(?=\s+(?:in|on)\b|\s*[,.;!]*\s*$)", re.I),
)
_NOT_WORDS = re.compile(r"^(?:the\s+)?(?:scenes?|sc\.?|it|this|that|these|those|him|her|them|heading|slug(?:\s*line)?|"
                        r"time\s+of\s+day|name|title|tone|mood|logline|genre|premise|outline|look|colou?r|lines?|dialogue|"
                        r"bit|part|moment|beat|ending|opening|start|end|"
                        r"palette|style|transition|cut|fade|shot|angle|lens|costume|description|tag|order|"
                        r"(?:his|her|their|[\w-]+'s)\s+(?:name|description|costume|voice|age))\b|"
                        r"^(?:scene|sc\.?|shot)\s*\d|"
                        r"^(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|last|final|"
                        r"opening|closing)\s+(?:scene|one|shot)\b", re.I)
"""Not words of a scene: "change scene 2 to night", "change her name to Edie", "change the tone to darker"."""


_A_DIRECTION = re.compile(r"^(?:something|anything|somewhere|someone|whatever|a\s+(?:line|version|word|phrase|bit|"
                          r"beat|moment)|(?:a\s+bit\s+|much\s+|way\s+)?(?:more|less)|(?:[a-z]+er|better|worse)$|"
                          r"(?:an?\s+)?(?:[a-z]+er|better|worse)\s+(?:one|version|line|take)$|"
                          r"(?:(?:dark|light|pale|deep|bright)\s+)?(?:red|green|blue|yellow|black|white|grey|gray|brown|"
                          r"orange|purple|pink|gold|silver)$)\b",
                          re.I)
"""Not the new words but how they should read ("change 'Last delivery.' to something drier" is a rewrite), or
a colour ("change the umbrella to red" recolours the umbrella, it does not replace the word)."""


@dataclass(frozen=True)
class Replaced:
    """Words a scene says (``old``) and the words that take their place (``new``), as the request gave them."""

    old: str
    new: str

    @property
    def label(self) -> str:
        """Return how the change is named back ("“14:05” → “09:30”")."""
        return f"“{self.old}” → “{self.new}”"


def _unquoted(text: str) -> str:
    text = text.strip()
    return text[1:-1].strip() if re.fullmatch(_QUOTED, text) else text


def replaced_words(clause: str) -> Replaced | None:
    """Return the words a request changes in a scene and what they become, or None (nothing of the kind said)."""
    for pattern in _REPLACING:
        found = pattern.search(clause)
        if found is None:
            continue
        old, new = _unquoted(found.group("old")), _unquoted(found.group("new"))
        quoted = old != found.group("old").strip() and new != found.group("new").strip()
        # Quoted on both sides, they are the screenplay's words as said ("change 'It works.' to 'It'll do.'")
        said_as_words = quoted or not (_NOT_WORDS.search(old) or _NOT_WORDS.search(new) or _A_DIRECTION.search(new))
        if not re.match(r"(?:a|an|the)\s", old, re.I):  # a bare "-er" word is a direction, "a teacher" is words
            new = re.sub(r"^(?:a|an|the)\s+", "", new, flags=re.I)  # "swap the tuba for a cello": "a tuba" stays "a"
        of_day = re.fullmatch(r"(?:(?:the|its)\s+)?(?:time(?:\s+of\s+day)?|(?:day\s*)?time|hour)", old, re.I)
        if of_day and not quoted and re.fullmatch(rf"(?:{TIMES})", new.strip(" ."), re.I):
            continue  # "update its time to DUSK": when the scene happens, its heading says (not a word of it)
        if old and new and old.lower() != new.lower() and said_as_words:
            return Replaced(old=old, new=new)
    return None


_QUOTE_IN_ANSWER = re.compile(r"[Ss]cene\s+(?P<n>\d{1,3})\b[^“\n]{0,80}“(?P<said>[^”]+)”")
_VALUE = re.compile(r"^\W*(?:(?:ok|okay|right|so|and|then|hmm)[,!]?\s+)*"
                    r"(?P<lead>(?:in|on)\s+(?:(?:scene|sc\.?)\s*\d{1,3}|"
                    r"the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one))\s*,?\s+)?(?:(?:please\s+)?(?:make|change|set)\s+it\s+"
                    r"(?:to\s+)?|(?:it\s+should\s+(?:be|say|read)\s+))(?P<new>\d{1,2}:\d{2}|\d[\d,.]*)"
                    r"(?:\s+(?:instead|then|please))*\s*(?P<where>(?:in|on)\s+(?:scene|sc\.?)\s*\d{1,3}|(?:in|on)\s+the\s+"
                    r"(?:[\w'-]+\s+){0,3}?(?:scene|one))?\s*[.!]*$", re.I)
_SHAPES = (re.compile(r"\b\d{1,2}:\d{2}\b"), re.compile(r"(?<![\d:])\d+(?![\d:])"))


def value_follow_up(clause: str, answers: list[str]) -> str | None:
    """Spell "make it 09:30 instead" after an answer that quoted "the meter reads 14:05" as that change.

    Only when the latest answer quoting a scene holds exactly one value of the new one's shape (a time for a
    time, a number for a number): otherwise "it" could be anything and nothing is spelled.
    """
    asked = _VALUE.match(clause.strip())
    if asked is None:
        return None
    new = asked.group("new")
    shape = next(s for s in _SHAPES if s.fullmatch(new))
    for answer in reversed(answers):
        quoted = list(_QUOTE_IN_ANSWER.finditer(answer))
        if not quoted:
            continue
        values = {(q.group("n"), v) for q in quoted for v in shape.findall(q.group("said"))}
        if len({v for _, v in values}) != 1:
            return None
        scene, old = next(iter(values))
        where = (asked.group("where") or asked.group("lead") or f"in scene {scene}").strip(" ,")
        return f"change {old} to {new} {where}"
    return None
