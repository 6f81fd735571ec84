"""New characters and props are named as the film-maker named them, never from an abbreviation or a known name."""

from __future__ import annotations

import pytest

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.names import explicit_name
from agent.resolver import explicit_scene_numbers
from agent.shorthand import spell_out

_KNOWN = ["IDA", "JUNO", "RUBEN", "NIGHT BUS"]


@pytest.mark.parametrize(("text", "name"), [
    ("add her uncle as a character — TEODOR, 60s, paint on his hands", "TEODOR"),
    ("new character: a TICKET COLLECTOR, bored, 30s", "TICKET COLLECTOR"),
    ("add a character called Mags Dunn", "MAGS DUNN"),
    ("add Pell, a lighthouse keeper", "PELL"),
])
def test_the_name_given_is_the_name(text: str, name: str) -> None:
    assert explicit_name(text, known=_KNOWN) == name


@pytest.mark.parametrize("text", [
    "add the tin whistle as a prop: dented, tag No. 9",  # "No." is an abbreviation
    "new prop: a flask, Ruben keeps it under the seat",  # RUBEN is someone already
    "add a prop for the NIGHT BUS, a route map",  # a place the film has
])
def test_a_thing_is_never_named_from_an_abbreviation_or_a_known_name(text: str) -> None:
    assert explicit_name(text, loose=False, known=_KNOWN) is None


def test_a_listed_set_of_new_things_is_one_step_each() -> None:
    assert split_clauses("add two new characters: PIP, a paperboy; and a DOCK FOREMAN, 50s") == [
        "add a character: PIP, a paperboy", "add a character: a DOCK FOREMAN, 50s"]
    assert split_clauses("add three props: a ladle, a cracked mirror and a tide chart") == [
        "add a prop: a ladle", "add a prop: a cracked mirror", "add a prop: a tide chart"]


def test_places_in_the_film_name_two_scenes_and_an_arrow_moves_one() -> None:
    [pair] = explicit_scene_numbers("trade the opening and final scenes", 8)
    assert [m.number for m in pair.matches] == [1, 8]
    [pair] = explicit_scene_numbers("swap the 2nd & 5th ones", 8)
    assert [m.number for m in pair.matches] == [2, 5]
    assert spell_out("mv sc4 → 2") == "move sc4 to 2"


def test_a_list_of_scene_numbers_names_every_one() -> None:
    numbers = [r.number for r in explicit_scene_numbers("soften scenes 2, 5 and 7", 8)]
    assert numbers == [2, 5, 7]
    assert [r.number for r in explicit_scene_numbers("scenes three, four, and eight are slow", 8)] == [3, 4, 8]
    assert [r.number for r in explicit_scene_numbers("scene 3 and then shot 2", 8)] == [3]
