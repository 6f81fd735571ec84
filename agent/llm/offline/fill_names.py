"""Fill names and descriptions of characters, places and props; and hold what every string filler reads.

Every filler (here, in ``fill_story`` and in ``fill_text``) takes a ``Request``: one clause with what the
director knows around it, and reads the words the film-maker quoted (``quoted_text``) or gave after a colon.
Names here: a known one found in the clause, a new one given or made up, the old and new name of a rename,
and what someone or something is like (a description, a costume).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.formats.script_terms import GARMENT, GARMENT_FOR_SCENES, GARMENT_WORDS, RECOLOURED
from agent.llm.offline.clauses import ACTION_VERBS
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.cues import TIMES
from agent.llm.offline.draft import character_description, plain_draft, thing_description
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import (
    JOINS_CAST,
    NAMED_NEWCOMER,
    NO_THING,
    capitals_name,
    explicit_name,
    match_names,
    match_places,
    new_character_name,
    new_thing_name,
    placed_thing,
)
from agent.llm.offline.traits import revised_description
from agent.resolver.names import closest_name
from agent.roles import relation_said, relative_in_cast

__all__ = ["NAME_FILLERS", "Filler", "Request", "after_colon", "entity_kind", "fill_name", "is_creating",
           "quoted_text", "simple"]

_CREATE_PREFIXES = ("add_", "create_", "new_", "introduce_", "make_")
_PLACES_NEW = ("put_prop_in_scene",)  # tools that add the thing they place when it is new


@dataclass(frozen=True)
class Request:
    """One clause with what the director knows around it."""

    clause: str
    context: ProjectContext
    characters: tuple[str, ...]
    """Known characters: the context's plus ones named earlier in the conversation."""
    recent_scene: int | None = None
    """The scene the conversation was last about (for "shot 2" or "it" with no scene named)."""


Filler = Callable[[str, bool, str, Request, dict[str, Any]], Any]
"""A string filler: (property, whether it is a list, tool name, request, arguments filled so far) -> value."""


def simple(function: Callable[[str], Any]) -> Filler:
    """Make a filler of a function that reads only the clause."""
    return lambda prop, many, tool_name, req, filled: function(req.clause)


def is_creating(tool_name: str) -> bool:
    """Tell whether a tool makes a new thing (add_character, create_location, ...)."""
    return tool_name.startswith(_CREATE_PREFIXES)


def entity_kind(prop: str, tool_name: str) -> str:
    """Return which kind of name a property holds: character, location, prop or any."""
    for kind in ("character", "location", "prop"):
        if kind in prop:
            return kind
    if prop in ("name", "names", "who", "cast", "characters"):
        for kind in ("character", "location", "prop"):
            if kind in tool_name:
                return kind
        return "character" if prop in ("who", "cast", "characters") else "any"
    return "any"


def _pool(kind: str, req: Request) -> list[str]:
    ctx = req.context
    if kind == "character":
        return list(req.characters)
    if kind == "location":
        return list(ctx.locations)
    if kind == "prop":
        return list(ctx.props)
    return [*req.characters, *ctx.locations, *ctx.props]


_NOT_A_DESCRIPTION = ACTION_VERBS | frozenset("""
    a an the new another one more extra character characters cast someone somebody person people he him his she her
    they them their it this that please to us me we i need want can could would you in for too as well also now
""".split())


def _describes_someone(clause: str) -> bool:
    """Tell whether a request to add someone says anything about them ("add him" does not)."""
    return any(word not in _NOT_A_DESCRIPTION for word in re.findall(r"[a-z']+", clause.lower()))


_QUOTED_THING = re.compile(r"\b(?:prop|location|set|place|object|item)\s*[:,—–-]?\s*(?:called\s+|named\s+)?"
                           r"[\"“‘'](?P<name>[A-Za-z0-9][^\"”’']{1,40}?)[\"”’'](?!\w)", re.I)
"""A new thing's name in quotes right after its kind: "a prop 'brass whistle'"."""
_THING_THEN_KIND = re.compile(r"\b(?:add|create|make|new)\s+(?:a|an|the)\s+(?!new\b)"
                              r"(?P<name>[a-z][\w-]*(?:\s+(?!(?:a|an|the|into)\b)[a-z][\w-]*)?)\s+"
                              r"(?:prop|location|set|place|object)\b", re.I)
