"""Read production facts out of screenplay text: INT/EXT, time of day, props, wardrobe, extras, who "she" is.

Breakdown sheets and the offline storyboard drafts both need them, so they are read the same way in one
place. The word lists are short on purpose: they name what a board artist or an assistant director would
mark up on a page, not every noun in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "AMBIENT_SOUND",
    "GARMENT",
    "GARMENT_FOR_SCENES",
    "GARMENT_LEAD",
    "GARMENT_WORDS",
    "EXTRAS_WORDS",
    "PROP_WORDS",
    "RECOLOURED",
    "SOUND_NOUNS",
    "WARDROBE_WORDS",
    "WEARING",
    "extras_in",
    "interior_exterior",
    "props_in",
    "referent",
    "time_of_day",
    "wardrobe_in",
]


def _listed(text: str) -> tuple[str, ...]:
    """Return the entries of a "|"-separated word list written over several lines (each one trimmed)."""
    return tuple(w.strip() for w in text.split("|") if w.strip())


PROP_WORDS: tuple[str, ...] = _listed(
    """bus ticket|phone torch|paper tag|brass key|red string|birdcage|umbrella|umbrellas|glove|gloves|tuba|
    crate|paperback|book|shoe|key|keys|nail|tag|tags|form|pen|pencil|notebook|letter|envelope|map|photo|
    photograph|phone|torch|flashlight|lantern|candle|lamp|clock|watch|ticket|wallet|purse|bag|suitcase|
    backpack|box|cup|mug|glass|bottle|thermos|flask|knife|gun|rope|ladder|bicycle|bike|radio|camera|
    laptop|newspaper|cigarette|lighter|matches|ring|necklace|mirror|chair|stool|bell|kettle|guitar|
    violin|piano|ball|doll|teddy|flowers|bouquet|sign|notice|poster|coin|coins|money|cash|cane|
    stick|headphones|tray|plate|bread|apple|basket|bucket|broom|shovel|hammer|padlock|lock|receipt|
    card|badge|briefcase|dog lead|leash|pram|toy|shed key|form""")
"""Objects an action line can hand to the props department (multi-word entries are matched first)."""

WARDROBE_WORDS: tuple[str, ...] = _listed(
    """coat|jacket|hood|hoodie|cardigan|jumper|sweater|uniform|trainers|boots|shoes|dress|skirt|suit|tie|
    scarf|hat|cap|beanie|gloves|glasses|reading glasses|sunglasses|apron|overalls|raincoat|anorak|
    shirt|t-shirt|jeans|trousers|shorts|pyjamas|dressing gown|robe|veil|mask|helmet|headphones|
    cardigan|waistcoat|blazer|heels|sandals|slippers|lanyard|badge|parka|fleece|poncho|overcoat|trench coat|
    wellies|wellingtons|gilet|hi-vis|tabard|beret|shawl|tracksuit|leggings|blouse|jumpsuit|dungarees|mac|
    cagoule|kagoule|windbreaker|puffer|bomber|kilt|sari|hijab|headscarf|bandana|fedora|trilby|flat cap|
    bobble hat|balaclava|mittens|tights|stockings|socks|kimono|tunic|cloak|gown|frock|pinafore|smock|vest|
    polo neck|turtleneck|hoody|sweatshirt|loafers|brogues|sneakers|plimsolls|earrings|bracelet|wristwatch|
    brooch|locket|pendant|cufflinks|hairclip|hair slide|tiepin|wedding band""")
"""Clothing and worn accessories for the wardrobe column."""
GARMENT_WORDS = "|".join(re.escape(w) for w in sorted(WARDROBE_WORDS, key=len, reverse=True))
"""``WARDROBE_WORDS`` as one regex alternation, longest first (to build patterns around a garment)."""
GARMENT = re.compile(rf"\b(?:{GARMENT_WORDS})s?\b", re.IGNORECASE)
"""Any garment of ``WARDROBE_WORDS`` in a text ("a yellow raincoat", "two scarves" aside)."""
WEARING = re.compile(r"\b(?:wears?|wearing|dressed\s+in)\b|\bhas\s+(?:her|his|their|a|an|the)\b[^.;]{0,40}?\bon\b|"
                     r"\balways\s+in\s+(?:a|an|her|his|their)\b", re.IGNORECASE)
"""A sentence that says what someone has on ("wears", "has her coat on"), not what they do with it ("takes off")."""

GARMENT_LEAD = r"(?:(?!(?:he|she|they|we|i|you|it|his|her|their|its|the|a|an)\b)[\w-]+\s+){0,3}?"
"""Up to three words before a garment that describe it ("long navy", "hi-vis"), never "he takes his"."""
GARMENT_FOR_SCENES = re.compile(
    rf"^[\w'-]+?(?:'s|’s)\s+(?P<garment>(?:[\w-]+\s+){{0,2}}?(?:{GARMENT_WORDS})s?)\s+(?:in|for|on|at)\s+[^:—–]+?"
    r"\s*(?::|\s[—–-]+)\s*(?P<looks>[^:]{3,})$|"
    rf"^(?!(?:costumes?|outfits?|wardrobe|clothes|look)\b)[\w'-]+\s+(?:in|on|at|for)\s+[^:—–]+?\s*(?::|\s[—–-]+)\s*(?P<worn>(?:an?\s+|his\s+|her\s+|their\s+)?"
    rf"{GARMENT_LEAD}(?:{GARMENT_WORDS})s?\b[^:]*)$", re.I)
"""Someone's garment for some scenes, then what it is like: "mara's coat in scene 4: long oilskin, patched"; or
someone in some scenes, then what they wear: "tom on the ferry - orange life vest over his jumper"."""

RECOLOURED = re.compile(rf"^(?:(?:actually|no|nah|ok|okay|and|now|hmm|oh|wait)[,!.]*\s+)*(?:please\s+)?"
                        rf"(?:make|turn|change|dye)\s+(?:the|his|her|their|[\w'-]+(?:'s|’s))\s+"
                        rf"(?P<garment>{GARMENT_WORDS})s?\s+(?:(?:to|into)\s+)?(?:a\s+|an\s+)?"
                        r"(?P<look>[a-z][\w-]*(?:\s+(?!(?:instead|now|please)\b)[a-z][\w-]*)?)"
                        r"(?:\s+(?:instead|now|please))*\s*[.!]*$", re.IGNORECASE)
"""A garment someone has made over ("make the scarf green instead"): the costume changes, not the wearer."""

SOUND_NOUNS = (r"foghorn|fog\s+horn|siren|sirens|horn|horns|bell|bells|chimes?|alarm|thunder|whistle|gulls?|seagulls?|"
               r"dog\s+barking|dogs?\s+bark(?:ing)?|train|traffic|helicopter|fireworks|gunshot|church\s+bells|"
               r"clock\s+ticking|ticking\s+clock|radio|music|engine|car\s+alarm|owl|crows?|footsteps|knock|knocking|"
               r"birdsong|birds|church\s+bell|hiss|creak|clatter|thud|bang|slam|rumble")
"""Things heard in a scene's action ("a foghorn", "church bells"): what we hear, never a character or a prop."""
AMBIENT_SOUND = (r"(?:(?:the|some|a|an|distant|far-off|faint)\s+)?(?:" + SOUND_NOUNS +
                 r"|sound|noise|bird|rain|wind|sea|waves|crickets|water|river|trains|engines|owls|dogs)\b")
