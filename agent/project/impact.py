"""What a step would remove or replace, and whether a person must approve it first: one rule for every path.

Every step that removes or replaces work (undo, redo, restoring a version, replacing the screenplay,
switching branches, regenerating stale stills, deleting a scene or a character) describes itself as an
``Impact`` before it runs. The rule lives in ``Impact.must_ask``: a step asks first when it removes or
replaces more than one scene, or any approved asset (still, clip, reference, voice); when it undoes
work another conversation (or the command line, or the import) made; when it undoes more than two
steps at once; or when it is a deletion or a restore (those always asked and still do).
``Impact.sentence`` says exactly what would go, for the question, the CLI's refusal and the tool's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.project.changes import ENTITY_TYPES, snapshot_of
from agent.project.errors import NothingToUndoError
from agent.project.history import resolve_branch, version_snapshot
from agent.project.schema import AssetLink, Branch, Change, HistoryEntry, ProjectRow, Scene, Shot, shot_characters
from agent.project.views import active_scenes, character_by_name, scene_by_number, shots_of_scene

__all__ = [
    "Impact",
    "SCENE_LIMIT",
    "BULK_STEPS",
    "of_changes",
    "of_restore",
    "of_switch_branch",
    "of_replace_screenplay",
    "of_delete_scene",
    "of_delete_character",
    "of_regenerate",
    "describe_change",
    "made_where",
]

SCENE_LIMIT = 1
"""A step may remove or replace this many scenes without asking; one more and it asks."""
BULK_STEPS = 2
"""Undoing or redoing one or two steps is a common ask; more could rewind a session's work on a misread
request or an instruction planted in a scene, so it asks whatever it touches."""

_COUNTED = ("scene", "character", "location", "prop", "shot")
_ROLE_WORDS = {"still": "approved still", "clip": "approved clip", "headshot": "approved headshot",
               "reference": "approved reference image", "voice": "approved voice line"}
# Bookkeeping that moves with other edits (renumbering after a delete) is not work anyone loses.
_BOOKKEEPING = frozenset({"id", "version", "position", "number"})


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') and word[-2] not in 'aeiou' else word + 's'}"


@dataclass(frozen=True)
class Impact:
    """What one step would remove or replace, in counts, and the words to ask or refuse with."""

    action: str
    """The step in words, e.g. "This undoes the import of museum.fountain"."""
    question: str
    """The yes/no question that ends the sentence, e.g. "Undo it?"."""
    counts: dict[str, int] = field(default_factory=dict)
    """Scenes, characters, locations, props and shots removed or replaced, by entity type."""
    approved: dict[str, int] = field(default_factory=dict)
    """Approved assets removed or replaced (or left stale), by role: still, clip, headshot, reference, voice."""
    note: str = ""
    """A clause said after the counts (what stays, what goes stale)."""
    foreign: str = ""
    """Set when the step undoes work this conversation did not make: who/what made it, said first."""
    always: bool = False
    """Deletions ask whatever their size (they always did)."""
    change_ids: tuple[int, ...] = ()
    """For undo/redo: the changes this impact describes, so exactly those are undone once approved."""

    @property
    def scenes(self) -> int:
        """Return how many scenes the step removes or replaces."""
        return self.counts.get("scene", 0)

    @property
    def approved_total(self) -> int:
        """Return how many approved assets the step removes, replaces or leaves stale."""
        return sum(self.approved.values())

    @property
    def must_ask(self) -> bool:
        """Tell whether a person must approve the step first (the one rule, see the module docstring)."""
        return self.always or bool(self.foreign) or self.scenes > SCENE_LIMIT or self.approved_total > 0

    def what(self) -> str:
        """Return the counts in words ("8 scenes, 3 characters, 5 locations"), or "no scenes or assets"."""
        parts = [_plural(self.counts[k], k) for k in _COUNTED if self.counts.get(k)]
        parts += [_plural(n, _ROLE_WORDS.get(role, f"approved {role}")) for role, n in sorted(self.approved.items())
                  if n]
        return ", ".join(parts) or "no scenes or approved assets"

    def sentence(self) -> str:
        """Return the whole question: who made it (if not us), what the step does and what goes, and the ask."""
        note = f" ({self.note})" if self.note else ""
        lead = f"{self.foreign} " if self.foreign else ""
        return f"{lead}{self.action}: {self.what()}{note}. {self.question}"

    def touches(self) -> bool:
        """Tell whether the step removes or replaces any counted work at all."""
        return any(self.counts.values()) or self.approved_total > 0

    def summary(self) -> str:
        """Return the sentence without the question, for a step that runs without asking."""
        note = f" ({self.note})" if self.note else ""
        return f"{self.action}: {self.what()}{note}."


@dataclass
class _Tally:
    """Entities a step removes or replaces, and the approved links among them, collected by id."""

    touched: dict[str, set[int]] = field(default_factory=dict)
    approved: dict[str, set[int]] = field(default_factory=dict)

    def add(self, entity_type: str, entity_id: int) -> None:
        if entity_type in _COUNTED:
            self.touched.setdefault(entity_type, set()).add(entity_id)

    def add_link(self, link_id: int, role: str) -> None:
        self.approved.setdefault(role, set()).add(link_id)

    def add_approved_links_of(self, session: Session, entity_type: str, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        stmt = select(AssetLink.id, AssetLink.role).where(
            AssetLink.entity_type == entity_type, AssetLink.entity_id.in_(ids), AssetLink.status == "approved"
        )
        for link_id, role in session.execute(stmt):
            self.add_link(link_id, role)

    def impact(self, action: str, question: str, **kw: Any) -> Impact:
        return Impact(action, question, counts={k: len(v) for k, v in self.touched.items()},
                      approved={k: len(v) for k, v in self.approved.items()}, **kw)


def _work(snap: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in snap.items() if k not in _BOOKKEEPING}


# -- undo and redo: read off the history --------------------------------------------------------


def _revert_tally(session: Session, change_ids: Sequence[int]) -> _Tally:
    """Tally what reverting these changes (newest first, as undo does) removes or replaces now."""
    tally = _Tally()
    entries = session.scalars(
        select(HistoryEntry).where(HistoryEntry.change_id.in_(change_ids)).order_by(HistoryEntry.id)
    )
    final: dict[tuple[str, int], dict[str, Any] | None] = {}
    for entry in entries:  # the oldest entry's ``before`` is what each row ends up as
        final.setdefault((entry.entity_type, entry.entity_id), entry.before)
    for (entity_type, entity_id), before in final.items():
        row = session.get(ENTITY_TYPES[entity_type], entity_id)
        if row is None:
            continue  # reverting brings it back: nothing is lost
        now = snapshot_of(row)
        if before is None or _work(before) != _work(now):
            tally.add(entity_type, entity_id)
        if entity_type == "asset_link" and now.get("status") == "approved":
            kept = before is not None and before.get("status") == "approved" and before["asset_id"] == now["asset_id"]
            if not kept:
                tally.add_link(entity_id, str(now.get("role")))
    return tally


def made_where(change: Change, thread: str | None) -> str:
    """Say who or what made a change, seen from conversation ``thread`` ("in another conversation")."""
    if change.action == "import_screenplay":
        who = "the screenplay import"
    elif change.actor in ("user", "test"):
        who = "you"
    else:
        who = f"the {change.actor}"
    if change.thread_id is None:
        return f"by {who}, outside the chat"
    if change.thread_id == thread:
        return f"by {who}, in this conversation"
    return f"by {who}, in another conversation"


def describe_change(change: Change) -> str:
    """Name what a change did, for "This undoes ..." ("the import of museum.fountain")."""
    summary = change.summary or change.action
    if change.action == "import_screenplay" and summary.startswith("Imported "):
        return "the import of " + summary.removeprefix("Imported ").rsplit(":", 1)[0]
    return f"“{summary}”"


def of_changes(
    session: Session, changes: Sequence[Change], *, verb: str = "undoes", thread: str | None = None,
    own: Sequence[Change] | None = None,
) -> Impact:
    """Describe undoing (``verb="undoes"``) or redoing (``verb="redoes"``) ``changes``, newest first.

    ``thread`` is the asking conversation (None for the command line, which has no conversations): a
    change made elsewhere makes the step ask, naming who made it. ``own`` is this conversation's own
    last undoable change (empty: it has none), which the question mentions too.
    """
    if not changes:
        raise NothingToUndoError("there is nothing to undo" if verb == "undoes" else "there is nothing to redo")
    tally = _revert_tally(session, [c.id for c in changes])
    if len(changes) == 1:
        action = f"This {verb} {describe_change(changes[0])}"
    else:
        action = f"This {verb} the last {len(changes)} changes ({'; '.join(describe_change(c) for c in changes)})"
    question = ("Undo it?" if len(changes) == 1 else "Undo them?") if verb == "undoes" else (
        "Redo it?" if len(changes) == 1 else "Redo them?")
    foreign = ""
    others = [c for c in changes if thread is not None and c.thread_id != thread]
    if others:
        last = others[0]
        lead = "This conversation has nothing to undo. " if own is not None and not own else ""
        kind = "change" if verb == "undoes" else "undo"
        what = last.summary or last.action
        foreign = f"{lead}The last {kind} to the project, “{what}”, was made {made_where(last, thread)}."
        if own:
            foreign += (f" This conversation's own last change, “{own[0].summary or own[0].action}”, is older: "
                        "undo takes changes back newest first.")
    return tally.impact(action, question, foreign=foreign, always=len(changes) > BULK_STEPS,
                        change_ids=tuple(c.id for c in changes))


# -- the other steps: read off the project as it is ---------------------------------------------


def _scene_tally(session: Session, scene_ids: Iterable[int], tally: _Tally | None = None) -> _Tally:
    """Tally scenes going away with their shots and every approved asset on either."""
    tally = tally or _Tally()
    scene_ids = list(scene_ids)
    shot_ids = list(session.scalars(select(Shot.id).where(Shot.scene_id.in_(scene_ids)))) if scene_ids else []
    for sid in scene_ids:
        tally.add("scene", sid)
    for sid in shot_ids:
        tally.add("shot", sid)
    tally.add_approved_links_of(session, "scene", scene_ids)
    tally.add_approved_links_of(session, "shot", shot_ids)
    return tally


def of_restore(session: Session, scene_number: int, version: int) -> Impact:
    """Describe restoring a scene to an earlier version: its text is replaced, its approved media go stale."""
    scene = scene_by_number(session, scene_number)
    old = version_snapshot(session, "scene", scene.id, version)
    tally = _Tally()
    if any(old.get(k) != getattr(scene, k) for k in ("heading", "content", "tags")):
        tally.add("scene", scene.id)
        shot_ids = [sh.id for sh in shots_of_scene(session, scene.id)]
        tally.add_approved_links_of(session, "shot", shot_ids)  # made for the text being replaced
    stale = " — they go stale" if tally.approved else ""
    return tally.impact(
        f"This restores scene {scene_number} to version {version}", "Restore it?",
        note=f"version {scene.version} stays in the history{stale}", always=True,
    )


def _active_ids_on(session: Session, branch: Branch | None) -> list[int]:
    main = list(session.scalars(select(Scene.id).where(Scene.branch_id.is_(None)).order_by(Scene.position)))
    if branch is None:
        return main
    alt = list(session.scalars(select(Scene.id).where(Scene.branch_id == branch.id).order_by(Scene.position)))
    replaced = set(branch.replaces)
    at = next((n for n, i in enumerate(main) if i in replaced), len(main))  # the run starts where it left main
    kept = [i for i in main if i not in replaced]
    return kept[:at] + alt + kept[at:]


def of_switch_branch(session: Session, name: str) -> Impact:
    """Describe switching the active screenplay: the scenes that leave it (kept on their branch) and their media."""
    target = resolve_branch(session, name)
    now = [sc.id for sc in active_scenes(session)]
    after = set(_active_ids_on(session, target))
    leaving = [i for i in now if i not in after]
    row = session.get(ProjectRow, 1)
    current = session.get(Branch, row.active_branch_id) if row and row.active_branch_id else None
    tally = _scene_tally(session, leaving)
    here, there = current.name if current else "main", target.name if target else "main"
    return tally.impact(
        f"This switches the screenplay from {here} to {there}",
        "Switch branches?", note="they stay on their branch; switching back brings them back" if leaving else "",
    )


def of_replace_screenplay(session: Session, source: str) -> Impact:
    """Describe replacing the screenplay: every scene (branches too) goes, with its shots and their media."""
    tally = _scene_tally(session, session.scalars(select(Scene.id)))
    return tally.impact(f"This replaces the screenplay with {source}", "Replace it?")


def of_delete_scene(session: Session, scene_number: int) -> Impact:
    """Describe deleting a scene with its shots and their media."""
    scene = scene_by_number(session, scene_number)
    tally = _scene_tally(session, [scene.id])
    return tally.impact(f"This deletes scene {scene_number} ({scene.heading})", "Delete it?", always=True)


def of_delete_character(session: Session, name: str) -> Impact:
    """Describe deleting a character: it, its approved headshots/references, and the shots that lose it."""
    character = character_by_name(session, name)
    tally = _Tally()
    tally.add("character", character.id)
    tally.add_approved_links_of(session, "character", [character.id])
    shots = session.scalar(
        select(func.count()).select_from(shot_characters).where(shot_characters.c.character_id == character.id)
    )
    note = f"{_plural(shots or 0, 'shot')} lose {character.name} from the cast" if shots else ""
    return tally.impact(f"This deletes character {character.name}", "Delete it?", note=note, always=True)


def of_regenerate(session: Session, shot_ids: Sequence[int]) -> Impact:
    """Describe regenerating stale stills: new stills replace these shots' current ones once approved."""
    tally = _Tally()
    for sid in shot_ids:
        tally.add("shot", sid)
    stmt = select(AssetLink.id, AssetLink.role).where(
        AssetLink.entity_type == "shot", AssetLink.entity_id.in_(list(shot_ids)), AssetLink.status == "approved",
        AssetLink.role == "still",
    )
    for link_id, role in session.execute(stmt):
        tally.add_link(link_id, role)
    return tally.impact(
        f"This regenerates {_plural(len(shot_ids), 'stale still')}", "Regenerate them?",
        note="the current stills stay in the history until you approve the new ones",
    )
