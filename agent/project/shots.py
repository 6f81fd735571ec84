"""Shooting repository: shot cards with camera specs, and shooting-script entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from sqlalchemy import select

from agent.project.changes import ChangeContext
from agent.project.deps import clear_stale
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import SHOT_STATUSES, Scene, ShootingScriptEntry, Shot, TimelineClip
from agent.project.story import delete_shot_rows
from agent.project.views import (
    character_by_name,
    location_by_name,
    prop_by_name,
    scene_by_number,
    shot_by_number,
    shots_of_scene,
)

__all__ = [
    "ShotCard",
    "SHOT_TYPES",
    "ShotType",
    "Angle",
    "Movement",
    "ANGLES",
    "MOVEMENTS",
    "REFRAMES",
    "Reframe",
    "reframed",
    "replace_shots",
    "add_cards",
    "check_cards",
    "set_camera",
    "set_camera_of_scene",
    "set_shot_status",
    "delete_shot",
    "add_script_entry",
]

ShotType = Literal["extreme-wide", "wide", "medium", "close-up", "insert", "over-the-shoulder", "two-shot"]
Angle = Literal["eye-level", "high", "low", "overhead", "dutch"]
Movement = Literal["static", "pan-left", "pan-right", "tilt-up", "tilt-down", "dolly-in", "dolly-out", "zoom-in",
                   "zoom-out", "tracking", "handheld"]
SHOT_TYPES: tuple[str, ...] = get_args(ShotType)
ANGLES: tuple[str, ...] = get_args(Angle)
MOVEMENTS: tuple[str, ...] = get_args(Movement)
Reframe = Literal["wider", "tighter"]
REFRAMES: tuple[str, ...] = get_args(Reframe)
_SCALE = ("extreme-wide", "wide", "medium", "close-up", "insert")
"""Framings from widest to tightest; an over-the-shoulder or a two-shot is framed like a medium shot."""


def reframed(shot_type: str, step: str) -> str | None:
    """Return the framing one step wider or tighter than ``shot_type``, or None when none is (an insert is tightest)."""
    if step not in REFRAMES:
        raise InvalidInputError(f"unknown reframe {step!r}; use one of {', '.join(REFRAMES)}")
    at = _SCALE.index(shot_type) if shot_type in _SCALE else _SCALE.index("medium")
    to = at - 1 if step == "wider" else at + 1
    return _SCALE[to] if 0 <= to < len(_SCALE) else None


@dataclass
class ShotCard:
    """What a new shot should be (names resolved against the project when stored)."""

    description: str
    shot_type: str = "medium"
    angle: str = "eye-level"
    movement: str = "static"
    lens_mm: int = 35
    duration_s: float = 3.0
    characters: list[str] = field(default_factory=list)
    location: str | None = None
    props: list[str] = field(default_factory=list)
    source: str = ""
    """The words of the scene this card was drawn from (see ``Shot.source``); empty for a card made by hand."""


def _check_camera(shot_type: str | None, angle: str | None, movement: str | None, lens_mm: int | None) -> None:
    if shot_type is not None and shot_type not in SHOT_TYPES:
        raise InvalidInputError(f"unknown shot type {shot_type!r}; use one of {', '.join(SHOT_TYPES)}")
    if angle is not None and angle not in ANGLES:
        raise InvalidInputError(f"unknown angle {angle!r}; use one of {', '.join(ANGLES)}")
    if movement is not None and movement not in MOVEMENTS:
        raise InvalidInputError(f"unknown movement {movement!r}; use one of {', '.join(MOVEMENTS)}")
    if lens_mm is not None and not 8 <= lens_mm <= 800:
        raise InvalidInputError(f"a lens of {lens_mm}mm is out of range (8-800mm)")


def check_cards(cards: Sequence[ShotCard]) -> None:
    """Refuse a breakdown that could not be stored: no shots, too many, or a camera value or length out of range."""
    if not cards:
        raise InvalidInputError("a breakdown needs at least one shot")
    if len(cards) > 200:
        raise InvalidInputError("a scene is limited to 200 shots")
    for card in cards:
        _check_camera(card.shot_type, card.angle, card.movement, card.lens_mm)
        if not 0.2 <= card.duration_s <= 600:
            raise InvalidInputError(f"a shot of {card.duration_s}s is out of range (0.2-600s)")


def replace_shots(project: Project, scene_number: int, cards: Sequence[ShotCard], *, actor: str) -> int:
    """Make ``cards`` the shots of a scene (old shots are removed); return how many were created."""
    check_cards(cards)
    summary = f"Broke scene {scene_number} into {len(cards)} shots"
    with project.change(actor=actor, action="break_scene", summary=summary) as ch:
        s = ch.session
        scene = scene_by_number(s, scene_number)
        for old in shots_of_scene(s, scene.id):
            delete_shot_rows(ch, old)
        s.flush()
        return add_cards(ch, scene, cards)


def add_cards(ch: ChangeContext, scene: Scene, cards: Sequence[ShotCard]) -> int:
    """Add ``cards`` as a scene's shots, numbered from 1, inside a change (the scene has none left); return how many."""
    s = ch.session
    for number, card in enumerate(cards, start=1):
        shot = Shot(
            scene_id=scene.id,
            number=number,
            description=card.description.strip()[:2000],
            shot_type=card.shot_type,
            angle=card.angle,
            movement=card.movement,
            lens_mm=card.lens_mm,
            duration_s=card.duration_s,
            location_id=location_by_name(s, card.location).id if card.location else None,
            status="draft",
            source=card.source[:4000],
        )
        shot.characters = [character_by_name(s, n) for n in dict.fromkeys(card.characters)]
        shot.props = [prop_by_name(s, n) for n in dict.fromkeys(card.props)]
        ch.add(shot)
    return len(cards)