"""A new thing said before its kind ("add a lantern prop"): the words before the kind are its name."""
_ASIDE = re.compile(r"\((?P<text>[^()]{3,120})\)")
"""What a new thing is like, said in brackets after its name: "'brass whistle' (dented, on a cord)"."""


_SUBJECT_PRONOUN = re.compile(r"\b(he|she)\s+(?:should|must|needs?|has|is|was|could|would|can|'s|always|never)\b",
                              re.I)
"""Someone said as "he"/"she" after two names: the one the pronoun fits is meant."""


def fill_name(prop: str, tool_name: str, req: Request, *, many: bool = False) -> Any:
    """Fill a name: a known one from the clause, a given new one, or a made-up one for a new entity."""
    kind = entity_kind(prop, tool_name)
    taken = [*req.characters, *req.context.locations, *req.context.props]
    if kind in ("location", "prop"):  # a place named in this very request ("add a location: QUARRY") is not taken
        taken = [*req.context.characters, *req.context.locations, *req.context.props]
    if prop == "name" and is_creating(tool_name):
        thing = kind in ("location", "prop")  # a thing is named by its noun ("the rusty padlock"), not a capital
        ctx = req.context  # the project's names: one this request brings in is not taken yet
        quoted = _QUOTED_THING.search(req.clause) if thing else None
        if quoted:  # "add a prop 'brass whistle' (dented)": the quote is the name, the brackets describe it
            return quoted.group("name").strip().upper()
        kind_after = _THING_THEN_KIND.search(req.clause) if thing else None
        if kind_after:  # "add a lantern prop, cracked glass": the words before the kind name it
            return kind_after.group("name").strip().upper()
        joined = None if thing else JOINS_CAST.match(req.clause)  # "add quill to the cast": named, in lower case
        given = joined.group("name").upper() if joined else explicit_name(
            req.clause, loose=not thing, known=[*ctx.characters, *ctx.locations, *ctx.props])
        if given:
            return given
        if kind == "character" or kind == "any":  # a made-up name only for someone the request describes
            return new_character_name(req.clause, taken) if _describes_someone(req.clause) else None
        return new_thing_name(req.clause, kind, taken) or None  # "make it a prop" with nothing before: ask
    relation = relation_said(req.clause, req.characters) if kind in ("character", "any") and not many else None
    if relation is not None:  # "make juno's mum kinder": her mum, who is no one in the cast unless one fits
        cast = req.context.character_descriptions.items()
        return relative_in_cast(*relation, cast) or f"{relation[0]}'s {relation[1]}".upper()
    found = []
    if kind in ("location", "prop"):  # "the office" for LOST PROPERTY OFFICE; "at night" never names NIGHT TRAIN
        found = [name for name, _ in match_places(req.clause, _pool(kind, req))]
    found = found or match_names(req.clause, _pool(kind, req))
    if many:
        return found or None
    if kind == "character" and len(found) > 1 and (said := _SUBJECT_PRONOUN.search(req.clause)) is not None:
        # "the scene with mara and tom, he should be soaked": the one "he" fits, else nobody (asked)
        wants = "m" if said.group(1).lower() == "he" else "f"
        fitting = [n for n in found if req.context.pronouns.get(n) == wants]
        return fitting[0] if len(fitting) == 1 else None
    if found:
        return found[0]
    if tool_name in _PLACES_NEW:
        placed = placed_thing(req.clause, [*req.characters, *req.context.locations])
        return None if placed and set(placed.lower().split()) & NO_THING else placed  # "a pause": no prop, asked
    given = explicit_name(req.clause)
    ctx = req.context
    other = {"character": [*ctx.props, *ctx.locations], "prop": [*ctx.characters, *ctx.locations],
             "location": [*ctx.characters, *ctx.props]}.get(kind, [])
    if given and given.upper() in {n.upper() for n in other}:
        return None  # "put BRASS KEY in scene 6": the prop, so no character is named
    return given if given and given.split()[0].lower() not in ACTION_VERBS else None


