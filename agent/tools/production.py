"""Production-detail tools: a shot's own image, voices, costumes, looks, shot notes, places, music.

They sit beside the specialists' own tools (``build_toolsets`` adds them) and only translate between the
model and the project's repository functions, which record every change for undo.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project.own_still import latest_image, use_own_still
from agent.project.voices import set_voice
from agent.project.wardrobe import KEEP, add_costume, link_costume, revise_costume
from agent.tools.base import ToolContext, make_tool
from agent.tools.generation import index_port

__all__ = ["camera_production_tools", "design_production_tools", "edit_production_tools"]

_UNDO = "Say 'undo' to revert."


class OwnStillArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene (-1 for the last shot).")
    asset_id: int | None = Field(None, description="The uploaded image to use (an asset id); leave out for the "
                                 "image uploaded last.")  # fmt: skip


class VoiceArgs(BaseModel):
    name: str = Field(description="The character whose voice this is (must be in the cast).")
    voice: str | None = Field(None, description="How they sound, in a few words: pitch, pace, texture, accent "
                              "(e.g. 'low and dry', 'fast, bright, Scottish').")  # fmt: skip
    voice_id: str | None = Field(None, description="A provider voice id (ElevenLabs) to speak their lines, if given; "
                                 "an empty string clears it.")  # fmt: skip


class CostumeArgs(BaseModel):
    description: str = Field(description="What the costume looks like: garments, colours, wear and tear.")
    character: str | None = Field(None, description="Who wears it (a cast name).")
    scene_numbers: list[int] | None = Field(None, description="The scenes it is worn in; leave out for every scene "
                                            "of its wearer.")  # fmt: skip
    costume_name: str | None = Field(None, description="A short name; leave out to name it from the description.")


class ReviseCostumeArgs(BaseModel):
    costume: str = Field(description="Which costume: its name, a word of it ('the raincoat') or its wearer's name.")
    description: str = Field(description="What the costume looks like now.")


class LinkCostumeArgs(BaseModel):
    costume: str = Field(description="Which costume: its name, a word of it ('the raincoat') or its wearer's name.")
    character: str | None = Field(None, description="Who wears it now (a cast name), if that changes.")
    scene_numbers: list[int] | None = Field(None, description="The scenes it is worn in now, if that changes.")


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

    return [make_tool(use_image_for_shot, name="use_image_for_shot", args_schema=OwnStillArgs)]


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
        return (f"{done.character} now {' and '.join(said)}; their lines use it the next time voices are "
                f"generated. {_UNDO}")  # fmt: skip

    def add_costume_tool(description: str, character: str | None = None, scene_numbers: list[int] | None = None,
                         costume_name: str | None = None) -> str:  # fmt: skip
        """Add a costume (wardrobe) for a character, worn in every scene of theirs or only in the scenes given.

        It goes into the prompt of every still that shows them there.
        """
        name = add_costume(p, costume_name, description, character=character, scenes=scene_numbers or (),
                           actor=actor)  # fmt: skip
        plural = "s" if len(scene_numbers or []) != 1 else ""
        where = f" in scene{plural} {_numbers(scene_numbers)}" if scene_numbers else ""
        return f"Added costume {name}{' for ' + character.strip().upper() if character else ''}{where}. {_UNDO}"

    def revise_costume_tool(costume: str, description: str) -> str:
        """Change what a costume looks like (stills that show it go stale)."""
        name, stale = revise_costume(p, costume, description, actor=actor)
        return f"Revised costume {name}; {stale} still{'s' if stale != 1 else ''} marked stale. {_UNDO}"

    def link_costume_tool(costume: str, character: str | None = None, scene_numbers: list[int] | None = None) -> str:
        """Change who wears a costume and/or in which scenes (stills that show it go stale)."""
        name = link_costume(p, costume, character=character if character else KEEP, scenes=scene_numbers,
                            actor=actor)  # fmt: skip
        return f"Costume {name} is linked{' to ' + character.strip().upper() if character else ''}" + (
            f" in scenes {_numbers(scene_numbers)}" if scene_numbers else "") + f". {_UNDO}"

    return [
        make_tool(set_character_voice, name="set_character_voice", args_schema=VoiceArgs),
        make_tool(add_costume_tool, name="add_costume", args_schema=CostumeArgs),
        make_tool(revise_costume_tool, name="revise_costume", args_schema=ReviseCostumeArgs),
        make_tool(link_costume_tool, name="link_costume", args_schema=LinkCostumeArgs),
    ]


def _numbers(numbers: list[int] | None) -> str:
    return ", ".join(str(n) for n in numbers or [])


def edit_production_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the editor's production-detail tools bound to one project."""
    return []