def _camera_fields(shot_type: str | None, angle: str | None, movement: str | None, lens_mm: int | None,
                   description: str | None, duration_s: float | None, *, reframing: bool = False) -> dict[str, Any]:
    _check_camera(shot_type, angle, movement, lens_mm)
    if duration_s is not None and not 0.2 <= duration_s <= 600:
        raise InvalidInputError(f"a shot of {duration_s}s is out of range (0.2-600s)")
    fields: dict[str, Any] = {
        k: v
        for k, v in {
            "shot_type": shot_type, "angle": angle, "movement": movement, "lens_mm": lens_mm,
            "description": description, "duration_s": duration_s,
        }.items()
        if v is not None
    }
    if not fields and not reframing:
        raise InvalidInputError("nothing to change: give a shot type, angle, movement, lens or description")
    return fields


def _apply_camera(ch: ChangeContext, shot: Shot, fields: dict[str, Any]) -> None:
    was = shot.duration_s
    if ch.update(shot, **fields):
        clear_stale(ch, "shot", shot.id, ("card",))
    if "duration_s" in fields:
        _retime_clips(ch, shot.id, was, fields["duration_s"])


def set_camera(
    project: Project,
    scene_number: int,
    shot_number: int,
    *,
    actor: str,
    shot_type: str | None = None,
    angle: str | None = None,
    movement: str | None = None,
    lens_mm: int | None = None,
    description: str | None = None,
    duration_s: float | None = None,
    reframe: str | None = None,
) -> Shot:
    """Revise a shot's camera spec or description (its still, if any, goes stale).

    ``reframe`` ("wider" or "tighter") moves the framing one step from what it is now, instead of ``shot_type``.
    """
    if reframe is not None and shot_type is not None:
        raise InvalidInputError("give either a shot type or a reframe (wider, tighter), not both")
    if reframe is not None:
        reframed("medium", reframe)  # an unknown step is refused before anything is read
    fields = _camera_fields(shot_type, angle, movement, lens_mm, description, duration_s,
                            reframing=reframe is not None)
    summary = f"Set {_what(fields)} of shot {shot_number} in scene {scene_number}"
    with project.change(actor=actor, action="set_camera", summary=summary) as ch:
        shot = shot_by_number(ch.session, scene_number, shot_number)
        if reframe is not None:
            framing = reframed(shot.shot_type, reframe)
            if framing is None:
                raise InvalidInputError(f"shot {shot_number} of scene {scene_number} is already {shot.shot_type}: "
                                        f"it can't be framed any {reframe}")
            fields["shot_type"] = framing
        _apply_camera(ch, shot, fields)
        return shot


def set_camera_of_scene(
    project: Project,
    scene_number: int,
    *,
    actor: str,
    shot_type: str | None = None,
    angle: str | None = None,
    movement: str | None = None,
    lens_mm: int | None = None,
    duration_s: float | None = None,
    numbers: Sequence[int] | None = None,
    framing: str | None = None,
    reframe: str | None = None,
) -> int:
    """Give several shots of a scene the same camera setting or length, as one change; return how many shots.

    Every shot, unless ``numbers`` picks some (-1 is the last) or ``framing`` keeps only the shots framed so now
    ("all the close-ups"); both may be given.
    """
    if reframe is not None and shot_type is not None:
        raise InvalidInputError("give either a shot type or a reframe (wider, tighter), not both")
    if reframe is not None:
        reframed("medium", reframe)  # an unknown step is refused before anything is read
    fields = _camera_fields(shot_type, angle, movement, lens_mm, None, duration_s, reframing=reframe is not None)
    if framing is not None and framing not in SHOT_TYPES:
        raise InvalidInputError(f"unknown shot type {framing!r} to pick shots by; use one of {', '.join(SHOT_TYPES)}")
    if numbers is not None and not numbers:
        raise InvalidInputError("no shots given: name at least one shot number")
    summary = f"Set {_what(fields)} of {_which(numbers, framing)} in scene {scene_number}"
    with project.change(actor=actor, action="set_camera", summary=summary) as ch:
        scene = scene_by_number(ch.session, scene_number)
        shots = _picked(shots_of_scene(ch.session, scene.id), scene_number, numbers, framing)
        steps: dict[int, str | None] = {}
        if reframe is not None:  # each shot one step from its own framing; one already at the edge stays
            steps = {shot.id: reframed(shot.shot_type, reframe) for shot in shots}
            shots = [shot for shot in shots if steps[shot.id] is not None]
            if not shots:
                raise InvalidInputError(f"those shots of scene {scene_number} can't be framed any {reframe}")
        for shot in shots:
            _apply_camera(ch, shot, {**fields, "shot_type": steps[shot.id]} if reframe is not None else fields)
        return len(shots)


