"""Load eval scenarios (YAML, one per file) into frozen dataclasses, rejecting anything unknown.

The format is DESIGN.md's "Eval scenario"; evals/README.md documents the details this module
decides (defaults, ``calls.args``, case rules). Every problem is a :class:`ScenarioError` whose
one-line message names the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from evals.checks import STATE_CHECKS
from evals.paths import PathSyntaxError, SnapshotPath, parse_path

__all__ = [
    "ScenarioError",
    "ProjectSource",
    "Turn",
    "StateCheck",
    "ExpectedCall",
    "CallsExpect",
    "ResponseExpect",
    "Expect",
    "Scenario",
    "Decision",
    "TrajectoryMode",
    "ErrorPolicy",
    "load_scenario",
    "load_scenarios",
    "find_scenario_files",
]

Decision = Literal["approve", "reject", "regenerate"]
TrajectoryMode = Literal["strict", "unordered", "subset", "superset"]
ErrorPolicy = Literal["forbidden", "allowed"]

_TOP_KEYS = ("id", "description", "project", "tags", "turns", "expect")
_EXPECT_KEYS = ("state", "calls", "route", "response", "errors")
_CALLS_KEYS = ("mode", "tools", "forbidden", "args")
_RESPONSE_KEYS = ("contains", "not_contains", "matches")
_TURN_KEYS = ("user", "decision", "note")
_DEFAULT_MODE: TrajectoryMode = "superset"


class ScenarioError(ValueError):
    """A scenario file that cannot be run; the message is one line naming the file and key."""


@dataclass(frozen=True)
class ProjectSource:
    """The project a scenario starts from: the demo, an empty project, or a .fountain file."""

    kind: Literal["demo", "empty", "fountain"]
    path: Path | None = None
    """Absolute path of the .fountain file when ``kind`` is ``fountain``."""


@dataclass(frozen=True)
class Turn:
    """One turn: a user message, or a decision answering a pending approval."""

    user: str | None = None
    decision: Decision | None = None
    note: str | None = None


@dataclass(frozen=True)
class StateCheck:
    """One check on the final snapshot: ``kind`` (equals, gt, ...) at ``path`` against ``expected``."""

    path: SnapshotPath
    kind: str
    expected: Any


@dataclass(frozen=True)
class ExpectedCall:
    """One expected tool call: its name and, optionally, arguments it must include."""

    name: str
    args: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class CallsExpect:
    """Expected tool calls across all turns (agentevals trajectory match) and forbidden tools."""

    mode: TrajectoryMode = _DEFAULT_MODE
    tools: tuple[ExpectedCall, ...] | None = None
    """None when the scenario gives no ``tools``: only ``forbidden`` is scored."""
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponseExpect:
    """Checks on all assistant text of the scenario, joined."""

    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    matches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expect:
    """Everything a scenario scores; a part not given is not scored."""

    state: tuple[StateCheck, ...] = ()
    calls: CallsExpect | None = None
    route: tuple[str, ...] | None = None
    response: ResponseExpect | None = None
    errors: ErrorPolicy = "forbidden"
    """Whether a tool call that returns ``Error: ...`` fails the scenario (the default) or is allowed."""


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file."""

    id: str
    file: Path
    project: ProjectSource
    tags: tuple[str, ...]
    turns: tuple[Turn, ...]
    expect: Expect
    description: str = ""


class _Yaml(yaml.SafeLoader):
    """Safe YAML that keeps dates as strings, so ``equals: 2024-01-01`` compares with JSON text."""


_Yaml.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders (recursively, sorted) into scenario files, without duplicates."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            if not inside:
                raise ScenarioError(f"{path}: no scenario files (*.yaml, *.yml) in this folder")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise ScenarioError(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_scenarios(paths: Iterable[Path]) -> list[Scenario]:
    """Load every scenario under ``paths``; raise ScenarioError on the first bad file or repeated id."""
    scenarios: list[Scenario] = []
    seen: dict[str, Path] = {}
    for file in find_scenario_files(paths):
        scenario = load_scenario(file)
        if scenario.id in seen:
            raise ScenarioError(f"{file}: id '{scenario.id}' is already used by {seen[scenario.id]}")
        seen[scenario.id] = file
        scenarios.append(scenario)
    return scenarios


def load_scenario(file: Path) -> Scenario:
    """Parse one scenario file, or raise ScenarioError naming the file and the offending key."""
    file = Path(file)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Yaml)  # safe loader
    except OSError as exc:
        raise ScenarioError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ScenarioError(f"{file}: invalid YAML{where}: {problem}") from None
    return _Reader(file).scenario(data)


