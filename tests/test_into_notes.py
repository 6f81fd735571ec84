"""Something said about someone, then asked into their notes, is their description; "says thank you" is not a sign-off.

Invented requests (Mara, a night porter, an old man at a kiosk); none comes from an eval set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.clauses import split_clauses


def test_a_fact_then_put_that_in_her_notes_is_one_step_on_her_description() -> None:
    assert split_clauses("mara hates boats - add that to her character notes please") == [
        "add to mara's description: she hates boats"]
    assert split_clauses("the night porter is ex-army. can you put that in his description?") == [
        "add to the night porter's description: he is ex-army"]
    assert split_clauses("the old man at the kiosk is deaf in one ear, make that part of who he is") == [
        "add to the old man at the kiosk's description: he is deaf in one ear"]


def test_a_fact_about_no_one_or_a_bare_ask_is_left_as_said() -> None:
    assert split_clauses("that never works, put that in her notes") == ["that never works, put that in her notes"]
    assert split_clauses("put that in her notes") == ["put that in her notes"]


def test_thanks_someone_says_are_words_of_the_film() -> None:
    assert split_clauses("mara never says thank you") == ["mara never says thank you"]
    assert split_clauses("add a gull to scene 2, thank you") == ["add a gull to scene 2"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "notes")


async def test_the_fact_lands_in_the_description_and_nowhere_else(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ruben never says thank you - put that in his notes")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    # the note is folded into what the screenplay says of him where he first appears (he has no description yet)
    introduced = re.search(r"RUBEN \(([^)]+)\)", after["scenes"][0]["content"]).group(1)  # type: ignore[union-attr]
    assert ruben["description"] == f"{introduced}. He never says thank you."
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]
    assert [c for c in after["characters"] if c["name"] != "RUBEN"] == [
        c for c in before["characters"] if c["name"] != "RUBEN"]


def test_a_names_is_and_a_names_thing_are_told_apart() -> None:
    from agent.llm.offline.understand import _owned_thing_put, _who_is

    cast = ("MARA", "TOM")
    assert _who_is("mara's a widow but never says so", cast) == "mara is a widow but never says so"
    assert _who_is("tom's always late", cast) == "tom is always late"
    assert _who_is("mara's coat is wet", cast) == "mara's coat is wet"  # her coat
    assert _who_is("tom's never been to sea", cast) == "tom's never been to sea"  # has never been
    assert _owned_thing_put("put tom's tin mug on the shelf during scene 2", cast) == (
        "put a tin mug on the shelf in scene 2")
    assert _owned_thing_put("put tom's line in scene 2", cast) == "put tom's line in scene 2"
    assert _owned_thing_put("put the harbourmaster's flag on the mast in scene 2", cast) == (
        "put the harbourmaster's flag on the mast in scene 2")  # not someone in the cast


@pytest.mark.parametrize(("said", "step"), [
    ("So Tomas. I keep picturing him as this wiry ex-sailor, rope burns on both hands. Can we get that into his "
     "character?", "add to Tomas's description: wiry ex-sailor, rope burns on both hands"),
    ("A thing I keep coming back to with Mara — she counts the steps on every stair. Can that go in her notes?",
     "add to Mara's description: she counts the steps on every stair"),
    ("mara hums when she lies. add that to her", "add to mara's description: she hums when she lies"),
])
def test_what_was_said_of_someone_first_named_goes_into_their_notes(said: str, step: str) -> None:
    assert split_clauses(said) == [step]


def test_a_capitalised_word_that_names_no_one_gives_no_character() -> None:
    assert split_clauses("Rain. It never stops. Can that go in her notes?") == [
        "Rain. It never stops. Can that go in her notes?"]
    assert not split_clauses("Yes. She never sleeps. Can that go in her notes?")[0].startswith("add to Yes")


def test_someones_age_and_how_they_come_across_are_who_they_are() -> None:
    from agent.llm.offline.traits import trait_sentence

    assert trait_sentence("MARA", "mara's 60s, widowed, quick to laugh") == "Mara, 60s, widowed, quick to laugh."
    assert trait_sentence("TOMAS", "tomas should come across like a retired harbour pilot") == (
        "Tomas comes across as a retired harbour pilot.")
    assert trait_sentence("MARA", "mara's 12 in scene 2") is None  # a scene's business, not who she is


async def test_the_cast_notes_take_no_name_from_a_possessive(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "juno's character description: quick, wary, never sits down")
    juno = next(c for c in after["characters"] if c["name"] == "JUNO")
    assert "wary" in juno["description"] and len(after["characters"]) == len(before["characters"])


async def test_notes_for_someone_not_in_the_cast_make_no_one(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "add to Tuesday's description: she has been alone for years")
    assert after["characters"] == before["characters"]
