"""Screenplay and hand-off formats: Fountain, FDX, shot-list CSV, SRT, and OTIO/EDL/FCP XML."""

from agent.formats.errors import ExportError, FountainError
from agent.formats.fountain import FountainDocument, parse_fountain, scene_dialogue
from agent.formats.fountain_writer import write_fountain

__all__ = ["ExportError", "FountainError", "FountainDocument", "parse_fountain", "scene_dialogue", "write_fountain"]
