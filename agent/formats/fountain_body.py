"""Read the body of a Fountain screenplay: input checks, title page, boneyard and notes, elements.

This is the line-level reader behind :func:`agent.formats.fountain.parse_fountain` (which assembles
documents and scenes) and :func:`agent.formats.fountain_writer.write_fountain` (which reads what it
writes back to check that scene boundaries stay put).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from agent.formats.errors import FountainError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "BodyState",
    "Element",
    "ElementType",
    "character_name",
    "clean_input",
    "heading_location",
    "parse_body",
    "scene_elements",
    "split_title_page",
    "title_key",
    "trim_lines",
]

DEFAULT_MAX_BYTES = 5_000_000

ElementType = Literal[
    "scene_heading",
    "action",
    "character",
    "parenthetical",
    "dialogue",
    "transition",
    "centered",
    "lyrics",
    "note",
    "boneyard",
    "section",
    "synopsis",
    "page_break",
]


@dataclass(frozen=True, slots=True)
class Element:
    """One screenplay element; ``text`` is as written (emphasis kept, notes and boneyard cut out)."""

    type: ElementType
    text: str
    line: int = 0
    """0-based line of the (BOM-stripped, newline-normalised) source where the element starts."""
    scene_number: str | None = None
    dual: bool = False
    depth: int = 0
    """Section depth: the number of ``#``."""
    extension: str | None = None
    """Character extension as written with its parentheses, e.g. ``(O.S.)`` or ``(V.O.) (CONT'D)``."""
    name: str | None = None
    """Character name, normalised: upper case, without ``@``, ``^`` and extension."""
    forced: bool = False


# ---------------------------------------------------------------------------------------------
# Input checks and normalisation

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MARK = "\x00"  # Safe as an internal marker: input containing NUL is refused before parsing.
_FILLER = "\x00F\x00"
_MARKER = re.compile(r"\x00([BNF])(\d*)\x00")


def clean_input(text: str, max_bytes: int) -> str:
    """Return the text with newlines normalised and BOMs and stray control characters dropped.

    Raises:
        FountainError: the text is over ``max_bytes``, holds NUL or binary noise, or lone surrogates.
    """
    if len(text) > max_bytes:
        raise FountainError(f"screenplay is larger than the {max_bytes}-byte limit")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise FountainError("screenplay is not valid Unicode text (lone surrogate)") from exc
    if size > max_bytes:
        raise FountainError(f"screenplay is {size} bytes, over the {max_bytes}-byte limit")
    if _MARK in text:
        raise FountainError("this looks like binary data, not a Fountain screenplay (NUL byte)")
    controls = len(_CONTROL.findall(text))
    if controls > 16 and controls * 100 > len(text):
        raise FountainError("this looks like binary data, not a Fountain screenplay (control characters)")
    # U+FEFF is a byte-order mark at the start and a deprecated invisible space elsewhere: drop it all.
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if controls else text


# ---------------------------------------------------------------------------------------------
# Boneyard and notes: replaced by markers so the line structure (and line numbers) survive


_BLANK_LINE = re.compile(r"\n(?!  \n)[ \t]*\n")


class _Masker:
    """Replace ``opener ... closer`` spans with NUL-delimited markers in one linear pass."""

    def __init__(self, kind: str, opener: str, closer: str, *, span_blank_lines: bool) -> None:
        self.kind, self.opener, self.closer = kind, opener, closer
        self.span_blank_lines = span_blank_lines
        self.found: list[str] = []
        self.unclosed_at: int | None = None
        """Where an opener with no closer after it was left as literal text."""

    def mask(self, text: str) -> str:
        out: list[str] = []
        pending = 0  # newlines swallowed by spans; re-emitted as filler lines after the closing line
        pos, next_close, next_blank = 0, -1, -1
        width = len(self.opener)
        while (start := text.find(self.opener, pos)) >= 0:
            if next_close < start + width:
                next_close = text.find(self.closer, start + width)
            if next_close < 0:
                self.unclosed_at = start
                break
            if not self.span_blank_lines:
                if next_blank < start:
                    found = _BLANK_LINE.search(text, start)
                    next_blank = found.start() if found else len(text)
                if next_blank < next_close:
                    pending = self._plain(out, text[pos : start + width], pending)
                    pos = start + width
                    continue
            pending = self._plain(out, text[pos:start], pending)
            body = text[start + width : next_close]
            self.found.append(body)
            out.append(f"{_MARK}{self.kind}{len(self.found) - 1}{_MARK}")
            pending += body.count("\n")
            pos = next_close + len(self.closer)
        pending = self._plain(out, text[pos:], pending)
        out.append(("\n" + _FILLER) * pending)
        return "".join(out)

    @staticmethod
    def _plain(out: list[str], segment: str, pending: int) -> int:
        cut = segment.find("\n") if pending else -1
        if cut < 0:
            out.append(segment)
            return pending
        out.append(segment[:cut] + ("\n" + _FILLER) * pending + segment[cut:])
        return 0


