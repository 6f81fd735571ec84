"""Tags said as a feeling about one line ("I adore the lighthouse line"), spelled out and carried out.

A film-maker rarely says "tag block 7 love": they say they love a line, or that a line stays whatever else
changes. ``spell_line_tag`` turns such a sentence into one plain step ("tag the line “lighthouse” as love");
``line_step`` decides the calls for it: the scene that has the line is looked up first when the step names
none, and a look-up that leaves two scenes equally likely is asked about, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.offline.conversation import Turn
from agent.llm.offline.toolspec import ToolSpec

__all__ = ["line_step", "spell_line_tag"]

_QUOTED = re.compile(r"[\"“‘']([^\"”’']{3,80})[\"”’']")
_LOVED = re.compile(r"^(?:i\s+)?(?:really\s+|just\s+|absolutely\s+)?(?:love|adore)\s+(?P<ref>.+)$", re.I)
_STAYS = re.compile(r"^(?P<ref>.+?)\s+(?:(?:is|'s|’s)\s+(?:perfect|spot\s+on|gold|great|lovely|beautiful|"
                    r"just\s+right)\b\s*[,;:—–-]*\s*(?:so\s+)?(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?:ever\s+)?"
                    r"(?:let\s+(?:it|that|anyone)\s+)?(?:change|touch|lose|cut|rewrite)|"
                    r"(?:stays|must\s+stay|has\s+to\s+stay|should\s+stay|stays\s+put|is\s+staying|survives)\b)", re.I)
_LINE_OF = re.compile(r"^(?:the|that|this|[\w'-]+(?:'s|’s))\s+line\s+(?:about|where|when|with|on)\s+(?P<w>.+)$", re.I)
_NAMED_LINE = re.compile(r"^(?:the|that|this|[\w'-]+(?:'s|’s))\s+(?P<w>(?:[\w'-]+\s+){0,3}?[\w'-]+)\s+line$", re.I)
_FLAG_IT = re.compile(r"\b(?:flag|tag|mark|label)\s+(?:it|this|that|this\s+one|that\s+one)\s+(?:for|as)\s+(?:a\s+)?"
                      r"(?P<tag>rewrite|keep|love|hate)\b", re.I)
_SCENE_N = re.compile(r"\bscene\s+(\d{1,3})\b", re.I)
_SPELLED = re.compile(r"^tag the line “(?P<words>[^”]+)”(?: in scene (?P<scene>\d+))? as (?P<tag>keep|love)$")
_FOUND = re.compile(r"^(?:Scene (?P<one>\d+)\. |Scenes that match, best first: (?P<best>\d+)\. )")


def _line_words(ref: str) -> str | None:
    """Return the words a line is named by: its quoted words, what it is about, or the words before "line"."""
    ref = re.sub(r"\s+(?:in|from)\s+scene\s+\d{1,3}\s*$", "", ref.strip(" .!,"), flags=re.I)
    quoted = _QUOTED.search(ref)
    if quoted:
        return quoted.group(1).strip()
    about = _LINE_OF.match(ref) or _NAMED_LINE.match(ref)
    if about is None:
        return None
    words = re.sub(r"^the\s+", "", about.group("w").strip(), flags=re.I)
    return words if words.lower() not in ("last", "first", "next", "other", "same", "whole") else None


def spell_line_tag(clause: str, turn: Turn) -> list[str]:
    """Spell a feeling about one line as a tag step ("tag the line “…” as love"); [] when it is not one.

    "scene 4 needs work - flag it for rewrite" tags scene 4, the scene the sentence named, with rewrite.
    """
    text = clause.strip().rstrip(".!")
    flagged = _FLAG_IT.search(text)
    scenes = set(_SCENE_N.findall(text[:flagged.start()])) if flagged else set()
    if flagged and len(scenes) == 1:
        return [f"tag scene {scenes.pop()} as {flagged.group('tag').lower()}"]
    if flagged:
        named = [r for r in turn.context.refs if r.status == "resolved" and r.scene is not None
                 and r.phrase.lower() in text[:flagged.start()].lower()]
        return [f"tag scene {named[0].scene} as {flagged.group('tag').lower()}"] if len(named) == 1 else []
    loved, stays = _LOVED.match(text), _STAYS.match(text)
    said = loved or stays
    if said is None or "?" in clause:
        return []
    ref = re.split(r"\s*[,;:—–]\s*|\s+-\s+", said.group("ref"))[0]
    words = _line_words(ref)
    if not words:
        return []
    scene = _SCENE_N.search(said.group("ref"))
    where = f" in scene {scene.group(1)}" if scene else ""
    return [f"tag the line “{words}”{where} as {'love' if loved else 'keep'}"]


def line_step(clause: str, turn: Turn, specs: Sequence[ToolSpec]) -> dict[str, Any] | None:
    """Decide the next call for a spelled line tag: find the scene that has the line, then tag that line."""
    spelled = _SPELLED.match(clause.strip())
    tools = {s.name: s for s in specs}
    tagger, finder = tools.get("tag_block"), tools.get("find_scene")
    if spelled is None or tagger is None:
        return None
    words, tag = spelled.group("words"), spelled.group("tag")
    if spelled.group("scene"):
        return {"tool": tagger, "args": {"scene_number": int(spelled.group("scene")), "tags": [tag], "quote": words}}
    looked = turn.prepared_now[-1] if turn.prepared_now else ""
    if not looked:
        if finder is None:
            return {"text": f"Which scene has the line “{words}”? Say e.g. 'scene 3'."}
        return {"tool": finder, "args": {"query": words}, "prep": True}
    found = _FOUND.match(looked)
    if found is None:  # two scenes fit equally, or none does: the look-up's own words ask
        return {"text": f"{looked} Which scene has the line “{words}”?"}
    scene = int(found.group("one") or found.group("best"))
    return {"tool": tagger, "args": {"scene_number": scene, "tags": [tag], "quote": words}}
