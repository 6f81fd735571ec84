"""The reference resolver: scenes by number, ordinal, heading words, cast and content; names by near spelling."""

from __future__ import annotations

import pytest

from agent.config import DATA_DIR
from agent.formats.fountain import parse_fountain
from agent.index.embeddings import get_local_embedder
from agent.resolver import SceneInfo, closest_name, find_scene_references, rank_scenes


@pytest.fixture(scope="module")
def scenes() -> list[SceneInfo]:
    doc = parse_fountain((DATA_DIR / "demo.fountain").read_text(encoding="utf-8"))
    return [SceneInfo(i, sc.heading, sc.content) for i, sc in enumerate(doc.scenes, start=1)]


def refs(text: str, scenes: list[SceneInfo]) -> list[tuple[str, str, int | None]]:
    return [(r.phrase, r.status, r.number)
            for r in find_scene_references(text, scenes, embed=get_local_embedder().embed)]


@pytest.mark.parametrize(("text", "number"), [
    ("rewrite scene 3 darker", 3), ("sc2 needs work", 2), ("the third scene", 3), ("scene four", 4),
    ("the last scene", 6), ("the opening scene", 1), ("the ending", 6), ("the second-to-last scene", 5),
])
def test_numbers_and_ordinals(scenes: list[SceneInfo], text: str, number: int) -> None:
    assert [n for _, status, n in refs(text, scenes) if status == "resolved"] == [number]


@pytest.mark.parametrize(("text", "number"), [
    ("make the bus scene funnier", 3), ("the bridge scene at dawn needs hope", 5), ("the one on the bus", 3),
    ("the dawn bridge scene", 5), ("the scene with ruben and juno", 3), ("rewrite the office scene at dawn", 6),
    ("the office scene in the morning", 6),
])
def test_descriptions_resolve_to_one_scene(scenes: list[SceneInfo], text: str, number: int) -> None:
    found = refs(text, scenes)
    assert [(status, n) for _, status, n in found] == [("resolved", number)], found


def test_two_good_candidates_are_ambiguous_never_the_first(scenes: list[SceneInfo]) -> None:
    [(phrase, status, number)] = refs("flag the bridge scene for a rewrite", scenes)
    assert (phrase, status, number) == ("the bridge scene", "ambiguous", None)
    [ref] = find_scene_references("rewrite the bridge scene", scenes)
    assert {m.number for m in ref.matches} == {2, 5}


def test_nothing_matches_a_place_the_film_does_not_have(scenes: list[SceneInfo]) -> None:
    assert refs("punch up the kitchen scene", scenes) == [("the kitchen scene", "none", None)]
    assert refs("make the bit where they dance sadder", scenes)[0][1] == "none"


def test_typos_in_descriptions(scenes: list[SceneInfo]) -> None:
    [(_, status, _)] = refs("rewrite the brdige scene", scenes)
    assert status == "ambiguous"  # "brdige" is the bridge, and there are two bridge scenes
    assert refs("the bsu scene", scenes) == [] or refs("the bsu scene", scenes)[0][1] != "resolved"


def test_positions_are_not_scene_references(scenes: list[SceneInfo]) -> None:
    found = refs("put the dawn bridge scene at the end", scenes)
    assert found == [("the dawn bridge scene", "resolved", 5)]
    assert refs("move scene 6 to the start", scenes) == [("scene 6", "resolved", 6)]
    assert refs("set the camera for scene 2 shot 1 to a low angle", scenes) == [("scene 2", "resolved", 2)]


def test_out_of_range_numbers_match_nothing(scenes: list[SceneInfo]) -> None:
    assert refs("delete scene 40", scenes) == [("scene 40", "none", None)]


def test_ranking_needs_a_shared_word(scenes: list[SceneInfo]) -> None:
    assert rank_scenes("a spaceship lands", scenes) == []
    assert rank_scenes("where they argue", scenes) == []


@pytest.mark.parametrize(("word", "name"), [("ida", "IDA"), ("Rubn", "RUBEN"), ("juno's", "JUNO"),
                                            ("JUNO", "JUNO"), ("Mara", None), ("x", None)])
def test_names_case_insensitive_and_typo_tolerant(word: str, name: str | None) -> None:
    assert closest_name(word, ["IDA", "RUBEN", "JUNO"]) == name


