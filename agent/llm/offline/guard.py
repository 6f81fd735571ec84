"""The director's rules against acting on a misunderstanding.

- Which tools a clause may call: questions only read-only tools; commands only tools whose cue words
  are present (cues.py); small talk none.
- Scene references the graph could not pin down become a question with options, never a guess.
- Text arguments never echo the request (unless the film-maker dictated the text after a colon or
  in quotes).
- A follow-up ("and scene 4 as well") is the previous request again, for the new target.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.cues import TIMES, has_cue
from agent.llm.offline.file_asks import unexported_format
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import JOINS_CAST, NAMED_NEWCOMER
from agent.llm.offline.results import REWROTE
from agent.llm.offline.rewrite import location_of
from agent.llm.offline.speech import SpeechAct, speech_act
from agent.llm.offline.stage import heard
from agent.llm.offline.taken_out import removed_moment
from agent.llm.offline.toolspec import ToolSpec
from agent.resolver.numbers import ORDINALS, UNITS
from agent.resolver.references import kept_in_words
from agent.resolver.terms import heading_terms, term_stems

__all__ = [
    "PLACE_LAST",
    "Question",
    "allowed",
    "anchor_to_scene",
    "answer_to_question",
    "bit_out_of",
    "echoes",
    "handoff_allowed",
    "takes_scene",
    "wants_a_change",
    "follow_up_request",
    "more_of_the_rewrite",
    "scene_question",
    "reorder_of",
    "substitute_refs",
    "unresolved_ref",
]

_SHOT_NAMED = re.compile(r"\bshot\s*(?:#|no\.?)?\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b|"
                         r"\b(?:first|second|third|fourth|fifth|last|opening|closing)\s+shot\b", re.I)
_SHOT_DESCRIBED = re.compile(r"\b(?:the\s+)?(?:[\w'’]+\s+){0,3}?(?:shot|close-?up|closeup|cu|ecu|insert|wide|two-shot|"
                             r"2-shot|ots|establishing)\b|\b(?:first|second|third|last|\d(?:st|nd|rd|th))\s+(?:one|line)\b|"
                             r"\bwhen\s+(?:she|he|they|\w+)\s+says\b|\bfor\s+['\"“‘]", re.I)
"""A shot named by what it shows or how it is framed ("the clock shot", "ida's close-up", "for 'it is tonight'")."""
_CAMERA_MOVES = re.compile(r"\b(?:angle|lens|\d+\s*mm|close-?up|closeup|wide|insert|pan|tilt|dolly|handheld|"
                           r"hand-held|ots|ecu|cu|mcu|framing|push\s+in|pull\s+out|zoom|tracking|static|steadicam|"
                           r"gimbal)\b", re.I)
_ALL_TIMED = re.compile(r"\b(?:all|every|each)\b[^.;]*\b\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)\b", re.I)
_SHOT_TOOL = re.compile(r"shot|still|camera|video|timeline|transition")
_SCENE_NAMED = re.compile(r"\b(?:scenes?|sc\.?)\s*\d+\b", re.I)
_SCENE_TOOL = re.compile(r"scene|shot|still|animatic|voice|timeline")
_READ_VERB = re.compile(r"\b(?:show|list|read|see|display|find|search|look|compare|diff|which|what|where|who|how|"
                        r"check|tell|view|open)\b", re.I)
_SCENE_PROPS = ("scene_number", "scene", "start_scene", "first", "second", "number", "scene_numbers")


@dataclass(frozen=True)
class Question:
    """A question for the film-maker with concrete options (each a complete request to send back)."""

    text: str
    options: tuple[dict[str, str], ...] = ()


_BRANCH_CHORE = re.compile(r"\b(?:delete|remove|drop|kill|scrap|bin|trash|discard|get\s+rid\s+of|throw\s+away|"
                           r"merge|fold|combine)\b[^.;!?]*\bbranch(?:es)?\b|\bbranch(?:es)?\b[^.;!?]*\b(?:into|back\s+(?:in|into)"
                           r"|with)\s+(?:the\s+)?main\b", re.I)
"""A branch deleted or merged: nothing here does that (creating or switching would be a wrong write)."""


def cannot(clause: str) -> str | None:
    """Return why a request asks for something no tool does (None when a tool may do it)."""
    if _BRANCH_CHORE.search(clause):
        return ("Branches can't be deleted or merged here: each one stays as it is (a branch can be renamed). You "
                "can switch between them (say 'switch to main'), and main is never changed by work on a branch.")
    if (unexported := unexported_format(clause)) is not None:
        return unexported  # "export it as .docx": no export writes that; the ones that exist are listed
    if _MUSIC_LEVEL.search(clause):
        return ("I can't set the music's volume here: the music is one track under the cut, and its level is "
                "mixed after export. I can write a new score (say 'write a score') or use a track you upload.")
    return None


_MUSIC_LEVEL = re.compile(r"\b(?:music|score|soundtrack)\b[^.;?]*?\b(?:louder|quieter|softer|volume|level|"
                          r"turn(?:ed)?\s+(?:it\s+)?(?:up|down)|down\s+a\s+(?:bit|notch))\b|"
                          r"\b(?:turn|bring)\s+(?:the\s+)?(?:music|score)\s+(?:up|down)\b", re.I)
"""How loud the music plays: not something any tool sets."""


_SCENE_AT = re.compile(rf"\bscene\b[^.;]*?\b(?:to|at|into|in\s+the|by)\s+(?:the\s+)?{TIMES}\b|"
                       rf"\bthe\s+{TIMES}\s+(?:[\w'-]+\s+){{1,2}}?(?:to|into)\s+(?:the\s+)?{TIMES}\b", re.I)
"""A scene set at another time of day ("switch the harbour scene to dusk", "change the dawn pier to night"): its
heading, not the place's look."""


