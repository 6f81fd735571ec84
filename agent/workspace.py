"""What the UI's four views show (story, design, shooting, generate), read from the project; no writes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from agent.accounts import project_key
from agent.project import Project, list_stale
from agent.project.schema import (
    Asset,
    AssetLink,
    Change,
    Character,
    HistoryEntry,
    LedgerEntry,
    Location,
    OutlineBeat,
    Prop,
    Shot,
)
from agent.project.views import active_scenes
from agent.shot_status import ShotStatus
from agent.word_diff import word_diff

__all__ = [
    "build_views", "asset_file", "asset_rows", "scene_versions", "views_head", "STATUS_WORDS", "ASSET_ROUTE",
    "EXPORT_ROUTE",
]

ASSET_ROUTE = "/reelsmith/asset"
"""``{ASSET_ROUTE}/{id}?project=KEY`` serves an asset, ``.../{id}/thumb`` its thumbnail (app.py, behind the login;
the key, :func:`agent.accounts.project_key`, says which of the server's projects, checked against the user)."""
EXPORT_ROUTE = "/reelsmith/export"
STATUS_WORDS: dict[ShotStatus, str] = {
    "draft": "No still yet", "still_pending": "Still waiting for approval", "still_approved": "Still approved",
    "still_rejected": "Still rejected", "video_pending": "Clip waiting for approval",
    "video_approved": "Clip approved", "video_rejected": "Clip rejected",
}
Links = dict[tuple[str, int], list[dict[str, Any]]]
VERSIONS_SHOWN = 6
"""The newest versions of a scene the Story view lists (each with its change against the one before)."""


def asset_file(project: Project, asset_id: int, *, thumbnail: bool = False) -> Path | None:
    """Return an asset's stored file (or its thumbnail, when it has one) inside the project, else None."""
    with project.read() as s:
        asset = s.get(Asset, asset_id)
        if asset is None:
            return None
        sha, rel = asset.sha256, asset.path
    try:
        path = project.files.thumbnail_path(sha) if thumbnail else project.files.path_of(rel)
        if thumbnail and not path.exists():
            path = project.files.path_of(rel)
    except ValueError:  # a stored path leading outside the asset store (a hostile bundle)
        return None
    resolved = path.resolve()
    # Only files in the project's asset store: a stored path never points the browser elsewhere.
    return resolved if resolved.is_relative_to(project.files.root.resolve()) and resolved.is_file() else None


def asset_rows(project: Project, *, kind: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Return the stored assets in id order (optionally of one kind), each as the /api lists it."""
    with project.read() as s:
        query = select(Asset).order_by(Asset.id)
        if kind:
            query = query.where(Asset.kind == kind)
        rows = s.scalars(query.limit(limit))
        return [
            {"id": a.id, "sha256": a.sha256, "kind": a.kind, "mime": a.mime, "size": a.size, "path": a.path,
             "description": a.description, "tags": list(a.tags or []), "created_at": a.created_at.isoformat(),
             "tech": (a.meta or {}).get("tech") or {}}
            for a in rows
        ]


def _thumb(project: Project, asset_id: int | None) -> str | None:
    return f"{ASSET_ROUTE}/{asset_id}/thumb?project={project_key(project.path)}" if asset_id else None


def _links(project: Project) -> Links:
    """Return every asset link by entity, oldest first, with the asset's kind."""
    out: Links = defaultdict(list)
    with project.read() as s:
        rows = s.execute(
            select(AssetLink.entity_type, AssetLink.entity_id, AssetLink.role, AssetLink.status, Asset.id, Asset.kind)
            .join(Asset, Asset.id == AssetLink.asset_id)
            .order_by(AssetLink.id)
        )
        for etype, eid, role, status, aid, kind in rows:
            out[(etype, eid)].append({"role": role, "status": status, "asset": aid, "kind": kind})
    return out


def _entity_names(s: Any) -> dict[tuple[str, int], str]:
    """Return what people call each linkable thing: "shot 2.3", "IDA", "the project"."""
    names: dict[tuple[str, int], str] = {("project", 1): "the project"}
    for number, scene in enumerate(active_scenes(s), start=1):
        for shot in s.scalars(select(Shot).where(Shot.scene_id == scene.id)):
            names[("shot", shot.id)] = f"shot {number}.{shot.number}"
    for etype, cls in (("character", Character), ("location", Location), ("prop", Prop)):
        for row in s.scalars(select(cls)):
            names[(etype, row.id)] = row.name
    return names


def scene_versions(s: Any) -> dict[int, list[dict[str, Any]]]:
    """Return each active scene's newest versions by scene number, newest first, each with a word diff.

    One query reads every recorded scene state; a version recorded twice (a tag added) keeps its last state.
    """
    numbers = {scene.id: n for n, scene in enumerate(active_scenes(s), start=1)}
    rows = s.execute(
        select(HistoryEntry.entity_id, HistoryEntry.version, HistoryEntry.after, Change.summary)
        .join(Change, Change.id == HistoryEntry.change_id)
        .where(HistoryEntry.entity_type == "scene", HistoryEntry.after.is_not(None))
        .order_by(HistoryEntry.id)
    )
    states: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)
    for scene_id, version, after, summary in rows:
        if scene_id in numbers and isinstance(after, dict):
            text = f"{after.get('heading', '')}\n\n{after.get('content', '')}"
            states[scene_id][version or 0] = (text, summary or "")
    out: dict[int, list[dict[str, Any]]] = {}
    for scene_id, by_version in states.items():
        ordered = sorted(by_version.items())
        items = [{"version": v, "summary": summary,
                  "diff": word_diff(ordered[i - 1][1][0], text) if i else None}
                 for i, (v, (text, summary)) in enumerate(ordered)]
        out[numbers[scene_id]] = items[::-1][:VERSIONS_SHOWN]
    return out


def _story(project: Project, snap: dict[str, Any]) -> dict[str, Any]:
    with project.read() as s:
        beats = [{"title": b.title, "text": b.description}
                 for b in s.scalars(select(OutlineBeat).order_by(OutlineBeat.position))]
        versions = scene_versions(s)
    scenes = [{**{k: sc[k] for k in ("number", "heading", "content", "version", "tags", "stale")},
               "versions": versions.get(sc["number"], [])} for sc in snap["scenes"]]
    return {"title": snap["name"], "logline": snap["logline"], "outline": beats, "scenes": scenes}


def _design(project: Project, snap: dict[str, Any], links: Links) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {}
    with project.read() as s:
        kinds: tuple[tuple[str, Any, str], ...] = (
            ("characters", Character, "character"), ("locations", Location, "location"), ("props", Prop, "prop"))
        for group, cls, etype in kinds:
            shown = {e["name"]: e for e in snap[group]}
            groups[group] = [
                {"name": e.name, "description": e.description, "version": e.version,
                 "stale": shown.get(e.name, {}).get("stale", False),
                 "images": [_thumb(project, link["asset"]) for link in links.get((etype, e.id), [])
                            if link["kind"] == "image" and link["status"] != "rejected"][-4:],
                 **_details(project, group, shown.get(e.name, {}), snap)}
                for e in s.scalars(select(cls).order_by(cls.id))
            ]
    return {**groups, "art_direction": snap["art_direction"], "costumes": snap.get("costumes", []),
            "looks": snap.get("looks", [])}


def _details(project: Project, group: str, shown: dict[str, Any], snap: dict[str, Any]) -> dict[str, Any]:
    """Return a design card's production details: a character's voice and costumes, a place's side and tags."""
    if group == "characters":
        worn = [c["name"] for c in snap.get("costumes", []) if c.get("character") == shown.get("name")]
        return {"voice": shown.get("voice") or "", "voice_id": shown.get("voice_id"), "costumes": worn}
    if group == "locations":
        refs = [{"thumb": _thumb(project, r["asset"]), "side": r.get("side")} for r in shown.get("references") or []]
        return {"setting": shown.get("setting"), "tags": list(shown.get("tags") or []), "references": refs[-4:]}
    return {}


def _shooting(project: Project, snap: dict[str, Any]) -> dict[str, Any]:
    with project.read() as s:
        reasons = {item.entity_id: item.reason for item in list_stale(s) if item.entity_type == "shot"}
        ids = {(sc_n, sh.number): sh.id for sc_n, sc in enumerate(active_scenes(s), start=1)
               for sh in s.scalars(select(Shot).where(Shot.scene_id == sc.id))}
    scenes: dict[int, dict[str, Any]] = {
        sc["number"]: {"number": sc["number"], "heading": sc["heading"], "shots": []} for sc in snap["scenes"]
    }
    for shot in snap["shots"]:
        stills = [a for a in shot["assets"] if a["role"] == "still" and a["status"] != "rejected"]
        clips = [a for a in shot["assets"] if a["role"] in ("video", "clip") and a["status"] != "rejected"]
        cam = shot["camera"]
        camera = " · ".join(str(v) for v in (cam.get("shot_type"), cam.get("angle"),
                                             f"{cam['lens_mm']}mm" if cam.get("lens_mm") else None,
                                             cam.get("movement")) if v)
        shot_id = ids.get((shot["scene"], shot["number"]))
        card = {"id": f"{shot['scene']}.{shot['number']}", "scene": shot["scene"], "number": shot["number"],
                "description": shot["description"], "camera": camera, "characters": shot["characters"],
                "duration": shot["duration"], "status": shot["status"],
                "status_words": STATUS_WORDS.get(shot["status"], shot["status"].replace("_", " ")),
                "stale": shot["stale"], "stale_reason": reasons.get(shot_id, "") if shot_id else "",
                "thumbnail": _thumb(project, stills[-1]["id"]) if stills else None, "has_clip": bool(clips),
                "notes": shot.get("notes") or "", "tags": list(shot.get("tags") or []), "look": shot.get("look")}
        scenes.setdefault(shot["scene"], {"number": shot["scene"], "heading": "", "shots": []})["shots"].append(card)
    return {"scenes": [sc for _, sc in sorted(scenes.items()) if sc["shots"]]}


def _generate(project: Project, snap: dict[str, Any], links: Links) -> dict[str, Any]:
    key = project_key(project.path)
    with project.read() as s:
        names = _entity_names(s)
    linked: dict[int, list[str]] = defaultdict(list)
    for (etype, eid), items in links.items():
        for link in items:
            label = names.get((etype, eid), etype)
            linked[link["asset"]].append(f"{label} ({link['role']}, {link['status']})")
    with project.read() as s:
        cost: dict[int, float] = defaultdict(float)
        paid = select(LedgerEntry.asset_id, LedgerEntry.cost_usd).where(LedgerEntry.saved.is_(False))
        for aid, usd in s.execute(paid):
            if aid is not None:
                cost[aid] += float(usd)
        assets = [
            {"id": a.id, "kind": a.kind, "mime": a.mime, "description": a.description, "cost_usd": round(cost[a.id], 4),
             "links": linked.get(a.id, []), "thumbnail": _thumb(project, a.id) if a.kind == "image" else None,
             "url": f"{ASSET_ROUTE}/{a.id}?project={key}",
             "draft": "draft" in (a.tags or []) or bool((a.meta or {}).get("draft")),
             "transcript": _said((a.meta or {}).get("transcript"))}
            for a in s.scalars(select(Asset).order_by(Asset.id.desc()).limit(200))
        ]
    timeline = [{"label": f"{c['scene']}.{c['shot']}" if c.get("scene") else (c.get("text") or c.get("kind") or "card"),
                 "duration": c["duration"], "transition": c["transition"]} for c in snap["timeline"]]
    renders = sorted((p for p in (project.path / "exports").glob("*.mp4") if p.is_file() and not p.is_symlink()),
                     key=lambda p: p.stat().st_mtime) if (project.path / "exports").is_dir() else []
    latest = {"name": renders[-1].name, "url": f"{EXPORT_ROUTE}/{renders[-1].name}?project={key}"} \
        if renders else None
    music = snap.get("music")
    return {"assets": assets, "timeline": timeline, "runtime_s": round(sum(c["duration"] or 0 for c in timeline), 1),
            "latest_render": latest, "cost": snap["cost"],
            "music": {**music, "url": f"{ASSET_ROUTE}/{music['asset']}?project={key}"} if music else None}


def _said(transcript: Any) -> str:
    """Return the start of a stored transcript for an asset card ("" when the asset has none)."""
    text = str(transcript.get("text") or "") if isinstance(transcript, dict) else ""
    return text if len(text) <= 160 else text[:157] + "..."


def views_head(project: Project) -> str:
    """Return a token that changes whenever what the views show may have: a change, an asset, an export."""
    with project.read() as s:
        change = s.scalar(select(func.max(Change.id))) or 0
        asset = s.scalar(select(func.max(Asset.id))) or 0
    folder = project.path / "exports"
    newest = max(((p.stat().st_mtime_ns, p.name) for p in folder.iterdir() if p.is_file()), default=(0, "")) \
        if folder.is_dir() else (0, "")
    return f"{change}:{asset}:{newest[0]}:{newest[1]}"


def build_views(project: Project, snap: dict[str, Any]) -> dict[str, Any]:
    """Return the data of the four views, built from the snapshot plus links, costs and stale reasons."""
    links = _links(project)
    return {"story": _story(project, snap), "design": _design(project, snap, links),
            "shooting": _shooting(project, snap), "generate": _generate(project, snap, links),
            "phase": snap["phase"]}
