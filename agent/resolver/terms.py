"""The words the resolver matches on: stems, stop words, and a heading's INT/EXT and time-of-day synonyms."""

from __future__ import annotations

import re

__all__ = ["EVENTS", "INTERIOR", "STOP", "TIME_STEMS", "TIME_WORDS", "heading_terms", "lower_words", "plain_times",
           "stem", "term_stems"]

STOP = frozenset(
    """
    the a an of in on at to and or with where when which that who whom whose is are was were be been being it its
    scene scenes bit part moment one sequence beat they them their he him his she her we us our you your i me my
    this there here then than so do does did get gets got getting just really very some any all back up out
    about into onto from for by as make made more less bit lot after before during while until since once
    again still also even only very too can could would should will shall may might must want like need
    other another off away
    """.split()
)
"""Words that name nothing: never matched, never counted."""
TIME_WORDS = {
    "night": ("night", "nighttime", "midnight", "late"),
    "dawn": ("dawn", "sunrise", "daybreak", "early", "morning"),
    "day": ("day", "daytime", "afternoon", "noon", "daylight"), "morning": ("morning", "dawn"),
    "dusk": ("dusk", "sunset", "evening", "twilight"), "evening": ("evening", "dusk"),
}
"""A heading's time of day -> the words a film-maker may use for it."""
INTERIOR = {"int": ("inside", "interior", "indoors", "indoor"), "ext": ("outside", "exterior", "outdoors", "outdoor")}
"""INT/EXT -> the plain words for them ("inside", "outdoors")."""
EVENTS = {
    "ride": ("drive", "drives", "driving", "bus", "car", "cab", "taxi", "train", "tram", "seat", "moving",
             "passenger", "ride"),
    "drive": ("drive", "drives", "driving", "car", "wheel", "road", "moving"),
    "journey": ("drive", "driving", "bus", "car", "train", "moving", "road"),
    "trip": ("drive", "driving", "bus", "car", "train", "moving", "road"),
    "commute": ("bus", "train", "tram", "car", "moving", "drive"),
    "detour": ("way", "route", "turn", "turns", "wrong", "detour"),
    "handover": ("hand", "hands", "give", "gives", "back", "pass", "passes", "return", "returns"),
    "search": ("search", "searching", "look", "looks", "looking", "check", "checks", "hunt", "pocket"),
    "arrival": ("arrive", "arrives", "enter", "enters", "bell"),
    "goodbye": ("goodbye", "bye", "leave", "leaves", "walk", "out"),
    "farewell": ("goodbye", "bye", "leave", "leaves", "walk", "out"),
    "chase": ("chase", "chases", "run", "runs", "running", "after"),
    "fight": ("fight", "fights", "punch", "hit", "struggle", "grab"),
    "argument": ("argue", "argues", "shout", "shouts", "yell"),
    "escape": ("escape", "escapes", "flee", "run", "runs", "climb"),
    "interrogation": ("question", "questions", "ask", "asks", "describe"),
    "stakeout": ("watch", "watches", "wait", "waits", "car"),
    "breakup": ("leave", "leaves", "over", "goodbye"),
    "reunion": ("again", "back", "hug", "embrace"),
}
"""A scene's nickname by what happens in it ("the chase", "the stakeout") -> words a screenplay shows it with.

Used only for a nickname that no scene says itself: "the journey" finds the scene on a moving train."""


_IRREGULAR = {"tying": "tie", "tied": "tie", "lying": "lie", "lied": "lie", "dying": "die", "died": "die"}


def stem(word: str) -> str:
    """Return a word's stem, lower-case ("stopped" -> "stop", "ladies" -> "lady")."""
    word = word.lower().strip("'’")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("'s", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "stopped", "stopping" -> "stop" (but "called" -> "call")
            return word
    return word


TIME_STEMS = frozenset(stem(w) for key, words in TIME_WORDS.items() for w in (key, *words))


def lower_words(text: str) -> list[str]:
    """Return a text's words, lower-case: letters, then any letters and apostrophes ("claim-form" is two words)."""
    return re.findall(r"[a-z][a-z'’]*", text.lower())


_HOUR = re.compile(r"\b(?:(?:one|two|three|four|1|2|3|4)(?:\s+o'?clock)?\s+in\s+the\s+morning|[1-4]\s*a\.?m\b|"
                   r"(?:small|wee)\s+hours)", re.I)
_LIGHT = re.compile(r"\b(first|last)\s+light\b", re.I)
"""Hours and light said for a time of day: "at two in the morning" is NIGHT, "first light" DAWN."""


def plain_times(text: str) -> str:
    """Return a phrase with hours and light said as times of day ("at two in the morning" -> "at night")."""
    return _LIGHT.sub(lambda m: "dawn" if m.group(1).lower() == "first" else "dusk", _HOUR.sub("night", text))


def term_stems(text: str) -> set[str]:
    """Return the matching stems of a phrase's words ("the mornings" -> {"morning"}, "outdoors" -> {"ext"})."""
    text = plain_times(text)
    inside = {w: key for key, words in INTERIOR.items() for w in words}
    return {stem(inside.get(w, w)) for w in lower_words(text) if w not in STOP}


def heading_terms(heading: str) -> set[str]:
    """Return the stems a scene heading answers to, with its INT/EXT and time-of-day synonyms.

    "EXT. PIER - DAWN" answers to "pier", "ext", "dawn", "sunrise", "morning"... (match it against
    ``term_stems`` of a phrase, which reads "outside" as "ext").
    """
    terms = {stem(w) for w in lower_words(heading) if w not in STOP}
    prefix = heading.split(".", 1)[0].strip().lower()
    terms.update(k for k in INTERIOR if prefix.startswith(k) or prefix.startswith("i/e"))
    for key, words in TIME_WORDS.items():
        if key in terms:
            terms.update(stem(w) for w in words)
    return terms


NOT_A_MOMENT = frozenset("film movie story script screenplay cut edit pacing dialogue logline outline music sound "
                          "colour color palette look style whole thing ending beginning title cast".split())
"""Words about the film as a whole, never a moment in one scene ("the pacing feels off")."""
