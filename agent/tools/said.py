"""The screenplay's own words, read-only: who says a line, a character's lines, a fact written in the action."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from agent.formats.script_terms import GARMENT, time_of_day
from agent.roles import names_a_person

__all__ = ["SETTING_ASKED", "Line", "action_sentences", "dialogue", "speakers", "who_says", "written"]

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
                         "written write writes printed read reads show shows tell tells me us he she him her his hers "
                         "they them their has have had been being be any anything about kind sort many much why "
                         "still now then ever actually really exactly just even yet again also own state condition "
                         "shape while whilst anybody anyone somebody someone point".split())
_IRREGULAR = {"lost": "lose", "kept": "keep", "left": "leave", "found": "find", "took": "take", "gave": "give",
              "wore": "wear", "worn": "wear", "held": "hold", "came": "come", "went": "go", "saw": "see",
              "told": "tell", "brought": "bring", "bought": "buy", "hid": "hide", "hidden": "hide", "tied": "tie",
              "stood": "stand", "sat": "sit", "ran": "run", "ate": "eat", "drove": "drive", "driven": "drive",
              "wrote": "write", "stole": "steal", "broke": "break", "got": "get", "threw": "throw", "thrown": "throw",
              "shoes": "shoe", "toes": "toe", "canoes": "canoe"}
"""Irregular verb forms, so "where did she lose it" finds "I lost it"."""
_NUMBERS = re.compile(r"\b(?:what\s+time|number|numbers|year|years|date|how\s+many|how\s+much|how\s+long|how\s+old|"
                      r"price|code|figure|age)\b", re.I)
_HAS_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                         r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|nineteen)\b", re.I)
_COLOURS = re.compile(r"\bcolou?rs?\b", re.I)
_WHEN_DONE = re.compile(r"^\W*(?:so\s+|and\s+)?when\s+(?:did|was|were|had)\b", re.I)
"""When something happened in the story's past ("when did she lose it?"): a time the text gives answers it."""
_HAS_TIME = re.compile(r"\b(?:day|days|year|years|night|nights|morning|evening|week|weeks|month|months|ago|yesterday|"
                       r"nineteen|twenty|o'clock|\d{4}|\d{1,2}:\d{2})\b", re.I)
_HAS_COLOUR = re.compile(r"\b(?:red|green|blue|yellow|black|white|grey|gray|brown|orange|pink|purple|gold|golden|"
                         r"silver|brass|amber)\b", re.I)
_ABBREVIATION = re.compile(r"\b(?:No|Mr|Mrs|Ms|Dr|St|Nos)\.$")
_LATEST = re.compile(r"\b(?:in|at|by|towards?)\s+the\s+(?:very\s+)?end\b|\bfinally\b|\bin\s+the\s+last\s+scene\b|"
                     r"\bat\s+the\s+(?:very\s+)?last\b", re.I)
_EARLIEST = re.compile(r"\bat\s+(?:the\s+)?(?:very\s+)?(?:start|beginning|first)\b|\bin\s+the\s+(?:beginning|"
                       r"first\s+scene)\b|\bto\s+(?:begin|start)\s+with\b", re.I)
_WHAT_TIME = re.compile(r"\bwhat\s+time\b|\bwhen\s+(?:at|in)\s+the\s+night\b|\bwhat\s+hour\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?!\s*(?:%|mm|s\b))|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b|"
                    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o'clock\b|"
                    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|midnight)\s+"
                    r"in\s+the\s+(?:morning|afternoon|evening|night)\b", re.I)
"""A time on a clock ("01:52", "3 a.m.", "four o'clock", "two in the morning"): what answers "what time is it?"."""
_KIND_WORDS = re.compile(r"^(?:time|number|year|date|price|code|figure|age|colou?r)$")
_HOW_LONG = re.compile(r"\bhow\s+(?:long|many\s+years)\b", re.I)
_DURATIONS = ("year", "month", "week", "day", "hour", "decade", "winter", "summer")
"""What answers "how long has she been there?" when the question's own words are not in the text."""
_KIN = {"hand": ("give",), "pass": ("give",), "return": ("give",), "lay": ("give", "put"), "slide": ("give",),
        "offer": ("give",), "place": ("put",), "set": ("put",), "tuck": ("put", "hide"), "hang": ("put",),
        "grab": ("take",), "lift": ("take",), "snatch": ("take",), "unlock": ("open",), "stare": ("look",),
        "glance": ("look",), "watch": ("look",), "see": ("look",), "notice": ("look",), "spot": ("look",),
        "run": ("go",), "bolt": ("run", "go"), "flee": ("run", "go"),
        "sprint": ("run", "go"), "walk": ("go",), "drive": ("go",),
        "hold": ("carry",), "bring": ("carry",), "clutch": ("carry", "hold"), "grip": ("hold",),
        # things called otherwise ("her brolly" is the umbrella; "shoes" are what the text calls trainers)
        "brolly": ("umbrella",), "shoe": ("trainer", "boot", "sneaker"), "footwear": ("trainer", "shoe", "boot"),
        "sneaker": ("trainer", "shoe"), "trainer": ("sneaker", "shoe"), "sweater": ("jumper",), "jumper": ("sweater",),
        "flashlight": ("torch",), "torch": ("flashlight",), "mother": ("mum", "mom"), "mum": ("mother", "mom"),
        "mom": ("mum", "mother"), "father": ("dad",), "dad": ("father",), "mobile": ("phone",),
        "cellphone": ("phone",), "jacket": ("coat",), "coat": ("jacket",), "cab": ("taxi",), "taxi": ("cab",),
        "truck": ("lorry",), "lorry": ("truck",), "flat": ("apartment",), "apartment": ("flat",)}
"""What an action's verb also says ("she lays the key in his hand" gives it), or a thing's other name, for a question
asked in other words."""
_SPOKEN_PENALTY = 0.1
"""A speech counts a little less than the action: the action is what the film shows."""
_SETTING_SHARE = 0.5
"""A word of the scene's heading ("at dawn") counts for half: it says where to look, not what is there."""


def _stem(word: str) -> str:
    word = _IRREGULAR.get(word, word)
    for end in ("ing", "ed", "es", "s"):
        if end == "es" and not re.search(r"(?:s|x|z|ch|sh|o)es$", word):
            continue  # "gives" is "give", as "give" is; "boxes" is "box"
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            undoubled = end in ("ing", "ed") and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] in "bdgmnprt"
            return stem[:-1] if undoubled else stem  # "sitting" is "sit" (as "sat" is), "stopped" "stop"
    return word


_SET_IN = re.compile(r"\b(?:set|takes?\s+place|taking\s+place)\s+(?=(?:in|at|during|on|over)\b)|\bset\W*$", re.I)
"""Where or when a story is set: asked of the setting, no part of what the text says."""