def _what(fields: dict[str, Any]) -> str:
    """Name what a shot change sets, as the history shows it ("length", "camera", "description")."""
    if set(fields) == {"duration_s"}:
        return "length"
    if set(fields) == {"description"}:
        return "description"
    return "camera"


def _which(numbers: Sequence[int] | None, framing: str | None) -> str:
    """Name the shots a scene-wide change picks ("every shot", "shots 2, 3", "every close-up")."""
    listed = f"shots {', '.join(map(str, numbers))}" if numbers else ""
    if framing:
        return f"the {framing} shots among {listed}" if listed else f"the {framing} shots"
    return listed or "every shot"


def _picked(shots: list[Shot], scene_number: int, numbers: Sequence[int] | None, framing: str | None) -> list[Shot]:
    """Return the shots a scene-wide change picks, in order; refuse a number the scene lacks, or an empty pick."""
    if not shots:
        raise InvalidInputError(f"scene {scene_number} has no shots yet; break it into shots first")
    if numbers is not None:
        count = len(shots)
        wanted = {count if n == -1 else n for n in numbers}
        missing = sorted(n for n in wanted if not 1 <= n <= count)
        if missing:
            raise InvalidInputError(f"scene {scene_number} has no shot{'s' if len(missing) > 1 else ''} "
                                    f"{', '.join(map(str, missing))} "
                                    f"(it has shots 1-{count})")
        shots = [s for s in shots if s.number in wanted]
    if framing is not None:
        shots = [s for s in shots if s.shot_type == framing]
        if not shots:
            raise InvalidInputError(f"no {framing} shots to change in scene {scene_number}")
    return shots


def _retime_clips(ch: ChangeContext, shot_id: int, was: float, now: float) -> None:
    """Let the cut follow a shot's new length (in the same change, so one undo restores both).

    A clip whose length differs from the shot's old length was trimmed on purpose in the cut and keeps it.
    """
    for clip in ch.session.scalars(select(TimelineClip).where(TimelineClip.shot_id == shot_id)):
        if abs(clip.duration_s - was) < 1e-6:
            ch.update(clip, duration_s=now)


def set_shot_status(project: Project, shot_id: int, status: str, *, actor: str) -> None:
    """Set a shot's generation status (draft, still_pending, still_approved, ...)."""
    if status not in SHOT_STATUSES:
        raise InvalidInputError(f"unknown shot status {status!r}")
    with project.change(actor=actor, action="set_shot_status", summary=f"Shot status {status}") as ch:
        shot = ch.session.get(Shot, shot_id)
        if shot is None:
            raise InvalidInputError(f"shot id {shot_id} does not exist")
        ch.update(shot, status=status)


def delete_shot(project: Project, scene_number: int, shot_number: int, *, actor: str) -> None:
    """Delete one shot; the later shots of the scene are renumbered."""
    summary = f"Deleted shot {shot_number} of scene {scene_number}"
    with project.change(actor=actor, action="delete_shot", summary=summary) as ch:
        shot = shot_by_number(ch.session, scene_number, shot_number)
        scene_id = shot.scene_id
        delete_shot_rows(ch, shot)
        for later in shots_of_scene(ch.session, scene_id):
            if later.number > shot_number:
                ch.update(later, number=later.number - 1)


def add_script_entry(project: Project, scene_number: int, text: str, *, actor: str) -> int:
    """Add a shooting-script note to a scene; return its position."""
    text = text.strip()
    if not text:
        raise InvalidInputError("a shooting-script entry cannot be empty")
    with project.change(
        actor=actor, action="add_script_entry", summary=f"Shooting note for scene {scene_number}"
    ) as ch:
        scene = scene_by_number(ch.session, scene_number)
        count = len(
            list(ch.session.scalars(select(ShootingScriptEntry.id).where(ShootingScriptEntry.scene_id == scene.id)))
        )
        ch.add(ShootingScriptEntry(scene_id=scene.id, position=count + 1, text=text[:5000]))
        return count + 1
