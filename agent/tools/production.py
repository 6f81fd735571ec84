"""Production-detail tools: a shot's own image, voices, costumes, looks, shot notes, places, music.

They sit beside the specialists' own tools (``build_toolsets`` adds them) and only translate between the
model and the project's repository functions, which record every change for undo.
"""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project.details import note_shot, set_location_details, tag_shot
from agent.project.errors import NotFoundError
from agent.project.looks import add_look, apply_look
from agent.project.music import latest_audio, set_music
from agent.project.own_still import latest_image, use_own_still
from agent.project.project import Project
from agent.project.shots import ShotType
from agent.project.views import active_scenes, character_by_name, scene_by_number
from agent.project.voices import set_voice
from agent.project.wardrobe import KEEP, add_costume, link_costume, revise_costume, wearer_of
from agent.resolver import SceneInfo, present_in
from agent.tools.base import ToolContext, make_tool
from agent.tools.generation import index_port

__all__ = ["camera_production_tools", "design_production_tools", "edit_production_tools"]

_UNDO = "Say 'undo' to revert."


class OwnStillArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene (-1 for the last shot).")
    asset_id: int | None = Field(None, description="The uploaded image to use (an asset id); leave out for the "
                                 "image uploaded last.")


class VoiceArgs(BaseModel):
    name: str = Field(description="The character whose voice this is (must be in the cast).")
    voice: str | None = Field(None, description="How they sound, in a few words: pitch, pace, texture, accent "
                              "(e.g. 'low and dry', 'fast, bright, Scottish').")
    voice_id: str | None = Field(None, description="A provider voice id (ElevenLabs) to speak their lines, if given; "
                                 "an empty string clears it.")


class CostumeArgs(BaseModel):
    description: str = Field(description="What the costume looks like: garments, colours, wear and tear.")
    character: str | None = Field(None, description="Who wears it (a cast name).")
    scene_numbers: list[int] | None = Field(None, description="The scenes it is worn in; leave out for every scene "
                                            "of its wearer.")
    costume_name: str | None = Field(None, description="A short name; leave out to name it from the description.")


class ReviseCostumeArgs(BaseModel):
    costume: str = Field(description="Which costume: its name, a word of it ('the raincoat') or its wearer's name.")
    description: str = Field(description="What the costume looks like now.")


class LinkCostumeArgs(BaseModel):
    costume: str = Field(description="Which costume: its name, a word of it ('the raincoat') or its wearer's name.")
    character: str | None = Field(None, description="Who wears it now (a cast name), if that changes.")
    scene_numbers: list[int] | None = Field(None, description="The scenes it is worn in now, if that changes.")


class LookArgs(BaseModel):
    look_name: str | None = Field(None, description="The look's name (e.g. 'sodium noir'); leave out to name it "
                                  "from its lighting.")
    shot_type: ShotType | None = Field(None, description="The framing shots with this look take, if it sets one.")
    lens_mm: int | None = Field(None, description="The lens shots with this look take, in mm, if it sets one.")
    lighting: str | None = Field(None, description="The lighting style, e.g. 'hard sodium top light, deep shadows'.")
    references: list[str] | None = Field(None, description="Films, photographers or paintings the look is after.")


class ApplyLookArgs(BaseModel):
    look_name: str = Field(description="Which look (its name, or a word of it).")
    scene_number: int = Field(description="Scene of the shot(s).")
    shot_number: int | None = Field(None, description="The shot (-1 for the last); leave out with every_shot.")
    every_shot: bool = Field(False, description="True to give every shot of the scene this look.")


class ShotNoteArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene (-1 for the last shot).")
    note: str = Field(description="The note for this shot: a reminder, a need, a problem.")


class ShotTagArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene (-1 for the last shot).")
    tags: list[str] = Field(description="Tags, one word each (e.g. 'pickup', 'vfx', 'hero').")
    remove: bool = Field(False, description="True to take these tags off instead.")


class PlaceArgs(BaseModel):
    name: str = Field(description="The location (must be one of the locations).")
    setting: Literal["interior", "exterior", "both"] | None = Field(None, description="Whether it is an interior, "
                                                                    "an exterior or both.")
    tags: list[str] | None = Field(None, description="Tags to add, one word each (e.g. 'practical', 'night-shoot').")


class MusicArgs(BaseModel):
    asset_id: int | None = Field(None, description="The uploaded audio to use (an asset id); leave out for the "
                                 "audio uploaded last.")


