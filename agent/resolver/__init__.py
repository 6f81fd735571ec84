"""One reference resolver: the words a film-maker uses for scenes and names -> the things they mean.

Scenes are named by number ("scene 3", "sc3"), ordinal ("the second scene", "the opening", "the
ending"), heading words (place, INT/EXT, time of day: "the bus scene", "the bridge at dawn"), who is
in them ("the scene with Ruben and Juno") or what happens ("where she gets the key back"). Names of
characters, locations and props match case-insensitively and tolerate typos. When two scenes fit
about equally the reference is ambiguous and the caller asks; it never takes the first match.

The context builder uses this module for every model (the offline director and real ones); it is
also behind the read-only ``find_scene`` tool.
"""

from __future__ import annotations

import difflib
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from agent.shorthand import spell_out

__all__ = [
    "SceneInfo",
    "SceneMatch",
    "heading_terms",
    "term_stems",
    "scene_stems",
    "SceneReference",
    "SHORT_SCENE",
    "CAMERA_TALK",
    "ShotInfo",
    "rank_shots",
    "DOTTED_SHOT",
    "MAKE_NUMBER",
    "SCENE_VERB",
    "closest_name",
    "explicit_scene_numbers",
    "find_scene_references",
    "match_places",
    "present_in",
    "rank_scenes",
]

Embed = Callable[[Sequence[str]], object]
"""Texts -> unit vectors (rows), e.g. ``LocalEmbedder.embed``."""


@dataclass(frozen=True)
class SceneInfo:
    """One active scene as the resolver reads it."""

    number: int
    heading: str
    content: str


@dataclass(frozen=True)
class SceneMatch:
    """A scene that fits a reference, with how well."""

    number: int
    heading: str
    score: float


@dataclass(frozen=True)
class SceneReference:
    """A phrase that names a scene, and the scenes that fit it (best first; empty when none does)."""

    phrase: str
    matches: tuple[SceneMatch, ...]
    explicit: bool = False
    """True for numbers and ordinals: no guessing involved."""
    many: int | None = None
    """For a plural ("the two bridge scenes", "both office scenes"): how many it names (0 when not said)."""

    @property
    def numbers(self) -> tuple[int, ...]:
        """Return the scenes a plural reference names, in screenplay order (empty when unclear)."""
        if self.many is None or not self.matches:
            return ()
        best = self.matches[0].score
        close = sorted(m.number for m in self.matches if m.score * _CLEAR_LEAD >= best)
        if len(close) < 2 or (self.many and len(close) != self.many):
            return ()
        return tuple(close)

    def candidates(self) -> list[SceneMatch]:
        """Return the matches worth offering when asking which scene: those close to the best, else all."""
        if not self.matches:
            return []
        best = self.matches[0].score
        close = [m for m in self.matches if m.score * _CLEAR_LEAD >= best]
        return close if len(close) > 1 else list(self.matches)

    @property
    def number(self) -> int | None:
        """Return the scene meant, when exactly one fits clearly; else None."""
        if not self.matches or self.many is not None:
            return None
        if len(self.matches) == 1 or self.explicit:
            return self.matches[0].number
        best, second = self.matches[0].score, self.matches[1].score
        clear = (best >= second * _CLEAR_LEAD and best - second >= _CLEAR_GAP) or (
            best >= second * _FAIR_LEAD and best - second >= _WIDE_GAP)  # a whole heading word more
        return self.matches[0].number if clear else None

    @property
    def status(self) -> str:
        """Return "resolved", "ambiguous" or "none"."""
        if self.number is not None or self.numbers:
            return "resolved"
        return "ambiguous" if self.matches else "none"


_CLEAR_LEAD = 1.35
_CLEAR_GAP = 0.25
_FAIR_LEAD = 1.25
_WIDE_GAP = 0.7
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty").split()
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS, start=1)} | {w: i for i, w in enumerate(_ORDINALS, start=1)}
_NUM = r"\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SCENE = r"(?:scenes?|sc\.?|sq\.?)"
SHORT_SCENE = re.compile(r"(?<![\w-])[sS]\s?(\d{1,3})\b(?!\s*(?:mm|seconds?|secs?|%|s\b))")
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

_EXPLICIT = [
    re.compile(rf"\b{_SCENE}\s*(?:#|no\.?|number\s*)?({_NUM})\b(?:\s*(?:-|–|to|through|thru)\s*({_NUM})\b)?", re.I),
    re.compile(rf"\b(?:the\s+)?({_NUM})(?:st|nd|rd|th)?\s+{_SCENE}\b", re.I),
    re.compile(rf"\b{_SCENE}\s+({_NUM})\s*(?:,|and|&)\s*({_NUM})\b", re.I),
    SHORT_SCENE,  # "s3 darker"
    SCENE_VERB,  # "shoot 7"
    MAKE_NUMBER,  # "make 7 more sombre"
    re.compile(DOTTED_SHOT.pattern.replace(r"\.(\d{1,2})", r"\.\d{1,2}")),  # "4.3" (shot 3 of scene 4)
    re.compile(rf"\bthe\s+({_NUM})(?:st|nd|rd|th)?\s+(?:one|bit|part)\b", re.I),  # "the fourth one"
]