def test_the_first_or_last_time_we_see_someone_is_their_first_or_last_scene(scenes: list[SceneInfo]) -> None:
    assert refs("the first time we meet ruben: slower", scenes) == [("the first time we meet ruben", "resolved", 1)]
    assert refs("the last time we see juno feels rushed", scenes)[0][1:] == ("resolved", 5)
    assert refs("the first time we see marek, darker", scenes) == [], "nobody by that name: no scene guessed"


def test_a_label_with_a_scene_word_names_a_scene_and_ending_prefers_the_later(scenes: list[SceneInfo]) -> None:
    assert refs("umbrella finale - warmer", scenes)[0][1:] == ("resolved", 6)
    assert refs("the knot bit: softer", scenes)[0][1:] == ("resolved", 4)
    assert refs("ida: reading glasses on a chain", scenes) == [], "a name and a note is about her, not a scene"


def test_a_misspelt_heading_word_still_names_the_scenes_and_a_short_word_is_not_stretched(
    scenes: list[SceneInfo],
) -> None:
    assert [(phrase, status) for phrase, status, _ in refs("the brigde scene", scenes)] == [
        ("the bridge scene", "ambiguous")]  # two bridge scenes: asked, never the first
    assert rank_scenes("the bus ride", scenes)[0].number == 3


def test_what_is_moved_is_a_scene_named_by_what_happens_in_it(scenes: list[SceneInfo]) -> None:
    found = refs("could you move the key tagging after the claim form scene", scenes)
    assert ("the key tagging", "resolved", 1) in found, found


@pytest.mark.parametrize(("text", "number"), [
    ("rewrite where ida gives juno the key back with more tension", 4),
    ("ruben and juno on the bus needs to be quieter", 3),
    ("tighten up the knot conversation", 4),
    ("in the talk about the seed packets, juno should hesitate", 4),
    ("make the auction morning bleaker", 6),
])
def test_a_scene_named_by_what_happens_in_a_verbs_slot(scenes: list[SceneInfo], text: str, number: int) -> None:
    found = refs(text, scenes)
    assert [(status, n) for _, status, n in found] == [("resolved", number)], found


@pytest.mark.parametrize("text", [
    "make ruben grumpier", "make juno's coat yellow", "the bridge should look older", "rewrite the logline",
    "the bus interior needs to be grimier", "the bridge exterior could use some rust",
    "make it darker", "give ida a limp", "tighten the dialogue",
])
def test_a_slot_naming_a_character_place_thing_or_the_film_is_not_a_scene(scenes: list[SceneInfo], text: str) -> None:
    assert refs(text, scenes) == []


@pytest.mark.parametrize(("text", "number"), [
    ("the later bridge scene needs more light", 5),
    ("the early office scene should be slower", 1), ("juno on her own at night needs more rain", 2),
])
def test_where_a_scene_falls_and_who_is_alone_in_it_pick_among_fits(
        scenes: list[SceneInfo], text: str, number: int) -> None:
    found = refs(text, scenes)
    assert [(status, n) for _, status, n in found] == [("resolved", number)], found


def test_a_common_word_is_never_mended_into_a_heading_word(scenes: list[SceneInfo]) -> None:
    assert all("night" not in phrase for phrase, _, _ in refs("the scene right at the end needs work", scenes))
    assert refs("the claim-form scene could use less talk", scenes) == [("the claim-form scene", "resolved", 4)]


def test_the_shortest_and_longest_scene_are_measured_by_their_text() -> None:
    scenes = [SceneInfo(1, "INT. HALL - DAY", "A door.\n\nMARA\nHello? Anyone? I brought the forms you asked for."),
              SceneInfo(2, "EXT. YARD - DAY", "Wind."),
              SceneInfo(3, "INT. HALL - NIGHT", "Mara waits by the stairs, counting the steps twice over.")]
    assert [m.number for r in find_scene_references("cut the shortest scene", scenes) for m in r.matches] == [2]
    assert [m.number for r in find_scene_references("trim the longest one", scenes) for m in r.matches] == [1]
    assert not [m for r in find_scene_references("so which one is the shortest scene?", scenes) for m in r.matches]
