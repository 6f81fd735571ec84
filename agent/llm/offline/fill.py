"""Fill a tool's arguments from the clause and the project, property by property, from its JSON schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.llm.offline.enums import match_enum, one_framing
from agent.llm.offline.fill_names import Request
from agent.llm.offline.fill_text import fill_string
from agent.llm.offline.lexicon import tone_phrase
from agent.llm.offline.lines import words_args
from agent.llm.offline.numbers import (
    bare_scene_list,
    between_pair,
    find_count,
    find_duration,
    find_lens,
    find_position,
    find_range,
    find_scene,
    find_scenes,
    find_shot,
    find_steps,
    find_transition_position,
    find_versions,
    to_int,
)
from agent.llm.offline.speech import speech_act
from agent.llm.offline.toolspec import ToolSpec
from agent.llm.offline.transitions import AFTER_SCENE, following_scene
from agent.llm.offline.which_line import which_line

__all__ = ["Filled", "fill_args"]

_SCENE_PROPS = ("scene_number", "scene", "scene_no", "scene_id", "scene_index")
_POSITION_PROPS = ("position", "to_position", "new_position", "index", "before", "insert_at")
_SHOT_PROPS = ("shot_number", "shot", "shot_no", "shot_index")
_COUNT_PROPS = ("count", "n", "num", "number_of_shots", "num_shots", "shots", "beats_count", "num_beats", "how_many")
_STEP_PROPS = ("steps", "n_steps", "times", "changes")
_ORDER = ("after_scene", "scene_number", "scene", "number", "direction", "old_name", "name", "character_name",
          "character", "logline")


@dataclass
class Filled:
    """Arguments for one call, with what could not be filled and how much came from the clause itself."""

    args: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    explicit: int = 0
    """Arguments read from the clause text itself (not defaults, targets or drafted text)."""
    strong: int = 0
    """Of those, ones in the tool's own vocabulary: an enum value or a tone ("close-up", "darker")."""


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return str(kind)


def _scene(req: Request) -> int | None:
    return find_scene(req.clause, scene_count=req.context.scene_count)


_EDGE_SPAN = re.compile(r"\b(?P<edge>last|final|closing|first|opening)\s+(?P<n>two|three|four|five|2|3|4|5)\s+scenes\b",
                        re.I)


_TO_THE_END = re.compile(r"\bscene\s+(\d{1,3})\s+(?:(?:to|through|thru|till|until|up\s+to)\s+the\s+(?:very\s+)?"
                         r"(?:end|last(?:\s+(?:one|scene))?|finish)\b|onwards?\b)", re.I)
"""A span from a scene to the film's end ("from scene 3 to the very end", "scene 3 onwards")."""


def _edge_span(clause: str, count: int | None) -> tuple[int, int] | None:
    """Return the scenes "the last three scenes", "the first two scenes" or "scenes 4, 5 and 6" span, else None."""
    listed = sorted(set(find_scenes(clause)))
    if len(listed) >= 2 and listed == list(range(listed[0], listed[-1] + 1)):
        return listed[0], listed[-1]  # "scenes 4, 5 and 6": from 4 to 6
    onward = _TO_THE_END.search(clause)
    if onward and count and int(onward.group(1)) <= count:  # "from scene 3 till the end": from 3 to the last
        return int(onward.group(1)), count
    said = _EDGE_SPAN.search(clause)
    if said is None or not count:
        return None
    n = to_int(said.group("n")) or 0
    if n > count:
        return None
    return (count - n + 1, count) if said.group("edge").lower() in ("last", "final", "closing") else (1, n)


