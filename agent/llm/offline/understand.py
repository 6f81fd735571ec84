"""Read a clause as the film-maker meant it: shorthand spelled out, corrections and follow-ups resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from agent.formats.script_terms import GARMENT, GARMENT_FOR_SCENES, GARMENT_WORDS, SOUND_NOUNS, WEARING
from agent.llm.offline.back_refs import named_back, took_from
from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.conversation import Turn, who_answered
from agent.llm.offline.cues import apostrophe_owned, correct_names, real_words
from agent.llm.offline.follow_ons import each_of_them, played_in_scene, same_for, tagged_one
from agent.llm.offline.followups import (
    GIVEN_GARMENT,
    compare_follow_up,
    correction,
    described_correction,
    gapped,
    name_correction,
    new_number,
    new_position,
    new_time,
    relative_scene,
    same_tag,
    same_transition_target,
    shot_follow_up,
    still_follow_up,
    tone_follow_up,
    untag_follow_up,
    voice_follow_up,
    word_correction,
    worn_only_in,
)
from agent.llm.offline.genres import new_genre
from agent.llm.offline.guard import (
    anchor_to_scene,
    answer_to_question,
    bit_out_of,
    follow_up_request,
    more_of_the_rewrite,
    substitute_refs,
    that_one,
)
from agent.llm.offline.names import joins_the_cast, match_names
from agent.llm.offline.numbers import placed_in_gap, to_int
from agent.llm.offline.place_talk import place_it
from agent.llm.offline.reorder import as_move, order_steps
from agent.llm.offline.replaced import value_follow_up
from agent.llm.offline.speech import NOT_A_RECORDING, WISH, is_follow_up, speech_act
from agent.llm.offline.spelling import correct_spelling, edits_apart
from agent.llm.offline.stage import ing_base, third_person, verb_forms
from agent.llm.offline.taken_out import TAKEN_AND_PUT, taken_thing
from agent.llm.offline.unknowns import unknown_relative
from agent.resolver.numbers import SHORT_SCENE
from agent.roles import names_a_person
from agent.shorthand import courtesy_dropped, spell_out

__all__ = ["branch_meant", "recent_scene", "understand_all"]

_UNDONE = re.compile(r"^Undid:", re.M)
_BRING_BACK = re.compile(r"(?:actually,?\s+|no,?\s+|wait,?\s+|oh,?\s+|hm+,?\s+|meh,?\s+|ugh,?\s+)*(?:please\s+)?"
                         r"(?:(?:bring|put|get)\s+"
                         r"(?:it|that|them|those|this)\s+back(?:\s+please)?|i want (?:it|that) back|keep it after all|"
                         r"un-?undo(?: that| it)?|restore (?:it|that)|redo(?: it| that)?)", re.I)
_PUT_BACK = re.compile(
    r"(?:(?:actually|no|nah|nope|hm+|meh|eh|argh|oops|wait|oh|sorry|ugh|on second thoughts?|"
    r"(?:scratch|scrap|forget|cancel|ditch)\s+that)"
    r"[,.!]?\s+)*(?:please\s+|just\s+)?"
    r"(?:(?:put|change|set|turn|make|move)\s+(?:it|that|them|this)\s+back(?:\s+(?:to\s+)?"
    r"(?:how|the way|what|where)\s+(?:it|they|that)\s+(?:was|were|used to be))?|"
    r"go\s+back\s+to\s+(?:how|the way|what)\s+(?:it|they)\s+(?:was|were)|"
    r"(?:i\s+)?(?:liked|preferred)\s+(?:it|the old one)\s+(?:better|before)|revert\s+(?:it|that|this)|"
    r"take\s+(?:it|that)\s+back|undo\s+(?:it|that|this)|(?:scrap|forget|cancel|bin|ditch|lose|drop)\s+(?:that|it)|"
    r"reverse\s+(?:that|it|this)(?:\s+(?:last\s+)?(?:change|edit|one))?|reverse\s+the\s+last\s+(?:change|edit)|"
    r"never\s*mind(?:\s+that)?|"
    r"(?:(?:return|move|put|send|take|bring|get|shift)\s+(?:it|that|them|this)\s+)?(?:back\s+)?to\s+(?:its|their)\s+"
    r"(?:old|original|previous|usual|former)\s+(?:spot|place|position|slot|order|spots|places|positions)|"
    r"back\s+to\s+(?:its|their)\s+(?:old|original|previous|usual|former)\s+(?:spot|place|position|slot|order))"
    r"(?:,?\s+please)?", re.I)
_BARE_PAIR = re.compile(r"^((?:please\s+)?(?:swap|switch|flip|trade|merge|combine|join))\s+(\d{1,3})\s*"
                        r"(?:&|and|with|,|\+|/)\s*(\d{1,3})\b", re.I)
_BARE_MOVE = re.compile(r"^((?:please\s+)?(?:move|put))\s+(\d{1,3})\s+(before|after|to follow)\s+(\d{1,3})\b|"
                        r"^()(\d{1,3})\s+(?:(?:should|has\s+to|must)\s+(?:go|come)\s+|goes\s+|comes\s+)?(?:right\s+|just\s+)?"
                        r"(before|after)\s+(\d{1,3})(?:\s+(?:please|pls|plz|thanks))?\W*$", re.I)
"""A move said with bare numbers: "move 4 after 1", "2 goes before 1" (the whole message, when it has no verb)."""
_SHORT_SHOT = re.compile(r"^(?:scene\s+(?P<scene>\d{1,3})\s*,?\s*)?(?:sh\.?\s?|shot\s+)(?P<shot>\d{1,3})\s*"
                         r"(?:→|->|=>|:)\s*(?:(?:make|turn)\s+(?:it|this|that)\s+(?:into\s+)?)?", re.I)
"""A shot and what it becomes: "sh4 -> ECU", "scene 2 sh3 → make it a close up"."""
_LONG_IS = re.compile(r"\b(how\s+(?:long|big|many\s+\w+|much))['’]s\b", re.I)
_BR = re.compile(r"^\W*br\.?\s+(?=(?:scenes?\s*)?\d)", re.I)
"""A branch asked for in shorthand: "br scene 2-5 → alt-v2"."""
_SC_NUMBER = re.compile(r"\b[sS][cC]\.?\s?(\d{1,3})\b")
_DOTTED_SHOT_TO = re.compile(r"^(\d{1,3})\.(\d{1,2})\s*(?:→|->|=>|:)\s*")
"""A shot written "2.5 -> 4 s": shot 5 of scene 2 becomes what follows."""
_NEW_PLACE = re.compile(r"\b(the\s+)new\s+(?=(?:very\s+)?(?:last|final|first|opening|closing|second|third|fourth|"
                        r"fifth|sixth|penultimate)\s+(?:scene|one)\b)", re.I)
"""A scene named by its place after the message's reorder ("the new last scene"): its place as the steps leave it."""
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))'(?P<said>[^'\n]*?\w'\w[^\n]*?)'(?=$|[\s.,;:!?)])")
"""Words dictated in single quotes with an apostrophe inside ('… her late uncle's van.'): quoted as a whole."""
_LINE_FOR = re.compile(r"^(?P<lead>.*?)\b(?:(?:give|write)\s+(?P<to>[A-Za-z][\w'’-]*)\s+|(?P<who>[A-Za-z][\w'’-]*)\s+"
                       r"(?:needs|gets|should\s+(?:get|have)|could\s+(?:get|have)|has)\s+|"
                       r"(?:add|write|put\s+in)\s+(?=\S+\s+(?:(?:last|final|closing)\s+)?line\s+for\b))"
                       r"(?:a|an|one|another|an\s+extra|one\s+more|a\s+new)\s+(?:(?:last|final|closing)\s+)?"
                       r"(?:line|reply|response|answer|comeback|retort)"
                       r"(?:\s+for\s+(?P<for>[A-Za-z][\w'’-]*))?"
                       r"(?P<where>\s+[^:\"“”]+?)?\s*[:—–-]\s*(?P<said>\"[^\"]+\"|“[^”]+”|'[^'\n]+')"
                       r"\s*[.!]?\s*$", re.I)
"""A line given someone with its words after a colon ("give Mara a line here: 'Not tonight.'"): they say it."""
_IN_NOTES = re.compile(r"\b(?:in|into|to|for)\s+(?:her|his|their|[\w'-]+(?:'s|’s))\s+(?:character\s+)?"
                       r"(?:description|notes?|profile|bio)\b", re.I)
"""Words said to go into someone's description: they describe someone, they name no scene."""
_FILM_END = re.compile(r"\b(?:right\s+|just\s+)?at\s+the\s+(?:very\s+)?end"
                       r"(?:\s+of\s+the\s+(?:film|movie|script|story))?(?=\s*[:,]\s*[\"“'‘]|\s*$)", re.I)
_THAT_PERSON = re.compile(r"\b(?:that|this|the\s+same)\s+(?:person|character|guy|woman|man|girl|boy|lady)\b|"
                          r"\bwhoever\s+(?:that|it)\s+(?:is|was)\b|\bwhoever\s+(?:says|said)\s+(?:it|that)\b", re.I)
"""Someone pointed back at ("that person"), after a who-question named them ("that one" is a scene as often)."""
_BARE_TAG = re.compile(r"^((?:please\s+)?(?:tag|flag|mark|label|star|love|keep))\s+(\d{1,3})\b(?!\s*(?:s\b|sec|mm|%))",
                       re.I)


_MIND_DOING = re.compile(r"^\W*(?:(?:would|do|will)\s+(?:you|u|ya)\s+mind|mind)\s+(?:please\s+|just\s+)?"
                         r"(?P<doing>[a-z]+ing)\b", re.I)
"""A request asked as "would you mind …ing": the thing to do."""


_TO_HEAR = re.compile(r"^\W*" + WISH + r"(?:hear|listen\s+to)\s+" + NOT_A_RECORDING + r"(?P<what>.+?)"
                      r"(?:\s+(?:read\s+(?:out|aloud|through)|out\s+loud|aloud|voiced|spoken|performed))?[\s?.!]*$",
                      re.I)
