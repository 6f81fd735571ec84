"""Editor tools: the timeline, clips and voice, the animatic and final render, exports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field

from agent.project import cut, snapshot
from agent.tools.base import ToolContext, ToolResult, listed, make_tool
from agent.tools.camera import breakdown_of
from agent.tools.generation import confirm, progress
from agent.tools.produce import produce_video
from agent.tools.shared import NoArgs
from agent.tools.voice import produce_voice

__all__ = ["editor_tools", "export_format"]

_UNDO = "Say 'undo' to revert."


class AssembleArgs(BaseModel):
    scene_number: int | None = Field(None, description="Only this scene; leave out for the whole film.")


class ShotRefArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene.")


class TransitionArgs(BaseModel):
    transition: cut.Transition = Field(description="The transition.")
    position: int | None = Field(None, description="Clip position on the timeline (1-based) the transition leads "
                                 "into; 'at the start' is 1.")
    into_scene: int | None = Field(None, description="Or: the scene whose first clip it leads into ('between "
                                   "scenes 2 and 3' is into_scene 3).")


class CardArgs(BaseModel):
    text: str = Field(description="Text of the card.")
    kind: str = Field("title", description="'title' (at the start) or 'credits' (at the end).")


class VoiceArgs(BaseModel):
    scene_number: int = Field(description="The scene.")
    line_number: int | None = Field(None, description="Only this line of the scene's dialogue (1 is its first "
                                    "line); leave out to record every line.")


class RenderArgs(BaseModel):
    scene_number: int | None = Field(None, description="Only this scene; leave out for the whole film.")


ExportFormat = Literal["fountain", "fdx", "screenplay-pdf", "csv", "srt", "vtt", "otio", "edl", "fcpxml", "bundle",
                       "storyboard", "breakdown", "storyboard-pdf", "shotlist-pdf", "breakdown-csv", "breakdown-pdf"]


class ExportArgs(BaseModel):
    format: ExportFormat = Field(
        description="fountain/fdx (screenplay), screenplay-pdf (the screenplay laid out on paper, also fountain or fdx "
        "with pdf=true), csv (shot list), srt/vtt (subtitles), otio/edl/fcpxml (the cut for an "
        "editing system), bundle (the whole project as a .zip), storyboard (panels as PDF), breakdown (per scene "
        "cast, props, wardrobe... as PDF, or CSV with csv=true); shotlist-pdf is the shot list on paper."
    )
    pdf: bool | None = Field(None, description="True when the film-maker asked for a PDF (e.g. the script, the shot "
                             "list).")
    csv: bool | None = Field(None, description="True when the film-maker asked for CSV (e.g. the breakdown).")
    paper: Literal["a4", "letter"] | None = Field(None, description="Paper size of a PDF when asked; by default US "
                                                  "letter for the screenplay, A4 for the rest.")


def export_format(format: str, *, pdf: bool | None = None, csv: bool | None = None) -> str:
    """Turn the chat's words for a deliverable into the export format ('storyboard' -> 'storyboard-pdf')."""
    if format in ("fountain", "fdx", "screenplay", "screenplay-pdf"):
        if pdf or format == "screenplay-pdf":
            return "screenplay-pdf"
        return "fountain" if format == "screenplay" else format
    if format in ("storyboard", "storyboard-pdf"):
        return "storyboard-pdf"
    if format == "breakdown":
        return "breakdown-csv" if csv and not pdf else "breakdown-pdf"
    if format == "csv" and pdf:
        return "shotlist-pdf"
    return format


