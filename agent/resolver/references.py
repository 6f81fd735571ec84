"""Find every scene reference in a request: numbers and ordinals, then places, plurals, moments and descriptions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache

from agent.index.embeddings import common_word
from agent.project.timing import estimate_seconds
from agent.resolver.events import narrowed_by_moment, sharpen
from agent.resolver.neighbours import neighbour_refs
from agent.resolver.numbers import NUMERAL, explicit_scene_numbers
from agent.resolver.ranking import present_in, rank_scenes, scene_profile
from agent.resolver.scenes import CLEAR_LEAD, Embed, SceneInfo, SceneMatch, SceneReference
from agent.resolver.slots import SCENE_ENDS_ON, edge_refs, relation_refs, slot_refs, transition_refs
from agent.resolver.terms import (
    EVENTS,
    INTERIOR,
    NOT_A_MOMENT,
    STOP,
    TIME_STEMS,
    heading_terms,
    lower_words,
    plain_times,
    stem,
    term_stems,
)
from agent.shorthand import spell_out

__all__ = ["find_scene_references", "implied_scene", "kept_in_words"]

_NOT_A_DESCRIPTION = frozenset(
    "this that same next previous new another other each every which whole entire last final first opening "
    "closing ending a an one main his her their".split()
)
_DESCRIBED = [
    # "the bus scene", "the big bridge scene", "the dawn bridge scene", "juno's bus scene"
    re.compile(r"\b(?:the|that|this|(?!(?:it|that|there|here|what|who|he|she|let|where|how|this|one)['’]s)[a-z][\w-]*['’]s)"
               r"\s+((?:\w[\w'-]*\s+){0,3}?\w[\w'-]*)\s+(?<!\ba\s)(?<!\bno\s)(?<!\bany\s)(?<!\bsome\s)"
               r"(?<!\bevery\s)"
               r"(?:scene|sequence|bit|part|dialogue|conversation|exchange|"
               r"one(?!\s+(?:(?:last|more|final|single)\s+)?(?:time|day|night|thing|go)\b))\b"
               r"(?P<tail>\s+(?:at|in|on|with)\s+"
               r"(?!the\s+(?:end|start|beginning|top|front|back|moment)\b)(?!(?:more|less|much|extra|some|no|lots?|plenty|a|an|two|half|pieces)\b)(?:the\s+)?[\w'-]+)?"
               r"(?=$|[,.;:!?—–]|\s+(?:so|to|and|but|more|less|a\s+bit|into|as|please|too|funnier|darker|tenser)\b|\s|"
               r"['’]s\b)",
               re.I),
    # "the bridge at night", "the office in the morning": a place at a time of day
    re.compile(r"\bthe\s+((?:(?!(?:happens?|is|be|set|was)\b)[\w'-]+\s+){0,2}?"
               r"(?!(?:happens?|is|be|set|was)\b)[\w'-]+\s+(?:at|in\s+the|by)\s+(?:night|dawn|day|daytime|morning|evening|"
               r"dusk|daybreak|sunrise|sunset|night-?time))\b", re.I),
    # "the dawn on the pier", "the night back at the net loft": a time of day at a place
    re.compile(r"\bthe\s+((?:dawn|dusk|night|morning|evening|daybreak|sunrise|sunset)\s+(?:back\s+)?(?:on|at|in)\s+"
               r"the\s+[\w'-]+)\b", re.I),
    # "the scene where/with/at/on/in/when ..."; "the bit/part/moment/one where ..."
    re.compile(r"(?:\bthe\s+|\bthat\s+|^\W*)(?:(?:whole|entire|little|short|scene)\s+){0,2}"
               r"(?:scene|sequence|bit|part|moment|one|beat|section|passage|stretch)\s+"
               r"((?:where|when|in which|with|at|on|in|that|about|"
               r"of(?!\s+(?:them|those|these|us|the\s+(?:two|three|film|movie|script|screenplay))\b))\s+"
               r"[^,.;:!?\"“”]+)", re.I),
]
_MOVED = re.compile(r"the\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:before|after|ahead\s+of|to\s+(?:the\s+)?(?:start|end|"
                    r"beginning|front|top)|first|last)\b)", re.I)
_MERGED = re.compile(r"the\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:into|with|and)\s+(?:the|scene)\b)", re.I)
"""A scene merged into another, named by what happens in it ("merge the ferry ride into the harbour scene")."""
_PLURAL = re.compile(r"\b(?:the|both(?:\s+(?:of\s+)?the)?|all(?:\s+(?:of\s+)?the)?)\s+(?:(two|three|four|both)\s+)?"
                     r"((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:scenes|ones|bits)\b", re.I)
_ANCHOR = re.compile(r"\b(?:before|after|in front of|behind|between|into|"
                     r"(?:open|start|begin|end|close|finish)(?:s|es)?\s+"
                     r"(?:the\s+(?:film|movie|short)\s+)?(?:on|with))\s+((?:the|[a-z]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)"
                     r"(?=$|[,.;:!?—–]|\s+[-—–]\s|"
                     r"\s+(?:and|so|please|then|instead|too|as\s+well|where|when|in which|with)\b)",
                     re.I)
_BETWEEN_SECOND = re.compile(r"\bbetween\s+(?:the|[a-z]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,3}?[\w'-]+\s+(?:and|&)\s+"
                             r"((?:the|[a-z]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)"
                             r"(?=$|[,.;:!?—–]|\s+[-—–]\s|\s+(?:so|please|then|where|when|in which|with)\b)", re.I)
"""The second side of "between the X and the Y" (the first is an anchor like any "before the X")."""
_BACKSTORY = re.compile(r"\b(?:he|she|they|i|[a-z]+)\s+(?:was|were|had\s+been|used\s+to\s+\w+|worked|lived|served)\b"
                        r"[^,.;:!?]*$", re.I)
"""Someone's past, told up to a "before"/"after": a life, not a place in the screenplay."""
_ONLY_WHERE = re.compile(r"(?:behind|in\s+front\s+of|into)\b", re.I)
"""Anchor words that are also where something is inside a scene ("behind the bridge", "into the river")."""
_REPLACED = re.compile(r"\b(?:put|move|shift|place|slot|stick|bring|bump|merge|fold|combine|join|swap|switch|"
                       r"insert|new|another|add|write)\b", re.I)
_NEW_SCENE = re.compile(r"\b(?:new|another|extra|add|write|insert|draft)\b[^.;:]*?\b(?:scene|one)\b[^.;:]*$", re.I)
"""A new scene placed by another ("one more scene following the ferry crossing"): the other is a scene, by any words."""
_SCENE_PLACED = re.compile(r"(?:\bscene\s+\d{1,3}|\b(?:put|move|place|shift|slot|stick)\s+the\s+(?:[\w'-]+\s+){0,3}?"
                           r"(?:scene|one))\s+(?:(?:straight|right|just|so|it|that|to|should|must|has|go|goes|come|comes|"
                           r"instead|now)\s+){0,4}$", re.I)
"""A scene placed by another ("put scene 5 right after the ferry ride"): the other is a scene, by any words."""
_HAPPENS_AT = re.compile(r"\b(?:say|says|said|saying|line|happens?|happened|happening|do|does|did|doing|be|appear|"
                         r"who(?:'s|’s|\s+is|\s+are|\s+else\s+is|\s+was)?|(?<=the\s)(?:shoot|filming))\s+(?:\w+\s+)?"
                         r"(?:on|in|at|inside)\s+(the\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)"
                         r"(?=$|[,.;!?]|(?<=\w):|\s+(?:scene|bit|with|and|besides|apart|too|as\s+well|also|right|just|"
                         r"straight|after|before|when)\b)", re.I)
"""A place named after what is said or happens there ("what does she say on the bus?"), or someone is there."""
_OPENING_PLACE = re.compile(r"^\s*(?:(?:so|ok|okay|and|right)[,!]?\s+)*(?:on|in|at|inside|over|under)\s+"
                            r"(the\s+[\w'-]+(?:\s+[\w'-]+){0,2})", re.I)
_OPENING_MOMENT = re.compile(r"^\s*(?:(?:so|ok|okay|and|right)[,!]?\s+)*(?:on|in|at|during)\s+"
                             r"(the\s+(?:(?!(?:scene|bit|sequence)\b)[\w'-]+\s+){1,5}?[\w'-]+)(?=\s*[,:;—–]|\s+(?:give|make|let|add|have|put|cut|"
                             r"lose|could|can|should|i|we|please|more|less)\b)", re.I)