"""Asking to hear a scene or a line ("can I hear the ferry scene read out?"): a recording of it, to be made."""
_SHOT_LOOKS = re.compile(r"^\W*(?:(?:can|could|may)\s+(?:i|we|u)\s+(?:please\s+)?|let\s+(?:me|us)\s+|"
                         r"i'?d\s+(?:like|love)\s+to\s+|i\s+want\s+to\s+)see\s+what\s+(?P<what>[^?]*?\bshot\b[^?]*?)\s+(?:would|will|might|could)?"
                         r"\s*looks?\s+like[\s?.!]*$", re.I)
"""Asking to see what a shot would look like: a still of it, to be drawn (a character's look is the designer's)."""
_AS_ONE = re.compile(r"^\W*(?:(?:so|ok|okay|hmm|what\s+if)[,]?\s+)*(?:could|can|should|shall|would|might)\s+"
                     r"(?:we\s+(?:make\s+)?)?(?P<a>(?:the|scene)\b.+?)\s+(?:and|&)\s+(?P<b>(?:the|scene)\b.+?)\s+"
                     r"(?:just\s+|maybe\s+|simply\s+)?(?:be|become|work\s+as)\s+(?:one|a\s+single)\s+scene"
                     r"(?:\s+instead)?[\s?.!]*$", re.I)
"""Two scenes asked to be one ("could the pier at dawn and the net loft just be one scene?"): a merge, asked first.

Two numbered scenes, or a second one told by what happens, are read before the message is split (clauses.py)."""
_EDGE_FIRST = re.compile(r"^\W*(?P<edge>(?:by|at|towards?|in)\s+the\s+(?:very\s+)?(?:end|start|beginning|close)"
                         r"(?:\s+of\s+(?:the\s+)?(?:film|movie|story|script))?)\s*[,:—–-]?\s*"
                         r"(?P<asked>(?:what|who|where|which|whose|why|how|when)\b[^?]*?)\s*\??\s*$", re.I)
"""A question told from the film's close ("towards the close, where's the lamp?"): the question, then when."""
_TO_WATCH = re.compile(r"^\W*" + WISH + r"(?:watch|see\s+(?=.*\bplay(?:ed)?\b))\s+"
                       r"(?!(?:what|how|who|why|where|when|if|whether)\b)(?P<what>(?:the|scene)\b.+?)"
                       r"(?:\s+play(?:ed)?(?:\s+out)?)?[\s?.!]*$", re.I)
"""Asking to watch a scene ("could we watch the ferry scene?"): the animatic of it, to be rendered."""


_LABEL_ASKED = re.compile(r"^\W*(?P<scene>scene\s+\d{1,3})\s*(?:\.{2,}|…|[,:;—–-])\s*(?P<asked>(?:what|where|when|who|"
                          r"how|which|is|does|do)\b[^?]*?\b(?P<it>that|it)\b[^?]*\??)\s*$", re.I)
"""A scene named, then asked about as "that" ("the detour scene... where's that set?"): the question is of it."""


_LABEL_THAT = re.compile(r"^(?P<lead>\W*scene\s+\d{1,3}\s*(?:[:,;—–]|\s-)\s*(?:(?:please|pls|just|ok)[,]?\s+)?"
                         r"(?:make|set|turn|change|move|tag|mark|flag|put|have|shift|bump)\s+)(?:that|this)\b(?!\s+(?:one|scene|bit)\b)",
                         re.I)
"""A scene named, then the command with "that" for it ("scene 3: turn that into an exterior")."""


def _asked_of_label(match: re.Match[str]) -> str:
    asked, at = match.group("asked"), match.start("asked")
    return asked[:match.start("it") - at] + match.group("scene") + asked[match.end("it") - at:]


_SCRAPPED_CHANGES = re.compile(r"^\W*(?:(?:nah|no|ok|okay|actually|hmm|ugh|right|yeah)[,.!]*\s+)*(?:just\s+)?"
                               r"(?:scrap|bin|ditch|drop|lose|kill|junk|trash|throw\s+(?:away|out)|get\s+rid\s+of)\s+"
                               r"(?P<which>both(?:\s+(?:of\s+)?(?:the|those|these))?|(?:the\s+)?(?:last\s+)?(?:two|three|2|3)|"
                               r"those(?:\s+two)?|these(?:\s+two)?|that|this|the\s+last|my\s+last)\s+"
                               r"(?P<what>(?:rewrites?|changes?|edits?|versions?|tweaks?))\b", re.I)
"""Changes just made, thrown away ("nah, bin both rewrites"): an undo of them, not a rewrite or a delete."""


_UNDO_THAT = re.compile(r"^\W*(?:(?:ok|okay|no|nah|hmm|actually|ugh|wait|sorry)[,.!]*\s+)*(?:please\s+)?"
                        r"(?:undo|revert|reverse|take\s+back|roll\s+back)\s+(?:all\s+(?:of\s+)?)?(?:that|this|it|those|these|"
                        r"what\s+you\s+(?:just\s+)?did)(?:\s+(?:please|pls))?\W*$", re.I)
"""An undo of what the last message did, said as "that" ("undo that"): every change that message made."""


_ALL_OF_IT = re.compile(r"^\W*(?:(?:ok|okay|no|nah|hmm|actually|ugh|wait|sorry|right)[,.!]*\s+)*(?:please\s+|just\s+)?"
                        r"(?:(?:undo|revert|reverse|take\s+back|roll\s+back|scrap|bin|lose)\s+(?:all|both)\s+(?:of\s+)?"
                        r"(?:that|this|it|those|these|them|the\s+changes|my\s+changes))(?:\s+(?:please|pls))?\W*$",
                        re.I)
"""Every change just made, in the turns before, taken back at once ("roll back all of it", "scrap all those")."""


def _changes_in_a_row(turn: Turn) -> int:
    """Count the changes made by the film-maker's last messages in a row that changed something (none undone since)."""
    asked = set(turn.requests)
    count, changed = 0, False
    seen: set[str] = set()
    for text in reversed(turn.history):
        if _UNDONE.search(text):
            break
        if text in asked:
            if not changed:
                break  # a message that changed nothing (a question) ends the run
            changed = False
            continue
        if "Say 'undo' to revert" in text and text not in seen:
            seen.add(text)
            count, changed = count + 1, True
    return count


def _taken_back(clause: str, turn: Turn, said: Sequence[str]) -> str | None:
    """Read an undo or a redo said of what just happened: "bring it back" after an undo, "put it back" after a change.

    "undo that" after one message that made two changes undoes every change it made.
    """
    last_turn = said[-3:]  # the specialist's report, the closing line
    if any(_UNDONE.search(t) for t in last_turn) and _BRING_BACK.fullmatch(clause.strip(" .!?")):
        return "redo"
    made = len({t for t in _answered(turn) if "Say 'undo' to revert" in t}) if _UNDO_THAT.match(clause) else 0
    if _ALL_OF_IT.match(clause):  # "undo all of that" after a rewrite, then another: both
        made = max(made, _changes_in_a_row(turn))
    if made > 1:
        return f"undo the last {made} changes"
    if said and not any(_UNDONE.search(t) for t in last_turn) and any("Say 'undo'" in t for t in last_turn) and (
            _PUT_BACK.fullmatch(clause.strip(" .!?"))):
        return "undo"  # "actually put it back how it was": the change just made, whatever it was
    return None


def _asked_plainly(match: re.Match[str]) -> str:
    base = ing_base(match.group("doing"))
    return base if base else match.group(0)


def _last_request(turn: Turn) -> str:
    """Return the person's last request as it was read then: no greeting or thanks, apostrophes put back.

    A last request that only repeated the one before for another scene or shot ("again for the pier one, please",
    "and shot 4 too") is that request spelled out, so a third turn ("now the last one") has a verb to repeat.
    """
    cast = (*turn.context.characters, *turn.context.pronouns)  # the pronouns know the cast beyond this request's
    return _standing_request(tuple(turn.requests[-_CHAIN:]), cast)


@lru_cache(maxsize=64)
def _standing_request(requests: tuple[str, ...], cast: tuple[str, ...]) -> str:
    """Return the last of ``requests`` with the chain of "the same for …" before it spelled out.

    Read once per turn: every clause of a message, the planner and each specialist ask for it again.
    """
    said = [apostrophe_owned(courtesy_dropped(r), cast) for r in requests]
    standing = said[0]
    for request in said[1:]:
        before = split_clauses(standing)
        last = before[-1] if before else None
        spelled = shot_follow_up(request, last) or (
            follow_up_request(request, before) if is_follow_up(request) and _SHOT_OR_SCENE.search(
                last or "") else None)
        standing = spelled or request
    return standing


_CHAIN = 3
"""How many of the person's messages a chain of "the same for …" follow-ups is read back through."""
_SHOT_OR_SCENE = re.compile(r"\b(?:shot|scene)\s+\d{1,3}\b", re.I)


