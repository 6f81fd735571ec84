"""The eval runner end to end with a fake driver that replays scripted turns, and the loader."""

from __future__ import annotations

import asyncio
import copy
import io
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evals.driver import EvalDriver, ProjectSource, ToolCall, TurnResult
from evals.report import render_markdown, total_line
from evals.results import RunResult, label_sets
from evals.runner import run_cli, run_loaded, run_scenarios
from evals.scenario import ExpectedCall, ScenarioError, find_scenario_files, load_scenario, load_scenarios

FIXTURES = Path(__file__).parent / "fixtures" / "evals"
DEMO: dict[str, Any] = json.loads((FIXTURES / "demo_snapshot.json").read_text())
EMPTY: dict[str, Any] = {
    "name": "untitled",
    "phase": "idea",
    "scenes": [],
    "characters": [],
    "locations": [],
    "props": [],
    "art_direction": {"style": "", "palette": [], "version": 0},
    "shots": [],
    "timeline": [],
    "assets": {"count": 0, "by_type": {}},
    "history": {"count": 0, "last": None},
    "cost": {"spent_usd": 0.0, "budget_usd": None, "saved_by_reuse_usd": 0.0},
}

Action = Callable[[dict[str, Any]], TurnResult]


class FakeDriver:
    """Replay a script: each user text (or ``decision:<d>``) mutates the snapshot and returns a turn."""

    def __init__(self, script: dict[str, Action], *, delay: float = 0.0, fail_close: bool = False) -> None:
        self.script = script
        self.delay = delay
        self.fail_close = fail_close
        self.state: dict[str, Any] = {}
        self.project: ProjectSource | None = None
        self.workdir: Path | None = None
        self.played: list[str] = []
        self.notes: list[str | None] = []
        self.closed = False

    async def start(self, project: ProjectSource, workdir: Path) -> None:
        assert workdir.is_dir() and not any(workdir.iterdir())
        self.project, self.workdir = project, workdir
        if project.kind == "demo":
            self.state = copy.deepcopy(DEMO)
        elif project.kind == "empty":
            self.state = copy.deepcopy(EMPTY)
        else:
            assert project.path is not None
            self.state = copy.deepcopy(EMPTY)
            lines = project.path.read_text().splitlines()
            headings = [line for line in lines if line.startswith(("INT.", "EXT."))]
            self.state["scenes"] = [
                {"number": n, "heading": h, "content": "", "version": 1, "tags": [], "stale": False}
                for n, h in enumerate(headings, start=1)
            ]

    async def _play(self, key: str) -> TurnResult:
        self.played.append(key)
        if self.delay:
            await asyncio.sleep(self.delay)
        if key not in self.script:
            raise KeyError(f"no script for {key!r}")
        return self.script[key](self.state)

    async def send(self, text: str) -> TurnResult:
        return await self._play(text)

    async def decide(self, decision: str, note: str | None) -> TurnResult:
        self.notes.append(note)
        return await self._play(f"decision:{decision}")

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.state)

    async def close(self) -> None:
        self.closed = True
        if self.fail_close:
            raise RuntimeError("close failed")


class Factory:
    """Make FakeDrivers from one script and keep them for inspection."""

    def __init__(self, script: dict[str, Action], **options: Any) -> None:
        self.script = script
        self.options = options
        self.made: list[FakeDriver] = []

    def __call__(self) -> EvalDriver:
        driver = FakeDriver(self.script, **self.options)
        self.made.append(driver)
        return driver


def rewrite(scene: int) -> Action:
    def act(state: dict[str, Any]) -> TurnResult:
        return TurnResult(
            texts=[f"Here is a darker scene {scene}. Approve it?"],
            tool_calls=[ToolCall("rewrite_scene", {"scene_number": scene, "tone": "darker"})],
            route=["writer"],
            tokens=120,
        )

    return act


def approve_rewrite(scene: int) -> Action:
    def act(state: dict[str, Any]) -> TurnResult:
        target = state["scenes"][scene - 1]
        target["content"] = "Night falls. " + target["content"]
        target["version"] += 1
        state["history"]["count"] += 1
        return TurnResult(texts=["Saved."], route=["writer"], tokens=10)

    return act


GOOD_WRITER = {"rewrite scene 3 darker": rewrite(3), "decision:approve": approve_rewrite(3)}


async def run(paths: list[Path], factory: Factory, **options: Any) -> RunResult:
    options.setdefault("model", "fake-model")
    return await run_scenarios(paths, driver_factory=factory, **options)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --- the DESIGN.md example -----------------------------------------------------------------------


