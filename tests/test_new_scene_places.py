"""A new scene placed by scenes named by description: after, before, or between two of them.

Whole requests through the real tools on a fresh demo copy (1 office night, 2 bridge night, 3 night bus,
4 office night, 5 bridge dawn, 6 office dawn).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.numbers import between_pair, placed_in_gap


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "new-scene-places")


def _order(before: dict[str, Any], after: dict[str, Any]) -> list[int]:
    """Return the old numbers of the scenes in their new order (0 for a scene that is new)."""
    old = {s["content"]: s["number"] for s in before["scenes"]}
    return [old.get(s["content"], 0) for s in after["scenes"]]


@pytest.mark.parametrize(("text", "order"), [
    # no "new" at all: a scene placed by another, then told what happens in it
    ("scene after the night bus one where ruben counts the coins alone", [1, 2, 3, 0, 4, 5, 6]),
    ("new scene before the bus one - ida pockets a glove and locks the door", [1, 2, 0, 3, 4, 5, 6]),
    ("we need an extra scene between the bridge at night and the bus one where juno shivers at a kerb",
     [1, 2, 0, 3, 4, 5, 6]),
    ("a short scene between scenes 6 and 5 where the gulls squabble", [1, 2, 3, 4, 5, 0, 6]),
])
async def test_a_new_scene_goes_where_it_is_placed(template: Path, tmp_path: Path, text: str,
                                                   order: list[int]) -> None:
    before, after = await run_demo(template, tmp_path, text)
    assert _order(before, after) == order


async def test_a_gap_wider_than_one_scene_is_asked_about(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "one more scene between scenes 2 and 5 where ida sweeps")
    assert after["scenes"] == before["scenes"]


async def test_the_answer_to_which_gap_places_the_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "one more scene between scenes 2 and 5 where ida sweeps",
                                   "before 4")
    assert _order(before, after) == [1, 2, 3, 0, 4, 5, 6]


async def test_a_scene_after_another_that_feels_off_writes_no_new_scene(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "scene after the bridge at night drags")
    assert len(after["scenes"]) == 6


def test_between_reads_the_two_scenes_in_order() -> None:
    assert between_pair("a scene between scenes 4 and 3") == (3, 4)
    assert between_pair("between scene 1 & scene 2") == (1, 2)
    assert between_pair("a scene after scene 2") is None


def test_an_answer_takes_the_place_of_the_between_phrase() -> None:
    asked = "an extra scene between the two kitchen ones where the dog sleeps"
    assert placed_in_gap("3", asked) == "an extra scene after scene 3 where the dog sleeps"
    assert placed_in_gap("before scene 4", asked) == "an extra scene before scene 4 where the dog sleeps"
    assert placed_in_gap("3", "rewrite the scene between the kitchen ones") is None  # no new scene was asked for
    assert placed_in_gap("make it darker", asked) is None
