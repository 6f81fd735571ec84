"""Rank scenes by how well they fit a description: heading words weigh most, then content; meaning breaks ties."""

from __future__ import annotations

import difflib
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from agent.index.embeddings import common_word
from agent.resolver.scenes import CLEAR_LEAD, Embed, SceneInfo, SceneMatch
from agent.resolver.terms import (
    EVENTS,
    INTERIOR,
    STOP,
    TIME_STEMS,
    TIME_WORDS,
    heading_terms,
    lower_words,
    plain_times,
    stem,
)

__all__ = ["present_in", "rank_scenes", "scene_profile", "scene_stems"]


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
    action: set[str] = field(default_factory=set)
    """The words of the action lines (what happens), as against the words only said in dialogue."""
    blocks: list[frozenset[str]] = field(default_factory=list)
    """The words of each paragraph: a description names one moment, so its words meet in one paragraph."""
    listed: set[str] = field(default_factory=set)
    """Words said only as items of a list ("a stall of things: kettles, lamps, a drum"): set dressing."""
    ended: set[str] = field(default_factory=set)
    """Words said only as gone or absent ("The rain has stopped.", "no lights"): the rainy scene is another one."""


_LIST = re.compile(r":\s*([^:]*,[^:]*,[^:]*)$")
"""The items after a colon, three or more ("things: kettles, lamps, a drum")."""
_LISTED = 0.5
_ENDED = re.compile(r"\b(\w+)\s+(?:has|had|have)\s+(?:stopped|ended|gone|cleared|passed|died\s+down|eased\s+off|"
                    r"let\s+up)\b|\b(\w+)\s+(?:stops|ends|clears|eases\s+off|lets\s+up)\b|\bno\s+(?:more\s+)?(\w+)\b|"
                    r"\bwithout\s+(?:a\s+|an\s+|any\s+)?(\w+)\b", re.I)
"""Something said as over or missing: "The rain has stopped.", "no lights", "without a coat"."""

"""How much a word counts that a scene only lists among other things (the kettle scene is not the one with
kettles on a stall)."""


@lru_cache(maxsize=8192)
def scene_profile(scene: SceneInfo) -> _Profile:
    """Read a scene once for matching (cached: a long film's scenes are profiled once, not per request)."""
    heading = heading_terms(scene.heading)
    stems = [stem(w) for w in lower_words(scene.content) if w not in STOP]
    speakers: set[str] = set()
    action: set[str] = set()
    for block in re.split(r"\n\s*\n", scene.content):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        cue = re.sub(r"\s*\(.*\)\s*\^?$", "", lines[0]).lstrip("@") if lines else ""
        if len(lines) > 1 and cue.isupper() and re.search(r"[A-Z]", cue) and not cue.endswith("TO:"):
            speakers.update(stem(w) for w in lower_words(cue))  # a cue and its lines: the speaker is there
        else:
            action.update(stem(w) for w in lower_words(block))
    pairs: set[tuple[str, str]] = set()
    sentences = [x for line in scene.content.splitlines() for x in re.split(r"(?<=[.!?])\s+", line)]
    for line in [scene.heading, *sentences]:  # a cue and its speech are not one phrase, nor are two sentences
        said = [stem(w) for w in lower_words(line) if w not in STOP]
        pairs.update(zip(said, said[1:], strict=False))
        pairs.update(zip(said[1:], said, strict=False))  # "the key in juno's hand" is "juno gets the key"
    blocks = [frozenset(stem(w) for w in lower_words(b) if w not in STOP) for b in re.split(r"\n\s*\n", scene.content)]
    counts = Counter(stems)
    in_lists = Counter(stem(w) for x in sentences for items in _LIST.findall(x) for w in lower_words(items)
                       if w not in STOP)
    listed = {w for w, n in in_lists.items() if n == counts.get(w)}
    in_ended = Counter(stem(next(g for g in m.groups() if g).lower()) for m in _ENDED.finditer(scene.content))
    ended = {w for w, n in in_ended.items() if n == counts.get(w)}
    return _Profile(scene, heading, set(stems), dict(counts), speakers | action, speakers, pairs, action,
                    blocks, listed, ended)


def present_in(name: str, scene: SceneInfo) -> bool:
    """Tell whether a character is in a scene: speaking, or named in its action (not only spoken about)."""
    wanted = [stem(w) for w in lower_words(name)]
    return bool(wanted) and all(w in scene_profile(scene).cast for w in wanted)


def scene_stems(scene: SceneInfo) -> set[str]:
    """Return the word stems of a scene's heading and text (read once per scene)."""
    profile = scene_profile(scene)
    return profile.heading | profile.content