async def test_design_example_passes_with_a_correct_agent() -> None:
    factory = Factory(GOOD_WRITER)
    result = await run([FIXTURES / "rewrite-scene-darker.yaml"], factory, base_url="http://127.0.0.1:1/v1")
    (s,) = result.scenarios
    assert s.passed and s.error is None and s.reward == 1.0
    assert [c.kind for c in s.checks] == [
        "gt",
        "changed",
        "changed",
        "calls.superset",
        "calls.forbidden",
        "route",
        "response.contains",
    ]
    assert s.tokens == 130
    assert s.route == ["writer", "writer"]
    assert s.tool_calls == [ToolCall("rewrite_scene", {"scene_number": 3, "tone": "darker"})]
    assert result.model == "fake-model" and result.base_url == "http://127.0.0.1:1/v1"
    assert result.pass_rate == 1.0 and result.all_passed
    (driver,) = factory.made
    assert driver.project == ProjectSource(kind="demo")
    assert driver.played == ["rewrite scene 3 darker", "decision:approve"]
    assert driver.notes == ["optional"]
    assert driver.closed
    assert driver.workdir is not None and not driver.workdir.exists()


async def test_design_example_fails_when_the_agent_rewrites_the_wrong_scene() -> None:
    factory = Factory({"rewrite scene 3 darker": rewrite(2), "decision:approve": approve_rewrite(2)})
    (s,) = (await run([FIXTURES / "rewrite-scene-darker.yaml"], factory)).scenarios
    assert not s.passed
    failed = {(c.kind, c.path) for c in s.failed_checks()}
    assert failed == {
        ("gt", "scenes[number=3].version"),
        ("changed", "scenes[number=3].content"),
        ("changed", "scenes[number=2].content"),
        ("response.contains", "response"),
    }
    assert s.reward == pytest.approx(3 / 7)
    gt = next(c for c in s.checks if c.kind == "gt")
    assert (gt.expected, gt.actual) == (1, 1)


async def test_forbidden_tool_fails_the_scenario() -> None:
    def delete_too(state: dict[str, Any]) -> TurnResult:
        turn = rewrite(3)(state)
        turn.tool_calls.insert(0, ToolCall("delete_scene", {"scene_number": 3}))
        return turn

    factory = Factory({**GOOD_WRITER, "rewrite scene 3 darker": delete_too})
    (s,) = (await run([FIXTURES / "rewrite-scene-darker.yaml"], factory)).scenarios
    assert not s.passed
    assert [(c.kind, c.actual) for c in s.failed_checks()] == [("calls.forbidden", ["delete_scene"])]


async def test_wrong_paths_fail_even_when_the_agent_is_right(tmp_path: Path) -> None:
    scenario = write(
        tmp_path,
        "typos.yaml",
        """
id: typos
turns: [{user: "rewrite scene 3 darker"}, {decision: approve}]
expect:
  state:
    - {path: "scenes[nubmer=3].version", gt: 1}
    - {path: "scene[number=3].content", changed: true}
    - {path: "scenes[*nubmer=3]", len: 0}
    - {path: "scenes[number=3].contnet", not_contains: "sunny"}
    - {path: "scenes[number=3].verison", exists: true}
    - {path: "scenes[number=3].verison", exists: false}
""",
    )
    (s,) = (await run([scenario], Factory(GOOD_WRITER))).scenarios
    assert not s.passed
    assert [c.passed for c in s.checks] == [False, False, False, False, False, True]
    assert all(str(c.actual).startswith("<missing: ") for c in s.checks[:4])
    assert "nubmer" in s.checks[0].actual


# --- other fixtures --------------------------------------------------------------------------------


def generate_still(state: dict[str, Any]) -> TurnResult:
    shot = state["shots"][1]
    shot["assets"].append("a4")
    state["assets"]["count"] += 1
    return TurnResult(
        texts=["Here is shot 1 of scene 2."],
        tool_calls=[ToolCall("generate_still", {"scene": 2, "shot": 1, "style": "noir"})],
        route=["cinematographer"],
    )


def decide_still(status: str) -> Action:
    def act(state: dict[str, Any]) -> TurnResult:
        state["shots"][1]["status"] = status
        state["history"]["last"] = f"{status.split('_')[1]} still for shot 2.1"
        return TurnResult(
            texts=["Done."],
            tool_calls=[ToolCall("approve_asset", {"asset": "a4", "decision": status})],
            route=["cinematographer"],
        )

    return act


