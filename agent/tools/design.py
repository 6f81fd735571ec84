"""Designer tools: cast, locations, props and the art direction."""

from __future__ import annotations

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project import design, edits, impact
from agent.project.library import link_target
from agent.project.views import character_by_name
from agent.roles import names_a_person
from agent.tools.base import A_PERSON, ToolContext, ToolResult, make_tool
from agent.tools.generation import confirm
from agent.tools.produce import produce_reference

__all__ = ["designer_tools"]

_UNDO = "Say 'undo' to revert."


class EntityArgs(BaseModel):
    name: str = Field(description="Name, e.g. 'MARA' or 'NIGHT PLATFORM'.")
    description: str = Field(description="Visual description: look, age, wardrobe / architecture, light, mood.")


class ReviseArgs(EntityArgs):
    # Not named expected_version: the offline director fills that name with the target scene's version.
    based_on_version: int | None = Field(
        None, description="The version of the entity your description is based on (leave empty if unsure); "
        "if it changed since, nothing is written.",
    )


class RenameArgs(BaseModel):
    old_name: str = Field(description="The character's current name (must be in the cast).")
    new_name: str = Field(description="The new name, exactly as the film-maker gave it.")


class RenamePlaceArgs(BaseModel):
    old_name: str = Field(description="The location's current name (must be one of the locations).")
    new_name: str = Field(description="The new name, exactly as the film-maker gave it.")


class NameArgs(BaseModel):
    name: str = Field(description="The name of the character.")


class ReferenceArgs(BaseModel):
    name: str = Field(description="The character, location or prop to picture.")
    note: str | None = Field(None, description="What to change compared to the last attempt, if any.")


class ArtArgs(BaseModel):
    style: str | None = Field(None, description="Style words, e.g. 'neo-noir, 35mm grain, sodium light'.")
    palette: list[str] | None = Field(None, description="Colours as '#rrggbb' or colour names ('teal', 'amber').")
    notes: str | None = Field(None, description="Free notes on lighting, texture, references.")


_FILM_COLOURS = {
    "amber": "#ffbf00", "ochre": "#cc7722", "rust": "#b7410e", "sepia": "#704214", "neon pink": "#ff6ec7",
    "neon green": "#39ff14", "sodium": "#ff9d00", "bone": "#e3dac9", "ink": "#1b1b2f", "blood red": "#8a0303",
}


def to_hex(colour: str) -> str:
    """Turn a colour word ("teal", "amber") or hex code into '#rrggbb'; unknown words pass through to be refused."""
    from PIL import ImageColor

    word = colour.strip().lower()
    if word in _FILM_COLOURS:
        return _FILM_COLOURS[word]
    try:
        r, g, b = ImageColor.getrgb(word.replace(" ", ""))[:3]
    except ValueError:
        return colour
    return f"#{r:02x}{g:02x}{b:02x}"


