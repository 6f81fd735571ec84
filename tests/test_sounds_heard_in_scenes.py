"""Sounds heard in a scene, and a request no tool fits that names a scene two could be.

"i want to hear birds at dawn on the bridge" is birdsong in that scene (it used to record the scene's dialogue,
which failed: scene 5 has none); "put some gulls crying in scene 5" is heard there (it used to add a prop called
GULLS CRYING), while "put a radio in scene 3" is still a prop; "add the sound of birds to the dawn scene" with two
scenes at dawn asks which one (it used to say it was not sure what to do), and the answer places it; "the bsu"
is the bus.

Invented requests on the demo (2 bridge night, 3 night bus, 5 bridge dawn, 6 office dawn).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.spelling import correct_spelling


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "sounds")


def _content(snapshot: dict[str, object], number: int) -> str:
    scenes = snapshot["scenes"]
    assert isinstance(scenes, list)
    return next(str(s["content"]) for s in scenes if s["number"] == number)


@pytest.mark.parametrize(("said", "scene", "line"), [
    ("i want to hear birds at dawn on the bridge", 5, "We hear birds"),
    ("put some gulls crying in scene 5", 5, "We hear some gulls crying."),
    ("we need to hear the sea in scene 2", 2, "We hear the sea."),
])
async def test_a_sound_is_heard_in_its_scene(template: Path, tmp_path: Path, said: str, scene: int,
                                            line: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", said)
        after = session.snapshot()
        assert line in _content(after, scene)
        assert after["props"] == before["props"]


async def test_a_thing_put_in_a_scene_is_still_a_prop(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "put a radio in scene 3")
        assert "RADIO" in {p["name"] for p in session.snapshot()["props"]}


async def test_an_unplaced_request_on_a_scene_two_could_be_asks_which(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "add the sound of birds to the dawn scene")
        assert session.snapshot()["history"] == before["history"]
        asked = " ".join(turn.texts)
        assert "Which scene" in asked and "5 · EXT. RIVER BRIDGE - DAWN" in asked and "6 · " in asked
        await session.run("t", "5")
        assert "We hear birds." in _content(session.snapshot(), 5)


def test_a_swapped_three_letter_place_word_is_put_back() -> None:
    names = ("lost", "property", "office", "river", "bridge", "night", "bus", "ida", "juno", "ruben")
    assert correct_spelling("rewrite the scene on the bsu", names) == "rewrite the scene on the bus"
    assert correct_spelling("a dia of scene 3", names) == "a dia of scene 3"  # a word, left alone
