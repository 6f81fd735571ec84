"""The cinematographer's step: the call that carries out a spelled-out shot step, or the words that ask which shot.

A step on one shot finds a described shot with ``find_shot`` first, asks when two shots fit equally, and says so
when none does (``shot_step``); a step on several shots fills the tool's ``every_shot``/``shots``/``only_shot_type``.
Nothing is written until the shots are certain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.offline.context import SceneContext
from agent.llm.offline.conversation import Turn
from agent.llm.offline.enums import match_enum, one_framing
from agent.llm.offline.numbers import find_duration, find_lens
from agent.llm.offline.results import FOUND_SHOT
from agent.llm.offline.shot_words import SECONDS, SPELLED, pick, spelled_where
from agent.llm.offline.toolspec import ToolSpec

__all__ = ["beyond_breakdown", "shot_step"]

_SHOWN_AS = re.compile(r"^(\d+)\. (.+)$")


def shot_step(clause: str, turn: Turn, specs: Sequence[ToolSpec]) -> dict[str, Any] | None:
    """Decide the next call (or words) for a spelled-out shot step; None when the clause is not one.

    Returns the fields of a decision: ``tool`` and ``args`` (``prep`` when the call only gets the step ready:
    a breakdown, a look-up), or ``text`` with ``options`` when the film-maker must choose.
    """
    spelled = SPELLED.match(clause.strip())
    tools = {s.name: s for s in specs}
    setter = _setter(specs, spelled.group("what") == "length of") if spelled else None
    if spelled is None or setter is None:
        return None
    scene, number, showing = spelled_where(spelled)
    how = spelled.group("how")
    shown = turn.context.scene(scene)
    breaker, finder = tools.get("break_scene_into_shots"), tools.get("find_shot")
    if number is None and showing and shown is not None and shown.content and not _shown_in(
            showing, shown.content, turn.context.characters):  # a tight shot of a gull where no gull is: no shots made
        return {"text": f"Scene {scene} never shows “{showing}”, so no shot of it can change; nothing changed. "
                        "Which shot did you mean?"}
    broke = any(r.startswith(f"Broke scene {scene} ") for r in turn.prepared_now)
    none_yet = (shown is not None and shown.shots == 0) or any("has no shots" in r for r in turn.prepared_now[-1:])
    beyond = beyond_breakdown(shown, number) if not broke else None
    if beyond is not None:
        return {"text": beyond}
    if breaker is not None and not broke and none_yet:
        return {"tool": breaker, "args": {"scene_number": scene}, "prep": True}  # a shot change needs the shots first
    picked = pick(spelled)
    if picked is not None:
        return _group_step(setter, scene, picked, how)
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


def beyond_breakdown(scene: SceneContext | None, number: object) -> str | None:
    """Say so when a scene with no shots yet would break into fewer shots than the shot named, else None.

    Breaking the scene first would leave shots written for a change that then fails on a shot that is not there.
    """
    if scene is None or scene.shots != 0 or scene.breakdown is None or not str(number or "").isdigit():
        return None
    if int(str(number)) <= scene.breakdown:
        return None
    return (f"Scene {scene.number} has no shots yet; broken into shots it would have {scene.breakdown}, so there "
            f"is no shot {number}. Nothing changed. Which shot did you mean (1-{scene.breakdown})?")


_NOT_SHOWN_WORDS = frozenset("the a an of in on at to and or with over from into onto by scene shot shots close up "
                             "wide angle low high push pull slow slowly crane drone pan tilt his her their its".split())


def _shown_in(showing: str, content: str, characters: Sequence[str]) -> bool:
    """Tell whether what a shot should show appears in the scene's text, or is a person of the cast."""
    named = {n.lower() for n in characters}
    owned = re.sub(r"\b([a-z]+)['’]s\s+(?=[a-z])", lambda m: "" if m.group(1) in named else m.group(0),
                   showing.lower())  # "ida's cat": the cat is what is shown, not ida
    words = [w for w in re.findall(r"[a-z]+", owned) if len(w) >= 3 and w not in _NOT_SHOWN_WORDS]
    text = content.lower()
    return not words or any(w in named or re.search(rf"\b{re.escape(w[:max(4, len(w) - 2)])}", text) for w in words)


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
    if length is not None and SECONDS.search(how):
        args[length] = find_duration(how)
        return args
    for prop in ("shot_type", "reframe", "angle", "movement"):
        values = _enum_of(props.get(prop, {}))
        value = match_enum(how, values) if values else None
        if value is not None:
            args[prop] = value
    lens = find_lens(how)
    if lens is not None and "lens_mm" in props:
        whole = "integer" in str([props["lens_mm"].get("type"), props["lens_mm"].get("anyOf")])
        args["lens_mm"] = round(lens) if whole else lens
    return one_framing(args, how)


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