_IT_AT_TIME = re.compile(rf"\b(?:make|set|switch|turn|change|move)\s+(?:it|that|this|scene\s+\d{{1,3}}|"
                         rf"the\s+(?:[\w'-]+\s+){{0,3}}?(?:scene|one))(?:\s+one)?\s+"
                         rf"(?:to\s+|into\s+|at\s+)?(?:the\s+)?{TIMES}(?:\s+(?:instead|please|now))*\s*[.!]*$", re.I)
"""A scene pointed back at or named, set at another time of day ("make that one dusk", "make scene 2 dawn")."""


def _new_time_of_day(clause: str) -> bool:
    """Tell whether a clause moves a scene to another time of day ("switch the harbour scene to dusk")."""
    return (_SCENE_AT.search(clause) is not None and has_cue("set_scene_heading", clause)) or bool(
        _IT_AT_TIME.search(clause) and re.search(r"\bscene\b", clause, re.I))


_PLACE_SETTING = re.compile(r"\bset\s+the\s+[\w'’ -]{2,40}?\s+location\s+to\s+(?:interior|exterior)\b", re.I)
"""A place's own setting, as ``place_talk`` spells it ("set the ferry location to interior"): no scene heading."""


def _not_the_place(tool_name: str, clause: str) -> bool:
    """Tell whether a place is named only as the scene whose time of day changes (not how it looks).

    Or a sound is added to a scene ("add the sound of a train"): a line that is heard, never a prop.
    """
    return (tool_name == "revise_location" and _new_time_of_day(clause)) or (
        tool_name == "set_scene_heading" and _PLACE_SETTING.search(clause) is not None) or (
        "prop" in tool_name and heard(clause)) or (
        tool_name == "delete_scene" and (_CUT_A_PART.search(clause) or _THAT_BIT.match(clause)) is not None) or (
        tool_name == "delete_character" and _SOMEONES_PART.search(clause) is not None)


_SOMEONES_PART = re.compile(r"\b[A-Za-z][\w-]*(?:'s|’s)\s+(?:(?:last|first|final|opening|only|big|little|long)\s+)?"
                            r"(?:lines?|dialogue|speech(?:es)?|words|bit|moment|monologue|reply|question|entrance|exit)\b",
                            re.I)
"""Someone's part of a scene ("cut ida's line on the pier"): what goes is the line, never the character."""
_THAT_BIT = re.compile(r"^\W*(?:(?:so|ok|okay|and|just)[,]?\s+)*(?:(?:in|on)\s+(?:scene|sc\.?)\s*\d{1,3}\s*,?\s*)?"
                       r"(?:cut|lose|drop|remove|ditch|kill|delete)\s+(?:that|this)\s+(?:bit|part|moment|beat|line)\W*$",
                       re.I)
"""A part pointed back at ("… Cut that bit."): never the whole scene."""
_CUT_A_PART = re.compile(r"\b(?:cut|remove|delete|drop|lose|kill|ditch|scrap)\s+(?:all\s+)?(?:the\s+"
                         r"(?!(?:[\w'-]+\s+){0,3}?(?:scenes?|ones?|bit|part|sequence|moment)\b)(?:[\w'-]+\s+){0,2}[\w'-]+"
                         r"\s*(?:[,.;!?]|$)|(?:the\s+|[\w'-]+(?:'s|’s)\s+)?\([^)]*\))", re.I)
"""Something cut out of a scene ("in scene 1, cut the small talk", "lose the (beat)"): never the scene itself."""


def allowed(tool: ToolSpec, clause: str, act: SpeechAct) -> bool:
    """Tell whether a clause of this kind may call this tool."""
    if tool.is_handoff:
        return True
    if _not_the_place(tool.name, clause):
        return False
    if not tool.read_only and cannot(clause) is not None:
        return False
    if act == "question":
        return tool.read_only
    if act != "command":
        return False
    return has_cue(tool.name, clause)


def handoff_allowed(tool: ToolSpec, clause: str, act: SpeechAct, *, names_entity: bool = False,
                    names_scene: bool = False) -> bool:
    """Tell whether a handoff's specialist has any tool this clause may call (unknown tool lists pass)."""
    if not tool.targets:
        return True
    if act == "question":
        return bool(tool.target_reads)
    if _SHOT_NAMED.search(clause) and not any(_SHOT_TOOL.search(t) for t in tool.targets):
        return False  # "shot 3" is camera or edit work, whatever else the words resemble
    writes = [t for t in tool.targets if t not in tool.target_reads]
    scene = names_scene or bool(_SCENE_NAMED.search(clause))
    if scene and not names_entity and not any(_SCENE_TOOL.search(t) for t in writes):
        return False  # "make scene 6 warmer" is about the scene, not the design of a character or place
    if _new_time_of_day(clause) and "set_scene_heading" not in tool.targets:
        return False  # the scene's heading changes, whatever else the specialist's words match
    return any(has_cue(t, clause) and not _not_the_place(t, clause) for t in tool.targets)