def designer_tools(ctx: ToolContext) -> list[BaseTool]:
    """Return the designer's tools bound to one project."""
    p, actor = ctx.project, "designer"

    def add_character(name: str, description: str) -> str:
        """Add a character to the cast with a visual description."""
        canonical = design.add_entity(p, "character", name, description=description, actor=actor)
        return f"Added character {canonical}. {_UNDO}"

    def revise_character(name: str, description: str, based_on_version: int | None = None) -> str:
        """Change a character's description (shots she appears in go stale)."""
        canonical = design.update_entity(p, "character", name, description=description, actor=actor,
                                         expected_version=based_on_version)
        return f"Revised character {canonical}; shots with stills that show them are marked stale. {_UNDO}"

    def add_location(name: str, description: str) -> str:
        """Add a location with a visual description."""
        canonical = design.add_entity(p, "location", name, description=description, actor=actor)
        return f"Added location {canonical}. {_UNDO}"

    def revise_location(name: str, description: str, based_on_version: int | None = None) -> str:
        """Change a location's description (shots there go stale)."""
        canonical = design.update_entity(p, "location", name, description=description, actor=actor,
                                         expected_version=based_on_version)
        return f"Revised location {canonical}; shots there with stills are marked stale. {_UNDO}"

    def add_prop(name: str, description: str) -> str:
        """Add a prop (an object that matters on screen)."""
        if names_a_person(name):
            return A_PERSON.format(name=name.strip())
        canonical = design.add_entity(p, "prop", name, description=description, actor=actor)
        return f"Added prop {canonical}. {_UNDO}"

    def set_art_direction(style: str | None = None, palette: list[str] | None = None, notes: str | None = None) -> str:
        """Set the film's look: style, colour palette and notes (every generated still goes stale)."""
        colours = [to_hex(c) for c in palette] if palette is not None else None
        art = design.set_art_direction(p, style=style, palette=colours, notes=notes, actor=actor)
        return f"Art direction is now version {art.version}; existing stills are marked stale. {_UNDO}"

    def revise_prop(name: str, description: str, based_on_version: int | None = None) -> str:
        """Change a prop's description (shots that show it go stale)."""
        canonical = design.update_entity(p, "prop", name, description=description, actor=actor,
                                         expected_version=based_on_version)
        return f"Revised prop {canonical}; shots with stills that show it are marked stale. {_UNDO}"

    def generate_reference(name: str, note: str | None = None) -> ToolResult:
        """Make a reference image for a character (headshot), location or prop, and ask for approval."""
        kind, _id, canonical = link_target(p, name)
        return produce_reference(ctx, kind, canonical, note=note or "", actor=actor)

    def rename_character(old_name: str, new_name: str) -> str:
        """Rename a character everywhere: the cast, every scene's text and the shot cards."""
        new, scenes, shots = edits.rename_character(p, old_name, new_name, actor=actor)
        return (f"Renamed {old_name.strip().upper()} to {new} in the cast, {scenes} scene"
                f"{'s' if scenes != 1 else ''} and {shots} shot{'s' if shots != 1 else ''}. {_UNDO}")

    def rename_location(old_name: str, new_name: str) -> str:
        """Rename a location everywhere: the locations, every scene heading and text, and the shot cards."""
        new, scenes, shots = edits.rename_location(p, old_name, new_name, actor=actor)
        return (f"Renamed {old_name.strip().upper()} to {new} in the locations, {scenes} scene"
                f"{'s' if scenes != 1 else ''} and {shots} shot{'s' if shots != 1 else ''}. {_UNDO}")

    def delete_character(name: str) -> str:
        """Remove a character from the cast. Asks the person first."""
        with p.read() as s:  # a name that is not in the cast fails here, before anyone is asked
            name = character_by_name(s, name).name
            step = impact.of_delete_character(s, name)
        if step.must_ask and not confirm(step.sentence()):
            return f"Kept {name}: nothing was deleted."
        canonical = design.delete_entity(p, "character", name, actor=actor)
        return f"Deleted character {canonical}. {_UNDO}"

    return [
        make_tool(add_character, name="add_character", args_schema=EntityArgs),
        make_tool(revise_character, name="revise_character", args_schema=ReviseArgs),
        make_tool(add_location, name="add_location", args_schema=EntityArgs),
        make_tool(revise_location, name="revise_location", args_schema=ReviseArgs),
        make_tool(add_prop, name="add_prop", args_schema=EntityArgs),
        make_tool(set_art_direction, name="set_art_direction", args_schema=ArtArgs),
        make_tool(revise_prop, name="revise_prop", args_schema=ReviseArgs),
        make_tool(generate_reference, name="generate_reference", args_schema=ReferenceArgs, needs_approval=True),
        make_tool(rename_character, name="rename_character", args_schema=RenameArgs),
        make_tool(rename_location, name="rename_location", args_schema=RenamePlaceArgs),
        make_tool(delete_character, name="delete_character", args_schema=NameArgs, needs_approval=True),
    ]
