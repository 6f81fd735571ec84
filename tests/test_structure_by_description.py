"""Moves, swaps and splits that name scenes by what happens in them (an invented bakery-and-pier screenplay)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.split_at import split_line
from agent.llm.offline.swaps import spelled_swaps
from agent.resolver import SceneInfo, find_scene_references
from agent.resolver.events import happens_in, sharpen
from agent.resolver.scenes import SceneMatch, SceneReference
from agent.session import Session

_SCENES = [
    ("INT. BAKERY - NIGHT", "A flour-dusted counter. MARA (60s) stacks loaves. TOM (30s) comes in with a sack of "
                            "mail.\n\nMARA\nAnything for me?\n\nTOM\nOne. Blue.\n\nMara sorts the letters. She holds "
                            "up a blue envelope.\n\nShe pins the envelope to the board. Tom hands her a receipt."),
    ("EXT. PIER - NIGHT", "Wind off the sea. LENA (16) searches the planks with a lantern.\n\nShe finds nothing. "
                          "She runs."),
    ("INT. TRAM - NIGHT", "Tom drives the last tram. Lena climbs aboard, soaked.\n\nLENA\nDid anyone find a letter?\n"
                          "\nTOM\nAll the post goes to Mara."),
    ("INT. BAKERY - NIGHT", "Lena at the counter. Mara wipes flour off her hands.\n\nLENA\nIt's from my dad.\n\n"
                            "Lena stares at the board of letters.\n\nMARA\nWhat colour is the stamp?\n\nLENA\n"
                            "Green.\n\nMara unpins the envelope and presses it into Lena's hand."),
    ("EXT. PIER - DAWN", "The wind has dropped. Lena sits on the railing. She folds the letter into a paper boat and "
                         "sets the boat on the water."),
    ("INT. BAKERY - DAWN", "Mara switches off the ovens. On the top shelf: an old red kite. She takes it down.\n\n"
                           "Tom knocks with two warm rolls. He hands Mara a roll."),
]
_INFOS = [SceneInfo(i, heading, content) for i, (heading, content) in enumerate(_SCENES, start=1)]


def _refs(text: str) -> dict[str, int | None]:
    return {r.phrase: r.number for r in find_scene_references(text, _INFOS)}


def test_an_action_is_found_where_its_doer_does_it_to_the_thing() -> None:
    assert happens_in("Mara gives the envelope back", _INFOS) == [4]  # pressed into a hand is given
    assert happens_in("where she takes the kite down", _INFOS) == [6]  # "it" is the kite of the sentence before
    assert happens_in("Lena stares at the board", _INFOS) == [4]
    assert happens_in("Tom hands something over", _INFOS) == [1, 6]  # twice: the caller asks
    assert happens_in("the pier at night", _INFOS) is None  # no action named: the ranking alone decides
    assert happens_in("the one with her hands full of flour", _INFOS) is None  # "her hands": a noun, not giving


def test_a_move_between_two_described_scenes_names_both() -> None:
    refs = _refs("move the tram ride so that it comes after Mara gives the envelope back")
    assert refs == {"the tram ride": 3, "Mara gives the envelope back": 4}
    refs = _refs("put the scene where Mara takes the kite down before the one where Lena sets the boat on the water")
    assert refs == {"the scene where Mara takes the kite down": 6, "the one where Lena sets the boat on the water": 5}


def _tied(phrase: str, first: int, second: int) -> SceneReference:
    return SceneReference(phrase, (SceneMatch(first, _SCENES[first - 1][0], 1.0),
                                   SceneMatch(second, _SCENES[second - 1][0], 0.98)))


def test_of_two_scenes_that_fit_equally_the_one_where_the_action_happens_is_meant() -> None:
    assert _tied("Mara gives the envelope back", 1, 4).number is None
    assert sharpen(_tied("Mara gives the envelope back", 1, 4), _INFOS).number == 4


def test_an_action_that_happens_in_both_scenes_that_fit_stays_a_question() -> None:
    assert sharpen(_tied("where Tom hands something over", 1, 6), _INFOS).number is None
    assert sharpen(_tied("where Tom juggles", 1, 6), _INFOS).number is None  # no action read: nothing changes


def test_a_split_at_a_moment_picks_the_scene_the_moment_is_in() -> None:
    said = "cut the bakery scene into two parts at the point where Lena stares at the board"
    refs = find_scene_references(said, _INFOS)
    assert [r.number for r in refs] == [4]


def test_the_split_line_is_the_paragraph_where_the_moment_happens() -> None:
    content = _SCENES[3][1]
    line = split_line("split scene 4 at the moment Lena stares at the board", 4, content, ["MARA", "LENA", "TOM"])
    assert isinstance(line, int) and content.split("\n")[line - 1] == "Lena stares at the board of letters."
    missing = split_line("split scene 4 at the moment Tom drives off", 4, content, ["MARA", "LENA", "TOM"])
    assert isinstance(missing, str) and "couldn't find" in missing
    twice = "Lena waves.\n\nLENA\nBye.\n\nLena waves again."
    asked = split_line("split scene 2 at the point where Lena waves", 2, twice, ["LENA"])
    assert split_line("split scene 4 down the middle", 4, content, ["MARA"]) is None  # no moment: the tool's default
    assert asked is None or isinstance(asked, str)  # "waves" is no verb family here: nothing is guessed


_CONTEXT = ProjectContext(scene_count=6, refs=(
    SceneRef("Lena at the pier", "ambiguous", None, ("5 · EXT. PIER - DAWN", "2 · EXT. PIER - NIGHT")),
    SceneRef("the bakery", "ambiguous", None, ("6 · INT. BAKERY - DAWN", "4 · INT. BAKERY - NIGHT",
                                               "1 · INT. BAKERY - NIGHT")),
))


def test_closing_on_one_scene_not_another_then_flipping_them_swaps_the_edge_with_its_neighbour() -> None:
    said = ["rethought it: the short should close on Lena at the pier, not in the bakery. Could you flip those two?"]
    assert spelled_swaps(said, _CONTEXT) == ["swap scenes 5 and 6"]
    assert spelled_swaps(["the short should close on Lena at the pier, not in the bakery"], _CONTEXT) == [
        "the short should close on Lena at the pier, not in the bakery"]  # no flip asked: left as said


def test_an_edge_swap_is_left_alone_when_the_other_side_is_not_at_the_edge() -> None:
    context = ProjectContext(scene_count=6, refs=(
        _CONTEXT.refs[0], SceneRef("the tram", "resolved", 3, ("3 · INT. TRAM - NIGHT",))))
    said = ["it should end on Lena at the pier, not on the tram - swap those two"]
    assert spelled_swaps(said, context) == said


@pytest.mark.parametrize(("said", "expected"), [
    (["so, what if both pier scenes swapped places? silly maybe. worth a go?"], ["swap both pier scenes"]),
    (["so, what if both pier scenes swapped places?"], ["so, what if both pier scenes swapped places?"]),
    (["what if the pier scenes traded places? just wondering, don't change anything"],
     ["what if the pier scenes traded places? just wondering, don't change anything"]),
])
def test_a_swap_offered_as_an_idea_is_made_only_when_asked_for(said: list[str], expected: list[str]) -> None:
    assert spelled_swaps(said, ProjectContext(scene_count=6)) == expected


_FOUNTAIN = "Title: Letters\n\n" + "\n\n".join(f"{heading}\n\n{content}" for heading, content in _SCENES) + "\n"


async def _session(tmp_path: Path) -> Session:
    settings = Settings(home=tmp_path / "home")
    source = tmp_path / "letters.fountain"
    source.write_text(_FOUNTAIN)
    return await Session.open(create_project_from("fountain", source, tmp_path / "project", settings=settings),
                              settings=settings)


def _openings(session: Session) -> list[str]:
    return [scene["content"][:20] for scene in session.snapshot()["scenes"]]


async def test_the_director_moves_and_splits_scenes_named_by_what_happens(tmp_path: Path) -> None:
    session = await _session(tmp_path)
    try:
        before = _openings(session)
        await session.run("t", "move the tram ride so that it comes after Mara gives the envelope back")
        assert _openings(session) == [before[0], before[1], before[3], before[2], before[4], before[5]]
        await session.run("t", "split the bakery scene with Lena in half at the moment Lena stares at the board")
        scenes = session.snapshot()["scenes"]
        assert len(scenes) == 7 and scenes[3]["content"].startswith("Lena stares at the board")
    finally:
        await session.close()
