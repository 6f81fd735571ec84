"""Choose a tool by meaning: local embeddings of each tool's description and examples vs the request."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from agent.llm.offline.toolspec import ToolSpec

__all__ = ["CHOICE_FLOOR", "Choice", "ToolChooser", "embedding_text"]

CHOICE_FLOOR = 0.35
"""Below this cosine the director asks what the person means instead of calling a tool."""

_VERB_BONUS = 0.06  # the clause starts with the tool's own verb ("delete scene 4" -> delete_scene)
_VERB_SYNONYMS: dict[str, tuple[str, ...]] = {
    "kill": ("delete", "remove"), "remove": ("delete",), "drop": ("delete", "remove"), "scrap": ("delete",),
    "delete": ("remove",), "bin": ("delete",), "swap": ("move", "reorder"), "reorder": ("move",),
    "combine": ("merge",), "join": ("merge",), "draw": ("generate",), "paint": ("generate",),
    "sketch": ("generate",), "storyboard": ("generate",), "animate": ("generate",), "make": ("generate", "set"),
    "darken": ("rewrite",), "punch": ("rewrite",), "redo": ("rewrite", "regenerate"), "revert": ("undo",),
    "search": ("find",), "look": ("find",), "locate": ("find",), "show": ("show", "list", "get"),
    "read": ("show", "get"), "diff": ("compare",), "fork": ("create",), "introduce": ("add", "create"),
    "create": ("add",),
    "write": ("add", "create", "set"), "add": ("create",), "new": ("add", "create"), "cast": ("add",),
    "build": ("render",), "flag": ("tag", "mark"),
    "assemble": ("render", "assemble"), "play": ("render",), "mark": ("tag",), "label": ("tag",),
}
_CACHE: dict[tuple[Any, ...], tuple[Any, list[int]]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_MAX = 64


@dataclass(frozen=True)
class Choice:
    """A ranked tool with its best cosine (plus verb bonus)."""

    tool: ToolSpec
    score: float


def embedding_text(text: str, names: Sequence[str] = ()) -> str:
    """Normalise a request for embedding: numbers, names and quoted text say little about which tool fits."""
    text = re.sub(r"[\"“][^\"”]*[\"”]", "something", text)
    text = re.sub(r"\bsc\.?\s*(?=\d)", "scene ", text, flags=re.IGNORECASE)
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?:'s)?(?!\w)", "someone", text, flags=re.IGNORECASE)
    words = text.split()
    for i, word in enumerate(words):
        bare = word.strip(",.;:!?")
        if i and (re.fullmatch(r"[A-Z][a-z]+(?:'s)?", bare) or re.fullmatch(r"[A-Z]{2,}(?:'s)?", bare)) and (
            bare.lower().rstrip("'s") not in _KEEP_CAPS
        ):
            words[i] = word.replace(bare, "someone")
    text = " ".join(words)
    text = re.sub(rf"\b(?:the\s+)?(?:{_ORDINAL})\s+(scene|shot|version)", r"the \1", text, flags=re.IGNORECASE)
    text = re.sub(rf"\b(scenes?|shots?|versions?|sc\.?|v)\s*#?\s*(?:{_NUMBER})\b", r"\1", text, flags=re.I)
    text = re.sub(r"\d+", "", text)
    text = re.sub(r"(?:\bsomeone\b[\s,]*(?:and\s+)?)+", "someone ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


_KEEP_CAPS = frozenset("i int ext cu ecu ws ms edl fdx csv otio srt ok".split())
_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\d+(?:st|nd|rd|th)"
_NUMBER = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten"


def _describe(tool: ToolSpec) -> list[str]:
    description = re.split(r"\n\s*\n|\n\s*(?:Args|Returns|Raises):", tool.description.strip(), maxsplit=1)[0]
    texts = [" ".join(description.split())] if description.strip() else []
    texts.append(tool.name.replace(HANDOFF_WORD, "").replace("_", " "))
    texts.extend(embedding_text(example) for example in tool.examples)
    return [t for t in texts if t]


HANDOFF_WORD = "transfer_to_"


_QUERIES: dict[tuple[str, str], Any] = {}


def _query_vector(embedder: Any, text: str) -> Any:
    """Embed one request, remembering recent ones (the supervisor and the specialist see the same clause)."""
    key = (str(getattr(embedder, "model_id", type(embedder).__name__)), text)
    with _CACHE_LOCK:
        hit = _QUERIES.get(key)
    if hit is not None:
        return hit
    vector = embedder.embed([text])[0]
    with _CACHE_LOCK:
        if len(_QUERIES) >= 512:
            _QUERIES.pop(next(iter(_QUERIES)))
        _QUERIES[key] = vector
    return vector


class ToolChooser:
    """Rank a fixed set of tools against requests; the tool texts are embedded once per tool set."""

    def __init__(self, tools: Sequence[ToolSpec], embedder: Any) -> None:
        self._tools = tuple(tools)
        self._embedder = embedder
        self._matrix, self._owner = self._embed_tools()

    def _embed_tools(self) -> tuple[Any, list[int]]:
        key = (getattr(self._embedder, "model_id", type(self._embedder).__name__),) + tuple(
            (t.name, t.description, t.examples) for t in self._tools
        )
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
        if hit is not None:
            return hit
        texts: list[str] = []
        owner: list[int] = []
        for index, tool in enumerate(self._tools):
            for text in _describe(tool):
                texts.append(text)
                owner.append(index)
        matrix = self._embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        with _CACHE_LOCK:
            if len(_CACHE) >= _CACHE_MAX:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = (matrix, owner)
        return matrix, owner

    def rank(self, clause: str, *, names: Sequence[str] = ()) -> list[Choice]:
        """Return every tool with its score, best first (ties keep binding order)."""
        if not self._tools or not clause.strip():
            return []
        query = _query_vector(self._embedder, embedding_text(clause, names))
        sims = np.asarray(self._matrix @ query, dtype=np.float64)
        best = [-1.0] * len(self._tools)
        for row, index in enumerate(self._owner):
            best[index] = max(best[index], float(sims[row]))
        first = clause.strip().lower().split()[0] if clause.strip() else ""
        verbs = {first, *_VERB_SYNONYMS.get(first, ())}
        for index, tool in enumerate(self._tools):
            if first and tool.agent.split("_")[0] in verbs:
                best[index] += _VERB_BONUS
        order = sorted(range(len(self._tools)), key=lambda i: (-round(best[i], 6), i))
        return [Choice(self._tools[i], best[i]) for i in order]
