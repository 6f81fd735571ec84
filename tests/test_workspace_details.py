"""The side panel's data shows the production details: a character's voice and costumes, a place's side, tags
and references, costume and look cards, a shot's notes, tags and look, the music track and what assets say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from media_support import mono_wav
from platform_support import platform_project

from agent.project import Project, library, snapshot
from agent.workspace import build_views


def _views(p: Project) -> dict[str, Any]:
    return build_views(p, snapshot(p))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    from agent.project.details import note_shot, set_location_details, tag_shot
    from agent.project.looks import add_look, apply_look
    from agent.project.voices import set_voice
    from agent.project.wardrobe import add_costume

    p = Project.open(platform_project(tmp_path, name="Panel"))
    set_voice(p, "mara", profile="low and dry", voice_id="pNInz6obpgDQGcFmaJgB", actor="user")
    add_costume(p, "Raincoat", "a long yellow raincoat, soaked", character="mara", actor="user")
    set_location_details(p, "platform", setting="exterior", tags=["night", "rain"], actor="user")
    add_look(p, "Night glass", shot_type="close-up", lens_mm=85, lighting="sodium streetlight", actor="user")
    apply_look(p, "night glass", 1, 3, actor="user")
    note_shot(p, 1, 2, "bring the long lens", actor="user")
    tag_shot(p, 1, 2, ["pickup"], actor="user")
    return p


def test_design_cards_carry_voice_costumes_and_the_places_details(project: Project) -> None:
    with project:
        design = _views(project)["design"]
    (mara,) = design["characters"]
    assert (mara["voice"], mara["voice_id"], mara["costumes"]) == ("low and dry", "pNInz6obpgDQGcFmaJgB", ["RAINCOAT"])
    (platform,) = design["locations"]
    assert (platform["setting"], platform["tags"], platform["references"]) == ("exterior", ["night", "rain"], [])
    assert [(c["name"], c["character"]) for c in design["costumes"]] == [("RAINCOAT", "MARA")]
    assert [(lk["name"], lk["lens_mm"], lk["shots"]) for lk in design["looks"]] == [("NIGHT GLASS", 85, 1)]


def test_shot_cards_carry_notes_tags_and_look(project: Project) -> None:
    with project:
        (scene,) = _views(project)["shooting"]["scenes"]
    cards = {c["id"]: c for c in scene["shots"]}
    assert (cards["1.2"]["notes"], cards["1.2"]["tags"], cards["1.2"]["look"]) == ("bring the long lens", ["pickup"],
                                                                                    None)
    assert cards["1.3"]["look"] == "NIGHT GLASS" and cards["1.1"]["notes"] == "" and cards["1.1"]["tags"] == []


def test_the_generate_view_shows_the_music_and_what_an_asset_says(project: Project) -> None:
    from agent.project.music import set_music
    from agent.project.transcripts import transcribe_asset

    with project:
        assert _views(project)["generate"]["music"] is None
        asset = set_music(project, mono_wav(), "bed.wav", actor="user")
        memo = int(library.import_media(project, Path("memo.wav"), mono_wav()[:-2] + b"\x11\x00", None)["asset"])
        transcribe_asset(project, memo, lambda data, name, mime: {"text": "Meet me by the river.", "segments": [],
                                                                   "language": None, "source": "stub"},
                         needs_provider="-")
        gen = _views(project)["generate"]
    assert gen["music"]["asset"] == asset and gen["music"]["url"].split("?")[0].endswith(f"/{asset}")
    assert (gen["music"]["source"], gen["music"]["draft"]) == ("upload", False)
    said = {a["id"]: a["transcript"] for a in gen["assets"]}
    assert said[memo] == "Meet me by the river." and said[asset] == ""
