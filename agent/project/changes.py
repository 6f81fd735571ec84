"""Recording changes: every mutation runs inside a ChangeContext that writes history in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import Session

from agent.project.errors import ConflictError
from agent.project.schema import (
    ArtDirection,
    AssetLink,
    Base,
    Branch,
    Change,
    Character,
    Costume,
    HistoryEntry,
    Ideation,
    Location,
    Look,
    OutlineBeat,
    ProjectRow,
    Prop,
    Scene,
    ShootingScriptEntry,
    Shot,
    StaleMark,
    TimelineClip,
    shot_characters,
    shot_props,
)

__all__ = [
    "ChangeContext",
    "ENTITY_TYPES",
    "entity_type_of",
    "snapshot_of",
    "apply_snapshot",
    "delete_row",
    "recording_thread",
    "current_thread",
]

_THREAD: ContextVar[str | None] = ContextVar("reelsmith_change_thread", default=None)


@contextmanager
def recording_thread(thread_id: str | None) -> Iterator[None]:
    """Record every change made inside this block as made by conversation ``thread_id``.

    A context variable rather than an argument, so every repository function a tool calls records
    the conversation without each of them taking (and forwarding) one more parameter.
    """
    token = _THREAD.set(thread_id)
    try:
        yield
    finally:
        _THREAD.reset(token)


def current_thread() -> str | None:
    """Return the conversation changes are being recorded for, or None outside one."""
    return _THREAD.get()

ENTITY_TYPES: dict[str, type[Base]] = {
    "project": ProjectRow,
    "ideation": Ideation,
    "branch": Branch,
    "beat": OutlineBeat,
    "scene": Scene,
    "character": Character,
    "location": Location,
    "prop": Prop,
    "costume": Costume,
    "look": Look,
    "art_direction": ArtDirection,
    "script_entry": ShootingScriptEntry,
    "shot": Shot,
    "asset_link": AssetLink,
    "timeline_clip": TimelineClip,
    "stale_mark": StaleMark,
}
_TYPE_OF = {cls: name for name, cls in ENTITY_TYPES.items()}


def entity_type_of(obj: Base) -> str:
    """Return the history name of an ORM object's type (``scene``, ``shot``...)."""
    return _TYPE_OF[type(obj)]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def snapshot_of(obj: Base) -> dict[str, Any]:
    """Return every column of a row (and a shot's cast/props) as plain JSON data."""
    mapper = inspect(type(obj))
    data = {col.key: _jsonable(getattr(obj, col.key)) for col in mapper.column_attrs}
    if isinstance(obj, Shot):
        data["character_ids"] = sorted(c.id for c in obj.characters)
        data["prop_ids"] = sorted(p.id for p in obj.props)
    return data


def apply_snapshot(session: Session, entity_type: str, snap: dict[str, Any]) -> Base:
    """Make the row look exactly like ``snap``, inserting it (with the same id) when it is gone."""
    cls = ENTITY_TYPES[entity_type]
    mapper = inspect(cls)
    columns = {col.key for col in mapper.column_attrs}
    obj = session.get(cls, snap["id"])
    values = {k: v for k, v in snap.items() if k in columns}
    if obj is None:
        obj = cls(**values)
        session.add(obj)
    else:
        for key, value in values.items():
            setattr(obj, key, value)
    if isinstance(obj, Shot):
        session.flush()
        _set_links(session, shot_characters, "character_id", obj.id, snap.get("character_ids", []))
        _set_links(session, shot_props, "prop_id", obj.id, snap.get("prop_ids", []))
        session.expire(obj, ["characters", "props"])
    return obj


def _set_links(session: Session, table: Any, column: str, shot_id: int, ids: list[int]) -> None:
    session.execute(delete(table).where(table.c.shot_id == shot_id))
    if ids:
        session.execute(insert(table), [{"shot_id": shot_id, column: i} for i in ids])


