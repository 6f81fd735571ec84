"""The command line's own error: bad input to a ``reelsmith`` command (every CLI module raises it)."""

__all__ = ["CliError"]


class CliError(Exception):
    """Bad command-line input; ``str(err)`` is the one-line message."""
