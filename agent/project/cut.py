"""Timeline repository: the ordered clips of the cut (shots held for a duration, title and credit cards)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Scene, Shot, TimelineClip
from agent.project.shots import ShotCard, add_cards, check_cards
from agent.project.views import active_scenes, scene_by_number, shot_by_number, shots_of_scene

__all__ = [
    "TRANSITIONS",
    "Transition",
    "Assembly",
    "Breakdown",
    "add_shot_to_timeline",
    "assemble",
    "assemble_scene_order",
    "add_card",
    "set_transition",
    "timeline_clips",
]

Transition = Literal["cut", "crossfade", "fade-in", "fade-out"]
TRANSITIONS: tuple[str, ...] = get_args(Transition)


def _check_transition(transition: str) -> None:
    if transition not in TRANSITIONS:
        raise InvalidInputError(f"unknown transition {transition!r}; use one of {', '.join(TRANSITIONS)}")


def timeline_clips(project: Project) -> list[TimelineClip]:
    """Return the cut in order."""
    with project.read() as s:
        return list(s.scalars(select(TimelineClip).order_by(TimelineClip.position)))


def _next_position(session: Session) -> int:
    last = session.scalar(select(TimelineClip.position).order_by(TimelineClip.position.desc()).limit(1))
    return (last or 0) + 1


def add_shot_to_timeline(
    project: Project,
    scene_number: int,
    shot_number: int,
    *,
    actor: str,
    duration_s: float | None = None,
    transition: str = "cut",
) -> int:
    """Append a shot to the cut; return its position."""
    _check_transition(transition)
    summary = f"Added shot {shot_number} of scene {scene_number} to the timeline"
    with project.change(actor=actor, action="add_to_timeline", summary=summary) as ch:
        shot = shot_by_number(ch.session, scene_number, shot_number)
        position = _next_position(ch.session)
        ch.add(TimelineClip(position=position, shot_id=shot.id, kind="shot", transition=transition,
                            duration_s=duration_s or shot.duration_s))
        return position


@dataclass(frozen=True)
class Assembly:
    """What assembling the cut did: how many clips it laid, and which scenes it broke into shots first."""

    clips: int
    broken_down: tuple[int, ...] = ()


Breakdown = Callable[[Session, Scene], Sequence[ShotCard]]
"""The shots a scene with none gets before it is laid on the timeline (the standard coverage of its text)."""


def assemble_scene_order(project: Project, *, actor: str, scene_number: int | None = None) -> int:
    """Rebuild the cut from the shots in scene order (one scene, or the whole film); return the clip count."""
    return assemble(project, actor=actor, scene_number=scene_number).clips


def assemble(project: Project, *, actor: str, scene_number: int | None = None,
             breakdown: Breakdown | None = None) -> Assembly:
    """Rebuild the cut from the shots in scene order (one scene, or the whole film), as one change.

    A scene without shots is left out. When none of them has shots yet and ``breakdown`` is given, each is
    first broken into the shots it gives, in the same change (one undo takes back the shots and the cut): a
    first rough cut. Scenes broken down by hand are never added to.
    """
    label = f"scene {scene_number}" if scene_number else "the film"
    with project.change(actor=actor, action="assemble", summary=f"Assembled the cut of {label}") as ch:
        s = ch.session
        scenes = active_scenes(s)
        numbered = list(enumerate(scenes, start=1))
        if scene_number is not None:
            numbered = [(scene_number, scene_by_number(s, scene_number, scenes))]
        scenes = [scene for _, scene in numbered]
        broken: list[int] = []
        if breakdown is not None and not any(shots_of_scene(s, scene.id) for scene in scenes):
            for number, scene in numbered:
                cards = breakdown(s, scene)
                check_cards(cards)
                add_cards(ch, scene, cards)
                broken.append(number)
            s.flush()
        shots: list[Shot] = [shot for sc in scenes for shot in shots_of_scene(s, sc.id)]
        if not shots:
            raise InvalidInputError(f"{label} has no shots yet; break scenes into shots first")
        for clip in s.scalars(select(TimelineClip)):
            ch.delete(clip)
        for pos, shot in enumerate(shots, start=1):
            ch.add(TimelineClip(position=pos, shot_id=shot.id, kind="shot", duration_s=shot.duration_s))
        return Assembly(len(shots), tuple(broken))


def add_card(project: Project, text: str, *, actor: str, kind: str = "title", duration_s: float = 3.0) -> int:
    """Add a title card at the start or a credit card at the end of the cut."""
    if kind not in ("title", "credits"):
        raise InvalidInputError("a card is either 'title' or 'credits'")
    if not text.strip():
        raise InvalidInputError("a card needs text")
    with project.change(actor=actor, action="add_card", summary=f"Added a {kind} card") as ch:
        clips = list(ch.session.scalars(select(TimelineClip).order_by(TimelineClip.position)))
        if kind == "title":
            for clip in reversed(clips):
                ch.update(clip, position=clip.position + 1)
            position = 1
        else:
            position = _next_position(ch.session)
        ch.add(TimelineClip(position=position, kind=kind, text=text.strip()[:500], duration_s=duration_s))
        return position


def set_transition(project: Project, position: int, transition: str, *, actor: str) -> None:
    """Set the transition into the clip at ``position``."""
    _check_transition(transition)
    with project.change(actor=actor, action="set_transition", summary=f"Transition {transition} at {position}") as ch:
        clip = ch.session.scalar(select(TimelineClip).where(TimelineClip.position == position))
        if clip is None:
            count = len(list(ch.session.scalars(select(TimelineClip.id))))
            raise InvalidInputError(f"there is no clip {position}; the timeline has {count} clips")
        ch.update(clip, transition=transition)
