"""Accounts in headless Chromium: the first user switches a running server to logins; each user sees their own.

One server is started with no user (the local film-maker is signed in without a password). Users are then
added with the CLI while it runs, as an operator would: the same page is now sent to the login page. Two
users log in through Chainlit's login page; each picker lists only that user's projects; a chat answers from
its user's project; the other user's file and export URLs are 404s until the project is shared; a wrong
password is refused; "New project…" makes a project, listed in the picker at once; a removed user's open page
is sent to the login page. Every wait is on a condition, with generous timeouts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from agent.accounts import project_key

pytestmark = [pytest.mark.e2e]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright from PyPI")
REPO = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 90_000
NEW_PROJECT = "New project…"
SCRIPT = ("Title: Harbour Lights\n\nEXT. HARBOUR - NIGHT\n\nGulls over black water. ZELDA waits on the quay.\n\n"
          "ZELDA\nThe ferry is late again.\n\nTOMAS\nIt always is.\n")


def _cli(home: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``reelsmith ARGS`` in another process on the server's REELSMITH_HOME; return its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REELSMITH_", "CHAINLIT_")) and k != "DATABASE_URL"}
    env.update(REELSMITH_HOME=str(home), REELSMITH_MODEL="offline", ANONYMIZED_TELEMETRY="False")
    done = subprocess.run([sys.executable, "-m", "agent", *args], cwd=REPO, env=env, input=stdin, text=True,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, f"reelsmith {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture
def world(servers: Any, tmp_path: Path) -> Iterator[Any]:
    """A server started without users, on the demo; stopped afterwards."""
    start, stop = servers
    app, proc = start(tmp_path / "ui")
    try:
        yield SimpleNamespace(url=app.url, home=tmp_path / "ui" / "home")
    finally:
        stop(proc)


def _page(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


def _submit_login(page: Any, user: str, password: str) -> int:
    """Fill Chainlit's login form and send it; return the status the server answered."""
    page.wait_for_selector("#email")
    page.fill("#email", user)
    page.fill("#password", password)
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as answer:
        page.locator("form button[type=submit]").click()
    return int(answer.value.status)


def _log_in(browser: Any, url: str, user: str) -> tuple[Any, Any]:
    """Open the UI in a fresh context, log in as ``user`` and wait until the chat is connected."""
    context, page = _page(browser)
    page.goto(url)
    page.wait_for_url("**/login")
    assert _submit_login(page, user, f"{user}-password") == 200
    page.wait_for_selector("#chat-input")
    page.wait_for_selector("#reelsmith-workspace")  # the chat is connected and on a project
    return context, page


def _picker(page: Any, listing: str | None = None) -> list[str]:
    """Return the names the project picker offers (it shows once there are two or more), once it lists ``listing``."""
    page.locator("#chat-profiles").click()
    items = page.locator("[data-test^='select-item:']")
    items.first.wait_for()
    if listing is not None:
        page.locator(f"[data-test='select-item:{listing}']").wait_for()
    names = [str(items.nth(i).get_attribute("data-test")).removeprefix("select-item:") for i in range(items.count())]
    # Escape would close the hover card the pointer opened over an item first: pick the current one again.
    page.locator("[role=listbox] [role=option][aria-selected=true]").click()
    page.wait_for_selector("[role=listbox]", state="detached")
    return names


def _status(page: Any, url: str) -> int:
    """Return the status the page's own login cookie gets for ``url`` (as a link in the page would)."""
    return int(page.request.get(url).status)


