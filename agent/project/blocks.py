"""Blocks of a scene body and the tags on them (a dialogue block, an action paragraph).

A block is a paragraph of the Fountain body: lines between blank lines. A dialogue block is a
character cue with its parenthetical and speech; anything else is action (or a transition).
Block tags are stored on the scene by the block's text, not its position, so inserting a
paragraph never moves a tag onto the wrong line; a block whose text is rewritten loses its
tags (the note was about words that are gone), except ``keep`` and ``love``, whose words a
rewrite must leave as they are (``preserve_kept``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agent.project.errors import InvalidInputError

__all__ = [
    "PROTECTING_TAGS",
    "WORK_TAGS",
    "Block",
    "split_blocks",
    "tagged_blocks",
    "find_block",
    "retag",
    "prune",
    "preserve_kept",
    "words_of",
    "spoken_lines",
]

PROTECTING_TAGS = ("keep", "love")
"""Tags that protect text: a rewrite asks first (scene) and leaves the words as they are (block)."""
WORK_TAGS = ("rewrite", "hate")
"""Tags that mark work to do: they show in what's next until the text is rewritten."""

_CUE = re.compile(r"^(?:@\S.*|[A-Z0-9][A-Z0-9 .'\-]*[A-Z][A-Z0-9 .'\-]*(?:\s*\([^)]*\))?\s*\^?)$")
_TRANSITION = re.compile(r"^(?:>.*|[A-Z .]+TO:)$")


@dataclass(frozen=True)
class Block:
    """One paragraph of a scene body, numbered from 1, with its tags."""

    number: int
    kind: str
    """"dialogue", "action" or "transition"."""
    text: str
    tags: tuple[str, ...] = ()

    @property
    def speaker(self) -> str | None:
        """Return the character who speaks a dialogue block (its cue without extensions)."""
        if self.kind != "dialogue":
            return None
        return re.sub(r"\s*\(.*$", "", self.text.split("\n", 1)[0]).lstrip("@").rstrip("^ ").strip()


def _kind(text: str) -> str:
    lines = text.split("\n")
    if len(lines) >= 2 and _CUE.match(lines[0].strip()) and not lines[0].strip().startswith(("INT", "EXT")):
        return "dialogue"
    if len(lines) == 1 and _TRANSITION.match(lines[0].strip()):
        return "transition"
    return "action"


def split_blocks(content: str) -> list[str]:
    """Return the body's blocks in order (paragraphs; blank lines separate them), trailing spaces trimmed."""
    paragraphs = re.split(r"\n[ \t]*\n", content.strip("\n"))
    return [p.strip("\n").rstrip() for p in paragraphs if p.strip()]


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def tagged_blocks(content: str, block_tags: Sequence[Any]) -> list[Block]:
    """Return every block of ``content`` with the tags stored for its text (untagged blocks included)."""
    by_text: dict[str, list[str]] = {}
    for entry in block_tags or ():
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            by_text.setdefault(entry["text"], []).extend(str(t) for t in entry.get("tags") or ())
    return [Block(i, _kind(text), text, tuple(dict.fromkeys(by_text.get(text, ()))))
            for i, text in enumerate(split_blocks(content), start=1)]


def find_block(content: str, *, number: int | None = None, quote: str | None = None) -> str:
    """Return the text of the block a person means: by number (1-based) or by words it contains.

    Raises:
        InvalidInputError: no such block, or the words match none or several blocks.
    """
    blocks = split_blocks(content)
    if not blocks:
        raise InvalidInputError("the scene has no text to tag")
    if number is not None:
        if not 1 <= number <= len(blocks):
            raise InvalidInputError(f"the scene has {len(blocks)} blocks; pick one from 1 to {len(blocks)}")
        return blocks[number - 1]
    if not quote or not quote.strip():
        raise InvalidInputError("say which block: its number or a few of its words")
    wanted = _norm(quote.strip().strip("\"'“”‘’"))
    hits = [b for b in blocks if wanted in _norm(b)]
    if not hits:
        raise InvalidInputError(f"no block of the scene contains {quote.strip()[:60]!r}")
    if len(hits) > 1:
        numbers = ", ".join(str(blocks.index(b) + 1) for b in hits[:6])
        raise InvalidInputError(f"{len(hits)} blocks contain {quote.strip()[:60]!r} (blocks {numbers}); "
                                f"quote more words or give the block number")
    return hits[0]


def retag(block_tags: Sequence[Any], text: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> list[Any]:
    """Return new block tags with ``add`` added to and ``remove`` taken from the block ``text``."""
    out: list[Any] = []
    current: list[str] = []
    for entry in block_tags or ():
        if isinstance(entry, dict) and entry.get("text") == text:
            current += [str(t) for t in entry.get("tags") or ()]
        else:
            out.append(entry)
    gone = {t.strip().lower() for t in remove}
    tags = [t for t in dict.fromkeys(current) if t not in gone]
    tags += [t for t in dict.fromkeys(add) if t not in tags]
    if tags:
        out.append({"text": text, "tags": tags})
    return out


def prune(block_tags: Sequence[Any], content: str) -> list[Any]:
    """Return the block tags whose block is still in ``content`` (a rewritten block's tags go with it)."""
    present = set(split_blocks(content))
    return [e for e in block_tags or () if isinstance(e, dict) and e.get("text") in present]


def preserve_kept(old: str, new: str, block_tags: Sequence[Any]) -> tuple[str, int]:
    """Put back, word for word, every ``keep``/``love`` block of ``old`` that ``new`` dropped or changed.

    A restored block goes after the block that preceded it in the old text when that one is still
    there, else at its old position. Return the body and how many blocks were restored.
    """
    kept = [b for b in tagged_blocks(old, block_tags) if set(b.tags) & set(PROTECTING_TAGS)]
    blocks = split_blocks(new)
    restored = 0
    old_blocks = split_blocks(old)
    for block in kept:
        if block.text in blocks:
            continue
        before = old_blocks[block.number - 2] if block.number >= 2 else None
        at = blocks.index(before) + 1 if before in blocks else min(block.number - 1, len(blocks))
        blocks.insert(at, block.text)
        restored += 1
    return ("\n\n".join(blocks) if restored else new), restored


def words_of(text: str) -> str:
    """Return ``text`` as words are compared: lower case, letters and digits only, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def spoken_lines(content: str) -> set[str]:
    """Return every dialogue block of a body as ``words_of("SPEAKER: speech")`` (parentheticals left out).

    This is how a recorded voice line (described "SPEAKER: speech") is found again in a rewritten scene.
    """
    out = set()
    for text in split_blocks(content):
        block = Block(0, _kind(text), text)
        if block.speaker is None:
            continue
        speech = [ln for ln in text.split("\n")[1:] if not ln.strip().startswith("(")]
        out.add(words_of(f"{block.speaker}: {' '.join(speech)}"))
    return out
