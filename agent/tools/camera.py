"""Cinematographer tools: shot breakdown, camera specs, shooting notes and stills."""

from __future__ import annotations

from langchain_core.tools import BaseTool
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.coverage import default_breakdown
from agent.project import shots as shot_repo
from agent.project.schema import Character, Location, Prop, Scene
from agent.project.views import active_scenes, scene_by_number, shots_of_scene
from agent.resolver.shots import ShotInfo, rank_shots
from agent.tools.base import ToolContext, ToolResult, make_tool
from agent.tools.produce import produce_still, produce_stills

__all__ = ["breakdown_of", "cinematographer_tools", "default_breakdown"]

_UNDO = "Say 'undo' to revert."


class ShotArg(BaseModel):
    description: str = Field(description="What the shot shows.")
    shot_type: str = Field("medium", description=f"One of {', '.join(shot_repo.SHOT_TYPES)}.")
    angle: str = Field("eye-level", description=f"One of {', '.join(shot_repo.ANGLES)}.")
    movement: str = Field("static", description=f"One of {', '.join(shot_repo.MOVEMENTS)}.")
    lens_mm: int = Field(35, description="Focal length in mm.")
    characters: list[str] = Field(default_factory=list, description="Characters in frame (cast names).")


class BreakArgs(BaseModel):
    scene_number: int = Field(description="The scene to break into shots.")
    shots: list[ShotArg] | None = Field(
        None, description="The shots, in order. Leave out to get a standard breakdown from the scene text."
    )


class SceneArgs(BaseModel):
    scene_number: int = Field(description="The scene number (1-based).")


class ListShotsArgs(BaseModel):
    scene_number: int | None = Field(None, description="The scene number (1-based); leave out for how many shots "
                                     "each scene has.")


_SHOT_NUMBER = ("Shot number within the scene (-1 for the last shot), for one shot; leave out when every_shot or "
                "shots picks several.")
_EVERY = "True to change every shot of the scene at once ('shoot all of scene 4 handheld'); one undo restores all."
_SHOTS = ("Several shots of the scene by number, changed at once: [2, 3, 4, 5] for 'shots 2 to 5'; leave out "
          "shot_number.")
_ONLY = ("With every_shot or shots: change only the shots framed this way now, one of "
         f"{', '.join(shot_repo.SHOT_TYPES)} ('all the close-ups' is every_shot with only_shot_type 'close-up'). "
         "Not the new framing: that is shot_type.")


class CameraArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot(s).")
    shot_number: int | None = Field(None, description=_SHOT_NUMBER)
    every_shot: bool = Field(False, description=_EVERY)
    shots: list[int] | None = Field(None, description=_SHOTS)
    only_shot_type: str | None = Field(None, description=_ONLY)
    shot_type: shot_repo.ShotType | None = Field(None, description="The new framing.")
    reframe: shot_repo.Reframe | None = Field(
        None, description="One step wider or tighter than each shot is framed now ('make it wider': a wide shot "
                          "becomes extreme-wide); instead of shot_type.")
    angle: shot_repo.Angle | None = Field(None, description="Camera angle.")
    movement: shot_repo.Movement | None = Field(None, description="Camera movement.")
    lens_mm: int | None = Field(None, description="Focal length in mm (e.g. 85 for 'on an 85').")


class DurationArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot(s).")
    shot_number: int | None = Field(None, description=_SHOT_NUMBER)
    every_shot: bool = Field(False, description=_EVERY)
    shots: list[int] | None = Field(None, description=_SHOTS)
    only_shot_type: str | None = Field(None, description=_ONLY)
    seconds: float = Field(description="How long each shot plays, in seconds (0.2-600).")


class StillArgs(BaseModel):
    scene_number: int = Field(description="Scene of the shot.")
    shot_number: int = Field(description="Shot number within the scene (-1 for the last shot).")
    note: str | None = Field(None, description="What to change compared to the last attempt, if any.")


class FindShotArgs(BaseModel):
    scene_number: int = Field(description="The scene whose shots to look through.")
    query: str = Field(description="How the film-maker described the shot: what it shows, who, its framing or line "
                       "(e.g. 'the clock shot', \"Ida's close-up\", \"the first line\").")


class NoteArgs(BaseModel):
    scene_number: int = Field(description="The scene.")
    text: str = Field(description="The shooting note: setup, coverage, special equipment.")


_WHICH = ("Error: say which shot (e.g. 'shot 2 of scene 3'), or give every_shot (the whole scene) or shots "
          "(several, e.g. [2, 3, 4]).")


