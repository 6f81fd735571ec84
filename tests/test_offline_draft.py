"""Draft text: rewritten scenes keep their structure and characters; no draft marker is written into the text."""

from __future__ import annotations

from agent.llm.offline.draft import beats_from, character_description, draft_heading, logline_from, new_scene_body
from agent.llm.offline.rewrite import rewrite_scene_body, scene_characters

SCENE = """The kitchen is warm. Morning light spills over the table. MARA smiles at the kettle as it sings.

MARA
(brightly)
You're up early. I made tea. Sit down.

JONAS
Couldn't sleep. The train kept me up. Every stop, the same whistle.

Mara laughs softly and hands him the LANTERN. She sits. He doesn't."""


def test_darker_rewrite_swaps_words_adds_lines_and_keeps_cues() -> None:
    out = rewrite_scene_body(SCENE, ["darker"], heading="INT. KITCHEN - NIGHT", props=["LANTERN"])
    assert out != SCENE
    assert scene_characters(out) == ["MARA", "JONAS"]
    assert "cold" in out and "warm" not in out and "(low)" in out
    assert "[[" not in out  # draft mode is shown by the UI, never written into the screenplay
    assert "\nMARA\n" in out and "\nJONAS\n" in out


def test_shorter_keeps_dialogue_cues_and_halves_action() -> None:
    out = rewrite_scene_body(SCENE, ["shorter"], heading="INT. KITCHEN - NIGHT")
    assert scene_characters(out) == ["MARA", "JONAS"]
    assert len(out) < len(SCENE)
    assert "She sits." not in out and "Sit down." not in out


def test_longer_adds_action_lines() -> None:
    out = rewrite_scene_body(SCENE, ["longer"], heading="INT. KITCHEN - NIGHT", props=["LANTERN"])
    assert len(out.split("\n\n")) >= len(SCENE.split("\n\n")) + 3


def test_rewrites_are_deterministic_and_do_not_pile_up_notes() -> None:
    once = rewrite_scene_body(SCENE, ["funnier"], heading="INT. KITCHEN - NIGHT")
    assert once == rewrite_scene_body(SCENE, ["funnier"], heading="INT. KITCHEN - NIGHT")
    twice = rewrite_scene_body(once, ["darker"], heading="INT. KITCHEN - NIGHT")
    assert "[[draft:" not in twice and twice != once
    assert "[[draft:" not in rewrite_scene_body(SCENE + "\n\n[[draft: offline director]]", ["darker"])


def test_unknown_tone_still_changes_the_scene() -> None:
    out = rewrite_scene_body("JONAS\nHello.", ["as a western"])
    assert out != "JONAS\nHello." and "[[" not in out and scene_characters(out) == ["JONAS"]


def test_new_scene_has_dialogue_for_named_characters() -> None:
    body = new_scene_body("a scene where Mara finds the lantern on the platform", characters=["MARA"],
                          location="PLATFORM")
    # The event is the film-maker's own account, as an action line; the cast is introduced in capitals.
    assert "\nMARA\n" in body and body.startswith("MARA finds the lantern on the platform.") and "[[" not in body
    assert draft_heading("a scene on the platform at night") == "EXT. PLATFORM - NIGHT"
    assert draft_heading("a scene in a dusty attic").startswith("INT. DUSTY ATTIC")


def test_logline_beats_and_descriptions_carry_no_marker() -> None:
    logline = logline_from("a conductor finds the night train runs on stolen time")
    assert logline.startswith("A conductor finds the night train") and "[[" not in logline
    beats = beats_from("A conductor finds the night train runs on stolen time", 7)
    assert len(beats) == 7 and beats[0].startswith("Opening:") and not any("[[" in b for b in beats)
    assert len(beats_from("x", 99)) == 8 and len(beats_from("x", 1)) == 5
    villain = character_description("VERA KADE", "add a villain who runs the buffet car")
    assert villain.startswith("The villain. Runs the buffet car.") and "[[" not in villain
