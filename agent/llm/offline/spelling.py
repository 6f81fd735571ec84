"""Typo fixing that leaves real words alone: a slip of the fingers is one or two letters, never a new word.

``cues.correct_spelling`` pulls an unknown word towards the nearest word the director keys on. A word the
local vocabulary does not hold can still be a real one ("a transistor radio", "a zoetrope"), and pulling it
onto a cue ("transition") changes what was asked. A typo is a letter or two dropped, added, changed or
swapped; a word three or more edits away from its "fix" was written on purpose and is kept as said.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.llm.offline.cues import correct_spelling as _nearest_cues
from agent.llm.offline.cues import cue_words, inflected, is_word, real_words

__all__ = ["correct_spelling", "edits_apart"]

_WORD = re.compile(r"[A-Za-z]+")
_MOST_SLIPS = 2
"""The most edits a typo is taken to hold; more is another word."""


def edits_apart(a: str, b: str) -> int:
    """Return the edits (letter changed, added, dropped, or two neighbours swapped) between two words."""
    a, b = a.lower(), b.lower()
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


_CONTRACTED = {word.replace("'", "").lower(): word for word in """
    don't doesn't didn't isn't wasn't aren't weren't hasn't haven't hadn't couldn't shouldn't wouldn't mustn't
    needn't that's what's there's here's who's where's how's she's he's they're you're they've you've we've I've I'm
    it'll that'll should've could've would've
""".split()}
"""Contractions typed without their apostrophe ("a coat thats too big"); "cant", "wont", "were", "well",
"its" and "id" are left alone: each is a word of its own or too often meant as one."""
_APOSTROPHE_DROPPED = re.compile(r"\b(?:" + "|".join(sorted(_CONTRACTED, key=len, reverse=True)) + r")\b", re.I)


def _with_apostrophe(match: re.Match[str]) -> str:
    word = match.group(0)
    fixed = _CONTRACTED[word.lower()]
    return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed


_ASKING = frozenset("how who why what when where which many much".split())
"""Question words, which the cues leave out but a short typo often drops a letter of ("hw many")."""
_SOUNDED = re.compile(r"\b(?P<stem>[a-z]{1,4})ite(?P<s>s?)\b", re.I)
"""A word spelt as it sounds ("nite", "lite"), when "-ight" makes the real word and "-ite" does not."""


_ASKED_TYPO = re.compile(r"\b(?:(?P<which>wich|whcih|whihc|wihch)\b|"
                         r"(?P<asked>(?:what|wat|where|when|why|how|who|which|wich)(?:\s+[a-z]+)?\s+)(?:dose|deos)\b)",
                         re.I)
"""A question word or its "does" mistyped ("wich route dose he drive"): "dose" only just after a question word."""


def _asked_fixed(match: re.Match[str]) -> str:
    return "which" if match.group("which") else f"{match.group('asked')}does"


_AD_A = re.compile(r"(?:(?<=^)|(?<=[.;!?,]\s)|(?<=\bpls\s)|(?<=\bplease\s))ad\s+(?=(?:a|an|another|some|the)\s+"
                   r"(?:new\s+)?(?:character|charcter|caracter|prop|location|scene|line|beat|shot|tag|note)\b)", re.I)
""""ad a character" at the start of a request: add, one letter dropped."""


def _short_typo(match: re.Match[str], extra: frozenset[str] | tuple[str, ...]) -> str:
    """Return a two- or three-letter word with no vowel with the one letter it dropped put back ("swp", "hw").

    Only when exactly one word the director keys on (or a question word) fits; "sfx" or "pdf" fit none.
    """
    word = match.group(0)
    low = word.lower()
    if re.search(r"[aeiouy]", low) or low in extra:  # "and", "not", "tub": a short word with a vowel is one
        return word
    wanted = cue_words() | _ASKING
    fits = {w for w in wanted if len(w) == len(low) + 1 and any(w[:i] + w[i + 1:] == low for i in range(len(w)))}
    return fits.pop() if len(fits) == 1 else word


def _swapped_short(match: re.Match[str], extra: frozenset[str] | tuple[str, ...]) -> str:
    """Return a three-letter name word of the project with its two swapped letters put back ("bsu" for the BUS).

    Only a word that is no word at all, and only when one name word fits.
    """
    word = match.group(0)
    low = word.lower()
    if low in extra or is_word(low):
        return word
    fits = {w for w in extra if len(w) == 3 and w != low and sorted(w) == sorted(low)
            and any(low[:i] + low[i + 1] + low[i] + low[i + 2:] == w for i in range(2))}
    return fits.pop() if len(fits) == 1 else word


def _spelt_as_sounds(match: re.Match[str]) -> str:
    word = match.group(0)
    meant = f"{match.group('stem')}ight{match.group('s')}"
    real = real_words()
    return meant if word.lower() not in real and meant.lower() in real else word


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
"""A quoted line: its words are kept as typed."""


_NAMING = re.compile(r"(?:\b(?:call|calls|called|calling|name|named|naming)"
                     r"(?:\s+(?:her|him|them|it|this|that|the\s+\w+))?|\brename\b.*\bto|\bas)\s+$", re.I)
"""Words that give a name next ("call her …", "rename … to …"): a new name is no typo."""


def _swapped_back(match: re.Match[str], extra: frozenset[str] | tuple[str, ...]) -> str:
    """Return a word that is no word with its two swapped letters put back ("lantenr", "frery"), when one fits.

    A capital inside a sentence, or a word after "call her", is a name ("Strom" is no misspelt "storm").
    """
    word = match.group(0)
    low = word.lower()
    real = real_words()
    before = match.string[:match.start()]
    if word.isupper() or low in real or low in extra or inflected(low, real) or _NAMING.search(before) or (
            word[0].isupper() and re.search(r"[A-Za-z]", before) and not re.search(r"[.!?:]\s*$", before)):
        return word
    fits = {c for c in (low[:i] + low[i + 1] + low[i] + low[i + 2:] for i in range(len(low) - 1))
            if c != low and (c in real or c in extra or inflected(c, real))}
    if len(fits) != 1:
        return word
    fixed = fits.pop()
    if fixed not in real and fixed not in extra:  # only a word's -ing form ("carding"): a letter dropped from a
        dropped = [w for w in cue_words() if len(w) == len(low) + 1 and any(w[:i] + w[i + 1:] == low
                                                                               for i in range(len(w)))]
        fixed = dropped[0] if len(dropped) == 1 else fixed  # cue word ("cardigan") is likelier
    return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed


def _outside_quotes(text: str, fix: Callable[[str], str]) -> str:
    """Apply a fix to the words of a text outside its quoted lines."""
    parts, at = [], 0
    for quoted in _QUOTED.finditer(text):
        parts += [fix(text[at:quoted.start()]), quoted.group(0)]
        at = quoted.end()
    return "".join([*parts, fix(text[at:])])


_NAME_GIVEN = re.compile(r"(\b(?:called|named|(?:call|name)\s+it|titled)\s+)([\w-]+)", re.I)
"""A name given as it should be ("a branch called tideline"): the film-maker's own word, never a typo to fix."""


