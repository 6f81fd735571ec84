"""Scenes named by number or position: "scene 3", "sc3", "s3", "shoot 7", "4.3", "the second scene", "the ending"."""

from __future__ import annotations

import re

from agent.resolver.scenes import SceneMatch, SceneReference

__all__ = [
    "CAMERA_TALK", "CLOSING_NUMBER", "DOTTED_SHOT", "MAKE_NUMBER", "NUMERAL", "ORDINALS", "SCENE_VERB", "SHORT_SCENE",
    "UNITS",
    "explicit_scene_numbers",
]

UNITS = tuple(("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen twenty").split())
"""The numbers one to twenty in words: ``UNITS[n - 1]`` spells n."""
ORDINALS = tuple(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split())
"""The ordinals first to twentieth: ``ORDINALS[n - 1]`` is the nth."""
_NUMBER_WORDS = {w: i for i, w in enumerate(UNITS, start=1)} | {w: i for i, w in enumerate(ORDINALS, start=1)}
NUMERAL = r"\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
"""A number in digits or words ("3", "three", "third"), as a regex alternation."""
_SCENE = r"(?:scenes?|sc\.?|sq\.?)"
_ORDINAL_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
SHORT_SCENE = re.compile(r"(?<![\w'’-])[sS]\s?(\d{1,3})\b(?!\s*(?:mm|seconds?|secs?|%|s\b))")
"""A scene written the short way, "s3" (not "35mm", "3s" or "s 3 %")."""
_NO_UNIT = r"(?!\s*(?:shots?|seconds?|secs?|s\b|mm|%|x\b|times|minutes?|mins?|beats?|acts?|pages?|frames?|fps|"\
           r"takes?|versions?|scenes|stills?|lines?|copies)|\.\d)"
SCENE_VERB = re.compile(rf"^\W*(?:(?:please|pls|ok|okay|now|then|also|and)\s+)*(?:break(?:\s+down)?|break\s+up|"
                         rf"rewrite|re-?do|re-?work|delete|remove|storyboard|shoot|darken|lighten|tighten|trim|show(?:\s+me)?|read|"
                         rf"open|split|tag|restore|polish|punch\s+up|cut|lose|drop|board|shot\s*list|move|bump)\s+(\d+){_NO_UNIT}\b",
                         re.I)
"""A bare number right after a scene verb is a scene ("shots for 7", "redo 8 gloomier")."""
MAKE_NUMBER = re.compile(r"\bmake\s+(\d+)\s+(?:more|less|a\s+(?:bit|lot|touch)|way|much|even|[a-z]+er)\b(?![^.;]*"
                          r"\b(?:shots?|scenes|stills?|versions?|takes?|lines?|beats?)\b)", re.I)
DOTTED_SHOT = re.compile(r"(?<![\w.])(\d{1,3})\.(\d{1,2})(?![\d.])"
                         r"(?!\s*(?:s\b|secs?|seconds?|mm|x\b|%|fps|mins?|minutes?))")
"""Scene.shot, as on a shot list: "4.3" is shot 3 of scene 4."""

CLOSING_NUMBER = re.compile(r"(?<=[a-z])\s+(?:in|on)\s+(\d{1,3})(?=\s*(?:[,.;!?]|$))", re.I)
"""A bare number closing a note, "… into the river in 5": the scene it happens in (never "in 5 seconds")."""

_EXPLICIT = [
    re.compile(rf"\b{_SCENE}\s*(?:#|no\.?|number\s*)?({NUMERAL})\b"
               rf"(?:\s*(?:-|–|to|through|thru)\s*({NUMERAL})\b)?", re.I),
    # "the third scene", "3rd scene", "the 3 scene"; never a count ("one scene to close", "two scenes")
    re.compile(rf"\b(?:the\s+)?({_ORDINAL_WORDS}|\d+(?=(?:st|nd|rd|th)\b)|(?<=the\s)\d+)(?:st|nd|rd|th)?\s+{_SCENE}\b",
               re.I),
    re.compile(rf"\b{_SCENE}\s+((?:{NUMERAL})(?:\s*(?:,\s*(?:and\s+)?|and|&)\s*(?:{NUMERAL})\b)+)", re.I),
    SHORT_SCENE,  # "s3 darker"
    SCENE_VERB,  # "shoot 7"
    MAKE_NUMBER,  # "make 7 more sombre"
    re.compile(DOTTED_SHOT.pattern.replace(r"\.(\d{1,2})", r"\.\d{1,2}")),  # "4.3" (shot 3 of scene 4)
    re.compile(rf"\bthe\s+({NUMERAL})(?:st|nd|rd|th)?\s+(?:one|bit|part)\b", re.I),  # "the fourth one"
    CLOSING_NUMBER,
]


_NEW = r"(?<!\ba\s)(?<!\ban\s)(?<!\bnew\s)(?<!\banother\s)"
"""Not a scene there is: "add a last scene", "a new opening scene" is one to write."""
_FIRST = re.compile(_NEW + r"\b(?:the\s+)?(?:very\s+)?(?:opening|first)\s+(?:scene|one|bit|part|sequence)\b|"
                    r"(?<!at )(?<!to )(?<!from )"
                    r"\bthe\s+(?:opening|start|beginning)\b(?!\s+(?:of|shots?|frames?|lines?|images?|stills?|"
                    r"credits|titles?|cards?|angle|move)\b)|"
                    + _NEW + r"\b(?:the\s+|our\s+)?(?:opener|cold\s+open)\b", re.I)
