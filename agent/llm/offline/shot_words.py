"""The words a shot step is read in: the camera vocabulary, one change to a shot (``ShotAsk``), and a spelled step.

What reading one shot (``shots``), reading several at once (``shot_groups``) and deciding the call
(``shot_calls``) all share: the framings, angles, moves, lenses and lengths film-makers say, a clause tidied
of its short forms, the spelled-out step the cinematographer reads, and the scene the conversation is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.llm.offline.conversation import Turn
from agent.llm.offline.cues import correct_names
from agent.llm.offline.enums import variants
from agent.llm.offline.numbers import find_scenes
from agent.llm.offline.understand import recent_scene
from agent.resolver.numbers import SHORT_SCENE

__all__ = ["CAMERA", "FILLER", "LENS", "QUOTE", "SECONDS", "SPELLED", "ShotAsk", "camera_terms", "norm", "pick",
           "scene_of_talk", "spelled_where", "tidy"]

_CAMERA_TERMS = ("wider", "close up", "extreme close up", "medium close up", "medium", "medium wide", "wide",
                 "extreme wide",
                 "over the shoulder", "two shot", "insert", "overhead", "low angle", "high angle", "eye level", "dutch",
                 "static", "pan left", "pan right", "tilt up", "tilt down", "dolly in", "dolly out", "zoom in",
                 "zoom out", "tracking", "handheld")
"""The framings, angles and moves a shot card has, as film-makers name them (their synonyms come from enums).

"wider" is a step from the shot's framing; "tighter" is not read as one here (a tighter scene is a shorter one):
"closer" says it, as a close-up's word."""
_ALSO = {"low angle": ("low",), "high angle": ("high",), "overhead": ("birds eye",)}
"""Values whose own synonyms say a term too: "from the floor" is said for "low", the card's "low angle"."""


def _said_as(term: str) -> list[str]:
    return [v for said in (term, *_ALSO.get(term, ())) for v in variants(said)]


_ALIASES = sorted({v for term in _CAMERA_TERMS for v in _said_as(term)} - {"still", "ls", "ms", "track", "tracks",
                                                                            "follow", "following", "mix"},
                  key=len, reverse=True)
_TERM_OF = {v: t for t in reversed(_CAMERA_TERMS) for v in _said_as(t)}
CAMERA = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(v).replace(r"\ ", r"[\s-]+") for v in _ALIASES)
                    + r")(?![\w'])")
_NUMBER_WORD = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
SECONDS = re.compile(rf"\b(?:half\s+a\s+sec(?:ond)?|{_NUMBER_WORD}\s*(?:and\s+a\s+half\s+)?(?:s|secs?|seconds?)"
                     r"(?:\s+and\s+a\s+half)?)\b")
LENS = re.compile(r"\b\d{2,3}\s*mm\b(?:\s+(?:lens|prime))?|\b(?:on|with)\s+an?\s+\d{2,3}\b|"
                  r"\b\d{2,3}\s+(?:lens|prime)\b")
FILLER = frozenset("""
    make it its it's that this the a an shot one please pls go in into from with as slow slowly gentle gently quick
    quickly fast nice be should let's lets let us give turn set do to now instead and also too hold for same then put
    camera lens on angle move movement framing frame me can you could we want i i'd like use using try get have shoot
    really very little bit more here there maybe perhaps is are just thanks thank cheers ok okay rather so lovely good
    great would kind sort of yeah yes way keep leave stay whole up down him her them view at actually wait sorry
""".split())
"""Words around a camera direction that say nothing about the camera ("make it a slow pan left, please")."""
_ANGEL = re.compile(r"\b(low|high|dutch|canted|eye[\s-]level|odd|weird|different|camera|an?)\s+angel(s?)\b")
SPELLED = re.compile(r"^set the (?P<what>camera on|length of) (?:shot (?P<n>\d+)|the (?P<last>last) shot|the shot|"
                     r"every (?P<every>[a-z-]+)|(?:the (?P<among>[a-z-]+)s among )?shots (?P<list>\d+(?:, \d+)*)) "
                     r"of scene (?P<scene>\d+)(?: showing “(?P<showing>.*)”)?: (?P<how>.+)$")
"""A step on one shot ("shot 2 of scene 3"), or on several at once: "every shot", "every close-up" (the shots
framed so now), "shots 2, 3, 4", "the close-ups among shots 2, 3"."""
QUOTE = re.compile(r"(?<![\w])[\"'“‘](?:[^\"'“”‘’]|(?<=\w)['’](?=\w)){2,}?[\"'”’](?![\w])")


_FELT = re.compile(r"(?:,|;|—|–|\s-\s|\s)\s*(?:so\s+)?(?:(?:(?:it|that|they|the\s+\w+)\s+"
                   r"(?:should|would|will|must|needs?\s+to|has\s+to|can)\s+|so\s+(?:it|that|they)\s+|to\s+make\s+(?:it|them)\s+)"
                   r"(?:feel|feels|look|looks|seem|seems)\b|i\s+(?:want|need|'d\s+like)\s+(?:it|them)\s+(?!on\b|at\b|in\b)"
                   r"[a-z]+(?:\s+and\s+[a-z]+)?\s*$)[^.;:]*$")
