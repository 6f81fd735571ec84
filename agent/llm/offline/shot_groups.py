"""Camera and length changes to several shots of one scene at once, said in plain words.

"all of scene 4 handheld", "shots 2 to 5 ... from a low angle", "all the close-ups ... on an 85":
``read_group_asks`` spells them as "every shot", "shots 2, 3, 4, 5" or "every close-up" (the shots framed so now),
and the tool's ``every_shot``/``shots``/``only_shot_type`` take them (``shot_calls``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from agent.llm.offline.conversation import Turn
from agent.llm.offline.numbers import find_duration, find_lens, find_scenes
from agent.llm.offline.shot_words import (
    CAMERA,
    FILLER,
    LENS,
    QUOTE,
    SECONDS,
    ShotAsk,
    camera_terms,
    norm,
    scene_of_talk,
    tidy,
)
from agent.llm.offline.speech import speech_act

__all__ = ["read_group_asks"]

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
                    r"\b(?:them|it)\s+all\b|\ball\s+of\s+them\b|\b(?:the\s+)?(?:whole|entire)\s+(?:thing|lot|sequence)\b")
"""Every shot of a scene: "every shot", "all of scene 4", "everything in the pier scene", "the whole scene",
"the whole thing" (the scene the talk is about)."""
_NOT_A_GROUP_CHANGE = re.compile(
    r"\b(?:stills?|storyboards?|images?|pictures?|photos?|video|clips?|animatic|voices?|transitions?|dissolve|"
    r"crossfade|fade|scenes|notes?)\b|^(?:please\s+)?(?:tag|flag|mark|label|star|pin|delete|remove|drop|cut|rewrite|"
    r"write|add|rename|generate|regenerate|render|export|describe|approve|reject|undo|redo|swap|merge|split|break|"
    r"list|show|find)\b")
_GROUP_FILLER = FILLER | frozenset("""
    all every each everything single apiece across throughout whole entire of in at shot shots scene longer shorter
    lengthen shorten them it film shooting
""".split())


def read_group_asks(clause: str, turn: Turn, understood: Sequence[str] = ()) -> list[ShotAsk]:
    """Read a camera or length change to several shots of one scene (a camera step, then a length step); else [].

    "shoot all of scene 4 handheld", "everything in the bridge scene on a 50", "shots 2 to 5 of scene 3 from a
    low angle", "all the close-ups in scene 1 on an 85" (the shots framed so now), "every shot 4 seconds each".
    """
    text = tidy(clause, turn.context.characters)
    if speech_act(clause) != "command" or _NOT_A_GROUP_CHANGE.search(text) or QUOTE.search(text):
        return []
    numbers, text = _numbers_picked(text)
    kind = _OF_KIND.search(text)
    framing = _FRAMING_OF[norm(kind.group("one") or kind.group("many"))] if kind else ""
    text = _OF_KIND.sub(" ", text) if kind else text
    whole = _WHOLE.search(text)
    if not (numbers or kind or whole):
        return []
    scene, text = _group_scene(text, turn, understood)
    text = _WHOLE.sub(" ", text)
    rest = SECONDS.sub(" ", LENS.sub(" ", CAMERA.sub(" ", text)))
    if scene is None or not all(w in _GROUP_FILLER for w in re.findall(r"[a-z0-9'.]+", rest)):
        return []  # "every shot of scene 2 needs rethinking" says no camera
    terms = camera_terms(text)
    lens = find_lens(text) if LENS.search(text) else None
    seconds = find_duration(text) if SECONDS.search(text) else None
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
    described = re.search(r"\bscene\b(?!\s*\d)", text)
    if described and not re.search(r"\b(?:this|the)\s+scene\b", text):
        return _the_scene_talked_about(text, described.start(), turn, understood)  # else it goes on as said, to ask
    return scene_of_talk(turn, understood), re.sub(r"\b(?:in|of|for|across)?\s*(?:this|the)\s+scene\b", " ", text)


def _the_scene_talked_about(text: str, at: int, turn: Turn, understood: Sequence[str]) -> tuple[int | None, str]:
    """Return the scene talked about when a described scene ("the bus scene", "scene" at ``at``) is it, and the clause.

    The words before "scene" must each be in what the conversation said of that scene: its heading, or the
    breakdown just made of it ("Broke scene 3 into 10 shots: 1. ... Establishing: NIGHT BUS"). Else (None, text).
    """
    words = re.findall(r"[a-z0-9'-]+", text[:at])
    described: list[str] = []
    for word in reversed(words):  # "go handheld for bus": the description is the words nearest "scene"
        if word in _GROUP_FILLER or CAMERA.fullmatch(word):
            break
        described.insert(0, word)
    scene = scene_of_talk(turn, understood)
    if not described or scene is None:
        return None, text
    shown = turn.context.scene(scene)
    said = " ".join([shown.heading if shown is not None else "",
                     *(t for t in turn.history if re.match(rf"Broke scene {scene}\b", t))]).lower()
    if not all(re.search(rf"\b{re.escape(w)}", said) for w in described):
        return None, text
    return scene, re.sub(rf"\b(?:the\s+)?{re.escape(' '.join(described))}\s+scene\b", " ", text)
