"""Read numbers out of a request: scene and shot numbers, ordinals, ranges, versions, counts."""

from __future__ import annotations

import re

from agent.resolver.numbers import CLOSING_NUMBER, DOTTED_SHOT, MAKE_NUMBER, SCENE_VERB
from agent.resolver.slots import SCENE_ENDS_ON

__all__ = [
    "bare_scene_list",
    "between_pair",
    "find_count",
    "find_duration",
    "find_lens",
    "find_position",
    "find_range",
    "find_scene",
    "find_scenes",
    "find_shot",
    "find_steps",
    "find_transition_position",
    "find_versions",
    "placed_in_gap",
    "to_int",
]

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
         "sixteen seventeen eighteen nineteen twenty".split()
_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth " \
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
_WORDS = {word: i for i, word in enumerate(_UNITS)} | {word: i for i, word in enumerate(_ORDINALS)}
_WORDS |= {"a": 1, "an": 1, "single": 1, "once": 1, "twice": 2, "thrice": 3, "couple": 2, "few": 3,
           "opening": 1, "half": 0}
_WORD_ALT = "|".join(sorted((w for w in _WORDS if len(w) > 2 and w != "half"), key=len, reverse=True))
NUM = rf"(?:\d+(?:st|nd|rd|th)?|{_WORD_ALT})"
_NOT_COUNTED = frozenset("to and or of in on at from through thru until with vs by for a an the".split())
_SCENE_WORD = r"(?:scene|sc\.?)"
_MAX_INT = 1_000_000_000
_LAST = r"(?:last|final|closing|ending)"


def to_int(token: str | None) -> int | None:
    """Turn "3", "3rd", "three" or "third" into 3; anything else into None."""
    if not token:
        return None
    token = token.lower().strip(" .#")
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", token)
    if digits:  # capped: a 10**20 would not survive the checkpoint (msgpack) nor SQLite, and names nothing
        number = digits.group(1).lstrip("0") or "0"
        return min(int(number), _MAX_INT) if len(number) <= 10 else _MAX_INT
    return _WORDS.get(token)


def find_scene(text: str, *, scene_count: int | None = None) -> int | None:
    """Return the first scene a clause names ("scene 3", "the third scene", "last scene")."""
    patterns = [
        rf"\b{_SCENE_WORD}\s*(?:#|no\.?|number)?\s*({NUM})\b",
        rf"\b({NUM})\s+{_SCENE_WORD}",
        rf"\bscenes\s+({NUM})\b",
        CLOSING_NUMBER.pattern,  # "… into the river in 5"
    ]
    hits: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            value = to_int(match.group(1))
            if value is not None and value > 0:
                hits.append((match.start(), value))
    last = re.search(rf"(?<!\ba\s)(?<!\bnew\s)(?<!\banother\s)\b{_LAST}\s+{_SCENE_WORD}", text, re.IGNORECASE)
    if last and scene_count:
        hits.append((last.start(), scene_count))
    for compiled in (SCENE_VERB, MAKE_NUMBER, DOTTED_SHOT):
        bare = compiled.search(text)
        value = to_int(bare.group(1)) if bare else None
        if bare and value and not re.search(r"\b(?:v|version|versions)\s*$", text[: bare.start(1)], re.I):
            hits.append((bare.start(1), value))
    return min(hits)[1] if hits else None


def find_scenes(text: str) -> list[int]:
    """Return every scene number a clause names, in order ("swap scenes 4 and 6", "scene 4 with scene 1")."""
    found: list[tuple[int, int]] = []
    listed = rf"\s*(?:,\s*(?:and\s+)?|and|&|with|for)\s*(?:{_SCENE_WORD}\s*)?{NUM}"
    for match in re.finditer(rf"\b{_SCENE_WORD}s?\s*(?:#|no\.?|number)?\s*({NUM}(?:{listed})*)\b", text, re.IGNORECASE):
        for number in re.finditer(rf"\b{NUM}\b", match.group(1), re.IGNORECASE):  # "scenes 1, 2, 3 and 4"
            value = to_int(number.group(0))
            if value:
                found.append((match.start(1) + number.start(), value))
    return [v for _, v in sorted(found)]


