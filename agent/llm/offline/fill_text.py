"""Fill string arguments: names, scene text, headings, descriptions, queries, branch names, notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from agent.formats.script_terms import GARMENT, GARMENT_WORDS
from agent.llm.offline.clauses import ACTION_VERBS, DICTATED_OUTLINE
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.cues import TIMES, UNTAG
from agent.llm.offline.draft import (
    beats_from,
    character_description,
    draft_heading,
    logline_from,
    new_scene_body,
    plain_draft,
    subject_of,
    thing_description,
)
from agent.llm.offline.lexicon import find_tones, tone_phrase
from agent.llm.offline.names import (
    capitals_name,
    explicit_name,
    match_names,
    match_places,
    new_character_name,
    new_thing_name,
    placed_thing,
)
from agent.llm.offline.numbers import find_count
from agent.llm.offline.rewrite import draft_note, mentions, rewrite_scene_body, scene_without
from agent.llm.offline.stage import removed_thing, stage_direction
from agent.llm.offline.traits import revised_description
from agent.resolver.names import closest_name

__all__ = ["Request", "dictated_beats", "entity_kind", "fill_name", "fill_string", "is_creating", "leftover",
           "names_a_genre", "scene_content"]

_CREATE_PREFIXES = ("add_", "create_", "new_", "introduce_", "make_")
_PLACES_NEW = ("put_prop_in_scene",)  # tools that add the thing they place when it is new
_HEADING = re.compile(r"\b((?:INT\.?/EXT|INT|EXT|I/E|EST)\.?\s+[^,;\n]+?(?:\s+-\s+[A-Za-z ]+?)?)(?=$|[,;]|\s+(?:where|"
                      r"and|with|in which|at position|after|before)\b)", re.IGNORECASE)
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
_COLOURS = ("black", "white", "red", "orange", "yellow", "green", "teal", "cyan", "blue", "navy", "purple",
            "violet", "pink", "magenta", "brown", "amber", "gold", "silver", "grey", "gray", "cream", "ochre",
            "crimson", "olive", "turquoise", "sepia", "beige", "maroon", "indigo", "emerald", "rust")
_SLUG_SHORT = {"alternative": "alt", "alternate": "alt", "version": "alt", "experiment": "exp"}
_SLUG_DROP = frozenset(
    "a an the to for of on in with where and my our new branch called named version try switch back go make create "
    "start use scene scenes as from".split()
)


@dataclass(frozen=True)
class Request:
    """One clause with what the director knows around it."""

    clause: str
    context: ProjectContext
    characters: tuple[str, ...]
    """Known characters: the context's plus ones named earlier in the conversation."""
    recent_scene: int | None = None
    """The scene the conversation was last about (for "shot 2" or "it" with no scene named)."""


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


def fill_name(prop: str, tool_name: str, req: Request, *, many: bool = False) -> Any:
    """Fill a name: a known one from the clause, a given new one, or a made-up one for a new entity."""
    kind = entity_kind(prop, tool_name)
    taken = [*req.characters, *req.context.locations, *req.context.props]
    if kind in ("location", "prop"):  # a place named in this very request ("add a location: QUARRY") is not taken
        taken = [*req.context.characters, *req.context.locations, *req.context.props]
    if prop == "name" and is_creating(tool_name):
        thing = kind in ("location", "prop")  # a thing is named by its noun ("the rusty padlock"), not a capital
        ctx = req.context  # the project's names: one this request brings in is not taken yet
        given = explicit_name(req.clause, loose=not thing, known=[*ctx.characters, *ctx.locations, *ctx.props])
        if given:
            return given
        if kind == "character" or kind == "any":  # a made-up name only for someone the request describes
            return new_character_name(req.clause, taken) if _describes_someone(req.clause) else None
        return new_thing_name(req.clause, kind, taken)
    found = match_names(req.clause, _pool(kind, req))
    if not found and kind in ("location", "prop"):  # "the office" for LOST PROPERTY OFFICE
        found = [name for name, _ in match_places(req.clause, _pool(kind, req))]
    if many:
        return found or None
    if found:
        return found[0]
    if tool_name in _PLACES_NEW:
        return placed_thing(req.clause, [*req.characters, *req.context.locations])
    given = explicit_name(req.clause)
    ctx = req.context
    other = {"character": [*ctx.props, *ctx.locations], "prop": [*ctx.characters, *ctx.locations],
             "location": [*ctx.characters, *ctx.props]}.get(kind, [])
    if given and given.upper() in {n.upper() for n in other}:
        return None  # "put BRASS KEY in scene 6": the prop, so no character is named
    return given if given and given.split()[0].lower() not in ACTION_VERBS else None


