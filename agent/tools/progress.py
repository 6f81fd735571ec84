"""Answers about how far the film has got, read from the project: its music, its cut, its characters' voices."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.project.music import music_view
from agent.project.schema import TimelineClip

__all__ = ["music_answer", "timeline_answer", "voices_answer"]


def _seconds(value: float) -> str:
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def music_answer(session: Session) -> str:
    """Say whether the film has music yet and, if so, which track and how it plays."""
    track = music_view(session)
    if track is None:
        return ("There is no music yet: nothing is on the music track. Ask me to generate a score, or upload a "
                "track and ask me to use it as the music.")
    made = "a generated draft track" if track["draft"] else (
        "a generated track" if track["source"] == "generated" else "an uploaded track")
    length = f", {_seconds(track['duration_s'])} long" if track.get("duration_s") else ""
    return (f"The music is {made} (asset {track['asset']}{length}); it plays from the start of the film, ducked "
            "under the dialogue.")


def timeline_answer(session: Session) -> str:
    """Say what is on the cut: how many shots and cards, and how long it runs."""
    clips = list(session.scalars(select(TimelineClip).order_by(TimelineClip.position)))
    if not clips:
        return "The timeline is empty: nothing has been assembled yet (ask me to assemble the cut from the shots)."
    shots = sum(1 for c in clips if c.kind == "shot")
    cards = len(clips) - shots
    parts = [f"{shots} shot{'s' if shots != 1 else ''}"] + ([f"{cards} card{'s' if cards != 1 else ''}"]
                                                             if cards else [])
    total = sum(c.duration_s or 0.0 for c in clips)
    music = "with music" if music_view(session) is not None else "no music yet"
    return f"The timeline has {' and '.join(parts)}, about {_seconds(total)} in all ({music})."


def voices_answer(data: dict[str, Any], name: str | None = None) -> str:
    """Say how each character (or the one named) sounds, and who has no voice yet."""
    cast = [c for c in data["characters"] if not name or c["name"] == name.strip().upper()]
    if not cast:
        return f"There is no {name} in the cast." if name else "The cast is empty, so there are no voices yet."
    voiced = [f"{c['name']}: {c.get('voice') or 'voice ' + str(c['voice_id'])}" for c in cast
              if c.get("voice") or c.get("voice_id")]
    silent = [c["name"] for c in cast if not (c.get("voice") or c.get("voice_id"))]
    said = "Voices: " + "; ".join(voiced) + "." if voiced else ""
    none = f"No voice set yet for {', '.join(silent)}." if silent else ""
    return " ".join(x for x in (said, none) if x)
