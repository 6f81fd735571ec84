"""Find assets by how they look and sound: colour, warm/cool, dark/bright, orientation, kind and duration.

Reads the technical metadata ``library.store_bytes`` measured (``Asset.meta["tech"]``). A request such as
"a warm orange still" or "clips longer than 3 seconds" becomes a ``LookQuery``; only the words it knows
count, so the rest of a sentence never filters anything out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.schema import Asset
from agent.project.techmeta import COLOUR_NAMES

__all__ = ["LookQuery", "parse_look", "find_assets", "asset_items", "asset_item"]

_SYNONYMS = {"gray": "grey", "golden": "yellow", "gold": "yellow", "amber": "orange", "navy": "blue",
             "crimson": "red", "scarlet": "red", "violet": "purple", "magenta": "pink", "cyan": "teal",
             "turquoise": "teal", "tan": "beige", "cream": "beige"}
_TONES = {"warm": "warm", "cool": "cool", "cold": "cool"}
_LIGHT = {"dark": "dark", "dim": "dark", "gloomy": "dark", "bright": "bright", "sunny": "bright"}
_ORIENTATION = {"portrait": "portrait", "vertical": "portrait", "landscape": "landscape", "horizontal": "landscape",
                "square": "square"}
_KINDS = {"still": "image", "stills": "image", "image": "image", "images": "image", "picture": "image",
          "pictures": "image", "photo": "image", "photos": "image", "frame": "image", "frames": "image",
          "clip": "video", "clips": "video", "video": "video", "videos": "video", "sound": "audio",
          "sounds": "audio", "audio": "audio", "track": "audio", "tracks": "audio", "music": "audio",
          "voice": "audio", "voices": "audio"}
_NUMBER = r"(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)\b"
_LONGER = re.compile(r"\b(?:longer than|more than|over|at least|above)\s+" + _NUMBER)
_SHORTER = re.compile(r"\b(?:shorter than|less than|under|at most|below|within)\s+" + _NUMBER)
_RANGE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:-|to)\s*" + _NUMBER)


@dataclass(frozen=True)
class LookQuery:
    """What a search asks of an asset's measurements; empty fields ask nothing."""

    colours: tuple[str, ...] = ()
    tone: str | None = None
    light: str | None = None
    orientation: str | None = None
    kind: str | None = None
    min_duration_s: float | None = None
    max_duration_s: float | None = None
    words: tuple[str, ...] = field(default=(), compare=False)
    """The words of the request that made this query (for the answer's wording)."""

    def is_empty(self) -> bool:
        """Tell whether the query asks nothing of the assets (not even a kind)."""
        return self.kind is None and not self.asks_look()

    def asks_look(self) -> bool:
        """Tell whether the query asks something only measurements answer (a colour, tone, light, shape, length)."""
        return bool(self.colours or self.tone or self.light or self.orientation
                    or self.min_duration_s is not None or self.max_duration_s is not None)


def parse_look(text: str) -> LookQuery:
    """Read colour names, tone, light, orientation, kind and duration bounds from a request."""
    lowered = text.lower()
    tokens = re.findall(r"[a-z]+", lowered)
    colours: list[str] = []
    found: dict[str, str] = {}
    used: list[str] = []
    for token in tokens:
        colour = _SYNONYMS.get(token, token)
        if colour in COLOUR_NAMES and colour not in colours:
            colours.append(colour)
            used.append(token)
        for key, table in (("tone", _TONES), ("light", _LIGHT), ("orientation", _ORIENTATION), ("kind", _KINDS)):
            if token in table and key not in found:
                found[key] = table[token]
                used.append(token)
    low = high = None
    if match := _RANGE.search(lowered):
        low, high = float(match.group(1)), float(match.group(2))
    if match := _LONGER.search(lowered):
        low = float(match.group(1))
    if match := _SHORTER.search(lowered):
        high = float(match.group(1))
    return LookQuery(colours=tuple(colours), tone=found.get("tone"), light=found.get("light"),
                     orientation=found.get("orientation"), kind=found.get("kind"), min_duration_s=low,
                     max_duration_s=high, words=tuple(used))


def _tech(asset: Asset) -> dict[str, Any]:
    meta = asset.meta if isinstance(asset.meta, dict) else {}
    tech = meta.get("tech")
    return tech if isinstance(tech, dict) else {}


def _score(tech: dict[str, Any], query: LookQuery) -> float | None:
    """Return how well measurements fit the query (higher is better), or None when one bound fails."""
    score = 0.0
    if query.min_duration_s is not None or query.max_duration_s is not None:
        duration = tech.get("duration_s")
        if not isinstance(duration, int | float):
            return None
        if query.min_duration_s is not None and duration < query.min_duration_s:
            return None
        if query.max_duration_s is not None and duration > query.max_duration_s:
            return None
    for key in ("tone", "light", "orientation"):
        wanted = getattr(query, key)
        if wanted is not None:
            if tech.get(key) != wanted:
                return None
            score += 1.0
    if query.colours:
        shares: dict[str, float] = {}
        for swatch in tech.get("palette") or []:
            if isinstance(swatch, dict) and isinstance(swatch.get("name"), str):
                shares[swatch["name"]] = shares.get(swatch["name"], 0.0) + float(swatch.get("share") or 0.0)
        if not all(shares.get(c, 0.0) >= 0.08 for c in query.colours):
            return None
        score += sum(shares[c] for c in query.colours)
    return score


def asset_item(asset: Asset) -> dict[str, Any]:
    """Return one asset's row as the snapshot and searches show it: kind, file facts and measurements."""
    return _item(asset.id, asset.kind, asset.mime, asset.size, _tech(asset))


def _item(asset_id: int, kind: str, mime: str, size: int, tech: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": asset_id, "kind": kind, "mime": mime, "bytes": size}
    for key in ("width", "height", "orientation", "duration_s", "fps", "has_audio", "rms_dbfs", "peak_dbfs", "silent",
                "colours", "dominant_colour", "tone", "light"):
        if key in tech:
            item[key] = tech[key]
    if tech.get("palette"):
        item["palette"] = [s.get("hex") for s in tech["palette"] if isinstance(s, dict)]
    return item


def asset_items(session: Session) -> list[dict[str, Any]]:
    """Return every asset's row (oldest first) for the snapshot."""
    # Only the measurements are read out of the metadata JSON: prompts and the rest would cost every snapshot.
    rows = session.execute(select(Asset.id, Asset.kind, Asset.mime, Asset.size, Asset.meta["tech"]).order_by(Asset.id))
    return [_item(i, kind, mime, size, tech if isinstance(tech, dict) else {}) for i, kind, mime, size, tech in rows]


def find_assets(session: Session, query: LookQuery, *, limit: int = 20) -> list[dict[str, Any]]:
    """Return the assets whose measurements fit the query, best fit first (then newest); [] for an empty query."""
    if query.is_empty():
        return []
    stmt = select(Asset).order_by(Asset.id.desc())
    if query.kind is not None:
        stmt = stmt.where(Asset.kind == query.kind)
    scored = []
    for asset in session.scalars(stmt):
        score = _score(_tech(asset), query)
        if score is not None:
            scored.append((score, asset))
    scored.sort(key=lambda pair: -pair[0])  # stable: equal scores stay newest first
    return [{**asset_item(a), "description": a.description[:200]} for _, a in scored[:limit]]
