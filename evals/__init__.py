"""Scripted evals behind ``reelsmith eval``: load YAML scenarios, drive the agent, score, report.

See evals/README.md for the scenario format. The CLI calls :func:`run_cli` with a factory for
the real driver (built on ``agent.session``); tests pass a fake that replays scripted turns.
"""

from evals.checks import STATE_CHECKS, CheckResult, score_response, score_state_check
from evals.driver import DriverFactory, EvalDriver, ToolCall, TurnResult
from evals.paths import Missing, PathSyntaxError, SnapshotPath, parse_path, resolve
from evals.report import render_markdown, result_line, summary_lines, total_line, write_json, write_markdown
from evals.results import RunResult, ScenarioResult
from evals.runner import (
    DEFAULT_SCENARIOS_DIR,
    EvalUsageError,
    git_commit,
    run_cli,
    run_loaded,
    run_scenarios,
    score_scenario,
)
from evals.scenario import (
    CallsExpect,
    Expect,
    ExpectedCall,
    ProjectSource,
    ResponseExpect,
    Scenario,
    ScenarioError,
    StateCheck,
    Turn,
    find_scenario_files,
    load_scenario,
    load_scenarios,
)
from evals.trajectory import route_matches, score_calls, score_route, trajectory_matches

__all__ = [
    "CallsExpect",
    "CheckResult",
    "DEFAULT_SCENARIOS_DIR",
    "DriverFactory",
    "EvalDriver",
    "EvalUsageError",
    "Expect",
    "ExpectedCall",
    "Missing",
    "PathSyntaxError",
    "ProjectSource",
    "ResponseExpect",
    "RunResult",
    "STATE_CHECKS",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "SnapshotPath",
    "StateCheck",
    "ToolCall",
    "Turn",
    "TurnResult",
    "find_scenario_files",
    "git_commit",
    "load_scenario",
    "load_scenarios",
    "parse_path",
    "render_markdown",
    "resolve",
    "result_line",
    "route_matches",
    "run_cli",
    "run_loaded",
    "run_scenarios",
    "score_calls",
    "score_response",
    "score_route",
    "score_scenario",
    "score_state_check",
    "summary_lines",
    "total_line",
    "trajectory_matches",
    "write_json",
    "write_markdown",
]
