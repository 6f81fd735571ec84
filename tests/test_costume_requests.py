"""What someone has on, said in plain words, becomes a costume worn in the scenes said (or throughout).

Unit tests for the word lists and the follow-up reading, and whole conversations through the real
tools on a fresh demo copy (IDA, RUBEN, JUNO; scenes 1-4 at night, 5-6 at dawn).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.config import Settings
from agent.formats.script_terms import EXTRAS_WORDS, PROP_WORDS, WARDROBE_WORDS
from agent.llm.offline.followups import worn_only_in
from agent.llm.offline.numbers import find_scenes
from agent.project import Project, snapshot
from agent.tools.base import ToolContext
from agent.tools.production import design_production_tools


def test_word_lists_hold_trimmed_words_even_at_line_starts() -> None:
    for words in (PROP_WORDS, WARDROBE_WORDS, EXTRAS_WORDS):
        assert all(w == w.strip() and w for w in words)
    assert "scarf" in WARDROBE_WORDS and "crate" in PROP_WORDS  # both open a line of their list


def test_scene_lists_are_read_whole() -> None:
    assert find_scenes("only in scenes 2, 3, 5 and 6") == [2, 3, 5, 6]
    assert find_scenes("in scene 1 and scene 4") == [1, 4]
    assert find_scenes("scene 2 and the kitchen") == [2]


def test_only_in_some_scenes_after_what_someone_wears_makes_a_costume() -> None:
    assert worn_only_in("only in the bridge scenes", "ida wears a felt hat", True) == [
        "undo", "ida wears a felt hat only in the bridge scenes"]
    assert worn_only_in("just for scene 2", "ida wears a felt hat", False) == ["ida wears a felt hat just for scene 2"]
    assert worn_only_in("only in scene 2", "ida is tired", True) is None  # nothing worn
    assert worn_only_in("only in scene 2", "costume for ida: a felt hat", True) == [
        "ida wears this costume only in scene 2"]  # a costume already, for every scene: linked to scene 2 instead
    assert worn_only_in("only in scene 2", "costume for ida in scene 4: a felt hat", True) is None  # scenes given
    assert worn_only_in("make it darker", "ida wears a felt hat", True) is None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "costume")


_run = run_demo


async def test_always_wears_is_a_costume_for_the_whole_film(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "juno always wears a green bobble hat, each scene")
    [costume] = after["costumes"]
    assert costume["character"] == "JUNO" and "bobble hat" in costume["description"].lower()
    assert "each scene" not in costume["description"].lower()
    assert after["characters"] == before["characters"]


async def test_has_her_coat_on_in_a_scene_is_a_costume_not_a_rewrite(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "in the opening scene ida has her short tweed jacket on")
    [costume] = after["costumes"]
    assert (costume["character"], costume["scenes"]) == ("IDA", [1])
    assert "tweed jacket" in costume["description"].lower()
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_taking_a_coat_off_in_a_scene_is_still_a_rewrite(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "in scene 4 have ida take off her coat")
    assert after["costumes"] == []


async def test_limiting_what_someone_wears_to_some_scenes_turns_it_into_a_costume(template: Path,
                                                                                  tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "ruben wears a brown flat cap", "only in the dawn scenes though")
    [costume] = after["costumes"]
    assert (costume["character"], costume["scenes"]) == ("RUBEN", [6])  # the dawn scenes are 5 and 6; he is in 6
    assert "though" not in costume["description"] and "scene" not in costume["description"]
    assert after["characters"] == before["characters"]  # the description change was undone


@pytest.mark.parametrize(("said", "who", "scenes", "looks"), [
    ("juno's parka in the final scene: olive, patched at the elbows", "JUNO", [6], "parka: olive, patched"),
    ("ida's cardigan for scene 4 - long, the colour of moss", "IDA", [4], "cardigan: long, the colour of moss"),
    ("ruben in scene 3 - a donkey jacket over his overalls", "RUBEN", [3], "donkey jacket over his overalls"),
])
async def test_a_garment_for_some_scenes_then_what_it_is_like_is_a_costume_there(
        template: Path, tmp_path: Path, said: str, who: str, scenes: list[int], looks: str) -> None:
    before, after = await _run(template, tmp_path, said)
    [costume] = after["costumes"]
    assert (costume["character"], costume["scenes"]) == (who, scenes)
    assert costume["description"].lower().startswith(looks)
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]  # never a rewrite


async def test_someone_in_a_scene_then_something_they_do_is_no_costume(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "ruben in scene 3 - he takes his coat off and sighs")
    assert after["costumes"] == []


async def test_a_costume_for_some_scenes_is_worn_only_in_those_its_wearer_is_in(template: Path,
                                                                               tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "add a costume for ruben: a donkey jacket with leather patches")
        turn = await session.run("t", "only in the night scenes though")
        [costume] = session.snapshot()["costumes"]
    assert costume["scenes"] == [1, 3]  # the night scenes are 1-4; Ruben is in 1 and 3
    assert "not in scenes 2, 4" in " ".join(turn.texts)


async def test_a_costume_for_scenes_its_wearer_is_in_none_of_is_kept_as_asked(template: Path,
                                                                             tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "ruben wears a flat cap in scenes 2 and 4")
    [costume] = after["costumes"]
    assert costume["scenes"] == [2, 4]  # he may be written in later; the reply says he is not there yet



def test_the_costume_tool_keeps_its_wearers_scenes_and_refuses_a_scene_the_film_lacks(template: Path,
                                                                                     tmp_path: Path) -> None:
    shutil.copytree(template, tmp_path / "p")
    with Project.open(tmp_path / "p") as p:
        tools = {t.name: t for t in design_production_tools(ToolContext(project=p, settings=Settings()))}
        said = tools["add_costume"].invoke({"description": "a flat cap", "character": "RUBEN",
                                            "scene_numbers": [1, 2, 3]})
        assert snapshot(p)["costumes"][0]["scenes"] == [1, 3] and "not in scene 2" in said
        refused = tools["add_costume"].invoke({"description": "a wool scarf", "character": "RUBEN",
                                               "scene_numbers": [3, 9]})
        assert refused.startswith("Error: scene 9 does not exist")  # refused as a whole, one line
        assert len(snapshot(p)["costumes"]) == 1  # nothing added
