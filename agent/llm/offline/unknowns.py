"""Notice people, things and past talk a request names that the project does not have."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.clauses import ACTION_VERBS
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.names import match_names, match_places
from agent.roles import names_a_person

__all__ = ["UNSAID", "lacks", "no_such", "stranger", "unknown_owner", "unknown_relative", "unknown_thing"]

UNSAID = re.compile(r"\b(?:thing|stuff|change|idea|plan|fix|bit)s?\s+(?:that\s+)?(?:we|you|i)\s+(?:talked|spoke|"
                    r"discussed|mentioned|agreed|said|chatted)\b|\b(?:what|like)\s+(?:we|you|i)\s+(?:discussed|"
                    r"talked about|agreed|said before|mentioned)\b|\bthe usual\b", re.I)
"""A request that points at something said elsewhere: the offline director cannot know what, so it asks."""
_ACTS_ON = re.compile(r"^(?:(?:re-?write|redo)\s+scene\s+\d{1,3}\s*:\s*)?(?:please\s+)?"
                      r"(?:give|make|dress|describe|age|put|bring|rename|delete|remove|cut)\s+"
                      r"([A-Za-z][\w'’-]+)\b", re.I)
_NOT_SOMEONE = frozenset("sure up down out back away over together off on in into something nothing anything anyone "
                         "someone somebody nobody better worse sense time room space way changes change sound light "
                         "lights music noise rain snow fog wind weather "
                         "the a an it its her him them me us his their this that these those all everyone everything "
                         "she he they you we i people everybody somebody anybody nobody "
                         "scene scenes shot shots some more less every each another one both our my your".split())
_WHOSE = re.compile(r"\b([A-Za-z][\w-]+)(?:'s|’s)\s+(?:lines?|dialogue|speech(?:es)?|part|role|scenes?|costume|outfit|"
                    r"clothes|voice|backstory|arc|monologue|entrance|exit)\b", re.I)
"""Someone's part of the film: "make marek's lines drier" names a character, in the cast or not."""
_SAYS = re.compile(r"\b(?:what|when|where|how|why)\s+(?:does|did|do|will|would|should)\s+([A-Za-z][\w-]+)\s+"
                   r"(?:say|said|tell|wear|think|want|feel|do)\b", re.I)
"""A question about what someone says or does: "what does marek say on the ferry?"."""


_GRAND_AND_STEP = ("grandson|granddaughter|grandchild|grandkid|stepson|stepdaughter|stepmother|stepfather|godson|"
                   "goddaughter")
"""Relatives by a generation or by marriage, in both lists of relations below."""
_KIN = (r"(?:brother|sister|mum|mom|mother|dad|father|son|daughter|wife|husband|friend|boss|aunt|auntie|uncle|cousin|"
        r"gran|granny|grandma|grandmother|grandpa|grandad|grandfather|girlfriend|boyfriend|partner|neighbour|neighbor|"
        r"colleague|landlord|landlady|niece|nephew|ex|fiancee?|flatmate|roommate|" + _GRAND_AND_STEP + r")")
