"""A scene named only by what happens in it, found in the slot a scene verb or a note gives it.

"rewrite where she hands the key back with more tension", "ruben and juno on the bus needs to be
quieter", "in the talk about the seed packets, juno should wait": no scene word, no heading, no
number. The words in the verb's object (or the note's subject) are ranked like any description;
a slot that names a character, a place alone, a thing of someone's, the film or a shot is not a scene.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.resolver.numbers import CAMERA_TALK, explicit_scene_numbers
from agent.resolver.ranking import ALONE, rank_scenes, scene_profile
from agent.resolver.scenes import Embed, SceneInfo, SceneReference
from agent.resolver.terms import INTERIOR, NOT_A_MOMENT, STOP, TIME_STEMS, lower_words, stem

__all__ = ["CUT_TO", "EDGE_CONTRAST", "SCENE_ENDS_ON", "edge_refs", "relation_refs", "slot_refs", "transition_refs"]

CUT_TO = r"(?:an?\s+)?(?:slow\s+|quick\s+)?(?:fade|black|white|dissolve|cross-?fade|wipe|smash\s+cut|hard\s+cut|cut)\b"
"""How a scene ends on the cut ("end on black", "end it with a fade"): the editor's transition, not a held image."""
SCENE_ENDS_ON = re.compile(r"\b(?:scene\s*\d+|it|this(?:\s+(?:one|scene))?|that(?:\s+(?:one|scene))?)\s+"
                         r"(?:(?:to|should|could|must|will|can|needs?\s+to|has\s+to|ought\s+to)\s+)?"
                         r"(?:end|close|finish|open|start|begin)(?:s|es)?\s+(?:on|with)\s+"
                         r"(?!(?:the\s+)?(?:film|movie|short)\b)(?!" + CUT_TO + ")",
                         re.IGNORECASE)
"""A scene that is the subject of "end/open on": "scene 4 should end on the bell" is how it ends, not a move."""

_SLOT_VERB = (r"(?:rewrite|re-?do|re-?work|redraft|rethink|revisit|polish|fix|punch\s+up|beef\s+up|tighten(?:\s+up)?|"
              r"trim|shorten|lengthen|extend|darken|lighten|sharpen|soften|tone\s+down|dial\s+(?:up|down|back)|"
              r"warm\s+up|cool\s+down|slow\s+down|speed\s+up|spice\s+up|liven\s+up|calm\s+down|make|give)")
_OBJECT_SLOT = re.compile(rf"^\W*(?:(?:please|pls|ok|okay|so|now|and|also|hey|hi|can\s+you|could\s+you|would\s+you|"
                          rf"can\s+we|could\s+we|let'?s|i'?d\s+like\s+(?:you\s+)?to|i\s+want\s+(?:you\s+)?to)[,!]?\s+)*"
                          rf"(?P<verb>{_SLOT_VERB})\s+(?P<phrase>.+)$", re.I)
"""The thing a scene verb acts on: "rewrite <where she hands the key back> with more tension"."""
_SUBJECT_SLOT = re.compile(r"^\W*(?:(?:so|ok|okay|and|hmm|honestly|also|right)[,!]?\s+)*"
                           r"(?P<phrase>(?!(?:who|whose|what|which|where|why|how)\b)(?:(?!\s[-–—]\s)[^,;:!?\"“”—–]){3,90}?)\s+"
                           r"(?=(?:needs?|should|could|must|feels?|seems?|reads?|plays?|drags?|lacks?|lands?|"
                           r"isn'?t|doesn'?t|has\s+to|comes?\s+across|is\s+(?:too|a\s+bit|way|so|not|kind\s+of|"
                           r"missing|lacking|flat|boring|dull|weak))\b)", re.I)