async def test_approval_scenario_passes_and_catches_a_rejection() -> None:
    good = Factory(
        {"generate shot 1 of scene 2": generate_still, "decision:approve": decide_still("still_approved")}
    )
    (s,) = (await run([FIXTURES / "approve-still.yaml"], good)).scenarios
    assert s.passed, s.failed_checks()
    assert len(s.checks) == 11
    bad = Factory(
        {"generate shot 1 of scene 2": generate_still, "decision:approve": decide_still("still_rejected")}
    )
    (s,) = (await run([FIXTURES / "approve-still.yaml"], bad)).scenarios
    assert not s.passed
    assert {(c.kind, c.path) for c in s.failed_checks()} == {
        ("equals", "shots[*scene=2][number=1].status"),
        ("contains", "shots[*scene=2].status"),
        ("not_contains", "shots[*scene=2].status"),
        ("matches", "history.last"),
    }


async def test_args_mismatch_fails_the_strict_trajectory() -> None:
    def wrong_shot(state: dict[str, Any]) -> TurnResult:
        turn = generate_still(state)
        turn.tool_calls[0] = ToolCall("generate_still", {"scene": 2, "shot": 2})
        return turn

    factory = Factory(
        {"generate shot 1 of scene 2": wrong_shot, "decision:approve": decide_still("still_approved")}
    )
    (s,) = (await run([FIXTURES / "approve-still.yaml"], factory)).scenarios
    assert [c.kind for c in s.failed_checks()] == ["calls.strict"]


async def test_fountain_project_is_resolved_next_to_the_scenario() -> None:
    def break_down(state: dict[str, Any]) -> TurnResult:
        state["shots"] = [{"scene": 2, "number": n, "status": "draft"} for n in (1, 2, 3)]
        return TurnResult(tool_calls=[ToolCall("break_down_scene", {"scene": 2})], route=["cinematographer"])

    factory = Factory({"break scene 2 into shots": break_down})
    (s,) = (await run([FIXTURES / "from-fountain.yaml"], factory)).scenarios
    assert s.passed, s.failed_checks()
    assert factory.made[0].project == ProjectSource(
        kind="fountain", path=(FIXTURES / "short.fountain").resolve()
    )


# --- errors fail the scenario ----------------------------------------------------------------------


async def test_turn_error_fails_and_stops_the_scenario() -> None:
    def broken(state: dict[str, Any]) -> TurnResult:
        return TurnResult(texts=["partial"], error="ValueError: scene 3 is locked", tokens=5)

    factory = Factory({**GOOD_WRITER, "rewrite scene 3 darker": broken})
    (s,) = (await run([FIXTURES / "rewrite-scene-darker.yaml"], factory)).scenarios
    assert not s.passed
    assert s.error == "turn 1: ValueError: scene 3 is locked"
    assert s.checks[0].kind == "error" and not s.checks[0].passed
    assert factory.made[0].played == ["rewrite scene 3 darker"]
    assert factory.made[0].closed
    assert s.tokens == 5


async def test_recursion_limit_fails_the_scenario_even_if_checks_pass(tmp_path: Path) -> None:
    scenario = write(tmp_path, "loop.yaml", "turns: [{user: loop}]\nexpect: {route: [writer]}\n")

    def loop(state: dict[str, Any]) -> TurnResult:
        return TurnResult(route=["writer"] * 3, recursion_limit_hit=True)

    (s,) = (await run([scenario], Factory({"loop": loop}))).scenarios
    assert not s.passed
    assert s.error == "turn 1: hit the recursion limit"
    assert [(c.kind, c.passed) for c in s.checks] == [("error", False), ("route", True)]
    assert s.reward == 0.5


async def test_driver_exceptions_are_caught_and_reported(tmp_path: Path) -> None:
    scenario = write(
        tmp_path, "s.yaml", "turns: [{user: unscripted}]\nexpect: {state: [{path: name, exists: true}]}\n"
    )
    factory = Factory({})
    (s,) = (await run([scenario], factory)).scenarios
    assert not s.passed
    assert s.error is not None and s.error.startswith("turn 1: KeyError:")
    assert s.checks[1].actual == "<missing: no snapshot (the run failed first)>"
    assert factory.made[0].closed


