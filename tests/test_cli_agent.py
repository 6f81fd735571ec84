"""The agent through the command line, offline, on the demo (the issue's acceptance path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def status(capsys: pytest.CaptureFixture[str], project: Path) -> dict:
    code, out, _ = run(capsys, "status", project, "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def demo(tmp_path: Path, tmp_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    project = tmp_path / "demo"
    assert run(capsys, "new", project, "--demo")[0] == 0
    return project


def test_rewrite_darker_then_undo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = status(capsys, demo)
    code, out, _ = run(capsys, "chat", demo, "rewrite scene 3 darker", "--json")
    assert code == 0
    evs = events(out)
    assert {"type": "tool", "name": "rewrite_scene"}.items() <= next(e for e in evs if e["type"] == "tool").items()
    assert any(e["type"] == "message" and "undo" in e["text"].lower() for e in evs)
    after = status(capsys, demo)
    assert after["scenes"][2]["version"] == 2 and after["scenes"][2]["content"] != before["scenes"][2]["content"]
    assert "[[" not in after["scenes"][2]["content"]  # no draft marker inside the screenplay
    others = [s for i, s in enumerate(after["scenes"]) if i != 2]
    assert others == [s for i, s in enumerate(before["scenes"]) if i != 2]
    assert run(capsys, "chat", demo, "undo")[0] == 0
    assert status(capsys, demo)["scenes"] == before["scenes"]


def test_breakdown_storyboard_and_approval(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "chat", demo, "break scene 2 into shots")[0] == 0
    shots = [s for s in status(capsys, demo)["shots"] if s["scene"] == 2]
    assert len(shots) >= 2 and all(s["camera"]["shot_type"] and s["camera"]["lens_mm"] for s in shots)
    code, out, _ = run(capsys, "chat", demo, "generate a storyboard for shot 1 of scene 2", "--thread", "t1", "--json")
    assert code == 0, "a pending approval ends the command with exit 0"
    evs = events(out)
    preview = next(e for e in evs if e["type"] == "preview")
    approval = next(e for e in evs if e["type"] == "approval")
    assert Path(preview["path"]).is_file() and preview["mime"] == "image/png"
    assert approval["thread"] == "t1" and approval["options"] == ["approve", "reject", "regenerate"]
    code, out, _ = run(capsys, "resume", demo, "--thread", "t1", "--decision", "approve", "--json")
    assert code == 0
    shot = next(s for s in status(capsys, demo)["shots"] if s["scene"] == 2 and s["number"] == 1)
    assert shot["status"] == "still_approved"


def test_delete_asks_first(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "chat", demo, "delete scene 5", "--thread", "d", "--json")
    assert code == 0
    assert any(e["type"] == "approval" and e["options"] == ["approve", "cancel"] for e in events(out))
    assert len(status(capsys, demo)["scenes"]) == 6
    assert run(capsys, "resume", demo, "--thread", "d", "--decision", "approve")[0] == 0
    assert len(status(capsys, demo)["scenes"]) == 5


def test_resume_without_pending_is_one_line_error(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = status(capsys, demo)
    code, _, err = run(capsys, "resume", demo, "--thread", "none", "--decision", "approve")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert status(capsys, demo) == before
