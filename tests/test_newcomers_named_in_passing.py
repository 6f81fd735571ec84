"""Someone new named in passing, and habits said as what someone should do.

"there's a new person in the story, marta, …" used to add a character called IN; "introduce marta - ruben's boss
at the depot" added a made-up CASPER ABARA; "we need a new character, marta, she …" was not understood; "marta is a
new character: ida's neighbour, nosy, kind" asked whether NOSY was someone. "ida should use a cane" was not
understood, and ", she's frail" after a trait was written down as said.

Invented requests on the demo (IDA, RUBEN, JUNO).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, opened


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "newcomers")


def _cast(snapshot: dict[str, object]) -> dict[str, str]:
    cast = snapshot["characters"]
    assert isinstance(cast, list)
    return {c["name"]: c["description"] for c in cast}


@pytest.mark.parametrize(("said", "description"), [
    ("there's a new person in the story, marta, the bus depot manager", "The bus depot manager."),
    ("introduce marta - ruben's boss at the depot", "Ruben's boss at the depot."),
    ("we need a new character, marta, she runs the cafe by the bridge", "Runs the cafe by the bridge."),
    ("marta is a new character: ida's neighbour, nosy, kind", "Ida's neighbour, nosy, kind."),
])
async def test_a_newcomer_named_in_passing_is_added_by_that_name(template: Path, tmp_path: Path, said: str,
                                                                 description: str) -> None:
    async with opened(template, tmp_path) as session:
        before = set(_cast(session.snapshot()))
        await session.run("t", said)
        cast = _cast(session.snapshot())
        assert set(cast) - before == {"MARTA"}
        assert cast["MARTA"] == description


@pytest.mark.parametrize(("said", "added"), [
    ("ida should use a cane", "Ida uses a cane."),
    ("ida needs a cane, she's frail", "Ida has a cane. She is frail."),
])
async def test_a_habit_is_said_as_what_they_do(template: Path, tmp_path: Path, said: str, added: str) -> None:
    async with opened(template, tmp_path) as session:
        await session.run("t", said)
        assert _cast(session.snapshot())["IDA"].endswith(added)