def test_two_users_log_in_and_see_only_their_own(world: Any, browser: Any, chat: Any, tmp_path: Path) -> None:
    # Before any user: the local film-maker is signed in without a password.
    before, page = _page(browser)
    page.goto(world.url)
    page.wait_for_selector("#reelsmith-workspace")
    assert "/login" not in page.url

    # The operator adds two users and gives each a project, while the server runs.
    script = tmp_path / "harbour.fountain"
    script.write_text(SCRIPT)
    films = {"ana": tmp_path / "harbour", "bob": tmp_path / "ferry"}
    _cli(world.home, "new", str(films["ana"]), "--from", str(script))
    _cli(world.home, "new", str(films["bob"]), "--demo")
    for user, film in films.items():
        _cli(world.home, "user", "add", user, "--password-stdin", stdin=f"{user}-password\n")
        _cli(world.home, "share", str(film), user, "--owner")
    still = tmp_path / "still.png"
    still.write_bytes(_png())
    _cli(world.home, "import", str(films["bob"]), str(still))
    (films["bob"] / "exports").mkdir(exist_ok=True)
    (films["bob"] / "exports" / "ferry-cut.fountain").write_text("Title: not for ana\n")
    bob_key = project_key(films["bob"])
    assets = httpx.get(f"{world.url}/api/assets?project={bob_key}", auth=("bob", "bob-password"), timeout=60)
    assert assets.status_code == 200, assets.text
    bob_urls = [f"{world.url}/reelsmith/asset/{assets.json()[0]['id']}?project={bob_key}",
                f"{world.url}/reelsmith/export/ferry-cut.fountain?project={bob_key}"]

    # The film-maker's page from before is sent to the login page now (no restart), and stays out. The page may be
    # on its way there already (its own socket noticed), which a reload can race: then load its address afresh.
    try:
        page.reload()
    except sync_api.Error:
        page.goto(page.url)
    page.wait_for_url("**/login")
    assert _status(page, bob_urls[0]) == 401
    assert _submit_login(page, "ana", "not-her-password") == 401
    page.get_by_text(re.compile("Sign in failed|Unable to sign in")).first.wait_for()
    assert "/login" in page.url and page.locator("#chat-input").count() == 0
    before.close()

    ana_context, ana = _log_in(browser, world.url, "ana")
    assert _picker(ana) == ["harbour", NEW_PROJECT], "only her own project"
    chat(ana, "who are the characters?")
    reply = ana.locator("[data-step-type='assistant_message']", has_text="2 characters")
    sync_api.expect(reply).to_contain_text("ZELDA", timeout=TIMEOUT_MS)  # her project's cast, not the demo's
    for url in bob_urls:
        assert _status(ana, url) == 404, url

    bob_context, bob = _log_in(browser, world.url, "bob")
    assert _picker(bob) == ["ferry", NEW_PROJECT]
    for url in bob_urls:
        assert _status(bob, url) == 200, url

    _cli(world.home, "share", str(films["bob"]), "ana")
    ana.goto(world.url)  # a new chat asks for the picker's list again
    ana.wait_for_selector("#reelsmith-workspace")
    assert _picker(ana) == ["harbour", "ferry (shared by bob)", NEW_PROJECT]
    assert _status(ana, bob_urls[0]) == 200, "shared: her link works now"

    # "New project…" asks for a title; a bad one makes nothing; a good one opens the new project.
    ana.locator("#chat-profiles").click()
    ana.locator(f"[data-test='select-item:{NEW_PROJECT}']").click()
    ana.get_by_text("What is the new project called?").first.wait_for()
    chat(ana, "!!!")
    ana.get_by_text(re.compile("^Error: .*nothing was made")).first.wait_for()
    ana.wait_for_url("**/thread/**")  # the first message moved the chat to its thread (the input is redrawn)
    chat(ana, "Night Bus")
    ana.get_by_text("Made your project").first.wait_for()
    ana.wait_for_selector("#reelsmith-workspace")
    expected = ["harbour", "night-bus", "ferry (shared by bob)", NEW_PROJECT]
    assert _picker(ana, listing="night-bus") == expected, "at once, without a reload"
    bob.goto(world.url)
    bob.wait_for_selector("#reelsmith-workspace")
    assert _picker(bob) == ["ferry", NEW_PROJECT], "bob's list is unchanged"

    # Bob is removed while his page is open and his login cookie valid for days: it opens nothing at once.
    _cli(world.home, "user", "remove", "bob")
    threads = bob.request.post(f"{world.url}/project/threads", data={"pagination": {"first": 20}, "filter": {}})
    assert threads.status == 401, threads.text()
    assert _status(bob, bob_urls[0]) == 401
    _reaches_login(bob, world.url)
    assert bob.locator("#chat-input").count() == 0
    bob_context.close()
    ana_context.close()


def _reaches_login(page: Any, url: str) -> None:
    """Open the app again and land on the login form.

    The server ends a removed user's open chat by itself, so the page may be navigating to the login
    form at the very moment the test opens it: a navigation cut short by that one is waited out (the page's own
    navigation may be the one that lands on the form), then tried again.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(4):
        try:
            page.goto(url)
            page.wait_for_url("**/login")
            return
        except PlaywrightError:
            try:
                page.wait_for_url("**/login", timeout=5_000)  # the navigation that cut ours short went there
                return
            except PlaywrightError:
                if attempt == 3:
                    raise


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(buf, format="PNG")
    return buf.getvalue()
