"""Chat shorthand spelled out ("shud", "w/", "pls", "teh"), for every reader of a request.

The scene resolver and the offline director both read requests; they must see the same words, or
a phrase one of them found ("ending with the coffees") is not in the text the other reads.
"""

from __future__ import annotations

import re

from agent.formats.script_terms import GARMENT

__all__ = ["GREETED", "courtesy_dropped", "spell_out"]

_SPELLED = {"shud": "should", "shld": "should", "cud": "could", "cld": "could", "wud": "would", "pls": "please",
            "plz": "please", "u": "you", "ur": "your", "thx": "thanks", "tho": "though", "bc": "because",
            "cos": "because", "abt": "about", "w/": "with", "w/o": "without", "rly": "really", "v": "very",
            "sc": "scene", "2nite": "tonight", "nite": "night", "tonite": "tonight", "thru": "through",
            "nxt": "next", "b4": "before", "gonna": "going to", "wanna": "want to", "gotta": "got to",
            # short typos the spelling correction leaves alone (it only corrects words of four letters or more)
            "teh": "the", "hte": "the", "adn": "and", "nad": "and", "ot": "to", "fo": "of", "taht": "that",
            "waht": "what", "whta": "what", "wat": "what", "wats": "what's", "whats": "what's",
            "r": "are", "rn": "right now", "atm": "at the moment", "mv": "move", "mve": "move", "swp": "swap",
            "shw": "show"}
_TEXTSPEAK = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(k) for k in sorted(_SPELLED, key=len, reverse=True))
                        + r")(?![\w/])", re.I)


_MOVED_TO = re.compile(r"\b(move\s+(?:scene\s*|sc\.?\s*)?\d+)\s*(?:->|→|=>)\s*(\d+)\b", re.I)
"""A move written as an arrow: "mv sc7 → 2" moves scene 7 to position 2."""


_ARROW_THEN = re.compile(r"\s*(?:-->|->|→|=>)\s*(?=(?:change|make|turn|move|cut|add|give|set|rewrite|redo|swap|tag|put|"
                         r"have|let|delete|drop|trim|shorten|lengthen|remove|mark|flag|switch|needs?|should|"
                         r"could|can|pls|please)\b)", re.I)
"""An arrow before what to do ("pier, night scene → make it dawn instead"): the note's colon, never "X becomes Y"."""


_WHILE_DOING = re.compile(r"(?<=\S)(?P<cut>\s*,?\s*(?:but\s+)?)(?:only\s+)?(?:while|when|whenever)\s+"
                          r"(?P<who>he|she|they)(?:'s|’s|\s+is|\s+are|'re|’re)\s+(?P<doing>[a-z]+ing)\b", re.I)
"""When a garment is worn ("…, only while he's hauling nets"): the scenes where that happens."""


_SOMEONE_THERE_IN = re.compile(r"^\W*(?P<who>[A-Za-z][\w'’-]*)\s+"
                               r"(?P<where>(?:in|on|at|aboard|inside)\s+the\s+[\w'’ -]{2,30}?)"
                               r"(?:\s*\((?P<times>(?:both|each|every|all\s+the)\s+times?)\))?\s*(?::|\s[—–-]+)\s*"
                               r"(?P<worn>[^:]{3,}?)\s*[.!]*$", re.I)
"""Someone at a place, then what they have on ("tomas on the pier (both times): a grey oilskin")."""


_SWAPPED_ROUND = re.compile(r"^(?P<body>.*\b(?:swap|switch|flip|trade|exchange)\b.*?)\s+(?:a?round|over)"
                            r"(?P<end>[\s.!?]*)$", re.I)
"""A swap said with its adverb ("swap the two office scenes round"): the swap."""
_COMPOUND = re.compile(r"(?<![\w'’-])(?![a-z]+-to-(?:the-)?(?:last|first|end)\b)[A-Za-z]+(?:-[A-Za-z]+){2,}(?![\w'’-])"
                       r"(?=\s+(?:scene|one|bit|sequence|part)\b)", re.I)
"""Words strung together to name a scene ("the closing-up-at-dawn scene"): the words, said apart (a thing's name
strung so, "the no-entry-after-dark sign", stays as written)."""
_IN_QUOTES = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’')


def _unstrung(text: str) -> str:
    """Return the text with hyphen-strung phrases said as words, outside quotes (a dictated line is kept)."""
    parts = _IN_QUOTES.split(text)
    quotes = _IN_QUOTES.findall(text)
    out = [_COMPOUND.sub(lambda m: m.group(0).replace("-", " "), part) for part in parts]
    return "".join(p + (quotes[i] if i < len(quotes) else "") for i, p in enumerate(out))