# ---------------------------------------------------------------------------------------------
# Line classification helpers

_HEADING_PREFIX = re.compile(
    r"(?:int\.?/ext|ext\.?/int|i\.?/e|e\.?/i|int|ext|est)[.\s]+(?=\S)", re.IGNORECASE
)
_TITLE_KEY = re.compile(r"[^\W\d_][\w '\-]{0,59}")
_NAMED_TRANSITIONS = frozenset({"FADE OUT.", "CUT TO BLACK.", "FADE TO BLACK."})
_CUE = re.compile(r"(@)?([^(^]*?)\s*((?:\([^()]*\)\s*)*)(\^)?\s*")
_MAX_CUE = 120
_MAX_HEADING = 1000


def _heading(line: str) -> tuple[str, str | None, bool] | None:
    """Split a scene-heading line into (text, number, forced), or None when it is not a heading."""
    s = line.strip()
    if len(s) > _MAX_HEADING:
        return None
    forced = len(s) > 1 and s[0] == "." and s[1] != "."
    body = s[1:].strip() if forced else s
    if not forced and not _HEADING_PREFIX.match(body):
        return None
    number = None
    if body.endswith("#"):
        start = body.rfind("#", 0, len(body) - 1)
        candidate = body[start + 1 : -1]
        if start >= 0 and candidate and not any(c.isspace() or c == "#" for c in candidate):
            if body[:start].strip():
                number, body = candidate, body[:start].strip()
    return (body, number, forced) if body else None


def _is_transition(line: str) -> bool:
    s = line.strip()
    if not s or line != line.rstrip() or s != s.upper() or not any(c.isupper() for c in s):
        return False
    return s.endswith("TO:") or s in _NAMED_TRANSITIONS


def _parse_cue(line: str) -> tuple[str, str | None, bool, bool] | None:
    """Read a character cue into (name, extension, dual, forced), or None when it is not one."""
    s = line.strip()
    if len(s) > _MAX_CUE or _heading(s) is not None:
        return None
    m = _CUE.fullmatch(s)
    if m is None:
        return None
    forced = m.group(1) is not None
    name = " ".join(m.group(2).split())
    if not name:
        return None
    if not forced and (name != name.upper() or not any(c.isupper() or c.isdigit() for c in name)):
        return None
    extension = " ".join(m.group(3).split()) or None
    return name.upper(), extension, m.group(4) is not None, forced


def character_name(cue: str) -> str:
    """Return the normalised name in a character cue: upper case, no ``@``, ``^`` or extension."""
    parsed = _parse_cue(cue)
    if parsed is not None:
        return parsed[0]
    bare = re.sub(r"\([^()]*\)", " ", cue.strip().removeprefix("@")).replace("^", " ")
    return " ".join(bare.split()).upper()


def title_key(line: str) -> tuple[str, str] | None:
    """Return (key, value) when the line opens a title-page entry (``Key: value``), else None."""
    key, colon, value = line.partition(":")
    key = key.rstrip()
    if not colon or not _TITLE_KEY.fullmatch(key):
        return None
    return key, value.strip()


def split_title_page(lines: Sequence[str]) -> tuple[list[tuple[str, str]], int]:
    """Read the title page at the very top, returning (pairs, index of the first body line)."""
    pairs: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines) and lines[i].strip():
        line = lines[i]
        if line[:1] in (" ", "\t") and pairs:
            pairs[-1][1].append(line.strip())
        else:
            kv = title_key(line)
            if kv is None:
                return [], 0
            pairs.append((kv[0], [kv[1]] if kv[1] else []))
        i += 1
    if not pairs or (len(pairs) == 1 and not pairs[0][1]):
        return [], 0
    return [(key, "\n".join(values)) for key, values in pairs], i


# ---------------------------------------------------------------------------------------------
# The body parser


