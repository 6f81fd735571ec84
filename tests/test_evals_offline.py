"""Run the eval scenarios against the real offline agent: every scenario passes, every negative one fails."""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from agent.evaldriver import SessionDriver
from evals.results import RunResult
from evals.runner import run_scenarios

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


async def test_every_negative_scenario_fails(tmp_path: Path) -> None:
    result = await _run(NEGATIVE, tmp_path / "home")
    assert len(result.scenarios) >= 3
    assert all("negative" in run.tags for run in result.scenarios)
    passed = [run.id for run in result.scenarios if run.passed]
    assert not passed, f"negative scenarios passed (the scorers missed them): {passed}"


async def test_the_design_example_runs_unchanged_against_the_agent(tmp_path: Path) -> None:
    """The scenario printed in DESIGN.md, copied verbatim, runs through `reelsmith eval` and passes."""
    result = await _run(ROOT / "tests" / "fixtures" / "evals" / "rewrite-scene-darker.yaml", tmp_path / "home")
    assert [r.id for r in result.scenarios] == ["rewrite-scene-darker"]
    assert result.pass_rate == 1.0, _failures(result)