_TIME_OF = re.compile(r"\b(night|day|evening|morning)[- ]?time\b", re.I)
"""A time of day with "time" on ("the night-time scenes"): a heading says NIGHT."""


_FILM_EDGE = re.compile(r",?\s*(?:as\s+)?(?:the\s+)?(?:very\s+)?(last|first)\s+(?:thing|moment|image|beat)\s+"
                        r"(?:in|of)\s+the\s+(?:whole\s+)?(?:film|movie|story|script)\b", re.I)
"""Something placed at the film's edge ("…, last thing in the film"): the end of the last scene (the first's start)."""
_KEYS = re.compile(r"^\W*(?:ctrl|cmd|command|⌘)\s*[-+]?\s*(?P<key>z|y|shift\s*[-+]?\s*z)\W*$", re.I)
"""The editor's keyboard shortcut typed as a request: "ctrl z" is undo, "ctrl y" / "cmd shift z" redo."""
_LAS = re.compile(r"\blas(?=\s+(?:scene|sceen|seen|one|shot|bit|part)s?\b)", re.I)
"""A dropped "t" the spelling correction leaves alone (too short): "the las scene" ("Las Vegas" stays)."""


_WERE_WHERE = re.compile(r"\b(scene|sceen|bit|part|one|moment)\s+were(?=\s+(?:she|he|they|we|you|the|[a-z]+\s+"
                         r"(?!(?:cut|moved|merged|swapped|deleted|written|changed|added|removed|tagged)\b)[a-z]+s\b))",
                         re.I)
""""the scene were ruben drives": "where" with its "h" dropped (not "the scenes were cut")."""


_TIME_FIRST = re.compile(r"^(?P<lead>\W*(?:(?:so|ok|okay|and|hmm|right|now)[,!]?\s+)*)(?:the\s+)?"
                         r"(?P<time>dawn|sunrise|daybreak|dusk|sunset|night|nighttime|morning|evening|daytime)\s+"
                         r"(?:on|at|in|by|over)\s+(?P<place>the\s+[\w'-]+(?:\s+[\w'-]+(?=\s+(?:should|shud|is|needs?|"
                         r"must|could|would|feels?|has|looks?|gets?|goes|wants?)\b|\s*[,:;—–]|\s+-\s|$))?)", re.I)
""""sunrise on the bridge should be DAY": a scene said time first, as "the bridge at sunrise" (its place, then when)."""


_MODAL_TO = re.compile(r"\b(must|should|can|could|would|will|shall|may|might)\s+to\s+(?=[a-z])", re.I)
""""she must to have a scar": a learner's "to" after a modal, dropped."""


GREETED = re.compile(r"^\W*(?:(?:hey|hi|hello|hiya|heya|yo|howdy|morning|good\s+(?:morning|afternoon|evening))"
                      r"(?:\s+(?:there|team|all|guys|folks|everyone|again))?[\s,!.:;—–-]+)+(?=[A-Za-z\"'“‘])", re.I)
"""A greeting before the request ("hey, the pier scene: …"): it asks for nothing."""
_THANKED = re.compile(r"(?<![\s,.;!—–-])(?P<sep>[\s,.;!—–-]+)(?:(?:thanks|thank\s+you|thx|ty|cheers|ta|please|pls|plz)"
                      r"(?:\s+(?:so\s+much|a\s+lot|very\s+much|mate|guys|team|all))?[\s!.,]*)+$", re.I)
"""Thanks or a please after the request ("… on a frayed rope. thanks"); said, not asked for."""
_SAYS = re.compile(r"\b(?:say|says|said|saying|whispers?|mutters?|replies|reply|answers?|line|word|words|with|"
                   r"no|a|the|just|and|mouths?|shouts?|yells?|calls?)\W*$", re.I)
"""Words after which "thanks" is what is said or meant ("have her say thanks", "no thanks"), not a courtesy."""


_POINTED_AT = re.compile(r"(?<=\S)\s*[,;—–-]\s*(?:(?:does|did|do)\s+(?:the\s+)?(?:script|screenplay|text|it)\s+"
                         r"(?:say|mention|tell\s+us|specify)(?:\s+(?:it|so|anywhere))?|(?:is\s+it|is\s+that)\s+"
                         r"(?:in\s+the\s+(?:script|screenplay)|written\s+(?:down|anywhere))|according\s+to\s+the\s+"
                         r"(?:script|screenplay))\s*\?*\s*$", re.I)
"""A question's tail pointing at the script ("how old is she, does the script say?"): the question is before it."""


_ASIDES = r"(?:btw|fyi|tbh|imo|imho|iirc|lol|haha)"
_ASIDE_WORDS = re.compile(rf"^\W*{_ASIDES}\b[\s,.:;!-]*|\s+{_ASIDES}\b(?=\W|$)", re.I)
"""Chat asides ("btw", "fyi", "tbh"): they say how a note is meant, nothing of the film."""


