"""How someone should come across in a scene is shown as one stage direction, and the reply says that is all it did.

Invented cast (MARA, TOMAS) for the reader; whole requests run on a fresh demo copy (4 office night: IDA, JUNO).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.attitude import attitude_line

CAST = ("MARA", "TOMAS")


@pytest.mark.parametrize(("note", "line"), [
    ("rewrite the net loft scene so mara is wary of tomas", "MARA watches Tomas, wary."),
    ("in scene 2 tomas should seem more worn out", "TOMAS looks worn out."),
    ("make mara colder towards tomas in the ferry scene", "MARA watches Tomas, cold."),
    ("tomas needs to be way more guarded with her", "TOMAS looks guarded."),
    ("mara is tired of the crossing", "MARA looks tired."),
])
def test_how_someone_comes_across_is_one_line_showing_it(note: str, line: str) -> None:
    shown = attitude_line(note, CAST)
    assert shown is not None and shown.line == line
    assert shown.after == line.split()[0].title()  # just after they are first seen


@pytest.mark.parametrize("note", [
    "mara is in scene 2", "tomas is the ferryman", "make mara wait by the rail", "mara needs a moment",
    "in scene 3 tomas opens the hatch", "in scene 4 mara moved to the rail",  # something done, not how she is
    "the gull is hungry",  # no one in the cast
])
def test_notes_that_say_no_way_of_being_give_no_line(note: str) -> None:
    assert attitude_line(note, CAST) is None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "attitude")


async def test_the_scene_gets_the_line_and_the_reply_says_the_rest_waits_for_a_model(template: Path,
                                                                                      tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = {s["number"]: s["content"] for s in session.snapshot()["scenes"]}
        turn = await session.run("t", "rewrite scene 4 so juno is wary of ida")
        after = {s["number"]: s["content"] for s in session.snapshot()["scenes"]}
    assert "JUNO watches Ida, wary." in after[4] and "world carries on" not in after[4]
    assert [n for n in after if after[n] != before[n]] == [4]
    said = " ".join(turn.texts)
    assert "one stage direction" in said and "reworks the whole scene" in said


async def test_a_tone_word_stays_the_rewrites_tone_with_no_line(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "in scene 4 juno should be sadder")
        after = {s["number"]: s["content"] for s in session.snapshot()["scenes"]}
    assert "JUNO looks" not in after[4] and "JUNO watches" not in after[4]
