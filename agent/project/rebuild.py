"""Rebuild a rewritten scene's shot cards from its new text, keeping the shots whose action still stands.

The rule for "still stands": a shot drawn from the screenplay remembers the words it came from
(``Shot.source``: a dialogue line, an action sentence, the heading, a prop). After a rewrite the new text is
broken down again, and a shot is kept when one of the new cards comes from the same words, compared
normalised (case, punctuation and spacing ignored) and allowing a light edit (``NEAR``, a difflib ratio on
the normalised words). Then:

- a kept shot keeps its card, camera, media and decisions (an approved still stays approved, a rejected
  take stays rejected) and its "card" stale mark clears: the card was checked against the new text;
- a shot whose words are gone is dropped when it has no approved media; with approved media it stays at the
  end of the scene, marked stale ("action", with that reason) for the person to delete or revise;
- a new card whose words no other shot carries (new action) becomes a new draft shot;
- shots made by hand (no source) cannot be checked: they stay as they are, still marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.blocks import words_of
from agent.project.changes import ChangeContext
from agent.project.deps import clear_stale
from agent.project.project import Project
from agent.project.schema import AssetLink, Scene, Shot, StaleMark
from agent.project.shots import ShotCard, replace_shots
from agent.project.story import delete_shot_rows
from agent.project.views import character_by_name, location_by_name, prop_by_name, scene_by_number, shots_of_scene

__all__ = ["NEAR", "Rebuild", "normalise", "stands", "plan_rebuild", "rebuild_shots", "rewritten_scenes"]

NEAR = 0.9
"""How alike (difflib ratio of the normalised words) a shot's source and a new card's must be to count as the same
action: a fixed typo or a changed comma keeps the shot, a changed clause does not."""


def normalise(text: str) -> str:
    """Return ``text`` as compared: lower case, letters and digits only, single spaces."""
    return words_of(text)


def stands(source: str, candidate: str) -> bool:
    """Return whether a shot drawn from ``source`` still stands on a new card drawn from ``candidate``."""
    a, b = normalise(source), normalise(candidate)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= NEAR


@dataclass
class Rebuild:
    """What a rebuild of one scene does (or did): shot numbers as they were before it."""

    scene: int
    kept: list[int] = field(default_factory=list)
    added: int = 0
    dropped: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    """Shots whose action is gone but that have approved media: kept at the end, marked stale."""
    by_hand: list[int] = field(default_factory=list)
    rechecked: list[int] = field(default_factory=list)
    """Kept shots that carried a rewrite mark: the rebuild checks their card against the new text."""
    added_ids: list[int] = field(default_factory=list)

    def idle(self) -> bool:
        """Return whether the rebuild would change nothing (every shot checked already, nothing to add or drop)."""
        return not (self.rechecked or self.added or self.dropped)

    def sentence(self) -> str:
        """Say what the rebuild does, in one line."""
        parts = [f"scene {self.scene}: keeps {_nums('shot', self.kept)}" if self.kept else f"scene {self.scene}"]
        if self.added:
            parts.append(f"adds {self.added} shot{'s' if self.added != 1 else ''} for new action")
        if self.dropped:
            parts.append(f"drops {_nums('draft shot', self.dropped)} whose action is gone")
        if self.orphaned:
            parts.append(f"leaves {_nums('shot', self.orphaned)} (approved media, action gone) marked stale")
        if self.by_hand:
            parts.append(f"cannot check {_nums('hand-made shot', self.by_hand)}")
        return ", ".join(parts)


def _nums(word: str, numbers: Sequence[int]) -> str:
    return f"{word}{'s' if len(numbers) != 1 else ''} {', '.join(map(str, numbers))}"


def _match(shots: Sequence[Shot], cards: Sequence[ShotCard]) -> dict[int, int]:
    """Pair new cards with old shots (card index -> shot index): exact words first, then near ones, in order."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for i, card in enumerate(cards):
            if i in pairs:
                continue
            for j, shot in enumerate(shots):
                if j in used or not shot.source:
                    continue
                same = normalise(shot.source) == normalise(card.source) if exact else stands(shot.source, card.source)
                if same and normalise(card.source):
                    pairs[i] = j
                    used.add(j)
                    break
    return pairs


def _approved_media(session: Session, shot_id: int) -> bool:
    found = session.scalar(
        select(AssetLink.id).where(AssetLink.entity_type == "shot", AssetLink.entity_id == shot_id,
                                   AssetLink.status == "approved"))
    return found is not None


