"""Follow-ups that lean on the turn before: corrections, "the next one", "and Ruben a hi-vis", "actually make it 4".

Each function takes the clause and what the conversation holds (the person's previous request, the
scene it was last about) and returns the clause spelled out in full, or None when it is not that
kind of follow-up. Nothing here guesses: without a previous request there is nothing to lean on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.formats.script_terms import GARMENT, GARMENT_WORDS, WEARING
from agent.llm.offline.clauses import ACTION_VERBS, strip_lead
from agent.llm.offline.context import SceneRef
from agent.llm.offline.cues import TIMES, UNTAG, has_cue
from agent.llm.offline.guard import PLACE_LAST
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.results import RESTORED, REWROTE, STILL_REJECTED

__all__ = ["GIVEN_GARMENT", "compare_follow_up", "correction", "described_correction", "gapped", "name_correction",
           "new_number", "new_position", "new_time", "owner", "relative_scene", "said_more", "same_tag",
           "same_transition_target", "shot_follow_up", "still_follow_up", "tone_follow_up", "untag_follow_up",
           "voice_follow_up", "worn_only_in"]

_RELATIVE = re.compile(
    r"\b(?:the\s+)?(?P<which>next|following|previous|preceding)\s+(?:one|scene|bit)\b|"
    r"\bthe\s+(?:one|scene|bit)\s+(?:(?:right|just|straight|immediately)\s+)?(?P<where>after|before)\s+"
    r"(?:it|that|this|that one|this one)\b|"
    r"\bthe\s+(?:one|scene)\s+(?P<where2>after|before)\b(?!\s+(?!(?:as\s+well|too|also)\b)\w)|"
    r"\bthe\s+(?:one|scene|bit)\s+(?:(?:right|just|straight)\s+)?(?P<anchored>after|before)\s+scene\s+(?P<n>\d{1,3})\b|"
    r"\b(?:the\s+(?:one|scene|bit)\s+(?:that|which)|whatever|what(?:ever)?\s+scene)\s+"
    r"(?:(?P<follows>follows|comes\s+(?:(?:right|just|straight)\s+)?after)|precedes|comes\s+(?:(?:right|just)\s+)?before)\s+"
    r"(?:(?:it|that|this)(?:\s+one)?|scene\s+(?P<n2>\d{1,3}))\b",
    re.I)
"""A scene by its neighbour: "the next one" (after the scene just talked about), "the one after scene 3"."""


def relative_scene(clause: str, recent: int | None, scene_count: int | None) -> str:
    """Spell out "the next one" / "the one after it" as the scene after the one just talked about."""
    if re.search(r"\b(?:write|add|draft|create|insert|new)\b", clause, re.I):
        return clause  # "write the next scene" asks for a new one, not a rewrite of the one after

    def number(match: re.Match[str]) -> str:
        word = (match.group("which") or match.group("where") or match.group("where2") or match.group("anchored")
                or ("after" if match.group("follows") else "before" if "the" in match.group(0).lower() else "")).lower()
        told = match.group("n") or match.group("n2")
        anchor = int(told) if told else recent
        if anchor is None:
            return match.group(0)
        n = anchor + (1 if word in ("next", "following", "after") else -1)
        if n < 1 or (scene_count is not None and n > scene_count):
            return match.group(0)  # no such scene: leave the words for the question that follows
        return f"scene {n}"

    return _RELATIVE.sub(number, clause)


_CORRECTION = re.compile(
    r"^(?:(?:no|nope|oops|whoops|sorry|wait|actually|hmm|argh|ugh|urgh|ah|oh|damn)[,!.]*\s+)*"
    r"(?:(?:sorry|no|wrong one|wrong scene)[,!.]*\s+)*"
    r"(?:i\s+meant|i\s+mean|i\s+wanted|that\s+should\s+(?:have\s+)?been|it\s+should\s+(?:have\s+)?been|"
    r"not\s+(?:scene\s+)?\d+,?\s*(?:but\s+)?)\s*(?P<target>(?:scene\s+)?\d{1,3}|the\s+[\w' -]+?)\s*[.!]*$", re.I)
_BARE_CORRECTION = re.compile(
    r"^(?:(?:no+|nope|oops|whoops|sorry|wait|actually|nah|hmm|argh|ugh|urgh|ah|oh|damn|my bad)[,!.]*\s+)+"
    r"(?:(?:not\s+(?:that(?:\s+one)?|this(?:\s+one)?|(?:(?:scene|shot)\s+)?\d+)|wrong\s+(?:one|scene|shot))\s*[,!.;:—–-]*\s+)?"
    r"(?P<target>(?:scene|shot)\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:one|scene|bit|shot))"
    r"(?:\s+(?:is|was)\s+(?:the\s+one|what|it)(?:\s+(?:i|we)\s+(?:meant|mean|wanted))?|\s+(?:i|we)\s+meant)?"
    r"(?:\s+(?:instead|please))*[.!]*$", re.I)
"""A correction without "I meant": "wait, wrong one - the closing one", "oops, shot 5", "nah, the other one"."""
_SCENE = re.compile(r"\b(?:scenes?|sc\.?)\s*\d{1,3}\b|\bthe\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit)"
                    r"(?:\s+(?:on|in|at|aboard|by)\s+the\s+(?!(?:start|end|top|beginning)\b)[\w'-]+)?\b|"
                    r"\bthe\s+(?:very\s+)?(?:opener|opening|ending|finale|closer)\b|"
                    r"^\W*(?:[\w'-]+,?\s+){1,3}?(?:scene|one|bit)\b(?=\s*(?:[:—–]|->|→|=>|\s-\s))", re.I)
"""A scene as a request names it: its number, "the … scene", or a note's label ("pier, night scene → …")."""
_SHOT = re.compile(r"\bshot\s+\d{1,3}\b|\bthe\s+(?:[\w'-]+\s+){0,3}?shot\b", re.I)


