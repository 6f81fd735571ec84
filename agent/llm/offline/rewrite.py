"""Rewrite a Fountain scene body in a tone, deterministically, keeping cues and dialogue structure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.lexicon import ToneFamily, load_families
from agent.llm.offline.names import seed
from agent.llm.offline.stage import StageDirection
from agent.resolver.terms import STOP, lower_words, stem

__all__ = ["DRAFT_NOTE_PREFIX", "draft_note", "location_of", "mentions", "rewrite_scene_body", "scene_characters",
           "scene_with_words", "scene_without", "scene_without_character", "scene_without_moment", "strip_draft_notes"]

DRAFT_NOTE_PREFIX = "[[draft: offline director"
_HEADING = re.compile(r"^(?:\.(?!\.)|(?:INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[.\s])", re.IGNORECASE)
_CUE = re.compile(r"^@?[A-Z][A-Z0-9 .'\-]*[A-Z0-9.](?:\s*\([^)]*\))?\s*\^?$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def draft_note(tones: Sequence[str] = ()) -> str:
    """Return nothing: drafts carry no marker inside saved text (the UI labels draft mode instead).

    Older projects may still hold ``[[draft: ...]]`` notes; ``strip_draft_notes`` removes them on rewrite.
    """
    return ""


def strip_draft_notes(text: str) -> str:
    """Remove earlier draft notes so repeated rewrites do not pile them up."""
    lines = [line for line in text.splitlines() if not line.strip().startswith(DRAFT_NOTE_PREFIX)]
    return "\n".join(lines).strip("\n")


def _is_cue(line: str) -> bool:
    stripped = line.strip()
    return bool(_CUE.match(stripped)) and not _HEADING.match(stripped) and not stripped.endswith("TO:")


def _blocks(body: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    for raw in re.split(r"\n\s*\n", body.strip("\n")):
        lines = [line.rstrip() for line in raw.splitlines() if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def _kind(block: list[str]) -> str:
    first = block[0].strip()
    if _HEADING.match(first):
        return "heading"
    if first.endswith("TO:") and first.upper() == first or first.startswith(">") or re.fullmatch(
            r"(?:FADE (?:OUT|TO BLACK)|CUT TO BLACK|SMASH CUT|THE END|END)\.?", first):
        return "transition"
    if first.startswith("[[") or first.startswith("/*"):
        return "note"
    if len(block) > 1 and _is_cue(first):
        return "dialogue"
    return "action"


def scene_characters(body: str) -> list[str]:
    """Return the character cues of a scene body, in order of first line."""
    names: list[str] = []
    for block in _blocks(body):
        if _kind(block) == "dialogue":
            name = re.sub(r"\s*\(.*\)\s*\^?$", "", block[0].strip().lstrip("@")).strip()
            if name and name not in names:
                names.append(name)
    return names


def _swap_words(text: str, swaps: dict[str, str]) -> str:
    if not swaps:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(swaps, key=len, reverse=True)) + r")\b"
                         r"(?!\s+of\b)", re.IGNORECASE)  # "what kind of knot" is no kindness to turn cold

    def repl(match: re.Match[str]) -> str:
        word, new = match.group(0), swaps[match.group(0).lower()]
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return pattern.sub(repl, text)


def _half_sentences(text: str) -> str:
    sentences = _SENTENCE.split(text.strip())
    return " ".join(sentences[: max(1, len(sentences) // 2)])


def _fill(template: str, *, character: str | None, location: str | None, prop: str | None) -> str | None:
    values = {"character": character, "location": location, "prop": prop}
    for key, value in values.items():
        if "{" + key + "}" in template and not value:
            return None
    line = template.format(**{k: v or "" for k, v in values.items()})
    return line[0].upper() + line[1:]


def _tone_lines(family: ToneFamily, key: str, count: int, *, characters: Sequence[str],
                location: str | None, props: Sequence[str]) -> list[str]:
    lines: list[str] = []
    if not family.lines:
        return lines
    base = seed(f"{key}|{family.name}")
    for i in range(len(family.lines)):
        template = family.lines[(base + i) % len(family.lines)]
        character = characters[(base + i) % len(characters)].title() if characters else None
        prop = props[(base + i) % len(props)].lower() if props else None
        line = _fill(template, character=character, location=location.lower() if location else None, prop=prop)
        if line and line not in lines:
            lines.append(line)
        if len(lines) == count:
            break
    return lines


def location_of(heading: str) -> str | None:
    """Return the place a scene heading names ("EXT. RIVER BRIDGE - DAWN" -> "RIVER BRIDGE"), else None."""
    match = re.match(r"^\.?(?:INT\./EXT|INT/EXT|I/E|INT|EXT|EST)?\.?\s*(.+?)(?:\s+-\s+.*)?$", heading.strip(), re.I)
    return match.group(1).strip() if match and match.group(1).strip() else None


def _transform(blocks: list[list[str]], family: ToneFamily, *, shorten: bool) -> list[list[str]]:
    out: list[list[str]] = []
    for block in blocks:
        kind = _kind(block)
        if kind == "action":
            text = _swap_words(" ".join(block), family.swaps) if family.swaps else " ".join(block)
            out.append([_half_sentences(text)] if shorten else ([text] if family.swaps else block))
        elif kind == "dialogue":
            lines = [block[0]]
            for line in block[1:]:
                if line.strip().startswith("("):
                    lines.append(family.parenthetical or line)
                else:
                    swapped = _swap_words(line, family.swaps)
                    lines.append(_half_sentences(swapped) if shorten else swapped)
            out.append(lines)
        else:
            out.append(block)
    return out


def rewrite_scene_body(
    body: str,
    tones: Sequence[str],
    *,
    heading: str = "",
    props: Sequence[str] = (),
    extra_characters: Sequence[str] = (),
    action: StageDirection | None = None,
) -> str:
    """Rewrite a scene body toward the given tone families; the result always differs and still parses.

    ``action`` is a line the film-maker asked for ("IDA smiles."), placed at the start, the end or
    after the opening action.
    """
    families = load_families()
    clean = strip_draft_notes(body)
    blocks = _blocks(clean)
    characters = scene_characters(clean) or list(extra_characters)
    location = location_of(heading) if heading else None
    if not location:
        heading_block = next((b for b in blocks if _kind(b) == "heading"), None)
        location = location_of(heading_block[0]) if heading_block else None
    scene_props = [p for p in props if re.search(rf"\b{re.escape(p)}\b", clean, re.I)]
    known = [t for t in tones if t in families]
    for tone in known:
        family = families[tone]
        blocks = _transform(blocks, family, shorten=tone == "shorter")
        count = 1 if "shorter" in known else (3 if tone == "longer" else 2)
        extra = _tone_lines(family, clean, count, characters=characters, location=location, props=scene_props)
        blocks = _insert_lines(blocks, extra)
    if action is not None:
        blocks = _place_action(blocks, action)
    result = "\n\n".join("\n".join(block) for block in blocks)
    note = draft_note(known or list(tones))
    if result.strip() == clean.strip() and "shorter" in known:
        result = "\n\n".join("\n".join(block) for block in _without_an_exchange(blocks))  # tighter, never longer
    if result.strip() == clean.strip():
        fallback = _tone_lines(families["longer"], clean, 1, characters=characters, location=location, props=())
        result = "\n\n".join([result, *fallback]) if fallback else f"{result}\n\nA beat."
    return f"{result}\n\n{note}".strip("\n") + "\n"


def _without_an_exchange(blocks: list[list[str]]) -> list[list[str]]:
    """Return the blocks with one exchange taken out of the middle: two speeches in a row, else one, else an action.

    A scene already cut to single sentences still gets shorter. The opening action, the first and the last speech
    and a closing transition stay; a character's only speech stays; a scene too small to cut is returned as it is.
    """
    kinds = [_kind(b) for b in blocks]
    speeches = [i for i, k in enumerate(kinds) if k == "dialogue"]
    said: dict[str, int] = {}
    for i in speeches:
        said[_speaker(blocks[i])] = said.get(_speaker(blocks[i]), 0) + 1

    def cuttable(i: int) -> bool:
        return kinds[i] == "dialogue" and i not in (speeches[0], speeches[-1]) and said[_speaker(blocks[i])] > 1

    middle = len(blocks) / 2
    pairs = [i for i in range(len(blocks) - 1) if cuttable(i) and cuttable(i + 1)
             and _speaker(blocks[i]) != _speaker(blocks[i + 1])]
    if pairs:
        at = min(pairs, key=lambda i: abs(i + 0.5 - middle))
        return [*blocks[:at], *blocks[at + 2:]]
    singles = [i for i in range(len(blocks)) if cuttable(i)]
    actions = [i for i, k in enumerate(kinds) if k == "action"][1:-1]
    chosen = singles or actions
    if not chosen:
        return blocks
    at = min(chosen, key=lambda i: abs(i - middle))
    return [*blocks[:at], *blocks[at + 1:]]


def _insert_lines(blocks: list[list[str]], lines: list[str]) -> list[list[str]]:
    if not lines:
        return blocks
    out = list(blocks)
    first_action = next((i for i, b in enumerate(out) if _kind(b) == "action"), None)
    start = (first_action + 1) if first_action is not None else (
        1 if out and _kind(out[0]) == "heading" else 0)
    out.insert(start, [lines[0]])
    for line in lines[1:]:
        last_dialogue = max((i for i, b in enumerate(out) if _kind(b) == "dialogue"), default=len(out) - 1)
        out.insert(max(start + 1, last_dialogue), [line])
    return out


def _place_action(blocks: list[list[str]], action: StageDirection) -> list[list[str]]:
    """Put a requested action line where it was asked for (start, end, or after the opening action).

    A line of dialogue asked for with no place goes after its speaker's last speech (the conversation goes on),
    else after the scene's last speech.
    """
    block = action.block
    out = [b for b in blocks if b != block]
    replaced = _moment_sentence(out, action.replaces) if action.replaces else None
    if replaced is not None:  # "instead of flicking the indicator, he swings the wheel": in that sentence's place
        return _with_sentence(out, replaced, action.line)
    moment = _moment_block(out, action.after) if action.after else None
    ahead = _moment_block(out, action.before) if action.before and moment is None else None
    if moment is not None:  # "just after Tom asks for the keys": after the block that tells that moment
        at = moment + 1
    elif ahead is not None:  # "before she reads the form": just before the block that tells it
        at = ahead
    elif action.place == "end":  # before a closing transition ("FADE OUT.")
        at = len(out)
        while at > 0 and _kind(out[at - 1]) in ("transition", "note"):
            at -= 1
    elif action.place == "start":
        at = 1 if out and _kind(out[0]) == "heading" else 0
    elif action.speaker:
        speeches = [i for i, b in enumerate(out) if _kind(b) == "dialogue"]
        own = [i for i in speeches if _speaker(out[i]) == action.speaker]
        at = (own or speeches or [len(out) - 1])[-1] + 1
    else:
        return _insert_lines(out, [action.line])
    if action.speaker and at > 0 and _kind(out[at - 1]) == "dialogue" and _speaker(out[at - 1]) == action.speaker:
        return [*out[:at - 1], [*out[at - 1], action.line], *out[at:]]  # their speech goes on, no second cue
    if action.speaker and at < len(out) and _kind(out[at]) == "dialogue" and _speaker(out[at]) == action.speaker:
        return [*out[:at], [out[at][0], action.line, *out[at][1:]], *out[at + 1:]]  # it opens their next speech
    return [*out[:at], block, *out[at:]]


def _moment_block(blocks: list[list[str]], moment: str) -> int | None:
    """Return the block that tells a moment best ("Tom asks for the keys": TOM's "Keys?"), else None."""
    wanted = {stem(w) for w in lower_words(moment) if w not in STOP}
    scored = [(len(wanted & {stem(w) for w in lower_words(" ".join(b)) if w not in STOP}), i)
              for i, b in enumerate(blocks) if _kind(b) in ("action", "dialogue")]
    best = max(scored, key=lambda pair: (pair[0], -pair[1]), default=(0, 0))  # the first of equals
    return best[1] if best[0] else None


def _speaker(block: list[str]) -> str:
    return re.sub(r"\s*\(.*$", "", block[0].strip().lstrip("@")).strip()


def mentions(body: str, thing: str) -> bool:
    """Tell whether a scene body mentions a thing (a word or two, any case, plural too)."""
    clean = strip_draft_notes(body)
    return bool(_thing_pattern(thing, clean).search(clean))


def _thing_pattern(thing: str, body: str) -> re.Pattern[str] | _Described:
    """Return what finds a thing in a scene's lines.

    Its words as said (a hyphen or a space between them); else, when the scene never says them so, its
    description in one sentence ("the red-string key": a sentence with a key and a red string in it).
    """
    words = [re.escape(w) for w in re.split(r"[\s-]+", thing.strip()) if w]
    said = re.compile(r"\b" + r"[\s-]+".join(words) + r"(?:s|es)?\b", re.IGNORECASE)
    described = _Described(thing)
    return described if described.modifiers and not said.search(body) and described.search(body) else said


class _Described:
    """A thing found by its head word and every word that describes it, all in one sentence."""

    def __init__(self, thing: str) -> None:
        words = [w for w in lower_words(thing.replace("-", " ")) if w not in STOP]
        self.head = re.compile(rf"\b{re.escape(words[-1])}(?:s|es)?\b", re.I) if words else None
        self.modifiers = {stem(w) for w in words[:-1]}

    def search(self, text: str) -> bool:
        return any(self.head is not None and self.head.search(sentence) and self.modifiers <= {
            stem(w) for w in lower_words(sentence)} for sentence in _SENTENCE.split(text))


def _drop_from_sentence(sentence: str, found: re.Pattern[str] | _Described) -> str:
    """Drop the list item that names the thing ("gloves, a tuba, a cage" -> "gloves, a cage"), else the sentence."""
    head, colon, tail = sentence.rpartition(":") if ":" in sentence else ("", "", sentence)
    items = [i for i in re.split(r",\s+(?:and\s+)?|\s+and\s+", tail.rstrip(".!?")) if i.strip()]
    hits = [i for i in items if found.search(i)]
    if len(items) > 2 and len(hits) == 1 and not found.search(head):
        kept = [i for i in items if i is not hits[0]]
        end = tail[len(tail.rstrip(".!?")):] or "."
        return f"{head}{colon} {', '.join(kept).strip()}{end}".strip() if colon else f"{', '.join(kept)}{end}"
    return ""


def scene_without_line(body: str, words: str, speaker: str | None = None, which: str = "") -> str | None:
    """Return the scene without the speech line that the words find best (its cue too, if nothing is left).

    ``which`` ("first"/"last") takes that line of the speaker's instead of one found by words. None when no line
    of the scene (of that speaker, when said) has the words: nothing is taken out then.
    """
    wanted = {stem(w) for w in lower_words(words) if w not in STOP}
    blocks = _blocks(strip_draft_notes(body))
    best: tuple[int, int, int] | None = None  # (overlap, block, line)
    if which:
        spoken = [(1, b, i) for b, block in enumerate(blocks) if _kind(block) == "dialogue" and (
            not speaker or _speaker(block) == speaker) for i, line in enumerate(block[1:], start=1)
            if not line.strip().startswith("(")]
        best = (spoken[0] if which == "first" else spoken[-1]) if spoken else None
        wanted = set()
    for b, block in enumerate(blocks):
        if _kind(block) != "dialogue" or (speaker and _speaker(block) != speaker):
            continue
        for i, line in enumerate(block[1:], start=1):
            if line.strip().startswith("("):
                continue
            overlap = len(wanted & {stem(w) for w in lower_words(line) if w not in STOP})
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, b, i)
    if best is None or best[0] * 2 < len(wanted):
        return None  # (a line by its place has no words to match: found, it goes)
    _, b, i = best
    kept = [*blocks[b][:i], *blocks[b][i + 1:]]
    if not any(not line.strip().startswith("(") for line in kept[1:]):
        kept = []  # a cue with no speech left goes too
    out = [*blocks[:b], *([kept] if kept else []), *blocks[b + 1:]]
    return "\n\n".join("\n".join(block) for block in out) + "\n"


