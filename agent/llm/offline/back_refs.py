"""What a request's "that"/"it"/"one" means when the sentences before it in the message said it.

Film-makers tell the news first and ask after: "The set photos came in. The bakery is all flour sacks and tin
trays. Work that into the place's description?" These readers spell such a request out as a step the rest of
the director already knows ("change the BAKERY location's description: all flour sacks and tin trays"). Each
returns None unless the words before say exactly one thing the request can mean, so nothing unsaid is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.names import match_names
from agent.llm.offline.speech import commands

__all__ = ["named_back", "took_from"]

_POLITE = (r"^\W*(?:so,?\s+|ok(?:ay)?,?\s+|right,?\s+)?(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+)?"
           r"(?:please\s+)?")
_WHOSE = r"(?P<whose>his|her|their|the\s+location'?s|the\s+character'?s|the\s+[\w ]{2,30}?'s|[\w]+'s)"
_PUT_THAT_IN = re.compile(
    _POLITE + r"(?:put|add|use|note|write|set|take|keep|include|stick|pop|work)\s+(?:that|this|it|those|them)\s+"
    r"(?:(?:in|down)\s+)?(?:in(?:to)?|to|on|as)\s+" + _WHOSE + r"\s+(?:(?:new|character|location)\s+)?"
    r"(?:description|notes?|bio|profile|(?:character\s+)?sheet)\b(?:\s+(?:too|as\s+well))?(?:,?\s+please)?\W*$", re.I)
"""'Could you pop that into his description?' (or his notes, bio): the words before are the description."""
_PUT_IN_THAT = re.compile(
    _POLITE + r"(?:put|add|note|write|say|mention)\s+(?:in(?:to)?|to|on)\s+" + _WHOSE + r"\s+description\s+that\s+"
    r"(?P<what>\S.*?)\W*$", re.I)
"""'Put in her description that she sings off-key': the words after "that" are the description."""
_TRAILING_ASK = re.compile(r"\s+(?:-|–|—|;)\s+(?=(?:please\s+)?(?:put|add|note|write|use)\s+(?:that|this|it)\b)", re.I)
"""'Juno is 17, not 16 - put that in her description': the request after a dash points at the words before it."""
_SUBJECT = re.compile(r"^(?:(?:and|but|so)\s+)?(?:i\s+(?:keep\s+|always\s+|really\s+)?(?:pictur|imagin|see|think\s+of)"
                      r"(?:e|es|ing|s)?\s+(?:him|her|them|it)\s+as\s+|"
                      r"(?:he|she|they|it)(?:'s|’s|\s+is|\s+are|'re)\s+)", re.I)
"""How news introduces what it describes ("I keep seeing him as", "It's"): not part of the description."""
_RENAME_THAT = re.compile(
    _POLITE + r"(?:let'?s\s+)?(?:rename|call)\s+(?:that|this|the)\s+(?P<kind>location|character|prop|place|set)\s+"
    r"(?:to\s+|as\s+)?(?!(?:that|this|it|so|please|pls|now|too|again|then)\b)(?P<new>[\w'’][\w'’ -]{0,40}?)\W*$", re.I)
"""'Rename that location to STONE WEIR': the location the news named."""
_CALL_IT_THAT = re.compile(r"\b(?:call|name|rename)\s+(?:the\s+character|him|her)\s+that(?:\s+(?:too|as\s+well))?\W*$",
                           re.I)
_NAME_IS = re.compile(r"\b(?:real\s+|actual\s+)?name\s+is\s+(?P<name>[A-Z][\w'’-]+)")
_PROP_IT = re.compile(r"\b(?:make|turn|like|want|have)\s+(?P<it>it|that|this|one)\s+(?:to\s+be\s+|into\s+)?"
                      r"(?:an?\s+)?(?:proper\s+|real\s+|new\s+)?prop\b", re.I)
_CALL_IT = re.compile(r"\bcall\s+it\s+(?:the\s+)?(?P<name>[\w'’][\w'’ -]{0,40}?)\W*$", re.I)
_SUBJECT_THING = re.compile(r"^(?:the|that|this|a|an)\s+(?P<thing>[a-z][\w'’ -]{2,60}?)\s+(?:is|was|looks|feels)\b",
                            re.I)
_PLURAL_THING = re.compile(r"\b(?:these|those|the|some|all\s+the)\s+(?P<thing>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s)\b",
                           re.I)
_TAG_THAT_WAY = re.compile(
    r"^(?:(?:so|and|now),?\s+)?(?:the\s+)?(?P<thing>[\w'’ -]{2,40}?)\s+is\s+(?:now\s+)?an?\s+(?P<tag>[a-z][\w-]*)\s+"
    r"(?P<kind>location|character|prop|set)(?:\s+now)?\s*(?:-|–|—|,|;|\.)\s*(?:so\s+)?(?:please\s+)?"
    r"(?:tag|mark|label|flag)\s+(?:it|that|them)\s+(?:that\s+way|as\s+such|accordingly)\b", re.I)
"""'The tram is a practical set now — tag it that way': the tag is the word the news used."""


def named_back(clause: str, earlier: Sequence[str], context: ProjectContext) -> str | None:
    """Spell out a request whose "that"/"it"/"one" the sentences before it say (None when they do not)."""
    clause = clause.strip()
    before = " ".join(earlier)
    sentences = re.split(r"(?<=[.!?])\s+", clause)
    if len(sentences) > 1:  # the news and the request read as one clause: the request is the last sentence
        before, clause = " ".join([before, *sentences[:-1]]).strip(), sentences[-1]
    return (_described(clause, before, context) or _renamed(clause, before, context)
            or _as_prop(clause, before) or _tagged(clause, before, context) or _place_tagged(clause, before, context))


_TAG_IT = re.compile(r"^(?:(?:so|and|then|also|now)[,]?\s+)*(?:please\s+)?"
                     r"(?P<verb>tag|label|flag|mark)\s+(?:it|that)\s+(?:as\s+)?"
                     r"(?P<tags>(?!(?:that\s+way|as\s+such|accordingly)\b)\S.*?)[\s.!?]*$", re.I)
"""'… the jetty is outdoors; tag it night-shoot': "it" is the place the sentence before was about."""


def _place_tagged(clause: str, before: str, context: ProjectContext) -> str | None:
    """Read "tag it X" after a sentence about one place (and no scene) as tagging that location."""
    asked = _TAG_IT.match(clause)
    said = _last_sentence(before) if asked else ""
    if asked is None or not said or re.search(r"\b(?:scenes?|shots?)\b", said, re.I):
        return None  # "scene 4 is too long; tag it rewrite": the scene, as before
    place = _place(said, context.locations)
    if place is None or not re.search(r"\b(?:location|exterior|interior|outside|inside)\b", said, re.I):
        return None  # only a sentence that is about the place itself, not a scene set there
    # What the sentence said of the place comes along: it may only have set up this "it" (never a step itself).
    return f"{asked.group('verb').lower()} the {place} location {asked.group('tags').strip()}, {said}"


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(" .!"))[-1].strip(" .!")


def _place(text: str, locations: Sequence[str]) -> str | None:
    """Return the one location a text names ("the river bridge"; "the bakery" for CORNER BAKERY), if one."""
    named = match_names(text, locations)
    if not named:  # "the office" is the LOST PROPERTY OFFICE when no other location ends that way
        named = [loc for loc in locations
                 if re.search(rf"\bthe\s+{re.escape(loc.split()[-1])}\b", text, re.I)]
    return named[-1] if len(set(named)) == 1 or (named and match_names(text, locations)) else None


def _whose(whose: str, before: str, context: ProjectContext) -> str | None:
    """Return the step's subject for "his"/"her"/"the location's"/"Ida's" (None when the words do not say one)."""
    whose = whose.lower()
    if re.fullmatch(r"(?:his|her|their|the\s+character'?s)", whose):
        sex = {"his": "m", "her": "f"}.get(whose)  # "her" is not the man named last, when the script says so
        who = [n for n in match_names(before, context.characters) if context.pronouns.get(n, sex) == sex]
        return f"{who[-1].title()}'s" if who else None
    place = _place(before, context.locations) if whose.startswith("the location") else None
    if place is not None:
        return f"the {place} location's"
    named = match_names(whose, context.characters)
    if named:
        return f"{named[0].title()}'s"
    place = _place(whose, context.locations)
    return f"the {place} location's" if place else None


