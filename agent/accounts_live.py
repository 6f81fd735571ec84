"""Whether a running server is in accounts mode, decided per use: the first ``reelsmith user add`` needs no restart.

The check is cheap enough for every request. For a SQLite accounts store (the default) it is a ``stat`` of the
database file and its journal: while they are unchanged the last answer stands, and only a change costs a
query. For a store named by URL (PostgreSQL) the user table is asked at most once per ``recheck_s``.

Once a server has seen a user it stays in login mode until it stops, even if the last user is removed: going
back to "no accounts" while it runs would open a server that may listen beyond loopback to anyone, logged-in
pages included. After a restart with no user left, Reelsmith runs without accounts again (and ``serve``
refuses to listen beyond loopback without a password).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from agent.accounts import Accounts, accounts_url, open_accounts
from agent.config import Settings

__all__ = ["AccountsSource", "LiveAccounts", "fixed_accounts"]

AccountsSource = Callable[[], Accounts | None]
"""Returns the accounts store when the server is in accounts mode (else None); asked on every use."""


def fixed_accounts(accounts: Accounts | None) -> AccountsSource:
    """Return a source that always answers ``accounts`` (tests, and callers that decided already)."""
    return lambda: accounts


class LiveAccounts:
    """The accounts store as a running server sees it: off until a user exists, then on for good."""

    def __init__(self, settings: Settings, *, recheck_s: float = 1.0, on_switch: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """Watch the store ``settings`` name; call ``on_switch`` once, when accounts mode starts (at the first use)."""
        self._settings, self._recheck_s, self._on_switch, self._clock = settings, recheck_s, on_switch, clock
        url = accounts_url(settings)
        self._file = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
        self._store: Accounts | None = None
        self._on = False
        self._seen: object = None
        self._lock = threading.Lock()

    def __call__(self) -> Accounts | None:
        """Return the accounts store if accounts mode is on (a user exists or has existed since the start)."""
        if self._on:
            return self._store
        with self._lock:
            if self._on:
                return self._store
            signature = self._signature()
            if signature == self._seen:
                return None
            self._seen = signature
            if self._file is not None and not self._file.is_file():
                return None  # no store is created just to look
            if self._store is None:
                self._store = open_accounts(self._settings)
            if not self._store.has_users():
                return None
            if self._on_switch is not None:
                self._on_switch()  # before anyone else is told: logins minted from now on are accounts' ones
            self._on = True
        return self._store

    def _signature(self) -> object:
        """Return what must change before the answer can: the SQLite files' stats, else a time slot.

        The database header's change counter (bytes 24-27, bumped by every committed write) catches a write
        that neither grew the file nor moved its mtime (two writes within one clock tick).
        """
        if self._file is None:
            return int(self._clock() // self._recheck_s)
        try:
            with self._file.open("rb") as db:
                header = db.read(28)[24:]
        except OSError:
            header = b""
        stats: list[object] = [header]
        for suffix in ("", "-wal", "-journal"):
            try:
                st = Path(f"{self._file}{suffix}").stat()
            except OSError:
                stats.append(None)
            else:
                stats.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(stats)
