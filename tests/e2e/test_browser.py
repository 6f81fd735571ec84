"""Drive the running UI in headless Chromium: stills, approvals, a rejection's note, reload and resume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")


def _shot(status: Any, project: Path, scene: int, number: int) -> dict[str, Any]:
    return dict(next(s for s in status(project)["shots"] if s["scene"] == scene and s["number"] == number))


def test_storyboard_approve_in_browser(running_app: Any, page: Any, chat: Any, status: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert "Reelsmith" in page.title()
    chat(page, "break scene 1 into shots")
    page.get_by_text("Broke scene 1 into").first.wait_for()

    chat(page, "generate a storyboard for shot 1 of scene 1")
    approve = page.get_by_role("button", name="Approve")
    approve.wait_for()
    page.get_by_role("button", name="Reject").wait_for()
    page.get_by_role("button", name="Regenerate").wait_for()
    page.wait_for_selector("img[src*='/project/file/']")
    page.screenshot(path=str(ARTIFACTS / "approval.png"))
    assert _shot(status, running_app.project, 1, 1)["status"] == "still_pending"

    approve.click()
    page.get_by_text("still_approved").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "approved.png"))
    assert page.get_by_role("button", name="Approve").count() == 0, "answered buttons must go"

    first = _shot(status, running_app.project, 1, 1)
    assert first["status"] == "still_approved"
    assert [a["status"] for a in first["assets"] if a["role"] == "still"] == ["approved"]


def _still_prompts(project: Path, scene: int, shot: int) -> list[tuple[str, str]]:
    """Return (link status, generation prompt) of a shot's stills, oldest first, read from the project."""
    from agent.project import Project
    from agent.project.library import links_of
    from agent.project.schema import Asset
    from agent.project.views import shot_by_number

    with Project.open(project) as p, p.read() as s:
        card = shot_by_number(s, scene, shot)
        out = []
        for link in links_of(s, "shot", card.id, "still"):
            asset = s.get(Asset, link.asset_id)
            out.append((link.status, str(asset.meta.get("prompt", "")) if asset else ""))
        return out


def test_reject_with_a_note_makes_a_new_attempt_in_browser(running_app: Any, page: Any, chat: Any) -> None:
    note = "more fog on the window"
    chat(page, "break scene 1 into shots")  # a fresh breakdown, so this test stands on its own
    page.get_by_text("Broke scene 1 into").first.wait_for()
    chat(page, "generate a storyboard for shot 2 of scene 1")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("Any note on what to change?").first.wait_for()
    chat(page, note)
    approve = page.get_by_role("button", name="Approve")
    approve.wait_for()
    page.screenshot(path=str(ARTIFACTS / "reject-with-note.png"))
    # The retry's buttons work and the chat is free again (they stayed greyed out while the callback
    # that asked for the note was still running).
    sync_api.expect(approve).to_be_enabled(timeout=20_000)
    approve.click()
    page.get_by_text("still_approved").first.wait_for()
    stills = _still_prompts(running_app.project, 1, 2)
    assert [status for status, _ in stills] == ["rejected", "approved"]
    assert note in stills[1][1] and note not in stills[0][1], "the new attempt's prompt carries the note"


def test_reload_reopens_the_thread_with_its_pending_approval(
    running_app: Any, page: Any, chat: Any, status: Any
) -> None:
    chat(page, "break scene 3 into shots")
    page.get_by_text("Broke scene 3 into").first.wait_for()
    chat(page, "generate a storyboard for shot 1 of scene 3")
    page.get_by_role("button", name="Approve").wait_for()
    page.wait_for_url("**/thread/*")

    page.reload()
    page.get_by_text("generate a storyboard for shot 1 of scene 3", exact=True).first.wait_for()
    page.wait_for_selector("img[src*='/reelsmith/files/']")  # the preview came back from the data layer
    approve = page.get_by_role("button", name="Approve")
    sync_api.expect(approve).to_have_count(1)  # the buttons are back, once, under the stored request
    sync_api.expect(approve).to_be_enabled()
    sync_api.expect(page.locator("#thread-history").get_by_text("break scene 3 into shots")).to_be_visible()
    approve.click()
    page.get_by_text("still_approved").first.wait_for()
    shot = _shot(status, running_app.project, 3, 1)
    assert shot["status"] == "still_approved"
    assert [a["status"] for a in shot["assets"] if a["role"] == "still"] == ["approved"], "approved once"

    page.reload()  # reopened again: nothing is waiting any more, so no buttons come back
    page.get_by_text("generate a storyboard for shot 1 of scene 3", exact=True).first.wait_for()
    page.locator("#reelsmith-workspace").wait_for()  # the reopening is done (the views come just before)
    assert page.get_by_role("button", name="Approve").count() == 0
