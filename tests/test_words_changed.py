"""Words a scene says changed for others, and the follow-ups that point back at an answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo
from town_scenes import TOWN

from agent.llm.offline.replaced import replaced_words, value_follow_up
from agent.llm.offline.rewrite import scene_with_words
from agent.resolver import explicit_scene_numbers, find_scene_references


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "words-changed")


@pytest.mark.parametrize(("text", "old", "new"), [
    ("in scene 2 change the receipt to a parking ticket", "receipt", "parking ticket"),
    ("swap the pears for apples in the opening", "pears", "apples"),
    ('replace "Then count slower." with "Count it again."', "Then count slower.", "Count it again."),
    ("sc3: stall keys -> van keys", "stall keys", "van keys"),
    ("in scene 2 swap the receipt for a sticker", "receipt", "sticker"),  # a noun in "-er" is words, not "stickier"
])
def test_the_words_that_go_and_the_words_that_come_are_read(text: str, old: str, new: str) -> None:
    swap = replaced_words(text)
    assert swap is not None and (swap.old, swap.new) == (old, new)


@pytest.mark.parametrize("text", ["change scene 2 to dusk", "change her name to Edie", "change the tone to bleaker",
                                  "make it darker"])
def test_scene_changes_that_are_not_words_of_the_scene_are_not_read_as_words(text: str) -> None:
    assert replaced_words(text) is None


def test_words_are_changed_wherever_the_scene_says_them_in_its_own_case() -> None:
    out = scene_with_words("A ticket: ROUTE 4.\n\nRoute four rolls past.", "route four", "route 7")
    assert out == "A ticket: ROUTE 7.\n\nRoute 7 rolls past.\n" or out == "A ticket: ROUTE 7.\n\nRoute 7 rolls past."
    assert scene_with_words(TOWN[0].content, "accordion", "violin") is None


def test_a_value_quoted_in_an_answer_is_what_make_it_changes() -> None:
    answer = "Scene 2: “The meter reads 14:05 when he parks.”"
    assert value_follow_up("make it 09:30 instead", [answer]) == "change 14:05 to 09:30 in scene 2"
    assert value_follow_up("make it 9", [answer]) is None  # a number, but the quote holds a time only
    assert value_follow_up("make it 09:30", ["Scene 2: “At 14:05 and again at 15:10.”"]) is None  # which one?


def test_the_opener_and_a_bare_ordinal_pair_name_scenes() -> None:
    assert [r.number for r in explicit_scene_numbers("tighten the opener", 4)] == [1]
    assert [r.number for r in explicit_scene_numbers("and the closer too", 4)] == [4]
    refs = explicit_scene_numbers("swap 2nd and 3rd", 4)
    assert refs and sorted(m.number for m in refs[0].matches) == [2, 3]


def test_a_scene_told_by_its_time_then_its_place_is_the_one_with_both() -> None:
    refs = find_scene_references("what happens in the night scene at the market square?", TOWN)
    assert [(r.status, r.number) for r in refs] == [("resolved", 4)]


async def test_changing_a_number_after_asking_about_it_rewrites_only_those_words(template: Path,
                                                                                 tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "what does the clock on the dash say?", "make it 04:20 instead")
    bus = after["scenes"][2]["content"]
    assert "04:20" in bus and "01:52" not in bus
    assert bus.replace("04:20", "01:52") == before["scenes"][2]["content"]
    assert [s["content"] for i, s in enumerate(after["scenes"]) if i != 2] == [
        s["content"] for i, s in enumerate(before["scenes"]) if i != 2]


async def test_words_the_scene_never_says_are_asked_about_and_nothing_changes(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "in scene 5 change the accordion to a banjo")
    assert after["scenes"] == before["scenes"] and after["history"] == before["history"]


async def test_tagging_those_after_a_list_of_scenes_tags_each_listed_scene(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "which scenes is ruben in?", "tag those driver")
    assert [s["number"] for s in after["scenes"] if "driver" in s["tags"]] == [1, 3, 6]


@pytest.mark.parametrize("text", ["change 'Then count slower.' to something warmer", "change the pears to green",
                                  "change the ending to a better one"])
def test_how_new_words_should_read_is_a_rewrite_not_words_to_paste(text: str) -> None:
    assert replaced_words(text) is None


def test_a_line_taken_out_by_its_quoted_words_with_or_without_the_word_line() -> None:
    from agent.llm.offline.taken_out import removed_line

    taken = removed_line("cut tom's 'We're short again.' from the opening", ("MARA", "TOM"))
    assert taken is not None and (taken.words, taken.speaker) == ("We're short again.", "TOM")
    said_after = removed_line('take out mara\'s line "Then count slower."', ("MARA", "TOM"))
    assert said_after is not None and said_after.words == "Then count slower."


def test_an_age_corrected_keeps_only_the_true_one() -> None:
    from agent.llm.offline.traits import trait_sentence

    sentence = trait_sentence("Mara", "mara should be 34, not 30")
    assert sentence is not None and "30" not in sentence and "34" in sentence


async def test_that_one_after_an_answer_naming_a_scene_is_set_at_the_new_time(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "which scene has the two coffees in it?", "set that one at dusk")
    assert [s["heading"] for s in after["scenes"]][-1] == "INT. LOST PROPERTY OFFICE - DUSK"
    assert sum(s["heading"].endswith("DUSK") for s in after["scenes"]) == 1


async def test_that_one_after_an_answer_naming_several_scenes_is_asked_about(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "which scenes mention the red string?", "set that one at dusk")
    assert after["scenes"] == before["scenes"]