"""A moment a note opens on, told by what happens in it: "on the last delivery of the day, give her fewer lines"."""
_APPOSED_MOMENT = re.compile(r"^\s*(?:the|that)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+\s*,\s*((?:when|where)\s+"
                             r"(?!(?:does|do|did|is|are|was|were|can|could|should|will|would|has|have)\b)"
                             r"[^,;:—–?!.]+?)(?=\s*(?:[,;:—–?!.]|\s-\s|$))", re.I)
"""A label and the moment that says which scene it is: "the detour, when he leaves the route — kinder"."""
_HEADING_LABELS = (re.compile(r"^\s*((?:int|ext|i/e|int\./ext)\.?\s+[\w' ,./–—-]{2,60}?)\s*:", re.I),
                   re.compile(r"^\s*((?:int|ext|i/e|int\./ext)\.?\s+[\w' ,./]{2,60}?)\s*\s[-—–]\s", re.I),
                   re.compile(r"^\s*((?:int|ext|i/e|int\./ext)\.?\s+[\w' ,./]{2,60}?)\s*(?:->|→|=>)", re.I))
"""A note that starts with a heading of its own: "ext. bridge night: more wind" (a colon first, else a dash), or
"ext pier night → dawn" (what it becomes)."""
_CLOSING_PLACE = re.compile(r"\b(?:on|in|at|inside|aboard)\s+(the\s+[\w'-]+(?:\s+[\w'-]+){0,2}?)"
                            r"(?:\s+(?:at\s+any\s+(?:point|time|stage)|at\s+all|ever|both\s+times|each\s+time|"
                            r"every\s+time|throughout))?\s*[.!?]*$", re.I)
_PLACE_EVENT = re.compile(r"\bthe\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:ride|trip|journey|drive|walk|crossing|chase|"
                          r"search|talk|chat|conversation|argument|row|fight|goodbye|farewell|reunion|visit|meeting)\b"
                          r"(?:\s+(?:at|in\s+the|by)\s+(?:night|dawn|day|daytime|morning|evening|dusk|daybreak|sunrise|"
                          r"sunset|night-?time)\b)?", re.I)
"""An event at a place or time ("the bus ride", "the dawn walk"): a scene, when its other words are heading words."""
_DOING_LABEL = re.compile(r"^(?:(?:so|ok|okay|and|hmm|honestly)[,!]?\s+)*([a-z][\w'-]*\s+(?!(?:thing|something|"
                          r"nothing|anything|everything|morning|evening|ending|opening|building|ceiling)\b)[a-z]+ing\b"
                          r"(?:\s+[\w'-]+){1,7}?)(?=\s*[:–—]\s|\s+-\s)", re.I)
"""Someone doing something, as a label before a note: "mara mending the net in the rain - quieter"."""
_A_LINE = re.compile(r"\b(?:the|that|this|her|his|their|[a-z][\w-]*(?:'s|’s))\s+"
                     r"(?:(?P<quoted>[\"“'‘][^\"“”‘’]+[\"”'’])\s+line\b|line\s+(?:about|where\s+\w+\s+says?|saying|that\s+says)\s+(?P<about>[^,.;:!?]+?)"
                     r"(?=\s+(?:from|in|out\s+of|on)\s+(?:scene|sc|the|it|this|that)\b|\s*[,.;:!?—–]|\s+-\s|\s*$))",
                     re.I)
"""A line of dialogue named by its words: "the line about the rent", "Mara's 'not again' line"."""
_MOMENT_LEAD = r"(?:when|while|as\s+soon\s+as|just\s+as)"
_AFTER_ACTION = re.compile(r"^(?!\W*(?:i|i'm|im|i'd|we|we're|you|it|it's|that|that's|this|there|love|like|hate|"
                           r"what|how|why|who|does|do|is|are|can|could|would)\b)[^,.;:!?]*?[a-z]\s+("
                           + _MOMENT_LEAD + r"\s+"
                           r"((?!(?:does|do|did|is|are|was|were|can|could|should|will|would|it|we|you|i)\b)"
                           r"[^,.;:!?]{6,80}?))\s*[.!]*$", re.I)
"""A moment after what happens in it: "ruben smiles when ida hands him the receipt" (the moment says which scene)."""
_ASKS_WHERE = re.compile(r"^\W*(?:which|what|where|is\s+there|does|do\s+we|have\s+we|in\s+which|find)\b", re.I)
_TAGGING = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:tag|flag|mark|label|star)\b", re.I)
_HOW_MANY = {"two": 2, "both": 2, "three": 3, "four": 4}
_DESCRIPTION_END = re.compile(
    r"\s+(?:so\s+(?:it|that|the|she|he|they|we|her|his|their)|to\s+be|and\s+(?:make|then|also)|more|less|a\s+bit|a\s+lot|funnier|darker|tenser|"
    r"scarier|creepier|sadder|lighter|shorter|longer|please|into\s+shots|for\s+a\s+rewrite|needs?|should|could|"
    r"must|has\s+to|feels?|seems?|drags?|is\s+(?:too|a\s+bit|way|so|not)|(?:i|we)\s+(?:want|need|wish|would\s+like)|"
    r"i'?d\s+(?:like|love|want)|"
    r"(?:to|in|into)\s+(?:the\s+)?(?:very\s+)?(?:start|end|beginning|top|front|first\s+place|last\s+place|"
    r"position|place|slot)|to\s+(?:after|before)\s+scene)\b.*$|\s+[-–—]\s.*$|"
    r"\s+(?:as\s+|with\s+)?[\"“‘'][^\"“”‘’']{1,40}[\"”’']\W*$",  # "… where the gulls land 'keep'": the tag said last
    re.I,
)
_LEADING = re.compile(r"^(?:(?:so|ok|okay|and|right|hi|hey)[,!]?\s+)*((?:where|when|once|as soon as|"
                      r"after(?!\s+the\s+(?:scene|one|bit|part)\b))\s+"
                      r"(?!(?:(?:exactly|else|again|then|now|precisely|roughly)\s+)?"  # "where exactly does she": asked
                      r"(?:does|do|did|is|are|was|were|can|could|should|will|would|has|have)\b)"
                      r"[^,;:—–?!.]+?)(?=\s*(?:[,;:—–?!.]|\s-\s|$))", re.I)
_CORRECTED = re.compile(r"^(?:(?:no+|nope|nah|sorry|oops|wait|actually|hmm|my\s+bad)[,!.]*\s+)+.*?(?:[,;—–.]|\s-)\s*"
                        r"((?:where|when|in\s+which)\s+(?!(?:does|do|did|is|are|was|were|can|could|should|will|would)\b)"
                        r"[^,;:—–?!.]+?)\s*(?:[,;:—–?!.]|\s-\s|$)", re.I)
"""A correction that ends on what happens in the scene meant ("not that, it's the earlier one - where he finds it")."""
_BARE = re.compile(r"^(?:(?:so|ok|okay|and|right|hi|hey)[,!]?\s+)*((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
                   r"(?:scene|bit|sequence)\b(?P<tail>\s+(?:at|in\s+the|by)\s+(?:night|dawn|day|daytime|morning|evening|"
                   r"dusk|daybreak|sunrise|sunset|night-?time)\b)?"
                   r"(?=\s*(?:[,;:—–?!.]|\s-\s|$)|\s+(?:to|needs?|should|could|must|is|feels?|"
                   r"has|into|before|after|goes|comes|at)\b)", re.I)
"""A note opening on its scene without "the": "juno's bridge scene at night should be colder"."""


_ALSO_THE = re.compile(r"^\W*(?:(?:and|also|plus|now|then|ditto)[,]?\s+)+"
                       r"(the\s+(?:(?!(?:is|are|was|were|has|have|should|"
                       r"would|could|will|can|gets?|looks?|feels?)\b)[\w'-]+\s+){0,2}?[\w'-]+)"
                       r"(?=\s*,?\s*(?:(?:that|this)\s+one\s+)?(?:too|as\s+well|also)\W*$|\s*[.!]*$)", re.I)