def scene_without(body: str, thing: str) -> str:
    """Return the scene with every mention of a thing taken out: its list item, else its sentence.

    A speech left empty goes with its cue; the scene's other words stay as they were.
    """
    clean = strip_draft_notes(body)
    found = _thing_pattern(thing, clean)
    out: list[list[str]] = []
    for block in _blocks(clean):
        kind = _kind(block)
        if kind in ("heading", "transition", "note"):
            out.append(block)
            continue
        start = 1 if kind == "dialogue" else 0
        lines = list(block[:start])
        for line in block[start:]:
            if not found.search(line) or line.strip().startswith("("):
                lines.append(line)
                continue
            kept, quoting = [], False
            for sentence in _SENTENCE.split(line):
                if quoting and sentence.isupper():
                    continue  # the rest of a sign's words ("…: CLOSED. NO ENTRY.") go with the sign
                left = _drop_from_sentence(sentence, found) if found.search(sentence) else sentence
                quoting = not left.strip() and ":" in sentence
                if left.strip():
                    kept.append(left)
            if kept:
                lines.append(" ".join(kept))
        spoken = [ln for ln in lines[start:] if not ln.strip().startswith("(")]
        if (kind == "dialogue" and spoken) or (kind != "dialogue" and lines):
            out.append(lines)
    return "\n\n".join("\n".join(b) for b in out).strip("\n") + "\n"


