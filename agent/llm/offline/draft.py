"""Draft text from templates and tone lexicons: scenes, loglines, beats, descriptions. Always marked draft."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache

from agent.config import DATA_DIR
from agent.llm.offline.lexicon import find_tones, load_families, load_roles
from agent.llm.offline.names import load_name_lists, seed
from agent.llm.offline.rewrite import draft_note

__all__ = [
    "beats_from",
    "character_description",
    "draft_heading",
    "logline_from",
    "new_scene_body",
    "scene_event",
    "plain_draft",
    "subject_of",
    "thing_description",
]

_LEAD_VERBS = re.compile(
    r"^(?:please\s+)?(?:add|write|create|draft|make|give|generate|outline|describe|set|put|turn|build|"
    r"come up with|pitch|plan|start)\b\s*(?:me\s+|us\s+)?", re.IGNORECASE,
)
_STRUCTURE = (
    "Opening: we meet {who} on an ordinary day that is about to end.",
    "Inciting incident: {event}.",
    "First turn: {who} makes a choice that cannot be undone.",
    "Rising stakes: every attempt to fix things makes them worse.",
    "Midpoint: the truth comes out, and it changes what {who} wants.",
    "Crisis: everything is lost, or looks it; the real cost is clear.",
    "Climax: {who} faces the choice at last, with everything on the line.",
    "Resolution: the world after, changed, and {who} honest about what it cost.",
)
_WHO = re.compile(r"^((?:a|an|the|two|three|four|\w+'s)\s+(?:[\w-]+\s+){0,3}?[\w-]+?)\s+(?=\w+s\b|must\b|is\b|are\b)")


@cache
def _dialogue_lines() -> tuple[str, ...]:
    data = json.loads((DATA_DIR / "tone_lexicons.json").read_text(encoding="utf-8"))
    return tuple(data.get("dialogue", ("We don't have long.",)))


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".!?;,")
    return (text[0].upper() + text[1:] + ".") if text else ""


def subject_of(clause: str) -> str:
    """Return what a request is about, without its leading verb and object noun ("a scene where ...")."""
    text = _LEAD_VERBS.sub("", clause.strip())
    text = re.sub(r"^(?:a|an|the|some|new|\s)*(?:new\s+)?(?:scene|logline|outline|beats?|description|premise|"
                  r"character|location|prop)s?\b\s*(?:for|of|about|where|in which|with|that|to|as|:|-)?\s*", "", text,
                  flags=re.IGNORECASE)
    return text.strip(" ,.;:") or clause.strip()


def plain_draft(clause: str, tones: Sequence[str] = ()) -> str:
    """Turn a request into one honest draft sentence marked as draft."""
    return f"{_sentence(subject_of(clause))} {draft_note(tones)}"


def draft_heading(clause: str, *, location: str | None = None, near: str | None = None) -> str:
    """Make a scene heading for a new scene ("EXT. PLATFORM - NIGHT") from the request.

    The place is the one the request names, else where the neighbouring scene (``near``, a heading)
    is set, else a stock place; the time of day likewise, from the request, then the neighbour.
    """
    lists = load_name_lists()
    lower = clause.lower()
    near_place, near_time = _heading_parts(near) if near else (None, None)
    moving = re.search(r"\b(?:walks?|walking|runs?|running|drives?|driving|cycles?|wanders?)\s+(?:home|away|off|out)\b",
                       lower)
    place = location or _place_phrase(clause) or ("street" if moving else None) or near_place or lists["locations"][
        seed(clause) % len(lists["locations"])]
    outdoor = any(re.search(rf"\b{re.escape(w)}\b", f"{lower} {place.lower()}") for w in lists["outdoor_words"])
    outdoor = outdoor or bool(re.search(r"\b(?:rain|snow|storm|wind|sky|stars)\b", lower) and not location)
    if near and place == near_place and not location:
        outdoor = near.strip().upper().startswith("EXT")
    time = ("NIGHT" if re.search(r"\b(night|dark|midnight|evening|late)\b", lower) else
            "DAWN" if re.search(r"\b(?:dawn|sunrise|daybreak)\b", lower) else
            "MORNING" if "morning" in lower else "DAY" if re.search(r"\b(?:day|daytime|afternoon|noon)\b", lower)
            else near_time or "DAY")
    return f"{'EXT' if outdoor else 'INT'}. {place.upper()} - {time}"


def _heading_parts(heading: str) -> tuple[str | None, str | None]:
    """Return (place, time of day) of a heading ("INT. NIGHT BUS - MOVING - NIGHT" -> NIGHT BUS, NIGHT)."""
    match = re.match(r"^\.?(?:INT\./EXT|INT/EXT|I/E|INT|EXT|EST)?\.?\s*(.+)$", heading.strip(), re.I)
    if not match:
        return None, None
    parts = [p.strip() for p in match.group(1).split(" - ")]
    time = parts[-1].upper() if len(parts) > 1 else None
    return parts[0] or None, time


def _place_phrase(clause: str) -> str | None:
    match = re.search(r"\b(?:in|at|on|inside|outside)\s+(?:a|an|the)\s+([a-z][a-z\s'-]{2,30}?)(?=[,.;]|\s+(?:where|"
                      r"and|while|as|when|with|to|at|during|by|for|tonight|today)\b|$)", clause, re.IGNORECASE)
    if not match or re.fullmatch(r"(?:rain|snow|dark|darkness|night|fog|mist|wind|storm|morning|evening|afternoon|"
                                 r"end|start|beginning|middle|moment|meantime|same time|past|future)",
                                 match.group(1).strip(), re.IGNORECASE):  # weather and time are not places
        return None
    return match.group(1).strip()


_POSITIONAL = re.compile(
    r"\b(?:(?:right|just|straight)\s+)?(?:after|before|following|between)\s+(?:scenes?\s+\d+(?:\s+and\s+\d+)?|"
    r"the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit))|\b(?:at|to)\s+the\s+(?:very\s+)?(?:end|start|beginning)"
    r"(?:\s+of\s+the\s+(?:film|script|screenplay|story))?|\bas\s+(?:the\s+)?(?:new\s+)?(?:last|first)\s+scene",
    re.IGNORECASE)
_EVENT = re.compile(r"\b(?:where|in which|when|about|that shows|showing|with|(?:one|scene)\s+of)\s+(.+)$",
                    re.IGNORECASE)


def scene_event(clause: str, characters: Sequence[str] = ()) -> str | None:
    """Return what a new scene shows, as an action line, from the request's own account of it.

    "a scene after 4 where juno calls her mum" -> "JUNO calls her mum." (cast in capitals, as a
    screenplay introduces them); None when the request says nothing about what happens.
    """
    if ":" in clause:
        text = clause.split(":", 1)[1]
    else:
        match = _EVENT.search(_POSITIONAL.sub("", clause))
        if match is None:
            return None
        text = match.group(1)
    text = _POSITIONAL.sub("", text)
    text = re.sub(r"\s+(?:please|thanks|thank you)\b.*$", "", text, flags=re.IGNORECASE).strip(" ,.;:-")
    if len(text.split()) < 2:
        return None
    for name in characters:
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", name.upper(), text, count=1, flags=re.IGNORECASE)
    return _sentence(text)


def new_scene_body(clause: str, *, characters: Sequence[str] = (), location: str | None = None) -> str:
    """Write a short new scene body (action, one exchange of dialogue) from a request."""
    tones = [t for t in find_tones(clause) if t not in ("shorter", "longer")]
    families = load_families()
    place = (location or _place_phrase(clause) or "room").lower()
    event = scene_event(clause, characters)
    what = event or _sentence(subject_of(_POSITIONAL.sub("", clause)))
    lines = [what] if event else [f"The {place}. {what}" if what else f"The {place}."]
    base = seed(clause)
    if tones and families[tones[0]].lines:
        pool = [t for t in families[tones[0]].lines if "{prop}" not in t]
        if pool:
            who = characters[0].title() if characters else "Someone"
            lines.append(pool[base % len(pool)].format(character=who, location=place, prop=""))
    spoken = _dialogue_lines()
    for i, name in enumerate(characters[:2]):
        paren = families[tones[0]].parenthetical if tones else ""
        cue = [name.upper()] + ([paren] if paren else []) + [spoken[(base + i * 5) % len(spoken)]]
        lines.append("\n".join(cue))
    if not characters:
        lines.append("A long moment. Nobody comes.")
    return "\n\n".join([*lines, draft_note(tones)]) + "\n"


def logline_from(premise: str) -> str:
    """Write a one-sentence draft logline from a premise."""
    subject = subject_of(premise)
    core = subject[0].lower() + subject[1:] if subject else "an ordinary life"
    if re.match(r"^(?:a|an|the)\s", core):
        sentence = f"{_sentence(core)[:-1]}, and must decide what they are willing to lose to see it through."
    else:
        sentence = f"When {core}, someone has to decide what they are willing to lose to set it right."
    return f"{sentence[0].upper()}{sentence[1:]} {draft_note(find_tones(premise))}"


def beats_from(source: str, count: int = 6) -> list[str]:
    """Write ``count`` (5-8) outline beats from a logline or premise; the last one carries the draft note."""
    count = min(max(count, 5), 8)
    subject = re.sub(r"\s*\[\[.*?\]\]\s*", " ", subject_of(source)).strip(" .") or "the story begins"
    event = subject[0].lower() + subject[1:]
    found = _WHO.match(event)
    who = found.group(1) if found else "the hero"
    picks = [0, 1, 2, 3, 4, 5, 6, 7]
    drop_order = [2, 3, 6]  # fewer beats drop the connective ones first
    for index in drop_order[: 8 - count]:
        picks.remove(index)
    again = re.sub(r"^(?:a|an)\s+", "the ", who)
    beats = [_STRUCTURE[i].format(who=who if i == 0 else again, event=_sentence(event)[:-1]) for i in picks]
    beats[-1] = f"{beats[-1]} {draft_note()}"
    return beats


def character_description(name: str, clause: str) -> str:
    """Describe a (new) character from the request: role line, traits from the tone, draft note."""
    roles = load_roles()
    lower = clause.lower()
    role = next((r for r in sorted(roles, key=len, reverse=True) if re.search(rf"\b{re.escape(r)}\b", lower)), None)
    tones = find_tones(clause) or (["darker"] if role in ("villain", "antagonist") else [])
    detail = re.search(r"\b(?:who|that|with|from)\b.*$", clause, re.IGNORECASE)
    given = _person_phrase(clause, name) if role is None else None
    if given and not detail:  # "a tired nurse called Pat, 40s": the film-maker's own words about them
        return f"{given} {draft_note(tones)}"
    parts = [f"The {role}." if role else f"{name.title()}."]
    if detail:
        parts.append(_sentence(re.sub(r"^(?:who|that)\s+", "", detail.group(0), flags=re.IGNORECASE)))
    if role:
        parts.append(_sentence(roles[role]))
    families = load_families()
    traits = [t for tone in tones for t in families[tone].traits][:2]
    if traits:
        parts.append(f"{' and '.join(traits).capitalize()}.")
    if len(parts) == 1:
        said = subject_of(_CAST_ADDED.sub("", clause)).strip(" .")
        bare = re.sub(r"^(?:(?:we|i)\s+need|need|add|introduce|cast|bring\s+in)\s+", "", said, flags=re.I).lower()
        if said and bare not in (name.lower(), f"mr {name.lower()}", f"mrs {name.lower()}"):
            parts.append(_sentence(said))  # "add Okafor to the cast" says nothing more about her than her name
    return f"{' '.join(parts)} {draft_note(tones)}"


_CAST_ADDED = re.compile(r"\s*\b(?:to|in|into|for)\s+(?:the|our|this)\s+(?:cast|film|movie|story|script|project)\b",
                         re.I)
"""Where a new person goes ("to the cast"): no word about who they are."""


def _person_phrase(clause: str, name: str) -> str | None:
    """Return what a request says a new person is: "a tired nurse called Pat, 40s" -> "A tired nurse, 40s."."""
    who = re.escape(name)
    before = re.search(rf"(?:\b(?:a|an|the|our|her|his|their)\s+[\w' -]+?|\b\w+(?:'s|’s)\s+\w+|(?<=[—–-]\s)[\w' ,-]+?)"
                       rf"\s*,?\s*(?:called|named)\s+{who}\b", clause, re.IGNORECASE)
    after = re.search(rf"\b(?:called|named)\s+{who}\b\s*(?:[,—–-]|\s-\s)\s*(.+)$", clause, re.IGNORECASE)
    if before is None:
        return None
    phrase = re.sub(r"^(?:we\s+need|add|introduce|cast|let'?s\s+add)\s+", "", before.group(0), flags=re.IGNORECASE)
    phrase = re.sub(r"\s*,?\s*(?:called|named)\s+\S+$", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"\s+(?:to|in|into)\s+the\s+cast\b.*$|\s*[,—–-]\s*$", "", phrase, flags=re.IGNORECASE)
    extra = after.group(1).strip(" .?!") if after else ""
    text = f"{phrase}, {extra}" if extra else phrase
    return _sentence(text) if len(text.split()) >= 2 else None


def thing_description(name: str, kind: str, clause: str) -> str:
    """Describe a new location or prop from the request."""
    stated = re.search(rf"{re.escape(name)}\s+(?:is|are|has|looks)\s+(?P<x>[^—–]{{3,}}?)\s*[—–-]+\s*"
                       r"(?:add|make|use|put|stick|treat|count)\b", clause, re.IGNORECASE)
    told = re.search(r"\b(?:add|put)\s+(?:it\s+|them\s+)?(?:to|in|into|as)\s+(?:the\s+|a\s+|an\s+)?"
                     r"(?:props?|locations?|sets?)\b\s*[.:,;—–-]\s*(?P<x>.{3,})$", clause, re.IGNORECASE)
    labelled = re.search(r"\b(?:is|as|should\s+be)\s+(?:a|an)\s+(?:new\s+)?(?:props?|locations?|sets?|place)\b"
                         r"\s*[.:,;—–-]+\s*(?P<x>.{3,})$", clause, re.IGNORECASE)
    for said in (stated, told, labelled):  # "the lamp is brass - add it as a prop", "the lamp is a prop: brass"
        if said:
            return _sentence(said.group("x"))
    clause = re.sub(r"\s*[—–-]+\s*(?:add|make|use|put|treat|count)\b.*$", "", clause, flags=re.IGNORECASE)
    detail = re.search(r"\b(?:where|which|that|with|who)\b.*$", clause, re.IGNORECASE)
    after = re.search(rf"{re.escape(name)}\s*,\s*(?P<x>.{{3,}})$", clause, re.IGNORECASE)
    if after:  # "a 24 hour launderette, harsh white light": the words after the name describe it
        return _sentence(after.group("x"))
    base = f"The {name.lower()}." if kind else f"{name.title()}."
    extra = _sentence(detail.group(0)) if detail else ""
    return " ".join(p for p in (base, extra, draft_note(find_tones(clause))) if p)
