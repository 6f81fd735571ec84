"""Renames said the way people type them: arrows, "has the name", "her name's going to be", typos.

Whole messages through the real tools on a fresh demo copy (IDA, RUBEN, JUNO; LOST PROPERTY OFFICE,
RIVER BRIDGE, NIGHT BUS), plus the clause splitting and chat trimming they rely on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from demo_session import demo_template, run_demo

from agent.llm.offline.chat import request_part
from agent.llm.offline.clauses import split_clauses


def test_arrow_renames_in_one_message_are_one_step_each() -> None:
    assert split_clauses("ida -> Maud, ruben -> Frank") == ["ida -> Maud", "ruben -> Frank"]
    assert split_clauses("rename ida → Maud and juno → Tess") == ["rename ida → Maud", "juno → Tess"]


def test_chat_sentences_start_lowercase_too_and_news_a_pronoun_leans_on_stays() -> None:
    assert request_part("right. cut scene 4 please. anyway hows your day") == "cut scene 4 please."
    kept = request_part("good news, we cast the driver!! his name will be Frank. anyway how are you")
    assert kept == "good news, we cast the driver!! his name will be Frank."
    assert request_part("Move it to INT. garage. thanks") == "Move it to INT. garage."  # an abbreviation goes on


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "rename")


async def _run(template: Path, tmp_path: Path, text: str) -> dict[str, Any]:
    return (await run_demo(template, tmp_path, text))[1]


def _cast(snapshot: dict[str, Any]) -> set[str]:
    return {c["name"] for c in snapshot["characters"]}


@pytest.mark.parametrize(("text", "cast"), [
    ("ida -> Maud, ruben -> Frank", {"MAUD", "FRANK", "JUNO"}),
    ("junos name shud be Tess", {"IDA", "RUBEN", "TESS"}),  # no apostrophe, a typo
    ("I would like that the driver has the name Frank.", {"IDA", "FRANK", "JUNO"}),
    ("so we cast the teenager!! her name's really going to be Tess now. anyway, lunch", {"IDA", "RUBEN", "TESS"}),
])
async def test_a_character_renamed(template: Path, tmp_path: Path, text: str, cast: set[str]) -> None:
    assert _cast(await _run(template, tmp_path, text)) == cast


async def test_a_location_renamed_with_an_arrow(template: Path, tmp_path: Path) -> None:
    after = await _run(template, tmp_path, "night bus → late tram")
    assert {loc["name"] for loc in after["locations"]} == {"LOST PROPERTY OFFICE", "RIVER BRIDGE", "LATE TRAM"}
    assert after["scenes"][2]["heading"].startswith("INT. LATE TRAM")


async def test_a_pronoun_with_nobody_to_point_at_asks(template: Path, tmp_path: Path) -> None:
    after = await _run(template, tmp_path, "her name is going to be Tess")
    assert _cast(after) == {"IDA", "RUBEN", "JUNO"}