def understand_all(clause: str, turn: Turn) -> list[str]:
    """Read one clause; a correction ("oops, I meant scene 5") becomes two steps: undo, then redo it right."""
    steps = order_steps(clause, turn.context.scene_count)
    if steps:  # "new order: 2 1 3 4": the moves that make it
        return [_understand(step, turn) for step in steps]
    if not turn.handed_over and turn.requests:
        last_request = _last_request(turn)
        previous = split_clauses(last_request)
        said = [t for t in turn.history if t.strip()]
        changed = any("say 'undo' to revert" in t.lower() for t in said[-4:])
        # "no, third" or "hmm, just before scene 2" after a move: where it goes (not which scene)
        fixed = new_position(clause.strip(), previous[-1] if previous else None, changed)
        if fixed is None:  # "oops, I meant scene 5"
            fixed = correction(clause.strip(), previous[-1] if previous else None, changed)
        if fixed is None:  # "no sorry, the other one - where Mara finds the note"
            fixed = described_correction(clause.strip(), previous[-1] if previous else None, turn.context.refs,
                                         changed)
        if fixed is None:  # "no, it was Mara, not Jonas"; "actually, make it Bernard" after a rename
            fixed = name_correction(clause.strip(), previous[-1] if previous else None,
                                    turn.context.all_names(), changed)
        if fixed is None:  # "no wait - evening" after a heading change
            fixed = new_time(clause.strip(), previous[-1] if previous else None, changed, _answered(turn))
        if fixed is None:  # "no, humming, not singing" after "mara sings as she …": the other verb
            fixed = _other_verb(clause.strip(), previous[-1] if previous else None, changed, turn.context.scene_count)
        if fixed is None and (genre := new_genre(clause.strip(), previous[-1] if previous else None)):
            fixed = [genre]  # "no sorry, a western" after "genre: noir": the genre is set again, nothing undone
        if fixed is None:  # "only in the dawn scenes" after "juno wears a felt hat": a costume
            fixed = worn_only_in(clause.strip(), previous[-1] if previous else None, changed)
        if fixed is None and (same := same_for(clause.strip(), last_request,
                                               [*turn.context.all_names(), *turn.context.pronouns])):
            fixed = [same]  # "same thing for Jonas but louder" after a change for Mara
        if fixed is None:  # "no — navy, not grey" after a costume: the same request with the right word
            fixed = word_correction(clause.strip(), previous[-1] if previous else None, changed)
        if fixed is None:  # "mark the pair of those" after an answer that listed two scenes
            fixed = each_of_them(clause, _answered(turn))
        if fixed is not None:
            return [_understand(c, turn) for c in fixed]
    understood = _understand(clause, turn)
    return _new_person_in_scene(understood, turn) or [understood]


_THEN = r"\s*(?:[,;:]|\s[-—–])\s*(?:(?:so|just|please|pls|honestly)[,]?\s+)*"
"""Where a judgment ends and the command about it begins ("…, so cut it", "… - lose it")."""
_TAKE_OUT = r"(?P<verb>cut|lose|drop|remove|kill|delete|bin|scrap|ditch)\s+"
_JUDGED_THEN_CUT = re.compile(
    r"^\W*(?P<thing>(?:the\s+|[a-z]+(?:'s|’s)\s+)[^,;:]{2,80}?)\s+(?:is|are|feels?|seems?|sounds?|reads?|looks?|plays?)"
    r"\s+(?:[\w-]+\s+){0,4}?[\w-]+" + _THEN + _TAKE_OUT + r"(?:it|that|them|those)\b(?P<rest>[^,;]*)$", re.I)
"""A thing judged, then taken out ("the sign on the gate is too neat, lose it"): the command is about the thing."""
_CALLED_NOW = re.compile(r"^(?P<lead>\W*(?:(?:please|pls|ok|so|and|also|now|let's)[,!]?\s+)*)(?:call|name)\s+"
                         r"(?P<old>the\s+[a-z][\w -]{1,40}?)\s+[\"“'‘]?"
                         r"(?P<new>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3})[\"”'’]?"
                         r"(?:\s+(?:from\s+now\s+on|instead|now|please|going\s+forward))*\s*[.!]*$")
"""A place given a new name ("call the pier Harbour Wall from now on"): the new name is capitalised as said."""


def _renamed_place(match: re.Match[str]) -> str:
    return f"{match.group('lead')}rename {match.group('old')} to {match.group('new')}"


_TAG_PUT_ON = re.compile(r"^(?P<lead>\W*(?:(?:please|pls|ok|so|and|also|now)[,!]?\s+)*)(?:put|add|stick|slap|give|"
                         r"pop)\s+(?:a|an|the)\s+(?P<tag>[\w-]+(?:\s+[\w-]+)?)\s+tag\s+(?:on|to|onto)\s+"
                         r"(?P<scene>scene\s+\d{1,3}|the\s+(?:(?!(?:in|on|at|of|with|from|for|to)\b)[\w'-]+\s+){0,3}?"
                         r"(?:scene|one|bit|opener|ending)\b.*?)"
                         r"\s*[.!]*$", re.I)
"""A tag put on a scene, said as a thing ("put a night-shoot tag on the pier scene"): that tag, not a prop."""
_JUDGED_THEN_TAGGED = re.compile(
    r"^\W*(?P<scene>scene\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit|opener|ending))\s+"
    r"(?:is|are|feels?|seems?|needs?|reads?|plays?|drags?|could\s+use|'s)\b[^,;:]*?" + _THEN
    + r"(?P<verb>tag|flag|mark|label)\s+(?:it|that|this)\s+(?P<rest>.+)$", re.I)
"""A scene judged, then tagged ("scene 4 drags, flag it for a trim"): the tag goes on that scene."""
_A_SCENE_WORD = re.compile(r"\b(?:scenes?|one|bit|part|sequence|ending|opening|opener|beginning|middle|film|script|"
                           r"draft|act|version)\b", re.I)


_QUOTE_THEN_CUT = re.compile(
    r"^(?P<pre>[^\"“‘]*?)(?P<q>[\"“‘][^\"“”‘’]{3,}[\"”’])(?P<mid>[^,;:\"“”]*?)" + _THEN + _TAKE_OUT
    + r"(?:it|that|this)\b\s*[.!]*$", re.I)
"""A quoted line judged, then taken out ("mara doesn't need 'Not again.' there, cut it"): the line goes."""
_SCENE_SAID = re.compile(r"\b(?:in|from)\s+(?:scene\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit|opener|"
                         r"ending))\b", re.I)


def _judged_then_cut(clause: str) -> str:
    """Spell "the sign on the gate is too neat, lose it" as "lose the sign on the gate" (a scene stays as said)."""
    quoted = _QUOTE_THEN_CUT.match(clause.strip())
    if quoted:  # "… 'Not again.' at the end, cut it": cut that line (where the scene is said, there)
        where = _SCENE_SAID.search(f"{quoted.group('pre')} {quoted.group('mid')}")
        return f"{quoted.group('verb')} the line {quoted.group('q')}{' ' + where.group(0) if where else ''}"
    m = _JUDGED_THEN_CUT.match(clause.strip())
    if m is None or _A_SCENE_WORD.search(m.group("thing").split(" in ")[0]):
        return clause  # "the bus scene is too long, cut it": trim or delete, the reading asks
    return f"{m.group('verb')} {m.group('thing')}{m.group('rest')}".strip()


_IS_SAID = (r"['’]s\s+(?=(?:a|an|never|always|not|really|very|so|too|kind\s+of|pretty|quite|just|still|actually)\b)"
            r"(?!(?:never|always|not|just|still)\s+(?:been|had|got|gone|seen|done|made|said|told)\b)")
"""A name's "'s" that is "is" ("mara's a widow", "tom's always late"), not whose ("mara's coat")."""


_IS_LIKE = (r"['’]s\s+(?=[a-z]+(?:y|ful|ous|ish|ive|ic|al|less|able|ed|er|ent|ant)\b"
            r"(?:\s*(?:[,;.]|$)|\s+(?:with|and|but|yet)\b))")
"""A name opening a note on its "'s" and a word that says how someone is ("tomas's stocky with kind eyes")."""


def _who_is(clause: str, characters: tuple[str, ...]) -> str:
    """Spell "mara's a widow" as "mara is a widow" for the cast's names (a thing of hers stays hers)."""
    for name in characters:
        clause = re.sub(rf"\b({re.escape(name)}){_IS_SAID}", r"\1 is ", clause, flags=re.I)
        clause = re.sub(rf"^(\W*{re.escape(name)}){_IS_LIKE}", r"\1 is ", clause, flags=re.I)
    return clause


_PUT_OWNED = re.compile(r"^(?P<lead>\W*(?:(?:please|pls|ok|so|and|also|now)[,!]?\s+)*(?:put|place|stick|leave|set)\s+)"
                        r"(?P<who>[A-Za-z][\w-]*)['’]s\s+(?:[a-z]+['’]s\s+)?(?P<what>(?:[\w-]+\s+){0,3}?[\w-]+)"
                        r"(?P<rest>\s+(?:on|in|at|by|under|beside|next\s+to|inside|during)\b.*)$", re.I)
"""Someone's thing put somewhere ("put mara's tin mug on the shelf in scene 2", "put mara's dad's pipe in it"): the
thing goes, not its owner."""


def _owned_thing_put(clause: str, characters: tuple[str, ...]) -> str:
    """Spell "put mara's tin mug on the shelf in scene 2" as a tin mug put there (Mara is already in the cast)."""
    m = _PUT_OWNED.match(clause.strip())
    if m is None or m.group("who").upper() not in characters or m.group("what").split()[-1].lower() in (
            "line", "lines", "name", "voice", "description", "costume", "scene", "shot") or names_a_person(
            m.group("what").split()[-1]) or unknown_relative(f"{m.group('who')}'s {m.group('what')}", characters):
        return clause  # "put mara's godson in …": someone, asked about when the cast has no such person
    rest = re.sub(r"\bduring\s+(?=scene\s+\d)", "in ", m.group("rest"), flags=re.I)
    return f"{m.group('lead')}a {m.group('what')}{rest}"


_NEEDS_A = re.compile(r"^\W*(?P<lead>(?:in|on|at|for)\s+scene\s+\d{1,3}\s*[,:]?\s+)?(?P<who>[\w' -]{2,40}?)\s+"
                      r"(?:needs?|should\s+have|could\s+(?:use|do\s+with)|has|has\s+got|['’]s\s+got|keeps)\s+"
                      r"(?P<thing>(?:a|an|some)\s+"
                      r"(?:[\w-]+\s+){0,2}?[\w-]+)(?P<rest>\s+(?:on|by|in|at|next\s+to|under|beside|behind|near|"
                      r"against)\s+(?!scene\b)[^,;.!?]+?)?(?P<tail>\s*,?\s+(?:in|on|for)\s+scene\s+\d{1,3})?\s*[.!]*$",
                      re.I)