def delete_row(session: Session, entity_type: str, entity_id: int) -> None:
    """Delete one row by type and id (a shot's cast/prop links go with it)."""
    cls = ENTITY_TYPES[entity_type]
    obj = session.get(cls, entity_id)
    if obj is None:
        return
    session.delete(obj)  # the ORM removes a shot's cast/prop link rows with it
    session.flush()


class ChangeContext:
    """One change in progress: a session plus the history rows that describe what it did."""

    def __init__(
        self, session: Session, *, actor: str, action: str, summary: str = "", reverts: int | None = None
    ) -> None:
        self.session = session
        self.change = Change(
            actor=actor, action=action, summary=summary, reverts_change_id=reverts, thread_id=_THREAD.get()
        )
        session.add(self.change)
        session.flush()
        self.entries: list[HistoryEntry] = []
        self.appended = False
        """Set by writers of append-only rows (assets, ledger) that history does not record."""

    def _record(self, obj: Base, op: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        state = after or before or {}
        entry = HistoryEntry(
            change_id=self.change.id,
            entity_type=entity_type_of(obj),
            entity_id=state.get("id"),
            op=op,
            version=state.get("version"),
            before=before,
            after=after,
        )
        self.session.add(entry)
        self.entries.append(entry)

    def add(self, obj: Base) -> Base:
        """Insert a new row and record its creation."""
        self.session.add(obj)
        self.session.flush()
        self._record(obj, "create", None, snapshot_of(obj))
        return obj

    def update(self, obj: Any, *, expected_version: int | None = None, bump: bool = True, **fields: Any) -> bool:
        """Change fields of a row, bump its version and record before/after; return False if nothing changed.

        ``expected_version`` is the optimistic check: a writer that read an older version gets a
        ConflictError instead of silently overwriting someone else's edit. ``bump=False`` records
        bookkeeping (a scene's position) without making a new version of the content.
        """
        if expected_version is not None and obj.version != expected_version:
            raise ConflictError(
                f"{entity_type_of(obj)} changed since you read it "
                f"(you had version {expected_version}, it is now version {obj.version}); reload and retry"
            )
        before = snapshot_of(obj)
        for key, value in fields.items():
            setattr(obj, key, value)
        self.session.flush()
        if isinstance(obj, Shot):
            self.session.refresh(obj, ["characters", "props"])
        after = snapshot_of(obj)
        if {k: v for k, v in after.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}:
            return False
        if bump:
            obj.version = before["version"] + 1
            self.session.flush()
        self._record(obj, "update", before, snapshot_of(obj))
        return True

    def delete(self, obj: Base) -> None:
        """Delete a row and record what it was."""
        before = snapshot_of(obj)
        self._record(obj, "delete", before, None)
        delete_row(self.session, entity_type_of(obj), before["id"])

    def revert_entry(self, entry: HistoryEntry) -> None:
        """Put one recorded entry's row back to its ``before`` state, recording that too."""
        cls = ENTITY_TYPES[entry.entity_type]
        current = self.session.get(cls, entry.entity_id)
        before_now = snapshot_of(current) if current is not None else None
        if entry.before is None:
            if current is not None:
                self._record(current, "delete", before_now, None)
                delete_row(self.session, entry.entity_type, entry.entity_id)
            return
        obj = apply_snapshot(self.session, entry.entity_type, entry.before)
        self.session.flush()
        self._record(obj, "create" if before_now is None else "update", before_now, snapshot_of(obj))

    def touched(self) -> bool:
        """Tell whether this change wrote anything (an undo always counts: it moves the undo pointer)."""
        return bool(self.entries) or self.appended or self.change.reverts_change_id is not None


def latest_entries(session: Session, entity_type: str, entity_id: int) -> list[HistoryEntry]:
    """Return the history of one entity, oldest first."""
    stmt = (
        select(HistoryEntry)
        .where(HistoryEntry.entity_type == entity_type, HistoryEntry.entity_id == entity_id)
        .order_by(HistoryEntry.id)
    )
    return list(session.scalars(stmt))
