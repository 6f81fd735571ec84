"""Drive uploads in headless Chromium: reference images and sounds, a screenplay that asks before replacing."""

from __future__ import annotations

import io
import time
import wave
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")

HOSTILE = "![x](http://127.0.0.2:9/x.png)"
SCREENPLAY = f"""Title: Two rooms

INT. KITCHEN {HOSTILE} - DAY

Anna boils water. {HOSTILE} See http://127.0.0.2:9/raw

ANNA
Tea?

EXT. GARDEN - NIGHT

Rain.
"""


def _image(fmt: str) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buf, format=fmt)
    return buf.getvalue()


def _wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 4000)
    return buf.getvalue()


def _attach(page: Any, chat: Any, files: list[dict[str, Any]], text: str) -> None:
    """Drop files on the chat (the page's own file input), wait for the uploads, send them with a text."""
    uploaded: list[str] = []
    refused: list[str] = []

    def count(response: Any) -> None:
        if response.request.method == "POST" and "/project/file" in response.url:
            if response.ok:
                uploaded.append(response.url)
            else:
                refused.append(f"{response.status} {response.text()[:200]}")

    page.on("response", count)
    page.set_input_files("#upload-button-input", files=files)
    deadline = time.monotonic() + 60
    while len(uploaded) + len(refused) < len(files) and time.monotonic() < deadline:  # each file is answered
        page.wait_for_timeout(200)
    page.remove_listener("response", count)
    assert len(uploaded) == len(files), f"only {len(uploaded)} of {len(files)} files were uploaded; refused: {refused}"
    chat(page, text)


def test_reference_images_and_sounds_are_accepted(running_app: Any, page: Any, chat: Any, status: Any) -> None:
    files = [
        {"name": "ida.png", "mimeType": "image/png", "buffer": _image("PNG")},
        {"name": "ida.jpg", "mimeType": "image/jpeg", "buffer": _image("JPEG")},
        {"name": "ida.webp", "mimeType": "image/webp", "buffer": _image("WEBP")},
        {"name": "ida.wav", "mimeType": "audio/wav", "buffer": _wav()},
    ]
    _attach(page, chat, files, "references for IDA")
    for name in ("ida.png", "ida.jpg", "ida.webp"):
        page.get_by_text(f"Added {name} as a reference image for IDA.").wait_for()
    page.get_by_text("Added ida.wav as a").wait_for()
    assert status(running_app.project)["assets"]["by_type"] == {"audio": 1, "image": 3}


def test_a_dropped_screenplay_asks_before_replacing_and_shows_no_remote_images(
    running_app: Any, page: Any, chat: Any, status: Any
) -> None:
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if "127.0.0.2" in req.url else None)
    before = status(running_app.project)["scenes"]
    script = {"name": "two-rooms.fountain", "mimeType": "text/plain", "buffer": SCREENPLAY.encode()}

    _attach(page, chat, [script], "new draft")
    page.get_by_text("This replaces the screenplay").first.wait_for()
    assert status(running_app.project)["scenes"] == before, "nothing is replaced before the answer"
    page.get_by_role("button", name="Cancel").click()
    page.get_by_text("Kept the current screenplay").first.wait_for()
    assert status(running_app.project)["scenes"] == before

    _attach(page, chat, [script], "new draft again")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Replaced the screenplay: 2 scenes from two-rooms.fountain.").first.wait_for()
    scenes = status(running_app.project)["scenes"]
    assert len(scenes) == 2 and HOSTILE in scenes[0]["heading"]

    # Project text shown in the chat and in the Story view must not fetch anything.
    chat(page, "/script")
    page.get_by_text("Opened the Story view").first.wait_for()
    workspace = page.locator("#reelsmith-workspace")
    workspace.get_by_text(HOSTILE).first.wait_for()
    chat(page, "show scene 1")
    page.get_by_text("Scene 1").first.wait_for()
    page.reload()
    page.locator("#reelsmith-workspace").get_by_text(HOSTILE).first.wait_for()
    assert outside == [], f"project text made the browser fetch {outside}"
    assert page.locator("img[src*='127.0.0.2']").count() == 0
