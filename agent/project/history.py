"""History: the change log, undo, restore to a version, diff two versions, and screenplay branches."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.changes import ENTITY_TYPES
from agent.project.deps import mark_dependents
from agent.project.errors import InvalidInputError, NotFoundError, NothingToUndoError
from agent.project.project import Project
from agent.project.schema import Branch, Change, HistoryEntry, ProjectRow, Scene
from agent.project.views import active_scenes, scene_by_number

__all__ = [
    "ChangeView",
    "list_changes",
    "undo",
    "entity_versions",
    "version_snapshot",
    "restore",
    "diff_versions",
    "create_branch",
    "switch_branch",
    "list_branches",
    "change_count",
]


@dataclass(frozen=True)
class ChangeView:
    """One entry of the change log."""

    id: int
    actor: str
    action: str
    summary: str
    created_at: str
    undone: bool
    reverts: int | None


def _undone_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Change.reverts_change_id).where(Change.reverts_change_id.is_not(None))))


def change_count(session: Session) -> int:
    """Return how many changes the log holds."""
    return session.scalar(select(func.count()).select_from(Change)) or 0


def list_changes(session: Session, *, limit: int = 50) -> list[ChangeView]:
    """Return the newest changes first."""
    undone = _undone_ids(session)
    rows = session.scalars(select(Change).order_by(Change.id.desc()).limit(limit))
    return [
        ChangeView(c.id, c.actor, c.action, c.summary, c.created_at.isoformat(timespec="seconds"), c.id in undone,
                   c.reverts_change_id)
        for c in rows
    ]  # fmt: skip


def _undoable(session: Session, count: int) -> list[Change]:
    """Return the newest ``count`` changes that are neither undos nor undone (project creation excluded)."""
    undone = _undone_ids(session)
    out: list[Change] = []
    stmt = (
        select(Change)
        .where(
            Change.reverts_change_id.is_(None),
            Change.action != "create_project",
            # A change that only appended assets or ledger rows has nothing undo could take back.
            select(HistoryEntry.id).where(HistoryEntry.change_id == Change.id).exists(),
        )
        .order_by(Change.id.desc())
    )
    for change in session.scalars(stmt):
        if change.id in undone:
            continue
        out.append(change)
        if len(out) == count:
            break
    return out


def undo(project: Project, *, steps: int = 1, actor: str = "user") -> list[str]:
    """Undo the last ``steps`` changes, newest first; return their summaries."""
    if not 1 <= steps <= 100:
        raise InvalidInputError("undo takes 1 to 100 steps")
    with project.read() as s:
        targets = [(c.id, c.summary or c.action) for c in _undoable(s, steps)]
    if not targets:
        raise NothingToUndoError("there is nothing to undo")
    done: list[str] = []
    for change_id, summary in targets:
        with project.change(actor=actor, action="undo", summary=f"Undid: {summary}", reverts=change_id) as ch:
            entries = ch.session.scalars(
                select(HistoryEntry).where(HistoryEntry.change_id == change_id).order_by(HistoryEntry.id.desc())
            )
            for entry in list(entries):
                ch.revert_entry(entry)
        done.append(summary)
    return done


def entity_versions(session: Session, entity_type: str, entity_id: int) -> list[tuple[int, int, str]]:
    """Return (version, change id, summary) for every recorded state of an entity, oldest first."""
    stmt = (
        select(HistoryEntry.version, HistoryEntry.change_id, Change.summary)
        .join(Change, Change.id == HistoryEntry.change_id)
        .where(
            HistoryEntry.entity_type == entity_type,
            HistoryEntry.entity_id == entity_id,
            HistoryEntry.after.is_not(None),
        )
        .order_by(HistoryEntry.id)
    )
    return [(v or 0, cid, summary) for v, cid, summary in session.execute(stmt)]


def version_snapshot(session: Session, entity_type: str, entity_id: int, version: int) -> dict[str, Any]:
    """Return the newest recorded state of an entity at ``version``."""
    stmt = (
        select(HistoryEntry.after)
        .where(
            HistoryEntry.entity_type == entity_type,
            HistoryEntry.entity_id == entity_id,
            HistoryEntry.version == version,
            HistoryEntry.after.is_not(None),
        )
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    )
    snap = session.scalar(stmt)
    if snap is None:
        known = sorted({v for v, _, _ in entity_versions(session, entity_type, entity_id)})
        raise NotFoundError(f"{entity_type} has no version {version}; versions: {', '.join(map(str, known)) or 'none'}")
    return dict(snap)


_RESTORABLE = {
    "scene": ("heading", "content", "tags"),
    "character": ("name", "description", "voice_id"),
    "location": ("name", "description"),
    "prop": ("name", "description"),
    "art_direction": ("style", "palette", "notes"),
    "shot": ("description", "shot_type", "angle", "movement", "lens_mm", "duration_s"),
    "ideation": ("premise", "logline", "genre", "tone"),
    "beat": ("title", "description"),
}
_HAS_DEPENDENTS = ("scene", "character", "location", "prop", "art_direction")


def restore(project: Project, entity_type: str, entity_id: int, version: int, *, actor: str) -> int:
    """Bring an entity back to how it was at ``version``, as a new version; return the new version number."""
    if entity_type not in _RESTORABLE:
        raise InvalidInputError(f"cannot restore a {entity_type}; restorable: {', '.join(_RESTORABLE)}")
    with project.change(actor=actor, action="restore", summary=f"Restored {entity_type} to version {version}") as ch:
        old = version_snapshot(ch.session, entity_type, entity_id, version)
        current: Any = ch.session.get(ENTITY_TYPES[entity_type], entity_id)
        if current is None:
            raise NotFoundError(f"that {entity_type} no longer exists; undo its deletion instead")
        before = current.version
        fields = {k: old[k] for k in _RESTORABLE[entity_type] if k in old}
        if ch.update(current, **fields) and entity_type in _HAS_DEPENDENTS:
            mark_dependents(ch, current, before, f"content (restored to v{version})")
        return int(current.version)


def _render(snap: dict[str, Any]) -> list[str]:
    if "content" in snap:
        return [str(snap.get("heading", "")), "", *str(snap.get("content", "")).splitlines()]
    return [f"{k}: {v}" for k, v in sorted(snap.items()) if k not in ("id", "version")]


def diff_versions(session: Session, entity_type: str, entity_id: int, a: int, b: int) -> str:
    """Return a unified diff between two versions of an entity."""
    old = version_snapshot(session, entity_type, entity_id, a)
    new = version_snapshot(session, entity_type, entity_id, b)
    lines = difflib.unified_diff(_render(old), _render(new), f"version {a}", f"version {b}", lineterm="")
    return "\n".join(lines) or f"versions {a} and {b} are identical"


_BRANCH_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")


def create_branch(project: Project, name: str, first: int, last: int, *, actor: str) -> str:
    """Copy scenes ``first``..``last`` as a named alternative and make it the active branch."""
    name = name.strip().lower().replace(" ", "-")
    if not _BRANCH_NAME.match(name) or name == "main":
        raise InvalidInputError("a branch name is 1-60 letters, digits, '.', '_' or '-' (and not 'main')")
    with project.change(actor=actor, action="branch", summary=f"Branch {name}: scenes {first}-{last}") as ch:
        s = ch.session
        if s.scalar(select(Branch.id).where(Branch.name == name)) is not None:
            raise InvalidInputError(f"a branch named {name} already exists")
        row = s.get(ProjectRow, 1)
        assert row is not None
        if row.active_branch_id is not None:
            raise InvalidInputError("switch to the main line before branching (branches of branches are not supported)")
        scenes = active_scenes(s)
        if first > last:
            first, last = last, first
        originals = [scene_by_number(s, n, scenes) for n in range(first, last + 1)]
        branch = Branch(name=name, replaces=[sc.id for sc in originals])
        ch.add(branch)
        for pos, sc in enumerate(originals, start=1):
            ch.add(Scene(branch_id=branch.id, position=pos, heading=sc.heading, content=sc.content,
                         label=sc.label, tags=list(sc.tags)))  # fmt: skip
        ch.update(row, active_branch_id=branch.id)
        return name


def switch_branch(project: Project, name: str, *, actor: str) -> str:
    """Make ``name`` (or ``main``) the active screenplay; the other stays intact."""
    with project.change(actor=actor, action="switch_branch", summary=f"Switched to branch {name}") as ch:
        row = ch.session.get(ProjectRow, 1)
        assert row is not None
        if name.strip().lower() == "main":
            ch.update(row, active_branch_id=None)
            return "main"
        branch = ch.session.scalar(select(Branch).where(Branch.name == name.strip().lower()))
        if branch is None:
            names = ", ".join(["main", *ch.session.scalars(select(Branch.name))])
            raise NotFoundError(f"no branch named {name}; branches: {names}")
        ch.update(row, active_branch_id=branch.id)
        return branch.name


def list_branches(session: Session) -> list[tuple[str, bool]]:
    """Return (name, active) for main and every branch."""
    row = session.get(ProjectRow, 1)
    active = row.active_branch_id if row else None
    out = [("main", active is None)]
    out += [(b.name, b.id == active) for b in session.scalars(select(Branch).order_by(Branch.id))]
    return out
