"""A still answered in words: typed decisions as people type them, and what to change after a rejection.

While a still waits, "yep", "nah, too dark" and "another one" are approve, reject with a note (the next try) and
regenerate (only a handful of exact words were, and "nah" got "I'm waiting for your decision"). After a plain
rejection the reply asks what to change; "make it brighter" is then the note for that shot's next still (it used
to rewrite the scene) and "try again" draws it again (it used to be not understood).

Invented requests on the demo (scene 3, the night bus, breaks into ten shots).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.session import Session, _parse_decision


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "stills_in_words")


@pytest.mark.parametrize(("typed", "decision", "note"), [
    ("yep", "approve", ""),
    ("yes please", "approve", ""),
    ("looks great!", "approve", ""),
    ("nah", "reject", ""),
    ("no thanks", "reject", ""),
    ("nope, too dark", "reject", "too dark"),
    ("i don’t like it — too dark", "reject", "too dark"),
    ("another one", "regenerate", ""),
    ("never mind", "cancel", ""),
    ("reject: too bright", "reject", "too bright"),
    ("hmm not sure", None, ""),
])
def test_a_typed_answer_is_its_decision(typed: str, decision: str | None, note: str) -> None:
    assert _parse_decision(typed) == (decision, note)


async def _rejected(session: Session) -> None:
    for said in ("break scene 3 into shots", "make a still of shot 1"):
        await session.run("t", said)
    await session.run("t", decision="reject")


async def test_a_change_after_a_rejected_still_is_the_next_try(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await _rejected(session)
        before = session.snapshot()
        turn = await session.run("t", "make it brighter")
        assert turn.tool_calls == [{"name": "generate_still",
                                    "args": {"scene_number": 3, "shot_number": 1, "note": "make the still brighter"}}]
        assert session.snapshot()["scenes"] == before["scenes"]
        await session.run("t", decision="approve")
        shot = next(s for s in session.snapshot()["shots"] if s["scene"] == 3 and s["number"] == 1)
        assert shot["status"] == "still_approved"


async def test_try_again_after_a_rejected_still_draws_it_again(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await _rejected(session)
        turn = await session.run("t", "try again")
        assert [c["name"] for c in turn.tool_calls] == ["generate_still"]
        assert await session.pending("t") is not None