_LAST = re.compile(_NEW + r"\b(?:the\s+)?(?:very\s+)?(?:last|final|closing|ending)\s+(?:scene|one|bit|part|sequence)\b|"
                   r"(?<!at )(?<!to )(?<!by )(?<!in )\bthe\s+end\b(?!\s+(?:of|credits))|"
                   # "in the end" is an idiom; "in the ending" is the last scene
                   r"(?<!at )(?<!to )(?<!by )\bthe\s+(?:ending|finale)\b(?!\s+(?:of|credits))|"
                   + _NEW + r"\bthe\s+closer\b", re.I)
CAMERA_TALK = re.compile(r"\b(?:angle|lens|\d+\s*mm|close-?up|closeup|wide|insert|pan|tilt|dolly|handheld|hand-held|"
                          r"ots|ecu|cu|mcu|framing|push\s+in|pull\s+out|zoom|tracking|static|seconds?|secs?|still|"
                          r"storyboard|frame)\b", re.I)
_PENULTIMATE = re.compile(r"\b(?:second[- ]to[- ]last|penultimate|next[- ]to[- ]last)\s+scene\b", re.I)


def _number(token: str | None) -> int | None:
    if not token:
        return None
    token = token.lower()
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


_EDGE_RUN = re.compile(r"\b(?:the\s+)?(first|opening|last|final|closing)\s+(two|three|four|2|3|4)\s+(?:scenes|ones)\b",
                       re.I)


_ORDINAL_WORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th)|opening)"
_ORDINAL_PAIR = re.compile(rf"\b(?:the\s+)?({_ORDINAL_WORD})\s+(?:one\s+|scene\s+)?(?:and|&)\s+(?:the\s+)?"
                           rf"({_ORDINAL_WORD}|last|final|closing)(?:\s+(?:scenes?|ones?)\b|(?=\s*[.!?]*$))", re.I)
"""Two scenes named by their places in one phrase: "the opening and final scenes", "the 2nd & 4th scenes", a
clause ending "trade 2nd and 3rd"."""


def explicit_scene_numbers(text: str, scene_count: int) -> list[SceneReference]:
    """Return the scenes a text names by number or ordinal ("scene 3", "sc3", "the last scene")."""
    runs: list[SceneReference] = []
    for m in _EDGE_RUN.finditer(text):  # "the last two scenes", "the first three scenes"
        many = _number(m.group(2)) or 2
        start = 1 if m.group(1).lower() in ("first", "opening") else scene_count - many + 1
        numbers = [n for n in range(start, start + many) if 1 <= n <= scene_count]
        runs.append(SceneReference(m.group(0), tuple(SceneMatch(n, "", 1.0) for n in numbers), explicit=True,
                                   many=many))
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]  # nothing else reads it again
    found: list[tuple[int, str, int]] = []
    for m in _ORDINAL_PAIR.finditer(text):  # "trade the opening and final scenes": two scenes named by their places
        ends = {"opening": 1, "last": scene_count, "final": scene_count, "closing": scene_count}
        pair = [ends.get(m.group(g).lower()) or _number(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", m.group(g)))
                for g in (1, 2)]
        numbers = [n for n in pair if n is not None and 1 <= n <= scene_count]
        runs.append(SceneReference(m.group(0), tuple(SceneMatch(n, "", 1.0) for n in numbers), explicit=True, many=2))
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    camera = CAMERA_TALK.search(text) is not None
    for pattern in _EXPLICIT:
        for m in pattern.finditer(text):
            if camera and re.search(r"\bone\b", m.group(0), re.I):
                continue  # "make the second one a close-up": a shot, since scenes have no framing
            listed = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\b|&)\s*", m.group(1).strip())
            first = _number(listed[0])
            second = _number(m.group(2)) if m.lastindex and m.lastindex >= 2 else None
            if first is None:
                continue
            if len(listed) > 1:  # "scenes 1, 4 and 6"
                numbers = [n for n in map(_number, listed) if n is not None]
            elif second is not None and ("-" in m.group(0) or re.search(r"\b(?:to|through|thru)\b", m.group(0), re.I)):
                numbers = list(range(first, min(second or first, first + 20) + 1))
            else:
                numbers = [first] + ([second] if second is not None else [])
            for n in numbers:
                found.append((m.start(), m.group(0), n))
    for pattern, pick in ((_FIRST, 1), (_LAST, scene_count), (_PENULTIMATE, scene_count - 1)):
        for m in pattern.finditer(text):
            if camera and re.search(r"\bone\b", m.group(0), re.I):
                continue  # "tilt the opening one down": a shot, since scenes have no angle
            found.append((m.start(), m.group(0), pick))
    refs: list[SceneReference] = []
    seen: set[int] = set()
    spans: list[tuple[int, int]] = []
    for start, phrase, n in sorted(found, key=lambda f: (f[0], -len(f[1]))):
        end = start + len(phrase)
        if n in seen or any(a <= start < b or a < end <= b for a, b in spans if (a, b) != (start, end)):
            continue  # "the second-to-last scene" is one reference, not also "the last scene"
        seen.add(n)
        spans.append((start, end))
        matches = (SceneMatch(n, "", 1.0),) if 1 <= n <= scene_count else ()
        refs.append(SceneReference(phrase.strip(), matches, explicit=True))
    return runs + refs
