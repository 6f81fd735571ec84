"""Things asked after by a word of their name, things listed under their kind, shots counted by scene.

"what does the bridge look like?" answers about RIVER BRIDGE (it used to say there is no bridge); a place with no
description is described by how its first scene opens; "tell me about the key" says the screenplay mentions a key
that is not yet a prop; "describe the office", "how does juno look", "what's the bus like?" answer about that one
thing. "we need a tuba and a birdcage as props" adds both (it used to add only the first), and a thing the project
has already is never replaced by a made-up name (it used to add a prop from a list of stock names). "fav the ending"
is the love tag; "which scenes have shots?" lists the shots by scene; "a backup of the whole project" is its bundle.

Invented requests on the demo (1 office night, 2 bridge night, 3 night bus, 4 office night, 5 bridge dawn, 6 office
dawn; the screenplay mentions a tuba and a brass key, neither a prop).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.file_asks import the_whole_project
from agent.llm.offline.names import new_thing_name


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "asked_after")


async def _answer(template: Path, tmp_path: Path, said: str) -> str:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        turn = await session.run("t", said)
        assert session.snapshot()["history"] == before["history"]  # a question changes nothing
        return " ".join(turn.texts)


@pytest.mark.parametrize(("said", "expected"), [
    ("what does the bridge look like?", "RIVER BRIDGE: no description yet (EXT. RIVER BRIDGE - NIGHT); scene 2 opens"),
    ("describe the office", "LOST PROPERTY OFFICE: no description yet"),
    ("tell me about the lost property office", "LOST PROPERTY OFFICE: no description yet"),
    ("what's the bus like?", "NIGHT BUS: no description yet"),
    ("how does juno look", "JUNO: introduced in scene 2"),
])
async def test_a_thing_asked_after_is_that_thing(template: Path, tmp_path: Path, said: str, expected: str) -> None:
    assert expected in await _answer(template, tmp_path, said)


async def test_a_thing_only_the_screenplay_mentions_is_quoted(template: Path, tmp_path: Path) -> None:
    said = await _answer(template, tmp_path / "a", "tell me about the key")
    assert "not a character, location or prop in the project yet" in said and "brass key" in said
    assert "There is no lighthouse" in await _answer(template, tmp_path / "b", "what does the lighthouse look like?")


@pytest.mark.parametrize("said", [
    "we need a tuba and a birdcage as props",
    "props: a tuba, a birdcage",
    "add a tuba and a birdcage to the props",
])
async def test_things_listed_under_their_kind_are_each_added(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        assert {p["name"] for p in session.snapshot()["props"]} == {"TUBA", "BIRDCAGE"}


async def test_a_thing_there_already_is_never_renamed(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "add a prop: a tuba")
        before = session.snapshot()
        turn = await session.run("t", "add a tuba to the props")
        assert session.snapshot()["props"] == before["props"]
        assert "already exists" in " ".join(turn.texts)


@pytest.mark.parametrize(("said", "name"), [
    ("we need a tuba as a prop", "TUBA"),
    ("we'll need the old ledger as a prop", "OLD LEDGER"),
])
def test_a_thing_needed_as_a_prop_is_named_by_its_noun(said: str, name: str) -> None:
    assert new_thing_name(said, "prop", []) == name


async def test_fav_is_the_love_tag(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "fav the ending")
        assert next(s["tags"] for s in session.snapshot()["scenes"] if s["number"] == 6) == ["love"]


async def test_which_scenes_have_shots_lists_them_by_scene(template: Path, tmp_path: Path) -> None:
    assert "No scene has shots yet" in await _answer(template, tmp_path / "a", "which scenes have shots?")
    async with opened(template, tmp_path / "b") as session:
        await session.run("t", "break scene 2 into shots")
        turn = await session.run("t", "what shots are there?")
        said = " ".join(turn.texts)
        assert "scene 2: 5 shots (0 with an approved still)" in said and "scene 3: no shots yet" in said


@pytest.mark.parametrize(("said", "bundle"), [
    ("i want a backup of the whole project", True),
    ("pack it all up for the editor", True),
    ("give me the project as one file i can hand over", True),
    ("move the project to another machine", True),
    ("export the project", True),
    ("ok let's wrap it up", False),
    ("copy scene 3 onto a branch", False),
    ("export the project as fdx", False),
    ("move the night bus scene after scene 4", False),
])
def test_the_whole_project_wanted_as_one_thing_is_its_bundle(said: str, bundle: bool) -> None:
    assert (the_whole_project(said) == "export the project as a bundle") is bundle


async def test_a_backup_of_the_project_exports_its_bundle(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        turn = await session.run("t", "could you make an archive of the film project")
        assert turn.tool_calls == [{"name": "export_project", "args": {"format": "bundle"}}]


@pytest.mark.parametrize("said", ["i adore the ending", "mark the last scene as loved",
                                  "give the closing scene a heart"])
async def test_love_said_in_other_words_is_the_love_tag(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        assert next(s["tags"] for s in session.snapshot()["scenes"] if s["number"] == 6) == ["love"]


@pytest.mark.parametrize("said", ["where do we shoot?", "which places does the story visit?",
                                  "what are all the settings?"])
async def test_where_the_film_is_shot_lists_the_locations(template: Path, tmp_path: Path, said: str) -> None:
    answer = await _answer(template, tmp_path, said)
    assert "3 locations" in answer and "RIVER BRIDGE: (no description) (scenes 2, 5)" in answer


@pytest.mark.parametrize(("said", "expected"), [
    ("in what scenes is ruben missing?", "3 scenes without RUBEN (scenes 2, 4 and 5)"),
    ("which scenes doesn't juno appear in?", "2 scenes without JUNO (scenes 1 and 6)"),
    ("in what scenes does ruben turn up?", "RUBEN is in 3 scenes (scenes 1, 3 and 6)"),
])
async def test_the_scenes_someone_is_not_in_are_the_others(template: Path, tmp_path: Path, said: str,
                                                           expected: str) -> None:
    assert expected in await _answer(template, tmp_path, said)


@pytest.mark.parametrize(("said", "expected"), [
    ("is there a dog in the film?", "There is no dog in the project"),
    ("are there any gulls?", "There are no gulls in the project"),
    ("is there a key in the story", "the screenplay mentions it in scenes 1, 3, 4, 5, 6"),
])
async def test_whether_the_film_has_a_thing_is_answered(template: Path, tmp_path: Path, said: str,
                                                        expected: str) -> None:
    assert expected in await _answer(template, tmp_path, said)
