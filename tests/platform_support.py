"""A one-scene project with three shot cards (two alike, one not), for generation and re-use tests."""

from __future__ import annotations

from pathlib import Path

from agent.project import Project, design, shots, story

__all__ = ["platform_project"]


def platform_project(tmp_path: Path, *, name: str) -> Path:
    """Create ``tmp_path/film``: MARA on a rainy PLATFORM, shots 1 and 2 near-paraphrases, shot 3 a close-up."""
    path = tmp_path / "film"
    p = Project.create(path, name=name)
    story.add_scene(p, heading="EXT. PLATFORM - NIGHT", content="Rain. MARA waits.", actor="user")
    design.add_entity(p, "character", "Mara", description="a night conductor", actor="user")
    design.add_entity(p, "location", "Platform", description="wet concrete, neon", actor="user")
    cards = [
        shots.ShotCard("wide shot, rainy platform at night, neon", shot_type="wide", characters=["MARA"],
                       location="PLATFORM"),
        shots.ShotCard("night, heavy rain on the train platform, neon reflections, wide", shot_type="wide",
                       characters=["MARA"], location="PLATFORM"),
        shots.ShotCard("close-up of a ticket in a wet hand", shot_type="close-up", characters=["MARA"],
                       location="PLATFORM"),
    ]
    shots.replace_shots(p, 1, cards, actor="user")
    p.close()
    return path