"""A follow-up that only names another scene by its place ("and the ferry too", "plus the pier at dawn")."""
_SUBJECT = re.compile(r"^(?:(?:so|ok|okay|and|hmm|honestly)[,!]?\s+)*((?:the\s+|ending\s+with\s+(?:the\s+)?)"
                      r"((?:[\w'][\w'-]*\s+){0,5}?[\w'][\w'-]*)|([\w'-]+\s+\w+ing\s+(?:[\w'][\w'-]*\s+){0,4}?"
                      r"[\w'][\w'-]*))\s+"
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
_NTH_OF = re.compile(r"(?:^\s*|(?<=[.;!?]\s)|\b(?:the|that|this)\s+|\b[a-z]+(?:'s|’s)\s+)"
                     r"(first|second|third|last|final)\s+"
                     r"((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:scene|one|bit)\b",
                     re.I)
_NOT_BARE = frozenset(
    """
    the a an this that my our your rewrite redo make fix tighten trim cut punch darken lighten delete remove move
    swap tag flag break split merge shoot storyboard draw render animate generate export give add put write edit
    change do revise rework polish show read open play
    """.split()
)


def _described_phrase(text: str, m: re.Match[str]) -> str:
    """Return a description as said, without what follows it ("…, so it feels", "… as a favourite")."""
    end = m.end("tail") if m.groupdict().get("tail") else m.end()
    phrase = _DESCRIPTION_END.sub("", text[m.start():end]).strip(" ,.;!?")
    if _TAGGING.match(text):  # "tag the scene with the umbrella as a favourite": the tag is no description
        phrase = re.sub(r"\s+as\s+.*$", "", phrase, flags=re.I)
    if re.match(r"the\s+(?:scene|bit|part|one)\s+(?:on|at|in|aboard)\b", phrase, re.I):  # a place, then who speaks:
        # "the scene on the pier at dawn mara says …" is the scene on the bridge at dawn
        phrase = re.sub(r"\s+[a-z]+\s+(?:says|asks|tells|shouts|whispers|replies|answers|mutters|should|needs|"
                        r"could)\b.*$", "", phrase, flags=re.I)
    return phrase


_WHOLE = re.compile(r"^the\s+(?:whole|entire)\s+", re.I)
"""How much of a scene ("the whole ferry scene"): not a word of its description."""


_NICKNAME = re.compile(r"\bthe\s+(?:whole\s+|entire\s+)?(?:" + "|".join(EVENTS) + r")\b"
                       r"(?:\s+(?:at|on|in)\s+the\s+(?!(?:start|end|beginning|top)\b)[\w'-]+)?", re.I)
"""A scene called by what happens in it, with no "scene" said: "the chase", "the escape on the roof"."""


_OPENS_QUOTE = re.compile(r"(?<![\w'’])['‘\"“](?=\w)")
_CLOSES_QUOTE = re.compile(r"(?<=[\w?!.,])['’\"”](?![\w'’])")


def _inside_a_quote(phrase: str) -> bool:
    """Tell whether a phrase stops inside a quotation ("after he asks 'why bother"): words said, cut short."""
    return len(_OPENS_QUOTE.findall(phrase)) > len(_CLOSES_QUOTE.findall(phrase))


def _descriptions(text: str) -> list[str]:
    """Return the phrases that describe a scene, as said; none stops inside a quoted line."""
    return [p for p in _descriptions_said(text) if not _inside_a_quote(p)]


def _said_after_a_lead(text: str) -> list[str]:
    """Return a scene said after a correction's or a follow-up's lead ("no sorry, the other one", "and the ferry")."""
    phrases = []
    corrected = _CORRECTED.match(text)
    if corrected:  # "no sorry, the other one - at dawn, where she locks up": the scene is where she locks up
        phrases.append(corrected.group(1).strip())
    also = _ALSO_THE.match(text)
    if also and also.group(1).split()[1].lower() not in _NOT_A_DESCRIPTION:  # "and the ferry too": that scene too
        phrases.append(also.group(1).strip())
    return phrases


def _descriptions_said(text: str) -> list[str]:
    phrases: list[str] = []
    for pattern in (_LEADING, _BARE, _APPOSED_MOMENT):  # "where he locks the gate - slower", "kiosk scene. lighter"
        m = pattern.match(text)
        words = m.group(1).lower().split() if m else []
        if m and pattern is _BARE and any(w in _NOT_BARE for w in words):
            continue  # "rewrite the bus scene" is a command and "the bus scene", not a scene called "rewrite the bus"
        if m and words[0] not in _NOT_A_DESCRIPTION and words[0] not in ("the", "this", "that", "which", "what"):
            said = m.group(1) + ((m.group("tail") or "") if pattern is _BARE else "")  # "… scene at night"
            phrases.append(_DESCRIPTION_END.sub("", said).strip())  # "where she sings could be louder"
    phrases += _said_after_a_lead(text)
    starts = [m.start() for m in re.finditer(r"\bthe\b", text, re.I)]
    pointed = sorted([*starts, *(m.start() for m in re.finditer(r"\b(?:that|this)\b", text, re.I)),
                      *(m.start() for m in _WHOSE_START.finditer(text))])  # "juno's bus scene": hers, the bus one
    if re.match(r"\W*(?:scene|sequence|bit|part|moment|beat)\s+(?:where|when|in which)\b", text, re.I):
        starts.insert(0, 0)  # "scene where he brings the crate - day": a note that opens on its scene
    for i in starts:  # "put the crate delivery after ...": what is moved is a scene, named by what happens in it
        moved = _MOVED.match(text, i)
        if moved and re.search(r"\b(?:put|move|shift|place|slot|bring|swap|switch)\s+$", text[:i], re.I) and (
                moved.group(1).split()[0].lower() not in _NOT_A_DESCRIPTION):
            phrases.append(moved.group(0).strip())
        merged = _MERGED.match(text, i)
        if merged and re.search(r"\b(?:merge|fold|combine|join)\s+$", text[:i], re.I) and (
                merged.group(1).split()[0].lower() not in _NOT_A_DESCRIPTION):
            phrases.append(merged.group(0).strip())  # "fold the ferry ride into the harbour scene"
    for pattern in _DESCRIBED:
        # Try from every "the": "the wide of the ferry scene" holds the description "the ferry scene"; a
        # scene pointed at by its description ("that dawn pier scene") too, never "that part of the look".
        for m in filter(None, (pattern.match(text, i) for i in (pointed if pattern is _DESCRIBED[0] else starts))):
            words = m.group(1).strip()
            first = words.split()[0].lower() if words.split() else ""
            if first in ("other", "whole", "entire") and len(words.split()) > 1:
                first = words.split()[1].lower()  # "the other bridge one": a bridge scene, the one not just used;
                # "the whole ferry scene": the ferry scene, all of it
            if first in _NOT_A_DESCRIPTION or re.fullmatch(rf"(?:{NUMERAL})(?:st|nd|rd|th)?", first, re.I):
                continue
            if pattern is _DESCRIBED[0] and (
                re.search(r"\b(?:of|from|version|versions|shot|shots|act|draft|for|breakdown|sheets?|storyboard|stills?|"
                          r"animatic|voices?|history|runtime|camera)\b", words, re.I)
                or re.search(r"\b(?:for|in|to|from|with|at|on|into)$|\binto\b", words, re.I)
                or re.search(r"\b(?:in|on|at|by|near|under|behind|beside)\s+the\b", words, re.I)
                or re.match(r"\s*\d", text[m.end(1):].split("scene", 1)[-1])
            ):
                continue  # "the camera for scene 2" names scene 2, not a scene described as "camera for"; "the
                # bench on the pier scene" names the pier scene, told from its own "the"
            phrase = _described_phrase(text, m)
            if phrase and not any(phrase in p for p in phrases):
                phrases = [p for p in phrases if p not in phrase] + [phrase]  # the longer description wins
    return _merged_apart(text, phrases) + [m.group(0) for m in _NICKNAME.finditer(text)  # "cut the chase"
                                           if not any(m.group(0).lower() in p.lower() for p in phrases)]


def _merged_apart(text: str, phrases: list[str]) -> list[str]:
    """Split a description that runs over both scenes of a merge ("the bit where she finds it with the ride")."""
    if not _MERGING.match(text):
        return phrases
    return [part for p in phrases for part in re.split(r"\s+(?:with|into|and|&)\s+(?=the\s)", p, flags=re.I)]


_MERGING = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|now)[,]?\s+)*(?:merge|combine|join|fold|fuse)\b", re.I)
"""A merge names two scenes, the second after "with", "into" or "and"."""


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
        return any(stem(word) in scene_profile(s).heading for s in scenes)

    opening = _OPENING_PLACE.match(text)
    if opening:
        words = opening.group(1).split()
        while len(words) > 1 and (words[-1].lower() in STOP or not all(
                in_a_heading(w) for w in words[1:] if w.lower() not in STOP)):
            words.pop()
        phrase = " ".join(words)
        if len(words) > 1 and any(w.lower() not in STOP for w in words[1:]):
            return [SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed)))]
        moment = _OPENING_MOMENT.match(text)
        told = SceneReference(moment.group(1), tuple(rank_scenes(moment.group(1), scenes, embed=embed))) if (
            moment) else None
        return [told] if told is not None and told.number is not None else []  # by content: only when it is clear
    closing = _CLOSING_PLACE.search(text)
    if closing:
        words = [w for w in lower_words(closing.group(1))[1:] if w not in STOP]
        if any(stem(w) not in TIME_STEMS for w in words) and all(in_a_heading(w) for w in words):
            return [SceneReference(closing.group(1), tuple(rank_scenes(closing.group(1), scenes, embed=embed)))]
    return []


