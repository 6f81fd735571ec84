"""The scenes the resolver reads, and the references it finds: a phrase and the scenes that fit it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["CLEAR_LEAD", "Embed", "SceneInfo", "SceneMatch", "SceneReference"]

Embed = Callable[[Sequence[str]], object]
"""Texts -> unit vectors (rows), e.g. ``LocalEmbedder.embed``."""


@dataclass(frozen=True)
class SceneInfo:
    """One active scene as the resolver reads it."""

    number: int
    heading: str
    content: str


@dataclass(frozen=True)
class SceneMatch:
    """A scene that fits a reference, with how well."""

    number: int
    heading: str
    score: float


@dataclass(frozen=True)
class SceneReference:
    """A phrase that names a scene, and the scenes that fit it (best first; empty when none does)."""

    phrase: str
    matches: tuple[SceneMatch, ...]
    explicit: bool = False
    """True for numbers and ordinals: no guessing involved."""
    many: int | None = None
    """For a plural ("the two bridge scenes", "both office scenes"): how many it names (0 when not said)."""

    @property
    def numbers(self) -> tuple[int, ...]:
        """Return the scenes a plural reference names, in screenplay order (empty when unclear)."""
        if self.many is None or not self.matches:
            return ()
        best = self.matches[0].score
        close = sorted(m.number for m in self.matches if m.score * CLEAR_LEAD >= best)
        if len(close) < 2 or (self.many and len(close) != self.many):
            return ()
        return tuple(close)

    def candidates(self) -> list[SceneMatch]:
        """Return the matches worth offering when asking which scene: those close to the best, else all."""
        if not self.matches:
            return []
        best = self.matches[0].score
        close = [m for m in self.matches if m.score * CLEAR_LEAD >= best]
        return close if len(close) > 1 else list(self.matches)

    @property
    def number(self) -> int | None:
        """Return the scene meant, when exactly one fits clearly; else None."""
        if not self.matches or self.many is not None:
            return None
        if len(self.matches) == 1 or self.explicit:
            return self.matches[0].number
        best, second = self.matches[0].score, self.matches[1].score
        clear = (best >= second * CLEAR_LEAD and best - second >= _CLEAR_GAP) or (
            best >= second * _FAIR_LEAD and best - second >= _WIDE_GAP)  # a whole heading word more
        return self.matches[0].number if clear else None

    @property
    def status(self) -> str:
        """Return "resolved", "ambiguous" or "none"."""
        if self.number is not None or self.numbers:
            return "resolved"
        return "ambiguous" if self.matches else "none"


CLEAR_LEAD = 1.35
"""A score this many times another leads it clearly; a score within this factor of the best is close to it."""
_CLEAR_GAP = 0.25
_FAIR_LEAD = 1.25
_WIDE_GAP = 0.7