def courtesy_dropped(text: str) -> str:
    """Return a request without the greeting before it and the thanks after it, when a request is left."""
    kept = GREETED.sub("", text)
    if kept.count('"') + kept.count("“") == 0:  # "she's 75 btw": an aside, never words of the film (unless quoted)
        kept = _ASIDE_WORDS.sub("", kept).strip() or kept
    pointed = _POINTED_AT.search(kept)
    if pointed and "?" not in kept[:pointed.start()] and re.match(r"\W*(?:how|what|who|whose|which|where|when|why|is|"
                                                                 r"are|does|do|did)\b", kept, re.I):
        kept = kept[:pointed.start()] + "?"
    thanked = _THANKED.search(kept)
    if thanked and not _SAYS.search(kept[:thanked.start()]) and kept[:thanked.start()].count('"') % 2 == 0:
        kept = kept[:thanked.start()] + ("" if thanked.group("sep").strip() in ("", ",", "-", "—", "–", ";")
                                         else thanked.group("sep").strip())
    return kept if len(re.findall(r"[A-Za-z]+", kept)) >= 2 else text


_ITS_IS = re.compile(r"(?:^|(?<=[.!?;:,]\s)|(?<=\s[-—–]\s)|(?<=\band\s)|(?<=\bbut\s))(?P<i>i)ts"
                     r"(?=\s+(?:a|an|the|so|too|very|not|just|all|"
                     r"getting|been|fine|ok|okay|good|great|perfect|set|about|meant|supposed|really|more|less|still|"
                     r"now)\b)", re.I)
""""Its a western": "it's" with its apostrophe dropped, when a sentence opens on it ("its colour" stays)."""


_SCENE_IS = re.compile(r"\b((?:this|that|last|first|final|opening|closing)\s+(?:[\w-]+\s+)?scene)s(?=\s+(?:too|way|far|"
                       r"a\s+bit|kinda|kind\s+of|rather|really|so|still|getting|been|not|very)\b)", re.I)
""""the first scenes too slow": "scene's", its apostrophe dropped (one scene, then how it is)."""


_LINE_WHERE = re.compile(r"\b(the|that|this)\s+line\s+(where|when|in\s+which)\b", re.I)
""""the line where tomas ties the rope": a moment, said as "the bit where …" (what happens, not what is said)."""


def _spelled(match: re.Match[str]) -> str:
    word = match.group(0)
    if word == "R":
        return word  # a capital R is a label ("the R&D lab", "plan R"), not "are"
    return _SPELLED[word.lower()]


def spell_out(text: str) -> str:
    """Spell out chat shorthand ("ida shud look frail", "ending w/ the coffees") and short typos ("teh")."""
    keys = _KEYS.match(text)
    if keys:
        return "undo" if keys.group("key").lower() == "z" else "redo"
    text = _ITS_IS.sub(r"\g<i>t's", courtesy_dropped(text))  # "hey, …, thanks": the request between
    text = _SWAPPED_ROUND.sub(r"\g<body>\g<end>", text)
    text = _LINE_WHERE.sub(r"\1 bit \2", _SCENE_IS.sub(r"\1's", _unstrung(text)))
    text = _WERE_WHERE.sub(r"\1 where", _LAS.sub("last", _TIME_OF.sub(r"\1", text)))
    there = _SOMEONE_THERE_IN.match(text)
    if there and GARMENT.search(there.group("worn")) and not re.search(r"\b(?:scene|one|bit)\b", there.group("where"),
                                                                       re.I):
        worn = there.group("worn")
        if not re.match(r"(?:an?|the|his|her|their|some|my)\s", worn, re.I):  # "yellow raincoat": a yellow raincoat
            worn = f"{'an' if worn[:1].lower() in 'aeiou' else 'a'} {worn}"
        text = f"{there.group('who')} wears {worn} {there.group('where')}"  # every scene set there
    if GARMENT.search(text):  # "an oilskin, only as long as he's hauling nets": in the scene where he does
        text = _WHILE_DOING.sub(lambda m: f" only in the scene where {m.group('who')} is {m.group('doing')}", text)
    text = _TIME_FIRST.sub(r"\g<lead>\g<place> at \g<time>", _MODAL_TO.sub(r"\1 ", text))
    text = _FILM_EDGE.sub(lambda m: f"{' ' if m.start() else ''}at the "
                          f"{'end of the last' if m.group(1).lower() == 'last' else 'start of the first'} scene", text)
    return _ARROW_THEN.sub(": ", _MOVED_TO.sub(r"\1 to \2", _TEXTSPEAK.sub(_spelled, text)))
