"""The web guard on the real Chainlit app (app.py) and on the /api router: origins, hosts, docs, password back-off.

A page of another origin must get neither an answer it can read nor a socket.io connection; the server's own
origin (and configured ones) keep working.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_loader import load_app
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.cors import CORSMiddleware
from starlette.websockets import WebSocketDisconnect

from agent.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
OWN = "http://127.0.0.1:8000"  # Chainlit's config.run default when app.py is imported outside `chainlit run`
FOREIGN = "http://127.0.0.1:8001"  # another page on this machine: the attack of issue 13, item 1
SOCKET = "/ws/socket.io/?EIO=4&transport="
WS = "ws://127.0.0.1:8000" + SOCKET  # the test client ignores base_url for websockets
UPGRADE = {"upgrade": "websocket", "connection": "Upgrade"}  # what a browser sends; engine.io checks it


app_module = load_app()


@pytest.fixture
def server() -> Iterator[Any]:
    """Chainlit's FastAPI app with app.py loaded; the guard's rules are restored after the test."""
    from chainlit.server import app

    entry = next((m for m in app.user_middleware if m.cls.__name__ == "WebGuard"), None)
    saved = dict(vars(entry.kwargs["rules"])) if entry is not None else None
    yield app
    if entry is not None and saved is not None:
        vars(entry.kwargs["rules"]).update(saved)


def _rules(app: Any) -> Any:
    entry = next((m for m in app.user_middleware if m.cls.__name__ == "WebGuard"), None)
    assert entry is not None, "app.py must install the web guard on Chainlit's app"
    return entry.kwargs["rules"]


def _refused(res: Any) -> bool:
    return res.status_code >= 400 and "access-control-allow-origin" not in res.headers


def test_a_foreign_origin_cannot_read_the_api_or_open_the_socket(server: Any) -> None:
    client = TestClient(server, base_url=OWN)
    res = client.get("/api/snapshot", headers={"origin": FOREIGN})
    assert _refused(res) and "snapshot" not in res.text
    preflight = client.options("/api/snapshot", headers={"origin": FOREIGN, "access-control-request-method": "GET"})
    assert _refused(preflight)
    polling = client.get(SOCKET + "polling", headers={"origin": FOREIGN})
    assert _refused(polling) and '"sid"' not in polling.text
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect(WS + "websocket", headers={"origin": FOREIGN, **UPGRADE}) as ws:
            ws.receive_text()
    action = client.post("/project/action", headers={"origin": FOREIGN}, json={"sessionId": "x", "action": {}})
    assert action.status_code == 403, "a cross-site POST must not reach Chainlit's handlers"


def test_the_own_origin_still_opens_the_socket(server: Any) -> None:
    client = TestClient(server, base_url=OWN)
    for origin in (OWN, "http://localhost:8000"):
        res = client.get(SOCKET + "polling", headers={"origin": origin})
        assert res.status_code == 200 and '"sid"' in res.text, origin
    with client.websocket_connect(WS + "websocket", headers={"origin": OWN, **UPGRADE}) as ws:
        assert ws.receive_text().startswith("0{")  # engine.io's open packet
    assert client.get("/auth/config").status_code == 200  # a same-origin GET carries no Origin
    no_origin = client.get(SOCKET + "polling")  # nor does a non-browser client
    assert no_origin.status_code == 200 and '"sid"' in no_origin.text


def test_a_rebound_host_name_is_refused_on_loopback(server: Any) -> None:
    client = TestClient(server, base_url="http://attacker.example:8000")
    assert client.get("/auth/config").status_code == 403
    assert client.get(SOCKET + "polling").status_code == 403


def test_chainlit_cors_list_and_engineio_follow_the_policy(server: Any) -> None:
    from chainlit.config import config
    from chainlit.server import sio

    assert "*" not in config.project.allow_origins and OWN in config.project.allow_origins
    cors = next(m for m in server.user_middleware if m.cls is CORSMiddleware)
    assert "*" not in cors.kwargs["allow_origins"]
    assert sio.eio.cors_allowed_origins not in ([], "*", None)
    assert not sio.eio._cors_allowed_origins({"HTTP_ORIGIN": FOREIGN, "HTTP_HOST": "127.0.0.1:8000"})


def test_engineio_accepts_a_frame_larger_than_a_5_mb_message(server: Any) -> None:
    """A 5 MB chat message must reach the session (which refuses it in words), not drop the socket."""
    from chainlit.server import sio

    assert sio.eio.max_http_buffer_size > 2 * 5_000_000


def test_docs_need_the_password_when_one_is_set(server: Any) -> None:
    from agent.web_guard import harden_chainlit

    client = TestClient(server, base_url=OWN)
    assert client.get("/openapi.json").status_code == 200  # no password: open, as the UI is
    harden_chainlit(load_settings(auth_password="pw"))
    for path in ("/openapi.json", "/docs", "/redoc"):
        res = client.get(path)
        assert res.status_code == 401 and res.headers["www-authenticate"] == "Basic", path
        assert "paths" not in res.text
        assert client.get(path, auth=("x", "wrong")).status_code == 401
        assert client.get(path, auth=("anyone", "pw")).status_code == 200


def test_wrong_passwords_at_login_are_throttled_per_client(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chainlit.config import config

    from agent.web_guard import PasswordThrottle

    monkeypatch.setenv("REELSMITH_AUTH_PASSWORD", "pw")
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "x" * 48)
    from agent.ui import login

    monkeypatch.setattr(login, "SETTINGS", Settings())  # the app reads its settings once, at start
    monkeypatch.setattr(config.code, "password_auth_callback", login.password_auth)
    now = [0.0]
    _rules(server).throttle = PasswordThrottle(free=3, base_s=30.0, clock=lambda: now[0])
    guesser = TestClient(server, base_url=OWN, client=("10.0.0.7", 5000))
    other = TestClient(server, base_url=OWN, client=("10.0.0.8", 5000))

    def login(client: TestClient, password: str) -> Any:
        return client.post("/login", data={"username": "me", "password": password})

    assert [login(guesser, "guess").status_code for _ in range(4)] == [401] * 4
    locked = login(guesser, "pw")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) == 30, "even the right one waits"
    assert login(other, "pw").status_code == 200, "another client is not locked out"
    now[0] += 31
    assert login(guesser, "pw").status_code == 200
    assert login(guesser, "guess").status_code == 401, "a right password clears the count"


def _api(password: str | None, settings: Settings) -> FastAPI:
    """An app like Chainlit's (CORS for "*" with credentials) carrying the /api router, hardened."""
    from agent.api import build_router
    from agent.web_guard import harden

    async def source() -> Any:
        raise AssertionError("no route here needs the project")

    app = FastAPI()
    app.include_router(build_router(source, password=password))
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"],
                       allow_headers=["*"])
    harden(app, engineio=None, settings=settings, host="127.0.0.1", port=8000)
    return app


