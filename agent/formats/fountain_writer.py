"""Write Fountain screenplays that :func:`agent.formats.fountain.parse_fountain` reads back to the same parts."""

from __future__ import annotations

from collections.abc import Sequence

from agent.formats.errors import FountainError
from agent.formats.fountain import SceneSource
from agent.formats.fountain_body import (
    DEFAULT_MAX_BYTES,
    clean_input,
    parse_body,
    scene_elements,
    split_title_page,
    title_key,
    trim_lines,
)

__all__ = ["write_fountain"]


def _safe_body(text: str, *, escape_open_boneyard: bool) -> str:
    """Trim a preamble/scene body and force-action any paragraph that would read as a scene heading."""
    body = trim_lines(clean_input(text, DEFAULT_MAX_BYTES).split("\n"))
    lines = body.split("\n")
    st, open_at = parse_body(lines, 0)
    if open_at is not None and escape_open_boneyard:
        # Fountain has no boneyard escape, but "\*" is a literal "*": "/\*" shows as "/*" and opens nothing.
        body = body[:open_at] + body[open_at:].replace("/*", "/\\*")
        lines = body.split("\n")
        st, _ = parse_body(lines, 0)
    for index, _ in st.headings:
        line = st.out[index].line
        lines[line] = "!" + lines[line]
    return "\n".join(lines)


def _heading_line(heading: str, number: str | None, where: str) -> str:
    text = heading.strip()
    if not text or "\n" in text or "\r" in text:
        raise FountainError(f"{where} heading must be one non-empty line")
    if number is not None and (not number.strip() or any(c.isspace() or c == "#" for c in number.strip())):
        raise FountainError(f"{where} number {number!r} must be non-empty with no spaces or '#'")
    suffix = f" #{number.strip()}#" if number is not None else ""
    for candidate in (text, "." + text, ". " + text):
        elements = scene_elements(candidate + suffix)
        if len(elements) == 1 and elements[0].type == "scene_heading":
            if (elements[0].text, elements[0].scene_number) == (text, number and number.strip()):
                return candidate + suffix
    raise FountainError(f"{where} heading {text!r} cannot be written as a Fountain scene heading")


def _title_lines(title_page: Sequence[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    for key, value in title_page:
        if title_key(f"{key}:") is None or key != key.strip():
            raise FountainError(f"title page key {key!r} must be a letter then letters, digits or spaces")
        values = [v.strip() for v in value.replace("\r", "\n").split("\n") if v.strip()]
        if len(values) == 1:
            lines.append(f"{key}: {values[0]}")
        else:
            lines.append(f"{key}:")
            lines.extend(f"    {v}" for v in values)
    if lines and not split_title_page(lines)[0]:
        raise FountainError("a title page needs at least one value")
    return lines


def write_fountain(
    *, title_page: Sequence[tuple[str, str]], preamble: str, scenes: Sequence[SceneSource]
) -> str:
    """Write a screenplay as Fountain text that :func:`parse_fountain` reads back to the same parts.

    Headings that would not be recognised are forced with ``.``; numbers are written as ``#n#``.
    Blank lines inside title-page values are dropped. A body paragraph that would read as a scene
    heading is forced to action with ``!`` so scene boundaries stay where they are.

    Raises:
        FountainError: a heading is empty or multi-line, a number or title key is malformed, or a heading
            holds an unclosed ``/*`` that a later ``*/`` would close.
    """
    chunks: list[tuple[str, str | None]] = []  # (text, None for a body or the "where" of a heading line)
    if preamble.strip():
        chunks.append((preamble, None))
    for number, (heading, scene_number, content) in enumerate(scenes, start=1):
        chunks.append((_heading_line(heading, scene_number, f"scene {number}"), f"scene {number}"))
        if content.strip():
            chunks.append((content, None))
    # An unclosed "/*" is harmless at the end, but a "*/" anywhere later would close it over scenes.
    closed_later = [False] * len(chunks)
    for i in range(len(chunks) - 2, -1, -1):
        closed_later[i] = closed_later[i + 1] or "*/" in chunks[i + 1][0]
    title = _title_lines(title_page)
    parts = ["\n".join(title)] if title else []
    for (text, where), later in zip(chunks, closed_later, strict=True):
        if where is None:
            parts.append(_safe_body(text, escape_open_boneyard=later))
        elif later and parse_body([text], 0)[1] is not None:
            raise FountainError(f"{where} heading has an unclosed /* that a later */ would close")
        else:
            parts.append(text)
    out = "\n\n".join(parts) + "\n"
    if not title and split_title_page(out.split("\n"))[0]:
        out = "\n" + out  # A body that starts like "Key: value" must not be read as a title page.
    return out