"""A reason said after the camera ("..., it should feel nervy"): how the shot should feel, for no value of the card."""
_ALONG = re.compile(r"\b(?P<move>(?:move|moves|moving|crab|crabs|crabbing|truck|trucks|trucking)\s+sideways|"
                    r"sideways|crabbing|crab|trucking|tracking|dolly(?:ing)?\s+(?:along|beside))\s+(?:with|alongside|"
                    r"beside|next\s+to|after)\s+[^,;:.—–]+")
"""A sideways move and what it keeps pace with ("crab sideways with ida along the wall"): the move is what counts."""


@dataclass(frozen=True)
class ShotAsk:
    """One change to one shot: where it is and what it becomes."""

    scene: int
    number: int | None = None
    """The shot's number in its scene, -1 for the last, None when it is named by what it shows."""
    showing: str = ""
    terms: tuple[str, ...] = ()
    """Camera words as the vocabulary says them ("pan left", "low angle"); the tool's values are read from them."""
    lens: int | None = None
    seconds: float | None = None
    every: bool = False
    """Several shots at once: every shot of the scene, or those of ``numbers``; ``framing`` keeps those framed so."""
    numbers: tuple[int, ...] = ()
    framing: str = ""

    def where(self) -> str:
        """Say which shot this is, the way a spelled-out step names it."""
        if self.every or self.numbers:
            listed = f"shots {', '.join(map(str, self.numbers))}"
            pick = (f"the {self.framing}s among {listed}" if self.framing else listed) if self.numbers else \
                f"every {self.framing or 'shot'}"
            return f"{pick} of scene {self.scene}"
        if self.number == -1:
            return f"the last shot of scene {self.scene}"
        if self.number is not None:
            return f"shot {self.number} of scene {self.scene}"
        return f"the shot of scene {self.scene} showing “{self.showing}”"

    def spelled(self) -> str:
        """Return the step as the cinematographer reads it (one change, the shot named without pronouns)."""
        if self.seconds is not None:
            return f"set the length of {self.where()}: {self.seconds:g} seconds"
        how = [*self.terms, *([f"{self.lens}mm"] if self.lens else [])]
        return f"set the camera on {self.where()}: {', '.join(how)}"


def norm(text: str) -> str:
    """Fold a camera word to one spelling: lower case, single spaces for spaces and hyphens."""
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


def camera_terms(text: str) -> tuple[str, ...]:
    """Return the camera words a text says, as the vocabulary names them, once each and in order."""
    return tuple(dict.fromkeys(_TERM_OF.get(norm(m.group(0)), norm(m.group(0))) for m in CAMERA.finditer(text)))


def tidy(clause: str, characters: Sequence[str]) -> str:
    """Lower-case a clause with short forms spelled out ("sh3", "sc6", "low angel", "rubens")."""
    text = SHORT_SCENE.sub(r"scene \1", correct_names(clause.strip(), tuple(characters))).lower().replace("’", "'")
    text = re.sub(r"\bsh\.?\s?(\d+)\b", r"shot \1", text)
    text = re.sub(r"\bsc\.?\s?(\d+)\b", r"scene \1", text)
    text = _ANGEL.sub(r"\1 angle\2", text)
    for name in characters:  # "rubens line": a name with its apostrophe left off
        text = re.sub(rf"\b({re.escape(name.lower())})s\b", r"\1's", text)
    text = re.sub(r"^(?:(?:and|also|oh|ok|okay|right|now|then|so|hmm+|um+|er+|uh+|well|actually|wait|sorry|oops)"
                  r"[,\s]+|(?:no|nah|nope)[,!.]\s*)+", "", text)  # "hmm actually, ...": how it is said, not what
    text = _FELT.sub(lambda m: m.group(0) if CAMERA.search(m.group(0)) or SECONDS.search(m.group(0)) else "",
                     text)  # "..., it should feel nervy", "…, i want it jittery": why, not how the camera works
    # ("…, i want it handheld" says how)
    text = _ALONG.sub(r"\g<move>", text)  # "crab sideways with ida along the wall": the move, not who it follows
    return text.strip(" .!")


def pick(spelled: re.Match[str] | None) -> tuple[tuple[int, ...], str] | None:
    """Return the shots a spelled step picks (numbers, framing) when it is on several shots, else None."""
    if spelled is None or not (spelled.group("every") or spelled.group("list")):
        return None
    numbers = tuple(int(n) for n in re.findall(r"\d+", spelled.group("list") or ""))
    framing = spelled.group("among") or spelled.group("every") or ""
    return numbers, "" if framing == "shot" else framing


def spelled_where(spelled: re.Match[str]) -> tuple[int, int | None, str]:
    """Return (scene, shot number or None, what it shows) for the one shot a spelled step names."""
    number = -1 if spelled.group("last") else int(spelled.group("n")) if spelled.group("n") else None
    return int(spelled.group("scene")), number, spelled.group("showing") or ""


def scene_of_talk(turn: Turn, understood: Sequence[str]) -> int | None:
    """Return the scene the conversation is about: named by this message's earlier steps, else lately, else shown."""
    for step in reversed(understood):
        named = find_scenes(step)
        if named:
            return named[-1]
    recent = recent_scene(turn)
    if recent is not None:
        return recent
    target = turn.context.target_scene
    return target.number if target is not None else None
