"""Someone brought into a scene "there" with what they are doing: a line that shows them, never a trait.

Invented requests; no request here comes from an eval set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.fill_story import _entrance


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "brought-in")


def test_what_someone_brought_in_is_doing_is_the_line_that_shows_them() -> None:
    assert _entrance("tom should be in scene 2 too, leaning on the rail", "TOM", "put_character_in_scene") == (
        "TOM is there, leaning on the rail.")
    assert _entrance("put tom in scene 2 please", "TOM", "put_character_in_scene") is None  # the default line
    assert _entrance("put the kettle in scene 2, whistling", "KETTLE", "put_prop_in_scene") is None


async def test_someone_there_in_a_scene_too_comes_into_it_and_gets_no_trait(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ida should be there in scene 3 too, dozing at the back")
    assert after["characters"] == before["characters"]  # not "Ida is there in scene 3." as who she is
    assert "IDA is there, dozing at the back." in after["scenes"][2]["content"]


async def test_someone_new_brought_into_a_scene_joins_the_cast_then_the_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "stick a night porter into the bus scene")
    added = [c for c in after["characters"] if c["name"] not in {b["name"] for b in before["characters"]}]
    assert [(c["name"], c["description"]) for c in added] == [("NIGHT PORTER", "A night porter.")]
    assert "NIGHT PORTER" in after["scenes"][2]["content"] and "NIGHT PORTER" not in before["scenes"][2]["content"]
    assert [s["content"] for i, s in enumerate(after["scenes"]) if i != 2] == [
        s["content"] for i, s in enumerate(before["scenes"]) if i != 2]


async def test_a_role_someone_already_plays_or_a_thing_is_not_a_new_character(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "add a hip flask to scene 3")
    assert after["characters"] == before["characters"]