class _Reader:
    """Validate one file's parsed YAML; every error names the file and the key path."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}")

    def mapping(self, value: Any, where: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping with keys {', '.join(allowed)}")
        for key in value:
            if key not in allowed:
                raise self.fail(where, f"unknown key '{key}' (allowed: {', '.join(allowed)})")
        return value

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise self.fail(where, "expected a string or a list of non-empty strings")
        return tuple(items)

    def scenario(self, data: Any) -> Scenario:
        if data is None:
            raise self.fail("", "the file is empty")
        top = self.mapping(data, "", _TOP_KEYS)
        scenario_id = top.get("id", self.file.stem)
        if not isinstance(scenario_id, str | int) or not str(scenario_id).strip():
            raise self.fail("id", "expected a non-empty string")
        description = top.get("description", "")
        if not isinstance(description, str):
            raise self.fail("description", "expected a string")
        if "turns" not in top:
            raise self.fail("", "missing key 'turns'")
        return Scenario(
            id=str(scenario_id).strip(),
            file=self.file,
            project=self.project(top.get("project", "demo")),
            tags=self.strings(top.get("tags", []), "tags"),
            turns=self.turns(top["turns"]),
            expect=self.expect(top.get("expect") or {}),
            description=description,
        )

    def project(self, value: Any) -> ProjectSource:
        if value in ("demo", "empty"):
            return ProjectSource(kind=value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail("project", "expected demo, empty or a path to a .fountain file")
        path = (self.file.parent / value).resolve()
        if path.suffix.lower() != ".fountain":
            raise self.fail("project", f"'{value}' is not demo, empty or a .fountain file")
        if not path.is_file():
            raise self.fail("project", f"no such screenplay: {path}")
        return ProjectSource(kind="fountain", path=path)

    def turns(self, value: Any) -> tuple[Turn, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("turns", "expected a non-empty list of {user: ...} or {decision: ...}")
        return tuple(self.turn(item, f"turns[{n}]") for n, item in enumerate(value))

    def turn(self, value: Any, where: str) -> Turn:
        item = self.mapping(value, where, _TURN_KEYS)
        if ("user" in item) == ("decision" in item):
            raise self.fail(where, "give exactly one of 'user' or 'decision'")
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise self.fail(f"{where}.note", "expected a string")
        if "user" in item:
            if note is not None:
                raise self.fail(f"{where}.note", "a note goes with a decision, not a user message")
            if not isinstance(item["user"], str) or not item["user"].strip():
                raise self.fail(f"{where}.user", "expected a non-empty string (quote it in YAML)")
            return Turn(user=item["user"])
        decision = item["decision"]
        if decision not in get_args(Decision):
            raise self.fail(f"{where}.decision", f"'{decision}' is not approve, reject or regenerate")
        return Turn(decision=decision, note=note)

    def expect(self, value: Any) -> Expect:
        top = self.mapping(value, "expect", _EXPECT_KEYS)
        state = top.get("state") or []
        if not isinstance(state, list):
            raise self.fail("expect.state", "expected a list of {path: ..., <check>: value}")
        route = top.get("route")
        errors = top.get("errors", "forbidden")
        if errors not in get_args(ErrorPolicy):
            raise self.fail("expect.errors", f"'{errors}' is not forbidden or allowed")
        return Expect(
            state=tuple(c for n, item in enumerate(state) for c in self.state(item, f"expect.state[{n}]")),
            calls=self.calls(top["calls"]) if top.get("calls") is not None else None,
            route=self.strings(route, "expect.route") if route is not None else None,
            response=self.response(top["response"]) if top.get("response") is not None else None,
            errors=errors,
        )

    def state(self, value: Any, where: str) -> list[StateCheck]:
        item = self.mapping(value, where, ("path", *STATE_CHECKS))
        if not isinstance(item.get("path"), str):
            raise self.fail(where, "missing 'path' (a string such as scenes[number=3].version)")
        try:
            path = parse_path(item["path"])
        except PathSyntaxError as exc:
            raise self.fail(f"{where}.path", str(exc)) from None
        kinds = [k for k in STATE_CHECKS if k in item]
        if not kinds:
            raise self.fail(where, f"no check given (one of: {', '.join(STATE_CHECKS)})")
        for kind in kinds:
            self.check_value(kind, item[kind], f"{where}.{kind}")
        return [StateCheck(path=path, kind=kind, expected=item[kind]) for kind in kinds]

    def check_value(self, kind: str, value: Any, where: str) -> None:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if kind in ("gt", "gte", "lt", "lte") and not is_number:
            raise self.fail(where, f"expected a number, got {value!r}")
        if kind in ("changed", "exists") and not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {value!r}")
        if kind in ("len", "len_gte") and not (is_number and isinstance(value, int) and value >= 0):
            raise self.fail(where, f"expected a whole number >= 0, got {value!r}")
        if kind in ("contains", "not_contains") and not isinstance(value, str | int | float | bool):
            raise self.fail(where, f"expected a string or number, got {value!r}")
        if kind == "matches":
            self.regex(value, where)

    def regex(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected a regular expression string, got {value!r}")
        try:
            re.compile(value)
        except re.error as exc:
            raise self.fail(where, f"bad regular expression {value!r}: {exc}") from None
        return value

    def calls(self, value: Any) -> CallsExpect:
        top = self.mapping(value, "expect.calls", _CALLS_KEYS)
        mode = top.get("mode", _DEFAULT_MODE)
        if mode not in get_args(TrajectoryMode):
            raise self.fail("expect.calls.mode", f"'{mode}' is not strict, unordered, subset or superset")
        forbidden = self.strings(top.get("forbidden", []), "expect.calls.forbidden")
        if "tools" not in top:
            for key in ("mode", "args"):
                if key in top:
                    raise self.fail(f"expect.calls.{key}", "needs expect.calls.tools")
            return CallsExpect(forbidden=forbidden)
        tools: tuple[str, ...] = ()
        if top["tools"] not in (None, []):
            tools = self.strings(top["tools"], "expect.calls.tools")
        clash = sorted(set(tools) & set(forbidden))
        if clash:
            raise self.fail("expect.calls.forbidden", f"{', '.join(clash)} is both expected and forbidden")
        args = self.call_args(top.get("args"), tools)
        expected = tuple(ExpectedCall(name=name, args=a) for name, a in zip(tools, args, strict=True))
        return CallsExpect(mode=mode, tools=expected, forbidden=forbidden)

    def call_args(self, value: Any, tools: tuple[str, ...]) -> list[Mapping[str, Any] | None]:
        where = "expect.calls.args"
        if value is None:
            return [None] * len(tools)
        if isinstance(value, list):
            if len(value) != len(tools):
                raise self.fail(
                    where, f"a list of args needs one item per tool ({len(tools)}), got {len(value)}"
                )
            for n, item in enumerate(value):
                if item is not None and not isinstance(item, Mapping):
                    raise self.fail(f"{where}[{n}]", "expected a mapping of argument: value, or null")
            return [item or None for item in value]
        if not isinstance(value, Mapping):
            raise self.fail(where, "expected {tool: {arg: value}} or a list aligned with tools")
        for name, item in value.items():
            if name not in tools:
                raise self.fail(f"{where}.{name}", f"'{name}' is not in expect.calls.tools")
            if not isinstance(item, Mapping):
                raise self.fail(f"{where}.{name}", "expected a mapping of argument: value")
        return [value.get(name) or None for name in tools]

    def response(self, value: Any) -> ResponseExpect:
        top = self.mapping(value, "expect.response", _RESPONSE_KEYS)
        where = "expect.response"
        matches = self.strings(top.get("matches", []), f"{where}.matches")
        for n, pattern in enumerate(matches):
            self.regex(pattern, f"{where}.matches[{n}]")
        return ResponseExpect(
            contains=self.strings(top.get("contains", []), f"{where}.contains"),
            not_contains=self.strings(top.get("not_contains", []), f"{where}.not_contains"),
            matches=matches,
        )
