"""Shots named by what they show, who is in them, how they are framed, a quoted line, or their place in the list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.resolver.terms import STOP, lower_words, stem

__all__ = ["ShotInfo", "rank_shots"]


@dataclass(frozen=True)
class ShotInfo:
    """One shot card as the resolver reads it."""

    number: int
    shot_type: str
    description: str
    characters: tuple[str, ...] = ()
    source: str = ""
    """The words of the scene the card was drawn from (a whole line of dialogue), when the card has them."""


_SHOT_ORDINALS = {"first": 1, "1st": 1, "opening": 1, "establishing": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                  "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "last": -1, "final": -1,
                  "closing": -1}
_SHOT_FRAMING = {"close-up": "close-up", "close": "close-up", "closeup": "close-up", "cu": "close-up",
                 "ecu": "close-up", "wide": "wide", "establishing": "wide", "insert": "insert",
                 "ots": "over-the-shoulder", "shoulder": "over-the-shoulder", "two": "two-shot", "2-shot": "two-shot",
                 "two-shot": "two-shot", "medium": "medium"}
_QUOTED = re.compile(r"(?<![\w])[\"'“‘]((?:[^\"'“”‘’]|(?<=\w)['’](?=\w)){2,}?)[\"'”’](?![\w])")
"""A line in quotes; an apostrophe inside a word ("isn't") does not end it, nor does one start it ("ruben's")."""
_SHOT_NOISE = frozenset("shot shots one the a an on of in for make it its do give set with from behind when says say "
                        "said line lines first second last over".split())
_STEM_PREFIX = 4
"""Two stems this long or longer match when one begins the other ("dash" and "dashboard", "label" and "labell")."""


def _said(text: str) -> str:
    """Return a line's words, lower-case, without punctuation or curly quotes (to find a quote in a card)."""
    return " ".join(re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower().replace("’", "'")))


def _same_stem(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= _STEM_PREFIX and long.startswith(short))


def _shot_score(shot: ShotInfo, quoted: list[str], wanted: list[str], framings: set[str]) -> float:
    """Score one shot against what a phrase says it shows; 0 when it shows none of the things named.

    Names and framing only tell shots apart: when the phrase names things ("the tag on the key"), a shot
    must show at least half of them to fit (a quote it carries is enough on its own).
    """
    text = f"{shot.description} {shot.source}"
    said = _said(text)
    quote = 3.0 if quoted and any(q and f" {q} " in f" {said} " for q in quoted) else 0.0
    who = {c.lower() for c in shot.characters} | {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", shot.description)}
    named = [w for w in wanted if w in who]
    things = [w for w in wanted if w not in who and w not in _SHOT_FRAMING]
    content = {stem(w) for w in lower_words(text)}
    shown = sum(1 for w in things if any(_same_stem(stem(w), c) for c in content))
    if things and not quote and shown * 2 < len(things):
        return 0.0
    framing = 1.0 if framings and shot.shot_type in framings else 0.0
    return quote + 1.0 * len(named) + framing + 0.8 * shown


def rank_shots(phrase: str, shots: Sequence[ShotInfo]) -> list[tuple[int, float]]:
    """Return the shots a phrase describes, best first: by what they show, who is in them and how they are framed.

    "the clock shot", "ida's close-up", "for 'it is tonight'", "juno's first line", "the establishing shot",
    "the second one". An empty list means nothing fits.
    """
    if not shots:
        return []
    text = phrase.lower()
    ordinal = re.search(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|last|final|closing|"
                        r"opening|establishing)\s+(?:shot|one|line|wide|close-?up)\b", text)
    quoted = [_said(q) for q in _QUOTED.findall(phrase)]
    unquoted = _QUOTED.sub(" ", phrase).lower()
    wanted = [re.sub(r"['’]s$", "", w) for w in lower_words(unquoted) if w not in _SHOT_NOISE and w not in STOP]
    framings = {_SHOT_FRAMING[w] for w in re.findall(r"[\w-]+", unquoted) if w in _SHOT_FRAMING}
    scored = [(shot.number, _shot_score(shot, quoted, wanted, framings)) for shot in shots]
    if ordinal:
        word = ordinal.group(1)
        fitting = [n for n, sc in scored if sc > 0] if any(sc > 0 for _, sc in scored) else [s.number for s in shots]
        if "line" in ordinal.group(0):  # "juno's first line": her first shot with dialogue
            fitting = [s.number for s in shots if s.number in fitting and "“" in s.description] or fitting
        pick = _SHOT_ORDINALS[word]
        if word == "establishing":
            fitting = [s.number for s in shots if s.description.lower().startswith("establishing")] or fitting
            pick = 1
        if fitting and -len(fitting) <= (pick - 1 if pick > 0 else pick) < len(fitting):
            return [(fitting[pick - 1 if pick > 0 else pick], 10.0)]
    ranked = sorted((s for s in scored if s[1] > 0), key=lambda s: (-s[1], s[0]))
    return ranked
