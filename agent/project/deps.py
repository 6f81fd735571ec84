"""The dependency graph: which things must be regenerated when a source changes, and why.

Edges (derived from the rows, so they never disagree with the project):
- scene -> its shots (the shot cards may no longer match the scene);
- character / location / prop -> the shots that use them (their stills), and the entity's own
  reference images;
- art direction -> every shot that has a still;
- a shot's still -> its video clip;
- the logline (ideation) -> every scene's text; an outline beat -> the scenes written from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.blocks import spoken_lines, words_of
from agent.project.changes import ChangeContext, entity_type_of
from agent.project.schema import (
    Asset,
    AssetLink,
    Base,
    Character,
    Ideation,
    Location,
    OutlineBeat,
    Prop,
    Scene,
    Shot,
    StaleMark,
    shot_characters,
    shot_props,
)

__all__ = ["StaleItem", "mark_dependents", "mark_reference_users", "mark_shots_stale", "mark_video_stale",
           "mark_voice_lines", "retire_rewritten_voice", "list_stale", "clear_stale", "stale_keys"]


@dataclass(frozen=True)
class StaleItem:
    """One thing to regenerate."""

    entity_type: str
    entity_id: int
    aspect: str
    reason: str


_MarkKey = tuple[str, int, str]
"""(entity type, entity id, aspect) of a stale mark."""


def _marks_from(session: Session, source: Any) -> dict[_MarkKey, StaleMark]:
    """Return the stale marks ``source`` already caused, by target and aspect (the oldest of any duplicates)."""
    rows = session.scalars(select(StaleMark).where(
        StaleMark.source_type == entity_type_of(source), StaleMark.source_id == source.id,
    ).order_by(StaleMark.id))
    found: dict[_MarkKey, StaleMark] = {}
    for mark in rows:
        found.setdefault((mark.entity_type, mark.entity_id, mark.aspect), mark)
    return found


def _mark(ctx: ChangeContext, target: tuple[str, int], aspect: str, source: Any, before: int, reason: str, *,
          known: dict[_MarkKey, StaleMark] | None = None) -> None:
    """Mark ``target`` stale because ``source`` changed, or move its mark from the same source along.

    ``known``: the source's marks read once for many targets (:func:`_marks_from`); kept up to date here.
    """
    if known is not None:
        existing = known.get((target[0], target[1], aspect))
    else:
        existing = ctx.session.scalar(
            select(StaleMark).where(
                StaleMark.entity_type == target[0],
                StaleMark.entity_id == target[1],
                StaleMark.aspect == aspect,
                StaleMark.source_type == entity_type_of(source),
                StaleMark.source_id == source.id,
            )
        )
    after = source.version
    if existing is not None:
        # Keep the oldest "from": the dependent was made from that version, whatever came between.
        ctx.update(existing, to_version=after, reason=reason.replace(f"v{before}", f"v{existing.from_version}"))
        return
    mark = StaleMark(
        entity_type=target[0],
        entity_id=target[1],
        aspect=aspect,
        source_type=entity_type_of(source),
        source_id=source.id,
        from_version=before,
        to_version=after,
        reason=reason,
    )
    ctx.add(mark)
    if known is not None:
        known[(target[0], target[1], aspect)] = mark


def _shots_with_still(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(AssetLink.entity_id).where(AssetLink.entity_type == "shot", AssetLink.role == "still").distinct()
        )
    )


def _has_refs(session: Session, entity_type: str, entity_id: int) -> bool:
    return (
        session.scalar(
            select(AssetLink.id).where(
                AssetLink.entity_type == entity_type,
                AssetLink.entity_id == entity_id,
                AssetLink.role.in_(("headshot", "reference")),
            )
        )
        is not None
    )


def _voice_targets(s: Session, scene: Scene, shot_ids: list[int], versions: str) -> list[tuple[tuple[str, int], str,
                                                                                          str]]:
    """Return the shots (or the scene) holding recorded lines the scene no longer has, with the lines as reason.

    A line stands while a dialogue block with the same speaker and words (case and punctuation aside) is in
    the scene; lines that did not change are not marked.
    """
    spoken = spoken_lines(scene.content)
    rows = s.execute(
        select(AssetLink.entity_type, AssetLink.entity_id, Asset.description)
        .join(Asset, Asset.id == AssetLink.asset_id)
        .where(AssetLink.role == "voice", AssetLink.status.in_(("approved", "pending")),
               ((AssetLink.entity_type == "shot") & AssetLink.entity_id.in_(shot_ids))
               | ((AssetLink.entity_type == "scene") & (AssetLink.entity_id == scene.id)))
        .order_by(AssetLink.id))
    gone: dict[tuple[str, int], list[str]] = {}
    for entity_type, entity_id, line in rows:
        if words_of(line) not in spoken:
            gone.setdefault((entity_type, entity_id), []).append(line if len(line) <= 60 else line[:57] + "...")
    return [(target, "voice", f"dialogue rewritten: the recorded line{'s' if len(lines) > 1 else ''} "
             f"{'; '.join(lines)} {'are' if len(lines) > 1 else 'is'} no longer in the scene {versions}")
            for target, lines in gone.items()]


def mark_dependents(ctx: ChangeContext, source: Base, before_version: int, what: str) -> int:
    """Mark everything that depends on ``source`` stale after it went from ``before_version``; return how many."""
    s = ctx.session
    after = source.version  # type: ignore[attr-defined]
    targets: list[tuple[tuple[str, int], str, str]] = []
    if isinstance(source, Scene):
        reason = f"scene {what} changed (v{before_version} -> v{after})"
        shots = list(s.scalars(select(Shot.id).where(Shot.scene_id == source.id)))
        targets += [(("shot", sid), "card", reason) for sid in shots]
        targets += _voice_targets(s, source, shots, f"(scene v{before_version} -> v{after})")
    elif isinstance(source, Character | Location | Prop):
        kind = entity_type_of(source)
        reason = f"{kind} {source.name} {what} changed (v{before_version} -> v{after})"
        if isinstance(source, Character):
            ids = s.scalars(select(shot_characters.c.shot_id).where(shot_characters.c.character_id == source.id))
        elif isinstance(source, Prop):
            ids = s.scalars(select(shot_props.c.shot_id).where(shot_props.c.prop_id == source.id))
        else:
            ids = s.scalars(select(Shot.id).where(Shot.location_id == source.id))
        with_still = set(_shots_with_still(s))
        targets += [(("shot", sid), "still", reason) for sid in ids if sid in with_still]
        if _has_refs(s, kind, source.id):
            targets.append(((kind, source.id), "reference", reason))
    elif isinstance(source, Ideation):
        reason = f"the {what} changed (v{before_version} -> v{after})"
        targets += [(("scene", sid), "text", reason) for sid in s.scalars(select(Scene.id))]
    elif isinstance(source, OutlineBeat):
        title = source.title or "untitled"
        reason = (f"its outline beat ({title}) was removed" if what == "removed"
                  else f"its outline beat ({title}) {what} changed (v{before_version} -> v{after})")
        targets += [(("scene", sid), "text", reason) for sid in s.scalars(select(Scene.id).where(
            Scene.beat_id == source.id))]
    else:  # art direction
        reason = f"art direction {what} changed (v{before_version} -> v{after})"
        targets += [(("shot", sid), "still", reason) for sid in _shots_with_still(s)]
    # One read of the marks this source made before, not one query per target (a scene has a dozen shots).
    known = _marks_from(s, source) if targets else None
    for target, aspect, why in targets:
        _mark(ctx, target, aspect, source, before_version, why, known=known)
    return len(targets)


def mark_voice_lines(ctx: ChangeContext, character: Character, before_version: int, what: str) -> int:
    """Mark stale every shot (or scene) holding a recorded line of ``character``, whose voice changed; return how many.

    A take is described "SPEAKER: speech", so the character's lines are found by their speaker; rejected and
    superseded takes are left alone (nothing plays them).
    """
    rows = ctx.session.execute(
        select(AssetLink.entity_type, AssetLink.entity_id, Asset.description)
        .join(Asset, Asset.id == AssetLink.asset_id)
        .where(AssetLink.role == "voice", AssetLink.status.in_(("approved", "pending")))
        .order_by(AssetLink.id))
    counts: dict[tuple[str, int], int] = {}
    for entity_type, entity_id, line in rows:
        if _speaker(line) == character.name.casefold():
            counts[(entity_type, entity_id)] = counts.get((entity_type, entity_id), 0) + 1
    versions = f"(v{before_version} -> v{character.version})"
    for target, n in counts.items():
        lines = "1 recorded line" if n == 1 else f"{n} recorded lines"
        _mark(ctx, target, "voice", character, before_version,
              f"voice of {character.name} changed: {what} {versions}; {lines} of theirs")
    return len(counts)


def _speaker(line: str) -> str:
    """Return who says a recorded take described "SPEAKER: speech", case-folded ("" when it names no one)."""
    head, sep, _ = line.partition(":")
    return head.strip().casefold() if sep else ""


def retire_rewritten_voice(ctx: ChangeContext, link: AssetLink) -> int:
    """After a new voice take of a scene is approved, retire the takes it replaces; return how many.

    Recorded lines a rewrite took out become ``superseded`` (the cut stops playing them) and the rewrite's
    voice marks of the scene clear: the scene's dialogue was recorded again. The same line recorded again (a
    changed voice) supersedes its old take where it stands, and clears that speaker's voice marks there.
    Lines the scene still has are otherwise left alone.
    """
    s = ctx.session
    scene_id = link.entity_id if link.entity_type == "scene" else s.scalar(
        select(Shot.scene_id).where(Shot.id == link.entity_id)) if link.entity_type == "shot" else None
    scene = s.get(Scene, scene_id) if scene_id is not None else None
    if scene is None:
        return 0
    targets = [("scene", scene.id), *(("shot", i) for i in s.scalars(select(Shot.id).where(Shot.scene_id == scene.id)))]
    marked = [t for t in targets if s.scalar(select(StaleMark.id).where(
        StaleMark.entity_type == t[0], StaleMark.entity_id == t[1], StaleMark.aspect == "voice",
        StaleMark.source_type != "character")) is not None]
    spoken = spoken_lines(scene.content)
    new_asset = s.get(Asset, link.asset_id)
    line = words_of(new_asset.description) if new_asset is not None else ""
    retired = 0
    for entity_type, entity_id in dict.fromkeys([*marked, (link.entity_type, link.entity_id)]):
        for old in s.scalars(select(AssetLink).where(
                AssetLink.entity_type == entity_type, AssetLink.entity_id == entity_id, AssetLink.role == "voice",
                AssetLink.status == "approved", AssetLink.id != link.id)):
            asset = s.get(Asset, old.asset_id)
            words = words_of(asset.description) if asset is not None else ""
            gone = (entity_type, entity_id) in marked and words not in spoken
            again = (entity_type, entity_id) == (link.entity_type, link.entity_id) and bool(line) and words == line
            if gone or again:
                ctx.update(old, status="superseded")
                retired += 1
    for entity_type, entity_id in marked:
        _clear_voice_marks(ctx, (entity_type, entity_id), rewritten=True)
    if new_asset is not None:
        _clear_voice_marks(ctx, (link.entity_type, link.entity_id), speaker=_speaker(new_asset.description))
    return retired


def _clear_voice_marks(ctx: ChangeContext, target: tuple[str, int], *, rewritten: bool = False,
                       speaker: str = "") -> None:
    """Clear a target's voice marks: those a rewrite made, or those a change of ``speaker``'s voice made."""
    for mark in list(ctx.session.scalars(select(StaleMark).where(
            StaleMark.entity_type == target[0], StaleMark.entity_id == target[1], StaleMark.aspect == "voice"))):
        if mark.source_type != "character":
            if rewritten:
                ctx.delete(mark)
            continue
        character = ctx.session.get(Character, mark.source_id)
        if speaker and character is not None and character.name.casefold() == speaker:
            ctx.delete(mark)


def mark_reference_users(ctx: ChangeContext, new_link: AssetLink, old_sha: str, label: str) -> int:
    """Mark stale every shot whose still was made with the reference image ``old_sha``, now replaced; return how many.

    A still records the reference images it was generated with (``parent_assets`` in its metadata); ``label``
    names whose image it was ("character MARA's headshot").
    """
    rows = ctx.session.execute(
        select(AssetLink.entity_id, Asset.meta).join(Asset, Asset.id == AssetLink.asset_id)
        .where(AssetLink.entity_type == "shot", AssetLink.role == "still",
               AssetLink.status.in_(("approved", "pending"))))
    users = sorted({shot_id for shot_id, meta in rows
                    if isinstance(meta, dict) and old_sha in (meta.get("parent_assets") or [])})
    for shot_id in users:
        _mark(ctx, ("shot", shot_id), "still", new_link, new_link.version - 1,
              f"{label} image it was made with was replaced")
    return len(users)


def mark_shots_stale(ctx: ChangeContext, shot_ids: list[int], source: Base, before: int, reason: str) -> int:
    """Mark these shots' stills stale because ``source`` (a costume, a look...) changed; return how many."""
    for sid in shot_ids:
        _mark(ctx, ("shot", sid), "still", source, before, reason)
    return len(shot_ids)


