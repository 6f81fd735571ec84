"""Project-store figures: ``status`` snapshot and a scene edit at 120 scenes, against raw SQL and 10 scenes.

The synthetic project (deterministic, offline) is built here: a generated screenplay imported through
``agent.project``, shots through ``replace_shots``, and older history padded in bulk so the change log
has the size a long-lived project reaches (100,000 history rows at full size).
"""

from __future__ import annotations

import atexit
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from agent.formats.fountain import parse_fountain
from agent.project import DB_NAME, Project, snapshot, story
from agent.project.schema import Change, HistoryEntry
from agent.project.screenplay import import_screenplay
from agent.project.shots import ShotCard, replace_shots
from benchmarks.figures import Figure

__all__ = ["build_project", "project_copy", "store_figures", "synthetic_fountain"]

_STATUS_TARGET_MS = 200.0
_PEOPLE = ["MARA", "JONAS", "IDA", "RUBEN", "THE DRIVER", "NINA"]
_PLACES = ["PLATFORM", "NEON ALLEY", "HARBOUR", "KITCHEN", "ROOFTOP", "HOSPITAL CORRIDOR", "PINE FOREST"]
_HISTORY_PER_CHANGE = 10


def synthetic_fountain(scenes: int) -> str:
    """Return a deterministic screenplay with ``scenes`` scenes of action and dialogue."""
    parts = ["Title: BENCHMARK\n"]
    for i in range(scenes):
        a, b = _PEOPLE[i % len(_PEOPLE)], _PEOPLE[(i + 2) % len(_PEOPLE)]
        place = _PLACES[i % len(_PLACES)]
        time_of_day = "NIGHT" if i % 2 else "DAY"
        parts.append(
            f"{'INT' if i % 3 else 'EXT'}. {place} {i + 1} - {time_of_day}\n\n"
            f"{a.title()} waits by the {place.lower()}. Rain ticks on the glass. Scene {i + 1} begins.\n\n"
            f"{a}\nWe should not be here.\n\n{b}\nThen why did you come back?\n\n"
            f"{a.title()} turns away. A long silence.\n"
        )
    return "\n".join(parts)


