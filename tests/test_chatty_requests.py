"""Requests wrapped in chat: greetings and news at either end ask for nothing, and "it"/"that" point back.

Unit tests for the chat trimming, and a few whole messages through the real tools on a fresh demo copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, run_demo

from agent.llm.offline.chat import request_part
from agent.llm.offline.speech import is_aside, says_what_it_means, speech_act


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


@pytest.mark.parametrize(("setup", "command", "only_setup"), [
    ("the read-through went fine without the market scene", "Drop it.", True),
    ("the one that still nags at me is the scene on the ferry", "Flag it for another look.", True),
    ("Ida should be older", "Do it now.", False),  # asks for something itself
    ("we need a shorter scene 3", "Cut it down.", False),  # a need is a request of its own
    ("the read-through went fine", "Drop scene 4.", False),  # the command names its own scene
    ("scene 2: make it night please", "and rewrite it so it rains", False),  # a command after a label
])
def test_a_statement_before_a_command_about_it_is_no_step(setup: str, command: str, only_setup: bool) -> None:
    assert says_what_it_means(setup, command) is only_setup


def test_you_can_then_a_verb_asks_for_it() -> None:
    assert speech_act("you can cut scene 3?") == "command"
    assert speech_act("you can see scene 3?") == "question"


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


async def test_it_after_a_statement_naming_a_scene_is_that_scene(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        asked = await session.run("t", "We watched it back and it works without the claim-form scene, the late one "
                                       "at the counter. A shame, but drop it.")
        assert asked.approval is not None and "4" in asked.approval["title"]  # a delete asks first
        await session.run("t", decision="approve")
        assert len(session.snapshot()["scenes"]) == 5


async def test_a_statement_then_flag_it_tags_that_scene_only(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "All in all we're close. The one that still nags at me is the "
                                                   "scene on the bus. Flag it for another look.")
    tags = {s["number"]: s["tags"] for s in after["scenes"]}
    assert tags[3] == ["rewrite"] and all(not tags[n] for n in tags if n != 3)
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_nobody_rewrites_it_is_a_lock_not_the_rewrite_tag(template: Path, tmp_path: Path) -> None:
    _, after = await _run(template, tmp_path, "make sure nobody rewrites scene 2 by mistake, lock it")
    assert after["scenes"][1]["tags"] == ["keep"]


async def test_take_out_and_the_shortest_scene_name_a_delete(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        asked = await session.run("t", "take out the shortest scene")
        assert asked.approval is not None and "5" in asked.approval["title"]  # 11 s: the shortest by its text


def test_cut_it_names_the_scene_but_cutting_it_together_does_not() -> None:
    from agent.llm.offline.guard import anchor_to_scene

    assert anchor_to_scene("sad, but drop it", 4) == "sad, but drop scene 4"
    assert anchor_to_scene("now cut it together into a film", 4) == "now cut it together into a film"
    assert "scene" not in anchor_to_scene("then cut it all together", 4)


async def test_a_complaint_then_give_it_changes_the_scene_complained_about(template: Path, tmp_path: Path) -> None:
    before, after = await _run(template, tmp_path, "juno's dash over the bridge at night feels tame. give it some "
                                                   "dread, she should feel followed")
    changed = [a["number"] for a, b in zip(after["scenes"], before["scenes"], strict=True) if a != b]
    assert changed == [2]
