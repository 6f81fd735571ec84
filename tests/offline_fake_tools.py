"""Small fake tools, shaped like Reelsmith's real ones, for the offline director tests."""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import BaseTool, tool
from pydantic import BaseModel, Field

_READ_ONLY = frozenset({"show_scene", "compare_versions", "find_assets"})


def _with_examples(t: BaseTool, *examples: str) -> BaseTool:
    t.metadata = {"examples": list(examples), "read_only": t.name in _READ_ONLY}
    return t


# --- writer -------------------------------------------------------------------------------------


class RewriteArgs(BaseModel):
    scene_number: int = Field(description="Scene to rewrite (1-based).")
    direction: str = Field(description="How to change it, e.g. 'darker', 'shorter'.")
    content: str = Field(description="The full new Fountain body of the scene.")


@tool(args_schema=RewriteArgs)
def rewrite_scene(scene_number: int, direction: str, content: str) -> str:
    """Rewrite an existing scene in a new direction or tone (darker, funnier, shorter...)."""
    return f"Rewrote scene {scene_number} ({direction}) as version 2 (draft). Say 'undo' to revert."


class AddSceneArgs(BaseModel):
    heading: str = Field(description="Scene heading, e.g. 'INT. KITCHEN - NIGHT'.")
    content: str = Field(description="Fountain body of the new scene.")
    position: int | None = Field(None, description="Where to insert it (1-based); default at the end.")


@tool(args_schema=AddSceneArgs)
def add_scene(heading: str, content: str, position: int | None = None) -> str:
    """Write and add a new scene to the screenplay."""
    return f"Added scene at {position or 'the end'}: {heading} (draft)."


class SceneArgs(BaseModel):
    scene_number: int = Field(description="Scene number (1-based).")


@tool(args_schema=SceneArgs)
def delete_scene(scene_number: int) -> str:
    """Delete a scene from the screenplay."""
    return f"Deleted scene {scene_number}. Say 'undo' to bring it back."


@tool(args_schema=SceneArgs)
def show_scene(scene_number: int) -> str:
    """Show the text of a scene with its versions."""
    return f"Scene {scene_number}: INT. KITCHEN - NIGHT ..."


class MoveArgs(BaseModel):
    scene_number: int = Field(description="Scene to move.")
    to_position: int = Field(description="Its new number.")


@tool(args_schema=MoveArgs)
def move_scene(scene_number: int, to_position: int) -> str:
    """Move a scene to a new place in the running order (reorder scenes)."""
    return f"Moved scene {scene_number} to position {to_position}."


class MergeArgs(BaseModel):
    start_scene: int = Field(description="First scene of the range.")
    end_scene: int = Field(description="Last scene of the range.")


@tool(args_schema=MergeArgs)
def merge_scenes(start_scene: int, end_scene: int) -> str:
    """Merge a range of consecutive scenes into one scene."""
    return f"Merged scenes {start_scene}-{end_scene}."


class CharacterArgs(BaseModel):
    name: str = Field(description="Character name in capitals.")
    description: str = Field(description="Who they are: role, look, manner.")


@tool(args_schema=CharacterArgs)
def add_character(name: str, description: str) -> str:
    """Create a new character in the cast."""
    return f"Added character {name} (draft)."


class CastArgs(BaseModel):
    character: str = Field(description="Character name.")
    scene_number: int = Field(description="Scene to put them in.")


@tool(args_schema=CastArgs)
def add_character_to_scene(character: str, scene_number: int) -> str:
    """Put an existing character into a scene (they appear and get a line)."""
    return f"Put {character} in scene {scene_number} (draft)."


class LocationArgs(BaseModel):
    name: str = Field(description="Location name in capitals.")
    description: str = Field(description="What the place looks and feels like.")


@tool(args_schema=LocationArgs)
def add_location(name: str, description: str) -> str:
    """Create a new location (a place where scenes happen)."""
    return f"Added location {name} (draft)."


class LoglineArgs(BaseModel):
    logline: str = Field(description="The one-sentence logline.")


@tool(args_schema=LoglineArgs)
def set_logline(logline: str) -> str:
    """Write or set the film's one-sentence logline from a premise or idea."""
    return "Set the logline (draft)."


