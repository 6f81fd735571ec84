"""The operator's settings, read once when the UI starts (every UI module reads these)."""

from __future__ import annotations

from agent.config import load_settings

__all__ = ["SETTINGS"]

SETTINGS = load_settings()
"""The operator's settings, read once when the UI starts."""
