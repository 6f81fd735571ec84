"""Run scenarios through a driver, score them, and (for the CLI) print and write the reports.

Each scenario run gets a fresh driver and a fresh temporary folder, so a run never touches a
user's project; runs go in parallel on one event loop, bounded by ``concurrency``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from evals.checks import CheckResult, score_response, score_state_check
from evals.driver import DriverFactory, EvalDriver, ToolCall, TurnResult
from evals.report import result_line, total_line, write_json, write_markdown
from evals.results import RunResult, ScenarioResult, label_sets
from evals.scenario import Scenario, ScenarioError, Turn, load_scenarios
from evals.trajectory import score_calls, score_route

__all__ = [
    "DEFAULT_SCENARIOS_DIR",
    "EvalUsageError",
    "run_scenarios",
    "run_loaded",
    "run_cli",
    "score_scenario",
    "git_commit",
]

DEFAULT_SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
"""Where ``reelsmith eval`` looks when given no paths."""

_T = TypeVar("_T")


class EvalUsageError(ValueError):
    """Bad runner arguments (trials, concurrency, output paths)."""


async def run_scenarios(
    paths: Sequence[Path],
    *,
    driver_factory: DriverFactory,
    trials: int = 1,
    concurrency: int = 4,
    model: str,
    base_url: str | None = None,
    turn_timeout_s: float | None = 600.0,
) -> RunResult:
    """Load the scenarios under ``paths`` (files or folders) and run each ``trials`` times."""
    scenarios = load_scenarios(paths)
    return await run_loaded(
        scenarios,
        driver_factory=driver_factory,
        trials=trials,
        concurrency=concurrency,
        model=model,
        base_url=base_url,
        turn_timeout_s=turn_timeout_s,
    )


async def run_loaded(
    scenarios: Sequence[Scenario],
    *,
    driver_factory: DriverFactory,
    trials: int = 1,
    concurrency: int = 4,
    model: str,
    base_url: str | None = None,
    turn_timeout_s: float | None = 600.0,
    on_result: Callable[[ScenarioResult], None] | None = None,
) -> RunResult:
    """Run already-loaded scenarios; results keep the scenario order, trials together.

    ``on_result`` is called with each run's result as soon as it finishes (for progress output).
    """
    _check_counts(trials=trials, concurrency=concurrency)
    gate = asyncio.Semaphore(concurrency)

    async def one(scenario: Scenario, trial: int) -> ScenarioResult:
        async with gate:
            result = await _run_one(scenario, trial, driver_factory, turn_timeout_s)
        if on_result is not None:
            on_result(result)
        return result

    runs = [one(s, t) for s in scenarios for t in range(1, trials + 1)]
    results = list(await asyncio.gather(*runs))
    for result, name in zip(results, label_sets([r.file for r in results]), strict=True):
        result.set = name
    return RunResult(
        model=model,
        base_url=base_url,
        commit=git_commit(),
        date=datetime.now(UTC),
        trials=trials,
        scenarios=results,
    )


def _check_counts(*, trials: int, concurrency: int) -> None:
    if trials < 1:
        raise EvalUsageError(f"trials must be at least 1, got {trials}")
    if concurrency < 1:
        raise EvalUsageError(f"concurrency must be at least 1, got {concurrency}")


class _Transcript:
    """What the turns of one run produced, accumulated across turns."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.calls: list[ToolCall] = []
        self.route: list[str] = []
        self.tokens = 0
        self.tool_errors: list[str] = []
        self.error: str | None = None
        self.stage = "start"
        self.before: dict[str, Any] | None = None
        self.after: dict[str, Any] | None = None

    def add(self, turn: TurnResult) -> None:
        self.texts.extend(str(text) for text in turn.texts if text)
        self.calls.extend(_as_call(call) for call in turn.tool_calls)
        self.route.extend(str(step) for step in turn.route)
        self.tokens += int(turn.tokens or 0)
        self.tool_errors.extend(f"{self.stage}: {e}" for e in getattr(turn, "tool_errors", None) or [])
        if turn.error:
            self.error = f"{self.stage}: {turn.error}"
        elif turn.recursion_limit_hit:
            self.error = f"{self.stage}: hit the recursion limit"


def _as_call(call: Any) -> ToolCall:
    """Accept a ToolCall or a LangChain-style ``{"name", "args"}`` dict from a driver."""
    if isinstance(call, ToolCall):
        return call
    return ToolCall(name=str(call["name"]), args=dict(call.get("args") or {}))


