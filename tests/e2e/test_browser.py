"""A stored conversation in headless Chromium: a server restart and a reload bring back its pending approval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")


def _shot(status: Any, project: Path, scene: int, number: int) -> dict[str, Any]:
    return dict(next(s for s in status(project)["shots"] if s["scene"] == scene and s["number"] == number))


def _open(browser: Any, url: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector("#chat-input")
    return context, page


def test_restart_and_reload_reopen_the_thread_with_its_pending_approval(
    browser: Any, servers: Any, chat: Any, status: Any, tmp_path: Path
) -> None:
    start, stop = servers
    app, proc = start(tmp_path)
    try:
        context, page = _open(browser, app.url)
        chat(page, "break scene 3 into shots")
        page.get_by_text("Broke scene 3 into").first.wait_for()
        chat(page, "generate a storyboard for shot 1 of scene 3")
        page.get_by_role("button", name="Approve").wait_for()
        page.wait_for_url("**/thread/*")
        thread_url = page.url
        context.close()
    finally:
        stop(proc)

    app, proc = start(tmp_path, int(app.url.rsplit(":", 1)[1]))  # same folders, same port: a restart
    try:
        context, page = _open(browser, app.url)
        # The thread list names the stored conversation; opening it brings back messages and the preview.
        page.locator("#thread-history").get_by_text("break scene 3 into shots").click()
        page.get_by_text("generate a storyboard for shot 1 of scene 3", exact=True).first.wait_for()
        page.wait_for_selector("img[src*='/reelsmith/files/']")
        assert page.url == thread_url
        approve = page.get_by_role("button", name="Approve")
        sync_api.expect(approve).to_have_count(1)  # back once, under the stored request
        sync_api.expect(approve).to_be_enabled()
        approve.click()
        page.get_by_text("still_approved").first.wait_for()
        shot = _shot(status, app.project, 3, 1)
        assert shot["status"] == "still_approved"
        assert [a["status"] for a in shot["assets"] if a["role"] == "still"] == ["approved"], "approved once"

        page.reload()  # reopened again: nothing is waiting any more, so no buttons come back
        page.get_by_text("generate a storyboard for shot 1 of scene 3", exact=True).first.wait_for()
        page.locator("#reelsmith-workspace").wait_for()  # the reopening is done (the views come just before)
        assert page.get_by_role("button", name="Approve").count() == 0
        context.close()
    finally:
        stop(proc)