def _words_of(text: str, *, content: bool = False) -> list[str]:
    """Return a text's word stems (only those that carry meaning when content is set)."""
    text = _SET_IN.sub(" ", text) if content else text  # "what year is it set in?": when, not someone setting things
    words = re.findall(r"[a-z0-9']+", text.lower().replace("'s", "").replace("’s", ""))
    stems = [(w, _stem(w)) for w in words]
    return [s for w, s in stems if not content or (w not in _PLAIN_WORDS and s not in _PLAIN_WORDS and len(w) > 2)]


def _same(wanted: str, word: str) -> bool:
    """Tell whether a question's word is a word of the text: the same stem, or one begins the other ("dash")."""
    if wanted == word:
        return True
    short, long_ = sorted((wanted, word), key=len)
    return len(short) >= 4 and long_.startswith(short)


@dataclass(frozen=True)
class _Unit:
    """A sentence of the action, or a whole speech, that a fact may be written in."""

    scene: int
    who: str
    """The speaker; "" for the action."""
    text: str
    words: frozenset[str]
    order: int
    setting: frozenset[str] = frozenset()
    """The words of its scene's heading ("dawn", "office"): where and when it happens, said of every sentence."""


def _units(data: dict[str, Any], scene_number: int | None) -> list[_Unit]:
    """Return every sentence of the action and every speech, in screenplay order."""
    out: list[_Unit] = []
    scenes = [data["scenes"][scene_number - 1]] if scene_number else data["scenes"]
    for scene in scenes:
        setting = frozenset(_words_of(re.sub(r"^\W*(?:INT|EXT|I/E|INT\./EXT)\.?\s*", "", scene.get("heading") or "",
                                             flags=re.I), content=True))
        for block in re.split(r"\n\s*\n", scene["content"]):
            rows = [r.strip() for r in block.strip().splitlines() if r.strip()]
            if not rows or _TRANSITION.search(rows[0]):
                continue
            cue = _CUE.match(rows[0]) if len(rows) > 1 else None
            if cue is not None:
                spoken = " ".join(r for r in rows[1:] if not (r.startswith("(") and r.endswith(")")))
                pieces = [(cue.group("who").strip(), " ".join(rows[1:]))]
                asks = ["ask"] if "?" in spoken else []  # "when she asks who Ida is": "Who's Ida?"
            else:
                pieces, asks = [("", sentence) for sentence in _split(" ".join(rows))], []
            for who, shown in pieces:
                # A speech is also its speaker's: "how long has Ida been there?" is asked of her lines.
                stems = _words_of(f"{shown} {who}")  # "(holding up the key)" says what they do as they speak
                kin = [k for w in stems for k in _KIN.get(w, ())] + asks  # "lays it in her hand" gives it
                out.append(_Unit(scene["number"], who, shown, frozenset(stems + kin), len(out), setting))
    return out


def _split(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping "No. 4107", "Mr. Ruben" and a notice in capitals whole."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", text.strip()):
        shouting = out and ":" in out[-1] and piece.isupper() and out[-1].rsplit(":", 1)[1].isupper()
        if out and (_ABBREVIATION.search(out[-1]) or piece[:1].isdigit() or shouting):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


def _sentences(data: dict[str, Any], scene_number: int | None) -> Iterator[tuple[int, str, bool]]:
    """Yield (scene, sentence, spoken) for every sentence of the action and every speech ("WHO: words")."""
    for unit in _units(data, scene_number):
        yield unit.scene, f"{unit.who}: {unit.text}" if unit.who else unit.text, bool(unit.who)


def action_sentences(data: dict[str, Any], scene_number: int) -> list[str]:
    """Return the sentences of one scene's action (what the film shows), in order."""
    return [text for _, text, spoken in _sentences(data, scene_number) if not spoken]


_SAID_OTHERWISE = ((re.compile(r"\bleg(?:s|ged|ging)?\s+it\b", re.I), "runs"),
                   (re.compile(r"\b(?:turn|show|rock|roll|pitch)(?:s|ed|ing)?\s+up\s+with\b|"
                               r"\b(?:come|comes|came|coming|walk|walks|walked)\s+in\s+with\b|"
                               r"\barriv(?:e|es|ed|ing)\s+with\b", re.I), "brings"),
                   (re.compile(r"(?<!\bthe\s)(?<!\ba\s)\b(?:bolt(?:s|ed|ing)?|scarper(?:s|ed|ing)?|flee(?:s|ing)?|fled|"
                               r"dash(?:es|ed|ing)?\s+off|r[au]n(?:s|ning)?\s+off)\b", re.I), "runs"))
"""How a question may say what the screenplay says plainly: "legs it" runs, "turns up with" brings."""


def _plainly(question: str) -> str:
    """Say a question's idioms plainly, so its words are the screenplay's ("what does he turn up with": bring)."""
    for said, plain in _SAID_OTHERWISE:
        question = said.sub(plain, question)
    return question


def _as_written(wanted: list[str], units: list[_Unit]) -> list[str]:
    """Return a question's words as the screenplay has them: a kin verb, or a close spelling, for one it lacks.

    "what does he bring" finds "holding two cups" (both carry); "did she loose it" finds "I lost it". A word the
    screenplay uses, or nothing close to it, stays as asked (the answer then says what is missing).
    """
    known = {w for u in units for w in u.words | u.setting}
    out: list[str] = []
    for word in wanted:
        if any(_same(word, w) for w in known):
            out.append(word)
            continue
        kin = next((k for k in _KIN.get(word, ()) if k in known), None)
        cutoff = 0.85 if len(word) > 4 else 0.75  # "yeer": one letter of four wrong
        close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=cutoff) if len(word) >= 4 else []
        close = [c for c in close if c[0] == word[0] and len(c) >= 4]
        out.append(kin or (close[0] if close else word))
    return list(dict.fromkeys(out))


def _weights(wanted: list[str], units: list[_Unit], names: set[str]) -> dict[str, float]:
    """Weigh each asked word by how rare it is in the screenplay; a character's name counts for less."""
    weights: dict[str, float] = {}
    for word in wanted:
        # A word only the headings use ("dawn", "office") places the question; one the text uses is looked for there
        found = sum(1 for u in units if any(_same(word, w) for w in u.words)) or sum(
            1 for u in units if any(_same(word, w) for w in u.setting))
        rare = 1.0 + math.log(len(units) / found) if found else 0.0
        weights[word] = rare * (0.4 if word in names else 1.0)
    return weights


def _placing(wanted: list[str], units: list[_Unit]) -> frozenset[str]:
    """Return the asked words only the scene headings use ("at dawn", "in the office"): they say where to look."""
    return frozenset(word for word in wanted if not any(_same(word, w) for u in units for w in u.words)
                     and any(_same(word, w) for u in units for w in u.setting))