def quoted_text(text: str) -> str | None:
    """Return the words a text quotes ("..." or '...'), else None."""
    match = re.search(r"[\"“]([^\"”]+)[\"”]", text) or re.search(
        r"(?:^|\s)'((?:[^']|(?<=\w)'(?=\w))+)'(?=\s|$|[.,!?])", text)  # "'the office's last night'" is one quote
    return match.group(1).strip() if match else None


def after_colon(clause: str) -> str | None:
    """Return the words after a clause's colon (three characters or more), else None."""
    match = re.search(r":\s*(.{3,})$", clause)
    return match.group(1).strip() if match else None


_GIVEN = re.compile(r"(?::\s*|\b(?:named|called)\s+[\w' -]+?,\s*|[?.!]\s+(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\s+|"
                    r"\s[—–-]+\s+(?!(?:add|make|use|treat|have)\b)|\b(?:prop|location|set|place)[.,]\s+|"
                    + NAMED_NEWCOMER + r")"
                    r"(?P<text>[^:—–]{3,})$", re.I)


_WORN = (re.compile(r"\bhas\s+(?P<text>(?:her|his|their|an?|the)\s+[^.;:]+?)\s+on\b", re.I),  # "has her coat on"
         re.compile(r"\b(?:wears?|wearing|dressed\s+in|change\s+(?:it\s+)?(?:in)?to|now)\s+"
                    r"(?P<text>(?:an?|the|his|her|their|some)\s+[^.;:]+)", re.I),
         re.compile(r"\b(?:costume|wardrobe|outfit)\s+(?:is|should\s+be|becomes|of|to)\s+(?P<text>[^.;:]+)", re.I),
         re.compile(r"\b(?:an?|the)\s+(?P<text>[\w ,'-]{3,80}?)\s+(?:costume|outfit)\b", re.I),
         re.compile(rf"\b(?P<text>(?:an?|his|her|their|some)\s+(?:[\w'-]+\s+){{0,4}}?(?:{GARMENT_WORDS})s?\b[^.;:]*)",
                    re.I),
         re.compile(rf"\b[A-Za-z][\w-]*(?:'s|’s)\s+(?P<text>(?:[\w'-]+\s+){{0,4}}?(?:{GARMENT_WORDS})s?\b[^.;:]*)",
                    re.I))  # "juno's green parka, zipped up, in scene 2": hers, said without "wears"
_OWNED_GARMENT = re.compile(rf"(?:\b[A-Za-z][\w-]*(?:'s|’s)\s+)?(?P<text>(?:[\w-]+\s+){{0,3}}?(?:{GARMENT_WORDS})s?)\b",
                            re.I)
_OPENS_ON_GARMENT = re.compile(rf"(?:(?:an?|his|her|their|some)\s+)?(?:(?!(?:wears?|wearing|has|have|in|on|is|gets?|"
                               rf"puts?)\b)[\w'-]+\s+){{0,4}}?(?:{GARMENT_WORDS})s?\b", re.I)
"""Dictated words that open on the garment ("grey oilskin over her jumper"): the costume is all of them."""
_SCENES_TAIL = re.compile(r"(?:^|\s*,?\s+)(?:but\s+)?(?:(?:only|just)\s+)?"
                          r"(?:(?:in|for|during|across|throughout|on|at)\s+)?"
                          r"(?:(?:both\s+)?scenes?\s+\d+(?:\s*(?:,|and|&)\s*(?:scene\s+)?\d+)*|"
                          r"(?:every|each)\s+scene(?:\s+(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\s+in)?|"
                          r"all\s+(?:the\s+|(?:his|her|their)\s+)?scenes|the\s+whole\s+(?:film|time|thing|way\s+through)|"
                          r"(?:both|all|the)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?scenes?|"
                          r"throughout|all\s+(?:the\s+way\s+)?through|all\s+(?:through|over)\s+the\s+(?:film|movie|script|story)|"
                          r"from\s+start\s+to\s+(?:finish|end)|"
                          r"(?:dawn|dusk|night|day|daybreak|sunrise|sunset|daytime|night-?time))"
                          r"(?:\s+(?:only|though|tho|too|please|pls))*\s*$|"
                          r"\s+(?:for|on)\s+[A-Z][a-z]+\s*$", re.I)