def _quoted(text: str) -> str | None:
    match = re.search(r"[\"“]([^\"”]+)[\"”]", text) or re.search(
        r"(?:^|\s)'((?:[^']|(?<=\w)'(?=\w))+)'(?=\s|$|[.,!?])", text)  # "'the office's last night'" is one quote
    return match.group(1).strip() if match else None


def _dictated_text(clause: str) -> str | None:
    """Return words the film-maker dictated: quoted, after a colon, or after "says"/"saying"/"that reads"."""
    quoted = _quoted(clause)
    if quoted:
        return quoted
    match = re.search(r"(?::|\s[-–—]+\s|\b(?:says|saying|reads|reading|that reads|with the text|with text)\b)\s*(.+?)"
                      r"(?:\s+(?:at the (?:start|end|beginning)|please))?\s*$", clause, re.I)
    return match.group(1).strip(" .\"'") if match else None


def _after_verb(clause: str) -> str:
    words = clause.split()
    while words and words[0].lower().strip(",.") in (*ACTION_VERBS, "me", "for", "up", "please", "us"):
        words = words[1:]
    return " ".join(words).strip(" ?.!") or clause


def _after_colon(clause: str) -> str | None:
    match = re.search(r":\s*(.{3,})$", clause)
    return match.group(1).strip() if match else None


_SLUG_WORDS = frozenset("alt alternative alternate ending opening middle beginning version cut darker lighter noir "
                        "happy sad short long director experiment draft test rewrite redux".split())
_NAMED = re.compile(r"\b(?:called|named|name it)\s+[\"“']?([\w-]+(?:\s+(?!(?:for|with|from|of|to|on|in|off|at|"
                    r"and|so|where|that|please|pls)\b)[\w-]+){0,2})", re.IGNORECASE)
"""The name a branch was given, up to three words; "called dry-run for scenes 2 to 4" is called DRY-RUN."""


_NAMED_AS = re.compile(r"\bas\s+(?!(?:a|an|the|well|before|usual|is|it|one|main)\b)([a-z0-9]+(?:-[a-z0-9]+)*)\s*[.!]*$",
                       re.IGNORECASE)
"""A name given last, after "as": "branch off the last two scenes as sunrise-cut"."""


def _slug(clause: str) -> str:
    """Name a branch from the name the film-maker gave, else from a few plain words (never the request itself)."""
    given = _quoted(clause) or (m.group(1) if (m := _NAMED.search(clause) or _NAMED_AS.search(clause)) else None)
    if given:
        return re.sub(r"[^a-z0-9]+", "-", given.lower()).strip("-") or "alt"
    words = re.findall(r"[a-z]+", _after_verb(clause).lower())
    if "main" in words:
        return "main"
    branch = re.search(r"\b(?:to|the)\s+([a-z][\w-]*)\s+branch\b|\bbranch\s+([a-z][\w-]*)\s*$", clause, re.IGNORECASE)
    if branch and re.match(r"(?i)(?:switch|go|change|move|check)", clause.strip()):
        return next(g for g in branch.groups() if g).lower()  # the name of a branch that exists is the film-maker's
    kept = list(dict.fromkeys(_SLUG_SHORT.get(w, w) for w in words if w in _SLUG_WORDS))
    return "-".join(kept[:3]) or "alt"


def _note(clause: str) -> str:
    quoted = _quoted(clause)
    if quoted:
        return quoted
    match = re.search(r"(?::|\bthat\b|\bsaying\b)\s*(.+)$", clause)
    # No explicit note means no note: the rest of the request is the request, not feedback.
    return match.group(1).strip(" .") if match else ""


_BARE_LOGLINE = re.compile(r"^(?:an?\s+|the\s+|new\s+|one[- ]line\s+)*(?:logline|pitch|idea)s?\b", re.I)


def _logline(req: Request) -> str:
    """Draft a logline from the request's premise, or from the project itself when it gives none.

    A logline the film-maker dictated (after a colon, or in quotes) is kept word for word.
    """
    dictated = _quoted(req.clause) or _after_colon(req.clause)
    if dictated:
        return dictated.rstrip() if dictated.rstrip().endswith((".", "!", "?")) else dictated.rstrip() + "."
    subject = subject_of(req.clause)
    if subject and not _BARE_LOGLINE.match(subject) and subject.lower() != req.clause.strip().lower():
        return logline_from(req.clause)
    ctx = req.context
    who = ctx.characters[0].title() if ctx.characters else "a stranger"
    where = ctx.locations[0].lower() if ctx.locations else "a city that never sleeps"
    title = ctx.name or "the story"
    other = f" with {ctx.characters[1].title()}" if len(ctx.characters) > 1 else ""
    return (f"{who} has one night in the {where}{other} to find what was lost, before {title.lower()} is gone "
            f"for good. {draft_note(find_tones(req.clause))}")