_PAIR_CORRECTION = re.compile(r"^(?:(?:no+|nope|oops|sorry|wait|actually|nah|hmm|my\s+bad)[,!.]*\s+)+(?:i\s+meant\s+)?"
                              r"(?:scenes?\s+)?(?P<a>\d{1,3})\s*(?:and|&|,)\s*(?:scene\s+)?(?P<b>\d{1,3})"
                              r"(?:\s+(?:(?:is|was|were|are)\s+what\s+)?(?:i|we)\s+(?:meant|mean|wanted)|\s+instead|"
                              r"\s+please)*[.!]*$", re.I)
"""A pair corrected ("nope, 1 & 4") after a request about a pair of scenes."""
_PAIR_SAID = re.compile(r"\b(?:scenes?\s+)?\d{1,3}\s*(?:and|&|with|,)\s*(?:scene\s+)?\d{1,3}\b", re.I)


def correction(clause: str, previous: str | None, changed: bool) -> list[str] | None:
    """Turn "oops, I meant scene 5" into: undo the change just made, then the same request for scene 5.

    A shot named instead ("oops, shot 5") replaces the shot of the request before, not its scene; a pair ("nope, 1
    & 4") the pair it named.
    """
    pair = _PAIR_CORRECTION.match(clause.strip())
    said_pair = _PAIR_SAID.search(previous) if pair and previous else None
    if pair is not None and previous and said_pair is not None:
        both = f"scenes {pair.group('a')} and {pair.group('b')}"
        return _redone(f"{previous[:said_pair.start()]}{both}{previous[said_pair.end():]}", changed)
    match = (_CORRECTION.match(clause.strip()) or _BARE_CORRECTION.match(clause.strip())
             or _MAKE_IT_CORRECTION.match(clause.strip()))
    if match is None or not previous:
        return None
    target = match.group("target").strip()
    target = f"scene {target}" if target.isdigit() else target
    named = _SHOT if re.search(r"\bshot\b", target, re.I) else _SCENE
    said = named.search(previous)
    placed = PLACE_LAST.search(previous) if said is None and named is _SCENE and not re.fullmatch(
        r"the\s+(?:earlier|later|other|first|second|third|last|final|next|previous|same)\s+(?:one|scene|bit|part)",
        target, re.I) else None  # "the earlier one" names no place
    if placed is not None:  # "… on the bus", then "no, the net loft": that place instead
        return _redone(previous[:placed.start(1)] + target + previous[placed.end(1):], changed)
    if said is None:
        return None
    return _redone(previous[:said.start()] + _narrowed(said.group(0), target) + previous[said.end():], changed)


def _redone(request: str, changed: bool) -> list[str]:
    """The request again, after the change just made is undone (when one was made)."""
    return ["undo", request] if changed else [request]


_MAKE_IT_CORRECTION = re.compile(
    r"^(?:(?:no+|nope|oops|whoops|sorry|wait|actually|hmm|ah|oh|my\s+bad)[,!.]*\s+)+(?:(?:make|do)\s+(?:it|that)|"
    r"(?:put|use)\s+it)\s+(?:(?:to|for|on|in)\s+)?(?P<target>scene\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:scene|one|bit))(?:\s+instead)?\s*[.!]*$", re.I)
"""A correction said as the change again ("actually make it the ferry scene instead"): the scene is the new one."""
_OOPS_LEAD = re.compile(r"^(?:(?:no+|nope|nah|sorry|oops|wait|actually|hmm|wrong\s+one|wrong\s+scene|my\s+bad)"
                        r"[,!.]*\s+)+(?P<rest>.+)$", re.I)
_TIMED = re.compile(rf"\s+(?:at|by|in\s+the)\s+(?:{TIMES})\b", re.I)


def described_correction(clause: str, previous: str | None, refs: Sequence[SceneRef],
                         changed: bool) -> list[str] | None:
    """Turn "no sorry, the other one - where Mara finds the note" into: undo, then the request for that scene.

    Only a correction whose words name one scene the graph resolved (by what happens in it) is read so;
    the scene the request before named (and its time of day, "the office scene at dawn") makes way for it.
    """
    said = _OOPS_LEAD.match(clause.strip())
    own = re.match(r"(?:please\s+)?[a-z]+\s+(?:scene|it|that)\b|(?:i\s+(?:do\s+|really\s+|still\s+)?(?:want|need)|"
                   r"i'?d\s+(?:like|love|rather)|let'?s|can\s+you|could\s+you|would\s+you|undo|redo|revert|restore|"
                   r"delete|remove|tag|rewrite|move|swap|merge|split|export|rename)\b", said.group("rest"),
                   re.I) if said else None  # "sorry, i still want the pier one warmer": a request of its own
    if said is None or not previous or own or _A_VERSION.search(clause):
        return None  # "no, rewrite scene 3 instead" is a request of its own; "no, the first draft back" a restore
    meant = {r.scene for r in refs if r.status == "resolved" and r.scene is not None
             and r.phrase.lower() in clause.lower()}
    before = _SCENE.search(previous)
    if len(meant) != 1 or before is None:
        return None
    end = before.end()
    timed = _TIMED.match(previous, end)
    end = timed.end() if timed else end
    redone = f"{previous[:before.start()]}scene {meant.pop()}{previous[end:]}"
    return ["undo", redone] if changed else [redone]


_A_VERSION = re.compile(r"\b(?:draft|version|original|originally|back\s+(?:to|the\s+way|how)|restore|revert)\b", re.I)
"""Words that ask for an earlier text of a scene, not another scene."""
_CONTRASTS = (
    frozenset("night dawn day daytime morning evening dusk sunrise sunset afternoon daybreak midnight noon".split()),
    frozenset("int ext interior exterior inside outside indoor outdoor".split()),
    frozenset("first second third last final opening closing earlier later early late".split()),
)


