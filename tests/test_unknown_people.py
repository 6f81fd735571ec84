"""People a request names that the cast does not have are asked about, never written in; presence is not a mention."""

from __future__ import annotations

import pytest

from agent.llm.offline.context import ProjectContext, SceneContext
from agent.llm.offline.questions import presence
from agent.llm.offline.unknowns import stranger, unknown_owner

_CAST = ProjectContext(scene_count=2, characters=("NADIA", "TOMAS"), pronouns={"NADIA": "she", "TOMAS": "he",
                                                                             "BEA": "she"})


@pytest.mark.parametrize(("text", "who"), [
    ("nadia's younger sister lotte should be in scene 2", "lotte"),
    ("her dad, bernard, needs a line in the ferry scene", "bernard"),
    ("ferdinand should be in the opening", "ferdinand"),
    ("what's gideon wearing at the wedding?", "gideon"),
    ("is gideon in scene 2?", "gideon"),
    ("does gideon ever meet nadia", "gideon"),
    ("give gideon a limp", "gideon"),
])
def test_someone_the_cast_lacks_is_found_in_a_person_slot(text: str, who: str) -> None:
    assert unknown_owner(text, _CAST) == who
    reply = stranger(text, _CAST) or ""
    assert who.upper() in reply and "BEA" in reply  # the whole cast is offered, not only who was named


@pytest.mark.parametrize("text", [
    "nadia should be in scene 2 too", "is tomas in scene 1?", "give the ferry a rusty hull", "is there rain in scene 2",
    "her mum should be mentioned in scene 1", "does it ever stop raining", "what's nadia wearing?",
    "is anyone on the ferry", "what's everyone doing in scene 2", "is dawn in the last scene?",
    "what does nadia's mum keep in the attic?",
])
def test_known_people_things_and_pronouns_are_not_strangers(text: str) -> None:
    assert unknown_owner(text, _CAST) is None


def test_a_person_only_talked_about_is_not_in_the_scene() -> None:
    scene = SceneContext(1, "INT. FERRY - NIGHT", content="TOMAS\nHave you seen Nadia?\n\nThe ferry horn sounds.")
    context = ProjectContext(scene_count=1, characters=("NADIA", "TOMAS"), scenes=(scene,))
    assert presence("is nadia in scene 1?", context) == "No: NADIA is not in scene 1 (only talked about)."
    assert presence("is tomas in scene 1?", context) == "Yes: TOMAS is in scene 1."


def test_a_dictated_logline_and_a_verb_after_a_relative_are_not_people() -> None:
    assert unknown_owner("logline: a ferry pilot helps a boy find what his father buried", _CAST) is None
    assert unknown_owner("nadia keeps what her mother knitted", _CAST) is None


def test_a_relative_nobody_plays_is_said_missing_by_relation() -> None:
    said = stranger("make Nadia's little brother sweeter", _CAST)
    assert said is not None and "brother of Nadia's" in said and "SWEETER" not in said
    assert stranger("make Nadia sweeter", _CAST) is None
