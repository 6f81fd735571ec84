"""Scenes named by what happens in them, moved, swapped and trimmed; things added doing something.

Unit tests for the readers, and whole requests through the real tools on a fresh demo copy (1 office
night, 2 bridge night, 3 night bus, 4 office night, 5 bridge dawn, 6 office dawn).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.stage import stage_direction


@pytest.mark.parametrize(("clause", "line"), [
    ("add an owl hooting somewhere", "An owl hoots somewhere."),
    ("add some dogs barking outside", "Some dogs bark outside."),
    ("add a car passing", "A car passes."),
    ("add the sound of a kettle whistling", "A kettle whistles."),
])
def test_something_added_doing_something_is_an_action_line(clause: str, line: str) -> None:
    found = stage_direction(clause, ["IDA"])
    assert found is not None and found.line == line


@pytest.mark.parametrize(("clause", "line"), [
    ("in scene 2 ida shouldn't even glance at him", "IDA does not glance at him."),
    ("ida never smiles in this one", "IDA never smiles in this one."),
])
def test_what_someone_must_not_do_is_an_action_line(clause: str, line: str) -> None:
    found = stage_direction(clause, ["IDA"])
    assert found is not None and found.line == line


def test_something_added_without_an_action_is_not_a_line() -> None:
    assert stage_direction("add a lamp", ["IDA"]) is None
    assert stage_direction("add a ceiling", ["IDA"]) is None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "described")


_run = run_demo


def _order(before: dict[str, Any], after: dict[str, Any]) -> list[int]:
    """Return the old numbers of the scenes in their new order."""
    old = {s["content"]: s["number"] for s in before["scenes"]}
    return [old[s["content"]] for s in after["scenes"]]


@pytest.mark.parametrize(("text", "order"), [
    ("4 after 5 please", [1, 2, 3, 5, 4, 6]),
    ("move the last office scene right after the claim form", [1, 2, 3, 4, 6, 5]),
    ("swap the first and third office scenes", [6, 2, 3, 4, 5, 1]),
])
async def test_scenes_moved_by_description_or_bare_numbers(template: Path, tmp_path: Path, text: str,
                                                           order: list[int]) -> None:
    before, after = await _run(template, tmp_path, text)
    assert _order(before, after) == order


async def test_cutting_some_of_the_talk_trims_the_scene_and_keeps_it(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "cut a bit of the dialogue in scene 4")
    assert len(after["scenes"]) == 6
    assert len(after["scenes"][3]["content"]) < len(before["scenes"][3]["content"])


async def test_a_sound_added_to_a_scene_is_written_into_it(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "in scene 2 add a train rumbling far off")
    assert "A train rumbles far off." in after["scenes"][1]["content"]
    assert after["props"] == before["props"]  # not a prop called "TRAIN RUMBLING"


async def test_news_that_someone_dropped_out_deletes_nobody(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "bad news: the actor for the driver dropped out. the writer is sad")
    assert after["characters"] == before["characters"]


async def test_her_to_appear_is_no_prop(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "in scene 6 I want her to wait by the window")
    assert after["props"] == before["props"]


def test_cue_words_with_a_lookahead_still_correct_typos() -> None:
    from agent.llm.offline.cues import correct_spelling, cue_words

    assert {"delete", "remove"} <= cue_words()  # written "delete(?!d" in the cue table
    assert correct_spelling("delte scene 2") == "delete scene 2"


async def test_someones_moment_as_a_label_names_their_scene(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "Juno's dash over the bridge by night — make it bleaker")
    pairs = zip(after["scenes"], before["scenes"], strict=True)
    changed = [s["number"] for s, b in pairs if s["content"] != b["content"]]
    assert changed == [2]


async def test_a_scene_label_then_someone_doing_something_is_written_in(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "the umbrella scene: ida offers ruben a biscuit")
    assert "IDA offers Ruben a biscuit." in after["scenes"][5]["content"]


def test_a_follow_up_may_open_with_oh_or_plus() -> None:
    from agent.llm.offline.speech import is_follow_up

    assert is_follow_up("oh and scene 4")
    assert is_follow_up("plus, the last one as well")
    assert not is_follow_up("oh no")


def test_a_misspelt_name_that_is_also_a_word_is_the_name_when_the_clause_is_about_it() -> None:
    from agent.llm.offline.cues import correct_names, real_words

    cast = ("MARK", "TOMAS")
    assert "marc" in real_words()  # a word of its own, so only its place says it is a typo
    assert correct_names("marc needs a warmer coat", cast) == "mark needs a warmer coat"
    assert correct_names("ok so marc in scene 2 - a flat cap", cast) == "ok so mark in scene 2 - a flat cap"
    assert correct_names("marc's hat", cast) == "mark's hat"
    assert correct_names("give the coat to marc", cast) == "give the coat to marc"  # mid-sentence: left as said
