"""Voice profiles: how each character sounds ("low and dry") and, for ElevenLabs, which voice speaks them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.project.deps import mark_voice_lines
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.views import character_by_name

__all__ = ["Voice", "set_voice", "MAX_PROFILE"]

MAX_PROFILE = 300
_VOICE_ID = re.compile(r"^[A-Za-z0-9_-]{4,64}$")


@dataclass(frozen=True)
class Voice:
    """A character's voice as stored: the profile words and the provider voice id (None: chosen by name)."""

    character: str
    profile: str
    voice_id: str | None
    version: int
    stale: int = 0
    """How many shots (or scenes) holding this character's recorded lines the change marked stale."""


def set_voice(project: Project, name: str, *, actor: str, profile: str | None = None,
              voice_id: str | None = None) -> Voice:
    """Set a character's voice profile and/or provider voice id in one recorded change.

    An empty ``voice_id`` ("") clears it, so the character is voiced by name again. Raises InvalidInputError
    when nothing is given, the profile is too long or the id does not look like one.
    """
    fields: dict[str, Any] = {}
    if profile is not None:
        profile = " ".join(profile.split()).strip(" .")
        if not profile:
            raise InvalidInputError("say how the voice sounds, e.g. 'low and dry'")
        if len(profile) > MAX_PROFILE:
            raise InvalidInputError(f"a voice profile is limited to {MAX_PROFILE} characters")
        fields["voice"] = profile
    if voice_id is not None:
        voice_id = voice_id.strip()
        if voice_id and not _VOICE_ID.match(voice_id):
            raise InvalidInputError(f"{voice_id[:40]!r} is not a voice id (letters, digits, - and _; 4-64 long)")
        fields["voice_id"] = voice_id or None
    if not fields:
        raise InvalidInputError("nothing to change: give how the voice sounds or a voice id")
    with project.change(actor=actor, action="set_voice", summary=f"Set the voice of {name.strip().upper()}") as ch:
        character = character_by_name(ch.session, name)
        before = {k: getattr(character, k) for k in fields}
        version = character.version
        stale = 0
        if ch.update(character, **fields):
            stale = mark_voice_lines(ch, character, version, _what_changed(before, fields))
        return Voice(character.name, character.voice, character.voice_id, character.version, stale)


def _what_changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Say what changed in a voice, for the stale marks' reason ("profile now 'low and dry'")."""
    said = []
    if "voice" in after and after["voice"] != before["voice"]:
        said.append(f"profile now {after['voice'][:60]!r}")
    if "voice_id" in after and after["voice_id"] != before["voice_id"]:
        said.append(f"provider voice {after['voice_id']}" if after["voice_id"] else "provider voice cleared")
    return " and ".join(said)