@lru_cache(maxsize=64)
def _heading_words(headings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({w for h in headings for w in lower_words(h) if len(w) >= 4 and w not in STOP}))


def _respelled(text: str, headings: tuple[str, ...]) -> str:
    """Mend a misspelt heading word ("the brdige scene" -> "the bridge scene"), so a typo still names a place."""
    vocabulary = _heading_words(headings)

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 5 or lower in vocabulary or lower in STOP or common_word(lower):
            return word  # "right" is a word of its own, not a misspelt "night"
        close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=0.8)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", mend, text)


_SEEN = re.compile(r"\b(?:the\s+)?(first|last|final)\s+time\s+(?:that\s+)?(?:we|you|the\s+audience)\s+"
                   r"(?:see|meet|hear|find|get|join)s?\s+([A-Za-z][\w'-]*)", re.I)
_WHOSE_LABEL = re.compile(r"^(?:(?:so|ok|okay|and|hmm)[,!]?\s+)*"
                          r"(([A-Za-z][\w-]*)(?:'s|’s)\s+(?!(?:\w+er|more|less|not|too|so|very|now|really|also|"
                          r"actually|a|an)\s)((?:[\w'-]+\s+){1,6}?[\w'-]+))"
                          r"(?<!description)(?<!notes)(?<!note)(?<!bio)(?<!profile)(?<!voice)(?<!costume)(?<!backstory)"
                          r"(?=\s*[:–—]\s|\s+-\s)(?![^a-z]*(?:make\s+(?:her|him|them)|add|treat|use|count|is|as)\b)",
                          re.I)
"""A label that is someone's moment ("Ida's last evening at the counter — ..."), said before what to do with it.

Never their notes ("Ida's character description: …"), voice or costume: those are hers, not a scene; nor
"Ida's older than that: …", which says what she is."""
_SCENE_WORD_LABEL = re.compile(r"^(?:(?:so|ok|okay|and|hmm)[,!]?\s+)*(?:[a-z][\w'-]*\s+(?=the\s))?"
                               r"((?:the\s+)?((?:(?!the\b)[\w'-]+,?\s+){0,5}?)"
                               r"(ending|opening|finale|beginning|scene|bit|sequence|moment|one))\s*(?:[:–—]|\s-)\s",
                               re.I)
"""A scene named first, then what to do ("the umbrella ending - funnier", "pier, dawn scene: …"); a verb before it
is not its name."""


def _scenes_at_places(text: str, scenes: Sequence[SceneInfo], refs: list[SceneReference], embed: Embed | None) -> str:
    """Add "the dawn scene at the office" (one scene told two ways) to refs when both together pick it.

    Returns the text with those phrases blanked, so neither half is read again as a scene of its own.
    """
    for m in _SCENE_AT_PLACE.finditer(text):
        if not any(stem(m.group("place").lower()) in scene_profile(s).heading for s in scenes):
            continue  # "the dawn bridge scene at the end": a position, not a place
        phrase = m.group(0)
        if m.group("more") and not any(stem(m.group("more").lower()) in scene_profile(s).heading for s in scenes):
            phrase = phrase[:m.start("more") - m.start()].rstrip()  # "the bridge at night needs …": not "needs"
        ref = SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed)))
        if ref.status == "resolved" and not any(r.phrase.lower() in ref.phrase.lower() for r in refs):
            refs.append(ref)
            text = text[:m.start()] + " " * len(phrase) + text[m.start() + len(phrase):]
    return text


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
        near = [m for m in matches if m.score * CLEAR_LEAD >= best]
        late = edge in ("ending", "finale")
        chosen = max(near, key=lambda m: m.number) if late else min(near, key=lambda m: m.number)
        matches = [SceneMatch(chosen.number, chosen.heading, best * CLEAR_LEAD + 1.0),
                   *(m for m in matches if m.number != chosen.number)]
    return SceneReference(label.group(1), tuple(matches))


_MADE_INTO = re.compile(r"^\W*(?:please\s+)?(?:make|turn)\s+(?:the|[\w'-]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,3}?(?:into\s+)?"
                        r"(?:a|an)\s+(?:proper\s+|real\s+)?(?:new\s+)?(?:prop|location|character|object|item)\b", re.I)
_BECOMES_THING = re.compile(r"^\W*(?:the\s+)?[\w' -]+?\s+(?:should|could|must|needs\s+to|has\s+to|can)\s+(?:also\s+)?"
                            r"be\s+(?:a|an)\s+(?:new\s+)?(?:prop|character|location|set|place)\b", re.I)
_LOOKS_LIKE_THIS = re.compile(r"^\W*(?:the\s+)?[\w' -]+?\s+(?:looks?|should\s+look|will\s+look|is)\s+like\s+"
                              r"(?:this|so)\s*(?::|\s[-–—]+\s)", re.I)
"""A place and how it looks ("the bridge looks like this: wet cobbles"): a description, no scene."""
_SCENE_AT_PLACE = re.compile(r"\bthe\s+(?:[\w'-]+\s+){1,2}?(?:scene|one)\s+(?:at|in|on|by|aboard|inside)\s+the\s+"
                             r"(?P<place>[\w'-]+)(?:\s+(?P<more>[\w'-]+))?", re.I)
"""A scene told by one thing and then its place ("the dawn scene at the office"): the two together pick it."""
_EXTREME = re.compile(r"\bthe\s+(shortest|longest)\s+(?:scene|one)\b", re.I)