"""A thing someone or somewhere needs in a scene ("in scene 4 mara needs a tin mug on the shelf")."""
_NOT_A_PROP = frozenset("""moment beat pause line lines word words reason rewrite pass break minute
    second look costume voice name trim cut scene shot shots close-up closeup bit touch
    drink rest hug kiss laugh smile reaction motive backstory arc silence score music sound noise tone mood
    feel vibe edge energy light lighting note notes change fix polish""".split())


_TOLD_THEN_PLACED = re.compile(r"^(?P<told>[^—–;:]{8,}?)\s*(?:—|–|\s-|;|:)\s*(?:(?:please|pls|so|just)\s+)?"
                               r"(?:(?:can|could)\s+you\s+)?(?:add|put|work|stick|pop|write|get)\s+(?:it|that|this|them)\s+"
                               r"(?:in|into|to)\s+"
                               r"(?P<scene>scenes?\s+\d{1,3})(?:\s+(?:too|as\s+well|please))*\W*$", re.I)
"""Something said, then placed: "tomas keeps a dented flask by the wheel — pop it into scene 3": in scene 3, that."""


def _told_then_placed(clause: str) -> str:
    """Spell "<what happens> — add it to scene N" as "in scene N, <what happens>" (the words never say "add it")."""
    said = _TOLD_THEN_PLACED.match(clause.strip())
    if said is None or speech_act(said.group("told")) == "question":
        return clause
    return f"in {said.group('scene')}, {said.group('told').strip()}"


def _needs_a_thing(clause: str, context: ProjectContext) -> str:
    """Spell a thing a scene needs ("the net loft needs a stove by the door in scene 2") as a prop put there.

    Only with the scene said by number (as the graph resolved it), and only for a thing: never a person, a
    moment, a line or a sound.
    """
    m = _NEEDS_A.match(clause.strip())
    itself = m is not None and re.fullmatch(r"scene\s+\d{1,3}", m.group("who").strip(), re.I) is not None
    if m is None or not (m.group("lead") or m.group("tail") or itself):  # "scene 3 needs a thermos" too
        return clause
    head = m.group("thing").split()[-1].lower()
    if head in _NOT_A_PROP or names_a_person(m.group("thing")) or head.endswith("ing"):
        return clause
    where = re.search(r"scene\s+\d{1,3}", m.group("lead") or m.group("tail") or m.group("who"), re.I)
    return f"put {m.group('thing')}{m.group('rest') or ''} in {where.group(0) if where else ''}".strip()


_BRING_IN = re.compile(r"^\W*(?:(?:please|pls|ok|so|and|also|now)[,!]?\s+)*(?:add|put|bring|stick|throw|write|include|"
                       r"drop)\s+(?:in\s+)?(?:a|an|some)\s+(?P<who>[a-z][a-z' -]{2,40}?)\s+"
                       r"(?:in|into|to|on|onto|aboard)\s+"
                       r"(?P<where>scene\s+\d{1,3})\s*[.!]*$", re.I)
"""Someone new brought into a scene by what they are ("add a night porter to scene 4")."""


def _new_person_in_scene(clause: str, turn: Turn) -> list[str] | None:
    """Spell "add a night porter to scene 4" as the two steps it takes: the porter joins the cast, then the scene.

    Only for a person nobody in the cast is (a role the graph matched to someone is that someone); a minor
    character is named by what they are, as screenplays do (NIGHT PORTER). Anything else: None.
    """
    m = _BRING_IN.match(clause.strip())
    if m is None or not names_a_person(m.group("who")) or turn.context.roles:
        return None
    who = re.sub(r"\s+", " ", m.group("who")).strip()
    added = any(r.startswith(f"Added character {who.upper()}.") for r in turn.results)  # the first step, just done
    known = match_names(who, turn.context.characters) or who.upper() in turn.context.all_names()
    if (known and not added) or len(who.split()) > 3:
        return None
    name = who.upper()
    return [f"add a character {name}: {'an' if who[0].lower() in 'aeiou' else 'a'} {who.lower()}",
            f"put {name} in {m.group('where')}"]


def _answered(turn: Turn) -> list[str]:
    """Return what came back after the film-maker's last request (the answer a follow-up leans on)."""
    if not turn.requests:
        return []
    last = max((i for i, text in enumerate(turn.history) if text == turn.requests[-1]), default=None)
    return turn.history[last + 1:] if last is not None else []


def _spelled_move(match: re.Match[str]) -> str:
    groups = match.groups()
    verb, moved, where, anchor = groups[:4] if match.group(2) else groups[4:]
    return f"{verb or 'move'} scene {moved} {where} scene {anchor}"


def _that_person(clause: str, turn: Turn) -> str:
    """Name "that person" after a who-question ("who speaks last?" … "give that person a last word").

    A line said for "at the very end" with no scene named is for the end of the last scene.
    """
    answered_by = who_answered(turn) if _THAT_PERSON.search(clause) else None
    clause = _THAT_PERSON.sub(answered_by.title(), clause, count=1) if answered_by else clause
    if not turn.context.scene_count or re.search(r"\b(?:scene|sc\.?)\s*\d", clause, re.I):
        return clause
    return _FILM_END.sub(f"at the end of scene {turn.context.scene_count}", clause, count=1)


