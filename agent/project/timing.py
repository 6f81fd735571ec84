"""Screen time: how long a scene plays (its shots, or an estimate from its text) and its page length."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

__all__ = ["LINES_PER_PAGE", "SPEAKING_WPS", "estimate_seconds", "page_eighths", "screenplay_lines", "shot_seconds"]

LINES_PER_PAGE = 55
"""The industry's page: about 55 lines of Courier 12, about a minute of screen time."""
SPEAKING_WPS = 2.5
"""Dialogue is spoken at about 150 words a minute."""
_ACTION_WPS = 3.5
_WRAP = {"action": 60, "dialogue": 35}


_CUE = re.compile(r"[A-Z][A-Z0-9 .'’()-]+(?:\s*\^)?")


def _lines(content: str) -> Iterator[tuple[str, str]]:
    """Yield each line of a scene body with its kind: blank, cue, parenthetical, dialogue or action."""
    in_dialogue = False
    for raw in content.splitlines():
        text = raw.strip()
        if not text:
            in_dialogue = False
            yield "blank", text
        elif _CUE.fullmatch(text) and len(text) < 40:
            in_dialogue = True
            yield "cue", text
        elif in_dialogue and text.startswith("(") and text.endswith(")"):
            yield "parenthetical", text
        else:
            yield ("dialogue" if in_dialogue else "action"), text


def screenplay_lines(content: str) -> int:
    """Count the lines a scene body fills on a formatted page (action wraps at 60 columns, dialogue at 35)."""
    lines = 0
    for kind, text in _lines(content):
        width = _WRAP["action" if kind == "action" else "dialogue"]
        lines += 1 if kind in ("blank", "cue") else max(1, math.ceil(len(text) / width))
    return lines + 2  # the heading and the blank line after it


def page_eighths(content: str) -> int:
    """Return a scene's length in eighths of a page (at least 1)."""
    return max(1, math.ceil(screenplay_lines(content) * 8 / LINES_PER_PAGE))


def estimate_seconds(content: str) -> float:
    """Estimate how long a scene plays from its text: dialogue at speaking pace, action at reading pace."""
    seconds = 0.0
    for kind, text in _lines(content):
        if kind == "parenthetical":
            seconds += 1.0
        elif kind in ("dialogue", "action"):
            seconds += len(text.split()) / (SPEAKING_WPS if kind == "dialogue" else _ACTION_WPS)
    return round(max(seconds, 2.0), 1)


def shot_seconds(*, action: str = "", dialogue: str = "", least: float = 2.0, most: float = 12.0) -> float:
    """Estimate how long one shot holds: its dialogue at speaking pace plus its action at reading pace.

    Kept between ``least`` (a cut shorter than that reads as a flash on a board) and ``most`` seconds.
    """
    seconds = len(dialogue.split()) / SPEAKING_WPS + len(action.split()) / _ACTION_WPS
    return round(min(most, max(least, seconds)), 1)