_FIRST = re.compile(r"\b(?:the\s+)?(?:opening|first)\s+(?:scene|one|bit|part|sequence)\b|(?<!at )(?<!to )(?<!from )"
                    r"\bthe\s+(?:opening|start|beginning)\b(?!\s+(?:of|shots?|frames?|lines?|images?|stills?|"
                    r"credits|titles?|cards?|angle|move)\b)", re.I)
_LAST = re.compile(r"\b(?:the\s+)?(?:last|final|closing|ending)\s+(?:scene|one|bit|part|sequence)\b|"
                   r"(?<!at )(?<!to )(?<!by )\bthe\s+(?:ending|end|finale)\b(?!\s+(?:of|credits))", re.I)
CAMERA_TALK = re.compile(r"\b(?:angle|lens|\d+\s*mm|close-?up|closeup|wide|insert|pan|tilt|dolly|handheld|hand-held|"
                          r"ots|ecu|cu|mcu|framing|push\s+in|pull\s+out|zoom|tracking|static|seconds?|secs?|still|"
                          r"storyboard|frame)\b", re.I)
_PENULTIMATE = re.compile(r"\b(?:second[- ]to[- ]last|penultimate|next[- ]to[- ]last)\s+scene\b", re.I)
_NOT_A_DESCRIPTION = frozenset(
    "this that same next previous new another other each every which whole entire last final first opening "
    "closing ending a an one".split()
)
_DESCRIBED = [
    # "the bus scene", "the big bridge scene", "the dawn bridge scene"
    re.compile(r"\bthe\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:scene|sequence|bit|part|one)\b(?P<tail>\s+(?:at|in|on|with)\s+"
               r"(?!the\s+(?:end|start|beginning|top|front|back|moment)\b)(?:the\s+)?[\w'-]+)?"
               r"(?=$|[,.;!?]|\s+(?:so|to|and|but|more|less|a\s+bit|into|as|please|too|funnier|darker|tenser)\b|\s)",
               re.I),
    # "the bridge at night", "the office in the morning": a place at a time of day
    re.compile(r"\bthe\s+((?:(?!(?:happens?|is|be|set|was)\b)[\w'-]+\s+){0,2}?"
               r"(?!(?:happens?|is|be|set|was)\b)[\w'-]+\s+(?:at|in\s+the|by)\s+(?:night|dawn|day|daytime|morning|evening|"
               r"dusk|daybreak|sunrise|sunset|night-?time))\b", re.I),
    # "the scene where/with/at/on/in/when ..."; "the bit/part/moment/one where ..."
    re.compile(r"\bthe\s+(?:scene|sequence|bit|part|moment|one|beat)\s+((?:where|when|in which|with|at|on|in|that|"
               r"about|of(?!\s+(?:them|those|these|us|the\s+(?:two|three|film|movie|script|screenplay))\b))\s+"
               r"[^,.;:!?]+)", re.I),
]
_MOVED = re.compile(r"the\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:before|after|ahead\s+of|to\s+(?:the\s+)?(?:start|end|"
                    r"beginning|front|top)|first|last)\b)", re.I)
_PLURAL = re.compile(r"\b(?:the|both(?:\s+(?:of\s+)?the)?|all(?:\s+(?:of\s+)?the)?)\s+(?:(two|three|four|both)\s+)?"
                     r"((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:scenes|ones|bits)\b", re.I)
_ANCHOR = re.compile(r"\b(?:before|after|in front of|behind|between|into|"
                     r"(?:open|start|begin|end|close|finish)(?:s|es)?\s+"
                     r"(?:the\s+(?:film|movie|short)\s+)?(?:on|with))\s+(the\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)"
                     r"(?=$|[,.;:!?—–]|\s+[-—–]\s|\s+(?:and|so|please|then|instead|too|where|when|in which|with)\b)",
                     re.I)
_HAPPENS_AT = re.compile(r"\b(?:say|says|said|saying|happens?|happened|happening|do|does|did|doing|"
                         r"who(?:'s|’s|\s+is|\s+are|\s+else\s+is|\s+was)?)\s+(?:\w+\s+)?"
                         r"(?:on|in|at|inside)\s+(the\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)"
                         r"(?=$|[,.;!?]|\s+(?:scene|bit|with|and|besides|apart)\b)", re.I)
"""A place named after what is said or happens there ("what does she say on the bus?")."""
_OPENING_PLACE = re.compile(r"^\s*(?:(?:so|ok|okay|and|right)[,!]?\s+)*(?:on|in|at|inside|over|under)\s+"
                            r"(the\s+[\w'-]+(?:\s+[\w'-]+){0,2})", re.I)