def camera_production_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the cinematographer's production-detail tools bound to one project."""
    p, actor = ctx.project, "cinematographer"

    def use_image_for_shot(scene_number: int, shot_number: int, asset_id: int | None = None) -> str:
        """Use the film-maker's own uploaded image as a shot's still instead of a generated one.

        It is approved at once; the old still stays in the library and the shot's clip goes stale.
        """
        chosen = asset_id if asset_id is not None else latest_image(p)
        done = use_own_still(p, scene_number, shot_number, asset_id=chosen, actor=actor)
        index_port(ctx).refresh([done.asset])
        kept = f"; the still it replaced (asset {done.replaced}) stays in the library" if done.replaced else ""
        return f"Shot {done.shot} now uses image asset {done.asset} as its approved still{kept}. {_UNDO}"

    def add_look_tool(look_name: str | None = None, shot_type: str | None = None, lens_mm: int | None = None,
                      lighting: str | None = None, references: list[str] | None = None) -> str:
        """Define a cinematography look (framing, lens, lighting style, references) that shots can then use."""
        name = add_look(p, look_name, shot_type=shot_type, lens_mm=lens_mm, lighting=lighting or "",
                        references=references or (), actor=actor)
        return f"Added look {name}; say which shots should use it. {_UNDO}"

    def apply_look_tool(look_name: str, scene_number: int, shot_number: int | None = None,
                        every_shot: bool = False) -> str:
        """Make a shot (or every shot of a scene) use a cinematography look: its framing, lens and lighting."""
        if shot_number is None and not every_shot:
            return "Error: say which shot (or every shot of the scene) should use the look"
        name, count = apply_look(p, look_name, scene_number, None if every_shot else shot_number, actor=actor)
        which = f"{count} shot{'s' if count != 1 else ''} of scene {scene_number}" if every_shot else \
            f"shot {shot_number} of scene {scene_number}"
        return f"Look {name} applied to {which}; stills already made for them are marked stale. {_UNDO}"

    def note_shot_tool(scene_number: int, shot_number: int, note: str) -> str:
        """Add a note to one shot (a reminder, a need, a problem); it shows on the shot's card."""
        note_shot(p, scene_number, shot_number, note, actor=actor)
        return f"Noted on shot {scene_number}.{shot_number}: {note.strip()}. {_UNDO}"

    def tag_shot_tool(scene_number: int, shot_number: int, tags: list[str], remove: bool = False) -> str:
        """Tag one shot (or take tags off it), e.g. 'pickup', 'vfx', 'hero'."""
        now = tag_shot(p, scene_number, shot_number, tags, remove=remove, actor=actor)
        return f"Shot {scene_number}.{shot_number} tags: {', '.join(now) or 'none'}. {_UNDO}"

    return [
        make_tool(note_shot_tool, name="note_shot", args_schema=ShotNoteArgs),
        make_tool(tag_shot_tool, name="tag_shot", args_schema=ShotTagArgs),
        make_tool(use_image_for_shot, name="use_image_for_shot", args_schema=OwnStillArgs),
        make_tool(add_look_tool, name="add_look", args_schema=LookArgs),
        make_tool(apply_look_tool, name="apply_look", args_schema=ApplyLookArgs),
    ]