"""The moment a note is about: "<ida and juno at the counter> needs more weight" (never a question's words, nor
a quote's: "who says 'this isn't …'" names a line)."""
_LEAD_SLOT = re.compile(r"^\W*(?:in|during|for)\s+(?P<phrase>the\s+(?!(?:end|meantime|future|past|long\s+run|"
                        r"first\s+place|same\s+way)\b)[^,;:!?\"“”]{3,80}?)\s*(?:[,;:—–]|\s-\s)", re.I)
"""A moment named before the note on it: "in the talk about the knot, ida should wait longer"."""
_SLOT_END = re.compile(r"\s+(?:with|so|to\s+be|more|less|much|way|even|some|into|please|pls|as|for|because|since|"
                       r"and\s+(?:make|give|add|then)|a\s+(?:bit|lot|little|touch)|an?\s+\w+er\b|feel|sound|look|seem|"
                       r"instead|again|too|at\s+all)\b.*$|\s*[,;:!?.]\s*.*$|\s+[-—–]\s.*$", re.I)
"""Where the named moment ends and the direction begins ("... with more tension", "..., it drags")."""
_NOT_A_SCENE_WORD = NOT_A_MOMENT | frozenset(
    "shot shots still stills clip clips frame angle lens character characters location locations prop props costume "
    "costumes description voice voices branch timeline name names tag tags genre tone look looks version versions "
    "history title card cards transition logline premise project line lines beat beats act acts copy".split())
_THINGLESS = frozenset("a an another new some any it this that these those them him her his their everything "
                       "something anything all".split())
_ER_NOUNS = frozenset("counter over after under water paper other her never ever".split())


def _slot_phrase(text: str) -> tuple[str, bool] | None:
    """Return the words in a command's object or a note's subject that may describe a scene (None when none can).

    The flag says the words follow "make", so their last one may say what to make it ("make the X bleak").
    """
    for pattern in (_LEAD_SLOT, _OBJECT_SLOT, _SUBJECT_SLOT):
        m = pattern.match(text)
        if not m:
            continue
        phrase = m.group("phrase") if pattern is _LEAD_SLOT else _SLOT_END.sub("", m.group("phrase"))
        if pattern is _OBJECT_SLOT and m.group("verb").lower() == "give":
            phrase = re.sub(r"\s+(?:a|an)\s+.*$", "", phrase, flags=re.I)  # "give the gull a ring": the gull gets it
        words = phrase.split()
        while words and re.fullmatch(r"[a-z]+(?:ier|er)", words[-1], re.I) and words[-1].lower() not in _ER_NOUNS:
            words.pop()  # "make the knot talk tenser": a direction, not part of what is named
        phrase = " ".join(words).strip(" ,.;!?\"'")
        if phrase:
            return phrase, pattern is _OBJECT_SLOT and m.group("verb").lower() == "make"
    return None


def _named_words(phrase: str, made: bool, scenes: Sequence[SceneInfo]) -> tuple[list[str], list[str]] | None:
    """Split a slot's words into who (the cast) and what (the rest); None when the slot is not a moment."""
    if made and not re.match(r"(?:the|where|when|once|as)\b", phrase, re.I):
        return None  # "make juno's coat yellow", "make ruben grumpier": a thing or a person made something
    raw = lower_words(phrase)
    if not raw or raw[0] in _THINGLESS or any(w in _NOT_A_SCENE_WORD for w in raw):
        return None
    profiles = [scene_profile(s) for s in scenes]
    speakers = set().union(*(p.speakers for p in profiles)) if profiles else set()
    headings = set().union(*(p.heading for p in profiles)) if profiles else set()
    headings |= {stem(w) for words in INTERIOR.values() for w in words}  # "the bus interior" is the place
    stems = [stem(w) for w in lower_words(ALONE.sub(" ", phrase)) if w not in STOP]
    people = [w for w in stems if w in speakers]
    rest = [w for w in stems if w not in speakers]
    if not rest:
        return None  # "tighten ruben up": a character
    if all(w in headings for w in rest) and not people and not any(w in TIME_STEMS for w in rest):
        return None  # "the bridge should look older": the place ("the morning on the bridge" is a scene)
    if people and len(rest) <= 1 and re.search(r"['’]s\b", phrase):
        return None  # "juno's coat needs to be wetter": a thing of hers
    return people, rest