def _target(req: Request, tool: ToolSpec) -> int | None:
    # With no scene named, the request is about the scene the graph marked as the target, or the one the
    # conversation was just about when the clause points back at it ("shot 2", "it", "that scene").
    target = req.context.target_scene
    if target:
        return target.number
    points_back = re.search(r"\b(?:it|this|that|the same|these|those|the versions?)\b|"
                            r"\bthe\s+(?:whole\s+|entire\s+|same\s+)?scene\b(?!\s+(?:where|with|when|in|at|on|that|which))",
                            req.clause, re.IGNORECASE)
    shot_level = any(p in tool.properties() for p in _SHOT_PROPS)
    if req.recent_scene and (points_back or shot_level):
        return req.recent_scene
    implied = req.context.implied
    if implied is not None and implied.status == "resolved" and (implied.quoted or shot_level):
        return implied.scene  # "a close-up on 'not tonight, love'", "the shot of mara at the rail": where it is
    return None


def _integer(prop: str, tool: ToolSpec, req: Request, filled: dict[str, Any]) -> tuple[Any, bool]:  # noqa: C901
    """Return (value, read_from_clause) for an integer property."""
    clause, ctx = req.clause, req.context
    has_shot = any(p in tool.properties() for p in _SHOT_PROPS)
    if prop in _SCENE_PROPS or (prop == "number" and not has_shot and "shot" not in tool.name):
        value = _scene(req)
        return (value, True) if value is not None else (_target(req, tool), False)
    if prop == "number":
        return find_shot(clause), True
    if prop in ("start_scene", "from_scene", "first_scene", "start"):
        span = find_range(clause) or _edge_span(clause, ctx.scene_count)
        return (span[0] if span else _scene(req)), True
    if prop in ("end_scene", "to_scene", "last_scene", "end"):
        span = find_range(clause) or _edge_span(clause, ctx.scene_count)
        only = re.search(r"\b(?:of|just|only|for)\s+scene\s+(\d+)\b"
                         r"(?!\s*(?:on\b|onwards|to\b|through\b|thru\b|-|and\b|,\s*(?:scenes?\s+)?\d|&))|"
                         r"\bscene\s+(\d+)\s+(?:only|alone|on\s+its\s+own|by\s+itself)\b", clause, re.I)
        return (span[1] if span else int(only.group(1) or only.group(2)) if only else None), True  # "a version of
        # scene 4", "scene 4 only": 4 only
    if prop in ("first", "second", "other_scene", "with_scene"):
        numbers = find_scenes(clause)
        index = 0 if prop == "first" else 1
        return (numbers[index] if len(numbers) > index else None), True
    if "lens" in prop or prop in ("focal_length", "mm"):
        lens = find_lens(clause)
        return (round(lens) if lens is not None else None), True
    if prop == "position" and "transition" in tool.properties():
        if "into_scene" in tool.properties() and _between_scenes(clause):
            return None, True
        return find_transition_position(clause), True
    if prop in ("after_scene", "after"):  # where a new scene goes: "after scene 4", "before scene 2", "at the start"
        return _insert_after(clause, ctx.scene_count), True
    if prop == "into_scene":
        after = AFTER_SCENE.search(clause)  # "a dissolve after scene 3": into the scene after it on the timeline
        if after and _between_scenes(clause) is None:
            return following_scene(int(after.group(1)), ctx.timeline, ctx.scene_count), True
        return _between_scenes(clause), True
    if prop in _POSITION_PROPS:
        source = filled.get("scene_number", filled.get("scene"))
        return find_position(clause, source=source, scene_count=ctx.scene_count), True
    if prop in _SHOT_PROPS:
        return _shot(clause, req, filled), True
    if prop in _COUNT_PROPS:
        return find_count(clause), True
    if prop in _STEP_PROPS:
        steps = find_steps(clause)
        return (steps, True) if steps else (1, False)
    if prop in ("version", "from_version", "to_version", "target_version"):
        return _version(prop, req, filled)
    if prop == "expected_version":  # the version the drafted text is based on: a stale write is refused
        return _current_version(req, filled), False
    if prop in ("duration", "duration_s", "seconds", "length_s"):
        seconds = find_duration(clause)
        return (round(seconds) if seconds is not None else None), True
    if prop in ("line_number", "line") and "scene_number" in filled:  # "just Mara's last line": one line of it
        shown = req.context.scene(int(filled["scene_number"]))
        return which_line(clause, shown.content if shown else None, req.characters, req.context.pronouns), True
    if prop == "asset_id":  # "asset 12"; without one the tool takes the image uploaded last
        asset = re.search(r"\basset\s*#?\s*(\d+)\b", clause, re.IGNORECASE)
        return (int(asset.group(1)) if asset else None), True
    return None, True


