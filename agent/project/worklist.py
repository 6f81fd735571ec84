"""Work the person marked: scenes and blocks tagged rewrite or hate, for "what's next"."""

from __future__ import annotations

from sqlalchemy.orm import Session

from agent.project.blocks import WORK_TAGS, tagged_blocks
from agent.project.views import active_scenes

__all__ = ["marked_work"]


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (f" (and {len(numbers) - 5} more)" if len(numbers) > 5 else "")


def marked_work(session: Session) -> list[str]:
    """Return one hint per kind of marked work: scenes, then blocks, tagged rewrite or hate."""
    scenes, block_hits = [], []
    for n, sc in enumerate(active_scenes(session), start=1):
        if set(sc.tags) & set(WORK_TAGS):
            scenes.append(n)
        if sc.block_tags and any(set(b.tags) & set(WORK_TAGS) for b in tagged_blocks(sc.content, sc.block_tags)):
            block_hits.append(n)
    hints = []
    if scenes:
        word = "scene" if len(scenes) == 1 else "scenes"
        hints.append(f"{word} {_numbers(scenes)} {'is' if len(scenes) == 1 else 'are'} tagged rewrite or hate")
    if block_hits:
        word = "scene" if len(block_hits) == 1 else "scenes"
        hints.append(f"lines tagged rewrite or hate in {word} {_numbers(block_hits)}")
    return hints
