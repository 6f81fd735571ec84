"""Crash safety: SIGKILL real reelsmith work mid-flight; the project stays whole and nothing committed is lost.

The full run (50+ kills) is ``python -m benchmarks.crash``; this one lands four kills, one per kind of
work, and also proves the checker itself notices damage.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent.cli import main as cli_main
from benchmarks.crash import ACTIONS, check_project, run_crash


@pytest.mark.timeout(480)
def test_four_kills_one_per_kind_of_work_lose_nothing(tmp_path: Path) -> None:
    committed = 0
    for attempt, warmup in enumerate((0.8, 3.0, 8.0)):  # a loaded machine starts the work later: wait longer
        report = run_crash(kills=4, work=tmp_path / str(attempt), seed=3, max_delay=2.5, warmup=warmup, index_every=2)
        killed = [r for r in report.runs if r.killed]
        assert all(r.exit_code in (None, 0) for r in report.runs), [r.error for r in report.runs if r.exit_code]
        assert report.attempted == 4 and {r.action for r in killed} <= set(ACTIONS)
        problems = {f"{r.action}@{r.delay_s}s": r.problems for r in report.runs if r.problems}
        assert not problems, problems
        assert report.lost_changes == 0 and report.survived == report.attempted
        committed = sum(len(r.committed) for r in report.runs)
        if committed:
            break
    assert committed > 0, "some work committed before a kill"


def test_the_checker_notices_damage(tmp_path: Path) -> None:
    film = tmp_path / "film"
    assert cli_main(["new", str(film), "--demo"]) == 0
    problems, repaired, lost = check_project(film, {1, 2}, index=False)
    assert problems == [] and repaired == 0 and lost == []
    # A stray file (a write killed before its commit) is found and repaired, not reported as damage.
    stray = film / "assets" / "ab" / ("ab" + "0" * 62 + ".png")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"\x89PNG\r\n\x1a\n")
    problems, repaired, _ = check_project(film, set(), index=False)
    assert problems == [] and repaired == 1 and not stray.exists()
    # A half-written export under a final name, a version that disagrees with history, a lost change.
    (film / "exports" / "cut.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100)
    con = sqlite3.connect(film / "project.db")
    con.execute("UPDATE scenes SET version = 7 WHERE id = (SELECT min(id) FROM scenes)")
    con.commit()
    con.close()
    problems, _, lost = check_project(film, {1, 999}, index=False)
    assert any("cut.mp4 does not play" in p for p in problems), problems
    assert any("is at version 7" in p for p in problems), problems
    assert lost == [999]