def _understand(clause: str, turn: Turn) -> str:
    """Read one clause as the film-maker meant it: resolved scenes, the follow-up spelled out, typos fixed."""
    clause = _SINGLE_QUOTED.sub(r"“\g<said>”", clause)  # an apostrophe inside is no closing quote
    clause = SHORT_SCENE.sub(r"scene \1", clause)
    clause = _SC_NUMBER.sub(r"scene \1", clause)  # "sc2 wetter"
    clause = _BR.sub("branch ", clause)  # "br scene 2-5 -> alt-v2": a branch of those scenes, not version 2
    clause = _LONG_IS.sub(r"\1 is", clause)  # "how long's the film"
    clause = _SHORT_SHOT.sub(lambda m: f"make shot {m.group('shot')} " + (
        f"of scene {m.group('scene')} " if m.group("scene") else ""), clause)  # "sh4 -> ECU": shot 4 becomes an ECU
    clause = _DOTTED_SHOT_TO.sub(r"make shot \2 of scene \1 ", clause)
    clause = spell_out(clause)  # "ida shud look frail"
    clause = _STILL_MORE.sub(r"even \g<more>", clause)  # "colder still": even colder, never a still image
    left = branch_meant(clause, turn)
    if left is not None:
        return left  # on a branch, "return to the original draft" is main, never a scene's first version
    clause = _SCRAPPED_CHANGES.sub(r"undo \g<which> \g<what>", clause)  # "nah, bin both rewrites": undo them
    clause = _MIND_DOING.sub(_asked_plainly, clause)  # "would you mind making it funnier?": make it funnier
    clause = _TO_HEAR.sub(r"record \g<what>", clause)  # "can I hear the ferry scene?": record it
    clause = _judged_then_cut(clause)  # "her last line is a bit cute, cut it": cut her last line
    clause = _CALLED_NOW.sub(_renamed_place, clause)  # "call the pier Harbour Wall from now on": a rename
    clause = _TAG_PUT_ON.sub(r"\g<lead>tag \g<scene> \g<tag>", clause)  # "put a night-shoot tag on scene 4"
    clause = _JUDGED_THEN_TAGGED.sub(r"\g<verb> \g<scene> \g<rest>", clause)  # "scene 4 drags, flag it": flag scene 4
    clause = _SHOT_LOOKS.sub(r"draw a still of \g<what>", clause)  # "can I see what shot 1 would look like?"
    clause = _TO_WATCH.sub(r"render an animatic of \g<what>", clause)  # "can we watch it?": its animatic
    clause = _AS_ONE.sub(r"merge \g<a> with \g<b>", clause)  # "could the X and the Y just be one scene?"
    clause = _EDGE_FIRST.sub(r"\g<asked> \g<edge>?", clause)  # "at the start, who holds the lamp?": asked, then when
    for phrase, name in turn.context.roles:  # "change the bus driver's name": the graph knows who that is
        # "the drivers voice": his, its apostrophe dropped
        clause = re.sub(rf"\b{re.escape(phrase)}(s(?=\s+[a-z]))?\b", rf"{name.title()}\1", clause, flags=re.I)
        clause = re.sub(rf"\b{re.escape(name.title())}s\b", f"{name.title()}'s", clause)
        # "the man with the tattooed hands is left-handed": what told who she is has done its work
        clause = re.sub(rf"\b({re.escape(name.title())})\s+(?:with|who\s+has)\s+(?:the|a|an|her|his|their)\s+"
                        r"[\w' -]{2,40}?(?=\s+(?:is|was|has|keeps|wears|should|needs|carries|always|never|can)\b)",
                        r"\1", clause)
    clause = place_it(clause, turn.context.locations)  # "the pier is an exterior, tag it wet-down": the pier
    clause = correct_names(clause, turn.context.characters)  # "rubin", "Jnuo"
    clause = _who_is(clause, turn.context.characters)  # "mara's a widow": Mara is a widow
    clause = _owned_thing_put(clause, turn.context.characters)  # "put mara's thermos in scene 2": the thermos
    names = tuple(w.lower() for n in turn.context.all_names() for w in n.split())
    clause = correct_spelling(clause, names)  # before scenes are looked up: "the sceen on the bus"
    clause = _mended_verbs(clause, turn.context.characters)  # "mara whistels", "tomas stumbels": what someone does
    clause = _BARE_PAIR.sub(r"\1 scenes \2 and \3", clause)  # "swap 2 & 5"
    clause = _BARE_MOVE.sub(_spelled_move, clause)  # "move 4 after 1"
    clause = _BARE_TAG.sub(r"\1 scene \2", clause)  # "tag 1 keep"
    clause = _said_line(_that_person(clause, turn), turn.context.characters)  # "give Mara a line: '…'": she says it
    clause = _NEW_PLACE.sub(r"\1", clause)  # each step runs on the order the steps before it left
    said = [t for t in turn.history if t.strip()]
    named = _named_before(clause, turn) or (_worn_answered(clause, said[-1], turn) if said else None)
    if named is not None:
        return named  # "The art team dug up a dented flask. Log that as a prop": the flask
    taken_back = _taken_back(clause, turn, said)
    if taken_back is not None:
        return taken_back
    if not turn.handed_over and turn.requests and said:
        answered = answer_to_question(clause, said[-1], turn.requests[-1], turn.context.refs)
        if answered is not None:
            return answered
    previous = split_clauses(_last_request(turn)) if turn.requests else []  # the person's last request, read once
    last = previous[-1] if previous else None
    clause = _onto_the_branch_made(clause, turn)  # "switch to it" just after a branch was made: that branch
    if not turn.handed_over:  # "the final one as well" after a shot: the last shot
        clause = shot_follow_up(clause, last, _answered(turn)) or clause
    recent = None if turn.handed_over else recent_scene(turn)
    clause = that_one(clause, recent)  # "now bump that one up first" after an answer naming scene 6: scene 6
    part = None if turn.handed_over else bit_out_of(clause, recent)
    if part is not None:
        return correct_spelling(part, names)  # "lose the bit with the kettle" after a look: a part of that scene
    clause = _subject_of_ref(clause, turn)  # "the scene where Mara …, she should …": Mara, before it is a number
    if not turn.handed_over:  # "take the love tag off the harbour one": the harbour scene that has it
        clause = tagged_one(clause, turn.context.refs, turn.history) or clause
    clause = _worn_there(clause, turn.context)  # "juno wears her anorak on the bridge": every bridge scene
    # "scene 1 goes after scene 3"; "the other bridge one" is the bridge scene not just talked about
    named = clause if joins_the_cast(clause) or _IN_NOTES.search(clause) else substitute_refs(
        clause, turn.context, turn.moved, recent_scene(turn))  # "add a new character mrs quill, she mends nets on the
    # pier at night", "give mara reading glasses in her description": who she is, no scene
    clause = named if speech_act(clause) == "question" else as_move(named)  # "what happens after X?" moves nothing
    clause = _LABEL_THAT.sub(r"\g<lead>it", clause)  # "scene 3: turn that into an exterior": it, scene 3
    clause = _LABEL_ASKED.sub(_asked_of_label, clause)  # "scene 3... where's that set?": where scene 3 is set
    clause = _settled_refs(clause, turn.context)  # "his evening at the pier"; "the market scene right after it"
    clause = _whose_scene(clause, turn.context)  # "ida's closing scene" once it is scene 6: scene 6
    clause = _PUT_ON_SCENE.sub(r"\g<verb> \g<who> in \g<scene>", clause)  # "put tomas on the pier": in its scene
    clause = _PUT_SOUND.sub(r"add \g<what> to ", clause)  # "put some gulls crying in scene 5": heard, never a prop
    if match_names(clause, turn.context.characters):
        clause = _PUT_IN_GARMENT.sub(r"\g<who> wears \g<what>", clause)  # "put mara in a yellow oilskin"
        clause = GIVEN_GARMENT.sub(lambda m: _worn(m, turn.context.characters), clause)  # "ruben should get a scarf"
        clause = _GIVEN_LINES.sub(r"\g<who> needs \g<what>", clause)  # "give ruben a line": words, never a prop
    if not turn.handed_over:
        recent = recent_scene(turn)
        clause = relative_scene(clause, recent, turn.context.scene_count)
        clause = played_in_scene(clause, recent) or clause  # "make her sharper in it": that scene is rewritten
        known = [*turn.context.characters, *turn.context.locations, *turn.context.props]
        clause = _THAT_ONE_TOO.sub(r"\g<scene>\g<too>", clause)  # "plus scene 5, that one too": scene 5 too
        spelled = (still_follow_up(clause, _answered(turn))  # "make it brighter" after a still was rejected
                   or compare_follow_up(clause, said)  # "how does that compare to the darker one?"
                   or new_number(clause, last) or gapped(clause, last, known) or placed_in_gap(clause, last)
                   or same_tag(clause, _answered(turn))  # "plus the scene after wants the same tag"
                   or value_follow_up(clause, turn.history)  # "make it 09:30" after the meter was quoted
                   or voice_follow_up(clause, _answered(turn)))  # "make it warmer too" after a voice was set
        if spelled is not None:
            clause = spelled
        elif is_follow_up(clause):
            clause = follow_up_request(clause, previous, _answered(turn)) or clause
        elif (more := more_of_the_rewrite(clause, _answered(turn))) is not None:
            clause = more  # "a touch more" just after a rewrite: the same rewrite again
        else:
            clause = (tone_follow_up(clause, last, recent) or same_transition_target(clause, last)
                      or untag_follow_up(clause, last, _answered(turn)) or clause)
        clause = anchor_to_scene(clause, recent)
        clause = _those_scenes(clause, turn)
    clause = _aged_by(clause, turn)  # "make him two years younger" after he was said to be 60: 58
    clause = _told_then_placed(clause)  # "he keeps a flask by the wheel — add it to scene 3"
    clause = _needs_a_thing(clause, turn.context)  # "in scene 4 mara needs a tin mug on the shelf": a prop there
    clause = _taken_and_put(clause, turn.context)  # "take the lamp from scene 3 and put it in scene 6": put it there
    clause = _tagged_that_way(clause, turn)  # "I loathe the ferry scene. mark it so": hate
    clause = _LIKED.sub(lambda m: f"{m.group('lead')}love {m.group('what') or m.group('much')}", clause)  # the love tag
    clause = _NEEDS_WORK.sub(lambda m: f"{m.group('lead')}tag {m.group('what')} rewrite", clause)  # the rewrite tag
    return correct_spelling(clause, names)


_THAT_WAY = re.compile(r"^(?P<lead>\W*(?:(?:so|ok|okay|and|then|please|pls|just)[,]?\s+)*(?:tag|mark|flag|label)\s+"
                       r"(?P<what>scenes?\s+\d{1,3}|it|this(?:\s+one)?|that(?:\s+one)?))\s+(?:that\s+way|like\s+that|"
                       r"so|accordingly|as\s+such|the\s+same\s+way|with\s+that)\W*$", re.I)
_FELT = re.compile(r"\b(?:i|we)\s+(?:really\s+|honestly\s+|just\s+|absolutely\s+|truly\s+)?"
                   r"(?P<how>hate|love|adore|loathe)\b", re.I)
"""A tag said as a feeling in the same message ("I loathe the ferry scene … label it accordingly")."""


def _tagged_that_way(clause: str, turn: Turn) -> str:
    """Spell "label it accordingly" after "I loathe the ferry scene" in the same message as the hate (or love) tag."""
    said = _THAT_WAY.match(clause.strip())
    felt = list(_FELT.finditer(turn.request)) if said else []
    if not said or not felt:
        return clause
    how = felt[-1].group("how").lower()
    return f"{said.group('lead')} as {'love' if how in ('love', 'adore') else 'hate'}"


_LIKED = re.compile(r"^(?P<lead>\W*(?:i\s+)?)(?:(?:really|so|just|genuinely|truly)\s+like\s+(?P<what>scene\s+\d{1,3}|"
                    r"this(?:\s+one)?|that(?:\s+one)?)|like\s+(?P<much>scene\s+\d{1,3}|this(?:\s+one)?|that(?:\s+one)?)"
                    r"\s+(?:a\s+lot|so\s+much|very\s+much))\s*[.!]*$", re.I)
"""A scene liked a lot ("i really like that one", "i like scene 4 so much"): the love tag, as "i love" is."""


_STILL_MORE = re.compile(r"\b(?P<more>(?:more|less)\s+[a-z]+|[a-z]{3,}ier|(?:colder|darker|shorter|longer|tighter|"
                         r"slower|faster|quieter|louder|bleaker|tenser|sadder|warmer|lighter|harder|softer|calmer|"
                         r"wetter|bigger|smaller|sharper|grimmer|sparser|leaner|meaner|kinder|stranger|wilder|"
                         r"rougher|tougher|weirder|brighter|deeper|lower|higher|wider|closer|older|younger))\s+"
                         r"still\b(?!\s+(?:of|for|from|image|frame|picture|shows?|to)\b)", re.I)
"""A comparative with "still" after it ("colder still"): even more so, never a still image."""
_NEEDS_WORK = re.compile(r"^(?P<lead>\W*(?:(?:so|and|also|honestly|ok|okay|hmm|fyi|noted|btw)[,:]?\s+)*"
                         r"(?:(?:i\s+(?:think|feel)|note)\s+(?:that\s+)?)?)(?P<what>scenes?\s+\d{1,3}|it|this(?:\s+one)?|"
                         r"that(?:\s+one)?|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit|opening|ending|start|end))\s+"
                         r"(?:still\s+|really\s+|definitely\s+|clearly\s+)?(?:needs|could\s+use|"
                         r"could\s+do\s+with|wants)\s+(?:some\s+|more\s+|a\s+(?:bit|lot)\s+(?:more\s+)?|another\s+|"
                         r"a\s+(?:second|fresh|proper)\s+|a\s+)?(?:work|pass|look|draft|rewrite|re-?write|rethink|"
                         r"fixing|attention|polish)\s*[.!]*$", re.I)
"""A scene judged to need work ("scene 4 still needs another pass"): the rewrite tag, not a rewrite now."""
_THAT_ONE_TOO = re.compile(r"^(?P<scene>\W*(?:(?:and|also|plus)\s+)?scenes?\s+\d{1,3})\s*(?:,?\s*(?:that|this)\s+one|,)"
                           r"(?P<too>\s+(?:too|as\s+well|also))", re.I)
