"""What the film is about when no logline says so: read from the scenes' own words, read-only."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from agent.resolver import SceneInfo, present_in
from agent.tools.said import action_sentences

__all__ = ["gist"]

_COMMON = frozenset("the a an of in on at to and or with is are was were it its had has have his her hers him she he "
                    "they them their this that these those there then than into onto from over under out off back "
                    "down just only still very more most some any every other others another each one two three "
                    "last first next again never ever always nothing something anything everything someone "
                    "nobody somebody thing things does did done doing been being would could should will can "
                    "not but for what when where which who whom whose why how here like only own same such "
                    "into through behind across around past after before while once twice away looks look "
                    "says said takes take goes come comes gets get puts put turns turn holds hold".split())
"""Words that do not make a story's thread, however often they come."""
_MAX_SCENES = 12
_SHORT = 6
"""A sentence of fewer words than this is weighed as if it had this many."""


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]+", text.lower().replace("'s", "").replace("’s", ""))
    return {w.removesuffix("s") if len(w) > 3 and not w.endswith("ss") else w for w in words
            if w not in _COMMON and len(w) > 2}


def _threads(data: dict[str, Any]) -> Counter[str]:
    """Count, for each word of the screenplay, how many scenes use it."""
    counts: Counter[str] = Counter()
    for scene in data["scenes"]:
        counts.update(_stems(scene["content"]))
    return counts


def _central(sentences: list[str], threads: Counter[str]) -> str | None:
    """Return the sentence that carries most of the words the scenes share (a long list weighs less)."""
    def weight(sentence: str) -> float:
        stems = _stems(sentence)
        return sum(threads[w] - 1 for w in stems) / math.sqrt(max(len(stems), _SHORT))  # "Empty." says little
    return max(sentences, key=weight) if sentences else None


def gist(data: dict[str, Any]) -> str:
    """Say what the film is about from its scenes: its people, its thread, each scene's most central sentence.

    The thread is the thing the scenes keep coming back to (a word at least half of them use).
    """
    scenes = data["scenes"]
    people = [c["name"] for c in data.get("characters", [])]
    names = {w.lower() for n in people for w in n.split()}
    threads = _threads(data)
    seen = {n: sum(1 for s in scenes if present_in(n, SceneInfo(s["number"], s["heading"], s["content"])))
            for n in people}
    cast = sorted((n for n in people if seen[n]), key=lambda n: -seen[n])[:3]
    shared = [(w, n) for w, n in threads.most_common() if w not in names][:1]
    shared = [(w, n) for w, n in shared if n * 2 >= len(scenes) and n > 1]
    about = " and ".join([", ".join(cast[:-1]), cast[-1]] if len(cast) > 1 else cast) or "its scenes"
    thread = (f", around the {shared[0][0]} (it comes up in {shared[0][1]} of the {len(scenes)} scenes)"
              if shared else "")
    lines = []
    for scene in scenes[:_MAX_SCENES]:
        said = _central(action_sentences(data, scene["number"]), threads)
        lines.append(f"{scene['number']}. {scene['heading']}: {said}" if said else
                     f"{scene['number']}. {scene['heading']}")
    more = f"\n(and {len(scenes) - _MAX_SCENES} more scenes)" if len(scenes) > _MAX_SCENES else ""
    return f"Going by the scenes, it's about {about}{thread}. Scene by scene:\n" + "\n".join(lines) + more
