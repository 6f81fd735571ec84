"""Names: find known characters, locations and props in a request; make up new ones deterministically."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from agent.config import DATA_DIR
from agent.resolver.names import match_places
from agent.roles import names_a_person

__all__ = ["JOINS_CAST", "NAMED_NEWCOMER", "NEW_CHARACTER", "NO_THING", "THING_INTO_SCENE", "capitals_name",
           "explicit_name", "joins_the_cast", "known_branch", "load_name_lists", "match_names", "match_places",
           "new_character_name", "named_newcomer", "new_thing_name", "newcomer_asked", "placed_thing", "seed",
           "without_name_left_open"]

JOINS_CAST = re.compile(r"^\W*(?:(?:please|pls|ok|so|and|also)[,]?\s+)*(?:add|introduce|cast|bring\s+in|we\s+need|"
                         r"i\s+need|need|let'?s\s+add)\s+(?P<name>(?:(?:mr|mrs|ms|miss|dr|auntie|uncle|old|young)\.?\s+)?"
                         r"(?!(?:a|an|the|some|someone|somebody|another|her|him|them|new|more)\b)[A-Za-z][\w'-]*)\s+"
                         r"(?:to|in|into|on)\s+(?:the|our)\s+(?:cast|film|story|script|movie)\b", re.I)
"""A newcomer named as they join the cast, in any case ("add quill to the cast", "we need mrs quill in the film")."""

NEW_CHARACTER = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|and|also|now)[,]?\s+)*(?:add|create|introduce|make|"
                            r"(?:we|i)\s+need|need|let'?s\s+add)\s+(?:a|an|one|another)\s+(?:new\s+|more\s+|extra\s+)?"
                            r"character\b(?!\s+(?:note|notes|description|arc|beat)\b)", re.I)
"""A newcomer said as one ("add a new character mrs quill, she ..."): whatever else the words name (a place)."""


NAMED_NEWCOMER = (r"(?:\b(?:add|introduce|cast)\s+(?:a\s+(?:new\s+)?character\s*[—–:-]?\s*)?|"
                  r"^\W*(?:a\s+)?new\s+character\s*[—–:-]?\s*)(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?[A-Za-z][\w'’-]*\s*,\s*")
"""A newcomer's name, then a comma ("add BO, …", "new character mrs quill, …"): the words after it are theirs."""


_NEWCOMER_WHO = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|also|maybe|please|pls|now)[,!]?\s+)*(?:(?:could|can|would|shall)\s+(?:we|you|i)\s+"
    r"(?:please\s+)?(?:have|get|add|use|bring\s+in)|(?:we|i)\s+(?:need|want|would\s+like|'d\s+like)|"
    r"let'?s\s+(?:have|add|get|bring\s+in)|there\s+(?:should|could|needs\s+to)\s+be|how\s+about|what\s+about|"
    r"add|introduce|bring\s+in)\s+(?:(?:a\s+new|another|one\s+more)\s+(?:character|person|part|role)\s*[,:—–-]?\s*)?"
    r"(?:a|an|some)\s+(?P<who>(?:[a-z][\w-]*\s+){0,2}?[a-z]+)\s+(?:who|that)\s+"
    r"(?P<does>[^?.!;]{3,}?)(?P<where>\s+(?:outside|inside|in|at|near|by|behind|around)\s+(?:it|there|here|that))?"
    r"\s*[?.!]*$", re.I)
"""Someone new asked for by what they do ("could we have a boy who mends the nets?"): a new character, no scene yet."""
_NAME_LEFT_OPEN = re.compile(r"[,;.]?\s*(?:(?:no|without\s+a)\s+name(?:\s+(?:yet|for\s+now|needed))?|"
                             r"name\s+(?:tbd|tbc|later)|"
                             r"(?:you|u)\s+(?:pick|choose|decide)(?:\s+(?:a|the|one|their|his|her)\s+name)?|"
                             r"(?:pick|choose|make\s+up)\s+(?:a|any|one)\s+name|"
                             r"(?:doesn'?t|does\s+not|don'?t)\s+need\s+a\s+name)\b(?:\s*,\s*(?:you|u)\s+(?:pick|choose|decide))?",
                             re.I)
