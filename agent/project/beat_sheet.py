"""Draft an outline from the ideation: a 3- or 5-act beat sheet filled from the logline's parts.

The draft is a scaffold the writer revises (a real model usually writes its own beats); it reads
the protagonist, goal and obstacle out of the logline with plain patterns and says "the hero" etc.
where the logline does not give them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.project.errors import InvalidInputError
from agent.project.outline import ACT_COUNTS, BeatSpec

__all__ = ["LoglineParts", "read_logline", "draft_beats"]

_GOAL = re.compile(r"\b(?:must|wants? to|tries to|sets out to|has to|needs? to|sets? out to|fights? to|decides? to)\s+"
                   r"(?P<goal>.+?)(?=\s+(?:before|but|while|despite|even though|or else|or)\b|[,.;]|$)", re.I)
_OBSTACLE = re.compile(r"\b(?:before|but|while|despite|even though|or else)\s+(?P<obstacle>.+?)(?=[.;]|$)", re.I)
_SUBJECT_END = re.compile(r"\s+(?:must|wants?|tries|sets? out|has to|needs?|fights?|decides?|who|when|after|finds?|"
                          r"discovers?|learns?)\b|,", re.I)


@dataclass(frozen=True)
class LoglineParts:
    """What a logline says: who, what they want, what stands in the way."""

    hero: str
    goal: str
    obstacle: str


def read_logline(logline: str, cast: Sequence[str] = ()) -> LoglineParts:
    """Split a logline into hero, goal and obstacle (generic words where it does not say)."""
    text = " ".join(logline.split()).rstrip(".")
    named = [c for c in cast if re.search(rf"\b{re.escape(c)}\b", text, re.I)]
    end = _SUBJECT_END.search(text)
    subject = text[: end.start()].strip() if end else ""
    hero = named[0].title() if named else (subject if 0 < len(subject.split()) <= 8 else "the hero")
    goal = _GOAL.search(text)
    obstacle = _OBSTACLE.search(text)
    return LoglineParts(
        hero=hero[:1].lower() + hero[1:] if hero.lower().startswith(("a ", "an ", "the ")) else hero,
        goal=goal["goal"].strip() if goal else "get what they want",
        obstacle=obstacle["obstacle"].strip() if obstacle else "everything stands in the way",
    )


_THREE = (
    (1, "Setup", "We meet {hero} in an ordinary day; the {register} tone is set and we see what {hero} lacks."),
    (1, "Inciting incident", "Something breaks the routine and sets {hero} on the road: {hero} must {goal}."),
    (2, "Rising complications", "Each try to {goal} costs more, and the pressure grows: {obstacle}."),
    (2, "Midpoint", "A discovery turns the story: {hero} sees what is really at stake."),
    (2, "Crisis", "All seems lost, and {hero} has to choose what matters most."),
    (3, "Climax", "{Hero} makes the last, all-in attempt to {goal}, with everything learned so far."),
    (3, "Resolution", "The new normal: what {hero} kept, what it cost, the last image."),
)
_FIVE = (
    (1, "Exposition", "We meet {hero} and the world of the story; the {register} tone is set."),
    (1, "Inciting incident", "The call: {hero} must {goal}."),
    (2, "Rising action", "{Hero} pushes on, and the pressure grows: {obstacle}."),
    (3, "Climax", "The turning point: {hero} commits, and there is no way back."),
    (4, "Falling action", "The consequences land, and {hero} pays for the choice."),
    (5, "Denouement", "The knot comes undone: {hero} ends changed, and we see how."),
)


def _and(tags: str) -> str:
    """Return "tender and wry" for the stored tag list "tender, wry"."""
    words = [w.strip() for w in tags.split(",") if w.strip()]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def draft_beats(*, logline: str, premise: str = "", genre: str = "", tone: str = "", acts: int = 3,
                cast: Sequence[str] = ()) -> list[BeatSpec]:
    """Return a 3- or 5-act beat sheet for the logline (premise, genre and tone colour it).

    Raises:
        InvalidInputError: there is no logline (or premise) to build from, or ``acts`` is not 3 or 5.
    """
    source = logline.strip() or premise.strip()
    if not source:
        raise InvalidInputError("there is no logline yet: set one first, then the outline can be built from it")
    if acts not in ACT_COUNTS:
        raise InvalidInputError(f"an outline has 3 or 5 acts, not {acts}")
    parts = read_logline(source, cast)
    register = " ".join(w for w in (_and(tone), _and(genre)) if w) or "story's"
    values = {"hero": parts.hero, "Hero": parts.hero[:1].upper() + parts.hero[1:], "goal": parts.goal,
              "obstacle": parts.obstacle, "register": register}
    sheet = _THREE if acts == 3 else _FIVE
    return [BeatSpec(title, text.format(**values), act) for act, title, text in sheet]
