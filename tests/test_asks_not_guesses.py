"""Where a request could mean two scenes, or names someone or somewhere the film does not have, nothing is written.

Invented scenes (a bakery at night, a canal) and requests; no request here comes from an eval set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.traits import trait_sentence
from agent.resolver import SceneInfo, find_scene_references
from agent.roles import names_a_person

SCENES = [SceneInfo(1, "INT. BAKERY - NIGHT", "A long oven. Flour on the oven door. TOM kneads dough by the oven. "
                                               "He sets out the last loaf."),
          SceneInfo(2, "EXT. CANAL - NIGHT", "MARA walks the towpath.\n\nMARA\nMeet me at the old mill, at six."),
          SceneInfo(3, "INT. BAKERY - DAWN", "Mara at the oven, warming her hands. Rain on the window.")]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "asks")


def _statuses(text: str) -> list[tuple[str, str]]:
    return [(r.phrase, r.status) for r in find_scene_references(text, SCENES)]


def test_a_thing_named_more_often_in_one_scene_does_not_pick_it() -> None:
    assert _statuses("the oven scene is slow, trim it") == [("the oven scene", "ambiguous")]  # twice vs once


def test_where_in_a_scene_something_is_does_not_tell_two_scenes_apart() -> None:
    assert _statuses("the bakery one: cut the last line") == [("the bakery one", "ambiguous")]  # not "the last loaf"


def test_what_a_request_adds_does_not_tell_two_scenes_apart() -> None:
    refs = find_scene_references("the mara scene at night could use more rain", SCENES)
    assert refs and refs[0].status == "resolved" and refs[0].number == 2  # only the canal is Mara's at night
    refs = find_scene_references("the bakery scene needs more rain", SCENES)
    assert refs and refs[0].status == "ambiguous"  # scene 3 has rain already: that is not which one is meant


def test_a_place_only_talked_about_is_no_scene_but_a_place_in_the_action_is() -> None:
    assert _statuses("rewrite the scene at the old mill, bleaker") == [("the scene at the old mill", "none")]
    assert _statuses("rewrite the scene at the oven")[0][1] == "ambiguous"  # both bakery scenes are at the oven


def test_where_someone_is_is_not_a_trait_of_theirs_nor_of_the_place() -> None:
    assert trait_sentence("TOM", "make Tom in the bakery crankier") == "Tom is crankier."
    assert trait_sentence("canal", "the boy on the canal should be wetter") is None  # the boy, not the canal
    assert trait_sentence("canal", "the canal should be murkier") == "The canal is murkier."
    said = trait_sentence("canal", "the locks on the canal should look rustier")
    assert said == "The locks on the canal look rustier."
    assert trait_sentence("bakery", "add a bell over the door to the bakery") == "The bakery has a bell over the door."


def test_a_person_is_never_a_prop() -> None:
    assert names_a_person("the night porter") and names_a_person("CONDUCTOR")
    assert not names_a_person("a brass kettle")


async def test_someone_nobody_in_the_cast_fits_is_asked_about_not_written(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "make the waiter on the night bus ruder")
    assert after == before


async def test_a_person_to_add_to_a_scene_is_not_made_a_prop(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "put a ticket inspector in the bus scene")
    assert not any("INSPECTOR" in p["name"] for p in after["props"])


async def test_it_after_an_answer_about_two_scenes_is_asked_about(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "who is in the tag scene?", "add juno to it as well")
    assert after["scenes"] == before["scenes"]  # the answer named scenes 1 and 6: "it" is neither first nor last


async def test_that_as_a_costume_after_an_answer_is_what_the_screenplay_put_on_her(template: Path,
                                                                                  tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "so what is juno wearing in the second scene?",
                              "use that as her costume")
    worn = [c for c in after["costumes"] if c["character"] == "JUNO"]
    assert len(worn) == 1 and "trainers" in worn[0]["description"].lower()
    assert "costume" not in worn[0]["description"].lower()  # the garments, never the request


async def test_he_or_she_after_two_names_is_the_one_it_fits(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "the scene with ruben and ida, she should be soaked through")
    assert [c for c in after["characters"] if c["name"] == "RUBEN"] == [
        c for c in before["characters"] if c["name"] == "RUBEN"]  # "she" is never Ruben


def test_someone_written_into_a_scene_but_in_no_cast_is_an_extra_not_missing() -> None:
    from agent.graphs.context import _in_the_text

    station = [SceneInfo(1, "INT. STATION - DAY", "Two PORTERS wheel a trolley past the clock.")]
    assert _in_the_text("the porter", station)  # "make the porter ruder": the scene with the porters
    assert not _in_the_text("the porter", SCENES)  # nobody writes one in: said so


def test_a_place_said_to_be_an_interior_is_the_location_not_a_scene_heading() -> None:
    from agent.llm.offline.guard import _not_the_place
    from agent.llm.offline.place_talk import place_it

    said = place_it("btw the ferry location is an interior, it never leaves the cabin", ["FERRY", "PIER"])
    assert said == "set the ferry location to interior"
    assert _not_the_place("set_scene_heading", said)  # the place's setting, whatever scene the ferry names
    assert not _not_the_place("set_scene_heading", "make the ferry scene an exterior")


def test_someone_in_a_moment_is_not_given_a_trait() -> None:
    assert trait_sentence("TOM", "canal: a barge horn when tom gets off") is None  # when he gets off: a moment
    assert trait_sentence("TOM", "tom gets seasick easily") == "Tom gets seasick easily."


def test_a_thing_only_one_scene_has_places_an_action_there() -> None:
    from agent.formats.fountain import parse_fountain
    from agent.index.embeddings import get_local_embedder
    from agent.resolver import implied_scene

    demo = parse_fountain((Path(__file__).resolve().parent.parent / "data" / "demo.fountain").read_text())
    scenes = [SceneInfo(n, s.heading, s.content) for n, s in enumerate(demo.scenes, start=1)]

    def embed(texts: object) -> object:
        return get_local_embedder().embed(texts)

    # Ida is in three office scenes; the crate is in the first only (the two night offices read alike by meaning)
    ref = implied_scene("ida has to hold her breath as she opens the crate", scenes, embed=embed)
    assert (ref.status, ref.matches[0].number) == ("resolved", 1)
    shared = implied_scene("ida should rub the counter", scenes, embed=embed)  # more than one office has it
    assert shared.status == "ambiguous"
