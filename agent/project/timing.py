"""Screen time: how long a scene plays (its shots, or an estimate from its text) and its page length."""

from __future__ import annotations

import math
import re

__all__ = ["LINES_PER_PAGE", "SPEAKING_WPS", "estimate_seconds", "page_eighths", "screenplay_lines"]

LINES_PER_PAGE = 55
"""The industry's page: about 55 lines of Courier 12, about a minute of screen time."""
SPEAKING_WPS = 2.5
"""Dialogue is spoken at about 150 words a minute."""
_ACTION_WPS = 3.5
_WRAP = {"action": 60, "dialogue": 35}


def screenplay_lines(content: str) -> int:
    """Count the lines a scene body fills on a formatted page (action wraps at 60 columns, dialogue at 35)."""
    lines = 0
    in_dialogue = False
    for raw in content.splitlines():
        text = raw.strip()
        if not text:
            lines += 1
            in_dialogue = False
            continue
        if re.fullmatch(r"[A-Z][A-Z0-9 .'’()-]+(?:\s*\^)?", text) and len(text) < 40:
            in_dialogue = True
            lines += 1
            continue
        width = _WRAP["dialogue" if in_dialogue else "action"]
        lines += max(1, math.ceil(len(text) / width))
    return lines + 2  # the heading and the blank line after it


def page_eighths(content: str) -> int:
    """Return a scene's length in eighths of a page (at least 1)."""
    return max(1, math.ceil(screenplay_lines(content) * 8 / LINES_PER_PAGE))


def estimate_seconds(content: str) -> float:
    """Estimate how long a scene plays from its text: dialogue at speaking pace, action at reading pace."""
    seconds = 0.0
    in_dialogue = False
    for raw in content.splitlines():
        text = raw.strip()
        if not text:
            in_dialogue = False
            continue
        if re.fullmatch(r"[A-Z][A-Z0-9 .'’()-]+(?:\s*\^)?", text) and len(text) < 40:
            in_dialogue = True
            continue
        if text.startswith("(") and text.endswith(")"):
            seconds += 1.0
            continue
        words = len(text.split())
        seconds += words / (SPEAKING_WPS if in_dialogue else _ACTION_WPS)
    return round(max(seconds, 2.0), 1)
