"""Read a reject note ("make it night", "wider", "close on her face", "from below") into a revised shot spec.

The note still goes into the prompt word for word (real models read it); this turns the phrases a
film-maker uses most into the spec's own fields, so the next attempt changes as asked even in draft mode,
and says in plain words what changed. The shot card itself is not touched: the note is about this still.
"""

from __future__ import annotations

import re

from agent.generators.requests import ShotSpec

__all__ = ["revise_spec"]

_WIDER = ("extreme-wide", "wide", "medium", "close-up")
"""Framings from widest to tightest; 'wider' and 'tighter' step along this line."""

_TIME = (
    (r"\b(?:night|night-?time|midnight|after dark|in the dark)\b", "NIGHT"),
    (r"\b(?:dawn|sunrise|first light|daybreak)\b", "DAWN"),
    (r"\b(?:dusk|sunset|twilight|golden hour|evening)\b", "DUSK"),
    (r"\b(?:day|daytime|daylight|broad day|midday|noon|sunny)\b", "DAY"),
)
_SETTING = (
    (r"\b(?:interior|inside|indoors?)\b", "INT"),
    (r"\b(?:exterior|outside|outdoors?|open air)\b", "EXT"),
)
_ANGLE = (
    (r"\bfrom below\b|\blow[- ]angle\b|\blooking up\b|\bworm'?s[- ]eye\b", "low"),
    (r"\bfrom above\b|\bhigh[- ]angle\b|\blooking down\b", "high"),
    (r"\boverhead\b|\btop[- ]down\b|\bbird'?s[- ]eye\b", "overhead"),
    (r"\beye[- ]level\b|\bstraight on\b", "eye-level"),
    (r"\bdutch\b|\btilted\b|\bcanted\b", "dutch"),
)
_TIGHTER = r"\b(?:close on|close-?up|closer|tighter|tight on|on (?:her|his|their) face|(?:her|his|their) face)\b"
_WIDER_WORDS = r"\b(?:wider|pull (?:back|out)|show more|see more|further back|wide shot|establishing)\b"


def _first(note: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for pattern, value in table:
        if re.search(pattern, note, re.IGNORECASE):
            return value
    return None


def _framing(spec: ShotSpec, note: str) -> tuple[str | None, str]:
    """Return the new framing the note asks for and how to say it."""
    current = spec.shot_type
    step = _WIDER.index(current) if current in _WIDER else _WIDER.index("medium")
    if re.search(_TIGHTER, note, re.IGNORECASE):
        face = re.search(r"face|close", note, re.IGNORECASE) is not None
        target = "close-up" if face else _WIDER[min(step + 1, len(_WIDER) - 1)]
        return target, "tighter"
    if re.search(_WIDER_WORDS, note, re.IGNORECASE) or re.search(r"\bwide\b", note, re.IGNORECASE):
        if current == "insert":
            return "medium", "wider"
        return _WIDER[max(step - 1, 0)], "wider"
    return None, ""


def revise_spec(spec: ShotSpec, note: str | None) -> tuple[ShotSpec, list[str]]:
    """Apply a reject note to a shot spec; return the revised spec and what changed, in plain words.

    Phrases it does not know leave the spec as it was (the note still reaches the prompt).
    """
    if not note or not note.strip():
        return spec, []
    changes: list[str] = []
    update: dict[str, object] = {}
    time = _first(note, _TIME)
    if time and time != spec.time_of_day:
        update["time_of_day"] = time
        changes.append(f"{time.lower()} light" + (f" (was {spec.time_of_day.lower()})" if spec.time_of_day else ""))
    setting = _first(note, _SETTING)
    if setting and setting != spec.setting:
        update["setting"] = setting
        changes.append("interior" if setting == "INT" else "exterior")
    angle = _first(note, _ANGLE)
    if angle and angle != spec.angle:
        update["angle"] = angle
        changes.append(f"{angle} angle (was {spec.angle})")
    framing, word = _framing(spec, note)
    if framing and framing != spec.shot_type:
        update["shot_type"] = framing
        changes.append(f"{word}: {framing} (was {spec.shot_type})")
    focus = [c for c in spec.characters if re.search(rf"\b{re.escape(c.name)}\b", note, re.IGNORECASE)]
    if focus and focus[0] != spec.characters[0]:
        update["characters"] = [*focus, *(c for c in spec.characters if c not in focus)]
        changes.append(f"on {focus[0].name}")
    return (spec.model_copy(update=update) if update else spec), changes
