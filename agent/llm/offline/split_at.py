"""Where a split falls when the film-maker names a moment: "split scene 3 at the point where Tom drops the crate".

The moment is found in the scene's action (who does what to what, :mod:`agent.resolver.events`): the second
part starts with the paragraph in which it happens. A moment the scene does not have, or has more than once,
is asked about; nothing is split on a guess.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.resolver.events import SPLIT_MOMENT, moment_lines

__all__ = ["split_line"]


def split_line(clause: str, scene: int, content: str | None, cast: Sequence[str]) -> int | str | None:
    """Return the body line a split at a named moment starts its second part on, a question, or None.

    None: the clause names no moment (the tool's own default, the middle, stands) or the scene's text is not at hand.
    """
    said = SPLIT_MOMENT.search(clause)
    if said is None or not content:
        return None
    moment = said.group("moment").strip()
    lines = sorted(set(moment_lines(moment, content, cast) or []))
    if len(lines) == 1 and lines[0] >= 2:
        return lines[0]
    if len(lines) == 1:
        return (f"“{moment}” is how scene {scene} opens, so there is nothing before it to split off. Where should "
                f"it split?")
    if lines:
        return (f"“{moment}” happens more than once in scene {scene}. Which moment should the second part start "
                f"with? Quote a few of its words.")
    return (f"I couldn't find the moment “{moment}” in scene {scene}, so nothing was split. Which line should the "
            f"second part start with? Quote a few of its words.")
