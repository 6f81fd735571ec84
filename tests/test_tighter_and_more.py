"""A scene asked to be tighter gets shorter, every time; "a touch more" just after a rewrite does that rewrite again.

Unit cases use an invented scene (a ferry kiosk, MARA and TOM); whole requests run on a fresh demo copy
(6 office dawn, 3 night bus).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.guard import more_of_the_rewrite
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.rewrite import rewrite_scene_body
from agent.project.timing import estimate_seconds

KIOSK = """The kiosk shutter rattles up.

MARA
Two teas.

TOM
We're out of milk.

MARA
Then black.

TOM
We're out of cups.

MARA
Then what are you selling?

TOM
Tickets.

Mara takes one and walks to the ramp.
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "tighter")


@pytest.mark.parametrize("said", [
    "tighten the kiosk scene", "it's overwritten, pare it down", "tom talks too much in the kiosk scene",
    "far too talky", "lose some of the back and forth", "tighten it up a little"])
def test_tightening_words_ask_for_a_shorter_scene(said: str) -> None:
    assert find_tones(said) == ["shorter"]


@pytest.mark.parametrize("said", ["add more back and forth between them", "not so talky"])
def test_words_near_them_never_ask_for_a_longer_scene(said: str) -> None:
    assert "longer" not in find_tones(said)
    assert find_tones("add more back and forth between them") == []  # more of it is not a cut


def test_a_scene_of_single_sentences_still_gets_shorter_and_loses_a_whole_exchange() -> None:
    once = rewrite_scene_body(KIOSK, ["shorter"], heading="INT. FERRY KIOSK - DAY")
    twice = rewrite_scene_body(once, ["shorter"], heading="INT. FERRY KIOSK - DAY")
    assert estimate_seconds(twice) < estimate_seconds(once) <= estimate_seconds(KIOSK)
    assert "Two teas." in twice and "Tickets." in twice  # the first and the last speech stay
    assert twice.count("MARA") + twice.count("TOM") == once.count("MARA") + once.count("TOM") - 2


def test_a_scene_too_small_to_cut_is_not_made_longer() -> None:
    tiny = "MARA\nNo.\n"
    assert estimate_seconds(rewrite_scene_body(tiny, ["shorter"])) >= estimate_seconds(tiny)  # (the old fallback)


@pytest.mark.parametrize("more", ["a touch more", "more", "even more please", "push it further", "ok, go further",
                                  "keep going", "more. really cagey"])
def test_more_after_a_rewrite_is_the_same_rewrite_of_the_same_scene(more: str) -> None:
    answered = ["Rewrote scene 3 (colder) as version 2; its shots are marked stale."]
    said = more_of_the_rewrite(more, answered)
    assert said is not None and said.startswith("rewrite scene 3: colder")


@pytest.mark.parametrize(("more", "answered"), [
    ("a touch more", ["Added prop LANTERN."]),  # nothing was rewritten
    ("more gulls in scene 2", ["Rewrote scene 3 (colder) as version 2."]),  # asks for something of its own
    ("more", []),
    ("no more", ["Rewrote scene 3 (colder) as version 2."]),  # enough of it
    ("no, more", ["Rewrote scene 3 (colder) as version 2."]),
])
def test_more_without_a_rewrite_just_before_is_not_one(more: str, answered: list[str]) -> None:
    assert more_of_the_rewrite(more, answered) is None


async def test_trimmed_twice_the_scene_is_shorter_each_time(demo: Path, tmp_path: Path) -> None:
    before, after = await run_demo(demo, tmp_path, "trim the last scene", "a touch more")
    was = {s["number"]: s for s in before["scenes"]}[6]
    now = {s["number"]: s for s in after["scenes"]}[6]
    assert now["version"] == was["version"] + 2
    assert now["runtime_s"] < was["runtime_s"]


async def test_a_tightened_scene_is_shorter(demo: Path, tmp_path: Path) -> None:
    before, after = await run_demo(demo, tmp_path, "tighten scene 3 up")
    assert {s["number"]: s for s in after["scenes"]}[3]["runtime_s"] < {
        s["number"]: s for s in before["scenes"]}[3]["runtime_s"]
