"""Argument filling: numbers, ordinals, ranges, names, enums, tones, clauses, pronouns, the context block."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fake_tools import ALL_SPECIALIST_TOOLS
from test_offline_director import CONTEXT

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import parse_context
from agent.llm.offline.enums import match_enum
from agent.llm.offline.fill import fill_args
from agent.llm.offline.fill_text import Request
from agent.llm.offline.lexicon import tone_phrase
from agent.llm.offline.names import explicit_name, match_names, new_character_name
from agent.llm.offline.numbers import find_count, find_position, find_range, find_scene, find_shot, find_versions
from agent.llm.offline.pronouns import find_entities, resolve_pronouns
from agent.llm.offline.toolspec import tool_specs

SPECS = {s.name: s for s in tool_specs(ALL_SPECIALIST_TOOLS)}
CTX = parse_context(CONTEXT)


def fill(tool: str, clause: str) -> Any:
    return fill_args(SPECS[tool], Request(clause, CTX, CTX.characters))


@pytest.mark.parametrize(("text", "scene"), [
    ("scene 3", 3), ("the third scene", 3), ("sc. 3", 3), ("scene three", 3), ("the 3rd scene", 3),
    ("scene #12", 12), ("the last scene", 8), ("the final scene", 8), ("shot 1 of scene 2", 2), ("twentieth scene", 20),
])
def test_scene_numbers(text: str, scene: int) -> None:
    assert find_scene(text, scene_count=8) == scene


def test_shots_ranges_positions_versions_counts() -> None:
    assert find_shot("shot 1 of scene 2") == 1 and find_shot("the second shot in scene 3") == 2
    assert find_range("scenes 2 to 4") == (2, 4) and find_range("scenes 2-4") == (2, 4)
    assert find_range("from scene 2 to scene 5") == (2, 5)
    assert find_position("move scene 5 before scene 2", source=5, scene_count=8) == 2
    assert find_position("move scene 1 after scene 3", source=1, scene_count=8) == 3
    assert find_position("move scene 6 after scene 1", source=6, scene_count=8) == 2
    assert find_position("put scene 2 at the end", source=2, scene_count=8) == 8
    assert find_versions("compare versions 1 and 3") == [1, 3] and find_versions("diff v2 v4") == [2, 4]
    assert find_count("break scene 2 into 5 shots") == 5 and find_count("six beats") == 6
    assert find_count("scenes 2 to 4") is None


def test_required_argument_missing_is_reported() -> None:
    filled = fill("set_shot_duration", "make shot 2 longer")
    assert "duration_s" in filled.missing


def test_scene_defaults_to_the_target_scene() -> None:
    assert fill("rewrite_scene", "make this scene funnier").args["scene_number"] == 3


def test_no_target_and_no_number_is_missing() -> None:
    ctx = parse_context('<project name="X" scene_count="2"/>')
    filled = fill_args(SPECS["delete_scene"], Request("delete a scene", ctx, ()))
    assert filled.missing == ["scene_number"]


@pytest.mark.parametrize(("text", "tone"), [
    ("more sinister", "darker"), ("grimmer please", "darker"), ("funnier", "funnier"), ("tighter", "shorter"),
    ("darker and shorter", "darker, shorter"), ("less tense", "calmer"), ("more hopeful", "lighter"),
    ("more romantic", "romantic"), ("heartbreaking", "sadder"), ("flesh it out", "longer"),
])
def test_tone_words_normalise(text: str, tone: str) -> None:
    assert tone_phrase(text) == tone


def test_unknown_direction_keeps_the_users_words() -> None:
    assert fill("rewrite_scene", "rewrite scene 3 as a western").args["direction"] == "as a western"


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("close up on her", ["wide", "close-up"], "close-up"),
    ("CU on the lantern", ["wide", "close-up"], "close-up"),
    ("closeup", ["wide", "close-up"], "close-up"),
    ("bird's eye", ["wide", "overhead"], "overhead"),
    ("pan left slowly", ["static", "pan-left", "pan-right"], "pan-left"),
    ("slow push in", ["static", "dolly-in", "dolly-out"], "dolly-in"),
    ("cross-fade", ["cut", "dissolve"], "dissolve"),
    ("extreme close-up", ["close-up", "extreme-close-up"], "extreme-close-up"),
    ("looks good", ["approve", "reject", "regenerate"], "approve"),
    ("nothing here", ["approve", "reject"], None),
])
def test_enum_synonyms(text: str, values: list[str], expected: str | None) -> None:
    assert match_enum(text, values) == expected


def test_names_match_case_insensitively_with_possessives() -> None:
    assert match_names("give mara's coat to Jonas", ["MARA", "JONAS", "ELI"]) == ["MARA", "JONAS"]
    assert match_names("put Vera in scene 4", ["VERA KADE"]) == ["VERA KADE"]
    assert explicit_name("add a character named Ada Finch to scene 2") == "ADA FINCH"
    assert explicit_name("add a villain") is None


def test_new_names_are_deterministic_and_avoid_taken_ones() -> None:
    first = new_character_name("add a villain")
    assert first == new_character_name("Add a  villain")
    assert new_character_name("add a villain", [first]) != first
    assert fill("add_character", "add a villain").args["name"] == first


def test_new_location_and_prop_names_come_from_the_request() -> None:
    assert fill("add_location", "add a location called the Old Mill").args["name"] == "OLD MILL"
    description = fill("add_location", "add a location: a flooded tunnel where smugglers meet").args["description"]
    assert description == "A flooded tunnel where smugglers meet."  # the film-maker's words, not a draft
    drafted = fill("add_location", "add a flooded tunnel as a location").args["description"]
    assert drafted and "[[" not in drafted and "add a flooded tunnel" not in drafted.lower()


def test_strings_query_branch_note_style_palette() -> None:
    assert fill("find_assets", "find images of the kitchen").args["query"] == "images of the kitchen"
    assert fill("create_branch", 'branch it as "Mara lives"').args["branch_name"] == "mara-lives"
    assert fill("add_note", "note on scene 5 that it drags").args["note"] == "it drags"
    args = fill("set_art_direction", "make the look neo-noir with #101820 and #f2aa4c").args
    assert args == {"style": "neo-noir", "palette": ["#101820", "#f2aa4c"]}


def test_booleans_only_when_stated() -> None:
    assert fill("render_cut", "render the animatic").args == {"animatic": True}
    assert fill("render_cut", "render the cut").args == {}
    assert fill("render_cut", "render without the animatic").args == {"animatic": False}


@pytest.mark.parametrize(("request_text", "clauses"), [
    ("add a villain and put her in scene 4", ["add a villain", "put her in scene 4"]),
    ("make scene 2 darker and shorter", ["make scene 2 darker and shorter"]),
    ("put Mara and Jonas in scene 2", ["put Mara and Jonas in scene 2"]),
    ("rewrite scene 2, then break it into shots; render the animatic",
     ["rewrite scene 2", "break it into shots", "render the animatic"]),
    ('add a note "keep this and cut that" to scene 2', ['add a note "keep this and cut that" to scene 2']),
    ("Please delete scene 4. Then undo it.", ["delete scene 4", "undo it"]),
    ("", []),
])
def test_clause_split(request_text: str, clauses: list[str]) -> None:
    assert split_clauses(request_text) == clauses


def test_pronouns_resolve_to_latest_entity() -> None:
    entities = find_entities("Added character VERA KADE (draft).")
    assert resolve_pronouns("put her in scene 4", entities) == "put VERA KADE in scene 4"
    group = find_entities("add Mara and Jonas to scene 2", characters=["MARA", "JONAS"])
    assert resolve_pronouns("give them lanterns", group) == "give MARA and JONAS lanterns"
    scene = find_entities("Scene 5: INT. KITCHEN - NIGHT", locations=["KITCHEN"])
    assert resolve_pronouns("delete it", scene) == "delete scene 5"
    assert resolve_pronouns("delete it", []) == "delete it"


def test_context_block_parses_tolerantly() -> None:
    ctx = parse_context(CONTEXT)
    assert (ctx.name, ctx.phase, ctx.scene_count) == ("Night Train", "story", 8)
    assert ctx.characters == ("MARA", "JONAS", "ELI") and ctx.props == ("LANTERN",)
    target = ctx.target_scene
    assert target is not None and target.number == 3 and target.version == 2
    assert target.content is not None and target.content.startswith("The kitchen is warm.")
    assert ctx.scene(2) is not None and ctx.scene(2).heading == "EXT. PLATFORM - NIGHT"  # type: ignore[union-attr]
    assert ctx.character_descriptions == {"MARA": "A night-shift conductor."}
    assert ctx.palette == ("#101820", "#f2aa4c") and ctx.next_hint.startswith("3 characters")
    escaped = parse_context('<project name="Tom &amp; Jerry &quot;Live&quot;" scene_count="x"/>')
    assert escaped.name == 'Tom & Jerry "Live"' and escaped.scene_count is None
    assert parse_context("no tags at all") == parse_context("")