def _style(clause: str) -> str:
    text = re.sub(r"^.*?\b(?:look|style|aesthetic|feel|art direction)\b\s*(?:should be|to be|to|is|=|:|as|like)?\s*",
                  "", clause, flags=re.IGNORECASE)
    if text == clause:
        text = _after_verb(clause)
    text = re.split(r"\s+(?:with|and|using|in)\s+(?=#|[^.;]*\b(?:palette|colou?rs?)\b)|\s*#[0-9a-fA-F]{3,6}", text)[0]
    return re.sub(r"^(?:a|an|the)\s+", "", text.strip(" .,")) or clause


def _palette(clause: str) -> list[str]:
    hexes = _HEX.findall(clause)
    if hexes:
        return hexes
    return [c for c in _COLOURS if re.search(rf"\b{c}\b", clause, re.IGNORECASE)]


def _direction(clause: str) -> str:
    thing = removed_thing(clause)
    if thing:
        return f"without the {thing}"
    phrase = tone_phrase(clause)
    if phrase:
        return phrase
    clause = re.sub(r"^(?:(?:hi|hey|hello|ok|okay|so|right)\b[\s!,.]*)+|\b(?:thanks?(?: you)?(?: so much| a lot)?|"
                    r"cheers|please|pls|plz)\b[\s!.]*|\b(?:could|can|would|will)\s+(?:you|u|we)\s+|"
                    r"\bi'?d\s+like\s+|\bi\s+(?:want|need)\s+", "", clause.strip(), flags=re.I)
    rest = re.sub(r"\b(?:(?:in|on|at|for|of)\s+)?(?:scene|sc\.?)\s*\w+\b|\b(?:the|a|an)\s+\w+\s+scene\b|\bthis scene\b",
                  "", clause, flags=re.I)  # "on scene 5, add a cyclist": the scene is its own argument
    phrase = tone_phrase(" ".join(rest.split()))
    if phrase:
        return phrase  # "cut scene 3 down": the scene out of the way, "cut down" is shorter
    rest = re.sub(r"^\s*(?:rewrite|redo|revise|make|change|turn|rework|edit|punch up)\b", "", rest.strip(), flags=re.I)
    rest = re.sub(r"^[\s,:;.-]*(?:just|only|please|so)?[\s,:;.-]*", "", rest, flags=re.I)
    return " ".join(rest.split()).strip(" ,.:;") or "revised"