@dataclass(slots=True)
class _Row:
    line: int
    text: str
    marks: list[tuple[str, int]]
    vanished: bool


@dataclass(slots=True)
class BodyState:
    """What the body reader found: elements, scene headings, cut-out boneyards and notes."""

    boneyards: list[str]
    notes: list[str]
    out: list[Element] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    """(element index, first source line of the scene's body)."""
    last_block: list[int] | None = None
    last_block_paired: bool = False

    def add(self, element: Element) -> None:
        """Append an element that ends any open dialogue block."""
        self.out.append(element)
        self.last_block = None


def _row(index: int, masked: str) -> _Row:
    if _MARK not in masked:
        return _Row(index, masked, [], False)
    marks = [(m.group(1), int(m.group(2))) for m in _MARKER.finditer(masked) if m.group(1) != "F"]
    text = _MARKER.sub("", masked)
    return _Row(index, text, marks, not text.strip())


def _is_standalone(s: str) -> bool:
    return s.startswith(("#", "="))


def _paragraphs(lines: Sequence[str], offset: int) -> list[list[_Row]]:
    paragraphs: list[list[_Row]] = []
    para: list[_Row] = []
    has_text = False  # whether `para` holds a row with text: only then does a "  " line continue it

    def flush() -> None:
        while para and not para[-1].vanished and not para[-1].text.strip():
            para.pop()
        if para:
            paragraphs.append(list(para))
        para.clear()

    for i, masked in enumerate(lines):
        row = _row(i + offset, masked)
        stripped = row.text.strip()
        if row.vanished:
            para.append(row)
        elif not stripped and not (row.text == "  " and has_text):
            flush()
            has_text = False
        elif _is_standalone(stripped):
            flush()
            has_text = False
            paragraphs.append([row])
        else:
            para.append(row)
            has_text = True
    flush()
    return paragraphs


def _standalone(row: _Row, s: str, st: BodyState) -> bool:
    if len(s) >= 3 and not s.strip("="):
        st.add(Element("page_break", "", row.line))
    elif s.startswith("#"):
        body = s.lstrip("#")
        st.add(Element("section", body.strip(), row.line, depth=len(s) - len(body)))
    elif s.startswith("="):
        st.add(Element("synopsis", s[1:].strip(), row.line))
    elif len(s) >= 2 and s[0] == ">" and s[-1] == "<":
        st.add(Element("centered", s[1:-1].strip(), row.line))
    elif s.startswith(">"):
        st.add(Element("transition", s[1:].strip(), row.line, forced=True))
    else:
        return False
    return True


def _action(rows: list[_Row], st: BodyState, *, forced: bool = False) -> None:
    texts = [r.text for r in rows]
    if forced:
        bang = texts[0].find("!")
        texts[0] = texts[0][:bang] + texts[0][bang + 1 :]
    st.add(Element("action", "\n".join(texts), rows[0].line, forced=forced))


def _single(row: _Row, st: BodyState) -> None:
    heading = _heading(row.text)
    if heading is not None:
        text, number, forced = heading
        st.headings.append((len(st.out), row.line + 1))
        st.add(Element("scene_heading", text, row.line, scene_number=number, forced=forced))
    elif _is_transition(row.text):
        st.add(Element("transition", row.text.strip(), row.line))
    else:
        _action([row], st)


def _dialogue_block(rows: list[_Row], cue: tuple[str, str | None, bool, bool], st: BodyState) -> None:
    name, extension, dual, forced = cue
    partner = st.last_block if dual and not st.last_block_paired else None
    first = len(st.out)
    st.out.append(
        Element(
            "character", rows[0].text.strip(), rows[0].line, extension=extension, name=name, forced=forced
        )
    )
    speech: list[str] = []
    speech_line = 0

    def flush_speech() -> None:
        if speech:
            st.out.append(Element("dialogue", "\n".join(speech), speech_line))
            speech.clear()

    for row in rows[1:]:
        s = row.text.strip()
        if s.startswith("(") and s.endswith(")"):
            flush_speech()
            st.out.append(Element("parenthetical", s, row.line))
        elif s.startswith("~"):
            flush_speech()
            st.out.append(Element("lyrics", s[1:].strip(), row.line))
        else:
            speech_line = speech_line if speech else row.line
            speech.append(s)
    flush_speech()
    block = list(range(first, len(st.out)))
    if partner is not None:
        for index in partner + block:
            st.out[index] = replace(st.out[index], dual=True)
    st.last_block, st.last_block_paired = block, partner is not None