"""Sounds of a place ("birdsong", "distant traffic"): heard in a scene's action, never a character's voice."""

EXTRAS_WORDS: tuple[str, ...] = _listed(
    """passengers|passenger|crowd|commuters|pedestrians|shoppers|customers|diners|drinkers|onlookers|
    tourists|students|pupils|workers|strangers|guests|dancers|mourners|officers|police|nurses|
    waiters|waitresses|children|kids|bystanders|audience|spectators|fans|soldiers|
    travellers|travelers|patrons|neighbours|neighbors""")
"""Background people: nobody speaks, somebody has to stand there."""

_TIME_OF_DAY = ("NIGHT", "DAWN", "DUSK", "DAY", "MORNING", "AFTERNOON", "EVENING", "SUNSET", "SUNRISE",
                "TWILIGHT", "MIDNIGHT", "NOON", "MAGIC HOUR", "CONTINUOUS", "LATER")
_PRONOUN = re.compile(r"\b(she|her|hers|he|him|his|they|them|their)\b", re.IGNORECASE)


def _words(entries: Iterable[str]) -> list[str]:
    return sorted({" ".join(e.split()) for e in entries if e.strip()}, key=lambda e: (-len(e), e))


def _find(text: str, entries: Iterable[str]) -> list[str]:
    """Return the entries that occur in ``text`` as whole words, longest first claiming its words."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    lower = text.lower()
    for entry in _words(entries):
        for match in re.finditer(rf"(?<![\w-]){re.escape(entry.lower())}(?![\w-])", lower):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # "brass key" already claimed these words; do not list "key" again
            taken.append(span)
            found.append((span[0], entry))
    return list(dict.fromkeys(entry for _, entry in sorted(found)))


def props_in(text: str, known: Iterable[str] = ()) -> list[str]:
    """List the props ``text`` names: the project's own props first, then everyday objects, in text order."""
    own = _find(text, known)
    claimed = {w for name in own for w in name.lower().split()}
    rest = [p for p in _find(text, PROP_WORDS) if not set(p.split()) & claimed]
    return _one_number([*own, *rest])