_EDGE_NAMED = re.compile(r"\bthe\s+((?!(?:very|whole|new|film|movie|story|script|happy|sad|real|big|final|original)\b)"
                         r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+(ending|finale|closer|opening|opener)\b", re.I)
"""The first or last scene named by what is in it: "the lantern ending", "the rope opener"."""


def _edge_named(text: str, scenes: Sequence[SceneInfo]) -> list[SceneReference]:
    """Return the last (or first) scene for "the lantern ending" when that scene has the thing named."""
    m = _EDGE_NAMED.search(text)
    if m is None:
        return []
    scene = scenes[0] if m.group(2).lower().startswith("open") else scenes[-1]
    words = [w for w in lower_words(m.group(1)) if w not in STOP]
    if not words or not all(stem(w) in scene_profile(scene).content for w in words):
        return []  # "the sad ending" says how it ends; a thing the edge scene lacks names no scene
    return [SceneReference(m.group(0), (SceneMatch(scene.number, scene.heading, 1.0),), explicit=True)]


def _extreme_refs(text: str, scenes: Sequence[SceneInfo]) -> list[SceneReference]:
    """Return "the longest one" / "the shortest one": the scene whose text plays longest or shortest."""
    refs = []
    for m in _EXTREME.finditer(text):
        if re.search(r"\b(?:which|what)(?:\s+(?:one|scene))?(?:\s+is|'s)\s+$", text[:m.start()], re.I):
            continue  # "so what's the longest one, then?" asks for running times; it names none
        pick = (min if m.group(1).lower() == "shortest" else max)(scenes, key=lambda s: estimate_seconds(s.content))
        refs.append(SceneReference(m.group(0), (SceneMatch(pick.number, pick.heading, 1.0),), explicit=True))
    return refs


_DESCRIBED_PAIR = re.compile(r"\bthe\s+((?!(?:first|second|third|last|final|two|other)\b)(?:[\w'-]+\s+){0,2}?"
                             r"[\w'-]+)\s+"
                             r"(?:and|&)\s+(?:the\s+)?((?!(?:first|second|third|last|final|other)\b)"
                             r"(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:scenes|ones|bits)\b", re.I)
"""Two scenes, each said its own way, sharing "scenes": "the ferry and the net loft scenes"."""
_NTH_PAIR = re.compile(r"\bthe\s+(first|second|third|last|final)\s+(?:one\s+)?(?:and|&)\s+(?:the\s+)?"
                       r"(first|second|third|last|final)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:scenes|ones)\b", re.I)
_NTH = {"first": 0, "second": 1, "third": 2, "last": -1, "final": -1}


def _described_pairs(text: str, scenes: Sequence[SceneInfo], refs: list[SceneReference], embed: Embed | None) -> str:
    """Add a reference for each side of "the ferry and the net loft scenes"; return the text without them."""
    for m in _DESCRIBED_PAIR.finditer(text):
        for words in (m.group(1), m.group(2)):
            refs.append(SceneReference(f"the {words}", tuple(rank_scenes(words, scenes, embed=embed))))
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text


_THEIR_NTH = re.compile(r"\b(?P<who>[a-z][\w-]*)(?:'s|’s)\s+(?:very\s+)?(?P<nth>first|second|third|fourth|last|final|"
                        r"opening|closing)\s+(?:scene|appearance|one|bit)\b|"
                        r"\bthe\s+(?:very\s+)?(?P<nth2>first|second|third|fourth|last|final)\s+(?:scene|one|time)\s+"
                        r"(?:(?:with|featuring)\s+(?!(?:a|an|the|my|her|his|their|some|no)\b)(?P<with>[a-z][\w-]*)\b(?!['’]s)|(?:that\s+|where\s+)?"
                        r"(?P<in>[a-z][\w-]*)\s+(?:is|'s|appears|shows\s+up|turns\s+up|comes\s+in)\b"
                        r"(?:\s+in\b)?)", re.I)
"""Someone's scene by its place among theirs: "juno's first scene", "the final scene with ida"."""
_NTH_WORDS = {"first": 0, "opening": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1, "closing": -1}


def _someones_nth(text: str, scenes: Sequence[SceneInfo]) -> tuple[SceneReference, tuple[int, int]] | None:
    """Return "juno's first scene" as the first scene she is in, with where the phrase stands; else None."""
    for m in _THEIR_NTH.finditer(text):
        who = m.group("who") or m.group("with") or m.group("in")
        theirs = [s for s in scenes if present_in(who, s)]
        index = _NTH_WORDS[(m.group("nth") or m.group("nth2")).lower()]
        if theirs and -len(theirs) <= index < len(theirs) and len(theirs) < len(scenes):
            chosen = theirs[index]
            return (SceneReference(m.group(0), (SceneMatch(chosen.number, chosen.heading, 1.0),), explicit=True),
                    m.span())
    return None


def _nth_of(phrase: str, words: str, ordinals: Sequence[str], scenes: Sequence[SceneInfo]) -> list[SceneReference]:
    """Return the scenes at those places among the ones that fit ``words`` ("the second" of the bridge scenes)."""
    fits = rank_scenes(words, scenes, embed=None)
    best = fits[0].score if fits else 0.0
    chosen = sorted(f.number for f in fits if f.score * CLEAR_LEAD >= best)
    refs = []
    for ordinal in ordinals:
        index = _NTH[ordinal.lower()]
        if chosen and -len(chosen) <= index < len(chosen):
            n = chosen[index]
            heading = scenes[n - 1].heading if n <= len(scenes) else ""
            refs.append(SceneReference(phrase, (SceneMatch(n, heading, 1.0),), explicit=True))
    return refs


def _moment_refs(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scene a request opens on by a moment ("the office feels cold", "ida's last evening there —")."""
    subject = _SUBJECT.match(text) or _MOMENT_LABEL.match(text)
    thing = re.match(r"\s*(?:should|could|must)\s+be\s+(?:a|an)\s+(?:prop|character|location)\b", text[subject.end():],
                     re.I) if subject else None  # "the green umbrella should be a prop" is a thing, not a moment
    heading_words = set().union(*(scene_profile(s).heading for s in scenes)) if subject else set()
    heading_words |= {w for words in INTERIOR.values() for w in words}
    subject_words = (subject.group(2) or subject.group(3) or "") if subject else ""
    only_a_place = subject is not None and all(  # "the bus interior should be grimy" is about the place
        stem(w) in heading_words or w in heading_words or w in STOP for w in lower_words(subject_words))
    about_film = subject is not None and len(subject_words.split()) <= 2 and bool(
        set(subject_words.lower().split()) & NOT_A_MOMENT)
    if subject and not thing and not only_a_place and not about_film:
        matches = tuple(rank_scenes(subject_words, scenes, embed=embed))
        if matches:  # only a moment some scene has: "the office feels cold" may be about the place
            return [SceneReference(subject.group(1), matches)]
    doing = _DOING_LABEL.match(text)
    if doing and not subject:  # "juno searching the gutter - colder": the scene where she does that
        told = SceneReference(doing.group(1), tuple(rank_scenes(doing.group(1), scenes, embed=embed)))
        if told.matches:
            return [told]
    after = _AFTER_ACTION.search(text)
    if after and not subject:  # "ruben smiles when ida hands him the receipt": the scene that moment is in, if clear
        told = SceneReference(after.group(1), tuple(rank_scenes(after.group(2), scenes, embed=embed)))
        if told.number is not None or 1 < len(told.candidates()) <= 3:
            return [told]  # clear, or a short list to ask from
    whose = _WHOSE_LABEL.match(text)
    if whose and not _DESCRIBED[0].search(whose.group(1)):  # "ida's last evening at the counter — sadder": her scene
        # there, by its words ("mara's coat in the market scene: …" names its scene itself)
        matches = tuple(rank_scenes(f"{whose.group(2)} {whose.group(3)}", scenes, embed=embed))
        if matches:
            return [SceneReference(whose.group(1), matches)]
    return []


_SENTENCES = re.compile(r"(?<=[a-z]{2}[.!?])(?<!\bmrs\.)(?<!\bMrs\.)\s+(?=[A-Za-z])|"
                        r"[,;]\s*(?:[Aa]nd\s+|[Pp]lus\s+)?(?:also\s+)?(?=[Tt]he\s+(?:[\w'-]+\s+){1,3}?(?:needs?|"
                        r"should|must|could\s+(?:use|do\s+with)|wants?)\s)")
"""Where one sentence of a request ends and the next begins ("Long shift. the pier scene: …"); "Mrs. Quill" is one.
A comma before a second subject with its own need ("…, and the dawn pier needs a bin") starts one too."""


def find_scene_references(
    text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None = None
) -> list[SceneReference]:
    """Return every scene reference in a request, explicit ones first, then descriptions.

    Phrases are returned as spelled out ("ending w/ the coffees" is found as "ending with the coffees"). Each
    sentence is read on its own: a note opening on its scene ("dawn pier scene: …") opens its sentence, whatever
    was said before it.
    """
    sentences = [part for part in _SENTENCES.split(text) if part.strip()]
    if len(sentences) > 1:
        found: list[SceneReference] = []
        for sentence in sentences:
            found += [r for r in _sentence_references(sentence, scenes, embed=embed)
                      if not any(r.phrase == f.phrase and r.matches == f.matches for f in found)]
        return found
    return _sentence_references(text, scenes, embed=embed)


def _sentence_references(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scene references of one sentence (see ``find_scene_references``)."""
    theirs = _someones_nth(text, scenes)  # "juno's first scene": the first of the scenes she is in
    if theirs is None:
        return _said_references(text, scenes, embed=embed)
    ref, (start, end) = theirs
    rest = text[:start] + " " * (end - start) + text[end:]
    return [ref, *(r for r in _said_references(rest, scenes, embed=embed) if r.number != ref.number)]


def _said_references(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None) -> list[SceneReference]:
    """Return the scene references of one sentence that names no one's nth scene."""
    text = _respelled(spell_out(text), tuple(s.heading for s in scenes))
    text, lines = _without_lines(text)  # "the line about the last delivery": its words name no other scene
    timed = _without_new_time(text)  # "change the dawn pier to dusk": dusk is where it goes, not a scene
    retimed, text = timed != text, timed
    if _MADE_INTO.search(text) or _BECOMES_THING.match(text) or _LOOKS_LIKE_THIS.match(text):
        # "make the green umbrella a prop": a thing becomes an entity, no scene is named ("green umbrella should be a
        # prop" neither); "the bridge looks like this: …" describes a place
        return explicit_scene_numbers(text, len(scenes))
    related = (relation_refs(text, scenes, embed=embed) or edge_refs(text, scenes, embed=embed)
               or transition_refs(text, scenes, embed=embed))
    if related:  # "the claim should come after the bus ride": each side is one scene, said its own way
        return [sharpen(r, scenes) for r in related]
    near = _next_to(text, scenes, embed)
    if near is not None:  # "the scene after the ferry ride": the scene next to the one named, not the one named
        return near
    named = _edge_named(text, scenes) if scenes else []  # "the crate opener" holds the word "opener": one scene
    refs = [r for r in explicit_scene_numbers(text, len(scenes)) if not any(
        r.phrase.lower() in n.phrase.lower() for n in named)] + (_extreme_refs(text, scenes) + named if scenes else [])
    text = _scenes_at_places(text, scenes, refs, embed)
    text = _described_pairs(text, scenes, refs, embed)  # "the bus and the claim scenes": one scene each
    for m in _NTH_PAIR.finditer(text):  # "the first and third office scenes": two of the office scenes
        pair = [match for ref in _nth_of(m.group(0), m.group(3), (m.group(1), m.group(2)), scenes)
                for match in ref.matches]
        if len(pair) == 2:
            refs.append(SceneReference(m.group(0), tuple(pair), explicit=True, many=2))
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]  # not also "the ... scenes"
    for m in _PLURAL.finditer(text):  # "the two bridge scenes", "both office scenes"
        words = m.group(2)
        if words.split()[0].lower() in _NOT_A_DESCRIPTION or re.search(rf"\b(?:{NUMERAL})\b", words, re.I):
            continue
        many = _HOW_MANY.get((m.group(1) or "").lower(), 2 if m.group(0).lower().startswith("both") else 0)
        refs.append(SceneReference(m.group(0), tuple(rank_scenes(words, scenes, embed=embed)), many=many))
    anchors = [m for m in _ANCHOR.finditer(text) if (not _ONLY_WHERE.match(m.group(0)) or _REPLACED.search(text))
               and not SCENE_ENDS_ON.search(text, max(0, m.start() - 40), m.end())  # "scene 6 should end with a cup"
               and not _BACKSTORY.search(text[:m.start()])]  # "he was a docker before the ferries": his past
    anchors += list(_HAPPENS_AT.finditer(text))  # "the sun comes up behind the bridge": a place in the scene
    anchors += list(_BETWEEN_SECOND.finditer(text))  # "between the canal walk and the night market": both sides
    for m in anchors:  # "put the bus scene before the bridge": a place named in a heading
        phrase = m.group(1)
        words = [w for w in re.findall(r"[\w'-]+", phrase.lower())[1:] if w not in STOP]
        placed = (_NEW_SCENE.search(text[:m.start()]) or _SCENE_PLACED.search(text[:m.start()])) is not None and not (
            set(words) & NOT_A_MOMENT)
        if words and (placed or all(any(stem(w) in scene_profile(s).heading for s in scenes) for w in words)):
            if not any(phrase.lower() in r.phrase.lower() or r.phrase.lower() in phrase.lower() for r in refs):
                refs.append(SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed))))
    refs.extend(_place_event_refs(text, scenes, refs, embed))
    refs.extend(_line_refs(lines, scenes, refs, embed, asked=_ASKS_WHERE.match(text) is not None))
    if not refs or _AND_AT_A_PLACE.search(text):  # "in the first pier scene and aboard the ferry": both
        refs.extend(r for r in _place_refs(text, scenes, anchored=bool(anchors), embed=embed) if not any(
            r.phrase.lower() in f.phrase.lower() or f.phrase.lower() in r.phrase.lower() for f in refs))
    for m in _NTH_OF.finditer(text):  # "the second bridge scene": the second of the scenes that fit "bridge"
        refs.extend(_nth_of(m.group(0), m.group(2), (m.group(1),), scenes))
    refs.extend(_seen_refs(text, scenes))
    labelled = _SCENE_WORD_LABEL.match(text)
    if labelled and not refs and not re.search(r"\b(?:add|write|new|insert|draft|another|an?)\b", labelled.group(1),
                                               re.I):  # "umbrella ending - funnier"; "add a last scene:" is new
        refs.append(_labelled_ref(labelled, scenes, embed=embed))
    if not refs:
        refs.extend(_moment_refs(text, scenes, embed=embed))
    taken = " ".join(r.phrase.lower() for r in refs)
    described = [p for p in _descriptions(text) if p.lower() not in taken and not any(
        r.phrase.lower() in p.lower() for r in refs)]
    found = refs + [SceneReference(p, tuple(rank_scenes(_WHOLE.sub("the ", p), scenes, embed=embed)))
                    for p in described]
    found = narrowed_by_moment(text, [sharpen(r, scenes) for r in found], scenes)  # the one where it happens
    found = [_by_telling_thing(_whose_scene(r, text, scenes), text, scenes) for r in _one_per_apposition(found, text)]
    found = [_of_a_kind_there(_set_nowhere(_scene_of_shot(r, scenes, embed), scenes), scenes) for r in found]
    return found or slot_refs(text, scenes, embed=embed) or (  # "rewrite where she hands …"
        _retimed_refs(text, scenes, embed) if retimed else [])


