"""A scene judged to need work is tagged for a rewrite; someone's nth scene; going on in another app is an export.

"scene 4 could do with another pass" is the rewrite tag, not a rewrite now (it used to rewrite the scene with the
words "needs another pass" as its direction, or say it did not know what to do); "heart scene 5" is the love tag;
"ruben's second scene" is the second of the scenes Ruben is in, not scene 2; "i'd rather finish it in resolve" is
the timeline exported for that app; "a printable copy of the script" is its PDF.

Invented requests on the demo (Juno is in scenes 2-5; Ruben in 1, 3 and 6).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.file_asks import in_the_app
from agent.resolver.references import find_scene_references
from agent.resolver.scenes import SceneInfo


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "judged")


def _tags(snapshot: dict[str, object], number: int) -> list[str]:
    scenes = snapshot["scenes"]
    assert isinstance(scenes, list)
    return next(list(s["tags"]) for s in scenes if s["number"] == number)


@pytest.mark.parametrize(("said", "scene", "tag"), [
    ("scene 4 could do with another pass", 4, "rewrite"),
    ("honestly the night bus scene still needs some work", 3, "rewrite"),
    ("the ending needs a fresh look", 6, "rewrite"),
    ("heart scene 5", 5, "love"),
])
async def test_a_judgement_is_a_tag(template: Path, tmp_path: Path, said: str, scene: int, tag: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", said)
        after = session.snapshot()
        assert tag in _tags(after, scene)
        assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


_SCENES = [
    SceneInfo(1, "INT. SHOP - NIGHT", "MIRA counts the till.\n\nOTTO\nClosing time."),
    SceneInfo(2, "EXT. DOCK - NIGHT", "Rain. Nobody about."),
    SceneInfo(3, "INT. VAN - NIGHT", "OTTO drives.\n\nLENA\nFaster."),
    SceneInfo(4, "EXT. DOCK - DAWN", "LENA waits at the rail."),
    SceneInfo(5, "INT. SHOP - DAWN", "MIRA\nWe're shut.\n\nOTTO\nNot for me."),
]


@pytest.mark.parametrize(("said", "scene"), [
    ("tighten otto's second scene", 3),
    ("lena's last scene should end on the rail", 4),
    ("darken the first scene lena is in", 3),
    ("cut a line from the last scene with mira", 5),
])
def test_someones_nth_scene_is_counted_among_theirs(said: str, scene: int) -> None:
    refs = find_scene_references(said, _SCENES)
    assert refs and refs[0].number == scene


def test_an_nth_scene_of_no_one_is_the_film_s() -> None:
    assert find_scene_references("tighten the second scene", _SCENES)[0].number == 2
    assert find_scene_references("tighten the last scene with rain", _SCENES)[0].number != 3  # rain is no one


@pytest.mark.parametrize(("said", "export"), [
    ("i'd rather finish it in resolve", "export the timeline for resolve"),
    ("we will conform this in avid", "export the timeline for avid"),
    ("let me carry on in final draft", "export the screenplay for final draft"),
])
def test_going_on_in_another_app_is_an_export(said: str, export: str) -> None:
    assert in_the_app(said) == export


def test_an_app_only_mentioned_is_no_export() -> None:
    assert in_the_app("resolve the argument in scene 3") is None
    assert in_the_app("the editor likes avid") is None
    assert in_the_app("could we get to resolve the row in scene 3 sooner") is None  # the verb, no app


async def test_a_printable_script_is_its_pdf(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "could i have a printable copy of the screenplay")
        assert "screenplay-pdf" in " ".join(turn.texts)


def test_a_second_request_after_also_is_its_own_step() -> None:
    from agent.llm.offline.clauses import split_clauses

    assert split_clauses("stick a mirror by the door in scene 4, also make ida warmer") == [
        "stick a mirror by the door in scene 4", "make ida warmer"]
    assert split_clauses("rewrite scene 2, make it colder") == ["rewrite scene 2, make it colder"]  # one step


async def test_two_scenes_each_needing_a_thing(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "the dawn office could use a kettle, and the night bridge needs a lamp post")
        after = session.snapshot()
        props = {p["name"] for p in after["props"]}
        assert {"KETTLE", "LAMP POST"} <= props
        scenes = {s["number"]: s["content"].lower() for s in after["scenes"]}
        assert "kettle" in scenes[6] and "lamp post" in scenes[2]


@pytest.mark.parametrize(("old", "said", "new"), [
    ("50s, donkey jacket", "make him older", "60s, donkey jacket"),
    ("50s, donkey jacket", "make him a bit younger", "early 50s, donkey jacket"),
    ("19, paint on her hands", "make her a little older", "21, paint on her hands"),
    ("50s, donkey jacket", "he is actually in his 30s", "30s, donkey jacket"),
])
def test_an_age_moved_without_a_new_one_said(old: str, said: str, new: str) -> None:
    from agent.llm.offline.traits import revised_description

    assert revised_description("OSKAR", old, said.replace("him", "oskar").replace("her", "oskar")
                               .replace("he is", "oskar is")) == new


@pytest.mark.parametrize(("said", "sentence"), [
    ("make oskar more nervous", "Oskar is nervous."),
    ("oskar should look grubbier", "Oskar looks grubby."),
    ("make oskar thinner", "Oskar is thin."),
])
def test_a_comparative_is_said_as_what_they_are(said: str, sentence: str) -> None:
    from agent.llm.offline.traits import revised_description

    assert revised_description("OSKAR", "50s, donkey jacket", said) == f"50s, donkey jacket. {sentence}"


@pytest.mark.parametrize(("said", "name", "description"), [
    ("introduce wren, ida's cousin, 30s, quick hands", "WREN", "Ida's cousin, 30s, quick hands."),
    ("new cast member please. name: moss. a lurcher", "MOSS", "A lurcher."),
    ("bring in a new person, a ferry mechanic called cal, oily overalls", "CAL", "A ferry mechanic. Oily overalls."),
    ("please add a charactor named tam, she's a lighthouse keeper", "TAM", "A lighthouse keeper."),
    ("there's a new character, bo, she's a taxi driver", "BO", "A taxi driver."),
])
async def test_a_name_given_is_the_name_never_a_made_up_one(template: Path, tmp_path: Path, said: str, name: str,
                                                            description: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        cast = {c["name"]: c["description"] for c in session.snapshot()["characters"]}
        assert set(cast) - {"IDA", "JUNO", "RUBEN"} == {name}
        assert cast[name] == description


async def test_the_scene_with_the_most_dialogue_is_counted(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "which scene has the most dialogue?")
        said = " ".join(turn.texts)
        assert said.startswith("Scene 4.") and "9 lines of dialogue" in said  # the claim: nine speeches
        turn = await session.run("t", "which scene has the fewest characters?")
        assert "2. EXT. RIVER BRIDGE - NIGHT; 5. EXT. RIVER BRIDGE - DAWN — 1 person" in " ".join(turn.texts)


async def test_how_many_versions_a_scene_has(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "make scene 5 colder")
        await session.run("t", "make scene 5 shorter")
        turn = await session.run("t", "how many versions has scene 5 got?")
        assert "Scene 5 has 3 versions" in " ".join(turn.texts)


async def test_a_comparative_then_still_is_even_more(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "make scene 5 colder")
        await session.run("t", "make scene 5 colder still")
        assert [s for s in session.snapshot()["scenes"] if s["number"] == 5][0]["version"] == 3


@pytest.mark.parametrize(("said", "name", "description"), [
    ("change juno's description to: wiry, freckled, always cold", "JUNO", "Wiry, freckled, always cold."),
    ("set ida's description to a tiny woman with huge glasses", "IDA", "A tiny woman with huge glasses."),
    ("replace ruben's description with: 50s, bald, kind eyes", "RUBEN", "50s, bald, kind eyes."),
])
async def test_a_description_replaced_outright_keeps_none_of_the_old(template: Path, tmp_path: Path, said: str,
                                                                      name: str, description: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        cast = {c["name"]: c["description"] for c in session.snapshot()["characters"]}
        assert cast[name] == description


def test_what_someone_should_wear_is_part_of_them() -> None:
    from agent.llm.offline.traits import trait_sentence

    assert trait_sentence("OSKAR", "oskar should wear a waxed fishing smock") == "Oskar wears a waxed fishing smock."


def test_still_after_a_noun_is_no_comparative() -> None:
    from agent.llm.offline.understand import _STILL_MORE

    assert _STILL_MORE.sub(r"even \g<more>", "make the ending bleaker still") == "make the ending even bleaker"
    assert _STILL_MORE.sub(r"even \g<more>", "hold on the river water still") == "hold on the river water still"
