"""The shot statuses are one list (agent.shot_status); every place that names them follows it."""

from __future__ import annotations

from agent.shot_status import SHOT_STATUSES
from agent.workspace import STATUS_WORDS


def test_the_shooting_view_has_words_for_every_shot_status_and_no_other() -> None:
    assert set(STATUS_WORDS) == set(SHOT_STATUSES)
