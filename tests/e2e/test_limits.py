"""Limits and refusals in headless Chromium: over-large messages and uploads, chat settings that are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")

NOTICE = "#reelsmith-limit-notice"


def _file_upload(response: Any) -> bool:
    """Tell the answer to the page's upload of a file (Chainlit posts it over HTTP, not the socket)."""
    return bool(response.request.method == "POST" and "/project/file" in response.url)


def _still_connected(page: Any, chat: Any) -> None:
    """The socket is still up: a normal request afterwards gets its answer."""
    chat(page, "what is scene 2 about?")
    sync_api.expect(page.get_by_text("Scene 2", exact=False).last).to_be_visible()
    page.wait_for_selector("#stop-button", state="detached")


def test_a_message_over_the_sockets_limit_stays_in_the_box_with_one_line(
    page: Any, chat: Any, running_app: Any, status: Any
) -> None:
    before = status(running_app.project)["history"]
    huge = "rewrite scene 2 " + "x" * (13 * 1024 * 1024)
    page.locator("#chat-input").evaluate("(el, text) => { el.value = text; }", huge)  # a paste, quicker than typing
    page.locator("#chat-input").press("End")
    page.locator("#chat-input").type(" ")
    page.click("#chat-submit")
    notice = page.locator(NOTICE)
    sync_api.expect(notice).to_contain_text("Not sent: the message is 13.0 MiB; the limit is")
    assert "\n" not in notice.inner_text()
    assert len(page.input_value("#chat-input")) > 13 * 1024 * 1024, "the text stays where it was"
    page.fill("#chat-input", "")
    _still_connected(page, chat)
    assert status(running_app.project)["history"]["count"] == before["count"], "nothing changed"


def test_a_file_over_the_upload_limit_is_refused_in_one_line(
    page: Any, chat: Any, running_app: Any, status: Any, tmp_path: Path
) -> None:
    before = status(running_app.project)["assets"]
    big = tmp_path / "huge.png"
    with big.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.truncate(51 * 1024 * 1024)  # over the 50 MiB upload limit
    page.set_input_files("#upload-button-input", files=[str(big)])
    notice = page.locator(NOTICE)
    sync_api.expect(notice).to_contain_text("Not uploaded: huge.png is 51.0 MiB; the limit is 50.0 MiB per file.")
    _still_connected(page, chat)
    assert status(running_app.project)["assets"] == before, "nothing changed"


def test_a_refused_setting_goes_back_to_the_effective_value_and_says_why(page: Any) -> None:
    page.click("#chat-settings-open-modal")
    budget = page.locator("#budget_usd")
    budget.fill("-5")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Settings not applied: the budget is an amount in USD, 0 or more").first.wait_for()
    page.click("#chat-settings-open-modal")
    sync_api.expect(page.locator("#budget_usd")).to_have_value("0")
    page.keyboard.press("Escape")


def test_an_upload_over_the_sockets_frame_limit_travels_by_http_and_the_chat_stays(
    page: Any, chat: Any, running_app: Any, status: Any, tmp_path: Path
) -> None:
    before = status(running_app.project)["assets"]
    big = tmp_path / "storyboard.png"
    with big.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.truncate(20 * 1024 * 1024)  # over the 12 MiB socket frame, under the 50 MiB upload limit
    with page.expect_response(_file_upload, timeout=120_000) as upload:  # the submit button is enabled
        page.set_input_files("#upload-button-input", files=[str(big)])  # before the upload starts, too
    assert upload.value.ok, f"the upload was refused: {upload.value.status}"
    chat(page, "a reference for the bridge")
    sync_api.expect(page.get_by_text("Could not import storyboard.png:").first).to_be_visible(timeout=60_000)
    assert page.locator(NOTICE).count() == 0
    _still_connected(page, chat)
    assert status(running_app.project)["assets"] == before, "a broken picture changes nothing"
