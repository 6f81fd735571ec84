"""A shot named by what it shows, in a scene named by nothing else, is found where the scene's words put it.

A breakdown card holds one sentence of an action paragraph; the shot covers the paragraph, so what the rest of
it says finds the shot too. With no scene named, the one scene the words clearly fit is where the shot is (it is
broken into shots first when it has none). Requests invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, shots_of

from agent.tools.camera import _paragraph_of

_SCENE = "The tide is out. She stands at the rail, counting boats.\n\nA gull lands on the post."


def test_a_cards_sentence_stands_for_its_paragraph() -> None:
    assert _paragraph_of("The tide is out", _SCENE) == "The tide is out. She stands at the rail, counting boats."
    assert _paragraph_of("MARA: Not tonight.", _SCENE) == "MARA: Not tonight."  # a line: its own words
    assert _paragraph_of("", _SCENE) == ""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "shown")


async def test_a_shot_said_by_what_it_shows_is_timed_in_the_scene_that_shows_it(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        reply = await session.run("t", "give the shot of her tucking the key into her collar 5 seconds")
        after = session.snapshot()
    timed = [n for n, shot in shots_of(after, 5).items() if shot["duration_s"] == 5]
    assert len(timed) == 1 and "has no shots yet" not in " ".join(reply.texts)
    assert "collar" in next(s for s in after["scenes"] if s["number"] == 5)["content"]
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]
    assert {s["scene"] for s in after["shots"]} == {5}
