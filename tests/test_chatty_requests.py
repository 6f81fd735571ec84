"""Requests wrapped in chat: greetings and news at either end ask for nothing, and "it"/"that" point back.

Unit tests for the chat trimming, and a few whole messages through the real tools on a fresh demo copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.chat import request_part
from agent.llm.offline.speech import is_aside


@pytest.mark.parametrize(("text", "kept"), [
    ("Evening! Can you trim scene 2? Right, off to bed, speak soon!", "Can you trim scene 2?"),
    ("Ugh, so tired. Cut scene 4 please. That's all from me!", "Cut scene 4 please."),
    ("Scene 3 is set at night. Make it day.", "Scene 3 is set at night. Make it day."),  # no chat to drop
    ("Scene 3 needs work. Add coffee to it.", "Scene 3 needs work. Add coffee to it."),  # a verb asks
    ("thanks!", "thanks!"),  # chat alone stays whole (it is answered as chat)
])
def test_chat_at_either_end_is_dropped(text: str, kept: str) -> None:
    assert request_part(text) == kept


def test_a_report_of_what_someone_did_is_an_aside_even_naming_a_scene() -> None:
    assert is_aside("so my sound person heard scene 4 and hated the hum")
    assert not is_aside("my sound person says can you cut scene 4")
    assert not is_aside("cut scene 4")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "chat")


_run = run_demo


async def test_that_one_points_back_to_the_scene_just_praised(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "Our composer saw the rough cut and adored the bus scene. "
                                                   "Let's protect that one so it stays as is. Anyway, dinner time!")
    assert "keep" in after["scenes"][2]["tags"]  # scene 3, nothing deleted or rewritten
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_it_is_the_thing_the_sentence_before_introduced(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "Phew. The art team found a battered tin lunchbox, red and rusty. "
                                              "Make it a prop.")
    [prop] = after["props"]
    assert "LUNCHBOX" in prop["name"] and "rusty" in prop["description"] and prop["name"] != "IT"


async def test_that_is_the_description_the_sentence_before_gave(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "Been thinking about Ida. She's eighty, bird-like, with a laugh "
                                              "like a kettle. Could you use that as her description?")
    ida = next(c for c in after["characters"] if c["name"] == "IDA")
    assert "kettle" in ida["description"] and "thinking" not in ida["description"]


async def test_add_it_with_nothing_before_it_names_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "log that as a prop")
    assert after["props"] == before["props"]
