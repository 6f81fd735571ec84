"""Checks (state and response) and trajectory/route scoring."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from evals.checks import STATE_CHECKS, CheckResult, loose_equal, same_value, score_response, score_state_check
from evals.driver import ToolCall
from evals.paths import parse_path
from evals.scenario import CallsExpect, ExpectedCall
from evals.trajectory import route_matches, score_calls, score_route, trajectory_matches

FIXTURES = Path(__file__).parent / "fixtures" / "evals"


@pytest.fixture
def before() -> dict[str, Any]:
    return json.loads((FIXTURES / "demo_snapshot.json").read_text())


@pytest.fixture
def after(before: dict[str, Any]) -> dict[str, Any]:
    """The demo after "rewrite scene 3 darker": scene 3 content and version changed, a new asset."""
    snap = copy.deepcopy(before)
    scene = snap["scenes"][2]
    scene["content"] = "Maya finds the wrecked boat under a bruised sky."
    scene["version"] = 2
    snap["assets"]["count"] = 4
    snap["history"]["last"] = "Rewrite scene 3"
    return snap


def check(kind: str, path: str, expected: Any, before: dict[str, Any], after: dict[str, Any]) -> CheckResult:
    return score_state_check(kind, parse_path(path), expected, before=before, after=after)


# --- the DESIGN.md scenario's state checks ----------------------------------------------------


def test_design_example_checks_pass_after_the_rewrite(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert check("gt", "scenes[number=3].version", 1, before, after).passed
    assert check("changed", "scenes[number=3].content", True, before, after).passed
    assert check("changed", "scenes[number=2].content", False, before, after).passed


def test_design_example_checks_fail_when_nothing_happened(before: dict[str, Any]) -> None:
    same = copy.deepcopy(before)
    gt = check("gt", "scenes[number=3].version", 1, before, same)
    assert not gt.passed
    assert gt.actual == 1
    changed = check("changed", "scenes[number=3].content", True, before, same)
    assert not changed.passed
    assert changed.actual is False


# --- each check, passing and failing -----------------------------------------------------------

CASES = [
    # kind, path, expected, passes
    ("equals", "scenes[number=3].version", 2, True),
    ("equals", "scenes[number=3].version", 2.0, True),
    ("equals", "scenes[number=3].version", 1, False),
    ("equals", "shots[0].status", "still_approved", True),
    ("equals", "shots[0].status", "STILL_APPROVED", False),
    ("equals", "shots[*scene=2].status", ["still_pending", "draft"], True),
    ("equals", "shots[*scene=2].status", ["draft", "still_pending"], False),
    ("equals", "characters[name=Old Tom].stale", True, True),
    ("equals", "assets.by_type.video", True, False),
    ("equals", "cost.budget_usd", None, True),
    ("not_equals", "scenes[number=3].version", 1, True),
    ("not_equals", "scenes[number=3].version", 2, False),
    ("gt", "assets.count", 3, True),
    ("gt", "assets.count", 4, False),
    ("gte", "assets.count", 4, True),
    ("gte", "assets.count", 5, False),
    ("lt", "timeline[0].duration", 4, True),
    ("lt", "timeline[0].duration", 3.5, False),
    ("lte", "timeline[0].duration", 3.5, True),
    ("lte", "timeline[0].duration", 3.4, False),
    ("gt", "shots[0].status", 0, False),
    ("gt", "characters[0].stale", 0, False),
    ("contains", "scenes[number=3].content", "bruised sky", True),
    ("contains", "scenes[number=3].content", "BRUISED", True),
    ("contains", "scenes[number=3].content", "sunny", False),
    ("contains", "shots[*scene=2].status", "draft", True),
    ("contains", "shots[*scene=2].status", "DRAFT", True),
    ("contains", "shots[*scene=2].status", "dra", False),
    ("contains", "shots[*].number", 2, True),
    ("contains", "shots[*].number", 5, False),
    ("contains", "assets.by_type", "image", True),
    ("contains", "assets.count", 4, False),
    ("not_contains", "scenes[number=3].content", "sunny", True),
    ("not_contains", "scenes[number=3].content", "Maya", False),
    ("not_contains", "shots[*scene=2].status", "still_rejected", True),
    ("not_contains", "shots[*scene=2].status", "draft", False),
    ("matches", "history.last", r"^Rewrite scene \d$", True),
    ("matches", "history.last", r"^rewrite", False),
    ("matches", "history.last", r"(?i)^rewrite", True),
    ("matches", "shots[*].status", r"^video_", True),
    ("matches", "shots[*].status", r"rejected", False),
    ("matches", "assets.count", r"^4$", True),
    ("matches", "cost.budget_usd", r".*", False),
    ("len", "scenes", 3, True),
    ("len", "scenes", 2, False),
    ("len", "shots[*scene=2]", 2, True),
    ("len", "shots[*scene=9]", 0, True),
    ("len", "scenes[number=1].heading", 16, True),
    ("len", "assets.by_type", 2, True),
    ("len", "assets.count", 1, False),
    ("len_gte", "shots", 4, True),
    ("len_gte", "shots", 5, False),
    ("exists", "art_direction.palette", True, True),
    ("exists", "cost.budget_usd", True, True),
    ("exists", "art_direction.mood", True, False),
    ("exists", "art_direction.mood", False, True),
    ("exists", "scenes[number=9]", False, True),
    ("exists", "scenes[number=3]", False, False),
    ("changed", "assets.count", True, True),
    ("changed", "assets.by_type", False, True),
    ("changed", "scenes[*].version", True, True),
    ("changed", "scenes[number=1]", True, False),
]


@pytest.mark.parametrize(("kind", "path", "expected", "passes"), CASES)
def test_check(
    kind: str, path: str, expected: Any, passes: bool, before: dict[str, Any], after: dict[str, Any]
) -> None:
    result = check(kind, path, expected, before, after)
    assert result.passed is passes, result
    assert result.kind == kind
    assert result.path == path
    assert result.expected == expected


def test_every_check_kind_is_covered() -> None:
    assert {case[0] for case in CASES} == set(STATE_CHECKS)


@pytest.mark.parametrize("kind", [k for k in STATE_CHECKS if k != "exists"])
def test_missing_path_fails_every_check_but_exists_false(
    kind: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    # Choose an expected value the check would accept on some real value, so only the path decides.
    expected = {"changed": False, "len": 0, "len_gte": 0, "matches": ".*", "not_contains": "x"}.get(kind, 0)
    result = check(kind, "scenes[number=99].version", expected, before, after)
    assert not result.passed
    assert "no item of 'scenes' has number=99" in result.actual
    # The same check on a typo'd field also fails rather than reading an empty list.
    assert not check(kind, "scenes[*nubmer=3]", expected, before, after).passed


def test_exists_false_is_the_only_check_a_missing_path_passes(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    assert check("exists", "scenes[number=99]", False, before, after).passed
    assert not check("exists", "scenes[number=99]", True, before, after).passed


def test_changed_when_a_path_appears(before: dict[str, Any], after: dict[str, Any]) -> None:
    after["shots"].append({"scene": 9, "number": 1, "status": "draft"})
    result = check("changed", "shots[scene=9]", True, before, after)
    assert result.passed
    assert check("changed", "shots[*scene=9]", True, before, after).passed


def test_changed_is_strict_about_types(before: dict[str, Any]) -> None:
    after = copy.deepcopy(before)
    after["assets"]["count"] = 3.0
    assert check("changed", "assets.count", False, before, after).passed
    after["characters"][0]["stale"] = 1
    assert check("changed", "characters[0].stale", True, before, after).passed


def test_same_value_and_loose_equal() -> None:
    assert same_value({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not same_value(True, 1)
    assert not same_value(0, False)
    assert not same_value("1", 1)
    assert not same_value({"a": 1}, {"a": 1, "b": 2})
    assert loose_equal("Maya", "maya")
    assert loose_equal({"scene": 3, "tone": "Dark", "x": 1}, {"scene": 3.0, "tone": "dark"})
    assert not loose_equal({"scene": 3}, {"scene": 3, "tone": "dark"})
    assert not loose_equal({"scene": 2}, {"scene": 3})
    assert loose_equal(["A", 1], ["a", 1.0])
    assert not loose_equal(["a"], ["a", "b"])
    assert not loose_equal(True, 1)


# --- response checks ----------------------------------------------------------------------------

TEXT = "I rewrote Scene 3 with a darker tone.\nIt now ends at dusk."


def test_response_contains_is_case_insensitive() -> None:
    assert score_response("contains", "scene 3", TEXT).passed
    assert not score_response("contains", "scene 4", TEXT).passed


def test_response_not_contains() -> None:
    assert score_response("not_contains", "error", TEXT).passed
    assert not score_response("not_contains", "DARKER", TEXT).passed


def test_response_matches_uses_re_search_as_written() -> None:
    assert score_response("matches", r"ends at \w+\.$", TEXT).passed
    assert not score_response("matches", r"^scene", TEXT).passed
    assert score_response("matches", r"(?im)^it now", TEXT).passed


def test_response_check_shape_and_excerpt() -> None:
    long_text = "x" * 2000
    result = score_response("contains", "y", long_text)
    assert result.to_dict() == {
        "kind": "response.contains",
        "path": "response",
        "expected": "y",
        "actual": "x" * 500 + "…",
        "passed": False,
    }


# --- trajectory modes (agentevals semantics) ----------------------------------------------------


def calls(*names: str) -> list[ToolCall]:
    return [ToolCall(name) for name in names]


def expected(*names: str) -> list[ExpectedCall]:
    return [ExpectedCall(name) for name in names]


@pytest.mark.parametrize(
    ("mode", "want", "got", "passes"),
    [
        ("strict", ["a", "b"], ["a", "b"], True),
        ("strict", ["a", "b"], ["b", "a"], False),
        ("strict", ["a", "b"], ["a", "b", "c"], False),
        ("strict", ["a", "b"], ["a"], False),
        ("strict", [], [], True),
        ("strict", [], ["a"], False),
        ("unordered", ["a", "b"], ["b", "a"], True),
        ("unordered", ["a", "a", "b"], ["a", "b", "a"], True),
        ("unordered", ["a", "b"], ["a", "a", "b"], False),
        ("unordered", ["a", "a"], ["a"], False),
        ("unordered", ["a", "b"], ["a", "c"], False),
        ("subset", ["a", "b", "c"], ["b", "a"], True),
        ("subset", ["a", "b"], [], True),
        ("subset", ["a", "b"], ["a", "c"], False),
        ("subset", ["a"], ["a", "a"], False),
        ("superset", ["a"], ["c", "a", "b"], True),
        ("superset", ["a", "b"], ["b", "x", "a"], True),
        ("superset", ["a", "a"], ["a", "b"], False),
        ("superset", ["a", "b"], ["a"], False),
        ("superset", [], ["a"], True),
    ],
)
def test_trajectory_modes(mode: str, want: list[str], got: list[str], passes: bool) -> None:
    assert trajectory_matches(mode, expected(*want), calls(*got)) is passes


def test_trajectory_args_are_a_subset_match() -> None:
    want = [ExpectedCall("rewrite_scene", {"scene_number": 3})]
    assert trajectory_matches(
        "superset", want, [ToolCall("rewrite_scene", {"scene_number": 3, "tone": "dark"})]
    )
    assert trajectory_matches("superset", want, [ToolCall("rewrite_scene", {"scene_number": 3.0})])
    assert not trajectory_matches("superset", want, [ToolCall("rewrite_scene", {"scene_number": 2})])
    assert not trajectory_matches("superset", want, [ToolCall("rewrite_scene", {})])


def test_trajectory_args_need_distinct_calls_and_do_not_depend_on_order() -> None:
    want = [ExpectedCall("gen", None), ExpectedCall("gen", {"shot": 1})]
    got = [ToolCall("gen", {"shot": 1}), ToolCall("gen", {"shot": 2})]
    # A greedy matcher would give shot 1 to the unconstrained entry and then fail.
    assert trajectory_matches("superset", want, got)
    assert trajectory_matches("unordered", want, got)
    assert not trajectory_matches("superset", want, [ToolCall("gen", {"shot": 1})])
    assert not trajectory_matches("strict", want, got)
    assert trajectory_matches("strict", list(reversed(want)), got)


def test_trajectory_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown trajectory mode"):
        trajectory_matches("fuzzy", [], [])


def test_score_calls_reports_trajectory_and_forbidden() -> None:
    expect = CallsExpect(mode="superset", tools=(ExpectedCall("rewrite_scene"),), forbidden=("delete_scene",))
    ok = score_calls(expect, calls("read_scene", "rewrite_scene"))
    assert [(c.kind, c.passed) for c in ok] == [("calls.superset", True), ("calls.forbidden", True)]
    assert ok[0].expected == ["rewrite_scene"]
    assert ok[0].actual == ["read_scene", "rewrite_scene"]
    bad = score_calls(expect, calls("delete_scene", "rewrite_scene", "delete_scene"))
    assert [(c.kind, c.passed) for c in bad] == [("calls.superset", True), ("calls.forbidden", False)]
    assert bad[1].actual == ["delete_scene", "delete_scene"]


def test_score_calls_with_args_shows_args() -> None:
    expect = CallsExpect(mode="strict", tools=(ExpectedCall("gen", {"shot": 1}),))
    (result,) = score_calls(expect, [ToolCall("gen", {"shot": 2})])
    assert not result.passed
    assert result.expected == [{"name": "gen", "args": {"shot": 1}}]
    assert result.actual == [{"name": "gen", "args": {"shot": 2}}]


def test_score_calls_forbidden_only() -> None:
    (result,) = score_calls(CallsExpect(forbidden=("delete_scene",)), calls("a", "b"))
    assert result.kind == "calls.forbidden"
    assert result.passed


# --- route ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("want", "got", "passes"),
    [
        (["writer"], ["writer"], True),
        (["writer"], ["designer", "writer", "editor"], True),
        (["writer", "editor"], ["writer", "designer", "editor"], True),
        (["writer", "editor"], ["editor", "writer"], False),
        (["writer", "writer"], ["writer"], False),
        (["writer", "writer"], ["writer", "editor", "writer"], True),
        (["Writer"], ["writer"], True),
        (["cinematographer"], [], False),
        ([], ["writer"], True),
    ],
)
def test_route(want: list[str], got: list[str], passes: bool) -> None:
    assert route_matches(want, got) is passes
    result = score_route(want, got)
    assert result.passed is passes
    assert (result.kind, result.expected, result.actual) == ("route", want, got)