_HEADING_LABELS = (re.compile(r"^\s*((?:int|ext|i/e|int\./ext)\.?\s+[\w' ,./–—-]{2,60}?)\s*:", re.I),
                   re.compile(r"^\s*((?:int|ext|i/e|int\./ext)\.?\s+[\w' ,./]{2,60}?)\s*\s[-—–]\s", re.I))
"""A note that starts with a heading of its own: "ext. bridge night: more wind" (a colon first, else a dash)."""
_CLOSING_PLACE = re.compile(r"\b(?:on|in|at|inside|aboard)\s+(the\s+[\w'-]+(?:\s+[\w'-]+){0,2}?)\s*[.!?]*$", re.I)
_HOW_MANY = {"two": 2, "both": 2, "three": 3, "four": 4}
_DESCRIPTION_END = re.compile(
    r"\s+(?:so\s+(?:it|that|the|she|he|they|we|her|his|their)|to\s+be|and\s+(?:make|then|also)|more|less|a\s+bit|a\s+lot|funnier|darker|tenser|"
    r"scarier|creepier|sadder|lighter|shorter|longer|please|into\s+shots|for\s+a\s+rewrite|needs?|should|could|"
    r"must|has\s+to|feels?|seems?|drags?|is\s+(?:too|a\s+bit|way|so|not)|"
    r"(?:to|in|into)\s+(?:the\s+)?(?:very\s+)?(?:start|end|beginning|top|front|first\s+place|last\s+place|"
    r"position|place|slot)|to\s+(?:after|before)\s+scene)\b.*$|\s+[-–—]\s.*$",
    re.I,
)
_STOP = frozenset(
    """
    the a an of in on at to and or with where when which that who whom whose is are was were be been being it its
    scene scenes bit part moment one sequence beat they them their he him his she her we us our you your i me my
    this there here then than so do does did get gets got getting just really very some any all back up out
    about into onto from for by as make made more less bit lot after before during while until since once
    again still also even only very too can could would should will shall may might must want like need
    other another
    """.split()
)
_TIME_WORDS = {
    "night": ("night", "nighttime", "midnight", "late"),
    "dawn": ("dawn", "sunrise", "daybreak", "early", "morning"),
    "day": ("day", "daytime", "afternoon", "noon", "daylight"), "morning": ("morning", "dawn"),
    "dusk": ("dusk", "sunset", "evening", "twilight"), "evening": ("evening", "dusk"),
}
_INTERIOR = {"int": ("inside", "interior", "indoors", "indoor"), "ext": ("outside", "exterior", "outdoors", "outdoor")}


def _number(token: str | None) -> int | None:
    if not token:
        return None
    token = token.lower()
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


_EDGE_RUN = re.compile(r"\b(?:the\s+)?(first|opening|last|final|closing)\s+(two|three|four|2|3|4)\s+(?:scenes|ones)\b",
                       re.I)


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
    camera = CAMERA_TALK.search(text) is not None
    for pattern in _EXPLICIT:
        for m in pattern.finditer(text):
            if camera and re.search(r"\bone\b", m.group(0), re.I):
                continue  # "make the second one a close-up": a shot, since scenes have no framing
            first = _number(m.group(1))
            second = _number(m.group(2)) if m.lastindex and m.lastindex >= 2 else None
            if first is None:
                continue
            if second is not None and ("-" in m.group(0) or re.search(r"\b(?:to|through|thru)\b", m.group(0), re.I)):
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


_IRREGULAR = {"tying": "tie", "tied": "tie", "lying": "lie", "lied": "lie", "dying": "die", "died": "die"}


def _stem(word: str) -> str:
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


_TIME_STEMS = frozenset(_stem(w) for key, words in _TIME_WORDS.items() for w in (key, *words))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'’-]*", text.lower())


@dataclass
class _Profile:
    scene: SceneInfo
    heading: set[str]
    content: set[str]
    counts: dict[str, int] = field(default_factory=dict)
    """How often each content word occurs (a scene about an umbrella names it more than once)."""
    cast: set[str] = field(default_factory=set)
    """Who is in the scene: speakers, and names in its action (not names only spoken about)."""
    speakers: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    """Neighbouring word stems of the heading and text ("bus ticket")."""


def term_stems(text: str) -> set[str]:
    """Return the matching stems of a phrase's words ("the mornings" -> {"morning"}, "outdoors" -> {"ext"})."""
    inside = {w: key for key, words in _INTERIOR.items() for w in words}
    return {_stem(inside.get(w, w)) for w in _words(text) if w not in _STOP}


def heading_terms(heading: str) -> set[str]:
    """Return the stems a scene heading answers to, with its INT/EXT and time-of-day synonyms.

    "EXT. PIER - DAWN" answers to "pier", "ext", "dawn", "sunrise", "morning"... (match it against
    ``term_stems`` of a phrase, which reads "outside" as "ext").
    """
    terms = {_stem(w) for w in _words(heading) if w not in _STOP}
    prefix = heading.split(".", 1)[0].strip().lower()
    terms.update(k for k in _INTERIOR if prefix.startswith(k) or prefix.startswith("i/e"))
    for key, words in _TIME_WORDS.items():
        if key in terms:
            terms.update(_stem(w) for w in words)
    return terms