def bare_scene_list(text: str) -> list[int]:
    """Return the bare numbers a clause lists after "in" ("she wears it only in 2 and 5"), scenes by their place."""
    match = re.search(rf"\b(?:in|for|during)\s+({NUM}(?:\s*(?:,|and|&)\s*{NUM})*)\b(?!\s*(?:s\b|sec|mm|%|min|am|pm))",
                      text, re.IGNORECASE)
    if match is None:
        return []
    return [v for v in (to_int(n) for n in re.split(r"\s*(?:,|and|&)\s*", match.group(1))) if v]


def find_shot(text: str) -> int | None:
    """Return the shot a clause names ("shot 1 of scene 2", "the second shot")."""
    # "shot 2.3" is scene 2, shot 3 (the dotted form below), not shot 2.
    match = re.search(rf"\b(?:shot|sh\.?)\s*(?:#|no\.?|number)?\s*({NUM})\b(?!\.\d)", text, re.IGNORECASE) or re.search(
        rf"\b({NUM})\s+shot\b", text, re.IGNORECASE
    )
    if match is None:
        match = DOTTED_SHOT.search(text)
        value = to_int(match.group(2)) if match else None
        return value if value else None
    value = to_int(match.group(1)) if match else None
    return value if value else None


def find_range(text: str) -> tuple[int, int] | None:
    """Return a scene range ("scenes 2 to 4", "scenes 2-4", "from scene 2 to scene 4")."""
    match = re.search(
        rf"\b(?:scenes?|sc\.?)\s*({NUM})\s*(?:-|–|to|through|thru|until|and)\s*(?:scene\s*)?({NUM})\b",
        text,
        re.IGNORECASE,
    )
    if not match:
        # Two scenes named apart: "fold scene 3 into scene 2", "merge scene 2 with scene 3".
        match = re.search(
            rf"\b(?:scene|sc\.?)\s*({NUM})\b.*?\b(?:into|with|and|onto|to)\s+(?:the\s+)?(?:scene|sc\.?)\s*({NUM})\b",
            text,
            re.IGNORECASE,
        )
    if not match:
        return None
    start, end = to_int(match.group(1)), to_int(match.group(2))
    return (start, end) if start and end else None


def find_position(text: str, *, source: int | None, scene_count: int | None) -> int | None:
    """Return where a moved scene should land ("before scene 2", "after scene 4", "to the end", "up one")."""
    step = re.search(r"\b(up|earlier|forward|down|later)\s+(?:by\s+)?(one|1|two|2|a\s+(?:place|slot|spot|notch))\b",
                     text, re.IGNORECASE)
    if step and source is not None:
        by = 2 if step.group(2).lower() in ("two", "2") else 1
        moved = source - by if step.group(1).lower() in ("up", "earlier", "forward") else source + by
        return moved if moved >= 1 and (scene_count is None or moved <= scene_count) else None
    match = re.search(rf"\b(before|after|in front of|behind)\s+{_SCENE_WORD}\s*({NUM})", text, re.IGNORECASE)
    if match:
        anchor = to_int(match.group(2))
        if anchor is None:
            return None
        if match.group(1).lower() in ("before", "in front of"):
            return anchor if source is None or source > anchor else anchor - 1
        return anchor + 1 if source is None or source > anchor else anchor
    match = re.search(rf"\b(?:to|into)\s+(?:position|slot|place)\s*({NUM})", text, re.IGNORECASE) or re.search(
        rf"\bto\s+(?:be\s+)?(?:the\s+)?({NUM})\b(?!\s*(?:shots?|beats?|seconds?))", text, re.IGNORECASE
    )
    if match:
        return to_int(match.group(1))
    match = re.search(rf"\b(?:so\s+(?:that\s+)?it'?s|so\s+it\s+is|make\s+it|as|up\s+to|down\s+to)\s+(?:the\s+)?"
                      rf"(?:number\s+|position\s+|scene\s+)?({NUM})\b(?!\s*(?:shots?|beats?|seconds?))", text,
                      re.IGNORECASE)  # "so it's scene 1"
    if match and to_int(match.group(1)):
        return to_int(match.group(1))  # "bring the kiosk scene forward so it's third"
    if SCENE_ENDS_ON.search(text):
        return None  # "I want scene 4 to end on Ida alone": how the scene ends, not where it goes
    if re.search(r"\b(?:end|close|finish)(?:s|es)?\s+(?:the\s+(?:film|movie|short)\s+)?(?:on|with)\b", text, re.I):
        return scene_count  # "end on the bridge"
    if re.search(r"\b(?:to|at|as)\s+the\s+(?:very\s+)?(?:end|bottom|close|finale)\b|\b(?:last|final|closing)\b|"
                 r"\bafter\s+(?:everything|all the others|the rest)\b", text, re.IGNORECASE):
        return scene_count
    if re.search(r"\b(?:to|at|as)\s+the\s+(?:very\s+)?(?:start|beginning|top|front|opening)\b|\b(?:first|opener)\b|"
                 r"\bbefore\s+(?:everything|all the others|the rest)\b|\bopen(?:s)? the film\b|"
                 r"\b(?:open|start|begin|kick off)(?:s)?\s+(?:the\s+(?:film|movie|short)\s+)?(?:on|with)\b",
                 text, re.IGNORECASE):
        return 1
    return None