_POINTS_BACK = re.compile(r"\b(?:this|that|the same)\s+scene\b|\bthe\s+(?:two\s+)?versions\b|"
                          r"\bthe scene\b(?!\s+(?:where|with|when|in|at|on|of|about|that|in which)\b)", re.I)
_VERSION_ONLY = re.compile(r"\b(?:old|previous|earlier|original|first|older|last)\s+(?:version|draft)\b|\bv\d+\b|"
                           r"\bversion\s+\d+\b|\bthe original\b|\boriginally\b", re.I)
_IT = re.compile(r"\b(?:it|this one|that one)\b", re.I)
_SCENE_WORK = re.compile(r"\b(?:re-?write|shots?|storyboard|stills?|animatic|break|darker|funnier|shorter|longer|"
                         r"tenser|compare|tag|flag|split|voices?|tighten|punch|more|less|lock|protect|freeze)\b", re.I)
_DROP_IT = re.compile(r"\b(?:cut|delete|remove|drop|scrap|ditch|bin|lose)\s+(?P<it>it|this one|that one)\b"
                      r"(?!\s+(?:all|down|short|together|back|up|in|into|to|off)\b)", re.I)
"""A scene dropped as "it" ("… plays fine without the market scene. Drop it."), not "cut it together into a film"."""


_A_BIT_OUT = re.compile(r"^(?:(?:and|ok|okay|now|then|so)[,]?\s+)*(?:please\s+)?(?:lose|remove|cut|drop|ditch|delete|"
                        r"get\s+rid\s+of)\s+the\s+(?:bit|part|line|moment|mention)\s+(?:with|about)\s+(?:the\s+)?"
                        r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?\s*[.!]*$", re.I)


def bit_out_of(clause: str, recent: int | None) -> str | None:
    """Return "lose the bit with the kettle" as taken out of the scene just looked at (None if it is not that).

    Right after a scene was shown or changed, "the bit with the kettle" is a part of it, not another scene.
    """
    if recent is None or not _A_BIT_OUT.search(clause):
        return None
    return f"{clause.rstrip(' .!?')} from scene {recent}"


_THAT_ONE = re.compile(r"\b(?P<lead>(?:in|into|from|to|for|at)\s+|(?:move|put|shift|bump|swap|delete|cut|drop|tag|flag|"
                       r"mark|merge|rewrite|redo|retitle)\s+)(?P<it>that\s+(?:one|scene)|this\s+(?:one|scene)|"
                       r"the\s+same\s+(?:one|scene))\b(?!\s+(?:of|with|where|when|in\s+which)\b)", re.I)
"""A scene the conversation just named, pointed at: "add a gull in that one", "now bump that one up first"."""


def that_one(clause: str, recent: int | None) -> str:
    """Name the scene "that one" points at, when the conversation just named one and the clause names none."""
    if recent is None or _SCENE_NAMED.search(clause):
        return clause
    return _THAT_ONE.sub(lambda m: f"{m.group('lead')}scene {recent}", clause, count=1)


_ON_THAT_THING = re.compile(r"^\W*(?:(?:ok(?:ay)?|fine|right|so|and|then|now|great|cool)[,!]?\s+)*(?:please\s+)?"
                            r"(?:put|place|set|leave|stick|pop|add|lay|prop|stand|hang)\s+.+?\b(?:on|onto|by|under|"
                            r"behind|beside|next\s+to|near|against|at|in)\s+(?:that|this)\s+"
                            r"(?!(?:scene|one|bit|part|moment|beat|shot|version)\b)[a-z][\w'-]*\b", re.I)
"""A thing put by something the last answer showed ("… on that counter"): in that answer's scene."""


def anchor_to_scene(clause: str, recent: int | None) -> str:
    """Say which scene a clause means when it only points back ("shot 2", "that scene", "break it into shots")."""
    if recent is None or _SCENE_NAMED.search(clause):
        return clause
    camera = (_CAMERA_MOVES.search(clause) is not None or _ALL_TIMED.search(clause) is not None) and speech_act(
        clause) == "command"  # "all handheld", "make them all 2 seconds"
    if _SHOT_NAMED.search(clause) or _SHOT_DESCRIBED.search(clause) or camera:
        return f"{clause.rstrip(' .!?')} of scene {recent}"
    if _VERSION_ONLY.search(clause):
        return f"{clause.rstrip(' .!?')} of scene {recent}"
    if _ON_THAT_THING.search(clause):  # "lay a knife by that crate" after an answer quoting scene 4
        return f"{clause.rstrip(' .!?')} in scene {recent}"
    back = _POINTS_BACK.search(clause)
    if back:
        return clause[:back.start()] + f"scene {recent}" + clause[back.end():]
    dropped = _DROP_IT.search(clause)
    if dropped:
        return clause[:dropped.start("it")] + f"scene {recent}" + clause[dropped.end("it"):]
    it = _IT.search(clause)
    work = _SCENE_WORK.search(clause) or find_tones(clause) or _IT_AT_TIME.search(clause)  # "make that one dusk"
    if it and work and not re.search(r"\bundo|\bredo|\brevert", clause, re.I):
        return clause[:it.start()] + f"scene {recent}" + clause[it.end():]
    return clause


_OPTION = re.compile(r"(\d+) · ([^;]+?)(?=;|\.?\s*$)")
_ASKED_ABOUT = re.compile(r"(?:by|matches) “([^”]+)”")
_PICK_ORDINAL = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1, "other": 1}
_EVERY_OPTION = re.compile(r"(?:(?:oh|no|yes|yeah|um|sorry|ok(?:ay)?)[, ]+)*(?:i\s+mean\s+|do\s+)?"
                           r"(?:both|all|every\s+one|each)(?:\s+(?:two|three|four))?(?:\s+of\s+(?:them|those|the\s+\w+))?"
                           r"(?:\s+(?:scenes?|ones?))?(?:\s+please)?", re.I)