@lru_cache(maxsize=8192)
def _profile(scene: SceneInfo) -> _Profile:
    """Read a scene once for matching (cached: a long film's scenes are profiled once, not per request)."""
    heading = heading_terms(scene.heading)
    stems = [_stem(w) for w in _words(scene.content) if w not in _STOP]
    speakers: set[str] = set()
    action: set[str] = set()
    for block in re.split(r"\n\s*\n", scene.content):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        cue = re.sub(r"\s*\(.*\)\s*\^?$", "", lines[0]).lstrip("@") if lines else ""
        if len(lines) > 1 and cue.isupper() and re.search(r"[A-Z]", cue) and not cue.endswith("TO:"):
            speakers.update(_stem(w) for w in _words(cue))  # a cue and its lines: the speaker is there
        else:
            action.update(_stem(w) for w in _words(block))
    both = [_stem(w) for w in _words(f"{scene.heading} {scene.content}") if w not in _STOP]
    return _Profile(scene, heading, set(stems), dict(Counter(stems)), speakers | action, speakers,
                    set(zip(both, both[1:], strict=False)))


def present_in(name: str, scene: SceneInfo) -> bool:
    """Tell whether a character is in a scene: speaking, or named in its action (not only spoken about)."""
    wanted = [_stem(w) for w in _words(name)]
    return bool(wanted) and all(w in _profile(scene).cast for w in wanted)


def _query_words(phrase: str, vocabulary: set[str]) -> list[str]:
    out = []
    for raw in _words(phrase):
        if raw in _STOP or len(raw) < 3:
            continue
        for key, words in _INTERIOR.items():
            if raw in words:
                raw = key
        word = _stem(raw)
        if word not in vocabulary and len(word) >= 4:  # a short word must be nearer: "ride" is not "bridge"
            close = difflib.get_close_matches(word, list(vocabulary), n=1, cutoff=0.8 if len(word) > 5 else 0.85)
            word = close[0] if close else word
        out.append(word)
    return out


_VECTORS: OrderedDict[tuple[int, str], list[float]] = OrderedDict()
_VECTORS_MAX = 4096
_VECTORS_LOCK = threading.Lock()


def _embed_cached(embed: Embed, texts: Sequence[str]) -> list[list[float]]:
    """Embed texts, remembering scene texts across requests (a long film is embedded once, not per turn)."""
    key = id(getattr(embed, "__self__", embed))
    with _VECTORS_LOCK:
        found = {t: _VECTORS.get((key, t)) for t in dict.fromkeys(texts)}
    missing = [t for t, row in found.items() if row is None]
    if missing:
        fresh = [list(map(float, row)) for row in embed(missing)]  # type: ignore[attr-defined]
        found.update(zip(missing, fresh, strict=True))
        with _VECTORS_LOCK:
            for text, row in zip(missing, fresh, strict=True):
                _VECTORS[(key, text)] = row
            while len(_VECTORS) > _VECTORS_MAX:
                _VECTORS.popitem(last=False)
    return [found[t] or [] for t in texts]


_CLOSE_READS = 8
"""How many of the best lexical candidates are compared by meaning, moment by moment."""
_MEANING_WEIGHT = 1.5
"""How much meaning adds to the word match (it breaks ties; a heading word still outweighs it)."""