"""A scene named, then pointed at again ("plus scene 5, this one too"): that scene too."""
_ONTO_IT = re.compile(r"^\W*(?:(?:ok|okay|so|now|and|then|please|pls|great|good|let'?s)[,!]?\s+)*(?:(?:switch|move|go|"
                      r"jump|hop|change|put|get|take|bring)(?:\s+(?:me|us))?|check|work)\s+(?:over\s+|across\s+)?"
                      r"(?:to|onto|into|on\s+to|on|out)?\s*(?:it|that(?:\s+one)?|the\s+new\s+(?:one|branch)|there|"
                      r"(?:the|that|this)\s+branch)(?:\s+(?:now|then|please|pls))*\W*$|"
                      r"^\W*(?:(?:ok|okay|so|now|and|then|please|great|good|let'?s)[,!]?\s+)*check\s+it\s+out\W*$",
                      re.I)
_BRANCH_MADE = re.compile(r"\bCreated branch (?P<name>[\w.-]+)")


def _onto_the_branch_made(clause: str, turn: Turn) -> str:
    """Spell "switch to it" just after a branch was made as a switch to that branch, "call it X" as it renamed.

    Making a branch already moves onto it, so the switch changes nothing; the rename names what was made.
    """
    named = _CALL_IT.match(clause.strip())
    if turn.handed_over or not (named or _ONTO_IT.match(clause.strip())):
        return clause
    made = [m.group("name") for text in _answered(turn) for m in _BRANCH_MADE.finditer(text)]
    if not made:
        return clause
    return f"rename the branch {made[-1]} to {named.group('name')}" if named else f"switch to branch {made[-1]}"


_CALL_IT = re.compile(r"^\W*(?:(?:ok|okay|so|and|now|actually|oh|oops|sorry)[,!]?\s+)*(?:call|name|label)\s+(?:it|that|"
                      r"the\s+branch|this\s+branch)\s+[\"“'‘]?(?P<name>[\w.-]+)[\"”'’]?(?:\s+(?:please|instead))*\W*$",
                      re.I)
"""A branch just made, named after the fact ("call it night-cut")."""


def _whose_scene(clause: str, context: ProjectContext) -> str:
    """Drop whose a resolved scene was said to be ("ida's scene 6 is perfect"): the number says which scene."""
    cast = [*context.characters, *context.pronouns]
    if not cast:
        return clause
    names = "|".join(re.escape(n) for n in sorted(cast, key=len, reverse=True))
    return re.sub(rf"\b(?:{names})(?:'s|’s)\s+(?=scenes?\s+\d)", "", clause, flags=re.I)


_AGED_BY = re.compile(r"^\W*(?:(?:ok|okay|so|then|and|now|please)[,]?\s+)*(?:make|have)\s+(?P<who>[a-z][\w'’-]*)\s+"
                      r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+"
                      r"(?P<way>older|younger)(?:\s+(?:then|instead|please|too))?\W*$", re.I)
"""An age changed by some years ("make him two years younger"): the age known, plus or minus those years."""


def _aged_by(clause: str, turn: Turn) -> str:
    """Spell "make him two years younger" as "make TOMAS 58" when his age was just said (or is in his description)."""
    asked = _AGED_BY.match(clause.strip())
    if asked is None:
        return clause
    named = match_names(asked.group("who"), turn.context.characters)
    told = [*(f"{n} is {d}" for n, d in turn.context.character_descriptions.items()), *turn.history[-4:],
            *turn.results]
    years = to_int(asked.group("n")) or 0  # "a year", "two years", "3 years"
    for text in reversed(told):
        for name in named or turn.context.characters:
            age = re.search(rf"\b{re.escape(name)}\b(?:\s+is|\s*\(|,)\s*(?P<age>\d{{1,3}})\b", text, re.I)
            if age:
                new = int(age.group("age")) + (years if asked.group("way").lower() == "older" else -years)
                return f"make {name} {new}" if new > 0 else clause
    return clause


def _taken_and_put(clause: str, context: ProjectContext) -> str:
    """Spell "take the lamp from scene 3 and put it in scene 6 too" as the lamp put in scene 6 (when 3 has one)."""
    found = taken_thing(clause, context)
    if found is None or not found[2]:
        return clause  # a thing the scene lacks: said so (structure.not_in_scene), nothing is put anywhere
    rest = TAKEN_AND_PUT.match(clause.strip()).group("rest")  # type: ignore[union-attr]
    return f"put the {found[0]} {rest}"


_HEARD_ONLY = (r"birdsong|birds|gulls?|seagulls?|crows?|owls?|thunder|traffic|footsteps|fireworks|gunshots?|"
               r"knock(?:ing)?|sirens?|foghorn|fog\s+horn|rumble|bang|slam|thud|hiss|creak|clatter|chimes?")
"""Sounds no one could hold: put in a scene, they are heard there (a radio or a bell may be a prop)."""
_PUT_SOUND = re.compile(rf"^\W*(?:please\s+)?(?:put|stick|throw|pop)\s+(?:in\s+)?(?P<what>(?:(?:a|an|the|some)\s+)?"
                        rf"(?:(?:distant|faint|low|loud|far-off)\s+)?(?:(?:{_HEARD_ONLY})(?:\s+[a-z]+ing)?|"
                        rf"(?:{SOUND_NOUNS})\s+[a-z]+ing))\s+(?:in|into|on|over|under)\s+(?=scene\s+\d|the\s|it\b)",
                        re.I)
"""A sound put in a scene ("put some gulls crying in scene 5"): added there as what we hear."""
_PUT_IN_GARMENT = re.compile(rf"^\W*(?:put|stick|get|dress)\s+(?P<who>[A-Za-z][\w'’-]*)\s+in(?:to)?\s+"
                             rf"(?P<what>(?:a|an|her|his|their|some)\s+(?:[\w'-]+\s+){{0,3}}?"
                             rf"(?:{GARMENT_WORDS})s?\b)", re.I)
"""Someone put into a garment ("put tomas in a sou'wester"): what they wear, not a scene they join."""


_GIVEN_LINES = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|and|can\s+you|could\s+you)[,]?\s+)*give\s+"
                          r"(?P<who>[A-Za-z][\w'’-]*)\s+(?P<what>(?:a|an|another|one|two|three|some|more|a\s+couple\s+of|"
                          r"a\s+few)\s+(?:more\s+|extra\s+|new\s+|short\s+)?(?:lines?|words?|dialogue|"
                          r"(?:thing|something)\s+to\s+say)\b)", re.I)
"""Lines given to someone ("give ruben a line in scene 3"): a line for them, never an object called LINE."""


def _worn(given: re.Match[str], cast: tuple[str, ...]) -> str:
    who = given.group("who") or given.group("who2")
    return f"{who} wears {given.group('what')}" if match_names(who, cast) else given.group(0)


_PUT_ON_SCENE = re.compile(r"\b(?P<verb>put|bring|place|stick|get|have|add)\s+(?P<who>[\w'’-]+)\s+"
                           r"(?:on|at|aboard|onto)\s+(?P<scene>scene\s+\d{1,3})\b", re.I)
"""Someone put "on the bridge" once the bridge is its scene: put in that scene."""


def _worn_there(clause: str, context: ProjectContext) -> str:
    """Spell a garment worn at a place ("juno wears a yellow anorak on the bridge") as worn in every scene set there.

    The costume tool keeps only the scenes the wearer is in, and says which it left out.
    """
    said_worn = WEARING.search(clause) or GARMENT_FOR_SCENES.match(clause.strip()) or re.match(
        r"^\W*[\w'’-]+\s*:", clause)  # "tomas on the pier: an oilskin"; "tomas: an oilskin, only on the pier"
    if not (said_worn and GARMENT.search(clause) and match_names(clause, context.characters)):
        return clause
    for ref in context.refs:
        said = re.search(rf"\b(?:in|on|at|aboard|inside)\s+{re.escape(ref.phrase)}\b", clause, re.I)
        if ref.at and said:
            scenes = ", ".join(str(n) for n in ref.at[:-1]) + f" and {ref.at[-1]}"
            clause = f"{clause[:said.start()]}in scenes {scenes}{clause[said.end():]}"
            return re.sub(r"\s*,?\s+\(?\b(?:both|each|every|all\s+the)\s+times?\b\)?", "", clause, flags=re.I)
    return clause


_OTHER_VERB = re.compile(r"^\W*(?:(?:actually|no|sorry|wait|nah|hmm|oops|make\s+it)[,.!]*\s+)+"
                         r"(?P<new>[a-z]+ing)\s*,?\s+"
                         r"(?:not|rather\s+than|instead\s+of)\s+(?P<old>[a-z]+ing)\W*$", re.I)
"""A corrected action ("no, humming, not singing"): the step before again, with the other verb."""


def _other_verb(clause: str, previous: str | None, changed: bool, count: int | None) -> list[str] | None:
    """Turn "no, humming, not singing" after "mara sings as she …" into: undo, then "mara hums as she …".

    The scene the request before named by its place in the film ("the last scene") is named by number: this
    message's own words name none.
    """
    said = _OTHER_VERB.match(clause)
    old, new = (ing_base(said.group("old")), ing_base(said.group("new"))) if said else (None, None)
    if not previous or old is None or new is None:
        return None
    forms = {old, third_person(old), said.group("old").lower()}  # type: ignore[union-attr]
    found = next((m for m in re.finditer(r"[A-Za-z]+", previous) if m.group(0).lower() in forms), None)
    if found is None:
        return None
    word = found.group(0).lower()
    put = new if word == old else third_person(new) if word == third_person(old) else said.group("new")  # type: ignore[union-attr]
    redone = previous[:found.start()] + put + previous[found.end():]
    if count:
        redone = re.sub(r"\bthe\s+(?:very\s+)?(?:last|final|closing)\s+(?:scene|one)\b", f"scene {count}", redone,
                        flags=re.I)
        redone = re.sub(r"\bthe\s+(?:very\s+)?(?:first|opening)\s+(?:scene|one)\b", "scene 1", redone, flags=re.I)
    return ["undo", redone] if changed else [redone]


