"""Build the asset index's entries from a project: the project is the truth, the index a derived cache."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from agent.index.store import AssetIndex, IndexEntry, describe
from agent.project import Project
from agent.project.lifecycle import reusable
from agent.project.schema import Asset, AssetLink, Character, Location, Prop, Shot
from agent.project.views import active_scenes

__all__ = ["index_entries", "refresh_assets"]

_INDEXED_KINDS = ("image", "video", "audio")


def index_entries(project: Project, *, asset_ids: Collection[int] | None = None) -> list[IndexEntry]:
    """Describe image, video and audio assets for the index: text, kind, cost and linked names.

    The one description builder: ``reindex`` uses it for every asset, generation for the asset it just made
    (``asset_ids``), so a rebuilt index reads exactly like the one that grew turn by turn. Assets a person
    rejected are left out: they are never offered for re-use.
    """
    named: dict[str, Any] = {"character": Character, "location": Location, "prop": Prop}
    with project.read() as s:
        numbers = {sc.id: i for i, sc in enumerate(active_scenes(s), start=1)}
        links: dict[int, list[AssetLink]] = {}
        for link in s.scalars(select(AssetLink).order_by(AssetLink.id)):
            links.setdefault(link.asset_id, []).append(link)
        entries = []
        stmt = select(Asset).where(Asset.kind.in_(_INDEXED_KINDS)).order_by(Asset.id)
        if asset_ids is not None:
            stmt = stmt.where(Asset.id.in_(list(asset_ids)))
        assets = list(s.scalars(stmt))
        eligible = reusable(s, [a.id for a in assets])
        for asset in (a for a in assets if a.id in eligible):
            names: list[str] = []
            shot_key = None
            for link in links.get(asset.id, []):
                if link.entity_type in named and (obj := s.get(named[link.entity_type], link.entity_id)) is not None:
                    names.append(obj.name)
                elif link.entity_type == "shot" and (shot := s.get(Shot, link.entity_id)) is not None:
                    names += [c.name for c in shot.characters]
                    if shot.location_id is not None and (loc := s.get(Location, shot.location_id)) is not None:
                        names.append(loc.name)
                    if shot.scene_id in numbers:
                        shot_key = f"{numbers[shot.scene_id]}.{shot.number}"
            names = list(dict.fromkeys(names))
            meta = asset.meta if isinstance(asset.meta, dict) else {}
            text = asset.description or str(meta.get("prompt") or "") or f"{asset.kind} {asset.sha256[:12]}"
            cost = meta.get("cost_usd")
            entries.append(
                IndexEntry(
                    id=str(asset.id), kind=asset.kind, description=describe(text, tags=asset.tags, entities=names),
                    shot=shot_key, entities=tuple(dict.fromkeys(names)),
                    cost_usd=float(cost) if isinstance(cost, int | float) and cost > 0 else 0.0,
                    extra={"sha256": asset.sha256, "mime": asset.mime, "provider": str(meta.get("provider", "import")),
                           **_measured(meta.get("tech"))},
                )
            )
    return entries


_MEASURED_KEYS = ("width", "height", "duration_s", "tone", "light", "orientation", "dominant_colour", "rms_dbfs")


def _measured(tech: object) -> dict[str, str | int | float | bool]:
    """Return an asset's measurements as flat index metadata (colours joined), for filters on a Chroma server.

    They stay out of the embedded text on purpose: "warm orange, 1280x720" appended to a still's description
    moved a paraphrase's similarity from 0.88 to 0.76, below the re-use threshold's margin.
    """
    if not isinstance(tech, dict):
        return {}
    out: dict[str, str | int | float | bool] = {
        k: v for k in _MEASURED_KEYS if isinstance(v := tech.get(k), str | int | float) and not isinstance(v, bool)
    }
    if isinstance(tech.get("colours"), list):
        out["colours"] = ",".join(str(c) for c in tech["colours"])
    return out


def refresh_assets(index: AssetIndex, project: Project, asset_ids: Collection[int]) -> None:
    """Bring some assets' entries up to date after a decision: re-describe the re-usable ones, drop the rest."""
    entries = index_entries(project, asset_ids=asset_ids)
    if entries:
        index.upsert(entries)
    gone = {str(i) for i in asset_ids} - {e.id for e in entries}
    if gone:
        index.remove(gone)
