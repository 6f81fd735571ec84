"""The command line's door to a project (``Session.commands``): the reads and writes of its one-shot commands.

Each method is one command's work on the store (``agent.project``): a write goes through the repository
function an agent's tool calls, so it is recorded in the history with its actor (``user``), undoable and marks
the same things stale; bad input raises before anything is written. Printing stays in ``agent/cli*.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from agent.assets import AssetStoreError
from agent.config import Settings
from agent.exports import export_project
from agent.formats.errors import ExportError, FountainError
from agent.media.timeline import RenderError
from agent.project import InvalidInputError, Project, ProjectError, history, impact, library, open_bundle, story
from agent.project.asset_search import LookQuery, asset_items, find_assets, parse_look
from agent.project.beat_sheet import draft_beats
from agent.project.blocks import tagged_blocks
from agent.project.deps import stale_keys
from agent.project.details import note_shot, set_location_details, set_reference_side, tag_shot
from agent.project.doctor import DEFAULT_GRACE_S, DoctorReport, doctor
from agent.project.impact import Impact
from agent.project.looks import add_look, apply_look
from agent.project.music import set_music
from agent.project.outline import beats_in_order, move_beat, replace_outline
from agent.project.own_still import use_own_still
from agent.project.schema import Character, Ideation
from agent.project.shots import SHOT_TYPES
from agent.project.stale_view import stale_lines
from agent.project.views import character_by_name, location_by_name, scene_by_number
from agent.project.voices import set_voice
from agent.project.wardrobe import KEEP, add_costume, link_costume, revise_costume

__all__ = ["COMMAND_ERRORS", "DEFAULT_GRACE_S", "SHOT_TYPES", "Impact", "Outline", "ProjectCommands",
           "open_bundle_into", "parse_look", "stale_lines"]

COMMAND_ERRORS: tuple[type[BaseException], ...] = (
    ProjectError, FountainError, ExportError, RenderError, OSError, SQLAlchemyError, ValidationError, AssetStoreError,
)
"""The failures a command reports as one line (bad input, a refused change, a broken file or store)."""

ACTOR = "user"
"""Who the history says made a command's changes."""

Confirm = Callable[[Impact], None]
"""Called with a step's impact before it is taken; raises to refuse it (the command line's ``--yes``)."""


@dataclass(frozen=True)
class Outline:
    """What ``reelsmith outline`` asks for (each None: leave it)."""

    logline: str | None = None
    genre: str | None = None
    tone: str | None = None
    acts: int | None = None
    replace: bool = False
    move: tuple[int, int] | None = None


def open_bundle_into(bundle: Path, target: Path, *, settings: Settings) -> str:
    """Unpack a project bundle into ``target`` (new or empty) and return the project's name."""
    with open_bundle(bundle, target, max_bytes=settings.max_bundle_bytes,
                     database_url=settings.database_url) as project:
        return project.name()