_NUMBER_WORDS = dict(zip("zero one two three four five six seven eight nine ten eleven twelve".split(),
                         map(str, range(13)), strict=True))


def _said_as(old: str) -> list[str]:
    """Return the ways a scene may spell words: as given, and with number words and digits traded ("route nine")."""
    words = old.split()
    digits = " ".join(_NUMBER_WORDS.get(w.lower(), w) for w in words)
    spelled = " ".join(next((k for k, v in _NUMBER_WORDS.items() if v == w), w) for w in words)
    return list(dict.fromkeys([old, digits, spelled]))


def scene_with_words(body: str, old: str, new: str) -> str | None:
    """Return the scene with every mention of some words changed for others, in the case the scene wrote them.

    "ROUTE 9" asked as "route nine" becomes "ROUTE 12"; None when the scene never says the words.
    """
    def cased(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.isupper() and any(c.isalpha() for c in found):
            return new.upper()
        return new[0].upper() + new[1:] if found[:1].isupper() and new[:1].islower() else new

    text = out = strip_draft_notes(body)
    for said in _said_as(old):
        out = re.sub(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in said.split()) + r"(?![\w])", cased, out,
                     flags=re.I)
    return out if out != text else None


def scene_without_character(body: str, name: str) -> str | None:
    """Return the scene with a character taken out: their speeches and every sentence that mentions them.

    None when the scene neither gives them a line nor mentions them: there is nothing to take out.
    """
    blocks = _blocks(strip_draft_notes(body))
    kept = [b for b in blocks if not (_kind(b) == "dialogue" and _speaker(b).upper() == name.upper())]
    clean = strip_draft_notes(body)
    if len(kept) == len(blocks) and not _thing_pattern(name, clean).search(clean):
        return None
    return scene_without("\n\n".join("\n".join(b) for b in kept), name)