def _score(unit: _Unit, weights: dict[str, float], kinds: list[re.Pattern[str]], extra: list[str],
           placing: frozenset[str] = frozenset()) -> float:
    found = {word: weight for word, weight in weights.items() if any(_same(word, w) for w in unit.words)}
    found |= {word: _SETTING_SHARE * weight for word, weight in weights.items()
              if word not in found and word in placing and any(_same(word, w) for w in unit.setting)}
    # Any one length of time answers "how long": "forty-one years" is not more of an answer with "any day" in it.
    hits = sum(v for w, v in found.items() if w not in extra) + max((v for w, v in found.items() if w in extra),
                                                                      default=0.0)
    if not hits:
        return 0.0
    bonus = 0.5 * sum(1 for has in kinds if has.search(unit.text))  # "what number": a sentence with one
    return hits + bonus - (_SPOKEN_PENALTY if unit.who else 0.0)


def _asks_on_screen(unit: _Unit, units: list[_Unit]) -> _Unit | None:
    """Return the reply when a speech asks a question and the next speech, someone else's, answers it."""
    after = units[unit.order + 1] if unit.order + 1 < len(units) else None
    if unit.who and unit.text.rstrip().endswith("?") and after and after.who not in ("", unit.who) and (
            after.scene == unit.scene):
        return after
    return None


def _shown(unit: _Unit, units: list[_Unit], *, placed: bool = True) -> str:
    """Quote a unit; a question someone asks comes with the answer the next speaker gives.

    ``placed=False`` leaves out the "Scene N:" of an action line already placed by the quote before it.
    """
    if not unit.who:
        return f"Scene {unit.scene}: “{unit.text}”" if placed else f"“{unit.text}”"
    said = f"Scene {unit.scene}, {unit.who}: “{unit.text}”"
    reply = _asks_on_screen(unit, units)
    return said + (f" {reply.who} answers: “{reply.text}”" if reply else "")


_WHETHER = re.compile(r"^\W*(?:so\s+)?(?:(?:is|was)\s+it\s+(?P<ing>[a-z]+ing)|(?:does|do|did)\s+"
                      r"(?:anybody|anyone|somebody|someone|any\s+one|[a-z]+)\s+(?:ever\s+|actually\s+)?(?P<do>[a-z]+))\b",
                      re.I)
"""A question whether something happens at all ("is it snowing?", "does anyone sing?"): its verb must be written."""


def _of_the_shape(scored: list[tuple[float, _Unit]], kinds: list[re.Pattern[str]],
                  detail: str) -> tuple[list[tuple[float, _Unit]], bool]:
    """Keep the sentences that have what is asked for ("what colour": a colour); True when none has it."""
    # "the number the tag shows": only a sentence with a number in it can say, when one of them can
    shaped = [(s, u) for s, u in scored if all(k.search(u.text) for k in kinds)]
    if kinds and not shaped and any(k is _HAS_COLOUR for k in kinds):
        return scored, True  # a colour is never guessed from a sentence that gives none
    scored = shaped or scored
    if re.search(r"\b(?:number|code|no\.)\b", detail, re.I):  # "one at a time" is no number on a tag; "No. 4107" is
        scored = [(s, u) for s, u in scored if re.search(r"\d", u.text)] or scored
    return scored, False


def _never_done(detail: str, units: list[_Unit], scene_number: int | None) -> str | None:
    """Say so when a question whether something happens names a doing the text never has; else None."""
    whether = _WHETHER.match(detail)
    verb = (whether.group("ing") or whether.group("do")).lower() if whether else ""
    if not verb or any(_same(_stem(verb), w) for u in units for w in u.words):
        return None
    return _nothing(detail, f"scene {scene_number}" if scene_number else "the screenplay", [verb])


def _nothing(detail: str, where: str, missing: list[str]) -> str:
    asked = detail.strip(" ?.!")
    asked = asked[:1].lower() + asked[1:]
    if missing:  # "there's no dog": what is asked about is not in the film at all
        lacking = " or ".join(f"“{w}”" for w in missing)
        return f"{where[:1].upper() + where[1:]} never mentions {lacking}, so it doesn't say {asked}."
    return f"{where[:1].upper() + where[1:]} doesn't say {asked}."


_AROUND = re.compile(r"\bwhat\s+(?:happens|comes|is\s+said|do(?:es)?\s+(?:we|they)\s+see|"
                     r"(?:does|did)\s+(?:he|she|they|[a-z][\w'-]*)\s+do)\s+(?:(?:right|just|straight|"
                     r"immediately|directly)\s+)?(?P<side>after|before)\s+(?P<moment>\S.*?)[\s?.!]*$", re.I)
"""A question about the beat next to a moment: "what happens right after she locks the van?"."""


SAID_WHEN = re.compile(r"\bwhat\s+(?:does|did|do|will|would)\s+(?P<who>[a-z][\w'’-]*)\s+(?:(?:actually|really)\s+)?"
                       r"(?:say|reply|answer|shout|whisper|tell\s+(?:her|him|them|[a-z][\w'’-]*))\s+"
                       r"(?P<when>when|as|after|once|while|as\s+soon\s+as|the\s+moment)\s+(?P<moment>\S.*?)[\s?.!]*$",
                       re.I)
"""What someone says at a moment: "what does tomas say as he lifts the lamp down?"."""


def _best_moments(units: list[_Unit], weights: dict[str, float], placing: frozenset[str], *,
                  by_place: bool) -> list[int]:
    """Return where the units that best fit a described moment are, in order (more than one: a tie).

    The most of the moment's words first (a heading word counting half when ``by_place``), then the rarest.
    """
    scored = [((len(_hits(list(weights), u)) + (sum(0.5 for w in placing if w in u.setting) if by_place else 0),
                score), i) for i, u in enumerate(units) if (score := _score(u, weights, [], [], placing)) > 0]
    if not scored:
        return []
    top = max(key for key, _ in scored)
    return [i for key, i in scored if key[0] == top[0] and key[1] >= top[1] - 1e-9]


def _said_when(units: list[_Unit], names: set[str], detail: str) -> str | None:
    """Quote what a character says at (or just after) the moment a question names; None if not asked or unclear."""
    asked = SAID_WHEN.search(detail)
    who = _words_of(asked.group("who")) if asked else []
    if not who or who[0] not in names:
        return None
    moment = asked.group("moment") if asked else ""
    said = _as_written(list(dict.fromkeys(_words_of(moment, content=True))), units)
    first, last = re.search(r"\bfirst\b", moment, re.I), re.search(r"\blast\b", moment, re.I)
    said = [w for w in said if w not in ("first", "last")]
    found = _best_moments(units, _weights(said, units, names), _placing(said, units), by_place=False)
    if not found:
        return None
    if len(found) > 1 and not (first or last):
        return None  # two moments fit as well: quoting one would be a guess
    at = min(found) if not last else max(found)
    theirs = [u for u in units[at:] if u.scene == units[at].scene and u.who and who[0] in _words_of(u.who)]
    if not theirs:
        return None
    return _shown(theirs[0], units)


