"""Which line of a scene's dialogue a request points at ("just Mara's last line", "the line 'not tonight'").

A tool that takes one line of a scene (a voice take of one line) counts the scene's spoken lines from 1. The
scene's text is the one the graph showed; the line is found by its speaker and first/last, by an ordinal
("the second line"), by its number ("line 3") or by words quoted from it. A request that points at no line, or at
one the scene does not have, gives None: the whole scene, or the tool's own question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.formats.fountain import scene_dialogue
from agent.llm.offline.names import match_names

__all__ = ["which_line"]

_EDGE = re.compile(r"\b(?P<which>first|opening|last|final|closing)\s+(?:line|words?|speech)\b", re.I)
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_ORDINAL = re.compile(r"\b(?P<nth>" + "|".join(_NTH) + r")\s+line\b", re.I)
_NUMBERED = re.compile(r"\bline\s+(?:no\.?\s*|number\s+|#\s*)?(?P<n>\d{1,3})\b", re.I)
_QUOTED = re.compile(r"(?<!\w)[\"“'‘](?P<q>[^\"“”‘’]{3,}?)[\"”'’](?!\w)")
_HERS = re.compile(r"\b(?:her|his|their)\s+(?:very\s+)?(?:first|opening|last|final|closing)\s+line\b", re.I)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower().replace("’", "'")))


def which_line(clause: str, content: str | None, characters: Sequence[str], pronouns: dict[str, str]) -> int | None:
    """Return the number (from 1) of the spoken line of ``content`` a clause points at, else None."""
    if not content:
        return None
    spoken = [line for line in scene_dialogue(content) if line.text.strip()]
    if not spoken:
        return None
    quoted = _QUOTED.search(clause)
    if quoted:
        words = _plain(quoted.group("q"))
        having = [i for i, line in enumerate(spoken, start=1) if words and words in _plain(line.text)]
        return having[0] if len(having) == 1 else None
    numbered = _NUMBERED.search(clause)
    if numbered:
        n = int(numbered.group("n"))
        return n if 1 <= n <= len(spoken) else None
    edge, nth = _EDGE.search(clause), _ORDINAL.search(clause)
    if edge is None and nth is None:
        return None
    who = _speaker(clause, spoken, characters, pronouns)
    numbers = [i for i, line in enumerate(spoken, start=1) if who is None or line.character.upper() == who]
    if not numbers:
        return None
    if nth is not None and nth.group("nth").lower() != "first":
        index = _NTH[nth.group("nth").lower()] - 1
        return numbers[index] if index < len(numbers) else None
    last = edge is not None and edge.group("which").lower() in ("last", "final", "closing")
    return numbers[-1] if last else numbers[0]


def _speaker(clause: str, spoken: Sequence[object], characters: Sequence[str], pronouns: dict[str, str]) -> str | None:
    """Return whose lines the clause counts ("Mara's last line", "her last line"); None for anyone's."""
    named = match_names(clause, characters)
    if named:
        return named[0].upper()
    hers = _HERS.search(clause)
    if hers is None:
        return None
    gender = {"her": "f", "his": "m"}.get(hers.group(0).split()[0].lower())
    in_scene = list(dict.fromkeys(str(getattr(line, "character", "")).upper() for line in spoken))
    fits = [name for name in in_scene if gender is not None and pronouns.get(name) == gender]
    return fits[0] if len(fits) == 1 else ""  # "her last line" with no one she clearly is: no line