def _fill_direction(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    action = stage_direction(req.clause, req.characters)
    if action is None:
        return _direction(req.clause)
    tones = tone_phrase(req.clause)
    where = {"start": " at the start", "end": " at the end"}.get(action.place, "")
    return f"{tones + '; ' if tones else ''}{action.line.rstrip('.')}{where}"


def scene_content(req: Request, *, scene_number: int | None, direction: str | None, creating: bool) -> str | None:
    """Write a scene body: the target scene rewritten toward the direction, or a new scene."""
    ctx = req.context
    if creating or scene_number is None:
        names = match_names(req.clause, req.characters)
        location = next(iter(match_names(req.clause, ctx.locations)), None)
        return new_scene_body(req.clause, characters=names, location=location)
    scene = ctx.scene(scene_number)
    if scene is None and ctx.scene_count is not None and not 1 <= scene_number <= ctx.scene_count:
        return ""  # no such scene: the tool answers with the range, which is what the film-maker needs to hear
    if scene is None or scene.content is None:
        return None
    thing = removed_thing(req.clause)
    if thing and mentions(scene.content, thing):  # "lose the tuba from the opening": every mention goes
        return scene_without(scene.content, thing)
    action = stage_direction(req.clause, req.characters)
    tones = find_tones(direction or req.clause) or ([direction] if direction and action is None else [])
    return rewrite_scene_body(scene.content, tones, heading=scene.heading, props=ctx.props,
                              extra_characters=match_names(req.clause, req.characters), action=action)


_Filler = Callable[[str, bool, str, Request, dict[str, Any]], Any]


def _fill_heading(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    match = _HEADING.search(req.clause)
    if match:
        return match.group(1).strip().upper()
    location = next((name for name, _ in match_places(req.clause, req.context.locations)), None)
    after = filled.get("after_scene")
    near = req.context.scene(int(after)) if isinstance(after, int) else None
    if near is None and req.context.scene_count:
        near = req.context.scene(req.context.scene_count)
    return draft_heading(req.clause, location=location, near=near.heading if near else None)


_NEW_TIME = re.compile(rf"\b(?:to|at|into|be|by|in\s+the|during|scene\s+\d+\s+is(?:\s+set)?(?:\s+at|\s+in\s+the)?)\s+"
                       rf"(?:the\s+)?(?P<t>{TIMES})\b"
                       rf"(?!\s+(?:scene|one|bit)\b)|"
                       rf"\b(?P<t3>{TIMES}),?\s+(?:not|instead\s+of|rather\s+than)\b|"
                       rf"\ban?\s+(?P<t2>{TIMES})\s+scene\b|"
                       rf"(?:\b(?:make|turn)\s+(?:it|this|that|scene\s+\d+)\s+|(?:->|→|=>)\s*)(?P<t4>{TIMES})\b", re.I)
_TIME_WORDS = {"DAYTIME": "DAY", "DAY-TIME": "DAY", "NIGHTTIME": "NIGHT", "NIGHT-TIME": "NIGHT", "MIDDAY": "NOON"}


def _fill_time(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Return the time of day a heading should change to ("set it at dusk" -> DUSK), never the one it has."""
    match = _NEW_TIME.search(req.clause)
    if match is None:
        return None
    word = (match.group("t") or match.group("t2") or match.group("t3") or match.group("t4")).upper()
    return _TIME_WORDS.get(word, word)


def _fill_content(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    if prop == "text" and not re.search(r"scene", tool_name):
        return _dictated_text(req.clause)  # a note's or a card's words are the film-maker's, never drafted
    number = filled.get("scene_number", filled.get("scene", filled.get("number")))
    return scene_content(req, scene_number=number, direction=filled.get("direction"),
                         creating=is_creating(tool_name))


_NOT_A_PREMISE = frozenset("the a an of into in to as story film movie script beats beat outline structure acts act "
                           "sheet turn break make write give me us our this it three five 3 5 please".split())


def dictated_beats(clause: str) -> list[str]:
    """Return the beats a film-maker dictates after "outline:" ("1. a. 2. b.", "a; b; c"), else []."""
    match = DICTATED_OUTLINE.search(clause)
    if match is None:
        return []
    listed = match.group("list").strip()
    marks = list(re.finditer(r"(?:^|(?<=\s))\(?[1-9]\d?[.)]\s+", listed))
    if len(marks) >= 2:
        parts = [listed[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(listed))]
                 for i, m in enumerate(marks)]
    else:
        parts = re.split(r"\s*(?:;|\n|(?<=[.!?])\s+|\s+->\s+|\s+→\s+)\s*", listed)
    beats = [p.strip(" .;,") for p in parts if len(p.strip(" .;,")) >= 3]
    return [b[0].upper() + b[1:] + "." for b in beats] if len(beats) >= 2 else []


def _fill_beats(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    given = dictated_beats(req.clause)
    if given:
        return given if many else "\n".join(given)
    if re.search(r"\b(?:three|five|3|5)[- ]acts?\b", req.clause, re.I) and not re.search(r":\s*\S", req.clause):
        return None  # "a three-act outline" asks for one built from the logline, not beats said here
    count = find_count(req.clause) or 6
    subject = subject_of(req.clause)
    fallback = f"the hero is pulled into the story of {req.context.name or 'the film'}"
    premise = [w for w in re.findall(r"[a-z']+", subject.lower()) if w not in _NOT_A_PREMISE]
    source = filled.get("logline") or (subject if len(premise) > 2 else fallback)
    beats = beats_from(source, count)
    return beats if many else "\n".join(beats)


_GIVEN = re.compile(r"(?::\s*|\b(?:named|called)\s+[\w' -]+?,\s*|[?.!]\s+(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\s+|"
                    r"\s[—–-]+\s+(?!(?:add|make|use|treat|have)\b)|\b(?:prop|location|set|place)[.,]\s+|"
                    r"\b(?:add|introduce|cast)\s+(?:a\s+(?:new\s+)?character\s*[—–:-]?\s*)?[A-Za-z][\w'’-]*\s*,\s*)"
                    r"(?P<text>[^:—–]{3,})$", re.I)


_WORN = (re.compile(r"\b(?:wears?|wearing|dressed\s+in|change\s+(?:it\s+)?(?:in)?to|now)\s+"
                    r"(?P<text>(?:an?|the|his|her|their|some)\s+[^.;:]+)", re.I),
         re.compile(r"\b(?:costume|wardrobe|outfit)\s+(?:is|should\s+be|becomes|of|to)\s+(?P<text>[^.;:]+)", re.I),
         re.compile(r"\b(?:an?|the)\s+(?P<text>[\w ,'-]{3,80}?)\s+(?:costume|outfit)\b", re.I),
         re.compile(rf"\b(?P<text>(?:an?|his|her|their|some)\s+(?:[\w'-]+\s+){{0,4}}?(?:{GARMENT_WORDS})s?\b[^.;:]*)",
                    re.I))
_OWNED_GARMENT = re.compile(rf"(?:\b[A-Za-z][\w-]*(?:'s|’s)\s+)?(?P<text>(?:[\w-]+\s+){{0,3}}?(?:{GARMENT_WORDS})s?)\b",
                            re.I)
_SCENES_TAIL = re.compile(r"(?:^|\s*,?\s+)(?:only\s+)?(?:in|for|during|across|throughout|on|at)\s+"
                          r"(?:scenes?\s+[\d ,and&]+|"
                          r"every\s+scene(?:\s+(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re)\s+in)?|"
                          r"all\s+(?:the\s+)?scenes|the\s+whole\s+film)\s*$|\s+(?:for|on)\s+[A-Z][a-z]+\s*$", re.I)


def _costume_words(clause: str) -> str | None:
    """Return what a costume looks like, as the film-maker said it (never the whole request).

    "costume note: ida wears a moss cardigan, in every scene she's in" -> "A moss cardigan."; "juno's
    yellow raincoat - only in the bridge scenes" -> "Yellow raincoat." (the garment, not "only").
    """
    given = _GIVEN.search(clause)
    text = given.group("text") if given else clause
    for pattern in _WORN:
        match = pattern.search(text)
        if match:
            text = match.group("text")
            break
    else:
        if not given:
            return None
    text = _SCENES_TAIL.sub("", text.strip()).strip(" .,")
    if not GARMENT.search(text):  # the words after the dash say where, not what: the garment is before it
        worn = _OWNED_GARMENT.search(clause)
        text = worn.group("text") if worn else text
    return (text[0].upper() + text[1:] + ".") if len(text) >= 3 else None


def _fill_description(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    if "costume" in tool_name:
        return _costume_words(req.clause)
    name = filled.get("name") or filled.get("character_name") or filled.get("character") or ""
    kind = entity_kind("name", tool_name)
    if not is_creating(tool_name) and name:
        # A revision folds the change into what is there; a request that states no change gets a question.
        old = req.context.character_descriptions.get(str(name), "")
        said = next((w for n, w in match_places(req.clause, [str(name)])), str(name)) if kind != "character" else name
        return revised_description(str(said), old, req.clause, thing=kind != "character")
    given = _GIVEN.search(req.clause)
    if given:
        # The film-maker wrote the description: keep their words, not a draft.
        text = given.group("text").strip().rstrip(".")
        return text[0].upper() + text[1:] + "."
    if kind == "character" and name:
        return character_description(str(name), req.clause)
    if kind in ("location", "prop") and name:
        return thing_description(str(name), kind, req.clause)
    return plain_draft(req.clause, find_tones(req.clause))


_NEW_NAME = re.compile(r"\b(?:to|as|into)\s+[\"“']?(?P<name>[A-Za-z][\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)[\"”']?"
                       r"(?=\s*(?:$|[,.;!?]|\s+(?:everywhere|throughout|instead|please|in\b|across)))", re.I)
_CALL = re.compile(r"\bcall\s+(?P<old>[A-Za-z][\w'’-]*)\s+[\"“']?(?P<name>[A-Za-z](?:[\w’-]|'(?=\w))*)[\"”']?", re.I)


_CALLED = re.compile(r"(?:\b(?:be|is|gets?|now)\s+(?:now\s+)?(?:called|named|known as)|\bgoes by|"
                     r"\bname\s+(?:should\s+be|is\s+now|will\s+be|becomes|to)|\bname\s+(?:it|her|him|them)\s+)"
                     r"\s*[\"“']?(?P<name>[A-Za-z](?:[\w’-]|'(?=\w))*)", re.I)
_ARROW = re.compile(r"(?P<old>[A-Za-z][\w'’-]*)\s*(?:->|→|=>|-->)\s*[\"“']?(?P<name>[A-Za-z][\w’-]*)")


_PLACE_NAME = re.compile(r"\b(?:to|as|into|called|named)\s+(?:the\s+|a\s+|an\s+)?[\"“']?"
                         r"(?P<name>[A-Za-z][\w'’ -]{0,60}?)[\"”']?"
                         r"\s*(?:$|[,.;!?]|\s+(?:everywhere|throughout|instead|please|from now on)\b)", re.I)
"""A place's new name runs to the end: "rename the office to the night depot" -> NIGHT DEPOT."""


_OLD_NAME = re.compile(r"\b(?:rename|call)\s+(?P<old>[A-Za-z][\w’-]*)\s+(?:to|as|into)\s+\S", re.I)


def _fill_old_name(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    if tool_name == "rename_location":
        before = re.split(r"\s(?:to|as|into)\s", req.clause, maxsplit=1)[0]  # the old name comes before "to"
        return next((name for name, _ in match_places(before, req.context.locations)), None)
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
            name = (_quoted(req.clause) or "").upper()  # "call the bridge 'Albert Bridge' instead"
        if not name:  # "call the office location LEFT LUGGAGE": the new name in capitals, as a heading has it
            name = capitals_name(req.clause, [*req.context.locations, *req.context.characters]) or ""
        return name if name and len(name.split()) <= 5 and name != old.upper() else None
    called = _CALLED.search(req.clause)
    if called and called.group("name").upper() != old.upper():
        return called.group("name").strip().upper()
    for pattern in (_ARROW, _CALL, _NEW_NAME):
        match = pattern.search(req.clause)
        if match and match.group("name").upper() != old.upper():
            return match.group("name").strip().upper()
    return None


def _card_kind(clause: str) -> str | None:
    """Return "credits" for a card at the end ("end credits card", "a closing card"), "title" for one at the start."""
    if re.search(r"\b(?:credits?|end\s+card|closing\s+card|final\s+card|at\s+the\s+(?:very\s+)?end|last\s+card|"
                 r"outro|dedication)\b", clause, re.I):
        return "credits"
    if re.search(r"\b(?:title\s+card|opening\s+card|at\s+the\s+(?:very\s+)?(?:start|beginning)|first\s+card)\b",
                 clause, re.I):
        return "title"
    return None


def _fill_palette(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    colours = _palette(req.clause)
    return (colours if many else "; ".join(colours)) or None


_TAG_WORDS = (
    ("rewrite", r"\b(?:another pass|needs? (?:some |more |a bit more |a lot more |a lot of )?work|re-?work|revisit|"
                r"to fix|fix later|not there yet|redo|needs? (?:fixing|attention|a rethink|rethinking)|drags|"
                r"too (?:long|slow)|flat|boring|(?:doesn'?t|does not|isn'?t|is not|not) work(?:ing)?)\b"),
    ("love", r"\b(?:favou?rite|a gem|perfect|gorgeous|beautiful|adore)\b"),
    ("keep", r"\b(?:keeper|lock(?:ed)?(?: it)?|don'?t touch|leave (?:it|this) alone|final)\b"),
    ("hate", r"\b(?:weak|awful|terrible|dreadful|worst)\b"),
)
"""Tag meanings said in other words ("it needs another pass" is the rewrite tag)."""
_NOT_A_TAG = frozenset("scene tag the a an it this that them scenes me us review shot shots".split()) - {"review"}


def _fill_tags(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    untag = bool(UNTAG.search(req.clause))
    if prop == "remove" and not untag:
        return None  # nothing is taken off unless the request says so
    if prop != "remove" and untag and tool_name in _UNTAGGING:
        return None  # the tags said are the ones taken off: they go to "remove"
    return _said_tags(req, many)


_UNTAGGING = frozenset({"tag_scene", "tag_block"})


def _said_tags(req: Request, many: bool) -> Any:
    clause = req.clause
    for name in sorted(req.context.all_names(), key=len, reverse=True):  # "tag RIVER BRIDGE rain-cover": not "river"
        clause = re.sub(rf"(?:\bthe\s+)?\b{re.escape(name)}\b", " ", clause, flags=re.I)
    req = replace(req, clause=clause)
    wish = re.sub(r"\b(?:i'?d|i would|would|we'?d)\s+love\b", "", req.clause, flags=re.I)  # "I'd love X" is a wish
    found = [t for t in ("keep", "rewrite", "love", "hate") if re.search(rf"\b{t}\b", wish, re.I)]
    found = found or [tag for tag, said in _TAG_WORDS if re.search(said, req.clause, re.I)][:1]
    quoted = _quoted(req.clause)
    if not found and quoted:
        found = [quoted]
    if not found:
        pattern = (r"\b(?:as|tag|tagged|label|labelled|labeled|with|for|mark|marked)\s+"
                   r"(?:(?:it|them|this|that)\s+(?:as\s+)?)?(?:the\s+tag\s+|a\s+|an\s+)?([a-z][\w-]{1,39})\b")
        words = [m.group(1).lower() for m in re.finditer(pattern, req.clause, re.I)]
        found = [w for w in words if w not in _NOT_A_TAG][:1]
    return (found if many else found[0]) if found else None


def _fill_path(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    match = re.search(r"[\w./\\-]+\.[A-Za-z0-9]{2,7}\b", req.clause)
    return match.group(0) if match else None


_VOICE_SAID = (re.compile(r"\bvoice\s*(?:is|should\s+be|needs\s+to\s+be|to\s+be|to|:|=|[-–—]|becomes|"
                          r"sounds?(?:\s+like)?)\s+(?:an?\s+)?(?P<text>[^.;]{2,}?)\s*(?:[.;]|$)", re.I),
               re.compile(r"\b(?:an?|the)\s+(?P<text>[\w ,'-]{2,60}?)\s+voice\b", re.I),
               re.compile(r"\b(?:sounds?|speaks?|talks?)\s+(?:like\s+)?(?P<text>[^.;]{2,}?)\s*(?:[.;]|$)", re.I))
_VOICE_ID = re.compile(r"\bvoice[- ]?id\s*(?:is|to|:|=|of)?\s*[\"'“]?(?P<id>[A-Za-z0-9_-]{4,64})\b|"
                       r"\belevenlabs\s+voice\s+[\"'“]?(?P<id2>(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{8,64})\b", re.I)


def _voice_words(clause: str) -> str | None:
    """Return how the film-maker said a voice sounds ("ida's voice is low and dry" -> "low and dry")."""
    for pattern in _VOICE_SAID:
        match = pattern.search(clause)
        if match and not _VOICE_ID.search(match.group("text")):
            text = re.sub(r"^(?:is|like|with|in)\s+(?:an?\s+)?", "", match.group("text").strip(" ,'\""), flags=re.I)
            return text or None
    return None


_MUSIC_VERB = re.compile(r"^.*?\b(?:compose|generate|make|create|write|score)\b\s*(?:me\s+|us\s+)?"
                         r"(?:some\s+|a\s+|an\s+)?(?:(?:new|original)\s+)?"
                         r"(?:\d+[- ]?(?:s|sec|secs|seconds?|minutes?)\b[- ]?(?:long\s+)?)?",
                         re.I)
_MUSIC_TAIL = re.compile(r"\s*\b(?:music|score|soundtrack|track|theme|piece|bed)?\s*(?:for|under|over|across)\s+"
                         r"(?:the|my|our|this)\s+(?:whole\s+)?(?:film|movie|cut|short|project)\b.*$|"
                         r"\s*\b(?:for\s+\d+\s*(?:s|sec|secs|seconds?))\b.*$", re.I)


def _music_words(clause: str) -> str | None:
    """Return what music the film-maker asked for ("compose a slow cello score for the film" -> "slow cello score")."""
    text = _quoted(clause) or _after_colon(clause)
    if not text:
        text = _MUSIC_TAIL.sub("", _MUSIC_VERB.sub("", clause.strip(), count=1)).strip(" .,;:'\"")
    return text or None


def _voice_id(clause: str) -> str | None:
    match = _VOICE_ID.search(clause)
    return (match.group("id") or match.group("id2")) if match else None


_LIGHTING = re.compile(r"\b(?:lighting|lit|light)\b\s*(?:is\s+|should\s+be\s+|:\s*|by\s+|with\s+|from\s+|of\s+)?"
                       r"(?P<text>[^.;:]+?)\s*(?=[.;]|,\s*(?:like|after|references?|inspired)\b|\s+(?:like|after|"
                       r"inspired\s+by|references?)\b|$)", re.I)
_REFERENCES = re.compile(r"\b(?:like|after|references?:?|inspired\s+by|in\s+the\s+style\s+of|[àa]\s+la)\s+"
                         r"(?P<text>[^.;:]+)$", re.I)


def _fill_look_name(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    given = _quoted(req.clause) or (m.group(1) if (m := _NAMED.search(req.clause)) else None)
    if given:
        given = re.split(r"[:,]|\s+(?:with|for|on|lit|wide|close|medium|look)\b", given)[0].strip()
    # An existing look is found by the words of its name, so the clause itself may stand for it.
    return given or (None if is_creating(tool_name) else req.clause)


def _lighting(clause: str) -> str | None:
    match = _LIGHTING.search(clause)
    return match.group("text").strip(" ,") if match and len(match.group("text").strip()) >= 3 else None


def _references(clause: str) -> list[str] | None:
    match = _REFERENCES.search(clause)
    if match is None:
        return None
    return [r.strip(" .") for r in re.split(r",|\band\b|&", match.group("text")) if len(r.strip(" .")) >= 2] or None


def _shot_note(clause: str) -> str:
    """Return a shot's note without the "of scene N" the director appends when it spells out "shot 2.3"."""
    return re.sub(r"\s+(?:of|in)\s+scene\s+\d+\s*$", "", _note(clause), flags=re.I)


_GENRES = ("thriller|comedy|horror|drama|noir|neo-noir|western|romance|melodrama|mystery|crime|fantasy|sci-fi|"
           "science fiction|musical|satire|documentary|road movie|coming-of-age|war|heist|action|animation")
_SAID_TAGS = {
    key: re.compile(rf"\b{key}s?(?:'s|’s)?\b\s*(?:is|are|:|=|-|to|of|should be)?\s*"
                    rf"(?P<v>[a-z][\w'-]*(?:\s*(?:/|&|,|\band\b|\s)\s*(?!{other}\b)[a-z][\w'-]*)*)", re.I)
    for key, other in (("genre", "tone"), ("tone", "genre"))
}
_A_GENRE = re.compile(rf"\b(?:an?|the)\s+(?:(?P<adj>[\w-]+)\s+)?(?P<v>{_GENRES})\b", re.I)


def names_a_genre(clause: str) -> bool:
    """Tell whether a clause names a kind of film ("a slow-burn thriller", "an urban fairy tale")."""
    return _A_GENRE.search(clause) is not None


_NOT_A_TONE = frozenset("new good proper real little short long big small kind sort type full feature".split())


def _fill_genre_tone(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Return the genre or tone tags said after "genre"/"tone" ("genre noir, tone wry"); a tone otherwise."""
    if tool_name != "set_genre_tone":
        return _direction(req.clause) if prop != "genre" else None
    said = _SAID_TAGS[prop].search(req.clause)
    if said is not None:
        values = [v for v in re.split(r"\s*(?:/|&|,|\band\b)\s*", said.group("v").strip()) if v.strip()]
    elif prop == "genre" and (named := _A_GENRE.search(req.clause)):  # "make it a slow-burn thriller"
        values = [named.group("v")]
    elif prop == "tone" and (named := _A_GENRE.search(req.clause)) and named.group("adj") and (
            named.group("adj").lower() not in _NOT_A_TONE):  # "call it a bittersweet comedy": bittersweet is the tone
        values = [named.group("adj")]
    else:
        return None
    values = [v.strip().lower() for v in values]
    return values if many else ", ".join(values)


def _simple(function: Callable[[str], Any]) -> _Filler:
    return lambda prop, many, tool_name, req, filled: function(req.clause)


_BY_NAME: dict[str, _Filler] = {
    "direction": _fill_direction,
    **dict.fromkeys(("tone", "genre"), _fill_genre_tone),
    "mood": _simple(_direction),
    **dict.fromkeys(("heading", "slugline", "scene_heading"), _fill_heading),
    **dict.fromkeys(("time_of_day", "time"), _fill_time),
    **dict.fromkeys(("content", "body", "text", "scene_text", "fountain", "script"), _fill_content),
    "logline": lambda prop, many, tool_name, req, filled: _logline(req),
    **dict.fromkeys(("premise", "idea", "pitch"), _simple(lambda c: _quoted(c) or _after_colon(c))),
    **dict.fromkeys(("beats", "outline"), _fill_beats),
    **dict.fromkeys(("description", "bio", "summary", "details", "appearance"), _fill_description),
    **dict.fromkeys(("query", "search", "q", "search_query"), _simple(lambda c: _after_verb(c))),
    **dict.fromkeys(("branch_name", "branch", "branch_label"), _simple(_slug)),
    **dict.fromkeys(("note", "comment", "message"), _simple(_note)),
    "note": lambda prop, many, tool_name, req, filled: _shot_note(req.clause) if tool_name == "note_shot" else
    _note(req.clause),
    **dict.fromkeys(("style", "look", "art_style"), _simple(_style)),
    **dict.fromkeys(("palette", "colors", "colours"), _fill_palette),
    "new_name": _fill_new_name,
    "kind": lambda prop, many, tool_name, req, filled: _card_kind(req.clause) if tool_name == "add_card" else None,
    "old_name": _fill_old_name,
    **dict.fromkeys(("tags", "tag", "label", "remove"), _fill_tags),
    "voice": _simple(_voice_words),
    "music": _simple(_music_words),
    "look_name": _fill_look_name,
    "lighting": _simple(_lighting),
    "references": _simple(_references),
    "costume": _simple(lambda c: c),  # a reference the repository resolves by the words of costume names
    "voice_id": _simple(_voice_id),
    **dict.fromkeys(("path", "out", "output", "filename", "file"), _fill_path),
    **dict.fromkeys(("task", "request", "instruction", "instructions", "prompt"), _simple(lambda c: c)),
}


def fill_string(prop: str, schema: dict[str, Any], tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Fill a string (or list-of-strings) property by its name; None when the clause gives nothing."""
    many = schema.get("type") == "array"
    filler = _BY_NAME.get(prop)
    if filler is not None:
        return filler(prop, many, tool_name, req, filled)
    if any(k in prop for k in ("character", "location", "prop")) or prop in ("name", "names", "who", "cast"):
        return fill_name(prop, tool_name, req, many=many)
    return None


def leftover(clause: str) -> str:
    """Return the clause minus its verb: the fallback for required free-text arguments."""
    return _after_verb(clause)
