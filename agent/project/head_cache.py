"""Read results kept per history head: computed again only after the project changed.

Every committed write of the project goes through ``Project.change``, which appends a ``Change`` row in the
same transaction (undo and redo append one too), so the change log's head names the project's state. A turn
reads the same context several times (the supervisor before and after the specialist, the specialist's
model call), and a question changes nothing; keyed on the head, those reads are done once. Writes from
another process (the CLI, a worker) show in the head as well, since it is read from the database each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.project import Project
from agent.project.schema import Change

__all__ = ["HeadCache", "history_head"]

_T = TypeVar("_T")


def history_head(session: Session) -> tuple[int, int]:
    """Return the change log's head: its newest id and its length.

    The length as well as the newest id: on a store where ids are handed out before commit (PostgreSQL), a
    change with a lower id can commit after a higher one; the count still moves.
    """
    newest, count = session.execute(select(func.max(Change.id), func.count(Change.id))).one()
    return int(newest or 0), int(count or 0)


class HeadCache:
    """Memoise read-only results of one project, dropping them all when the history head moves.

    The head is read before the value is computed, so a change committed in between leaves the value keyed
    on the older head: the next call sees a new head and computes again (never a stale value under a new
    head). Values must be immutable (strings, tuples): callers share them.
    """

    def __init__(self, project: Project, *, limit: int = 256) -> None:
        self._project = project
        self._limit = limit
        self._head: tuple[int, int] | None = None
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()  # job workers are threads of the same process
        self.hits = 0
        self.misses = 0

    def head(self) -> tuple[int, int]:
        """Read the project's history head now."""
        with self._project.read() as s:
            return history_head(s)

    def get(self, key: Hashable, compute: Callable[[], _T], *, head: tuple[int, int] | None = None) -> _T:
        """Return the value kept for ``key`` at the current head, computing it (once) when there is none.

        ``head``: a head the caller read just before (one read serves several look-ups of one step).
        """
        head = self.head() if head is None else head
        with self._lock:
            if head != self._head:
                self._values.clear()
                self._head = head
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self.misses += 1
            if head == self._head:  # not when another call moved to another head meanwhile
                self._values[key] = value
                while len(self._values) > self._limit:
                    self._values.popitem(last=False)
        return value