_ASKED_BY = re.compile(r"\bwhat\s+(?:does|did|do)\s+(?P<who>[a-z][\w'’-]*)\s+ask(?:\s+(?P<whom>[a-z][\w'’-]*))?"
                       r"[\s?.!]*$", re.I)
"""What someone asks (someone): "what does ida ask juno?" is answered by Ida's questions to her."""


def _asked_by(units: list[_Unit], names: set[str], detail: str) -> str | None:
    """Quote the questions a character asks (of the one named after, when one is), with the answers given."""
    asked = _ASKED_BY.search(detail)
    who = _words_of(asked.group("who")) if asked else []
    whom = _words_of(asked.group("whom") or "") if asked else []
    if not who or who[0] not in names or (whom and whom[0] not in names):
        return None
    scenes = {u.scene for u in units if whom and u.who and whom[0] in _words_of(u.who)} if whom else None
    theirs = [u for u in units if u.who and who[0] in _words_of(u.who) and "?" in u.text
              and (scenes is None or u.scene in scenes)]
    return "\n".join(_shown(u, units) for u in theirs[:4]) if theirs else None


_WHOSE = re.compile(r"^\W*(?:so\s+|and\s+)?(?:whose\s+(?:is|was|are|were)\s+(?P<t1>.+?)|who\s+(?:does|did)\s+"
                    r"(?P<t2>.+?)\s+belong\s+to|who\s+(?:owns|owned)\s+(?P<t3>.+?))[\s?.!]*$", re.I)
_OWNED = re.compile(r"\b(?:mine|my\s+own|belongs\s+to\s+me|belonged\s+to\s+me)\b", re.I)


def _whose(units: list[_Unit], detail: str) -> str | None:
    """Answer whose a thing is with the speech that claims it ("It's mine."), after the sentence that shows it."""
    asked = _WHOSE.search(detail)
    if asked is None:
        return None
    phrase = re.split(r"\b(?:on|at|in|under|by|with|from|that|which|when|now)\b|[,;]",
                      next(g for g in asked.groups() if g))[0]
    stems = _words_of(phrase, content=True)
    if not stems:
        return None
    thing = stems[-1]  # "the green umbrella": the umbrella
    for unit in units:
        if unit.who or not _hits([thing], unit):
            continue
        claim = next((u for u in units[unit.order + 1:] if u.scene == unit.scene and u.who and _OWNED.search(u.text)),
                     None)
        if claim is not None:
            return f"{claim.who.title()}'s, by the screenplay: {_shown(unit, [])}\n{_shown(claim, [])}"
    return None


def _next_to(units: list[_Unit], names: set[str], detail: str) -> str | None:
    """Quote what comes just after (or before) the moment a question names, in the same scene; None if not asked."""
    asked = _AROUND.search(detail)
    if asked is None:
        return None
    said = _as_written(list(dict.fromkeys(_words_of(asked.group("moment"), content=True))), units)
    weights = _weights(said, units, names)
    placing = _placing(said, units)  # "off the bridge": the bridge scene's moment, not another with the same verb
    lacking = [w for w in said if not weights[w] and w not in names and w not in _AFTER_A_VERB]
    if lacking:  # "what happens after he sinks the lamp off the jetty?" when nobody sinks anything: no such moment
        return _nothing(asked.group("moment"), "the screenplay", lacking)
    found = _best_moments(units, weights, placing, by_place=True)
    if not found:
        return None  # the moment is nowhere: the usual answer says what is missing
    if len(found) > 1:
        return None  # two moments fit as well: quoting one would be a guess
    at = found[0]
    near = at + 1 if asked.group("side").lower() == "after" else at - 1
    moment = _shown(units[at], [])  # the moment itself, without the reply a question on screen would bring
    if not 0 <= near < len(units) or units[near].scene != units[at].scene:
        edge = "ends" if near > at else "opens"
        return f"{moment}\nThe scene {edge} there."
    after = [units[near]]
    further = near + 1 if near > at else near - 1
    if len(units[near].text.split()) < 6 and 0 <= further < len(units) and units[further].scene == units[at].scene:
        # "Then at the girl." says too little on its own: what follows it too ("She stares at it.": what before it)
        after = [units[near], units[further]] if near > at else [units[further], units[near]]
    shown = " ".join([_shown(after[0], units), *(_shown(u, units, placed=False) for u in after[1:])])
    return f"{moment}\n{asked.group('side').capitalize()} that: {shown}"


SETTING_ASKED = re.compile(r"\b(?:what|which)\s+(?P<what>year|decade|era|period|century|city|town|country|place|"
                            r"village|part\s+of\s+(?:the\s+)?(?:world|country)|season|month)\b[^?]*\b(?:set|takes?\s+place|"
                            r"happen\w*)\b|\bwhen\s+is\s+(?:it|this|the\s+(?:film|story|movie|script))\s+set\b|"
                            r"\bwhere\s+is\s+(?:it|this|the\s+(?:film|story|movie|script))\s+set\b", re.I)
"""A question about when or where the whole story is set, not about one scene."""
_YEAR_SAID = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|"
                        r"\b(?:nineteen|twenty)[- ](?:[a-z]+[- ])?[a-z]+(?:ty|teen)(?:[- ][a-z]+)?\b", re.I)


def _setting(data: dict[str, Any], units: list[_Unit], detail: str) -> str | None:
    """Answer when or where the story is set: what the text says of it, or that it never says (with its places)."""
    asked = SETTING_ASKED.search(detail)
    if asked is None:
        return None
    what = (asked.group("what") or "").lower()
    places = ", ".join(str(p.get("name", "")) for p in data.get("locations", []) if p.get("name"))
    if what in ("year", "decade", "era", "period", "century") or (not what and detail.lower().startswith("when")):
        years = [u for u in units if _YEAR_SAID.search(u.text)]
        if years:
            return ("The screenplay never says when the story is set. The only year it names: "
                    + " | ".join(_shown(u, units) for u in years[:2]))
        return "The screenplay never says when the story is set: no year or period is named."
    times = sorted({t for s in data["scenes"] if (t := time_of_day(s.get("heading") or ""))})
    if what in ("season", "month"):
        return (f"The screenplay never names the {what}; its scenes are set at {', '.join(t.lower() for t in times)}."
                if times else f"The screenplay never names the {what}.")
    kind = what if what and not what.startswith("part") else "place"
    return (f"The screenplay never names the {kind} it is set in; its places are {places}." if places
            else f"The screenplay never names the {kind} it is set in.")