"""A newcomer's name left to the assistant ("no name yet, you pick"): said about the name, never who they are."""


def newcomer_asked(clause: str, cast: Iterable[str]) -> str | None:
    """Return "add a character: a boy who mends the nets" for someone new asked for by what they do, else None.

    Only a person's noun ("kid", "old man", "porter") that no cast member's name is; "could we have a shot that
    …" or "a scene where …" is no one.
    """
    m = _NEWCOMER_WHO.match(clause.strip())
    if m is None or not names_a_person(m.group("who")) or match_names(m.group("who"), list(cast)):
        return None
    who = re.sub(r"\s+", " ", m.group("who")).lower()
    return f"add a character: {'an' if who[0] in 'aeiou' else 'a'} {who} who {m.group('does').strip()}"


_NEW_ONE_IS = re.compile(r"^\W*(?P<name>[a-z][\w'’-]+)\s+(?:is|'s|’s)\s+(?:a|our|the)\s+new\s+(?:character|person|face|"
                         r"role|part)\b\s*[,:;—–-]*\s*(?P<desc>.*)$", re.I)
_THERE_IS_A_NEW_ONE = re.compile(r"^\W*(?:there(?:'s|’s|\s+is)|(?:we|i)\s+(?:need|want|have)|(?:let'?s\s+|please\s+)?"
                                 r"(?:add|create|introduce|bring\s+in))\s+(?:a\s+)?new\s+(?:character|person|face)"
                                 r"(?:\s+(?:in|for|to|on)\s+(?:the|our|this)\s+(?:story|film|script|cast|movie|show))?"
                                 r"(?:\s*[,:;—–-]+\s*(?:called\s+|named\s+)?|\s+(?:called|named)\s+)"
                                 r"(?P<name>[a-z][\w'’-]+)\b\s*[,:;—–-]*\s*(?P<desc>.*)$", re.I)
_ADD_NAME_DASH = re.compile(r"^\W*(?:please\s+)?(?:add|introduce)\s+(?P<name>[a-z][\w'’-]+)\s*(?:[—–:]|\s-\s)\s*"
                            r"(?P<desc>.{3,})$", re.I)
_A_PERSON_TOLD = re.compile(r"\b(?:she|he|they)\b|\b(?:\d0s|\d{2}|teens?|twenties|thirties|forties|fifties|sixties|"
                            r"seventies|eighties|young|old|elderly|middle-aged)\b|"
                            r"^\W*[a-z]+['’]s\s+(?:(?:old|oldest|best|new|ex-?)\s*)?[a-z-]+\b", re.I)  # "ruben's boss"


def named_newcomer(clause: str, known: Iterable[str]) -> str | None:
    """Return "add a character WREN: a net mender" for someone new named in lower case, else None.

    "wren is a new character, she mends nets", "there's a new character, wren, she mends nets", "add wren - net
    mender, sixties": a name the project does not have, said as someone new (the dashed form only with a person's
    words after it, so "add fog - thick" is no one).
    """
    said = _NEW_ONE_IS.match(clause) or _THERE_IS_A_NEW_ONE.match(clause)
    dashed = _ADD_NAME_DASH.match(clause) if said is None else None
    if dashed is not None and (names_a_person(dashed.group("desc").split(",")[0]) or
                               _A_PERSON_TOLD.search(dashed.group("desc"))):
        said = dashed
    if said is None:
        return None
    name = said.group("name")
    taken = {w.lower() for n in known for w in n.split()}
    if name.lower() in _NOT_PROPER or name.lower() in taken or name.lower() in ("it", "this", "that", "there", "he",
                                                                               "she", "they", "someone"):
        return None
    desc = re.sub(r"^(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\s+", "", said.group("desc").strip(" .,;"), flags=re.I)
    desc = desc[:1].upper() + desc[1:] if desc else ""
    return f"add a character {name.upper()}: {desc}" if desc else f"add a character {name.upper()}"


def without_name_left_open(text: str) -> str:
    """Return a newcomer's words without "no name yet, you pick" (what to call them is the assistant's)."""
    return _NAME_LEFT_OPEN.sub("", text).strip(" ,;")


