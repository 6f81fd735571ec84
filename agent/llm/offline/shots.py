"""Camera and length changes to one shot, said in plain words: which shot, and what its camera does.

A film-maker names a shot by number ("sh3", "shot 4"), by place ("the opening shot", "open scene 6 on ..."),
by what it shows ("the shot of the kettle", "the tag on the key: ..."), by a line in quotes ("juno's 'no'")
or by pointing back ("now hold that one for 2 seconds"). Each such request is spelled out as one step the
cinematographer reads without guessing (``spell_shots``); ``shot_calls`` decides the call that carries it out.

Several shots of one scene are changed in one step too ("all of scene 4 handheld"): ``shot_groups`` reads those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.conversation import Turn
from agent.llm.offline.cues import has_cue
from agent.llm.offline.numbers import find_duration, find_lens, find_scenes, find_shot, to_int
from agent.llm.offline.shot_groups import read_group_asks
from agent.llm.offline.shot_words import (
    CAMERA,
    FILLER,
    LENS,
    QUOTE,
    SECONDS,
    SPELLED,
    ShotAsk,
    camera_terms,
    pick,
    scene_of_talk,
    spelled_where,
    tidy,
)
from agent.llm.offline.speech import speech_act
from agent.llm.offline.transitions import spell_transitions
from agent.llm.offline.understand import understand_all
from agent.resolver.numbers import DOTTED_SHOT

__all__ = ["ShotAsk", "name_found_shot", "read_shot_asks", "shot_query", "shot_work", "spell_shots",
           "spelled_tool"]

_WITH_WHOM = re.compile(r"(?P<two>\btwo[\s-]*shot|\b2[\s-]*shot)\s+(?:of|with|on)\s+(?P<who>[\w'’]+(?:\s*(?:,|and|&)\s*"
                        r"[\w'’]+)*)")
_NOT_CONTENT = FILLER | frozenset("""
    of where with when which showing shows show in on at by about who where's wherein whose his her their he she they
    them him s shots scene
