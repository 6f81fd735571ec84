"""Outline repository: beats in acts, their order, and which scenes were written from which beat.

A beat change marks the scenes written from it stale (``deps``), so "the outline moved on" shows
up in the stale list and the snapshot like any other source change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.changes import ChangeContext
from agent.project.deps import mark_dependents
from agent.project.errors import InvalidInputError, NotFoundError
from agent.project.project import Project
from agent.project.schema import OutlineBeat, Scene

__all__ = [
    "ACT_COUNTS",
    "MAX_BEATS",
    "BeatSpec",
    "beats_in_order",
    "beat_by_number",
    "find_beat",
    "spread_acts",
    "replace_outline",
    "move_beat",
]

ACT_COUNTS = (3, 5)
MAX_BEATS = 60
_MAX_BEAT_CHARS = 2_000


@dataclass(frozen=True)
class BeatSpec:
    """One beat to write: a short title, what happens, and its act (None: not in an act)."""

    title: str
    description: str
    act: int | None = None


def beats_in_order(session: Session) -> list[OutlineBeat]:
    """Return the outline's beats in story order."""
    return list(session.scalars(select(OutlineBeat).order_by(OutlineBeat.position, OutlineBeat.id)))


def beat_by_number(session: Session, number: int) -> OutlineBeat:
    """Return beat ``number`` (1-based, story order) or raise a NotFoundError that says the range."""
    beats = beats_in_order(session)
    if not beats:
        raise NotFoundError("the outline has no beats yet: write or draft one first")
    if not 1 <= number <= len(beats):
        raise NotFoundError(f"there is no beat {number}; the outline has beats 1 to {len(beats)}")
    return beats[number - 1]


def find_beat(session: Session, *, number: int | None = None, act: int | None = None,
              beat_in_act: int | None = None) -> tuple[int, OutlineBeat]:
    """Return (number, beat) for "beat 4", "act 2's beat" or "the second beat of act 2".

    Without ``beat_in_act`` an act gives its first beat no scene was written from yet (else its first).
    """
    beats = beats_in_order(session)
    if number is not None:
        return number, beat_by_number(session, number)
    if act is None:
        raise InvalidInputError("say which beat: its number, or its act")
    in_act = [(i, b) for i, b in enumerate(beats, start=1) if b.act == act]
    if not in_act:
        acts = sorted({b.act for b in beats if b.act is not None})
        have = f"acts {', '.join(map(str, acts))}" if acts else "no acts"
        raise NotFoundError(f"the outline has no act {act} (it has {have})")
    if beat_in_act is not None:
        if not 1 <= beat_in_act <= len(in_act):
            raise NotFoundError(f"act {act} has {len(in_act)} beats; pick one from 1 to {len(in_act)}")
        return in_act[beat_in_act - 1]
    written = set(session.scalars(select(Scene.beat_id).where(Scene.beat_id.is_not(None))))
    return next(((i, b) for i, b in in_act if b.id not in written), in_act[0])


def spread_acts(count: int, acts: int) -> list[int]:
    """Return the act of each of ``count`` beats spread over ``acts`` acts (3-act: a quarter, a half, a quarter)."""
    if acts not in ACT_COUNTS:
        raise InvalidInputError(f"an outline has 3 or 5 acts, not {acts}")
    weights = (1, 2, 1) if acts == 3 else (1, 1, 1, 1, 1)
    bounds, total, run = [], sum(weights), 0
    for w in weights:
        run += w
        bounds.append(run / total)
    return [next(a for a, b in enumerate(bounds, start=1) if (i + 0.5) / count <= b) for i in range(count)]


def _clean(spec: BeatSpec) -> BeatSpec:
    # Kept literally (only trimmed): a beat is the writer's text, like a scene's.
    description = spec.description.strip()
    if not description:
        raise InvalidInputError("an outline beat cannot be empty")
    if len(description) > _MAX_BEAT_CHARS:
        raise InvalidInputError(f"a beat is limited to {_MAX_BEAT_CHARS:,} characters")
    if "\x00" in description or "\x00" in spec.title:
        raise InvalidInputError("an outline beat contains a NUL byte")
    title = spec.title.strip() or " ".join(description.split(".")[0].split())[:80]
    if spec.act is not None and not 1 <= spec.act <= 5:
        raise InvalidInputError(f"act {spec.act} is out of range; acts run from 1 to 5")
    return BeatSpec(title[:200], description, spec.act)


def replace_outline(project: Project, beats: Sequence[BeatSpec], *, actor: str, acts: int | None = None) -> int:
    """Make the outline ``beats`` (in order); return how many scenes were marked stale.

    Beats are revised in place by position, so scenes written from beat 3 stay linked to beat 3 and are
    marked stale when its text changes; scenes of a beat that goes are unlinked and marked stale too.
    ``acts`` (3 or 5) spreads beats that have no act over that many acts.
    """
    if not beats:
        raise InvalidInputError("an outline needs at least one beat")
    if len(beats) > MAX_BEATS:
        raise InvalidInputError(f"an outline is limited to {MAX_BEATS} beats; this one has {len(beats)}")
    specs = [_clean(b) for b in beats]
    if acts is not None:
        spread = spread_acts(len(specs), acts)
        specs = [BeatSpec(b.title, b.description, b.act or spread[i]) for i, b in enumerate(specs)]
    stale = 0
    with project.change(actor=actor, action="set_outline", summary=f"Outline with {len(specs)} beats") as ch:
        old = beats_in_order(ch.session)
        for i, spec in enumerate(specs, start=1):
            if i <= len(old):
                beat, before = old[i - 1], old[i - 1].version
                if ch.update(beat, position=i, title=spec.title, description=spec.description, act=spec.act):
                    stale += mark_dependents(ch, beat, before, "text")
            else:
                ch.add(OutlineBeat(position=i, title=spec.title, description=spec.description, act=spec.act))
        for beat in old[len(specs):]:
            stale += _drop_beat(ch, beat)
        return stale


def _drop_beat(ch: ChangeContext, beat: OutlineBeat) -> int:
    """Delete a beat; the scenes written from it are marked stale first, then unlinked."""
    marked = mark_dependents(ch, beat, beat.version, "removed")
    for scene in ch.session.scalars(select(Scene).where(Scene.beat_id == beat.id)):
        ch.update(scene, beat_id=None, bump=False)
    ch.delete(beat)
    return marked


def move_beat(project: Project, number: int, to: int, *, actor: str) -> int:
    """Move beat ``number`` so that it becomes beat ``to``; return how many scenes were marked stale."""
    with project.change(actor=actor, action="move_beat", summary=f"Moved outline beat {number} to {to}") as ch:
        beats = beats_in_order(ch.session)
        beat = beat_by_number(ch.session, number)
        if not 1 <= to <= len(beats):
            raise InvalidInputError(f"cannot move to position {to}; the outline has {len(beats)} beats")
        if to == number:
            raise InvalidInputError(f"beat {number} is already beat {to}")
        order = [b for b in beats if b.id != beat.id]
        order.insert(to - 1, beat)
        before = beat.version
        for i, b in enumerate(order, start=1):
            if b.position != i:
                ch.update(b, position=i, bump=b.id == beat.id)
        return mark_dependents(ch, beat, before, f"place (beat {number} -> {to})")