def _narrowed(before: str, target: str) -> str:
    """Return the description a correction means: "the dawn pier scene", then "no, the evening one".

    The correction keeps what it does not contradict: the evening *pier* scene, not any evening scene. A word
    of the same kind as one said before (a time of day, inside or out, a place in the film) replaces it; a
    correction that names something else ("no, the market one") is a description of its own.
    """
    words = re.findall(r"[\w'-]+", target.lower())
    old = re.findall(r"[\w'-]+", before.lower())
    if len(words) < 3 or words[0] != "the" or len(old) < 3 or old[0] != "the" or words[-1] not in ("one", "scene"):
        return target  # a number, or not a description corrected by a description
    new, kept = words[1:-1], old[1:-1]
    kinds = [next((k for k in _CONTRASTS if w in k), None) for w in new]
    if not new or None in kinds:
        return target  # "no, the bus scene": a description of its own replaces the one before
    kept = [w for w in kept if not any(w in kind for kind in kinds if kind is not None)]
    return " ".join(["the", *new, *[w for w in kept if w not in new], old[-1]])


_OOPS = r"^(?:(?:no+|nope|nah|hmm+|wait|actually|sorry|oops|argh|ah|oh|my bad|or|rather)(?:[,!.]*\s+|\s*[—–-]+\s*))+"
_CAPITALS = r"(?-i:(?:\s+[A-Z][A-Z’'-]+)*)"
"""More words of a name written in capitals ("ALBERT EMBANKMENT"): one name, not a name and a remark."""
_RENAMED = re.compile(r"\b(?:rename|call)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?\s+(?:to|as)\s+[\"“']?"
                      rf"(?P<name>[A-Za-z][\w’-]*(?:{_CAPITALS}|(?:\s+[a-z][\w’-]*){{1,2}}(?=[\"”']?\s*[.!]*$)))", re.I)
_OTHER_NAME = re.compile(_OOPS + r"(?:make\s+(?:it|that)|call\s+(?:him|her|them|it)|i\s+meant|it'?s|its|use)?\s*"
                         rf"(?:[\"“'](?P<quoted>[A-Za-z][\w’ -]{{0,40}}?)[\"”']|(?P<name>[A-Za-z][\w’-]*{_CAPITALS}))"
                         r"(?:,?\s+not\s+[\"“']?[A-Za-z][\w’-]*[\"”']?)?(?:\s+(?:instead|please))*[.!]*$", re.I)
_NOT_NAME = re.compile(r"\bnot\s+(?P<name>[A-Za-z][\w’-]*)", re.I)


def name_correction(clause: str, previous: str | None, names: Sequence[str], changed: bool) -> list[str] | None:
    """Turn a correction of who or what a request named into: undo it, then the request with the right name.

    After "rename the clerk to Al", "hmm no, make it Alfred" renames AL to ALFRED; after "give Mara a
    scar", "no wait, it's Jonas who has it, not Mara" gives the scar to Jonas. Only a name the project knows
    replaces a name the previous request used (a rename's new name excepted: that one is new by nature).
    """
    if not previous or not re.match(_OOPS, clause.strip(), re.I):
        return None
    renamed = _RENAMED.search(previous)
    other = _OTHER_NAME.match(clause.strip())
    given = (other.group("quoted") or other.group("name")) if other else ""
    if renamed and other and given.lower() not in ("it", "that", "this", "one"):
        if changed:  # renamed already: rename again, from the name just given (no undo to ask about)
            return [f"rename {renamed.group('name')} to {given}"]
        start, end = renamed.span("name")
        return [previous[:start] + given + previous[end:]]
    known = {n.lower(): n for n in names if n}
    said = [owner(w, known) for w in re.findall(r"[A-Za-z][\w’-]*", clause) if owner(w, known) in known]
    before = {w.lower() for w in re.findall(r"[A-Za-z][\w’-]*", previous)}
    new = [w for w in dict.fromkeys(x.lower() for x in said) if w not in before]
    wrong = _NOT_NAME.search(clause)
    old = [w for w in dict.fromkeys(x.lower() for x in said) if w in before]
    if wrong is not None and owner(wrong.group("name"), known) in before:
        old = [owner(wrong.group("name"), known)]
    if len(new) != 1 or len(old) != 1:
        return None
    swapped = re.sub(rf"\b{re.escape(old[0])}\b", known[new[0]], previous, flags=re.I)
    return _redone(swapped, changed) if swapped != previous else None


_WORD_FOR_WORD = re.compile(_OOPS + r"(?:(?:make\s+it|i\s+meant|it'?s|its|it\s+should\s+be)\s+)?"
                            r"(?:(?P<new>[\w'’ -]{2,40}?),?\s+(?:not|instead\s+of|rather\s+than)\s+"
                            r"(?P<old>[\w'’ -]{2,40}?)|not\s+(?P<old2>[\w'’ -]{2,40}?)\s*[,;:—–-]+\s*"
                            r"(?P<new2>[\w'’ -]{2,40}?))(?:\s+(?:instead|please))*\s*[.!]*$", re.I)
"""A word of the request before corrected: "no — bottle green, not grey", "sorry, not grey: navy"."""


def word_correction(clause: str, previous: str | None, changed: bool) -> list[str] | None:
    """Turn "no — navy, not grey" into: undo the request before, then it again with "navy" for "grey".

    Only words the request before used are replaced; anything else is not a correction of it.
    """
    said = _WORD_FOR_WORD.match(clause.strip())
    if said is None or not previous:
        return None
    old = (said.group("old") or said.group("old2")).strip()
    new = (said.group("new") or said.group("new2")).strip()
    found = re.search(rf"\b{re.escape(old)}\b", previous, re.I)
    if found is None or re.search(rf"\b{re.escape(new)}\b", previous, re.I):
        return None
    redone = previous[:found.start()] + new + previous[found.end():]
    return ["undo", redone] if changed else [redone]