_ANSWER_FILLER = frozenset("""the one ones scene i mean meant no yes yeah sorry oh um ok okay that this its it is was
    please thanks with where when in at on a an where's""".split())
"""Words around a description that still make a clause an answer ("oh sorry, the one where she runs")."""


def answer_to_question(clause: str, asked: str, previous: str, refs: Sequence[SceneRef] = ()) -> str | None:
    """Turn an answer to a which-scene question back into the earlier request, for the scene(s) picked.

    "the one at night", "5", "the second", "both" or a description the graph resolved ("where she runs",
    in ``refs``) answer "Which scene do you mean by “the bridge scene”? 2 · …; 5 · …".
    Returns None when the clause is not such an answer.
    """
    options = [(int(n), label.strip()) for n, label in _OPTION.findall(asked)]
    phrase = _ASKED_ABOUT.search(asked)
    if not options or phrase is None or not previous:
        return None
    text = clause.lower().strip(" .!?")
    if _EVERY_OPTION.fullmatch(text):
        named = _scenes_named([n for n, _ in options])
        return re.sub(re.escape(phrase.group(1)), named, previous, count=1, flags=re.IGNORECASE)
    lead = re.split(r"\s*(?:[,;:—–]|\s-\s)\s*", text, maxsplit=1)[0]  # "the earlier one, where he …": the earlier one
    picks = (_picked(t, options) for t in dict.fromkeys((text, lead)) if len(re.findall(r"[a-z0-9]+", t)) <= 8)
    pick = next((p for p in picks if p is not None), None)
    if pick is None:
        pick = _described_pick(text, [n for n, _ in options], refs)
    if pick is None:
        return None
    return re.sub(re.escape(phrase.group(1)), f"scene {pick}", previous, count=1, flags=re.IGNORECASE)


def _scenes_named(numbers: Sequence[int]) -> str:
    """Say several scenes the way a request names them: "scenes 1, 4 and 6"."""
    return f"scenes {', '.join(str(n) for n in numbers[:-1])} and {numbers[-1]}"


def _picked(text: str, options: Sequence[tuple[int, str]]) -> int | None:
    """Return the option an answer names by number, ordinal or heading word ("5", "the second", "dawn")."""
    number = re.fullmatch(r"(?:scene\s*|no\.?\s*|number\s*|the\s+)?(\d+)(?:\s+please)?", text)
    if number and int(number.group(1)) in {n for n, _ in options}:
        return int(number.group(1))
    if re.search(r"\b(?:earlier|earliest|former|sooner)\b", text):  # "the earlier of them": first in the film
        return min(n for n, _ in options)
    if re.search(r"\b(?:later|latest|latter)\b", text):
        return max(n for n, _ in options)
    for word, index in _PICK_ORDINAL.items():
        if re.search(rf"\b{word}\b", text) and abs(index) <= len(options):
            return options[index][0]
    said = term_stems(text)
    scored = [(len(said & heading_terms(label)), n) for n, label in options]
    best = max(scored, default=(0, 0))
    if best[0] and [s for s, _ in scored].count(best[0]) == 1:
        return best[1]
    return None


def _described_pick(text: str, numbers: Sequence[int], refs: Sequence[SceneRef]) -> int | None:
    """Return the one option a described answer fits ("the one where she runs"), else None.

    The graph resolved the answer's description against the whole film; only the scenes asked about count,
    so a description that fits three scenes may still fit one of the two offered. Words beside the
    description must be answer filler: "delete the one where she runs" is a new request, not an answer.
    """
    for ref in refs:
        if not _only_the_phrase(text, ref.phrase.lower()):
            continue
        fits = {ref.scene} if ref.status == "resolved" else set(ref.option_numbers)
        fits &= set(numbers)
        if ref.status != "none" and len(fits) == 1:
            return fits.pop()
    return None


