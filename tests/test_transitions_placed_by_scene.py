"""A transition placed after a scene, between the two scenes on the timeline, or nowhere said.

"a dissolve after the bus ride" leads into the scene after it (it used to be refused as "add …" and then call the
tool with no place, which failed); on a timeline holding only some scenes, "after" is the next scene laid there, and
when there is none the editor asks, naming the scenes on the timeline, instead of failing on a scene with no clips;
"crossfade between them" after two scenes were broken down and assembled is into the later one; a crossfade with no
place at all is asked about, never sent to the tool to fail.

Invented requests on the demo (2 bridge at night, 3 night bus, 4 office at night).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.context import parse_context


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "transitions")


def _into(snapshot: dict[str, object]) -> dict[int, str]:
    """Return the transition that starts each scene's first clip on the timeline."""
    first: dict[int, str] = {}
    timeline = snapshot["timeline"]
    assert isinstance(timeline, list)
    for clip in sorted(timeline, key=lambda c: c["position"]):
        first.setdefault(clip["scene"], clip["transition"])
    return first


def test_the_context_names_the_scenes_on_the_timeline() -> None:
    context = parse_context('<project name="x" scene_count="6" clips="15" timeline="2;3"/>')
    assert context.timeline == (2, 3) and context.clips == 15
    assert parse_context('<project name="x" scene_count="6" clips="0"/>').timeline == ()


async def test_a_dissolve_after_a_described_scene_leads_into_the_next(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "add a slow dissolve after the night bus ride")
        assert _into(session.snapshot())[4] == "crossfade"


async def test_between_them_is_between_the_two_scenes_laid(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        for said in ("break scene 3 into shots", "break scene 4 into shots", "assemble the timeline"):
            await session.run("t", said)
        await session.run("t", "now a crossfade between them")
        assert _into(session.snapshot()) == {3: "cut", 4: "crossfade"}


async def test_after_the_last_scene_laid_is_asked_about(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        for said in ("break scene 2 into shots", "break scene 3 into shots", "assemble the timeline"):
            await session.run("t", said)
        before = session.snapshot()
        turn = await session.run("t", "put a dissolve after the bus scene")
        assert session.snapshot()["history"] == before["history"]
        said = " ".join(turn.texts)
        assert "Which scene" in said and "scenes 2, 3" in said and "couldn't" not in said


async def test_a_crossfade_placed_nowhere_is_asked_about(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", "throw a crossfade in somewhere")
        assert session.snapshot()["history"] == before["history"]
        assert "Which scene should the crossfade lead into" in " ".join(turn.texts)


async def test_between_them_reads_the_two_scenes_the_conversation_broke_down(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        for said in ("break scene 2 into shots", "break scene 3 into shots", "put scene 3 on the timeline"):
            await session.run("t", said)
        await session.run("t", "dissolve between them")
        assert _into(session.snapshot())[3] == "crossfade"