def joins_the_cast(clause: str) -> bool:
    """Tell whether a request brings someone new into the cast, by name or as "a new character"."""
    return bool(JOINS_CAST.match(clause) or NEW_CHARACTER.match(clause))


_NAMES_FILE = DATA_DIR / "names.json"
_NOT_PROPER = frozenset(
    """
    scene scenes shot shots act version int ext i please the a an and or but make add put give rewrite
    write create new character location prop can could would undo redo ok okay hey hi hello thanks
    """.split()
)


@cache
def load_name_lists() -> dict[str, Any]:
    """Return data/names.json (first, last, locations, props, outdoor_words)."""
    data: dict[str, Any] = json.loads(_NAMES_FILE.read_text(encoding="utf-8"))
    return data


def seed(text: str) -> int:
    """Return a stable integer for a text (the same on every machine and run)."""
    return int(hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:12], 16)


def match_names(text: str, names: Iterable[str]) -> list[str]:
    """Return the known names a text mentions (case-insensitive, possessives and first names allowed)."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    pool = [n for n in dict.fromkeys(names) if n]
    firsts: dict[str, list[str]] = {}
    for name in pool:
        if " " in name.strip():
            firsts.setdefault(name.split()[0].lower(), []).append(name)
    candidates = [(n, n) for n in pool] + [(f, full[0]) for f, full in firsts.items() if len(full) == 1]
    for needle, name in sorted(candidates, key=lambda item: -len(item[0])):
        pattern = rf"(?<![\w]){re.escape(needle)}(?:'s|’s)?(?![\w])"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if not any(a <= match.start() < b for a, b in taken):
                taken.append((match.start(), match.end()))
                hits.append((match.start(), name))
    return list(dict.fromkeys(name for _, name in sorted(hits)))


_NOT_A_CAPS_NAME = frozenset("""
    int ext pov ots cu ecu mcu ms ws ews vo os ok pdf csv edl fdx srt vtt otio xml fcpxml tv id dp ad uk us usa nyc
    la asap fyi btw imo no