_SHOT_OF = re.compile(r"^the\s+(?:[\w'-]+\s+){0,2}?shots?\s+(?:of|in|from)\s+(?P<scene>the\s+.+)$", re.I)
"""A shot named with its scene ("the opening shot of the ferry scene"): the scene is what the words after "of" say."""


def _scene_of_shot(ref: SceneReference, scenes: Sequence[SceneInfo], embed: Embed | None) -> SceneReference:
    """Return the reference to the scene a shot phrase names, ranked on the scene's words alone."""
    m = _SHOT_OF.match(ref.phrase)
    if m is None or ref.explicit:
        return ref
    return sharpen(SceneReference(m.group("scene"), tuple(rank_scenes(m.group("scene"), scenes, embed=embed))), scenes)


_RETIMED = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|now|and|also|can\s+you|could\s+you|let'?s)[,!]?\s+)*"
                      r"(?:change|set|switch|shift|move|turn|make|put)\s+(?P<phrase>the\s+[\w'-]+(?:\s+[\w'-]+){0,2}?)"
                      r"(?:\s+(?:scene|one))?\s*(?:[,;.!]|\s+(?:then|and)\b|$)", re.I)


def _retimed_refs(text: str, scenes: Sequence[SceneInfo], embed: Embed | None) -> list[SceneReference]:
    """Return the scene a command changes the time of day of, when its heading's words name it.

    "change the dawn pier to dusk": the pier at dawn; nothing when a word is in no heading.
    """
    m = _RETIMED.match(text)
    phrase = m.group("phrase") if m else ""
    words = [w for w in lower_words(phrase)[1:] if w not in STOP]
    if not words or not all(any(stem(w) in scene_profile(s).heading for s in scenes) for w in words):
        return []
    return [SceneReference(phrase, tuple(rank_scenes(phrase, scenes, embed=embed)))]