def _only_the_phrase(text: str, phrase: str) -> bool:
    """Tell whether an answer is a described scene and filler only ("oh, the one where she runs").

    The answer reached here with people named by role replaced ("the girl" -> "Juno") while the graph's
    phrase keeps the words said: a few words swapped for a few others still say the same phrase.
    """
    said, described = re.findall(r"[a-z0-9']+", text), re.findall(r"[a-z0-9']+", phrase)
    ops = SequenceMatcher(a=said, b=described, autojunk=False).get_opcodes()
    rest: list[str] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "replace" and i1 > 0 and i2 - i1 <= 2 and j2 - j1 <= 3:
            continue  # a name for a role inside the phrase ("the girl" -> "juno")
        if op in ("replace", "delete"):
            rest.extend(said[i1:i2])
    return any(op == "equal" for op, *_ in ops) and all(w in _ANSWER_FILLER for w in rest)


_RELATIVE = re.compile(r"\b(?:scene|scenes|one|bit|moment|part|shot|version|sequence|place|beat)\b[^.;?]*?"
                       r"\b(?:where|when|who|which|in which)\b.*", re.I)
"""A description's relative clause ("a scene where he drives home"): its "where" does not ask to look."""


def wants_a_change(clause: str) -> bool:
    """Tell whether a command asks for a change rather than a look ("give me shots" vs "list the shots")."""
    return not _READ_VERB.search(_RELATIVE.sub("", clause))


_PHRASE_ENDS = re.compile(r"\s*(?:$|[,.;:!?—–-]|(?:and|to|so|with|at|in|on|into|before|after|please|more|less|needs?|"
                          r"should|could|is|feels?|too|a\s+bit|then)\b)", re.I)


_TOLD_BY_MOMENT = re.compile(r"\s+(?:where|in\s+which|when)\s+(?:(?!\s+(?:as\s+|with\s+)?['\"“‘]|"
                             r"\s+(?:and|with|to|into|before|after|then)\s+(?:the|scene|it)\b)[^,;:.!?—–])+", re.I)
_WHOLE_SCENE_STEP = re.compile(r"\b(?:delete|remove|get\s+rid\s+of|drop|scrap|ditch|bin|kill|lose|move|shift|swap|"
                               r"tag|flag|star|mark|merge|fold|duplicate|copy|restore)\s+(?:the\s+)?$", re.I)
"""A step on a whole scene, so a moment said after its description only tells it again ("drop the X scene where …")."""


def _replace_ref(phrase: str, number: str, clause: str) -> str:
    """Replace the occurrence of a scene phrase that ends where a description ends ("the bus", not "the bus ticket")."""
    found = list(re.finditer(re.escape(phrase), clause, re.IGNORECASE))
    if not found:
        return clause
    at = next((m for m in found if _PHRASE_ENDS.match(clause, m.end())), found[0])
    kept = kept_in_words(phrase)  # "cut the line about X", "ruben smiles when …": the words stay
    if removed_moment(clause[:at.end()]) is not None:
        kept = "line"  # "cut the bit where she checks her pocket": that moment goes, not the scene
    if kept == "line" or (kept == "moment" and clause[:at.start()].strip()):
        return clause[:at.end()] + f" in {number}" + clause[at.end():]
    rest = re.match(r"\s*,\s*(?P<rest>\S.*)$", clause[at.end():])
    leads = re.match(r"(?:right\s+|just\s+)?(?:after|before|when|once)\s", phrase, re.I)
    if rest and leads and not clause[:at.start()].strip():  # "after he pays, ida smiles": the moment goes last
        return f"{number}, {rest.group('rest').rstrip(' .!')} {phrase}"
    noun = re.match(r"\s+(?:scene|one|bit|sequence)\b(?!\s*\d)", clause[at.end():], re.I)
    end = at.end() + (noun.end() if noun else 0)  # "the ferry" found in "the ferry scene": one scene, said once
    lead = re.search(r"\bthe\s+(?:one|scene|bit)\s+(?:on|in|at|by|with|under|near|from)\s+$", clause[:at.start()], re.I)
    start = lead.start() if lead else at.start()  # "the one on the ferry": the ferry scene, said once
    after = clause[end:]
    told = _TOLD_BY_MOMENT.match(after)
    if told and _WHOLE_SCENE_STEP.search(clause[:start]) and re.search(r"\b(?:scene|one|sequence)\b", phrase, re.I):
        after = after[told.end():]  # "drop the pier-at-dusk one where she waves": one scene, told twice
    return clause[:start] + number + after