""".split())


def capitals_name(text: str, known: Iterable[str]) -> str | None:
    """Return the first run of words in capitals ("RACHEL", "NIGHT GUARD"), the way a screenplay names people."""
    names = {name.lower() for name in known}
    taken = {w.lower() for name in known for w in name.split()}
    for match in re.finditer(r"\b[A-Z][A-Z'’-]*[A-Z](?:\s+[A-Z][A-Z'’-]*[A-Z]){0,3}\b", text):  # never "I'd"
        words = match.group(0).split()
        if match.group(0).lower() in names or (len(words) == 1 and words[0].lower() in taken):
            continue  # "RUBEN" is someone already; "NIGHT GUARD" is new although NIGHT BUS is a place
        if not any(w.lower() in _NOT_A_CAPS_NAME or w.lower() in _NOT_PROPER for w in words):
            return match.group(0)
    return None


def explicit_name(text: str, *, loose: bool = True, known: Iterable[str] = ()) -> str | None:
    """Return a proper name the request gives ("named Ada Finch", "called 'The Pit'", "add Ada", "RACHEL, 40s").

    ``loose``: also take the first capitalised word ("add Ada"); a name the project already has
    (``known``) or an abbreviation ("No. 12") is never the new name.
    """
    match = re.search(r"\b(?:named|called|name(?:d)? (?:it|her|him|them))\s+[\"“']?([^\"”',.;:?!—–]+?)"
                      r"(?=\s+-\s|[\"”',.;:?!—–]|$)", text, re.I)
    if match:
        return _clean_name(match.group(1))
    match = re.search(r"[\"“]([^\"”]+)[\"”]", text)
    if match:
        return _clean_name(match.group(1))
    match = re.search(r"\b(?:add|introduce|cast|new)\s+(?:a\s+)?(?:new\s+)?character\s*(?:[—–:-]+\s*|\s)"
                      r"((?:(?:mr|mrs|ms|miss|dr)\.?\s+)?[A-Za-z][\w'-]+)\b(?=\s*(?:[,.;:—–-]|$))", text, re.I)
    # "add a character - bo, her cousin", "a new character mrs quill, ..."
    match = match or re.search(r"\b(?:cast|character|person|people|newcomer)\b[^:.;!?]{0,24}:\s*([A-Za-z][\w'-]+)\b"
                               r"(?=\s*(?:[,.;—–-]|$))", text, re.I)  # "someone new for the cast: bosworth, …"
    # "add her aunt as a character — bo, 70s": the name after the dash
    match = match or re.search(r"\b(?:add|introduce|cast|bring\s+in)\b[^—–:.;]*?\bas\s+a\s+(?:new\s+)?character\s*"
                               r"[—–:-]+\s*([A-Za-z][\w'-]+)\b(?=\s*(?:[,.;—–-]|$))", text, re.I)
    if match and match.group(1).lower() not in _NOT_PROPER and match.group(1).lower() not in ("called", "named"):
        return _clean_name(match.group(1))
    match = re.search(r"\bname\s*[:=—–-]\s*[\"“']?([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)[\"”']?(?=\s*(?:[,.;—–]|$))",
                      text, re.I)  # "add a character. name: pip. a stray dog"
    # "add bea, a flower seller", "introduce bo, mara's aunt": a lowercase name set off by an appositive
    match = match or re.search(r"^(?:please\s+)?(?:add|introduce|cast|meet)\s+([A-Za-z][\w'-]+),\s+(?:a|an|the|our|"
                               r"her|his|their|my|[a-z]+['’]s|\d{1,3}s?\b)", text, re.I) or re.search(
        r"\b(?:add|introduce|cast|bring in)\s+([A-Za-z][\w'-]+)\s*[?.!]\s+(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\b",
        text, re.I)  # "could we add marguerite? she's ida's older sister"
    if match and match.group(1).lower() not in _NOT_PROPER and match.group(1).lower() not in ("character", "new"):
        return _clean_name(match.group(1))
    capitals = capitals_name(text, known)
    if capitals:
        return capitals
    if not loose:
        return None
    taken = {w.lower() for name in known for w in name.split()} | _NOT_A_CAPS_NAME
    words = text.split()
    for i, word in enumerate(words[1:], start=1):
        bare = word.strip(",.;:!?")
        if re.fullmatch(r"[A-Z][a-z'\-]+", bare) and bare.lower() not in _NOT_PROPER and bare.lower() not in taken:
            run = [bare]
            for nxt in words[i + 1:]:
                nb = nxt.strip(",.;:!?")
                if not re.fullmatch(r"[A-Z][a-z'\-]+", nb) or nb.lower() in _NOT_PROPER:
                    break
                run.append(nb)
                if nxt != nb:
                    break
            return " ".join(run).upper()
    return None


def _clean_name(raw: str) -> str | None:
    words = re.split(r"\s+(?:to|in|into|for|with|who|that|as|and)\s+", raw.strip(), maxsplit=1)[0].split()
    if words and words[0].lower() in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    name = " ".join(words[:4]).strip()
    return name.upper() if name else None


def new_character_name(clause: str, taken: Iterable[str] = ()) -> str:
    """Make up a character name from the request text, avoiding names already in use."""
    lists = load_name_lists()
    first, last = lists["first"], lists["last"]
    used = {t.upper() for t in taken}
    base = seed(clause)
    for bump in range(len(first) * len(last)):
        value = base + bump * 7919
        name = f"{first[value % len(first)]} {last[(value // len(first)) % len(last)]}"
        if name not in used:
            return name
    return f"{first[0]} {last[0]} {base % 1000}"


_POINTERS = frozenset("it this that them these those one".split())


def new_thing_name(clause: str, kind: str, taken: Iterable[str] = ()) -> str:
    """Name a new location or prop from the request ("add a location: an old lighthouse" -> OLD LIGHTHOUSE)."""
    noun = r"(?:location|place|set|prop|object|item)"
    clause = re.sub(r"\b(?:please|pls|plz)\b[\s,]*", "", clause, flags=re.I).strip()
    named_as = re.search(rf"^(?:please\s+)?(?:(?:add|make|use|treat|have|count|include|(?:we|i)\s+need|"
                         rf"(?:we|i)'?ll\s+need)\s+)?(?:the\s+|a\s+|an\s+)?"
                         rf"(?P<x>[\w' -]+?)\s+(?:as|should\s+be|is|becomes?)\s+(?:a|an)\s+{noun}\b",
                         clause, re.I)  # "add the claim form as a prop", "the green umbrella should be a prop"
    named_as = named_as or re.search(  # "make the cup a prop"
        rf"^(?:make|turn)\s+(?:the\s+)?(?P<x>[\w'’ -]+?)\s+(?:into\s+)?(?:a|an)\s+(?:proper\s+|real\s+)?"
        rf"(?:new\s+)?{noun}\b", clause, re.I)
    if named_as and named_as.group("x").strip().lower() in _POINTERS:
        return ""  # "make it a prop": what "it" is was said before, or the caller asks
    if named_as and named_as.group("x").upper() not in {t.upper() for t in taken}:
        return named_as.group("x").strip().upper()
    led = re.search(rf"^(?:the\s+|a\s+|an\s+)?(?P<x>[\w' ]+?)(?:\s+(?:is|are|has|was|looks)\s+[^—–]*?)?\s*[—–:-]+\s*"
                    rf"(?:(?:add|make|use|treat|have|count|put|stick)\s+)?(?:it|them|this|that)?\s*"
                    rf"(?:(?:as\s+)?(?:a|an)\s+(?:new\s+)?{noun}\b|(?:to|in|into|on)\s+(?:the\s+)?{noun}s\b)",
                    clause, re.I)
    if led and led.group("x").upper() not in {t.upper() for t in taken}:  # "the tram pass - make it a prop"
        return re.sub(r"^\d+\s+", "", led.group("x").strip()).upper()
    match = re.search(rf"\b(?:new\s+)?{noun}\b\s*(?:called|named|:|-|,)?\s*(.*)$", clause, re.I)
    before = re.search(rf"^\w+\s+(?:(?:a|an|the)\s+)?(?:new\s+)?(\w[\w\s'-]*?)\s+{noun}\b", clause, re.I)
    phrase = match.group(1) if match else re.sub(r"^\w+\s+", "", clause)
    if before and not phrase.strip(" ,.;"):
        phrase = before.group(1)
    phrase = re.sub(r"^[\s\-—–:;,]+", "", phrase)
    phrase = re.sub(rf"^(?:we\s+)?(?:need|want|add|create|make|get|give\s+me)\s+|\s+as\s+(?:a|an|the)\s+{noun}s?\b.*$",
                    "", phrase, flags=re.I)
    phrase = re.split(r"\s+(?:to|in|into|for|with|who|that|where|which|on|from|of|at|and|under|by|as)\s+|[,.;—–]|"
                      r"\s+-(?:\s|$)", phrase, maxsplit=1)[0]
    words = [w for w in phrase.split() if w.lower() not in ("a", "an", "the", "some", "new", "we", "need")]
    used = {t.upper() for t in taken}
    if words and words[0].lower() in _POINTERS:
        return ""  # "it", "that one": a pointer, never a name
    if words and words[0].lower() in _WHERE_WORDS:  # "…, count it as a prop in that one": where, not what
        lead = _LEADING_THING.match(clause)
        words = lead.group(1).split() if lead else []
    if words and not re.fullmatch(rf"{noun}s?", words[0], re.I):
        name = " ".join(words[:4]).upper().strip(" '\"")
        if name:  # one the project has already: the tool says so; never a made-up name in its place
            return name
    pool: list[str] = load_name_lists()["locations" if kind == "location" else "props"]
    base = seed(clause)
    for bump in range(len(pool)):
        name = pool[(base + bump) % len(pool)]
        if name not in used:
            return name
    return f"{pool[base % len(pool)]} {base % 100}"


_WHERE_WORDS = frozenset("in on at into onto to for from of there here inside under".split())
_LEADING_THING = re.compile(r"^\W*(?:a|an|the|some|one)\s+((?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*?)"
                            r"(?=\s+(?:[a-z]+ing|that|which|who|on|in|at|by|with|under|near|from)\b|\s*[,;—–]|\s+-\s)",
                            re.I)
"""The thing a note opens on ("a broken umbrella cartwheeling along …, make it a prop"): what is named."""
_NOT_A_THING = frozenset("scene scenes shot shots line lines bit part one moment beat version character prop object "
                         "item thing it that this them her him own way side turn time end mind best life".split())
"""Words that are no object placed anywhere ("ida on her own at the stop", "on his way to the depot")."""
_NOT_IN_A_NAME = frozenset("to be is are was were and or but if so not never".split())
NO_THING = frozenset("""moment beat pause line lines word words silence score music sound noise tone mood feel vibe edge
    energy light lighting tension drama emotion heart humour humor suspense atmosphere life warmth more less little bit
    touch lot smile look glance laugh reaction break rest kiss hug scene shot shots cut note notes change""".split())
"""Words for no object ("a pause", "a little more tension", "a smile"): never a prop put in a scene."""
THING_INTO_SCENE = re.compile(r"^\W*(?:the|a|an|that|this|his|her|their)\s+"
                              r"(?P<what>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2}?)\s+"
                              r"(?:should|needs\s+to|has\s+to|must|could|can)\s+(?:also\s+)?(?:be|appear|go|sit)\s+"
                              r"(?:also\s+)?(?:in|on)\s+scene\s+\d", re.I)
"""A thing asked into a scene, named by up to three words: "the kettle should be in scene 6 too, on the stove"."""
_PLACED = re.compile(r"\b(?:a|an|the|some|one|his|her|their|its|my|our)\s+((?:[a-z][\w'-]*\s+){0,4}?[a-z][\w'-]*)"
                     r"(?:\s+prop)?\s+(?:in|into|on|onto|at|under|by|to|for|from|aboard|inside|beside|behind|near)\b",
                     re.IGNORECASE)


_MEASURED = re.compile(r"(?:pile|stack|heap|bundle|bunch|handful|pair|sheaf|wad|box|crate|tin|jar|bottle|bag|"
                       r"sack|basket|tray|cup|mug|glass|flask|pot|bowl|packet|roll|coil|row|set|string|"
                       r"loaf|bucket|carton|case)\s+of\s+(?!the\b)[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2}$", re.I)
"""A thing said by its amount or container ("a heap of old charts", "a jar of bait"): named whole."""


def placed_thing(clause: str, taken: Iterable[str] = ()) -> str | None:
    """Return the object a request places somewhere ("put a thermos in the bus scene" -> THERMOS), or None.

    Only the words of the request name it, never a made-up name: with no such phrase the caller asks.
    """
    known = {t.upper() for t in taken}
    bare = re.search(r"\b(?:put|stick|pop|slip|drop|place|set|leave|bring)\s+"
                     r"([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+){0,3})\s+(?:in|into|on)\b",
                     clause)  # a name written in capitals ("put BRASS KEY in scene 2", after a pronoun was resolved)
    if bare and bare.group(1) not in known:
        return bare.group(1)
    for match in _PLACED.finditer(clause):
        said = re.sub(r"^(?:a\s+)?(?:couple|few|number|lot|lots|bit|load|loads)\s+of\s+", "", match.group(1),
                      flags=re.I)  # "a couple of lines": lines, never a COUPLE
        measured = _MEASURED.match(said)  # "a pile of ledgers": the ledgers, so said, not a PILE
        words = (said if measured else re.split(r"\s+(?:of|with|from|for)\s+", said, maxsplit=1)[0]).split()
        if not words or words[-1].lower() in _NOT_A_THING or " ".join(words).upper() in known or (
                {w.lower() for w in words} & _NOT_IN_A_NAME):
            continue  # "her to wait by the gate": a verb follows "her", no object
        return " ".join(words).upper()
    subject = THING_INTO_SCENE.match(clause)  # "the kettle should be in scene 6 too": the thing is the subject
    if subject and subject["what"].upper() not in known and subject["what"].split()[-1].lower() not in _NOT_A_THING:
        return subject["what"].upper()
    return None


def known_branch(clause: str, branches: Sequence[str]) -> str | None:
    """Return the existing branch a clause names by its own name ("go to sunset", "the b2 branch"), else None."""
    said = {w.lower() for w in re.findall(r"[\w.-]+", clause)}
    named = [b for b in branches if b.lower() != "main" and b.lower() in said]
    return named[0] if len(named) == 1 else None
