"""Something that happens on screen: placed by its own words when no scene is named, and at the moment it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.llm.offline.numbers import find_scene
from agent.llm.offline.rewrite import rewrite_scene_body, scene_without_moment
from agent.llm.offline.stage import stage_direction
from agent.llm.offline.taken_out import removed_moment
from agent.resolver import closest_name, implied_scene

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
    ("tom spills the float when mara says to count slower", "TOM spills the float.",
     "Mara says to count slower", ""),
    ("mara should stack the crates before tom counts the float",
     "MARA stacks the crates.", "", "Tom counts the float"),
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
    introduced = re.search(r"IDA \(([^)]+)\)", after["scenes"][0]["content"]).group(1)  # type: ignore[union-attr]
    assert next(c for c in after["characters"] if c["name"] == "IDA")["description"] == f"{introduced}. Ida limps."


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


@pytest.mark.parametrize(("text", "line", "after"), [
    ("the lamps on the stall flicker after 'Then count slower.'", "The lamps on the stall flicker.",
     "Then count slower"),
    ("the van's horn should stick as mara walks past", "The van's horn sticks as Mara walks past.", "Mara walks past"),
])
def test_a_quoted_line_or_a_named_doer_places_the_action(text: str, line: str, after: str) -> None:
    action = stage_direction(text, CAST)
    assert action is not None and (action.line, action.after) == (line, after)


def test_a_bare_number_closing_a_note_is_its_scene() -> None:
    assert find_scene("tom should throw the keys into the canal in 3") == 3
    assert find_scene("make the fade last 3 seconds") is None
    assert find_scene("she was born in 1983.") is None
    assert stage_direction("tom should throw the keys into the canal in 3", CAST).line == (  # type: ignore[union-attr]
        "TOM throws the keys into the canal.")


async def test_a_note_on_a_scene_is_never_a_description(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "give ida something to do with her hands in 6, she could "
                                                       "dust the shelves")
    assert after["characters"] == before["characters"]


@pytest.mark.parametrize(("text", "line", "replaces"), [
    ("instead of counting the float tom just sorts the pears", "TOM sorts the pears.", "counting the float"),
    ("mara should whistle instead of sweeping", "MARA whistles.", "sweeping"),
    ("tom shouldn't park, he drives on", "TOM drives on.", "park"),
])
def test_something_done_instead_replaces_what_the_scene_has(text: str, line: str, replaces: str) -> None:
    action = stage_direction(text, CAST)
    assert action is not None and (action.line, action.replaces) == (line, replaces)


def test_the_replaced_sentence_makes_way_for_the_new_line() -> None:
    action = stage_direction("instead of finding the receipt under the seat, tom finds a glove", CAST)
    assert action is not None
    out = rewrite_scene_body(TOWN[1].content, [], action=action)
    assert "receipt" not in out and "TOM finds a glove." in out and "He parks." in out


def test_a_sound_added_is_heard_and_a_moment_added_is_what_happens_in_it() -> None:
    heard_line = stage_direction("add the sound of a church bell to scene 3", CAST)
    assert heard_line is not None and heard_line.line == "We hear a church bell."
    moment = stage_direction("add a quiet moment where mara counts the pears in scene 1", CAST)
    assert moment is not None and moment.line == "MARA counts the pears."


def test_a_tone_swap_leaves_a_word_used_as_a_noun_alone() -> None:
    out = rewrite_scene_body("IDA\nWhat kind of knot? You are kind.", ["darker"])
    assert "What kind of knot?" in out and "You are cold." in out


def test_two_letters_typed_the_wrong_way_round_still_name_someone() -> None:
    assert closest_name("iad", ["IDA", "JUNO"]) == "IDA"
    assert closest_name("jnuo", ["IDA", "JUNO"]) == "JUNO"
    assert closest_name("dai", ["IDA", "JUNO"]) is None  # more than two letters out of place


async def test_a_sound_added_to_a_scene_is_no_prop(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "add the sound of a ferry horn to the bus scene")
    assert after["props"] == before["props"]
    assert "We hear a ferry horn." in after["scenes"][2]["content"]


async def test_the_earlier_of_two_offered_scenes_answers_which(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "add a moment where ruben yawns in the office at night",
                              "the earlier of the two")
    assert "RUBEN yawns." in after["scenes"][0]["content"]
    assert "RUBEN yawns." not in after["scenes"][3]["content"]


def test_a_line_dictated_after_a_colon_is_the_speakers_words() -> None:
    action = stage_direction("tom needs a line when mara sits down: you'll catch a chill", CAST)
    assert action is not None
    assert (action.speaker, action.line, action.after) == ("TOM", "You'll catch a chill.", "mara sits down")


async def test_a_line_asked_for_is_never_a_description(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "ruben needs a line when juno sits down: mind the wet seat")
    assert after["characters"] == before["characters"]


async def test_cutting_something_out_of_a_scene_never_deletes_it(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "in scene 4, cut the small talk")
    assert len(after["scenes"]) == 6 and after["history"]["count"] == before["history"]["count"]


async def test_a_move_corrected_to_beside_another_scene_moves_the_same_scene(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "put the claim scene last", "hmm, just before the second scene")
    assert "allotments" in after["scenes"][1]["content"] and "birdcage" in after["scenes"][0]["content"]


async def test_would_you_mind_doing_something_is_asking_for_it(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "would you mind making scene 5 sadder?")
    assert after["scenes"][4]["content"] != before["scenes"][4]["content"]


async def test_the_other_one_after_a_scene_is_the_other_scene_at_that_place(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "add the sound of a barge horn to the night bridge scene",
                                   "now the other one")
    changed = [b["number"] for a, b in zip(before["scenes"], after["scenes"], strict=True)
               if a["content"] != b["content"]]
    assert changed == [2, 5]


async def test_a_moment_said_first_still_places_the_action(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "once ruben says it is tonight, juno grips the seat")
    content = after["scenes"][2]["content"]
    assert content.index("JUNO grips the seat.") > content.index("It is tonight.")


def test_a_thing_said_as_already_there_picks_the_scene_that_has_it() -> None:
    ref = implied_scene("tom parks beside the pears", TOWN)  # "parks" is said in 2, but "the pears" are in 1
    assert ref.status == "resolved" and ref.number == 1


def test_the_scene_said_first_stays_with_its_step() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("in scene 2, make tom hum while he drives, off-key") == [
        "in scene 2, make tom hum while he drives, off-key"]


def test_weather_with_no_article_is_a_doer() -> None:
    action = stage_direction("scene 3: fog rolls over the water", CAST)
    assert action is not None and action.line == "Fog rolls over the water."


def test_chat_spellings_of_times_are_read_as_the_times() -> None:
    from agent.shorthand import spell_out

    assert spell_out("the canal path at nite") == "the canal path at night"


def test_a_line_quoted_as_the_moment_picks_the_scene_that_says_it() -> None:
    ref = implied_scene("mara should wipe her hands before she says 'Then count slower.'", TOWN)
    assert ref.status == "resolved" and ref.number == 1  # "her hands" fits anywhere; the line is said in 1 only