def _moments(scene: SceneInfo) -> list[str]:
    """Split a scene into the moments a description may name: each action paragraph, each exchange."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", scene.content) if b.strip()]
    moments: list[str] = []
    talk: list[str] = []
    for block in blocks:
        lines = block.splitlines()
        cue = re.sub(r"\s*\(.*\)\s*\^?$", "", lines[0].strip()).lstrip("@")
        if len(lines) > 1 and cue.isupper() and not cue.endswith("TO:"):
            talk.append(block)  # an exchange: consecutive speeches read together
            continue
        if talk:
            moments.append("\n\n".join(talk)[:600])
            talk = []
        moments.append(block[:600])
    if talk:
        moments.append("\n\n".join(talk)[:600])
    return [f"{scene.heading}\n{m}" for m in moments] or [scene.heading]


def rank_scenes(phrase: str, scenes: Sequence[SceneInfo], *, embed: Embed | None = None) -> list[SceneMatch]:
    """Rank scenes by how well they fit a description (heading words weigh most, then content).

    Only scenes sharing at least one word with the description are candidates; meaning
    (embeddings) breaks ties between them, it never invents a match from nothing.
    """
    profiles = [_profile(s) for s in scenes]
    vocabulary = set().union(*(p.heading | p.content for p in profiles)) if profiles else set()
    words = _query_words(phrase, vocabulary)
    if not words:
        return []
    count = len(profiles)
    # A description of what happens ("where she finds the ticket") is about the text more than the heading.
    heading_weight = 1.2 if re.match(r"\s*(?:the\s+(?:scene|one|bit|part|moment)\s+)?(?:where|when|in which|after|"
                                     r"once|as soon as)\b", phrase, re.I) else 2.0
    speakers = set().union(*(p.speakers for p in profiles)) if profiles else set()
    scores: list[float] = []
    named = [w for w in words if w in speakers]
    places = set().union(*(p.heading for p in profiles)) - set().union(*_TIME_WORDS.values()) - set(_TIME_WORDS)
    places -= set(_INTERIOR) | {"moving", "continuous", "later", "same"}
    placed = [w for w in words if w in places]
    for prof in profiles:
        score = 0.0
        if any(w not in prof.cast for w in named) or (
                named and any(w not in prof.heading and w not in prof.content for w in placed)):
            scores.append(0.0)  # "the scene with Ida and Ruben": both are in it, not just talked about
            continue
        matched = 0
        for word in words:
            in_heading = sum(1 for p in profiles if word in p.heading)
            in_content = sum(1 for p in profiles if word in p.content)
            if word in prof.heading:
                score += heading_weight * (1.0 + math.log(count / in_heading))
            elif word in prof.content and word not in _TIME_STEMS:  # "two in the morning" said is not a DAWN scene
                often = 1 if word in named else prof.counts.get(word, 1)  # who is there counts once, however they talk
                score += (1.0 + math.log(count / in_content)) * (1.0 + 0.5 * math.log(often))
            else:
                continue
            matched += 1
        # A scene with more of the description's words fits it better than one saying a few of them often.
        scores.append(score / len(words) * (0.5 + 0.5 * matched / len(words)))
    pairs = list(zip(words, words[1:], strict=False))
    if pairs:  # "bus ticket" in a scene's text beats "bus" in another's heading
        for i, prof in enumerate(profiles):
            if scores[i] > 0:
                scores[i] += 2.5 * sum(1 for pair in pairs if pair in prof.pairs) / len(words)
    candidates = [i for i, s in enumerate(scores) if s > 0]
    if embed is not None and len(candidates) > 1:
        # Meaning is compared moment by moment: a description names a paragraph or an exchange, not the
        # whole scene. Only the likeliest scenes are read this closely (a long film stays quick).
        closest = sorted(candidates, key=lambda i: -scores[i])[:_CLOSE_READS]
        moments = {i: _moments(profiles[i].scene) for i in closest}
        texts = [phrase, *(m for i in closest for m in moments[i])]
        rows = iter(_embed_cached(embed, texts))
        query = next(rows)
        for i in closest:
            fits = [sum(a * b for a, b in zip(query, next(rows), strict=True)) for _ in moments[i]]
            scores[i] += _MEANING_WEIGHT * max(0.0, max(fits, default=0.0))
    ranked = sorted(candidates, key=lambda i: (-scores[i], profiles[i].scene.number))
    best = scores[ranked[0]] if ranked else 0.0
    return [SceneMatch(profiles[i].scene.number, profiles[i].scene.heading, round(scores[i], 3))
            for i in ranked if scores[i] >= best * 0.5]


_LEADING = re.compile(r"^(?:(?:so|ok|okay|and|right|hi|hey)[,!]?\s+)*((?:where|when|after|once|as soon as)\s+"
                      r"(?!(?:does|do|did|is|are|was|were|can|could|should|will|would|has|have)\b)"
                      r"[^,;:—–?!.]+?)(?=\s*(?:[,;:—–?!.]|\s-\s|$))", re.I)
_BARE = re.compile(r"^(?:(?:so|ok|okay|and|right|hi|hey)[,!]?\s+)*((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
                   r"(?:scene|bit|sequence)\b(?=\s*(?:[,;:—–?!.]|\s-\s|$)|\s+(?:to|needs?|should|could|must|is|feels?|"
                   r"has|into|before|after|goes|comes|at)\b)", re.I)


_SUBJECT = re.compile(r"^(?:(?:so|ok|okay|and|hmm|honestly)[,!]?\s+)*((?:the\s+|ending\s+with\s+(?:the\s+)?)"
                      r"((?:[\w'-]+\s+){0,5}?[\w'-]+)|([\w'-]+\s+\w+ing\s+(?:[\w'-]+\s+){0,4}?[\w'-]+))\s+"
                      r"(?=(?:feels?|seems?|reads?|plays?|drags?|needs?|should|could|goes|comes?\s+across|lands?|lacks?|"
                      r"is\s+too|has\s+to|must)\b)", re.I)
"""The subject of a note on how a moment plays: "the key handover at the counter feels rushed"."""
_MOMENT_LABEL = re.compile(r"^(?:(?:so|ok|okay|and|hmm|honestly)[,!]?\s+)*(the\s+((?:(?!(?:is|are|was|were|should|"
                           r"must|needs?)\b)[\w'-]+\s+){2,7}?[\w'-]+))"
                           r"(?<!\bshot)(?<!\bshots)(?<!\bstill)(?<!\bframe)(?<!\bangle)(?<!\bclip)"
                           r"(?=\s*[:–—]\s|\s+-\s)(?![^a-z]*(?:make|add|treat|use|count|put|is|as|go\s+in|push|pull|"
                           r"move\s+in|insert|close|wide|tight|pan|tilt|dolly|track|lock|frame|angle|lens|\d+\s*mm)\b)",
                           re.I)
"""A moment named before a dash or colon, in three words or more: "the talk about the knot - slower"."""
_NOT_A_MOMENT = frozenset("film movie story script screenplay cut edit pacing dialogue logline outline music sound "
                          "colour color palette look style whole thing ending beginning title cast".split())
_NTH_OF = re.compile(r"(?:\b(?:the|that|this)|\b[a-z]+(?:'s|’s))\s+(first|second|third|last|final)\s+"
                     r"((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:scene|one|bit)\b",
                     re.I)
_NOT_BARE = frozenset(
    """
    the a an this that my our your rewrite redo make fix tighten trim cut punch darken lighten delete remove move
    swap tag flag break split merge shoot storyboard draw render animate generate export give add put write edit
    change do revise rework polish show read open play
    """.split()
)


def _descriptions(text: str) -> list[str]:
    phrases: list[str] = []
    for pattern in (_LEADING, _BARE):  # "where he locks the gate - slower", "kiosk scene. lighter"
        m = pattern.match(text)
        words = m.group(1).lower().split() if m else []
        if m and pattern is _BARE and any(w in _NOT_BARE for w in words):
            continue  # "rewrite the bus scene" is a command and "the bus scene", not a scene called "rewrite the bus"
        if m and words[0] not in _NOT_A_DESCRIPTION and words[0] not in ("the", "this", "that", "which", "what"):
            phrases.append(_DESCRIPTION_END.sub("", m.group(1)).strip())  # "where she sings could be louder"
    starts = [m.start() for m in re.finditer(r"\bthe\b", text, re.I)]
    for i in starts:  # "put the crate delivery after ...": what is moved is a scene, named by what happens in it
        moved = _MOVED.match(text, i)
        if moved and re.search(r"\b(?:put|move|shift|place|slot|bring|swap|switch)\s+$", text[:i], re.I) and (
                moved.group(1).split()[0].lower() not in _NOT_A_DESCRIPTION):
            phrases.append(moved.group(0).strip())
    for pattern in _DESCRIBED:
        # Try from every "the": "the first shot of the bus scene" holds the description "the bus scene".
        for m in filter(None, (pattern.match(text, i) for i in starts)):
            words = m.group(1).strip()
            first = words.split()[0].lower() if words.split() else ""
            if first == "other" and len(words.split()) > 1:
                first = words.split()[1].lower()  # "the other bridge one": a bridge scene, the one not just used
            if first in _NOT_A_DESCRIPTION or re.fullmatch(rf"(?:{_NUM})(?:st|nd|rd|th)?", first, re.I):
                continue
            if pattern is _DESCRIBED[0] and (
                re.search(r"\b(?:of|version|versions|shot|shots|act|draft|for|breakdown|sheets?|storyboard|stills?|"
                          r"animatic|voices?|history|runtime|camera)\b", words, re.I)
                or re.search(r"\b(?:for|in|to|from|with|at|on|into)$", words, re.I)
                or re.match(r"\s*\d", text[m.end(1):].split("scene", 1)[-1])
            ):
                continue  # "the camera for scene 2" names scene 2, not a scene described as "camera for"
            start = m.start()
            end = m.end("tail") if m.groupdict().get("tail") else m.end()
            phrase = _DESCRIPTION_END.sub("", text[start:end]).strip(" ,.;!?")
            if phrase and not any(phrase in p for p in phrases):
                phrases = [p for p in phrases if p not in phrase] + [phrase]  # the longer description wins
    return phrases


def _place_refs(text: str, scenes: Sequence[SceneInfo], *, anchored: bool, embed: Embed | None) -> list[SceneReference]:
    """Return the scene a note names by its place alone: a heading of its own, or a place it opens or ends with.

    "int. office, dawn: ..." is headed like a scene heading; "on the night bus, I want ..." opens with a
    place; "juno should be soaked on the bus" ends with one. Only places every word of which is in a heading.
    """
    label = next((m for m in (p.match(text) for p in _HEADING_LABELS) if m), None)
    if label:
        headed = [s.number for s in scenes if term_stems(label.group(1)) <= heading_terms(s.heading)]
        if headed:
            return [SceneReference(label.group(1), tuple(SceneMatch(n, scenes[n - 1].heading, 1.0) for n in headed),
                                   explicit=len(headed) == 1)]
    if anchored:
        return []

    def in_a_heading(word: str) -> bool:
        return any(_stem(word) in _profile(s).heading for s in scenes)

    opening = _OPENING_PLACE.match(text)
    if opening:
        words = opening.group(1).split()
        while len(words) > 1 and (words[-1].lower() in _STOP or not all(
                in_a_heading(w) for w in words[1:] if w.lower() not in _STOP)):
            words.pop()
        phrase = " ".join(words)
        if len(words) > 1 and any(w.lower() not in _STOP for w in words[1:]):
            return [SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed)))]
        return []
    closing = _CLOSING_PLACE.search(text)
    if closing:
        words = [w for w in _words(closing.group(1))[1:] if w not in _STOP]
        if any(_stem(w) not in _TIME_STEMS for w in words) and all(in_a_heading(w) for w in words):
            return [SceneReference(closing.group(1), tuple(rank_scenes(closing.group(1), scenes, embed=embed)))]
    return []


@lru_cache(maxsize=64)
def _heading_words(headings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({w for h in headings for w in _words(h) if len(w) >= 4 and w not in _STOP}))


def _respelled(text: str, headings: tuple[str, ...]) -> str:
    """Mend a misspelt heading word ("the brdige scene" -> "the bridge scene"), so a typo still names a place."""
    vocabulary = _heading_words(headings)

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 5 or lower in vocabulary or lower in _STOP:
            return word
        close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=0.8)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", mend, text)


_SEEN = re.compile(r"\b(?:the\s+)?(first|last|final)\s+time\s+(?:that\s+)?(?:we|you|the\s+audience)\s+"
                   r"(?:see|meet|hear|find|get|join)s?\s+([A-Za-z][\w'-]*)", re.I)
_SCENE_WORD_LABEL = re.compile(r"^(?:(?:so|ok|okay|and|hmm)[,!]?\s+)*((?:the\s+)?((?:[\w'-]+\s+){0,3}?)"
                               r"(ending|opening|finale|beginning|scene|bit|sequence|moment|one))\s*(?:[:–—]|\s-)\s",
                               re.I)


def _seen_refs(text: str, scenes: Sequence[SceneInfo]) -> list[SceneReference]:
    """Return "the first time we see juno" as the first scene she is in (the last time: the last one)."""
    refs = []
    for match in _SEEN.finditer(text):
        present = [s for s in scenes if present_in(match.group(2), s)]
        if present:
            scene = present[0] if match.group(1).lower() == "first" else present[-1]
            refs.append(SceneReference(match.group(0), (SceneMatch(scene.number, scene.heading, 1.0),),
                                       explicit=True))
    return refs


def _labelled_ref(label: re.Match[str], scenes: Sequence[SceneInfo], *, embed: Embed | None) -> SceneReference:
    """Rank a label's words; "the X ending" prefers the latest scene that fits, "the X opening" the earliest."""
    matches = rank_scenes(label.group(2) or label.group(3), scenes, embed=embed)
    edge = label.group(3).lower()
    if edge in ("ending", "finale", "opening", "beginning") and len(matches) > 1:
        best = matches[0].score
        near = [m for m in matches if m.score * _CLEAR_LEAD >= best]
        late = edge in ("ending", "finale")
        chosen = max(near, key=lambda m: m.number) if late else min(near, key=lambda m: m.number)
        matches = [SceneMatch(chosen.number, chosen.heading, best * _CLEAR_LEAD + 1.0),
                   *(m for m in matches if m.number != chosen.number)]
    return SceneReference(label.group(1), tuple(matches))


