"""The screenplay's own words, read-only: who says a line, a character's lines, a fact written in the action."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

__all__ = ["Line", "dialogue", "speakers", "who_says", "written"]

_CUE = re.compile(r"^@?(?P<who>[A-Z][A-Z0-9 .'’-]*?)\s*(?:\([^)]*\)\s*)*\^?$")
_TRANSITION = re.compile(r"(?:TO:|OUT\.|IN\.)$")
_NEAR = 0.78
"""How close a misspelt quote must come to a line (a share of letters in order) to count as that line."""


@dataclass(frozen=True)
class Line:
    """One speech of the screenplay: who says it, in which scene, its words (parentheticals kept apart)."""

    scene: int
    who: str
    words: str
    """What is spoken, without parentheticals."""
    shown: str
    """The speech as written, parentheticals included."""


def dialogue(data: dict[str, Any], scene_number: int | None = None) -> Iterator[Line]:
    """Yield every speech, in screenplay order (of one scene when a number is given)."""
    scenes = [data["scenes"][scene_number - 1]] if scene_number else data["scenes"]
    for scene in scenes:
        for block in re.split(r"\n\s*\n", scene["content"]):
            rows = [r.strip() for r in block.strip().splitlines() if r.strip()]
            cue = _CUE.match(rows[0]) if len(rows) > 1 else None
            if cue is None or _TRANSITION.search(rows[0]):
                continue
            spoken = " ".join(r for r in rows[1:] if not (r.startswith("(") and r.endswith(")")))
            yield Line(scene["number"], cue.group("who").strip(), spoken, " ".join(rows[1:]))


def speakers(data: dict[str, Any], scene_number: int | None, which: str) -> str:
    """Answer about lines with no character named: the first or last line spoken, or who speaks and how much."""
    lines = list(dialogue(data, scene_number))
    place = f" in scene {scene_number}" if scene_number else ""
    if not lines:
        return f"Nobody speaks{place}."
    if which in ("first", "last"):
        line = lines[0] if which == "first" else lines[-1]
        return f"The {which} line{place or f' (scene {line.scene})'} is {line.who}'s: “{line.shown}”"
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.who] = counts.get(line.who, 0) + 1
    each = ", ".join(f"{who} ({n} line{'s' if n != 1 else ''})" for who, n in counts.items())
    return f"Speaking{place}: {each}. Name a character to read their lines."


def _plain(text: str) -> str:
    """Lower-case words only, so a quote matches whatever its case, quotes and punctuation ("it's" = "its")."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", "")))


def _closeness(quote: str, words: str) -> float:
    """Return how well a quote fits a speech: 1.0 when it is in it, else the best fit of a stretch of its words."""
    if quote in words:
        return 1.0
    size, pieces = len(quote.split()), words.split()
    best = 0.0
    for width in range(max(1, size - 1), size + 2):
        for start in range(max(1, len(pieces) - width + 1)):
            best = max(best, SequenceMatcher(None, quote, " ".join(pieces[start:start + width])).ratio())
    return best


def who_says(data: dict[str, Any], quote: str, scene_number: int | None = None) -> str:
    """Answer "who says '<words>'?": the speaker, scene and whole line; a close spelling is enough."""
    wanted = _plain(quote)
    if not wanted:
        return "Error: give some words of the line to look for."
    scored = sorted(((_closeness(wanted, _plain(line.words)), i, line)
                     for i, line in enumerate(dialogue(data, scene_number))), key=lambda t: (-t[0], t[1]))
    hits = [line for score, _, line in scored if score >= max(_NEAR, scored[0][0] - 0.02)] if scored else []
    if not hits:
        where = f" in scene {scene_number}" if scene_number else ""
        written_in = _action_with(data, wanted, scene_number)
        also = f" It is in the action of scene {written_in[0]}: “{written_in[1]}”" if written_in else ""
        return f"Nobody says “{quote.strip()}”{where}.{also}"
    speakers = list(dict.fromkeys(line.who for line in hits))
    said = "; ".join(f"scene {line.scene}: “{line.shown}”" for line in hits[:4])
    return f"{' and '.join(speakers)} {'say' if len(speakers) > 1 else 'says'} it ({said})."