def _shot(clause: str, req: Request, filled: dict[str, Any]) -> int | None:
    """Return the shot a clause names: a number, "the establishing shot" (1) or "the last shot" (from the scene)."""
    number = find_shot(clause)
    if number is not None:
        return number
    if re.search(r"\b(?:establishing|opening|first)\s+shot\b", clause, re.IGNORECASE):
        return 1
    if re.search(r"\b(?:last|final|closing)\s+shot\b", clause, re.IGNORECASE):
        scene = filled.get("scene_number", filled.get("scene"))
        shown = req.context.scene(int(scene)) if isinstance(scene, int) else None
        return shown.shots if shown is not None and shown.shots else -1  # the tools count -1 from the end
    return None


def _insert_after(clause: str, scene_count: int | None) -> int | None:
    """Return the scene a new one follows (None: at the end, the tool's default)."""
    match = re.search(r"\b(after|following|before)\s+scene\s+(\d+)\b", clause, re.IGNORECASE)
    if match:
        n = int(match.group(2))
        return n if match.group(1).lower() != "before" else n - 1
    pair = between_pair(clause)
    if pair is not None and pair[1] - pair[0] == 1:
        return pair[0]  # "between scenes 5 and 6": after 5 (two scenes apart is asked about, see fill_args)
    if re.search(r"\b(?:at|to)\s+the\s+(?:very\s+)?(?:start|beginning)\b|\bas\s+the\s+(?:new\s+)?(?:first|opening)\b|"
                 r"\b(?:open|opening)\s+(?:the\s+)?(?:film|script|screenplay)\b|"
                 r"\b(?:an?|new|another)\s+(?:(?:new|short|quick|little|brief)\s+)*(?:opening|first)\s+scene\b",
                 clause, re.IGNORECASE):
        return 0
    return None