def written(data: dict[str, Any], detail: str, scene_number: int | None = None) -> str:
    """Quote the sentence(s) or speech(es) of the screenplay that best answer a question about what is written."""
    units = _units(data, scene_number)  # read once: every way of answering below looks at the same sentences
    detail = _plainly(detail)
    names = {w for c in data.get("characters", []) for w in _words_of(c["name"])}
    readers = (lambda: _setting(data, units, detail),  # "what year is it set in?": said, or said not to be
               lambda: _never_done(detail, units, scene_number),  # "does anyone sing?": nobody does
               lambda: _whose(units, detail), lambda: _said_when(units, names, detail),
               lambda: _asked_by(units, names, detail), lambda: _next_to(units, names, detail),
               lambda: _at_the_edge(units, detail), lambda: _wanted(data, units, detail),
               lambda: _worn(data, units, detail, scene_number))
    told = next((said for read in readers if (said := read()) is not None), None)
    if told is not None:
        return told
    latest, earliest = _LATEST.search(detail), _EARLIEST.search(detail)
    asked = re.sub(r"\bhow\s+(?:long|old|many|much)\b", " ", _EARLIEST.sub(" ", _LATEST.sub(" ", detail)), flags=re.I)
    for place in data.get("locations", []):  # "running the net loft": a place's name, no word lost
        name = str(place.get("name", ""))
        unplaced = re.sub(rf"\b{re.escape(name)}\b", " ", asked, flags=re.I) if len(name.split()) > 1 else asked
        asked = unplaced if _words_of(unplaced, content=True) else asked
    wanted = _as_written(list(dict.fromkeys(_words_of(asked, content=True))), units)
    extra = [w for w in _DURATIONS if w not in wanted] if _HOW_LONG.search(detail) else []
    if not wanted:
        return "Error: say what to look for in the screenplay (e.g. 'the time on the clock')."
    age = _age(data, detail) if _AGE.search(detail) else None
    if age:  # "how old is she?": the age her introduction gives
        return age
    clocked = [u for u in units if _CLOCK.search(u.text)] if _WHAT_TIME.search(detail) else []
    if clocked:  # "what time is it on the bus?": a clock time written in the scene says so, whatever its words
        return "\n".join(_shown(u, units) for u in _nearest(clocked, _weights(wanted, units, names),
                                                             _placing(wanted, units))[:3])
    held = _contents(asked, units)
    if held:  # "what's in the crate?": the list written after the sentence that brings it in
        return "\n".join(_shown(u, units) for u in held)
    kinds = [has for asks, has in ((_NUMBERS, _HAS_NUMBER), (_COLOURS, _HAS_COLOUR), (_WHEN_DONE, _HAS_TIME))
             if asks.search(detail)]
    weights = _weights(wanted + extra, units, names)
    for word in wanted + extra:  # "what year": a sentence with a number answers it more than one with the word "year"
        weights[word] *= 0.5 if kinds and _KIND_WORDS.match(word) else 1.0
    where = f"scene {scene_number}" if scene_number else "the screenplay"
    placing = _placing(wanted, units)  # "at dawn" says where to look; what is asked is the rest
    shape = {w for w in wanted if kinds and _KIND_WORDS.match(w)}  # "what number": the answer's shape, not a thing
    things = [w for w in wanted if w not in names and w not in placing and w not in shape] or [
        w for w in wanted if w not in names]
    missing = [w for w in things if not weights[w]]
    raw = {_stem(w): w for w in re.findall(r"[a-z0-9']+", asked.lower())}
    missing = [raw.get(w, w) for w in missing]
    timed = [w for w in extra if weights[w]]
    if len(missing) * 2 > len(things) + bool(timed) or not (things or timed) or (
            missing and len(missing) == len(things)):  # most of what is asked is nowhere (or all but a length of time)
        lasted = _lasted(units, asked, names, timed)
        if lasted:  # "how long has she run the shop?" said of her, in other words ("forty years behind this till")
            return f"{_nothing(detail, where, missing)} The nearest it comes:\n" + "\n".join(
                _shown(u, units) for u in lasted)
        return _nothing(detail, where, missing)
    things += timed
    scored = [(s, u) for u in units if (s := _score(u, weights, kinds, extra, placing)) > 0 and _hits(things, u)]
    if not scored or _thing_asked_nowhere(asked, names, weights):  # "what's the song he hums?" with no song
        return _nothing(detail, where, missing)
    # "who brings the tea at dawn": only the dawn scenes are looked in, when the thing is written in one of them
    scored = [(s, u) for s, u in scored if all(any(_same(p, w) for w in u.setting) for p in placing)] or scored
    scored, shapeless = _of_the_shape(scored, kinds, detail)
    if shapeless:  # "what colour is her coat?" where no sentence about it gives one: not said, and the nearest
        nearest = sorted(scored, key=lambda su: -su[0])[:2]
        shown = "\n".join(_shown(u, units) for _, u in nearest)
        return f"{_nothing(detail, where, [])} The nearest it comes:\n{shown}"
    verb, head = _asked_verb(asked, names), _head(asked, names)
    scored = _saying_which(asked, head, weights, scored)
    if latest or earliest:  # "in the end": the last scene whose action mentions the thing (else any line does)
        others = [t for t in things if t != head]  # "who gives her the key back": the giving, of the key
        doing = [u for _, u in scored if head and weights.get(head) and _hits([head], u) and _hits(others, u)]
        pool = [u for u in doing if not u.who] or doing or [u for _, u in scored if not u.who] or [u for _, u in scored]
        scene = max(u.scene for u in pool) if latest else min(u.scene for u in pool)
        scored = [(s, u) for s, u in scored if u.scene == scene]
    if verb in weights:  # "what does the key open?": "it opens the shed" says so, "her open hand" does not
        scored = [(s + 0.5 * weights[verb] * _acts(verb, u.text), u) for s, u in scored]
    if head in weights:  # "the coat she leaves behind" is about the coat more than about leaving (and its colour)
        scored = [(s + 0.5 * weights[head] * (bool(_hits([head], u)) and all(k.search(u.text) for k in kinds)), u)
                  for s, u in scored]
    top = max(s for s, _ in scored)
    best = [u for s, u in scored if s >= top - 1e-9][:3]
    # A question asked on screen about the same thing sets up its answer ("And what is in the shed?").
    shared = set(_hits(things, best[0]))
    best += [u for s, u in scored if s >= top / 4 and u not in best and _asks_on_screen(u, units)
             and shared & set(_hits(things, u))][:1]
    best += _reasons(detail, best, units, names, weights)[:1]
    best += _found_next(verb, best, units) + _found_where(detail, best, units)
    best += _writing_after(detail, best, units)
    best.sort(key=lambda u: u.order)
    return "\n".join(_shown(u, units) for u in dict.fromkeys(best))


_FOUND_WHERE = re.compile(r"^\W*(?:so\s+|and\s+)?where\s+(?:does|did|do)\s+.*?\b(?:find|finds|discover|discovers|spot|"
                          r"spots|turn\s+up|turns\s+up|dig\s+up|digs\s+up|come\s+across|comes\s+across)\b", re.I)
