"""Lost updates on one scene: stale rewrites are refused (one line, nothing written), and three processes
rewriting scene 1 at once lose nothing and never report the same version twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.project import Project, history, story
from agent.project.views import scene_by_number
from agent.tools.base import ToolContext
from agent.tools.story import writer_tools
from benchmarks.same_scene import run_same_scene

ACTOR = "test"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p", name="Shared")
    story.add_scene(p, heading="INT. COUNTER", content="Ana counts.", actor=ACTOR)
    return p


def _tool(p: Project, name: str) -> object:
    return next(t for t in writer_tools(ToolContext(p, Settings())) if t.name == name)


def _scene(p: Project) -> tuple[int, str]:
    with p.read() as s:
        scene = scene_by_number(s, 1)
        return scene.version, scene.content


def _changes(p: Project) -> int:
    with p.read() as s:
        return history.change_count(s)


def test_a_rewrite_built_on_a_stale_version_is_refused_and_writes_nothing(project: Project) -> None:
    rewrite = _tool(project, "rewrite_scene")
    story.update_scene(project, 1, content="Ana counts twice.", actor="someone else")
    before, count = _scene(project), _changes(project)
    answer = rewrite.invoke(  # type: ignore[attr-defined]
        {"scene_number": 1, "direction": "darker", "content": "Ana counts in the dark.", "expected_version": 1}
    )
    assert answer.startswith("Error: scene 1 changed since you read version 1 (it is now version 2")
    assert "\n" not in answer
    assert _scene(project) == before and _changes(project) == count
    project.close()


def test_a_rewrite_retries_once_when_only_the_tags_moved_on(project: Project) -> None:
    rewrite = _tool(project, "rewrite_scene")
    # A free tag: keep or love would make the rewrite ask first (test_story_chain_graph covers that).
    story.tag_scene(project, 1, add=["night"], actor="someone else")  # version 2, same text
    answer = rewrite.invoke(  # type: ignore[attr-defined]
        {"scene_number": 1, "direction": "darker", "content": "Ana counts in the dark.", "expected_version": 1}
    )
    assert answer.startswith("Rewrote scene 1 (darker) as version 3")
    assert _scene(project) == (3, "Ana counts in the dark.")
    project.close()


def test_a_rewrite_that_changes_nothing_does_not_claim_a_new_version(project: Project) -> None:
    rewrite = _tool(project, "rewrite_scene")
    answer = rewrite.invoke(  # type: ignore[attr-defined]
        {"scene_number": 1, "direction": "same", "content": "Ana counts.", "expected_version": 1}
    )
    assert "nothing changed" in answer and "as version" not in answer
    assert _scene(project) == (1, "Ana counts.")
    project.close()


def test_three_processes_rewriting_scene_one_lose_nothing(tmp_path: Path) -> None:
    report = run_same_scene(work=tmp_path, processes=3, rewrites=3)
    assert report.errors == []
    assert report.lost_updates == 0
    assert report.duplicate_versions == 0
    assert report.succeeded + report.gave_up == 9
    assert report.succeeded >= 1 and report.final_version == 1 + report.succeeded


def test_the_offline_director_sends_the_version_it_drafted_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from agent.cli import main

    monkeypatch.setenv("REELSMITH_HOME", str(tmp_path / "home"))
    film = tmp_path / "film"
    assert main(["new", str(film), "--demo"]) == 0
    with Project.open(film) as p:
        story.tag_scene(p, 3, add=["night"], actor="someone else")  # scene 3 is now at version 2 (a free tag)
    capsys.readouterr()
    assert main(["chat", str(film), "rewrite scene 3 darker", "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    calls = [e["args"] for e in events if e["type"] == "tool" and e["name"] == "rewrite_scene"]
    assert calls and calls[0]["expected_version"] == 2
    with Project.open(film) as p, p.read() as s:
        assert scene_by_number(s, 3).version == 3