def find_versions(text: str) -> list[int]:
    """Return the versions a clause names ("version 2", "v3", "versions 1 and 3")."""
    out: list[int] = []
    if re.search(r"\b(?:original|very first|first)\s+(?:version|draft|text|cut)\b|\bthe original\b|\boriginally\b|"
                 r"\b(?:how|what)\s+it\s+was\s+(?:at first|to begin with|in the beginning)\b", text, re.IGNORECASE):
        out.append(1)
    ordinal = re.search(rf"\b(?:the\s+)?({NUM})\s+version\b", text, re.IGNORECASE)
    if ordinal and to_int(ordinal.group(1)):
        out.append(to_int(ordinal.group(1)) or 0)
    for match in re.finditer(
        rf"\b(?:versions?|v)\s*({NUM})(?:\s*(?:and|to|with|vs\.?|-|,)\s*(?:version\s*|v)?({NUM}))?",
        text,
        re.IGNORECASE,
    ):
        for group in match.groups():
            value = to_int(group)
            if value is not None:
                out.append(value)
    return out


def find_steps(text: str) -> int | None:
    """Return how many changes to undo ("the last 3 changes", "twice", "two steps")."""
    match = re.search(rf"\b({NUM})\s+(?:changes?|steps?|edits?|times?|actions?)\b", text, re.IGNORECASE)
    if match:
        return to_int(match.group(1))
    match = re.search(r"\b(once|twice|thrice)\b", text, re.IGNORECASE) or re.search(
        rf"\b(?:the|those|these|my)\s+(?:last\s+)?({NUM})(?<!st)(?<!nd)(?<!rd)(?<!th)\s*(?:(?:ones?|things?)\b|[.!?]*$)",
        text, re.IGNORECASE)
    if match:  # "take back the final three": three changes (never "the third": one of them)
        return to_int(match.group(1))
    return 2 if re.search(r"\b(?:both|the two|those two|last two)\b", text, re.IGNORECASE) else None


def find_count(text: str) -> int | None:
    """Return a count of things ("into 5 shots", "six beats"), never a scene or version number."""
    for match in re.finditer(rf"\b({NUM})\s+([a-z\-]+)", text, re.IGNORECASE):
        noun = match.group(2).lower()
        if re.match(r"(scenes?|versions?|sc|mm|seconds?|secs?|s|changes?|steps?|times?|st|nd|rd|th)$", noun) or (
            noun in _NOT_COUNTED
        ):
            continue
        if match.group(1).lower().endswith(("st", "nd", "rd", "th")) and not match.group(1).isdigit():
            continue  # an ordinal ("third shot") names one item, it does not count them
        value = to_int(match.group(1))
        preceding = text[: match.start()].rstrip().lower()
        if value and not re.search(r"(?:\b(?:scenes?|shots?|versions?|v|sc\.?|position|to)|#)$", preceding):
            return value
    return None


def find_duration(text: str) -> float | None:
    """Return a duration in seconds ("3 seconds", "2.5s", "four secs", "a second and a half", "half a second")."""
    halves = re.search(rf"\b(?P<n>\d+|{_WORD_ALT}|an?)\s+(?:and\s+a\s+half\s+(?:s|sec|secs|seconds?)|"
                       rf"(?:s|sec|secs|seconds?)\s+and\s+a\s+half)\b|\b(?P<half>half\s+a\s+(?:sec|second))\b",
                       text, re.IGNORECASE)
    if halves:
        token = (halves.group("n") or "").lower()
        whole = 0.0 if halves.group("half") else 1.0 if token in ("a", "an") else (
            float(token) if token.isdigit() else float(_WORDS.get(token, 0)))
        return whole + 0.5
    match = re.search(rf"\b(\d+(?:\.\d+)?|{_WORD_ALT})\s*(?:s|sec|secs|seconds?)\b", text, re.IGNORECASE)
    if not match:
        return None
    token = match.group(1)
    return float(token) if token[0].isdigit() else float(_WORDS.get(token.lower(), 0)) or None


