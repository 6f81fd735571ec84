"""Something that happens on screen: placed by its own words when no scene is named, and at the moment it names."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.llm.offline.rewrite import rewrite_scene_body, scene_without_moment
from agent.llm.offline.stage import removed_moment, stage_direction
from agent.resolver import implied_scene

CAST = ("MARA", "TOM")


@pytest.mark.parametrize(("text", "number"), [
    ("mara drops a pear while she sets out the crates", 1),
    ("the van's horn sticks as it rolls past", 3),
    ("tom whistles while he drives", 2),
])
def test_an_action_naming_no_scene_fits_the_scene_its_words_are_in(text: str, number: int) -> None:
    ref = implied_scene(text, TOWN)
    assert ref.status == "resolved" and ref.number == number


def test_an_action_whose_words_fit_two_scenes_equally_is_not_placed() -> None:
    ref = implied_scene("mara smiles", TOWN)  # she is in three scenes and nothing else tells them apart
    assert ref.number is None
    assert ref.status == "ambiguous"


@pytest.mark.parametrize(("text", "line", "after", "before"), [
    ("tom spills the float when mara says to count slower", "TOM spills the float when Mara says to count slower.",
     "Mara says to count slower", ""),
    ("mara should stack the crates before tom counts the float",
     "MARA stacks the crates before Tom counts the float.", "", "Tom counts the float"),
    ("have mara smile as well", "MARA smiles as well.", "", ""),
    ("tom's hands should shake as he parks", "Tom's hands shake as he parks.", "he parks", ""),
])
def test_the_moment_an_action_names_is_where_it_goes(text: str, line: str, after: str, before: str) -> None:
    action = stage_direction(text, CAST)
    assert action is not None
    assert (action.line, action.after, action.before) == (line, after, before)


def test_a_line_named_before_a_moment_lands_just_before_it() -> None:
    body = TOWN[0].content
    action = stage_direction("mara should yawn before tom says they're short", CAST)
    assert action is not None
    out = rewrite_scene_body(body, [], action=action)
    assert out.index("MARA yawns") < out.index("We're short again.")
    assert out.index("MARA yawns") > out.index("counts the float")


@pytest.mark.parametrize(("text", "line"), [
    ("tom should struggle with the crate", "TOM struggles with the crate."),
    ("mara spills the pears at some point in scene 1, all of them", "MARA spills the pears, all of them."),
    ("her phone should buzz halfway through scene 3", "Her phone buzzes."),
    ("have the pace pick up in scene 2", None),
    ("tom should feel braver in scene 2", None),
])
def test_more_of_what_people_do_on_screen_reads_as_action(text: str, line: str | None) -> None:
    action = stage_direction(text, CAST)
    assert (action.line if action else None) == line


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "actions_placed")


async def test_an_action_that_names_only_what_is_in_one_scene_is_written_there(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ruben drums his fingers on the dash while the clock ticks")
    changed = [b["number"] for a, b in zip(before["scenes"], after["scenes"], strict=True)
               if a["content"] != b["content"]]
    assert changed == [3]
    assert "RUBEN drums his fingers on the dash" in after["scenes"][2]["content"]


async def test_an_action_that_fits_several_scenes_asks_with_their_headings(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ruben sighs")  # a moment, not who he is: never his description
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]
    assert after["characters"] == before["characters"]


async def test_what_someone_does_as_a_rule_is_who_they_are(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "ida limps")
    assert next(c for c in after["characters"] if c["name"] == "IDA")["description"] == "Ida limps."


def test_a_moment_taken_out_drops_the_sentence_that_tells_it() -> None:
    moment = removed_moment("cut the bit where tom finds the receipt in scene 2")
    assert moment == "tom finds the receipt"
    out = scene_without_moment(TOWN[1].content, moment)
    assert out is not None and "receipt" not in out and "He parks." in out and "Tom drives." in out
    assert scene_without_moment(TOWN[1].content, "mara juggles oranges") is None
    assert removed_moment("cut the line about the float") is None


async def test_cutting_a_bit_of_a_scene_keeps_the_scene(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "get rid of the bit where ruben flicks the indicator")
    assert len(after["scenes"]) == 6
    assert "indicator" not in after["scenes"][2]["content"]
    assert [a["content"] for a in after["scenes"][:2]] == [b["content"] for b in before["scenes"][:2]]


async def test_cutting_a_moment_the_scene_lacks_asks_and_writes_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "cut the bit where ruben juggles in scene 3")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]