_PERSON_SLOTS = (
    # "juno's little brother marco", "her mum, rachel": a relative named right after the relation
    # (not "did juno's mum tie …?": after "did", the word after the relation is what they did)
    re.compile(rf"(?<!\bdid\s)(?<!\bdoes\s)(?<!\bdo\s)(?<!\bwill\s)(?<!\bcan\s)(?<!\bwould\s)(?<!\bcould\s)"
               rf"\b(?:[A-Za-z]+(?:'s|’s)|her|his|their|my|our)\s+(?:(?:little|big|older|younger|best|late|old)\s+)?"
               rf"{_KIN},?\s+(?:called\s+|named\s+)?([A-Za-z][\w-]+)\b(?=\s*(?:[,.;:!?]|$)|\s+(?:should|could|must|"
               rf"needs?|is|was|has|will|would|can|and|to|in|from|who)\b)", re.I),
    # "marco should be in the bus scene", "marco needs to turn up at the end"
    re.compile(r"^\W*([A-Za-z][\w-]+)\s+(?:should|could|must|needs?\s+to|has\s+to|ought\s+to)\s+(?:also\s+)?"
               r"(?:be|appear|show\s+up|turn\s+up|come\s+in)\s+(?:in|on|at|for)\b", re.I),
    # "what's marco wearing", "is marco in scene 2", "does marco ever meet ida"
    re.compile(r"\bwhat(?:'s|’s|\s+is|\s+was)\s+([A-Za-z][\w-]+)\s+(?:wearing|doing|saying|carrying|holding)\b", re.I),
    re.compile(r"^\W*(?:is|was|does|did)\s+([A-Za-z][\w-]+)\s+(?:ever\s+|still\s+|actually\s+)?(?:in|on|at|meet|meets|"
               r"appear|show\s+up|say|speak|talk|wear|come\s+back)\b", re.I),
    # "give marco a scar": a bare name takes no article
    re.compile(r"^\W*(?:please\s+)?give\s+([A-Za-z][\w-]+)\s+(?:a|an|some)\s", re.I),
)
_DICTATED = re.compile(r"^\W*(?:(?:the|my|our|a|new)\s+)?(?:logline|premise|outline|synopsis|pitch|summary|"
                       r"description)\s*(?:is\s*)?[:—–-]|"
                       r"^\W*(?:add|create|introduce)\s+(?:a\s+)?(?:new\s+)?character\b[^:]{0,40}:", re.I)
"""Words the film-maker dictates (a logline; a newcomer's description after "add a character X:"): no cast list."""
_NOT_A_NAME = frozenset("should could would will can must is was has had does did who that which and or but to from "
                        "with there here what when where why how not no just only also still ever as a an the "
                        "in on at for dawn dusk night day morning evening noon midnight sunrise sunset daytime "
                        "nighttime daylight".split())


def _not_a_newcomer(low: str, word: str, context: ProjectContext) -> bool:
    """Tell whether a word in a person's slot is no new person: a common word, a verb, or someone already there."""
    return low in _NOT_SOMEONE or low in ACTION_VERBS or bool(match_names(word, context.all_names()))


def unknown_owner(clause: str, context: ProjectContext) -> str | None:
    """Return the person a request names when the cast has nobody called that (None otherwise).

    "X's lines", "what does X say", "juno's brother X", "X should be in scene 4", "what's X wearing",
    "is X in the bus scene", "give X a scar": X is someone, and the cast has no X.
    """
    if not context.characters or _DICTATED.match(clause):
        return None  # "logline: ... the last thing her mother touched" is the film-maker's text, not a cast list
    for pattern in (_WHOSE, _SAYS, *_PERSON_SLOTS):
        match = pattern.search(clause)
        if match is None:
            continue
        word = match.group(1)
        low = word.lower().removesuffix("'s").removesuffix("’s")
        if _not_a_newcomer(low, word, context) or low in _NOT_A_NAME:
            continue
        if len(low) > 4 and low.endswith(("ed", "ing")):
            continue  # "her mother touched": a verb, not a name
        return re.sub(r"(?:'s|’s)$", "", word)
    return None


_KIN_OR_PET = ("brother|sister|mum|mom|mother|dad|father|wife|husband|son|daughter|boss|girlfriend|boyfriend|partner|"
               "aunt|uncle|cousin|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|niece|nephew|twin|"
               + _GRAND_AND_STEP + "|dog|cat|puppy|kitten|parrot|horse|pet")
"""Someone's relative or pet said by relation ("ida's sister", "juno's dog"), for unknown_relative."""