class ProjectCommands:
    """The command line's reads and writes on one open project."""

    def __init__(self, project: Project, settings: Settings) -> None:
        self.project = project
        self.settings = settings

    # -- reading -------------------------------------------------------------------------------

    def scene(self, number: int) -> dict[str, Any]:
        """Return one scene with its versions and the diffs between them (``reelsmith show``)."""
        with self.project.read() as s:
            scene = scene_by_number(s, number)
            seen: dict[int, dict[str, Any]] = {}
            for version, change_id, summary in history.entity_versions(s, "scene", scene.id):
                seen.setdefault(version, {"version": version, "change": change_id, "summary": summary})
            ordered = [seen[v] for v in sorted(seen)]
            diffs = [
                {"from": a["version"], "to": b["version"],
                 "diff": history.diff_versions(s, "scene", scene.id, a["version"], b["version"])}
                for a, b in zip(ordered, ordered[1:], strict=False)
            ]
            return {
                "number": number, "heading": scene.heading, "label": scene.label, "content": scene.content,
                "version": scene.version, "tags": list(scene.tags), "stale": ("scene", scene.id) in stale_keys(s),
                "block_tags": [{"block": b.number, "kind": b.kind, "text": b.text, "tags": list(b.tags)}
                               for b in tagged_blocks(scene.content, scene.block_tags) if b.tags],
                "versions": ordered, "diffs": diffs,
            }

    def character_voice(self, name: str) -> dict[str, Any]:
        """Return a character's voice profile and provider voice id."""
        with self.project.read() as s:
            c = character_by_name(s, name)
            return {"name": c.name, "voice": c.voice, "voice_id": c.voice_id}

    def location_details(self, name: str) -> tuple[str, str, list[str]]:
        """Return a location's name, setting and tags."""
        with self.project.read() as s:
            place = location_by_name(s, name)
            return place.name, place.setting, list(place.tags)

    def spoken(self, words: str, *, limit: int) -> list[dict[str, Any]]:
        """Return the assets whose stored transcript says ``words``."""
        from agent.project.transcripts import find_spoken  # deferred like the other transcript code

        with self.project.read() as s:
            return find_spoken(s, words, limit=limit)

    def transcribe(self, asset_id: int | None, *, again: bool) -> dict[str, Any]:
        """Transcribe an audio or video asset (None: the newest upload) and keep the transcript with it."""
        from agent.generators.transcribe import transcriber_for  # deferred: provider clients load on use
        from agent.tools.captions import transcribe

        return transcribe(self.project, transcriber_for(self.settings), asset_id, again=again)

    def captions(self, asset_id: int | None, fmt: str) -> str:
        """Return captions as SRT or WebVTT text: the cut's dialogue (None) or one asset's transcript."""
        from agent.exports.subtitles import asset_captions, project_srt, project_vtt  # deferred: timeline code

        if asset_id is None:
            return (project_vtt if fmt == "vtt" else project_srt)(self.project)
        return asset_captions(self.project, asset_id, fmt)

    def compose(self, description: str, seconds: int | None, *, max_cost_usd: float) -> dict[str, Any]:
        """Generate a music track and make it the film's music; return what was made."""
        from agent.tools.base import ToolContext  # deferred: the generators load on use
        from agent.tools.music import compose_now

        ctx = ToolContext(project=self.project, settings=self.settings)
        try:
            return compose_now(ctx, description, seconds, actor=ACTOR, max_cost_usd=max_cost_usd)
        finally:
            ctx.close()

    def assets(self, query: LookQuery, *, limit: int) -> list[dict[str, Any]]:
        """Return every asset (an empty query) or those that fit ``query``."""
        with self.project.read() as s:
            return asset_items(s) if query.is_empty() else find_assets(s, query, limit=limit)

    # -- history -------------------------------------------------------------------------------

    def undo(self, steps: int, *, confirm: Confirm) -> list[str]:
        """Undo the latest ``steps`` changes (``confirm`` sees their impact first); return their summaries."""
        with self.project.read() as s:
            step = impact.of_changes(s, history.undoable(s, steps))
        confirm(step)
        return history.undo(self.project, steps=steps, actor=ACTOR, expect=step.change_ids)

    def redo(self, steps: int, *, confirm: Confirm) -> list[str]:
        """Bring back what the last ``steps`` undos took back (``confirm`` sees the impact first)."""
        with self.project.read() as s:
            step = impact.of_changes(s, history.redoable(s, steps), verb="redoes")
        confirm(step)
        return history.redo(self.project, steps=steps, actor=ACTOR, expect=step.change_ids)

    # -- files out, maintenance ------------------------------------------------------------------

    def export(self, fmt: str, out: Path, *, layout: str, paper: str) -> Path:
        """Write the project in ``fmt`` to ``out`` (a failed export leaves no file)."""
        return export_project(self.project, fmt, out, layout=layout, paper=paper)

    def render(self, out: Path, **options: Any) -> tuple[Any, Any]:
        """Render the cut (or an animatic) to ``out``; return the render result and the timeline rendered."""
        from agent.media.from_project import render_project  # deferred: the video stack loads only to render

        return render_project(self.project, out, **options)

    def reindex(self) -> tuple[int, int]:
        """Measure assets from before measurements were taken and rebuild the index; return (indexed, measured)."""
        from agent.index import open_project_index  # deferred: Chroma and the embedder load only to reindex
        from agent.index.from_project import index_entries  # deferred: Chroma loads only when the index is touched

        measured = library.fill_technical_metadata(self.project)
        entries = index_entries(self.project)
        return open_project_index(self.project, self.settings).rebuild(entries), measured

    def doctor(self, *, grace_s: float, repair: bool) -> DoctorReport:
        """Check the project; with ``repair`` remove orphan and temp files older than ``grace_s``."""
        return doctor(self.project, grace_s=grace_s, repair=repair)

    # -- story -------------------------------------------------------------------------------------

    def outline(self, wanted: Outline) -> list[str]:
        """Set the ideation, build the outline from the logline and/or move a beat; return what was done.

        Every option is checked before anything is written, so a failing command changes nothing.
        """
        beats = self._plan_outline(wanted)
        done: list[str] = []
        if wanted.logline is not None or wanted.genre is not None or wanted.tone is not None:
            story.set_ideation(self.project, logline=wanted.logline, genre=wanted.genre, tone=wanted.tone, actor=ACTOR)
            done.append("Set the ideation.")
        if beats is not None:
            stale = replace_outline(self.project, beats, actor=ACTOR)
            done.append(f"Built a {wanted.acts}-act outline with {len(beats)} beats."
                        + (f" {stale} scenes marked stale." if stale else ""))
        if wanted.move is not None:
            first, to = wanted.move
            stale = move_beat(self.project, first, to, actor=ACTOR)
            done.append(f"Moved beat {first} to {to}." + (f" {stale} scenes marked stale." if stale else ""))
        return done

    def _plan_outline(self, wanted: Outline) -> list[Any] | None:
        """Check every option of ``outline``; return the new beats when it builds one."""
        with self.project.read() as s:
            idea = s.get(Ideation, 1)
            cast = list(s.scalars(select(Character.name)))
            existing = len(beats_in_order(s))
        beats = None
        if wanted.acts is not None:
            if existing and not wanted.replace:
                raise InvalidInputError(f"the outline already has {existing} beats; add --replace to rebuild it")
            beats = draft_beats(logline=_pick(wanted.logline, idea.logline if idea else ""),
                                premise=idea.premise if idea else "",
                                genre=_pick(wanted.genre, idea.genre if idea else ""),
                                tone=_pick(wanted.tone, idea.tone if idea else ""), acts=wanted.acts, cast=cast)
        if wanted.move is not None:
            count = len(beats) if beats is not None else existing
            if not all(1 <= n <= count for n in wanted.move) or wanted.move[0] == wanted.move[1]:
                raise InvalidInputError(
                    f"cannot move beat {wanted.move[0]} to {wanted.move[1]}; the outline has {count} beats")
        if wanted.logline is not None and not wanted.logline.strip():
            raise InvalidInputError("a logline cannot be empty")
        return beats

    def tag(self, scene: int, *, block: int | None, quote: str | None, add: list[str],
            remove: list[str]) -> dict[str, Any]:
        """Tag a scene, or one of its blocks (by number or a few of its words); return the tags it has now."""
        if block is None and quote is None:
            tagged = story.tag_scene(self.project, scene, add=add, remove=remove, actor=ACTOR)
            return {"scene": scene, "tags": list(tagged.tags)}
        found = story.tag_block(self.project, scene, block=block, quote=quote, add=add, remove=remove, actor=ACTOR)
        return {"scene": scene, "block": found.number, "kind": found.kind, "text": found.text, "tags": list(found.tags)}

    # -- production details ----------------------------------------------------------------------

    def use_own_still(self, scene: int, shot: int, *, data: bytes | None, asset_id: int | None,
                      filename: str) -> Any:
        """Make an image (bytes, or a stored asset) the approved still of a shot."""
        return use_own_still(self.project, scene, shot, data=data, asset_id=asset_id, actor=ACTOR, filename=filename)

    def set_voice(self, name: str, *, profile: str | None, voice_id: str | None) -> dict[str, Any]:
        """Set a character's voice profile and/or provider voice id; return them."""
        done = set_voice(self.project, name, profile=profile, voice_id=voice_id, actor=ACTOR)
        return {"name": done.character, "voice": done.profile, "voice_id": done.voice_id,
                "stale_voice_lines": done.stale}

    def add_costume(self, name: str | None, text: str, *, character: str | None, scenes: list[int]) -> str:
        """Add a costume; return its name."""
        return add_costume(self.project, name, text, character=character, scenes=scenes, actor=ACTOR)

    def revise_costume(self, name: str, text: str) -> tuple[str, int]:
        """Revise a costume; return its name and how many stills went stale."""
        return revise_costume(self.project, name, text, actor=ACTOR)

    def link_costume(self, name: str, *, character: str | None, scenes: list[int] | None) -> str:
        """Link a costume to its wearer (None: keep who wears it) and scenes (None: keep them)."""
        return link_costume(self.project, name, character=character if character else KEEP, scenes=scenes,
                            actor=ACTOR)

    def add_look(self, name: str, *, shot_type: str | None, lens_mm: int | None, lighting: str,
                 references: list[str]) -> str:
        """Add a cinematography look; return its name."""
        return add_look(self.project, name, shot_type=shot_type, lens_mm=lens_mm, lighting=lighting,
                        references=references, actor=ACTOR)

    def apply_look(self, name: str, scene: int, shot: int | None) -> tuple[str, int]:
        """Apply a look to a shot (or every shot of a scene); return its name and the shots it reached."""
        return apply_look(self.project, name, scene, shot, actor=ACTOR)

    def note_shot(self, scene: int, shot: int, *, note: str | None, tags: list[str], untags: list[str]) -> None:
        """Add a note and tags to a shot and take ``untags`` off it."""
        if note is not None:
            note_shot(self.project, scene, shot, note, actor=ACTOR)
        if tags:
            tag_shot(self.project, scene, shot, tags, actor=ACTOR)
        if untags:
            tag_shot(self.project, scene, shot, untags, remove=True, actor=ACTOR)

    def set_place(self, name: str, *, setting: str | None, tags: list[str],
                  sides: list[tuple[int, str]]) -> tuple[str, str, list[str]]:
        """Mark references as inside/outside views and set a location's setting/tags; return name, setting, tags."""
        for asset_id, side in sides:
            set_reference_side(self.project, name, asset_id, side, actor=ACTOR)
        if setting is not None or tags:
            return set_location_details(self.project, name, setting=setting, tags=tags, actor=ACTOR)
        return self.location_details(name)

    def set_music(self, data: bytes, filename: str) -> None:
        """Put an audio file on the music track."""
        set_music(self.project, data, filename, actor=ACTOR)


def _pick(new: str | None, old: str) -> str:
    return new if new is not None else old
