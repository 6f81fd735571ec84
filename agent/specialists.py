"""The specialists' names: a light module, so code that only names them loads no tools or graphs."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["SPECIALISTS", "Specialist"]

Specialist = Literal["writer", "designer", "cinematographer", "editor"]
SPECIALISTS: tuple[Specialist, ...] = get_args(Specialist)
"""The specialists, in the order the supervisor lists them; each has its own tools and graph node."""