def mark_video_stale(ctx: ChangeContext, shot: Shot, still_link: AssetLink) -> bool:
    """Mark a shot's video stale because its still was replaced; return whether it had a video."""
    has_video = ctx.session.scalar(
        select(AssetLink.id).where(
            AssetLink.entity_type == "shot", AssetLink.entity_id == shot.id, AssetLink.role == "clip"
        )
    )
    if has_video is None:
        return False
    _mark(ctx, ("shot", shot.id), "video", still_link, still_link.version - 1, "the still it was made from changed")
    return True


def list_stale(session: Session) -> list[StaleItem]:
    """Return every stale item, oldest first."""
    rows = session.execute(select(StaleMark.entity_type, StaleMark.entity_id, StaleMark.aspect, StaleMark.reason)
                           .order_by(StaleMark.id))  # columns, not ORM rows: every overview lists them
    return [StaleItem(kind, entity_id, aspect, reason) for kind, entity_id, aspect, reason in rows]


def stale_keys(session: Session) -> set[tuple[str, int]]:
    """Return the (entity type, id) pairs that have at least one stale mark."""
    return {(t, i) for t, i in session.execute(select(StaleMark.entity_type, StaleMark.entity_id))}


def clear_stale(ctx: ChangeContext, entity_type: str, entity_id: int, aspects: tuple[str, ...] | None = None) -> int:
    """Remove stale marks of one entity (optionally only some aspects); return how many."""
    stmt = select(StaleMark).where(StaleMark.entity_type == entity_type, StaleMark.entity_id == entity_id)
    if aspects is not None:
        stmt = stmt.where(StaleMark.aspect.in_(aspects))
    marks = list(ctx.session.scalars(stmt))
    for mark in marks:
        ctx.delete(mark)
    return len(marks)
