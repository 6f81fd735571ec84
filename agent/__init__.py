"""Reelsmith: a chat-driven assistant that takes a film from a one-line idea to an assembled cut."""

__version__ = "0.1.0"
__all__ = ["__version__"]