def _moment_sentence(blocks: list[list[str]], moment: str) -> tuple[int, int] | None:
    """Return (block, sentence) of the action sentence that tells a moment best, or None when none tells it.

    The sentence sharing the most of the moment's words (at least two, or its only one); dialogue is not a moment.
    """
    wanted = {stem(w) for w in lower_words(moment) if w not in STOP}
    best: tuple[int, int, int] | None = None  # (shared words, block, sentence)
    for i, block in enumerate(blocks):
        if _kind(block) != "action":
            continue
        for j, sentence in enumerate(_SENTENCE.split(" ".join(block))):
            shared = len(wanted & {stem(w) for w in lower_words(sentence) if w not in STOP})
            if best is None or shared > best[0]:
                best = (shared, i, j)
    if best is None or best[0] < min(2, len(wanted)) or not wanted:
        return None
    return best[1], best[2]


def _with_sentence(blocks: list[list[str]], at: tuple[int, int], line: str | None) -> list[list[str]]:
    """Return the blocks with one action sentence replaced by a line, or taken out (a paragraph left empty goes)."""
    block, which = at
    sentences = [line if j == which else t for j, t in enumerate(_SENTENCE.split(" ".join(blocks[block])))]
    kept = [t for t in sentences if t and t.strip()]
    return [*blocks[:block], *([[" ".join(kept)]] if kept else []), *blocks[block + 1:]]


def scene_without_moment(body: str, moment: str) -> str | None:
    """Return the scene without the sentence of action that tells a moment ("the bit where she checks her pocket").

    None when no sentence tells it. Dialogue stays: a line is taken out by its words.
    """
    blocks = _blocks(strip_draft_notes(body))
    at = _moment_sentence(blocks, moment)
    if at is None:
        return None
    return "\n\n".join("\n".join(b) for b in _with_sentence(blocks, at, None)).strip("\n") + "\n"
