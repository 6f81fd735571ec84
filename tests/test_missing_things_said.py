"""What a request takes as there but the film does not have is said so, and nothing is written.

A shot number past what a scene with no shots would break into is answered before the scene is broken (breaking it
first used to leave new shots behind a camera change that then failed); a thing a request asks more or less of in a
named scene ("give the parrot more to do in scene 1") is said to be missing rather than written into a rewrite,
while a new thing put into a named scene is still put there.

Invented requests on the demo (scene 2, the night bridge, breaks into 5 shots; scene 1 into 9).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened, shots_of

from agent.absent import absent_things
from agent.llm.offline.context import SceneContext
from agent.llm.offline.shot_calls import beyond_breakdown


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "missing")


def test_a_shot_past_the_breakdown_is_said_to_be_missing() -> None:
    unbroken = SceneContext(number=2, shots=0, breakdown=5)
    assert "no shot 8" in (beyond_breakdown(unbroken, 8) or "")
    assert beyond_breakdown(unbroken, 5) is None  # the last shot the breakdown makes is there
    assert beyond_breakdown(SceneContext(number=2, shots=3), 8) is None  # shots exist: the tool says what is there
    assert beyond_breakdown(SceneContext(number=2, shots=0), 8) is None  # not told how many: no guess


@pytest.mark.parametrize("request_", ["tilt up on shot 8 of scene 2", "make the 7th shot of scene 2 a close-up"])
async def test_no_scene_is_broken_for_a_shot_it_would_not_have(template: Path, tmp_path: Path,
                                                               request_: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        said = str(await session.run("t", request_))
        assert session.snapshot()["history"] == before["history"]
        assert "would have 5" in said and "Nothing changed" in said


async def test_a_shot_within_the_breakdown_still_breaks_the_scene_first(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "tilt up on shot 4 of scene 2")
        shots = shots_of(session.snapshot(), 2)
        assert len(shots) == 5 and shots[4]["camera"]["movement"] == "tilt-up"


def test_only_what_is_taken_as_there_counts_when_a_scene_is_named() -> None:
    vocabulary = frozenset({"counter", "shelv", "umbrella", "rain", "glass"})
    assert absent_things("give the parrot more to do in scene 1", vocabulary, presumed=True) == ["parrot"]
    assert absent_things("make the parrot louder in scene 1", vocabulary, presumed=True) == ["parrot"]
    assert absent_things("put the parrot on the counter in scene 1", vocabulary, presumed=True) == []
    assert absent_things("give the rain more weight in scene 1", vocabulary, presumed=True) == []


async def test_more_of_a_missing_thing_in_a_named_scene_changes_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        said = str(await session.run("t", "give the parrot more to do in the second scene"))
        assert session.snapshot()["history"] == before["history"]
        assert "no parrot" in said


async def test_a_new_thing_put_into_a_named_scene_is_still_put_there(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "put the parrot cage on the counter in scene 1")
        assert any("PARROT" in p["name"] for p in session.snapshot()["props"])


async def test_someone_s_thing_the_scene_never_shows_breaks_nothing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        said = str(await session.run("t", "tilt down on juno's skateboard in scene 2"))
        assert session.snapshot()["history"] == before["history"]  # no breakdown made for a shot of nothing
        assert "never shows" in said


async def test_a_job_nobody_has_is_said_to_be_missing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        said = str(await session.run("t", "give the doorman a line in scene 4"))
        assert session.snapshot()["history"] == before["history"]
        assert "no doorman" in said


@pytest.mark.parametrize(("asked", "said"), [
    ("which decade is this film set in?", "The screenplay never says when the story is set. The only year it names"),
    ("what town does it all happen in?", "The screenplay never names the town it is set in; its places are"),
    ("how old is ida's son?", "never mentions “son”"),
])
async def test_what_the_film_never_says_is_said_so(template: Path, tmp_path: Path, asked: str, said: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", asked)
        assert session.snapshot()["history"] == before["history"]
        assert said in " ".join(turn.texts)