def _render(project: Any, out: Any, *, animatic: bool, scene_number: int | None) -> Any:
    """Render through agent.media, reporting progress to the chat as it goes."""
    from agent.media.from_project import render_project  # deferred: moviepy and the renderer load on use

    last = [-1]

    def report(fraction: float, label: str) -> None:
        percent = round(fraction * 100)
        if percent >= last[0] + 5 or percent == 100:  # a handful of updates, not one per frame
            last[0] = percent
            progress(percent, 100, f"Rendering: {label}")

    result, _timeline = render_project(project, out, animatic=animatic, scene=scene_number, progress=report)
    return result


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def editor_tools(ctx: ToolContext) -> list[BaseTool]:  # noqa: C901 - the sum of small closures
    """Return the editor's tools bound to one project."""
    p, actor = ctx.project, "editor"

    def assemble_timeline(scene_number: int | None = None) -> str:
        """Lay the shots on the timeline in scene order (one scene or the whole film).

        When no scene has shots yet, each is first broken into the standard coverage, in the same change.
        """
        done = cut.assemble(p, scene_number=scene_number, actor=actor, breakdown=breakdown_of)
        first = ""
        if done.broken_down:
            many = len(done.broken_down) > 1
            first = (f"Scene{'s' if many else ''} {listed(done.broken_down)} had no shots: broke "
                     f"{'them' if many else 'it'} into the standard coverage first. ")
        return f"{first}Assembled {done.clips} clips on the timeline. {_UNDO}"

    def add_to_timeline(scene_number: int, shot_number: int) -> str:
        """Append one shot to the end of the timeline."""
        pos = cut.add_shot_to_timeline(p, scene_number, shot_number, actor=actor)
        return f"Shot {shot_number} of scene {scene_number} is clip {pos} on the timeline. {_UNDO}"

    def set_transition(transition: str, position: int | None = None, into_scene: int | None = None) -> str:
        """Set the transition into a timeline clip, or into a scene's first clip (cut, crossfade, fade-in/out)."""
        if into_scene is not None:
            clips = [c for c in snapshot(p)["timeline"] if c["scene"] == into_scene]
            if not clips:
                return f"Error: scene {into_scene} has no clips on the timeline; assemble it first."
            position = int(clips[0]["position"])
        if position is None and transition in ("fade-in", "fade-out"):
            clips = snapshot(p)["timeline"]
            position = 1 if transition == "fade-in" or not clips else int(clips[-1]["position"])
        if position is None:
            return "Error: say which clip (position) or which scene the transition leads into."
        cut.set_transition(p, position, transition, actor=actor)
        where = f"Scene {into_scene} (clip {position})" if into_scene is not None else f"Clip {position}"
        return f"{where} now starts with a {transition}. {_UNDO}"

    def add_card(text: str, kind: Literal["title", "credits"] = "title") -> str:
        """Add a title card at the start or a credits card at the end of the cut."""
        pos = cut.add_card(p, text, kind=kind, actor=actor)
        return f"Added a {kind} card at position {pos}. {_UNDO}"

    def generate_video(scene_number: int, shot_number: int) -> ToolResult:
        """Make a motion clip from a shot's approved still; shows the cost and asks for approval."""
        return produce_video(ctx, scene_number, shot_number, actor=actor)

    def generate_voice(scene_number: int, line_number: int | None = None) -> ToolResult:
        """Record the dialogue of a scene with each character's voice and ask for approval."""
        return produce_voice(ctx, scene_number, line=line_number, actor=actor)

    def render_animatic(scene_number: int | None = None) -> ToolResult:
        """Render an animatic (approved stills + voice + subtitles, no paid generation) to exports/."""
        from agent.media.from_project import LONG_RENDER_S, clock, render_size

        seconds, pictures = render_size(p, animatic=True, scene=scene_number)
        if seconds > LONG_RENDER_S and not confirm(
            f"The animatic would run {clock(seconds)} ({pictures} pictures) and take a long time to render. Render it?"
        ):
            return ToolResult("Render cancelled: nothing was rendered.")
        out = p.exports_dir / f"animatic-{_stamp()}.mp4"
        result = _render(p, out, animatic=True, scene_number=scene_number)
        return ToolResult(f"Rendered the animatic to {out.name} ({result.duration_s:.1f} s).",
                          {"path": str(out), "mime": "video/mp4", "caption": "Animatic"})

    def render_film() -> ToolResult:
        """Render the final cut (approved clips, or stills where no clip exists) to exports/ as MP4."""
        from agent.media.from_project import clock, render_size  # deferred: moviepy and the renderer load on use

        seconds, pictures = render_size(p, animatic=False)
        if not confirm(f"Render the final cut now? It runs {clock(seconds)} ({pictures} pictures)."):
            return ToolResult("Render cancelled.")
        out = p.exports_dir / f"film-{_stamp()}.mp4"
        result = _render(p, out, animatic=False, scene_number=None)
        return ToolResult(f"Rendered the film to {out.name} ({result.duration_s:.1f} s).",
                          {"path": str(out), "mime": "video/mp4", "caption": "Final cut"})

    def export_project(format: str, pdf: bool | None = None, csv: bool | None = None,  # the model's word
                       paper: str | None = None) -> str:
        """Export the screenplay, shot list, subtitles, the timeline for an editor, a project bundle, or paperwork.

        The screenplay as Fountain, Final Draft or PDF; paperwork: the storyboard as PDF, the shot list as PDF,
        the breakdown sheets as PDF or CSV.
        """
        from agent.exports import EXTENSIONS, PDF_FORMATS  # deferred: writers (PDF, timeline) load on use
        from agent.exports import export_project as write  # deferred: writers (PDF, timeline) load on use

        fmt = export_format(format, pdf=pdf, csv=csv)
        if pdf and fmt not in PDF_FORMATS:
            return (f"Error: there is no PDF of the {format} export; PDFs are the screenplay, the storyboard, the shot "
                    f"list and the breakdown.")
        out = write(p, fmt, p.exports_dir / f"{p.path.name}-{fmt}-{_stamp()}{EXTENSIONS[fmt]}", paper=paper)
        return f"Exported {fmt} to exports/{out.name}."

    return [
        make_tool(assemble_timeline, name="assemble_timeline", args_schema=AssembleArgs),
        make_tool(add_to_timeline, name="add_to_timeline", args_schema=ShotRefArgs),
        make_tool(set_transition, name="set_transition", args_schema=TransitionArgs),
        make_tool(add_card, name="add_card", args_schema=CardArgs),
        make_tool(generate_video, name="generate_video", args_schema=ShotRefArgs, needs_approval=True),
        make_tool(generate_voice, name="generate_voice", args_schema=VoiceArgs, needs_approval=True),
        make_tool(render_animatic, name="render_animatic", args_schema=RenderArgs),
        make_tool(render_film, name="render_film", args_schema=NoArgs, needs_approval=True),
        make_tool(export_project, name="export_project", args_schema=ExportArgs),
    ]
