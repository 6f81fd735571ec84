"""A thing a scene needs, said as a need ("in scene 2 mara needs a tin mug on the shelf"), is a prop put there.

Never a person, a moment, a line or a sound; never without the scene said. Invented requests.
"""

from __future__ import annotations

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.understand import _needs_a_thing

_CTX = ProjectContext(scene_count=4, characters=("MARA", "TOM"))


def test_a_thing_needed_in_a_scene_is_put_there() -> None:
    assert _needs_a_thing("in scene 2 mara needs a tin mug on the shelf", _CTX) == (
        "put a tin mug on the shelf in scene 2")
    assert _needs_a_thing("the net loft could use an old stove by the door in scene 3", _CTX) == (
        "put an old stove by the door in scene 3")


def test_a_person_a_moment_or_no_scene_is_left_as_said() -> None:
    for said in ("in scene 2 mara needs a friend", "in scene 2 tom needs a moment", "mara needs a tin mug",
                 "in scene 2 mara needs a better line", "in scene 2 tom needs a long pause"):
        assert _needs_a_thing(said, _CTX) == said
