"""Fill the story's own words: loglines, premises, beats, scene headings and times, scene text, directions, genre.

What the film-maker dictated is kept word for word (in quotes, after a colon, after "says"); otherwise the words
are drafted from the request and the project (``draft``, ``rewrite``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.offline.attitude import attitude_line
from agent.llm.offline.clauses import DICTATED_OUTLINE
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.cues import TIMES
from agent.llm.offline.draft import beats_from, draft_heading, logline_from, new_scene_body, subject_of
from agent.llm.offline.fill_names import Filler, Request, after_colon, is_creating, quoted_text, simple
from agent.llm.offline.genres import dictated_logline, dictated_premise, genre_and_tone
from agent.llm.offline.lexicon import find_tones, tone_phrase
from agent.llm.offline.names import match_names, match_places
from agent.llm.offline.numbers import find_count
from agent.llm.offline.replaced import Replaced, replaced_words
from agent.llm.offline.rewrite import (
    draft_note,
    mentions,
    rewrite_scene_body,
    scene_with_words,
    scene_without,
    scene_without_character,
    scene_without_line,
    scene_without_moment,
)
from agent.llm.offline.stage import stage_direction
from agent.llm.offline.taken_out import (
    refused_moment,
    removed_character,
    removed_line,
    removed_moment,
    removed_thing,
)

__all__ = ["STORY_FILLERS", "dictated_beats", "scene_content"]

_HEADING = re.compile(r"\b((?:INT\.?/EXT|INT|EXT|I/E|EST)\.?\s+[^,;\n]+?(?:\s+-\s+[A-Za-z ]+?)?)(?=$|[,;]|\s+(?:where|"
                      r"and|with|in which|at position|after|before)\b)", re.IGNORECASE)


_SAID_HEADING = re.compile(r"\b(?P<side>interior|exterior)\s+(?:of\s+)?(?:the\s+|an?\s+)?(?P<place>[a-z][\w' -]{1,40}?)"
                           r"\s*(?:,|\s[-—–]|—|–)\s*(?:at\s+|in\s+the\s+)?(?P<time>night|day|dawn|dusk|morning|evening|"
                           r"afternoon|sunset|sunrise|noon|midnight)\b\s*(?:[-—–:,.]\s*)?", re.I)
"""A heading said in words: "exterior harbour wall, dusk" is EXT. HARBOUR WALL - DUSK."""


def _said_heading(clause: str) -> str | None:
    match = _SAID_HEADING.search(clause)
    if match is None:
        return None
    side = "EXT" if match.group("side").lower() == "exterior" else "INT"
    return f"{side}. {match.group('place').strip().upper()} - {match.group('time').upper()}"


def _dictated_text(clause: str) -> str | None:
    """Return words the film-maker dictated: quoted, after a colon, or after "says"/"saying"/"that reads"."""
    quoted = quoted_text(clause)
    if quoted:
        return quoted
    match = re.search(r"(?::|\s[-–—]+\s|\b(?:says|saying|reads|reading|that reads|with the text|with text)\b)\s*(.+?)"
                      r"(?:\s+(?:at the (?:start|end|beginning)|please))?\s*$", clause, re.I)
    return match.group(1).strip(" .\"'") if match else None


_BARE_LOGLINE = re.compile(r"^(?:an?\s+|the\s+|new\s+|one[- ]line\s+)*(?:logline|pitch|idea)s?\b", re.I)


_FROM_SOURCE = re.compile(r"^(?:(?:for|of)\s+)?(?:(?:this|it|the\s+film)\s+)?(?:based\s+on|from|out\s+of|using|off)\s+"
                          r"(?:what(?:'s|\s+is)\s+(?:in|on)\s+)?(?:the|our|my|this)\s+"
                          r"(?:script|screenplay|film|story|scenes?|draft|project|pages)\b", re.I)
"""A premise that only names where to look ("based on what's in the screenplay"): the project itself is the premise."""
_THIS_FILM = re.compile(r"(?:for\s+|of\s+)?(?:this|it|that|me|us|(?:the|this|our|my)\s+(?:film|movie|short|story|"
                        r"script|screenplay|project)|this\s+one)\W*", re.I)
"""A premise that only points at the film ("a logline for this?"): the project is the premise."""
_JUDGED = re.compile(r"\blog\s?-?line\s+(?:is|feels|seems|reads|sounds|'s)\s+(?:too|a\s+bit|kind\s+of|way|really|"
                     r"not|so|pretty|quite|rather|weak|bad|wrong|off|boring|flat|clunky)\b", re.I)


def _logline(req: Request) -> str | None:
    """Draft a logline from the request's premise, or from the project itself when it gives none.

    A logline the film-maker dictated (after a colon, or in quotes) is kept word for word.
    """
    if _JUDGED.search(req.clause):
        return None  # "the logline is too long": no logline to write, so the director asks for one
    if dictated_premise(req.clause) and not re.search(r"\blog\s?-?line|\bone[- ]liner", req.clause, re.I):
        return None  # "premise: ...": the premise alone is set, the logline stays as it is
    dictated = dictated_logline(req.clause) or quoted_text(req.clause) or after_colon(req.clause)
    if dictated:
        return dictated.rstrip() if dictated.rstrip().endswith((".", "!", "?")) else dictated.rstrip() + "."
    subject = subject_of(req.clause)
    if subject and (_FROM_SOURCE.match(subject) or _THIS_FILM.fullmatch(subject.strip())):
        subject = ""  # "pitch one based on the screenplay": the project is the premise, not those words
    if subject and not _BARE_LOGLINE.match(subject) and subject.lower() != req.clause.strip().lower():
        return logline_from(req.clause)
    ctx = req.context
    who = ctx.characters[0].title() if ctx.characters else "a stranger"
    where = ctx.locations[0].lower() if ctx.locations else "a city that never sleeps"
    title = ctx.name or "the story"
    other = f" with {ctx.characters[1].title()}" if len(ctx.characters) > 1 else ""
    return (f"{who} has one night in the {where}{other} to find what was lost, before {title.lower()} is gone "
            f"for good. {draft_note(find_tones(req.clause))}")


def _direction(clause: str, characters: Sequence[str] = ()) -> str:
    taken = removed_line(clause, characters)
    if taken and taken.which:
        whose = f"{taken.speaker.title()}'s" if taken.speaker else "the"
        return f"without {whose} {taken.which} line"
    if taken:
        return f"without the line {taken.label}"
    moment = removed_moment(clause)
    if moment:
        return f"without the moment where {moment}"
    if who := removed_character(clause, characters):
        return f"without {who.upper()}"
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
    return " ".join(rest.split()).strip(" ,.:;?!") or "revised"


def swapped_words(clause: str, context: ProjectContext, number: Any) -> Replaced | None:
    """Return words a request changes in a scene that says them ("change 14:05 to 09:30 in scene 2"), else None.

    A name of the cast is renamed everywhere instead; words the scene never says are no change to it.
    """
    swap = replaced_words(clause)
    scene = context.scene(number) if isinstance(number, int) else None
    if swap is None or scene is None or not scene.content or match_names(swap.old, context.characters):
        return None
    return swap if scene_with_words(scene.content, swap.old, swap.new) is not None else None


def refused_in_scene(clause: str, context: ProjectContext, number: Any) -> str | None:
    """Return the moment someone should not do when the scene has it ("Tom shouldn't count the float"), else None."""
    moment = refused_moment(clause)
    scene = context.scene(number) if isinstance(number, int) else None
    if moment is None or scene is None or not scene.content:
        return None
    return moment if scene_without_moment(scene.content, moment) is not None else None


_HAVE_THEM_SAY = re.compile(r"\b(?P<lead>(?:have|let|make|get)\s+)(?P<who>her|him)"
                            r"(?=\s+(?:to\s+)?(?:say|ask|whisper|mutter|"
                            r"shout|call|read|go|murmur|answer|reply)\b)", re.I)


def _speaker_there(clause: str, content: str | None, characters: Sequence[str]) -> str:
    """Name "him" in "have him say 'low tide'" when the scene has one person of the cast in it: she says it."""
    said = _HAVE_THEM_SAY.search(clause)
    there = [n for n in characters if content and re.search(rf"\b{re.escape(n)}\b", content, re.I)]
    if said is None or len(there) != 1:
        return clause
    return clause[:said.start("who")] + there[0].title() + clause[said.end("who"):]


def _fill_direction(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    swap = swapped_words(req.clause, req.context, filled.get("scene_number"))
    if swap is not None:
        return swap.label
    refused = refused_in_scene(req.clause, req.context, filled.get("scene_number"))
    if refused is not None:
        return f"without the moment where {refused}"
    scene = req.context.scene(filled["scene_number"]) if isinstance(filled.get("scene_number"), int) else None
    action = stage_direction(_speaker_there(req.clause, scene.content if scene else None, req.characters),
                             req.characters)
    if action is None or removed_moment(req.clause) or removed_character(req.clause, req.characters):
        return _direction(req.clause, req.characters)  # "cut the bit where ida smiles" takes a moment out
    tones = tone_phrase(req.clause.replace(action.line.rstrip("."), "") if action.speaker else req.clause)
    where = {"start": " at the start", "end": " at the end"}.get(action.place, "")
    line = f"{action.speaker} says: {action.line}" if action.speaker else action.line
    line = line.rstrip(".")
    return f"{tones + '; ' if tones else ''}{line}{where}"


def scene_content(req: Request, *, scene_number: int | None, direction: str | None, creating: bool) -> str | None:
    """Write a scene body: the target scene rewritten toward the direction, or a new scene."""
    ctx = req.context
    if creating or scene_number is None:
        names = match_names(req.clause, req.characters)
        location = next(iter(match_names(req.clause, ctx.locations)), None)
        clause = _SAID_HEADING.sub("", req.clause)  # the heading's words are the heading, not the scene's first line
        return new_scene_body(clause, characters=names, location=location)
    scene = ctx.scene(scene_number)
    if scene is None and ctx.scene_count is not None and not 1 <= scene_number <= ctx.scene_count:
        return ""  # no such scene: the tool answers with the range, which is what the film-maker needs to hear
    if scene is None or scene.content is None:
        return None
    swap = swapped_words(req.clause, ctx, scene_number)
    if swap is not None:  # "change 14:05 to 09:30": those words, wherever the scene says them
        return scene_with_words(scene.content, swap.old, swap.new)
    who = removed_character(req.clause, req.characters)
    if who:  # "take Ruben out of scene 6": his speeches and every mention go (not_in_scene says when he isn't there)
        return scene_without_character(scene.content, who) or ""
    taken = removed_line(req.clause, req.characters)
    if taken:  # "cut Mara's line about the rent": that speech line goes (not_in_scene says when there is none)
        return scene_without_line(scene.content, taken.words, taken.speaker, taken.which) or ""
    moment = removed_moment(req.clause)
    if moment:  # "cut the bit where she checks her pocket": that sentence goes (not_in_scene says when none tells it)
        return scene_without_moment(scene.content, moment) or ""
    refused = refused_in_scene(req.clause, ctx, scene_number)
    if refused:  # "Tom shouldn't count the float", and he does: that moment goes (else a pointed line, below)
        return scene_without_moment(scene.content, refused)
    thing = removed_thing(req.clause)
    if thing and mentions(scene.content, thing):  # "lose the tuba from the opening": every mention goes
        return scene_without(scene.content, thing)
    action = stage_direction(_speaker_there(req.clause, scene.content, req.characters), req.characters)
    toned = find_tones((direction or req.clause).replace(action.line.rstrip("."), "") if action and action.speaker
                       else direction or req.clause)  # "then drive faster" is her line, not a faster scene
    if action is None and not toned:  # "so mara is wary of tomas": no tone says it, one line shows it
        action = attitude_line(req.clause, req.characters)
    tones = toned or ([direction] if direction and action is None else [])
    return rewrite_scene_body(scene.content, tones, heading=scene.heading, props=ctx.props,
                              extra_characters=match_names(req.clause, req.characters), action=action)


def _fill_heading(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    match = _HEADING.search(req.clause)
    if match:
        return match.group(1).strip().upper()
    said = _said_heading(req.clause)
    if said is not None:
        return said
    location = next((name for name, _ in match_places(req.clause, req.context.locations)), None)
    after = filled.get("after_scene")
    near = req.context.scene(int(after)) if isinstance(after, int) else None
    if near is None and req.context.scene_count:
        near = req.context.scene(req.context.scene_count)
    return draft_heading(req.clause, location=location, near=near.heading if near else None)


_NEW_TIME = re.compile(rf"\b(?:to|at|into|be|by|in\s+the|during|(?:just\s+|right\s+|shortly\s+)?(?:before|after)|"
                       rf"scene\s+\d+\s+is(?:\s+set)?(?:\s+at|\s+in\s+the)?)\s+"
                       rf"(?:the\s+)?(?P<t>{TIMES})\b"
                       rf"(?!\s+(?:scene|one|bit)\b)|"
                       rf"\b(?P<t3>{TIMES}),?\s+(?:not|instead\s+of|rather\s+than)\b|"
                       rf"\ban?\s+(?P<t2>{TIMES})\s+(?:scene|one)\b|"
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


def _fill_genre_tone(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Return the genre or tone tags said ("genre noir, tone wry", "a bittersweet comedy"); a tone otherwise."""
    if tool_name != "set_genre_tone":
        return _direction(req.clause) if prop != "genre" else None
    genre, tone = genre_and_tone(req.clause)
    values = genre if prop == "genre" else tone
    if not values:
        return None
    return values if many else ", ".join(values)


