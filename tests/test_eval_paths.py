"""Snapshot paths: every form in DESIGN.md, the edge cases, and the syntax errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from evals.paths import Every, Field, Index, Missing, PathSyntaxError, Select, parse_path, resolve

FIXTURES = Path(__file__).parent / "fixtures" / "evals"


@pytest.fixture
def snap() -> dict[str, Any]:
    return json.loads((FIXTURES / "demo_snapshot.json").read_text())


# --- DESIGN.md examples -------------------------------------------------------------------------


def test_field_then_field(snap: dict[str, Any]) -> None:
    assert resolve(snap, "assets.by_type") == {"image": 2, "video": 1}
    assert resolve(snap, "assets.by_type.image") == 2
    assert resolve(snap, "art_direction.style") == "moody noir"


def test_index(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[0].status") == "still_approved"
    assert resolve(snap, "shots[3].status") == "video_approved"
    assert resolve(snap, "shots[-1].number") == 1
    assert resolve(snap, "art_direction.palette[1]") == "#c0a060"


def test_first_match_selector_from_design_examples(snap: dict[str, Any]) -> None:
    assert resolve(snap, "scenes[number=3].version") == 1
    assert resolve(snap, "scenes[number=3].content") == "Maya finds the boat on the sand."
    assert resolve(snap, "scenes[number=2].content") == "Maya lights the lamp. OLD TOM watches."


def test_first_match_returns_the_first_of_several(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[scene=2].number") == 1
    assert resolve(snap, "shots[camera=wide].scene") == 1


def test_every_match_selector_is_a_list(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[*scene=2].status") == ["still_pending", "draft"]
    assert resolve(snap, "shots[*camera=wide].scene") == [1, 3]
    assert resolve(snap, "scenes[*stale=true].number") == [3]


def test_every_item_and_mapping_a_field(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[*].number") == [1, 1, 2, 1]
    assert resolve(snap, "scenes[*]") == snap["scenes"]
    # A .field after a list maps over it even without [*].
    assert resolve(snap, "scenes.version") == [1, 2, 1]
    assert resolve(snap, "characters.name") == ["Maya", "Old Tom"]


def test_selectors_chain_design_example(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[*scene=2][number=1].status") == "still_pending"
    assert resolve(snap, "shots[*scene=2][number=2].status") == "draft"
    assert resolve(snap, "shots[*scene=2][*number=2].status") == ["draft"]
    assert resolve(snap, "shots[*camera=wide][scene=3].assets[1]") == "a3"


def test_selector_strings_compare_case_insensitively(snap: dict[str, Any]) -> None:
    assert resolve(snap, "characters[name=MAYA].version") == 1
    assert resolve(snap, "characters[name=old tom].stale") is True
    # Dots, dashes and spaces inside the brackets belong to the value.
    assert resolve(snap, "scenes[heading=int. lighthouse - night].number") == 2


def test_selector_numbers_compare_numerically(snap: dict[str, Any]) -> None:
    assert resolve(snap, "timeline[duration=3.5].shot") == 1
    assert resolve(snap, "timeline[duration=3.50].shot") == 1
    assert resolve(snap, "timeline[duration=4.0].scene") == 3
    assert resolve(snap, "scenes[number=03].version") == 1
    assert isinstance(resolve(snap, "scenes[number=three]"), Missing)


def test_selector_on_booleans_and_null(snap: dict[str, Any]) -> None:
    assert resolve(snap, "characters[stale=TRUE].name") == "Old Tom"
    assert resolve(snap, "characters[*stale=false].name") == ["Maya"]
    wrapped = {"items": [{"v": None, "n": 1}, {"v": 2, "n": 2}]}
    assert resolve(wrapped, "items[v=null].n") == 1


def test_selector_on_a_list_field_matches_any_element(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[*characters=old tom].number") == [2]
    assert resolve(snap, "shots[*characters=maya].scene") == [1, 2, 2, 3]


def test_quoted_selector_values_keep_brackets_and_still_compare(snap: dict[str, Any]) -> None:
    data = {"scenes": [{"heading": "INT. A ] B", "number": 7}]}
    assert resolve(data, 'scenes[heading="int. a ] b"].number') == 7
    assert resolve(data, "scenes[heading='INT. A ] B'].number") == 7
    assert resolve(snap, 'scenes[number="3"].version') == 1


def test_dotted_selector_key() -> None:
    data = {"shots": [{"where": {"name": "Cliff"}, "n": 1}, {"where": {"name": "Beach"}, "n": 2}]}
    assert resolve(data, "shots[where.name=beach].n") == 2


def test_empty_every_match_is_an_empty_list_not_missing(snap: dict[str, Any]) -> None:
    assert resolve(snap, "shots[*scene=9]") == []
    assert resolve(snap, "shots[*scene=9].status") == []


def test_null_value_resolves(snap: dict[str, Any]) -> None:
    assert resolve(snap, "cost.budget_usd") is None


# --- paths that resolve to nothing carry a reason ---------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("scene[number=3]", "no field 'scene'"),
        ("scenes[number=9].version", "no item of 'scenes' has number=9"),
        ("scenes[nubmer=3].version", "has a field 'nubmer'"),
        ("scenes[*nubmer=3]", "has a field 'nubmer'"),
        ("scenes[7]", "index 7 is out of range"),
        ("scenes[-4]", "out of range"),
        ("scenes[*].verison", "has no field 'verison'"),
        ("scenes.verison", "has no field 'verison'"),
        ("name[0]", "not a list"),
        ("name.first", "is a string"),
        ("assets[*]", "not a list"),
        ("cost[budget_usd=null]", "not a list"),
        ("cost.budget_usd.amount", "is null"),
        ("shots[*scene=2][number=5].status", "no item of 'shots[*scene=2]' has number=5"),
        ("shots[scene=2][number=1]", "is an object, not a list"),
    ],
)
def test_unresolvable_paths_are_missing_with_reason(snap: dict[str, Any], path: str, reason: str) -> None:
    got = resolve(snap, path)
    assert isinstance(got, Missing)
    assert reason in got.reason
    assert str(got).startswith("<missing: ")


# --- parsing ------------------------------------------------------------------------------------


def test_parse_steps() -> None:
    parsed = parse_path("shots[*scene=2][number=1].status")
    assert parsed.steps == (
        Field("shots"),
        Select(key="scene", value="2", quoted=False, every=True),
        Select(key="number", value="1", quoted=False, every=False),
        Field("status"),
    )
    assert parse_path("scenes[*]").steps == (Field("scenes"), Every())
    assert parse_path("scenes[-1]").steps == (Field("scenes"), Index(-1))
    assert parse_path("[0].x").steps == (Index(0), Field("x"))
    assert str(parse_path("  scenes[ 2 ] ")) == "scenes[ 2 ]"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "empty path"),
        ("   ", "empty path"),
        (".scenes", "starts with '.'"),
        ("scenes..version", "empty field name"),
        ("scenes.", "empty field name"),
        ("scenes[", "unclosed '['"),
        ("scenes[number=3", "unclosed '['"),
        ("scenes[abc]", "is not an index"),
        ("scenes[]", "is not an index"),
        ("scenes[=3]", "has no key"),
        ("scenes[*x]", "needs key=value"),
        ('scenes[heading="a]', "unclosed quote"),
        ('scenes[heading="a" x]', "expected ']'"),
        ("scenes]", "expected '.' or '['"),
        ("scenes[0]x", "expected '.' or '['"),
    ],
)
def test_syntax_errors(path: str, message: str) -> None:
    with pytest.raises(PathSyntaxError, match=re.escape(message)) as info:
        parse_path(path)
    assert "\n" not in str(info.value)
