"""Asking to hear, watch or see something is asking for it to be made; one line of a scene is found by what it is.

"can I hear the ferry scene?" is a voice recording (there is nothing to hear until it is made), "could we watch
it?" an animatic, "let me see a frame of …" a still; a question about what someone says stays a question. A line
("Mara's last line", "the second line", "line 3", a quoted line) is counted among the scene's spoken lines, as the
voice tool counts them. Invented scenes and requests; none comes from an eval set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.speech import speech_act
from agent.llm.offline.which_line import which_line

FERRY = """Fog on the water. MARA leans on the rail.

MARA
Is it always this cold?

JONAS
Only in winter.

MARA
(to herself)
Then I'll buy a coat.

JONAS
Buy two. The second one's for the fog.
"""
_CAST = ("MARA", "JONAS")


def test_a_line_is_found_by_speaker_and_edge_ordinal_number_or_quote() -> None:
    assert which_line("just mara's last line", FERRY, _CAST, {}) == 3
    assert which_line("jonas's first line, please", FERRY, _CAST, {}) == 2
    assert which_line("the last line of the scene", FERRY, _CAST, {}) == 4
    assert which_line("only the second line", FERRY, _CAST, {}) == 2
    assert which_line("line 3", FERRY, _CAST, {}) == 3
    assert which_line("the line 'buy two'", FERRY, _CAST, {}) == 4
    assert which_line("her last line", FERRY, _CAST, {"MARA": "f", "JONAS": "m"}) == 3


def test_no_line_pointed_at_or_none_there_gives_none() -> None:
    assert which_line("record the ferry scene", FERRY, _CAST, {}) is None  # the whole scene
    assert which_line("line 9", FERRY, _CAST, {}) is None
    assert which_line("the line 'see you at the mill'", FERRY, _CAST, {}) is None
    assert which_line("her last line", FERRY, _CAST, {}) is None  # nobody is clearly "her": not guessed
    assert which_line("mara's last line", "Fog. Nobody speaks.", _CAST, {}) is None


def test_asking_to_hear_watch_or_see_something_made_is_a_request() -> None:
    assert speech_act("can I hear the ferry scene?") == "command"
    assert speech_act("could we see a rough frame of the opening shot?") == "command"
    assert speech_act("can I hear what mara says at the rail?") == "question"
    assert speech_act("can I see the ferry scene?") == "question"  # its text, read
    assert speech_act("can I see the storyboard for scene 2?") == "question"  # the one there is: shown, not redrawn


def test_hearing_more_of_someone_is_not_a_recording() -> None:
    from agent.llm.offline.understand import _TO_HEAR

    assert _TO_HEAR.sub(r"record \g<what>", "can we hear more from mara in scene 2?") == (
        "can we hear more from mara in scene 2?")
    assert _TO_HEAR.sub(r"record \g<what>", "can we hear scene 2?") == "record scene 2"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "hear")


async def test_hearing_a_scene_records_it_and_one_line_records_one(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        whole = await session.run("t", "could I listen to scene 4 read aloud?")
        await session.run("t", decision="approve")
        one = await session.run("t", "I'd like to hear ruben's final line in scene 6")
        await session.run("t", decision="approve")
        data = session.snapshot()
    assert [c["name"] for c in whole.tool_calls] == ["generate_voice"]
    assert whole.tool_calls[0]["args"] == {"scene_number": 4}
    spoken = [b for b in before["scenes"][5]["content"].split("\n\n") if b.startswith(("RUBEN\n", "IDA\n"))]
    rubens = [i for i, block in enumerate(spoken, start=1) if block.startswith("RUBEN")]
    assert one.tool_calls[0]["args"] == {"scene_number": 6, "line_number": rubens[-1]} and len(rubens) > 1
    assert [s["content"] for s in data["scenes"]] == [s["content"] for s in before["scenes"]]
    assert data["assets"]["count"] > before["assets"]["count"]


async def test_watching_a_scene_renders_its_animatic(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        watched = await session.run("t", "can we watch scene 2 play out?")
        after = session.snapshot()
    assert [c["name"] for c in watched.tool_calls] == ["render_animatic"]
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_seeing_what_a_shot_would_look_like_draws_it(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        asked = await session.run("t", "could we see what the last shot of scene 5 might look like?")
        await session.run("t", decision="approve")
        data = session.snapshot()
    assert [c["name"] for c in asked.tool_calls] == ["break_scene_into_shots", "generate_still"]
    last = max(s["number"] for s in data["shots"] if s["scene"] == 5)
    assert next(s for s in data["shots"] if s["scene"] == 5 and s["number"] == last)["status"] == "still_approved"