def build_project(root: Path, *, scenes: int, shots: int, history: int) -> Path:
    """Create a project under ``root`` with the given scene, shot and history-row counts; return its path."""
    path = root / f"project-{scenes}"
    project = Project.create(path, name=f"Benchmark {scenes}")
    try:
        import_screenplay(project, parse_fountain(synthetic_fountain(scenes)), actor="bench")
        per_scene = [shots // scenes + (1 if i < shots % scenes else 0) for i in range(scenes)]
        for number, count in enumerate(per_scene, start=1):
            cards = [ShotCard(description=f"Shot {k + 1} of scene {number}: a figure in the rain", duration_s=2.0)
                     for k in range(max(count, 1))]  # fmt: skip
            replace_shots(project, number, cards, actor="bench")
        _pad_history(project, history)
    finally:
        project.close()
    return path


_templates: dict[tuple[int, int, int], Path] = {}


def project_copy(root: Path, *, scenes: int, shots: int, history: int) -> Path:
    """Return a fresh copy under ``root`` of a synthetic project, built once per process for each size."""
    key = (scenes, shots, history)
    if key not in _templates:
        home = Path(tempfile.mkdtemp(prefix="reelsmith-bench-template-"))
        atexit.register(shutil.rmtree, home, True)
        _templates[key] = build_project(home, scenes=scenes, shots=shots, history=history)
    target = root / f"copy-{scenes}-{shots}-{history}"
    shutil.copytree(_templates[key], target)
    return target


def _pad_history(project: Project, rows: int) -> None:
    """Add ``rows`` old history rows (in changes of ten) so the log is as big as a long project's."""
    if rows <= 0:
        return
    when = datetime(2025, 1, 1, tzinfo=UTC)
    with project.engine.begin() as conn:
        n_changes = rows // _HISTORY_PER_CHANGE
        first = conn.execute(insert(Change).returning(Change.id), [
            {"actor": "bench", "action": "bench_padding", "summary": "old work", "created_at": when}
        ]).scalar_one()  # fmt: skip
        conn.execute(insert(Change), [
            {"actor": "bench", "action": "bench_padding", "summary": "old work", "created_at": when}
            for _ in range(n_changes - 1)
        ])  # fmt: skip
        conn.execute(insert(HistoryEntry), [
            {"change_id": first + i // _HISTORY_PER_CHANGE, "entity_type": "padding", "entity_id": i % 997 + 1,
             "op": "update", "version": i // 997 + 1, "before": {"n": i}, "after": {"n": i + 1}}
            for i in range(rows)
        ])  # fmt: skip


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm caches so the figure is steady-state, as a long-running UI is
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def _raw_status(db: Path) -> dict[str, object]:
    """Read what the snapshot shows with plain sqlite3: the least any implementation must do."""
    with sqlite3.connect(db) as conn:
        scenes = conn.execute("SELECT id, heading, content, version FROM scenes ORDER BY position").fetchall()
        shots = conn.execute(
            "SELECT id, scene_id, number, description, shot_type, angle, movement, lens_mm, duration_s, status "
            "FROM shots ORDER BY scene_id, number"
        ).fetchall()
        chars = conn.execute("SELECT id, name FROM characters").fetchall()
        locs = conn.execute("SELECT id, name FROM locations").fetchall()
        stale = conn.execute("SELECT * FROM stale_marks").fetchall()
        changes = conn.execute("SELECT count(*) FROM changes").fetchone()
        last = conn.execute("SELECT * FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    return {"scenes": scenes, "shots": shots, "chars": chars, "locs": locs, "stale": stale,
            "changes": changes, "last": last}  # fmt: skip


def _raw_edit(db: Path, counter: list[int]) -> None:
    """Revise scene 3 with plain sqlite3: update the row, write a change and a history row, commit."""
    counter[0] += 1
    content = f"Scene three, darker ({counter[0]})."
    with sqlite3.connect(db) as conn:
        sid, version, before = conn.execute(
            "SELECT id, version, content FROM scenes ORDER BY position LIMIT 1 OFFSET 2").fetchone()  # fmt: skip
        conn.execute("UPDATE scenes SET content = ?, version = ? WHERE id = ?", (content, version + 1, sid))
        cid = conn.execute("INSERT INTO changes (actor, action, summary, created_at) VALUES (?, ?, ?, ?)",
                           ("bench", "update_scene", "raw", datetime.now(UTC).isoformat())).lastrowid  # fmt: skip
        conn.execute(
            "INSERT INTO history (change_id, entity_type, entity_id, op, version, before, after) "
            "VALUES (?, 'scene', ?, 'update', ?, ?, ?)",
            (cid, sid, version + 1, json.dumps({"content": before}), json.dumps({"content": content})),
        )


def _measure(path: Path, repeat: int) -> tuple[float, float, float, float]:
    """Return (status ms, raw status ms, edit ms, raw edit ms) for one project."""
    project = Project.open(path)
    try:
        status_ms = _median_ms(lambda: snapshot(project), repeat)
        counter = [0]

        def edit() -> None:
            counter[0] += 1
            story.update_scene(project, 3, actor="bench", content=f"Scene three, darker still ({counter[0]}).")

        edit_ms = _median_ms(edit, repeat)
    finally:
        project.close()
    db = path / DB_NAME
    raw_status_ms = _median_ms(lambda: _raw_status(db), repeat)
    raw_counter = [0]
    raw_edit_ms = _median_ms(lambda: _raw_edit(db, raw_counter), repeat)
    return status_ms, raw_status_ms, edit_ms, raw_edit_ms


def store_figures(*, quick: bool) -> list[Figure]:
    """Measure the store at 120 scenes / 1,500 shots / 100k history rows against raw SQL and 10 scenes."""
    history = 20_000 if quick else 100_000
    repeat = 5 if quick else 20
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-store-") as tmp:
        big = build_project(Path(tmp), scenes=120, shots=1500, history=history)
        small = build_project(Path(tmp), scenes=10, shots=125, history=history)
        b_status, b_raw_status, b_edit, b_raw_edit = _measure(big, repeat)
        s_status, _, s_edit, _ = _measure(small, repeat)
    size = f"120 scenes, 1,500 shots, {history:,} padded history rows, median of {repeat}"
    return [
        Figure.measure("store.status_120", value=b_status, baseline=b_raw_status, unit="ms",
                       target=_STATUS_TARGET_MS, target_on="value",
                       note=f"{size}; baseline: the same tables read with raw sqlite3"),
        Figure.measure("store.scene_edit_120", value=b_edit, baseline=b_raw_edit, unit="ms",
                       target=_STATUS_TARGET_MS, target_on="value",
                       note=f"{size}; baseline: UPDATE + change + history row with raw sqlite3"),
        Figure.measure("store.status_scaling_120_vs_10", value=b_status, baseline=s_status, unit="ms",
                       note="snapshot time at 120 vs 10 scenes (report only; the snapshot lists every shot)"),
        Figure.measure("store.scene_edit_scaling_120_vs_10", value=b_edit, baseline=s_edit, unit="ms",
                       target=2.0, note="scene edit at 120 vs 10 scenes (same history size)"),
    ]  # fmt: skip
