"""History: the change log, undo, restore to a version, diff two versions, and screenplay branches."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from agent.project.changes import ENTITY_TYPES
from agent.project.deps import mark_dependents
from agent.project.errors import ConflictError, InvalidInputError, NotFoundError, NothingToUndoError
from agent.project.project import Project
from agent.project.schema import Branch, Change, HistoryEntry, ProjectRow, Scene
from agent.project.views import active_scenes, scene_by_number

__all__ = [
    "ChangeView",
    "list_changes",
    "undo",
    "redo",
    "undoable",
    "redoable",
    "entity_versions",
    "version_snapshot",
    "restore",
    "diff_versions",
    "create_branch",
    "switch_branch",
    "rename_branch",
    "resolve_branch",
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
    thread: str | None = None


def _undone_ids(session: Session) -> set[int]:
    """Return the changes whose effect is currently taken back.

    A change is undone when a live change reverts it; an undo that a redo reverted is no longer live,
    so what it undid counts again. Reverts always point back in time, so one pass newest-first
    settles every chain (edit <- undo <- redo <- ...).
    """
    rows = session.execute(
        select(Change.id, Change.reverts_change_id)
        .where(Change.reverts_change_id.is_not(None))
        .order_by(Change.id.desc())
    )
    undone: set[int] = set()
    for change_id, target in rows:
        if change_id not in undone and target is not None:
            undone.add(target)
    return undone


def change_count(session: Session) -> int:
    """Return how many changes the log holds."""
    return session.scalar(select(func.count()).select_from(Change)) or 0


def list_changes(session: Session, *, limit: int = 50) -> list[ChangeView]:
    """Return the newest changes first."""
    undone = _undone_ids(session)
    rows = session.scalars(select(Change).order_by(Change.id.desc()).limit(limit))
    return [
        ChangeView(c.id, c.actor, c.action, c.summary, c.created_at.isoformat(timespec="seconds"), c.id in undone,
                   c.reverts_change_id, c.thread_id)
        for c in rows
    ]


def _has_entries() -> Any:
    # A change that only appended assets or ledger rows has nothing undo could take back.
    return select(HistoryEntry.id).where(HistoryEntry.change_id == Change.id).exists()


def undoable(session: Session, count: int = 1, *, thread: str | None = None) -> list[Change]:
    """Return the newest ``count`` changes undo would take back, newest first (undos, redos, creation excluded).

    With ``thread``, only that conversation's changes are returned (its own last change, wherever it is).
    """
    undone = _undone_ids(session)
    out: list[Change] = []
    stmt = (
        select(Change)
        .where(Change.reverts_change_id.is_(None), Change.action != "create_project", _has_entries())
        .order_by(Change.id.desc())
    )
    if thread is not None:
        stmt = stmt.where(Change.thread_id == thread)
    for change in session.scalars(stmt):
        if change.id in undone:
            continue
        out.append(change)
        if len(out) == count:
            break
    return out


def redoable(session: Session, count: int = 1) -> list[Change]:
    """Return the undos redo would re-apply, newest first.

    The redo stack is the run of live undos since the last new change: a new change after an undo
    clears it (the redone work could overwrite the new change), as in every editor.
    """
    undone = _undone_ids(session)
    out: list[Change] = []
    stmt = (
        select(Change)
        .where(or_(Change.reverts_change_id.is_not(None), _has_entries()), Change.action != "create_project")
        .order_by(Change.id.desc())
    )
    for change in session.scalars(stmt):
        if change.reverts_change_id is None:
            break  # new work since: nothing older can be redone
        if change.action == "undo" and change.id not in undone:
            out.append(change)
            if len(out) == count:
                break
    return out


def _revert(project: Project, targets: list[tuple[int, str]], *, actor: str, action: str, prefix: str) -> list[str]:
    """Revert each target change in its own recorded change (newest first); return their summaries."""
    done: list[str] = []
    for change_id, summary in targets:
        with project.change(actor=actor, action=action, summary=f"{prefix}: {summary}", reverts=change_id) as ch:
            entries = ch.session.scalars(
                select(HistoryEntry).where(HistoryEntry.change_id == change_id).order_by(HistoryEntry.id.desc())
            )
            for entry in list(entries):
                ch.revert_entry(entry)
        done.append(summary)
    return done


def _check_expected(found: list[Change], expected: tuple[int, ...] | None, what: str) -> None:
    if expected is not None and tuple(c.id for c in found) != tuple(expected):
        raise ConflictError(f"the project changed since you were asked; nothing was {what}. Ask again")


def undo(project: Project, *, steps: int = 1, actor: str = "user", expect: tuple[int, ...] | None = None) -> list[str]:
    """Undo the last ``steps`` changes, newest first; return their summaries.

    ``expect`` pins the change ids a person approved (from ``impact.of_changes``): if the log moved
    on meanwhile, nothing is undone (ConflictError) rather than something nobody saw.
    """
    if not 1 <= steps <= 100:
        raise InvalidInputError("undo takes 1 to 100 steps")
    with project.read() as s:
        found = undoable(s, steps)
        _check_expected(found, expect, "undone")
        targets = [(c.id, c.summary or c.action) for c in found]
    if not targets:
        raise NothingToUndoError("there is nothing to undo")
    return _revert(project, targets, actor=actor, action="undo", prefix="Undid")


def redo(project: Project, *, steps: int = 1, actor: str = "user", expect: tuple[int, ...] | None = None) -> list[str]:
    """Re-apply the last ``steps`` undone changes exactly, newest undo first; return their summaries.

    A redo is an undo of the undo, recorded as its own change, so it can itself be undone.
    """
    if not 1 <= steps <= 100:
        raise InvalidInputError("redo takes 1 to 100 steps")
    with project.read() as s:
        found = redoable(s, steps)
        _check_expected(found, expect, "redone")
        targets = [(c.id, (c.summary or c.action).removeprefix("Undid: ")) for c in found]
    if not targets:
        raise NothingToUndoError("there is nothing to redo (a new change after an undo clears what redo brings back)")
    return _revert(project, targets, actor=actor, action="redo", prefix="Redid")


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
    "character": ("name", "description", "voice_id", "voice"),
    "location": ("name", "description", "setting", "tags"),
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


def _branch_slug(name: str, *, reserved: frozenset[str] = frozenset({"main"})) -> str:
    """Return a branch name as it is stored ("Dark Ending" -> "dark-ending"); InvalidInputError when it can't be one."""
    slug = name.strip().lower().replace(" ", "-")
    if not _BRANCH_NAME.match(slug) or slug in reserved:
        raise InvalidInputError("a branch name is 1-60 letters, digits, '.', '_' or '-' (and not 'main')")
    return slug


