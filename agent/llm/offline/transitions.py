"""Transitions on the timeline said the way editors say them, spelled out as a request the editor's tool reads.

"go out on black" is a fade-out on the closing clip, "come up from black" a fade-in on clip 1, "a soft mix from the
harbour to the kitchen" a crossfade into the kitchen scene's first clip, and "no, a straight cut there" a cut
where the transition just set was. A scene named by its place is looked for among the scenes the conversation
broke into shots and laid on the timeline (their breakdown names each one's location), then as the graph read the
request's scene descriptions; a place that fits none, or more than one, is left as said, for the editor to ask about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.llm.offline.conversation import Turn
from agent.llm.offline.speech import speech_act

__all__ = ["AFTER_SCENE", "following_scene", "spell_transition", "spell_transitions", "where_to_ask"]

_BLACK_END = re.compile(r"\b(?:end|ending|finish|finishing|close|closing|go(?:ing)?\s+out|out)\s+(?:on|in|with|to|into)"
                        r"\s+(?:a\s+)?black\b|\bfade\s+(?:it\s+|us\s+)?(?:out|down|away|to\s+black)\b|"
                        r"\b(?:fade|dip|cut|go)\s+to\s+black\b")
_BLACK_START = re.compile(r"\b(?:open|opening|start|starting|begin|beginning|come|coming)\s+(?:up\s+)?"
                          r"(?:on|from|in|with|out\s+of)\s+(?:a\s+)?black\b|\bfade\s+(?:it\s+|us\s+)?(?:in|up)\b")
_CUT = re.compile(r"\b(?:hard|straight|clean|plain|simple|direct|normal)\s+cut\b|\bjust\s+(?:a\s+)?cut\b|"
                  r"\bno\s+(?:transition|fade|dissolve|crossfade|mix)\b")
_MIX = re.compile(r"\b(?:cross-?\s?fade|x-?fade|(?:cross\s+)?dissolve|mix|blend|fade)\w*\b")
_NUMBERED = re.compile(r"\b(?:into|before|going\s+into|at\s+the\s+start\s+of)\s+scene\s+\d{1,3}\b|"
                       r"\bbetween\s+(?:clips?\s+|scenes?\s+)?\d{1,3}\s+(?:and|&)\s+(?:clip\s+|scene\s+)?\d{1,3}\b|"
                       r"\b(?:clip|position)\s*\d{1,3}\b")
"""A target the editor's tool reads as said: "into scene 4", "between 2 and 3", "clip 7"."""
_PLACING = re.compile(r"^(?:please\s+)?(?:put|add|throw|stick|drop|pop|place|slip)\s+(?:in\s+)?(?=an?\s)")
AFTER_SCENE = re.compile(r"\b(?:after|following|(?:coming\s+)?out\s+of|at\s+the\s+end\s+of)\s+scene\s+(\d{1,3})\b",
                         re.I)
"""A transition placed after a scene by number: it leads into the next one."""
_PLACES = re.compile(r"\b(?:from|out\s+of)\s+(?P<a>.+?)\s+(?:in)?to\s+(?P<b>.+)$|"
                     r"\bbetween\s+(?P<a2>.+?)\s+(?:and|&)\s+(?P<b2>.+)$|"
                     r"\b(?:into|going\s+into|before|as\s+we\s+(?:go|move|get)\s+(?:in)?to)\s+(?P<b3>.+)$|"
                     r"\b(?:after|following|(?:coming\s+)?out\s+of|at\s+the\s+end\s+of)\s+(?P<a3>.+)$|"
                     r"\bwhere\s+(?P<a4>.+?)\s+(?:ends|finishes|stops)\b")
_POINTING = re.compile(r"\b(?:there|instead|that\s+one|same\s+place|rather)\b|^(?:no|nah|actually|hmm|wait|sorry|"
                       r"oops|or)\b|^(?:make|change|turn|switch)\s+(?:that|it)\b")
_NOT_A_TRANSITION = re.compile(
    r"\bshots?\s+\d|\b(?:music|sound|audio|volume|score|song|light|lights|lighting|colou?rs?|grade|voice)\b|"
    r"^(?:please\s+)?(?:rewrite|write|add(?!\s+(?:an?\s+)?(?:[a-z]+\s+)?(?:cross-?\s?fade|x-?fade|dissolve|mix|fade|dip)\b)|"
    r"generate|regenerate|render|export|describe|tag|note|give|make\s+(?:him|her|them))\b")
