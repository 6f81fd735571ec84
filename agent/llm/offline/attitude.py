"""How someone should come across in a scene, written as one stage direction ("IDA watches Juno, wary.").

A note such as "rewrite the ferry scene so Mara is wary of Tomas" names a person and how they should be.
The draft writer cannot rework every line for it, but it can show it: one action line after the person
first appears. A model connected in Settings rewrites the whole scene instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.names import match_names
from agent.llm.offline.stage import StageDirection

__all__ = ["attitude_line"]

_HOW_WORDS = frozenset("""
    tired weary worn exhausted drained sad angry cross kind gentle cold warm calm shy wary sharp soft hard scared
    afraid nervous tense guarded distant curt blunt brusque cagey shifty proud smug sly bitter jealous lonely lost
    quiet loud bold brave rude polite formal friendly hostile stern strict tender fond patient impatient eager
    keen flustered rattled shaken upset moved hurt broken desperate hopeful hopeless relieved grateful ashamed
    embarrassed awkward uneasy restless jumpy jittery frantic frightened terrified furious annoyed irritated
    suspicious defensive dismissive protective possessive flirty playful cheeky grumpy sullen moody stubborn
    determined resigned defeated drunk sober sleepy groggy dazed numb guilty sorry
""".split())
"""Words for how someone comes across ("wary", "worn out"); with the endings below, what a note may ask."""
_HOW_ENDINGS = ("ous", "ful", "less", "ive", "ish", "ent", "ant", "ed")
_NOT_HOW = frozenset("""
    need needed used based seated red bed shed wed sled bled fed led hundred sacred naked wicked crooked rugged
    ragged jagged beloved kindred interested involved supposed present absent parent agent moment event
    content intent extent talent giant servant assistant restaurant tenant plant grant instant important
""".split())
_PARTICLE = r"(?:[- ](?:out|up|down|off))?"
_DEGREE = (r"(?:(?:more|a\s+(?:bit|little|lot|touch)|much|way|really|even|properly|visibly|clearly|quite|so|very|too)"
           r"\s+)*")

_ATTITUDE = re.compile(
    r"(?:^|(?<=[\s,;:—–]))"
    r"(?:(?P<made>make)\s+)?(?P<who>[a-z][\w'’-]*)\s+"
    r"(?(made)|(?:is|gets|becomes|feels|seems|looks|comes\s+across\s+as|"
    r"(?:should|must|needs?\s+to|has\s+to|ought\s+to)\s+(?:be|seem|look|feel|come\s+across\s+as)|to\s+be|be)\s+)"
    + _DEGREE + r"(?P<how>[a-z]+" + _PARTICLE + r")"
    r"(?:\s+(?:of|with|towards?|to|about|around)\s+(?P<other>[a-z][\w'’-]*)(?:\s+[a-z][\w'’-]*){0,3}?)?"
    r"(?:\s+(?:in\s+(?:it|scene\s+\d+|the\s+[\w' -]+?)|here|there|now|please|pls|throughout))*"
    r"(?=\s*(?:[,.;!?]|$))", re.I)


def _is_how(word: str) -> bool:
    base = re.sub(r"[- ](?:out|up|down|off)$", "", word.lower())
    if base in _HOW_WORDS or _plain(base) in _HOW_WORDS:  # "colder", "angrier": more of it
        return True
    return base not in _NOT_HOW and len(base) > 4 and base.endswith(_HOW_ENDINGS)


def _plain(word: str) -> str:
    """Return a comparative's plain word ("colder" -> "cold", "angrier" -> "angry"), else the word."""
    if word.endswith("ier"):
        return word[:-3] + "y"
    return word[:-2] if word.endswith("er") and word[:-2] in _HOW_WORDS else word[:-1] if word.endswith("r") else word


def attitude_line(clause: str, characters: Sequence[str]) -> StageDirection | None:
    """Return a stage direction showing how someone should come across, or None when the note says no such thing.

    "so mara is wary of tomas" -> "MARA watches Tomas, wary."; "tomas should seem more worn out" ->
    "TOMAS looks worn out." The line goes just after the person is first seen.
    """
    cast = {c.lower(): c for c in characters}
    named = match_names(clause, characters)
    for found in _ATTITUDE.finditer(clause):
        who = re.sub(r"['’]s$", "", found.group("who").lower())
        if who in ("he", "she", "they") and len(named) == 1:
            who = named[0].lower()
        if who not in cast or not _is_how(found.group("how")):
            continue
        how = found.group("how").lower().replace("-", " ")
        how = _plain(how) if _plain(how) in _HOW_WORDS else how  # "colder": the line shows her cold
        other = (found.group("other") or "").lower()
        if other in cast and other != who:
            line = f"{cast[who].upper()} watches {cast[other].title()}, {how}."
        else:
            line = f"{cast[who].upper()} looks {how}."
        return StageDirection(line=line, place="middle", after=cast[who].title())
    return None