_MADE_MORE = re.compile(r"^\W*(?P<label>(?:re-?write|redo)\s+scene\s+\d{1,3}\s*:\s*)?"
                        r"(?:(?:so|ok|okay|and|also|now|please|pls)[,]?\s+)*(?:make|have|get|let)\s+"
                        r"(?P<who>[a-z][\w'’-]*)\s+(?:(?:a\s+(?:bit|little|lot|touch|tad)|much|way|even|far)\s+)?"
                        r"(?:angrier|kinder|meaner|nicer|sadder|happier|tougher|gentler|calmer|braver|shyer|bolder|"
                        r"wiser|grumpier|friendlier|ruder|crueller|crueler|nastier|wittier|sillier|moodier|cockier)\b"
                        r"(?(label)|.*\b(?:in|on|during|at)\b)", re.I)
"""Someone made kinder or angrier somewhere ("make omar angrier in scene 2"): a person, who must be in the film."""


def unknown_subject(clause: str, context: ProjectContext) -> str | None:
    """Return the name of someone a change is about whom neither the cast nor the scenes in view mention, else None."""
    made = _MADE_MORE.match(clause.strip())
    if made is None or not context.characters:
        return None
    who = made.group("who").lower().removesuffix("'s").removesuffix("’s")
    if _not_a_newcomer(who, made.group("who"), context) or who in _NOT_A_NAME or match_places(who, [
            *context.locations, *context.props]):
        return None
    shown = " ".join(s.content or "" for s in (*context.scenes, *context.neighbours)).lower()
    return None if re.search(rf"\b{re.escape(who)}\b", shown) else who


def unknown_relative(clause: str, characters: Sequence[str], *, leading: bool = False) -> tuple[str, str] | None:
    """Return (person, relation) for "X's brother" or "X's dog" still said that way (a known one is a name by now).

    ``leading``: only when the clause is about them, opening on them or on the verb acting on them ("give X's wife
    a line", "X's cat should be ginger"), not "she runs the shop where X's mum worked".
    """
    if not characters:
        return None
    names = "|".join(re.escape(n) for n in sorted(characters, key=len, reverse=True))
    lead = (r"^\W*(?:(?:so|ok|okay|and|also|now|please)[,]?\s+)*(?:(?:give|make|have|let|rename|call|put|add|cast|"
            r"describe|change|revise|update|dress|age)\s+)?(?:the\s+)?") if leading else r"\b"
    found = re.search(rf"{lead}(?P<who>{names})(?:'s|’s|s)\s+(?:(?:little|big|older|younger|kid|baby)\s+)?"
                      rf"(?P<kin>{_KIN_OR_PET})\b", clause, re.I)
    return (found.group("who"), found.group("kin").lower()) if found and not re.match(
        r"(?:'s|’s)\s", clause[found.end():]) else None  # "mara's dad's boat": what is his, not him


def stranger(clause: str, context: ProjectContext) -> str | None:
    """Say so when a change names someone who is not in the project ("give marcus a hat", "marek's lines")."""
    cast = ", ".join(sorted({*context.characters, *context.pronouns})[:8])  # the whole cast, not only those named
    word = unknown_owner(clause, context)  # "ida's sister lotte": Lotte, by name; "… sister kinder": no name
    kin = unknown_relative(clause, context.characters) if word is None or re.search(r"er$", word, re.I) else None
    if kin is not None:  # "make Ida's sister kinder" when the script gives Ida no sister
        return (f"There's no {kin[1]} of {kin[0].title()}'s in the cast ({cast}). Shall I add {kin[0].title()}'s "
                f"{kin[1]} as a new character, or did you mean someone else?")
    if word is None:
        match = _ACTS_ON.match(clause.strip())
        word = re.sub(r"(?:'s|’s|')$", "", match.group(1)) if match else ""
        if not word or not context.characters or _not_a_newcomer(word.lower(), word, context):
            return None
    return (f"There is no {word.upper()} in the cast ({cast}). Shall I add {word.title()} as a new character, "
            f"or did you mean someone else?")


