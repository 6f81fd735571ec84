"""Another web page cannot read or drive the UI; the UI's own page can; a huge message is refused in words.

Issue 13, items 1 and 17, in headless Chromium: a page served from a second loopback origin tries to read
``/api/snapshot`` with credentials, to poll engine.io and to open the socket.io websocket, and gets nothing.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
TIMEOUT_MS = 60_000

PROBE = """async (app) => {
  const out = {};
  for (const [key, path] of [["api", "/api/snapshot"], ["polling", "/ws/socket.io/?EIO=4&transport=polling"]]) {
    try {
      const res = await fetch(app + path, {credentials: "include"});
      out[key] = "read " + res.status + ": " + (await res.text()).slice(0, 200);
    } catch (err) {
      out[key] = "blocked";
    }
  }
  out.ws = await new Promise((resolve) => {
    const ws = new WebSocket(app.replace(/^http/, "ws") + "/ws/socket.io/?EIO=4&transport=websocket");
    ws.onmessage = (ev) => { resolve("open: " + String(ev.data).slice(0, 40)); ws.close(); };
    ws.onerror = () => resolve("refused");
    ws.onclose = () => resolve("refused");
  });
  return out;
}"""


class _AttackerPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # http.server's name
        body = b"<!doctype html><title>another site</title><p>nothing to see</p>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def other_origin() -> Iterator[str]:
    """Serve a page from a second loopback origin (another port), like any site the user visits."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AttackerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _send(page: Any, text: str, *, timeout_ms: int = TIMEOUT_MS) -> None:
    """Type and send; the input may be redrawn empty while the page recovers, so the text is typed again."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        page.fill("#chat-input", text)
        try:
            # The button can be enabled for a moment and disabled again while the previous turn winds down.
            page.wait_for_selector("#chat-submit:not([disabled])", timeout=30_000)
            page.click("#chat-submit", timeout=15_000)
            return
        except Exception:  # playwright's TimeoutError: type again until the deadline, then let it fail
            if time.monotonic() > deadline:
                raise


def test_another_origin_can_neither_read_nor_connect(running_app: Any, other_origin: str, browser: Any) -> None:
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(other_origin)
    seen = page.evaluate(PROBE, running_app.url)
    assert seen["api"] == "blocked", seen
    assert seen["polling"] == "blocked", seen
    assert seen["ws"] == "refused", seen


def test_the_apps_own_page_reads_and_chats(running_app: Any, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(running_app.url)
    page.wait_for_selector("#chat-input")
    seen = page.evaluate(PROBE, running_app.url)
    assert seen["api"].startswith("read 200") and "LOST PROPERTY" in seen["api"], seen
    assert seen["ws"].startswith("open: 0{"), seen
    _send(page, "break scene 1 into shots")
    page.get_by_text("Broke scene 1 into").first.wait_for()


@pytest.mark.timeout(600)
def test_a_huge_message_is_refused_in_words_and_the_chat_goes_on(running_app: Any, browser: Any) -> None:
    """Issue 13, item 17: 2 MB, twice engine.io's default frame limit, used to drop the socket without a word.

    (5 MB behaves the same but takes minutes of browser rendering here; test_web_guard checks the frame
    limit admits 5 MB.)
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(running_app.url)
    page.wait_for_selector("#chat-input")
    _send(page, "word " * 400_000)
    page.get_by_text(re.compile(r"characters; the limit is", re.I)).first.wait_for(timeout=4 * TIMEOUT_MS)
    # After 2 MB in the input a loaded machine takes a while to give the page back; no timing is asserted.
    _send(page, "break scene 2 into shots", timeout_ms=4 * TIMEOUT_MS)
    page.get_by_text("Broke scene 2 into").first.wait_for(timeout=2 * TIMEOUT_MS)


def _socket_json(frames: list[str], prefix: str) -> list[Any]:
    """Decode the socket.io packets of one kind (``40`` connect, ``42`` event) seen on a page's websocket."""
    out = []
    for frame in frames:
        if isinstance(frame, str) and frame.startswith(prefix):
            try:
                out.append(json.loads(frame[len(prefix):]))
            except ValueError:
                continue
    return out


def _find_decide_payload(node: Any) -> dict[str, Any] | None:
    """Return the payload of the first "decide" action in a decoded packet."""
    if isinstance(node, dict):
        if node.get("name") == "decide" and isinstance(node.get("payload"), dict):
            return dict(node["payload"])
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _find_decide_payload(item)
            if found is not None:
                return found
    return None


def _status(project: Path, scene: int, shot: int) -> str:
    from agent.project import Project, snapshot

    with Project.open(project) as p:
        return next(str(s["status"]) for s in snapshot(p)["shots"] if s["scene"] == scene and s["number"] == shot)


def test_a_chat_cannot_approve_another_chats_pending_still(running_app: Any, browser: Any) -> None:
    """Issue 13, item 6: POST /project/action naming another thread in its payload changes nothing."""
    owner = browser.new_context().new_page()
    owner.set_default_timeout(TIMEOUT_MS)
    received: list[str] = []
    owner.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(frame)))
    owner.goto(running_app.url)
    owner.wait_for_selector("#chat-input")
    _send(owner, "break scene 3 into shots")
    owner.get_by_text("Broke scene 3 into").first.wait_for()
    _send(owner, "generate a storyboard for shot 1 of scene 3")
    owner.get_by_role("button", name="Approve").wait_for()
    assert _status(running_app.project, 3, 1) == "still_pending"
    forged = next(p for p in map(_find_decide_payload, _socket_json(received, "42")) if p)
    forged["decision"] = "approve"

    intruder = browser.new_context().new_page()  # another chat: its own session and thread
    intruder.set_default_timeout(TIMEOUT_MS)
    # socket.io starts on long-polling: its connect packet, with this chat's session id, is a POST.
    with intruder.expect_request(lambda r: r.method == "POST" and '"sessionId"' in (r.post_data or "")) as connect:
        intruder.goto(running_app.url)
    packets = _socket_json(str(connect.value.post_data).split("\x1e"), "40")
    session_id = next(str(p["sessionId"]) for p in packets if isinstance(p, dict) and "sessionId" in p)
    intruder.wait_for_selector("#chat-input")
    answer = intruder.evaluate(
        """async ([sessionId, payload]) => {
             const res = await fetch("/project/action", {method: "POST", credentials: "include",
               headers: {"content-type": "application/json"},
               body: JSON.stringify({sessionId, action: {name: "decide", payload, id: "forged", forId: "x"}})});
             return res.status;
           }""",
        [session_id, forged],
    )
    assert answer == 200 and _status(running_app.project, 3, 1) == "still_pending", "the other chat changed nothing"
    intruder.get_by_text("already answered").first.wait_for()

    owner.get_by_role("button", name="Approve").click()  # the owner's own button still works
    owner.get_by_text("still_approved").first.wait_for(timeout=3 * TIMEOUT_MS)  # a loaded CI box is slow, no more
    assert _status(running_app.project, 3, 1) == "still_approved"