def owner(word: str, known: dict[str, str]) -> str:
    """Return a name said as a possessive without its apostrophe ("thats marks coat") as the name itself."""
    word = word.lower()
    return word[:-1] if word not in known and word.endswith("s") and word[:-1] in known else word


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_MOVED_TO = re.compile(r"\b(?:to|at)\s+(?:the\s+)?(?:very\s+)?(?:start|beginning|end|top|front)\b|"
                       r"\b(?:last|first)\s*[.!]*$|"
                       r"\b(?:to|at|in)\s+(?:position\s+|place\s+|slot\s+)?(?:number\s+)?\d{1,3}(?:st|nd|rd|th)?\b|"
                       r"\b(?:in|into|to)\s+(?:the\s+)?\w+\s+(?:place|position|slot)\b|"
                       r"\b(?:after|before)\s+scene\s+\d{1,3}\b|"
                       r"\bso\s+(?:it|that\s+it)\s+(?:opens|closes|ends|starts)\s+the\s+(?:film|movie|story|short)\b",
                       re.I)
_NEW_PLACE = re.compile(_OOPS + r"(?:(?:make\s+it|put\s+it|move\s+it|i\s+meant)\s+)?(?:to\s+|in\s+)?(?:the\s+)?"
                        r"(?:position\s+)?(?P<n>\d{1,3}|" + "|".join(_ORDINALS) + r")(?:st|nd|rd|th)?"
                        r"(?:\s+(?:place|position|slot|one|scene))?(?:\s+(?:instead|please))*[.!]*$", re.I)


_NEXT_TO_PLACE = re.compile(_OOPS + r"(?:(?:make\s+it|put\s+it|move\s+it|i\s+meant)\s+)?(?:(?:right|just|straight)\s+)?"
                            r"(?P<place>(?:after|before)\s+(?:scene\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one)))"
                            r"(?:\s+(?:instead|please))*[.!]*$", re.I)
"""A move corrected to beside another scene: "hmm, just before scene 2 then"."""


_WHERE_IT_WAS = re.compile(r"^(?:(?:no+|nope|nah|hmm+|wait|actually|sorry|oops|argh|ah|oh|my bad|on second thoughts?|"
                           r"scratch that|ok(?:ay)?)[,!.]*\s+)*(?:please\s+)?(?:(?:can|could)\s+you\s+)?"
                           r"(?:put|move|stick|bring|take|send|slot)\s+(?:it|that|them|this|that\s+one|the\s+scene|scene\s+\d+)\s+"
                           r"back(?:\s+(?:to\s+)?(?:where|how)\s+(?:it|they|scene\s+\d+)\s+(?:was|were|came\s+from|used\s+to\s+be)|"
                           r"\s+(?:in|to)\s+(?:its|their)\s+(?:old|original|first)\s+(?:place|position|spot|slot))"
                           r"(?:,?\s+please)?[.!]*$", re.I)
"""A move taken back ("hmm, slot it back where it came from"): the move just made is undone."""


def new_position(clause: str, previous: str | None, changed: bool) -> list[str] | None:
    """Turn "no, third" after "move the storm scene to the start" into: undo it, then the move to position 3.

    "Move it back to where it came from" right after a move undoes the move (nothing else to redo).
    """
    if not previous or not re.search(r"\b(?:move|put|place|shift|bring|take|send|stick)\b", previous, re.I):
        return None
    if _WHERE_IT_WAS.match(clause.strip()):
        return ["undo"] if changed and _MOVED_TO.search(previous) else None
    said, target = _NEW_PLACE.match(clause.strip()), _MOVED_TO.search(previous)
    beside = _NEXT_TO_PLACE.match(clause.strip())
    if beside is not None and target is not None:  # "hmm, just before scene 2 then": a new place, same scene
        redone = f"{previous[:target.start()]}{beside.group('place')}{previous[target.end():]}"
        return ["undo", redone] if changed else [redone]
    if said is None or target is None:
        return None
    word = said.group("n").lower()
    n = int(word) if word.isdigit() else _ORDINALS[word]
    redone = f"{previous[:target.start()]}to position {n}{previous[target.end():]}"
    return ["undo", redone] if changed else [redone]


_NEW_TIME = re.compile(rf"^(?:(?:actually|no|nah|hmm|wait|or|rather|make\s+(?:it|that)|sorry|oops)[,.!]*\s*[-–—]?\s*)+"
                       rf"(?:make\s+it\s+|set\s+it\s+(?:at|to)\s+)?(?P<t>{TIMES})(?:\s+(?:instead|please))?[.!]*$",
                       re.I)
_TIME_SAID = re.compile(rf"\b{TIMES}\b", re.I)


def new_time(clause: str, previous: str | None, changed: bool, answered: Sequence[str] = ()) -> list[str] | None:
    """Turn "no wait - evening" after "set scene 4 to noon" into: undo it, then scene 4 at evening.

    When the answer said which scene changed ("Scene 4 is now … (was …)"), that scene is the one set again: the
    words the first request named it by ("the night pier") may fit no scene once its heading changed.
    """
    said = _NEW_TIME.match(clause.strip())
    if said is None or not previous or not has_cue("set_scene_heading", previous):
        return None
    times = list(_TIME_SAID.finditer(previous))
    if not times:
        return None
    last = times[-1]
    redone = previous[:last.start()] + said.group("t") + previous[last.end():]
    headed = {m.group(1) for text in answered for m in _HEADED.finditer(text)}
    if changed and len(headed) == 1:
        redone = f"set scene {headed.pop()} to {said.group('t')}"
    return ["undo", redone] if changed else [redone]


_HEADED = re.compile(r"\bScene (\d+) is now [^()]+\(was ")
"""A heading change as the tool says it."""


_ONLY_IN = re.compile(r"^(?:(?:but|oh|and|though|tho|ok|okay)[,]?\s+)*(?:only|just)\s+(?:in|for|during|at|on)\s+\S.*$",
                      re.I)
_ALREADY_A_COSTUME = re.compile(r"\b(?:costumes?|outfits?|wardrobe)\b|"
                                r"\b(?:in|for|during)\s+(?:every|all|scenes?\b|the\s+)", re.I)


