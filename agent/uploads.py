"""Files dropped into a chat: a screenplay (replacing one asks first) or a reference image or sound."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from agent.config import Settings
from agent.events import ApprovalEvent, MessageEvent
from agent.formats.fountain import FountainDocument, parse_fountain_bytes
from agent.project import Project, snapshot
from agent.project.details import set_reference_side
from agent.project.impact import of_replace_screenplay
from agent.project.library import import_media
from agent.project.music import set_music
from agent.project.own_still import use_own_still
from agent.project.screenplay import import_screenplay
from agent.project.views import active_scenes
from agent.resolver.numbers import DOTTED_SHOT

__all__ = ["Uploads", "SCREENPLAY_SUFFIXES", "shot_reference"]

SCREENPLAY_SUFFIXES = (".fountain", ".spmd")
_MUSIC = re.compile(r"\b(?:music|score|soundtrack|song|theme|track)\b", re.I)
_SOUND_SUFFIXES = (".wav", ".mp3", ".ogg", ".flac", ".m4a", ".aac")
_SHOT_WORDS = (re.compile(r"\bshot\s*#?\s*(?P<shot>\d{1,3})\s+(?:of|in|from)\s+scene\s*#?\s*(?P<scene>\d{1,3})\b",
                          re.I),
               re.compile(r"\bscene\s*#?\s*(?P<scene>\d{1,3})\s*[,/]?\s*shot\s*#?\s*(?P<shot>\d{1,3})\b", re.I))


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

        An image sent with words naming a shot ("use this for shot 2.3") becomes that shot's approved still;
        otherwise an image or sound is linked to the cast member, location or prop that ``said`` names (else
        the project). Bad files are answered with one line and change nothing.
        """
        try:
            if name.lower().endswith(SCREENPLAY_SUFFIXES):
                return self._screenplay(name, data)
            if len(data) > self.settings.max_upload_bytes:
                limit = self.settings.max_upload_bytes
                raise ValueError(f"{len(data):,} bytes is over the {limit:,}-byte upload limit")
            if _MUSIC.search(said) and name.lower().endswith(_SOUND_SUFFIXES):
                asset = set_music(self.project, data, name, actor="user")
                return _message(f"{name} is now the film's music (asset {asset}), from the top and ducked under "
                                "dialogue in the render. Say 'undo' to revert.", "editor")
            shot = shot_reference(said)
            if shot is not None and not name.lower().endswith(_SOUND_SUFFIXES):
                return self._own_still(name, data, shot)
            result = import_media(self.project, Path(name), data, self._named_entity(said))
        except Exception as exc:  # a bad file is answered in one line and changes nothing
            return _message(f"Could not import {name}: {str(exc).splitlines()[0]}")
        target = result["linked_to"]["name"]
        side = re.search(r"\b(interior|exterior|inside|outside)\b", said, re.I)
        if side and result["linked_to"]["type"] == "location" and result["kind"] == "image":
            shows = {"inside": "interior", "outside": "exterior"}.get(side.group(1).lower(), side.group(1).lower())
            set_reference_side(self.project, target, result["asset"], shows, actor="user")
            return _message(f"Added {name} as the {shows} reference of {target}.", "designer")
        return _message(f"Added {name} as a {result['role']} {result['kind']} for {target}.", "designer")

    def _own_still(self, name: str, data: bytes, shot: tuple[int, int]) -> MessageEvent:
        done = use_own_still(self.project, shot[0], shot[1], data=data, filename=name, actor="user")
        kept = (f"; the still it replaced (asset {done.replaced}) stays in the library" if done.replaced is not None
                else "")
        return _message(f"Shot {done.shot} now uses your image {name} as its approved still{kept}. "
                        "Say 'undo' to revert.", "cinematographer")

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
                "title": impact.sentence(), "preview": None, "previews": [], "cost_usd": 0.0}

    def _named_entity(self, said: str) -> str | None:
        snap = snapshot(self.project)
        text = said.upper()
        for group in ("characters", "locations", "props"):
            for entity in snap[group]:
                if entity["name"] and entity["name"].upper() in text:
                    return str(entity["name"])
        return None


def shot_reference(said: str) -> tuple[int, int] | None:
    """Return the (scene, shot) words sent with a file name ("for shot 2.3", "shot 3 of scene 2"), if any."""
    for pattern in _SHOT_WORDS:
        match = pattern.search(said)
        if match:
            return int(match.group("scene")), int(match.group("shot"))
    dotted = DOTTED_SHOT.search(said)
    if dotted and re.search(r"\bshot|\bfor\b|\buse\b|\bas\b", said, re.I):
        return int(dotted.group(1)), int(dotted.group(2))
    return None
