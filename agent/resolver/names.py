"""Names of characters, places and props: any case, a first name alone, a near spelling, a word only one has."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

__all__ = ["closest_name", "match_places"]


def closest_name(word: str, names: Sequence[str], *, cutoff: float = 0.8) -> str | None:
    """Return the known name a word means: exact (any case), first name, or a near spelling."""
    wanted = word.strip().strip("'’\".,").upper().removesuffix("'S").removesuffix("’S")
    if not wanted:
        return None
    upper = {n.upper(): n for n in names}
    if wanted in upper:
        return upper[wanted]
    firsts = [n for n in names if n.upper().split()[0] == wanted]
    if len(firsts) == 1:
        return firsts[0]
    if len(wanted) < 3:
        return None
    swapped = [n for u, n in upper.items() if _one_swap(wanted, u.split()[0]) or _one_swap(wanted, u)]
    if len(swapped) == 1:  # "iad", "jnuo": two letters typed the wrong way round
        return swapped[0]
    close = difflib.get_close_matches(wanted, list(upper), n=2, cutoff=cutoff)
    return upper[close[0]] if len(close) == 1 or (close and close[0] != close[1]) else None


def _one_swap(typed: str, name: str) -> bool:
    """Tell whether a word is a name with two neighbouring letters swapped ("IAD" for "IDA")."""
    if len(typed) != len(name) or typed == name:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
    return (len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == name[diff[1]]
            and typed[diff[1]] == name[diff[0]])


_NOT_DISTINCTIVE = frozenset("night day dawn dusk morning evening afternoon later moving continuous the of and a an "
                             "old new big small little main front back upper lower int ext".split())


def match_places(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """Return (name, the words used) for each place or thing a text names, whole or by a word only it has.

    "the office" names LOST PROPERTY OFFICE when no other location has "office" in its name; time-of-day
    words ("night" in NIGHT BUS) never count on their own.
    """
    pool = [n for n in dict.fromkeys(names) if n]
    owners: dict[str, list[str]] = {}
    for name in pool:
        for word in set(name.lower().split()):
            if len(word) > 2 and word not in _NOT_DISTINCTIVE:
                owners.setdefault(word, []).append(name)
    found: list[tuple[int, str, str]] = []
    for name in pool:
        whole = re.search(rf"(?<![\w-]){re.escape(name)}(?:'s|’s)?(?![\w-])", text, re.IGNORECASE)
        if whole:
            found.append((whole.start(), name, whole.group(0)))
            continue
        for word in name.lower().split():
            if owners.get(word) == [name]:
                hit = re.search(rf"(?<![\w-]){re.escape(word)}(?:'s|’s)?(?:\s+(?:interior|exterior))?(?![\w-])", text,
                                re.IGNORECASE)
                if hit:
                    found.append((hit.start(), name, hit.group(0)))
                    break
    return [(name, said) for _, name, said in sorted(found)]