class BeatsArgs(BaseModel):
    beats: list[str] = Field(description="Outline beats, in order.")


@tool(args_schema=BeatsArgs)
def outline_beats(beats: list[str]) -> str:
    """Outline the story as a list of beats (structure) from the logline."""
    return f"Outlined {len(beats)} beats (draft)."


class TagArgs(BaseModel):
    scene_number: int = Field(description="Scene to tag.")
    tag: Literal["keep", "rewrite", "love", "hate"] = Field(description="The tag.")


@tool(args_schema=TagArgs)
def tag_scene(scene_number: int, tag: Literal["keep", "rewrite", "love", "hate"]) -> str:
    """Tag or mark a scene (keep, rewrite, love, hate)."""
    return f"Tagged scene {scene_number} '{tag}'."


class UndoArgs(BaseModel):
    steps: int = Field(1, description="How many changes to undo.")


@tool(args_schema=UndoArgs)
def undo(steps: int = 1) -> str:
    """Undo the last change(s) to the project."""
    return f"Undid {steps} change(s)."


class RestoreArgs(BaseModel):
    scene_number: int = Field(description="Scene to restore.")
    version: int = Field(description="Version to go back to.")


@tool(args_schema=RestoreArgs)
def restore_version(scene_number: int, version: int) -> str:
    """Restore a scene to an earlier version."""
    return f"Restored scene {scene_number} to version {version}."


class CompareArgs(BaseModel):
    scene_number: int = Field(description="Scene to compare.")
    from_version: int = Field(description="Older version.")
    to_version: int = Field(description="Newer version.")


@tool(args_schema=CompareArgs)
def compare_versions(scene_number: int, from_version: int, to_version: int) -> str:
    """Compare two versions of a scene and show the differences (diff)."""
    return f"Scene {scene_number}: v{from_version} vs v{to_version}: 3 lines changed."


class BranchArgs(BaseModel):
    branch_name: str = Field(description="Name for the new branch.")


@tool(args_schema=BranchArgs)
def create_branch(branch_name: str) -> str:
    """Branch the project to try an alternative version without losing the current one."""
    return f"Created branch '{branch_name}'."


class NoteArgs(BaseModel):
    scene_number: int = Field(description="Scene the note is about.")
    note: str = Field(description="The note text.")


@tool(args_schema=NoteArgs)
def add_note(scene_number: int, note: str) -> str:
    """Attach a note or comment to a scene."""
    return f"Noted on scene {scene_number}."


WRITER_TOOLS: list[BaseTool] = [
    _with_examples(rewrite_scene, "rewrite scene 3 darker", "make the second scene funnier",
                   "punch up the dialogue in scene 4", "make scene 2 shorter", "give scene 5 more tension"),
    _with_examples(add_scene, "add a scene where Mara finds the lantern", "write a new scene on the platform",
                   "insert a scene after scene 2"),
    _with_examples(delete_scene, "delete scene 4", "remove the last scene", "cut scene 2 entirely"),
    _with_examples(show_scene, "show me scene 3", "what happens in scene 2?", "read the first scene"),
    _with_examples(move_scene, "move scene 5 before scene 2", "swap scene order", "put scene 3 at the end"),
    _with_examples(merge_scenes, "merge scenes 2 and 3", "combine scenes 4-6 into one"),
    _with_examples(add_character, "add a villain", "create a new character named Ada",
                   "introduce a detective"),
    _with_examples(add_character_to_scene, "put Mara in scene 4", "add Jonas to scene 2",
                   "have Eli appear in the third scene"),
    _with_examples(add_location, "add a location: an abandoned lighthouse", "create a new place, the old mill"),
    _with_examples(set_logline, "write a logline: a conductor finds the train runs on stolen time",
                   "the premise is two sisters inherit a lighthouse"),
    _with_examples(outline_beats, "outline the story", "break the story into beats", "give me six beats"),
    _with_examples(tag_scene, "tag scene 3 keep", "I love scene 2", "mark scene 4 for a rewrite"),
    _with_examples(undo, "undo", "undo the last 3 changes", "take that back", "revert that"),
    _with_examples(restore_version, "restore scene 3 to version 1", "go back to the first version of scene 2"),
    _with_examples(compare_versions, "compare versions 1 and 2 of scene 3", "what changed in scene 2?",
                   "diff scene 4 v1 v3"),
    _with_examples(create_branch, "branch an alternative ending", "try a version where Mara dies, on a branch"),
    _with_examples(add_note, "add a note to scene 2: \"check the timeline\"", "note on scene 5 that it drags"),
]

