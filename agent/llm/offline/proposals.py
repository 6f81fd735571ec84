"""An idea offered and then asked for ("what if the market scene ended with Mara paying? Try it").

The idea is said as a hypothetical about a scene. With "try it" (or "give it a go") it is a request, spelled
out as the command it means: "in the market scene, have Mara pay at the end". Without it, or with "don't
change anything", it stays an idea (see ``musing``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.musing import HANDS_OFF
from agent.llm.offline.stage import ing_base

__all__ = ["tried_ideas"]

_TRY = re.compile(r"\W*\b(?:try\s+(?:it|that|this)(?:\s+out)?|give\s+(?:it|that)\s+a\s+(?:go|try|shot|whirl)|"
                  r"let'?s\s+(?:try|see|do)\s+(?:it|that)|go\s+for\s+it|have\s+a\s+go|do\s+it|try)\W*$", re.I)
_ATTEMPT = re.compile(r"\W*(?:(?:can|could)\s+you\s+)?(?:(?:make|have|take|give\s+it)\s+a\s+(?:first\s+|quick\s+)?"
                      r"(?:go|stab|pass|shot|try|crack|draft)(?:\s+at\s+(?:it|that|one))?|(?:and\s+)?(?:save|store|keep)\s+"
                      r"(?:it|that|this)(?:\s+(?:please|too|as\s+well))?)\W*", re.I)
"""A bare "have a go" or "and save it" after what is wanted: the want is the request (and saves)."""
_IDEA = re.compile(r"^\W*(?:(?:ok|okay|so|hmm+|right)[,.]?\s+)*(?:what\s+if|imagine\s+if|how\s+about\s+if|suppose)\s+"
                   r"(?P<idea>[^?!]+?)\s*[?.!,;:—–-]*\s*$", re.I)
_ENDS = re.compile(r"^(?P<ref>.+?)\s+(?P<edge>ended|ends|finished|closed|opened|opens|started|starts|began|begins)\s+"
                   r"(?:with|on)\s+(?P<what>.+)$", re.I)
_SETTING = re.compile(r"^(?P<ref>.+?)\s+(?:happened|happens|took\s+place|takes\s+place|was\s+set|were\s+set|"
                      r"played\s+out)\s+(?P<what>(?:in|during|at|under)\s+.+)$", re.I)


def _someone_doing(what: str, characters: Sequence[str]) -> str | None:
    """Return "have Mara pay the driver" for "Mara paying the driver" (a character doing something), else None."""
    names = "|".join(re.escape(n) for n in sorted(characters, key=len, reverse=True))
    found = re.match(rf"(?P<who>{names})\s+(?P<verb>[a-z]+ing)\b(?P<rest>.*)$", what, re.I) if names else None
    base = ing_base(found.group("verb")) if found else None
    if found is None or base is None:
        return None
    return f"have {found.group('who')} {base}{found.group('rest')}"


def tried_ideas(clauses: Sequence[str], characters: Sequence[str]) -> list[str]:
    """Return the steps with each idea asked to be tried spelled out as its command ("… ? Give it a go." is one)."""
    out: list[str] = []
    for clause in clauses:
        if out and _TRY.fullmatch(clause.strip()) and (joined := _tried_idea(f"{out[-1]} {clause}", characters)):
            out[-1] = joined
        elif out and _ATTEMPT.fullmatch(clause.strip()):
            continue  # "We could use a score, all strings. Take a stab at it?": the step is the want
        else:
            out.append(_tried_idea(clause, characters) or clause)
    return out


def _tried_idea(clause: str, characters: Sequence[str]) -> str | None:
    """Return the command an idea asked to be tried means, or None when the clause is not one.

    "what if the tram scene took place in a storm? try it" -> "in the tram scene, set it in a storm";
    "what if the final scene ended with Mara paying? give it a go" -> "in the final scene, have Mara pay at the end".
    """
    tried = _TRY.search(clause)
    if tried is None or HANDS_OFF.search(clause):
        return None
    idea = _IDEA.match(clause[:tried.start()])
    if idea is None:
        return None
    said = idea.group("idea").strip()
    edge = _ENDS.match(said)
    if edge:
        at = "the start" if re.match(r"open|start|began|begin", edge.group("edge"), re.I) else "the end"
        what = edge.group("what").strip()
        doing = _someone_doing(what, characters)
        return f"in {edge.group('ref')}, {doing or 'add ' + what} at {at}"
    setting = _SETTING.match(said)
    if setting:
        return f"in {setting.group('ref')}, set it {setting.group('what')}"
    return None