"""A fade of the music or the light, a rewrite that ends on a fade, a shot's own change: no timeline transition."""
_SET = re.compile(r"(?:Scene (?P<scene>\d+) \(clip (?P<at>\d+)\)|Clip (?P<clip>\d+)) now starts with a")
_BROKE = re.compile(r"^Broke scene (?P<scene>\d+) into \d+ shots?: .*?Establishing: (?P<place>[^;.]+)")
_FILLER = frozenset("the a an that this scene scenes one bit shot shots over on in at please slowly slow soft "
                    "gently gentle nice quick long".split())
_SPELLED = {"cut": "hard cut", "crossfade": "crossfade", "fade-in": "fade in", "fade-out": "fade out"}


_AND_THEN = re.compile(r"\s*(?:,\s*|;\s*|\s+)(?:and|then|and\s+then|plus)\s+|\s*;\s*", re.I)


def spell_transitions(clause: str, turn: Turn) -> list[str]:
    """Spell each transition a clause asks for: "make that a hard cut, and a dissolve into clip 6" is two.

    The clause is split only where each side asks for a transition of its own; [] when it asks for none.
    """
    parts = _AND_THEN.split(clause.strip())
    if len(parts) > 1 and all(_kind(p.lower()) is not None for p in parts):
        spelled = [spell_transition(p, turn) for p in parts]
        if all(spelled):
            return [s for s in spelled if s]
    one = spell_transition(clause, turn)
    return [one] if one is not None else []


def spell_transition(clause: str, turn: Turn) -> str | None:
    """Spell a transition said in an editor's words as one the tool reads ("crossfade into scene 4"); else None."""
    text = re.sub(r"\s+", " ", clause.lower().replace("’", "'")).strip(" .!")
    text = re.sub(r"^(?:and|also|then|so|ok|okay|right)[,\s]+", "", text)
    kind = _kind(text)
    if kind is None or speech_act(clause) != "command" or _NOT_A_TRANSITION.search(text):
        return None
    if AFTER_SCENE.search(text):  # "put a dissolve after scene 3": a transition, never a scene moved; the
        # editor's tool reads where it goes ("into" the next scene, or "out of" this one)
        placed = _PLACING.sub("", text, count=1)
        return placed if placed != text else None
    numbered = _NUMBERED.search(text)
    if numbered:
        return f"{_SPELLED[kind]} {numbered.group(0)}"
    if re.search(r"\bscenes?\s+\d", text):
        return None  # "end scene 4 on black" may be the screenplay's own ending: left as said
    into = _place_target(text, turn) or _between_those(text, turn)
    if into is not None:
        return f"{_SPELLED[kind]} into scene {into}"
    places = _PLACES.search(text)
    ended = places and (places.group("a3") or places.group("a4"))
    if ended:  # "after the ferry ride" with no scene after it on the timeline: still a transition, asked about
        return f"{_SPELLED[kind]} after {ended}"
    if places:
        return None  # "into the kitchen" that fits no scene on the timeline, or several: the editor asks
    if kind == "fade-out" and _BLACK_END.search(text):
        return "a fade-out on the closing clip"
    if kind == "fade-in" and _BLACK_START.search(text):
        return "fade in at clip 1"
    return _where_set(kind, text, turn)


def _kind(text: str) -> str | None:
    """Return the transition a text asks for (the tool's value), or None when it asks for none."""
    if _BLACK_END.search(text):
        return "fade-out"
    if _BLACK_START.search(text):
        return "fade-in"
    if _CUT.search(text):
        return "cut"
    if _MIX.search(text):
        return "crossfade"
    return None


def _place_target(text: str, turn: Turn) -> int | None:
    """Return the scene a transition leads into when it names scenes by place ("from the pier to the café")."""
    places = _PLACES.search(text)
    if places is None:
        return None
    before = places.group("a") or places.group("a2")
    after = places.group("b") or places.group("b2") or places.group("b3")
    laid = _laid_out(turn.history)
    ended = places.group("a3") or places.group("a4")
    if ended:  # "a dissolve after the ferry ride", "where the ferry scene ends": into the scene that follows it
        start = _scenes_at(ended, laid) or _scenes_said(ended, turn)
        return _following(start[0], turn) if len(start) == 1 else None
    into = _scenes_at(after, laid) or _scenes_said(after, turn)
    if before is None:
        return into[0] if len(into) == 1 else None
    start = _scenes_at(before, laid) or _scenes_said(before, turn)
    if len(start) != 1:
        return into[0] if len(into) == 1 else None
    follows = [n for n in into if n > start[0]]  # the timeline runs in scene order: the next scene of that place
    if places.group("a2") and not follows:
        follows = [start[0]] if any(n < start[0] for n in into) else []  # "between A and B" said either way round
    return min(follows) if follows else None


