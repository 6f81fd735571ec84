"""Story repository: logline, outline beats and the screenplay's scenes (versioned, tagged, ordered)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import agent.project.blocks as blocks
from agent.project.changes import ChangeContext
from agent.project.deps import clear_stale, mark_dependents
from agent.project.errors import InvalidInputError
from agent.project.outline import BeatSpec, beats_in_order, replace_outline
from agent.project.project import Project
from agent.project.schema import (
    PHASES,
    AssetLink,
    HistoryEntry,
    Ideation,
    OutlineBeat,
    ProjectRow,
    Scene,
    ShootingScriptEntry,
    Shot,
    TimelineClip,
)
from agent.project.text import clean_line
from agent.project.views import active_scenes, scene_by_number, shots_of_scene

__all__ = [
    "MAX_SCENE_CHARS",
    "STANDARD_TAGS",
    "set_ideation",
    "set_outline",
    "add_scene",
    "update_scene",
    "revise_scene",
    "content_at_version",
    "tag_scene",
    "tag_block",
    "move_scene",
    "split_scene",
    "merge_scenes",
    "delete_scene",
    "set_phase",
    "validate_heading",
    "with_heading_parts",
]

MAX_SCENE_CHARS = 200_000
MAX_HEADING_CHARS = 300
STANDARD_TAGS = ("keep", "rewrite", "love", "hate")


def validate_heading(heading: str) -> str:
    """Return a cleaned scene heading (one clean line, see ``agent.project.text``) or raise InvalidInputError."""
    return clean_line(heading, what="a scene heading", max_chars=MAX_HEADING_CHARS)


_HEADING = re.compile(r"^(?P<setting>(?:INT\.?/EXT|EXT\.?/INT|I/E|INT|EXT|EST)\.?)\s+(?P<place>.+?)"
                      r"(?:\s+-\s+(?P<time>[^-]+?))?\s*$", re.I)
SETTINGS = {"INT": "INT.", "EXT": "EXT.", "INT/EXT": "INT./EXT."}


def with_heading_parts(heading: str, *, setting: str | None = None, time_of_day: str | None = None) -> str:
    """Return a heading with its interior/exterior and/or time of day replaced ("EXT. BRIDGE - NIGHT" -> "... - DAWN").

    A heading that does not read "INT. PLACE - TIME" is refused rather than guessed at.
    """
    match = _HEADING.match(heading.strip())
    if match is None:
        raise InvalidInputError(f"the heading {heading!r} is not of the form 'INT. PLACE - TIME'; rewrite it instead")
    where = match.group("setting").upper().rstrip(".")
    if setting is not None:
        key = setting.strip().upper().rstrip(".").replace(". /", "/").replace("./", "/")
        if key not in SETTINGS:
            raise InvalidInputError(f"unknown setting {setting!r}; use INT, EXT or INT/EXT")
        where = key
    when = match.group("time")
    if time_of_day is not None:
        when = clean_line(time_of_day, what="a time of day", max_chars=40).upper()
    prefix = SETTINGS.get(where, f"{where}.")
    return f"{prefix} {match.group('place').strip()}" + (f" - {when.strip()}" if when else "")


def _validate_content(content: str) -> str:
    if len(content) > MAX_SCENE_CHARS:
        raise InvalidInputError(f"a scene is limited to {MAX_SCENE_CHARS:,} characters; this one has {len(content):,}")
    if "\x00" in content:
        raise InvalidInputError("scene text contains a NUL byte")
    return content.strip("\n")


def set_phase(ctx: ChangeContext, phase: str) -> None:
    """Move the project to a phase (story, design, shooting, generate)."""
    if phase not in PHASES:
        raise InvalidInputError(f"unknown phase {phase!r}; phases are {', '.join(PHASES)}")
    row = ctx.session.get(ProjectRow, 1)
    assert row is not None
    ctx.update(row, phase=phase)


def set_ideation(
    project: Project,
    *,
    actor: str,
    logline: str | None = None,
    premise: str | None = None,
    genre: str | None = None,
    tone: str | None = None,
) -> Ideation:
    """Create or revise the logline, premise, genre and tone.

    A logline or premise that replaces an earlier one marks every scene's text stale (the story it
    was written for changed); setting one where there was none, or a new genre or tone, marks nothing.
    """
    fields: dict[str, Any] = {
        k: v.strip()
        for k, v in {"logline": logline, "premise": premise, "genre": genre, "tone": tone}.items()
        if v is not None
    }
    if "logline" in fields and not fields["logline"]:
        raise InvalidInputError("a logline cannot be empty")
    for key in ("genre", "tone"):
        if len(fields.get(key, "")) > 100:
            raise InvalidInputError(f"the {key} is limited to 100 characters")
    story_fields = [k for k in ("logline", "premise") if k in fields]
    action, summary = ("set_logline", "Revised the logline") if story_fields else ("set_ideation", "Set genre and tone")
    with project.change(actor=actor, action=action, summary=summary) as ch:
        idea = ch.session.get(Ideation, 1) or ch.add(Ideation(id=1))
        assert isinstance(idea, Ideation)
        before = idea.version
        replaced = [k for k in story_fields if getattr(idea, k) and getattr(idea, k) != fields[k]]
        if ch.update(idea, **fields) and replaced:
            mark_dependents(ch, idea, before, " and ".join(replaced))
        return idea


def set_outline(project: Project, beats: Sequence[tuple[str, str]], *, actor: str) -> list[OutlineBeat]:
    """Replace the outline with ``beats`` (title, description), in order (see ``outline.replace_outline``)."""
    replace_outline(project, [BeatSpec(title, description) for title, description in beats], actor=actor)
    with project.read() as s:
        return beats_in_order(s)


def _renumber(ctx: ChangeContext, scenes: Sequence[Scene]) -> None:
    """Give scenes of one branch positions 1..n in the given order (recorded where they move)."""
    for i, scene in enumerate(scenes, start=1):
        if scene.position != i:
            ctx.update(scene, position=i, bump=False)


def _branch_members(scenes: Sequence[Scene], branch_id: int | None) -> list[Scene]:
    return [s for s in scenes if s.branch_id == branch_id]


def add_scene(
    project: Project, *, heading: str, content: str, actor: str, after: int | None = None, beat_id: int | None = None
) -> int:
    """Insert a scene after scene ``after`` (default: at the end); return its number.

    ``beat_id`` links it to the outline beat it is written from.
    """
    heading = validate_heading(heading)
    content = _validate_content(content)
    with project.change(actor=actor, action="add_scene", summary=f"Added scene: {heading}") as ch:
        scenes = active_scenes(ch.session)
        after = len(scenes) if after is None else after
        if after < 0 or after > len(scenes):
            raise InvalidInputError(f"cannot insert after scene {after}; the screenplay has {len(scenes)} scenes")
        branch_id = scenes[after - 1].branch_id if after >= 1 else (scenes[0].branch_id if scenes else None)
        scene = Scene(branch_id=branch_id, position=10**9, heading=heading, content=content, tags=[], beat_id=beat_id)
        ch.add(scene)
        order = scenes[:after] + [scene] + scenes[after:]
        _renumber(ch, _branch_members(order, branch_id))
        return after + 1


def update_scene(
    project: Project,
    number: int,
    *,
    actor: str,
    heading: str | None = None,
    content: str | None = None,
    expected_version: int | None = None,
    action: str = "update_scene",
    summary: str = "",
) -> Scene:
    """Revise a scene's heading and/or content as a new version; its shots are marked stale.

    Raises:
        ConflictError: ``expected_version`` is given and the scene has moved on since (nothing is written).
    """
    return revise_scene(project, number, actor=actor, heading=heading, content=content,
                        expected_version=expected_version, action=action, summary=summary)[0]


def revise_scene(
    project: Project,
    number: int,
    *,
    actor: str,
    heading: str | None = None,
    content: str | None = None,
    expected_version: int | None = None,
    action: str = "update_scene",
    summary: str = "",
    settles: bool = False,
    beat_id: int | None = None,
) -> tuple[Scene, bool]:
    """Do what ``update_scene`` does; also tell whether anything changed (a no-op makes no new version).

    Blocks tagged keep or love stay word for word (``blocks.preserve_kept``); other block tags go with
    their words. ``settles`` (a rewrite) also clears the scene's stale text marks and its rewrite/hate
    tags: the work they asked for is done. ``beat_id`` links the scene to the outline beat it follows.
    """
    fields: dict[str, Any] = {}
    if heading is not None:
        fields["heading"] = validate_heading(heading)
    if content is not None:
        fields["content"] = _validate_content(content)
    if not fields:
        raise InvalidInputError("nothing to change: give a new heading or new content")
    with project.change(actor=actor, action=action, summary=summary or f"Revised scene {number}") as ch:
        scene = scene_by_number(ch.session, number)
        before = scene.version
        if "content" in fields:
            fields["content"] = blocks.preserve_kept(scene.content, fields["content"], scene.block_tags)[0]
            fields["block_tags"] = blocks.prune(scene.block_tags, fields["content"])
        if settles:
            fields["tags"] = [t for t in scene.tags if t not in blocks.WORK_TAGS]
        if beat_id is not None:
            fields["beat_id"] = beat_id
        changed = ch.update(scene, expected_version=expected_version, **fields)
        if changed:
            mark_dependents(ch, scene, before, " and ".join(sorted(k for k in ("heading", "content") if k in fields)))
            if settles:
                clear_stale(ch, "scene", scene.id, ("text",))
        return scene, changed


def content_at_version(session: Session, scene_id: int, version: int) -> str | None:
    """Return the text a scene had at ``version`` (its latest time at that version), or None if unknown."""
    entry = session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.entity_type == "scene", HistoryEntry.entity_id == scene_id, HistoryEntry.version == version)
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    ).first()
    after = entry.after if entry is not None else None
    return str(after["content"]) if isinstance(after, dict) and "content" in after else None


def tag_scene(
    project: Project, number: int, *, actor: str, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> Scene:
    """Add and/or remove tags on a scene (keep, rewrite, love, hate, or free tags)."""
    clean_add = [clean_line(t, what="a tag", max_chars=40).lower() for t in add if t.strip()]
    with project.change(actor=actor, action="tag_scene", summary=f"Tagged scene {number}") as ch:
        scene = scene_by_number(ch.session, number)
        gone = {t.strip().lower() for t in remove}
        tags = [t for t in scene.tags if t not in gone]
        tags += [t for t in dict.fromkeys(clean_add) if t not in tags]
        ch.update(scene, tags=tags)
        return scene


def tag_block(
    project: Project,
    number: int,
    *,
    actor: str,
    block: int | None = None,
    quote: str | None = None,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> blocks.Block:
    """Add and/or remove tags on one block of a scene (by block number or words it contains); return it."""
    clean_add = [clean_line(t, what="a tag", max_chars=40).lower() for t in add if t.strip()]
    if not clean_add and not [t for t in remove if t.strip()]:
        raise InvalidInputError("give a tag to add or to remove")
    with project.change(actor=actor, action="tag_block", summary=f"Tagged a block of scene {number}") as ch:
        scene = scene_by_number(ch.session, number)
        text = blocks.find_block(scene.content, number=block, quote=quote)
        ch.update(scene, block_tags=blocks.retag(scene.block_tags, text, add=clean_add, remove=remove))
        return next(b for b in blocks.tagged_blocks(scene.content, scene.block_tags) if b.text == text)


def move_scene(project: Project, number: int, to: int, *, actor: str) -> None:
    """Move scene ``number`` so that it becomes scene ``to``."""
    with project.change(actor=actor, action="move_scene", summary=f"Moved scene {number} to {to}") as ch:
        scenes = active_scenes(ch.session)
        scene = scene_by_number(ch.session, number, scenes)
        if to < 1 or to > len(scenes):
            raise InvalidInputError(f"cannot move to position {to}; the screenplay has {len(scenes)} scenes")
        order = [s for s in scenes if s.id != scene.id]
        order.insert(to - 1, scene)
        if any(s.branch_id != scene.branch_id for s in order[min(number, to) - 1 : max(number, to)]):
            raise InvalidInputError("a scene cannot move across a branch boundary")
        _renumber(ch, _branch_members(order, scene.branch_id))


def split_scene(project: Project, number: int, *, at_line: int, heading: str, actor: str) -> int:
    """Split a scene before body line ``at_line`` (1-based); the second part gets ``heading``."""
    heading = validate_heading(heading)
    with project.change(actor=actor, action="split_scene", summary=f"Split scene {number}") as ch:
        scenes = active_scenes(ch.session)
        scene = scene_by_number(ch.session, number, scenes)
        lines = scene.content.split("\n")
        if at_line < 2 or at_line > len(lines):
            raise InvalidInputError(f"scene {number} has {len(lines)} lines; split at a line from 2 to {len(lines)}")
        first, second = "\n".join(lines[: at_line - 1]).strip("\n"), "\n".join(lines[at_line - 1 :]).strip("\n")
        before = scene.version
        ch.update(scene, content=first, block_tags=blocks.prune(scene.block_tags, first))
        mark_dependents(ch, scene, before, "content")
        new = Scene(branch_id=scene.branch_id, position=10**9, heading=heading, content=second, tags=list(scene.tags),
                    block_tags=blocks.prune(scene.block_tags, second), beat_id=scene.beat_id)
        ch.add(new)
        order = scenes[:number] + [new] + scenes[number:]
        _renumber(ch, _branch_members(order, scene.branch_id))
        return number + 1


def merge_scenes(project: Project, number: int, *, actor: str) -> Scene:
    """Merge scene ``number + 1`` into scene ``number`` (its shots move along, renumbered after)."""
    with project.change(actor=actor, action="merge_scenes", summary=f"Merged scenes {number} and {number + 1}") as ch:
        scenes = active_scenes(ch.session)
        first = scene_by_number(ch.session, number, scenes)
        second = scene_by_number(ch.session, number + 1, scenes)
        if first.branch_id != second.branch_id:
            raise InvalidInputError("scenes on different branches cannot be merged")
        before = first.version
        body = f"{first.content}\n\n{second.heading}\n\n{second.content}".strip("\n")
        ch.update(first, content=_validate_content(body), tags=sorted(set(first.tags) | set(second.tags)),
                  block_tags=[*first.block_tags, *second.block_tags])
        mark_dependents(ch, first, before, "content")
        offset = len(shots_of_scene(ch.session, first.id))
        for shot in shots_of_scene(ch.session, second.id):
            ch.update(shot, scene_id=first.id, number=shot.number + offset)
        for entry in ch.session.scalars(select(ShootingScriptEntry).where(ShootingScriptEntry.scene_id == second.id)):
            ch.update(entry, scene_id=first.id)
        ch.delete(second)
        _renumber(ch, _branch_members([s for s in scenes if s.id != second.id], first.branch_id))
        return first


def delete_scene(project: Project, number: int, *, actor: str) -> str:
    """Delete a scene with its shots, shooting-script entries and timeline clips; return its heading."""
    with project.change(actor=actor, action="delete_scene", summary=f"Deleted scene {number}") as ch:
        scenes = active_scenes(ch.session)
        scene = scene_by_number(ch.session, number, scenes)
        delete_scene_rows(ch, scene)
        _renumber(ch, _branch_members([s for s in scenes if s.id != scene.id], scene.branch_id))
        return scene.heading


def delete_scene_rows(ch: ChangeContext, scene: Scene) -> None:
    """Delete a scene and everything hanging off it, each row recorded."""
    s = ch.session
    for shot in shots_of_scene(s, scene.id):
        delete_shot_rows(ch, shot)
    for entry in s.scalars(select(ShootingScriptEntry).where(ShootingScriptEntry.scene_id == scene.id)):
        ch.delete(entry)
    delete_entity_links(ch, "scene", scene.id)
    ch.delete(scene)


def delete_entity_links(ch: ChangeContext, entity_type: str, entity_id: int) -> None:
    """Delete an entity's asset links and stale marks, each recorded.

    SQLite may hand a deleted row's id to the next new row, which would otherwise inherit them.
    """
    links = ch.session.scalars(
        select(AssetLink).where(AssetLink.entity_type == entity_type, AssetLink.entity_id == entity_id)
    )
    for link in list(links):
        ch.delete(link)
    clear_stale(ch, entity_type, entity_id)


def delete_shot_rows(ch: ChangeContext, shot: Shot) -> None:
    """Delete a shot with its timeline clips, asset links and stale marks, each row recorded."""
    s = ch.session
    for clip in s.scalars(select(TimelineClip).where(TimelineClip.shot_id == shot.id)):
        ch.delete(clip)
    for link in s.scalars(select(AssetLink).where(AssetLink.entity_type == "shot", AssetLink.entity_id == shot.id)):
        ch.delete(link)
    clear_stale(ch, "shot", shot.id)
    ch.delete(shot)
