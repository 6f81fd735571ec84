"""The brief snapshot (what questions read) says the same as the full one, without the production's long lists."""

from __future__ import annotations

from pathlib import Path

from agent.cli import main
from agent.project import Project, history, story
from agent.project.shots import ShotCard, replace_shots
from agent.project.snapshot import snapshot

LEFT_OUT = {"shots", "stale_items", "timeline", "costumes", "looks", "music"}


def test_the_brief_snapshot_is_the_full_one_without_its_long_lists(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert main(["new", str(folder), "--demo"]) == 0
    with Project.open(folder) as project:
        # Durations whose float sums depend on the order they are added in, on two scenes, one then rewritten.
        replace_shots(project, 2, [ShotCard(f"beat {i}", duration_s=d) for i, d in enumerate((0.3, 0.7, 2.3, 0.2))],
                      actor="t")
        replace_shots(project, 3, [ShotCard("wide", duration_s=4.4), ShotCard("close", duration_s=1.3)], actor="t")
        story.revise_scene(project, 2, content="She waits. The rain does not stop.", actor="t")
        history.create_branch(project, "alt", 3, 3, actor="t")
        full, brief = snapshot(project, budget_usd=5.0), snapshot(project, budget_usd=5.0, brief=True)
    assert full["stale_items"] and full["shots"], "the project has what brief leaves out"
    assert set(full) - set(brief) == LEFT_OUT
    assert {k: v for k, v in full.items() if k not in LEFT_OUT | {"assets"}} == {k: v for k, v in brief.items()
                                                                                 if k != "assets"}
    assert brief["assets"] == {k: v for k, v in full["assets"].items() if k != "items"}
    assert [s["runtime_s"] for s in brief["scenes"][1:3]] == [s["runtime_s"] for s in full["scenes"][1:3]]