def _mended_verbs(clause: str, characters: tuple[str, ...]) -> str:
    """Mend a slip in what someone does, said right after who does it ("mara whistels" -> "mara whistles").

    Only there: the stage verbs are few, and pulling any word towards them ("parka" -> "park") would change
    what was asked.
    """
    forms = verb_forms()
    known = real_words()
    who = "|".join([*(re.escape(n) for n in characters), "she", "he", "they"])

    def mend(match: re.Match[str]) -> str:
        word = match.group("word")
        low = word.lower()
        if low in forms or low in known or len(low) < 5:
            return match.group(0)
        near = [f for f in forms if f[0] == low[0] and abs(len(f) - len(low)) <= 1 and edits_apart(f, low) == 1]
        # (a slip keeps the first letter: "flicks" is no "licks" however close)
        return f"{match.group('who')} {near[0]}" if len(near) == 1 else match.group(0)

    return re.sub(rf"\b(?P<who>{who})\s+(?P<word>[a-z]+)\b", mend, clause, flags=re.I) if characters else clause


def _said_line(clause: str, characters: tuple[str, ...]) -> str:
    """Spell a line given someone ("give Mara a line in the kitchen scene: 'Not tonight.'") as what they say."""
    given = _LINE_FOR.match(clause.strip())
    who = given.group("to") or given.group("who") or given.group("for") if given else None
    if given is None or who is None or who.lower() not in {c.lower() for c in characters} or re.search(
            r"\b(?:after|when|once|while|before|as\s+soon\s+as)\b", given.group("where") or "", re.I):
        return clause  # "… right after Ida asks: '…'": spoken.py places the line at that moment
    where = re.sub(r"^(?:there|here|in\s+(?:it|there))\b", "", (given.group("where") or "").strip(), flags=re.I)
    said = f"have {who} say {given.group('said')}"  # the scene talked about, unless the words say where
    return f"{given.group('lead')}{where.strip()}, {said}" if where.strip() else f"{given.group('lead')}{said}"


_TIMES = r"night|dawn|dusk|day|morning|evening|daybreak|sunrise|sunset|afternoon|noon|midnight"
_NEXT_TO_IT = re.compile(r"\s+(?:(?:that|which)\s+(?:(?:right|just|directly)\s+)?(?P<dir>follows|comes\s+after|"
                         r"precedes|comes\s+before)|(?:right|just|directly|immediately)\s+(?P<dir2>before|after))\s+"
                         r"(?:it|that(?:\s+one)?|this(?:\s+one)?)\b", re.I)
"""A scene placed by the scene the clause named before it: "merge scene 3 with the kiosk scene that follows it"."""


def _settled_refs(clause: str, context: ProjectContext) -> str:
    """Name a scene the graph found ambiguous when the words beside it settle it.

    A time of day said before a place picks the candidate at that time ("her night on the bridge"); "the kiosk
    scene that follows it" is the candidate right after the scene the clause named before.
    """
    for ref in context.refs:
        at = clause.lower().find(ref.phrase.lower())
        if ref.status != "ambiguous" or at < 0:
            continue
        end = at + len(ref.phrase)
        near = _NEXT_TO_IT.match(clause, end)
        named = re.findall(r"\bscene\s+(\d+)\b", clause[:at], re.I)
        if near is not None and named:
            said = (near.group("dir") or near.group("dir2")).lower()
            step = 1 if said.startswith(("follows", "comes after", "after")) else -1
            wanted = int(named[-1]) + step
            if wanted in ref.option_numbers:
                return f"{clause[:at]}scene {wanted}{clause[near.end():]}"
        said = re.search(rf"\b(?P<time>{_TIMES})\s+(?:on|at|in|by|under|over|beside)\s+$", clause[:at], re.I)
        if said is None:
            continue  # only a time said before the place: after it ("the pier scene at dusk") it may be the change
        time = said.group("time").lower()
        fits = [n for n, option in zip(ref.option_numbers, ref.options, strict=False)
                if re.search(rf"-\s*{time}\s*$", option, re.I)]
        if len(fits) == 1:
            clause = f"{clause[:at]}scene {fits[0]}{clause[end:]}"
    return clause


def _subject_of_ref(clause: str, turn: Turn) -> str:
    """Name the person a "she"/"he" after a scene description means when the description named one person.

    "The scene where Mara locks up: she should hum": the description becomes "scene 6", and with it the only
    word that said who "she" is.
    """
    for ref in turn.context.refs:
        at = clause.lower().find(ref.phrase.lower())
        named = match_names(ref.phrase, turn.context.characters) if at >= 0 else []
        if len(named) != 1:
            continue
        end = at + len(ref.phrase)
        pronoun = re.search(r"\b(?:she|he)\b", clause[end:], re.I)
        if pronoun is not None:
            return f"{clause[:end + pronoun.start()]}{named[0].title()}{clause[end + pronoun.end():]}"
    return clause


_ADD_IT = re.compile(r"^\W*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:add|make|keep|log)\s+(?:it|that|this|them)\s+"
                     r"(?:as\s+)?(?:a\s+)?(?:new\s+)?(?P<kind>prop|location|character)\b", re.I)
_INTRODUCED = re.compile(r"\b(?:an?|some)\s+(?P<thing>[a-z][\w' -]*(?:,[\w' -]+)*)$", re.I)


_DESCRIBE_THAT = re.compile(r"^\W*(?:please\s+)?(?:(?:can|could)\s+you\s+)?"
                            r"(?:(?:put|use|make|note|write|set|take|keep)\s+"
                            r"(?:that|this|it|those)\s+(?:in\s+|down\s+)?as\s+(?:his|her|their|the)\s+"
                            r"(?:(?:new|character)\s+)?description\b|(?:add|put|write)\s+(?:that|this|it)\s+(?:in)?to\s+"
                            r"(?:who\s+(?:she|he|they)\s+(?:is|are)|(?:her|his|their)\s+(?:description|notes|profile|bio)))|"
                            r"(?:(?:can|could|would|should)\s+(?:that|this|it|those)\s+go|(?:add|put|write)\s+(?:that|this|it))"
                            r"\s+(?:on|in|into|onto|to)\s+(?:his|her|their|the)\s+(?:character\s+)?(?:card|description|notes|"
                            r"profile|bio|sheet|page)\b",
                            re.I)
_SEEN_AS = re.compile(r"^.*?\bi\s+(?:see|picture|imagine|envision|envisage)\s+(?:her|him|them|[a-z]+)\s+"
                      r"(?:with|as|in)\s+", re.I)
"""A look told as it is pictured ("… and i picture him with a shaved head"): the look, without the picturing."""


_VOICE_THAT = re.compile(r"^\W*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:set|make|give|use)\s+(?:(?:her|his|their|"
                         r"[a-z]+(?:'s|’s))\s+voice|(?:her|him|them|[a-z]+)\s+a\s+voice)\s+"
                         r"(?:like\s+(?:that|this)|that\s+way|(?:to\s+)?(?:that|this)|"
                         r"as\s+(?:i\s+)?(?:said|described))\W*$", re.I)
_SOUNDS_LIKE_BEFORE = re.compile(r"\bsound(?:s|ing)?\b(?:\s+like)?\s*(?:\.{2,}|…|[:—–-]|,)\s*(?P<how>[^.?!…]{3,})",
                                 re.I)
"""How someone should sound, said in the sentence before ("how should she sound... soft, precise"), for "set her
voice like that"."""


_WORN_THAT = re.compile(r"^\W*(?:(?:ok|okay|great|good|right|so|and)[,!]?\s+)*(?:please\s+)?(?:make|use|put|set|take|"
                        r"turn)\s+(?:that|this|it|those)\s+(?:as\s+|in(?:to)?\s+)?(?:her|his|their)\s+costume\b"
                        r"(?P<rest>[^.!?]*)", re.I)
_WORN_ANSWER = re.compile(r"^(?P<who>[A-Z][A-Z' -]+?) has no costume yet; the screenplay says:")


def _worn_answered(clause: str, answer: str, turn: Turn) -> str | None:
    """Read "make that her costume" after an answer quoting what the screenplay puts on someone as that costume.

    Only the garments of the quote ("oilskin, one glove") become the costume, never the words
    of the request; "all her scenes" (or nothing said) is every scene of theirs.
    """
    asked, answered = _WORN_THAT.match(clause.strip()), _WORN_ANSWER.match(answer.strip())
    if asked is None or answered is None or answered.group("who") not in turn.context.characters:
        return None
    worn = [part.strip() for quote in re.findall(r"\(([^)]*)\)", answer) for part in quote.split(",")
            if GARMENT.search(part)] or [q.strip() for q in re.findall(r"“([^”]*)”", answer) if GARMENT.search(q)]
    if not worn:
        return None
    rest = asked.group("rest")
    shown = sorted({int(n) for n in re.findall(r"\b[Ss]cene (\d{1,3})\b", answer)})
    if re.fullmatch(r"\s*(?:for|in)\s+(?:(?:both|all|each)(?:\s+of)?\s+)?(?:those|these|them|both)"
                    r"(?:\s+(?:scenes|ones|two))?\s*", rest, re.I):  # "in each of them": the scenes asked about
        rest = f" in scenes {', '.join(map(str, shown[:-1]))} and {shown[-1]}" if len(shown) > 1 else ""
    return f"costume for {answered.group('who').title()}: {', '.join(dict.fromkeys(worn))}{rest}"