_A_PLACE_SAID = re.compile(r"\b(?:in|on|under|inside|behind|beneath|at|from|into|by)\s+"
                           r"(?:the|a|an|her|his|their|its)\b", re.I)


def _found_where(detail: str, best: list[_Unit], units: list[_Unit]) -> list[_Unit]:
    """Return where a thing is found, when the sentence that shows it does not say ("A crumpled bus ticket.").

    "where does she find the ticket?": the sentences just before, in the same scene, say where she looks.
    """
    if len(best) != 1 or best[0].who or not _FOUND_WHERE.match(detail) or _A_PLACE_SAID.search(best[0].text):
        return []
    before: list[_Unit] = []
    for unit in reversed(units[max(0, best[0].order - 3):best[0].order]):
        if unit.scene != best[0].scene or unit.who:
            break
        before.insert(0, unit)
        if re.search(r"\b(?:pocket|bag|drawer|box|under|behind|inside)\b", unit.text, re.I) or len(
                unit.text.split()) >= 4:
            break  # "The other pocket." says where; "Empty." says too little
    return before


_THE_THING_ASKED = re.compile(r"^\W*(?:so\s+|and\s+)?(?:what(?:'s|’s|\s+is|\s+was)\s+the|which|what)\s+([a-z]+)\b",
                              re.I)


def _thing_asked_nowhere(asked: str, names: set[str], weights: dict[str, float]) -> bool:
    """Tell whether the thing a "what's the X …?" question asks for is nowhere in the screenplay."""
    said = _THE_THING_ASKED.match(asked)
    stems = _words_of(said.group(1), content=True) if said else []
    return bool(stems) and stems[0] not in names and not _KIND_WORDS.match(stems[0]) and not weights.get(stems[0], 1.0)


def _saying_which(asked: str, head: str | None, weights: dict[str, float],
                  scored: list[tuple[float, _Unit]]) -> list[tuple[float, _Unit]]:
    """Keep the sentences that name the thing a "which X" question asks for ("which route?": a route), if any do."""
    if head is None or head not in weights or not _WHICH_THING.match(asked):
        return scored
    return [(s, u) for s, u in scored if _hits([head], u)] or scored


def _found_next(verb: str | None, best: list[_Unit], units: list[_Unit]) -> list[_Unit]:
    """Return what follows the one sentence found when the asked verb is nowhere in the screenplay.

    "he opens the tackle box — what does he fish from it?": the screenplay has the opening; what it finds comes next.
    """
    if not verb or any(_same(verb, w) for u in units for w in u.words) or len(best) != 1 or best[0].who:
        return []
    found: list[_Unit] = []
    for unit in units[best[0].order + 1:best[0].order + 5]:
        if unit.scene != best[0].scene or unit.who:
            break
        found.append(unit)
        if len(unit.text.split()) >= 4:
            break  # "Empty. The other pocket." say too little: on to what is found
    return found


_WRITES = re.compile(r"\b(?:printed|written|painted|scrawled|stamped|engraved|typed|"
                     r"what\s+(?:does|did)\s+(?:it|that)\s+(?:say|read)|what\s+(?:it|that)\s+(?:says|reads))\b", re.I)
_HAS_WRITING = re.compile(r":\s*[A-Z0-9][A-Z0-9 .,'’-]{2,}|[\"“][^\"”]{2,}[\"”]|\bNo\.\s*\d")
"""Words written on a thing, as a screenplay gives them: "A crumpled bus ticket: ROUTE 9.", a sign in quotes."""


def _writing_after(detail: str, best: list[_Unit], units: list[_Unit]) -> list[_Unit]:
    """Return the writing a question about what is printed on a thing asks for, when the best answer leads up to it.

    "she pulls something from her pocket, what's printed on it?" finds the pocket; what is printed is written in the
    next sentence or two of the same scene ("A crumpled bus ticket: ROUTE 9.").
    """
    if not best or not _WRITES.search(detail) or any(_HAS_WRITING.search(u.text) for u in best):
        return []
    last = max(u.order for u in best)
    after = [u for u in units[last + 1:last + 4] if u.scene == units[last].scene and not u.who]
    return next(([u] for u in after if _HAS_WRITING.search(u.text)), [])


_WHY = re.compile(r"^\W*(?:(?:so|and|but|ok|okay)[,]?\s+)*(?:why\b|how\s+come\b)|\bwhat\s+(?:makes|made)\b.*"
                  r"\b(?:matter|important|special)\b|\bwhy\s+(?:does|did|is|was|do|would)\b", re.I)
_BECAUSE = re.compile(r"\b(?:because|cos|'cause|so\s+that)\b|\bthat's\s+why\b", re.I)


def _reasons(detail: str, best: list[_Unit], units: list[_Unit], names: set[str],
             weights: dict[str, float]) -> list[_Unit]:
    """Return the reason given in the scene of the best answer to a why-question ("Because it's the last thing ...").

    The person the question names gives it first; a reason in another scene is not this one's.
    """
    replies = [_asks_on_screen(u, units) for u in best]
    if not _WHY.search(detail) or any(_BECAUSE.search(u.text) for u in [*best, *filter(None, replies)]):
        return []  # the answer already gives its reason
    scenes = {u.scene for u in best}
    asked = {n for n in names if any(_same(n, w) for w in _words_of(detail))}
    given = [u for u in units if u.scene in scenes and _BECAUSE.search(u.text) and u not in best]
    if given:
        return sorted(given, key=lambda u: (not (u.who and asked & set(_words_of(u.who))), u.order))
    # Said in another scene: a reason the asked person gives, where what is asked about is talked of
    things = [w for w in weights if w not in names and weights[w]]
    scored = []
    for i, unit in enumerate(units):
        if unit in best or not _BECAUSE.search(unit.text):
            continue
        window = units[max(0, i - 3):i + 1]  # the question it answers, and what is going on
        talked = {w for u in window if u.scene == unit.scene for w in _hits(things, u)}
        theirs = bool(unit.who and asked & set(_words_of(unit.who)))
        if talked and (theirs or not asked):
            scored.append((sum(weights[w] for w in talked) + theirs, -unit.order, unit))
    return [max(scored, key=lambda t: (t[0], t[1]))[2]] if scored else []


_EDGE = re.compile(r"\b(?P<which>last|final|closing|first|opening)\s+(?:thing|image|picture|moment|words?|line)\s+"
                   r"(?:(?:that\s+)?(?:we|you|they|the\s+audience|anyone|people)\s+)?(?:(?:get\s+to|will|would)\s+)?"
                   r"(?P<sense>see|sees|seen|hear|hears|heard|says?|said|spoken)\b", re.I)
"""The first or last thing the film (or a scene) shows or says: "what's the very last thing we see?"."""


