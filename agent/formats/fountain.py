"""Read Fountain screenplays (https://fountain.io) into a document model.

The parser follows the Fountain 1.1 syntax page; where parsers disagree, the conformance corpus
(nyousefi/Fountain and vilcans/screenplain test files) decides. It never raises anything but
:class:`FountainError`, which it uses only to refuse input that is not a screenplay at all
(NUL bytes, binary noise, invalid UTF-8, more than ``max_bytes``).

Decisions worth knowing:

* Element texts keep emphasis markers (``*italic*``, ``**bold**``, ``_underline_``); notes ``[[...]]``
  and boneyard ``/* ... */`` are cut out of the text and become ``note``/``boneyard`` elements.
* A character cue is a paragraph's first line with no lowercase letters in the name (extensions in
  ``(...)`` may be lowercase) and at least one uppercase letter or digit, followed by at least one line.
  Names in caseless scripts need ``@``. A heading-like line is never a cue.
* A transition is a single-line paragraph in upper case ending in ``TO:`` (no trailing spaces), one of
  ``FADE OUT.``, ``CUT TO BLACK.``, ``FADE TO BLACK.``, or a line forced with ``>``.
* A title page starts on the very first line with ``Key: value`` lines (indented continuation lines
  allowed); a lone ``KEY:`` with no value (``CUT TO:``) is not a title page.
* A scene's ``content`` is the raw text between its heading and the next heading, blank lines trimmed,
  so writing it back reproduces the screenplay.

The line-level reader lives in :mod:`agent.formats.fountain_body`, emphasis runs in
:mod:`agent.formats.emphasis` (both re-exported here); the writer is :mod:`agent.formats.fountain_writer`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from agent.formats.emphasis import TextRun, emphasis_runs, plain_text
from agent.formats.errors import FountainError
from agent.formats.fountain_body import (
    DEFAULT_MAX_BYTES,
    Element,
    ElementType,
    character_name,
    clean_input,
    heading_location,
    parse_body,
    scene_elements,
    split_title_page,
    trim_lines,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DialogueLine",
    "Element",
    "ElementType",
    "FountainDocument",
    "FountainError",
    "ParsedScene",
    "TextRun",
    "character_name",
    "emphasis_runs",
    "heading_location",
    "parse_fountain",
    "parse_fountain_bytes",
    "plain_text",
    "scene_characters",
    "scene_dialogue",
    "scene_elements",
    "screenplay_title",
    "SceneSource",
]

SceneSource = tuple[str, str | None, str]
"""A scene to write: (heading, scene number or None, content as Fountain text)."""


@dataclass(frozen=True, slots=True)
class ParsedScene:
    """A scene: its heading, optional number, raw body text and parsed body elements."""

    heading: str
    number: str | None
    content: str
    elements: list[Element]


@dataclass(frozen=True, slots=True)
class DialogueLine:
    """One dialogue block, ready for voice and subtitles."""

    character: str
    text: str
    """What is spoken (or sung): emphasis markers and parentheticals removed, lines joined by spaces."""
    extension: str | None = None
    parenthetical: str | None = None
    """The parenthetical direction(s) without parentheses, joined by ``; ``."""
    dual: bool = False
    cue: str = ""


@dataclass(frozen=True)
class FountainDocument:
    """A parsed screenplay: title page, every element, the text before the first scene, and scenes."""

    title_page: list[tuple[str, str]]
    elements: list[Element]
    preamble: str
    scenes: list[ParsedScene] = field(default_factory=list)

    @property
    def scene_headings(self) -> list[str]:
        """Heading texts in order (forced ``.`` and ``#n#`` removed)."""
        return [e.text for e in self.elements if e.type == "scene_heading"]

    @property
    def character_cues(self) -> list[str]:
        """Every character cue as written (trimmed), with extension, ``^`` and ``@``."""
        return [e.text for e in self.elements if e.type == "character"]

    @property
    def speaking_characters(self) -> list[str]:
        """Unique upper-case names with at least one dialogue block, in order of first appearance."""
        return _unique(e.name or "" for e in self.elements if e.type == "character")

    @property
    def transitions(self) -> list[str]:
        """Transition texts in order, ``>`` removed."""
        return [e.text for e in self.elements if e.type == "transition"]

    @property
    def dual_dialogue_pairs(self) -> int:
        """The number of dual-dialogue pairs."""
        return sum(1 for e in self.elements if e.type == "character" and e.dual) // 2

    @property
    def locations(self) -> list[str]:
        """Unique locations named by the scene headings, upper case, in order."""
        return _unique(loc for h in self.scene_headings if (loc := heading_location(h)))


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


# ---------------------------------------------------------------------------------------------
# Public parsing API


def parse_fountain(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FountainDocument:
    """Parse a Fountain screenplay into title page, elements, preamble and scenes.

    Raises:
        FountainError: the text is over ``max_bytes``, contains NUL or binary noise, or lone surrogates.
    """
    lines = clean_input(text, max_bytes).split("\n")
    title_page, body_start = split_title_page(lines)
    st, _ = parse_body(lines[body_start:], body_start)
    elements = st.out
    scenes: list[ParsedScene] = []
    bounds = [*st.headings, (len(elements), len(lines))]
    for (index, scene_start), (next_index, _) in zip(bounds, bounds[1:], strict=False):
        heading = elements[index]
        stop = elements[next_index].line if next_index < len(elements) else len(lines)
        scenes.append(
            ParsedScene(
                heading.text,
                heading.scene_number,
                trim_lines(lines[scene_start:stop]),
                elements[index + 1 : next_index],
            )
        )
    first_heading = elements[st.headings[0][0]].line if st.headings else len(lines)
    preamble = trim_lines(lines[body_start:first_heading])
    return FountainDocument(title_page, elements, preamble, scenes)


def parse_fountain_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FountainDocument:
    """Decode UTF-8 bytes (a BOM is allowed) and parse them as Fountain.

    Raises:
        FountainError: the bytes are over ``max_bytes``, not UTF-8, or not a screenplay.
    """
    if len(data) > max_bytes:
        raise FountainError(f"screenplay is {len(data)} bytes, over the {max_bytes}-byte limit")
    if b"\x00" in data:
        raise FountainError("this looks like binary data, not a Fountain screenplay (NUL byte)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FountainError(f"screenplay is not UTF-8 text (bad byte at offset {exc.start})") from exc
    return parse_fountain(text, max_bytes=max_bytes)


def screenplay_title(doc: FountainDocument) -> str | None:
    """Return the title page's title as plain text (first line, emphasis removed), or None."""
    for key, value in doc.title_page:
        if key.strip().lower() == "title":
            lines = [" ".join(plain_text(line).split()) for line in value.split("\n")]
            title = " ".join(line for line in lines if line)
            if title:
                return title[:200]
    return None


def scene_dialogue(content: str) -> list[DialogueLine]:
    """Read the dialogue blocks of a scene body (Fountain text) in order; blocks with no words are skipped.

    Raises:
        FountainError: the content is not text (see :func:`parse_fountain`).
    """
    lines: list[DialogueLine] = []
    cue: Element | None = None
    spoken: list[str] = []
    directions: list[str] = []

    def close() -> None:
        words = " ".join(" ".join(spoken).split())
        if cue is not None and words:
            lines.append(
                DialogueLine(
                    cue.name or "", words, cue.extension, "; ".join(directions) or None, cue.dual, cue.text
                )
            )

    for element in scene_elements(content):
        if element.type == "character":
            close()
            cue, spoken, directions = element, [], []
        elif cue is not None and element.type in ("dialogue", "lyrics"):
            spoken.append(plain_text(element.text))
        elif cue is not None and element.type == "parenthetical":
            directions.append(" ".join(plain_text(element.text[1:-1]).split()))
        elif element.type not in ("note", "boneyard"):
            close()
            cue = None
    close()
    return lines


def scene_characters(content: str) -> list[str]:
    """List the speaking characters of a scene body, upper case, in order of first line."""
    return _unique(e.name or "" for e in scene_elements(content) if e.type == "character")
