"""Scenes named by a neighbour, by an ordinal at the start of a note, by a moment, and by words of one paragraph.

The resolver cases use a small invented screenplay (a market town: a stall at dawn, a van, a canal); the whole
requests go through the real tools on a fresh demo copy (IDA, RUBEN, JUNO; 3 night bus, 4 office night).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.index.embeddings import get_local_embedder
from agent.llm.offline.speech import speech_act
from agent.llm.offline.stage import stage_direction
from agent.resolver import find_scene_references

_TOWN = TOWN


def _refs(text: str) -> list[tuple[str, str, int | None]]:
    found = find_scene_references(text, _TOWN, embed=get_local_embedder().embed)
    return [(r.phrase, r.status, r.number) for r in found]


@pytest.mark.parametrize(("text", "number"), [
    ("the scene after the canal walk, make mara angrier", 4),
    ("tighten the scene right before the canal walk", 2),
    ("the one just after the first market scene needs more rain", 2),
])
def test_the_scene_next_to_a_described_one(text: str, number: int) -> None:
    assert [(s, n) for _, s, n in _refs(text)] == [("resolved", number)]


def test_no_scene_after_the_last_is_no_scene_rather_than_the_last() -> None:
    [(phrase, status, number)] = _refs("the scene after the night market one: darker")
    assert (phrase, status, number) == ("the scene after the night market one", "none", None)


def test_a_new_scene_after_a_described_one_is_placed_by_the_one_named() -> None:
    assert [n for _, _, n in _refs("add another scene after the canal walk")] == [3]


@pytest.mark.parametrize(("text", "number"), [
    ("second market scene: tighten", 4),
    ("First market scene needs more noise", 1),
])
def test_an_ordinal_may_open_the_note(text: str, number: int) -> None:
    assert [(s, n) for _, s, n in _refs(text)] == [("resolved", number)]


def test_a_label_with_the_moment_that_says_which_scene() -> None:
    found = _refs("the quarrel, when mara throws the keys into the canal — calmer")
    assert [(s, n) for _, s, n in found] == [("resolved", 3)]


def test_a_note_that_opens_on_a_moment_told_by_what_happens() -> None:
    assert [(s, n) for _, s, n in _refs("on the last delivery of the day give tom fewer lines")] == [("resolved", 2)]


def test_two_words_of_one_paragraph_beat_a_heading_word() -> None:
    """ "the van rolls past behind her": the canal scene has both in one paragraph; the van scene only its heading."""
    assert [(s, n) for _, s, n in _refs("the scene where the van rolls past behind her")] == [("resolved", 3)]


def test_words_of_two_sentences_are_not_one_phrase() -> None:
    """ "run" as a noun beside "Tom" in the next sentence is not "Tom runs"; the scene where he runs stays first."""
    found = find_scene_references("the scene where tom runs off with the receipt", _TOWN)
    assert found and found[0].matches[0].number == 2


@pytest.mark.parametrize(("text", "act"), [
    ("scene 2 — can it linger a little more?", "command"),
    ("could mara be on the canal path too?", "command"),
    ("can it end on the canal?", "question"),
    ("does it cost more than that?", "question"),
])
def test_changes_asked_as_questions(text: str, act: str) -> None:
    assert speech_act(text) == act


def test_how_someone_comes_across_is_no_action_line() -> None:
    assert stage_direction("so TOM comes across gentler", ["TOM", "MARA"]) is None
    assert stage_direction("have TOM come across the square at the end", ["TOM", "MARA"]) is not None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "neighbours")


async def test_someone_only_talked_about_is_brought_into_the_scene(template: Path, tmp_path: Path) -> None:
    """Scene 3 mentions Ida in dialogue; she is not there until she is put there."""
    before, after = await run_demo(template, tmp_path, "could ida be in the bus scene as well?")
    bus = next(s for s in after["scenes"] if s["number"] == 3)
    assert bus["version"] == 2 and "IDA" in bus["content"]
    assert next(c for c in after["characters"] if c["name"] == "IDA") == next(
        c for c in before["characters"] if c["name"] == "IDA"), "her description is untouched"


async def test_call_her_after_a_description_renames(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "the old woman with the reading glasses — call her Maud instead")
    names = {c["name"] for c in after["characters"]}
    assert "MAUD" in names and "IDA" not in names
