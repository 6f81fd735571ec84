"""Lines of dialogue dictated in reported speech or quotes, written into the scene as the character's own words.

Unit tests for the reported-to-direct reading, and whole requests through the real tools on a fresh demo copy
(IDA, RUBEN, JUNO; scene 4 is the claim at the counter, by night).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.spoken import direct_speech
from agent.llm.offline.stage import stage_direction

_CAST = ["IDA", "JUNO", "RUBEN"]


@pytest.mark.parametrize(("said", "gender", "line"), [
    ("her sister moved to Leeds", "f", "My sister moved to Leeds."),
    ("she never learned to swim", "f", "I never learned to swim."),
    ("she misses the sea", None, "I miss the sea."),
    ("he is tired of the night shift", "m", "I am tired of the night shift."),
    ("they gave her the keys", "f", "They gave me the keys."),
    ("his father drove this route", "m", "My father drove this route."),
])
def test_reported_words_become_the_speakers_own(said: str, gender: str | None, line: str) -> None:
    assert direct_speech(said, gender) == line


@pytest.mark.parametrize(("clause", "speaker", "line", "place"), [
    ("slip in a line where Ida says her cat is called Biscuit", "IDA", "My cat is called Biscuit.", "middle"),
    ('have Ruben say "Last stop, love."', "RUBEN", "Last stop, love.", "middle"),
    ("juno should tell him that she hates buses at the end", "JUNO", "I hate buses.", "end"),
    ("give Ruben one more line saying he waited for her", "RUBEN", "I waited for her.", "middle"),
])
def test_a_dictated_line_is_dialogue_for_its_speaker(clause: str, speaker: str, line: str, place: str) -> None:
    found = stage_direction(clause, _CAST)
    assert found is not None and (found.speaker, found.line, found.place) == (speaker, line, place)


@pytest.mark.parametrize("clause", [
    "give Ida a line about her garden",  # a topic, not the words
    "have Ida say something kinder",
    "slip in a line where she says she is cold",  # nobody named: whose line is not known
])
def test_a_line_without_its_words_or_speaker_is_not_dictated(clause: str) -> None:
    found = stage_direction(clause, _CAST)
    assert found is None or found.speaker is None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "dialogue")


async def test_a_line_named_through_the_scene_description_goes_to_that_speaker(template: Path,
                                                                              tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "In the scene where Ida asks what is in the shed, slip "
                                                       "in a line where she says her husband kept bees.")
    content = after["scenes"][3]["content"]
    assert "My husband kept bees." in content and "she says" not in content
    assert content.count("\nIDA\n") == before["scenes"][3]["content"].count("\nIDA\n")  # her speech goes on
    assert [s["content"] for s in after["scenes"] if s["number"] != 4] == [
        s["content"] for s in before["scenes"] if s["number"] != 4]


async def test_could_you_have_someone_say_is_a_request(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "could you have Ruben say he hates the rain in scene 3?")
    assert "I hate the rain." in after["scenes"][2]["content"]


@pytest.mark.parametrize(("clause", "speaker", "said", "after", "place"), [
    ("in scene 2, after \"Not tonight.\" mara asks \"Why not?\"", "MARA", "Why not?", '"Not tonight."', "middle"),
    ("after 'We sail at six.' tom replies 'Then I'll be late.'", "TOM", "Then I'll be late.", "'We sail at six.'",
     "middle"),
    ("give tom \"Mind the rope.\" at the end of scene 3", "TOM", "Mind the rope.", "", "end"),
    ("in scene 3 tom says \"Go on, then.\" as she climbs aboard", "TOM", "Go on, then.", "she climbs aboard", "middle"),
])
def test_a_quoted_line_with_its_moment_or_place(clause: str, speaker: str, said: str, after: str, place: str) -> None:
    found = stage_direction(clause, ["MARA", "TOM"])
    assert found is not None
    assert (found.speaker, found.line, found.after, found.place) == (speaker, said, after, place)


async def test_a_quoted_line_given_to_someone_is_dialogue_never_their_description(template: Path,
                                                                                   tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "give ida \"Lock up behind you.\" at the end of scene 1")
    assert after["characters"] == before["characters"]
    body = after["scenes"][0]["content"]
    blocks = [b for b in body.split("\n\n") if b.strip() and not b.strip().endswith("TO:")]
    assert blocks[-1] == "IDA\nLock up behind you."  # the scene's last words, before its transition
