"""Story requests said in a sentence: genre and tone, a dictated logline, new scenes placed by description, files.

The readers underneath have unit tests; a few cases also run through the real tools on a fresh demo copy and
check the outcome on the snapshot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.genres import dictated_logline, genre_and_tone, new_genre, says_genre_or_tone
from agent.llm.offline.structure import _DELIVERABLE
from agent.resolver import explicit_scene_numbers


@pytest.mark.parametrize(("text", "genre", "tone"), [
    ("genre-wise we're a western with some satire thrown in", ["western", "satire"], []),
    ("genre is a western and the tone I'd say is dry but warm underneath", ["western"], ["dry but warm underneath"]),
    ("tone: brisk and dry, never smug", [], ["brisk", "dry"]),  # what to avoid is no tone
    ("tone: hushed and wistful, not twee", [], ["hushed", "wistful"]),
    ("genre noir, tone wry", ["noir"], ["wry"]),
    ("call it a bittersweet comedy", ["comedy"], ["bittersweet"]),
    ("set the genre to farce and the tone to giddy", ["farce"], ["giddy"]),
    ("make it a heist genre-wise, and keep the tone playful", ["heist"], ["playful"]),  # the genre before its label
])
def test_genre_and_tone_keep_only_the_tags(text: str, genre: list[str], tone: list[str]) -> None:
    assert genre_and_tone(text) == (genre, tone)


@pytest.mark.parametrize(("text", "sets"), [
    ("tone should be brisk, never smug", True), ("genre: heist", True),
    ("the tone is too dark in scene 3", False),  # a note on a scene
    ("tone it down in the bus scene", False), ("what genre is it?", False), ("make the tone lighter", False),
])
def test_only_a_sentence_that_names_the_tags_sets_them(text: str, sets: bool) -> None:
    assert says_genre_or_tone(text) is sets


def test_a_dictated_logline_is_kept_as_said_and_a_judgement_is_not_one() -> None:
    assert dictated_logline("logline - a ferryman on his last crossing smuggles a stranger home") == (
        "A ferryman on his last crossing smuggles a stranger home.")
    assert dictated_logline("the logline is: two sisters race to sell the farm before the flood") == (
        "Two sisters race to sell the farm before the flood.")
    assert dictated_logline("please change our logline to: a lighthouse keeper adopts a stray seal") == (
        "A lighthouse keeper adopts a stray seal.")
    assert dictated_logline("the logline is too long and a bit flat") is None
    assert dictated_logline("logline?") is None


def test_a_new_first_or_last_scene_is_not_an_existing_one() -> None:
    assert explicit_scene_numbers("add a last scene where the ferry sinks", 6) == []
    assert explicit_scene_numbers("write a new opening scene at the harbour", 6) == []
    assert [r.number for r in explicit_scene_numbers("darken the last scene", 6)] == [6]


@pytest.mark.parametrize(("text", "export"), [
    ("download the script", True), ("print out the screenplay please", True), ("package everything up", True),
    ("could I have a copy of the screenplay to print", True), ("export the cut list", True),
    ("get the script tighter", False), ("get the breakdown for scene 2", False), ("show me the script", False),
])
def test_files_asked_for_by_what_they_hold(text: str, export: bool) -> None:
    assert (_DELIVERABLE.search(text) is not None) is export


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "story")


_run = run_demo


async def test_a_new_scene_goes_after_the_one_described(template: Path, tmp_path: Path) -> None:
    asked = "put a new scene in after juno's bus journey: ruben refuels in the rain"
    before, after = await _run(template, tmp_path, asked)
    assert len(after["scenes"]) == len(before["scenes"]) + 1
    new = after["scenes"][3]  # after the bus (scene 3): the new scene 4
    assert "refuels" in new["content"] and "new scene" not in new["content"].lower()
    assert after["scenes"][4]["content"] == before["scenes"][3]["content"]


async def test_a_last_scene_is_written_not_an_object_put_in_the_old_one(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "add a last scene: ruben on his own in the depot at sunrise")
    assert len(after["scenes"]) == 7 and after["props"] == before["props"]
    assert after["scenes"][5]["content"] == before["scenes"][5]["content"]


async def test_genre_tone_and_logline_said_in_sentences(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "genre is a ghost story and the tone I'd say is hushed but warm",
                          "logline - a night clerk returns one last key before the office closes for good")
    idea = after["ideation"]
    assert "ghost story" in idea["genre"] and "hushed but warm" in idea["tone"] and "say" not in idea["tone"]
    assert after["logline"] == "A night clerk returns one last key before the office closes for good."


@pytest.mark.parametrize(("text", "steps"), [
    ("export fdx for the writers and otio for our assistant", ["export fdx", "export otio"]),
    ("send me the pages in final draft format, plus the captions as srt", [
        "export final draft", "export the captions as srt"]),
    ("export our shot list in pdf", ["export our shot list in pdf"]),  # one file, said two ways
])
def test_two_files_in_one_message_are_two_exports(text: str, steps: list[str]) -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses(text) == steps


def test_a_logline_dictated_after_as_follows_is_one_step() -> None:
    assert split_clauses("update the one-liner as follows. A clerk, a key, a last night.") == [
        "update the one-liner as follows: A clerk, a key, a last night"]


def test_a_genre_corrected_replaces_the_one_just_said() -> None:
    assert new_genre("no wait, a western actually", "genre: heist") == "genre: western"
    assert new_genre("no wait, scene 4", "genre: heist") is None
    assert new_genre("a western", "genre: heist") is None  # no correction word: a new request


async def test_what_kind_of_film_said_as_a_fact_and_then_corrected(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "we're a thriller, a tense little chase kind of thing",
                          "sorry, noir actually")
    assert after["ideation"]["genre"] == "noir"
    assert after["logline"] == ""