def find_lens(text: str) -> float | None:
    """Return a focal length in millimetres ("35mm", "85 mm lens")."""
    match = re.search(r"\b(\d+(?:\.\d+)?)\s*mm\b", text, re.IGNORECASE) or re.search(
        r"\b(?:on|with|use|using|try|swap to|switch to)\s+(?:an?|the)\s+(\d{2,3})\b(?!\s*(?:seconds?|s\b|%|shots?))|"
        r"\b(\d{2,3})\s*(?:lens|prime)\b", text, re.IGNORECASE)
    if not match:
        return None
    value = float(next(g for g in match.groups() if g))
    return value if 8 <= value <= 600 else None


def find_transition_position(text: str, *, clip_count: int | None = None) -> int | None:
    """Return the timeline position a transition leads into ("between 2 and 3" -> 3, "at the start" -> 1)."""
    match = re.search(rf"\bbetween\s+(?:clips?\s+|shots?\s+|scenes?\s+)?({NUM})\s+(?:and|&)\s+"
                      rf"(?:clip\s+|shot\s+|scene\s+)?({NUM})\b", text, re.IGNORECASE)
    if match:
        a, b = to_int(match.group(1)), to_int(match.group(2))
        return max(a, b) if a is not None and b is not None else None
    match = re.search(rf"\b(?:into|to|before|on|at|for)\s+(?:clip|position|shot)\s*({NUM})\b", text, re.IGNORECASE) \
        or re.search(rf"\b(?:clip|position)\s*({NUM})\b", text, re.IGNORECASE)
    if match:
        return to_int(match.group(1))
    if re.search(r"\b(?:at|from)\s+the\s+(?:start|beginning|top|head)\b|\bfade[- ]?in\b|\bopen(?:ing)?\s+with",
                 text, re.IGNORECASE):
        return 1
    if re.search(r"\b(?:at|to)\s+the\s+(?:end|close|tail)\b|\bfade[- ]?out\b", text, re.IGNORECASE):
        return clip_count
    return None


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:scenes?\s+)?(\d+)\s*(?:and|&|,)\s*(?:scene\s+)?(\d+)\b", re.I)


def between_pair(clause: str) -> tuple[int, int] | None:
    """Return the two scenes a clause puts something between ("between scenes 6 and 5": (5, 6)), else None."""
    match = _BETWEEN.search(clause)
    if match is None:
        return None
    first, second = sorted((int(match.group(1)), int(match.group(2))))
    return first, second


_GAP = re.compile(r"\bbetween\s+.+?(?=\s+(?:where|when|in\s+which|with|of|about|showing)\b|\s*[:;,—–]|\s-\s|$)", re.I)
_NEW_SCENE_BETWEEN = re.compile(r"(?:^\W*(?:a|an)\b|\b(?:new|another|extra|additional|one\s+more|add|write|insert|"
                                r"draft)\b)"
                                r"[^.;:]*?\bscene\s+between\b", re.I)
_GAP_ANSWER = re.compile(r"^\W*(?:(?:ok|okay|so|yes|sorry|oh|um)[,!]?\s+)*(?:(?:put\s+it|it\s+goes|make\s+it|just)\s+)?"
                         r"(?:(?:right|just|straight)\s+)?(?P<side>after|before|following)?\s*(?:scene\s+)?"
                         r"(?P<n>\d{1,3})\s*(?:please|thanks)?[.!]*$", re.I)


def placed_in_gap(answer: str, previous: str | None) -> str | None:
    """Turn "after 3" (or "3"), said to where a new scene "between" two others goes, into that request placed.

    "a new scene between the two market ones where ..." when those are scenes 2 and 5 asks which gap;
    the answer takes the place of the "between" phrase: "a new scene after scene 3 where ...".
    """
    said = _GAP_ANSWER.match(answer.strip())
    if said is None or not previous or _NEW_SCENE_BETWEEN.search(previous) is None:
        return None
    number = int(said.group("n"))
    side = (said.group("side") or "after").lower()
    placed = f"before scene {number}" if side == "before" else f"after scene {number}"
    return _GAP.sub(placed, previous, count=1)
