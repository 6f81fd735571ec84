"""Tone lexicons (data/tone_lexicons.json): find the tone a request asks for and its word lists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from agent.config import DATA_DIR

__all__ = ["ToneFamily", "find_tones", "load_families", "load_roles", "tone_phrase"]

_LEXICON_FILE = DATA_DIR / "tone_lexicons.json"


@dataclass(frozen=True)
class ToneFamily:
    """One tone ("darker") with the phrases that ask for it and the words that express it."""

    name: str
    synonyms: tuple[str, ...]
    swaps: dict[str, str]
    lines: tuple[str, ...]
    traits: tuple[str, ...]
    parenthetical: str


@cache
def _raw(path: Path = _LEXICON_FILE) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def load_families() -> dict[str, ToneFamily]:
    """Return every tone family, keyed by its canonical name."""
    families = _raw()["families"]
    assert isinstance(families, dict)
    return {
        name: ToneFamily(
            name=name,
            synonyms=tuple(spec.get("synonyms", ())),
            swaps=dict(spec.get("swaps", {})),
            lines=tuple(spec.get("lines", ())),
            traits=tuple(spec.get("traits", ())),
            parenthetical=spec.get("parenthetical", ""),
        )
        for name, spec in families.items()
    }


@cache
def load_roles() -> dict[str, str]:
    """Return role words ("villain") mapped to a one-line draft description."""
    roles = _raw().get("roles", {})
    assert isinstance(roles, dict)
    return dict(roles)


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for family in load_families().values():
        for phrase in (family.name, *family.synonyms):
            owner.setdefault(phrase.lower(), family.name)
    alternatives = "|".join(re.escape(p) for p in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:more\s+|less\s+|a bit\s+|much\s+|(?:far\s+|way\s+|a bit\s+|a little\s+)?too\s+|"
                      rf"not\s+(?:so\s+|that\s+|as\s+)?)?({alternatives})(?![\w-])", re.I), owner


_SPAN_OF_TIME = re.compile(r"\s+(?:night|nights|day|days|week|weeks|shift|shifts|year|years|month|months|while|haul|"
                           r"wait|drive|journey|trip|flight|weekend)\b", re.I)
"""A span of time after a tone word ("a long week", "a dark month"): how it went, not how a scene should feel."""
_A_PIECE = re.compile(r"\s+(?:(?:action|stage|new|extra|little|quiet|silent)\s+)?(?:line|lines|beat|beats|moment|pause|"
                      r"note|bit|look|glance|silence|sentence|exchange|reply|answer|speech)\b", re.I)


def find_tones(text: str) -> list[str]:
    """Return the tone families a text asks for, in order, without repeats ("darker", "shorter")."""
    pattern, owner = _synonym_pattern()
    found: list[str] = []
    matches = list(pattern.finditer(text))
    for i, match in enumerate(matches):
        family = owner[match.group(1).lower()]
        if i + 1 < len(matches) and _JUDGED_AS.search(text, 0, match.start(1)) and re.search(
                r"[,;:—–]|\s-\s|\bso\b", text[match.end():matches[i + 1].start()]):
            continue  # "it reads bleak, lighten it": how it is now, then how it should be
        said = match.group(0)[:match.start(1) - match.start()].lower()  # the word before it: "less", "too", "not"
        if not said and _SPAN_OF_TIME.match(text, match.end()):
            continue  # "long week in the edit", "a dark month": how a while went, asked of no scene
        if family in ("shorter", "longer") and _A_PIECE.match(text, match.end()):
            continue  # "a short beat, nothing more", "a long pause": the size of what is added, not of the scene
        enough = re.match(r"\s+enough\b", text[match.end():], re.I) is not None  # "not tense enough": more so
        contrary = said.startswith("less ") or (said.startswith("not ") and not enough)
        if contrary or re.match(r"(?:far |way |a bit |a little )?too ", said):
            # "too long", "less dark", "not so funny": the other way (a family with no opposite is skipped)
            if family not in _OPPOSITES:
                continue
            family = _OPPOSITES[family]
        if family not in found:
            found.append(family)
    return found


_JUDGED_AS = re.compile(r"\b(?:feels?|is|seems?|reads?|plays?|looks?|sounds?|comes?\s+across(?:\s+as)?)\s+"
                        r"(?:a\s+bit\s+|"
                        r"a\s+little\s+|kind\s+of\s+|kinda\s+|so\s+|really\s+|very\s+|pretty\s+|quite\s+|rather\s+|"
                        r"way\s+)?$", re.I)
"""How a scene is judged to be now ("it reads bleak"), said just before a tone word."""


_OPPOSITES = {"darker": "lighter", "lighter": "darker", "shorter": "longer", "longer": "shorter",
              "tenser": "calmer", "calmer": "tenser", "angrier": "calmer", "funnier": "sadder", "sadder": "lighter"}


def tone_phrase(text: str) -> str | None:
    """Return the direction a clause asks for, normalised ("darker, shorter"), or None."""
    tones = find_tones(text)
    return ", ".join(tones) if tones else None
