"""Benchmark helper: a large synthetic project built fast, and the store's timings against raw SQL.

The synthetic project is consistent, not just big: every history row is a real before/after of a
scene or shot edit, and the rows end in the state the tables hold, so undo, restore and diff work on
it exactly as on a project that grew by hand. It is written with bulk inserts in one transaction
(100,000 ORM changes would take minutes); the schema's append-only triggers refuse only UPDATE and
DELETE on the log, so INSERT is the honest way in.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from agent.project.errors import InvalidInputError
from agent.project.project import DB_NAME, Project
from agent.project.schema import (
    Change,
    Character,
    HistoryEntry,
    Location,
    Prop,
    Scene,
    Shot,
    shot_characters,
    shot_props,
)

__all__ = ["build_synthetic_project", "bench_store", "STORE_TARGET_MS"]

STORE_TARGET_MS = 200.0
_CAST = ["MARA", "JONAS", "IDA", "RUBEN", "THE DRIVER", "NINA", "OLD MAN", "KID"]
_PLACES = ["PLATFORM", "NEON ALLEY", "HARBOUR", "KITCHEN", "ROOFTOP", "PINE FOREST"]
_PROPS = ["SUITCASE", "RED UMBRELLA", "LETTER", "REVOLVER", "LANTERN", "RADIO"]
_SHOT_TYPES = ["wide", "medium", "close-up", "two-shot", "insert"]


def _scene_row(i: int, rng: random.Random) -> dict[str, Any]:
    who, where = rng.choice(_CAST), _PLACES[i % len(_PLACES)]
    content = f"{who.title()} waits by the {where.lower()}. Rain ticks on the glass.\n\n{who}\nWe should not be here."
    heading = f"{'INT' if i % 3 else 'EXT'}. {where} {i} - {'NIGHT' if i % 2 else 'DAY'}"
    return {"id": i, "branch_id": None, "position": i, "heading": heading, "label": None, "content": content,
            "tags": [], "version": 1}


def _shot_row(shot_id: int, scene_id: int, number: int, rng: random.Random) -> dict[str, Any]:
    return {
        "id": shot_id, "scene_id": scene_id, "number": number,
        "description": f"Shot {number} of scene {scene_id}: a figure in the rain",
        "shot_type": rng.choice(_SHOT_TYPES), "angle": "eye-level", "movement": "static", "lens_mm": 35,
        "duration_s": 3.0, "location_id": 1 + (scene_id - 1) % len(_PLACES), "status": "draft", "version": 1,
        "character_ids": sorted(rng.sample(range(1, len(_CAST) + 1), rng.randint(0, 2))),
        "prop_ids": sorted(rng.sample(range(1, len(_PROPS) + 1), rng.randint(0, 1))),
    }


def _edits(
    scenes: list[dict[str, Any]], shots: list[dict[str, Any]], rows: int, rng: random.Random
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Return ``rows`` (entity type, before, after) edits; ``scenes`` and ``shots`` end in the final state."""
    out = []
    for n in range(rows):
        if shots and rng.random() < 0.6:
            kind, field, pool = "shot", "description", shots
        else:
            kind, field, pool = "scene", "content", scenes
        i = rng.randrange(len(pool))
        before = pool[i]
        after = {**before, field: f"{before[field].split(' [rev')[0]} [rev {n}]", "version": before["version"] + 1}
        pool[i] = after
        out.append((kind, before, after))
    return out


