"""Garments, lines and ages said loosely: typed fast, given, or tacked onto a rename.

"a cardign" is a cardigan (its two last letters swapped back made "carding", an -ing form of "card"); "iad" leading a
clause is IDA; "ruben could get a wool scarf" and "give ida a cardigan" are what they wear; "give ruben a line in
scene 3" is a line for him (it used to ask for the name of a prop to put in the scene, and "a couple of lines" put
a prop called COUPLE there); "rename ida to edna, she's 80 now" renames her and makes her 80 (the age was dropped);
"ruben's ex wife" is one relation, not a WIFE to look for.

Invented requests on the demo (IDA "70s, cardigan, …", RUBEN "40s, night-bus uniform, …", JUNO "17, hood up, …").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.cues import correct_names
from agent.llm.offline.spelling import correct_spelling


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "garments")


def _described(snapshot: dict[str, object], name: str) -> str:
    cast = snapshot["characters"]
    assert isinstance(cast, list)
    return next(str(c["description"]) for c in cast if c["name"] == name)


@pytest.mark.parametrize(("typed", "meant"), [
    ("ida shoud wear a cardign in every scene", "ida should wear a cardigan in every scene"),
    ("ruben wears a unifrom", "ruben wears a uniform"),
    ("she is waitnig", "she is waiting"),
])
def test_a_garment_typed_fast_is_that_garment(typed: str, meant: str) -> None:
    assert correct_spelling(typed) == meant


def test_a_three_letter_name_leading_a_clause_is_respelt() -> None:
    assert correct_names("iad wears a cardigan now", ("IDA", "JUNO", "RUBEN")) == "ida wears a cardigan now"
    assert correct_names("aid the scene", ("IDA", "JUNO", "RUBEN")) == "aid the scene"


@pytest.mark.parametrize(("said", "name", "worn"), [
    ("ruben could get a wool scarf", "RUBEN", "wool scarf"),
    ("give ida a cardigan", "IDA", "wears a cardigan"),
])
async def test_a_garment_someone_has_is_what_they_wear(template: Path, tmp_path: Path, said: str, name: str,
                                                       worn: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", said)
        after = session.snapshot()
        assert worn in _described(after, name) + " ".join(c["description"] for c in after["costumes"])
        assert after["scenes"] == before["scenes"]


@pytest.mark.parametrize("said", ["give ruben a line in scene 3", "give ruben a couple of lines in scene 3"])
async def test_lines_given_are_never_a_prop(template: Path, tmp_path: Path, said: str) -> None:
    async with opened(template, tmp_path) as session:
        before = session.snapshot()
        await session.run("t", said)
        after = session.snapshot()
        assert after["props"] == before["props"]
        changed = [s["number"] for s, b in zip(after["scenes"], before["scenes"], strict=True) if s != b]
        assert changed == [3]


@pytest.mark.parametrize(("said", "new", "age"), [
    ("rename ida to edna, she's 80 now", "EDNA", "80, cardigan"),
    ('call ruben "reuben" from now on, and he\'s 55', "REUBEN", "55, night-bus uniform"),
    ("rename juno to jade. she is 19.", "JADE", "19, hood up"),
])
async def test_an_age_after_a_rename_is_its_own_step(template: Path, tmp_path: Path, said: str, new: str,
                                                     age: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        assert _described(session.snapshot(), new).startswith(age)


def test_a_newcomers_age_stays_in_one_step() -> None:
    assert split_clauses("add a character bo, she is 40") == ["add a character bo, she is 40"]
    assert split_clauses("rename ida to edna, she's 80 now") == ["rename ida to edna", "she's 80 now"]


async def test_an_ex_partner_is_one_relation(template: Path, tmp_path: Path) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", "new character marta - ruben's ex wife")
        assert _described(session.snapshot(), "MARTA") == "Ruben's ex-wife."
