"""Screenplay and paperwork formats: Fountain, FDX, shot-list and breakdown CSV/PDF, SRT (pure: no project, no media).

The NLE hand-off (OTIO/EDL/FCP XML) is built on the timeline model, so it lives in :mod:`agent.media.nle`.
"""

from agent.formats.errors import ExportError, FountainError
from agent.formats.fountain import FountainDocument, parse_fountain, scene_dialogue
from agent.formats.fountain_writer import write_fountain

__all__ = ["ExportError", "FountainError", "FountainDocument", "parse_fountain", "scene_dialogue", "write_fountain"]