_GARMENT_IS = re.compile(rf"\b[A-Za-z][\w-]*(?:'s|’s)\s+(?P<garment>(?:[\w-]+\s+){{0,2}}?(?:{GARMENT_WORDS})s?)\s+"
                         r"(?:is|are|was|were|looks?)\s+(?P<looks>[^.;:]{3,}?)"
                         r"(?=\s*(?:[.;:]|$)|\s*,?\s+(?:and\s+)?(?:she|he|they|[A-Z][\w-]*)\s+(?:wears?|has)\b)", re.I)
"""Someone's garment and what it is like: "mara's parka is olive, patched at the cuffs"."""
_ON_TAIL = re.compile(r"\s*[,—–-]+\s*(?!(?:and|but|then|in|for|during|only|just|every|all|scene|the\s+whole)\b)"
                      r"(?P<more>[\w ,'-]{3,60}?)\s*[.!]*$", re.I)
"""What a garment is like, said after "has her coat on": "…, the grey herringbone one"."""


def _costume_words(clause: str) -> str | None:
    """Return what a costume looks like, as the film-maker said it (never the whole request).

    "costume note: ida wears a moss cardigan, in every scene she's in" -> "A moss cardigan."; "juno's
    yellow raincoat - only in the bridge scenes" -> "Yellow raincoat." (the garment, not "only").
    """
    made_over = RECOLOURED.match(clause.strip())
    if made_over:  # "make the scarf green instead" -> "Green scarf."
        look = made_over.group("look").strip()
        worn = look if GARMENT.search(look) else f"{look} {made_over.group('garment').lower()}"  # "into a beret"
        return f"{worn[0].upper()}{worn[1:]}."
    given_after = GARMENT_FOR_SCENES.match(clause.strip())
    if given_after:  # "mara's coat in scene 4: long oilskin" -> "Coat: long oilskin."; a garment said again stands
        looks = (given_after.group("looks") or given_after.group("worn")).strip(" ,.")
        garment = given_after.group("garment")
        text = looks if not garment or GARMENT.search(looks) else f"{garment.strip()}: {looks}"
        text = re.sub(r"^(?:an?|his|her|their)\s+", "", text, flags=re.I)
        return f"{text[0].upper()}{text[1:]}."
    owned = _GARMENT_IS.search(clause)
    if owned:  # "mara's parka is olive, patched at the cuffs" -> "Parka, olive, patched at the cuffs."
        garment, looks = owned.group("garment").strip(), owned.group("looks").strip(" ,")
        return f"{garment[0].upper()}{garment[1:]}, {looks}."
    given = _GIVEN.search(clause)
    text = given.group("text") if given else clause
    opens = given is not None and _OPENS_ON_GARMENT.match(text)  # "mara: grey oilskin over her jumper": all of it
    for pattern in () if opens else _WORN:
        match = pattern.search(text)
        if match:
            after = _ON_TAIL.match(text, match.end()) if pattern is _WORN[0] else None
            text = match.group("text") + (f", {after.group('more')}" if after else "")
            break
    else:
        if not given:
            return None
    text = re.sub(r"\s*,\s*(?:but\s+)?(?:only|just)\s+(?:in|on|at|for|during|aboard)\s+.*$", "", text.strip(),
                  flags=re.I)  # "oilskin, just in the loft, plus scene 6": where, not what
    text = _SCENES_TAIL.sub("", text.strip().rstrip(" ?!.")).strip(" .,")  # asked as a question: "...?"
    text = re.sub(r"\s+as\s+(?:her|his|their|the|[a-z]+(?:'s|’s))(?:\s+(?:costume|outfit|look|wardrobe)\b.*)?$", "",
                  text, flags=re.I)  # "an oilskin as her costume throughout": the oilskin
    if not GARMENT.search(text):  # the words after the dash say where, not what: the garment is before it
        worn = _OWNED_GARMENT.search(clause)
        text = worn.group("text") if worn else text
    text = re.sub(r"^(?:her|his|their)\s+", "", text, flags=re.I)  # "her long coat": the coat is the costume
    return (text[0].upper() + text[1:] + ".") if len(text) >= 3 else None


_SAID_AFTER = re.compile(r"^\s*(?:[,.;:!—–-]+\s*)?(?:(?:and|who|cause|because|as)\s+)?"
                         r"(?:(?:she|he|they)(?:'s|’s|'re|\s+(?:is|are)\b)?\s+)?", re.I)