def slot_refs(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scene a command's object or a note's subject describes, when it describes one."""
    slot = _slot_phrase(text)
    if slot is None or CAMERA_TALK.search(slot[0]) or not scenes:
        return []
    phrase, made = slot
    said = phrase.split()
    if made and len(said) > 1 and not any(stem(said[-1].lower()) in scene_profile(s).content | scene_profile(s).heading
                                          for s in scenes):
        phrase = " ".join(said[:-1])  # "make the auction morning bleak": what it becomes is not what it is
    named = _named_words(phrase, made, scenes)
    if named is None:
        return []
    matches = rank_scenes(phrase, scenes, embed=embed)
    best = scene_profile(scenes[matches[0].number - 1]) if matches else None
    if best is None or not any(w in best.heading or (w in best.content and w not in TIME_STEMS) for w in named[1]):
        return []  # only who is in it matched: "make ida happier" is about her
    return [SceneReference(phrase, tuple(matches))]


_RELATION = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|hmm|also|actually|i\s+think|i\s+feel\s+like|maybe|please)[,!]?\s+)*"
    r"(?:(?:could|can|should|would)\s+(?:we\s+(?:have|make|let)\s+)?|(?:let|have|make)\s+)?"
    r"(?P<a>(?!(?:what|who|which|where|when|how|why|whatever|anything|something)\b)[^,;:!?]{3,90}?)\s+"
    r"(?:should\s+|must\s+|needs?\s+to\s+|has\s+to\s+|could\s+|can\s+|would\s+|might\s+)?"
    r"(?:really\s+|maybe\s+)?(?:go(?:es)?|comes?|be|happens?|sits?|plays?|fits?|lands?)\s+(?:better\s+)?"
    r"(?:right\s+|just\s+|straight\s+|directly\s+|immediately\s+)?(?P<rel>after|before|ahead\s+of)\s+"
    r"(?P<b>[^,;:!?]{3,90}?)\s*(?:[,;:!?.]|\s+(?:instead|please|then)\b|$)", re.I)
"""Where one scene goes against another, both said by what happens: "<the claim> should come after <the bus ride>"."""


_PLACED = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|also|actually|please|can\s+you|could\s+you|let'?s)[,!]?\s+)*"
    r"(?:put|move|shift|place|slot|bring|stick)\s+(?P<a>[^,;:!?]{3,90}?)\s+"
    r"(?:so\s+(?:that\s+)?it\s+(?:comes|goes|is|sits|plays|happens|lands)\s+|to\s+(?:come|go|sit)\s+)?"
    r"(?:right\s+|just\s+|straight\s+|directly\s+|immediately\s+)?(?P<rel>after|before|ahead\s+of)\s+"
    r"(?P<b>[^,;:!?]{3,90}?)\s*(?:[,;:!?.]|\s+(?:instead|please|then)\b|$)", re.I)
"""A scene put before or after another, both said by what happens: "move <the kite scene> so it comes after <…>"."""


_ORDINAL = re.compile(r"\b(?:first|second|third|fourth|fifth|last|final|opening|closing|other|next|previous|"
                      r"earlier|later)\b", re.I)


_SWAPPED = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|also|actually|please|can\s+you|could\s+you|let'?s)[,!]?\s+)*"
    r"(?:swap|switch|trade|exchange|flip)(?:\s+(?:the\s+)?(?:places|positions|order)(?:\s+of)?|\s+round|\s+around|\s+over)?"
    r"\s*[:,—–-]?\s+(?P<a>[^,;:!?]{3,90}?)\s+(?:and|with|&)\s+(?P<b>[^,;:!?]{3,90}?)\s*(?:[.!?]|\s+(?:please|round|"
    r"around|over)\b|$)", re.I)
"""Two scenes swapped, both said by what happens: "trade places: the kite scene and the ferry crossing"."""


def _side(phrase: str, scenes: Sequence[SceneInfo], embed: Embed | None) -> SceneReference | None:
    """Rank one side of a reorder; None when it is not a scene (a person alone, nothing that fits)."""
    explicit = explicit_scene_numbers(phrase, len(scenes))
    if explicit:
        return explicit[0]
    if _named_words(phrase, False, scenes) is None:
        return None
    matches = rank_scenes(phrase, scenes, embed=embed)
    return SceneReference(phrase, tuple(matches)) if matches else None


def relation_refs(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the two scenes a reorder said by description names ("X should happen after Y"), else nothing.

    Both sides must be scenes: "ida should come in after ruben" is blocking inside a scene, not a reorder.
    """
    placed = _PLACED.match(text)
    if placed and _ORDINAL.search(f"{placed.group('a')} {placed.group('b')}"):
        placed = None  # "put the last office scene after ...": the ordinal picks among them, read the usual way
    swapped = _SWAPPED.match(text)
    if swapped and (_ORDINAL.search(f"{swapped.group('a')} {swapped.group('b')}") or re.search(
            r"\bscenes\b", swapped.group("b"), re.I)):
        swapped = None  # "swap the first and third office scenes": one description, two of its scenes
    m = placed or _RELATION.match(text) or swapped
    if m is None or not scenes:
        return []
    first, second = (_side(m.group(k).strip(), scenes, embed) for k in ("a", "b"))
    if first is None or second is None or (first.explicit and second.explicit):
        return []
    return [first, second]


_TRANSITION_FROM = re.compile(
    r"\b(?:dissolve|cross-?\s?fade|x-?fade|fade|mix|blend|cut|transition|wipe)\w*\s+(?:[a-z]+\s+){0,2}?"
    r"(?:from|out\s+of)\s+(?P<a>[^,;:!?.]{3,60}?)\s+(?:in)?to\s+(?P<b>[^,;:!?.]{3,60}?)\s*(?:[,;:!?.]|$)", re.I)
"""A transition between two scenes said by description: "dissolve from the ferry into the market scene"."""


def transition_refs(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scenes a transition goes from and into (in that order), each said its own way; else nothing."""
    m = _TRANSITION_FROM.search(text)
    if m is None or not scenes:
        return []
    sides = []
    for phrase in (m.group("a").strip(), m.group("b").strip()):  # a place alone names a scene here: the cut is
        explicit = explicit_scene_numbers(phrase, len(scenes))  # between scenes, never inside one
        sides.append(explicit[0] if explicit else SceneReference(phrase, tuple(rank_scenes(phrase, scenes,
                                                                                          embed=embed))))
    return sides if all(side.matches for side in sides) else []


EDGE_CONTRAST = re.compile(
    r"\b(?P<edge>finish|end|close|open|start|begin)(?:s|es|ed)?\s+(?:the\s+(?:film|movie|short|story)\s+)?"
    r"(?:on|with)\s+(?P<a>[^,;:!?.]{3,60}?)\s*,?\s+(?:and\s+|but\s+)?not\s+(?:on|in|at|with)\s+"
    r"(?P<b>[^,;:!?.]{3,60}?)\s*(?:[,;:!?.]|$)", re.I)
"""The film's edge said against what is there now: "it should close on Tom at the pier, not in the kitchen"."""


def edge_refs(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scenes on both sides of "end on X, not Y" (each ranked like any description), else nothing."""
    m = EDGE_CONTRAST.search(text)
    if m is None or not scenes:
        return []
    sides = [m.group(k).strip() for k in ("a", "b")]
    refs = [SceneReference(side, tuple(rank_scenes(side, scenes, embed=embed))) for side in sides]
    return refs if all(r.matches for r in refs) else []
