"""Everyday ways of saying a tag, a rename or a heading: "put a stunt tag on …", "…, flag it", "call the pier
Harbour Wall from now on", "2nd scene -> dusk"; and a crew member named as who a file is for is nobody missing.

Invented requests; the end-to-end ones run on the demo.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.absent import absent_things
from agent.llm.offline.replaced import replaced_words
from agent.llm.offline.understand import _CALLED_NOW, _JUDGED_THEN_TAGGED, _TAG_PUT_ON, _renamed_place


def test_a_tag_put_on_a_scene_is_that_tag() -> None:
    assert _TAG_PUT_ON.sub(r"\g<lead>tag \g<scene> \g<tag>", "put a night-shoot tag on scene 4") == (
        "tag scene 4 night-shoot")
    assert _TAG_PUT_ON.sub(r"\g<lead>tag \g<scene> \g<tag>", "stick a price tag on the kettle in scene 4") == (
        "stick a price tag on the kettle in scene 4")  # a tag on a thing is a thing


def test_a_scene_judged_then_tagged() -> None:
    said = "scene 4 drags a bit, flag it for a trim"
    assert _JUDGED_THEN_TAGGED.sub(r"\g<verb> \g<scene> \g<rest>", said) == "flag scene 4 for a trim"


def test_a_place_called_something_new_is_renamed() -> None:
    assert _CALLED_NOW.sub(_renamed_place, "call the pier Harbour Wall from now on") == (
        "rename the pier to Harbour Wall")
    assert _CALLED_NOW.sub(_renamed_place, "call the pier scene funnier") == "call the pier scene funnier"


def test_an_ordinal_scene_is_no_words_to_replace() -> None:
    assert replaced_words("3rd scene -> dawn") is None
    assert replaced_words("'Not tonight.' -> 'Not yet.'") is not None


def test_who_a_file_is_for_is_crew_not_a_missing_thing() -> None:
    assert absent_things("export the cut as an XML for the editor", frozenset({"pier", "mara"})) == []
    assert absent_things("cut the sword fight", frozenset({"pier", "mara"})) == ["sword fight"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "another-way")


async def test_a_judged_scene_tagged_is_tagged_and_not_rewritten(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "sc4 is a bit long, mark it trim-me")
    assert "trim-me" in after["scenes"][3]["tags"]
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


def test_a_places_look_dictated_after_a_colon_is_its_description() -> None:
    from agent.llm.offline.place_talk import place_it

    assert place_it("the net loft looks like: tar-black beams, coiled rope", ["NET LOFT", "PIER"]) == (
        "describe the net loft location as: tar-black beams, coiled rope")
    assert place_it("the net loft looks like a mess", ["NET LOFT", "PIER"]) == "the net loft looks like a mess"


async def test_a_place_renamed_then_said_to_be_outside_is_set_by_its_new_name(template: Path, tmp_path: Path) -> None:
    from demo_session import opened

    async with opened(template, tmp_path) as session:
        reply = await session.run("t", "rename the river bridge location to Iron Bridge, and it's an exterior")
        data = session.snapshot()
    places = {p["name"]: p["setting"] for p in data["locations"]}
    assert places.get("IRON BRIDGE") == "exterior" and "RIVER BRIDGE" not in places
    assert not any("couldn't" in text for text in reply.texts)


def test_a_costume_said_as_a_second_note_is_a_step_of_its_own() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("two things: the pier scene should be night, and mara wears a wool coat in it") == [
        "the pier scene should be night", "mara wears a wool coat in it"]
    assert split_clauses("mara wears a wool coat and a hat") == ["mara wears a wool coat and a hat"]


async def test_a_greeting_with_nothing_asked_is_greeted_back_and_changes_nothing(template: Path,
                                                                                  tmp_path: Path) -> None:
    from demo_session import opened

    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        reply = await session.run("t", "evening! long day on set, my feet are dead")
        after = session.snapshot()
    assert reply.texts[-1].startswith("Hello") and not reply.tool_calls
    assert after["history"] == before["history"]
