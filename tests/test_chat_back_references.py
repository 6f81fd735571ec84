"""A request's "that"/"it"/"one" read from the news before it in the same message.

Unit tests of the readers on a made-up cast, and a few whole messages through the real tools on a demo copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.back_refs import named_back, took_from
from agent.llm.offline.context import ProjectContext

_FILM = ProjectContext(characters=("MARA", "JONAS", "ELI"), locations=("CORNER BAKERY", "CANAL LOCK", "TRAM DEPOT"),
                       props=("LANTERN",), pronouns={"MARA": "f", "JONAS": "m"})


@pytest.mark.parametrize(("earlier", "clause", "step"), [
    (["The photos of the bakery are in. It's all flour sacks and tin trays"],
     "Work that into the location's description?",
     "change the CORNER BAKERY location's description: all flour sacks and tin trays"),
    (["Anyway, Jonas. I keep seeing him as a tall stooped man, ink on his cuffs"], "pop that into his description",
     "change Jonas's description: a tall stooped man, ink on his cuffs"),
    (["Mara and Jonas were great today"], "could you note in her description that she's a night owl who hates tea",
     "change Mara's description: a night owl who hates tea"),
    ([], "mara is 40, not 'fortyish' - put that in her description", "change Mara's description: mara is 40, not "
                                                                      "'fortyish'"),
    (["No luck with the canal lock, the owners said no. We found a weir instead"],
     "Rename that location to OLD WEIR", "rename the CANAL LOCK location to OLD WEIR"),
    (["The actor playing the baker left. His real name is Bram and we like it"], "call him that as well", None),
    (["Jonas's actor left us. His real name is Bram and we like it"], "so name the character that as well",
     "rename JONAS to Bram"),
    (["The chipped enamel mug on the bakery shelf is such a good find"],
     "I want it to be a real prop - call it the baker's mug", "add a prop named BAKER'S MUG: the chipped enamel "
                                                                  "mug on the bakery shelf"),
    (["the market had these tiny tin whistles", "love them"], "turn one into a prop for the tram scene",
     "add a prop: a tiny tin whistle"),
    ([], "The depot is a practical set now - mark it accordingly", "tag TRAM DEPOT practical"),
])
def test_the_news_before_says_what_the_request_points_at(earlier: list[str], clause: str, step: str | None) -> None:
    assert named_back(clause, earlier, _FILM) == step


@pytest.mark.parametrize(("earlier", "clause"), [
    ([], "Work that into the location's description?"),  # nothing before: ask, never write the request itself
    (["Mara and Jonas argue about the rent"], "put that in her description"),  # it names someone else as well
    (["Jonas was great today"], "could you put in her description that she's a night owl"),  # "her" is not Jonas
    (["We had a long day"], "Rename that location to OLD WEIR"),  # no location named
    (["It rained all day"], "make it a prop"),  # nothing introduced
    ([], "The depot is a haunted set now - flag it that way please also the bakery"),
    (["TRAM DEPOT -> 'THE SHED'"], "rename the location please"),  # "please" is no new name
])
def test_nothing_is_written_when_the_news_does_not_say_it(earlier: list[str], clause: str) -> None:
    step = named_back(clause, earlier, _FILM)
    assert step is None or not step.lower().endswith("please")
    assert step is None or clause.lower() not in step.lower()
    assert step is None or "that" not in step.split(":")[-1]


def test_the_news_a_step_took_its_referent_from_is_no_step_of_its_own() -> None:
    assert took_from("rename the CANAL LOCK location to OLD WEIR", "the owners of the canal lock said no")
    assert took_from("add a prop: a tiny tin whistle", "love them")
    assert not took_from("rename the CANAL LOCK location to OLD WEIR", "cut scene 2")  # a command stays a step
    assert not took_from("add a prop: a tiny tin whistle", "the tram was late again")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "backrefs")


async def test_rename_that_location_renames_the_one_the_news_named(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "Bad luck: the harbour master won't close the river bridge for "
                                                  "us. A stone weir upstream will do. Rename that location to STONE "
                                                  "WEIR.")
    names = {loc["name"] for loc in after["locations"]}
    assert "STONE WEIR" in names and "RIVER BRIDGE" not in names


async def test_tag_it_that_way_tags_and_describes_nothing(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "Great, the council lent us the office for a week. So the "
                                                       "office is a practical set now, so label it accordingly.")
    office = next(loc for loc in after["locations"] if loc["name"] == "LOST PROPERTY OFFICE")
    old = next(loc for loc in before["locations"] if loc["name"] == "LOST PROPERTY OFFICE")
    assert "practical" in office["tags"] and office["description"] == old["description"]


async def test_put_that_in_his_description_takes_the_words_before(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "Hello! Long drive in. Anyway, Ruben. I keep imagining him as "
                                                  "wiry, nervous, a pencil behind one ear. Can you pop that into his "
                                                  "description?")
    ruben = next(c for c in after["characters"] if c["name"] == "RUBEN")
    assert "pencil" in ruben["description"] and "imagining" not in ruben["description"]