def _query_words(phrase: str, vocabulary: set[str]) -> list[str]:
    out: list[str] = []
    for raw in lower_words(plain_times(phrase)):  # "at two in the morning" is a NIGHT scene
        if raw in STOP or len(raw) < 3:
            continue
        for key, words in INTERIOR.items():
            if raw in words:
                raw = key
        word = stem(raw)
        shown = [stem(w) for w in EVENTS.get(raw, EVENTS.get(word, ()))]
        if word not in vocabulary and any(w in vocabulary for w in shown):  # "the journey": the moving train
            out.extend(dict.fromkeys(w for w in shown if w in vocabulary))
            continue
        if word not in vocabulary and len(word) >= 4:  # a short word must be nearer: "ride" is not "bridge"
            close = difflib.get_close_matches(word, list(vocabulary), n=1, cutoff=0.8 if len(word) > 5 else 0.85)
            if close and (word in close[0] or _derived(word, close[0]) or not common_word(raw)):
                word = close[0]  # "brdige" is "bridge", "round" is "around", "rainy" is "rain"; "start" is not "stare"
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


_EDGE = re.compile(r"\b(?:(?:at|near|towards?|by|from)\s+the\s+(?:very\s+)?(?:(?P<early>start|beginning|top)|"
                   r"(?P<late>end))\b(?!\s+of\b)|(?P<early2>early|earlier|opening)\b|(?P<late2>later|closing)\b(?!-))",
                   re.I)
"""Where a described scene falls in the film: "the office scene at the start", "the later bridge scene"."""
ALONE = re.compile(r"\b(?:alone|solo|on\s+(?:her|his|their)\s+own|by\s+(?:her|him|them)sel(?:f|ves))\b", re.I)
"""A scene with nobody else in it: "juno on her own at night"."""


def _derived(word: str, root: str) -> bool:
    """Tell whether a word is its root with a derivational ending ("rainy", "foggy", "lonely"), not another word."""
    return word.startswith(root) and word[len(root):] in ("y", "ly", "ish", "ness", "er", "ful", "less")


_TOGETHER = 2.0
"""What each further word of a description found in the same paragraph adds (per word of the description)."""
_SAID_ONLY = 0.6
"""A word only spoken in a scene fits a description of what happens there less than one in its action."""
_OFTEN = 0.3
"""How much more a word said again and again in a scene counts: a little (an oven named twice is no clearer
"the oven scene" than one named once; the question stays)."""
_TALK = re.compile(r"\b(?:says?|said|saying|line|lines|asks?|asked|tells?|told|talks?|talking|talk|argue|argues|"
                   r"conversation|convo|chat|exchange|speech|speaks?|mentions?|dialogue|words?)\b|['\"“‘]", re.I)


_SUN = re.compile(r"\b(?:sunrise|sunset|sun\s*(?:up|down|rise|set)|sunup|sundown)\b", re.I)
"""The sun itself, said for a time of day: seen from outside."""


def _sun_seen_outside(phrase: str, profiles: Sequence[_Profile], scores: list[float]) -> None:
    """Favour exterior dawns and dusks for "the sunrise bit": the sun is seen outside (scores change in place)."""
    if not _SUN.search(phrase):
        return
    for i, prof in enumerate(profiles):
        if scores[i] > 0 and "ext" in prof.heading and prof.heading & _SUN_TIMES:
            scores[i] *= 1.5


_SUN_TIMES = frozenset(stem(w) for w in ("dawn", "dusk"))
_LOCATED = re.compile(r"\b(?:of|on|onto|in|into|inside|aboard|off|at|across|along)\s+the\s+([a-z][\w'-]*)", re.I)
"""A place said as where something is ("the deck of the ferry", "on the pier"): the scene set there."""


def _placed_by_heading(phrase: str, vocabulary: set[str], profiles: Sequence[_Profile], scores: list[float]) -> None:
    """Favour the scenes whose heading is the place a description puts things in (scores change in place).

    "the deck of the ferry" is the scene set on the ferry, more than one that says "deck" and "ferry timetable".
    """
    located = {stem(m.group(1).lower()) for m in _LOCATED.finditer(phrase)}
    headed = [w for w in located if any(w in p.heading for p in profiles)]
    if not headed:
        return
    for i, prof in enumerate(profiles):
        if scores[i] > 0:
            scores[i] *= 1.5 if any(w in prof.heading for w in headed) else 0.75


_TIMED = re.compile(r"(?<!\bfor\s)(?<!\buntil\s)(?<!\btill\s)(?<!\bbefore\s)(?<!\bafter\s)(?<!\bto\s)"
                    r"(?:\bat\s+|\bby\s+|\bin\s+the\s+|\b)(?P<time>[a-z]+)\b", re.I)