_COSTUME_FOR = re.compile(r"\b(?:costumes?|outfits?|wardrobe)\s+(?:for|to)\s+(?P<who>[A-Za-z][\w'-]*)|"
                          r"\b(?P<owner>[A-Za-z][\w'-]*)(?:'s|’s)\s+(?:new\s+)?(?:costume|outfit)\b|"
                          r"\bgive\s+(?P<given>[A-Za-z][\w'-]*)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:costume|outfit)\b", re.I)
"""A costume added for someone, by the word costume: "a costume for Mara: ...", "Mara's costume: ..."."""
_SOME_SCENES = re.compile(r"\b(?:in|for|during)\s+(?:every|all|each|scenes?\s+\d)|\bscenes?\s+\d", re.I)


GIVEN_GARMENT = re.compile(rf"^\W*(?:(?:please|pls|ok|okay|so|and)[,]?\s+)*(?:(?:give|hand)\s+"
                           rf"(?P<who>[A-Za-z][\w'’-]*)|(?P<who2>[A-Za-z][\w'’-]*)\s+(?:(?:should|could|must|can)\s+"
                           rf"(?:have|get|be\s+given)|gets|needs|has\s+got|['’]s\s+got|is\s+given))\s+"
                           rf"(?P<what>(?:a|an|some|her|his|their|the)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{GARMENT_WORDS})s?\b)",
                           re.I)
"""A garment given to someone ("give ida a cardigan", "ruben could get a wool scarf"): what they wear."""


def worn_only_in(clause: str, previous: str | None, changed: bool) -> list[str] | None:
    """Turn "only in the dawn scenes" after "juno wears a felt hat" into a costume worn in those scenes.

    What someone wears, said without scenes, was taken for who they are (their description); limiting it
    to some scenes makes it a costume: the description change is undone and the costume added instead.
    A costume just added for every scene ("a costume for Mara: ...") is worn in those scenes from now on.
    """
    if not previous or not _ONLY_IN.match(clause.strip()):
        return None
    added = _COSTUME_FOR.search(previous)
    if added and changed and not _SOME_SCENES.search(previous):
        only = re.sub(r"^(?:(?:but|oh|and|though|tho|ok|okay)[,]?\s+)*", "", clause.strip())
        only = re.sub(r"[,]?\s+(?:though|tho|then|please|pls)\W*$", "", only, flags=re.I)
        who = added.group("who") or added.group("owner") or added.group("given")
        return [f"{who} wears this costume {only}"]  # not "it": that would be read as the last thing named
    previous = GIVEN_GARMENT.sub(lambda m: f"{m.group('who') or m.group('who2')} wears {m.group('what')}",
                                 previous.strip(), count=1)  # "give ruben a donkey jacket": he wears it
    if not (WEARING.search(previous) and GARMENT.search(previous)) or _ALREADY_A_COSTUME.search(previous):
        return None
    redone = f"{previous.strip().rstrip('.!')} {clause.strip()}"
    return ["undo", redone] if changed else [redone]


_NEW_NUMBER = re.compile(r"^(?:(?:actually|no|nah|hmm|wait|or|rather|make\s+(?:it|that)|sorry)[,.!]*\s+)+"
                         r"(?:make\s+it\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>s|secs?|seconds?|mm|%)?(?:\s+(?:instead|please))?[.!]*$",
                         re.I)
_UNIT_NUMBER = re.compile(r"\d+(?:\.\d+)?(?=\s*(?:s\b|secs?\b|seconds?\b|mm\b|%))", re.I)


def new_number(clause: str, previous: str | None) -> str | None:
    """Turn "no, 4" after "hold shot 3 for 6 seconds" into "hold shot 3 for 4 seconds"."""
    match = _NEW_NUMBER.match(clause.strip())
    if match is None or not previous:
        return None
    values = list(_UNIT_NUMBER.finditer(previous))
    if not values:
        return None  # "no, 5" after "brighten scene 2" corrects the scene, not an amount
    last = values[-1]
    return previous[:last.start()] + match.group("n") + previous[last.end():]


_DESCRIBED = (re.compile(r"^(?:(?:please|ok|okay|so)[,]?\s+)*(?P<who>[\w' -]+?)(?:'s|’s)\s+description\s*"
                        r"(?:is\s*|should\s+be\s*|:|[—–-])\s*(?P<text>.+?)[.!]*$", re.I),
              re.compile(r"^(?:(?:please|ok|okay|so)[,]?\s+)*describe\s+(?P<who>[\w' -]+?)\s*(?:as\s+|:\s*)"
                         r"(?P<text>.+?)[.!]*$", re.I))
"""A description just given in the film-maker's words: "Mara's description: a night nurse, dry humour"."""
_MADE_AS = re.compile(r"^(?:(?:please|ok|okay|so)[,]?\s+)*(?:make|add|log|keep|treat)\s+(?P<who>[\w' -]+?)\s+(?:as\s+)?"
                      r"(?:a|an)\s+(?:new\s+)?(?:prop|location|set|character)[.!]*$", re.I)
"""Something just made an entity without a description: "log the rusty bike as a prop"."""
_SAID_MORE = re.compile(r"^(?:(?:and|also|oh|plus|ok|okay|oh\s+and)[,]?\s+)*(?P<lead>(?:please\s+)?(?:add|put\s+in|"
                        r"mention|say|note|include|write)\s+(?:that\s+)?)?(?P<who>she|he|they|it|[\w'-]+)"
                        r"(?P<verb>'s|’s|\s+is|\s+are|'re|\s+was|\s+has|\s+had|\s+\w+s)\s+(?:also\s+)?"
                        r"(?P<rest>[^.;!?]+?)(?P<too>\s+(?:too|as\s+well|also))?[.!]*$", re.I)
"""One more thing about who or what was just described: "mention he's left-handed too", "it's dented"."""
_HABIT = re.compile(r"(?!(?:is|was|has|does|seems|feels|sounds|looks|reads|plays|comes|needs|gets)$)[a-z]{3,}s", re.I)
"""A verb of something someone does ("bites", "hums"), not how they come across ("seems", "reads")."""


