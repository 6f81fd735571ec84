"""A film-maker thinking aloud ("what if ...? don't touch anything"): answered in words, nothing written."""

from __future__ import annotations

import re

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.names import match_names

__all__ = ["HANDS_OFF", "musing", "title_ideas"]

HANDS_OFF = re.compile(r"\b(?:don'?t|dont|do\s+not)\s+(?:change|touch|edit|write|add|do|make)\s+(?:anything|a\s+thing|"
                       r"it|that)\b(?!\s+(?:else|except|but|apart|yet|for\s+now\s+but))|"
                       r"\bhypothetically(?:\s+speaking)?\b", re.I)
"""Words that say a message is only an idea: nothing is to be written."""
_WONDERING = re.compile(r"\b(?:just|only)\s+(?:wondering|thinking|musing|curious|asking|brainstorming)\b|"
                        r"\b(?:thinking|wondering|musing)\s+(?:out\s+loud|aloud)\b", re.I)
"""Words that make an idea ("what if …") only an idea; on their own they are politeness ("just wondering, could
you …?" still asks)."""
_IDEA = re.compile(r"(?:^|[.?!]\s+|,\s*)(?:so\s+|hmm+,?\s+)?(?:what\s+if|imagine\s+if|imagine|suppose|say)\s+"
                   r"(?P<idea>[^?.!,;]+)", re.I)
_PLAIN = frozenset("the a an of in on at to and or with is are was were it its had has have having got get gets "
                   "would could should will be been being did does do she he they her his their him them we us our "
                   "you your i me my if instead also maybe really just there here this that then more less very "
                   "some any one".split())


_TITLE_ASKED = re.compile(r"\b(?:pitch|suggest|propose|come\s+up\s+with|think\s+(?:of|up)|brainstorm|ideas?\s+for|"
                          r"give\s+me|any|need)\s+(?:me\s+)?(?:an?\s+|some\s+|the\s+|a\s+few\s+)?(?:new\s+|better\s+|"
                          r"working\s+|good\s+|other\s+)?(?:titles?|names?\s+for\s+(?:the|this|our)\s+(?:film|movie|"
                          r"short|project))\b(?!\s+card)", re.I)
"""Title ideas asked for ("pitch me a title", "come up with a better name for the film"): words, not a write."""


def title_ideas(context: ProjectContext) -> str:
    """Offer draft titles made of what the film has (its things, places and people), changing nothing."""
    words = [*context.props[:2], *reversed(context.locations[-2:]), *context.characters[:1]]
    titled = [f"The {w.title()}" if w in context.props else w.title() for w in words]
    ideas = [t for t in dict.fromkeys(titled) if t.upper() != context.name.upper()]
    offered = "; ".join(ideas[:4]) or "none yet: the film has no named things or places to work from"
    kept = f" {context.name}" if context.name else ""
    return (f"Some draft title ideas from what the film has: {offered}. (Offline drafts: a connected model writes "
            f"better ones.) I haven't changed anything; the project keeps its name{kept}, and 'add a title card: …' "
            "puts one at the start of the cut.")


def musing(clause: str, context: ProjectContext) -> str | None:
    """Reply to an idea the film-maker only wonders about: nothing changed, what the script has now, how to try it.

    Returns None unless the message says it is only thinking aloud ("just wondering", "don't change anything"), or
    asks for title ideas (offered in words).
    """
    if _TITLE_ASKED.search(clause):
        return title_ideas(context)
    found = _IDEA.search(clause)
    if not (HANDS_OFF.search(clause) or (found and _WONDERING.search(clause))):
        return None
    idea = found.group("idea").strip() if found else ""
    said = f" (“{idea}”)" if idea else ""
    facts = _as_written(idea, context) if idea else ""
    return (f"Just an idea{said}, so I haven't changed anything.{facts} If you decide to try it, tell me what to "
            "change and where (for example which scene), and I'll write it in.")


def _as_written(idea: str, context: ProjectContext) -> str:
    """Say what the screenplay has now of the people and things an idea names (when every scene is at hand)."""
    scenes = [s for s in context.scenes if s.content]
    if not context.scene_count or len(scenes) < context.scene_count:
        return ""  # only part of the screenplay is at hand: say nothing about what it lacks
    who = match_names(idea, context.characters)
    named = {w for n in who for w in n.lower().split()}
    things = [w for w in re.findall(r"[a-z][a-z'-]+", idea.lower())
              if w not in _PLAIN and w not in named and len(w) > 2]
    out = []
    for name in who[:2]:
        inside = [str(s.number) for s in scenes if re.search(rf"\b{re.escape(name)}\b", s.content or "", re.I)]
        out.append(f"{name} is in scene{'s' if len(inside) != 1 else ''} {', '.join(inside)}" if inside else
                   f"{name} is in no scene yet")
    for word in things[:3]:
        stem = re.escape(word.removesuffix("s"))
        inside = [str(s.number) for s in scenes if re.search(rf"\b{stem}(?:s|es)?\b", s.content or "", re.I)]
        out.append(f"the screenplay mentions “{word}” in scene{'s' if len(inside) != 1 else ''} {', '.join(inside)}"
                   if inside else f"the screenplay never mentions “{word}”")
    return f" As written, {'; '.join(out)}." if out else ""