def _group(n: int, scene_number: int, shots: list[int] | None, framing: str | None) -> str:
    """Name the shots a scene-wide change reached ("All 5 shots of scene 2", "Shots 2, 3 (2 shots) of scene 3")."""
    kind = f" {framing}" if framing else ""
    if shots:
        listed = ", ".join(map(str, shots))
        return f"The{kind} shots among {listed} of scene {scene_number} ({n})" if framing else \
            f"Shots {listed} of scene {scene_number}"
    return f"All {n}{kind} shot{'s' if n != 1 else ''} of scene {scene_number}"


def _paragraph_of(source: str, content: str) -> str:
    """Return the paragraph of a scene a shot's words come from (a card holds one sentence of it), else the words.

    "the shot of her at the rail" finds the card drawn from "The tide is out." when the same paragraph goes on
    "She stands at the rail": the shot covers the paragraph.
    """
    if not source.strip():
        return source
    return next((block for block in content.split("\n\n") if source.strip() in block), source)


def breakdown_of(s: Session, scene: Scene) -> list[shot_repo.ShotCard]:
    """Return the standard breakdown of a scene's current text, against the project's cast, places and props."""
    return default_breakdown(scene.heading, scene.content, set(s.scalars(select(Character.name))),
                             set(s.scalars(select(Location.name))), set(s.scalars(select(Prop.name))))


