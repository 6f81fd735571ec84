"""An idea offered as "what if …?" and then asked for ("try it", "give it a go") is the change it describes.

Whole requests through the real tools on a fresh demo copy (IDA, RUBEN, JUNO; 3 night bus, 6 office dawn).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.proposals import tried_ideas

_CAST = ["IDA", "JUNO", "RUBEN"]


@pytest.mark.parametrize(("clauses", "steps"), [
    (["what if the kiosk scene took place in a snowstorm? let's try it"],
     ["in the kiosk scene, set it in a snowstorm"]),
    (["what if the first scene opened with Ruben whistling?", "Try it."],
     ["in the first scene, have Ruben whistle at the start"]),
    (["what if the first scene opened with Ruben whistling?"],
     ["what if the first scene opened with Ruben whistling?"]),  # not asked for yet
    (["what if Ruben kept a dog? try it but don't change anything"],
     ["what if Ruben kept a dog? try it but don't change anything"]),  # only an idea: nothing to do
])
def test_an_idea_asked_for_is_its_command(clauses: list[str], steps: list[str]) -> None:
    assert tried_ideas(clauses, _CAST) == steps


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "ideas")


async def test_an_ending_tried_is_written_at_the_end_of_that_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "suppose the final scene finished with Ruben waving at "
                                                       "Ida? give it a go")
    assert after["scenes"][5]["content"].rstrip().endswith("RUBEN waves at Ida.\n\nFADE OUT.")  # before the fade
    assert [s["content"] for s in after["scenes"][:5]] == [s["content"] for s in before["scenes"][:5]]


async def test_an_idea_without_asking_for_it_changes_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "imagine if the bus scene took place in fog? just wondering")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


async def test_just_wondering_before_a_request_is_politeness(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "I was just wondering, could you make scene 2 bleaker?")
    assert after["scenes"][1]["content"] != before["scenes"][1]["content"]