def _named_before(clause: str, turn: Turn) -> str | None:
    """Spell out what "it"/"that" points back to when the sentence before in the message said it.

    "The art team dug up a dented flask. Log that as a prop": the flask. "I keep picturing Ruben. He's fifty,
    heavy-set. Could you put that in as his description?": those words, for Ruben.
    """
    before = turn.earlier[-1].strip(" .!") if turn.earlier and not turn.handed_over else ""
    asked = _ADD_IT.match(clause.strip())
    thing = _INTRODUCED.search(before) if asked and before else None
    if asked is not None and thing is not None:
        return f"add a {asked.group('kind').lower()}: {thing.group('thing').strip()}"
    told = " ".join(turn.earlier)
    for phrase, name in turn.context.roles:  # "The old clerk is hard of hearing. Add that to who she is.": Ida
        told = re.sub(rf"\b{re.escape(phrase)}\b", name.title(), told, flags=re.I)
    who = match_names(told, turn.context.characters) if before else []
    said = re.split(r"(?<=[.!?])\s+", before)[-1]  # the last sentence: "He's fifty, heavy-set"
    described = _DESCRIBE_THAT.match(clause.strip()) and who
    if described and _SEEN_AS.match(said):
        said = _SEEN_AS.sub("", said)
        return f"change {who[-1].title()}'s description: {said[:1].upper()}{said[1:]}"
    if described and not match_names(said, turn.context.characters):
        return f"change {who[-1].title()}'s description: {said}"
    if described and match_names(said, turn.context.characters) == [who[-1]]:
        return said  # "Ida is hard of hearing. Add that to who she is.": that sentence, said of her
    sounds = _SOUNDS_LIKE_BEFORE.search(before) if _VOICE_THAT.match(clause.strip()) and who else None
    if sounds is not None:  # "How should Ida sound... soft, a bit Scottish. Set her voice like that."
        return f"set {who[-1].title()}'s voice: {sounds.group('how').strip(' .')}"
    return named_back(clause, turn.earlier if not turn.handed_over else [], _before_renames(turn))


_RENAMED = re.compile(r"\bRenamed (?P<old>[A-Z][A-Z0-9' -]+?) to [A-Z][A-Z0-9' -]+? "
                      r"in the (?P<kind>locations|cast|props)\b")


def _before_renames(turn: Turn) -> ProjectContext:
    """Return the context with the names this message's renames replaced, so its steps read the same after them."""
    olds: dict[str, list[str]] = {"locations": [], "cast": [], "props": []}
    for found in _RENAMED.finditer("\n".join(turn.after)):
        olds[found.group("kind")].append(found.group("old"))
    if not any(olds.values()):
        return turn.context
    context = turn.context
    return replace(context, characters=(*context.characters, *olds["cast"]),
                   locations=(*context.locations, *olds["locations"]), props=(*context.props, *olds["props"]))


def told_for(step: str, earlier: str) -> bool:
    """Tell whether a step took what it adds from the sentence before ("add a prop: <what that sentence said>")."""
    told = re.match(r"(?:add a|change [\w ]+'s description|set [\w ]+'s voice)\b[^:]*:", step)
    said = step.split(":", 1)[1].strip() if told else ""
    return bool(said) and earlier.strip(" .!").endswith(said) or took_from(step, earlier)


_LABELLED = re.compile(r"\b(?P<label>[A-Za-z]+):\s+[Ss]cene\s+(?P<number>\d+)\b")
"""An answer that names scenes under labels ("Longest: scene 4 (48 s); shortest: scene 5")."""


_THOSE = re.compile(r"\b(?:all\s+(?:of\s+)?(?:them|those|these)|(?:each|every\s+one)\s+of\s+(?:them|those|these)|"
                    r"(?:those|these)(?:\s+(?:scenes|ones|(?:two|three|four|five|six)(?:\s+scenes)?))?|them"
                    r"(?:\s+all|\s+both)?)\b", re.I)
_BEST_FIRST = re.compile(r"^Scenes that match, best first: (\d{1,3})\.")
_SCENE_LIST = re.compile(r"\b[Ss]cenes\s+(\d{1,3}(?:\s*,\s*\d{1,3})*,?\s+(?:and|&)\s+\d{1,3})\b")
_LIST_WORK = re.compile(r"\b(?:tag|flag|mark|label|star|re-?write|break|shots?|storyboard|stills?|darker|lighter|"
                        r"shorter|longer|funnier|tighten|trim|punch|lock|protect|freeze|colou?r)\b", re.I)


def _those_scenes(clause: str, turn: Turn) -> str:
    """Spell "flag those for the reshoot" after an answer listing scenes ("scenes 1, 2 and 4") as those scenes."""
    those = _THOSE.search(clause)
    if those is None or not _LIST_WORK.search(clause) or re.search(r"\b(?:scenes?|sc\.?)\s*\d", clause, re.I) or (
            match_names(clause, turn.context.characters)):
        return clause  # "give them coats" after naming people is about the people
    for text in reversed([*turn.history, *turn.after, *turn.earlier]):
        text = re.split(r"\bNext(?:, if you like)?:", text)[0]
        listed = _SCENE_LIST.search(text)
        if listed:
            numbers = re.findall(r"\d{1,3}", listed.group(1))
            named = f"scenes {', '.join(numbers[:-1])} and {numbers[-1]}"
            return clause[:those.start()] + named + clause[those.end():]
        if re.search(r"\b[Ss]cenes?\s+\d", text):
            return clause  # the last answer named one scene: "those" is not about scenes
    return clause


_NEW_SCENE_AT = re.compile(r"^\W*(?:please\s+)?(?:write|add|draft|insert|create)\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?"
                           r"(?:new\s+)?scene\s+(?P<side>after|before)\s+scene\s+(?P<n>\d{1,3})\b", re.I)
"""A step of this message that writes a new scene next to another: the scene it writes is the one talked about."""


_MOVED_TO_PLACE = re.compile(r"\b(?:[Mm]oved?|[Bb]ump(?:ed)?|[Ss]hift(?:ed)?)\s+scene\s+(?P<n>\d{1,3})\s+"
                             r"(?:(?:up|down|back|right)\s+){0,2}to\s+"
                             r"(?:the\s+very\s+)?"
                             r"(?P<to>position\s+\d{1,3}|"
                             r"the\s+(?:top|start|beginning|front|end)|first|last)\b")
"""A move said or done ("put scene 5 at the very start", "Moved scene 5 to position 1"): where the scene is now."""


def recent_scene(turn: Turn) -> int | None:
    """Return the scene the conversation last named (requests, answers and tool results), if any.

    An answer naming several scenes under labels points at the one the question asked for: after "what is
    our longest scene?", "Longest: scene 4; shortest: scene 5" is about scene 4.
    """
    asked = turn.requests[-1].lower() if turn.requests else ""
    for text in reversed([*turn.history, *turn.after, *turn.earlier]):
        text = re.split(r"\bNext(?:, if you like)?:", text)[0]  # hints name scenes nobody talked about
        chosen = [int(m.group("number")) for m in _LABELLED.finditer(text)
                  if re.search(rf"\b{m.group('label').lower()}\b", asked)]
        if chosen:
            return chosen[-1]
        best = _BEST_FIRST.search(text)
        if best:  # "Scenes that match, best first: 1. … ; 4. …": "give it a tag" is about the best match
            return int(best.group(1))
        if _SCENE_LIST.search(text):
            return None  # "Scenes 1, 3 and 5: …": "that one" could be any of them (asked, never guessed)
        written = _NEW_SCENE_AT.search(text)
        if written:  # "write a two-line scene after scene 2 …, then star it": the new scene, 3
            return int(written.group("n")) + (1 if written.group("side").lower() == "after" else 0)
        moved = _MOVED_TO_PLACE.search(text)
        if moved:  # "put scene 5 first, then make it dusk": where it went, 1
            to = moved.group("to").lower()
            if to in ("the top", "the start", "the beginning", "the front", "first"):
                return 1
            if to in ("the end", "last"):
                return turn.context.scene_count or None
            return int(re.sub(r"\D", "", to))
        found = re.findall(r"\b[Ss]cenes?\s+(\d+)\b", text)
        if found:
            return int(found[-1])
    return None


_LEAD_IN = (r"^\W*(?:(?:ok|okay|so|now|and|then|actually|right|hmm+|please|pls|great|good|let'?s|can\s+we|"
            r"could\s+we)[,!]?\s+)*")
_MAIN_MEANT = re.compile(
    _LEAD_IN + r"(?:(?:(?:go|get|switch|move|head|jump|hop|come|return|change|flip|take\s+(?:me|us)|bring\s+(?:me|us))"
    r"(?:\s+(?:back|over))?\s+(?:to|onto|into)|back\s+(?:to|onto))\s+(?:the\s+|our\s+)?(?:(?:original|main|master|"
    r"trunk|mainline|main\s+line)(?:\s+(?:one|script|screenplay|version|draft|cut|branch|line|story))?|"
    r"(?:normal|real|proper|regular|usual|standard)\s+(?:one|script|screenplay|version|draft|cut|story))|"
    r"(?:leave|exit|get\s+off|come\s+off|step\s+off|drop\s+out\s+of)\s+(?:the|this)\s+"
    r"branch)(?:\s+(?:please|pls|now|then|again))*\W*$", re.I)
"""Leaving a branch said without naming main ("return to the original draft", "leave the branch")."""
_JUST_BACK = re.compile(_LEAD_IN + r"(?:go\s+back|back\s+to\s+where\s+we\s+were)(?:\s+(?:please|pls|now|then))*\W*$",
                        re.I)
"""Only "go back": leaving the branch when it was just made (after an edit on it, "go back" takes the edit back)."""
_TO_THE_OTHER = re.compile(_LEAD_IN + r"(?:switch|go|move|jump|hop|change|flip)\s+(?:back\s+)?(?:to|onto)\s+the\s+"
                           r"other\s+(?:branch|one|version)\W*$", re.I)


def branch_meant(clause: str, turn: Turn) -> str | None:
    """Spell a switch said with no branch's name as one ("return to the original draft" on a branch: main), else None.

    Only on a branch: on main, "return to the original draft" asks for a scene's first version.
    """
    context = turn.context
    current = context.branch
    if not current or current == "main":
        return None
    just_made = any(t.startswith("Created branch") for t in _answered(turn))  # the last request made it
    if _MAIN_MEANT.match(clause.strip()) or (just_made and _JUST_BACK.match(clause.strip())):
        return "switch to main"
    others = [b for b in context.branches if b != current]
    if _TO_THE_OTHER.match(clause.strip()) and len(others) == 1:
        return f"switch to branch {others[0]}"
    return None
