"""Writer tools for the story chain: genre and tone, the outline in acts, and scenes written from beats."""

from __future__ import annotations

import re
from typing import Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field
from sqlalchemy import select

from agent.project import outline, story
from agent.project.beat_sheet import draft_beats
from agent.project.blocks import PROTECTING_TAGS, preserve_kept
from agent.project.errors import InvalidInputError
from agent.project.outline import BeatSpec
from agent.project.schema import Character, Ideation, OutlineBeat, Scene
from agent.project.views import active_scenes, scene_by_number
from agent.tools.base import ToolContext, make_tool

__all__ = ["outline_tools", "beat_line"]

_UNDO = "Say 'undo' to revert."


class GenreToneArgs(BaseModel):
    genre: list[str] | None = Field(None, description="Genre tags, e.g. ['thriller', 'neo-noir']; empty list clears.")
    tone: list[str] | None = Field(None, description="Tone tags, e.g. ['bleak', 'wry']; empty list clears.")


class DraftOutlineArgs(BaseModel):
    acts: Literal[3, 5] = Field(description="How many acts: 3 (setup, confrontation, resolution) unless the person "
                                            "asks for 5.")


class MoveBeatArgs(BaseModel):
    beat_number: int = Field(description="The outline beat to move (1-based, story order).")
    to_position: int = Field(description="The number it should have afterwards.")


class FromBeatArgs(BaseModel):
    beat_number: int | None = Field(None, description="The beat by its number in the whole outline.")
    act: int | None = Field(None, description="The act whose beat to use, when the beat is named by its act.")
    beat_in_act: int | None = Field(None, description="Which beat of that act (1-based); default its first unwritten.")
    scene_number: int = Field(description="The scene to write: an existing one is rewritten from the beat; "
                                          "the number after the last scene adds a new one.")
    heading: str | None = Field(None, description="Scene heading for a new scene, e.g. 'EXT. PIER - DAWN'.")
    content: str | None = Field(
        None, description="The scene body in Fountain, written from the beat and the neighbouring scenes; "
        "default a short draft that stages the beat.")


def beat_line(number: int, beat: OutlineBeat, scenes: list[int] | None = None) -> str:
    """Return one beat as a line: number, act, title, text (and the scenes written from it)."""
    act = f"act {beat.act}, " if beat.act else ""
    written = f" [scenes {', '.join(map(str, scenes))}]" if scenes else ""
    return f"{number}. ({act}{beat.title}) {beat.description}{written}"


def _tags(values: list[str] | None) -> str | None:
    if values is None:
        return None
    return ", ".join(dict.fromkeys(" ".join(v.split()).lower() for v in values if v.strip()))


def _draft_body(beat: OutlineBeat) -> str:
    """Return a minimal scene body that stages the beat (the writer fills it in on the next pass)."""
    return beat.description.strip()


