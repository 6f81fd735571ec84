"""Questions about what the screenplay says are answered from its words, and never change the project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, opened, run_demo
from town_scenes import TOWN

from agent.llm.offline.rewrite import scene_without_line
from agent.llm.offline.taken_out import removed_line
from agent.tools.said import written


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "content-questions")


async def _reply(template: Path, tmp_path: Path, text: str) -> str:
    async with opened(template, tmp_path) as session:
        result = await session.run("t", text)
    return "\n".join(e.get("text", "") for e in result.events if e.get("type") == "message")


def _town() -> dict[str, Any]:
    return {"scenes": [{"number": s.number, "heading": s.heading, "content": s.content} for s in TOWN],
            "characters": [{"name": "MARA"}, {"name": "TOM"}]}


def test_what_happens_right_after_a_moment_is_the_next_beat_of_its_scene() -> None:
    answer = written(_town(), "what happens straight after mara sets the pears out")
    assert "sets out crates of pears" in answer and "After that" in answer and "counts the float" in answer


def test_what_happens_just_before_a_moment_is_the_beat_before_it() -> None:
    answer = written(_town(), "what happens just before mara throws the keys in the canal")
    assert "Before that" in answer and "horn stuck" in answer


def test_what_someone_does_after_a_moment_runs_past_a_beat_too_short_to_say() -> None:
    answer = written(_town(), "what does tom do right after the delivery rattles in the back")
    assert "After that" in answer and "He parks." in answer and "finds the receipt" in answer


def test_a_moment_that_ends_its_scene_says_so() -> None:
    answer = written(_town(), "what happens after tom finds that receipt")
    assert "ends there" in answer


def test_a_line_named_by_its_place_is_the_one_taken_out() -> None:
    taken = removed_line("tom's last line at the stall is too much, drop it", ("MARA", "TOM"))
    assert taken is not None and (taken.speaker, taken.which) == ("TOM", "last")
    out = scene_without_line(TOWN[0].content, taken.words, taken.speaker, taken.which)
    assert out is not None and "We're short again." not in out and "Then count slower." in out


async def test_asking_what_comes_after_a_moment_moves_no_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "what happens once ida tags the key with its number?")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


async def test_a_count_of_someones_lines_is_given_as_a_number(template: Path, tmp_path: Path) -> None:
    reply = await _reply(template, tmp_path, "how many lines has ruben got altogether?")
    assert "RUBEN has 7 lines" in reply  # two in the opening, three on the bus, two at dawn


async def test_scenes_counted_by_time_of_day_are_not_the_place_with_that_word(template: Path, tmp_path: Path) -> None:
    reply = await _reply(template, tmp_path, "how many dawn scenes do we have?")
    assert "2 scenes" in reply and "5 and 6" in reply
