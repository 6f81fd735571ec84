"""Readers the offline director shares between modules, so two of them never disagree on one request."""

from __future__ import annotations

from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.conversation import Turn
from agent.llm.offline.guard import scene_question
from agent.llm.offline.names import placed_thing
from agent.llm.offline.structure import statement_about, structural

_CONTEXT = ProjectContext(characters=("NELL", "OSKAR"), locations=("SIGNAL BOX",), scene_count=6)


def _routed(clause: str) -> str | None:
    return structural(clause, "command", Turn(context=_CONTEXT, request=clause, clauses=[clause]))


def test_a_thing_asked_into_a_scene_is_named_and_routed_by_one_reader() -> None:
    said = "the tin whistle should be in scene 4 as well"
    assert placed_thing(said) == "TIN WHISTLE"
    assert _routed(said) == "put_prop_in_scene"


def test_a_thing_of_more_than_three_words_is_neither_named_nor_routed_as_one() -> None:
    said = "the big old brass whistle should be in scene 4 as well"
    assert placed_thing(said) is None
    assert _routed(said) != "put_prop_in_scene"


def test_a_person_asked_into_a_scene_is_no_prop() -> None:
    said = "nell should be in scene 4 as well"
    assert _routed(said) is None
    assert statement_about(said, _CONTEXT) == ("put_character_in_scene", "NELL")


def _options(*numbers: int) -> tuple[str, ...]:
    return tuple(f"{n} · EXT. SIGNAL BOX - NIGHT" for n in numbers)


def test_an_ordinal_past_the_scenes_there_are_counts_them_in_words() -> None:
    ref = SceneRef("the third signal box scene", "ambiguous", options=_options(2, 5))
    asked = scene_question(ref, "darken the third signal box scene").text
    assert asked.startswith("There are only two signal box scenes: 2 · EXT. SIGNAL BOX - NIGHT; 5 ·")
    one = SceneRef("the second signal box scene", "none", options=_options(5))
    assert scene_question(one, "darken the second signal box scene").text.startswith("There is only one signal box")


def test_an_ordinal_past_the_fifth_is_asked_about_plainly() -> None:
    ref = SceneRef("the seventh scene", "none", options=_options(1, 2, 3, 4, 5, 6))
    asked = scene_question(ref, "darken the seventh scene").text
    assert asked.startswith("I can't find a scene that matches “the seventh scene”")
