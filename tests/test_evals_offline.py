"""Run the eval scenarios against the real offline agent: every scenario passes, every negative one fails."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.evaldriver import SessionDriver
from evals.results import RunResult
from evals.runner import run_scenarios
from evals.scenario import load_scenarios

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "evals" / "scenarios"
NEGATIVE = ROOT / "evals" / "negative"


async def _run(folder: Path, home: Path) -> RunResult:
    return await run_scenarios(
        [folder],
        driver_factory=lambda: SessionDriver(Settings(home=home)),
        concurrency=2,
        model="offline",
    )


def _failures(result: RunResult) -> str:
    lines = []
    for run in result.scenarios:
        if run.passed:
            continue
        lines.append(f"{run.id} ({run.file}): error={run.error}")
        lines.extend(f"  {c.kind} {c.path}: expected {c.expected!r}, got {c.actual!r}" for c in run.failed_checks())
    return "\n".join(lines)


async def test_every_scenario_passes_offline(tmp_path: Path) -> None:
    result = await _run(SCENARIOS, tmp_path / "home")
    assert len(result.scenarios) >= 40
    assert result.pass_rate == 1.0, _failures(result)


RULE_TAGS = {"rule-decision": "error", "rule-errors": "errors"}
"""Negative cases whose checks hold on purpose: only the runner's rule (kind) may fail them."""


def _check_kinds(folder: Path) -> set[str]:
    """Return the check kinds the scenarios under ``folder`` declare (as the runner names them)."""
    kinds: set[str] = set()
    for scenario in load_scenarios([folder]):
        expect = scenario.expect
        kinds.update(check.kind for check in expect.state)
        if expect.calls is not None:
            if expect.calls.tools is not None:
                kinds.add(f"calls.{expect.calls.mode}")
            if expect.calls.forbidden:
                kinds.add("calls.forbidden")
        if expect.route is not None:
            kinds.add("route")
        if expect.response is not None:
            given = [k for k in ("contains", "not_contains", "matches") if getattr(expect.response, k)]
            kinds.update(f"response.{k}" for k in given)
    return kinds


async def test_every_negative_scenario_fails(tmp_path: Path) -> None:
    result = await _run(NEGATIVE, tmp_path / "home")
    assert len(result.scenarios) >= 3
    assert all("negative" in run.tags for run in result.scenarios)
    passed = [run.id for run in result.scenarios if run.passed]
    assert not passed, f"negative scenarios passed (the scorers missed them): {passed}"
    for run in result.scenarios:
        rule = next((RULE_TAGS[tag] for tag in run.tags if tag in RULE_TAGS), None)
        if rule is not None:  # the checks hold; the runner's rule alone must fail it
            assert [c.kind for c in run.failed_checks()] == [rule], (run.id, run.checks)
        else:  # every check is wrong on purpose, so each one must fail
            assert all(not c.passed for c in run.checks), (run.id, [c for c in run.checks if c.passed])
    failing_kinds = {c.kind for run in result.scenarios for c in run.failed_checks()}
    missing = _check_kinds(SCENARIOS) - failing_kinds
    assert not missing, f"check kinds of the own suite no negative case shows failing: {sorted(missing)}"


async def test_the_design_example_runs_unchanged_against_the_agent(tmp_path: Path) -> None:
    """The scenario printed in DESIGN.md, copied verbatim, runs through `reelsmith eval`.

    Every check it states passes. Its second turn answers an approval, but a rewrite is applied at once
    (undo reverts it) and asks nothing, so the runner's rule "a decision with nothing waiting fails"
    fails it, as it must: the example, not the agent, is out of date on that point.
    """
    result = await _run(ROOT / "tests" / "fixtures" / "evals" / "rewrite-scene-darker.yaml", tmp_path / "home")
    assert [r.id for r in result.scenarios] == ["rewrite-scene-darker"]
    [scenario] = result.scenarios
    failed = [c for c in scenario.checks if not c.passed]
    assert [c.kind for c in failed] == ["error"], _failures(result)
    assert "nothing is waiting for a decision" in (scenario.error or ""), scenario.error
    assert len(scenario.checks) == 8 and all(c.passed for c in scenario.checks if c.kind != "error")
