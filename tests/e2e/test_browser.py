"""The demo flow end to end in headless Chromium, through a reload and a server restart; pictures of the views."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWS = ("Story", "Design", "Shooting", "Generate")


def _shot(status: Any, project: Path, scene: int, number: int) -> dict[str, Any]:
    return dict(next(s for s in status(project)["shots"] if s["scene"] == scene and s["number"] == number))


def _settled(status: Any, project: Path, scene: int, number: int, want: str) -> dict[str, Any]:
    """Wait (up to a minute) until the turn a click started has set the shot's status; return the shot."""
    deadline = time.monotonic() + 60
    shot = _shot(status, project, scene, number)
    while shot["status"] != want and time.monotonic() < deadline:
        time.sleep(0.5)
        shot = _shot(status, project, scene, number)
    return shot


def _approve(page: Any) -> None:
    approve = page.get_by_role("button", name="Approve")
    # A batch's approval comes when its job ends (seconds on a busy machine), not within expect's default 5 s.
    sync_api.expect(approve).to_have_count(1, timeout=60_000)
    sync_api.expect(approve).to_be_enabled()
    approve.click()
    sync_api.expect(approve).to_have_count(0)


def _download(page: Any, name_pattern: str, into: Path) -> Path:
    """Click the offered file whose name matches and save it as the browser would."""
    link = page.get_by_text(re.compile(name_pattern)).last
    with page.expect_download() as info:
        link.click()
    target = into / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _snap_views(page: Any) -> None:
    """Keep a picture of each view of the side panel (README's screenshots come from these)."""
    ARTIFACTS.mkdir(exist_ok=True)
    panel = page.locator("#reelsmith-workspace")
    for view in VIEWS:
        panel.get_by_role("tab", name=view).click()
        if view == "Story":  # with scene 2's versions open: the rewrite as a word diff
            badge = panel.locator("[data-scene='2']").get_by_role("button", name="v2 · 2 versions")
            badge.click()
            badge.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"view-{view.lower()}.png"))