_DOING = re.compile(r"[,;—–-]\s*(?:(?:just|only|quietly|still)\s+)?[a-z]+ing\s+[^.,;!?]{2,80}[.!]*\s*$", re.I)
"""What someone brought into a scene is doing there, said after the request ("…, waiting by the door")."""


def _entrance(clause: str, name: object, tool_name: str) -> str | None:
    """Return the line that brings someone in ("…, waiting by the door" -> "RUBEN is there, waiting by the door.")."""
    if tool_name != "put_character_in_scene" or not isinstance(name, str):
        return None
    told = _TOLD_DOING.search(clause)
    if told is not None:  # "… - she's hiding behind the nets": she is, there
        rest = told.group("rest").rstrip(".! ")
        return f"{name.upper()} {'are' if told.group('who').lower() == 'they' else 'is'} {rest}."
    doing = _DOING.search(clause)
    if doing is None:
        return None
    return f"{name.upper()} is there, {doing.group(0).lstrip(',;—–- ').rstrip('.! ')}."


_TOLD_DOING = re.compile(r"(?:[,;—–]|\s-)\s*(?P<who>she|he|they)(?:'s|’s|\s+is|'re|\s+are)\s+"
                         r"(?P<rest>[a-z]+ing\b[^;!?]{2,120}?)[.!]*\s*$", re.I)
"""What someone brought into a scene is doing there, said as a sentence ("…, she's hiding behind the nets")."""


STORY_FILLERS: dict[str, Filler] = {
    "direction": _fill_direction,
    **dict.fromkeys(("tone", "genre"), _fill_genre_tone),
    "mood": simple(_direction),
    **dict.fromkeys(("heading", "slugline", "scene_heading"), _fill_heading),
    **dict.fromkeys(("time_of_day", "time"), _fill_time),
    **dict.fromkeys(("content", "body", "text", "scene_text", "fountain", "script"), _fill_content),
    "logline": lambda prop, many, tool_name, req, filled: _logline(req),
    **dict.fromkeys(("premise", "idea", "pitch"), simple(  # only when the film-maker names it: a logline is not one
        lambda c: dictated_premise(c) or ((quoted_text(c) or after_colon(c))
                                          if re.search(r"\b(?:premise|idea|pitch)\b", c, re.I) else None))),
    **dict.fromkeys(("beats", "outline"), _fill_beats),
    "line": lambda prop, many, tool_name, req, filled: _entrance(req.clause, filled.get("name"), tool_name),
}
"""The string properties filled here, by name (``fill_text.fill_string`` looks them up)."""