"""What opens the words about a newcomer after they join the cast: ", she's", ". he", " who"."""


_NO_ONE_YET = re.compile(r"^(?:a|an)\s+(?:new\s+|extra\s+|other\s+)?(?:char\w*|carac\w*|person|"
                         r"face|someone|somebody|role|part)\s*(?:,\s*|$)", re.I)
"""Only that someone is new ("a new person, …", "a charcter"): no part of what they are like."""
_THEY_ARE = re.compile(r"^(?:he|she|they)(?:['’]s|\s+is|\s+are|['’]re)\s+(?=(?:a|an)\s)", re.I)
_CALLED_NEWCOMER = re.compile(r"^\W*(?:please\s+)?(?:add|introduce|bring\s+in|we\s+need|cast)\s+"
                              r"(?P<desc>(?:a|an)\s+[\w' ,-]{3,80}?)\s+(?:called|named)\s+[\"“']?[A-Za-z][\w'-]*[\"”']?"
                              r"(?:\s+(?:to|in|into)\s+(?:the|our)\s+(?:cast|film|story|script))?\s*"
                              r"(?:[,.;:—–-]\s*(?P<more>.+?))?\s*[.!]*$", re.I)
"""Someone new said by what they are, then their name ("add a grey-bearded ferryman called Strom to the cast")."""