def _between_scenes(clause: str) -> int | None:
    """Return the scene a transition leads into: "between (scenes) 2 and 3" / "into scene 3" (not clips)."""
    if re.search(r"\b(?:clips?|positions?)\b", clause, re.IGNORECASE):
        return None
    match = re.search(r"\bbetween\s+(?:scenes?\s+)?(\d+)\s+(?:and|&)\s+(?:scene\s+)?(\d+)\b", clause, re.IGNORECASE)
    if match:
        return max(int(match.group(1)), int(match.group(2)))
    match = re.search(r"\b(?:into|before|to|at the start of|going into)\s+scene\s+(\d+)\b", clause, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _version(prop: str, req: Request, filled: dict[str, Any]) -> tuple[int | None, bool]:
    versions = find_versions(req.clause)
    if prop == "to_version":
        if len(versions) >= 2:
            return versions[1], True
        current = _current_version(req, filled)
        return current, False
    if prop == "from_version":
        if versions:
            return versions[0], True
        current = _current_version(req, filled)
        return (current - 1 if current and current > 1 else None), False
    if versions:
        return versions[0], True
    if re.search(r"\b(?:the )?original\b|\bfirst (?:version|draft)\b|\bat first\b|\boriginally\b", req.clause, re.I):
        return 1, True
    if re.search(r"\b(?:old|previous|earlier|prior|last|older)\s+(?:version|draft|text)\b|\bput (?:it )?back\b|"
                 r"\b(?:how|the way)\b[^.;]*\b(?:was|were|read|looked)\b[^.;]*\bbefore\b|"
                 r"\bback\s+(?:to\s+)?(?:how|the way)\s+it\s+(?:was|read|looked)|"
                 r"\b(?:to|into|as)\s+(?:how|the\s+way|what)\s+(?:it|they|this|that)\s+"
                 r"(?:was|were|read|looked|used\s+to\s+(?:be|read))\b",
                 req.clause, re.IGNORECASE):
        current = _current_version(req, filled)
        return (current - 1 if current and current > 1 else None), True
    return None, True


def _current_version(req: Request, filled: dict[str, Any]) -> int | None:
    number = filled.get("scene_number", filled.get("scene"))
    scene = req.context.scene(number) if number is not None else req.context.target_scene
    return scene.version if scene else None


def _number(prop: str, req: Request) -> float | None:
    if "lens" in prop or prop in ("focal_length", "mm"):
        return find_lens(req.clause)
    if "duration" in prop or prop in ("seconds", "length_s", "hold"):
        return find_duration(req.clause)
    return None


def _boolean(prop: str, req: Request) -> bool | None:
    if prop.startswith("every_"):  # "every shot", "all the shots", "each shot in it" ("all of scene 4" is one scene)
        thing = prop.removeprefix("every_")
        return bool(re.search(rf"\b(?:every|each|all)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?{thing}s?\b(?!\s*\d)|"
                              rf"\ball\s+(?:of\s+)?(?:the\s+|its\s+)?{thing}s\b|^\W*(?:make\s+)?(?:them\s+)?all\b"
                              rf"(?!\s+(?:the\s+)?scenes?\b)|\b(?:them|these|those)\s+all\b|\ball\s+of\s+them\b|"
                              rf"\ball\s+(?:\d|the\s+same\b)",
                              req.clause, re.I)) or None
    words = [w for w in prop.lower().split("_") if w not in ("is", "use", "include", "with")]
    text = req.clause.lower()
    if prop == "csv" and re.search(r"\b(?:spreadsheet|excel|xlsx?|google\s+sheets?)\b", text):
        return True  # "as a spreadsheet i can open in excel" is a CSV
    if words and all(re.search(rf"\b{re.escape(w)}", text) for w in words):
        return not re.search(rf"\b(?:without|no|not|don't)\s+(?:the\s+|an?\s+)?{re.escape(words[0])}", text)
    return None


def _ordered(props: dict[str, dict[str, Any]]) -> list[str]:
    # Scene numbers and names first: content and descriptions are drafted from them.
    late = {"content", "body", "text", "description", "beats", "to_position", "position"}
    return sorted(props, key=lambda p: (p in late, _ORDER.index(p) if p in _ORDER else len(_ORDER)))


def fill_args(tool: ToolSpec, req: Request) -> Filled:
    """Fill every property of a tool that the clause or the project gives; list required ones that it doesn't."""
    props, required = tool.properties(), set(tool.required())
    out = Filled()
    for prop in _ordered(props):
        schema = props[prop]
        value, explicit = _value(prop, schema, tool, req, out.args)
        # Text written for the film (a scene body, a description) is never the request pasted in: when the
        # director cannot draft it (e.g. the scene is not in the context) it asks instead.
        if value is None or value == []:
            if prop in required:
                out.missing.append(prop)
            continue
        out.args[prop] = value
        if explicit:
            out.explicit += 1
            if "enum" in schema or (prop in ("direction", "tone", "mood") and tone_phrase(req.clause)):
                out.strong += 1
    asks = tool.read_only and speech_act(req.clause) == "question"  # "cut Ida's last line" is no question
    words = words_args(req.clause, req.characters, props, req.context.scene_count) if asks else None
    if words is not None:  # "what's Ida's last line?", "who says 'not tonight'?": the screenplay's words
        out.args = {k: v for k, v in out.args.items() if k not in ("name", "topic")} | words
        out.explicit, out.strong = max(out.explicit, len(words)), max(out.strong, 1)
    elif "scene_number" in out.args and "name" in out.args and re.match(r"^\s*who\b", req.clause, re.I):
        del out.args["name"]  # "who's in scene 3 with Ida?": the scene's people, Ida among them, not Ida alone
    out.args = one_framing(out.args, req.clause)  # "wider" steps from the shot's framing; "a wide shot" is one
    if tool.name == "move_scene" and out.args.get("scene_number") is not None and (
            out.args.get("scene_number") == out.args.get("to_position")):
        del out.args["scene_number"]  # a scene moved to where it is: which scene was meant is not known, ask
        out.missing.append("scene_number")
    pair = between_pair(req.clause) if "after_scene" in props else None
    if pair is not None and pair[1] - pair[0] != 1:
        out.args.pop("after_scene", None)  # "between scenes 2 and 5": three scenes lie between; which gap is asked
        out.missing.append("after_scene")
    if _ONLY_WHEN.match(str(out.args.get("description") or "")) and tool.name.startswith("revise_"):
        del out.args["description"]  # "the bridge - make it night": when its scenes happen, not how it looks; asked
        out.missing.append("description")
    if "tags" in props and "remove" in props and not out.args.get("tags") and not out.args.get("remove"):
        out.missing.append("tags")  # a tag to put on or take off: one of the two is needed
    if "voice" in props and "voice_id" in props and not out.args.get("voice") and not out.args.get("voice_id"):
        out.missing.append("voice")  # how it sounds or which voice speaks it: one of the two is needed
    for prop in props:  # "every_shot" stands in for the shot number; without it, the number is needed
        thing = prop.removeprefix("every_") + "_number"
        if prop.startswith("every_") and thing in props and not out.args.get(prop) and thing not in out.args:
            out.missing.append(thing)
    return out


_ONLY_WHEN = re.compile(r"^\W*(?:an?\s+)?(?:night|day|daytime|dawn|dusk|morning|evening|afternoon|interior|exterior|"
                        r"int|ext|inside|outside)\W*$", re.I)
"""A description that is only a time of day or a setting ("Night."): a scene heading's words, never a look."""


def _value(prop: str, schema: dict[str, Any], tool: ToolSpec, req: Request,
           filled: dict[str, Any]) -> tuple[Any, bool]:
    if prop in ("which", "quote", "detail") and "topic" in tool.properties():
        return None, True  # the screenplay's words are read from the question as a whole (lines.py), not word by word
    kind = _kind(schema)
    enum = schema.get("enum") or (schema.get("items", {}) or {}).get("enum")
    if prop == "acts" and enum:  # "a three-act outline", "5 acts"
        said = re.search(r"\b(three|five|3|5)[- ]acts?\b", req.clause, re.I)
        number = {"three": 3, "five": 5}.get(said.group(1).lower(), 0) or int(said.group(1)) if said else None
        return (number if number in enum else None), True
    if enum:
        value = match_enum(req.clause, enum)
        if kind == "array":
            return ([value] if value is not None else None), True
        return value, True
    if kind == "integer":
        return _integer(prop, tool, req, filled)
    if kind == "number":
        value = _number(prop, req)
        if value is None and prop in _SCENE_PROPS + _SHOT_PROPS:
            integer, explicit = _integer(prop, tool, req, filled)
            return (float(integer) if integer is not None else None), explicit
        return value, True
    if kind == "boolean":
        return _boolean(prop, req), True
    if kind == "array" and (schema.get("items") or {}).get("type") == "integer" and "scene" in prop:
        return (find_scenes(req.clause) or bare_scene_list(req.clause) or None), True  # "in scenes 2 and 5", "in 2"
    if kind in ("string", "array"):
        value = fill_string(prop, schema, tool.name, req, filled)
        drafted = prop in ("content", "body", "text", "description", "logline", "beats", "heading")
        return value, not drafted
    return None, True