def create_branch(project: Project, name: str, first: int, last: int, *, actor: str) -> str:
    """Copy scenes ``first``..``last`` as a named alternative and make it the active branch."""
    name = _branch_slug(name)
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
                         label=sc.label, tags=list(sc.tags), block_tags=list(sc.block_tags),
                         beat_id=sc.beat_id))
        ch.update(row, active_branch_id=branch.id)
        return name


_MAIN_WORDS = frozenset({"main", "main-line", "mainline", "the-main-line", "the-main-branch", "main-branch"})


def resolve_branch(session: Session, name: str) -> Branch | None:
    """Return the branch ``name`` names, or None for the main line ("main", "the main line"); NotFoundError else."""
    wanted = name.strip().lower().replace(" ", "-")
    branch = session.scalar(select(Branch).where(Branch.name == wanted))
    if branch is not None:
        return branch
    if wanted in _MAIN_WORDS:
        return None
    names = ", ".join(["main", *session.scalars(select(Branch.name))])
    raise NotFoundError(f"no branch named {name}; branches: {names}")


def switch_branch(project: Project, name: str, *, actor: str) -> str:
    """Make ``name`` (or ``main``) the active screenplay; the other stays intact."""
    with project.change(actor=actor, action="switch_branch", summary=f"Switched to branch {name}") as ch:
        row = ch.session.get(ProjectRow, 1)
        assert row is not None
        branch = resolve_branch(ch.session, name)
        if branch is None:
            ch.update(row, active_branch_id=None)
            return "main"
        ch.update(row, active_branch_id=branch.id)
        return branch.name


def rename_branch(project: Project, name: str, new_name: str, *, actor: str) -> str:
    """Give a branch a new name (its scenes, and the branch in use, stay as they were); return it."""
    new = _branch_slug(new_name, reserved=_MAIN_WORDS)  # a renamed branch is never called anything main answers to
    with project.change(actor=actor, action="rename_branch", summary=f"Renamed branch {name} to {new}") as ch:
        branch = resolve_branch(ch.session, name)
        if branch is None:
            raise InvalidInputError("the main line keeps its name: say which branch to rename")
        taken = ch.session.scalar(select(Branch.id).where(Branch.name == new, Branch.id != branch.id))
        if taken is not None:
            raise InvalidInputError(f"a branch named {new} already exists")
        ch.update(branch, name=new)
        return new


def list_branches(session: Session) -> list[tuple[str, bool]]:
    """Return (name, active) for main and every branch."""
    row = session.get(ProjectRow, 1)
    active = row.active_branch_id if row else None
    out = [("main", active is None)]
    out += [(b.name, b.id == active) for b in session.scalars(select(Branch).order_by(Branch.id))]
    return out
