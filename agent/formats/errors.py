"""Errors raised by the screenplay formats (Fountain import, FDX/CSV/SRT export)."""

from __future__ import annotations

__all__ = ["FountainError", "ExportError"]


class FountainError(ValueError):
    """Refuse a Fountain text (or a screenplay to write as one) with a one-line reason."""

    def __init__(self, message: str) -> None:
        # One line, always: the message ends up in CLI output and tool results.
        super().__init__(" ".join(message.split()))


class ExportError(ValueError):
    """Refuse an export (shot list, subtitles) whose input cannot be written, with a one-line reason."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