def _fill_description(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    told = _description(prop, many, tool_name, req, filled)
    if not isinstance(told, str):
        return told
    kept = _ASKED_IN.sub("", told).strip()  # "…, whistles hymns - add him": the ask is no part of who he is
    return kept + ("." if kept and kept[-1] not in ".!?" else "") if kept else told


_ASKED_IN = re.compile(r"\s*[-–—,;]+\s*(?:(?:please|pls|and|then|so)\s+)*(?:add|put|make|write|bring|include|get)\s+"
                       r"(?:him|her|them|it|that|this)(?:\s+(?:in|into|to|on)\b[^.!?]*)?\s*[.!]*$", re.I)
"""An ask at the end of a description ("- add him", ", put her in"): how the note was asked for, not what it says."""


_REPLACED = re.compile(r"\b(?:change|set|replace|swap|rewrite|make|update)\s+(?:[\w'’]+['’]s\s+|"
                       r"(?:his|her|their|its)\s+|the\s+)?description\s*(?:of\s+[\w'’]+\s*)?(?:to|with|as|into|:|=)"
                       r"\s*:?\s*(?P<x>\S.{3,})$|"
                       r"\b(?:new|whole)\s+description\s*(?:for\s+[\w'’]+\s*)?[:—–-]\s*(?P<x2>\S.{3,})$", re.I)
"""A description replaced outright ("change juno's description to: …"): the new words, none of the old."""


def _description(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    if "costume" in tool_name:
        return _costume_words(req.clause)
    name = filled.get("name") or filled.get("character_name") or filled.get("character") or ""
    kind = entity_kind("name", tool_name)
    if not is_creating(tool_name) and name:
        replaced = _REPLACED.search(req.clause)
        told = (replaced.group("x") or replaced.group("x2") or "") if replaced else ""
        if len(told.split()) >= 2:  # "change her description to: tall, wiry": all of it, none of the old
            text = told.strip().rstrip(".")
            return text[0].upper() + text[1:] + "."
        # A revision folds the change into what is there; a request that states no change gets a question.
        old = req.context.character_descriptions.get(str(name), "")
        label = re.split(r"\s*(?::|\s[-–—]+\s)\s*", req.clause, maxsplit=1)[0]  # "the bridge: … river like oil"
        said = next((w for n, w in [*match_places(label, [str(name)]), *match_places(req.clause, [str(name)])]),
                    str(name)) if kind != "character" else name
        return revised_description(str(said), old, req.clause, thing=kind != "character")
    called = _CALLED_NEWCOMER.match(req.clause) if kind == "character" and is_creating(tool_name) else None
    if called:  # "add a one-eyed net mender called Wren, sixties": a one-eyed net mender
        more = called.group("more").strip(" .") if called.group("more") else ""
        desc = _NO_ONE_YET.sub("", called.group("desc").strip())  # "a new person, a night guard": a night guard
        more = _THEY_ARE.sub("", more)  # "…, he's a teenage busker": a teenage busker
        told = ". ".join(part for part in (desc, more[:1].upper() + more[1:]) if part)
        return told[0].upper() + told[1:] + "." if told else None
    aside = _ASIDE.search(req.clause) if name else None
    if aside:  # "add a prop 'brass whistle' (dented, on a cord)": the brackets say what it is like
        text = aside.group("text").strip().rstrip(".")
        return text[0].upper() + text[1:] + "."
    joined = JOINS_CAST.match(req.clause) if kind == "character" and is_creating(tool_name) else None
    after = _SAID_AFTER.sub("", req.clause[joined.end():]) if joined else ""
    if len(after.split()) >= 2:  # "we need quill in the cast. she sells bait on the pier": what follows is her
        after = after.strip().rstrip(".!")
        return after[0].upper() + after[1:] + "."
    given = _GIVEN.search(req.clause)
    if given:
        # The film-maker wrote the description: keep their words, not a draft.
        text = given.group("text").strip().rstrip(".").rstrip(" -–—")  # "new prop — a cracked lantern — and …"
        if name:  # "new character: WREN, a night cashier": the name opens the words, it is no part of them
            text = re.sub(rf"^{re.escape(str(name))}\s*[,.:—–-]+\s*", "", text, flags=re.I) or text
        text = _SAID_AFTER.sub("", text) or text  # "…, she cleans the pier at night": what she does
        text = re.sub(r"(?<=[.!?]\s)([a-z])", lambda m: m.group(1).upper(), text)  # "… nets. wiry, quiet": sentences
        return text[0].upper() + text[1:] + "."
    if kind == "character" and name:
        return character_description(str(name), req.clause)
    if kind in ("location", "prop") and name:
        return thing_description(str(name), kind, req.clause)
    return plain_draft(req.clause, find_tones(req.clause))


_NEW_NAME = re.compile(r"\b(?:to|as|into)\s+(?!well\b)[\"“']?"
                       r"(?P<name>[A-Za-z][\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)[\"”']?"
                       r"(?=\s*(?:$|[,.;!?]|\s+(?:everywhere|throughout|instead|please|in\b|across)))", re.I)
_CALL = re.compile(r"\b(?:call|rename)\s+(?!(?:the|a|an|this|that|it)\b)(?P<old>[A-Za-z][\w'’-]*)\s+[\"“']?"
                   r"(?!(?:location|place|set|scene|prop|character|it|too|again)\b)"
                   r"(?P<name>[A-Za-z](?:[\w’-]|'(?=\w))*)[\"”']?"
                   r"(?=\s*(?:$|[,.;!?]|\s+(?:instead|please|from\s+(?:now|here|this\s+point)(?:\s+on)?|now|everywhere|"
                   r"throughout)\b))", re.I)
"""A new name right after whom it is for: "call her Margit", "rename him Tobias" (no "to")."""


_CALLED = re.compile(r"(?:\b(?:be|is|gets?|now)\s+(?:now\s+)?(?:called|named|known as)|\bgoes by|"
                     r"\b(?:has|gets|takes|have|get|take|given)\s+the\s+name|"
                     r"\bname(?:'s|’s|\s+is)?\s+(?:now\s+|actually\s+|really\s+)*(?:should\s+be|is\s+now|will\s+be|"
                     r"becomes|to|going\s+to\s+be|gonna\s+be)|\bname\s+(?:it|her|him|them)\s+)"
                     r"\s*[\"“']?(?P<name>[A-Za-z](?:[\w’-]|'(?=\w))*)", re.I)
_ARROW = re.compile(r"(?P<old>[A-Za-z][\w'’-]*)\s*(?:->|→|=>|-->)\s*[\"“']?(?P<name>[A-Za-z][\w’-]*)")


_PLACE_NAME = re.compile(r"(?:\b(?:to|as|into|called|named)|\s(?:->|→|=>|-->))\s+(?:the\s+|a\s+|an\s+)?[\"“']?"
                         r"(?P<name>[A-Za-z][\w'’ -]{0,60}?)[\"”']?"
                         r"\s*(?:$|[,.;!?]|\s+(?:everywhere|throughout|instead|please|from now on)\b)", re.I)
"""A place's new name runs to the end: "rename the office to the night depot" -> NIGHT DEPOT."""


_INSTRUCTION = re.compile(r"^(?:change|make|turn|move|cut|add|give|set|rewrite|swap|put|have|let|delete|drop|"
                          r"trim|remove|switch)\b|\b(?:it|them|him|her|me|us|please)\b", re.I)
"""Words no place is called: a request's own ("make it dawn instead")."""


_CALL_PLACE = re.compile(r"^\W*call\s+(?:the\s+)?[\w' -]+?\s+(?:location|set|place)\s+(?:the\s+)?"
                         r"(?P<name>[a-z][\w' -]{1,60}?)\s*(?:$|[,.;!?]|\s+(?:instead|from\s+now\s+on|now|please)\b)",
                         re.I)


_OLD_NAME = re.compile(r"\b(?:rename|call)\s+(?P<old>[A-Za-z][\w’-]*)\s+(?:to|as|into)\s+\S", re.I)


def _fill_old_name(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    if tool_name == "rename_location":
        before = re.split(r"\s(?:to|as|into|->|→|=>|-->)\s", req.clause, maxsplit=1)[0]  # the old name, before "to"
        return next((name for name, _ in match_places(before, req.context.locations)), None)
    relation = relation_said(req.clause, req.characters)
    if relation is not None:  # "rename juno's mum to X": juno's mum, not juno (said as asked when the cast lacks her)
        cast = req.context.character_descriptions.items()
        return relative_in_cast(*relation, cast) or f"{relation[0]}'s {relation[1]}".upper()
    known = next(iter(match_names(req.clause, req.characters)), None)
    said = _OLD_NAME.search(req.clause)
    if known is not None or said is None:
        return known
    # "rename rubin to rafe": the name as said, or the cast member it misspells; an unknown name is passed on
    # as said, so the tool's one-line answer says there is no such character (nothing is written).
    return closest_name(said.group("old"), req.characters) or said.group("old").upper()


def _fill_new_name(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    old = str(filled.get("old_name") or "")
    if tool_name == "rename_location":
        place = _PLACE_NAME.search(req.clause)
        name = place.group("name").strip().upper() if place else ""
        capitals = re.search(r"\b(?:to|as|into|called|named)\s+((?:THE|A|AN)\s+[A-Z0-9][A-Z0-9' -]*[A-Z0-9])\b",
                             req.clause)
        if capitals and capitals.group(1).endswith(name):  # "... to THE KEEPING ROOM": the name as they wrote it
            name = capitals.group(1).strip()
        if not name and re.match(r"^\W*call\b", req.clause, re.I):
            name = (quoted_text(req.clause) or "").upper()  # "call the bridge 'Albert Bridge' instead"
        if not name:  # "call the office location LEFT LUGGAGE": the new name in capitals, as a heading has it
            name = capitals_name(req.clause, [*req.context.locations, *req.context.characters]) or ""
        called = _CALL_PLACE.search(req.clause)
        if not name and called:  # "call the pier location the jetty from now on": whatever follows "location"
            name = called.group("name").strip().upper()
        if re.fullmatch(rf"{TIMES}|INT|EXT|INTERIOR|EXTERIOR", name, re.I):
            return None  # "ext pier night → dawn": a time of day, never a place's name
        if _INSTRUCTION.search(name):
            return None  # "pier night → make it dawn instead": what to do, never a place's name
        return name if name and len(name.split()) <= 5 and name != old.upper() else None
    called = _CALLED.search(req.clause)
    if called and called.group("name").upper() != old.upper():
        return called.group("name").strip().upper()
    for pattern in (_ARROW, _CALL, _NEW_NAME):
        match = pattern.search(req.clause)
        if match and match.group("name").upper() != old.upper():
            return match.group("name").strip().upper()
    return None


NAME_FILLERS: dict[str, Filler] = {
    **dict.fromkeys(("description", "bio", "summary", "details", "appearance"), _fill_description),
    "new_name": _fill_new_name,
    "old_name": _fill_old_name,
}
"""The string properties filled here, by name (``fill_text.fill_string`` looks them up)."""
