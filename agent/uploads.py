"""Files dropped into a chat: a screenplay (replacing one asks first) or a reference image or sound."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from agent.config import Settings
from agent.events import ApprovalEvent, MessageEvent
from agent.formats.fountain import FountainDocument, parse_fountain_bytes
from agent.project import Project, snapshot
from agent.project.impact import of_replace_screenplay
from agent.project.library import import_media
from agent.project.screenplay import import_screenplay
from agent.project.views import active_scenes

__all__ = ["Uploads", "SCREENPLAY_SUFFIXES"]

SCREENPLAY_SUFFIXES = (".fountain", ".spmd")


def _message(text: str, author: str = "Reelsmith") -> MessageEvent:
    return {"type": "message", "text": text, "author": author}


@dataclass
class Uploads:
    """Import uploads into one project; a screenplay that would replace scenes waits for a yes."""

    project: Project
    settings: Settings
    _staged: dict[str, tuple[str, FountainDocument]] = field(default_factory=dict)

    def receive(self, name: str, data: bytes, said: str) -> MessageEvent | ApprovalEvent:
        """Import one file; return a message, or an approval event when it would replace the screenplay.

        An image or sound is linked to the cast member, location or prop that ``said`` names (else the
        project). Bad files are answered with one line and change nothing.
        """
        try:
            if name.lower().endswith(SCREENPLAY_SUFFIXES):
                return self._screenplay(name, data)
            if len(data) > self.settings.max_upload_bytes:
                limit = self.settings.max_upload_bytes
                raise ValueError(f"{len(data):,} bytes is over the {limit:,}-byte upload limit")
            result = import_media(self.project, Path(name), data, self._named_entity(said))
        except Exception as exc:  # a bad file is answered in one line and changes nothing
            return _message(f"Could not import {name}: {str(exc).splitlines()[0]}")
        target = result["linked_to"]["name"]
        return _message(f"Added {name} as a {result['role']} {result['kind']} for {target}.", "designer")

    def decide(self, token: str, decision: str) -> MessageEvent:
        """Answer a staged screenplay replacement: ``approve`` replaces, anything else drops it."""
        staged = self._staged.pop(token, None)
        if staged is None:
            return _message("That replacement was already answered; nothing changed.")
        name, doc = staged
        if decision != "approve":
            return _message(f"Kept the current screenplay; {name} was not imported.")
        try:
            report = import_screenplay(self.project, doc, actor="user", replace=True, source=name)
        except Exception as exc:  # the project may have changed since; one line, nothing changed
            return _message(f"Could not import {name}: {str(exc).splitlines()[0]}")
        return _message(f"Replaced the screenplay: {report.scenes} scenes from {name}.", "writer")

    def _screenplay(self, name: str, data: bytes) -> MessageEvent | ApprovalEvent:
        doc = parse_fountain_bytes(data)
        if not doc.scenes:
            raise ValueError(f"{name} has no scene headings (INT./EXT. ...); nothing to import")
        with self.project.read() as s:
            scenes = len(active_scenes(s))
            impact = of_replace_screenplay(s, f"{name} ({len(doc.scenes)} scenes)")  # the one ask-first rule
        if not scenes:
            report = import_screenplay(self.project, doc, actor="user", source=name)
            return _message(f"Imported {report.scenes} scenes from {name}.", "writer")
        token = secrets.token_urlsafe(12)
        self._staged[token] = (name, doc)
        return {"type": "approval", "kind": "replace_screenplay", "token": token, "options": ["approve", "cancel"],
                "title": impact.sentence(), "preview": None, "previews": [], "cost_usd": 0.0}  # fmt: skip

    def _named_entity(self, said: str) -> str | None:
        snap = snapshot(self.project)
        text = said.upper()
        for group in ("characters", "locations", "props"):
            for entity in snap[group]:
                if entity["name"] and entity["name"].upper() in text:
                    return str(entity["name"])
        return None
