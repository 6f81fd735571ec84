"""The side panel in headless Chromium: a scene's versions as a word diff; views that follow changes made elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
REPO = Path(__file__).resolve().parents[2]


def _scene(page: Any, number: int) -> Any:
    panel = page.locator("#reelsmith-workspace")
    panel.get_by_role("tab", name="Story").click()
    return panel.locator(f"[data-scene='{number}']")


def test_a_scenes_versions_open_from_its_badge_as_a_word_diff(page: Any, chat: Any) -> None:
    chat(page, "rewrite scene 2 darker")
    page.get_by_text("Rewrote scene 2").first.wait_for()
    scene = _scene(page, 2)
    badge = scene.get_by_role("button", name="v2 · 2 versions")
    badge.click()
    versions = scene.locator("[data-versions-for='2']")
    newest = versions.locator("[data-version='2']")
    sync_api.expect(newest.locator("ins").first).to_be_visible()  # words the rewrite added, marked
    text = versions.inner_text()
    assert "Rewrote scene 2" in text and "The first version." in text
    assert '"content"' not in text and "{" not in text, "a readable diff, not raw JSON"
    sync_api.expect(versions.get_by_role("button", name="Restore v1")).to_be_visible()
    badge.click()
    sync_api.expect(versions).to_have_count(0)


def test_views_follow_a_change_made_from_the_cli_without_a_reload(page: Any, running_app: Any) -> None:
    scene = _scene(page, 3)
    sync_api.expect(scene.get_by_role("button", name="v1", exact=True)).to_have_count(1)
    # Another front end (the CLI, its own process) changes the project while the page stays open.
    cmd = [sys.executable, "-m", "agent", "chat", str(running_app.project), "rewrite scene 3 darker"]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    sync_api.expect(scene.get_by_role("button", name="v2 · 2 versions")).to_be_visible(timeout=30_000)
    assert page.locator("#chat-input").count() == 1