_THING_STATEMENT = re.compile(r"^(?:(?:make|have)\s+)?(?:the|our|my|that)\s+"
                              r"(?P<x>[a-z][\w'-]*(?:\s+(?!(?:should|could|needs?|must|has)\b)[a-z][\w'-]*)?)\s+"
                              r"(?:(?:should|could|needs?\s+to|must|has\s+to)\s+)?(?:look|be|feel|seem|get)\b", re.I)
_NOT_A_THING_WORD = frozenset("scene scenes film movie story script screenplay ending opening shot shots cut edit "
                              "music score pace pacing dialogue look palette light lighting tone logline outline "
                              "title timeline sound mood colour color style credits beginning end start middle "
                              "project branch character characters premise genre version new same other first last "
                              "this that it".split())
_PLACE_SAID = re.compile(r"\b(?:the|our|that)\s+(?P<x>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)\s+(?:location|set)\b"
                         r"(?!\s+(?:is|as|should|called|named)\b)", re.I)
"""A place named as a location: "move the boathouse location to dusk"."""
_RENAMED_THING = re.compile(r"^(?:please\s+)?(?:rename|re-name|retitle)\s+the\s+"
                            r"(?P<x>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)\s+(?:to|as|into)\s+\S", re.I)
"""A thing renamed ("rename the boathouse to The Slipway"): "the" says a place or prop, not a person."""


def unknown_thing(clause: str, context: ProjectContext) -> str | None:
    """Return the thing a note describes when the project has no place or prop by that name.

    "the silo should look older" in a film without a silo; None when it names something known, a scene or
    the film.
    """
    match = (_THING_STATEMENT.match(clause.strip()) or _PLACE_SAID.search(clause)
             or _RENAMED_THING.match(clause.strip()))
    if match is None or not (context.locations or context.props):
        return None
    thing = match.group("x")
    words = thing.lower().split()
    if words[-1] in _NOT_A_THING_WORD or words[0] in _NOT_A_THING_WORD or match_names(thing, context.all_names()):
        return None
    if match_places(thing, [*context.locations, *context.props]) or any(
            thing.lower() in r.phrase.lower() for r in context.refs):
        return None
    if _PUT_IN_SCENE.search(clause):
        return None  # "the kettle should be in scene 6 too": put there (a new prop if it is none yet), not described
    return thing


_PUT_IN_SCENE = re.compile(r"\b(?:be|appear|go|sit|stand)\s+(?:in|on)\s+(?:the\s+(?:[\w'-]+\s+){0,3}?scene|"
                           r"scene\s+\d+)\b", re.I)
"""Anything put in any scene, anywhere in a clause: wider than the readers that route (names.THING_INTO_SCENE,
structure._ALSO_IN) on purpose, as it only keeps a thing from being questioned as unknown."""


_BRINGS_IN = re.compile(r"\b(?:add|adds|added|introduce|create|new|another|put|place|stick|bring|we\s+need|"
                        r"there\s+should\s+be|as\s+(?:a|an)\s+(?:prop|location|character|set|place))\b", re.I)
"""A request that brings the thing in ("add the kettle as a prop") is not about something missing."""


def lacks(clause: str, act: str, context: ProjectContext) -> str | None:
    """Return what a command or question names that the film does not have ("the sword fight"), else None."""
    if act not in ("command", "question") or _BRINGS_IN.search(clause):
        return None
    return next((phrase for phrase in context.absent if phrase.lower() in clause.lower()), None)


def no_such(thing: str, context: ProjectContext) -> str:
    """Say the film has no such thing, so the film-maker can point at the right part or have it written in."""
    scenes = f"its {context.scene_count} scenes" if context.scene_count else "the screenplay"
    places = f" The locations are {', '.join(context.locations[:8])}." if context.locations else ""
    if names_a_person(thing) and context.characters:  # "the waitress": who there is, not where
        places = f" The cast is {', '.join(sorted(context.characters)[:8])}, and none of them is one."
    return (f"There's no {thing} in the film: I looked through {scenes}, the cast, places and props.{places} "
            f"Which part did you mean, or shall I write one in?")