def test_api_answers_cross_origin_only_for_configured_origins() -> None:
    settings = load_settings(allowed_origins="https://film.example.org")
    client = TestClient(_api("pw", settings), base_url=OWN)
    asked = {"access-control-request-method": "GET", "access-control-request-headers": "authorization"}
    ok = client.options("/api/history", headers={"origin": "https://film.example.org", **asked})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://film.example.org"
    bad = client.options("/api/history", headers={"origin": FOREIGN, **asked})
    assert _refused(bad)
    assert _refused(client.get("/api/history", headers={"origin": "null"}))


def test_wrong_api_passwords_are_throttled() -> None:
    from agent.web_guard import PasswordThrottle

    app = _api("pw", load_settings())
    rules = next(m for m in app.user_middleware if m.cls.__name__ == "WebGuard").kwargs["rules"]
    rules.throttle = PasswordThrottle(free=2, base_s=60.0, clock=lambda: 0.0)
    client = TestClient(app, base_url=OWN)
    assert client.get("/api/history").status_code == 401  # no credentials yet: the browser's first ask, not a guess
    codes = [client.get("/api/history", auth=("u", f"guess{i}")).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]


def test_throttle_doubles_caps_and_forgets() -> None:
    from agent.web_guard import PasswordThrottle

    now = [0.0]
    throttle = PasswordThrottle(free=2, base_s=1.0, max_s=8.0, forget_s=100.0, max_clients=3, clock=lambda: now[0])
    waits = []
    for _ in range(7):
        throttle.failed("a")
        waits.append(throttle.wait("a"))
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 8.0]
    now[0] += 200  # long after the last failure: a fresh start
    throttle.failed("a")
    assert throttle.wait("a") == 0.0
    for name in ("b", "c", "d"):
        throttle.failed(name)
    assert len(throttle._clients) == 3 and "a" not in throttle._clients, "memory stays bounded"


def test_login_under_a_root_path_is_throttled_and_other_routes_are_not() -> None:
    from fastapi import HTTPException

    from agent.web_guard import PasswordThrottle, harden

    app = FastAPI()

    @app.post("/film/login")
    async def login() -> None:
        raise HTTPException(401, "wrong")

    @app.post("/apiary")
    async def apiary() -> None:  # a 401 here is no password guess: its path only starts like /api
        raise HTTPException(401, "no")

    rules = harden(app, engineio=None, settings=load_settings(), host="127.0.0.1", port=8000, prefix="/film")
    rules.throttle = PasswordThrottle(free=1, base_s=60.0, clock=lambda: 0.0)
    client = TestClient(app, base_url=OWN)
    assert [client.post("/apiary", auth=("u", "p")).status_code for _ in range(3)] == [401] * 3
    assert [client.post("/film/login").status_code for _ in range(3)] == [401, 401, 429]
