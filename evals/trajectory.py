"""Score tool-call trajectories (as agentevals' trajectory match does) and specialist routes.

Modes compare the tool calls of all turns with the scenario's ``tools`` list:

- ``strict``: the same calls in the same order.
- ``unordered``: the same calls as a multiset, in any order.
- ``subset``: every actual call is matched by a distinct expected entry (actual ⊆ expected).
- ``superset``: every expected entry is matched by a distinct actual call (actual ⊇ expected).

An expected entry with ``args`` only matches a call whose arguments include those values
(recursive subset; strings case-insensitive, numbers by value). Matching is a maximum bipartite
matching, so the order of the expected list never causes a false failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from evals.checks import CheckResult, loose_equal
from evals.driver import ToolCall
from evals.scenario import CallsExpect, ExpectedCall

__all__ = ["score_calls", "score_route", "trajectory_matches", "route_matches"]


def score_calls(expect: CallsExpect, calls: Sequence[ToolCall]) -> list[CheckResult]:
    """Score the ``calls`` expectation: one trajectory check (if tools given) and one forbidden check."""
    results: list[CheckResult] = []
    if expect.tools is not None:
        with_args = any(e.args is not None for e in expect.tools)
        passed = trajectory_matches(expect.mode, expect.tools, calls)
        results.append(
            CheckResult(
                kind=f"calls.{expect.mode}",
                path="tool_calls",
                expected=[_describe_expected(e, with_args) for e in expect.tools],
                actual=[_describe_call(c, with_args) for c in calls],
                passed=passed,
            )
        )
    if expect.forbidden:
        called = [c.name for c in calls if c.name in expect.forbidden]
        results.append(
            CheckResult(
                kind="calls.forbidden",
                path="tool_calls",
                expected=list(expect.forbidden),
                actual=called,
                passed=not called,
            )
        )
    return results


def trajectory_matches(mode: str, expected: Sequence[ExpectedCall], calls: Sequence[ToolCall]) -> bool:
    """Tell whether the actual ``calls`` match the ``expected`` entries under ``mode``."""
    if mode == "strict":
        return len(expected) == len(calls) and all(_fits(e, c) for e, c in zip(expected, calls, strict=True))
    if mode == "superset":
        return _max_matching(expected, calls, _fits) == len(expected)
    if mode == "subset":
        return _max_matching(calls, expected, lambda c, e: _fits(e, c)) == len(calls)
    if mode == "unordered":
        return len(expected) == len(calls) and _max_matching(expected, calls, _fits) == len(expected)
    raise ValueError(f"unknown trajectory mode '{mode}'")


def _fits(expected: ExpectedCall, call: ToolCall) -> bool:
    if expected.name != call.name:
        return False
    return expected.args is None or loose_equal(call.args, expected.args)


def _max_matching(left: Sequence[Any], right: Sequence[Any], fits: Callable[[Any, Any], bool]) -> int:
    """Size of a maximum matching between ``left`` and ``right`` (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j, candidate in enumerate(right):
            if j in seen or not fits(left[i], candidate):
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(left)))


def _describe_expected(expected: ExpectedCall, with_args: bool) -> Any:
    if not with_args:
        return expected.name
    return {"name": expected.name, "args": dict(expected.args) if expected.args is not None else None}


def _describe_call(call: ToolCall, with_args: bool) -> Any:
    return {"name": call.name, "args": call.args} if with_args else call.name


def route_matches(expected: Sequence[str], actual: Sequence[str]) -> bool:
    """Tell whether ``expected`` specialists appear in ``actual`` in order, others allowed between."""
    remaining = iter(name.casefold() for name in actual)
    return all(any(step.casefold() == seen for seen in remaining) for step in expected)


def score_route(expected: Sequence[str], actual: Sequence[str]) -> CheckResult:
    """Score the ``route`` expectation as one check."""
    return CheckResult(
        kind="route",
        path="route",
        expected=list(expected),
        actual=list(actual),
        passed=route_matches(expected, actual),
    )