def find_scene_references(
    text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None = None
) -> list[SceneReference]:
    """Return every scene reference in a request, explicit ones first, then descriptions.

    Phrases are returned as spelled out ("ending w/ the coffees" is found as "ending with the coffees").
    """
    text = _respelled(spell_out(text), tuple(s.heading for s in scenes))
    refs = explicit_scene_numbers(text, len(scenes))
    for m in _PLURAL.finditer(text):  # "the two bridge scenes", "both office scenes"
        words = m.group(2)
        if words.split()[0].lower() in _NOT_A_DESCRIPTION or re.search(rf"\b(?:{_NUM})\b", words, re.I):
            continue
        many = _HOW_MANY.get((m.group(1) or "").lower(), 2 if m.group(0).lower().startswith("both") else 0)
        refs.append(SceneReference(m.group(0), tuple(rank_scenes(words, scenes, embed=embed)), many=many))
    anchors = [*_ANCHOR.finditer(text), *_HAPPENS_AT.finditer(text)]
    for m in anchors:  # "put the bus scene before the bridge": a place named in a heading
        phrase = m.group(1)
        words = [w for w in re.findall(r"[\w'-]+", phrase.lower())[1:] if w not in _STOP]
        if words and all(any(_stem(w) in _profile(s).heading for s in scenes) for w in words):
            if not any(phrase.lower() in r.phrase.lower() or r.phrase.lower() in phrase.lower() for r in refs):
                refs.append(SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed))))
    if not refs:
        refs.extend(_place_refs(text, scenes, anchored=bool(anchors), embed=embed))
    for m in _NTH_OF.finditer(text):  # "the second bridge scene": the second of the scenes that fit "bridge"
        fits = rank_scenes(m.group(2), scenes, embed=None)
        best = fits[0].score if fits else 0.0
        chosen = sorted(f.number for f in fits if f.score * _CLEAR_LEAD >= best)
        index = {"first": 0, "second": 1, "third": 2, "last": -1, "final": -1}[m.group(1).lower()]
        if chosen and -len(chosen) <= index < len(chosen):
            n = chosen[index]
            refs.append(SceneReference(m.group(0), (SceneMatch(n, scenes[n - 1].heading if n <= len(scenes) else "",
                                                                1.0),), explicit=True))
    refs.extend(_seen_refs(text, scenes))
    labelled = _SCENE_WORD_LABEL.match(text)
    if labelled and not refs:  # "umbrella ending - funnier": a scene named by what it has and where it falls
        refs.append(_labelled_ref(labelled, scenes, embed=embed))
    subject = _SUBJECT.match(text) or _MOMENT_LABEL.match(text)
    thing = re.match(r"\s*(?:should|could|must)\s+be\s+(?:a|an)\s+(?:prop|character|location)\b", text[subject.end():],
                     re.I) if subject else None  # "the green umbrella should be a prop" is a thing, not a moment
    heading_words = set().union(*(_profile(s).heading for s in scenes)) if subject else set()
    heading_words |= {w for words in _INTERIOR.values() for w in words}
    subject_words = (subject.group(2) or subject.group(3) or "") if subject else ""
    only_a_place = subject is not None and all(  # "the bus interior should be grimy" is about the place
        _stem(w) in heading_words or w in heading_words or w in _STOP for w in _words(subject_words))
    about_film = subject is not None and len(subject_words.split()) <= 2 and bool(
        set(subject_words.lower().split()) & _NOT_A_MOMENT)
    if subject and not refs and not thing and not only_a_place and not about_film:
        matches = tuple(rank_scenes(subject_words, scenes, embed=embed))
        if matches:  # only a moment some scene has: "the office feels cold" may be about the place
            refs.append(SceneReference(subject.group(1), matches))
    taken = " ".join(r.phrase.lower() for r in refs)
    described = [p for p in _descriptions(text) if p.lower() not in taken and not any(
        r.phrase.lower() in p.lower() for r in refs)]
    return refs + [SceneReference(p, tuple(rank_scenes(p, scenes, embed=embed))) for p in described]