# --- designer -----------------------------------------------------------------------------------


class StyleArgs(BaseModel):
    style: str = Field(description="Visual style, e.g. 'neo-noir'.")
    palette: list[str] | None = Field(None, description="Colours as hex codes.")


@tool(args_schema=StyleArgs)
def set_art_direction(style: str, palette: list[str] | None = None) -> str:
    """Set the film's art direction: visual style and colour palette."""
    return f"Art direction set to {style} (draft)."


class RefArgs(BaseModel):
    character_name: str = Field(description="Character to draw.")


@tool(args_schema=RefArgs)
def generate_character_reference(character_name: str) -> str:
    """Generate a reference image (portrait, look) for a character."""
    return f"Generated a reference image for {character_name} (draft)."


class LocRefArgs(BaseModel):
    location_name: str = Field(description="Location to draw.")


@tool(args_schema=LocRefArgs)
def generate_location_reference(location_name: str) -> str:
    """Generate a reference image (concept art) for a location."""
    return f"Generated a reference image for {location_name} (draft)."


class FindArgs(BaseModel):
    query: str = Field(description="What to look for.")


@tool(args_schema=FindArgs)
def find_assets(query: str) -> str:
    """Search existing images, clips and audio in the asset library."""
    return f"Found 2 assets for '{query}'."


DESIGNER_TOOLS: list[BaseTool] = [
    _with_examples(set_art_direction, "make the look neo-noir", "set the palette to teal and orange",
                   "the style should be a watercolour storybook"),
    _with_examples(generate_character_reference, "draw Mara", "generate a reference image for Jonas",
                   "what does Eli look like? make a portrait"),
    _with_examples(generate_location_reference, "draw the kitchen", "concept art for the platform"),
    _with_examples(find_assets, "find images of the kitchen", "do we already have a picture of the lantern?"),
]

# --- cinematographer ----------------------------------------------------------------------------


class BreakArgs(BaseModel):
    scene_number: int = Field(description="Scene to break down.")
    count: int | None = Field(None, description="How many shots (default: the director's choice).")


@tool(args_schema=BreakArgs)
def break_scene_into_shots(scene_number: int, count: int | None = None) -> str:
    """Break a scene down into a shot list (shots with camera setups)."""
    return f"Broke scene {scene_number} into {count or 4} shots (draft)."


class CameraArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene.")
    shot_type: Literal["wide", "medium", "close-up", "extreme-close-up", "overhead"] | None = Field(
        None, description="Framing.")
    angle: Literal["eye-level", "low-angle", "high-angle", "dutch"] | None = Field(None, description="Angle.")
    movement: Literal["static", "pan-left", "pan-right", "dolly-in", "dolly-out", "handheld"] | None = Field(
        None, description="Camera move.")
    lens_mm: float | None = Field(None, description="Focal length in mm.")


@tool(args_schema=CameraArgs)
def set_shot_camera(scene_number: int, shot_number: int, shot_type: str | None = None,
                    angle: str | None = None, movement: str | None = None, lens_mm: float | None = None) -> str:
    """Change a shot's camera: framing, angle, movement or lens."""
    return f"Updated shot {shot_number} of scene {scene_number}."


class ShotArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene.")


@tool(args_schema=ShotArgs)
def generate_shot_still(scene_number: int, shot_number: int) -> str:
    """Generate the storyboard still image for a shot."""
    return f"Generated a still for shot {shot_number} of scene {scene_number} (draft)."


@tool(args_schema=ShotArgs)
def generate_shot_video(scene_number: int, shot_number: int) -> str:
    """Animate a shot's approved still into a video clip."""
    return f"Generated a clip for shot {shot_number} of scene {scene_number} (draft)."


class DurationArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number.")
    duration_s: float = Field(description="Length in seconds.")


@tool(args_schema=DurationArgs)
def set_shot_duration(scene_number: int, shot_number: int, duration_s: float) -> str:
    """Set how long a shot lasts on screen."""
    return f"Shot {shot_number} of scene {scene_number} now lasts {duration_s}s."


CAMERA_TOOLS: list[BaseTool] = [
    _with_examples(break_scene_into_shots, "break scene 2 into shots", "shot list for scene 3",
                   "plan the coverage for the first scene"),
    _with_examples(set_shot_camera, "make shot 2 of scene 3 a close-up", "low angle on shot 1",
                   "push in slowly on shot 4", "use a 35mm lens for shot 2"),
    _with_examples(generate_shot_still, "generate shot 1 of scene 2", "storyboard shot 3",
                   "draw the frame for shot 2 of scene 4"),
    _with_examples(generate_shot_video, "animate shot 1 of scene 2", "make a clip of shot 3"),
    _with_examples(set_shot_duration, "hold shot 2 for 3 seconds", "make shot 1 of scene 2 last 5 seconds"),
]

# --- editor -------------------------------------------------------------------------------------


class TransitionArgs(BaseModel):
    scene_number: int = Field(description="Scene whose outgoing transition to set.")
    transition: Literal["cut", "dissolve", "fade", "wipe"] = Field(description="Transition type.")


@tool(args_schema=TransitionArgs)
def set_transition(scene_number: int, transition: str) -> str:
    """Set the transition out of a scene (cut, dissolve, fade, wipe)."""
    return f"Scene {scene_number} now ends with a {transition}."


class RenderArgs(BaseModel):
    animatic: bool = Field(False, description="Render an animatic from stills instead of the final cut.")


@tool(args_schema=RenderArgs)
def render_cut(animatic: bool = False) -> str:
    """Assemble and render the cut (or an animatic) to a video file."""
    return "Rendered the animatic." if animatic else "Rendered the cut."


class ExportArgs(BaseModel):
    format: Literal["fountain", "fdx", "otio", "edl", "fcpxml", "csv", "srt"] = Field(description="Format.")


@tool(args_schema=ExportArgs)
def export_project(format: str) -> str:
    """Export the screenplay, timeline or shot list to a file format."""
    return f"Exported as {format}."


EDITOR_TOOLS: list[BaseTool] = [
    _with_examples(set_transition, "dissolve out of scene 3", "fade to black after the last scene"),
    _with_examples(render_cut, "assemble the cut", "render the animatic", "make the movie"),
    _with_examples(export_project, "export to final draft", "give me an EDL", "export the shot list as csv"),
]

# --- supervisor handoffs ------------------------------------------------------------------------


class TaskArgs(BaseModel):
    task: str = Field(description="What the specialist should do, in the user's words.")


def _handoff(agent: str, description: str, *examples: str) -> BaseTool:
    def run(task: str) -> str:
        return f"Successfully transferred to {agent}"

    made = tool(f"transfer_to_{agent}", args_schema=TaskArgs, description=description)(run)
    return _with_examples(made, *examples)


def _examples_of(tools: list[BaseTool]) -> list[str]:
    # The graph gives each handoff its specialist's tool examples, so routing is by the same meaning.
    return [e for t in tools for e in (t.metadata or {}).get("examples", [])]


HANDOFFS: list[BaseTool] = [
    _handoff("writer", "Hand the task to the writer: story, scenes, characters, locations, versions, undo.",
             *_examples_of(WRITER_TOOLS)),
    _handoff("designer", "Hand the task to the designer: art direction, character and location images.",
             *_examples_of(DESIGNER_TOOLS)),
    _handoff("cinematographer", "Hand the task to the cinematographer: shots, camera, stills and clips.",
             *_examples_of(CAMERA_TOOLS)),
    _handoff("editor", "Hand the task to the editor: transitions, assembling, rendering, exporting.",
             *_examples_of(EDITOR_TOOLS)),
]

ALL_SPECIALIST_TOOLS: list[BaseTool] = WRITER_TOOLS + DESIGNER_TOOLS + CAMERA_TOOLS + EDITOR_TOOLS
