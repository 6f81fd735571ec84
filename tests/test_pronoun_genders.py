"""Who is "he" and who is "she": read from the screenplay once, sent in the context, used for pronouns."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from agent.config import DATA_DIR, Settings
from agent.evaldriver import create_project_from
from agent.formats.fountain import parse_fountain
from agent.graphs.context import build_context
from agent.llm.offline.context import parse_context
from agent.llm.offline.pronouns import Entity, resolve_pronouns
from agent.project import Project
from agent.roles import Person, people_in
from agent.session import Session

DEMO_SCENES = [s.content for s in parse_fountain((DATA_DIR / "demo.fountain").read_text(encoding="utf-8")).scenes]


def _pronouns(cast: list[tuple[str, str]], scenes: list[str]) -> dict[str, str | None]:
    return {p.name: p.pronoun for p in people_in(cast, scenes)}


def test_the_demo_cast_is_told_apart_by_its_action_lines() -> None:
    people = {p.name: p for p in people_in([("RUBEN", ""), ("IDA", ""), ("JUNO", "")], DEMO_SCENES)}
    assert {n: p.pronoun for n, p in people.items()} == {"RUBEN": "m", "IDA": "f", "JUNO": "f"}
    assert people["RUBEN"].she == 0 and people["IDA"].he == 0, "'him' and 'her' as objects are someone else"


def test_a_sentence_opening_on_a_pronoun_belongs_to_who_was_named_or_spoke_last() -> None:
    scenes = ["Nell pours the tea.\n\nOTTO\nToo hot.\n\nHe blows on it. He sips. Nell waits. She smiles."]
    assert _pronouns([("NELL", ""), ("OTTO", "")], scenes) == {"NELL": None, "OTTO": "m"}, "one 'She' is not clear"


def test_one_hit_or_mixed_evidence_is_not_clear() -> None:
    assert Person("A", frozenset(), she=1).pronoun is None
    assert Person("A", frozenset(), she=3, he=2).pronoun is None
    assert Person("A", frozenset(), she=3, he=1).pronoun == "f"
    assert Person("A", frozenset(), he=2).pronoun == "m"


def test_dialogue_says_nothing_about_the_speaker() -> None:
    scenes = ["NELL\nHe never writes. He never calls. His loss.\n\nOTTO\nShe said that too. Her words."]
    assert _pronouns([("NELL", ""), ("OTTO", "")], scenes) == {"NELL": None, "OTTO": None}


def test_descriptions_and_introductions_count_too() -> None:
    cast = [("NELL", "A ferry mechanic; her hands are always black with oil, and she hums."),
            ("OTTO", "Nell's younger brother")]
    scenes = ["OTTO (30s, a lanky man) leans on the rail."]
    assert _pronouns(cast, scenes) == {"NELL": "f", "OTTO": "m"}


def test_the_context_names_pronouns_for_the_whole_cast(tmp_path: Path) -> None:
    path = create_project_from("demo", None, tmp_path / "demo", settings=Settings())
    with Project.open(path) as project:
        for full in (True, False):
            block = build_context(project, "tighten scene 2", full=full)
            assert '<pronouns she="IDA; JUNO" he="RUBEN"/>' in block
            assert parse_context(block).pronouns == {"IDA": "f", "JUNO": "f", "RUBEN": "m"}


def test_a_name_on_both_sides_is_unknown() -> None:
    parsed = parse_context('<pronouns she="NELL; OTTO" he="OTTO"/>')
    assert parsed.pronouns == {"NELL": "f"}
    assert parse_context('<names characters="NELL"/>').pronouns == {}


def _people(*names: tuple[str, str | None], source: int = 0) -> list[Entity]:
    return [Entity("character", name, source, gender) for name, gender in names]


def test_he_and_she_skip_the_people_clearly_the_other() -> None:
    listed = _people(("OTTO", "m"), ("NELL", "f"))
    assert resolve_pronouns("give him a cap", listed) == "give OTTO a cap"
    assert resolve_pronouns("his coat is wet", listed) == "OTTO's coat is wet"
    assert resolve_pronouns("give her a cap", listed) == "give NELL a cap"
    assert resolve_pronouns("give him a cap", _people(("NELL", "f"), ("OTTO", "m"))) == "give OTTO a cap"


def test_unknown_pronouns_fall_back_to_the_latest_person() -> None:
    assert resolve_pronouns("give him a cap", _people(("OTTO", None), ("NELL", None))) == "give NELL a cap"
    later = [*_people(("OTTO", "m")), *_people(("NELL", None), source=1)]
    assert resolve_pronouns("give him a cap", later) == "give NELL a cap"
    known_first = _people(("OTTO", None), ("PIP", "m"), ("NELL", "f"))  # one text naming three
    assert resolve_pronouns("give him a cap", known_first) == "give PIP a cap"


def test_a_pronoun_that_fits_nobody_recent_stays_for_the_director_to_ask() -> None:
    assert resolve_pronouns("give him a cap", _people(("NELL", "f"), ("MAY", "f"))) == "give him a cap"
    old = [*_people(("OTTO", "m"), source=0), *[e for i in range(1, 7) for e in _people(("NELL", "f"), source=i)]]
    assert resolve_pronouns("give him a cap", old) == "give him a cap", "six texts about Nell since Otto"
    assert resolve_pronouns("give him a cap", old[:6]) == "give OTTO a cap", "five texts back is still recent"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_project_from("demo", None, tmp_path_factory.mktemp("pron") / "demo", settings=Settings())


async def _described(template: Path, tmp_path: Path, *turns: str) -> dict[str, Any]:
    shutil.copytree(template, tmp_path / "p")
    session = await Session.open(tmp_path / "p", settings=Settings())
    try:
        for text in turns:
            await session.run("t", text)
        return {c["name"]: c["description"] for c in session.snapshot()["characters"]}
    finally:
        await session.close()


async def test_him_after_a_man_and_a_woman_were_listed_is_the_man(template: Path, tmp_path: Path) -> None:
    described = await _described(template, tmp_path, "which characters appear in scene 6?",
                                 "his manner should be gruffer")
    assert "gruffer" in described["RUBEN"] and "gruffer" not in described["IDA"]


async def test_him_when_only_a_woman_was_named_writes_nothing(template: Path, tmp_path: Path) -> None:
    before = await _described(template, tmp_path / "a")
    after = await _described(template, tmp_path / "b", "which characters appear in scene 2?",
                             "his manner should be gruffer")
    assert after == before
