"""Questions about the screenplay's words: a character's first or last line, who says a quote, a written detail.

``words_args`` reads such a question into ``project_overview`` arguments (topic, name, which, quote,
detail, scene_number); the tool answers read-only. A tool without those arguments gets nothing from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agent.llm.offline.names import match_names
from agent.llm.offline.numbers import find_scene

__all__ = ["asks_for_words", "words_args"]

_QUOTED = re.compile(r"(?:^|(?<=[\s:(,]))[\"“‘'](?P<q>[^\"“”‘’]{2,}?)[\"”’'](?=[\s?.!,)]|$)")
_WHO_SAYS = re.compile(r"\b(?:who|whose|which\s+(?:character|one|of\s+them)|what\s+character)\b.{0,30}?"
                       r"\b(?:says?|said|saying|speaks?|spoke|utters?|line|lines|words|mentions|talks|brings|calls)\b|"
                       r"\b(?:line|lines|words)\b.{0,60}?\bwho(?:['’]s|\s+(?:has|says|said|gets|got))\b", re.I)
_UNQUOTED = re.compile(r"^(?:so\s+)?(?:who(?:'s|\s+is)?\s+(?:the\s+one\s+)?(?:who\s+|that\s+)?(?:says?|said|calls)|"
                       r"whose\s+line\s+is|who\s+has\s+the\s+line|which\s+character\s+(?:says?|said))"
                       r"\s+(?P<q>.+?)[\s?.!]*$", re.I)
_ABOUT = re.compile(r"\b(?:lines?\s+(?:about|with|mentioning|(?:that\s+|which\s+)?mentions?|where\s+\w+\s+"
                    r"mentions)|^who\s+(?:mentions|talks\s+about|brings\s+up))\s+(?:the\s+words?\s+)?"
                    r"(?P<q>.+?)[\s?.!]*$", re.I)
_NOT_A_QUOTE = re.compile(r"^(?:in|on|at|during|before|after|anything|nothing|something|most|least|more|less|the\s+"
                          r"(?:most|least|first|last|line|lines)|first|last|what|so|yes|no)\b", re.I)
_WHICH = re.compile(r"\b(?P<which>first|opening|last|final|closing|very\s+(?:first|last))\s+"
                    r"(?:(?:spoken\s+)?lines?|words?|speech|bit\s+of\s+dialogue|thing\s+\w+\s+says?)\b|"
                    r"\b(?:says?|speaks?|talks?)\s+(?P<which2>first|last)\b|"
                    r"\b(?P<which3>first|last|final)\s+thing\s+(?:\w+\s+)?(?:says?|said|spoken)\b", re.I)
_POSSESSIVE = re.compile(r"\b(?P<who>[A-Za-z][\w-]*)(?:'s|’s)\s+(?:very\s+)?(?:first|opening|last|final|closing)\b|"
                         r"\bdoes\s+(?P<who2>[A-Za-z][\w-]*)\s+say\s+(?:first|last)\b", re.I)
_ASKING = (r"^(?:(?:in\s+)?scene\s+\d{1,3}\s*[,:]\s*)?"  # "scene 4, what hour …": the scene said first
           r"(?:so\s+|remind\s+me\s+|tell\s+me\s+|(?:do|can|could)\s+you\s+(?:remember|tell\s+me)\s+)?")
_DETAIL = re.compile("|".join(_ASKING + shape for shape in (
    r"what(?:'s|s|\s+is|\s+was)?\s+(?:the\s+)?(?:time|number|year|date|price|code|route|word|words|message|writing|"
    r"colou?r)\b.*\b(?:on|say|says|said|read|reads|show|shows|written)\b",
    r"what\s+(?:time|number|year|colou?r|hour)\b",
    r"what\s+(?:(?:does|did|do)\s+)?(?:the|a|that|this|her|his|their)\s+(?P<thing>[\w' -]+?)\s+"
    r"(?:say|says|read|reads|show|shows)\b",
    r"what(?:'s|s|\s+is|\s+was)\s+(?:written|printed|painted|scrawled|on)\s+")), re.I)
_NOT_A_THING = frozenset("film movie story script screenplay scene shot logline outline ending opening".split())
_SCENE_WORDS = re.compile(r"\s*\b(?:in|of|from)\s+(?:the\s+)?(?:scene|sc\.?)\s*\w+\b|\s*\bscene\s+\w+$|"
                          r"^\s*(?:in\s+)?scene\s+\d{1,3}\s*[,:]\s*", re.I)

_BARE = re.compile(r"^(?:and\s+)?[A-Za-z][\w-]*(?:'s|’s)\s+(?:(?:very\s+)?(?:first|opening|last|final|closing)\s+)?"
                   r"(?:(?:spoken\s+)?lines?|words|dialogue)(?:\s+(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
                   r"(?:scene|sc\.?)(?:\s*\d+)?)?\W*$", re.I)


def asks_for_words(text: str) -> bool:
    """Tell whether a clause with no verb asks to read lines ("Ruben's last line", "ida's words in scene 4")."""
    return bool(_BARE.match(text.strip()))


def _has(props: Mapping[str, Any], *wanted: str) -> bool:
    return all(p in props for p in ("topic", *wanted))


def _quote(clause: str) -> str | None:
    """Return the words of a line a question asks about ("who says 'it is tonight'?")."""
    if not _WHO_SAYS.search(clause):
        return None
    quoted = _QUOTED.search(clause)
    if quoted:
        return quoted.group("q").strip()
    about = _ABOUT.search(clause)
    if about:
        return _SCENE_WORDS.sub("", about.group("q")).strip() or None
    bare = _UNQUOTED.match(clause.strip())
    if bare is None or _NOT_A_QUOTE.match(bare.group("q")) or len(bare.group("q").split()) < 2:
        return None
    return _SCENE_WORDS.sub("", bare.group("q")).strip() or None


def _first_or_last(clause: str, names: Sequence[str]) -> tuple[str, str] | None:
    """Return (name, "first"|"last") for "what's Ida's last line?"; the name is "" for "the film's first line"."""
    which = _WHICH.search(clause)
    if which is None:
        return None
    word = (which.group("which") or which.group("which2") or which.group("which3")).lower().split()[-1]
    known = match_names(clause, names)
    said = _POSSESSIVE.search(clause)
    name = known[0] if known else (said.group("who") or said.group("who2")) if said else None
    anyone = re.search(r"\b(?:line|words?)\s+(?:of|in|from)\s+(?:the\s+)?(?:film|movie|script|screenplay|story|"
                       r"scene|sc\.?)\b|\bwho\s+(?:says|speaks|has)\s+the\b|^(?:so\s+)?who\s+(?:speaks|talks|says|gets)\b|"
                       r"\b(?:any|every|some)(?:one|body)\b|\bof\s+(?:the\s+)?dialogue\b|"
                       r"\bin\s+the\s+(?:film|movie|script|screenplay|story)\b", clause, re.I)
    if not name and not anyone:
        return None
    return name or "", "first" if word in ("first", "opening") else "last"


from agent.tools.said import SAID_WHEN  # noqa: E402  (one pattern: the question, and the answer's reading of it)


def _detail(clause: str, names: Sequence[str]) -> str | None:
    """Return what a question about a written detail asks for ("what time does the clock say")."""
    asked = _DETAIL.search(clause.strip())
    told = re.match(r"^[^?!.]{8,120}?,\s*(?=what)", clause.strip(), re.I) if asked is None else None
    if told is not None:  # "she pulls something from her pocket, what's printed on it?": what it is comes first
        asked = _DETAIL.search(clause.strip()[told.end():])
    if asked is None:
        return None
    rest = _SCENE_WORDS.sub("", clause)
    if re.search(r"\b(?:scenes?|shots?|time\s+of\s+day|runtime|minutes|seconds)\b", rest, re.I):
        return None  # "what time of day is the bus scene?", "what number is the bridge scene?": not the text
    thing = asked.group("thing")
    if thing and (thing.lower().split()[-1] in _NOT_A_THING or match_names(thing, names)):
        return None  # "what does the film say about grief", "what does Ida say": not a written detail
    return rest.strip(" ?.!") or None


def words_args(clause: str, names: Sequence[str], props: Mapping[str, Any],
               scene_count: int | None = None) -> dict[str, Any] | None:
    """Read a question about the screenplay's words into project_overview arguments (None: not such a question)."""
    scene = find_scene(clause, scene_count=scene_count)
    where = {"scene_number": scene} if scene is not None and "scene_number" in props else {}
    quote = _quote(clause) if _has(props, "quote") else None
    if quote:
        return {"topic": "dialogue", "quote": quote, **where}
    if _has(props, "detail") and SAID_WHEN.search(clause):  # "what does tomas say as the lamp comes down?"
        return {"topic": "details", "detail": clause.strip(" ?.!"), **where}
    line = _first_or_last(clause, names) if _has(props, "name", "which") else None
    if line:  # no name: the first or last line anyone speaks ("the last line of the film")
        return {"topic": "dialogue", **({"name": line[0]} if line[0] else {}), "which": line[1], **where}
    detail = _detail(clause, names) if _has(props, "detail") else None
    if detail:
        return {"topic": "details", "detail": detail, **where}
    return None