def _timed_by_heading(phrase: str, profiles: Sequence[_Profile], scores: list[float]) -> None:
    """Favour the scenes whose heading has the time of day a description states (scores change in place).

    "the packing-up loft scene at dusk" is the dusk one of two packing-up scenes; "waits for dawn" states no time.
    """
    said = {stem(m.group("time").lower()) for m in _TIMED.finditer(plain_times(phrase))} & TIME_STEMS
    timed = {i for i, prof in enumerate(profiles) if scores[i] > 0 and said & prof.heading}
    if not timed or len(timed) == sum(1 for x in scores if x > 0):
        return
    for i in range(len(profiles)):
        if scores[i] > 0 and i not in timed:
            scores[i] *= 0.6


def rank_scenes(phrase: str, scenes: Sequence[SceneInfo], *, embed: Embed | None = None) -> list[SceneMatch]:
    """Rank scenes by how well they fit a description (heading words weigh most, then content).

    Only scenes sharing at least one word with the description are candidates; meaning
    (embeddings) breaks ties between them, it never invents a match from nothing.
    """
    profiles = [scene_profile(s) for s in scenes]
    vocabulary = set().union(*(p.heading | p.content for p in profiles)) if profiles else set()
    words = _query_words(ALONE.sub(" ", _EDGE.sub(" ", phrase)), vocabulary)  # where it falls is not what it has
    if not words:
        return []
    count = len(profiles)
    # A description of what happens ("where she finds the ticket") is about the text more than the heading.
    heading_weight = 1.2 if re.match(r"\s*(?:the\s+(?:scene|one|bit|part|moment)\s+)?(?:where|when|in which|after|"
                                     r"once|as soon as)\b", phrase, re.I) else 2.0
    speakers = set().union(*(p.speakers for p in profiles)) if profiles else set()
    talk = _TALK.search(phrase) is not None  # "the line about the shed", "where he says ...": what is said counts
    scores: list[float] = []
    named = [w for w in words if w in speakers]
    places = set().union(*(p.heading for p in profiles)) - set().union(*TIME_WORDS.values()) - set(TIME_WORDS)
    places -= set(INTERIOR) | {"moving", "continuous", "later", "same"}
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
            elif word in prof.content and word not in TIME_STEMS and word not in prof.ended:
                # "two in the morning" said is not a DAWN scene; "the rain has stopped" is not a rainy one
                often = 1 if word in named else prof.counts.get(word, 1)  # who is there counts once, however they talk
                said = 1.0 if word in prof.action or talk else _SAID_ONLY  # "where she finds ..." is what happens
                listed = _LISTED if word in prof.listed else 1.0
                score += said * listed * (1.0 + math.log(count / in_content)) * (1.0 + _OFTEN * math.log(often))
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
    _add_together(words, speakers, profiles, scores)
    _placed_by_heading(phrase, vocabulary, profiles, scores)
    _timed_by_heading(_EDGE.sub(" ", phrase), profiles, scores)  # "the early office scene" is where, not when
    _sun_seen_outside(phrase, profiles, scores)
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
    if ALONE.search(phrase) and named:  # "juno on her own": a scene with nobody else in it
        for i in candidates:
            scores[i] *= 0.6 if (profiles[i].cast & speakers) - set(named) else 1.5
    _prefer_by_place_in_film(phrase, candidates, scores, profiles)
    ranked = sorted(candidates, key=lambda i: (-scores[i], profiles[i].scene.number))
    best = scores[ranked[0]] if ranked else 0.0
    return [SceneMatch(profiles[i].scene.number, profiles[i].scene.heading, round(scores[i], 3))
            for i in ranked if scores[i] >= best * 0.5]


def _add_together(words: list[str], speakers: set[str], profiles: list[_Profile], scores: list[float]) -> None:
    """Favour a scene with several of a description's words in one paragraph ("the van rolls past behind her").

    Names and heading words (places, times) are matched on their own; these are the words of what happens.
    """
    headed = set().union(*(p.heading for p in profiles))
    things = [w for w in dict.fromkeys(words) if w not in speakers and w not in headed]
    if len(things) < 2:
        return
    for i, prof in enumerate(profiles):
        together = max((len(block.intersection(things)) for block in prof.blocks), default=0)
        if scores[i] > 0 and together > 1:
            scores[i] += _TOGETHER * (together - 1) / len(words)


def _prefer_by_place_in_film(phrase: str, candidates: list[int], scores: list[float], profiles: list[_Profile]) -> None:
    """Of the scenes that fit about equally, make the earliest (or latest) the clear best when the phrase says so."""
    edge = _EDGE.search(phrase)
    if edge is None or len(candidates) < 2:
        return
    best = max(scores[i] for i in candidates)
    near = [i for i in candidates if scores[i] * CLEAR_LEAD >= best]
    late = bool(edge.group("late") or edge.group("late2"))
    chosen = (max if late else min)(near, key=lambda i: profiles[i].scene.number)
    scores[chosen] = best * CLEAR_LEAD + 1.0