def _described(clause: str, before: str, context: ProjectContext) -> str | None:
    """Read "put that in her description" (the words before) and "put in her description that …"."""
    asked = _PUT_IN_THAT.match(clause)
    if asked is not None:
        what = _SUBJECT.sub("", asked.group("what")).strip()
        whose = _whose(asked.group("whose"), f"{before} {clause[:asked.start('what')]}", context)
        return f"change {whose} description: {what}" if whose and what else None
    inline = _TRAILING_ASK.split(clause, maxsplit=1)
    if len(inline) == 2:  # "Juno is 17, not 16 - put that in her description"
        before, clause = f"{before} {inline[0]}", inline[1]
    asked = _PUT_THAT_IN.match(clause)
    said = _last_sentence(before) if asked else ""
    if asked is None or not said:
        return None
    whose = _whose(asked.group("whose"), before, context)
    others = [n for n in match_names(said, context.characters) if not whose or not whose.startswith(n.title())]
    what = _SUBJECT.sub("", said).strip()
    return f"change {whose} description: {what}" if whose and what and not others else None


def _renamed(clause: str, before: str, context: ProjectContext) -> str | None:
    """Read "rename that location to X" and "call the character that" (the name the news gave)."""
    asked = _RENAME_THAT.match(clause)
    if asked is not None and before:
        kind = asked.group("kind").lower()
        if kind in ("location", "place", "set"):
            old = _place(before, context.locations)
            return f"rename the {old} location to {asked.group('new')}" if old else None
        pool = context.characters if kind == "character" else context.props
        named = match_names(before, pool)
        return f"rename {named[-1]} to {asked.group('new')}" if len(named) == 1 else None
    if _CALL_IT_THAT.search(clause) is None:
        return None
    said = f"{before} {clause}"
    new = _NAME_IS.findall(said)
    who = [n for n in match_names(said, context.characters) if n.lower() not in {w.lower() for w in new}]
    return f"rename {who[-1]} to {new[-1]}" if len(new) == 1 and len(who) == 1 else None