def _table_rows(snaps: list[dict[str, Any]], drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [{k: v for k, v in s.items() if k not in drop} for s in snaps]


def build_synthetic_project(
    path: Path, *, scenes: int = 120, shots: int = 1500, history_rows: int = 100_000, seed: int = 0
) -> Project:
    """Create a deterministic project of ``scenes`` scenes, ``shots`` shots and ~``history_rows`` history rows."""
    if scenes < 1 or shots < 0 or history_rows < 0:
        raise InvalidInputError("a synthetic project needs at least one scene and no negative counts")
    rng = random.Random(seed)
    project = Project.create(Path(path), name=f"Synthetic {scenes} scenes")
    scene_rows = [_scene_row(i, rng) for i in range(1, scenes + 1)]
    per_scene = [shots // scenes + (1 if i < shots % scenes else 0) for i in range(scenes)]
    shot_rows: list[dict[str, Any]] = []
    for scene_id, count in enumerate(per_scene, start=1):
        for k in range(1, count + 1):
            shot_rows.append(_shot_row(len(shot_rows) + 1, scene_id, k, rng))
    cast = [{"id": i, "name": n, "description": f"{n.title()}, as written", "voice_id": None, "version": 1}
            for i, n in enumerate(_CAST, start=1)]
    places = [{"id": i, "name": n, "description": "", "version": 1} for i, n in enumerate(_PLACES, start=1)]
    things = [{"id": i, "name": n, "description": "", "version": 1} for i, n in enumerate(_PROPS, start=1)]
    created = [("character", r) for r in cast] + [("location", r) for r in places] + [("prop", r) for r in things]
    created += [("scene", dict(r)) for r in scene_rows] + [("shot", dict(r)) for r in shot_rows]
    edits = _edits(scene_rows, shot_rows, max(history_rows - len(created), 0), rng)
    try:
        _write(project, created, edits, scene_rows, shot_rows, (cast, places, things))
    except BaseException:
        project.close()
        raise
    return project


def _write(
    project: Project,
    created: list[tuple[str, dict[str, Any]]],
    edits: list[tuple[str, dict[str, Any], dict[str, Any]]],
    scene_rows: list[dict[str, Any]],
    shot_rows: list[dict[str, Any]],
    design: tuple[list[dict[str, Any]], ...],
) -> None:
    """Insert the final rows and the whole log in one transaction."""
    with project.engine.execution_options(write=True).begin() as conn:
        first = (conn.execute(select(Change.id).order_by(Change.id.desc()).limit(1)).scalar() or 0) + 1
        start = datetime.now(UTC) - timedelta(days=365)
        conn.execute(insert(Change), [
            {"id": first, "actor": "bench", "action": "import", "summary": "Imported the synthetic screenplay",
             "created_at": start}
        ] + [
            {"id": first + 1 + n, "actor": "writer" if kind == "scene" else "cinematographer",
             "action": "update_scene" if kind == "scene" else "set_camera",
             "summary": f"Revised {kind} {before['id']}", "created_at": start + timedelta(seconds=n + 1)}
            for n, (kind, before, _after) in enumerate(edits)
        ])
        for table, rows in zip((Character, Location, Prop), design, strict=True):
            conn.execute(insert(table), rows)
        conn.execute(insert(Scene), scene_rows)
        if shot_rows:
            conn.execute(insert(Shot), _table_rows(shot_rows, ("character_ids", "prop_ids")))
            links = [{"shot_id": s["id"], "character_id": c} for s in shot_rows for c in s["character_ids"]]
            props = [{"shot_id": s["id"], "prop_id": c} for s in shot_rows for c in s["prop_ids"]]
            if links:
                conn.execute(insert(shot_characters), links)
            if props:
                conn.execute(insert(shot_props), props)
        conn.execute(insert(HistoryEntry), [
            {"change_id": first, "entity_type": kind, "entity_id": snap["id"], "op": "create",
             "version": 1, "before": None, "after": snap}
            for kind, snap in created
        ] + [
            {"change_id": first + 1 + n, "entity_type": kind, "entity_id": after["id"], "op": "update",
             "version": after["version"], "before": before, "after": after}
            for n, (kind, before, after) in enumerate(edits)
        ])


# -- timing -------------------------------------------------------------------------------------


def _p50_ms(action: Callable[[int], object], runs: int) -> float:
    action(-1)  # warm caches: a long-running UI is in steady state
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def _raw_snapshot(db: Path) -> int:
    """Read every table the snapshot shows with plain sqlite3 (the least any implementation must do)."""
    conn = sqlite3.connect(db)
    try:
        n = 0
        for sql in (
            "SELECT * FROM project", "SELECT * FROM ideation", "SELECT * FROM art_direction",
            "SELECT * FROM scenes ORDER BY branch_id, position", "SELECT * FROM shots ORDER BY scene_id, number",
            "SELECT * FROM shot_characters", "SELECT * FROM shot_props", "SELECT * FROM characters",
            "SELECT * FROM locations", "SELECT * FROM props", "SELECT * FROM stale_marks",
            "SELECT * FROM timeline_clips ORDER BY position",
            "SELECT l.*, a.sha256, a.path FROM asset_links l JOIN assets a ON a.id = l.asset_id",
            "SELECT kind, count(*) FROM assets GROUP BY kind", "SELECT count(*) FROM changes",
            "SELECT * FROM changes ORDER BY id DESC LIMIT 1", "SELECT sum(cost_usd) FROM ledger",
        ):
            n += len(conn.execute(sql).fetchall())
        return n
    finally:
        conn.close()


def _raw_scene_edit(db: Path, number: int, content: str) -> None:
    """Do what update_scene does with plain sqlite3: new version, change + history row, shots' card marks."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "SELECT id, version, content FROM scenes WHERE branch_id IS NULL ORDER BY position LIMIT 1 OFFSET ?",
            (number - 1,),
        ).fetchone()
        sid, version = row[0], row[1]
        conn.execute("UPDATE scenes SET content = ?, version = ? WHERE id = ?", (content, version + 1, sid))
        cid = conn.execute(
            "INSERT INTO changes (actor, action, summary, created_at) VALUES ('bench', 'update_scene', ?, ?)",
            (f"Revised scene {number}", datetime.now(UTC).isoformat()),
        ).lastrowid
        conn.execute(
            "INSERT INTO history (change_id, entity_type, entity_id, op, version, before, after) "
            "VALUES (?, 'scene', ?, 'update', ?, ?, ?)",
            (
                cid,
                sid,
                version + 1,
                json.dumps({"id": sid, "content": row[2]}),
                json.dumps({"id": sid, "content": content}),
            ),
        )
        conn.execute(
            "DELETE FROM stale_marks WHERE source_type = 'scene' AND source_id = ? AND aspect = 'card'", (sid,)
        )
        conn.execute(
            "INSERT INTO stale_marks (entity_type, entity_id, aspect, source_type, source_id, from_version, "
            "to_version, reason, version) SELECT 'shot', id, 'card', 'scene', ?, ?, ?, 'scene content changed', 1 "
            "FROM shots WHERE scene_id = ?",
            (sid, version, version + 1, sid),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def _measure(project: Project, runs: int) -> dict[str, float]:
    from agent.project import snapshot, story

    n = len(snapshot(project)["scenes"])
    db = project.path / DB_NAME
    return {
        "snapshot": _p50_ms(lambda i: snapshot(project), runs),
        "raw_snapshot": _p50_ms(lambda i: _raw_snapshot(db), runs),
        "edit": _p50_ms(
            lambda i: story.update_scene(project, 1 + (i * 37) % n, content=f"Darker, take {i}.", actor="bench"), runs
        ),
        "raw_edit": _p50_ms(lambda i: _raw_scene_edit(db, 1 + (i * 41) % n, f"Raw, take {i}."), runs),
    }


def _figure(
    name: str, value: float, baseline: float, unit: str, target: float | None, *, on_ratio: bool
) -> dict[str, Any]:
    ratio = value / baseline if baseline > 0 else float("inf")
    ok = target is None or (ratio if on_ratio else value) <= target
    return {"name": name, "value": round(value, 3), "unit": unit, "baseline": round(baseline, 3),
            "ratio": round(ratio, 2), "target": target, "ok": ok}


def bench_store(path: Path, *, runs: int = 20, history_rows: int = 100_000) -> dict[str, Any]:
    """Time ``snapshot()`` and a scene edit (p50 of ``runs``) at 120 scenes, against raw sqlite3 and 10 scenes.

    Builds two synthetic projects under ``path`` (which must not hold them yet). The figures follow
    the ``python -m benchmarks`` shape: name, value, unit, baseline, ratio, target, ok.
    """
    path = Path(path)
    start = time.perf_counter()
    big = build_synthetic_project(path / "s120", scenes=120, shots=1500, history_rows=history_rows)
    build_s = time.perf_counter() - start
    small = build_synthetic_project(path / "s10", scenes=10, shots=125, history_rows=history_rows)
    try:
        at120, at10 = _measure(big, runs), _measure(small, runs)
    finally:
        big.close()
        small.close()
    return {
        "build_s": round(build_s, 2),
        "runs": runs,
        "history_rows": history_rows,
        "figures": [
            _figure(
                "store.snapshot_120", at120["snapshot"], at120["raw_snapshot"], "ms", STORE_TARGET_MS, on_ratio=False
            ),
            _figure("store.scene_edit_120", at120["edit"], at120["raw_edit"], "ms", STORE_TARGET_MS, on_ratio=False),
            # Linear growth in scenes would be 12x; the snapshot lists every shot, so that is its bound.
            _figure("store.snapshot_scaling_120_vs_10", at120["snapshot"], at10["snapshot"], "ms", 12.0, on_ratio=True),
            _figure("store.scene_edit_scaling_120_vs_10", at120["edit"], at10["edit"], "ms", 12.0, on_ratio=True),
        ],
    }