async def _run_one(
    scenario: Scenario, trial: int, factory: DriverFactory, timeout: float | None
) -> ScenarioResult:
    log = _Transcript()
    started: float | None = None
    with tempfile.TemporaryDirectory(prefix="reelsmith-eval-") as workdir:
        driver: EvalDriver | None = None
        try:
            driver = factory()
            await _bounded(driver.start(scenario.project, Path(workdir)), timeout)
            log.before = driver.snapshot()
            started = time.perf_counter()
            for n, turn in enumerate(scenario.turns, start=1):
                log.stage = f"turn {n}"
                log.add(await _bounded(_play(driver, turn), timeout))
                if log.error:
                    break
            log.stage = "snapshot"
            log.after = driver.snapshot()
        except TimeoutError:
            limit = f" (limit {timeout:g} s per step)" if timeout is not None else ""
            log.error = f"{log.stage}: timed out{limit}"
        except Exception as exc:  # a failing driver fails the scenario, not the run
            log.error = f"{log.stage}: {type(exc).__name__}: {exc}"
        finally:
            latency = time.perf_counter() - started if started is not None else 0.0
            if driver is not None:
                await _close(driver, log)
    try:
        checks = score_scenario(scenario, log)
    except Exception as exc:  # odd driver data fails this scenario, not the whole run
        log.error = log.error or f"scoring: {type(exc).__name__}: {exc}"
        checks = [CheckResult("error", "turns", "no error", log.error, False)]
    passed_count = sum(c.passed for c in checks)
    return ScenarioResult(
        id=scenario.id,
        tags=list(scenario.tags),
        passed=passed_count == len(checks) and log.error is None,
        reward=passed_count / len(checks) if checks else float(log.error is None),
        checks=checks,
        tool_calls=log.calls,
        route=log.route,
        tokens=log.tokens,
        latency_ms=round(latency * 1000),
        error=log.error,
        trial=trial,
        file=str(scenario.file),
        tool_errors=list(log.tool_errors),
    )


async def _bounded(step: Awaitable[_T], timeout: float | None) -> _T:
    return await asyncio.wait_for(step, timeout)


async def _play(driver: EvalDriver, turn: Turn) -> TurnResult:
    if turn.user is not None:
        return await driver.send(turn.user)
    assert turn.decision is not None
    return await driver.decide(turn.decision, turn.note)


async def _close(driver: EvalDriver, log: _Transcript) -> None:
    try:
        await driver.close()
    except Exception as exc:  # report a failing close without losing the results
        if log.error is None:
            log.error = f"close: {type(exc).__name__}: {exc}"


def score_scenario(scenario: Scenario, log: Any) -> list[CheckResult]:
    """Score every given check of ``scenario`` on a run's transcript (texts, calls, route, snapshots).

    ``log`` needs ``texts``, ``calls``, ``route``, ``error``, ``before`` and ``after`` (and may have
    ``tool_errors``). An error adds one failed ``error`` check; tool calls that returned an error add
    one failed ``errors`` check unless the scenario declares ``expect.errors: allowed``; without a
    final snapshot every state check fails.
    """
    checks: list[CheckResult] = []
    if log.error is not None:
        checks.append(CheckResult("error", "turns", "no error", log.error, False))
    tool_errors = list(getattr(log, "tool_errors", None) or [])
    if tool_errors and scenario.expect.errors == "forbidden":
        checks.append(CheckResult("errors", "tool calls", "no tool errors", tool_errors, False))
    expect = scenario.expect
    for state in expect.state:
        if log.after is None:
            missing = "<missing: no snapshot (the run failed first)>"
            checks.append(CheckResult(state.kind, state.path.text, state.expected, missing, False))
            continue
        before = log.before if log.before is not None else {}
        checks.append(
            score_state_check(state.kind, state.path, state.expected, before=before, after=log.after)
        )
    if expect.calls is not None:
        checks.extend(score_calls(expect.calls, log.calls))
    if expect.route is not None:
        checks.append(score_route(expect.route, log.route))
    if expect.response is not None:
        text = "\n".join(log.texts)
        response = expect.response
        for kind, items in (
            ("contains", response.contains),
            ("not_contains", response.not_contains),
            ("matches", response.matches),
        ):
            checks.extend(score_response(kind, item, text) for item in items)
    return checks


def git_commit(cwd: Path | None = None) -> str:
    """Return ``git rev-parse --short HEAD`` for the code under test, or "unknown"."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=cwd or Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def run_cli(
    paths: Sequence[Path],
    *,
    model: str,
    trials: int = 1,
    report: Path | None = None,
    json_path: Path | None = None,
    driver_factory: DriverFactory,
    base_url: str | None = None,
    concurrency: int = 4,
    turn_timeout_s: float | None = 600.0,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``reelsmith eval``: 0 when every scenario passes, 1 when any fails, 2 on bad input.

    Bad input (a scenario error, bad counts, an output path that is a folder) prints one line
    to ``err`` and runs nothing. With no paths, runs evals/scenarios.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        _check_counts(trials=trials, concurrency=concurrency)
        for target in (report, json_path):
            if target is not None and Path(target).is_dir():
                raise EvalUsageError(f"{target}: is a folder, expected a file path")
        scenarios = load_scenarios(list(paths) or [DEFAULT_SCENARIOS_DIR])
    except (ScenarioError, EvalUsageError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    result = asyncio.run(
        run_loaded(
            scenarios,
            driver_factory=driver_factory,
            trials=trials,
            concurrency=concurrency,
            model=model,
            base_url=base_url,
            turn_timeout_s=turn_timeout_s,
            on_result=lambda run: print(result_line(run, trials=trials), file=out, flush=True),
        )
    )
    print(total_line(result), file=out)
    try:
        if report is not None:
            write_markdown(result, Path(report))
        if json_path is not None:
            write_json(result, Path(json_path))
    except OSError as exc:
        print(f"error: cannot write the report: {exc}", file=err)
        return 2
    return 0 if result.all_passed else 1
