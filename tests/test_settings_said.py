"""Interior and exterior said short ("make it EXT") change a scene's heading, or a place's setting; never a description.

Whole requests on a fresh demo copy (1 office night, 2 bridge night, 3 night bus, 4 office night, 5 bridge dawn,
6 office dawn); the phrasings are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.cues import has_cue


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "settings")


@pytest.mark.parametrize("said", ["make scene 4 EXT", "make it ext.", "make the last one INT"])
def test_int_and_ext_after_make_are_a_heading_change(said: str) -> None:
    assert has_cue("set_scene_heading", said)


def test_extra_is_no_exterior() -> None:
    assert not has_cue("set_scene_heading", "make it extra gloomy")


async def test_a_scene_then_make_it_ext_sets_its_heading(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "scene 4: make it EXT, she waits out on the steps")
    assert after["scenes"][3]["heading"].startswith("EXT.")
    assert after["locations"] == before["locations"]


async def test_make_it_ext_is_never_written_into_a_place(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "office at night: make it EXT, he smokes by the bins")
    assert after["locations"] == before["locations"]  # asked which scene, or the heading changed: never a description


async def test_a_place_said_to_be_an_exterior_with_an_aside_is_its_setting(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "the night bus is an interior of course")
    bus = next(p for p in after["locations"] if p["name"] == "NIGHT BUS")
    assert (bus["setting"], bus["description"]) == ("interior", "")
