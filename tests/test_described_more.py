"""More requests that name scenes and things in their own words, through the real tools on a fresh demo copy.

The demo: IDA, RUBEN, JUNO; 1 office night, 2 bridge night, 3 night bus, 4 office night (the claim form, with
Juno), 5 bridge dawn, 6 office dawn. Every request here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.config import DATA_DIR
from agent.formats.fountain import parse_fountain
from agent.llm.offline.speech import speech_act
from agent.project.wardrobe import costume_name
from agent.resolver import SceneInfo, find_scene_references


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "described_more")


def _demo_scenes() -> list[SceneInfo]:
    doc = parse_fountain((DATA_DIR / "demo.fountain").read_text(encoding="utf-8"))
    return [SceneInfo(i, sc.heading, sc.content) for i, sc in enumerate(doc.scenes, start=1)]


def test_whose_thing_settles_which_of_several_scenes() -> None:
    """Three office scenes; Juno is in one of them, so "juno's scarf in the office scene" is that one."""
    [ref] = find_scene_references("juno's scarf in the office scene: a grey knitted one", _demo_scenes())
    assert ref.number == 4
    [plain] = find_scene_references("a grey scarf in the office scene", _demo_scenes())
    assert plain.number is None, "without whose it is, three scenes fit"


@pytest.mark.parametrize(("description", "name"), [
    ("A wool coat fastened up to the chin, and gloves", "IDA WOOL COAT"),
    ("red beaded dress", "IDA RED BEADED DRESS"),
    ("a scarf tied round her neck", "IDA SCARF"),
])
def test_a_costume_is_named_by_its_garment(description: str, name: str) -> None:
    assert costume_name(description, "IDA") == name


@pytest.mark.parametrize(("text", "act"), [("cheers, all sorted", "social"), ("done", "social"),
                                           ("is it done?", "question")])
def test_small_talk_that_closes_a_task(text: str, act: str) -> None:
    assert speech_act(text) == act


async def test_merging_a_scene_named_by_what_happens_into_another(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "fold the bus scene in with the claim scene")
        [call] = [c for c in turn.tool_calls if c["name"] == "merge_scenes"]
        assert call["args"].get("start_scene") == 3 and call["args"].get("end_scene") in (None, 4)
        assert len(session.snapshot()["scenes"]) == 6, "a merge by description is only proposed"


async def test_every_scene_of_the_wearer_is_not_part_of_the_garment(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "costume for ida: a moss green cardigan. all her scenes.")
    [worn] = [c for c in after["costumes"] if c["character"] == "IDA"]
    assert worn["scenes"] == [] and "scenes" not in worn["description"].lower()


async def test_music_asked_for_as_a_label_is_composed_not_an_upload(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "a score: lone cello, unhurried, forty seconds")
        assert [c["name"] for c in turn.tool_calls] == ["generate_music"]


async def test_a_heading_said_in_words(template: Path, tmp_path: Path) -> None:
    said = "add one more scene at the end: exterior harbour wall, dusk — juno drops the ticket in the water"
    _, after = await run_demo(template, tmp_path, said)
    last = after["scenes"][-1]
    assert last["heading"] == "EXT. HARBOUR WALL - DUSK"
    assert "exterior" not in last["content"].lower() and "harbour wall" not in last["content"].lower()


async def test_an_ordinal_past_the_scenes_that_fit_says_how_many_there_are(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "make the third bridge scene colder")
        assert not turn.tool_calls
        assert "only two bridge scenes" in " ".join(turn.texts)


async def test_a_kind_of_scene_the_film_has_none_of(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "trim the montage")
        assert not turn.tool_calls
        assert "no montage" in " ".join(turn.texts)


async def test_a_thing_asked_into_a_scene_is_put_there(template: Path, tmp_path: Path) -> None:
    """No prop is called LANTERN yet: it is put into the scene (and joins the props), never questioned as unknown."""
    before, after = await run_demo(template, tmp_path, "the lantern should be in the final scene as well")
    assert [p["name"] for p in after["props"]] == ["LANTERN"]
    assert "LANTERN" in after["scenes"][5]["content"] and after["scenes"][5]["version"] == 2