def substitute_refs(clause: str, context: ProjectContext, moved: Mapping[int, int] | None = None,
                    recent: int | None = None) -> str:
    """Replace scene descriptions the graph resolved with their numbers ("the bus scene" -> "scene 3").

    ``moved`` maps a scene's number now to its number once the earlier steps of the same message have
    reordered the screenplay ("swap scenes 4 and 5, then tag the ferry scene": the ferry scene moves too).
    ``recent``: the scene the conversation was last about, so "the other bridge one" is the bridge scene that
    is not it.
    """
    moved = moved or {}
    for ref in context.refs:
        if ref.status == "resolved" and ref.scenes:
            clause = _replace_ref(ref.phrase, _scenes_named([moved.get(n, n) for n in ref.scenes]), clause)
        elif ref.status == "resolved" and ref.scene is not None:
            number = moved.get(ref.scene, ref.scene)
            clause = _replace_ref(ref.phrase, _all_of(ref.phrase, number), clause)
        elif (other := _the_other(ref, recent)) is not None:
            clause = _replace_ref(ref.phrase, f"scene {moved.get(other, other)}", clause)
        elif ref.status == "ambiguous" and recent in ref.option_numbers and _WHOLE_OF.match(ref.phrase):
            clause = _replace_ref(ref.phrase, _all_of(ref.phrase, moved.get(recent, recent)), clause)  # the one in hand
    bare = re.search(r"\bthe\s+other\s+(?:one|scene)\b", clause, re.I)
    if bare and not context.refs and context.implied is not None:  # "the other one, too": the same place's other
        other = _the_other(SceneRef(bare.group(0), "none", options=context.implied.options), recent)
        if other is not None:
            clause = _replace_ref(bare.group(0), f"scene {moved.get(other, other)}", clause)
    return clause


_WHOLE_OF = re.compile(r"\s*the\s+(?:whole|entire)\b", re.I)
"""All of a scene ("the entire pier scene"): the one being worked on, when it is one of those that fit."""


def _all_of(phrase: str, number: int) -> str:
    """Name a scene as the phrase did: "the whole pier scene" is all of scene N (every shot of it, say)."""
    return f"all of scene {number}" if _WHOLE_OF.match(phrase) else f"scene {number}"


def _the_other(ref: SceneRef, recent: int | None) -> int | None:
    """Return the one candidate of "the other X one" that is not the scene just talked about, else None."""
    if recent is None or not re.search(r"\bother\b", ref.phrase, re.I):
        return None
    if ref.status == "none" and re.fullmatch(r"the\s+other\s+(?:one|scene)", ref.phrase.strip(), re.I):
        # "then the other one" after the night bridge scene: the one other scene at the same place
        places = {int(n): (location_of(label) or "").upper() for n, label in (o.split("·", 1) for o in ref.options
                                                                              if "·" in o) if n.strip().isdigit()}
        same = [n for n, place in places.items() if n != recent and place and place == places.get(recent)]
        return same[0] if len(same) == 1 else None
    if ref.status != "ambiguous":
        return None
    numbers = ref.option_numbers
    rest = [n for n in numbers if n != recent]
    return rest[0] if recent in numbers and len(rest) == 1 else None


_SWAP = re.compile(r"\b(?:swap|switch|flip|trade|exchange)\b.*?\bscenes?\s+(\d{1,3})\s*(?:and|&|with)\s*"
                   r"(?:scene\s+)?(\d{1,3})\b", re.I)
_MOVE = re.compile(r"\b(?:move|shift|bump|put)\s+scene\s+(\d{1,3})\s+(?:(?:up|down|back|forward|over|right)\s+){0,2}"
                   r"(?:(?:to\s+)?(?P<where>after|before)\s+scene\s+(?P<other>\d{1,3})|"
                   r"to\s+(?:the\s+)?(?:very\s+)?(?P<edge>end|start|beginning|top|front)|"
                   r"to\s+(?:position|slot|spot|place)\s+(?P<pos>\d{1,3}))\b", re.I)


def reorder_of(clause: str, moved: Mapping[int, int], count: int | None) -> dict[int, int]:
    """Return ``moved`` updated by a swap or move of numbered scenes in ``clause`` (unchanged for other steps).

    Keys are scene numbers before the message's steps ran, values their numbers after the steps so far.
    """
    if not count:
        return dict(moved)
    order = sorted(range(1, count + 1), key=lambda n: moved.get(n, n))  # original numbers in current order
    swap, move = _SWAP.search(clause), _MOVE.search(clause)
    if swap:
        a, b = int(swap.group(1)), int(swap.group(2))
        if not (1 <= a <= count and 1 <= b <= count):
            return dict(moved)
        order[a - 1], order[b - 1] = order[b - 1], order[a - 1]
    elif move:
        a = int(move.group(1))
        if not 1 <= a <= count:
            return dict(moved)
        item = order.pop(a - 1)
        if move.group("edge"):
            order.insert(len(order) if move.group("edge").lower() == "end" else 0, item)
        elif move.group("pos"):
            order.insert(min(max(int(move.group("pos")), 1), count) - 1, item)
        else:
            other = int(move.group("other"))
            if not 1 <= other <= count or other == a:
                return dict(moved)
            at = other - 1 if other < a else other - 2  # where the other scene sits once ``a`` is out
            order.insert(at + 1 if move.group("where").lower() == "after" else at, item)
    else:
        return dict(moved)
    return {original: i + 1 for i, original in enumerate(order) if original != i + 1}


def unresolved_ref(clause: str, context: ProjectContext) -> SceneRef | None:
    """Return a scene description in the clause that the graph could not pin to one scene."""
    for ref in context.refs:
        if ref.status != "resolved" and ref.phrase.lower() in clause.lower() and not _EVERY_SCENE.fullmatch(
                ref.phrase.strip()):
            return ref
    return None


_EVERY_SCENE = re.compile(r"(?:all|every|each)(?:\s+(?:of\s+)?the)?\s+(?:scenes?|ones?)|the\s+(?:whole|entire)\s+"
                          r"(?:film|movie|script|screenplay|thing)", re.I)
