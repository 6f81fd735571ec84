"""The side panel in headless Chromium shows the production details as cards: a character's voice and costume,
a place's interior/exterior and tags, costume and look cards, a shot's note, tags and look."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")


def test_production_details_show_as_cards_after_a_change_elsewhere(page: Any, running_app: Any) -> None:
    from agent.project import Project, shots
    from agent.project.details import note_shot, set_location_details, tag_shot
    from agent.project.looks import add_look, apply_look
    from agent.project.voices import set_voice
    from agent.project.wardrobe import add_costume

    # Another front end changes the project while the page stays open; the panel follows without a reload.
    with Project.open(running_app.project) as p:
        set_voice(p, "ida", profile="low and dry", actor="user")
        add_costume(p, "Night coat", "a frayed navy night coat", character="ida", actor="user")
        set_location_details(p, "river bridge", setting="exterior", tags=["wind"], actor="user")
        shots.replace_shots(p, 1, [shots.ShotCard("Ida at the counter", characters=["IDA"]),
                                   shots.ShotCard("the shelves of lost things")], actor="user")
        note_shot(p, 1, 1, "bring the long lens", actor="user")
        tag_shot(p, 1, 1, ["pickup"], actor="user")
        add_look(p, "Sodium", lens_mm=50, lighting="sodium streetlight", actor="user")
        apply_look(p, "sodium", 1, 2, actor="user")
    panel = page.locator("#reelsmith-workspace")
    panel.get_by_role("tab", name="Design").click()
    ida = panel.locator("[data-entity='IDA'] [data-details='character']")
    sync_api.expect(ida).to_contain_text("Voice: low and dry", timeout=30_000)
    sync_api.expect(ida).to_contain_text("Wears: NIGHT COAT")
    bridge = panel.locator("[data-entity='RIVER BRIDGE'] [data-details='location']")
    sync_api.expect(bridge).to_contain_text("exterior")
    sync_api.expect(bridge).to_contain_text("#wind")
    sync_api.expect(panel.locator("[data-costume='NIGHT COAT']")).to_contain_text("Worn by IDA")
    sync_api.expect(panel.locator("[data-look='SODIUM']")).to_contain_text("Lighting: sodium streetlight")
    panel.get_by_role("tab", name="Shooting").click()
    sync_api.expect(panel.locator("[data-notes='1.1']")).to_have_text("Note: bring the long lens")
    sync_api.expect(panel.locator("[data-shot='1.1']")).to_contain_text("#pickup")
    sync_api.expect(panel.locator("[data-shot='1.2']")).to_contain_text("look: SODIUM")
