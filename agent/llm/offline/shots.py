"""Camera and length changes to one shot, said in plain words: which shot, and what its camera does.

A film-maker names a shot by number ("sh3", "shot 4"), by place ("the opening shot", "open scene 6 on ..."),
by what it shows ("the shot of the kettle", "the tag on the key: ..."), by a line in quotes ("juno's 'no'")
or by pointing back ("now hold that one for 2 seconds"). Each such request is spelled out as one step the
cinematographer reads without guessing (``spell_shots``); the step finds a described shot with ``find_shot``
first, asks when two shots fit equally, and says so when none does (``shot_step``). Nothing is written until
one shot is certain.

Several shots of one scene are changed in one step too ("all of scene 4 handheld", "shots 2 to 5 ... from a low
angle", "all the close-ups ... on an 85"): ``read_group_asks`` spells them as "every shot", "shots 2, 3, 4, 5" or
"every close-up" (the shots framed so now), and the tool's ``every_shot``/``shots``/``only_shot_type`` take them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from agent.llm.offline.conversation import Turn
from agent.llm.offline.cues import correct_names
from agent.llm.offline.enums import match_enum, variants
from agent.llm.offline.numbers import find_duration, find_lens, find_scenes, find_shot, to_int
from agent.llm.offline.results import FOUND_SHOT
from agent.llm.offline.speech import speech_act
from agent.llm.offline.toolspec import ToolSpec
from agent.llm.offline.understand import recent_scene
from agent.resolver.numbers import DOTTED_SHOT, SHORT_SCENE

__all__ = ["ShotAsk", "read_group_asks", "read_shot_asks", "shot_step", "spell_shots", "spelled_tool"]

_CAMERA_TERMS = ("close up", "extreme close up", "medium close up", "medium", "medium wide", "wide", "extreme wide",
                 "over the shoulder", "two shot", "insert", "overhead", "low angle", "high angle", "eye level", "dutch",
                 "static", "pan left", "pan right", "tilt up", "tilt down", "dolly in", "dolly out", "zoom in",
                 "zoom out", "tracking", "handheld")
"""The framings, angles and moves a shot card has, as film-makers name them (their synonyms come from enums)."""
_ALIASES = sorted({v for term in _CAMERA_TERMS for v in variants(term)} - {"still", "ls", "ms", "track", "tracks",
                                                                             "follow", "following", "mix"},
                  key=len, reverse=True)
_TERM_OF = {v: t for t in reversed(_CAMERA_TERMS) for v in variants(t)}
_CAMERA = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(v).replace(r"\ ", r"[\s-]+") for v in _ALIASES)
                     + r")(?![\w'])")
_NUMBER_WORD = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_SECONDS = re.compile(rf"\b(?:half\s+a\s+sec(?:ond)?|{_NUMBER_WORD}\s*(?:and\s+a\s+half\s+)?(?:s|secs?|seconds?)"
                      r"(?:\s+and\s+a\s+half)?)\b")
_LENS = re.compile(r"\b\d{2,3}\s*mm\b(?:\s+(?:lens|prime))?|\b(?:on|with)\s+an?\s+\d{2,3}\b|"
                   r"\b\d{2,3}\s+(?:lens|prime)\b")
_WITH_WHOM = re.compile(r"(?P<two>\btwo[\s-]*shot|\b2[\s-]*shot)\s+(?:of|with|on)\s+(?P<who>[\w'’]+(?:\s*(?:,|and|&)\s*"
                        r"[\w'’]+)*)")
_FILLER = frozenset("""
    make it its it's that this the a an shot one please pls go in into from with as slow slowly gentle gently quick
    quickly fast nice be should let's lets let us give turn set do to now instead and also too hold for same then put
    camera lens on angle move movement framing frame me can you could we want i i'd like use using try get have shoot
    really very little bit more here there maybe perhaps is are just thanks thank cheers ok okay rather so lovely good
    great would kind sort of yeah yes way keep leave stay whole up down him her them
