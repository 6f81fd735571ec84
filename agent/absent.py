"""Things a request names that the film does not have ("lengthen the sword fight" in a film with no fight).

The director must not guess a scene for them nor create them silently: it says the film has none and asks.
A phrase counts as absent only when none of its words (nor a near spelling of one) occurs anywhere in the
screenplay, the cast, the places, the props or their descriptions, and none of them is film-making talk.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from agent.resolver import SceneInfo, scene_stems, term_stems

__all__ = ["absent_things", "may_presume", "project_vocabulary"]

_THE = re.compile(r"\bthe\s+((?:[a-z][a-z'-]*\s+){0,2}?[a-z][a-z'-]*)(?=\s+(?:a|an|the|some|more|less|longer|"
                  r"shorter|bigger|smaller|louder|quieter|tenser|darker|funnier|sadder|faster|slower|better|worse|heavier|"
                  r"lighter|brighter|quicker|calmer|warmer|colder|cooler|wetter|drier|scarier|creepier|happier|"
                  r"angrier|weirder|stronger|weaker|softer|harder|richer|deeper|tighter|looser|meaner|kinder|"
                  r"sweeter|nicer|bolder|sharper|clearer|simpler|wilder|messier|grittier|"
                  r"into|in|on|at|to|from|with|for|of|and|or|so|then|please|too|up|down|out|off|back|scene|bit|"
                  r"part|moment|sequence|shot|is|are|was|were|be|should|could|would|must|needs?|feels?|seems?|"
                  r"looks?|work|works)\b|\s*[,.;:!?)]|\s*$)", re.I)
_FILM_TALK = frozenset("""
    scene scenes film movie short story script screenplay draft ending end opening beginning start middle shot shots
    cut cuts edit music score soundtrack pace pacing rhythm dialogue line lines look palette light lighting tone mood
    logline outline title timeline sound audio colour color style credits transition transitions fade crossfade
    dissolve voice voices narration still stills storyboard frame frames clip clips animatic render export version
    versions branch act acts beat beats tension climax reveal twist conflict montage sequence moment bit part piece
    character characters cast location locations prop props costume costumes wardrobe camera lens angle wide close
    closeup close-up budget cost spend money project same next other rest whole thing things one ones way idea change
    changes fix stuff lot first second third last final previous earlier later new old main original best worst
    convo conversation chat talk exchange speech monologue scene's film's pacing's arc subplot plot theme runtime
    length duration order card cards poster trailer teaser dream flashback backstory motivation performance
    performances actor actors extras crowd background foreground set sets world pitch premise treatment synopsis
    genre vibe feel energy stakes emotion emotions relationship relationships dynamic silence pause pauses time
    history art direction stale item items asset assets library job jobs approval approvals caption captions
    subtitles video audio image images reference references picture pictures photo photos headshot portrait
    shooting schedule breakdown report note notes tag tags flag flags block blocks draft drafts cost costs spend
    budget dollars undo redo change log changes list overview status settings mode details heading headings
    slugline sluglines page pages paragraph sentence word words text copy take takes angle angles
    establishing insert inserts cutaway cutaways reaction pov master coverage two-shot medium pan tilt dolly crane
    handheld steadicam tracking overhead aerial drone zoom focus rack push pull tight loose framing composition
    colourist colorist editor editors producer producers director dp cinematographer gaffer grip crew team client
    composer mixer distributor financier investor agent festival festivals audience viewers sales lab vfx
""".split())
_STORY_VERB = re.compile(r"\b(?:make|give|cut|trim|lengthen|shorten|extend|re-?write|tighten|punch\s+up|move|swap|"
                         r"delete|remove|drop|lose|name|rename|describe|darken|brighten|lighten|expand|redo|re-?work|"
                         r"polish|fix|slow|speed|play|stage|shoot|frame|how\s+long\s+is|what\s+happens\s+(?:in|at|"
                         r"during)|who(?:'s|\s+is)\s+in|where\s+(?:is|does)|when\s+(?:is|does))\b", re.I)
"""What one does to a part of a story, or asks of it: the words after it may name a part the film lacks."""
_KIND = re.compile(r"\bthe\s+(flashbacks?|flash-?forwards?|dream(?:\s+sequence)?|montage|prologue|epilogue)\b", re.I)
"""Kinds of scene a request may name ("the flashback"), which film talk otherwise hides from the check."""
_SHOWN = re.compile(r"\b(?:show|read|open|play|see|view|display|pull\s+up)\b", re.I)
"""Asking to look at something: the product's things ("show the history") or a part of the film ("the prologue")."""
_NEAR = 0.82
"""How close a word must be to a word of the film to count as that word misspelt ("umbrela")."""


