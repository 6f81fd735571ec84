"""Something said to be fine as it is, or not decided yet, changes nothing and is answered as such.

Whole requests on a fresh demo copy (IDA, RUBEN, JUNO; LOST PROPERTY OFFICE, RIVER BRIDGE, NIGHT BUS); the
phrasings are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.speech import speech_act
from agent.llm.offline.traits import trait_sentence


@pytest.mark.parametrize("said", [
    "the quay looks great", "tomas: keep him as is", "the net loft: not sure yet",
    "mara - hmm, let me think about her", "tomas's fine as he is, leave him", "the ferry scene is perfect, thanks",
    "mara's scarf - still thinking", "tomas's voice: whatever you think", "the quay scene: up to you",
])
def test_a_verdict_or_a_hesitation_is_no_request(said: str) -> None:
    assert speech_act(said) == "social"


@pytest.mark.parametrize("said", [
    "the quay looks great but make it wetter", "tomas is fine with boats", "mara: 60s, sharp",
    "scene 4 looks great, tag it keep"])
def test_a_verdict_with_a_request_or_a_trait_is_still_one(said: str) -> None:
    assert speech_act(said) == "command"


@pytest.mark.parametrize(("name", "said"), [
    ("QUAY", "the quay looks great"), ("TOMAS", "tomas: keep him as is"), ("NET LOFT", "the net loft: not sure yet"),
    ("MARA", "mara - hmm, let me think about her")])
def test_no_verdict_or_hesitation_is_a_description(name: str, said: str) -> None:
    assert trait_sentence(name, said) is None


def test_a_trait_that_starts_like_a_hesitation_is_still_one() -> None:
    assert trait_sentence("MARA", "mara is not sure of herself") == "Mara is not sure of herself."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "left-as-is")


@pytest.mark.parametrize("said", ["the office looks great", "ida: keep her as is", "the bridge: not sure yet",
                                  "juno - hmm, let me think about her", "ruben's voice: whatever you think",
                                  "juno's costume - still thinking"])
async def test_nothing_is_written_and_the_reply_says_so(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", said)
        after = session.snapshot()
    assert after == before and turn.tool_calls == []
    assert "left it as it is" in " ".join(turn.texts)