def closest_name(word: str, names: Sequence[str], *, cutoff: float = 0.8) -> str | None:
    """Return the known name a word means: exact (any case), first name, or a near spelling."""
    wanted = word.strip().strip("'’\".,").upper().removesuffix("'S").removesuffix("’S")
    if not wanted:
        return None
    upper = {n.upper(): n for n in names}
    if wanted in upper:
        return upper[wanted]
    firsts = [n for n in names if n.upper().split()[0] == wanted]
    if len(firsts) == 1:
        return firsts[0]
    if len(wanted) < 3:
        return None
    close = difflib.get_close_matches(wanted, list(upper), n=2, cutoff=cutoff)
    return upper[close[0]] if len(close) == 1 or (close and close[0] != close[1]) else None


_NOT_DISTINCTIVE = frozenset("night day dawn dusk morning evening afternoon later moving continuous the of and a an "
                             "old new big small little main front back upper lower int ext".split())


def match_places(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """Return (name, the words used) for each place or thing a text names, whole or by a word only it has.

    "the office" names LOST PROPERTY OFFICE when no other location has "office" in its name; time-of-day
    words ("night" in NIGHT BUS) never count on their own.
    """
    pool = [n for n in dict.fromkeys(names) if n]
    owners: dict[str, list[str]] = {}
    for name in pool:
        for word in set(name.lower().split()):
            if len(word) > 2 and word not in _NOT_DISTINCTIVE:
                owners.setdefault(word, []).append(name)
    found: list[tuple[int, str, str]] = []
    for name in pool:
        whole = re.search(rf"(?<![\w-]){re.escape(name)}(?:'s|’s)?(?![\w-])", text, re.IGNORECASE)
        if whole:
            found.append((whole.start(), name, whole.group(0)))
            continue
        for word in name.lower().split():
            if owners.get(word) == [name]:
                hit = re.search(rf"(?<![\w-]){re.escape(word)}(?:'s|’s)?(?:\s+(?:interior|exterior))?(?![\w-])", text,
                                re.IGNORECASE)
                if hit:
                    found.append((hit.start(), name, hit.group(0)))
                    break
    return [(name, said) for _, name, said in sorted(found)]


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
    content = {_stem(w) for w in _words(text)}
    shown = sum(1 for w in things if any(_same_stem(_stem(w), c) for c in content))
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
    wanted = [re.sub(r"['’]s$", "", w) for w in _words(unquoted) if w not in _SHOT_NOISE and w not in _STOP]
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


def scene_stems(scene: SceneInfo) -> set[str]:
    """Return the word stems of a scene's heading and text (read once per scene)."""
    profile = _profile(scene)
    return profile.heading | profile.content