def _open(browser: Any, url: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector("#chat-input")
    page.wait_for_selector("#reelsmith-workspace")  # the chat is connected (its start sends the side panel)
    return context, page


def test_demo_flow_end_to_end_through_a_reload_and_a_restart(
    browser: Any, servers: Any, chat: Any, status: Any, tmp_path: Path
) -> None:
    start, stop = servers
    running_app, proc = start(tmp_path / "ui")
    try:
        context, page = _open(browser, running_app.url)
        _flow(page, running_app, chat, status, tmp_path)
        chat(page, "generate a storyboard for shot 3 of scene 2")
        page.get_by_role("button", name="Use existing").or_(page.get_by_role("button", name="Approve")).first.wait_for()
        page.wait_for_url("**/thread/*")
        thread_url = page.url
        waiting = [a["status"] for a in _shot(status, running_app.project, 2, 3)["assets"] if a["role"] == "still"]
        context.close()
    finally:
        stop(proc)

    running_app, proc = start(tmp_path / "ui", int(running_app.url.rsplit(":", 1)[1]))  # same folders and port
    try:
        context, page = _open(browser, running_app.url)
        # The thread list names the stored conversation; opening it brings back messages, previews and buttons.
        page.locator("#thread-history").get_by_text("rewrite scene 2 darker").click()
        page.get_by_text("generate a storyboard for shot 3 of scene 2", exact=True).first.wait_for()
        page.wait_for_selector("img[src*='/reelsmith/files/']")
        assert page.url == thread_url
        page.locator("#reelsmith-workspace").wait_for()
        answer = page.get_by_role("button", name="Use existing").or_(page.get_by_role("button", name="Approve"))
        sync_api.expect(answer).to_have_count(1)  # back once, under the stored request
        sync_api.expect(answer).to_be_enabled()
        answer.click()
        sync_api.expect(answer).to_have_count(0)
        shot = _settled(status, running_app.project, 2, 3, "still_approved")
        answered = [a["status"] for a in shot["assets"] if a["role"] == "still"]
        assert shot["status"] == "still_approved"
        assert len(answered) == len(waiting) and "pending" not in answered, "answered once, nothing made twice"

        page.reload()  # reopened again: nothing is waiting any more, so no buttons come back
        page.get_by_text("generate a storyboard for shot 3 of scene 2", exact=True).first.wait_for()
        page.locator("#reelsmith-workspace").wait_for()  # the reopening is done (the views come just before)
        assert answer.count() == 0
        context.close()
    finally:
        stop(proc)


def _flow(page: Any, running_app: Any, chat: Any, status: Any, tmp_path: Path) -> None:
    """Rewrite, shots, a still rejected with a note, its retry approved, a batch, an animatic and an export
    downloaded, the views, then a reload with a question pending."""
    chat(page, "rewrite scene 2 darker")
    page.get_by_text("Rewrote scene 2").first.wait_for()
    scene = page.locator("#reelsmith-workspace [data-scene='2']")
    sync_api.expect(scene.get_by_role("button", name="v2 · 2 versions")).to_be_visible()  # the view followed
    chat(page, "break scene 2 into shots")
    page.get_by_text("Broke scene 2 into").first.wait_for()

    chat(page, "generate a storyboard for shot 1 of scene 2")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("Any note on what to change?").first.wait_for()
    chat(page, "more rain on the bridge")
    page.get_by_text("You chose: Reject (note: more rain on the bridge).").first.wait_for()
    _approve(page)  # the retry's buttons work (a rejection with a note once left them disabled)
    shot = _settled(status, running_app.project, 2, 1, "still_approved")
    assert sorted(a["status"] for a in shot["assets"] if a["role"] == "still") == ["approved", "rejected"]

    chat(page, "generate stills for scene 2")
    _approve(page)
    page.get_by_text(re.compile(r"stills for scene 2 approved")).first.wait_for()
    shots = [s for s in status(running_app.project)["shots"] if s["scene"] == 2]
    assert shots and all(s["status"] == "still_approved" for s in shots)

    chat(page, "make an animatic of scene 2")
    page.get_by_text("Ready to download").first.wait_for()
    animatic = _download(page, r"^animatic-.*\.mp4$", tmp_path)
    assert animatic.stat().st_size > 1000 and animatic.read_bytes()[4:8] == b"ftyp"
    chat(page, "export the screenplay as fountain")
    page.get_by_text(re.compile(r"Ready to download: .*\.fountain")).first.wait_for()
    script = _download(page, r"\.fountain$", tmp_path)
    assert "EXT." in script.read_text() or "INT." in script.read_text()

    # The Shooting view shows the board in shot order with statuses in words.
    panel = page.locator("#reelsmith-workspace")
    panel.get_by_role("tab", name="Shooting").click()
    sync_api.expect(panel.get_by_text("Still approved").first).to_be_visible()
    assert panel.get_by_text("still_approved").count() == 0
    cards = panel.locator("[data-shot^='2.']")
    assert [cards.nth(i).get_attribute("data-shot") for i in range(cards.count())] == [
        f"2.{n}" for n in range(1, len(shots) + 1)
    ]
    panel.get_by_role("tab", name="Generate").click()
    sync_api.expect(panel.locator("video")).to_have_count(1)

    chat(page, "generate a storyboard for shot 2 of scene 2")
    page.get_by_role("button", name="Use existing").or_(page.get_by_role("button", name="Approve")).first.wait_for()
    _snap_views(page)
    page.reload()  # the thread reopens with its pending question, and its buttons work
    page.get_by_text("generate a storyboard for shot 2 of scene 2", exact=True).first.wait_for()
    page.locator("#reelsmith-workspace").wait_for()
    assert page.get_by_text("You chose: Reject (note: more rain on the bridge).").count() == 1, "the history is back"
    page.wait_for_selector("img[src*='/reelsmith/files/']")  # previews come back from the chat store
    answer = page.get_by_role("button", name="Use existing").or_(page.get_by_role("button", name="Approve")).first
    sync_api.expect(answer).to_be_enabled()
    answer.click()
    sync_api.expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert _settled(status, running_app.project, 2, 2, "still_approved")["status"] == "still_approved"
