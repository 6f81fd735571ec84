"""Gather the storyboard from the project: per scene its shots as panels with their best frame and lines."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from agent.formats.fountain import DialogueLine, scene_dialogue
from agent.formats.storyboard_pdf import BoardPanel, BoardScene
from agent.project.library import links_of
from agent.project.project import Project
from agent.project.schema import Asset, Shot
from agent.project.views import active_scenes, shots_of_scene

__all__ = ["shot_dialogue", "storyboard_scenes"]


def _frame(session: Session, project: Project, shot: Shot) -> tuple[Path | None, str]:
    """Pick the approved still, else the newest draft nobody rejected, else nothing."""
    links = links_of(session, "shot", shot.id, "still")
    for status, label in (("approved", "approved"), ("pending", "draft")):
        chosen = [lk for lk in links if lk.status == status]
        if chosen:
            asset = session.get(Asset, chosen[-1].asset_id)
            if asset is not None:
                return project.files.path_of(asset.path), label
    return None, ""


def shot_dialogue(shots: list[Shot], lines: list[DialogueLine]) -> dict[int, str]:
    """Hand each dialogue line to the shot that covers it: shot id -> 'NAME: line' text.

    A shot covers a line when its description starts with the speaker's name and a colon (the way a
    breakdown writes coverage, 'IDA: "Because somebody..."'); lines are handed out in order, so a speaker's
    second line goes to her next coverage shot. Lines with no such shot stay off the board.
    """
    out: dict[int, list[str]] = {}
    start = 0
    for line in lines:
        for index in range(start, len(shots)):
            shot = shots[index]
            if shot.description.upper().startswith(f"{line.character.upper()}:"):
                out.setdefault(shot.id, []).append(f"{line.character}: {line.text}")
                start = index + 1
                break
    return {shot_id: " / ".join(said) for shot_id, said in out.items()}


def _panel(session: Session, project: Project, scene_number: int, shot: Shot, said: str) -> BoardPanel:
    image, label = _frame(session, project, shot)
    camera = f"{shot.shot_type}, {shot.angle}, {shot.lens_mm}mm, {shot.movement}"
    return BoardPanel(number=f"{scene_number}.{shot.number}", camera=camera, action=shot.description,
                      dialogue=said, duration_s=shot.duration_s, image=image, image_label=label)


def storyboard_scenes(project: Project) -> list[BoardScene]:
    """Return every scene of the active screenplay with its shots as board panels, in order."""
    scenes: list[BoardScene] = []
    with project.read() as s:
        for number, scene in enumerate(active_scenes(s), start=1):
            shots = shots_of_scene(s, scene.id)
            said = shot_dialogue(shots, scene_dialogue(scene.content))
            panels = tuple(_panel(s, project, number, shot, said.get(shot.id, "")) for shot in shots)
            scenes.append(BoardScene(number=number, heading=scene.heading, panels=panels))
    return scenes
