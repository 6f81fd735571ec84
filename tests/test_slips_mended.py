"""A word no English dictionary holds, one slip from a word that is, is read as that word; real words never change.

Invented requests (a ferry, a net loft, Mara and Tomas); the dictionary is pyspellchecker's English word list.
"""

from __future__ import annotations

import pytest

from agent.llm.offline.spelling import correct_spelling

CAST = ("MARA", "TOMAS")


@pytest.mark.parametrize(("typed", "meant"), [
    ("mara sits down heavyly on the net", "mara sits down heavily on the net"),
    ("make tomas angrey in the loft scene", "make tomas angry in the loft scene"),
    ("mara shoud be warmer", "mara should be warmer"),
    ("the ferry scene shuold be at dusk", "the ferry scene should be at dusk"),
])
def test_one_slip_from_a_word_is_that_word(typed: str, meant: str) -> None:
    assert correct_spelling(typed, CAST) == meant


@pytest.mark.parametrize("said", [
    "a tarp over the crate",  # real words the model's own vocabulary lacks
    "tomas wrings out a dishcloth",
    "mara fumbles the lanyard",
    "the ferrule of her cane taps",
    "tomas offers mara a biscuit",
    "give her the line \"yer nae gonna win\"",  # a line of the film, as written
    "add a character called brend",  # a name being given
    "tomass coat",  # a name's own "s", not a slip
    "the colour of a mould stain, an odour of tar",  # British, not slips of "color", "mold", "odor"
    "mara in her pyjamas, sceptical, by the kerb",
])
def test_words_that_are_meant_stay_as_written(said: str) -> None:
    assert correct_spelling(said, CAST) == said


def test_a_slip_with_several_likely_fixes_is_left_as_typed() -> None:
    assert correct_spelling("mara trps on the gangway", CAST) == "mara trps on the gangway"  # trips? traps? tips?
    assert correct_spelling("in the clame scene", CAST) == "in the clame scene"  # never "came"