def design_production_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the designer's production-detail tools bound to one project."""
    p, actor = ctx.project, "designer"

    def set_character_voice(name: str, voice: str | None = None, voice_id: str | None = None) -> str:
        """Set how a character's voice sounds (a voice profile) and/or the provider voice id that speaks them."""
        done = set_voice(p, name, profile=voice, voice_id=voice_id, actor=actor)
        said = [f"sounds {done.profile}"] if voice is not None else []
        if voice_id is not None:
            provider = "ElevenLabs" if ctx.settings.elevenlabs_api_key else "ElevenLabs (once a key is set)"
            said.append(f"is spoken by {provider} voice {done.voice_id}" if done.voice_id else "is voiced by name")
        recorded = (f" {done.stale} shot{'s' if done.stale != 1 else ''} with their recorded lines "
                    f"marked stale (record the voice again to replace them)." if done.stale else "")
        return (f"{done.character} now {' and '.join(said)}; their lines use it the next time voices are "
                f"generated.{recorded} {_UNDO}")

    def add_costume_tool(description: str, character: str | None = None, scene_numbers: list[int] | None = None,
                         costume_name: str | None = None) -> str:
        """Add a costume (wardrobe) for a character, worn in every scene of theirs or only in the scenes given.

        It goes into the prompt of every still that shows them there.
        """
        scenes, absent = _worn_where(p, character, scene_numbers)
        name = add_costume(p, costume_name, description, character=character, scenes=scenes or (), actor=actor)
        plural = "s" if len(scenes or []) != 1 else ""
        where = f" in scene{plural} {_numbers(scenes)}" if scenes else ""
        return (f"Added costume {name}{' for ' + character.strip().upper() if character else ''}{where}."
                f"{absent} {_UNDO}")

    def revise_costume_tool(costume: str, description: str) -> str:
        """Change what a costume looks like (stills that show it go stale)."""
        name, stale = revise_costume(p, costume, description, actor=actor)
        return f"Revised costume {name}; {stale} still{'s' if stale != 1 else ''} marked stale. {_UNDO}"

    def link_costume_tool(costume: str, character: str | None = None, scene_numbers: list[int] | None = None) -> str:
        """Change who wears a costume and/or in which scenes (stills that show it go stale)."""
        scenes, absent = _worn_where(p, character, scene_numbers, costume=costume)
        name = link_costume(p, costume, character=character if character else KEEP, scenes=scenes, actor=actor)
        return f"Costume {name} is linked{' to ' + character.strip().upper() if character else ''}" + (
            f" in scenes {_numbers(scenes)}" if scenes else "") + f".{absent} {_UNDO}"

    def set_location_details_tool(name: str, setting: str | None = None, tags: list[str] | None = None) -> str:
        """Say whether a location is an interior or an exterior (which its reference images show) and tag it."""
        place, side, now = set_location_details(p, name, setting=setting, tags=tags, actor=actor)
        return (f"{place}: {side or 'setting not given'}; tags {', '.join(now) or 'none'}. {_UNDO}")

    return [
        make_tool(set_character_voice, name="set_character_voice", args_schema=VoiceArgs),
        make_tool(set_location_details_tool, name="set_location_details", args_schema=PlaceArgs),
        make_tool(add_costume_tool, name="add_costume", args_schema=CostumeArgs),
        make_tool(revise_costume_tool, name="revise_costume", args_schema=ReviseCostumeArgs),
        make_tool(link_costume_tool, name="link_costume", args_schema=LinkCostumeArgs),
    ]


def _worn_where(p: Project, character: str | None, numbers: list[int] | None,
                costume: str | None = None) -> tuple[list[int] | None, str]:
    """Return the scenes a costume is worn in, of those asked, and a note naming any its wearer is not in.

    The wearer is ``character``, else whoever wears ``costume`` now. A costume is only seen on its wearer, so "the
    night scenes" for Ida are the night scenes she is in. When she is in none of them, they are kept as asked (she
    may be written in later) and the note says so.
    """
    if not numbers or not (character or costume):
        return numbers, ""
    with p.read() as s:
        wearer = character or wearer_of(s, costume or "")
        if not wearer:
            return numbers, ""  # nobody wears it (yet), or the costume tool says it is unknown
        try:
            who = character_by_name(s, wearer).name
        except NotFoundError:
            return numbers, ""  # the costume tool says who is unknown
        active = active_scenes(s)
        if any(not 1 <= n <= len(active) for n in numbers):
            return numbers, ""  # a scene the film does not have: the costume tool refuses it, changing nothing
        scenes = {n: scene_by_number(s, n, active) for n in numbers}
        there = [n for n, sc in scenes.items() if present_in(who, SceneInfo(n, sc.heading, sc.content))]
    away = [n for n in numbers if n not in there]
    if not away:
        return numbers, ""
    if not there:
        return numbers, f" ({who} is not in scene{'s' if len(away) > 1 else ''} {_numbers(away)} yet.)"
    return there, f" ({who} is not in scene{'s' if len(away) > 1 else ''} {_numbers(away)}, so not there.)"


def _numbers(numbers: list[int] | None) -> str:
    return ", ".join(str(n) for n in numbers or [])


def edit_production_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the editor's production-detail tools bound to one project."""
    p, actor = ctx.project, "editor"

    def use_audio_as_music(asset_id: int | None = None) -> str:
        """Put an uploaded audio track on the timeline's music track: from the top, ducked under dialogue."""
        data, name = latest_audio(p, asset_id)
        asset = set_music(p, data, name, actor=actor)
        return f"{name} (asset {asset}) is now the film's music, ducked under dialogue in the render. {_UNDO}"

    return [make_tool(use_audio_as_music, name="use_audio_as_music", args_schema=MusicArgs)]