def plan_rebuild(s: Session, scene_number: int, cards: Sequence[ShotCard]) -> Rebuild:
    """Return what rebuilding a scene from ``cards`` would do, without writing."""
    scene = scene_by_number(s, scene_number)
    shots = shots_of_scene(s, scene.id)
    pairs = _match(shots, cards)
    kept_idx = set(pairs.values())
    plan = Rebuild(scene_number, kept=sorted(shots[j].number for j in kept_idx), added=len(cards) - len(pairs))
    marked = set(s.scalars(select(StaleMark.entity_id).where(
        StaleMark.entity_type == "shot", StaleMark.aspect == "card", StaleMark.source_type == "scene",
        StaleMark.source_id == scene.id)))
    plan.rechecked = sorted(shots[j].number for j in kept_idx if shots[j].id in marked)
    for j, shot in enumerate(shots):
        if j in kept_idx:
            continue
        if not shot.source:
            plan.by_hand.append(shot.number)
        elif _approved_media(s, shot.id):
            plan.orphaned.append(shot.number)
        else:
            plan.dropped.append(shot.number)
    return plan


def rewritten_scenes(s: Session) -> dict[int, int]:
    """Return the scenes whose shot cards a rewrite made stale and that can be rebuilt.

    Maps scene id to the oldest version the cards were drawn from; a scene of hand-made shots is left out.
    """
    marks = s.scalars(select(StaleMark).where(
        StaleMark.entity_type == "shot", StaleMark.aspect == "card", StaleMark.source_type == "scene"))
    found: dict[int, int] = {}
    for mark in marks:
        shot = s.get(Shot, mark.entity_id)
        if shot is not None and shot.scene_id == mark.source_id:
            found[mark.source_id] = min(found.get(mark.source_id, mark.from_version), mark.from_version)
    sourced = set(s.scalars(select(Shot.scene_id).where(Shot.source != "")))
    return {scene_id: v for scene_id, v in found.items() if scene_id in sourced}


def rebuild_shots(project: Project, scene_number: int, cards: Sequence[ShotCard], *, actor: str) -> Rebuild:
    """Rebuild a scene's shots from ``cards`` (its new breakdown) in one change; return what was done.

    A scene without shots simply gets ``cards``. Raises the same errors as ``replace_shots`` for bad cards.
    """
    with project.read() as s:
        if not shots_of_scene(s, scene_by_number(s, scene_number).id):
            replace_shots(project, scene_number, cards, actor=actor)
            return Rebuild(scene_number, added=len(cards))
    with project.change(actor=actor, action="rebuild_shots", summary=f"Rebuilt the shots of scene {scene_number} "
                        "from its new text") as ch:
        s = ch.session
        scene = scene_by_number(s, scene_number)
        plan = plan_rebuild(s, scene_number, cards)
        shots = shots_of_scene(s, scene.id)
        pairs = _match(shots, cards)
        gone = [sh for sh in shots if sh.number in plan.dropped]
        for shot in gone:
            delete_shot_rows(ch, shot)
        staying = [sh for sh in shots if sh not in gone]
        for i, shot in enumerate(staying, start=1):  # out of the way of the new numbers first
            ch.update(shot, number=100_000 + i)
        s.flush()
        order: list[Shot] = []
        for i, card in enumerate(cards):
            if i in pairs:
                shot = shots[pairs[i]]
                ch.update(shot, source=card.source[:4000])
                clear_stale(ch, "shot", shot.id, ("card",))
            else:
                shot = _new_shot(ch, scene, card, 200_000 + i)
                plan.added_ids.append(shot.id)
            order.append(shot)
        for shot in staying:
            if shot not in order:
                order.append(shot)
                if shot.source:
                    _mark_orphan(ch, shot, scene)
        for number, shot in enumerate(order, start=1):
            ch.update(shot, number=number)
        return plan


def _new_shot(ch: ChangeContext, scene: Scene, card: ShotCard, number: int) -> Shot:
    s = ch.session
    shot = Shot(scene_id=scene.id, number=number,
                description=card.description.strip()[:2000], shot_type=card.shot_type, angle=card.angle,
                movement=card.movement, lens_mm=card.lens_mm, duration_s=card.duration_s,
                location_id=location_by_name(s, card.location).id if card.location else None, status="draft",
                source=card.source[:4000])
    shot.characters = [character_by_name(s, n) for n in dict.fromkeys(card.characters)]
    shot.props = [prop_by_name(s, n) for n in dict.fromkeys(card.props)]
    ch.add(shot)
    s.flush()
    return shot


def _mark_orphan(ch: ChangeContext, shot: Shot, scene: Scene) -> None:
    """Say on the shot's rewrite mark why it stays stale: its action went from the scene."""
    marks = ch.session.scalars(select(StaleMark).where(
        StaleMark.entity_type == "shot", StaleMark.entity_id == shot.id, StaleMark.aspect == "card",
        StaleMark.source_type == "scene", StaleMark.source_id == scene.id))
    for mark in marks:
        # Its own aspect: no still is redone for it (the action is gone) and it starts no rebuild of its own.
        ch.update(mark, aspect="action", reason=f"its action is no longer in the scene (v{mark.from_version} -> "
                  f"v{scene.version}); delete the shot or give it new action")