def correct_spelling(text: str, extra: frozenset[str] | tuple[str, ...] = ()) -> str:
    """Fix likely typos of the words the director keys on, keeping every word too far from its fix to be one.

    Any word of five letters or more that is no word but becomes exactly one with two neighbouring letters
    swapped back is that word ("a tikcet", "the lantenr"): the commonest slip, and too sure to leave. A name
    given ("called tideline") is kept as said.
    """
    given = _NAME_GIVEN.search(text)
    if given is not None:  # the words before and after the name are fixed; the name is not
        return (_correct_spelling(text[:given.end(1)], extra) + given.group(2)
                + correct_spelling(text[given.end():], extra))
    return _correct_spelling(text, extra)


def _correct_spelling(text: str, extra: frozenset[str] | tuple[str, ...] = ()) -> str:
    text = _outside_quotes(text, lambda part: re.sub(r"[A-Za-z]{5,}", lambda m: _swapped_back(m, extra), part))
    text = _APOSTROPHE_DROPPED.sub(_with_apostrophe, text)
    text = _SOUNDED.sub(_spelt_as_sounds, text)
    text = re.sub(r"\b[a-z]{2,3}\b", lambda m: _short_typo(m, extra), text)  # lower case: "TV", "Al" are as meant
    text = re.sub(r"\b[a-z]{3}\b", lambda m: _swapped_short(m, extra), text)  # "the bsu": the bus
    text = _AD_A.sub("add ", text)  # "ad a character": an advert is never asked for like that
    text = _ASKED_TYPO.sub(_asked_fixed, _ASKED_TYPO.sub(_asked_fixed, text))  # "wich", then its "dose"
    fixed = _nearest_cues(text, extra)
    said, got = _WORD.findall(text), _WORD.findall(fixed)
    if fixed == text or len(said) != len(got):  # the fixer swaps word for word; anything else is kept as fixed
        return fixed
    choices = iter([w if edits_apart(w, g) > _MOST_SLIPS else g for w, g in zip(said, got, strict=True)])
    return _WORD.sub(lambda _m: next(choices), text)