def cinematographer_tools(ctx: ToolContext) -> list[BaseTool]:  # noqa: C901 - the sum of small closures
    """Return the cinematographer's tools bound to one project."""
    p, actor = ctx.project, "cinematographer"

    def break_scene_into_shots(scene_number: int, shots: list[ShotArg] | None = None) -> str:
        """Break a scene into shot cards with camera specs (replaces its current shots)."""
        given = shots
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
            cast = set(s.scalars(select(Character.name)))
            if given:
                cards = [shot_repo.ShotCard(g.description, g.shot_type, g.angle, g.movement, g.lens_mm,
                                        characters=[c.upper() for c in g.characters if c.upper() in cast])
                         for g in given]
            else:
                cards = default_breakdown(
                    scene.heading,
                    scene.content,
                    cast,
                    set(s.scalars(select(Location.name))),
                    set(s.scalars(select(Prop.name))),
                )
        count = shot_repo.replace_shots(p, scene_number, cards, actor=actor)
        listing = "; ".join(f"{i}. {c.shot_type} {c.angle} {c.movement} {c.lens_mm}mm - {c.description}"
                            for i, c in enumerate(cards, start=1))
        return f"Broke scene {scene_number} into {count} shots: {listing}. {_UNDO}"

    def set_camera(scene_number: int, shot_number: int | None = None, shot_type: str | None = None,
                   angle: str | None = None, movement: str | None = None, lens_mm: int | None = None,
                   every_shot: bool = False, shots: list[int] | None = None,
                   only_shot_type: str | None = None, reframe: str | None = None) -> str:
        """Set the camera of a shot, of every shot of a scene or of several: framing, angle, movement and lens."""
        if every_shot or shots or only_shot_type:
            n = shot_repo.set_camera_of_scene(p, scene_number, shot_type=shot_type, angle=angle, movement=movement,
                                              lens_mm=lens_mm, numbers=shots, framing=only_shot_type, actor=actor,
                                              reframe=reframe)
            said = ", ".join(str(v) + ("mm" if k == "lens" else "") for k, v in
                             (("type", shot_type), ("framed", reframe and f"one step {reframe}"), ("angle", angle),
                              ("move", movement), ("lens", lens_mm)) if v)
            return f"{_group(n, scene_number, shots, only_shot_type)} {'is' if n == 1 else 'are'} now {said}. {_UNDO}"
        if shot_number is None:
            return _WHICH
        shot = shot_repo.set_camera(p, scene_number, shot_number, shot_type=shot_type, angle=angle, movement=movement,
                                    lens_mm=lens_mm, reframe=reframe, actor=actor)
        return (f"Shot {shot.number} of scene {scene_number} is now {shot.shot_type}, {shot.angle}, {shot.movement}, "
                f"{shot.lens_mm}mm (version {shot.version}). {_UNDO}")

    def set_shot_duration(scene_number: int, seconds: float, shot_number: int | None = None,
                          every_shot: bool = False, shots: list[int] | None = None,
                          only_shot_type: str | None = None) -> str:
        """Set how long a shot (or every shot of a scene, or several) plays; the running times follow."""
        if every_shot or shots or only_shot_type:
            n = shot_repo.set_camera_of_scene(p, scene_number, duration_s=seconds, numbers=shots,
                                              framing=only_shot_type, actor=actor)
            return f"{_group(n, scene_number, shots, only_shot_type)} now last {seconds:g} s. {_UNDO}"
        if shot_number is None:
            return _WHICH
        shot = shot_repo.set_camera(p, scene_number, shot_number, duration_s=seconds, actor=actor)
        return f"Shot {shot.number} of scene {scene_number} now lasts {seconds:g} s. {_UNDO}"

    def generate_still(scene_number: int, shot_number: int, note: str | None = None) -> ToolResult:
        """Generate a storyboard still for a shot and ask the person to approve, reject or regenerate it."""
        return produce_still(ctx, scene_number, shot_number, note=note or "", actor=actor)

    def generate_stills_for_scene(scene_number: int) -> ToolResult:
        """Generate storyboard stills for every shot of a scene that lacks an approved one; one approval for all."""
        return produce_stills(ctx, scene_number, actor=actor)

    def find_shot(scene_number: int, query: str) -> str:
        """Find which shot of a scene a description means (what it shows, who is in it, its framing, a line)."""
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
            rows = shots_of_scene(s, scene.id)
            infos = [ShotInfo(r.number, r.shot_type, r.description, tuple(c.name for c in r.characters),
                              _paragraph_of(r.source or "", scene.content)) for r in rows]
        if not infos:
            return f"Scene {scene_number} has no shots yet; break it into shots first."
        ranked = rank_shots(query, infos)
        about = {i.number: f"{i.number}. {i.shot_type} - {i.description}" for i in infos}
        if not ranked:
            listed = "; ".join(about[i.number] for i in infos[:12])
            return f"No shot of scene {scene_number} shows “{query}”. Its shots: {listed}."
        best = [n for n, score in ranked if score >= ranked[0][1] - 1e-9]
        if len(best) > 1:
            return (f"Shots {', '.join(map(str, best[:-1]))} and {best[-1]} of scene {scene_number} fit “{query}” "
                    f"equally: {'; '.join(about[n] for n in best[:4])}. Which one?")
        return f"Shot {best[0]} of scene {scene_number}: {about[best[0]].split('. ', 1)[1]}"

    def list_shots(scene_number: int | None = None) -> str:
        """List a scene's shots with their camera specs and status; with no scene, how many shots each scene has."""
        if scene_number is None:
            with p.read() as s:
                counts = [(n, shots_of_scene(s, scene.id)) for n, scene in enumerate(active_scenes(s), start=1)]
            if not any(rows for _, rows in counts):
                return "No scene has shots yet; ask me to break a scene into shots."
            return "Shots by scene:\n" + "\n".join(
                f"- scene {n}: " + (f"{len(rows)} shot{'s' if len(rows) != 1 else ''}"
                                    f" ({sum(r.status == 'still_approved' for r in rows)} with an approved still)"
                                    if rows else "no shots yet") for n, rows in counts)
        with p.read() as s:
            scene = scene_by_number(s, scene_number)
            rows = shots_of_scene(s, scene.id)
            if not rows:
                return f"Scene {scene_number} has no shots yet."
            return "\n".join(f"{r.number}. {r.shot_type} {r.angle} {r.movement} {r.lens_mm}mm [{r.status}] "
                             f"{r.description}" for r in rows)

    def add_shooting_note(scene_number: int, text: str) -> str:
        """Add a note to the shooting script for a scene (setup, coverage, equipment)."""
        n = shot_repo.add_script_entry(p, scene_number, text, actor=actor)
        return f"Added shooting note {n} to scene {scene_number}. {_UNDO}"

    breakdown = make_tool(break_scene_into_shots, name="break_scene_into_shots", args_schema=BreakArgs)
    return [
        breakdown,
        make_tool(set_camera, name="set_camera", args_schema=CameraArgs),
        make_tool(set_shot_duration, name="set_shot_duration", args_schema=DurationArgs),
        make_tool(generate_still, name="generate_still", args_schema=StillArgs, needs_approval=True),
        make_tool(generate_stills_for_scene, name="generate_stills_for_scene", args_schema=SceneArgs,
                  needs_approval=True),
        make_tool(list_shots, name="list_shots", args_schema=ListShotsArgs, read_only=True),
        make_tool(find_shot, name="find_shot", args_schema=FindShotArgs, read_only=True),
        make_tool(add_shooting_note, name="add_shooting_note", args_schema=NoteArgs),
    ]