def _classify(rows: list[_Row], st: BodyState) -> None:
    start = 0
    # One-line elements (centered, forced transition) may open a paragraph; the rest reads on its own.
    while start < len(rows) and _standalone(rows[start], rows[start].text.strip(), st):
        start += 1
    rows = rows[start:]
    if not rows:
        return
    s = rows[0].text.strip()
    if s.startswith("!"):
        _action(rows, st, forced=True)
    elif s.startswith("~"):
        for row in rows:
            st.add(Element("lyrics", row.text.strip().removeprefix("~").strip(), row.line))
    elif len(rows) == 1:
        _single(rows[0], st)
    elif (cue := _parse_cue(s)) is not None:
        _dialogue_block(rows, cue, st)
    else:
        _action(rows, st)


def _marker_elements(rows: list[_Row], st: BodyState) -> list[Element]:
    found: list[Element] = []
    for row in rows:
        for kind, index in row.marks:
            if kind == "B":
                found.append(Element("boneyard", _MARKER.sub("", st.boneyards[index]).strip(), row.line))
            else:
                body = _MARKER.sub("", st.notes[index])
                text = "\n".join(part.strip() for part in body.split("\n")).strip()
                found.append(Element("note", text, row.line))
    return found


def _start_scene_body(para: list[_Row], st: BodyState) -> None:
    """Start the new scene's body at the first note/boneyard line under its heading, if any.

    Lines holding only the tail of a note or boneyard opened on the heading line are skipped.
    """
    index, _ = st.headings[-1]
    head_line = st.out[index].line
    start = next((r.line for r in para if r.line > head_line and r.marks), para[-1].line + 1)
    st.headings[-1] = (index, start)


def parse_body(lines: Sequence[str], offset: int) -> tuple[BodyState, int | None]:
    """Parse body lines; return the state and the offset of an unclosed ``/*`` left in the text."""
    bones = _Masker("B", "/*", "*/", span_blank_lines=True)
    notes = _Masker("N", "[[", "]]", span_blank_lines=False)
    masked = notes.mask(bones.mask("\n".join(lines))).split("\n")
    st = BodyState(bones.found, notes.found)
    for para in _paragraphs(masked, offset):
        real = [r for r in para if not r.vanished]
        if real:
            headings = len(st.headings)
            _classify(real, st)
            if len(st.headings) > headings:
                _start_scene_body(para, st)
        st.out.extend(_marker_elements(para, st))
    return st, bones.unclosed_at


def trim_lines(lines: Sequence[str]) -> str:
    """Join the lines without the blank lines at either end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def scene_elements(content: str) -> list[Element]:
    """Parse a scene body (or any Fountain text without a title page) into elements.

    Raises:
        FountainError: the content is not text (see :func:`parse_fountain`).
    """
    lines = clean_input(content, DEFAULT_MAX_BYTES).split("\n")
    return parse_body(lines, 0)[0].out


_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]+\s+")
_TIME_WORDS = frozenset(
    "DAY NIGHT MORNING AFTERNOON EVENING DUSK DAWN SUNSET SUNRISE NOON MIDNIGHT TWILIGHT CONTINUOUS "
    "LATER SAME MOMENTS MOVING FLASHBACK PRESENT MAGIC HOUR LATE EARLY NIGHTFALL DAYBREAK".split()
)


def _is_time(part: str) -> bool:
    words = re.sub(r"\([^()]*\)", " ", part).upper().split()
    return bool(words) and words[0] in _TIME_WORDS


def heading_location(heading: str) -> str | None:
    """Name the location in a scene heading: ``INT. KITCHEN - NIGHT`` -> ``KITCHEN``."""
    text = heading.strip().removeprefix(".")
    prefix = _HEADING_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    parts = [p.strip(" -\u2013\u2014") for p in _SEPARATOR.split(text)]
    parts = [p for p in parts if p]
    while len(parts) > 1 and _is_time(parts[-1]):
        parts.pop()
    if len(parts) == 1:
        words = parts[0].split()
        if len(words) > 1 and _is_time(words[-1]):
            parts = [" ".join(words[:-1])]
    location = re.sub(r"\s*\([^()]*\)\s*$", "", " - ".join(parts)).strip()
    return " ".join(location.split()).upper() or None