""".split())
_NOT_A_CAMERA_CHANGE = re.compile(
    r"\b(?:stills|(?:a|the|new|another)\s+still|storyboards?|images?|pictures?|photos?|video|clips?|animatic|voices?|transitions?|dissolve|"
    r"crossfade|fade|every\w*|each|all|whole|entire|throughout|scenes)\b|^(?:please\s+)?(?:tag|flag|mark|label|star|pin|delete|remove|drop|cut|rewrite|write|add|rename|"
    r"generate|regenerate|render|export|describe|approve|reject|undo|redo|swap|merge|split|break|list|show|find)\b")
_OPENS = re.compile(r"^(?:let'?s\s+|please\s+)?(?P<verb>open|start|begin|end|close|finish)\s+(?:on\s+|with\s+)?"
                    r"(?:(?P<scene>scene\s+\d+)|it|the\s+scene|this\s+scene)?\s*(?:on|with)\s+(?P<how>.+)$")
_DETERMINERS = frozenset("the that this these those".split())
_DETERMINERS_SAID = tuple(f"{d} " for d in sorted(_DETERMINERS))
_FRAMED = re.compile(r"\b(?:the|that|this|[a-z]+'s)\s+(?:" + CAMERA.pattern + ")")
"""A shot named by its framing ("the wide", "ida's close-up"), not a framing asked for ("make it a wide")."""
_SEPARATOR = re.compile(r"\s*(?::|;|,|—|–|\s-+\s|->|→|=>)\s*")
_LAST = re.compile(r"\b(?:last|final|closing|end)\s+(?:shot|one)\b")
_FIRST = re.compile(r"\b(?:first|opening|establishing)\s+(?:shot|one)\b")
_NTH = re.compile(r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+one\b")
_DESCRIBED_SHOT = re.compile(
    r"\b(?:the|that)\s+(?:shot|one)\s+(?:(?:where|when|in\s+which|showing|that\s+shows|of|with)\s+)(?P<what>[^:;,.—–]+)|"
    r"\bthe\s+(?P<thing>(?:(?!(?:first|last|next|same|other|whole|opening|closing|final|establishing|\d+\w*)\b)"
    r"[\w'-]+\s+){1,3}?)shot\b(?!\s*\d)", re.IGNORECASE)
"""A shot named by what it shows ("the shot where she reads the map", "the map shot"), for a look-up."""
_SHOT_WORK = ("note_shot", "tag_shot")
_WHOLE_SCENE = re.compile(r"\b(?:whole|entire|every|each|all\s+(?:of\s+)?the)\b[^.;:]*\bscene\b|\bevery\s+shot\b")
_MOMENT = frozenset("when where while whenever".split())
"""Words a shot named by its moment starts with ("dutch when he says ...")."""
_ALL_SO = re.compile(r"(?<!\bit )(?<!\bthem )\ball\s+(?=(?:" + CAMERA.pattern + r"))")
"""All as how much ("all wonky"), not which shots ("make it all handheld" may be the whole scene: left as said)."""
_TWO_SHOT = re.compile(r"\b(?:two|2)[\s-]*shot\b")
_MOMENT_NAMED = re.compile(r"(?:(?:make|have|give|do|shoot|film|play)\s+)?(?:that|this|the\s+same)\s+"
                           r"(?:moment|beat|bit|instant|part)")
_MOMENT_TOLD = re.compile(r"\b(?:moment|beat|bit|instant|part)\b[^.;!?]*?\b(?:where|when|in\s+which|as)\s+"
                          r"(?P<what>[^.;!?]+)", re.IGNORECASE)
"""A moment told before it is pointed at ("there's a beat in scene 2 where mara drops the cup")."""
_LINGER = re.compile(r"\s+(?:breathe|play(?:\s+out)?|run(?:\s+on)?|linger|sit|land|hang(?:\s+there)?|settle)$")
"""What a length is for ("let the goodbye breathe"): the shot is named by what comes before."""
_CAN_WE = re.compile(r"(?<=\w)[.!,;]?\s+(?:can|could|would)\s+(?:we|you)\s+(?:do|manage|get|try)\s+(?:that|this|it)"
                     r"(?:\s+(?:please|for\s+me))?\s*\?\s*$", re.I)
"""A wish followed by "can we do that?": the question asks for what was just said, it is no question of its own."""
_NOT_THIS = re.compile(r"\b(?:instead\s+of|rather\s+than|not)\s+(?:an?\s+|the\s+|that\s+)?(?:" + CAMERA.pattern + ")")
"""A framing set aside ("a close-up, not the wide"): the shot had it, the film-maker wants it gone."""
_CHANGED = re.compile(r"\bShot (\d+) of scene (\d+) (?:is now|now lasts)\b")


def spelled_tool(clause: str) -> str | None:
    """Return the tool a spelled-out shot step calls ("set_camera" or "set_shot_duration"), else None."""
    spelled = SPELLED.match(clause.strip())
    if spelled is None:
        return None
    return "set_camera" if spelled.group("what") == "camera on" else "set_shot_duration"


def shot_query(clause: str) -> str | None:
    """Return what a request says its shot shows, to look it up by; None when it is about a whole scene.

    "a note for the shot in which she reads the map: ..." looks for "she reads the map", not the whole request;
    "handheld throughout the harbour scene" names no one shot. Otherwise the request is looked up as said.
    """
    text = re.sub(r"\s+", " ", clause.strip())
    still = _still_of(text)
    if still is not None:  # "a still of the kettle": the shot that shows the kettle
        return still
    described = _DESCRIBED_SHOT.search(text)
    if described:
        what = described.group("what") or described.group("thing")
        return re.sub(r"\s+(?:of|in)\s+scene\s+\d+$", "", what.strip())  # the scene is the look-up's own
    if _WHOLE_SCENE.search(text.lower()):
        return None
    return text


def shot_work(clause: str) -> str | None:
    """Return the shot tool a request on a shot named by what it shows asks for ("a note for the shot in which ...").

    Such a shot names no number, so nothing else says the request is camera work and not the scene's.
    """
    if _still_of(clause) is not None:
        return "generate_still"
    if _DESCRIBED_SHOT.search(clause) is None:
        return None
    return next((tool for tool in _SHOT_WORK if has_cue(tool, clause)), None)


_STILL_OF = re.compile(r"^\W*(?:please\s+)?(?:(?:can|could)\s+(?:you|we|i)\s+)?(?:generate|make|draw|render|get|do|"
                       r"create)\s+(?:me\s+)?(?:a|one|a\s+single|an)\s+(?:still|frame|image|picture)\s+(?:of|for|showing)\s+"
                       r"(?:the\s+shot\s+(?:of|where|with|showing|in\s+which)\s+)?(?P<what>[^,;.!?]+?)\s*[.!?]*$", re.I)
"""One still of one thing ("draw a frame of the kettle"): the still of the shot that shows it."""


def _still_of(text: str) -> str | None:
    """Return what one still asked for shows ("the kettle"), else None (a scene's stills, a whole scene's)."""
    said = _STILL_OF.match(re.sub(r"\s+(?:in|of|from)\s+scene\s+\d{1,3}\s*$", "", text.strip(), flags=re.I))
    if said is None or re.search(r"\b(?:scenes?|every|each|all|whole|entire|shots)\b|\bshot\s+\d", said.group("what"),
                                 re.I):
        return None
    return re.sub(r"^(?:the|a|an)\s+", "", said.group("what").strip(), flags=re.I)


def name_found_shot(clause: str, number: int, scene: int) -> str:
    """Name the shot a look-up found in place of its description ("note on shot 4 of scene 2: ..."), else after it.

    What follows the description is the change itself (a note's text), so it is kept clear of the description;
    a description that runs on to the end ("tag the shot where ... as hero") keeps its words, the shot said after.
    """
    described = _DESCRIBED_SHOT.search(clause)
    if described is None or not _SEPARATOR.match(clause[described.end():]):
        return f"{clause} (shot {number} of scene {scene})"  # "tag the shot where ... as hero": it runs on
    return f"{clause[:described.start()]}shot {number} of scene {scene}{clause[described.end():]}"


def spell_shots(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[str]:
    """Spell a camera or length change to one shot out as steps; [] when the clause is not one.

    ``understood`` holds the steps read so far from this message ("a slow pan left, 4 seconds" is two steps on
    one shot; "and 3 seconds" after a shot step is that shot again).
    """
    if SPELLED.match(clause.strip()):
        return [clause.strip()]
    if _still_of(clause) is not None and not find_scenes(clause.lower()):  # "a still of the kettle" after a breakdown
        scene = scene_of_talk(turn, understood)
        return [f"{clause.strip().rstrip('.!')} in scene {scene}"] if scene is not None else []
    transitions = spell_transitions(clause, turn)
    if transitions:  # "go out on black": a transition on the timeline, not a shot's camera
        return transitions
    steps = _spelled_steps(clause, turn, understood)
    if steps or not (CAMERA.search(clause.lower()) or SECONDS.search(clause.lower())):
        return steps
    meant = understand_all(clause, turn)  # "open the final scene on ...": the scene said by number, then read
    return _spelled_steps(meant[0], turn, understood) if len(meant) == 1 and meant[0] != clause else []


def _spelled_steps(clause: str, turn: Turn, understood: Sequence[str]) -> list[str]:
    """Spell a clause as shot steps as it is worded; [] when it is no shot step, or needs none."""
    group = read_group_asks(clause, turn, understood)
    if group:
        return [ask.spelled() for ask in group]
    asks = read_shot_asks(clause, turn, understood)
    if len(asks) == 1 and _said_in_full(tidy(clause, turn.context.characters)):
        return []  # "make shot 2 of scene 3 a close-up" needs nothing spelled out: the film-maker's words go on
    return [ask.spelled() for ask in asks]


def _said_in_full(text: str) -> bool:
    """Tell whether a clause names its shot and scene by number ("shot 2 of scene 3", "3.2")."""
    return bool(DOTTED_SHOT.search(text) or (find_shot(text) is not None and find_scenes(text)))


def read_shot_asks(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[ShotAsk]:
    """Read a camera or length change to one shot (a camera step, then a length step); [] when it is not one."""
    clause = _CAN_WE.sub("", clause.strip())  # "..., I'd like it from above. Can we do that?": the wish is the ask
    text = tidy(clause, turn.context.characters)
    quotes = [m.group(0) for m in QUOTE.finditer(text)]
    masked = QUOTE.sub(lambda m: f" q{quotes.index(m.group(0))}q ", text).strip()
    masked = _ALL_SO.sub("", masked)  # "all wonky" is how wonky, not every shot
    moment = "?" not in clause and bool(masked) and masked.split()[0] in _MOMENT  # "when he says ..., low"
    if not masked or (speech_act(clause) != "command" and not moment) or _NOT_A_CAMERA_CHANGE.search(masked):
        return []  # "every shot of scene 5 on a tripod" is the whole scene (every_shot), not one shot
    split = _opening(masked) or _split(masked, turn.context.characters)
    if split is None:
        return []
    ref, how, number = split
    lead = _leading_how(ref)
    if lead:  # "slow push in on shot 1 ... with a 35mm lens": the camera is said on both sides
        ref, how = ref[len(lead):], f"{lead} {how}"
    trail = _trailing_how(ref)
    if trail:  # "her 'now?' from low down, camera looking up": the camera starts before the separator
        ref, how = ref[:-len(trail)], f"{trail} {how}"
    said = re.sub(r"q(\d+)q", lambda m: quotes[int(m.group(1))], ref).strip()
    where = _where(said, number, clause, turn, understood)
    if where is None:
        return []
    scene, shot, showing = where
    terms = camera_terms(_NOT_THIS.sub(" ", how))  # "a close-up instead of the wide": not the wide
    lens = find_lens(how)
    seconds = find_duration(how) if SECONDS.search(how) else None
    asks = []
    if terms or lens:
        asks.append(ShotAsk(scene, shot, showing, terms, round(lens) if lens else None))
    if seconds:
        asks.append(ShotAsk(scene, shot, showing, seconds=seconds))
    return asks


def _camera_only(part: str) -> bool:
    """Tell whether a part of a clause says only how the camera works (and says something)."""
    rest = _NOT_THIS.sub(" ", _WITH_WHOM.sub(r"\g<two>", part))
    said = bool(CAMERA.search(rest) or LENS.search(rest) or SECONDS.search(rest))
    rest = SECONDS.sub(" ", LENS.sub(" ", CAMERA.sub(" ", rest)))
    return said and all(w in FILLER for w in re.findall(r"[a-z0-9'.]+", rest))


def _opening(masked: str) -> tuple[str, str, int] | None:
    """Read "open scene 6 on a two-shot of ...": the first shot (or the last, for "end on") is what follows."""
    opens = _OPENS.match(masked)
    if opens is None:
        return None
    how = re.sub(r"\s+of\s+.+$", "", opens.group("how"))  # "a close-up of the key": the shot's framing
    if not _camera_only(how) or not CAMERA.search(how):
        return None
    last = opens.group("verb") in ("end", "close", "finish")
    return opens.group("scene") or "", how, -1 if last else 1


def _split(masked: str, characters: Sequence[str] = ()) -> tuple[str, str, int | None] | None:
    """Split a clause into the shot it names and what its camera does: at a separator, else where the camera starts."""
    for sep in _SEPARATOR.finditer(masked):
        left, right = masked[:sep.start()], masked[sep.end():]
        if _how(right) and (not _camera_only(left) or _FRAMED.search(left)):
            return left, right, None  # "the establishing shot: 4 seconds" names a shot by its framing
        if _camera_only(left) and not _camera_only(right) and _names_a_shot(right):
            return right, left, None  # "low angle - the clock shot"
    starts = [0, *(m.end() for m in re.finditer(r"\s+", masked))]
    for i in starts:  # the longest ending that only says how: "make the shot of the labels | a slow pan left"
        before = masked[:i].split()[-1:] or [""]  # never inside a shot's name: "the | wide", "ida's | close-up"
        if (before[0] not in _DETERMINERS and not before[0].endswith("'s")
                and not masked[i:].startswith(("shot ", "one ")) and _how(masked[i:])):
            return masked[:i], masked[i:], None
    for i in reversed(starts[1:]):  # or the longest beginning: "push in on | the clock shot", "... on | the kettle"
        if _how(masked[:i]) and _begins_a_shot(masked[i:], characters):
            return masked[i:], masked[:i], None
    return None


def _begins_a_shot(rest: str, characters: Sequence[str]) -> bool:
    """Tell whether the words after a camera direction can name a shot: "the kettle", "ida writing", "when he ..."."""
    first = rest.split()[0].removesuffix("'s") if rest.split() else ""
    cast = {c.lower() for c in characters}
    return bool(_names_a_shot(rest) or rest.startswith(_DETERMINERS_SAID) or first in _MOMENT or first in cast)


def _trailing_how(ref: str) -> str:
    """Return the camera words a shot's name ends with ("her 'now?' | from down low"), or ""."""
    ends = [m.start() for m in re.finditer(r"\s+", ref)]
    for i in ends:
        before = ref[:i].split()[-1]
        if before not in _DETERMINERS and not before.endswith("'s") and _how(ref[i:]) and _names_a_shot(ref[:i]):
            return ref[i:]
    return ""


def _how(part: str) -> bool:
    """Tell whether a part says only how the camera works, naming no shot by its framing ("the wide")."""
    return _camera_only(part) and not _FRAMED.search(_NOT_THIS.sub(" ", part))  # "not the wide" names no shot


def _leading_how(ref: str) -> str:
    """Return the camera words a shot's name starts with ("push in on | shot 1"), or ""."""
    starts = [m.end() for m in re.finditer(r"\s+", ref)]
    return next((ref[:i] for i in reversed(starts) if _how(ref[:i]) and _names_a_shot(ref[i:])), "")


def _names_a_shot(text: str) -> bool:
    return bool(re.search(r"\bshot\b|q\d+q", text))


def _content(ref: str, characters: Sequence[str]) -> tuple[list[str], list[str]]:
    """Return the words of a reference that name something, and those of them that are not people."""
    words = [w.removesuffix("'s") for w in re.findall(r"[a-z0-9']+", re.sub(r"[\"'“‘][^\"”’]*[\"”’]", " ", ref))]
    named = [w for w in words if w not in _NOT_CONTENT and not w.isdigit()]
    cast = {c.lower() for c in characters}
    return named, [w for w in named if w not in cast]


def _where(ref: str, number: int | None, clause: str, turn: Turn,
           understood: Sequence[str]) -> tuple[int, int | None, str] | None:
    """Return (scene, shot number or None, what it shows) for the shot a reference names, or None."""
    dotted = DOTTED_SHOT.search(ref)  # "2.3": shot 3 of scene 2
    scenes = [int(dotted.group(1))] if dotted else find_scenes(ref) or find_scenes(clause.lower())
    scene = scenes[0] if scenes else scene_of_talk(turn, understood)
    whole_scene = bool(find_scenes(ref)) and number is None
    scene_first = re.match(r"(?:(?:make|have|get|let)\s+)?scene\s+\d+\b", ref)
    if number is None and scene_first and not (re.search(r"\bshot\b", ref) or QUOTE.search(ref)):
        return None  # "scene 3 needs to be wider" is about the scene
    ref = re.sub(r"\b(?:in|of|from|for)?\s*scene\s+\d+\b", " ", ref).strip(" ,:;-")
    if re.search(r"\bscene\b", ref):
        return None  # "the bus scene: handheld" is about a whole scene
    if number is None:
        number = _number_in(ref)
    places = [w for place in turn.context.locations for w in place.split()]  # "the bridge" is a scene's place
    named, things = _content(re.sub(r"\bshot\s+\d+\b", " ", ref), [*turn.context.characters, *places])
    if number is None and not named and not QUOTE.search(ref):
        # "then hold it longer, 6 secs": the shot just changed ("make scene 3 wide" is about the whole scene)
        return None if whole_scene else _pointed_back(turn, understood)
    if scene is None:
        return None
    if number is not None:
        return scene, number, ""
    moment = _MOMENT_NAMED.fullmatch(ref.strip())
    if moment is not None:  # "push in slowly on that moment": the moment described before, in its own words
        told = _moment_told(turn)
        return (scene, None, told) if told else None
    described = bool(QUOTE.search(ref)) or (re.search(r"\bshot\b", ref) and named) or things
    return (scene, None, _showing(ref)) if described else None


def _moment_told(turn: Turn) -> str:
    """Return the moment this message (or the last request) described before pointing at it, or ""."""
    for text in reversed([*turn.earlier, *turn.requests[-1:]]):
        told = _MOMENT_TOLD.search(text)
        if told:
            return told.group("what").strip()
    return ""


def _number_in(ref: str) -> int | None:
    """Return the shot a reference names by number or place ("shot 4", "the last shot", "the third one")."""
    if _TWO_SHOT.search(ref):
        return None  # "the two-shot" is a framing, not shot 2
    if _LAST.search(ref):
        return -1
    if _FIRST.search(ref):
        return 1
    nth = _NTH.search(ref)
    return to_int(nth.group(1)) if nth else find_shot(ref)


def _showing(ref: str) -> str:
    """Return what a shot is said to show, without the words around it ("make the shot of the labels" -> "labels")."""
    ref = re.sub(r"^(?:(?:can|could|would)\s+(?:you|we)\s+)?(?:please\s+)?(?:let'?s\s+)?(?:make|give|hold|set|put|"
                 r"shoot|film|capture|turn|have|do|frame|try|let)\s+", "", ref.strip())
    ref = _LINGER.sub("", ref)  # "let the goodbye breathe": the goodbye, given time
    ref = re.sub(r"\b(?:that|this|the)\s+shot\b|\bshot\b", " ", ref)
    ref = re.sub(r"^\W*(?:the\s+)?(?:of|where|with|when|while|whenever|as|once|in\s+which|showing|that\s+shows|on)"
                 r"\s+", "", ref.strip())
    ref = re.sub(r"\s+(?:a|an|into|as|to|the|for)$", "", re.sub(r"\s+", " ", ref).strip(" ,:;-"))
    return re.sub(r"^the\s+", "", ref)


def _pointed_back(turn: Turn, understood: Sequence[str]) -> tuple[int, int | None, str] | None:
    """Return the shot this message's last step, or the last turn, changed ("now 6 seconds on that one")."""
    if understood:
        spelled = SPELLED.match(understood[-1])
        if spelled is None or pick(spelled) is not None:
            return None  # "and 3 seconds" after several shots: their own step says it ("4 seconds each")
        return spelled_where(spelled)
    said = [t for t in turn.history if t.strip()][-3:]
    changed = [m for text in said for m in _CHANGED.finditer(text)]
    if not changed:
        return None
    return int(changed[-1].group(2)), int(changed[-1].group(1)), ""