def _one_number(items: list[str]) -> list[str]:
    """Keep 'key' or 'keys', not both: the first form the text uses stands for the object."""
    seen: set[str] = set()
    out = []
    for item in items:
        stem = item.lower().removesuffix("s")
        if stem not in seen:
            seen.add(stem)
            out.append(item)
    return out


def wardrobe_in(text: str) -> list[str]:
    """List the clothing ``text`` names, in text order."""
    return _find(text, WARDROBE_WORDS)


def extras_in(text: str) -> list[str]:
    """List the background people ``text`` names (passengers, a crowd...), in text order."""
    return _find(text, EXTRAS_WORDS)


def interior_exterior(heading: str) -> str:
    """Read INT, EXT or INT/EXT from a scene heading ('' when the heading says neither)."""
    head = heading.strip().lstrip(".").upper()
    if re.match(r"(INT\.?/EXT|EXT\.?/INT|I\.?/E|E\.?/I)\b", head):
        return "INT/EXT"
    if re.match(r"(INT|EST)\b", head):
        return "INT" if head.startswith("INT") else "EXT"
    return "EXT" if re.match(r"EXT\b", head) else ""


def time_of_day(heading: str) -> str:
    """Read the time of day from a scene heading (the last one named): 'NIGHT', 'DAWN', 'DAY'... or ''."""
    parts = re.split(r"\s+[-\u2013\u2014]+\s+|\s*\(|\)", heading.upper())
    for part in reversed(parts):
        words = " ".join(part.split())
        for name in _TIME_OF_DAY:
            if words == name or words.startswith(name + " ") or words.endswith(" " + name):
                return name
    return ""


def referent(content: str, sentence: str, cast: Iterable[str]) -> list[str]:
    """Say who an action line means by 'she'/'he'/'they': the cast member named last before it in the scene.

    Returns the names the sentence itself gives when it names anyone, [] when it names nobody and has no
    pronoun, and the last-named cast member before the sentence otherwise.
    """
    names = [c.upper() for c in cast]
    upper = sentence.upper()
    named = [c for c in names if re.search(rf"\b{re.escape(c)}\b", upper)]
    if named or not _PRONOUN.search(sentence):
        return named
    at = content.upper().find(upper[:40]) if sentence.strip() else -1
    before = content.upper()[: at if at >= 0 else len(content)]
    last: tuple[int, str] | None = None
    for c in names:
        for match in re.finditer(rf"\b{re.escape(c)}\b", before):
            if last is None or match.start() > last[0]:
                last = (match.start(), c)
    return [last[1]] if last else []
