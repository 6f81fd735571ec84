"""Screen time: page length in eighths (55 lines a page) and a running time estimated from the text."""

from __future__ import annotations

from agent.project.timing import estimate_seconds, page_eighths, screenplay_lines


def test_a_page_of_action_is_eight_eighths() -> None:
    body = "\n".join(["A short line of action."] * 53)  # + heading and blank = 55 lines
    assert screenplay_lines(body) == 55
    assert page_eighths(body) == 8
    assert page_eighths("He sits.") == 1


def test_dialogue_wraps_narrower_and_plays_at_speaking_pace() -> None:
    speech = "JUNO\n" + " ".join(["word"] * 25)  # 25 words at 2.5 words a second
    assert estimate_seconds(speech) == 10.0
    assert screenplay_lines(speech) > screenplay_lines(" ".join(["word"] * 25))
    assert estimate_seconds("JUNO\n(beat)\n" + " ".join(["no"] * 10)) == 5.0  # a parenthetical is a second
    assert estimate_seconds("") == 2.0  # nothing plays for less than two seconds
