"""Start the Reelsmith UI on a free loopback port with a fresh demo project, for the browser tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000
ARTIFACTS = REPO / "test-artifacts"


@dataclass
class RunningApp:
    """A UI server started for a test: where it listens and which project it serves."""

    url: str
    project: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port_free(port: int) -> None:
    """Wait until nothing listens on ``port`` (a server stopped just before may still be closing it)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} is still in use")


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the UI exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/snapshot", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the UI did not answer within {START_TIMEOUT_S:.0f}s: {log.read_text()[-2000:]}")


def start_app(root: Path, port: int | None = None) -> tuple[RunningApp, subprocess.Popen[bytes]]:
    """Start ``serve`` on ``root/film`` (demo project, offline model, REELSMITH_HOME under root); wait for it."""
    root.mkdir(parents=True, exist_ok=True)
    project, log = root / "film", root / "server.log"
    if port:
        _wait_port_free(port)
    port = port or _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REELSMITH_AUTH_PASSWORD", "CHAINLIT_APP_ROOT")
    }
    env.update(REELSMITH_HOME=str(root / "home"), REELSMITH_MODEL="offline", ANONYMIZED_TELEMETRY="False")
    code = ("import sys; from pathlib import Path; from agent.config import load_settings; "
            "from agent.ui_server import serve; sys.exit(serve(project=Path(sys.argv[1]), host='127.0.0.1', "
            "port=int(sys.argv[2]), settings=load_settings()))")
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-c", code, str(project), str(port)], cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, log)
    except BaseException:
        stop_app(proc)
        raise
    return RunningApp(url=url, project=project, log=log), proc


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started by ``start_app``: its whole process group, waited for (``serve`` waits for Chainlit)."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def open_chat(page: Any, url: str) -> None:
    """Go to the UI and wait until the chat is connected (the side panel arrives from the chat's start).

    The input is drawn before the socket connects; an upload sent before that is refused ("Session not found").
    """
    page.goto(url)
    page.wait_for_selector("#chat-input")
    page.wait_for_selector("#reelsmith-workspace")


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """Run ``serve`` (demo project, offline model) in its own process group; stop it afterwards."""
    app, proc = start_app(tmp_path_factory.mktemp("ui"))
    try:
        yield app
    finally:
        stop_app(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch Debian's headless Chromium once per module (Playwright drives it; nothing is downloaded)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, running_app: RunningApp, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Open the UI in a fresh browser context (its own login cookie), wait until the chat is ready.

    The page's last state is kept as test-artifacts/last-<test>.png (CI uploads the folder).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    open_chat(opened, running_app.url)
    try:
        yield opened
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        opened.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}.png"))
        context.close()


def send(page: Any, text: str) -> None:
    """Type a message once no turn is running, send it, see it echoed.

    The page may redraw its input as a turn ends (the first message moves the chat to /thread/<id>), even
    between typing and the click, so a text that vanished is typed again and the click tried again.
    """
    page.wait_for_selector("#stop-button", state="detached")
    for _ in range(8):
        page.fill("#chat-input", text)
        try:
            page.wait_for_selector("#chat-submit:not([disabled])", timeout=5_000)
            if page.input_value("#chat-input") != text:
                continue
            page.click("#chat-submit", timeout=5_000)
        except Exception:  # the input was redrawn empty (the button disabled); type again
            continue
        break
    else:
        raise AssertionError(f"could not send {text!r}: the chat input kept being redrawn")
    page.get_by_text(text, exact=True).first.wait_for()


@pytest.fixture
def chat() -> Any:
    """Return the ``send(page, text)`` helper (a fixture, since test modules do not import conftest)."""
    return send


def project_status(project: Path) -> dict[str, Any]:
    """Return ``reelsmith status --json`` of a project, read by a separate process as a user would."""
    cmd = [sys.executable, "-m", "agent", "status", str(project), "--json"]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=60, check=True)
    return dict(json.loads(out.stdout))


@pytest.fixture
def status() -> Any:
    """Return the ``project_status(project)`` helper."""
    return project_status


@pytest.fixture
def servers() -> Any:
    """Return ``(start_app, stop_app)`` for a test that restarts the server on the same folders."""
    return start_app, stop_app