def said_more(clause: str, previous: str | None, names: Sequence[str]) -> str | None:
    """Turn "add that he stammers" after a description just given into that description with it added.

    After "Mara's description: a night nurse, dry humour", "add that she's a widow" says "Mara is a widow" (a
    revision adds it to what is there). After "log the rusty bike as a prop", "it's missing a pedal" says
    "the rusty bike is missing a pedal" (and "the van" for "Mara's van").
    Only a pronoun or the same name continues the thing just described; anything else is a request of its own.
    """
    more = _SAID_MORE.match(clause.strip())
    if more is None or not previous:
        return None
    described = next((m for m in (p.match(previous.strip()) for p in _DESCRIBED) if m is not None), None)
    made = _MADE_AS.match(previous.strip()) if described is None else None
    said_about = described or made
    if said_about is None:
        return None
    who, subject = said_about.group("who").strip(), more.group("who").lower()
    pronoun = subject in ("she", "he", "they") if described else subject == "it"
    if not pronoun and subject not in who.lower().split() and subject.removesuffix("'s") != who.lower():
        return None
    habit = _HABIT.fullmatch(more.group("verb").strip())  # "she bites her nails": one more thing she does
    if described is not None and not (more.group("lead") or more.group("too") or habit):
        return None  # "she's too young" after a description is a note, not more of it
    if made is not None and not any(re.fullmatch(re.escape(n), re.sub(r"^the\s+", "", who, flags=re.I), re.I)
                                    for n in names):
        return None  # the thing must be one the project now has
    verb = more.group("verb").strip().lower()
    verb = {"'s": "is", "’s": "is", "'re": "are"}.get(verb, verb)
    if made is not None:  # "the crate", not "ruben's crate": an owner's name would make it about the owner
        who = "the " + re.sub(r"^(?:the\s+)?(?:[\w-]+(?:'s|’s)\s+)?", "", who, flags=re.I)
    return f"{who} {verb} {more.group('rest').strip()}"  # a statement about them: it is added to what is there


_LEADING_AND = re.compile(r"^(?:and|also|plus|&|then)\s+(?P<rest>.+)$", re.I)


def gapped(clause: str, previous: str | None, names: Sequence[str]) -> str | None:
    """Turn "and Mara a scarf" after "give Jonas a hat" into "give Mara a scarf".

    A clause that leaves its subject to the request before ("add that she limps" after a description) is
    spelled out by ``said_more``.
    """
    if not previous or not names:
        return None
    told = said_more(clause, previous, names)
    if told is not None:
        return told
    match = _LEADING_AND.match(clause.strip())
    rest = match.group("rest") if match else clause.strip()  # the splitter may have taken the "and" off already
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    starts_with_name = re.match(rf"(?:{pattern})(?:'s|’s)?\b" + (r"" if match else r"\s+(?:a|an|the|some|his|her)\b"),
                                rest, re.I)  # without "and", only the gapped shape: "mara a scarf"
    if starts_with_name is None:
        return None
    first = strip_lead(previous).split()[0].lower() if strip_lead(previous) else ""
    if first in ACTION_VERBS:  # "give jonas a hat" -> "give"
        return f"{first} {rest}"
    named_before = re.search(rf"\b(?:{pattern})(?:'s|’s)?\b", previous, re.I)
    if named_before is None or named_before.start() == 0 or len(previous[:named_before.start()].split()) > 4:
        return None
    return f"{previous[:named_before.start()].strip()} {rest}"


_SHOT_WORDS = re.compile(r"\b(?:the\s+)?(?:last|final|first|opening|next|second|third|fourth|fifth|establishing|"
                         r"closing)\s+(?:one|shot)\b|\bshot\s+\d{1,3}\b", re.I)
_ONE_FOR = re.compile(r"^(?:(?:one|another(?:\s+one)?|a\s+still|a\s+frame|the\s+same)\s+(?:for|of|on)\s+)", re.I)
"""The same again for another shot ("one for the second shot"): the shot after it is what is named."""
_NEIGHBOUR_SHOT = re.compile(r"(?:the\s+)?(?:(?:one|shot)\s+(after|before)\s+(?:it|that|this|that one)|"
                             r"(next|following|previous)\s+(?:one|shot))", re.I)
_PREVIOUS_SHOT = re.compile(r"\b(?:shot\s+\d+|the\s+(?:[\w-]+\s+)?shot)\b", re.I)


_SHOT_CHANGED = re.compile(r"\bShot (\d+) of scene (\d+) (?:is now|now lasts)\b")
_SHOT_DESCRIBED = re.compile(r"\bthe\s+shot\s+(?:of|where|with|when|showing|in\s+which)\s+.+?"
                        r"(?=\s+(?:(?:to|into)\s+)?(?:an?|\d+\s*(?:s|secs?|seconds))\b(?!.*\b(?:an?)\s))", re.I)
"""A shot named by what it shows, up to what it becomes: "the shot of the gate | a wide"."""


def shot_follow_up(clause: str, previous: str | None, answer: Sequence[str] = ()) -> str | None:
    """Turn "the final one as well" after "tilt shot 2 up" into the same request for the last shot.

    A shot the request before named by what it shows has the number the reply to it gave (``answer``):
    "the next one" after "make the shot of the gate a wide" is the one after the gate's.
    """
    if not previous or not _PREVIOUS_SHOT.search(previous):
        return None
    rest = re.sub(r"^(?:(?:and|also|now|then|same|for|do)\s+)+|(?:\s+(?:too|as well|also|please))+[.!]*$", "",
                  clause.strip(), flags=re.I)
    rest = _ONE_FOR.sub("", rest)  # "now one for the second shot": the shot is what is said after "one for"
    step = _NEIGHBOUR_SHOT.fullmatch(rest.strip(" .!"))
    changed = [m for text in answer for m in _SHOT_CHANGED.finditer(text)]
    described = _SHOT_DESCRIBED.search(previous)
    if step and changed and described and not re.search(r"\bshot\s+\d", previous, re.I):
        was, scene = changed[-1].group(1), changed[-1].group(2)
        previous = f"{previous[:described.start()]}shot {was} of scene {scene}{previous[described.end():]}"
    number = re.search(r"\bshot\s+(\d+)\b", previous, re.I)
    if step and number:  # "plus the shot following that": the neighbour of the shot just changed
        after = (step.group(1) or step.group(2)).lower() in ("after", "next", "following")
        wanted = int(number.group(1)) + (1 if after else -1)
        return previous[:number.start(1)] + str(wanted) + previous[number.end(1):] if wanted >= 1 else None
    shot = _SHOT_WORDS.fullmatch(rest.strip(" .!"))
    if shot is None:
        return None
    named = re.sub(r"\bone\b", "shot", shot.group(0), flags=re.I)
    return _PREVIOUS_SHOT.sub(lambda _m: named, previous, count=1)