"""Every scene at once ("in all the scenes"): no one scene to ask about."""


def takes_scene(tool: ToolSpec) -> bool:
    """Tell whether a tool acts on a scene."""
    return any(p in tool.properties() for p in _SCENE_PROPS)


_BEYOND = re.compile(rf"\b({'|'.join(ORDINALS[1:5])})\s+((?:[\w'-]+\s+){{0,2}}?[\w'-]+?)(?:\s+(?:scene|one))?\s*$",
                     re.I)
"""One of a kind too many ("the third bridge scene" of two). Second to fifth only: "the seventh scene" of a
six-scene film is a scene that is not there, whose options are every scene."""


def scene_question(ref: SceneRef, clause: str, scene_count: int | None = None) -> Question:
    """Ask which scene a description meant, offering each candidate as a ready request."""
    options = []
    for label in ref.options:
        number = label.split("·", 1)[0].strip()
        if number.isdigit():
            request = re.sub(re.escape(ref.phrase), f"scene {number}", clause, count=1, flags=re.IGNORECASE)
            options.append({"label": label.strip(), "request": request})
    listed = "; ".join(o["label"] for o in options)
    missing = re.fullmatch(r"(?:scenes?|sc\.?)\s*#?\s*(\d+)", ref.phrase.strip(), re.I)
    if missing:
        count = f" (the screenplay has scenes 1-{scene_count})" if scene_count else ""
        text = f"Scene {missing.group(1)} does not exist{count}. Which scene do you mean? {listed}."
    elif (beyond := _BEYOND.search(ref.phrase)) and ORDINALS.index(beyond.group(1).lower()) + 1 > len(options) > 0:
        text = (f"There {'is' if len(options) == 1 else 'are'} only {UNITS[len(options) - 1]} "
                f"{beyond.group(2).strip()} scene{'' if len(options) == 1 else 's'}: {listed}. Which one do you mean?")
    elif ref.status == "ambiguous":
        text = f"Which scene do you mean by “{ref.phrase}”? {listed}."
    else:
        text = f"I can't find a scene that matches “{ref.phrase}”. Which one do you mean? {listed}."
    return Question(text, tuple(options))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _dictated(clause: str) -> str:
    """Return text the film-maker dictated verbatim (after a colon, in quotes, or after named/called)."""
    parts = re.findall(r"[\"“]([^\"”]+)[\"”]", clause) + re.findall(r"(?:^|\s)'([^']+)'(?=\s|$|[.,!?])", clause)
    colon = re.search(r":\s*(.+)$", clause)
    if colon:
        parts.append(colon.group(1))
    dashed = re.search(r"\s[—–-]+\s+(?!(?:add|make|use|treat|have)\b)(.+)$|\b(?:prop|location|set|place)[.,]\s+(.+)$",
                       clause, re.I)  # "her attic as a location - low beams": the description is theirs
    if dashed:
        parts.append(dashed.group(1) or dashed.group(2))
    newcomer = re.search(NAMED_NEWCOMER + r"(.+)$", clause, re.I)  # "add BO, a ferry pilot": who he is, in their words
    if newcomer:
        parts.append(newcomer.group(1))
    joined = JOINS_CAST.match(clause)  # "we need quill in the cast. she sells bait on the pier": about her
    if joined:
        parts.append(clause[joined.end():])
    led = re.search(r"^(.+?)\s[—–-]+\s+(?:add|make|use|treat)\b", clause, re.I)  # "a brass compass - add as a prop"
    if led:
        parts.append(led.group(1))
    named = re.search(r"\b(?:named|called|to|where|in which|about|when|with|says|saying|reads|reading|"
                      r"(?:one|scene)\s+of)\s+(.+)$",
                      clause, re.I)
    if named:
        parts.append(named.group(1))
    acted = re.search(r"\b(?:have|let|get)\s+\w+\s+(?:to\s+)?(.+)$|\b(?:should|must|needs?\s+to|has\s+to)\s+(.+)$",
                      clause, re.I)  # "have Ida throw the key in the river": what she does is the film-maker's
    if acted:
        parts.append(acted.group(1) or acted.group(2))
    called = re.search(r"\b(?:add|introduce|bring\s+in|we\s+need|cast)\s+((?:a|an)\s+.+?)\s+(?:called|named)\s", clause,
                       re.I)
    if called:  # "add a grey-bearded ferryman called Strom": who he is, in their words
        parts.append(called.group(1))
    return " ".join(parts).lower()


def echoes(args: dict[str, Any], clause: str, *, run: int = 4) -> bool:
    """Tell whether a text argument pastes a run of the request's own words (not dictated text)."""
    words = _words(clause)
    dictated = " ".join(_words(_dictated(clause)))
    runs = {" ".join(words[i:i + run]) for i in range(len(words) - run + 1)}
    runs = {r for r in runs if r not in dictated}
    for value in args.values():
        texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(
            value, list) else []
        for text in texts:
            flat = " ".join(_words(text))
            if any(r in flat for r in runs):
                return True
    return False