def _gist(content: str) -> str:
    """Return the first action sentence or two of a Fountain body (what happens), without its dialogue."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", content) if b.strip()]
    action = [b for b in blocks if not re.fullmatch(r"[A-Z][A-Z0-9 .'’()-]+(?:\n.*)?", b, re.S)
              and not b.startswith(("(", ">"))]
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(" ".join(action).split()))
    gist = " ".join(sentences[:2]).strip()
    return gist if len(gist) <= 240 else gist[:237].rsplit(" ", 1)[0] + "…"


def beats_from_scenes(scenes: list[tuple[str, str]], acts: int) -> list[BeatSpec]:
    """Return an outline of an existing screenplay: a beat per scene (its heading, what happens), split into acts.

    Three acts give the first and last quarter of the scenes to the setup and the resolution; five share
    them out evenly.

    Raises:
        InvalidInputError: ``acts`` is not 3 or 5.
    """
    if acts not in (3, 5):
        raise InvalidInputError(f"an outline has 3 or 5 acts, not {acts}")
    count = len(scenes)
    if acts == 3:
        edge = max(1, round(count / 4))
        act_of = [1 if i < edge else 3 if i >= count - edge and count > 2 else 2 for i in range(count)]
    else:
        act_of = [min(5, i * 5 // max(count, 1) + 1) for i in range(count)]
    return [BeatSpec(heading.title(), _gist(content) or heading, act)
            for (heading, content), act in zip(scenes, act_of, strict=True)]


def outline_tools(ctx: ToolContext) -> list[BaseTool]:  # noqa: C901 - the sum of small closures
    """Return the story-chain tools bound to one project."""
    from agent.tools.generation import confirm  # the one confirm every tool uses

    p, actor = ctx.project, "writer"

    def set_genre_tone(genre: list[str] | None = None, tone: list[str] | None = None) -> str:
        """Set genre tags (thriller, comedy, noir...) and/or tone tags (bleak, playful, wry...) in the ideation."""
        if genre is None and tone is None:
            return "Error: give genre tags, tone tags or both."
        idea = story.set_ideation(p, genre=_tags(genre), tone=_tags(tone), actor=actor)
        return f"Genre: {idea.genre or 'none'}. Tone: {idea.tone or 'none'}. {_UNDO}"

    def draft_outline(acts: Literal[3, 5]) -> str:
        """Build the outline from the logline, premise, genre and tone as a 3- or 5-act beat sheet.

        Replaces the current outline (asks first when there is one); scenes written from a beat whose
        text changes are marked stale.
        """
        with p.read() as s:
            idea = s.get(Ideation, 1)
            cast = list(s.scalars(select(Character.name)))
            existing = len(outline.beats_in_order(s))
            scenes = [(sc.heading, sc.content or "") for sc in active_scenes(s)]
        told = bool(idea and ((idea.logline or "").strip() or (idea.premise or "").strip()))
        if not told and scenes:  # no logline, but a screenplay: the outline says what the scenes already tell
            beats = beats_from_scenes(scenes, acts)
        else:
            beats = draft_beats(logline=idea.logline if idea else "", premise=idea.premise if idea else "",
                                genre=idea.genre if idea else "", tone=idea.tone if idea else "", acts=acts,
                                cast=cast)
        source = "the logline" if told or not scenes else "the screenplay's scenes"
        if existing and not confirm(f"This replaces the outline's {existing} beats with a {acts}-act outline "
                                    f"built from {source}. Replace it?"):
            return "Kept the outline as it was: nothing was replaced."
        stale = outline.replace_outline(p, beats, actor=actor)
        marked = f" {stale} scenes written from changed beats are marked stale." if stale else ""
        return f"Built a {acts}-act outline with {len(beats)} beats from {source}.{marked} {_UNDO}"

    def show_outline() -> str:
        """Show the outline: each beat with its act and the scenes written from it."""
        with p.read() as s:
            beats = outline.beats_in_order(s)
            numbers = {sc.id: i for i, sc in enumerate(active_scenes(s), start=1)}
            written: dict[int, list[int]] = {}
            for sc in s.scalars(select(Scene).where(Scene.beat_id.is_not(None))):
                if sc.id in numbers and sc.beat_id is not None:
                    written.setdefault(sc.beat_id, []).append(numbers[sc.id])
        if not beats:
            return "There is no outline yet: write one, or build it from the logline."
        return "Outline:\n" + "\n".join(beat_line(i, b, sorted(written.get(b.id, [])))
                                        for i, b in enumerate(beats, start=1))

    def move_beat(beat_number: int, to_position: int) -> str:
        """Move an outline beat to another place in the outline (reorder the story)."""
        stale = outline.move_beat(p, beat_number, to_position, actor=actor)
        marked = f" {stale} scenes written from it are marked stale." if stale else ""
        return f"Moved beat {beat_number} to position {to_position}.{marked} {_UNDO}"

    def write_scene_from_beat(scene_number: int, beat_number: int | None = None, act: int | None = None,
                              beat_in_act: int | None = None, heading: str | None = None,
                              content: str | None = None) -> str:
        """Write a scene from an outline beat (named by its number or its act), linked to that beat.

        An existing scene is rewritten from the beat as a new version (a scene tagged keep or love asks
        first; blocks tagged keep or love stay word for word); otherwise a new scene is added.
        """
        with p.read() as s:
            number, beat = outline.find_beat(s, number=beat_number, act=act, beat_in_act=beat_in_act)
            scenes = active_scenes(s)
        count = len(scenes)
        target = scene_number
        if not 1 <= target <= count + 1:
            raise InvalidInputError(f"there is no scene {target}; write scene 1 to {count + 1}")
        previous = scenes[target - 2] if target >= 2 else None
        body = content if content and content.strip() else _draft_body(beat)
        if target <= count:
            return _rewrite_from_beat(target, number, beat, body)
        place = previous.heading.split(" - ")[0] if previous else "INT. SOMEWHERE"
        new_heading = heading or f"{place} - LATER"
        story.add_scene(p, heading=new_heading, content=body, after=target - 1, actor=actor, beat_id=beat.id)
        return f"Wrote scene {target} ({new_heading.strip().upper()}) from beat {number} ({beat.title}). {_UNDO}"

    def _rewrite_from_beat(target: int, number: int, beat: OutlineBeat, body: str) -> str:
        with p.read() as s:
            scene = scene_by_number(s, target)
            kept_scene = [t for t in scene.tags if t in PROTECTING_TAGS]
            body, restored = preserve_kept(scene.content, body, scene.block_tags)
        if kept_scene and not confirm(f"Scene {target} is tagged {' and '.join(kept_scene)}. Rewrite it from beat "
                                      f"{number} anyway? Blocks tagged keep or love stay word for word."):
            return f"Kept scene {target} as it is: nothing was rewritten."
        updated, changed = story.revise_scene(p, target, content=body, actor=actor, action="rewrite_scene",
                                              summary=f"Rewrote scene {target} from beat {number}",
                                              settles=True, beat_id=beat.id)
        if not changed:
            return f"Scene {target} already follows beat {number}; nothing changed."
        kept = f" {restored} kept block{'s' if restored != 1 else ''} stayed word for word." if restored else ""
        return f"Rewrote scene {target} from beat {number} ({beat.title}) as version {updated.version}.{kept} {_UNDO}"

    return [
        make_tool(set_genre_tone, name="set_genre_tone", args_schema=GenreToneArgs),
        make_tool(draft_outline, name="draft_outline", args_schema=DraftOutlineArgs, needs_approval=True),
        make_tool(show_outline, name="show_outline", args_schema=_NoArgs, read_only=True),
        make_tool(move_beat, name="move_beat", args_schema=MoveBeatArgs),
        make_tool(write_scene_from_beat, name="write_scene_from_beat", args_schema=FromBeatArgs,
                  needs_approval=True),
    ]


class _NoArgs(BaseModel):
    """No arguments."""