_TONE_LEAD = re.compile(r"^(?:(?:now|even|and|also|ok|okay|then|but|make it|a bit|bit|a little|a lot|much|way|still|"
                        r"go|try|more|and now|ok now)\s+)*", re.I)
_REWROTE = re.compile(r"\b(?:rewrite|re-?do|re-?work|make|darken|lighten|tighten|punch up|polish|warm|cool|brighten|"
                      r"soften|sharpen|liven|spice|tone|dial|amp|crank|ramp)\b|"
                      r"\bscene\s+\d+\s+\w+er\b",
                      re.I)


def tone_follow_up(clause: str, previous: str | None, recent: int | None) -> str | None:
    """Turn "now bleaker" after a rewrite into a rewrite of the same scene in the new direction."""
    if not previous or recent is None or not _REWROTE.search(previous) or not find_tones(previous + " " + clause):
        return None
    words = _TONE_LEAD.sub("", clause.strip(" .!?"))
    if not words or len(words.split()) > 3 or re.search(r"\bscenes?\b|\bshots?\b|\d", words, re.I):
        return None
    return f"rewrite scene {recent} {words}" if find_tones(words) else None


_TRANSITION = re.compile(r"\b(?:cross-?\s?fade|x-?fade|dissolve|fade|wipe|hard cut|straight cut|cut|transition|mix)\b",
                         re.I)
_TRANSITION_TARGET = re.compile(r"\b(?:into|before|going into|at the start of)\s+scene\s+\d{1,3}\b|"
                                r"\bbetween\s+(?:clips?\s+|scenes?\s+)?\d{1,3}\s+(?:and|&)\s+(?:clip\s+|scene\s+)?\d{1,3}\b|"
                                r"\b(?:clip|position)\s*\d{1,3}\b", re.I)


def same_transition_target(clause: str, previous: str | None) -> str | None:
    """Turn "no, a hard cut there" after "dissolve into scene 4" into a hard cut into scene 4."""
    if not previous or not _TRANSITION.search(clause) or re.search(r"\d", clause):
        return None
    target = _TRANSITION_TARGET.search(previous)
    if target is None or not _TRANSITION.search(previous):
        return None
    return f"{clause.strip().rstrip('.!')} {target.group(0)}"


def untag_follow_up(clause: str, previous: str | None, answered: Sequence[str] = ()) -> str | None:
    """Turn "take the love tag away" after "flag scene 4 love" into "untag scene 4 love".

    When the request named its scene by description ("tag the ferry scene love"), the tool's reply says which
    scene and tag it was ("Scene 3 tags: love.").
    """
    if not previous or not UNTAG.search(clause) or re.search(r"\bscenes?\s+\d", clause, re.I):
        return None
    tagged = re.match(r"^\s*(?:please\s+)?(?:tag|flag|mark|label|star)\s+(?P<rest>scenes?\s+\d.*)$", previous, re.I)
    if tagged:
        return f"untag {tagged.group('rest')}"
    told = _tags_told(answered)
    if told is None or not re.match(r"^\s*(?:please\s+)?(?:tag|flag|mark|label|star)\b", previous, re.I):
        return None
    scene, tags = told
    named = [t for t in tags if re.search(rf"\b{re.escape(t)}\b", clause, re.I)]
    return f"untag scene {scene} {(named or tags)[-1]}"  # the tag just put on is the last one listed


def _tags_told(answered: Sequence[str]) -> tuple[int, list[str]] | None:
    """Return the scene and its tags as the latest tag reply said them ("Scene 3 tags: keep, fog."), else None."""
    told = next((m for text in reversed(answered) for m in re.finditer(r"\bScene (\d+) tags: ([^.\n]+)\.", text)), None)
    return (int(told.group(1)), [t.strip() for t in told.group(2).split(",")]) if told else None


_THAT_TAG = re.compile(r"\b(?:that|this|the\s+same|same)\s+tags?\b|"
                       r"\btag\s+(?:it|that|them)\s+(?:the\s+same|too|as\s+well)\b", re.I)
"""The tag just put on, said again ("the next one wants the same tag")."""


def same_tag(clause: str, answered: Sequence[str]) -> str | None:
    """Spell "scene 4 wants the same tag" as "tag scene 4 fog", the tag the reply before says was put on."""
    scene = re.search(r"\bscene\s+(\d{1,3})\b", clause, re.I)
    told = _tags_told(answered)
    if scene is None or told is None or not _THAT_TAG.search(clause) or UNTAG.search(clause):
        return None
    tags = [t for t in told[1] if t != "none"]
    return f"tag scene {scene.group(1)} {tags[-1]}" if tags else None


_VOICE_SET = re.compile(r"^(?P<who>[A-Z][A-Z' -]*?) now sounds (?P<voice>[^;]+?);", re.M)
"""What the voice tool said it set ("IDA now sounds husky, warm; …")."""
_MORE_VOICE = re.compile(r"^\W*(?:(?:and|also|ok|okay|now|hmm|oh)[,]?\s+)*(?:make\s+(?:it|her|him|them|the\s+voice)|"
                         r"(?:she|he|they|it)\s+should\s+(?:sound|be))\s+(?:sound\s+)?(?:a\s+(?:bit|touch|little)\s+)?"
                         r"(?P<more>[a-z][^.;!?]*?)\s*[.!]*$", re.I)