""".split())
"""Words around a camera direction that say nothing about the camera ("make it a slow pan left, please")."""
_NOT_CONTENT = _FILLER | frozenset("""
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
_FRAMED = re.compile(r"\b(?:the|that|this|[a-z]+'s)\s+(?:" + _CAMERA.pattern + ")")
"""A shot named by its framing ("the wide", "ida's close-up"), not a framing asked for ("make it a wide")."""
_SEPARATOR = re.compile(r"\s*(?::|;|,|—|–|\s-+\s|->|→|=>)\s*")
_LAST = re.compile(r"\b(?:last|final|closing|end)\s+(?:shot|one)\b")
_FIRST = re.compile(r"\b(?:first|opening|establishing)\s+(?:shot|one)\b")
_NTH = re.compile(r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+one\b")
_TWO_SHOT = re.compile(r"\b(?:two|2)[\s-]*shot\b")
_ANGEL = re.compile(r"\b(low|high|dutch|canted|eye[\s-]level|odd|weird|different|camera|an?)\s+angel(s?)\b")
_CHANGED = re.compile(r"\bShot (\d+) of scene (\d+) (?:is now|now lasts)\b")
_SPELLED = re.compile(r"^set the (?P<what>camera on|length of) (?:shot (?P<n>\d+)|the (?P<last>last) shot|the shot|"
                      r"every (?P<every>[a-z-]+)|(?:the (?P<among>[a-z-]+)s among )?shots (?P<list>\d+(?:, \d+)*)) "
                      r"of scene (?P<scene>\d+)(?: showing “(?P<showing>.*)”)?: (?P<how>.+)$")
"""A step on one shot ("shot 2 of scene 3"), or on several at once: "every shot", "every close-up" (the shots
framed so now), "shots 2, 3, 4", "the close-ups among shots 2, 3"."""
_SHOWN_AS = re.compile(r"^(\d+)\. (.+)$")


@dataclass(frozen=True)
class ShotAsk:
    """One change to one shot: where it is and what it becomes."""

    scene: int
    number: int | None = None
    """The shot's number in its scene, -1 for the last, None when it is named by what it shows."""
    showing: str = ""
    terms: tuple[str, ...] = ()
    """Camera words as the vocabulary says them ("pan left", "low angle"); the tool's values are read from them."""
    lens: int | None = None
    seconds: float | None = None
    every: bool = False
    """Several shots at once: every shot of the scene, or those of ``numbers``; ``framing`` keeps those framed so."""
    numbers: tuple[int, ...] = ()
    framing: str = ""

    def where(self) -> str:
        """Say which shot this is, the way a spelled-out step names it."""
        if self.every or self.numbers:
            listed = f"shots {', '.join(map(str, self.numbers))}"
            pick = (f"the {self.framing}s among {listed}" if self.framing else listed) if self.numbers else \
                f"every {self.framing or 'shot'}"
            return f"{pick} of scene {self.scene}"
        if self.number == -1:
            return f"the last shot of scene {self.scene}"
        if self.number is not None:
            return f"shot {self.number} of scene {self.scene}"
        return f"the shot of scene {self.scene} showing “{self.showing}”"

    def spelled(self) -> str:
        """Return the step as the cinematographer reads it (one change, the shot named without pronouns)."""
        if self.seconds is not None:
            return f"set the length of {self.where()}: {self.seconds:g} seconds"
        how = [*self.terms, *([f"{self.lens}mm"] if self.lens else [])]
        return f"set the camera on {self.where()}: {', '.join(how)}"


def spelled_tool(clause: str) -> str | None:
    """Return the tool a spelled-out shot step calls ("set_camera" or "set_shot_duration"), else None."""
    spelled = _SPELLED.match(clause.strip())
    if spelled is None:
        return None
    return "set_camera" if spelled.group("what") == "camera on" else "set_shot_duration"


def spell_shots(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[str]:
    """Spell a camera or length change to one shot out as steps; [] when the clause is not one.

    ``understood`` holds the steps read so far from this message ("a slow pan left, 4 seconds" is two steps on
    one shot; "and 3 seconds" after a shot step is that shot again).
    """
    if _SPELLED.match(clause.strip()):
        return [clause.strip()]
    group = read_group_asks(clause, turn, understood)
    if group:
        return [ask.spelled() for ask in group]
    asks = read_shot_asks(clause, turn, understood)
    if len(asks) == 1 and _said_in_full(_tidy(clause, turn.context.characters)):
        return []  # "make shot 2 of scene 3 a close-up" needs nothing spelled out: the film-maker's words go on
    return [ask.spelled() for ask in asks]


def _said_in_full(text: str) -> bool:
    """Tell whether a clause names its shot and scene by number ("shot 2 of scene 3", "3.2")."""
    return bool(DOTTED_SHOT.search(text) or (find_shot(text) is not None and find_scenes(text)))


def read_shot_asks(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[ShotAsk]:
    """Read a camera or length change to one shot (a camera step, then a length step); [] when it is not one."""
    text = _tidy(clause, turn.context.characters)
    quotes = [m.group(0) for m in _QUOTE.finditer(text)]
    masked = _QUOTE.sub(lambda m: f" q{quotes.index(m.group(0))}q ", text).strip()
    if not masked or speech_act(clause) != "command" or _NOT_A_CAMERA_CHANGE.search(masked):
        return []  # "every shot of scene 5 on a tripod" is the whole scene (every_shot), not one shot
    split = _opening(masked) or _split(masked)
    if split is None:
        return []
    ref, how, number = split
    lead = _leading_how(ref)
    if lead:  # "slow push in on shot 1 ... with a 35mm lens": the camera is said on both sides
        ref, how = ref[len(lead):], f"{lead} {how}"
    said = re.sub(r"q(\d+)q", lambda m: quotes[int(m.group(1))], ref).strip()
    where = _where(said, number, clause, turn, understood)
    if where is None:
        return []
    scene, shot, showing = where
    terms = tuple(dict.fromkeys(_TERM_OF.get(_norm(m.group(0)), _norm(m.group(0))) for m in _CAMERA.finditer(how)))
    lens = find_lens(how)
    seconds = find_duration(how) if _SECONDS.search(how) else None
    asks = []
    if terms or lens:
        asks.append(ShotAsk(scene, shot, showing, terms, round(lens) if lens else None))
    if seconds:
        asks.append(ShotAsk(scene, shot, showing, seconds=seconds))
    return asks


# --- several shots at once ------------------------------------------------------------------------------------

_FRAMINGS = {"close-up": ("close up", "closeup", "cu", "tight shot"),
             "extreme-wide": ("extreme wide", "extreme wide shot"),
             "wide": ("wide", "wide shot", "long shot"), "medium": ("medium", "medium shot", "mid shot", "mid"),
             "insert": ("insert", "insert shot", "cutaway", "detail shot"), "two-shot": ("two shot", "2 shot"),
             "over-the-shoulder": ("over the shoulder", "over shoulder", "ots", "over the shoulder shot")}
"""The framings a card has now, as film-makers name a kind of shot ("all the close-ups", "every wide")."""
_FRAMING_OF = {alias: value for value, aliases in _FRAMINGS.items() for alias in aliases}
_KIND = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+") for a in sorted(_FRAMING_OF, key=len, reverse=True))
_OF_KIND = re.compile(rf"\b(?:(?:all|every|each)\s+(?:(?:of\s+)?(?:the|its|their)\s+)?(?:single\s+)?(?P<one>{_KIND})"
                      rf"|the\s+(?P<many>{_KIND})s)(?:s\b|\b)")
_RANGE = re.compile(r"\bshots?\s+(?P<a>\d+)\s*(?:-|–|to|through|thru|till|until)\s*(?P<b>\d+)\b")
_LISTED = re.compile(r"\bshots\s+(?P<list>\d+(?:\s*(?:,|and|&|\+)\s*\d+)+)\b")
_WHOLE = re.compile(r"\b(?:every|each)\s+(?:single\s+)?shot\b|\ball\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?shots\b|"
                    r"\ball\s+(?:of\s+)?(?=scene\s+\d|the\s+[\w\s]*?scene\b|this\s+scene\b|it\b)|\beverything\s+"
                    r"(?=in\b|of\b|for\b|across\b)|\b(?:the\s+)?(?:whole|entire)\s+(?:of\s+)?(?=(?:the\s+)?[\w\s]*?scene\b)|"
                    r"\b(?:all\s+)?(?:throughout|across)\s+(?=scene\s+\d|the\s+[\w\s]*?scene\b|this\s+scene\b)|"
                    r"\b(?:them|it)\s+all\b|\ball\s+of\s+them\b")
"""Every shot of a scene: "every shot", "all of scene 4", "everything in the pier scene", "the whole scene"."""
_NOT_A_GROUP_CHANGE = re.compile(
    r"\b(?:stills?|storyboards?|images?|pictures?|photos?|video|clips?|animatic|voices?|transitions?|dissolve|"
    r"crossfade|fade|scenes|notes?)\b|^(?:please\s+)?(?:tag|flag|mark|label|star|pin|delete|remove|drop|cut|rewrite|"
    r"write|add|rename|generate|regenerate|render|export|describe|approve|reject|undo|redo|swap|merge|split|break|"
    r"list|show|find)\b")
_GROUP_FILLER = _FILLER | frozenset("""
    all every each everything single apiece across throughout whole entire of in at shot shots scene longer shorter
    lengthen shorten them it film shooting
""".split())


def read_group_asks(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[ShotAsk]:
    """Read a camera or length change to several shots of one scene (a camera step, then a length step); else [].

    "shoot all of scene 4 handheld", "everything in the bridge scene on a 50", "shots 2 to 5 of scene 3 from a
    low angle", "all the close-ups in scene 1 on an 85" (the shots framed so now), "every shot 4 seconds each".
    """
    text = _tidy(clause, turn.context.characters)
    if speech_act(clause) != "command" or _NOT_A_GROUP_CHANGE.search(text) or _QUOTE.search(text):
        return []
    numbers, text = _numbers_picked(text)
    kind = _OF_KIND.search(text)
    framing = _FRAMING_OF[_norm(kind.group("one") or kind.group("many"))] if kind else ""
    text = _OF_KIND.sub(" ", text) if kind else text
    whole = _WHOLE.search(text)
    if not (numbers or kind or whole):
        return []
    scene, text = _group_scene(text, turn, understood)
    text = _WHOLE.sub(" ", text)
    rest = _SECONDS.sub(" ", _LENS.sub(" ", _CAMERA.sub(" ", text)))
    if scene is None or not all(w in _GROUP_FILLER for w in re.findall(r"[a-z0-9'.]+", rest)):
        return []  # "every shot of scene 2 needs rethinking" says no camera
    terms = tuple(dict.fromkeys(_TERM_OF.get(_norm(m.group(0)), _norm(m.group(0))) for m in _CAMERA.finditer(text)))
    lens = find_lens(text) if _LENS.search(text) else None
    seconds = find_duration(text) if _SECONDS.search(text) else None
    picked = ShotAsk(scene, every=not numbers, numbers=numbers, framing=framing)
    asks = [replace(picked, terms=terms, lens=round(lens) if lens else None)] if terms or lens else []
    return [*asks, replace(picked, seconds=seconds)] if seconds else asks


def _numbers_picked(text: str) -> tuple[tuple[int, ...], str]:
    """Return the shots a clause lists by number ("shots 2 to 5", "shots 1, 3 and 4") and the clause without them."""
    ranged = _RANGE.search(text)
    if ranged:
        a, b = int(ranged.group("a")), int(ranged.group("b"))
        if 0 < a <= b <= 200:
            return tuple(range(a, b + 1)), text[:ranged.start()] + " " + text[ranged.end():]
    listed = _LISTED.search(text)
    if listed:
        numbers = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", listed.group("list"))))
        return numbers, text[:listed.start()] + " " + text[listed.end():]
    return (), text


def _group_scene(text: str, turn: Turn, understood: Sequence[str]) -> tuple[int | None, str]:
    """Return the one scene a clause names (by number, by what the graph resolved, else the one talked about)."""
    scenes = find_scenes(text)
    if len(set(scenes)) > 1:
        return None, text
    if scenes:
        return scenes[0], re.sub(r"\b(?:in|of|from|for|across|throughout)?\s*scene\s+\d+\b", " ", text)
    for ref in turn.context.refs:
        named = re.match(r".*?\bscene\b", ref.phrase.lower())  # the graph's phrase may run on: "the bus scene on a"
        phrase = named.group(0) if named else ref.phrase.lower()
        if phrase in text:  # "the bridge scene": the graph said which scene, or that it could not
            return ref.scene if ref.status == "resolved" else None, text.replace(phrase, " ")
    if re.search(r"\bscene\b(?!\s*\d)", text) and not re.search(r"\b(?:this|the)\s+scene\b", text):
        return None, text  # "the pier scene" the graph did not resolve: the request goes on as said, to ask
    return _scene_of_talk(turn, understood), re.sub(r"\b(?:in|of|for|across)?\s*(?:this|the)\s+scene\b", " ", text)


def _pick(spelled: re.Match[str] | None) -> tuple[tuple[int, ...], str] | None:
    """Return the shots a spelled step picks (numbers, framing) when it is on several shots, else None."""
    if spelled is None or not (spelled.group("every") or spelled.group("list")):
        return None
    numbers = tuple(int(n) for n in re.findall(r"\d+", spelled.group("list") or ""))
    framing = spelled.group("among") or spelled.group("every") or ""
    return numbers, "" if framing == "shot" else framing


def _group_step(setter: ToolSpec, scene: int, pick: tuple[tuple[int, ...], str], how: str) -> dict[str, Any]:
    """Decide the call that changes several shots at once, or say the tool cannot pick them so."""
    numbers, framing = pick
    props = setter.properties()
    args = {k: v for k, v in _args(setter, scene, 0, how).items() if k != "shot_number"}
    if numbers and "shots" in props:
        args["shots"] = list(numbers)
    elif "every_shot" in props and not numbers:
        args["every_shot"] = True
    else:
        return {"text": f"I can change one shot of scene {scene} at a time, or every shot; say which."}
    if framing:
        if "only_shot_type" not in props:
            return {"text": f"I can't pick the {framing} shots of scene {scene} alone; say their numbers."}
        args["only_shot_type"] = framing
    return {"tool": setter, "args": args}


_QUOTE = re.compile(r"(?<![\w])[\"'“‘](?:[^\"'“”‘’]|(?<=\w)['’](?=\w)){2,}?[\"'”’](?![\w])")


def _norm(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


def _tidy(clause: str, characters: Sequence[str]) -> str:
    """Lower-case a clause with short forms spelled out ("sh3", "sc6", "low angel", "rubens")."""
    text = SHORT_SCENE.sub(r"scene \1", correct_names(clause.strip(), tuple(characters))).lower().replace("’", "'")
    text = re.sub(r"\bsh\.?\s?(\d+)\b", r"shot \1", text)
    text = re.sub(r"\bsc\.?\s?(\d+)\b", r"scene \1", text)
    text = _ANGEL.sub(r"\1 angle\2", text)
    for name in characters:  # "rubens line": a name with its apostrophe left off
        text = re.sub(rf"\b({re.escape(name.lower())})s\b", r"\1's", text)
    text = re.sub(r"^(?:and|also|oh|ok|okay|right|now|then|so)[,\s]+", "", text)
    return text.strip(" .!")


def _camera_only(part: str) -> bool:
    """Tell whether a part of a clause says only how the camera works (and says something)."""
    rest = _WITH_WHOM.sub(r"\g<two>", part)
    said = bool(_CAMERA.search(rest) or _LENS.search(rest) or _SECONDS.search(rest))
    rest = _SECONDS.sub(" ", _LENS.sub(" ", _CAMERA.sub(" ", rest)))
    return said and all(w in _FILLER for w in re.findall(r"[a-z0-9'.]+", rest))


def _opening(masked: str) -> tuple[str, str, int] | None:
    """Read "open scene 6 on a two-shot of ...": the first shot (or the last, for "end on") is what follows."""
    opens = _OPENS.match(masked)
    if opens is None:
        return None
    how = re.sub(r"\s+of\s+.+$", "", opens.group("how"))  # "a close-up of the key": the shot's framing
    if not _camera_only(how) or not _CAMERA.search(how):
        return None
    last = opens.group("verb") in ("end", "close", "finish")
    return opens.group("scene") or "", how, -1 if last else 1


def _split(masked: str) -> tuple[str, str, int | None] | None:
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
        if _how(masked[:i]) and (_names_a_shot(masked[i:]) or masked[i:].startswith(_DETERMINERS_SAID)):
            return masked[i:], masked[:i], None
    return None


def _how(part: str) -> bool:
    """Tell whether a part says only how the camera works, naming no shot by its framing ("the wide")."""
    return _camera_only(part) and not _FRAMED.search(part)


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
    scene = scenes[0] if scenes else _scene_of_talk(turn, understood)
    whole_scene = bool(find_scenes(ref)) and number is None
    scene_first = re.match(r"(?:(?:make|have|get|let)\s+)?scene\s+\d+\b", ref)
    if number is None and scene_first and not (re.search(r"\bshot\b", ref) or _QUOTE.search(ref)):
        return None  # "scene 3 needs to be wider" is about the scene
    ref = re.sub(r"\b(?:in|of|from|for)?\s*scene\s+\d+\b", " ", ref).strip(" ,:;-")
    if re.search(r"\bscene\b", ref):
        return None  # "the bus scene: handheld" is about a whole scene
    if number is None:
        number = _number_in(ref)
    places = [w for place in turn.context.locations for w in place.split()]  # "the bridge" is a scene's place
    named, things = _content(re.sub(r"\bshot\s+\d+\b", " ", ref), [*turn.context.characters, *places])
    if number is None and not named and not _QUOTE.search(ref):
        # "then hold it longer, 6 secs": the shot just changed ("make scene 3 wide" is about the whole scene)
        return None if whole_scene else _pointed_back(turn, understood)
    if scene is None:
        return None
    if number is not None:
        return scene, number, ""
    described = bool(_QUOTE.search(ref)) or (re.search(r"\bshot\b", ref) and named) or things
    return (scene, None, _showing(ref)) if described else None


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
                 r"shoot|turn|have|do|frame|try)\s+", "", ref.strip())
    ref = re.sub(r"\b(?:that|this|the)\s+shot\b|\bshot\b", " ", ref)
    ref = re.sub(r"^\W*(?:the\s+)?(?:of|where|with|when|in\s+which|showing|that\s+shows|on)\s+", "", ref.strip())
    ref = re.sub(r"\s+(?:a|an|into|as|to|the|for)$", "", re.sub(r"\s+", " ", ref).strip(" ,:;-"))
    return re.sub(r"^the\s+", "", ref)


def _scene_of_talk(turn: Turn, understood: Sequence[str]) -> int | None:
    """Return the scene the conversation is about: named by this message's earlier steps, else lately, else shown."""
    for step in reversed(understood):
        named = find_scenes(step)
        if named:
            return named[-1]
    recent = recent_scene(turn)
    if recent is not None:
        return recent
    target = turn.context.target_scene
    return target.number if target is not None else None


def _pointed_back(turn: Turn, understood: Sequence[str]) -> tuple[int, int | None, str] | None:
    """Return the shot this message's last step, or the last turn, changed ("now 6 seconds on that one")."""
    if understood:
        spelled = _SPELLED.match(understood[-1])
        if spelled is None or _pick(spelled) is not None:
            return None  # "and 3 seconds" after several shots: their own step says it ("4 seconds each")
        return _spelled_where(spelled)
    said = [t for t in turn.history if t.strip()][-3:]
    changed = [m for text in said for m in _CHANGED.finditer(text)]
    if not changed:
        return None
    return int(changed[-1].group(2)), int(changed[-1].group(1)), ""


def _spelled_where(spelled: re.Match[str]) -> tuple[int, int | None, str]:
    number = -1 if spelled.group("last") else int(spelled.group("n")) if spelled.group("n") else None
    return int(spelled.group("scene")), number, spelled.group("showing") or ""


# --- the cinematographer's step ---------------------------------------------------------------------------------


def shot_step(clause: str, turn: Turn, specs: Sequence[ToolSpec]) -> dict[str, Any] | None:
    """Decide the next call (or words) for a spelled-out shot step; None when the clause is not one.

    Returns the fields of a decision: ``tool`` and ``args`` (``prep`` when the call only gets the step ready:
    a breakdown, a look-up), or ``text`` with ``options`` when the film-maker must choose.
    """
    spelled = _SPELLED.match(clause.strip())
    tools = {s.name: s for s in specs}
    setter = _setter(specs, spelled.group("what") == "length of") if spelled else None
    if spelled is None or setter is None:
        return None
    scene, number, showing = _spelled_where(spelled)
    how = spelled.group("how")
    shown = turn.context.scene(scene)
    breaker, finder = tools.get("break_scene_into_shots"), tools.get("find_shot")
    broke = any(r.startswith(f"Broke scene {scene} ") for r in turn.prepared_now)
    none_yet = (shown is not None and shown.shots == 0) or any("has no shots" in r for r in turn.prepared_now[-1:])
    if breaker is not None and not broke and none_yet:
        return {"tool": breaker, "args": {"scene_number": scene}, "prep": True}  # a shot change needs the shots first
    pick = _pick(spelled)
    if pick is not None:
        return _group_step(setter, scene, pick, how)
    if number is None:
        looked = turn.prepared_now[-1] if turn.prepared_now and not turn.prepared_now[-1].startswith("Broke") else ""
        if not looked:
            if finder is None:
                return {"text": f"Which shot of scene {scene} shows “{showing}”? Say its number (e.g. 'shot 3')."}
            return {"tool": finder, "args": {"scene_number": scene, "query": showing}, "prep": True}
        found = FOUND_SHOT.match(looked)
        if found is None:
            return {"text": looked, "options": _options(looked, scene, how)}  # two fit equally, or none does
        number = int(found.group(1))
    return {"tool": setter, "args": _args(setter, scene, number, how)}


_LENGTH_PROPS = ("seconds", "duration_s", "duration", "length_s")
_CAMERA_PROPS = ("shot_type", "angle", "movement", "lens_mm")


def _setter(specs: Sequence[ToolSpec], length: bool) -> ToolSpec | None:
    """Return the bound tool that sets one shot's length (or camera), whatever it is called."""
    wanted = _LENGTH_PROPS if length else _CAMERA_PROPS
    fits = [s for s in specs if not s.read_only and "shot_number" in s.properties()
            and any(p in s.properties() for p in wanted)]
    return next((s for s in fits if s.name in ("set_camera", "set_shot_duration")), fits[0] if fits else None)


def _args(setter: ToolSpec, scene: int, number: int, how: str) -> dict[str, Any]:
    """Fill the setter's arguments: the shot, and the camera values (or seconds) the step says."""
    props = setter.properties()
    args: dict[str, Any] = {"scene_number": scene, "shot_number": number}
    length = next((p for p in _LENGTH_PROPS if p in props), None)
    if length is not None and _SECONDS.search(how):
        args[length] = find_duration(how)
        return args
    for prop in ("shot_type", "angle", "movement"):
        values = _enum_of(props.get(prop, {}))
        value = match_enum(how, values) if values else None
        if value is not None:
            args[prop] = value
    lens = find_lens(how)
    if lens is not None and "lens_mm" in props:
        whole = "integer" in str([props["lens_mm"].get("type"), props["lens_mm"].get("anyOf")])
        args["lens_mm"] = round(lens) if whole else lens
    return args


def _enum_of(schema: dict[str, Any]) -> list[Any]:
    """Return a property's allowed values, also when it is optional (``anyOf`` with null)."""
    if "enum" in schema:
        return list(schema["enum"])
    for option in schema.get("anyOf", []):
        if isinstance(option, dict) and "enum" in option:
            return list(option["enum"])
    return []


def _options(looked: str, scene: int, how: str) -> tuple[dict[str, str], ...]:
    """Offer each shot that fits equally as a ready request ("shot 4 of scene 3: low angle")."""
    fits = re.match(r"^Shots ([\d, and]+) of scene \d+ fit", looked)
    if fits is None:
        return ()
    listed = looked.split(" equally: ", 1)[1].rsplit(". Which one?", 1)[0] if " equally: " in looked else ""
    about = {int(m.group(1)): m.group(2) for m in map(_SHOWN_AS.match, listed.split("; ")) if m}
    numbers = [int(n) for n in re.findall(r"\d+", fits.group(1))]
    return tuple({"label": f"shot {n} · {about.get(n, '')}".strip(" ·"), "request": f"shot {n} of scene {scene}: {how}"}
                 for n in numbers)
