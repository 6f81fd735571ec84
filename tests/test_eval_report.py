"""Eval reports: the JSON shape of DESIGN.md, the Markdown report, the console summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evals.checks import CheckResult
from evals.driver import ToolCall
from evals.report import format_call, render_markdown, summary_lines, write_json, write_markdown
from evals.results import RunResult, ScenarioResult

DATE = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def passing(trial: int = 1) -> ScenarioResult:
    return ScenarioResult(
        id="rewrite-scene-darker",
        tags=["writer"],
        passed=True,
        reward=1.0,
        checks=[
            CheckResult("gt", "scenes[number=3].version", 1, 2, True),
            CheckResult("calls.superset", "tool_calls", ["rewrite_scene"], ["rewrite_scene"], True),
        ],
        tool_calls=[ToolCall("rewrite_scene", {"scene_number": 3, "tone": "darker"})],
        route=["writer"],
        tokens=130,
        latency_ms=42,
        error=None,
        trial=trial,
        file="evals/scenarios/rewrite.yaml",
    )


def failing(trial: int = 1) -> ScenarioResult:
    return ScenarioResult(
        id="approve-still",
        tags=["cinematographer", "approvals"],
        passed=False,
        reward=1 / 3,
        checks=[
            CheckResult(
                "equals", "shots[*scene=2][number=1].status", "still_approved", "still_rejected", False
            ),
            CheckResult("route", "route", ["cinematographer"], ["cinematographer"], True),
            CheckResult("response.contains", "response", "a | b", "no\npipes here", False),
        ],
        tool_calls=[],
        route=["cinematographer"],
        tokens=7,
        latency_ms=1500,
        error="turn 2: ValueError: nothing pending",
        trial=trial,
        file="evals/scenarios/approve.yaml",
    )


def untagged() -> ScenarioResult:
    result = passing()
    result.id, result.tags = "no-tags", []
    return result


@pytest.fixture
def run() -> RunResult:
    return RunResult(
        model="gpt-4o-mini",
        base_url="http://127.0.0.1:11434/v1",
        commit="abc1234",
        date=DATE,
        scenarios=[passing(), failing(), untagged()],
    )


def test_json_has_the_design_shape(run: RunResult, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "eval.json"
    write_json(run, path)
    data = json.loads(path.read_text())
    assert {"model", "base_url", "commit", "pass_rate", "scenarios"} <= set(data)
    assert (data["model"], data["base_url"], data["commit"]) == (
        "gpt-4o-mini",
        "http://127.0.0.1:11434/v1",
        "abc1234",
    )
    assert data["pass_rate"] == pytest.approx(2 / 3, abs=1e-4)
    first = data["scenarios"][0]
    assert {
        "id",
        "tags",
        "passed",
        "reward",
        "checks",
        "tool_calls",
        "route",
        "tokens",
        "latency_ms",
        "error",
    } <= set(first)
    assert first["checks"][0] == {
        "kind": "gt",
        "path": "scenes[number=3].version",
        "expected": 1,
        "actual": 2,
        "passed": True,
    }
    assert first["tool_calls"] == [{"name": "rewrite_scene", "args": {"scene_number": 3, "tone": "darker"}}]
    assert data["scenarios"][1]["error"] == "turn 2: ValueError: nothing pending"
    assert data["scenarios"][1]["reward"] == pytest.approx(0.3333)
    assert data["by_tag"]["writer"] == {"passed": 1, "total": 1, "pass_rate": 1.0}
    assert data["by_tag"]["approvals"] == {"passed": 0, "total": 1, "pass_rate": 0.0}
    assert data["by_tag"]["(untagged)"]["total"] == 1
    assert data["pass_hat_k"] == {"1": pytest.approx(2 / 3, abs=1e-4)}
    assert data["date"] == "2025-03-04T05:06:07+00:00"


def test_markdown_header_and_tables(run: RunResult) -> None:
    md = render_markdown(run)
    assert md.startswith("# Reelsmith eval report\n")
    assert "| Model | gpt-4o-mini |" in md
    assert "| Base URL | http://127.0.0.1:11434/v1 |" in md
    assert "| Commit | abc1234 |" in md
    assert "| Date | 2025-03-04 05:06:07 UTC |" in md
    assert "| Pass rate | 2/3 runs (66.7%) |" in md
    # Pass rate per tag.
    assert "| approvals | 0 | 1 | 0% |" in md
    assert "| writer | 1 | 1 | 100% |" in md
    assert "| (untagged) | 1 | 1 | 100% |" in md
    # The summary row per scenario: result, reward, checks, calls, tokens, latency.
    assert "| rewrite-scene-darker | 1 | PASS | 1.00 | 2/2 | 1 | 130 | 42 ms |" in md
    assert "| approve-still | 1 | FAIL | 0.33 | 1/3 | 0 | 7 | 1500 ms |" in md
    # A table per scenario with pass/fail per check.
    assert "### PASS rewrite-scene-darker" in md
    assert '- Tool calls: rewrite_scene(scene_number=3, tone="darker")' in md
    assert "| equals | shots[*scene=2][number=1].status | still_approved | still_rejected | FAIL |" in md
    assert "| gt | scenes[number=3].version | > 1 | 2 | PASS |" in md


def test_markdown_failures_show_expected_and_actual(run: RunResult) -> None:
    md = render_markdown(run)
    failures = md.split("## Failures", 1)[1]
    assert "### approve-still" in failures
    assert "rewrite-scene-darker" not in failures
    assert "- error at turns" not in failures  # the error line comes from the scenario section
    assert (
        "- equals at shots[*scene=2][number=1].status: expected still_approved, actual still_rejected"
        in failures
    )
    # Pipes are escaped and newlines flattened so the tables stay intact.
    assert "expected containing a \\| b, actual no pipes here" in failures
    assert "- Error: turn 2: ValueError: nothing pending" in md


def test_markdown_without_failures_has_no_failure_section() -> None:
    run = RunResult(model="offline", base_url=None, commit="unknown", date=DATE, scenarios=[passing()])
    md = render_markdown(run)
    assert "## Failures" not in md
    assert "| Base URL | default |" in md
    assert "| Commit | unknown |" in md


def test_markdown_with_trials_reports_pass_hat_k(tmp_path: Path) -> None:
    run = RunResult(
        model="offline",
        base_url=None,
        commit="unknown",
        date=DATE,
        trials=2,
        scenarios=[passing(1), passing(2), failing(1), passing(2)],
    )
    # The fourth run is scenario "rewrite-scene-darker" again; fix ids so each scenario has 2 trials.
    run.scenarios[3].id = "approve-still"
    md_path = tmp_path / "r.md"
    write_markdown(run, md_path)
    md = md_path.read_text()
    assert "| pass^k | pass^1 0.750 · pass^2 0.500 |" in md
    assert "### FAIL approve-still" in md
    assert "### PASS approve-still (trial 2)" in md


def test_summary_lines() -> None:
    run = RunResult(
        model="offline", base_url=None, commit="abc", date=DATE, trials=1, scenarios=[passing(), failing()]
    )
    lines = summary_lines(run)
    assert lines[0] == "PASS rewrite-scene-darker: reward 1.00, 1 calls, 130 tokens, 42 ms"
    assert lines[1].startswith("FAIL approve-still: reward 0.33, 0 calls, 7 tokens, 1500 ms — equals at ")
    assert "expected still_approved, actual still_rejected" in lines[1]
    assert lines[-1] == "1/2 passed (50.0%), model offline, commit abc"


def test_empty_run() -> None:
    run = RunResult(model="offline", base_url=None, commit="abc", date=DATE)
    assert run.pass_rate == 0.0 and not run.all_passed and run.pass_hat_k() == {}
    assert "| Pass rate | 0/0 runs (0.0%) |" in render_markdown(run)


def test_format_call_shortens_long_values() -> None:
    call = ToolCall("rewrite_scene", {"text": "x" * 200, "n": 3})
    shown = format_call(call)
    assert shown.startswith('rewrite_scene(text="xxx')
    assert shown.endswith("…, n=3)")
    assert len(shown) < 100


def test_pass_hat_k_per_scenario_in_json_markdown_and_console(tmp_path: Path) -> None:
    flaky = [passing(1), passing(2), passing(3)]
    flaky[1].passed = False
    steady = [failing(t) for t in (1, 2, 3)]
    for s in steady:
        s.passed, s.id = True, "steady"
    run = RunResult(model="gpt-4o-mini", base_url=None, commit="abc", date=DATE, trials=3, scenarios=flaky + steady)
    rows = run.pass_hat_k_by_scenario()
    assert rows["rewrite-scene-darker"]["pass_hat_k"] == {1: pytest.approx(2 / 3), 2: pytest.approx(1 / 3), 3: 0.0}
    assert rows["steady"] == {"passes": 3, "trials": 3, "pass_hat_k": {1: 1.0, 2: 1.0, 3: 1.0}}
    write_json(run, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["pass_hat_k_by_scenario"]["rewrite-scene-darker"]["pass_hat_k"]["3"] == 0.0
    assert data["pass_hat_k"]["3"] == pytest.approx(0.5)
    md = render_markdown(run)
    assert "| rewrite-scene-darker | 2/3 | 0.667 | 0.333 | 0.000 |" in md
    assert "| **overall** | | **0.833** | **0.667** | **0.500** |" in md
    assert "steady: 3/3 trials passed; pass^1 1.000, pass^2 1.000, pass^3 1.000" in summary_lines(run)