def project_vocabulary(scenes: Sequence[SceneInfo], texts: Iterable[str]) -> frozenset[str]:
    """Return the word stems of every scene (heading and text) and of the given names and descriptions."""
    stems: set[str] = set()
    for scene in scenes:
        stems |= scene_stems(scene)
    for text in texts:
        stems |= term_stems(text)
    return frozenset(stems)


def _known(stem: str, vocabulary: frozenset[str]) -> bool:
    if stem in vocabulary or stem in _FILM_TALK:
        return True
    return len(stem) >= 5 and bool(difflib.get_close_matches(stem, vocabulary, n=1, cutoff=_NEAR))


_IDIOM = re.compile(r"\bto\s+the\s+(?:bone|core|skin|hilt|max|letter|point|end)\b|\bon\s+the\s+nose\b|"
                    r"\bover\s+the\s+top\b|\bby\s+the\s+book\b|\bin\s+the\s+(?:dark|moment|end|air|cold|heat|rain|wet|wind|"
                    r"sun|winter|summer|mornings?|evenings?|past|long\s+run|first\s+place|world)\b|"
                    r"\bfor\s+the\s+(?:most\s+part|record)\b|\bon\s+the\s+(?:edge|run|way|fly|mend)\b", re.I)
"""Idioms with "the" ("chilled to the bone", "a bit on the nose"): no thing the film must have."""


_PRESUMING = re.compile(r"\b(?:give|make|let)\s+the\s+(?:[a-z][\w'-]*\s+){1,3}?(?:more|less|fewer|"
                        r"a\s+(?:bigger|smaller|larger)|[a-z]+er)\b", re.I)


def may_presume(request: str) -> bool:
    """Tell cheaply whether a request may ask more or less of something ("give the parrot more to do")."""
    return _PRESUMING.search(request) is not None


_MORE_OR_LESS = re.compile(r"\s+(?:more|less|fewer|a\s+(?:bigger|smaller|larger)|[a-z]+er)\b", re.I)
"""Asking for more or less of something ("give the parrot more to do", "make the parrot louder"): it must be there."""


def absent_things(request: str, vocabulary: frozenset[str], *, presumed: bool = False) -> list[str]:
    """Return the "the X" phrases of a request of which no word is in the film ("the sword fight" -> "sword fight").

    With ``presumed`` (a request that also names a scene) only what the request takes as already there counts:
    "give the parrot more to do in scene 2" (no parrot in the film), never "put the kettle in scene 1" (a new thing).
    """
    if not vocabulary:
        return []
    if presumed:
        return [phrase for phrase in absent_things(request, vocabulary) if _taken_as_there(request, phrase)]
    found: list[str] = []
    verb = _STORY_VERB.search(request)
    if verb is None and not _SHOWN.search(request):
        return []
    for kind in _KIND.finditer(request):  # "the flashback, make it longer": a kind of scene this film has none of
        if not any(s in vocabulary for s in term_stems(kind.group(1))):
            found.append(kind.group(1).lower())
    if verb is None:
        return found  # "show the history", "open the settings": only a kind of scene can be the film's
    for match in _THE.finditer(request, verb.end()):
        phrase = match.group(1).strip()
        if _IDIOM.search(request, max(0, match.start() - 12), match.end() + 1):
            continue  # "chilled to the bone", "on the nose": a way of saying it, no thing in the film
        if re.match(r"\s+(?:shots?|angles?|frames?|set-?ups?)\b", request[match.end():], re.I):
            continue  # "the coat pocket shot": a shot named by what it shows, looked up among the shots
        words = re.findall(r"[a-z][a-z'-]*", phrase.lower())
        if not words or any(w in _FILM_TALK for w in words) or re.search(r"\b(?:year|yr)s?[- ]old\b", phrase, re.I):
            continue  # "the sixty-year-old": someone by their age (roles.py), not a thing
        stems = term_stems(phrase)
        if stems and not any(_known(s, vocabulary) for s in stems):
            found.append(phrase)
    return list(dict.fromkeys(found))


def _taken_as_there(request: str, phrase: str) -> bool:
    """Tell whether the request speaks of the phrase as something the film has ("give the parrot more to do")."""
    for match in re.finditer(rf"\bthe\s+{re.escape(phrase)}", request, re.I):
        before = request[max(0, match.start() - 12):match.start()]
        after = request[match.end():match.end() + 16]
        if re.search(r"\b(?:give|make|let)\s+$", before, re.I) and _MORE_OR_LESS.match(after):
            return True
    return False