_LIKE_THAT_VOICE = re.compile(r"^\W*(?:(?:and|also|ok|okay|now)[,]?\s+)*give\s+(?P<who>[a-z][\w'-]*)\s+(?:a\s+)?"
                              r"(?:voice|one)\s+(?:along\s+(?:those|the\s+same)\s+lines|like\s+(?:that|that\s+one|his|"
                              r"hers|theirs|it)|(?:just\s+)?the\s+same|(?:that'?s\s+)?similar)(?:\s+too|\s+as\s+well)?\W*$",
                              re.I)
"""Someone else given the voice just set ("give mara one like that as well")."""


def voice_follow_up(clause: str, answered: Sequence[str]) -> str | None:
    """Spell "make it warmer too" just after a voice was set as that voice with the new words added; else None."""
    more = _MORE_VOICE.match(clause.strip())
    voiced = next((m for text in reversed(answered) for m in _VOICE_SET.finditer(text)), None)
    alike = _LIKE_THAT_VOICE.match(clause.strip())
    if alike and voiced is not None:  # "give mara one like that as well": the same words, for her
        return f"{alike.group('who').lower()}'s voice: {voiced.group('voice')}"
    if more is None or voiced is None:
        return None
    words = re.sub(r"\s+(?:too|as\s+well|also)\b", "", more.group("more")).strip(" ,")
    return f"{voiced.group('who').lower()}'s voice: {voiced.group('voice')}, {words}"


_RETRY = re.compile(r"^\W*(?:(?:ok|okay|so|then|please|pls|hmm|right)[,]?\s+)*(?:try\s+(?:it\s+|that\s+)?again|again|"
                    r"another(?:\s+one|\s+go|\s+try)?|one\s+more(?:\s+time|\s+go|\s+try)?|have\s+another\s+go|"
                    r"give\s+it\s+another\s+(?:go|try|shot)|redo\s+it|re-?generate(?:\s+it)?|re-?roll)"
                    r"(?:[\s,]+(?:please|pls))?\W*$", re.I)
_STILL_NOTE = re.compile(r"^\W*(?:(?:ok|okay|so|then|hmm|right|but|and)[,]?\s+)*(?:(?:can|could)\s+you\s+|please\s+|"
                         r"try\s+(?:it\s+)?)?(?:make\s+(?:it|her|him|them|the\s+\w+)|more|less|too|not\s+so|"
                         r"brighter|darker|wider|closer|tighter|warmer|cooler|softer|moodier|it\s+(?:needs|should)|"
                         r"needs|should|without|with|lose|drop|no\s+\w+|remove|show|put|add|from|in\s+colou?r|"
                         r"black\s+and\s+white|lower|higher|from\s+(?:above|below|behind))\b", re.I)
"""A change to a still just rejected ("make it brighter", "from behind", "less rain"): what to try next."""


def still_follow_up(clause: str, answered: Sequence[str]) -> str | None:
    """Spell what follows a rejected still ("try again", "make it brighter") as that shot's next still; else None.

    The rejection asked what to change; the answer is the note for the next try, never a change to the scene.
    """
    rejected = next((m for text in reversed(answered) for m in STILL_REJECTED.finditer(text)), None)
    if rejected is None or re.search(r"\b(?:scene|shot|sc|sh)\s*\d", clause, re.I) or clause.strip().endswith("?"):
        return None
    where = f"shot {rejected.group('shot')} of scene {rejected.group('scene')}"
    if _RETRY.match(clause):
        return f"draw a new still of {where}"
    if _STILL_NOTE.match(clause):
        note = re.sub(r"\b(?:it|this|that)\b", "the still", clause.strip().rstrip(".!"), flags=re.I)
        return f"draw a new still of {where}: {note}"  # "make it brighter": the still, not the scene
    return None


_COMPARED = re.compile(r"^\W*(?:(?:so|ok|okay|and|hmm|now)[,]?\s+)*(?:how\s+(?:does|do)\s+(?:that|it|this)"
                       r"(?:\s+one)?\s+compare\s+(?:to|with)|compare\s+(?:that|it|this)(?:\s+one)?\s+(?:to|with)|"
                       r"(?:what(?:'s|’s|\s+is)|(?:show|tell)\s+me)\s+(?:the\s+)?difference\s+"
                       r"(?:from|with|between\s+(?:that|this|it)\s+and))\s+(?P<other>.+?)\W*$", re.I)
"""Comparing the version now with another one said by what made it ("how does that compare to the darker one?")."""


def compare_follow_up(clause: str, history: Sequence[str]) -> str | None:
    """Spell "how does that compare to the darker one?" after versions were made as the comparison; else None.

    "that" is the scene's version now; "the darker one" is the version the rewrite "darker" made, "the original" the
    first, "the one before" the one before now.
    """
    asked = _COMPARED.match(clause.strip())
    if asked is None or re.search(r"\bscene\s+\d|\bversion\s+\d", clause, re.I):
        return None
    made = [m for text in history for m in sorted([*REWROTE.finditer(text), *RESTORED.finditer(text)],
                                                  key=lambda m: m.start())]  # the versions made, in order
    if not made:
        return None
    scene = made[-1].group("n")
    mine = [m for m in made if m.group("n") == scene]
    now = int(mine[-1].group("v"))
    other = asked.group("other").lower()
    if re.search(r"\b(?:original|first)\b", other):
        then = 1
    elif re.search(r"\b(?:before|previous|last|earlier|old)\b", other):
        then = now - 1
    else:
        words = set(re.findall(r"[a-z]+", other)) - {"the", "one", "version", "draft", "take", "a", "an"}
        told = [int(m.group("v")) for m in mine if "how" in m.re.groupindex
                and words & set(re.findall(r"[a-z]+", m.group("how").lower()))]
        if not told:
            return None
        then = told[-1]
    if then < 1 or then == now:
        return None
    return f"compare versions {min(then, now)} and {max(then, now)} of scene {scene}"