_SCENE_PHRASE = re.compile(
    r"\b(?:scenes?|sc\.?)\s*(?:#\s*)?\w+(?:\s*(?:and|&|,)\s*(?:scene\s+)?\d{1,3}\b)?|"
    r"\bthe\s+(?:(?!(?:to|in|on|of|for|at|into|from|with|by)\b)[\w'-]+\s+){0,3}?(?:scene|one)\b|"
    r"\bshot\s+(?!(?:of|in|on|from|for|at|with|where|that|which)\b)\w+(?:\s+(?:of|in)\s+scene\s+\w+)?",
    re.I,
)


_SHOT_OF_SCENE = re.compile(r"\bshot\s+\w+\s+(?:of|in)\s+(scene\s+\d{1,3})\b", re.I)
"""A shot said with its scene: the same again for another scene keeps the shot."""


def follow_up_request(clause: str, previous: Sequence[str], answered: Sequence[str] = ()) -> str | None:
    """Turn "and scene 4 as well" into the previous request for scene 4; None when there is nothing to repeat.

    A request before that named its scene by description ("the pier at dawn") is repeated as the rewrite the
    answer says it was ("Rewrote scene 5 (colder) …"): its description would name its own scene again.
    """
    if not previous:
        return None
    rest = re.sub(r"^(?:(?:and|also|now|then|ok|okay|same|again|ditto|do|give|apply|the same|next)\s+)*"
                  r"(?:(?:thing|treatment|note|change|fix|deal)\s+)?(?:for|with|to|on|in|at)?\s*", "", clause,
                  flags=re.I)
    rest = re.sub(r"^(\d{1,3})\b", r"scene \1", rest)  # "same again for 5"
    rest = re.sub(r"^((?:the\s+)?(?:very\s+)?(?:last|first|final|opening|closing))\s*(?:too|as\s+well|also)?[.!?]*$",
                  r"\1 scene", rest, flags=re.I)  # "again for the final": the final scene
    target = _SCENE_PHRASE.search(rest)
    if target is None:
        return None
    last = previous[-1]
    of_scene = _SHOT_OF_SCENE.search(last)
    if of_scene and re.match(r"scenes?\s+\d", target.group(0), re.I):  # "shot 3 of scene 2", again for scene 5
        return last[:of_scene.start(1)] + target.group(0) + last[of_scene.end(1):]
    if _SCENE_PHRASE.search(last):
        return _SCENE_PHRASE.sub(lambda _m: target.group(0), last, count=1)
    rewrote = next((m for text in reversed(answered) for m in REWROTE.finditer(text)), None)
    if rewrote is not None and not re.search(rf"\bscene\s+{rewrote.group('n')}\b", target.group(0), re.I):
        return f"rewrite {target.group(0)}: {rewrote.group('how')}"
    placed = PLACE_LAST.search(last)
    if placed is not None and re.match(r"scenes?\s+\d", target.group(0), re.I):  # "… shot of the pier at dusk"
        return last[:placed.start("where")] + target.group(0) + last[placed.end("where"):]
    return f"{last.rstrip(' .!?')} for {target.group(0)}"


PLACE_LAST = re.compile(r"\b(?:of|in|on|at|aboard|inside|into|onto|from)\s+(?P<where>the\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)"
                        r"\s*[.!?]*$", re.I)
"""The place a request ended on ("… on the bus", "… the closing shot of the pier at dusk"): a scene said by its
place, which a follow-up or a correction replaces."""

_MORE_OF_IT = re.compile(
    r"^(?:(?:ok|okay|yes|yeah|good|nice|great|better|hmm+|and|but|now|still)[,.!]*\s+)*"
    r"(?:(?:even|a\s+(?:bit|little|touch|lot|tad)|much|way|some|lots|quite\s+a\s+bit)\s+)?"
    r"(?:more|further|harder|(?:go|push\s+it|take\s+it)\s+(?:a\s+(?:bit|little|step)\s+|even\s+|much\s+|way\s+)?"
    r"further|"
    r"keep\s+going|not\s+enough|still\s+not\s+enough)"
    r"(?:\s+(?:than\s+that|please|pls|still|again|of\s+(?:that|it|the\s+same)|in\s+that\s+direction|"
    r"(?:with|on)\s+(?:that|it)))*[.!]*"
    r"(?:\s+(?:really|very|properly|seriously|much\s+more|way\s+more)\s+(?P<how>[a-z][\w -]{1,30}?))?[.!]*$",
    re.I)
"""Only "more" of what was just done: "a touch more", "push it further", "more. really wary"."""


def more_of_the_rewrite(clause: str, answered: Sequence[str]) -> str | None:
    """Turn "a touch more" just after a rewrite into the same rewrite of the same scene again; else None.

    Only a clause that asks for nothing but more counts, and only when the answer before it rewrote a scene.
    """
    more = _MORE_OF_IT.match(clause.strip())
    rewrote = next((m for text in reversed(answered) for m in REWROTE.finditer(text)), None)
    if more is None or rewrote is None:
        return None
    how = rewrote.group("how")
    if more.group("how") and more.group("how").lower() not in how.lower():
        how = f"{how}, really {more.group('how')}"
    return f"rewrite scene {rewrote.group('n')}: {how}"