def implied_scene(text: str, scenes: Sequence[SceneInfo], *, embed: Embed | None = None) -> SceneReference:
    """Return the scene a request that names none would happen in, by all of its words.

    "ida stamps the claim form" names no scene, but only one scene has the claim form in it: the
    whole request is ranked like a description. The caller uses it only for something that happens
    on screen and asks (offering the close candidates) unless one scene leads clearly.
    """
    for quote in _QUOTED_WORDS.findall(text):  # "… before she says 'We won't be here.'": the scene that says it
        said = " ".join(lower_words(quote))
        having = [s for s in scenes if said and said in " ".join(lower_words(s.content))]
        if len(having) == 1:
            return SceneReference(text.strip(), (SceneMatch(having[0].number, having[0].heading, 1.0),), explicit=True)
    spelled = _respelled(spell_out(text), tuple(s.heading for s in scenes))
    moment = _BESIDE_MOMENT.search(spelled)
    telling = [w for w in lower_words(moment.group("moment")) if w not in STOP] if moment else []
    if moment is not None and len(telling) >= 3:  # "ida wipes her glasses before she reads the umbrella's tag":
        # where that moment is ("before she unties it" tells too little)
        told = SceneReference(text.strip(), tuple(rank_scenes(moment.group("moment"), scenes, embed=embed)))
        cast = set().union(*(_capitalised(s) for s in scenes))
        named = {w.upper() for w in lower_words(spelled) if w.upper() in cast}
        there = scenes[told.number - 1] if told.number is not None and 0 < told.number <= len(scenes) else None
        if there is not None and all(present_in(n, there) for n in named):
            return told  # (everyone the request names is in that scene: "ruben … when she is soaked" is his scene)
    known = " ".join(m.group(1) for m in _DEFINITE.finditer(spelled) if m.group(1).lower() not in STOP)
    ranked = tuple(rank_scenes(f"{spelled} {known}".strip(), scenes, embed=embed))
    return SceneReference(text.strip(), _led_by_its_thing(spelled, ranked, scenes))


_BESIDE_MOMENT = re.compile(r"\b(?:(?:just|right|straight)\s+)?(?:before|after|once|as\s+soon\s+as|while|when)\s+"
                            r"(?P<moment>(?:she|he|they|[a-z]+)\s+(?!(?:should|could|would|must|will|can|does|did|is|"
                            r"are|was|were)\b)[^,.;!?]{6,80})", re.I)
"""The moment an action is placed against ("… before she reads the tag"): it happens in that moment's scene."""


def _led_by_its_thing(text: str, ranked: tuple[SceneMatch, ...], scenes: Sequence[SceneInfo]) -> tuple[SceneMatch, ...]:
    """Put first the one candidate that has the thing the request names as already there ("the crate"), if one does.

    "ida blows the dust off the crate": the crate is in one scene only, however alike the other scenes read. Things
    several scenes have, or that no candidate has, change nothing.
    """
    if len(ranked) < 2:
        return ranked
    cast = set().union(*(_capitalised(s) for s in scenes))
    things = {m.group(1).lower() for m in _THE_THING.finditer(text)  # "her breath" is no thing in a scene
              if m.group(1).lower() not in STOP and m.group(1).upper() not in cast}
    having = {thing: [s.number for s in scenes if re.search(rf"\b{re.escape(thing)}(?:e?s)?\b", s.content, re.I)]
              for thing in things}
    owners = {numbers[0] for numbers in having.values() if len(numbers) == 1}
    if len(owners) != 1:
        return ranked
    owner = owners.pop()
    lead = next((m for m in ranked if m.number == owner), None)
    if lead is None or ranked[0].number == owner and ranked[0].score >= ranked[1].score * CLEAR_LEAD:
        return ranked
    first = SceneMatch(lead.number, lead.heading, round(ranked[0].score * CLEAR_LEAD + 1.0, 3))
    return (first, *(m for m in ranked if m.number != owner))


@lru_cache(maxsize=8192)
def _capitalised(scene: SceneInfo) -> frozenset[str]:
    """Return the words a scene writes in capitals (its cast, as a screenplay writes them); read once per scene."""
    return frozenset(re.findall(r"\b[A-Z]{2,}\b", scene.content))


_QUOTED_WORDS = re.compile(r"(?<!\w)[\"“'‘]([^\"“”‘’]{4,}?)[\"”'’](?!\w)")
"""Words quoted in a request: a line the screenplay says, if it does."""
_THE_THING = re.compile(r"\bthe\s+([a-z][\w'-]{2,})\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|her|his|their)\s+([a-z][\w'-]{2,})\b", re.I)
"""A thing said as one already there ("the crate", "her hood"): the scene that has it counts it twice."""


def _next_to(text: str, scenes: Sequence[SceneInfo], embed: Embed | None) -> list[SceneReference] | None:
    """Return the references of a request that names a scene by its neighbour, else None."""
    near = neighbour_refs(text, scenes, lambda words: find_scene_references(words, scenes, embed=embed) or [
        SceneReference(words, tuple(rank_scenes(words, scenes, embed=embed)))])
    if not near:
        return None
    for ref in near:  # the rest of the request is read without them
        at = text.lower().find(ref.phrase.lower())
        text = text[:at] + " " * len(ref.phrase) + text[at + len(ref.phrase):]
    return near + [r for r in find_scene_references(text, scenes, embed=embed) if r.phrase.strip()]


_WHOSE_START = re.compile(r"\b(?!(?:it|that|there|here|what|who|he|she|let|where|how|this|one)['’]s)[a-z][\w-]*['’]s\s",
                          re.I)
"""Someone's scene said by its place ("juno's bus scene"): a description that starts at whose it is."""
_POSSESSOR = re.compile(r"\b([a-z][\w-]*)(?:'s|’s)\s", re.I)


def _whose_scene(ref: SceneReference, text: str, scenes: Sequence[SceneInfo]) -> SceneReference:
    """Settle "mara's coat in the market scene" on the one candidate Mara is in, when only one has her.

    Only a possessive counts: "tom should come into the market scene" wants him where he is not yet.
    """
    if ref.status != "ambiguous" or ref.many is not None:
        return ref
    speakers = set().union(*(scene_profile(s).speakers for s in scenes))
    whose = [m.group(1) for m in _POSSESSOR.finditer(text) if stem(m.group(1).lower()) in speakers]  # not "it's"
    by_number = {s.number: s for s in scenes}
    for name in whose:
        having = [m for m in ref.candidates() if m.number in by_number and present_in(name, by_number[m.number])]
        if len(having) == 1 and any(present_in(name, s) for s in scenes):
            best = having[0]
            return SceneReference(ref.phrase, (SceneMatch(best.number, best.heading, ref.matches[0].score * CLEAR_LEAD
                                                          + 1.0), *(m for m in ref.matches if m is not best)))
    return ref


def _place_event_refs(text: str, scenes: Sequence[SceneInfo], refs: Sequence[SceneReference],
                      embed: Embed | None) -> list[SceneReference]:
    """Return the scenes named by an event at a place or time ("break the bus ride into shots"), not named yet."""
    found = []
    for m in _PLACE_EVENT.finditer(text):
        words = [w for w in lower_words(m.group(1)) if w not in STOP]
        talked = re.search(r"\b(?:talk|chat|conversation|argument|row)\s*$", m.group(0), re.I) is not None
        where = (lambda s: scene_profile(s).heading | scene_profile(s).content) if talked else (
            lambda s: scene_profile(s).heading)  # "the shed talk": what they talk about, said in the scene
        if words and all(any(stem(w) in where(s) for s in scenes) for w in words) and not any(
                m.group(0).lower() in r.phrase.lower() or r.phrase.lower() in m.group(0).lower() for r in refs):
            found.append(SceneReference(m.group(0), tuple(rank_scenes(m.group(0), scenes, embed=embed))))
    return found


def kept_in_words(phrase: str) -> str | None:
    """Tell a reference whose words stay when its scene is named ("line", "moment"), else None.

    A line named by its words ("the line about the rent") or a moment after an action ("when she pays") keeps
    its words and gains "in scene N"; any other description is replaced by the scene number.
    """
    if _A_LINE.fullmatch(phrase):
        return "line"
    return "moment" if re.match(_MOMENT_LEAD + r"\s", phrase, re.I) else None


_DAYTIME = (r"(?:(?:late|early|mid)[- ]?)?(?:night|dawn|dusk|day|daytime|morning|evening|daybreak|sunrise|sunset|"
            r"afternoon|noon|midnight|twilight|golden\s+hour)")
