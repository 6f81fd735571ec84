"""Guard the web server: allowed origins and hosts, the password on the API docs, a back-off on wrong passwords.

One pure ASGI middleware does it, so it covers every HTTP route and the socket.io websocket handshake alike;
Chainlit's own CORS list and engine.io's origin check are set to the same policy as a second layer. On
Chainlit's server, the one check that turns a login cookie into a user also asks, with accounts, whether the
login is still its account's: a removed user's login, or one made before a password change, a ``reelsmith user
logout`` or before the account was made again, opens nothing from that moment, and a chat still open on such
a login is ended (:func:`guard_socket`, :func:`watch_open_chats`). A browser sends ``Origin`` on every
cross-origin request and on every websocket handshake, so refusing a foreign ``Origin`` stops another web page
from reading or driving the server; the ``Host`` check (loopback servers only) stops the same page from getting
in by DNS rebinding, where the browser believes it is same-origin.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import logging
import math
import secrets
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from agent.accounts import Accounts
from agent.accounts_live import AccountsSource, LiveAccounts
from agent.config import Settings

__all__ = ["CHECK_CHATS_EVERY_S", "DOCS_PATHS", "LOGIN_NONCE", "MAX_SOCKET_MESSAGE_BYTES", "GuardRules",
           "OriginPolicy", "PasswordThrottle", "WebGuard", "account_login", "account_metadata", "end_sockets_holding",
           "end_stale_chats", "guard_socket", "harden", "harden_chainlit", "is_loopback", "server_origins",
           "watch_open_chats"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DOCS_PATHS = ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")
"""FastAPI's generated API description and viewers: behind the password when one is set."""
MAX_SOCKET_MESSAGE_BYTES = 12 * 1024 * 1024
"""Largest socket.io frame engine.io accepts (its default is 1 MB, and a bigger frame drops the connection
without a word). It is set well above the session's MAX_MESSAGE_CHARS so that an over-long chat message reaches
the session and is refused with a message; it stays under uvicorn's 16 MiB websocket limit."""
LOGIN_NONCE = "login_nonce"
"""Where a login made with accounts carries its account's login nonce (in the user metadata Chainlit signs)."""
_log = logging.getLogger(__name__)
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_WILDCARD_HOSTS = ("", "0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _netloc(host: str, port: int, scheme: str) -> str:
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    default = 443 if scheme == "https" else 80
    return name.lower() if port == default else f"{name.lower()}:{port}"


def server_origins(host: str, port: int, *, scheme: str = "http") -> list[str]:
    """Return the origins a browser shows for a server started on ``host:port`` (loopback names for loopback)."""
    if is_loopback(host):
        names = list(_LOOPBACK_NAMES)
    elif host in _WILDCARD_HOSTS:
        names = [*_LOOPBACK_NAMES, socket.gethostname()]
    else:
        names = [host]
    return list(dict.fromkeys(f"{scheme}://{_netloc(name, port, scheme)}" for name in names))


def _hostname(host_header: str) -> str:
    """Return the host name of a ``Host`` header value, lower-case and without brackets or port."""
    return (urlsplit(f"//{host_header}").hostname or "") if host_header else ""


@dataclass(frozen=True)
class OriginPolicy:
    """Which ``Origin`` and ``Host`` values the server answers."""

    origins: frozenset[str]
    """Origins allowed everywhere: the server's own and the configured ones."""
    hosts: frozenset[str] | None
    """Host names a request may name; None when the server listens beyond loopback (any name can reach it)."""

    @classmethod
    def for_server(cls, host: str, port: int, extra: list[str], *, scheme: str = "http") -> OriginPolicy:
        """Build the policy of a server started on ``host:port`` with ``extra`` configured origins."""
        origins = frozenset(server_origins(host, port, scheme=scheme)) | frozenset(extra)
        if not is_loopback(host):
            return cls(origins=origins, hosts=None)
        names = {"localhost", "127.0.0.1", "::1"} | {urlsplit(o).hostname or "" for o in extra}
        return cls(origins=origins, hosts=frozenset(names - {""}))

    def host_ok(self, host_header: str) -> bool:
        """Tell whether a request naming this ``Host`` is for us (always, beyond loopback)."""
        return self.hosts is None or _hostname(host_header) in self.hosts

    def origin_ok(self, origin: str, host_header: str) -> bool:
        """Tell whether a page of ``origin`` may talk to us; beyond loopback the page the server served counts too."""
        if origin.lower() in self.origins:
            return True
        # Served on 0.0.0.0 the server cannot know every name it is reached by; a page of the same host
        # and port is same-origin. (There a password is required unless --insecure, so DNS rebinding gains nothing.)
        return self.hosts is None and bool(host_header) and origin.lower() in (
            f"http://{host_header.lower()}", f"https://{host_header.lower()}")

    def engineio_check(self, origin: str | None, environ: dict[str, Any]) -> bool:
        """Answer engine.io's ``cors_allowed_origins`` callable: may this handshake's origin connect."""
        # engine.io also asks with no Origin at all (a non-browser client, or a same-origin poll): no page to stop.
        return not origin or self.origin_ok(origin, str(environ.get("HTTP_HOST", "")))


class PasswordThrottle:
    """Make a client that keeps giving wrong passwords wait, doubling the wait after a few free tries.

    Kept in memory: right for one server process; a restart forgets it, and all clients behind one reverse
    proxy share one address (and so one back-off).
    """

    def __init__(self, *, free: int = 5, base_s: float = 1.0, max_s: float = 300.0, forget_s: float = 900.0,
                 max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        """Allow ``free`` wrong tries, then wait ``base_s`` doubling up to ``max_s``; forget after ``forget_s``."""
        self._free, self._base, self._max, self._forget = free, base_s, max_s, forget_s
        self._max_clients, self._clock = max_clients, clock
        self._clients: dict[str, tuple[int, float, float]] = {}  # client -> (failures, last failure, locked until)

    def wait(self, client: str) -> float:
        """Return how many seconds ``client`` must wait before its next try (0 when it may try now)."""
        entry = self._clients.get(client)
        return max(0.0, entry[2] - self._clock()) if entry else 0.0

    def failed(self, client: str) -> None:
        """Count a wrong password from ``client`` and lock it out for a while after the free tries."""
        now = self._clock()
        failures, last, _ = self._clients.pop(client, (0, now, now))
        failures = 1 if now - last > self._forget else failures + 1
        extra = failures - self._free
        locked = now + min(self._max, self._base * 2 ** min(extra - 1, 30)) if extra > 0 else now
        self._clients[client] = (failures, now, locked)
        while len(self._clients) > self._max_clients:  # oldest first: a flood of addresses cannot grow memory
            del self._clients[next(iter(self._clients))]

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s wrong tries after a right password."""
        self._clients.pop(client, None)


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, password = decoded.partition(":")
    return user, password


@dataclass
class GuardRules:
    """What the guard enforces; mutable so a second ``harden`` of the same app updates the running guard."""

    policy: OriginPolicy
    password: str | None = None
    accounts: AccountsSource = lambda: None
    """Returns the accounts store in accounts mode (asked per request); then the docs ask for a user's own name
    and password (the shared password opens nothing)."""
    throttle: PasswordThrottle = field(default_factory=PasswordThrottle)
    prefix: str = ""
    """Where the app's routes start (Chainlit's --root-path)."""


class WebGuard:
    """Refuse foreign origins and hosts, guard the API docs, and throttle wrong passwords (ASGI middleware)."""

    def __init__(self, app: ASGIApp, *, rules: GuardRules) -> None:
        """Wrap ``app`` with ``rules``."""
        self.app, self.rules = app, rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one HTTP request or websocket handshake, then hand it on or refuse it."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host, origin = headers.get("host", ""), headers.get("origin")
        if not self.rules.policy.host_ok(host):
            await _refuse(scope, send, 403, f"this server does not answer to the host name {host!r} "
                          "(add its origin to REELSMITH_ALLOWED_ORIGINS if it is yours)")
            return
        if origin is not None and not self.rules.policy.origin_ok(origin, host):
            await _refuse(scope, send, 403, f"pages from {origin} may not use this server "
                          "(add it to REELSMITH_ALLOWED_ORIGINS if it is yours)")
            return
        if scope["type"] == "http" and self._is_password_route(scope):
            await self._password_route(scope, receive, send, headers)
            return
        await self.app(scope, receive, send)

    def _local_path(self, scope: Scope) -> str:
        """Return the request's path with Chainlit's root path taken off (our /api and the docs have none)."""
        path, prefix = str(scope.get("path", "")), self.rules.prefix.rstrip("/")
        return path[len(prefix):] or "/" if prefix and (path == prefix or path.startswith(prefix + "/")) else path

    async def _docs_allowed(self, authorization: str) -> bool:
        """Tell whether the Basic credentials open the API docs (a user's own, else the shared password)."""
        given = _basic_credentials(authorization)
        if given is None:
            return False
        accounts = await asyncio.to_thread(self.rules.accounts)
        if accounts is not None:
            return await asyncio.to_thread(accounts.verify, *given)
        password = self.rules.password or ""
        return secrets.compare_digest(given[1].encode(), password.encode())

    def _is_password_route(self, scope: Scope) -> bool:
        local = self._local_path(scope)
        return local == "/login" or local.startswith("/api/") or local in DOCS_PATHS

    async def _password_route(self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]) -> None:
        """Throttle password attempts; ask for the password on the docs; learn from the answer's status."""
        rules, local = self.rules, self._local_path(scope)
        client = str((scope.get("client") or ("",))[0])
        attempt = "authorization" in headers or (local == "/login" and scope.get("method") == "POST")
        wait = rules.throttle.wait(client) if attempt else 0.0
        if wait > 0:
            await _refuse(scope, send, 429, f"too many wrong passwords; try again in {math.ceil(wait)} s",
                          {"retry-after": str(math.ceil(wait))})
            return
        if local in DOCS_PATHS and (rules.password is not None or await asyncio.to_thread(rules.accounts) is not None):
            if not await self._docs_allowed(headers.get("authorization", "")):
                if attempt:
                    rules.throttle.failed(client)
                await _refuse(scope, send, 401, "a password is required", {"www-authenticate": "Basic"})
                return

        async def observe(message: Message) -> None:
            if attempt and message["type"] == "http.response.start":
                if message["status"] == 401:
                    rules.throttle.failed(client)
                elif 200 <= message["status"] < 400:
                    rules.throttle.succeeded(client)
            await send(message)

        await self.app(scope, receive, observe)


async def _refuse(scope: Scope, send: Send, status: int, text: str, extra: dict[str, str] | None = None) -> None:
    """Answer with ``status`` and a one-line reason (a websocket handshake is closed, which is a 403)."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": text[:120]})
        return
    body = (text + "\n").encode()
    head = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    head += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


def harden(app: Any, *, engineio: Any | None, settings: Settings, host: str, port: int, scheme: str = "http",
           prefix: str = "", accounts: AccountsSource | None = None) -> GuardRules:
    """Install the guard on a Starlette ``app`` started on ``host:port``; align its CORS list and engine.io.

    ``accounts`` says whether accounts are on at each request (by default the store ``settings`` name, watched).
    Idempotent: hardening the same app again updates the rules of the guard already installed.
    """
    from starlette.middleware.cors import CORSMiddleware

    policy = OriginPolicy.for_server(host, port, settings.allowed_origins, scheme=scheme)
    password = settings.auth_password.get_secret_value() if settings.auth_password else None
    accounts = accounts or LiveAccounts(settings)
    for entry in app.user_middleware:
        if entry.cls is CORSMiddleware:  # answer cross-origin reads only for the origins we allow, never "*"
            entry.kwargs["allow_origins"] = sorted(policy.origins)
    if engineio is not None:
        engineio.cors_allowed_origins = policy.engineio_check
        engineio.max_http_buffer_size = MAX_SOCKET_MESSAGE_BYTES
    existing = next((m for m in app.user_middleware if m.cls is WebGuard), None)
    if existing is not None:
        rules: GuardRules = existing.kwargs["rules"]
        rules.policy, rules.password, rules.prefix, rules.accounts = policy, password, prefix, accounts
        return rules
    rules = GuardRules(policy=policy, password=password, accounts=accounts, prefix=prefix)
    app.add_middleware(WebGuard, rules=rules)
    return rules


def account_metadata(nonce: str) -> dict[str, str]:
    """Return the user metadata of a login made with accounts: it carries the account's login nonce."""
    return {"provider": "accounts", LOGIN_NONCE: nonce}


def _stale_login(accounts: Accounts, token: str, *, unreadable: str | None = None) -> str | None:
    """Return why a signed login no longer opens its account (one line), or None when it does.

    A login without a nonce was made before logins carried one: it is refused, since whether its password
    changed since cannot be known (that was not recorded). Its user logs in once more. A token that does not
    decode (expired, or signed before accounts) gives ``unreadable``.
    """
    from chainlit.auth import decode_jwt
    from jwt import InvalidTokenError

    try:
        user = decode_jwt(token)
    except (InvalidTokenError, TypeError):
        return unreadable  # on a request, Chainlit's own check refuses it next
    name = str(user.identifier)[:40]
    current = accounts.login_nonce(user.identifier)
    if current is None:
        return f"there is no account named {name!r} any more: log in again"
    held = (user.metadata or {}).get(LOGIN_NONCE)
    if not isinstance(held, str):
        return f"this login of {name!r} is from an older Reelsmith: log in again"
    if not secrets.compare_digest(held.encode(), current.encode()):
        return f"this login of {name!r} is out of date (logged out, a new password, or the account made again): " \
               "log in again"
    return None


def account_login(rules: GuardRules, *, on_stale: Callable[[str, str], Awaitable[None]] | None = None,
                  ) -> Callable[[str], Coroutine[Any, Any, Any]]:
    """Return Chainlit's login check (a cookie or bearer token to its user) that also refuses a stale login.

    Chainlit signs a login for hours and never looks again; with accounts the login must still be its
    account's at every request: ``reelsmith user remove``, ``password`` and ``logout`` log the user out at
    once (401: the page goes back to its login form), and a login of a removed account opens nothing for a new
    account of the same name. ``on_stale(token, why)`` is awaited first (it closes the sockets of that login).
    """
    from chainlit.auth import get_current_user, reuseable_oauth
    from fastapi import Depends, HTTPException

    async def current_user(token: str = Depends(reuseable_oauth)) -> Any:
        if token:
            accounts = await asyncio.to_thread(rules.accounts)
            stale = await asyncio.to_thread(_stale_login, accounts, token) if accounts is not None else None
            if stale is not None:
                if on_stale is not None:
                    await on_stale(token, stale)
                raise HTTPException(401, stale)
        return await get_current_user(token=token)

    return current_user


_UNCHECKED_EVENTS = ("connect", "disconnect")
"""The socket events not checked again: the handshake checks the login itself; a disconnect only cleans up."""
_ENDED = "This chat has ended: {why}."
_UNREADABLE = "this login no longer opens this server: log in again"
"""Why an open chat ends whose login does not decode any more (it expired, or was signed before accounts)."""
CHECK_CHATS_EVERY_S = 5.0
"""How often the server looks for open chats whose login opens nothing now (one indexed read per login)."""
_watching: dict[str, asyncio.Task[None]] = {}
"""The process's one watcher task, kept referenced here (the event loop holds its tasks only weakly)."""
_Handler = Callable[..., Awaitable[Any]]


async def _end_session(sio: Any, session: Any, why: str) -> None:
    """Tell an open chat why in one line, then close its socket and forget its session at once."""
    from chainlit.session import WebsocketSession
    from chainlit.user_session import user_sessions

    stamp = datetime.now(UTC).isoformat()
    # Sent, not persisted: the notice is for the page still open, not a step of the removed user's thread.
    await session.emit("new_message", {
        "id": str(uuid.uuid4()), "threadId": session.thread_id, "parentId": None, "createdAt": stamp,
        "start": stamp, "end": stamp, "output": _ENDED.format(why=why), "name": "Reelsmith",
        "type": "assistant_message", "isError": True, "streaming": False, "waitForAnswer": False, "metadata": {}})
    session.to_clear = True  # Chainlit's disconnect handler then deletes the session now, not after its timeout
    await sio.disconnect(session.socket_id)
    if WebsocketSession.get_by_id(session.id) is session:  # its socket had gone already (no disconnect event)
        user_sessions.pop(session.id, None)
        await session.delete()


async def end_stale_chats(sio: Any, source: AccountsSource) -> int:
    """End every open chat whose login opens nothing now (removed, logged out, a new password); return how many."""
    from chainlit.session import ws_sessions_id

    sessions = [s for s in list(ws_sessions_id.values()) if s.token]
    store = await asyncio.to_thread(source) if sessions else None
    if store is None:
        return 0
    tokens = {str(s.token) for s in sessions}
    found = await asyncio.to_thread(lambda: {t: _stale_login(store, t, unreadable=_UNREADABLE) for t in tokens})
    stale = {token: why for token, why in found.items() if why is not None}
    ended = [s for s in sessions if str(s.token) in stale]
    for session in ended:
        await _end_session(sio, session, stale[str(session.token)])
    return len(ended)


def watch_open_chats(source: AccountsSource, *, every_s: float = CHECK_CHATS_EVERY_S) -> asyncio.Task[None]:
    """Start ending, every ``every_s`` seconds, the open chats whose login opens nothing now (one per process).

    ``reelsmith user remove`` and ``logout`` run in another process: without this, a chat left idle would stay
    open (unable to do anything) until its next event. Runs until the server's event loop ends.
    """
    from chainlit.server import sio

    running = _watching.get("task")
    if running is not None and not running.done():
        return running

    async def watch() -> None:
        while True:
            await asyncio.sleep(every_s)
            try:
                await end_stale_chats(sio, source)
            except Exception:  # a failed pass (the store unreachable, say) must not stop the next ones
                _log.warning("could not check the open chats' logins; trying again", exc_info=True)

    task = _watching["task"] = asyncio.create_task(watch())
    return task


async def end_sockets_holding(sio: Any, token: str, why: str) -> None:
    """End every open chat whose socket was opened with the login ``token`` (a login that opens nothing now)."""
    from chainlit.session import ws_sessions_id

    for session in [s for s in list(ws_sessions_id.values()) if s.token == token]:
        await _end_session(sio, session, why)


def guard_socket(sio: Any, source: AccountsSource) -> None:
    """Check the login of an open chat at each of its socket's events; end the chat when it opens nothing now.

    Chainlit checks a login once, at the socket's handshake. With accounts, an event (a message, a stop, a
    settings change) from a socket whose login was removed, logged out or changed since ends its chat: one
    line says why, the socket is closed and the event is not handled. Idempotent.
    """
    handlers = sio.handlers.setdefault("/", {})
    for event, handler in list(handlers.items()):
        if event not in _UNCHECKED_EVENTS and not getattr(handler, "reelsmith_checked", False):
            handlers[event] = _checked(sio, source, handler)


def _checked(sio: Any, source: AccountsSource, handler: _Handler) -> _Handler:
    async def checked(sid: str, *args: Any) -> Any:
        from chainlit.session import WebsocketSession

        session = WebsocketSession.get(sid)
        token = getattr(session, "token", None)
        store = await asyncio.to_thread(source) if token else None
        if store is not None:
            why = await asyncio.to_thread(_stale_login, store, str(token), unreadable=_UNREADABLE)
            if why is not None:
                await _end_session(sio, session, why)
                return None
        return await handler(sid, *args)

    checked.reelsmith_checked = True  # type: ignore[attr-defined]
    return checked


def harden_chainlit(settings: Settings, *, accounts: AccountsSource | None = None) -> GuardRules:
    """Harden Chainlit's server for the address ``chainlit run`` was started on (its ``config.run``).

    Every route that needs the logged-in user (Chainlit's threads, elements and files, and ours) and the
    socket's handshake turn the login into a user through :func:`account_login`; a stale login met there also
    ends the chats open with it, and every later event of an open socket checks its login again (idle chats are
    ended by :func:`watch_open_chats`, which app.py starts with the server).
    """
    from chainlit import socket
    from chainlit.auth import get_current_user
    from chainlit.config import config
    from chainlit.server import app, sio

    run = config.run
    rules = harden(app, engineio=sio.eio, settings=settings, host=run.host, port=run.port,
                   scheme="https" if run.ssl_cert else "http", prefix=run.root_path or "", accounts=accounts)
    config.project.allow_origins = sorted(rules.policy.origins)  # what .chainlit/config.toml would have said
    login = account_login(rules, on_stale=lambda token, why: end_sockets_holding(sio, token, why))
    app.dependency_overrides[get_current_user] = login
    # The socket's handshake calls it directly (not as a FastAPI dependency); same signature, one default.
    socket.get_current_user = login  # type: ignore[assignment]
    guard_socket(sio, lambda: rules.accounts())  # the rules' source now, even after another harden
    return rules
