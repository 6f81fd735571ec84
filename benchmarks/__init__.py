"""Performance figures for Reelsmith: ``python -m benchmarks [--quick] [--json FILE]``.

Every figure is measured against a baseline in the same run and reported as a ratio, because
absolute times vary from machine to machine.
"""

from benchmarks.figures import Figure, format_table, write_json

__all__ = ["Figure", "format_table", "write_json"]
