"""Context building: the model sees what a request needs (target scene, neighbours, cast in it, look).

Never the whole screenplay: the prompt for a targeted edit does not grow with the length of the film.
The block format is parsed by the offline director (agent/llm/offline/context.py documents it).
"""

from __future__ import annotations

import re
from html import escape

from sqlalchemy import select

from agent.project import Project
from agent.project.schema import ArtDirection, Character, Location, ProjectRow, Prop, Scene
from agent.project.views import active_scene_headings

__all__ = ["build_context", "target_scene_numbers"]

_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1
    )
}
_SCENE_NUM = re.compile(r"\b(?:scenes?|sc\.?)\s*#?(\d+)(?:\s*(?:-|to|and|through)\s*(\d+))?", re.I)
_WORDS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split(), start=1)}  # fmt: skip
_WORD_SCENE = re.compile(r"\bscene\s+(" + "|".join(_WORDS) + r")\b", re.I)
_ORD_SCENE = re.compile(r"\b(" + "|".join(_ORDINALS) + r"|last|final|opening)\s+scene\b", re.I)
_MAX_BODY = 12_000
_MAX_NAMES = 24


def target_scene_numbers(text: str, scene_count: int) -> list[int]:
    """Return the scene numbers a request talks about, in order of mention."""
    found: list[int] = []
    for m in _SCENE_NUM.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        found.extend(range(first, min(last, first + 3) + 1))
    found.extend(_WORDS[m.group(1).lower()] for m in _WORD_SCENE.finditer(text))
    for m in _ORD_SCENE.finditer(text):
        word = m.group(1).lower()
        found.append(scene_count if word in ("last", "final") else 1 if word == "opening" else _ORDINALS[word])
    return list(dict.fromkeys(n for n in found if 1 <= n <= scene_count))


def _relevant(names: list[str], request: str, scene_text: str) -> list[str]:
    """Return the names a request needs: those it or its target scenes mention, else the first few.

    The full cast of a feature would make every prompt grow with the film; a request that names
    nobody gets the first ``_MAX_NAMES`` so "add her to the cast" style requests still have context.
    """
    asked = request.upper()
    picked = [n for n in names if n in asked or n in scene_text]
    return picked or names[:_MAX_NAMES]


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def build_context(project: Project, request: str, *, next_hint: str | None = None, full: bool = True) -> str:
    """Return the context block for one request (``full=False``: names and counts only, for routing)."""
    with project.read() as s:
        row = s.get(ProjectRow, 1)
        scenes = active_scene_headings(s)
        chars = list(s.scalars(select(Character).order_by(Character.id)))
        locs = list(s.scalars(select(Location.name).order_by(Location.id)))
        props = list(s.scalars(select(Prop.name).order_by(Prop.id)))
        art = s.get(ArtDirection, 1)
        targets = target_scene_numbers(request, len(scenes)) if full else []
        bodies = {
            sc.id: sc for sc in s.scalars(select(Scene).where(Scene.id.in_([scenes[n - 1][0] for n in targets[:3]])))
        }
        in_targets = " ".join(bodies[scenes[n - 1][0]].content.upper() for n in targets[:3])
        out = [
            f'<project name="{_attr(row.name if row else "")}" phase="{_attr(row.phase if row else "story")}" '
            f'scene_count="{len(scenes)}"/>',
            f'<names characters="{_attr("; ".join(_relevant([c.name for c in chars], request, in_targets)))}" '
            f'locations="{_attr("; ".join(_relevant(locs, request, in_targets)))}" '
            f'props="{_attr("; ".join(_relevant(props, request, in_targets)))}"/>',
        ]
        for n in targets[:3]:
            sc = bodies[scenes[n - 1][0]]
            body = escape(sc.content[:_MAX_BODY], quote=False)
            out.append(f'<scene number="{n}" version="{sc.version}" heading="{_attr(sc.heading)}" target="true">\n'
                       f"{body}\n</scene>")  # fmt: skip
            for near in (n - 1, n + 1):
                if 1 <= near <= len(scenes) and near not in targets:
                    out.append(f'<neighbour number="{near}" heading="{_attr(scenes[near - 1][1])}"/>')
            text = sc.content.upper()
            for c in chars:
                if c.name in text:
                    out.append(f'<character name="{_attr(c.name)}">{escape(c.description[:600])}</character>')
        if full and art is not None and (art.style or art.palette):
            out.append(f'<art_direction style="{_attr(art.style[:300])}" palette="{_attr("; ".join(art.palette))}"/>')
    if next_hint:
        out.append(f"<next>{escape(next_hint)}</next>")
    return "\n".join(out)