async def test_failing_start_and_failing_close(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", "turns: [{user: hi}]\n")

    class NoStart(FakeDriver):
        async def start(self, project: ProjectSource, workdir: Path) -> None:
            raise OSError("cannot create project")

    (s,) = (await run_scenarios([scenario], driver_factory=lambda: NoStart({}), model="m")).scenarios
    assert s.error == "start: OSError: cannot create project"
    assert s.latency_ms == 0
    ok = {"hi": lambda state: TurnResult(texts=["hello"])}
    (s,) = (await run([scenario], Factory(ok, fail_close=True))).scenarios
    assert s.error == "close: RuntimeError: close failed"
    assert not s.passed


async def test_turn_timeout(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", "turns: [{user: hi}]\n")
    factory = Factory({"hi": lambda state: TurnResult()}, delay=5)
    started = time.perf_counter()
    (s,) = (await run([scenario], factory, turn_timeout_s=0.05)).scenarios
    assert time.perf_counter() - started < 4.5  # stopped, not waited out (the step takes 5 s)
    assert s.error == "turn 1: timed out (limit 0.05 s per step)"
    assert factory.made[0].closed


async def test_scenario_without_checks_passes_when_no_error(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", "turns: [{user: hi}]\n")
    (s,) = (await run([scenario], Factory({"hi": lambda state: TurnResult()}))).scenarios
    assert s.passed and s.reward == 1.0 and s.checks == []


# --- trials, pass^k, parallelism ---------------------------------------------------------------------


async def test_trials_and_pass_hat_k(tmp_path: Path) -> None:
    steady = write(
        tmp_path, "a.yaml", "id: steady\nturns: [{user: hi}]\nexpect: {response: {contains: [ok]}}\n"
    )
    flaky = write(
        tmp_path, "b.yaml", "id: flaky\nturns: [{user: flip}]\nexpect: {response: {contains: [ok]}}\n"
    )
    flips = iter(["ok", "no", "ok", "no"])
    script = {
        "hi": lambda state: TurnResult(texts=["ok"]),
        "flip": lambda state: TurnResult(texts=[next(flips)]),
    }
    result = await run([steady, flaky], Factory(script), trials=4, concurrency=1)
    assert [(s.id, s.trial) for s in result.scenarios] == [("steady", t) for t in (1, 2, 3, 4)] + [
        ("flaky", t) for t in (1, 2, 3, 4)
    ]
    assert result.pass_rate == 6 / 8
    hat = result.pass_hat_k()
    # flaky passes 2 of 4: pass^1 = 2/4, pass^2 = C(2,2)/C(4,2) = 1/6, pass^3 = pass^4 = 0.
    assert hat == pytest.approx({1: (1 + 0.5) / 2, 2: (1 + 1 / 6) / 2, 3: 0.5, 4: 0.5})
    assert not result.all_passed


async def test_runs_in_parallel_bounded_by_concurrency(tmp_path: Path) -> None:
    for n in range(8):
        write(tmp_path, f"s{n}.yaml", f"id: s{n}\nturns: [{{user: hi}}]\n")
    live = 0
    peak = 0

    async def slow(_: dict[str, Any]) -> None:
        nonlocal live, peak
        live += 1
        peak = max(peak, live)
        await asyncio.sleep(0.2)
        live -= 1

    class Slow(FakeDriver):
        async def send(self, text: str) -> TurnResult:
            await slow(self.state)
            return TurnResult()

    drivers: list[Slow] = []

    def factory() -> EvalDriver:
        drivers.append(Slow({}))
        return drivers[-1]

    started = time.perf_counter()
    result = await run_scenarios([tmp_path], driver_factory=factory, concurrency=4, model="m")
    elapsed = time.perf_counter() - started
    assert all(s.passed for s in result.scenarios)
    assert [s.id for s in result.scenarios] == [f"s{n}" for n in range(8)]
    assert peak == 4
    assert elapsed < 1.2  # serial would take 1.6 s; four at a time about 0.4 s
    assert len({d.workdir for d in drivers}) == 8  # a fresh folder per run


async def test_bad_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="trials must be at least 1"):
        await run_loaded([], driver_factory=Factory({}), trials=0, model="m")
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        await run_loaded([], driver_factory=Factory({}), concurrency=0, model="m")


# --- run_cli ------------------------------------------------------------------------------------------


def test_run_cli_writes_reports_and_returns_exit_codes(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    report, json_path = tmp_path / "out" / "r.md", tmp_path / "out" / "r.json"
    code = run_cli(
        [FIXTURES / "rewrite-scene-darker.yaml"],
        model="fake",
        trials=1,
        report=report,
        json_path=json_path,
        driver_factory=Factory(GOOD_WRITER),
        out=out,
        err=err,
    )
    assert code == 0, out.getvalue() + err.getvalue()
    assert out.getvalue().startswith("PASS rewrite-scene-darker: reward 1.00")
    data = json.loads(json_path.read_text())
    assert list(data)[:5] == ["model", "base_url", "commit", "pass_rate", "scenarios"]
    assert data["scenarios"][0]["passed"] is True
    assert "# Reelsmith eval report" in report.read_text()

    wrong = Factory({"rewrite scene 3 darker": rewrite(2), "decision:approve": approve_rewrite(2)})
    out = io.StringIO()
    code = run_cli(
        [FIXTURES / "rewrite-scene-darker.yaml"], model="fake", driver_factory=wrong, out=out, err=err
    )
    assert code == 1
    assert re.match(
        r"FAIL rewrite-scene-darker: .* — gt at scenes\[number=3\]\.version: expected > 1, actual 1",
        out.getvalue(),
    )


def test_run_cli_bad_input_runs_and_writes_nothing(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "turns: [{user: hi}]\nexpect: {stat: []}\n")
    factory = Factory({})
    err = io.StringIO()
    json_path = tmp_path / "r.json"
    code = run_cli([bad], model="m", json_path=json_path, driver_factory=factory, out=io.StringIO(), err=err)
    assert code == 2
    assert (
        err.getvalue()
        == f"error: {bad}: expect: unknown key 'stat' (allowed: state, calls, route, response, errors)\n"
    )
    assert not json_path.exists() and factory.made == []
    code = run_cli(
        [tmp_path / "nope"], model="m", driver_factory=factory, out=io.StringIO(), err=io.StringIO()
    )
    assert code == 2
    code = run_cli(
        [FIXTURES / "rewrite-scene-darker.yaml"],
        model="m",
        report=tmp_path,
        driver_factory=factory,
        out=io.StringIO(),
        err=io.StringIO(),
    )
    assert code == 2 and factory.made == []


def test_run_cli_defaults_to_the_scenarios_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "hi.yaml", "turns: [{user: hi}]\n")
    monkeypatch.setattr("evals.runner.DEFAULT_SCENARIOS_DIR", tmp_path)
    out = io.StringIO()
    code = run_cli([], model="m", driver_factory=Factory({"hi": lambda s: TurnResult()}), out=out)
    assert code == 0
    assert out.getvalue().startswith("PASS hi:")


# --- loading scenarios ---------------------------------------------------------------------------------


def test_load_design_example() -> None:
    s = load_scenario(FIXTURES / "rewrite-scene-darker.yaml")
    assert s.id == "rewrite-scene-darker"
    assert s.project == ProjectSource(kind="demo")
    assert s.tags == ("writer",)
    assert [(t.user, t.decision, t.note) for t in s.turns] == [
        ("rewrite scene 3 darker", None, None),
        (None, "approve", "optional"),
    ]
    assert [(c.path.text, c.kind, c.expected) for c in s.expect.state] == [
        ("scenes[number=3].version", "gt", 1),
        ("scenes[number=3].content", "changed", True),
        ("scenes[number=2].content", "changed", False),
    ]
    assert s.expect.calls is not None
    assert s.expect.calls.mode == "superset"
    assert s.expect.calls.tools == (ExpectedCall("rewrite_scene"),)
    assert s.expect.calls.forbidden == ("delete_scene",)
    assert s.expect.route == ("writer",)
    assert s.expect.response is not None and s.expect.response.contains == ("scene 3",)


def test_load_defaults_and_forms(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "minimal-one.yml",
        """
tags: approvals
turns:
  - user: "make shots"
  - {decision: regenerate, note: "brighter"}
expect:
  state:
    - {path: "history.last", equals: 2024-01-01, not_equals: x}
  calls:
    tools: [a, b, a]
    args: [{n: 1}, null, {n: 2}]
  route: writer
  response: {contains: done, matches: ["^ok"]}
""",
    )
    s = load_scenario(path)
    assert s.id == "minimal-one" and s.project.kind == "demo" and s.tags == ("approvals",)
    assert s.turns[1].decision == "regenerate" and s.turns[1].note == "brighter"
    assert [(c.kind, c.expected) for c in s.expect.state] == [("equals", "2024-01-01"), ("not_equals", "x")]
    assert s.expect.calls is not None and s.expect.calls.mode == "superset"
    assert s.expect.calls.tools == (
        ExpectedCall("a", {"n": 1}),
        ExpectedCall("b"),
        ExpectedCall("a", {"n": 2}),
    )
    assert s.expect.route == ("writer",)
    assert s.expect.response is not None and s.expect.response.contains == ("done",)


def test_args_mapping_applies_to_every_entry_of_that_tool(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        "turns: [{user: x}]\nexpect: {calls: {mode: strict, tools: [a, b, a], args: {a: {k: 1}}}}\n",
    )
    calls = load_scenario(path).expect.calls
    assert calls is not None and calls.tools is not None
    assert [c.args for c in calls.tools] == [{"k": 1}, None, {"k": 1}]


def test_empty_tools_with_strict_means_no_calls(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "turns: [{user: x}]\nexpect: {calls: {mode: strict, tools: []}}\n")
    calls = load_scenario(path).expect.calls
    assert calls is not None and calls.tools == ()


BAD = [
    ("idd: x\nturns: [{user: a}]\n", "unknown key 'idd'"),
    ("turns: [{user: a}]\nexpect: {state: [{path: x, equal: 1}]}\n", "expect.state[0]: unknown key 'equal'"),
    ("turns: [{user: a}]\nexpect: {state: [{path: x}]}\n", "expect.state[0]: no check given"),
    ("turns: [{user: a}]\nexpect: {state: [{equals: 1}]}\n", "expect.state[0]: missing 'path'"),
    ("turns: [{user: a}]\nexpect: {state: [{path: 'x[', equals: 1}]}\n", "expect.state[0].path: path 'x['"),
    ("turns: [{user: a}]\nexpect: {state: [{path: x, gt: '1'}]}\n", "expect.state[0].gt: expected a number"),
    (
        "turns: [{user: a}]\nexpect: {state: [{path: x, changed: 1}]}\n",
        "expect.state[0].changed: expected true or false",
    ),
    (
        "turns: [{user: a}]\nexpect: {state: [{path: x, len: -1}]}\n",
        "expect.state[0].len: expected a whole number",
    ),
    (
        "turns: [{user: a}]\nexpect: {state: [{path: x, matches: '('}]}\n",
        "expect.state[0].matches: bad regular expression",
    ),
    ("turns: [{user: a}]\nexpect: {state: {path: x}}\n", "expect.state: expected a list"),
    (
        "turns: [{user: a}]\nexpect: {calls: {mode: fuzzy, tools: [a]}}\n",
        "expect.calls.mode: 'fuzzy' is not strict",
    ),
    ("turns: [{user: a}]\nexpect: {calls: {tool: [a]}}\n", "expect.calls: unknown key 'tool'"),
    ("turns: [{user: a}]\nexpect: {calls: {mode: strict}}\n", "expect.calls.mode: needs expect.calls.tools"),
    (
        "turns: [{user: a}]\nexpect: {calls: {tools: [a], forbidden: [a]}}\n",
        "a is both expected and forbidden",
    ),
    (
        "turns: [{user: a}]\nexpect: {calls: {tools: [a], args: {b: {k: 1}}}}\n",
        "expect.calls.args.b: 'b' is not in",
    ),
    (
        "turns: [{user: a}]\nexpect: {calls: {tools: [a], args: [{}, {}]}}\n",
        "needs one item per tool (1), got 2",
    ),
    (
        "turns: [{user: a}]\nexpect: {calls: {tools: [a], args: {a: 3}}}\n",
        "expect.calls.args.a: expected a mapping",
    ),
    ("turns: [{user: a}]\nexpect: {response: {contain: [x]}}\n", "expect.response: unknown key 'contain'"),
    ("turns: [{user: a}]\nexpect: {response: {matches: ['[']}}\n", "expect.response.matches[0]: bad regular"),
    ("turns: [{user: a}]\nexpect: {route: [writer, 3]}\n", "expect.route: expected a string or a list"),
    ("turns: [{user: a, decision: approve}]\n", "turns[0]: give exactly one of 'user' or 'decision'"),
    ("turns: [{note: x}]\n", "turns[0]: give exactly one"),
    ("turns: [{user: a, note: x}]\n", "turns[0].note: a note goes with a decision"),
    ("turns: [{decision: approved}]\n", "turns[0].decision: 'approved' is not approve"),
    ("turns: [{user: yes}]\n", "turns[0].user: expected a non-empty string"),
    ("turns: [{usr: a}]\n", "turns[0]: unknown key 'usr'"),
    ("turns: []\n", "turns: expected a non-empty list"),
    ("id: x\n", "missing key 'turns'"),
    ("project: dem0\nturns: [{user: a}]\n", "project: 'dem0' is not demo, empty or a .fountain file"),
    ("project: nope.fountain\nturns: [{user: a}]\n", "project: no such screenplay"),
    ("tags: [writer, 3]\nturns: [{user: a}]\n", "tags: expected a string or a list"),
    ("- a\n- b\n", "expected a mapping with keys id"),
    ("", "the file is empty"),
    ("turns: [{user: a}\n", "invalid YAML at line"),
    ("turns: [{user: a}]\nexpect: {errors: maybe}\n", "expect.errors: 'maybe' is not forbidden or allowed"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_scenarios_give_one_line_errors_naming_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "bad-one.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text_of_error = str(info.value)
    assert text_of_error.startswith(f"{path}: ")
    assert message in text_of_error
    assert "\n" not in text_of_error


def test_find_scenario_files(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", "turns: [{user: a}]\n")
    write(tmp_path, "a.yml", "turns: [{user: a}]\n")
    write(tmp_path, "notes.md", "not a scenario")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.yaml", "turns: [{user: a}]\n")
    found = find_scenario_files([tmp_path, tmp_path / "b.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.yml", "b.yaml", "sub/c.yaml"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError, match="no scenario files"):
        find_scenario_files([tmp_path / "empty"])
    with pytest.raises(ScenarioError, match="no such file or folder"):
        find_scenario_files([tmp_path / "missing.yaml"])


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: same\nturns: [{user: a}]\n")
    write(tmp_path, "b.yaml", "id: same\nturns: [{user: a}]\n")
    with pytest.raises(ScenarioError, match="id 'same' is already used by"):
        load_scenarios([tmp_path])


def test_all_fixture_scenarios_load() -> None:
    scenarios = load_scenarios([FIXTURES])
    assert [s.id for s in scenarios] == [
        "approve-still-scene-2",
        "import-fountain-break-down",
        "rewrite-scene-darker",
    ]


async def test_dict_tool_calls_from_a_driver_are_accepted(tmp_path: Path) -> None:
    scenario = write(
        tmp_path, "s.yaml", "turns: [{user: hi}]\nexpect: {calls: {tools: [a], args: {a: {k: 1}}}}\n"
    )
    script = {"hi": lambda state: TurnResult(tool_calls=[{"name": "a", "args": {"k": 1}}])}  # type: ignore[list-item]
    (s,) = (await run([scenario], Factory(script))).scenarios
    assert s.passed, s.checks
    assert s.tool_calls == [ToolCall("a", {"k": 1})]


async def test_bad_driver_data_fails_only_that_scenario(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.yaml", "id: bad\nturns: [{user: bad}]\n")
    good = write(tmp_path, "b.yaml", "id: good\nturns: [{user: hi}]\n")
    script = {
        "bad": lambda state: TurnResult(tool_calls=[{"args": {}}]),  # type: ignore[list-item]
        "hi": lambda state: TurnResult(),
    }
    result = await run([bad, good], Factory(script))
    assert [(s.id, s.passed) for s in result.scenarios] == [("bad", False), ("good", True)]
    assert result.scenarios[0].error == "turn 1: KeyError: 'name'"


def test_run_cli_with_trials_prints_each_run_and_pass_hat_k(tmp_path: Path) -> None:
    write(tmp_path, "hi.yaml", "id: hi\nturns: [{user: hi}]\nexpect: {response: {contains: [ok]}}\n")
    answers = iter(["ok", "ok", "nope"])
    out = io.StringIO()
    code = run_cli(
        [tmp_path],
        model="m",
        trials=3,
        concurrency=1,
        driver_factory=Factory({"hi": lambda state: TurnResult(texts=[next(answers)])}),
        out=out,
    )
    lines = out.getvalue().splitlines()
    assert code == 1
    assert [line.split(":")[0] for line in lines[:3]] == [
        "PASS hi (trial 1)",
        "PASS hi (trial 2)",
        "FAIL hi (trial 3)",
    ]
    assert lines[3].startswith("2/3 passed (66.7%), model m, commit ")
    assert lines[3].endswith("pass^1 0.667, pass^2 0.333, pass^3 0.000")


# --- tool errors, decision turns and sets (issue 12, item 7) ----------------------------------------


def _erroring(state: dict[str, Any]) -> TurnResult:
    return TurnResult(
        texts=["I couldn't do that."],
        tool_calls=[ToolCall("rewrite_scene", {"scene_number": 9})],
        tool_errors=["rewrite_scene: Error: scene 9 does not exist"],
    )


async def test_a_tool_error_fails_the_scenario_even_when_every_check_passes(tmp_path: Path) -> None:
    scenario = write(tmp_path, "s.yaml", "turns: [{user: nine}]\nexpect: {state: [{path: scenes, len: 3}]}\n")
    (s,) = (await run([scenario], Factory({"nine": _erroring}))).scenarios
    assert not s.passed
    assert [(c.kind, c.passed) for c in s.checks] == [("errors", False), ("len", True)]
    assert s.checks[0].actual == ["turn 1: rewrite_scene: Error: scene 9 does not exist"]
    assert s.tool_errors == ["turn 1: rewrite_scene: Error: scene 9 does not exist"]
    assert s.error is None and s.reward == 0.5
    assert s.to_json()["tool_errors"] == s.tool_errors


async def test_a_scenario_can_allow_tool_errors(tmp_path: Path) -> None:
    scenario = write(
        tmp_path, "s.yaml", "turns: [{user: nine}]\nexpect: {errors: allowed, state: [{path: scenes, len: 3}]}\n"
    )
    (s,) = (await run([scenario], Factory({"nine": _erroring}))).scenarios
    assert s.passed, s.checks
    assert [c.kind for c in s.checks] == ["len"]
    assert s.tool_errors  # still reported, just not failing


async def test_no_errors_check_without_tool_errors() -> None:
    (s,) = (await run([FIXTURES / "rewrite-scene-darker.yaml"], Factory(GOOD_WRITER))).scenarios
    assert s.passed and "errors" not in [c.kind for c in s.checks]


def test_errors_key_loads_with_forbidden_as_default(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, "a.yaml", "turns: [{user: a}]\n")).expect.errors == "forbidden"
    allowed = write(tmp_path, "b.yaml", "turns: [{user: a}]\nexpect: {errors: allowed}\n")
    assert load_scenario(allowed).expect.errors == "allowed"


async def test_a_decision_turn_that_finds_nothing_waiting_fails(tmp_path: Path) -> None:
    """The driver reports "nothing is waiting" as the turn's error: the scenario fails and stops."""
    scenario = write(
        tmp_path,
        "s.yaml",
        "turns: [{user: look}, {decision: approve}, {user: after}]\nexpect: {state: [{path: scenes, len: 3}]}\n",
    )
    script = {
        "look": lambda state: TurnResult(texts=["Scene 2 ..."]),
        "decision:approve": lambda state: TurnResult(error="decision 'approve': nothing is waiting for a decision"),
        "after": lambda state: TurnResult(),
    }
    factory = Factory(script)
    (s,) = (await run([scenario], factory)).scenarios
    assert not s.passed
    assert s.error == "turn 2: decision 'approve': nothing is waiting for a decision"
    assert factory.made[0].played == ["look", "decision:approve"]


def test_sets_are_named_by_folder() -> None:
    assert label_sets(["/e/director/test/a.yaml", "/e/director/dev/b.yaml", "/e/director/test/c.yaml"]) == [
        "test",
        "dev",
        "test",
    ]
    assert label_sets(["/e/director/test/a.yaml", "/e/director/test/b.yaml"]) == ["test", "test"]
    assert label_sets(["/e/negative/a.yaml", "/e/director/test/b.yaml"]) == ["negative", "director/test"]
    assert label_sets([]) == []


async def test_report_gives_each_set_with_the_test_set_as_headline(tmp_path: Path) -> None:
    for folder, sid in (("dev", "d1"), ("dev", "d2"), ("test", "t1"), ("test", "t2"), ("test", "t3")):
        (tmp_path / folder).mkdir(exist_ok=True)
        tag = "question" if sid.endswith("1") else "action"
        write(tmp_path / folder, f"{sid}.yaml", f"id: {sid}\ntags: [{tag}]\nturns: [{{user: {sid}}}]\n")
    passing = {"d1", "t1", "t2"}
    script = {sid: (lambda ok: lambda state: TurnResult(error=None if ok else "boom"))(sid in passing)
              for sid in ("d1", "d2", "t1", "t2", "t3")}
    result = await run([tmp_path], Factory(script))
    assert [s.set for s in result.scenarios] == ["dev", "dev", "test", "test", "test"]
    sets = result.by_set()
    assert list(sets) == ["test", "dev"]  # the headline first
    assert (sets["test"]["passed"], sets["test"]["total"], sets["dev"]["passed"]) == (2, 3, 1)
    assert sets["test"]["by_tag"]["action"] == {"passed": 1, "total": 2, "pass_rate": 0.5}
    assert result.headline_set == "test"
    data = result.to_json()
    assert data["headline_set"] == "test" and data["by_set"]["dev"]["pass_rate"] == 0.5
    assert data["scenarios"][0]["set"] == "dev"
    text = render_markdown(result)
    assert "| **Headline: test set** | **2/3 (66.7%)** |" in text
    assert "| Set dev | 1/2 (50.0%) |" in text
    assert "| test (headline) | 2 | 3 | 66.7% |" in text
    assert "| action | 1/2 (50%) | 0/1 (0%) | 1/3 (33%) |" in text
    assert "headline test 2/3 (66.7%), dev 1/2 (50.0%)" in total_line(result)


async def test_one_set_keeps_the_plain_report(tmp_path: Path) -> None:
    (tmp_path / "test").mkdir()
    write(tmp_path / "test", "a.yaml", "id: a\nturns: [{user: a}]\n")
    result = await run([tmp_path / "test"], Factory({"a": lambda state: TurnResult()}))
    assert list(result.by_set()) == ["test"] and result.headline_set == "test"
    text = render_markdown(result)
    assert "| **Headline: test set** | **1/1 (100.0%)** |" in text and "## Pass rate by set" not in text