def _at_the_edge(units: list[_Unit], detail: str) -> str | None:
    """Quote the first or last sentence of the action (or speech, for what is heard) of the film or of one scene."""
    asked = _EDGE.search(detail)
    if asked is None:
        return None
    spoken = asked.group("sense").lower().startswith(("hear", "say", "said", "spoken"))
    told = [u for u in units if bool(u.who) == spoken]
    if not told:
        return None
    unit = told[-1] if asked.group("which").lower() in ("last", "final", "closing") else told[0]
    return _shown(unit, [])


_WANTS = re.compile(r"\bwhat\s+(?:does|did|do)\s+(?P<who>[a-z]+)\s+(?:really\s+|actually\s+)?(?:want|need|"
                    r"look(?:ing)?\s+for|come\s+for|hope\s+for|after)\b|\bwhat(?:'s|’s|\s+is)\s+(?P<whose>[a-z]+)"
                    r"(?:'s|’s|s)\s+(?:goal|want|need|motivation|objective)\b", re.I)
_ASKS_FOR = re.compile(r"(?:^|[.!?]\s+)(?:did|have|has|can|could|will|would)\s+(?:you|i|anyone|somebody|someone)\b"
                       r"[^.!?]*\?|\b(?:i\s+(?:want|need|have\s+to|must)|i'm\s+looking\s+for|give\s+me)\b", re.I)
"""A speech that asks for something ("Did you find a key?", "I need the van"), not for a fact ("why keep them?")."""


def _wanted(data: dict[str, Any], units: list[_Unit], detail: str) -> str | None:
    """Answer what a character wants with the first thing they ask for in their own words (or None)."""
    asked = _WANTS.search(detail)
    who = (asked.group("who") or asked.group("whose")).lower() if asked else ""
    named = [c["name"] for c in data.get("characters", []) if who and c["name"].lower().split()[0] == who]
    if not named:
        return None
    theirs = [u for u in units if u.who.upper() == named[0].upper()]
    first = next((u for u in theirs if _ASKS_FOR.search(re.sub(r"\([^)]*\)", "", u.text))), None)
    return f"What {named[0]} first asks for: {_shown(first, [])}" if first else None


_WEARS = re.compile(r"\bwear(?:s|ing)?\b|\bdressed\b|\bhave\s+on\b|\bclothes\b|\boutfit\b|"
                    r"\b(?:got|have|has)\s+on\b(?!\s+(?:the|a|an|to|with|board|well|top)\b)", re.I)


def _worn(data: dict[str, Any], units: list[_Unit], detail: str, scene_number: int | None) -> str | None:
    """Answer what a character wears: their costume, else what the screenplay puts on them (None if nothing)."""
    if not _WEARS.search(detail):
        return None
    named = [c["name"] for c in data.get("characters", [])
             if re.search(rf"\b{re.escape(c['name'].split()[0])}(?:['’]?s)?\b", detail, re.I)]
    if len(named) != 1:
        return None
    name = named[0]
    worn = [c for c in data.get("costumes", []) if c.get("character") == name and (
        not scene_number or not c.get("scenes") or scene_number in c["scenes"])]
    if worn:
        return "; ".join(f"{name}'s costume: {c['description']}" for c in worn)
    said = []
    others = [c["name"].split()[0] for c in data.get("characters", []) if c["name"] != name]
    for unit in units:
        if unit.who:
            continue  # what someone has on is shown in the action, not said in a speech
        intro = re.search(rf"\b{re.escape(name)}\s*\(([^)]*)\)", unit.text, re.I)
        alone = re.search(rf"\b{re.escape(name.split()[0])}\b", unit.text, re.I) and not any(
            re.search(rf"\b{re.escape(o)}\b", unit.text, re.I) for o in others)  # said of them, nobody else
        if (intro and GARMENT.search(intro.group(1))) or (alone and GARMENT.search(unit.text)):
            said.append(f"Scene {unit.scene}: “{unit.text}”")
    if not said:
        return None
    return f"{name} has no costume yet; the screenplay says:\n" + "\n".join(said[:3])


def _nearest(found: list[_Unit], weights: dict[str, float], placing: frozenset[str]) -> list[_Unit]:
    """Keep those of several answers that the question's other words place ("on the ferry": the ferry scene's)."""
    scored = [(_score(u, weights, [], [], placing), u) for u in found]
    top = max(score for score, _ in scored)
    return [u for score, u in scored if score >= top - 1e-9] if top > 0 else found


def _lasted(units: list[_Unit], asked: str, names: set[str], timed: list[str]) -> list[_Unit]:
    """Return what gives a length of time in the scenes of the one character a how-long question names.

    Their own speech comes first, then one said to them ("you"), then the action that names them.
    """
    who = [n for n in names if any(_same(n, w) for w in _words_of(asked))]
    if len(who) != 1 or not timed:
        return []
    theirs = {u.scene for u in units if who[0] in u.words}
    said = [u for u in units if u.scene in theirs and _hits(timed, u) and _HAS_NUMBER.search(u.text)]

    def rank(unit: _Unit) -> int:
        own = bool(unit.who) and who[0] in _words_of(unit.who)
        to_them = bool(unit.who) and re.search(r"\byou(?:'ve|’ve|'re|’re)?\b", unit.text, re.I) is not None
        return 0 if own else 1 if to_them else 2 if who[0] in unit.words else 3
    return sorted(said, key=lambda u: (rank(u), u.order))[:2]


_HEAD = re.compile(r"\b(?:kind|sort|type|colou?r|shape|size|brand|make)\s+of\s+([a-z]+)|"
                   r"\b(?:the|a|an|his|her|their|its|that|this|"
                   r"(?!(?:what|who|where|when|how|that|it|there|here|he|she)['’])[a-z]+(?:'s|’s))\s+(?:(?:the|a|an)\s+)?"
                   r"([a-z]+)\b(?!['’])", re.I)  # "juno's mum's shed": the shed, the last in the chain


_WHICH_THING = re.compile(r"^\W*(?:so\s+|and\s+)?(?:which|what)\s+([a-z]+)\s+(?:does|did|do|is|was|are|were|has|had|"
                          r"will|would|can|could)\b", re.I)
"""The thing a "which X does …" question asks for ("which route does he drive?")."""
_WHO_DOES = re.compile(r"^\W*(?:so\s+|and\s+)?who(?:'s|’s|\s+is|\s+was)?\s+([a-z]+)\b", re.I)


