"""Versions compared by what made them: "how does that compare to the darker one?" after a restore.

The question used to be not understood; "that" is the scene's version now, "the darker one" the version the rewrite
"darker" made, "the original" the first and "the old one" the one before now.

Invented requests on the demo (scene 2, the bridge at night; scene 3, the night bus).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.followups import compare_follow_up


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "compared")


_MADE = ("Rewrote scene 2 (darker) as version 2; its shots are marked stale.",
         "Scene 2 now has the text of version 1, as version 3. Say 'undo' to revert.")


@pytest.mark.parametrize(("said", "spelled"), [
    ("how does that compare to the darker one?", "compare versions 2 and 3 of scene 2"),
    ("how does it compare with the original?", "compare versions 1 and 3 of scene 2"),
    ("so how does that compare to the old one", "compare versions 2 and 3 of scene 2"),
    ("how does that compare to the funnier one?", None),  # no version was made funnier
    ("how does scene 4 compare to the darker one?", None),  # a scene named is the graph's to read
])
def test_a_version_named_by_what_made_it(said: str, spelled: str | None) -> None:
    assert compare_follow_up(said, _MADE) == spelled


async def test_the_comparison_is_answered_and_changes_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "make scene 2 darker")
        await session.run("t", "put scene 2 back to version 1")
        await session.run("t", decision="approve")
        before = session.snapshot()
        turn = await session.run("t", "how does that compare to the darker one?")
        assert turn.tool_calls == [{"name": "compare_versions",
                                    "args": {"scene_number": 2, "from_version": 2, "to_version": 3}}]
        assert session.snapshot()["history"] == before["history"]