_THOSE_TWO = re.compile(r"\bbetween\s+(?:them|those|these|the\s+two|both|the\s+pair)"
                        r"(?:\s+(?P<words>(?:[a-z'-]+\s+){0,2}?)(?:scenes|ones))?\b")


def _between_those(text: str, turn: Turn) -> int | None:
    """Return the later of the two scenes laid on the timeline that "between them" means, else None."""
    said = _THOSE_TWO.search(text)
    if said is None:
        return None
    words = (said.group("words") or "").strip()
    laid = _laid_out(turn.history)  # "those": the two the conversation laid, before all the timeline holds
    two = _scenes_at(words, laid) if words else sorted(laid) or list(turn.context.timeline)
    return max(two) if len(two) == 2 else None


def _on_timeline(turn: Turn) -> list[int]:
    """Return the scenes on the timeline, in order: as the project says, else as the conversation laid them."""
    return list(turn.context.timeline) or sorted(_laid_out(turn.history))


def _following(scene: int, turn: Turn) -> int | None:
    """Return the scene after this one on the timeline: the next laid there when only some are, else the next."""
    return following_scene(scene, _on_timeline(turn), turn.context.scene_count)


def following_scene(scene: int, laid: Sequence[int], count: int | None) -> int | None:
    """Return the scene a transition after ``scene`` leads into: the next one on the timeline, else None."""
    if laid:
        later = [n for n in laid if n > scene]
        return min(later) if later else None
    return scene + 1 if scene < (count or 0) else None


def where_to_ask(kind: str, turn: Turn) -> str:
    """Ask which scene a transition leads into, naming the scenes the conversation laid on the timeline."""
    laid = _on_timeline(turn)
    shown = f" The timeline has scene{'s' if len(laid) > 1 else ''} {', '.join(map(str, laid))}." if laid else ""
    example = laid[1] if len(laid) > 1 else 2  # a transition leads into any laid scene but the earliest
    return (f"Which scene should the {_SPELLED.get(kind, kind)} lead into?{shown} Say e.g. "
            f"'{_SPELLED.get(kind, kind)} into scene {example}'. Nothing changed.")


def _laid_out(history: Sequence[str]) -> dict[int, str]:
    """Return the scenes the conversation broke into shots before the timeline was last assembled, with their place."""
    said = [t for t in history if t.strip()]
    assembled = max((i for i, t in enumerate(said) if t.startswith("Assembled ")), default=-1)
    laid: dict[int, str] = {}
    for text in said[:assembled]:
        broke = _BROKE.match(text)
        if broke:
            laid[int(broke.group("scene"))] = broke.group("place").strip().lower()
    return laid


def _scenes_at(description: str, laid: dict[int, str]) -> list[int]:
    """Return the laid-out scenes whose place every word of a description names ("the office", "the bus one")."""
    words = [w for w in re.findall(r"[a-z][a-z'-]*", description) if w not in _FILLER]
    if not words or len(words) > 3:
        return []
    return sorted(n for n, place in laid.items()
                  if all(any(p.startswith(w.rstrip("s")) for p in place.split()) for w in words))


def _scenes_said(description: str, turn: Turn) -> list[int]:
    """Return the scenes the graph's reading of the request gives a description ("the claim scene"), best first."""
    for ref in turn.context.refs:
        if ref.phrase and ref.phrase.lower() in description:
            if ref.status == "resolved" and ref.scene is not None:
                return [ref.scene]
            return sorted(ref.option_numbers) if ref.status == "ambiguous" else []
    return []


def _where_set(kind: str, text: str, turn: Turn) -> str | None:
    """Return the transition set again where the last one was ("no, a straight cut there"), else None."""
    if not _POINTING.search(text) and len(text.split()) > 4:
        return None
    said = [t for t in turn.history if t.strip()][-6:]
    found = [m for t in said for m in _SET.finditer(t)]
    if not found:
        return None
    last = found[-1]
    if last.group("scene"):
        return f"{_SPELLED[kind]} into scene {last.group('scene')}"
    return f"{_SPELLED[kind]} at clip {last.group('clip')}"