_NEW_TIME = re.compile(rf"\b(?:(?:to|into|as)\s+(?:an?\s+|the\s+)?(?:(?:just|right)\s+)?(?:(?:before|after)\s+)?"
                       rf"{_DAYTIME}"
                       rf"|(?:should|must|needs?\s+to|has\s+to|ought\s+to|could|would|will)\s+(?:be|happen|play|take"
                       rf"\s+place)\s+(?:at\s+|in\s+the\s+|by\s+|around\s+)?(?:(?:just|right)\s+)?(?:(?:before|after)\s+)?"
                       rf"{_DAYTIME}|(?:happens?|plays?|takes?\s+place|is\s+set)\s+(?:at\s+|in\s+the\s+|by\s+|around\s+)?"
                       rf"(?:(?:just|right)\s+)?(?:(?:before|after)\s+)?{_DAYTIME}\s+(?:now|instead)"
                       rf")\b(?!\s+(?:[\w'-]+\s+){{0,2}}?(?:scenes?|ones?|bit|part)\b)(?:\s+(?:too|instead|now|as\s+well))*",
                       re.I)
"""The time of day a scene is moved to ("to dusk", "should be at dawn too", "happens just after dusk now"): the new
time, which names no scene ("change the dawn pier to dusk" is about the dawn pier; "he should be in the dawn pier
scene" names one)."""
_CHANGES_TIME = re.compile(r"\b(?:change|make|set|switch|move|shift|fix|turn|heading|slug|should|must|needs?|has\s+to|"
                           r"ought|could|would|will|happens?|plays?|takes?\s+place|is\s+set)\b", re.I)


def _without_new_time(text: str) -> str:
    """Return the text with the time of day a scene moves to blanked out (same length)."""
    if not _CHANGES_TIME.search(text):
        return text
    return _NEW_TIME.sub(lambda m: " " * (m.end() - m.start()), text)


def _without_lines(text: str) -> tuple[str, list[re.Match[str]]]:
    """Return the text with each line named by its words blanked out (same length), and those lines."""
    lines = list(_A_LINE.finditer(text))
    for m in lines:
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text, lines


def _line_refs(lines: Sequence[re.Match[str]], scenes: Sequence[SceneInfo], refs: Sequence[SceneReference],
               embed: Embed | None, *, asked: bool) -> list[SceneReference]:
    """Return the scene a line of dialogue is in, named by its words ("the line about the rent", "the 'no' line")."""
    if asked or any(r.explicit for r in refs):
        return []  # "which scene has the line about …?" asks it (find_scene answers); "… from scene 2" says it
    found = []
    for m in lines:
        words = (m.group("quoted") or "")[1:-1] or m.group("about") or ""
        if words.strip() and not any(r.phrase.lower() in m.group(0).lower() for r in refs):
            found.append(SceneReference(m.group(0), tuple(rank_scenes(f"the line {words}", scenes, embed=embed))))
    return found


_AND_AT_A_PLACE = re.compile(r"\b(?:and|or)\s+(?:also\s+)?(?:in|on|at|aboard|inside)\s+the\s+\w", re.I)
"""A place listed after a scene ("in the first pier scene and aboard the ferry"): a scene of its own."""


_KIND_OF_SCENE = re.compile(r"\b(?P<kind>flash-?backs?|flash-?forwards?|dreams?|dream\s+sequences?|nightmares?|"
                            r"montages?|"
                            r"prologues?|epilogues?|title\s+sequences?|cold\s+opens?|voice-?overs?)\b", re.I)
"""A kind of scene ("the flashback with her mum"): a scene of that kind, or none, whatever else the words fit."""


def _of_a_kind_there(ref: SceneReference, scenes: Sequence[SceneInfo]) -> SceneReference:
    """Return no scene for "the flashback with juno's mum" when no scene is a flashback (nor says one)."""
    kind = _KIND_OF_SCENE.search(ref.phrase)
    if kind is None or ref.explicit:
        return ref
    word = re.sub(r"[\s-]+", "", kind.group("kind").lower()).rstrip("s")[:8]  # "flash-back" is a flashback
    if any(word in re.sub(r"[\s-]+", "", f"{s.heading} {s.content}".lower()) for s in scenes):
        return ref
    return SceneReference(ref.phrase, ())


_SET_AT = re.compile(r"^the\s+(?:scene|one|bit)\s+(?:set\s+)?(?:at|in|on|inside|aboard|by)\s+(?:the\s+)?"
                     r"(?P<place>[\w'-]+(?:\s+[\w'-]+){0,2})$", re.I)


def _set_nowhere(ref: SceneReference, scenes: Sequence[SceneInfo]) -> SceneReference:
    """Return no scene for "the scene at the orchard" when only a line of dialogue has the place (talked about).

    A place in a heading, or one the action shows, is where a scene can be.
    """
    said = _SET_AT.match(ref.phrase.strip())
    words = [w for w in lower_words(said.group("place")) if w not in STOP and stem(w) not in TIME_STEMS] if said else []
    if not words or ref.explicit or any(stem(w) in scene_profile(s).heading | scene_profile(s).action
                                        for s in scenes for w in words):
        return ref  # a heading's place, or one the action is at ("the scene at the oven")
    return SceneReference(ref.phrase, ())


_POSITIONAL = frozenset("first last final opening closing next previous second third line lines bit part moment beat "
                        "start beginning end ending middle".split())
"""Where in a scene something is ("cut the last line"): no thing the scene shows ("the last shelf")."""
_ADDED = re.compile(r"\b(?:more|extra|less|fewer|add|adds|adding|added|some|a\s+bit\s+of|a\s+touch\s+of|"
                    r"a\s+little)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+", re.I)


def _by_telling_thing(ref: SceneReference, text: str, scenes: Sequence[SceneInfo]) -> SceneReference:
    """Settle two close candidates by a thing the rest of the request names that only one of them shows.

    "let mara read the letter aloud on the pier": of the two pier scenes only one has the letter in its
    action. Names, heading words and words the phrase itself holds do not count; two telling ones that
    point apart leave the question.
    """
    if ref.status != "ambiguous" or ref.many is not None:
        return ref
    by_number = {s.number: s for s in scenes}
    candidates = [m for m in ref.candidates() if m.number in by_number]
    at = text.lower().find(ref.phrase.lower())
    rest = text if at < 0 else text[:at] + " " + text[at + len(ref.phrase):]
    rest = _ADDED.sub(" ", rest)  # "needs more rain": what is added, or added to, tells no scene apart
    known = set().union(*(scene_profile(s).speakers | scene_profile(s).heading for s in scenes))
    words = {stem(w) for w in lower_words(rest) if w not in STOP and len(w) > 3 and w not in _POSITIONAL} - known
    shown = {m.number: words & scene_profile(by_number[m.number]).action for m in candidates}
    telling = [m for m in candidates if shown[m.number] and not any(shown[o.number] for o in candidates if o is not m)]
    if len(telling) != 1:
        return ref
    best = telling[0]
    timed = {stem(w) for w in lower_words(plain_times(ref.phrase))} & TIME_STEMS
    if timed and not timed & scene_profile(by_number[best.number]).heading:
        return ref  # "the bench in the packing-up loft scene at dusk": the time said outweighs the thing
    return SceneReference(ref.phrase, (SceneMatch(best.number, best.heading, ref.matches[0].score * CLEAR_LEAD + 1.0),
                                       *(m for m in ref.matches if m is not best)), explicit=ref.explicit)


_APPOSITION = re.compile(r"\s*(?:,|—|–|--|\s-|:|;)?\s*(?:i\s*mean\s+|you know,?\s+|that'?s\s+|which is\s+)?", re.I)


def _one_per_apposition(refs: list[SceneReference], text: str) -> list[SceneReference]:
    """Keep one reference where two side by side name one scene ("the market scene, the one by the fish stall").

    The clear one stands for both when the other's candidates include it; two clear ones that differ stay two.
    """
    lowered = text.lower()
    placed = sorted(((lowered.find(r.phrase.lower()), r) for r in refs), key=lambda pair: pair[0])
    kept = list(refs)
    for (at, first), (at_next, second) in zip(placed, placed[1:], strict=False):
        if at < 0 or at_next < 0 or first.many is not None or second.many is not None:
            continue
        between = text[at + len(first.phrase):at_next]
        if not _APPOSITION.fullmatch(between):
            continue
        for clear, other in ((first, second), (second, first)):
            if clear.number is not None and other.number is None and any(
                    m.number == clear.number for m in other.candidates()) and other in kept:
                kept.remove(other)
    return kept
