"""Project-store figures, and the synthetic screenplay projects the agent benchmarks run on.

The store figures come from benchmarks.store_bench (a feature-length project with a real 100k-row
history). The agent and context benchmarks need scenes with real Fountain text, so they use
``build_project``: a generated screenplay imported through ``agent.project``, with shots.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from agent.formats.fountain import parse_fountain
from agent.project import Project
from agent.project.screenplay import import_screenplay
from agent.project.shots import ShotCard, replace_shots
from benchmarks.figures import Figure

__all__ = ["build_project", "project_copy", "store_figures", "synthetic_fountain"]

_PEOPLE = ["MARA", "JONAS", "IDA", "RUBEN", "THE DRIVER", "NINA"]
_PLACES = ["PLATFORM", "NEON ALLEY", "HARBOUR", "KITCHEN", "ROOFTOP", "HOSPITAL CORRIDOR", "PINE FOREST"]


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


def build_project(root: Path, *, scenes: int, shots: int) -> Path:
    """Create a project under ``root`` with the given scene and shot counts; return its path."""
    path = root / f"project-{scenes}"
    project = Project.create(path, name=f"Benchmark {scenes}")
    try:
        import_screenplay(project, parse_fountain(synthetic_fountain(scenes)), actor="bench")
        per_scene = [shots // scenes + (1 if i < shots % scenes else 0) for i in range(scenes)]
        for number, count in enumerate(per_scene, start=1):
            cards = [ShotCard(description=f"Shot {k + 1} of scene {number}: a figure in the rain", duration_s=2.0)
                     for k in range(max(count, 1))]
            replace_shots(project, number, cards, actor="bench")
    finally:
        project.close()
    return path


_templates: dict[tuple[int, int], Path] = {}


def project_copy(root: Path, *, scenes: int, shots: int) -> Path:
    """Return a fresh copy under ``root`` of a synthetic project, built once per process for each size."""
    key = (scenes, shots)
    if key not in _templates:
        home = Path(tempfile.mkdtemp(prefix="reelsmith-bench-template-"))
        atexit.register(shutil.rmtree, home, True)
        _templates[key] = build_project(home, scenes=scenes, shots=shots)
    target = root / f"copy-{scenes}-{shots}"
    shutil.copytree(_templates[key], target)
    return target


def store_figures(*, quick: bool) -> list[Figure]:
    """Measure the store at 120 scenes / 1,500 shots / 100k history rows against raw SQL and 10 scenes."""
    from benchmarks.store_bench import bench_store

    history = 20_000 if quick else 100_000
    runs = 5 if quick else 20
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-store-") as tmp:
        result = bench_store(Path(tmp), runs=runs, history_rows=history)
    size = f"120 scenes, 1,500 shots, {history:,} history rows, p50 of {runs}"
    out = []
    for fig in result["figures"]:
        scaling = "scaling" in fig["name"]
        note = "120 vs 10 scenes" if scaling else f"{size}; baseline: the same work as raw sqlite3"
        out.append(
            Figure.measure(
                fig["name"],
                value=fig["value"],
                baseline=fig["baseline"],
                unit=fig["unit"],
                target=fig["target"],
                target_on="ratio" if scaling else "value",
                note=note,
            )
        )
    return out