def _action_with(data: dict[str, Any], wanted: str, scene_number: int | None) -> tuple[int, str] | None:
    for number, sentence, _ in _sentences(data, scene_number):
        if wanted in _plain(sentence):
            return number, sentence
    return None


_PLAIN_WORDS = frozenset("the a an of in on at to and or with is are was were it its what which who whose where when "
                         "how does do did say says said there this that these those scene screenplay script film story "
                         "written write writes printed read reads show shows tell tells me us".split())
_NUMBERS = re.compile(r"\b(?:what\s+time|number|numbers|year|date|how\s+many|how\s+much|price|code|figure)\b", re.I)
_HAS_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                         r"forty|fifty|hundred|thousand|nineteen)\b", re.I)
_COLOURS = re.compile(r"\bcolou?rs?\b", re.I)
_HAS_COLOUR = re.compile(r"\b(?:red|green|blue|yellow|black|white|grey|gray|brown|orange|pink|purple|gold|golden|"
                         r"silver|brass|amber)\b", re.I)
_ABBREVIATION = re.compile(r"\b(?:No|Mr|Mrs|Ms|Dr|St|Nos)\.$")


def _stem(word: str) -> str:
    for end in ("ing", "ed", "es", "s"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


def _sentences(data: dict[str, Any], scene_number: int | None) -> Iterator[tuple[int, str, bool]]:
    """Yield (scene, sentence, spoken) for every sentence of the action and of the dialogue."""
    scenes = [data["scenes"][scene_number - 1]] if scene_number else data["scenes"]
    for scene in scenes:
        for block in re.split(r"\n\s*\n", scene["content"]):
            rows = [r.strip() for r in block.strip().splitlines() if r.strip()]
            if not rows or _TRANSITION.search(rows[0]):
                continue
            cue = _CUE.match(rows[0]) if len(rows) > 1 else None
            text = " ".join(r for r in rows[1:] if not r.startswith("(")) if cue else " ".join(rows)
            prefix = f"{cue.group('who').strip()}: " if cue else ""
            for sentence in _split(text):
                yield scene["number"], prefix + sentence, cue is not None


def _split(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping "No. 4107" and "Mr. Ruben" whole."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", text.strip()):
        if out and (_ABBREVIATION.search(out[-1]) or piece[:1].isdigit()):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


def written(data: dict[str, Any], detail: str, scene_number: int | None = None) -> str:
    """Quote the sentence(s) of the screenplay that best answer a question about a written detail."""
    wanted = {_stem(w) for w in re.findall(r"[a-z0-9']+", detail.lower().replace("'s", ""))
              if w not in _PLAIN_WORDS and len(w) > 2}
    if not wanted:
        return "Error: say what to look for in the screenplay (e.g. 'the time on the clock')."
    kinds = [has for asks, has in ((_NUMBERS, _HAS_NUMBER), (_COLOURS, _HAS_COLOUR)) if asks.search(detail)]
    scored: list[tuple[float, int, str]] = []
    for number, sentence, spoken in _sentences(data, scene_number):
        words = {_stem(w) for w in re.findall(r"[a-z0-9']+", sentence.lower().replace("'s", ""))}
        hits = len(wanted & words)
        if not hits:
            continue
        bonus = 0.5 * sum(1 for has in kinds if has.search(sentence))  # "what number": a sentence with one
        scored.append((hits + bonus - (0.25 if spoken else 0.0), number, sentence))
    where = f"scene {scene_number}" if scene_number else "the screenplay"
    if not scored:
        return f"Nothing in {where} mentions {detail.strip(' ?.')}."
    top = max(s for s, _, _ in scored)
    best = [(n, s) for score, n, s in scored if score >= top][:3]
    return "\n".join(f"Scene {n}: “{s}”" for n, s in best)
