"""Reorders, heading-time corrections and leading questions as the offline director reads them."""

from __future__ import annotations

from agent.llm.offline.followups import new_time
from agent.llm.offline.reorder import as_move, order_steps
from agent.llm.offline.speech import speech_act


def test_a_listed_order_becomes_the_moves_that_make_it() -> None:
    assert order_steps("new order: 1 3 2 4", 4) == ["swap scenes 2 and 3"]
    assert order_steps("reorder the scenes: 4 1 2 3", 4) == ["move scene 4 to position 1"]
    steps = order_steps("order: 3 1 4 2", 4)
    running = [1, 2, 3, 4]
    for step in steps or []:  # replay the moves: they must give the order asked for
        words = step.split()
        scene, to = int(words[2]), int(words[-1])
        running.insert(to - 1, running.pop(scene - 1))
    assert running == [3, 1, 4, 2]


def test_a_list_that_is_not_every_scene_once_is_not_an_order() -> None:
    assert order_steps("reorder: 1 2 2 4", 4) is None
    assert order_steps("reorder: 1 2 3", 4) is None
    assert order_steps("shots 1 2 3 4 are fine", 4) is None


def test_moves_said_other_ways() -> None:
    assert as_move("scene 4 should go right after scene 1") == "move scene 4 after scene 1"
    assert as_move("scene 2 comes before scene 5") == "move scene 2 before scene 5"
    assert as_move("nudge scene 3 one later") == "move scene 3 to position 4"
    assert as_move("swap places: scene 1 and scene 6").startswith("swap scene 1 and scene 6")
    assert as_move("scene 2 goes on too long") == "scene 2 goes on too long"


def test_a_new_time_after_a_heading_change_redoes_it() -> None:
    assert new_time("no wait - dusk", "set scene 2 to noon", True) == ["undo", "set scene 2 to dusk"]
    assert new_time("no wait - dusk", "rewrite scene 2 darker", True) is None
    assert new_time("dusk would be nice for the poster", "set scene 2 to noon", True) is None


def test_a_message_that_leads_with_a_question_is_a_question() -> None:
    assert speech_act("What does Ida say in scene 1? I left my pages at home.") == "question"
    assert speech_act("Tighten scene 2. Does that work?") == "command"


def test_a_scene_said_to_take_a_place_or_to_open_the_film_is_a_move() -> None:
    assert as_move("scene 2 ought to be scene 7") == "move scene 2 to position 7"
    assert as_move("scene 8 should start the film") == "move scene 8 to position 1"
    assert as_move("scene 1 should close the movie") == "move scene 1 to the end"
    assert as_move("scenes 3 and 9 are the wrong way round") == "swap scenes 3 and 9"
    assert as_move("scene 4 should be scene 4") == "scene 4 should be scene 4", "nowhere to move"
    assert as_move("scene 4 should be darker") == "scene 4 should be darker"


def test_praise_is_small_talk_and_praise_with_a_request_is_a_request() -> None:
    assert speech_act("top work, it is shaping up nicely") == "social"
    assert speech_act("good stuff, keep it up!") == "social"
    assert speech_act("looking good. now cut scene 3") == "command"


def test_a_reorder_said_by_what_happens_names_both_scenes() -> None:
    from agent.config import DATA_DIR
    from agent.formats.fountain import parse_fountain
    from agent.index.embeddings import get_local_embedder
    from agent.resolver import SceneInfo, find_scene_references

    doc = parse_fountain((DATA_DIR / "demo.fountain").read_text(encoding="utf-8"))
    scenes = [SceneInfo(i, sc.heading, sc.content) for i, sc in enumerate(doc.scenes, start=1)]
    embed = get_local_embedder().embed

    def numbers(text: str) -> list[int | None]:
        return [r.number for r in find_scene_references(text, scenes, embed=embed)]

    assert numbers("the one where ida lays the key in her hand should come after the sunrise on the bridge") == [4, 5]
    assert numbers("could the coffee scene go straight after the opening?") == [6, 1]
    assert numbers("ida should come in after ruben") == []  # blocking inside a scene, not a reorder
    assert as_move("could scene 6 come straight after scene 1?") == "move scene 6 after scene 1"