def _singular(plural: str) -> str:
    if re.search(r"(?:ss|sh|ch|x)es$", plural):
        return plural[:-2]
    return plural[:-1] if plural.endswith("s") and not plural.endswith("ss") else plural


def _as_prop(clause: str, before: str) -> str | None:
    """Read "make it a prop … call it X" and "make one a prop" (the thing the news described)."""
    asked = _PROP_IT.search(clause)
    if asked is None or not before:
        return None
    if asked.group("it").lower() == "one":
        things = _PLURAL_THING.findall(before)
        thing = _singular(things[-1]) if things else None
    else:
        sentences = re.split(r"(?<=[.!?])\s+", before.strip())
        found = next((m for s in reversed(sentences) if (m := _SUBJECT_THING.match(s.strip()))), None)
        thing = found.group("thing") if found else None
    if thing is None:
        return None
    named = _CALL_IT.search(clause)
    if named is not None:
        return f"add a prop named {named.group('name').upper()}: the {thing}"
    return f"add a prop: a {thing}"


def _tagged(clause: str, before: str, context: ProjectContext) -> str | None:
    """Read "the X is a practical set now — mark it accordingly": tag the named thing with that word."""
    asked = _TAG_THAT_WAY.search(clause) or _TAG_THAT_WAY.search(f"{_last_sentence(before)}. {clause}")
    if asked is None:
        return None
    kind = asked.group("kind").lower()
    pool = context.characters if kind == "character" else context.props if kind == "prop" else context.locations
    thing = f"the {asked.group('thing')}"
    found = match_names(thing, pool)
    named = _place(thing, pool) if pool is context.locations else found[-1] if found else None
    return f"tag {named} {asked.group('tag').lower()}" if named else None


_REACTION = re.compile(r"(?:i\s+)?(?:just\s+|really\s+|so\s+)?(?:love|adore|like)\s+(?:them|it|those|these|that)"
                       r"(?:\s+so\s+much)?|(?:so|how)\s+(?:good|lovely|great|nice)", re.I)
_REFERENT = re.compile(r"^(?:change\s+(?P<whose>.+?)'s\s+description:|"
                       r"rename\s+(?:the\s+)?(?P<old>.+?)(?:\s+location)?\s+to\s+|"
                       r"add\s+a\s+prop(?:\s+named\s+[^:]+)?:\s+(?:an?\s+|the\s+)?(?P<thing>.+)$|"
                       r"tag\s+.+\s+(?P<tag>[\w-]+)$)", re.I)


def took_from(step: str, news: str) -> bool:
    """Tell whether a step spelled out by ``named_back`` found what it points at in a sentence of news."""
    found = _REFERENT.match(step)
    if found is None or commands(news):
        return False  # a command before stays a step of its own: "cut scene 2. Rename that location to X"
    said = news.lower()
    if _REACTION.fullmatch(said.strip(" .!")):
        return True  # "… these little bells. Adore them. Turn one into a prop": the reaction is news too
    if found.group("whose"):
        whose = re.sub(r"^the\s+|\s+location$", "", found.group("whose").lower())
        return whose in said
    if found.group("old"):
        old = found.group("old").lower()
        return old in said or re.search(rf"\bthe\s+{re.escape(old.split()[-1])}\b", said) is not None
    what = (found.group("thing") or found.group("tag") or "").lower()
    return bool(what) and (what in said or _singular(what) in said or what.rstrip("s") in said)
