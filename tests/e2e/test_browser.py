"""Drive the running UI in headless Chromium: shots, a storyboard still, Approve, then check the project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
TIMEOUT_MS = 60_000


def _send(page: sync_api.Page, text: str) -> None:
    """Type a message, wait until the UI accepts input (no turn running), send it, see it echoed."""
    page.fill("#chat-input", text)
    page.wait_for_selector("#chat-submit:not([disabled])", timeout=TIMEOUT_MS)
    page.click("#chat-submit")
    page.get_by_text(text, exact=True).first.wait_for(timeout=TIMEOUT_MS)


def _status(project: Path) -> dict:
    reelsmith = Path(sys.executable).with_name("reelsmith")
    cmd = [str(reelsmith), "status", str(project), "--json"] if reelsmith.exists() else \
        [sys.executable, "-m", "agent", "status", str(project), "--json"]  # fmt: skip
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_storyboard_approve_in_browser(running_app: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(running_app.url)
            page.wait_for_selector("#chat-input")
            assert "Reelsmith" in page.title()

            _send(page, "break scene 1 into shots")
            page.get_by_text("Broke scene 1 into").first.wait_for()

            _send(page, "generate a storyboard for shot 1 of scene 1")
            approve = page.get_by_role("button", name="Approve")
            approve.wait_for()
            page.get_by_role("button", name="Reject").wait_for()
            page.get_by_role("button", name="Regenerate").wait_for()
            page.wait_for_selector("img[src*='/project/file/']")
            page.screenshot(path=str(ARTIFACTS / "approval.png"))
            assert _status(running_app.project)["shots"][0]["status"] == "still_pending"

            approve.click()
            page.get_by_text("still_approved").first.wait_for()
            page.screenshot(path=str(ARTIFACTS / "approved.png"))
            assert page.get_by_role("button", name="Approve").count() == 0, "answered buttons must go"
        finally:
            browser.close()

    shots = _status(running_app.project)["shots"]
    first = next(s for s in shots if s["scene"] == 1 and s["number"] == 1)
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


def test_reject_with_a_note_makes_a_new_attempt_in_browser(running_app: Any) -> None:
    note = "more fog on the window"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(running_app.url)
            page.wait_for_selector("#chat-input")
            _send(page, "break scene 1 into shots")  # a fresh breakdown, so this test stands on its own
            page.get_by_text("Broke scene 1 into").first.wait_for()
            _send(page, "generate a storyboard for shot 2 of scene 1")
            page.get_by_role("button", name="Reject").click()
            page.get_by_text("Any note on what to change?").first.wait_for()
            _send(page, note)
            page.get_by_role("button", name="Approve").wait_for()
            page.screenshot(path=str(ARTIFACTS / "reject-with-note.png"))
        finally:
            browser.close()
    stills = _still_prompts(running_app.project, 1, 2)
    assert [status for status, _ in stills] == ["rejected", "pending"]
    assert note in stills[1][1] and note not in stills[0][1], "the new attempt's prompt carries the note"