def _head(asked: str, names: set[str]) -> str | None:
    """Return the thing a question is about: the first noun it names ("what colour's the coat she leaves behind").

    Who does something asks about the doing: "who's steering the ferry?" is answered by whoever steers.
    """
    doing = _WHO_DOES.match(asked)
    stems = _words_of(doing.group(1), content=True) if doing else []
    if stems and stems[0] not in names:
        return stems[0]
    which = _WHICH_THING.match(asked)
    stems = _words_of(which.group(1), content=True) if which else []
    if stems and stems[0] not in names and not _KIND_WORDS.match(stems[0]):
        return stems[0]  # "which route does he drive?": the route
    where = re.match(r"\W*(?:so\s+|and\s+)?where\b", asked, re.I) is not None
    for match in _HEAD.finditer(asked):
        if where and re.search(r"\b(?:on|in|at|by|from|under|into|onto|inside|near)\s+$", asked[:match.start()], re.I):
            continue  # "where was he standing on the ferry?": the ferry says where to look, the sitting is asked
        word = (match.group(1) or match.group(2)).lower()
        stems = _words_of(word, content=True)
        if stems and stems[0] not in names and not _KIND_WORDS.match(stems[0]):
            return stems[0]
    return None


def _hits(things: list[str], unit: _Unit) -> list[str]:
    return [w for w in unit.words if any(_same(t, w) for t in things)]


_CONTAINER = re.compile(r"^\W*(?:so\s+|and\s+)?what(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)\s+"
                        r"(?:(?:actually|really|exactly|even)\s+)?(?:(?:kept|stored|packed|"
                        r"hidden|left)\s+)?(?:in|inside)\s+(?P<box>.+)$|"
                        r"\bwhat\s+(?:does|did|do)\s+(?P<box2>.+?)\s+(?:contain|hold|have\s+in(?:side)?\s+(?:it|them))\b",
                        re.I)
_LISTING = re.compile(r":\s*[^:]*,|,[^,]+,")
"""A sentence that lists things: "out come: a torch, a map and a flask"."""
_CLOSE_BY = 3
"""How many sentences or speeches after one that names a container its contents may come."""


def _contents(asked: str, units: list[_Unit]) -> list[_Unit]:
    """Return what a container holds: the first list in the action at, or just after, a sentence that names it."""
    box = _CONTAINER.search(asked)
    said = (box.group("box") or box.group("box2")).lower() if box else ""
    phrase = re.split(r"\b(?:on|at|in|under|by|with|from|that|which|when|now|according)\b|[,;]", said)[0]
    speakers = {u.who.lower() for u in units if u.who}
    if speakers:  # "the crate ruben brings": the crate, what is said of it after the name is no part of it
        before = re.split(rf"\b(?:{'|'.join(re.escape(s) for s in sorted(speakers))})\b", phrase)[0]
        phrase = before if _words_of(before, content=True) else phrase  # "ruben's crate": his, still the crate
    stems = _words_of(phrase, content=True)
    if not stems:
        return []
    held = stems[-1]  # "the old biscuit tin": the tin
    for unit in units:
        if not _hits([held], unit):
            continue
        after = [u for u in units[unit.order:unit.order + _CLOSE_BY + 1] if u.scene == unit.scene]
        listed = next((u for u in after if not u.who and _LISTING.search(re.sub(r"\([^)]*\)", "", u.text))), None)
        if listed is not None:
            named = [u for u in after if u.order <= listed.order and _hits([held], u)]
            return list(dict.fromkeys([named[-1], listed]))
    return []


_ADVERBS = frozenset("actually really exactly even ever still just usually always never again also".split())
_AFTER_A_VERB = frozenset("the a an in on at to into onto with for from of by about under over behind inside out up "
                          "down off away back it him her them me us you".split())


def _asked_verb(asked: str, names: set[str]) -> str | None:
    """Return the stem of the verb a do-question asks about ("what does the brass key open?": open)."""
    asks = re.search(r"\b(?:does|did|do)\s+(.+)$", asked, re.I)
    words = re.findall(r"[a-z'’]+", asks.group(1).lower()) if asks else []
    for i, word in enumerate(words[1:], start=1):  # the first word is, or begins, who or what does it
        following = words[i + 1] if i + 1 < len(words) else None
        if word in _ADVERBS:
            continue
        if following is None or following in _AFTER_A_VERB or following in names:
            stems = _words_of(word, content=True)
            return stems[0] if stems else None
    return None


def _acts(stem: str, text: str) -> bool:
    """Tell whether a text uses a verb as a verb that does something ("it opens", "she opened"), not "an open hand"."""
    pasts = [past for past, base in _IRREGULAR.items() if _stem(base) == stem]
    dropped = [rf"{re.escape(stem[:-1])}ing"] if stem.endswith("e") else []  # "drive": "driving"
    done = "|".join([rf"{re.escape(stem)}(?:s|es|ed|d|ing)", *dropped, *map(re.escape, pasts)])
    return re.search(rf"\b(?:{done})\b", text.lower()) is not None


_AGE = re.compile(r"\bhow\s+old\b|\bwhat\s+age\b|\bage\s+(?:of|is|was)\b|\b(?:his|her|their)\s+age\b|"
                  r"\b[a-z]+(?:'s|’s|s)\s+age\b|^\W*what(?:'s|’s|\s+is)\s+\w+\s+age\W*$", re.I)
"""How old someone is; "what's Nadias age" has lost its apostrophe (or the name was respelt without it)."""
_AN_AGE = re.compile(r"\d|\b(?:teen\w*|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|"
                     r"elderly|infant|baby|toddler)\b", re.I)


def _age(data: dict[str, Any], detail: str) -> str | None:
    """Answer how old a character named in the question is, from their introduction ("NADIA (34, ...)")."""
    for character in data.get("characters", []):
        name = character["name"]
        if not re.search(rf"\b{re.escape(name.split()[0])}(?:['’]?s)?\b", detail, re.I):
            continue
        owned = re.search(rf"\b{re.escape(name.split()[0])}['’]?s\s+((?:[a-z-]+\s+){{0,2}}?[a-z-]+)\b", detail, re.I)
        if owned and names_a_person(owned.group(1)):
            continue  # "how old is ruben's daughter?": hers, not his (the film may never mention her)
        for number, sentence, spoken in _sentences(data, None):
            intro = re.search(rf"\b{re.escape(name)}\s*\(([^)]*)\)", sentence) if not spoken else None
            age = intro.group(1).split(",")[0].strip() if intro else ""
            if _AN_AGE.search(age):
                return f"{_aged(name, age)} (introduced in scene {number}: “{sentence}”)."
        described = re.search(r"\b\d{1,3}s?\b(?:[- ]years?[- ]old)?|\b(?:early|mid|late)[- ]\w+ties\b",
                              character.get("description") or "")
        if described:
            return f"{_aged(name, described.group(0))} (from the character's description)."
    return None


def _aged(name: str, age: str) -> str:
    if re.fullmatch(r"\d{1,3}", age):
        return f"{name} is {age}"
    if re.fullmatch(r"\d0s|(?:early|mid|late)[- ]\w+ties", age):
        return f"{name} is in their {age}"
    return f"{name}'s introduction gives the age as {age}"
